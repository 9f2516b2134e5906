/* cluster.c -- experiments over MPI ranks (cluster.h). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cluster.h"
#include "flowsim_config.h"

/* The environment of an MPI launch: >= 0 when the variable is a whole
 * number, else -1. */
static long env_long(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return -1;
    long x = strtol(v, &end, 10);
    return *end ? -1 : x;
}

/* 1 when an MPI launcher started this process among others (or, for
 * PMIx, may have: the size is then only known after MPI_Init). */
static int mpi_launched(long *size)
{
    long n;
    *size = -1;
    if ((n = env_long("OMPI_COMM_WORLD_SIZE")) >= 0 ||
        (n = env_long("PMI_SIZE")) >= 0) {
        *size = n;
        return n > 1;
    }
    if (getenv("PMIX_RANK"))
        return 1;
    if ((n = env_long("SLURM_STEP_NUM_TASKS")) >= 0 &&
        env_long("SLURM_PROCID") >= 0 && env_long("SLURM_STEP_ID") >= 0) {
        *size = n;
        return n > 1;
    }
    return 0;
}

#if !FLOWSIM_HAVE_MPI

static long launched_rank(void)
{
    const char *names[] = {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK",
                           "SLURM_PROCID"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        long r = env_long(names[i]);
        if (r >= 0)
            return r;
    }
    return 0;
}


int cluster_main(int argc, char **argv, int (*command)(int, char **))
{
    long size;
    if (!mpi_launched(&size))
        return command(argc, argv);
    if (launched_rank() == 0) {
        char n[32] = "several";
        if (size > 1)
            snprintf(n, sizeof n, "%ld", size);
        fprintf(stderr,
                "flowsim: started as one of %s MPI processes, but this "
                "flowsim was built without MPI (meson feature 'mpi': "
                "install libopenmpi-dev and rebuild); run it as one "
                "process, or split the experiment with --shard K/N\n",
                n);
    }
    return 2;
}

void cluster_hooks(experiment_hooks *h, const char *canonical, int threads)
{
    (void)h;
    (void)canonical;
    (void)threads;
}

int cluster_size(void) { return 1; }

#else /* FLOWSIM_HAVE_MPI */

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <mpi.h>
#include "load.h"
#include "network.h"

enum {
    TAG_EXP = 1, /* rank 0 -> worker: exp_msg + canonical text */
    TAG_TASK,    /* rank 0 -> worker: task_msg */
    TAG_STOP,    /* rank 0 -> worker: the command is over */
    TAG_READY,   /* worker -> rank 0: ready_msg, one free slot */
    TAG_RESULT,  /* worker -> rank 0: result_hdr + values + daily */
    TAG_FAIL,    /* worker -> rank 0: a message (NUL-terminated) */
    TAG_BYE      /* worker -> rank 0: stopped, nothing more will come */
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
static int post(sendq *q, int dest, int tag, void *buf, size_t len)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 16;
        pending *v = realloc(q->v, cap * sizeof *v);
        if (!v) {
            free(buf);
            return -1;
        }
        q->v = v;
        q->cap = cap;
    }
    pending *p = &q->v[q->n++];
    p->buf = buf;
    MPI_Isend(buf, (int)len, MPI_BYTE, dest, tag, MPI_COMM_WORLD, &p->req);
    return 0;
}

/* Frees the sends that completed. */
static void sendq_progress(sendq *q)
{
    size_t k = 0;
    for (size_t i = 0; i < q->n; i++) {
        int flag = 0;
        MPI_Test(&q->v[i].req, &flag, MPI_STATUS_IGNORE);
        if (flag)
            free(q->v[i].buf);
        else
            q->v[k++] = q->v[i];
    }
    q->n = k;
}

static void sendq_wait(sendq *q)
{
    for (size_t i = 0; i < q->n; i++) {
        MPI_Wait(&q->v[i].req, MPI_STATUS_IGNORE);
        free(q->v[i].buf);
    }
    free(q->v);
    memset(q, 0, sizeof *q);
}

/* A small copy of data as a malloc'd message. */
static void *msg_dup(const void *data, size_t len)
{
    void *m = malloc(len ? len : 1);
    if (m && len)
        memcpy(m, data, len);
    return m;
}

/* Receives the message st announced into a malloc'd buffer. */
static void *recv_msg(const MPI_Status *st, int *len)
{
    MPI_Status s2;
    int n = 0;
    MPI_Get_count(st, MPI_BYTE, &n);
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf) {
        fprintf(stderr, "flowsim: out of memory receiving %d bytes\n", n);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    MPI_Recv(buf, n, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, MPI_COMM_WORLD,
             &s2);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Waiting without a busy loop: 10 us doubling to BACKOFF_MAX_NS while
 * idle.  At most that latency is added to a round trip, and an idle rank
 * wakes 1e9 / BACKOFF_MAX_NS times a second (a few per cent of a core). */
#ifndef BACKOFF_MAX_NS
#define BACKOFF_MAX_NS 200000
#endif
typedef struct backoff {
    long ns;
} backoff;

static void idle(backoff *b, int progress)
{
    if (progress) {
        b->ns = 0;
        return;
    }
    b->ns = b->ns ? b->ns * 2 : 10000;
    if (b->ns > BACKOFF_MAX_NS)
        b->ns = BACKOFF_MAX_NS;
    struct timespec ts = {0, b->ns};
    nanosleep(&ts, NULL);
}

/* ---- a rank's own threads: a queue of tasks in, results out ---- */

typedef struct xctx {
    long seq;
    const scenario *sc;
    const kpi_list *kpis;
    const series_list *series;  /* NULL: no daily values */
    size_t nk, nd;
} xctx;

typedef struct result {
    struct result *next;
    size_t len;
    unsigned char *buf;         /* result_hdr + values: a TAG_RESULT */
} result;

typedef struct pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* tasks queued, or quit */
    pthread_cond_t idle;        /* a task finished */
    int n;                      /* threads */
    pthread_t *tid;
    task_msg *q;                /* ring of queued tasks */
    size_t qcap, qhead, qlen;
    int running;
    result *rhead, *rtail;
    int quit, oom;
    xctx ctx;
} pool;

static void *compute(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->qlen == 0)
            pthread_cond_wait(&p->cond, &p->lock);
        if (p->quit)
            break;
        task_msg t = p->q[p->qhead];
        p->qhead = (p->qhead + 1) % p->qcap;
        p->qlen--;
        xctx c = p->ctx;
        p->running++;
        pthread_mutex_unlock(&p->lock);
        size_t len = sizeof(result_hdr) + (c.nk + c.nd) * sizeof(double);
        result *res = malloc(sizeof *res);
        unsigned char *buf = malloc(len);
        if (res && buf) {
            result_hdr *h = (result_hdr *)buf;
            double *v = (double *)(buf + sizeof *h);
            memset(h, 0, sizeof *h);
            h->seq = t.seq;
            h->r = t.r;
            for (size_t i = 0; i < c.nk + c.nd; i++)
                v[i] = NAN;
            network_run_series(c.sc, (uint64_t)t.r, c.kpis, v, c.series,
                               c.series ? v + c.nk : NULL, &h->info, NULL,
                               NULL);
            res->next = NULL;
            res->len = len;
            res->buf = buf;
        }
        pthread_mutex_lock(&p->lock);
        if (res && buf) {
            if (p->rtail)
                p->rtail->next = res;
            else
                p->rhead = res;
            p->rtail = res;
        } else {
            free(res);
            free(buf);
            p->oom = 1;
        }
        p->running--;
        pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static int pool_start(pool *p, int n)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    pthread_cond_init(&p->idle, NULL);
    p->qcap = (size_t)n + 2;
    p->q = malloc(p->qcap * sizeof *p->q);
    p->tid = malloc((size_t)n * sizeof *p->tid);
    if (!p->q || !p->tid)
        return -1;
    for (int i = 0; i < n; i++) {
        if (pthread_create(&p->tid[i], NULL, compute, p) != 0)
            break;
        p->n++;
    }
    return p->n > 0 ? 0 : -1;
}

static void pool_free_results(result *r)
{
    while (r) {
        result *next = r->next;
        free(r->buf);
        free(r);
        r = next;
    }
}

static void pool_stop(pool *p)
{
    if (!p->tid)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n; i++)
        pthread_join(p->tid[i], NULL);
    pool_free_results(p->rhead);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    pthread_cond_destroy(&p->idle);
    free(p->q);
    free(p->tid);
    memset(p, 0, sizeof *p);
}

/* Tasks queued or running. */
static int pool_busy(pool *p)
{
    pthread_mutex_lock(&p->lock);
    int n = (int)p->qlen + p->running;
    pthread_mutex_unlock(&p->lock);
    return n;
}

static void pool_push(pool *p, long seq, long r)
{
    pthread_mutex_lock(&p->lock);
    p->q[(p->qhead + p->qlen) % p->qcap] = (task_msg){seq, r};
    p->qlen++;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

static result *pool_pop(pool *p, int *oom)
{
    pthread_mutex_lock(&p->lock);
    result *r = p->rhead;
    if (r) {
        p->rhead = r->next;
        if (!p->rhead)
            p->rtail = NULL;
    }
    *oom = p->oom;
    p->oom = 0;
    pthread_mutex_unlock(&p->lock);
    return r;
}

/* Drops the queued tasks; returns how many. */
static int pool_drop(pool *p)
{
    pthread_mutex_lock(&p->lock);
    int dropped = (int)p->qlen;
    p->qlen = 0;
    pthread_mutex_unlock(&p->lock);
    return dropped;
}

/* Drops the queued tasks and waits for the running ones: the context may
 * then change.  Returns the number of tasks dropped. */
static int pool_settle(pool *p)
{
    pthread_mutex_lock(&p->lock);
    int dropped = (int)p->qlen;
    p->qlen = 0;
    while (p->running > 0)
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
    return dropped;
}

/* Only while nothing runs (after pool_settle, or before any task). */
static void pool_set_ctx(pool *p, const xctx *c)
{
    pthread_mutex_lock(&p->lock);
    p->ctx = *c;
    pthread_mutex_unlock(&p->lock);
}

/* ---- rank 0 ---- */

typedef struct request {
    int rank, prefetch;
} request;

static struct cluster {
    int active;             /* MPI started with more than one process */
    int rank, size;
    sendq sq;
    pool local;             /* rank 0's own threads */
    int local_threads;
    request *req;           /* workers' requests not yet answered */
    size_t nreq, capreq;
    long seq;
    const char *canonical;
    int threads;
    long *by_rank;          /* tasks finished by each rank (statistics) */
} cl;

int cluster_size(void) { return cl.active ? cl.size : 1; }

static int threads_for(int threads)
{
    int n = threads > 0 ? threads : experiment_cores();
    return n > EXPERIMENT_MAX_THREADS ? EXPERIMENT_MAX_THREADS : n;
}

static int add_request(int rank, int prefetch)
{
    if (cl.nreq == cl.capreq) {
        size_t cap = cl.capreq ? 2 * cl.capreq : 64;
        request *v = realloc(cl.req, cap * sizeof *v);
        if (!v)
            return -1;
        cl.req = v;
        cl.capreq = cap;
    }
    cl.req[cl.nreq++] = (request){rank, prefetch};
    return 0;
}

typedef struct run_state {
    experiment *e;
    const experiment_hooks *h;
    const long *todo;
    long n, next, out;      /* tasks, next to hand out, outstanding */
    size_t nk, nd;
    int stopping, failed;
    char *err;
    size_t errlen;
} run_state;

/* Answers the requests that can be: a prefetch only while there are more
 * tasks left than workers, so that the last tasks go to idle threads. */
static int serve(run_state *s)
{
    int progress = 0;
    size_t k = 0;
    for (size_t i = 0; i < cl.nreq; i++) {
        request q = cl.req[i];
        long left = s->n - s->next;
        if (!s->stopping && !s->failed && left > 0 &&
            (!q.prefetch || left > cl.size - 1)) {
            task_msg t = {cl.seq, s->todo[s->next]};
            void *m = msg_dup(&t, sizeof t);
            if (!m || post(&cl.sq, q.rank, TAG_TASK, m, sizeof t) != 0) {
                snprintf(s->err, s->errlen, "out of memory sending tasks");
                s->failed = 1;
                cl.req[k++] = q;
                continue;
            }
            s->next++;
            s->out++;
            progress = 1;
        } else {
            cl.req[k++] = q;
        }
    }
    cl.nreq = k;
    return progress;
}

/* A finished replication, from a worker or rank 0's threads. */
static void take_result(run_state *s, const unsigned char *buf, size_t len,
                        int from)
{
    const result_hdr *h = (const result_hdr *)buf;
    if (len < sizeof *h || h->seq != cl.seq)
        return; /* a task of an experiment given up earlier */
    if (len != sizeof *h + (s->nk + s->nd) * sizeof(double) || h->r < 0 ||
        h->r >= s->e->reps) {
        snprintf(s->err, s->errlen, "rank %d sent a malformed result", from);
        s->failed = 1;
        return;
    }
    experiment *e = s->e;
    const double *v = (const double *)(buf + sizeof *h);
    memcpy(e->values + (size_t)h->r * s->nk, v, s->nk * sizeof *v);
    e->info[h->r] = h->info;
    s->out--;
    if (cl.by_rank)
        cl.by_rank[from]++;
    /* Stored even after a stop was asked: it is finished. */
    if (!h->info.stopped[0] && s->h && s->h->finished &&
        s->h->finished(s->h->ud, e, (long)h->r,
                       s->nd ? v + s->nk : NULL) != 0 &&
        !s->stopping) {
        s->stopping = 1;
        s->out -= pool_drop(&cl.local);
    }
}

/* Handles one message from a worker. */
static void take_message(run_state *s, const MPI_Status *st)
{
    int len;
    unsigned char *buf = recv_msg(st, &len);
    switch (st->MPI_TAG) {
    case TAG_READY: {
        ready_msg m = {0};
        memcpy(&m, buf, (size_t)len < sizeof m ? (size_t)len : sizeof m);
        if (add_request(st->MPI_SOURCE, m.prefetch) != 0 && !s->failed) {
            snprintf(s->err, s->errlen, "out of memory");
            s->failed = 1;
        }
        break;
    }
    case TAG_RESULT:
        if (s)
            take_result(s, buf, (size_t)len, st->MPI_SOURCE);
        break;
    case TAG_FAIL:
        if (!s->failed)
            snprintf(s->err, s->errlen, "rank %d: %s", st->MPI_SOURCE,
                     (const char *)buf);
        s->failed = 1;
        break;
    default:
        break;
    }
    free(buf);
}

/* experiment_hooks.execute on rank 0. */
static int master_execute(void *ud, experiment *e, const unsigned char *done,
                          const experiment_hooks *h, char *err,
                          size_t errlen)
{
    (void)ud;
    long *todo = malloc(((size_t)e->reps + 1) * sizeof *todo);
    if (!todo) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    run_state s = {.e = e, .h = h, .todo = todo, .nk = e->kpis.n,
                   .nd = h && h->series ? h->series->n * h->series->days : 0,
                   .err = err, .errlen = errlen};
    for (long r = 0; r < e->reps; r++)
        if (!done || !done[r])
            todo[s.n++] = r;
    if (s.n == 0) {
        free(todo);
        return 0;
    }
    cl.seq++;
    /* Every worker rebuilds the scenario from its canonical text. */
    const char *text = cl.canonical ? cl.canonical : "";
    size_t tl = strlen(text) + 1;
    exp_msg em = {.seq = cl.seq, .seed = e->sc->seed, .reps = e->reps,
                  .nk = (int64_t)s.nk, .nd = (int64_t)s.nd,
                  .threads = cl.threads};
    for (int w = 1; w < cl.size; w++) {
        unsigned char *m = malloc(sizeof em + tl);
        if (m) {
            memcpy(m, &em, sizeof em);
            memcpy(m + sizeof em, text, tl);
        }
        if (!m || post(&cl.sq, w, TAG_EXP, m, sizeof em + tl) != 0) {
            snprintf(err, errlen, "out of memory");
            free(todo);
            return -1; /* the job then ends (rank 0 returns an error) */
        }
    }
    if (!cl.local.tid) {
        cl.local_threads = threads_for(cl.threads);
        if (pool_start(&cl.local, cl.local_threads) != 0) {
            snprintf(err, errlen, "cannot start threads");
            free(todo);
            return -1;
        }
        cl.local_threads = cl.local.n;
    }
    xctx c = {cl.seq, e->sc, &e->kpis, h ? h->series : NULL, s.nk, s.nd};
    pool_set_ctx(&cl.local, &c);
    backoff b = {0};
    for (;;) {
        int progress = serve(&s);
        while (!s.stopping && !s.failed && s.next < s.n &&
               pool_busy(&cl.local) < cl.local_threads) {
            pool_push(&cl.local, cl.seq, todo[s.next++]);
            s.out++;
            progress = 1;
        }
        int flag = 1;
        MPI_Status st;
        while (!s.failed &&
               (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag,
                           &st),
                flag)) {
            take_message(&s, &st);
            progress = 1;
        }
        int oom = 0;
        result *r;
        while (!s.failed && (r = pool_pop(&cl.local, &oom))) {
            take_result(&s, r->buf, r->len, 0);
            free(r->buf);
            free(r);
            progress = 1;
        }
        if (oom && !s.failed) {
            snprintf(err, errlen, "rank 0: out of memory");
            s.failed = 1;
        }
        sendq_progress(&cl.sq);
        if (s.failed || (s.out == 0 && (s.next >= s.n || s.stopping)))
            break;
        idle(&b, progress);
    }
    /* rank 0's threads read e: they must be done with it.  Workers' tasks
     * still out are ignored when they come back (another seq). */
    pool_settle(&cl.local);
    int oom = 0;
    result *r;
    while ((r = pool_pop(&cl.local, &oom))) {
        free(r->buf);
        free(r);
    }
    free(todo);
    if (s.failed)
        return -1;
    if (s.stopping) {
        snprintf(err, errlen, "stopped before all replications ran");
        return -1;
    }
    return 0;
}

void cluster_hooks(experiment_hooks *h, const char *canonical, int threads)
{
    if (!cl.active || cl.rank != 0)
        return;
    cl.canonical = canonical;
    cl.threads = threads;
    h->execute = master_execute;
    h->exec_ud = &cl;
}

/* Rank 0 after the command: stops the workers and waits for their BYE. */
static void master_finish(void)
{
    for (int w = 1; w < cl.size; w++)
        post(&cl.sq, w, TAG_STOP, msg_dup("", 1), 1);
    int byes = 0;
    backoff b = {0};
    while (byes < cl.size - 1) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            int len;
            free(recv_msg(&st, &len));
            byes += st.MPI_TAG == TAG_BYE;
        }
        sendq_progress(&cl.sq);
        idle(&b, flag);
    }
    sendq_wait(&cl.sq);
    pool_stop(&cl.local);
    free(cl.req);
    if (cl.by_rank && getenv("FLOWSIM_MPI_STATS")) {
        fprintf(stderr, "flowsim: %d MPI ranks; replications run by rank:",
                cl.size);
        for (int r = 0; r < cl.size; r++)
            fprintf(stderr, " %ld", cl.by_rank[r]);
        fputc('\n', stderr);
    }
    free(cl.by_rank);
}

/* ---- workers ---- */

typedef struct worker {
    scenario *sc;
    kpi_list kpis;
    series_list series;
    int has_series;
    xctx ctx;                /* seq 0: no experiment to work on */
} worker;

static void worker_clear(worker *w)
{
    scenario_free(w->sc);
    kpi_list_free(&w->kpis);
    if (w->has_series)
        series_list_free(&w->series);
    memset(w, 0, sizeof *w);
}

/* Rebuilds the experiment's scenario from its canonical text (through a
 * private temporary file).  Returns 0, or -1 with a message in err. */
static int worker_load(worker *w, const exp_msg *m, const char *text,
                       char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/flowsim-rank%d-XXXXXX",
             dir && *dir ? dir : "/tmp", cl.rank);
    int fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file in %s",
                 dir && *dir ? dir : "/tmp");
        return -1;
    }
    size_t len = strlen(text);
    FILE *f = fdopen(fd, "w");
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f ? fclose(f) != 0 : close(fd) != 0)
        ok = 0;
    char lerr[LOAD_ERR_MAX];
    w->sc = ok ? load_scenario(path, NULL, 0, NULL, lerr, sizeof lerr)
               : NULL;
    unlink(path);
    if (!ok) {
        snprintf(err, errlen, "cannot write a temporary file in %s",
                 dir && *dir ? dir : "/tmp");
        return -1;
    }
    if (!w->sc) {
        snprintf(err, errlen, "the scenario text does not load: %s", lerr);
        return -1;
    }
    w->sc->seed = m->seed;
    w->sc->replications = (long)m->reps;
    if (network_kpis(w->sc, &w->kpis) != 0 ||
        (m->nd > 0 && network_series(w->sc, &w->series) != 0)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    w->has_series = m->nd > 0;
    if (w->kpis.n != (size_t)m->nk ||
        (w->has_series &&
         w->series.n * w->series.days != (size_t)m->nd)) {
        snprintf(err, errlen, "the scenario rebuilt from its text has "
                              "other KPIs or series than on rank 0");
        return -1;
    }
    w->ctx = (xctx){(long)m->seq, w->sc, &w->kpis,
                    w->has_series ? &w->series : NULL, w->kpis.n,
                    (size_t)m->nd};
    return 0;
}

static void worker_fail(const char *msg)
{
    post(&cl.sq, 0, TAG_FAIL, msg_dup(msg, strlen(msg) + 1),
         strlen(msg) + 1);
}

static int worker_main(void)
{
    worker w = {0};
    pool p = {0};
    int threads = 0;    /* slots: the pool's threads */
    long asked = 0;     /* requests sent and not answered */
    int quit = 0;
    backoff b = {0};
    while (!quit) {
        int progress = 0, flag = 1;
        MPI_Status st;
        while (!quit && (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag,
                                    &st),
                         flag)) {
            int len;
            unsigned char *buf = recv_msg(&st, &len);
            progress = 1;
            if (st.MPI_TAG == TAG_STOP) {
                quit = 1;
            } else if (st.MPI_TAG == TAG_TASK) {
                task_msg t;
                memcpy(&t, buf, sizeof t);
                asked--;
                if (p.tid && t.seq == w.ctx.seq && w.ctx.seq > 0)
                    pool_push(&p, (long)t.seq, (long)t.r);
            } else if (st.MPI_TAG == TAG_EXP &&
                       (size_t)len > sizeof(exp_msg)) {
                exp_msg m;
                memcpy(&m, buf, sizeof m);
                char err[LOAD_ERR_MAX + 128];
                if (p.tid)
                    pool_settle(&p);
                worker_clear(&w);
                if (!p.tid) {
                    if (pool_start(&p, threads_for(m.threads)) != 0) {
                        worker_fail("cannot start threads");
                        pool_stop(&p);
                    }
                    threads = p.n;
                }
                if (worker_load(&w, &m, (const char *)buf + sizeof m, err,
                                sizeof err) != 0) {
                    worker_fail(err);
                    worker_clear(&w);
                } else if (p.tid) {
                    pool_set_ctx(&p, &w.ctx);
                }
            }
            free(buf);
        }
        int oom = 0;
        result *r;
        while (p.tid && (r = pool_pop(&p, &oom))) {
            post(&cl.sq, 0, TAG_RESULT, r->buf, r->len);
            free(r);
            progress = 1;
        }
        if (oom)
            worker_fail("out of memory");
        /* Keep one task more than threads in hand (prefetch). */
        while (!quit && p.tid && w.ctx.seq > 0 &&
               asked + pool_busy(&p) < threads + 1) {
            ready_msg m = {asked + pool_busy(&p) >= threads};
            post(&cl.sq, 0, TAG_READY, msg_dup(&m, sizeof m), sizeof m);
            asked++;
            progress = 1;
        }
        sendq_progress(&cl.sq);
        idle(&b, progress);
    }
    pool_stop(&p);
    post(&cl.sq, 0, TAG_BYE, msg_dup("", 1), 1);
    sendq_wait(&cl.sq);
    worker_clear(&w);
    return 0;
}

int cluster_main(int argc, char **argv, int (*command)(int, char **))
{
    long size;
    if (!mpi_launched(&size))
        return command(argc, argv);
    /* SIGINT and SIGTERM stay blocked in MPI's own threads: rank 0 takes
     * them with its interrupt watcher (finish, keep, stop); the workers
     * unblock them in their own threads and end at once. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    int provided = 0;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        fprintf(stderr, "flowsim: MPI could not start\n");
        return 3;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &cl.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &cl.size);
    if (provided < MPI_THREAD_FUNNELED) {
        if (cl.rank == 0)
            fprintf(stderr, "flowsim: this MPI does not allow threads "
                            "(MPI_THREAD_FUNNELED)\n");
        MPI_Finalize();
        return 3;
    }
    int rc;
    cl.active = cl.size > 1;
    cl.by_rank = cl.rank == 0 ? calloc((size_t)cl.size, sizeof(long)) : NULL;
    if (cl.rank == 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = command(argc, argv);
        if (cl.active)
            master_finish();
    } else {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = worker_main();
    }
    fflush(NULL);
    MPI_Finalize();
    return rc;
}

#endif /* FLOWSIM_HAVE_MPI */
