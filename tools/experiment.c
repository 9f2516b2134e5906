/* experiment.c -- replications on a pool of threads, and their summary. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "experiment.h"

typedef struct job {
    experiment *e;
    const experiment_hooks *hooks;
    const unsigned char *done;  /* replications already known */
    atomic_long next;           /* next replication to run */
    atomic_int stop;            /* a hook asked to stop */
    pthread_mutex_t lock;       /* hooks run one at a time */
} job;

int experiment_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Each worker takes the next replication number until none remain. */
static void *worker(void *arg)
{
    job *j = arg;
    experiment *e = j->e;
    const experiment_hooks *h = j->hooks;
    const series_list *sl = h ? h->series : NULL;
    double *daily = sl ? malloc((sl->days * sl->n + 1) * sizeof *daily)
                       : NULL;
    if (sl && !daily) {
        atomic_store(&j->stop, 1);
        return NULL;
    }
    while (!atomic_load(&j->stop)) {
        long r = atomic_fetch_add(&j->next, 1);
        if (r >= e->reps)
            break;
        if (j->done && j->done[r])
            continue;
        network_run_series(e->sc, (uint64_t)r, &e->kpis,
                           e->values + (size_t)r * e->kpis.n, sl, daily,
                           &e->info[r], NULL, NULL);
        if (h && h->finished && !e->info[r].stopped[0]) {
            pthread_mutex_lock(&j->lock);
            if (h->finished(h->ud, e, r, daily) != 0)
                atomic_store(&j->stop, 1);
            pthread_mutex_unlock(&j->lock);
        }
    }
    free(daily);
    return NULL;
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
    unsigned char *done = NULL;
    memset(out, 0, sizeof *out);
    out->sc = sc;
    out->reps = reps;
    if (network_kpis(sc, &out->kpis) != 0)
        goto oom;
    out->values = malloc((size_t)reps * out->kpis.n * sizeof(double));
    out->info = calloc((size_t)reps, sizeof *out->info);
    if (!out->values || !out->info)
        goto oom;
    for (size_t i = 0; i < (size_t)reps * out->kpis.n; i++)
        out->values[i] = NAN;
    if (hooks) {
        done = calloc((size_t)reps, 1);
        if (!done)
            goto oom;
    }
    if (hooks && hooks->load) {
        if (hooks->load(hooks->ud, out, done) != 0) {
            snprintf(err, errlen, "could not read the results store");
            free(done);
            return -1;
        }
    }
    if (threads <= 0)
        threads = experiment_cores();
    if (threads > EXPERIMENT_MAX_THREADS)
        threads = EXPERIMENT_MAX_THREADS;
    if (threads > reps)
        threads = (int)reps;
    if (hooks && hooks->execute) {
        int rc = hooks->execute(hooks->exec_ud, out, done, hooks, err,
                                errlen);
        free(done);
        if (rc != 0)
            return -1;
        for (long r = 0; r < reps; r++)
            if (out->info[r].stopped[0]) {
                snprintf(err, errlen, "replication %ld stopped: %s", r,
                         out->info[r].stopped);
                return -1;
            }
        return 0;
    }
    job j = {.e = out, .hooks = hooks, .done = done};
    atomic_init(&j.next, 0);
    atomic_init(&j.stop, 0);
    pthread_mutex_init(&j.lock, NULL);
    pthread_t tid[EXPERIMENT_MAX_THREADS];
    int started = 0;
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&tid[i], NULL, worker, &j) != 0)
            break;
        started++;
    }
    worker(&j);
    for (int i = 1; i <= started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&j.lock);
    free(done);
    for (long r = 0; r < reps; r++)
        if (out->info[r].stopped[0]) {
            snprintf(err, errlen, "replication %ld stopped: %s", r,
                     out->info[r].stopped);
            return -1;
        }
    if (atomic_load(&j.stop)) {
        snprintf(err, errlen, "stopped before all replications ran");
        return -1;
    }
    return 0;
oom:
    snprintf(err, errlen, "out of memory setting up %ld replications", reps);
    return -1;
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

void experiment_summarise(const experiment *e, size_t k, kpi_summary *out)
{
    double *scratch = malloc((size_t)e->reps * sizeof *scratch);
    if (!scratch) {
        *out = (kpi_summary){.n = 0, .mean = NAN};
        return;
    }
    summarise_values(e->values + k, (size_t)e->reps, e->kpis.n, scratch, out);
    free(scratch);
}
