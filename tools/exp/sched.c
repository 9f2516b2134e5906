/* sched.c -- tasks of many experiments, oldest experiment first
 * (sched.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sched.h"

void sched_init(sched *s, const experiment_source *src, long *seq)
{
    memset(s, 0, sizeof *s);
    s->src = src;
    s->seq = seq;
}

/* Keeps the first failure of the batch. */
static void sched_fail(sched *s, const char *msg)
{
    if (!s->failed)
        snprintf(s->err, sizeof s->err, "%.480s", msg);
    s->failed = 1;
}

/* Hands x to the source's done() and forgets it. */
static void sched_close(sched *s, sched_exp *x)
{
    sched_exp **p = &s->head;
    while (*p && *p != x)
        p = &(*p)->next;
    if (*p) {
        *p = x->next;
        if (s->tail == x) {
            s->tail = NULL;
            for (sched_exp *y = s->head; y; y = y->next)
                s->tail = y;
        }
    }
    s->ready -= x->n - x->given;
    int complete = !x->failed && x->given == x->n;
    if (!complete && !x->failed)
        snprintf(x->err, sizeof x->err,
                 "stopped before all replications ran");
    if (!complete)
        sched_fail(s, x->err);
    if (s->src->done(s->src->ud, &x->job, &x->e, complete ? 0 : -1,
                     x->err) != 0)
        s->stopping = 1;
    if (s->on_close)
        s->on_close(s->ud, x);
    free(x->todo);
    free(x);
}

/* When stopping: no open experiment hands out more tasks, and those
 * with nothing out close now (the others as their tasks come back; each
 * is then incomplete unless it had handed out all).  Called at the end
 * of every entry point, as done() may ask to stop from deep inside. */
static void sched_settle(sched *s)
{
    if (!s->stopping || s->settling)
        return;
    s->settling = 1;
restart:
    for (sched_exp *x = s->head; x; x = x->next) {
        if (x->given < x->n && !x->failed) {
            snprintf(x->err, sizeof x->err,
                     "stopped before all replications ran");
            x->failed = 1;
        }
        s->ready -= x->n - x->given;
        x->given = x->n;
        if (x->out == 0) {
            sched_close(s, x); /* may change the list: start again */
            goto restart;
        }
    }
    s->settling = 0;
}

/* Sets up x's experiment (its results NAN) and reads back what its hooks
 * already know.  Returns 0, or -1 with x->err set. */
static int sched_setup(sched_exp *x)
{
    experiment *e = &x->e;
    const experiment_hooks *h = x->job.hooks;
    long reps = x->job.reps;
    unsigned char *done = NULL;
    size_t nv, nd = 0;
    e->sc = x->job.sc;
    e->reps = reps;
    if (network_kpis(e->sc, &e->kpis) != 0)
        goto oom;
    /* replications x KPIs and series x days come from input: checked. */
    if (reps < 0 ||
        __builtin_mul_overflow((size_t)reps, e->kpis.n, &nv) ||
        __builtin_add_overflow(nv, 1, &nv) ||
        __builtin_mul_overflow(nv, sizeof(double), &nv) ||
        (h && h->series &&
         (__builtin_mul_overflow(h->series->n, h->series->days, &nd) ||
          __builtin_add_overflow(nd, 1, &nd) ||
          nd > (size_t)-1 / sizeof(double)))) {
        snprintf(x->err, sizeof x->err,
                 "%ld replications of %zu KPIs and their daily series are "
                 "more than memory can address",
                 reps, e->kpis.n);
        return -1;
    }
    e->values = malloc(nv);
    e->info = calloc((size_t)reps + 1, sizeof *e->info);
    x->todo = malloc(((size_t)reps + 1) * sizeof *x->todo);
    done = calloc((size_t)reps + 1, 1);
    if (!e->values || !e->info || !x->todo || !done)
        goto oom;
    for (size_t i = 0; i < (size_t)reps * e->kpis.n; i++)
        e->values[i] = NAN;
    if (h && h->load && h->load(h->ud, e, done) != 0) {
        snprintf(x->err, sizeof x->err, "could not read the results store");
        free(done);
        return -1;
    }
    for (long r = 0; r < reps; r++)
        if (!done[r])
            x->todo[x->n++] = r;
    x->nk = e->kpis.n;
    x->nd = nd ? nd - 1 : 0; /* checked above, with room for one more */
    free(done);
    return 0;
oom:
    snprintf(x->err, sizeof x->err,
             "out of memory setting up %ld replications", reps);
    free(done);
    return -1;
}

/* Opens the source's next experiment.  Returns 1 when one opened (it may
 * have closed at once: nothing to run), 0 when the source has none now,
 * -1 when it failed. */
static int sched_open(sched *s)
{
    char err[512] = "";
    sched_exp *x = calloc(1, sizeof *x);
    if (!x) {
        sched_fail(s, "out of memory");
        s->stopping = 1;
        return -1;
    }
    int rc = s->src->next(s->src->ud, &x->job, err, sizeof err);
    if (rc <= 0) {
        free(x);
        if (rc < 0) {
            sched_fail(s, err[0] ? err : "the experiments could not start");
            s->stopping = 1;
        }
        return rc;
    }
    x->seq = ++*s->seq;
    if (s->tail)
        s->tail->next = x;
    else
        s->head = x;
    s->tail = x;
    if (sched_setup(x) != 0)
        x->failed = 1;
    else if (s->on_open && s->on_open(s->ud, x) != 0) {
        snprintf(x->err, sizeof x->err, "the experiment could not start");
        x->failed = 1;
    }
    if (x->failed)
        x->given = x->n; /* nothing of it will be handed out */
    s->ready += x->n - x->given;
    if (x->given == x->n && x->out == 0)
        sched_close(s, x);
    return 1;
}

long sched_fill(sched *s, long want)
{
    while (!s->stopping && s->ready < want && sched_open(s) > 0)
        ;
    sched_settle(s);
    return s->stopping ? 0 : s->ready;
}

int sched_take(sched *s, sched_exp **x, long *r)
{
    if (sched_fill(s, 1) <= 0)
        return 0;
    for (sched_exp *y = s->head; y; y = y->next)
        if (!y->failed && y->given < y->n) {
            *x = y;
            *r = y->todo[y->given++];
            y->out++;
            s->ready--;
            return 1;
        }
    return 0; /* not reached: ready counts these */
}

void sched_finish(sched *s, sched_exp *x, long r, const run_info *info,
                  const double *values, const double *daily)
{
    experiment *e = &x->e;
    double *row = e->values + (size_t)r * x->nk;
    if (values != row)
        memcpy(row, values, x->nk * sizeof *row);
    if (info != &e->info[r])
        e->info[r] = *info;
    x->out--;
    if (e->info[r].stopped[0]) {
        if (!x->failed) {
            snprintf(x->err, sizeof x->err,
                     "replication %ld stopped: %.300s", r,
                     e->info[r].stopped);
            x->failed = 1;
            s->ready -= x->n - x->given;
            x->given = x->n;
        }
    } else {
        const experiment_hooks *h = x->job.hooks;
        /* Stored even when stopping: it is finished. */
        if (h && h->finished && h->finished(h->ud, e, r, daily) != 0) {
            sched_stop(s); /* closes x too when nothing of it is out */
            return;
        }
    }
    if (x->given == x->n && x->out == 0)
        sched_close(s, x);
    sched_settle(s);
}

void sched_drop(sched *s, sched_exp *x, long r)
{
    (void)r;
    x->out--;
    if (!x->failed) {
        snprintf(x->err, sizeof x->err,
                 "stopped before all replications ran");
        x->failed = 1;
        s->ready -= x->n - x->given;
        x->given = x->n;
    }
    if (x->out == 0)
        sched_close(s, x);
    sched_settle(s);
}

void sched_stop(sched *s)
{
    s->stopping = 1;
    sched_settle(s);
}

sched_exp *sched_find(const sched *s, long seq)
{
    for (sched_exp *x = s->head; x; x = x->next)
        if (x->seq == seq)
            return x;
    return NULL;
}

int sched_over(sched *s)
{
    sched_settle(s);
    if (s->head)
        return 0;
    if (s->stopping)
        return 1;
    while (!s->head && !s->stopping)
        if (sched_open(s) <= 0)
            break;
    sched_settle(s);
    return s->head == NULL;
}

int sched_end(sched *s, char *err, size_t errlen)
{
    while (s->head) {
        sched_exp *x = s->head;
        if (!x->failed)
            snprintf(x->err, sizeof x->err, "%.400s",
                     s->failed ? s->err
                               : "stopped before all replications ran");
        x->failed = 1;
        sched_close(s, x);
    }
    if (s->failed)
        snprintf(err, errlen, "%s", s->err);
    return s->failed ? -1 : 0;
}
