/* experiment.c -- replications on a pool of threads, and their summary. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "experiment.h"
#include "sched.h"

/* A batch on this process's threads: the scheduler under one lock. */
typedef struct batch {
    sched s;
    pthread_mutex_t lock;       /* the scheduler and every callback */
    pthread_cond_t wake;        /* a task came back: more may be ready */
    long seq;
} batch;

int experiment_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Each thread takes the next task of the batch until it is over; the
 * replication runs outside the lock, into its own row of the results. */
static void *worker(void *arg)
{
    batch *b = arg;
    double *daily = NULL;
    size_t cap = 0;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        sched_exp *x;
        long r;
        if (!sched_take(&b->s, &x, &r)) {
            if (sched_over(&b->s))
                break;
            pthread_cond_wait(&b->wake, &b->lock);
            continue;
        }
        const series_list *sl = x->job.hooks ? x->job.hooks->series : NULL;
        /* x->nd + 1 doubles fit in a size_t (sched_setup checked it);
         * the test keeps this allocation safe on its own. */
        if (sl && x->nd + 1 > cap) {
            double *d = x->nd < (size_t)-1 / sizeof *d - 1
                            ? realloc(daily, (x->nd + 1) * sizeof *d)
                            : NULL;
            if (!d) {
                run_info *info = &x->e.info[r];
                snprintf(info->stopped, sizeof info->stopped,
                         "out of memory for the daily series");
                sched_finish(&b->s, x, r, info,
                             x->e.values + (size_t)r * x->nk, NULL);
                continue;
            }
            daily = d;
            cap = x->nd + 1;
        }
        experiment *e = &x->e;
        double *row = e->values + (size_t)r * x->nk;
        pthread_mutex_unlock(&b->lock);
        network_run_series(e->sc, (uint64_t)r, &e->kpis, row, sl, daily,
                           &e->info[r], NULL, NULL);
        pthread_mutex_lock(&b->lock);
        sched_finish(&b->s, x, r, &e->info[r], row, sl ? daily : NULL);
        pthread_cond_broadcast(&b->wake);
    }
    pthread_cond_broadcast(&b->wake);
    pthread_mutex_unlock(&b->lock);
    free(daily);
    return NULL;
}

int experiment_run_many(const experiment_source *src, int threads,
                        char *err, size_t errlen)
{
    if (src->executor)
        return src->executor->execute(src->executor->ud, src, threads, err,
                                      errlen);
    if (threads <= 0)
        threads = experiment_cores();
    if (threads > EXPERIMENT_MAX_THREADS)
        threads = EXPERIMENT_MAX_THREADS;
    batch b = {.seq = 0};
    sched_init(&b.s, src, &b.seq);
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.wake, NULL);
    pthread_t tid[EXPERIMENT_MAX_THREADS];
    int started = 0;
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&tid[i], NULL, worker, &b) != 0)
            break;
        started++;
    }
    worker(&b);
    for (int i = 1; i <= started; i++)
        pthread_join(tid[i], NULL);
    int rc = sched_end(&b.s, err, errlen);
    pthread_cond_destroy(&b.wake);
    pthread_mutex_destroy(&b.lock);
    return rc;
}

/* ---- one experiment: a batch of one ---- */

static int single_next(void *ud, experiment_job *job, char *err,
                       size_t errlen)
{
    (void)err;
    (void)errlen;
    experiment_single *s = ud;
    if (s->given)
        return 0;
    s->given = 1;
    *job = s->job;
    return 1;
}

static int single_done(void *ud, const experiment_job *job, experiment *e,
                       int rc, const char *err)
{
    (void)job;
    (void)err;
    experiment_single *s = ud;
    *s->out = *e; /* kept, failed or not: the caller frees it */
    s->rc = rc;
    return rc;
}

experiment_source experiment_single_source(experiment_single *s)
{
    memset(s->out, 0, sizeof *s->out);
    s->given = 0;
    s->rc = -1;
    return (experiment_source){.next = single_next, .done = single_done,
                               .ud = s};
}

int experiment_run(const scenario *sc, long reps, int threads,
                   experiment *out, char *err, size_t errlen)
{
    return experiment_run_hooks(sc, reps, threads, NULL, out, err, errlen);
}

int experiment_run_hooks(const scenario *sc, long reps, int threads,
                         const experiment_hooks *hooks, experiment *out,
                         char *err, size_t errlen)
{
    experiment_single s = {.job = {.sc = sc, .reps = reps, .hooks = hooks},
                           .out = out};
    experiment_source src = experiment_single_source(&s);
    if (threads <= 0)
        threads = experiment_cores();
    if (threads > reps)
        threads = reps > 0 ? (int)reps : 1;
    if (experiment_run_many(&src, threads, err, errlen) != 0 || s.rc) {
        experiment_free(out);
        return -1;
    }
    return 0;
}

void experiment_free(experiment *e)
{
    kpi_list_free(&e->kpis);
    free(e->values);
    free(e->info);
    memset(e, 0, sizeof *e);
}

void summarise_values(const double *v, size_t n, size_t stride,
                      double *scratch, kpi_summary *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i * stride]))
            scratch[m++] = v[i * stride];
    *out = (kpi_summary){.n = (long)m, .mean = NAN, .sd = NAN, .lo = NAN,
                         .hi = NAN, .p5 = NAN, .p95 = NAN};
    if (m == 0)
        return;
    out->mean = gsl_stats_mean(scratch, 1, m);
    gsl_sort(scratch, 1, m);
    out->p5 = gsl_stats_quantile_from_sorted_data(scratch, 1, m, 0.05);
    out->p95 = gsl_stats_quantile_from_sorted_data(scratch, 1, m, 0.95);
    if (m < 2) {
        out->lo = out->hi = out->mean;
        return;
    }
    out->sd = gsl_stats_sd_m(scratch, 1, m, out->mean);
    double half = gsl_cdf_tdist_Pinv(0.975, (double)(m - 1)) * out->sd /
                  sqrt((double)m);
    out->lo = out->mean - half;
    out->hi = out->mean + half;
}

double paired_width_ratio(const kpi_summary *base, const kpi_summary *alt,
                          const kpi_summary *diff)
{
    /* With n replications on each side every width is t(n-1) sd / sqrt(n)
     * with the same t and n, so the ratio of widths is that of the
     * standard deviations (and stays so where a CI is shown clipped). */
    if (base->n < 2 || alt->n < 2 || diff->n < 2)
        return NAN;
    double indep = hypot(base->sd, alt->sd);
    if (!(indep > 0) || !isfinite(diff->sd))
        return NAN;
    return diff->sd / indep;
}

double paired_width_floor(const kpi_summary *base, const kpi_summary *alt)
{
    if (base->n < 2 || alt->n < 2)
        return NAN;
    double indep = hypot(base->sd, alt->sd);
    if (!(indep > 0))
        return NAN;
    return fabs(base->sd - alt->sd) / indep;
}

void summary_clip(kpi_summary *s, kpi_kind kind, int diff)
{
    double lo, hi;
    kpi_kind_range(kind, &lo, &hi);
    if (diff) {
        double w = hi - lo;
        lo = -w;
        hi = w;
    }
    /* never past the mean: a mean outside the range means the range is
     * not this KPI's, and the interval is left as it is */
    if (s->lo < lo && !(s->mean < lo))
        s->lo = lo;
    if (s->hi > hi && !(s->mean > hi))
        s->hi = hi;
}

double experiment_precision(const experiment *e, const size_t *idx, size_t n,
                            size_t *worst)
{
    double rel = 0;
    *worst = n ? idx[0] : 0;
    for (size_t i = 0; i < n; i++) {
        kpi_summary s;
        experiment_summarise(e, idx[i], &s);
        if (s.n < 2 || !(fabs(s.mean) > 1e-12))
            continue; /* nothing to be precise about */
        double r = (s.hi - s.lo) / 2 / fabs(s.mean);
        if (!(r <= rel)) {
            rel = r;
            *worst = idx[i];
        }
    }
    return rel;
}

void experiment_summarise(const experiment *e, size_t k, kpi_summary *out)
{
    double *scratch = malloc((size_t)e->reps * sizeof *scratch);
    if (!scratch) {
        *out = (kpi_summary){.n = 0, .mean = NAN};
        return;
    }
    summarise_values(e->values + k, (size_t)e->reps, e->kpis.n, scratch, out);
    summary_clip(out, e->kpis.defs[k].info->kind, 0);
    free(scratch);
}
