/* runner.c -- batches of experiments with the store, --precision rounds,
 * study records and the progress bar (runner.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "headline.h"
#include "progress.h"
#include "runner.h"
#include "store.h"
#include "text.h"

struct runner;

/* One experiment of the batch while it runs (one or more rounds). */
typedef struct point {
    struct runner *R;
    size_t i;
    scenario *sc;
    const char *canonical;
    run_options o;
    store *st;                /* its own connection, or NULL */
    kpi_list kpis;
    series_list series;
    int has_series;
    experiment_hooks store_h; /* the store's own hooks, or none */
    experiment_hooks h;       /* ours: store, shards, progress, Ctrl-C */
    long reps, max;
    struct point *again;      /* queued for another --precision round */
} point;

/* A member of the batch's study, kept until its turn (position order). */
typedef struct study_rec {
    int ready;
    long exp, reps;
    uint64_t seed;
    char *name, *label, *params;
    const char *kind;         /* "run", "compare" or "sweep" */
    int position;
} study_rec;

typedef struct runner {
    const run_options *o;
    const runner_batch *b;
    progress bar;
    size_t next_item;
    point *again_head, *again_tail;
    int rc;                   /* the first failure's exit status */
    study_rec *recs;
    size_t recorded;          /* members recorded so far, in order */
    long study;
} runner;

static int point_load(void *ud, experiment *e, unsigned char *done)
{
    point *p = ud;
    int rc = p->store_h.load ? p->store_h.load(p->store_h.ud, e, done) : 0;
    for (long r = 0; r < e->reps; r++) {
        if (p->o.shard_n > 0 && r % p->o.shard_n != p->o.shard_k)
            done[r] = 1; /* another shard's: left out (NAN) */
        if (!done[r])
            p->R->bar.total++;
    }
    return rc;
}

static int point_finished(void *ud, const experiment *e, long r,
                          const double *d)
{
    point *p = ud;
    int rc = p->store_h.finished
                 ? p->store_h.finished(p->store_h.ud, e, r, d)
                 : 0;
    progress_tick(&p->R->bar);
    if (p->o.stop && interrupt_requested(p->o.stop))
        return -1; /* this one is kept; no more start */
    return rc;
}

/* Frees what the point holds (not sc: the caller's). */
static void point_free(point *p)
{
    kpi_list_free(&p->kpis);
    if (p->has_series)
        series_list_free(&p->series);
    store_close(p->st);
    free(p);
}

/* Opens the point's store connection and experiment.  Returns 0 or an
 * exit status (after saying why). */
static int point_open_store(point *p)
{
    char err[512];
    const run_options *o = &p->o;
    /* --precision without a store still reuses earlier rounds: in memory */
    if (!o->store && !(o->precision > 0))
        return 0;
    int want_series = o->series && o->store;
    const series_list *sl = want_series ? &p->series : NULL;
    int status = EXIT_IO;
    p->st = store_open(o->store, &status, err, sizeof err);
    if (!p->st) {
        fprintf(stderr, "flowsim: %s\n", err); /* err names the path */
        return status;
    }
    if (network_kpis(p->sc, &p->kpis) != 0 ||
        (want_series && network_series(p->sc, &p->series) != 0)) {
        snprintf(err, sizeof err, "out of memory");
        goto fail;
    }
    p->has_series = want_series;
    if (store_begin(p->st, p->sc, p->canonical ? p->canonical : "",
                    &p->kpis, sl, err, sizeof err) != 0)
        goto fail;
    p->store_h = store_hooks(p->st, sl);
    return 0;
fail:
    fprintf(stderr, "flowsim: %s: %s\n", o->store ? o->store : "(memory)",
            err);
    return EXIT_IO;
}

/* The worst ratio, over the KPIs that must be precise (patterns, or the
 * headline KPIs), of the 95% CI half-width to precision x |mean| (<= 1:
 * precise enough); its KPI in *worst. */
static double precision_ratio(const experiment *e, double precision,
                              const char *patterns, size_t *worst)
{
    size_t head[16];
    size_t *idx = head;
    size_t n;
    *worst = 0;
    if (patterns) {
        idx = malloc((e->kpis.n + 1) * sizeof *idx);
        if (!idx)
            return INFINITY;
        n = headline_select(&e->kpis, patterns, idx);
    } else {
        n = headline_pick(&e->kpis, idx, 16);
    }
    double ratio = experiment_precision(e, idx, n, worst) / precision;
    if (idx != head)
        free(idx);
    return ratio;
}

/* Records the members of the study whose turn has come (position order:
 * points may complete in any order). */
static int runner_record(runner *R, store *st)
{
    for (; R->recorded < R->b->n && R->recs[R->recorded].ready;
         R->recorded++) {
        study_rec *m = &R->recs[R->recorded];
        const char *kind = m->kind;
        if (R->study < 0 || m->position == 0)
            R->study = m->position == 0
                           ? store_study_new(st, kind, m->name, m->reps,
                                             m->seed)
                           : store_study_last(st, kind);
        if (R->study < 0 ||
            store_study_add_exp(st, R->study, m->position, m->exp, m->label,
                                m->params) != 0)
            return -1;
    }
    return 0;
}

/* The point completed: its notes, its study record, its result. */
static int point_complete(point *p, experiment *e)
{
    runner *R = p->R;
    const run_options *o = &p->o;
    const scenario *sc = p->sc;
    if (p->st && o->store) {
        study_rec *m = &R->recs[p->i];
        m->exp = store_experiment(p->st);
        m->reps = p->reps;
        m->seed = sc->seed;
        m->position = o->position;
        m->kind = o->study_kind ? o->study_kind : "run";
        m->name = strdup(o->study_name ? o->study_name : sc->name);
        m->label = strdup(o->label ? o->label : sc->name);
        m->params = o->params ? strdup(o->params) : NULL;
        m->ready = 1;
        if (!m->name || !m->label || runner_record(R, p->st) != 0) {
            fprintf(stderr, "flowsim: %s: %s\n", o->store,
                    m->name && m->label ? store_error(p->st)
                                        : "out of memory");
            experiment_free(e);
            return EXIT_IO;
        }
        if (store_resumed(p->st) > 0 && !o->quiet)
            fprintf(stderr, "flowsim: %s: resumed %ld of %ld replications "
                            "from %s\n",
                    sc->path, store_resumed(p->st), p->reps, o->store);
    }
    if (o->shard_n > 0)
        fprintf(stderr, "flowsim: %s: shard %ld/%ld: only replications r "
                        "with r %% %ld = %ld ran, so these figures are "
                        "this shard's; combine the shards' stores with "
                        "flowsim merge\n",
                sc->path, o->shard_k, o->shard_n, o->shard_n, o->shard_k);
    return R->b->result(R->b->ud, p->i, e);
}

/* The status of a failed point, its reason said (the first one only: the
 * others then stop because of it). */
static int point_failed(point *p, const char *err)
{
    runner *R = p->R;
    const run_options *o = &p->o;
    store *st = p->st;
    if (R->rc)
        return R->rc;
    progress_end(&R->bar);
    if (o->stop && interrupt_requested(o->stop)) {
        fprintf(stderr, "flowsim: %s: interrupted; %s%s%s run the same "
                        "command again to resume\n",
                p->sc->path,
                st && o->store ? "every finished replication is kept in "
                               : "nothing was stored (no store);",
                st && o->store ? o->store : "", st && o->store ? ";" : "");
        return interrupt_status(interrupt_requested(o->stop));
    }
    int io = st && store_error(st)[0];
    fprintf(stderr, "flowsim: %s: %s%s%s\n", p->sc->path, err,
            io ? ": " : "", io ? store_error(st) : "");
    return io ? EXIT_IO : EXIT_RUN_FAILED;
}

/* The job of the point's next round. */
static void point_job(point *p, experiment_job *job)
{
    p->sc->replications = p->reps;
    *job = (experiment_job){.sc = p->sc, .canonical = p->canonical,
                            .reps = p->reps, .hooks = &p->h, .tag = p};
}

static int runner_next(void *ud, experiment_job *job, char *err,
                       size_t errlen)
{
    runner *R = ud;
    if (R->rc)
        return 0;
    if (R->again_head) {
        point *p = R->again_head;
        R->again_head = p->again;
        if (!R->again_head)
            R->again_tail = NULL;
        point_job(p, job);
        return 1;
    }
    if (R->next_item >= R->b->n)
        return 0;
    point *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        R->rc = EXIT_RUN_FAILED;
        return -1;
    }
    p->R = R;
    p->i = R->next_item++;
    p->o = *R->o;
    int rc = R->b->item(R->b->ud, p->i, &p->sc, &p->canonical, &p->o);
    if (!rc) {
        if (p->o.has_seed)
            p->sc->seed = p->o.seed;
        p->reps = p->o.replications ? p->o.replications
                                    : p->sc->replications;
        p->max = p->o.max_replications > p->reps ? p->o.max_replications
                                                 : p->reps;
        rc = point_open_store(p);
    }
    if (rc) {
        R->rc = rc; /* already said */
        point_free(p);
        snprintf(err, errlen, "stopped");
        return -1;
    }
    p->h = (experiment_hooks){.load = point_load, .finished = point_finished,
                              .series = p->store_h.series, .ud = p};
    point_job(p, job);
    return 1;
}

static int runner_done(void *ud, const experiment_job *job, experiment *e,
                       int rc, const char *err)
{
    runner *R = ud;
    point *p = job->tag;
    if (rc) {
        R->rc = point_failed(p, err);
        experiment_free(e);
        point_free(p);
        return -1;
    }
    if (p->o.precision > 0) {
        size_t worst;
        double ratio = precision_ratio(e, p->o.precision,
                                       p->o.precision_kpis, &worst);
        if (!(ratio <= 1) && p->reps < p->max && !R->rc) {
            /* The half-width falls as 1/sqrt(n): aim a little past it. */
            long next = (long)ceil((double)p->reps * ratio * ratio * 1.1);
            if (next < p->reps + 2)
                next = p->reps + 2;
            p->reps = next < p->max ? next : p->max;
            experiment_free(e);
            p->again = NULL;
            if (R->again_tail)
                R->again_tail->again = p;
            else
                R->again_head = p;
            R->again_tail = p;
            return 0;
        }
        e->precision = p->o.precision;
        e->precision_missed = !(ratio <= 1);
        e->precision_worst = worst;
        e->precision_ratio = ratio;
        if (e->precision_missed && p->o.precision_missed)
            *p->o.precision_missed = 1;
        /* a miss is a result: said even with -q (and in the output) */
        if (!p->o.quiet || e->precision_missed)
            text_term_line(stderr, "flowsim: %s: precision %g%% %s with "
                                   "%ld replications (worst: %s, CI "
                                   "half-width %.3g times the allowed)%s",
                           p->sc->path, 100 * p->o.precision,
                           ratio <= 1 ? "reached" : "NOT reached", p->reps,
                           e->kpis.defs[worst].name, ratio,
                           ratio <= 1 ? "" : "; exit status 5");
    }
    rc = point_complete(p, e);
    point_free(p);
    if (rc && !R->rc)
        R->rc = rc;
    return rc ? -1 : 0;
}

int runner_run_batch(const run_options *o, const runner_batch *b)
{
    runner R = {.o = o, .b = b, .study = -1};
    if (o->stop) /* a signal now lets the replications running finish */
        interrupt_keep(o->stop);
    R.recs = calloc(b->n + 1, sizeof *R.recs);
    if (!R.recs) {
        fprintf(stderr, "flowsim: out of memory\n");
        return EXIT_RUN_FAILED;
    }
    progress_start(&R.bar, b->label, 0, o->quiet);
    experiment_source src = {.next = runner_next, .done = runner_done,
                             .ud = &R, .executor = o->executor};
    char err[512];
    if (experiment_run_many(&src, o->threads, err, sizeof err) != 0 &&
        !R.rc) {
        fprintf(stderr, "flowsim: %s\n", err);
        R.rc = EXIT_RUN_FAILED;
    }
    progress_end(&R.bar);
    while (R.again_head) { /* rounds that never started: the batch failed */
        point *p = R.again_head;
        R.again_head = p->again;
        point_free(p);
    }
    for (size_t i = 0; i < b->n; i++) {
        free(R.recs[i].name);
        free(R.recs[i].label);
        free(R.recs[i].params);
    }
    free(R.recs);
    return R.rc;
}

/* ---- one experiment ---- */

typedef struct one {
    scenario *sc;
    const char *canonical;
    experiment *e;
} one;

static int one_item(void *ud, size_t i, scenario **sc, const char **canonical,
                    run_options *o)
{
    (void)i;
    (void)o;
    one *x = ud;
    *sc = x->sc;
    *canonical = x->canonical;
    return 0;
}

static int one_result(void *ud, size_t i, experiment *e)
{
    (void)i;
    one *x = ud;
    *x->e = *e;
    return 0;
}

int runner_run(const run_options *o, scenario *sc, const char *canonical,
               experiment *e)
{
    memset(e, 0, sizeof *e);
    one x = {sc, canonical, e};
    runner_batch b = {.label = sc->name, .n = 1, .item = one_item,
                      .result = one_result, .ud = &x};
    return runner_run_batch(o, &b);
}
