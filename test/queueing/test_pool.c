/* test_pool.c -- places shared by units (pools:) against Erlang's
 * formulas and against separate units.
 *
 *   fully pooled loss pair: two units with no places of their own share
 *     10, each fed 4 a day, stays of 1 day: one M/M/10/10 of load 8, so
 *     each unit loses B(10, 8) = 0.1217 of its patients and the pair
 *     holds 8 (1 - B) on average;
 *   fully pooled queue pair: the same with lines (load 2.4 on 3 shared
 *     places): the number present is M/M/3's whichever line a freed place
 *     serves, so each unit's P(wait) is Erlang C(3, 2.4), and with
 *     symmetric streams so is each unit's mean wait, C/(c mu - lam);
 *   fully ring-fenced: own places 5 each and a pool of 0 give exactly the
 *     KPIs of two separate units of 5 (same patients, same draws).
 *
 * Tolerances: Student t over replications (qt.h).
 */
#include <stdlib.h>
#include <string.h>
#include "qt.h"

/* Two units a, b sharing a pool of `shared` places, each with `own`. */
static scenario *pair(const char *name, long own, long shared,
                      double lam_each, double days, full_policy when,
                      uint64_t seed)
{
    scenario *sc = mk_scenario(name, days, 50, seed);
    mk_unit(sc, "a", own, 1, when);
    mk_unit(sc, "b", own, 1, when);
    mk_arrival(sc, "a-in", lam_each, "a");
    mk_arrival(sc, "b-in", lam_each, "b");
    if (shared < 0)
        return sc; /* no pool at all */
    sc->pools = calloc(1, sizeof *sc->pools);
    sc->pools[0].units = calloc(2, sizeof(int));
    if (!sc->pools || !sc->pools[0].units)
        abort();
    sc->n_pools = 1;
    sc->pools[0].name = strdup("shared");
    sc->pools[0].capacity = shared;
    sc->pools[0].n_units = 2;
    for (int i = 0; i < 2; i++) {
        sc->pools[0].units[i] = i;
        sc->units[i].in_pool = 1;
        sc->units[i].pool = 0;
    }
    return sc;
}

static void pooled_loss(void)
{
    enum { R = 10 };
    double B = qt_erlang_b(10, 8);
    scenario *sc = pair("pooled-loss", 0, 10, 4, 2050, FULL_LOSE,
                        qt_seed(901));
    qt_runs r = qt_run(sc, R);
    qt_check_est("pool of 10 shared by two units of 0, 4/day each: "
                 "a.lost.fraction = B(10, 8)", qt_kpi(&r, "a.lost.fraction"),
                 B, 0.015, "");
    qt_check_est("the same: b.lost.fraction = B(10, 8)",
                 qt_kpi(&r, "b.lost.fraction"), B, 0.015, "");
    qt_check_est("the same: a.full.fraction = B(10, 8) (full when the "
                 "pool is)", qt_kpi(&r, "a.full.fraction"), B, 0.015, "");
    double occ[R];
    for (int i = 0; i < R; i++)
        occ[i] = qt_at(&r, i, "a.occupancy.mean") +
                 qt_at(&r, i, "b.occupancy.mean");
    qt_check_est("the same: a + b occupancy.mean = 8 (1 - B)",
                 qt_estimate(occ, R), 8 * (1 - B), 0.2, "patients");
    qt_runs_free(&r);
    scenario_free(sc);
}

static void pooled_queue(void)
{
    enum { R = 20 };
    double C = qt_erlang_c(3, 2.4), wq = C / (3 - 2.4) * 24;
    scenario *sc = pair("pooled-queue", 0, 3, 1.2, 8100, FULL_QUEUE,
                        qt_seed(902));
    qt_runs r = qt_run(sc, R);
    qt_check_est("pool of 3 shared by two lines, 1.2/day each: "
                 "a.delayed.fraction = Erlang C(3, 2.4)",
                 qt_kpi(&r, "a.delayed.fraction"), C, 0.04, "");
    qt_check_est("the same: b.delayed.fraction = Erlang C(3, 2.4)",
                 qt_kpi(&r, "b.delayed.fraction"), C, 0.04, "");
    qt_check_est("the same: a.wait.mean = C/(c mu - lam)",
                 qt_kpi(&r, "a.wait.mean"), wq, 0.25 * wq, "h");
    qt_check_est("the same: b.wait.mean = C/(c mu - lam)",
                 qt_kpi(&r, "b.wait.mean"), wq, 0.25 * wq, "h");
    qt_runs_free(&r);
    scenario_free(sc);
}

/* Equal, or both NAN (never observed). */
static int equal(double x, double y)
{
    return x == y || (x != x && y != y);
}

static void ring_fenced(void)
{
    scenario *pooled = pair("fenced", 5, 0, 4, 400, FULL_QUEUE, qt_seed(903));
    scenario *apart = pair("fenced", 5, -1, 4, 400, FULL_QUEUE, qt_seed(903));
    qt_runs a = qt_run(pooled, 2), b = qt_run(apart, 2);
    int same = a.k.n == b.k.n;
    for (size_t k = 0; same && k < a.k.n; k++)
        same = !strcmp(a.k.defs[k].name, b.k.defs[k].name) &&
               equal(a.v[k], b.v[k]) &&
               equal(a.v[a.k.n + k], b.v[b.k.n + k]);
    qt_ok(same, "a pool of 0 over units of 5: every KPI (%zu) equal to two "
          "separate units' in 2 replications (a.wait.mean %g = %g)", a.k.n,
          qt_at(&a, 0, "a.wait.mean"), qt_at(&b, 0, "a.wait.mean"));
    qt_runs_free(&a);
    qt_runs_free(&b);
    scenario_free(pooled);
    scenario_free(apart);
}

int main(void)
{
    pooled_loss();
    pooled_queue();
    ring_fenced();
    return qt_done();
}
