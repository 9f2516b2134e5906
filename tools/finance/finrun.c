/* finrun.c -- the replications of a benefits case: every scenario's as
 * one batch (experiment_run_many), so that the alternative's replications
 * start while the base's last ones run, on threads or MPI ranks; each
 * replication's daily series is costed as it finishes (finance.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"

/* One scenario of the batch. */
typedef struct fin_job {
    const scenario *sc;
    const char *canonical;
    fin_run *r;
    series_list sl;
    cost_series cs;
    kpi_list kl;
    int has_sl, has_cs;
    experiment_hooks store;      /* the store's hooks, or none */
    experiment_hooks h;
    int rc;                      /* -1 until it completed */
} fin_job;

typedef struct fin_batch {
    fin_job *jobs;
    size_t n, given;
} fin_batch;

static int finished(void *ud, const experiment *e, long rep,
                    const double *daily)
{
    fin_job *j = ud;
    if (!daily)
        return -1;
    if (j->store.finished && j->store.finished(j->store.ud, e, rep, daily))
        return -1;
    fin_run_add_daily(j->r, &j->cs, &j->sl, rep, daily);
    return 0;
}

static int batch_next(void *ud, experiment_job *job, char *err,
                      size_t errlen)
{
    (void)err;
    (void)errlen;
    fin_batch *b = ud;
    if (b->given >= b->n)
        return 0;
    fin_job *j = &b->jobs[b->given++];
    *job = (experiment_job){.sc = j->sc, .canonical = j->canonical,
                            .reps = j->r->reps, .hooks = &j->h, .tag = j};
    return 1;
}

static int batch_done(void *ud, const experiment_job *job, experiment *e,
                      int rc, const char *err)
{
    (void)ud;
    (void)err;
    fin_job *j = job->tag;
    j->rc = rc;
    experiment_free(e); /* the costs were taken as each finished */
    return rc;
}

/* Sets up job j: series, costs by year, the store's experiment. */
static int job_prepare(fin_job *j, store *st, char *err, size_t errlen)
{
    memset(j->r, 0, sizeof *j->r);
    if (network_series(j->sc, &j->sl) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    j->has_sl = 1;
    if (cost_series_init(&j->cs, j->sc, &j->sl) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    j->has_cs = 1;
    if (fin_run_prepare(j->sc, j->sl.days, j->r, err, errlen) != 0)
        return -1;
    if (st) {
        if (network_kpis(j->sc, &j->kl) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        if (store_begin(st, j->sc, j->canonical ? j->canonical : "", &j->kl,
                        &j->sl, err, errlen) != 0)
            return -1;
        j->store = store_hooks(st, &j->sl);
    }
    j->h = (experiment_hooks){.series = &j->sl, .finished = finished,
                              .ud = j};
    return 0;
}

int fin_run_scenarios(const scenario *const *sc, size_t n, int threads,
                      const experiment_executor *ex, store *const *st,
                      const char *const *canonical, fin_run *const *r,
                      size_t *failed, char *err, size_t errlen)
{
    fin_job *jobs = calloc(n, sizeof *jobs);
    if (!jobs) {
        snprintf(err, errlen, "out of memory");
        *failed = 0;
        return -1;
    }
    int rc = 0;
    long most = 0;
    size_t prepared = 0;
    *failed = n;
    for (size_t i = 0; i < n; i++, prepared++) {
        jobs[i] = (fin_job){.sc = sc[i], .r = r[i], .rc = -1,
                            .canonical = canonical ? canonical[i] : NULL};
        if (job_prepare(&jobs[i], st ? st[i] : NULL, err, errlen) != 0) {
            *failed = i;
            rc = -1;
            break;
        }
        if (r[i]->reps > most)
            most = r[i]->reps;
    }
    if (!rc) {
        fin_batch b = {jobs, n, 0};
        /* under mpirun the replications go to every rank, which rebuild
         * the scenarios from their canonical texts */
        experiment_source src = {.next = batch_next, .done = batch_done,
                                 .ud = &b,
                                 .executor = canonical ? ex : NULL};
        if (most > 0 && threads > most * (long)n)
            threads = (int)(most * (long)n);
        rc = experiment_run_many(&src, threads, err, errlen) != 0 ? -1 : 0;
        for (size_t i = 0; i < n && *failed == n; i++)
            if (jobs[i].rc)
                *failed = i;
        if (*failed < n)
            rc = -1;
    }
    for (size_t i = 0; i < n && i <= prepared; i++) {
        kpi_list_free(&jobs[i].kl);
        if (jobs[i].has_cs)
            cost_series_free(&jobs[i].cs);
        if (jobs[i].has_sl)
            series_list_free(&jobs[i].sl);
        if (rc && r[i]->act)
            fin_run_free(r[i]);
    }
    free(jobs);
    return rc;
}

int fin_run_scenario(const scenario *sc, int threads, fin_run *r, char *err,
                     size_t errlen)
{
    size_t failed;
    return fin_run_scenarios(&sc, 1, threads, NULL, NULL, NULL, &r, &failed,
                             err, errlen);
}
