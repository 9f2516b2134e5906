/* test_occupancy.c -- occupancy distributions and percentiles on request
 * (`distribution:`, `quantiles:`; models/kpis_dist.c) against queueing
 * theory and an exact deterministic case.
 *
 *   M/M/c/c (Erlang B, c = 10, a = 8): P(N = n) is the truncated Poisson
 *     a^n/n! / sum_k a^k/k!, n = 0..10, and P(N > 10) = 0 exactly; the
 *     50th, 85th and 99th percentiles of occupancy are its quantiles
 *     (7, 9, 10) in every replication;
 *   M/M/3 (a = 2.4): P(busy = n) = p_n for n < 3 and Erlang C for n = 3;
 *     the line's 63rd percentile is 2 (P(Lq <= k) = 1 - C rho^(k+1)) in
 *     nearly every replication; the
 *     wait's median and 85th percentile solve C exp(-(c mu - lam) t) = 1-q;
 *   blocked places, deterministic: a unit of 3 places whose patients all
 *     block behind a unit taken for ever; the blocked count is 0, 1, 2, 3
 *     for 121, 60, 60 and 14,159 minutes of 10 days, so its 0.5th, 1st,
 *     1.5th and 50th percentiles are 0, 1, 2 and 3; the line grows by one
 *     an hour from minute 300, so its 33rd percentile is 75.
 *
 * Tolerances: Student t over replications (qt.h), ceilings ~2x the
 * tolerances seen.
 */
#include <math.h>
#include <stdio.h>
#include "qt.h"

static void erlang_b_distribution(void)
{
    enum { R = 10 };
    const long c = 10;
    const double a = 8;
    double q[] = {0.5, 0.85, 0.99};
    const double want_q[] = {7, 9, 10};
    scenario *sc = mk_scenario("erlangb-dist", 2050, 50, qt_seed(801));
    unit_spec *u = mk_unit(sc, "s", c, 1, FULL_LOSE);
    u->distribution = 1;
    u->dist_top = c;
    sc->quantiles = q;
    sc->n_quantiles = 3;
    mk_arrival(sc, "in", a, "s");
    qt_runs r = qt_run(sc, R);
    double sum = 0, term = 1;
    for (long n = 0; n <= c; n++, term *= a / (double)n)
        sum += term;
    term = 1;
    for (long n = 0; n <= c; n++) {
        char name[64], what[128];
        snprintf(name, sizeof name, "s.occupancy.at.%ld", n);
        snprintf(what, sizeof what, "M/M/10/10 a=8: P(N = %ld) = "
                 "a^n/n! / sum", n);
        double p = term / sum;
        qt_check_est(what, qt_kpi(&r, name), p, 0.1 * p + 0.002, "");
        term *= a / (double)(n + 1);
    }
    int zero = 1, exact = 1;
    for (int i = 0; i < R; i++) {
        zero = zero && qt_at(&r, i, "s.occupancy.above.10") == 0;
        for (int k = 0; k < 3; k++) {
            char name[64];
            snprintf(name, sizeof name, "s.occupancy.p%g", 100 * q[k]);
            exact = exact && qt_at(&r, i, name) == want_q[k];
        }
    }
    qt_ok(zero, "M/M/10/10: P(N > 10) = 0 in every replication");
    qt_ok(exact, "M/M/10/10 a=8: occupancy p50, p85, p99 = 7, 9, 10 in "
          "every replication (rep 1: %g, %g, %g)",
          qt_at(&r, 0, "s.occupancy.p50"), qt_at(&r, 0, "s.occupancy.p85"),
          qt_at(&r, 0, "s.occupancy.p99"));
    qt_runs_free(&r);
    sc->quantiles = NULL;
    sc->n_quantiles = 0;
    scenario_free(sc);
}

static void mmc_distribution(void)
{
    enum { R = 20 };
    const long c = 3;
    const double lam = 2.4, a = lam, rho = a / (double)c;
    double q[] = {0.5, 0.63, 0.85};
    scenario *sc = mk_scenario("mmc-dist", 8100, 100, qt_seed(802));
    unit_spec *u = mk_unit(sc, "s", c, 1, FULL_QUEUE);
    u->distribution = 1;
    u->dist_top = c;
    sc->quantiles = q;
    sc->n_quantiles = 3;
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, R);
    double C = qt_erlang_c(c, a), term = 1, p0 = 0;
    for (long n = 0; n < c; n++) {
        p0 += term;                  /* a^n/n! */
        term *= a / (double)(n + 1);
    }
    p0 = 1 / (p0 + term / (1 - rho)); /* term is now a^c/c! */
    term = 1;
    for (long n = 0; n <= c; n++) {
        char name[64], what[128];
        snprintf(name, sizeof name, "s.occupancy.at.%ld", n);
        double p = n < c ? p0 * term : C;
        snprintf(what, sizeof what, "M/M/3 a=2.4: P(busy = %ld) = %s", n,
                 n < c ? "p0 a^n/n!" : "Erlang C");
        qt_check_est(what, qt_kpi(&r, name), p, 0.1 * p + 0.002, "");
        term *= a / (double)(n + 1);
    }
    /* P(Lq <= 1) and P(Lq <= 2) are ~4 sd of a replication's share from
     * 0.63: most replications, not all, see exactly 2 */
    int line = 0;
    for (int i = 0; i < R; i++)
        line += qt_at(&r, i, "s.waiting.p63") == 2;
    qt_ok(line >= R - 2, "M/M/3 a=2.4: the line's 63rd percentile is 2 "
          "(1 - C rho^2 = %.3f < 0.63 <= 1 - C rho^3 = %.3f) in %d of %d "
          "replications (at least %d)", 1 - C * rho * rho,
          1 - C * rho * rho * rho, line, R, R - 2);
    for (int k = 0; k < 3; k += 2) {
        char name[64], what[160];
        double t = log(C / (1 - q[k])) / ((double)c - lam) * 24;
        snprintf(name, sizeof name, "s.wait.p%g", 100 * q[k]);
        snprintf(what, sizeof what, "M/M/3 a=2.4: wait p%g solves "
                 "C exp(-(c mu - lam) t) = %g", 100 * q[k], 1 - q[k]);
        qt_check_est(what, qt_kpi(&r, name), t, 0.2 * t, "h");
    }
    qt_runs_free(&r);
    sc->quantiles = NULL;
    sc->n_quantiles = 0;
    scenario_free(sc);
}

static void blocked_exact(void)
{
    double q[] = {0.005, 0.01, 0.015, 0.33, 0.5};
    scenario *sc = mk_scenario("blocked", 10, 0, qt_seed(803));
    mk_unit(sc, "a", 3, 1, FULL_QUEUE);
    mk_unit(sc, "b", 1, 1, FULL_BLOCK); /* moves the units: a after */
    unit_spec *a = &sc->units[0], *b = &sc->units[1];
    a->stay = mk_fixed(1.0 / 1440);
    b->stay = mk_fixed(100000);
    mk_route(sc, a, "b", 1);
    sc->quantiles = q;
    sc->n_quantiles = 5;
    arrival_spec *s = mk_arrival(sc, "in", 1, "a");
    s->kind = ARRIVAL_INTERARRIVAL;
    s->interarrival = mk_fixed(1.0 / 24);
    qt_runs r = qt_run(sc, 1);
    const char *names[] = {"a.blocked.p0.5", "a.blocked.p1", "a.blocked.p1.5",
                           "a.blocked.p50", "a.waiting.p33"};
    const double want[] = {0, 1, 2, 3, 75};
    for (int k = 0; k < 5; k++)
        qt_ok(qt_at(&r, 0, names[k]) == want[k], "blocked behind a unit "
              "taken for ever: %s = %g exactly (got %g)", names[k], want[k],
              qt_at(&r, 0, names[k]));
    qt_runs_free(&r);
    sc->quantiles = NULL;
    sc->n_quantiles = 0;
    scenario_free(sc);
}

int main(void)
{
    erlang_b_distribution();
    mmc_distribution();
    blocked_exact();
    return qt_done();
}
