/* cluster_int.h -- what the MPI side of the cluster (cluster.h) shares
 * between its files; built only with MPI.
 *
 * cluster.c starts MPI and hands each rank its part: rank 0 runs the
 * command and hands out the tasks (cluster_master.c), the other ranks
 * serve them (cluster_worker.c).  Every rank runs its tasks on its own
 * threads (cluster_pool.c), and the ranks talk by the messages of
 * cluster_msg.c.
 */
#ifndef FLOWSIM_CLUSTER_INT_H
#define FLOWSIM_CLUSTER_INT_H

#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "cluster.h"

/* ---- messages between the ranks (cluster_msg.c) ---- */

enum {
    TAG_EXP = 1, /* rank 0 -> worker: exp_msg + canonical text */
    TAG_TASK,    /* rank 0 -> worker: task_msg */
    TAG_STOP,    /* rank 0 -> worker: the command is over */
    TAG_READY,   /* worker -> rank 0: ready_msg, one free slot */
    TAG_RESULT,  /* worker -> rank 0: result_hdr + values + daily */
    TAG_FAIL,    /* worker -> rank 0: a message (NUL-terminated) */
    TAG_BYE,     /* worker -> rank 0: stopped, nothing more will come */
    TAG_END      /* rank 0 -> worker: end_msg, an experiment is closed */
};

typedef struct exp_msg {
    int64_t seq;        /* experiment number of this job */
    uint64_t seed;
    int64_t reps;
    int64_t nk, nd;     /* KPI values, daily values per replication */
    int32_t threads;    /* --threads, 0: the worker's cores */
    int32_t pad;
} exp_msg;              /* then the canonical text, NUL-terminated */

typedef struct task_msg {
    int64_t seq, r;
} task_msg;

typedef struct end_msg {
    int64_t seq;
} end_msg;

typedef struct ready_msg {
    int32_t prefetch;   /* 1: the rank's threads are all busy already */
} ready_msg;

typedef struct result_hdr {
    int64_t seq, r;
    run_info info;
} result_hdr;           /* then nk KPI values and nd daily values */

static_assert(sizeof(result_hdr) % sizeof(double) == 0,
              "values follow the header aligned");

/* ---- sends in flight: every send is non-blocking, so that two ranks
 * sending large messages to each other never wait on each other. ---- */

typedef struct pending {
    MPI_Request req;
    void *buf;
} pending;

typedef struct sendq {
    pending *v;
    size_t n, cap;
} sendq;

/* Sends len bytes of buf (malloc'd; freed once sent).  Returns 0 or -1. */
int msg_post(sendq *q, int dest, int tag, void *buf, size_t len);
/* Frees the sends that completed. */
void msg_progress(sendq *q);
/* Waits for every send in flight, then empties q. */
void msg_flush(sendq *q);
/* A small copy of data as a malloc'd message. */
void *msg_dup(const void *data, size_t len);
/* Receives the message st announced into a malloc'd buffer. */
void *msg_recv(const MPI_Status *st, int *len);

/* Waiting without a busy loop: 10 us doubling to BACKOFF_MAX_NS while
 * idle.  At most that latency is added to a round trip, and an idle rank
 * wakes 1e9 / BACKOFF_MAX_NS times a second (a few per cent of a core). */
#ifndef BACKOFF_MAX_NS
#define BACKOFF_MAX_NS 200000
#endif
typedef struct backoff {
    long ns;
} backoff;

/* Resets b after progress, else sleeps b's next step. */
void msg_idle(backoff *b, int progress);

/* ---- a rank's own threads: a queue of tasks in, results out
 * (cluster_pool.c) ---- */

typedef struct xctx {
    long seq;
    const scenario *sc;
    const kpi_list *kpis;
    const series_list *series;  /* NULL: no daily values */
    size_t nk, nd;
} xctx;

/* A task of the pool: replication r of the experiment c (which must live
 * until the task's result is taken). */
typedef struct pool_task {
    const xctx *c;
    long r;
} pool_task;

typedef struct pool_result {
    struct pool_result *next;
    const xctx *c;              /* the task's experiment */
    size_t len;
    unsigned char *buf;         /* result_hdr + values: a TAG_RESULT */
} pool_result;

typedef struct pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* tasks queued, or quit */
    pthread_cond_t idle;        /* a task finished */
    int n;                      /* threads */
    pthread_t *tid;
    pool_task *q;                    /* ring of queued tasks */
    size_t qcap, qhead, qlen;
    int running;
    pool_result *rhead, *rtail;
    int quit, oom;
} pool;

/* Starts n threads waiting for tasks.  Returns 0 (at least one thread
 * started), or -1. */
int pool_start(pool *p, int n);
/* Stops the threads and frees everything, results not taken included. */
void pool_stop(pool *p);
/* Tasks queued or running. */
int pool_busy(pool *p);
/* Queues replication r of experiment c (the queue holds at most n + 2:
 * the threads and the prefetched ones). */
void pool_push(pool *p, const xctx *c, long r);
/* The oldest finished result, or NULL; *oom is 1 when a result was lost
 * for want of memory since the last call. */
pool_result *pool_pop(pool *p, int *oom);
/* Drops the queued tasks, calling fn (if any) for each; returns how
 * many. */
int pool_drop(pool *p, void (*fn)(void *ud, const pool_task *t), void *ud);
/* Drops the queued tasks (as pool_drop) and waits for the running ones;
 * their results stay to be taken. */
int pool_settle(pool *p, void (*fn)(void *ud, const pool_task *t), void *ud);
/* The threads of a rank for --threads (0: its cores), capped. */
int pool_threads(int threads);

/* ---- this rank (cluster.c), rank 0 (cluster_master.c), the workers
 * (cluster_worker.c) ---- */

typedef struct request {
    int rank, prefetch;
} request;

typedef struct cluster {
    int active;             /* MPI started with more than one process */
    int rank, size;
    sendq sq;
    pool local;             /* rank 0's own threads */
    int local_threads;
    request *req;           /* workers' requests not yet answered */
    size_t nreq, capreq;
    long seq;               /* experiments numbered so far (sched.h) */
    int threads;
    long *by_rank;          /* tasks finished by each rank (statistics) */
    int open_now, open_max; /* experiments open at once (statistics) */
} cluster;

/* This process's part in the job (its rank, the job's size, rank 0's
 * threads and requests), set up by cluster_main: one per process, as MPI
 * itself is. */
extern cluster cluster_self;

/* Rank 0 after the command: stops the workers and waits for their BYE. */
void master_finish(void);
/* A worker's life: serves tasks until rank 0 says stop.  Returns 0. */
int worker_main(void);

#endif
