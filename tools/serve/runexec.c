/* runexec.c -- running one setting: its replications, a snapshot for
 * the readers after each, its result when done (runs_int.h). */
#include "runs.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "experiment.h"
#include "format.h"
#include "headline.h"
#include "json.h"
#include "load.h"
#include "output.h"
#include "runs_int.h"
#include "precision.h"
#include "stored.h"
#include "weekly.h"

/* One setting being run by the worker: what its hook needs. */
typedef struct job {
    runs *rs;
    serve_run *r;
    unsigned char *done;        /* replications finished */
    long n_done;
    double *scratch;            /* 3 x reps doubles */
    series_list sl;             /* the daily series, by week */
    serve_weekly wk;
    int has_wk;
    experiment_hooks stored;    /* the store's, or none */
} job;

static char *runs_memtext(void (*fn)(FILE *, const void *), const void *a)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fn(f, a);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* "mean": m, "ci95": [lo, hi]; the interval null until two
 * replications give one (one alone has no spread to show). */
static void runs_json_ci(FILE *f, const kpi_summary *s)
{
    fputs("\"mean\": ", f);
    json_num(f, s->mean);
    if (s->n < 2) {
        fputs(", \"ci95\": null", f);
        return;
    }
    fputs(", \"ci95\": [", f);
    json_num(f, s->lo);
    fputs(", ", f);
    json_num(f, s->hi);
    fputc(']', f);
}

/* The headline KPIs of the replications done so far, and their paired
 * differences from the base's same replications. */
static void runs_kpis_json(FILE *f, const job *j, const experiment *e)
{
    runs *rs = j->rs;
    fputc('[', f);
    for (size_t h = 0; h < rs->n_head; h++) {
        long k = kpi_list_lookup(&e->kpis, rs->head_names[h]);
        long kb = rs->base_ok ? kpi_list_lookup(&rs->base.kpis,
                                                rs->head_names[h])
                              : -1;
        if (k < 0)
            continue;
        size_t nk = e->kpis.n, nb = rs->base.kpis.n, m = 0, md = 0;
        double *v = j->scratch, *d = j->scratch + e->reps;
        for (long r = 0; r < e->reps; r++) {
            if (!j->done[r])
                continue;
            double x = e->values[(size_t)r * nk + (size_t)k];
            v[m++] = x;
            if (kb >= 0 && r < rs->base.reps)
                d[md++] = x - rs->base.values[(size_t)r * nb + (size_t)kb];
        }
        kpi_summary s, sd;
        double *tmp = j->scratch + 2 * e->reps;
        summarise_values(v, m, 1, tmp, &s);
        summarise_values(d, md, 1, tmp, &sd);
        j->r->mean[h] = s.mean;
        j->r->diff[h] = sd.mean;
        const kpi_def *def = &e->kpis.defs[k];
        fputs(h ? ",\n  {\"name\": " : "{\"name\": ", f);
        json_str(f, def->name);
        fputs(", \"label\": ", f);
        json_str(f, def->info ? def->info->label : def->name);
        fputs(", \"unit\": ", f);
        json_str(f, def->unit);
        fputs(", ", f);
        runs_json_ci(f, &s);
        fprintf(f, ", \"n\": %ld, \"diff\": ", s.n);
        if (kb >= 0 && md > 0) {
            fputc('{', f);
            runs_json_ci(f, &sd);
            fputc('}', f);
        } else {
            fputs("null", f);
        }
        fputc('}', f);
    }
    fputc(']', f);
}

typedef struct kpis_arg {
    const job *j;
    const experiment *e;
} kpis_arg;

static void runs_kpis_thunk(FILE *f, const void *a)
{
    const kpis_arg *k = a;
    runs_kpis_json(f, k->j, k->e);
}

static void runs_series_thunk(FILE *f, const void *a)
{
    const job *j = ((const kpis_arg *)a)->j;
    weekly_json(f, &j->wk, j->rs->base_has_wk ? &j->rs->base_wk : NULL,
                j->scratch);
}

/* A replication finished: a new snapshot for the readers; stop when the
 * setting was cancelled or the server closes. */
static int runs_finished(void *ud, const experiment *e, long r,
                         const double *daily)
{
    job *j = ud;
    if (j->stored.finished &&
        j->stored.finished(j->stored.ud, e, r, daily) != 0)
        return -1; /* the store failed: stop */
    j->done[r] = 1;
    j->n_done++;
    kpis_arg a = {j, e};
    char *text = runs_memtext(runs_kpis_thunk, &a), *series = NULL;
    if (j->has_wk) {
        weekly_add(&j->wk, r, daily);
        series = runs_memtext(runs_series_thunk, &a);
    }
    pthread_mutex_lock(&j->rs->mu);
    if (text) {
        free(j->r->kpis_json);
        j->r->kpis_json = text;
    }
    if (series) {
        free(j->r->series_json);
        j->r->series_json = series;
    }
    j->r->done = j->n_done;
    j->r->version++;
    int stop = atomic_load(&j->r->cancel) || j->rs->closing;
    pthread_cond_broadcast(&j->rs->changed);
    pthread_mutex_unlock(&j->rs->mu);
    return stop ? -1 : 0;
}

/* Before running: the replications the store has already (--store) are
 * read back, and shown at once. */
static int runs_load(void *ud, experiment *e, unsigned char *done)
{
    job *j = ud;
    if (j->stored.load(j->stored.ud, e, done) != 0)
        return -1;
    long n = 0;
    for (long r = 0; r < e->reps; r++)
        if (done[r]) {
            j->done[r] = 1;
            n++;
        }
    j->n_done = n;
    kpis_arg a = {j, e};
    char *text = n ? runs_memtext(runs_kpis_thunk, &a) : NULL;
    pthread_mutex_lock(&j->rs->mu);
    if (text) {
        free(j->r->kpis_json);
        j->r->kpis_json = text;
    }
    j->r->done = n;
    j->r->resumed = n;
    j->r->version++;
    pthread_cond_broadcast(&j->rs->changed);
    pthread_mutex_unlock(&j->rs->mu);
    return 0;
}

static void runs_output_thunk(FILE *f, const void *a)
{
    output_write(f, a, FORMAT_JSON, NULL);
}

/* The base's headline KPIs (whole-run ones, not a month's), and its
 * total cost when it has costs: (the setting's difference from the base
 * is then its cost, negative a saving), named, for every later setting. */
static void runs_pick_headline(runs *rs, const kpi_list *kpis)
{
    size_t idx[64];
    size_t n = headline_pick(kpis, idx, 64);
    long cost = kpi_list_lookup(kpis, "cost.total");
    if (cost >= 0 && n < 64)
        idx[n++] = (size_t)cost;
    for (size_t i = 0; i < n && rs->n_head < RUNS_HEADLINE_MAX; i++) {
        if (kpis->defs[idx[i]].month >= 0)
            continue;
        rs->head_names[rs->n_head] = strdup(kpis->defs[idx[i]].name);
        if (rs->head_names[rs->n_head])
            rs->n_head++;
    }
}

/* Runs the replications of a setting: all of them at once, or with
 * --precision in rounds (each reading the earlier ones back from the
 * store) until the headline KPIs are precise enough or the cap is
 * reached, the reason kept for the snapshot. */
static int runs_rounds(runs *rs, serve_run *r, const scenario *sc,
                       const experiment_hooks *hooks, experiment *e,
                       char *err, size_t errlen)
{
    if (!(rs->precision > 0))
        return experiment_run_hooks(sc, rs->reps, rs->threads, hooks, e,
                                    err, errlen);
    long n = rs->reps < PRECISION_FIRST_ROUND ? rs->reps
                                              : PRECISION_FIRST_ROUND;
    for (;;) {
        int rc = experiment_run_hooks(sc, n, rs->threads, hooks, e, err,
                                      errlen);
        if (rc)
            return rc;
        char why[PRECISION_WHY_MAX];
        int ok = precision_reached(e, rs->head_names, rs->n_head,
                                   rs->precision, why, sizeof why);
        if (ok || n == rs->reps) {
            pthread_mutex_lock(&rs->mu);
            snprintf(r->stopped, sizeof r->stopped, "%s", why);
            pthread_mutex_unlock(&rs->mu);
            return 0;
        }
        experiment_free(e);
        *e = (experiment){0};
        n = n > rs->reps / 2 ? rs->reps : 2 * n;
    }
}

/* Runs one setting: loads the scenario with its --set overrides, runs
 * its replications with the snapshot hook, keeps the result.  Called
 * without the lock. */
void runs_execute(runs *rs, serve_run *r, int is_base)
{
    char sets[LEVER_MAX][LEVER_SET_MAX];
    const char *setp[LEVER_MAX];
    size_t n_sets = lever_sets(rs->levers, r->values, sets);
    for (size_t i = 0; i < n_sets; i++)
        setp[i] = sets[i];
    char err[LOAD_ERR_MAX] = "", *canonical = NULL;
    /* --store, or rounds of --precision (a store in memory) */
    int stored = rs->store_path || rs->precision > 0;
    scenario *sc = load_scenario(rs->path, setp, n_sets,
                                 stored ? &canonical : NULL, err,
                                 sizeof err);
    experiment e = {0};
    job j = {.rs = rs, .r = r};
    store *st = NULL;
    int rc = -1;
    if (sc && stored &&
        !(st = stored_open(rs->store_path, sc, canonical, &j.stored, err,
                           sizeof err))) {
        scenario_free(sc);
        sc = NULL;
    }
    if (sc) {
        j.done = calloc((size_t)rs->reps, 1);
        j.scratch = malloc(3 * (size_t)rs->reps * sizeof(double));
        if (is_base && rs->n_head == 0) {
            kpi_list kl;
            if (network_kpis(sc, &kl) == 0) {
                runs_pick_headline(rs, &kl);
                kpi_list_free(&kl);
            }
        }
        experiment_hooks hooks = {.finished = runs_finished, .ud = &j,
                                  .load = st ? runs_load : NULL};
        if (network_series(sc, &j.sl) == 0) {
            j.has_wk = weekly_init(&j.wk, &j.sl, sc, rs->reps) == 0;
            if (j.has_wk)
                hooks.series = &j.sl;
            else
                series_list_free(&j.sl);
        }
        if (j.done && j.scratch)
            rc = runs_rounds(rs, r, sc, &hooks, &e, err, sizeof err);
        else
            snprintf(err, sizeof err, "out of memory");
    }
    char *result = rc == 0 ? runs_memtext(runs_output_thunk, &e) : NULL;
    if (st && rs->store_path && result && !is_base &&
        stored_record(st, rs->name, rs->reps, sc->seed, &rs->study,
                      &rs->position, rs->levers, r->values) != 0)
        fprintf(stderr, "flowsim serve: %s: %s\n", rs->store_path,
                store_error(st)); /* the result stands; only its entry
                                     in the history is missing */
    store_close(st);
    free(canonical);
    pthread_mutex_lock(&rs->mu);
    r->result = result;
    r->state = rc == 0 && result ? RUN_DONE
               : atomic_load(&r->cancel) || rs->closing ? RUN_CANCELLED
                                                       : RUN_FAILED;
    if (r->state == RUN_FAILED)
        r->error = strdup(err[0] ? err : "out of memory");
    if (is_base && r->state == RUN_DONE) {
        rs->base = e;
        rs->base_sc = sc;
        rs->base_ok = 1;
        e = (experiment){0};
        sc = NULL;
        if (j.has_wk) {
            rs->base_sl = j.sl;
            rs->base_wk = j.wk;
            rs->base_has_wk = 1;
            j.has_wk = 0;
        }
    }
    r->version++;
    pthread_cond_broadcast(&rs->changed);
    pthread_mutex_unlock(&rs->mu);
    if (rc == 0)
        experiment_free(&e);
    scenario_free(sc);
    if (j.has_wk) {
        weekly_free(&j.wk);
        series_list_free(&j.sl);
    }
    free(j.done);
    free(j.scratch);
}
