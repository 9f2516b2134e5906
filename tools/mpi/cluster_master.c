/* cluster_master.c -- rank 0 (cluster_int.h): hands out an experiment's
 * replications to the workers and its own threads, and takes their
 * results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cluster_int.h"

/* Keeps a worker's request for a task until it can be answered. */
static int master_add_request(int rank, int prefetch)
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

/* One experiment being run: its tasks, and how far they have got. */
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
static int master_serve(run_state *s)
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
            if (!m || msg_post(&cl.sq, q.rank, TAG_TASK, m, sizeof t) != 0) {
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
static void master_take_result(run_state *s, const unsigned char *buf,
                               size_t len, int from)
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
static void master_take_message(run_state *s, const MPI_Status *st)
{
    int len;
    unsigned char *buf = msg_recv(st, &len);
    switch (st->MPI_TAG) {
    case TAG_READY: {
        ready_msg m = {0};
        memcpy(&m, buf, (size_t)len < sizeof m ? (size_t)len : sizeof m);
        if (master_add_request(st->MPI_SOURCE, m.prefetch) != 0 &&
            !s->failed) {
            snprintf(s->err, s->errlen, "out of memory");
            s->failed = 1;
        }
        break;
    }
    case TAG_RESULT:
        if (s)
            master_take_result(s, buf, (size_t)len, st->MPI_SOURCE);
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
        if (!m || msg_post(&cl.sq, w, TAG_EXP, m, sizeof em + tl) != 0) {
            snprintf(err, errlen, "out of memory");
            free(todo);
            return -1; /* the job then ends (rank 0 returns an error) */
        }
    }
    if (!cl.local.tid) {
        cl.local_threads = pool_threads(cl.threads);
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
        int progress = master_serve(&s);
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
            master_take_message(&s, &st);
            progress = 1;
        }
        int oom = 0;
        result *r;
        while (!s.failed && (r = pool_pop(&cl.local, &oom))) {
            master_take_result(&s, r->buf, r->len, 0);
            free(r->buf);
            free(r);
            progress = 1;
        }
        if (oom && !s.failed) {
            snprintf(err, errlen, "rank 0: out of memory");
            s.failed = 1;
        }
        msg_progress(&cl.sq);
        if (s.failed || (s.out == 0 && (s.next >= s.n || s.stopping)))
            break;
        msg_idle(&b, progress);
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

/* Under MPI, rank 0 runs the experiments by master_execute. */
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
void master_finish(void)
{
    for (int w = 1; w < cl.size; w++)
        msg_post(&cl.sq, w, TAG_STOP, msg_dup("", 1), 1);
    int byes = 0;
    backoff b = {0};
    while (byes < cl.size - 1) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            int len;
            free(msg_recv(&st, &len));
            byes += st.MPI_TAG == TAG_BYE;
        }
        msg_progress(&cl.sq);
        msg_idle(&b, flag);
    }
    msg_flush(&cl.sq);
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

