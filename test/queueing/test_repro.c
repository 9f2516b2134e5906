/* test_repro.c -- warm-up and reproducibility.
 *
 * Warm-up: statistics cover [warmup, horizon] only.  Deterministically
 * (an arrival every hour, 30-minute stays) the counts are exact; with an
 * empty start that matters (M/D/inf, stays of 5 days), the occupancy after
 * a 5-day warm-up is the stationary lam E[S] = 50 while over the first
 * days it would be far less.
 * Determinism and common random numbers: the same (scenario, seed, rep)
 * gives bit-identical KPIs; another rep differs; two scenarios that differ
 * only downstream see identical arrivals and identical upstream KPIs.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

static void warmup_exact(void)
{
    scenario *sc = mk_scenario("warm", 10, 4, qt_seed(701));
    unit_spec *u = mk_unit(sc, "u", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    u->stay = (dist){.kind = DIST_FIXED, .a = 30};
    arrival_spec *a = mk_arrival(sc, "in", 24, "u");
    a->kind = ARRIVAL_INTERARRIVAL;
    a->interarrival = (dist){.kind = DIST_FIXED, .a = 60};
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 1, &k, &info);
    /* Arrivals at hours 1, 2, ...; those at hours 96..239 are in
     * [4 d, 10 d): 144.  Each leaves 30 min later, inside the window. */
    qt_check_abs("warm-up: arrivals after warm-up only (6 d x 24)",
                 mk_kpi(&k, v, "u.arrivals"), 144, 0, "patients");
    qt_check_abs("warm-up: system.arrivals", mk_kpi(&k, v,
                 "system.arrivals"), 144, 0, "patients");
    qt_check_abs("warm-up: system.exits", mk_kpi(&k, v, "system.exits"), 144,
                 0, "patients");
    qt_check_abs("warm-up: occupancy.mean = 0.5 (half of each hour)",
                 mk_kpi(&k, v, "u.occupancy.mean"), 0.5, 1e-9, "patients");
    qt_check_abs("warm-up: system.in_system.mean = 0.5",
                 mk_kpi(&k, v, "system.in_system.mean"), 0.5, 1e-9,
                 "patients");
    qt_check_abs("warm-up: stay.mean = 30 min", mk_kpi(&k, v, "u.stay.mean"),
                 30 / DAY, 1e-12, "days");
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* M/D/inf from empty: N(t) = arrivals in (t - 5 d, t], Poisson(50) once
 * t >= 5 d; the mean over [0, 10 d] is (125 + 250)/10 = 37.5. */
static void warmup_transient(void)
{
    const int R = 40;
    scenario *sc = mk_scenario("transient", 55, 5, qt_seed(702));
    unit_spec *u = mk_unit(sc, "u", SCENARIO_UNLIMITED, 5, FULL_QUEUE);
    u->stay = mk_fixed(5);
    mk_arrival(sc, "in", 10, "u");
    qt_runs r = qt_run(sc, R);
    qt_check_est("warm-up 5 d: M/D/inf occupancy.mean = lam E[S] = 50",
                 qt_kpi(&r, "u.occupancy.mean"), 50, 2.5, "patients");
    qt_check_est("warm-up 5 d: arrivals = lam (horizon - warmup) = 500",
                 qt_kpi(&r, "u.arrivals"), 500, 25, "patients");
    qt_runs_free(&r);
    sc->warmup = 0;
    sc->horizon = 10 * DAY;
    r = qt_run(sc, R);
    qt_check_est("no warm-up, 10 d from empty: occupancy.mean = 37.5",
                 qt_kpi(&r, "u.occupancy.mean"), 37.5, 3, "patients");
    qt_runs_free(&r);
    scenario_free(sc);
}

/* ---- determinism and common random numbers --------------------------- */

typedef struct hash {
    uint64_t h;
    long n;
} hash;

/* FNV-1a over the times and ids of arrivals at "ed". */
static void arrivals_cb(void *ud, double t, uint64_t id, const char *unit,
                        const char *ev)
{
    hash *x = ud;
    if (strcmp(unit, "ed") != 0 || strcmp(ev, "arrive") != 0)
        return;
    unsigned char b[16];
    memcpy(b, &t, 8);
    memcpy(b + 8, &id, 8);
    for (int i = 0; i < 16; i++)
        x->h = (x->h ^ b[i]) * 0x100000001b3ULL;
    x->n++;
}

static scenario *net(long ward_cap)
{
    scenario *sc = mk_scenario("crn", 300, 20, qt_seed(703));
    mk_unit(sc, "ed", 6, 0.2, FULL_QUEUE);
    mk_unit(sc, "ward", ward_cap, 1.5, FULL_QUEUE);
    mk_unit(sc, "rehab", 5, 4, FULL_LOSE);
    mk_route(sc, &sc->units[0], "ward", 0.6);
    mk_route(sc, &sc->units[0], "exit", 0.4);
    mk_route(sc, &sc->units[1], "rehab", 0.3);
    mk_route(sc, &sc->units[1], "exit", 0.7);
    mk_arrival(sc, "in", 25, "ed");
    return sc;
}

static int same_bits(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static void determinism(void)
{
    scenario *a = net(26), *b = net(24);
    kpi_list ka, kb;
    hash ha1 = {0xcbf29ce484222325ULL, 0}, ha2 = ha1, hb = ha1, h4 = ha1;
    double *a1 = qt_run_traced(a, 3, &ka, arrivals_cb, &ha1);
    double *a2 = qt_run_traced(a, 3, &kb, arrivals_cb, &ha2);
    qt_ok(ka.n == kb.n && same_bits(a1, a2, ka.n) && ha1.h == ha2.h,
          "determinism: same scenario, seed and rep give bit-identical KPI "
          "vectors (%zu KPIs) and arrival traces", ka.n);
    kpi_list_free(&kb);
    double *a4 = qt_run_traced(a, 4, &kb, arrivals_cb, &h4);
    qt_ok(!same_bits(a1, a4, ka.n) && h4.h != ha1.h &&
              mk_kpi(&ka, a1, "ed.arrivals") != mk_kpi(&kb, a4, "ed.arrivals"),
          "determinism: rep 4 differs from rep 3 (ed.arrivals %g vs %g)",
          mk_kpi(&ka, a1, "ed.arrivals"), mk_kpi(&kb, a4, "ed.arrivals"));
    kpi_list_free(&kb);
    double *b3 = qt_run_traced(b, 3, &kb, arrivals_cb, &hb);
    qt_ok(hb.h == ha1.h && hb.n == ha1.n &&
              mk_kpi(&ka, a1, "system.arrivals") ==
                  mk_kpi(&kb, b3, "system.arrivals"),
          "common random numbers: ward capacity 26 vs 24, identical arrivals "
          "at the entry (%ld, same times and ids)", hb.n);
    /* ed's dynamics do not depend on the ward (it queues, never blocks):
     * with CRN every ed KPI is identical; the ward's differ. */
    int same_ed = 1;
    for (size_t i = 0; i < ka.n; i++)
        if (strncmp(ka.defs[i].name, "ed.", 3) == 0 &&
            memcmp(&a1[i], &b3[i], sizeof *a1) != 0)
            same_ed = 0;
    qt_ok(same_ed && mk_kpi(&ka, a1, "ward.wait.mean") !=
                         mk_kpi(&kb, b3, "ward.wait.mean"),
          "common random numbers: every ed.* KPI identical, ward.wait.mean "
          "differs (%.4g h vs %.4g h)", mk_kpi(&ka, a1, "ward.wait.mean"),
          mk_kpi(&kb, b3, "ward.wait.mean"));
    free(a1);
    free(a2);
    free(a4);
    free(b3);
    kpi_list_free(&ka);
    kpi_list_free(&kb);
    scenario_free(a);
    scenario_free(b);
}

int main(void)
{
    warmup_exact();
    warmup_transient();
    determinism();
    return qt_done();
}
