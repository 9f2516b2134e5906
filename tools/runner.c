/* runner.c -- experiments with the store and the progress bar. */
#include <stdio.h>
#include <string.h>
#include "progress.h"
#include "runner.h"
#include "store.h"

typedef struct run_ctx {
    experiment_hooks store;   /* the store's own hooks, or none */
    progress bar;
} run_ctx;

static int load(void *ud, experiment *e, unsigned char *done)
{
    run_ctx *c = ud;
    int rc = c->store.load ? c->store.load(c->store.ud, e, done) : 0;
    for (long r = 0; r < e->reps; r++)
        if (done[r])
            c->bar.total--;
    return rc;
}

static int finished(void *ud, const experiment *e, long r, const double *d)
{
    run_ctx *c = ud;
    int rc = c->store.finished ? c->store.finished(c->store.ud, e, r, d) : 0;
    progress_tick(&c->bar);
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

int runner_run(const run_options *o, scenario *sc, const char *canonical,
               experiment *e)
{
    if (o->has_seed)
        sc->seed = o->seed;
    long reps = o->replications ? o->replications : sc->replications;
    sc->replications = reps;
    char err[512];
    store *st = NULL;
    kpi_list kpis = {0};
    series_list series = {0};
    run_ctx c = {0};
    int rc = 0;
    if (o->store) {
        st = store_open(o->store, err, sizeof err);
        if (!st || network_kpis(sc, &kpis) != 0 ||
            (o->series && network_series(sc, &series) != 0) ||
            store_begin(st, sc, canonical ? canonical : "", &kpis,
                        o->series ? &series : NULL, err, sizeof err) != 0) {
            fprintf(stderr, "flowsim: %s: %s\n", o->store, err);
            rc = EXIT_IO;
            goto done;
        }
        c.store = store_hooks(st, o->series ? &series : NULL);
        if (record_study(st, o, sc, reps) != 0) {
            fprintf(stderr, "flowsim: %s: %s\n", o->store, store_error(st));
            rc = EXIT_IO;
            goto done;
        }
    }
    progress_start(&c.bar, sc->name, reps, o->quiet);
    experiment_hooks h = {.load = load, .finished = finished, .ud = &c,
                          .series = c.store.series};
    if (experiment_run_hooks(sc, reps, o->threads, &h, e, err, sizeof err)) {
        progress_end(&c.bar);
        fprintf(stderr, "flowsim: %s: %s%s%s\n", sc->path, err,
                st && store_error(st)[0] ? ": " : "",
                st ? store_error(st) : "");
        experiment_free(e);
        rc = st && store_error(st)[0] ? EXIT_IO : EXIT_RUN_FAILED;
        goto done;
    }
    progress_end(&c.bar);
    if (st && store_resumed(st) > 0 && !o->quiet)
        fprintf(stderr, "flowsim: %s: resumed %ld of %ld replications from "
                        "%s\n",
                sc->path, store_resumed(st), reps, o->store);
done:
    kpi_list_free(&kpis);
    series_list_free(&series);
    store_close(st);
    return rc;
}
