/* calibrate.c -- `flowsim calibrate` (calibrate.h). */
/* realpath (POSIX XSI): the overlay extends the scenario by its full path */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include "calibrate.h"
#include "calibspec.h"
#include "experiment.h"
#include "load.h"
#include "outfile.h"
#include "runner.h"
#include "text.h"
#include "value.h"

#define CAL_MAX_SETS 64
#define CAL_MAX_TERMS 4096
#define CAL_PENALTY 1e3
#define CAL_STEP 0.02 /* of a range: the Jacobian's central difference */
#define CAL_RESTART_GAIN 0.01 /* a restart must cut the best objective by 1% */

typedef struct cal_opts {
    const char *path, *output;
    const char *store;          /* --store: the points tried, as a study */
    const char *sets[CAL_MAX_SETS];
    size_t n_sets;
    long threads;
} cal_opts;

/* A point tried and its objective. */
typedef struct cal_run {
    double x[CALIBSPEC_MAX_PARAMS], obj;
} cal_run;

typedef struct cal_ctx {
    const cal_opts *o;
    calib_spec spec;
    long reps;
    uint64_t seed;
    cal_run *runs;
    size_t n_runs;
    int failed;
    char err[LOAD_ERR_MAX];
    size_t n_terms; /* target values (months of a monthly one each) */
    char name[CAL_MAX_TERMS][64];
    double want[CAL_MAX_TERMS], tol[CAL_MAX_TERMS];
    double mean[CAL_MAX_TERMS], se[CAL_MAX_TERMS], lo[CAL_MAX_TERMS],
        hi[CAL_MAX_TERMS];
} cal_ctx;

static const char CAL_USAGE[] =
    "usage: flowsim calibrate SCENARIO.yaml [--set KEY=VALUE]...\n"
    "                         [--threads N] [-o OVERLAY.yaml]\n"
    "                         [--store PATH]\n"
    "Tunes the free parameters of the scenario's calibrate: section\n"
    "against its targets: (Nelder-Mead on common random numbers), prints\n"
    "the calibrated values with standard errors, the fit to every target\n"
    "and the points tried, and writes the values as an overlay scenario\n"
    "(-o).  --store records every point tried in a results store, as a\n"
    "sweep study named \"calibrate NAME\" (flowsim report draws it).\n"
    "Exit 1 when a target is still missed.\n";

static int cal_bad(const char *msg, const char *arg)
{
    fputs("flowsim calibrate: ", stderr);
    text_term_line(stderr, msg, arg);
    fputs(CAL_USAGE, stderr);
    return EXIT_BAD_INPUT;
}

/* Parses argv; -1 to go on, or an exit status. */
static int cal_args(int argc, char **argv, cal_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(CAL_USAGE, stdout);
            return 0;
        }
        int val = !strcmp(a, "--set") || !strcmp(a, "--threads") ||
                  !strcmp(a, "-o") || !strcmp(a, "--output") ||
                  !strcmp(a, "--store");
        if (val && i + 1 == argc)
            return cal_bad("%s needs a value", a);
        if (!strcmp(a, "--set")) {
            if (o->n_sets == CAL_MAX_SETS)
                return cal_bad("too many --set options%s", "");
            o->sets[o->n_sets++] = argv[++i];
        } else if (!strcmp(a, "--threads")) {
            if (value_parse_long(argv[++i], 1, 1024, &o->threads))
                return cal_bad("--threads: expected 1 to 1024, not '%s'",
                               argv[i]);
        } else if (!strcmp(a, "--store")) {
            o->store = argv[++i];
        } else if (val) {
            o->output = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return cal_bad("unknown option '%s'", a);
        } else if (o->path) {
            return cal_bad("unexpected argument '%s'", a);
        } else {
            o->path = a;
        }
    }
    return o->path ? -1 : cal_bad("expected SCENARIO.yaml%s", "");
}

/* The KPI index of target t's value (month j; -1: the whole run). */
static long cal_kpi(const experiment *e, const target_spec *t, long j)
{
    if (j < 0)
        return kpi_list_lookup(&e->kpis, t->kpi);
    const kpi_info *k = kpi_info_named(t->kpi);
    return k ? kpi_list_month_index(&e->kpis, k->id, t->month[j]) : -1;
}

/* Reads the targets' simulated means from e into c (and, the first
 * time, their names, values and tolerances).  Returns 0 or -1. */
static int cal_terms(cal_ctx *c, const scenario *sc, const experiment *e)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_targets; i++) {
        const target_spec *t = &sc->targets[i];
        for (long j = t->monthly ? 0 : -1; j < (long)t->n_months; j++) {
            long k = cal_kpi(e, t, j);
            if (k < 0 || n == CAL_MAX_TERMS) {
                snprintf(c->err, sizeof c->err, "target %s: no such KPI in "
                         "this scenario (or too many targets)", t->kpi);
                return -1;
            }
            kpi_summary s;
            experiment_summarise(e, (size_t)k, &s);
            if (j < 0)
                snprintf(c->name[n], sizeof c->name[n], "%s", t->kpi);
            else
                snprintf(c->name[n], sizeof c->name[n], "%s (month %ld)",
                         t->kpi, j + 1);
            c->want[n] = j < 0 ? t->value : t->month_value[j];
            c->tol[n] = fmax(t->tolerance, 1e-9 * fabs(c->want[n]) + 1e-12);
            c->mean[n] = s.mean;
            c->se[n] = s.sd / sqrt((double)e->reps);
            c->lo[n] = s.lo;
            c->hi[n] = s.hi;
            n++;
        }
    }
    c->n_terms = n;
    return 0;
}

/* Runs point number `position` of the search (sc at the parameters
 * `params`, "KEY=VALUE;...") into e, through the runner so that it is
 * recorded in the --store as a member of one sweep study.  Returns 0, or
 * -1 with c->err set. */
static int cal_run_stored(cal_ctx *c, scenario *sc, const char *canonical,
                          const char *params, int position, experiment *e)
{
    char name[DIAG_PATH_MAX + 16];
    snprintf(name, sizeof name, "calibrate %s", sc->name);
    run_options ro = {.replications = c->reps, .threads = (int)c->o->threads,
                      .has_seed = 1, .seed = c->seed, .store = c->o->store,
                      .quiet = 1, .study_kind = "sweep", .label = params,
                      .params = params, .study_name = name,
                      .position = position};
    int rc = runner_run(&ro, sc, canonical, e);
    if (rc)
        snprintf(c->err, sizeof c->err, "point %d could not be run or "
                 "recorded in %s (status %d)", position + 1, c->o->store, rc);
    return rc ? -1 : 0;
}

/* Runs the scenario at parameter values x; fills the terms and returns
 * the objective (HUGE_VAL with c->failed set when it could not run).  A
 * recorded point goes to the --store too. */
static double cal_eval(cal_ctx *c, const double *x, int record)
{
    char setbuf[CALIBSPEC_MAX_PARAMS][DIAG_PATH_MAX + 64];
    const char *sets[CAL_MAX_SETS + CALIBSPEC_MAX_PARAMS];
    size_t n = 0;
    for (size_t i = 0; i < c->o->n_sets; i++)
        sets[n++] = c->o->sets[i];
    for (size_t i = 0; i < c->spec.n; i++) {
        calibspec_set(&c->spec, i, x[i], setbuf[i], sizeof setbuf[i]);
        sets[n++] = setbuf[i];
    }
    int stored = record && c->o->store;
    char *canonical = NULL, params[CALIBSPEC_MAX_PARAMS * (DIAG_PATH_MAX + 66)];
    params[0] = 0;
    for (size_t i = 0; stored && i < c->spec.n; i++) {
        size_t len = strlen(params);
        snprintf(params + len, sizeof params - len, "%s%s", i ? ";" : "",
                 setbuf[i]);
    }
    scenario *sc = load_scenario(c->o->path, sets, n,
                                 stored ? &canonical : NULL, c->err,
                                 sizeof c->err);
    experiment e;
    int bad = !sc;
    if (!bad && stored)
        bad = cal_run_stored(c, sc, canonical, params, (int)c->n_runs, &e);
    else if (!bad)
        bad = experiment_run(sc, c->reps, (int)c->o->threads, &e, c->err,
                             sizeof c->err) != 0;
    free(canonical);
    if (bad) {
        scenario_free(sc);
        c->failed = 1;
        return HUGE_VAL;
    }
    double obj = 0;
    if (cal_terms(c, sc, &e))
        c->failed = 1;
    for (size_t t = 0; t < c->n_terms; t++) {
        double z = (c->mean[t] - c->want[t]) / c->tol[t];
        obj += isfinite(z) ? z * z : 1e12;
    }
    experiment_free(&e);
    scenario_free(sc);
    if (record && !c->failed) {
        cal_run *r = &c->runs[c->n_runs++];
        memcpy(r->x, x, c->spec.n * sizeof *x);
        r->obj = obj;
    }
    return c->failed ? HUGE_VAL : obj;
}

/* The simplex's objective: u scaled to [0, 1], clamped, penalised. */
static double cal_objective(const gsl_vector *u, void *arg)
{
    cal_ctx *c = arg;
    double x[CALIBSPEC_MAX_PARAMS], pen = 0;
    if (c->failed || c->n_runs >= (size_t)c->spec.max_runs)
        return HUGE_VAL;
    for (size_t i = 0; i < c->spec.n; i++) {
        double v = gsl_vector_get(u, i), cl = fmin(1, fmax(0, v));
        pen += (v - cl) * (v - cl);
        x[i] = c->spec.p[i].lo + cl * (c->spec.p[i].hi - c->spec.p[i].lo);
    }
    return cal_eval(c, x, 1) + CAL_PENALTY * pen;
}

/* The recorded point with the least objective (the first of equals). */
static const cal_run *cal_best(const cal_ctx *c)
{
    const cal_run *b = c->n_runs ? &c->runs[0] : NULL;
    for (size_t r = 1; r < c->n_runs; r++)
        if (c->runs[r].obj < b->obj)
            b = &c->runs[r];
    return b;
}

/* One Nelder-Mead descent from u (scaled parameters) until the simplex is
 * small or max_runs points were tried. */
static void cal_simplex(cal_ctx *c, gsl_multimin_fminimizer *m,
                        gsl_multimin_function *fn, const gsl_vector *u,
                        const gsl_vector *step)
{
    if (gsl_multimin_fminimizer_set(m, fn, u, step) != 0)
        return;
    while (!c->failed && c->n_runs < (size_t)c->spec.max_runs &&
           gsl_multimin_fminimizer_iterate(m) == 0 &&
           gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-3) ==
               GSL_CONTINUE)
        ;
}

/* Nelder-Mead from the parameters' start values, restarted from the best
 * point with a fresh simplex of the first size while a descent still
 * improves the best objective by CAL_RESTART_GAIN: a simplex collapses
 * onto a ridge or a small dent of a rough objective (Kelley 1999 on its
 * stagnation), and a restart rebuilds it around the best point. */
static void cal_search(cal_ctx *c)
{
    size_t k = c->spec.n;
    gsl_multimin_function fn = {cal_objective, k, c};
    gsl_vector *u = gsl_vector_alloc(k), *step = gsl_vector_alloc(k);
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    if (!u || !step || !m) {
        snprintf(c->err, sizeof c->err, "out of memory");
        c->failed = 1;
    }
    for (size_t i = 0; i < k && !c->failed; i++) {
        const calib_param *p = &c->spec.p[i];
        gsl_vector_set(u, i, (p->start - p->lo) / (p->hi - p->lo));
        gsl_vector_set(step, i, 0.15);
    }
    /* the points beyond max_runs answer HUGE_VAL, which fails a step:
     * GSL's handler would abort where the search is only over */
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double before = HUGE_VAL;
    while (!c->failed && c->n_runs < (size_t)c->spec.max_runs) {
        cal_simplex(c, m, &fn, u, step);
        const cal_run *b = cal_best(c);
        if (!b || !(b->obj > 0) || !(b->obj < before * (1 - CAL_RESTART_GAIN)))
            break;
        before = b->obj;
        for (size_t i = 0; i < k; i++) {
            const calib_param *p = &c->spec.p[i];
            gsl_vector_set(u, i, (b->x[i] - p->lo) / (p->hi - p->lo));
        }
    }
    gsl_set_error_handler(old);
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(u);
    gsl_vector_free(step);
}

/* The standard errors at x (see calibrate.h); NaN where the information
 * is singular.  Leaves the terms of x in c. */
static void cal_errors(cal_ctx *c, const double *x, double *se)
{
    size_t k = c->spec.n, n;
    double xs[CALIBSPEC_MAX_PARAMS];
    gsl_matrix *G = NULL, *A = gsl_matrix_calloc(k, k);
    for (size_t i = 0; i < k; i++)
        se[i] = NAN;
    cal_eval(c, x, 0);
    n = c->n_terms;
    double *s = malloc((n ? n : 1) * sizeof *s),
           *up = malloc((n ? n : 1) * sizeof *up);
    if (!A || !s || !up || c->failed || !(G = gsl_matrix_alloc(n ? n : 1, k)))
        goto out;
    memcpy(s, c->se, n * sizeof *s);
    for (size_t i = 0; i < k && !c->failed; i++) {
        const calib_param *p = &c->spec.p[i];
        double h = CAL_STEP * (p->hi - p->lo);
        double a = fmax(p->lo, x[i] - h), b = fmin(p->hi, x[i] + h);
        memcpy(xs, x, k * sizeof *x);
        xs[i] = b;
        cal_eval(c, xs, 0);
        memcpy(up, c->mean, n * sizeof *up);
        xs[i] = a;
        cal_eval(c, xs, 0);
        for (size_t t = 0; t < n; t++)
            gsl_matrix_set(G, t, i, (up[t] - c->mean[t]) / (b - a));
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double v = 0;
            for (size_t t = 0; t < n; t++)
                if (s[t] > 0)
                    v += gsl_matrix_get(G, t, i) * gsl_matrix_get(G, t, j) /
                         (s[t] * s[t]);
            gsl_matrix_set(A, i, j, v);
        }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    if (!c->failed && gsl_linalg_cholesky_decomp1(A) == GSL_SUCCESS &&
        gsl_linalg_cholesky_invert(A) == GSL_SUCCESS)
        for (size_t i = 0; i < k; i++)
            se[i] = sqrt(gsl_matrix_get(A, i, i));
    gsl_set_error_handler(old);
    cal_eval(c, x, 0); /* the terms of x again, for the report */
out:
    free(s);
    free(up);
    gsl_matrix_free(G);
    gsl_matrix_free(A);
}

/* The report: parameters, targets, points tried.  Returns the number of
 * targets missed. */
static size_t cal_report(FILE *f, const cal_ctx *c, const double *x,
                         const double *se)
{
    size_t missed = 0;
    fputs("# flowsim calibrate: ", f);
    text_term(f, c->o->path);
    fprintf(f, ": %zu parameters, %zu points of %ld replications (common "
            "random numbers, seed %llu)\n", c->spec.n, c->n_runs, c->reps,
            (unsigned long long)c->seed);
    fprintf(f, "# %-40s %12s %12s %10s  %s\n", "parameter", "start",
            "calibrated", "se", "range");
    for (size_t i = 0; i < c->spec.n; i++) {
        const calib_param *p = &c->spec.p[i];
        fputs("# ", f);
        text_term_pad(f, p->set, -40);
        fprintf(f, " %12.6g %12.6g %10.3g  [%g, %g] %s\n", p->start, x[i],
                se[i], p->lo, p->hi, p->unit);
    }
    fprintf(f, "# %-40s %12s %10s %12s  %-23s %s\n", "target", "observed",
            "tolerance", "simulated", "95% CI", "met");
    for (size_t t = 0; t < c->n_terms; t++) {
        int met = fabs(c->mean[t] - c->want[t]) <= c->tol[t];
        missed += !met;
        fputs("# ", f);
        text_term_pad(f, c->name[t], -40);
        fprintf(f, " %12.6g %10.4g %12.6g  [%10.6g, %10.6g] %s\n",
                c->want[t], c->tol[t], c->mean[t], c->lo[t], c->hi[t],
                met ? "yes" : "NO");
    }
    fputs("# points tried: objective, then the parameters in order\n", f);
    for (size_t r = 0; r < c->n_runs; r++) {
        fprintf(f, "#   %3zu %12.6g", r + 1, c->runs[r].obj);
        for (size_t i = 0; i < c->spec.n; i++)
            fprintf(f, " %12.6g", c->runs[r].x[i]);
        fputc('\n', f);
    }
    return missed;
}

/* Writes the overlay (atomically).  Returns 0 or an exit status. */
static int cal_overlay(const cal_ctx *c, const double *x)
{
    char *base = realpath(c->o->path, NULL), *tmp;
    FILE *f = base ? outfile_open(c->o->output, &tmp) : NULL;
    int rc = 0;
    if (!f) {
        rc = EXIT_IO;
    } else {
        fputs("# flowsim calibrate's values over the scenario it extends\n",
              f);
        if (calibspec_overlay(f, &c->spec, x, base)) {
            fclose(f);
            free(tmp);
            free(base);
            text_term_line(stderr, "flowsim calibrate: a parameter's path "
                           "goes through a list item without a name; no "
                           "overlay written");
            return EXIT_BAD_INPUT;
        }
        rc = outfile_commit(f, c->o->output, tmp) ? EXIT_IO : 0;
    }
    if (rc)
        text_term_line(stderr, "flowsim calibrate: %s: not written",
                       c->o->output);
    free(base);
    return rc;
}

/* The calibration itself, once the section is read.  Returns the exit
 * status. */
static int cal_run_all(cal_ctx *c)
{
    scenario *sc = load_scenario(c->o->path, c->o->sets, c->o->n_sets, NULL,
                                 c->err, sizeof c->err);
    if (!sc) {
        fprintf(stderr, "%s\n", c->err);
        return EXIT_BAD_INPUT;
    }
    c->reps = c->spec.replications ? c->spec.replications : sc->replications;
    c->seed = sc->seed;
    size_t nt = sc->n_targets;
    scenario_free(sc);
    if (!nt)
        return cal_bad("%s: the scenario has no targets: to calibrate "
                       "against", c->o->path);
    c->runs = calloc((size_t)c->spec.max_runs + 1, sizeof *c->runs);
    if (!c->runs)
        return cal_bad("out of memory%s", "");
    cal_search(c);
    if (c->failed || !c->n_runs) {
        text_term_line(stderr, "flowsim calibrate: %s", c->err);
        return EXIT_RUN_FAILED;
    }
    double x[CALIBSPEC_MAX_PARAMS], se[CALIBSPEC_MAX_PARAMS];
    memcpy(x, cal_best(c)->x, sizeof x);
    cal_errors(c, x, se);
    if (c->failed) {
        text_term_line(stderr, "flowsim calibrate: %s", c->err);
        return EXIT_RUN_FAILED;
    }
    size_t missed = cal_report(stdout, c, x, se);
    int rc = c->o->output ? cal_overlay(c, x) : 0;
    return rc ? rc : missed ? EXIT_TARGET_MISSED : 0;
}

int calibrate_main(int argc, char **argv)
{
    cal_opts o;
    int rc = cal_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    cal_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return cal_bad("out of memory%s", "");
    c->o = &o;
    if (calibspec_read(o.path, o.sets, o.n_sets, &c->spec, c->err,
                       sizeof c->err)) {
        fprintf(stderr, "%s\n", c->err);
        rc = EXIT_BAD_INPUT;
    } else {
        rc = cal_run_all(c);
    }
    calibspec_free(&c->spec);
    free(c->runs);
    free(c);
    return rc;
}
