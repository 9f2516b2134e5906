/* runner.c -- experiments with the store and the progress bar. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "cluster.h"
#include "headline.h"
#include "progress.h"
#include "runner.h"
#include "store.h"

typedef struct run_ctx {
    experiment_hooks store;   /* the store's own hooks, or none */
    progress bar;
    interrupt *stop;
    const char *canonical;    /* for the MPI ranks (cluster.h) */
    long shard_k, shard_n;    /* --shard K/N, or shard_n 0 */
} run_ctx;

static int load(void *ud, experiment *e, unsigned char *done)
{
    run_ctx *c = ud;
    int rc = c->store.load ? c->store.load(c->store.ud, e, done) : 0;
    for (long r = 0; r < e->reps; r++) {
        if (c->shard_n > 0 && r % c->shard_n != c->shard_k)
            done[r] = 1; /* another shard's: left out (NAN) */
        if (done[r])
            c->bar.total--;
    }
    return rc;
}

static int finished(void *ud, const experiment *e, long r, const double *d)
{
    run_ctx *c = ud;
    int rc = c->store.finished ? c->store.finished(c->store.ud, e, r, d) : 0;
    progress_tick(&c->bar);
    if (c->stop && interrupt_requested(c->stop))
        return -1; /* this one is kept; no more start */
    return rc;
}

/* Starts the study (position 0) or joins the last one of this kind. */
static int record_study(store *st, const run_options *o, const scenario *sc,
                        long reps)
{
    const char *kind = o->study_kind ? o->study_kind : "run";
    long study = o->position == 0
                     ? store_study_new(st, kind, sc->name, reps, sc->seed)
                     : store_study_last(st, kind);
    if (study < 0)
        return -1;
    return store_study_add(st, study, o->position,
                           o->label ? o->label : sc->name, o->params);
}

/* The worst ratio, over the headline KPIs, of the 95% CI half-width to
 * precision x |mean| (<= 1: precise enough); its KPI in *worst. */
static double precision_ratio(const experiment *e, double precision,
                              size_t *worst)
{
    size_t idx[16];
    size_t n = headline_pick(&e->kpis, idx, 16);
    double ratio = 0;
    *worst = n ? idx[0] : 0;
    for (size_t i = 0; i < n; i++) {
        kpi_summary s;
        experiment_summarise(e, idx[i], &s);
        if (s.n < 2 || !(fabs(s.mean) > 1e-12))
            continue; /* nothing to be precise about */
        double r = (s.hi - s.lo) / 2 / (precision * fabs(s.mean));
        if (!(r <= ratio)) {
            ratio = r;
            *worst = idx[i];
        }
    }
    return ratio;
}

/* One experiment of reps replications, resuming from the store. */
static int run_round(const run_options *o, scenario *sc, store *st,
                     run_ctx *c, long reps, experiment *e)
{
    char err[512];
    sc->replications = reps;
    progress_start(&c->bar, sc->name, reps, o->quiet);
    experiment_hooks h = {.load = load, .finished = finished, .ud = c,
                          .series = c->store.series};
    cluster_hooks(&h, c->canonical, o->threads);
    if (experiment_run_hooks(sc, reps, o->threads, &h, e, err, sizeof err)) {
        progress_end(&c->bar);
        if (c->stop && interrupt_requested(c->stop)) {
            fprintf(stderr, "flowsim: %s: interrupted; %s%s%s run the same "
                            "command again to resume\n",
                    sc->path, st && o->store ? "every finished replication "
                                               "is kept in "
                                             : "nothing was stored (no "
                                               "store);",
                    st && o->store ? o->store : "",
                    st && o->store ? ";" : "");
            experiment_free(e);
            return EXIT_INTERRUPTED;
        }
        fprintf(stderr, "flowsim: %s: %s%s%s\n", sc->path, err,
                st && store_error(st)[0] ? ": " : "",
                st ? store_error(st) : "");
        experiment_free(e);
        return st && store_error(st)[0] ? EXIT_IO : EXIT_RUN_FAILED;
    }
    progress_end(&c->bar);
    return 0;
}

int runner_run(const run_options *o, scenario *sc, const char *canonical,
               experiment *e)
{
    if (o->has_seed)
        sc->seed = o->seed;
    long reps = o->replications ? o->replications : sc->replications;
    char err[512];
    store *st = NULL;
    kpi_list kpis = {0};
    series_list series = {0};
    run_ctx c = {.stop = o->stop, .canonical = canonical,
                 .shard_k = o->shard_k, .shard_n = o->shard_n};
    int rc = 0;
    /* --precision without a store still reuses earlier rounds: in memory. */
    const char *path = o->store ? o->store
                       : o->precision > 0 ? ":memory:"
                                          : NULL;
    int want_series = o->series && o->store;
    if (path) {
        st = store_open(path, err, sizeof err);
        if (!st || network_kpis(sc, &kpis) != 0 ||
            (want_series && network_series(sc, &series) != 0) ||
            store_begin(st, sc, canonical ? canonical : "", &kpis,
                        want_series ? &series : NULL, err, sizeof err) != 0) {
            fprintf(stderr, "flowsim: %s: %s\n", path, err);
            rc = EXIT_IO;
            goto done;
        }
        c.store = store_hooks(st, want_series ? &series : NULL);
    }
    long max = o->max_replications > reps ? o->max_replications : reps;
    for (;;) {
        if ((rc = run_round(o, sc, st, &c, reps, e)) != 0)
            goto done;
        if (!(o->precision > 0))
            break;
        size_t worst;
        double r = precision_ratio(e, o->precision, &worst);
        if (r <= 1 || reps >= max) {
            if (!o->quiet)
                fprintf(stderr, "flowsim: %s: precision %g%% %s with %ld "
                                "replications (worst: %s, half-width %.3g "
                                "of the allowed)\n",
                        sc->path, 100 * o->precision,
                        r <= 1 ? "reached" : "NOT reached", reps,
                        e->kpis.defs[worst].name, r);
            break;
        }
        /* The half-width falls as 1/sqrt(n): aim a little past it. */
        long next = (long)ceil((double)reps * r * r * 1.1);
        if (next < reps + 2)
            next = reps + 2;
        reps = next < max ? next : max;
        experiment_free(e);
    }
    if (st && o->store && record_study(st, o, sc, reps) != 0) {
        fprintf(stderr, "flowsim: %s: %s\n", o->store, store_error(st));
        experiment_free(e);
        rc = EXIT_IO;
        goto done;
    }
    if (st && o->store && store_resumed(st) > 0 && !o->quiet)
        fprintf(stderr, "flowsim: %s: resumed %ld of %ld replications from "
                        "%s\n",
                sc->path, store_resumed(st), reps, o->store);
    if (o->shard_n > 0)
        fprintf(stderr, "flowsim: %s: shard %ld/%ld: only replications r "
                        "with r %% %ld = %ld ran, so these figures are "
                        "this shard's; combine the shards' stores with "
                        "flowsim merge\n",
                sc->path, o->shard_k, o->shard_n, o->shard_n, o->shard_k);
done:
    kpi_list_free(&kpis);
    series_list_free(&series);
    store_close(st);
    return rc;
}
