/* cluster_master.c -- rank 0 (cluster_int.h): hands out the replications
 * of a batch of experiments (sched.h) to the workers and its own threads,
 * and takes their results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cluster_int.h"
#include "sched.h"

/* Rank 0's own record of an open experiment (sched_exp.aux). */
typedef struct mexp {
    xctx c;       /* for rank 0's threads */
    int sent;     /* the workers have its text (TAG_EXP) */
} mexp;

/* A batch on the ranks. */
typedef struct master {
    sched s;
    int failed;   /* a rank failed: the batch ends at once */
} master;

/* Keeps a worker's request for a task until it can be answered. */
static int master_add_request(int rank, int prefetch)
{
    if (cluster_self.nreq == cluster_self.capreq) {
        size_t cap = cluster_self.capreq ? 2 * cluster_self.capreq : 64;
        request *v = realloc(cluster_self.req, cap * sizeof *v);
        if (!v)
            return -1;
        cluster_self.req = v;
        cluster_self.capreq = cap;
    }
    cluster_self.req[cluster_self.nreq++] = (request){rank, prefetch};
    return 0;
}

/* A failure that ends the batch at once (a rank's message, no memory). */
static void master_fail(master *m, const char *msg)
{
    if (!m->s.failed)
        snprintf(m->s.err, sizeof m->s.err, "%.480s", msg);
    m->s.failed = 1;
    m->failed = 1;
}

/* sched on_open: every worker rebuilds the experiment from its text
 * (when it has anything to run). */
static int master_open(void *ud, sched_exp *x)
{
    (void)ud;
    mexp *me = calloc(1, sizeof *me);
    if (!me)
        return -1;
    x->aux = me;
    if (++cluster_self.open_now > cluster_self.open_max)
        cluster_self.open_max = cluster_self.open_now;
    me->c = (xctx){x->seq, x->e.sc, &x->e.kpis,
                   x->job.hooks ? x->job.hooks->series : NULL, x->nk,
                   x->nd};
    if (x->n == 0)
        return 0;
    const char *text = x->job.canonical ? x->job.canonical : "";
    size_t tl = strlen(text) + 1;
    exp_msg em = {.seq = x->seq, .seed = x->e.sc->seed, .reps = x->e.reps,
                  .nk = (int64_t)x->nk, .nd = (int64_t)x->nd,
                  .threads = cluster_self.threads};
    for (int w = 1; w < cluster_self.size; w++) {
        unsigned char *buf = malloc(sizeof em + tl);
        if (buf) {
            memcpy(buf, &em, sizeof em);
            memcpy(buf + sizeof em, text, tl);
        }
        if (!buf ||
            msg_post(&cluster_self.sq, w, TAG_EXP, buf, sizeof em + tl) != 0)
            return -1;
    }
    me->sent = 1;
    return 0;
}

/* sched on_close: the workers may free the experiment. */
static void master_close(void *ud, sched_exp *x)
{
    (void)ud;
    mexp *me = x->aux;
    if (me && me->sent) {
        end_msg em = {x->seq};
        for (int w = 1; w < cluster_self.size; w++)
            msg_post(&cluster_self.sq, w, TAG_END, msg_dup(&em, sizeof em),
                     sizeof em);
    }
    if (me)
        cluster_self.open_now--;
    free(me);
    x->aux = NULL;
}

/* Answers the requests that can be: a prefetch only while more tasks are
 * ready than there are workers, so that the last tasks go to idle
 * threads.  Experiments open ahead so that tasks are always ready. */
static int master_serve(master *m)
{
    int progress = 0;
    size_t k = 0;
    for (size_t i = 0; i < cluster_self.nreq; i++) {
        request q = cluster_self.req[i];
        long ready = m->failed ? 0 : sched_fill(&m->s, cluster_self.size);
        sched_exp *x;
        long r;
        if (ready > 0 && (!q.prefetch || ready > cluster_self.size - 1) &&
            sched_take(&m->s, &x, &r)) {
            task_msg t = {x->seq, r};
            void *buf = msg_dup(&t, sizeof t);
            if (!buf ||
                msg_post(&cluster_self.sq, q.rank, TAG_TASK, buf, sizeof t)) {
                master_fail(m, "out of memory sending tasks");
                sched_drop(&m->s, x, r);
                cluster_self.req[k++] = q;
                continue;
            }
            progress = 1;
        } else {
            cluster_self.req[k++] = q;
        }
    }
    cluster_self.nreq = k;
    return progress;
}

/* A finished replication, from a worker or rank 0's threads. */
static void master_take_result(master *m, const unsigned char *buf,
                               size_t len, int from)
{
    const result_hdr *h = (const result_hdr *)buf;
    sched_exp *x = len >= sizeof *h ? sched_find(&m->s, (long)h->seq) : NULL;
    if (!x)
        return; /* a task of an experiment given up earlier */
    if (len != sizeof *h + (x->nk + x->nd) * sizeof(double) || h->r < 0 ||
        h->r >= x->e.reps) {
        char msg[96];
        snprintf(msg, sizeof msg, "rank %d sent a malformed result", from);
        master_fail(m, msg);
        return;
    }
    if (cluster_self.by_rank)
        cluster_self.by_rank[from]++;
    const double *v = (const double *)(buf + sizeof *h);
    sched_finish(&m->s, x, (long)h->r, &h->info, v, x->nd ? v + x->nk : NULL);
}

/* Handles one message from a worker. */
static void master_take_message(master *m, const MPI_Status *st)
{
    int len;
    unsigned char *buf = msg_recv(st, &len);
    char msg[600];
    switch (st->MPI_TAG) {
    case TAG_READY: {
        ready_msg q = {0};
        memcpy(&q, buf, (size_t)len < sizeof q ? (size_t)len : sizeof q);
        if (master_add_request(st->MPI_SOURCE, q.prefetch) != 0)
            master_fail(m, "out of memory");
        break;
    }
    case TAG_RESULT:
        master_take_result(m, buf, (size_t)len, st->MPI_SOURCE);
        break;
    case TAG_FAIL:
        snprintf(msg, sizeof msg, "rank %d: %.500s", st->MPI_SOURCE,
                 (const char *)buf);
        master_fail(m, msg);
        break;
    default:
        break;
    }
    free(buf);
}

/* Tasks dropped from rank 0's queue, given back after the pool's lock
 * (giving one back may close its experiment). */
typedef struct dropped {
    long seq[EXPERIMENT_MAX_THREADS + 2], r[EXPERIMENT_MAX_THREADS + 2];
    int n;
} dropped;

static void master_note_drop(void *ud, const pool_task *t)
{
    dropped *d = ud;
    d->seq[d->n] = t->c->seq;
    d->r[d->n++] = t->r;
}

static void master_give_back(master *m, const dropped *d)
{
    for (int i = 0; i < d->n; i++) {
        sched_exp *x = sched_find(&m->s, d->seq[i]);
        if (x)
            sched_drop(&m->s, x, d->r[i]);
    }
}

/* Takes the results of rank 0's threads.  Returns 1 when there were. */
static int master_take_local(master *m)
{
    int progress = 0, oom = 0;
    pool_result *r;
    while ((r = pool_pop(&cluster_self.local, &oom))) {
        if (!m->failed)
            master_take_result(m, r->buf, r->len, 0);
        free(r->buf);
        free(r);
        progress = 1;
    }
    if (oom)
        master_fail(m, "rank 0: out of memory");
    return progress;
}

/* The executor of rank 0 (cluster_executor): the batch on every rank. */
static int master_execute(void *ud, const experiment_source *src,
                          int threads, char *err, size_t errlen)
{
    (void)ud;
    cluster_self.threads = threads;
    master m;
    sched_init(&m.s, src, &cluster_self.seq);
    m.failed = 0;
    m.s.on_open = master_open;
    m.s.on_close = master_close;
    if (!cluster_self.local.tid) {
        cluster_self.local_threads = pool_threads(cluster_self.threads);
        if (pool_start(&cluster_self.local, cluster_self.local_threads) != 0) {
            pool_stop(&cluster_self.local);
            snprintf(err, errlen, "cannot start threads");
            return -1;
        }
        cluster_self.local_threads = cluster_self.local.n;
    }
    backoff b = {0};
    for (;;) {
        int progress = master_serve(&m);
        sched_exp *x;
        long r;
        while (!m.failed &&
               pool_busy(&cluster_self.local) < cluster_self.local_threads &&
               sched_take(&m.s, &x, &r)) {
            pool_push(&cluster_self.local, &((mexp *)x->aux)->c, r);
            progress = 1;
        }
        int flag = 1;
        MPI_Status st;
        while (!m.failed &&
               (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag,
                           &st),
                flag)) {
            master_take_message(&m, &st);
            progress = 1;
        }
        progress |= master_take_local(&m);
        if (m.s.stopping) {
            /* Ctrl-C or a failed experiment: no queued task starts. */
            dropped d = {.n = 0};
            if (pool_drop(&cluster_self.local, master_note_drop, &d) > 0) {
                master_give_back(&m, &d);
                progress = 1;
            }
        }
        msg_progress(&cluster_self.sq);
        if (m.failed || sched_over(&m.s))
            break;
        msg_idle(&b, progress);
    }
    /* rank 0's threads read the experiments: they must be done with them
     * before sched_end frees them.  Workers' tasks still out are ignored
     * when they come back (their experiment is closed). */
    dropped d = {.n = 0};
    pool_settle(&cluster_self.local, master_note_drop, &d);
    master_give_back(&m, &d);
    master_take_local(&m);
    int rc = sched_end(&m.s, err, errlen);
    msg_progress(&cluster_self.sq);
    return rc;
}

static const experiment_executor master_executor = {master_execute, NULL};

/* Under MPI, rank 0 runs batches by master_execute. */
const experiment_executor *cluster_executor(void)
{
    return cluster_self.active && cluster_self.rank == 0 ? &master_executor
                                                         : NULL;
}

/* Rank 0 after the command: stops the workers and waits for their BYE. */
void master_finish(void)
{
    for (int w = 1; w < cluster_self.size; w++)
        msg_post(&cluster_self.sq, w, TAG_STOP, msg_dup("", 1), 1);
    int byes = 0;
    backoff b = {0};
    while (byes < cluster_self.size - 1) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            int len;
            free(msg_recv(&st, &len));
            byes += st.MPI_TAG == TAG_BYE;
        }
        msg_progress(&cluster_self.sq);
        msg_idle(&b, flag);
    }
    msg_flush(&cluster_self.sq);
    pool_stop(&cluster_self.local);
    free(cluster_self.req);
    if (cluster_self.by_rank && getenv("FLOWSIM_MPI_STATS")) {
        fprintf(stderr, "flowsim: %d MPI ranks; replications run by rank:",
                cluster_self.size);
        for (int r = 0; r < cluster_self.size; r++)
            fprintf(stderr, " %ld", cluster_self.by_rank[r]);
        fprintf(stderr, "; at most %d experiments open at once\n",
                cluster_self.open_max);
    }
    free(cluster_self.by_rank);
}
