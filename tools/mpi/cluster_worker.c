/* cluster_worker.c -- the ranks other than 0 (cluster_int.h): rebuild
 * each experiment from its text and run the tasks rank 0 hands them.
 * Several experiments may be open at once (rank 0 opens the next ones
 * before the last tasks of the earlier have come back); each is freed
 * when rank 0 closes it and none of its tasks is left here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cluster_int.h"
#include "load.h"
#include "network.h"

/* An experiment a worker has open, rebuilt from rank 0's message. */
typedef struct worker {
    struct worker *next;
    scenario *sc;
    kpi_list kpis;
    series_list series;
    int has_series;
    xctx ctx;
    long inpool;             /* its tasks queued or running here */
    int ended;               /* rank 0 closed it (TAG_END) */
} worker;

/* Frees an experiment. */
static void worker_clear(worker *w)
{
    scenario_free(w->sc);
    kpi_list_free(&w->kpis);
    if (w->has_series)
        series_list_free(&w->series);
    free(w);
}

/* The open experiment numbered seq, or NULL. */
static worker *worker_find(worker *list, long seq)
{
    for (; list; list = list->next)
        if (list->ctx.seq == seq)
            return list;
    return NULL;
}

/* Frees the experiments that rank 0 closed and that have nothing left
 * here. */
static void worker_sweep(worker **list)
{
    while (*list) {
        worker *w = *list;
        if (w->ended && w->inpool == 0) {
            *list = w->next;
            worker_clear(w);
        } else {
            list = &w->next;
        }
    }
}

/* Rebuilds the experiment's scenario from its canonical text (through a
 * private temporary file).  Returns 0, or -1 with a message in err. */
static int worker_load(worker *w, const exp_msg *m, const char *text,
                       char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/flowsim-rank%d-XXXXXX",
             dir && *dir ? dir : "/tmp", cluster_self.rank);
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

/* Tells rank 0 why this rank cannot go on (rank 0 then fails the job). */
static void worker_fail(const char *msg)
{
    msg_post(&cluster_self.sq, 0, TAG_FAIL, msg_dup(msg, strlen(msg) + 1),
             strlen(msg) + 1);
}

/* A worker rank's state between polls. */
typedef struct worker_rank {
    worker *open;       /* experiments rank 0 sent, newest first */
    pool p;
    int threads;        /* slots: the pool's threads */
    long asked;         /* requests sent and not answered */
    int quit;
} worker_rank;

/* TAG_EXP: the threads on the first experiment, then the experiment
 * rebuilt from its text (failures are told to rank 0). */
static void worker_exp(worker_rank *k, const unsigned char *buf)
{
    exp_msg m;
    memcpy(&m, buf, sizeof m);
    char err[LOAD_ERR_MAX + 128];
    if (!k->p.tid) {
        if (pool_start(&k->p, pool_threads(m.threads)) != 0) {
            worker_fail("cannot start threads");
            pool_stop(&k->p);
        }
        k->threads = k->p.n;
    }
    worker *w = calloc(1, sizeof *w);
    if (!w) {
        worker_fail("out of memory");
    } else if (worker_load(w, &m, (const char *)buf + sizeof m, err,
                           sizeof err) != 0) {
        worker_fail(err);
        worker_clear(w);
    } else {
        w->next = k->open;
        k->open = w;
    }
}

/* One message from rank 0: stop, a task, an experiment's end, or a new
 * experiment. */
static void worker_message(worker_rank *k, const MPI_Status *st)
{
    int len;
    unsigned char *buf = msg_recv(st, &len);
    if (st->MPI_TAG == TAG_STOP) {
        k->quit = 1;
    } else if (st->MPI_TAG == TAG_TASK && (size_t)len >= sizeof(task_msg)) {
        task_msg t;
        memcpy(&t, buf, sizeof t);
        k->asked--;
        worker *w = worker_find(k->open, (long)t.seq);
        if (k->p.tid && w && !w->ended) {
            pool_push(&k->p, &w->ctx, (long)t.r);
            w->inpool++;
        }
    } else if (st->MPI_TAG == TAG_END && (size_t)len >= sizeof(end_msg)) {
        end_msg m;
        memcpy(&m, buf, sizeof m);
        worker *w = worker_find(k->open, (long)m.seq);
        if (w)
            w->ended = 1;
    } else if (st->MPI_TAG == TAG_EXP && (size_t)len > sizeof(exp_msg)) {
        worker_exp(k, buf);
    }
    free(buf);
}

/* Sends back the results the threads finished.  Returns 1 when there
 * were. */
static int worker_results(worker_rank *k)
{
    int oom = 0, progress = 0;
    pool_result *r;
    while (k->p.tid && (r = pool_pop(&k->p, &oom))) {
        worker *w = worker_find(k->open, r->c->seq);
        if (w)
            w->inpool--;
        msg_post(&cluster_self.sq, 0, TAG_RESULT, r->buf, r->len);
        free(r);
        progress = 1;
    }
    if (oom)
        worker_fail("out of memory");
    return progress;
}

/* Keeps one task more than threads in hand (prefetch), while rank 0 has
 * an experiment open.  Returns 1 when it asked. */
static int worker_ask(worker_rank *k)
{
    int live = 0, progress = 0;
    for (worker *w = k->open; w; w = w->next)
        live |= !w->ended;
    while (!k->quit && k->p.tid && live &&
           k->asked + pool_busy(&k->p) < k->threads + 1) {
        ready_msg m = {k->asked + pool_busy(&k->p) >= k->threads};
        msg_post(&cluster_self.sq, 0, TAG_READY, msg_dup(&m, sizeof m),
                 sizeof m);
        k->asked++;
        progress = 1;
    }
    return progress;
}

/* Polls rank 0's messages, keeps the pool fed, sends back the results;
 * asks for one task more than threads, so the threads never wait. */
int worker_main(void)
{
    worker_rank k = {0};
    backoff b = {0};
    while (!k.quit) {
        int progress = 0, flag = 1;
        MPI_Status st;
        while (!k.quit && (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag,
                                      &st),
                           flag)) {
            worker_message(&k, &st);
            progress = 1;
        }
        progress |= worker_results(&k);
        worker_sweep(&k.open);
        progress |= worker_ask(&k);
        msg_progress(&cluster_self.sq);
        msg_idle(&b, progress);
    }
    pool_stop(&k.p);
    msg_post(&cluster_self.sq, 0, TAG_BYE, msg_dup("", 1), 1);
    msg_flush(&cluster_self.sq);
    while (k.open) {
        worker *w = k.open;
        k.open = w->next;
        worker_clear(w);
    }
    return 0;
}
