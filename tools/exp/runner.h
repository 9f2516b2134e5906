/* runner.h -- one experiment as the command line runs it: the seed and
 * replication count from the options, the results store (resume, then
 * write each replication as it finishes), and the progress bar. */
#ifndef FLOWSIM_RUNNER_H
#define FLOWSIM_RUNNER_H

#include <stdint.h>
#include "experiment.h"
#include "interrupt.h"

#define EXIT_TARGET_MISSED 1
#define EXIT_BAD_INPUT 2
#define EXIT_RUN_FAILED 3
#define EXIT_IO 4
#define EXIT_PRECISION_MISSED 5 /* --precision not reached by
                                   --max-replications (output written) */

typedef struct run_options {
    long replications;        /* 0: the scenario's */
    int threads;              /* 0: one per core */
    int has_seed;
    uint64_t seed;
    const char *store;        /* results store path, or NULL for none */
    int series;               /* store daily series too */
    int quiet;                /* no progress bar, no notes */
    double precision;         /* > 0: add replications until every
                                 headline KPI's 95% CI half-width is
                                 within this share of its mean */
    long max_replications;    /* the most --precision may use */
    const char *precision_kpis; /* --kpis: the KPIs that must be precise
                                   (headline.h patterns); NULL: the
                                   headline KPIs */
    int *precision_missed;    /* set to 1 when an experiment stops short
                                 of --precision (may be NULL) */
    interrupt *stop;          /* Ctrl-C / SIGTERM watcher, or NULL */
    /* The study this run belongs to (see store.h): kind "run", "compare"
     * or "sweep"; position in it; label and parameters of this member.
     * position 0 starts a new study, later ones join the last started. */
    const char *study_kind, *label, *params;
    const char *study_name;   /* the study's name (a sweep's own); NULL:
                                 the scenario's */
    int position;
    long shard_k, shard_n;    /* --shard K/N: only replications r with
                                 r % N == K run (shard_n 0: all) */
    const experiment_executor *executor; /* the MPI ranks, or NULL: this
                                            process's threads */
} run_options;

/* A batch of experiments run together (a compare's scenarios, a sweep's
 * points): their replications share the threads (or the MPI ranks), and
 * the next experiment's start as soon as a thread has nothing left of the
 * earlier ones (sched.h), so a slow experiment does not hold the rest.
 * Each experiment has its own store connection, resume, --precision
 * rounds and study record, exactly as runner_run gives one alone. */
typedef struct runner_batch {
    const char *label;        /* the progress bar's */
    size_t n;                 /* experiments */
    /* Experiment i, called in order 0, 1, ... as its turn comes (a sweep
     * loads each point only then).  Sets *sc, *canonical and what differs
     * in *o (it comes filled with the batch's options).  The caller keeps
     * sc and canonical until result(i), or the end of the batch.
     * Returns 0 or an exit status (the batch then stops). */
    int (*item)(void *ud, size_t i, scenario **sc, const char **canonical,
                run_options *o);
    /* Experiment i completed: takes e (experiment_free it, or keep it).
     * Called in any order.  Returns 0 or an exit status. */
    int (*result)(void *ud, size_t i, experiment *e);
    void *ud;
} runner_batch;

/* Runs the batch with the options o.  Returns 0 when every experiment
 * completed, else the exit status of the first failure (its reason
 * printed on stderr; experiments not completed get no result()).  From
 * its start a signal lets the running replications finish (o->stop:
 * interrupt_keep). */
int runner_run_batch(const run_options *o, const runner_batch *b);

/* Runs sc into e (a batch of one).  canonical is the scenario's canonical
 * text (its identity in the store).  Returns 0, or an exit status
 * (EXIT_RUN_FAILED, EXIT_IO, or 128 + the signal when interrupted:
 * interrupt.h) after printing the reason on stderr; e is then freed. */
int runner_run(const run_options *o, scenario *sc, const char *canonical,
               experiment *e);

#endif
