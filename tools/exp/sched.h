/* sched.h -- the replications of many experiments, handed out as tasks.
 *
 * A batch is a stream of experiments from a source (experiment_source,
 * experiment.h).  The scheduler keeps the open ones, oldest first, and
 * hands out their replications in that order: experiment 1's that have
 * not run, then experiment 2's, and so on.  It opens the next experiment
 * as soon as the open ones have no task left to hand out, so a worker
 * never waits while any experiment still has work: a slow experiment (or
 * the last replications of one) does not hold the rest.  An experiment
 * closes when every replication handed out has come back; the source's
 * done() then takes its results.
 *
 * Results depend only on (experiment, replication index), never on who
 * ran a task or when, so any executor gives identical results.
 *
 * Not thread-safe: the threaded executor (experiment.c) calls it under
 * its lock, the MPI master (tools/mpi) from its main thread.  Every
 * callback of the source and of the hooks runs inside these calls.
 */
#ifndef FLOWSIM_SCHED_H
#define FLOWSIM_SCHED_H

#include "experiment.h"

/* An open experiment. */
typedef struct sched_exp {
    struct sched_exp *next;
    experiment_job job;
    experiment e;
    long seq;               /* its number (unique in this process) */
    size_t nk, nd;          /* KPI and daily values per replication */
    long *todo;             /* replications to run, in order */
    long n, given, out;     /* tasks, handed out, out and not back */
    int failed;             /* a replication stopped: hand out no more */
    char err[512];
    void *aux;              /* the executor's own (MPI: its xctx) */
} sched_exp;

typedef struct sched {
    const experiment_source *src;
    sched_exp *head, *tail; /* open experiments, oldest first */
    long *seq;              /* the process's experiment counter */
    long ready;             /* tasks of open experiments not handed out */
    int stopping;           /* a hook or done() asked to stop */
    int settling;           /* inside sched_settle (sched.c) */
    int failed;             /* some experiment failed, or the source */
    char err[512];          /* the first failure */
    /* The executor's callbacks (optional): an experiment opened (before
     * any of its tasks is handed out; returns 0, or -1 to fail it) and
     * closed (after done(); none of its tasks is still out). */
    int (*on_open)(void *ud, sched_exp *x);
    void (*on_close)(void *ud, sched_exp *x);
    void *ud;
} sched;

/* Starts an empty batch of src; seq numbers the experiments (it is
 * incremented for each). */
void sched_init(sched *s, const experiment_source *src, long *seq);

/* The next task: returns 1 with *x and *r, or 0 when none can be handed
 * out now (every open experiment's tasks are out and the source has no
 * more for now, or the batch is stopping). */
int sched_take(sched *s, sched_exp **x, long *r);

/* Opens experiments until at least want tasks are ready to hand out (or
 * the source has no more for now); returns how many are ready. */
long sched_fill(sched *s, long want);

/* Task r of x came back.  values (x->nk of them, may be x's own row),
 * info and daily (x->nd values, or NULL) are its results.  Calls the
 * finished hook, and closes x when it was its last task out. */
void sched_finish(sched *s, sched_exp *x, long r, const run_info *info,
                  const double *values, const double *daily);

/* Task r of x came back without running (an executor dropped it when
 * stopping): x can no longer complete. */
void sched_drop(sched *s, sched_exp *x, long r);

/* No more tasks: the open experiments close as their tasks come back. */
void sched_stop(sched *s);

/* The open experiment numbered seq, or NULL. */
sched_exp *sched_find(const sched *s, long seq);

/* 1 when the batch is over: nothing open, and the source has no more (or
 * the batch is stopping).  May open an experiment (the source may have
 * queued one in done()). */
int sched_over(sched *s);

/* Ends the batch: closes whatever is still open as failed (its tasks
 * must not be running), then returns 0 when every experiment completed
 * and the source never failed, else -1 with the first failure in err. */
int sched_end(sched *s, char *err, size_t errlen);

#endif
