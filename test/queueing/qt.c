/* qt.c -- shared helpers of the queueing-theory validation tests. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "qt.h"

static int n_checks, n_failed;

uint64_t qt_seed(uint64_t dflt)
{
    const char *s = getenv("FLOWSIM_QT_SEED");
    if (s && *s)
        return strtoull(s, NULL, 10);
    return dflt;
}

int qt_ok(int pass, const char *fmt, ...)
{
    va_list ap;
    n_checks++;
    if (!pass)
        n_failed++;
    printf("%s - ", pass ? "ok" : "not ok");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    return pass;
}

qt_est qt_estimate(const double *x, int n)
{
    qt_est e = {NAN, NAN, 0};
    double s = 0, ss = 0;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i])) {
            s += x[i];
            m++;
        }
    if (m == 0)
        return e;
    e.n = m;
    e.mean = s / m;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i]))
            ss += (x[i] - e.mean) * (x[i] - e.mean);
    e.se = m > 1 ? sqrt(ss / (m - 1) / m) : NAN;
    return e;
}

double qt_tol(qt_est e)
{
    if (e.n < 2)
        return NAN;
    return gsl_cdf_tdist_Pinv(1 - QT_ALPHA / 2, e.n - 1) * e.se;
}

int qt_check_est(const char *what, qt_est e, double theory, double max_tol,
                 const char *unit)
{
    double tol = qt_tol(e);
    double d = e.mean - theory;
    if (!(tol <= max_tol))
        return qt_ok(0, "%s: %.6g vs theory %.6g %s: tolerance %.3g (se %.3g, "
                     "n %d) too loose, ceiling %.3g", what, e.mean, theory,
                     unit, tol, e.se, e.n, max_tol);
    return qt_ok(fabs(d) <= tol,
                 "%s: sim %.6g vs theory %.6g %s (diff %+.3g, tol %.3g = "
                 "%.2f se, n %d, ceiling %.3g)", what, e.mean, theory, unit,
                 d, tol, e.se > 0 ? tol / e.se : 0.0, e.n, max_tol);
}

int qt_check_abs(const char *what, double sim, double theory, double tol,
                 const char *unit)
{
    return qt_ok(fabs(sim - theory) <= tol,
                 "%s: sim %.6g vs theory %.6g %s (diff %+.3g, tol %.3g)", what,
                 sim, theory, unit, sim - theory, tol);
}

qt_runs qt_run(scenario *sc, int R)
{
    qt_runs r = {.R = R};
    for (int i = 0; i < R; i++) {
        kpi_list k;
        run_info info;
        double *v = mk_run(sc, (uint64_t)(i + 1), &k, &info);
        if (i == 0) {
            r.k = k;
            r.v = malloc((size_t)R * k.n * sizeof *r.v);
            if (!r.v)
                abort();
        } else {
            kpi_list_free(&k);
        }
        memcpy(r.v + (size_t)i * r.k.n, v, r.k.n * sizeof *v);
        free(v);
    }
    return r;
}

qt_runs qt_runs_new(int R)
{
    return (qt_runs){.R = R};
}

void qt_runs_put(qt_runs *r, int i, kpi_list *k, double *v)
{
    if (!r->v) {
        r->k = *k;
        r->v = malloc((size_t)r->R * k->n * sizeof *r->v);
        if (!r->v)
            abort();
    } else {
        kpi_list_free(k);
    }
    memcpy(r->v + (size_t)i * r->k.n, v, r->k.n * sizeof *v);
    free(v);
}

void qt_runs_free(qt_runs *r)
{
    kpi_list_free(&r->k);
    free(r->v);
    r->v = NULL;
}

static size_t kpi_index(const kpi_list *k, const char *name)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->defs[i].name, name) == 0)
            return i;
    fprintf(stderr, "no KPI named %s\n", name);
    abort();
}

double qt_at(const qt_runs *r, int i, const char *name)
{
    return r->v[(size_t)i * r->k.n + kpi_index(&r->k, name)];
}

qt_est qt_kpi(const qt_runs *r, const char *name)
{
    double *x = malloc((size_t)r->R * sizeof *x);
    if (!x)
        abort();
    for (int i = 0; i < r->R; i++)
        x[i] = qt_at(r, i, name);
    qt_est e = qt_estimate(x, r->R);
    free(x);
    return e;
}

double *qt_run_traced(scenario *sc, uint64_t rep, kpi_list *k,
                      trace_fn fn, void *ud)
{
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].next.n == 0)
            mk_route(sc, &sc->units[i], "exit", 1.0);
    if (network_kpis(sc, k) != 0)
        abort();
    double *v = malloc(k->n * sizeof *v);
    run_info info;
    if (!v)
        abort();
    if (network_run(sc, rep, k, v, &info, fn, ud) != 0) {
        fprintf(stderr, "run stopped: %s\n", info.stopped);
        abort();
    }
    return v;
}

double qt_erlang_b(long c, double a)
{
    double b = 1;
    for (long k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

double qt_erlang_c(long c, double a)
{
    double b = qt_erlang_b(c, a), rho = a / (double)c;
    return b / (1 - rho * (1 - b));
}

scenario *qt_two_classes(const char *name, long places, double l0,
                         double l1, uint64_t seed)
{
    scenario *sc = mk_scenario(name, 20200, 200, seed);
    mk_unit(sc, "t0", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "t1", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "s", places, 1, FULL_QUEUE);
    sc->units[0].stay = mk_fixed(0);
    sc->units[1].stay = mk_fixed(0);
    mk_route(sc, &sc->units[0], "s", 1);
    mk_route(sc, &sc->units[1], "s", 1);
    mk_arrival(sc, "urgent", l0, "t0")->priority = 0;
    mk_arrival(sc, "routine", l1, "t1")->priority = 1;
    return sc;
}

void qt_classes_room(qt_classes *c, uint64_t id)
{
    if (id < c->n)
        return;
    size_t n = 2 * id + 1024;
    c->cls = realloc(c->cls, n);
    c->arr = realloc(c->arr, n * sizeof *c->arr);
    if (!c->cls || !c->arr)
        abort();
    c->n = n;
}

void qt_classes_free(qt_classes *c)
{
    free(c->cls);
    free(c->arr);
    c->cls = NULL;
    c->arr = NULL;
    c->n = 0;
}

int qt_done(void)
{
    printf("# %d checks, %d failed\n", n_checks, n_failed);
    return n_failed ? 1 : 0;
}
