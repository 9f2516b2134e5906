/* test_network.c -- Little's law on a network with routing and queues, and
 * a tandem line with blocking after service.
 *
 * Little's law L = lambda W holds on every sample path up to edge effects
 * (patients present at the start or the end of the measured window), so
 * the checks compare L with (admitted / T) W replication by replication
 * and test the mean difference against 0 with the Student t tolerance of
 * qt.h (the edge effects are O(L W / T), far below the tolerance).  The
 * ceilings (1-2% of L) make the checks fail if the KPIs were in the wrong
 * units or measured over different windows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

/* The mean over replications of f_i = a_i - b_i * c_i * s (s a scale). */
static qt_est little(const qt_runs *r, const char *L, const char *n,
                     const char *w, double scale)
{
    double *x = malloc((size_t)r->R * sizeof *x);
    if (!x)
        abort();
    for (int i = 0; i < r->R; i++)
        x[i] = qt_at(r, i, L) - qt_at(r, i, n) * qt_at(r, i, w) * scale;
    qt_est e = qt_estimate(x, r->R);
    free(x);
    return e;
}

static void little_network(void)
{
    const double T = 2000, warm = 50;
    const char *units[] = {"ed", "ward", "rehab"};
    char a[96], b[96], c[96], what[200];
    scenario *sc = mk_scenario("little", T + warm, warm, qt_seed(301));
    unit_spec *ed = mk_unit(sc, "ed", 6, 0.2, FULL_QUEUE);
    unit_spec *ward = mk_unit(sc, "ward", 15, 0.8, FULL_QUEUE);
    mk_unit(sc, "rehab", SCENARIO_UNLIMITED, 3, FULL_QUEUE);
    ed = &sc->units[0];
    ward = &sc->units[1];
    ward->stay = mk_lognormal(0.8, 1.0);
    mk_route(sc, ed, "ward", 0.6);
    mk_route(sc, ed, "exit", 0.4);
    mk_route(sc, ward, "rehab", 0.3);
    mk_route(sc, ward, "exit", 0.7);
    mk_arrival(sc, "in", 25, "ed");
    qt_runs r = qt_run(sc, 20);
    for (int u = 0; u < 3; u++) {
        snprintf(a, sizeof a, "%s.occupancy.mean", units[u]);
        snprintf(b, sizeof b, "%s.admitted", units[u]);
        snprintf(c, sizeof c, "%s.stay.mean", units[u]);
        double L = qt_kpi(&r, a).mean;
        snprintf(what, sizeof what,
                 "Little %s: occupancy.mean - admitted/T * stay.mean = 0 "
                 "(L = %.4g)", units[u], L);
        qt_check_est(what, little(&r, a, b, c, 1 / T), 0, 0.01 * L,
                     "patients");
        snprintf(a, sizeof a, "%s.waiting.mean", units[u]);
        snprintf(c, sizeof c, "%s.wait.mean", units[u]);
        double Lq = qt_kpi(&r, a).mean;
        snprintf(what, sizeof what,
                 "Little %s line: waiting.mean - admitted/T * wait.mean = 0 "
                 "(Lq = %.4g)", units[u], Lq);
        qt_check_est(what, little(&r, a, b, c, 1 / T / 24), 0,
                     fmax(0.02 * Lq, 1e-9), "patients");
    }
    double L = qt_kpi(&r, "system.in_system.mean").mean;
    snprintf(what, sizeof what, "Little system: in_system.mean - exits/T * "
             "time_in_system.mean = 0 (L = %.4g)", L);
    qt_check_est(what, little(&r, "system.in_system.mean", "system.exits",
                              "system.time_in_system.mean", 1 / T),
                 0, 0.01 * L, "patients");
    /* Routing shares and rates. */
    double *x = malloc(20 * sizeof *x);
    if (!x)
        abort();
    for (int i = 0; i < 20; i++)
        x[i] = qt_at(&r, i, "ward.arrivals") / qt_at(&r, i, "ed.admitted");
    qt_check_est("routing: ward.arrivals / ed.admitted = 0.6",
                 qt_estimate(x, 20), 0.6, 0.01, "");
    for (int i = 0; i < 20; i++)
        x[i] = qt_at(&r, i, "rehab.arrivals") / qt_at(&r, i, "ward.admitted");
    qt_check_est("routing: rehab.arrivals / ward.admitted = 0.3",
                 qt_estimate(x, 20), 0.3, 0.01, "");
    /* rehab is M/G/inf fed at 25 * 0.6 * 0.3 per day: L = 4.5 * 3. */
    qt_check_est("rehab (M/M/inf downstream) occupancy.mean = 4.5/d * 3 d",
                 qt_kpi(&r, "rehab.occupancy.mean"), 13.5, 0.03 * 13.5,
                 "patients");
    free(x);
    qt_runs_free(&r);
    scenario_free(sc);
}

/* A (3 places, exponential 1 d, line) -> B (2 places, exponential 1.5 d,
 * blocking after service) -> exit, at 1.1 patients a day.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void tandem(void)
{
    const double T = 4000, lam = 1.1;
    const int R = 20;
    scenario *sc = mk_scenario("tandem", T, 0, qt_seed(302));
    mk_unit(sc, "a", 3, 1, FULL_QUEUE);
    mk_unit(sc, "b", 2, 1.5, FULL_BLOCK);
    mk_route(sc, &sc->units[0], "b", 1);
    mk_arrival(sc, "in", lam, "a");
    /* Flow balance, exact, without warm-up (everything counted from an
     * empty start).  A blocked patient holds its place at A and waits in
     * B's line: it is counted in A.in_unit.end, not again in B's, so the
     * units' in_unit.end add up to system.in_system.end. */
    qt_runs r = qt_run(sc, 5);
    int good = 1, bad = 0;
    for (int i = 0; i < r.R; i++) {
        double sa = qt_at(&r, i, "system.arrivals"),
               sx = qt_at(&r, i, "system.exits"),
               sl = qt_at(&r, i, "system.lost"),
               se = qt_at(&r, i, "system.in_system.end"),
               aa = qt_at(&r, i, "a.arrivals"), ad = qt_at(&r, i, "a.admitted"),
               ae = qt_at(&r, i, "a.in_unit.end"),
               ba = qt_at(&r, i, "b.arrivals"), bd = qt_at(&r, i, "b.admitted"),
               be = qt_at(&r, i, "b.in_unit.end");
        int ok = sa == sx + sl + se && sl == 0 && aa == sa && ae + be == se &&
                 aa == bd + ae && bd == sx + be && ba - bd >= 0 &&
                 ba - bd <= 3 && ad - ba >= 0 && ad - ba <= 3;
        if (!ok && good) {
            bad = i;
            good = 0;
        }
    }
    qt_ok(good, "tandem flow balance in every replication (no warm-up): "
          "system arrivals = exits + in system at end = exits + A.in_unit.end "
          "+ B.in_unit.end; A.arrivals = B.admitted + A.in_unit.end; "
          "B.admitted = exits + B.in_unit.end; 0 <= B.arrivals - B.admitted "
          "<= 3 (blocked); 0 <= A.admitted - B.arrivals <= 3 (rep %d: "
          "arrivals %g exits %g in_system.end %g A.in_unit.end %g "
          "A.admitted %g B.arrivals %g B.admitted %g B.in_unit.end %g)",
          bad + 1, qt_at(&r, bad, "system.arrivals"),
          qt_at(&r, bad, "system.exits"),
          qt_at(&r, bad, "system.in_system.end"),
          qt_at(&r, bad, "a.in_unit.end"), qt_at(&r, bad, "a.admitted"),
          qt_at(&r, bad, "b.arrivals"), qt_at(&r, bad, "b.admitted"),
          qt_at(&r, bad, "b.in_unit.end"));
    qt_runs_free(&r);
    /* The statistics, after a warm-up: at rho_B = 0.825 with blocking the
     * line relaxes slowly, so an empty start would bias them. */
    sc->warmup = 200 * DAY;
    sc->horizon = (T + 200) * DAY;
    r = qt_run(sc, R);
    /* Blocking happens, and a lot: P(B full) is large at rho_B = 0.825. */
    qt_est blk = qt_kpi(&r, "a.blocked.mean");
    qt_ok(blk.mean > 0.05 && blk.mean > qt_tol(blk),
          "tandem: A.blocked.mean = %.4g > 0 (tol %.3g)", blk.mean,
          qt_tol(blk));
    /* B's line holds exactly A's blocked patients: equal time averages. */
    double md = 0;
    for (int i = 0; i < R; i++)
        md = fmax(md, fabs(qt_at(&r, i, "b.waiting.mean") -
                           qt_at(&r, i, "a.blocked.mean")));
    qt_ok(md < 1e-9, "tandem: B.waiting.mean = A.blocked.mean in every "
          "replication (max diff %.3g)", md);
    /* The stay at A includes the blocked time: stay.mean - 1 d > 0. */
    double *x = malloc((size_t)R * sizeof *x);
    if (!x)
        abort();
    for (int i = 0; i < R; i++)
        x[i] = qt_at(&r, i, "a.stay.mean") - 1;
    qt_est st = qt_estimate(x, R);
    qt_ok(st.mean > qt_tol(st) && st.mean > 0.05,
          "tandem: A.stay.mean - service mean 1 d = %.4g d > 0 (tol %.3g)",
          st.mean, qt_tol(st));
    /* Little on A, with blocking: occupancy (blocked included) = rate x
     * stay (blocked time included); and the places in service proper,
     * occupancy - blocked, = rate x service mean (1 day). */
    double L = qt_kpi(&r, "a.occupancy.mean").mean;
    qt_check_est("tandem Little A: occupancy.mean - admitted/T * stay.mean "
                 "= 0", little(&r, "a.occupancy.mean", "a.admitted",
                               "a.stay.mean", 1 / T), 0, 0.01 * L,
                 "patients");
    for (int i = 0; i < R; i++)
        x[i] = qt_at(&r, i, "a.occupancy.mean") -
               qt_at(&r, i, "a.blocked.mean") -
               qt_at(&r, i, "a.admitted") / T * 1.0;
    qt_check_est("tandem: A.occupancy.mean - A.blocked.mean - admitted/T * "
                 "1 d = 0", qt_estimate(x, R), 0, 0.02 * L, "patients");
    L = qt_kpi(&r, "b.occupancy.mean").mean;
    qt_check_est("tandem Little B: occupancy.mean - admitted/T * stay.mean "
                 "= 0", little(&r, "b.occupancy.mean", "b.admitted",
                               "b.stay.mean", 1 / T), 0, 0.01 * L,
                 "patients");
    qt_check_est("tandem: B.occupancy.mean = lam * 1.5 d (stable line)",
                 qt_kpi(&r, "b.occupancy.mean"), lam * 1.5, 0.05 * lam * 1.5,
                 "patients");
    free(x);
    qt_runs_free(&r);
    scenario_free(sc);
}

/* ---- the order in which blocked patients move on ----------------------
 *
 * Deterministic: fixed gaps and fixed stays.  Stream s1 -> A1 (2 places,
 * 480 min) at t = 10, 420; stream s2 -> A2 (2 places, 100 min) at t = 385,
 * 770; both -> B (1 place, 2000 min, blocking).  Patient ids follow
 * arrival: 1 (t 10, A1), 2 (385, A2), 3 (420, A1), 4 (770, A2).
 *   485: #2 done at A2, B free: admitted to B.
 *   490: #1 done at A1, blocked.   870: #4 blocked.   900: #3 blocked.
 *   B then admits in blocking order: #1 at 2485, #4 at 4485, #3 at 6485
 *   (neither id order nor grouped by upstream unit).
 * A1's stays include blocked time: #1 2475 min, #3 6065 min. */

typedef struct order_log {
    int n;
    uint64_t id[16];
    double t[16];
    int nblk;
    uint64_t blk[16];
} order_log;

static void order_cb(void *ud, double t, uint64_t id, const char *unit,
                     const char *ev)
{
    order_log *o = ud;
    if (strcmp(unit, "b") == 0 && strcmp(ev, "admit") == 0 && o->n < 16) {
        o->id[o->n] = id;
        o->t[o->n++] = t;
    }
    if (strcmp(ev, "blocked") == 0 && o->nblk < 16)
        o->blk[o->nblk++] = id;
}

static arrival_spec *fixed_stream(scenario *sc, const char *name,
                                  double gap_min, double stop_min,
                                  const char *to)
{
    arrival_spec *a = mk_arrival(sc, name, 1, to);
    a->kind = ARRIVAL_INTERARRIVAL;
    a->interarrival = (dist){.kind = DIST_FIXED, .a = gap_min};
    a->stop = stop_min;
    return a;
}

static void blocked_order(void)
{
    scenario *sc = mk_scenario("order", 8000 / DAY, 0, qt_seed(303));
    mk_unit(sc, "a1", 2, 1, FULL_QUEUE);
    mk_unit(sc, "a2", 2, 1, FULL_QUEUE);
    mk_unit(sc, "b", 1, 1, FULL_BLOCK);
    sc->units[0].stay = (dist){.kind = DIST_FIXED, .a = 480};
    sc->units[1].stay = (dist){.kind = DIST_FIXED, .a = 100};
    sc->units[2].stay = (dist){.kind = DIST_FIXED, .a = 2000};
    mk_route(sc, &sc->units[0], "b", 1);
    mk_route(sc, &sc->units[1], "b", 1);
    /* One patient per stream: the first arrival comes at start + gap. */
    fixed_stream(sc, "s1a", 10, 11, "a1");
    fixed_stream(sc, "s2a", 385, 386, "a2");
    fixed_stream(sc, "s1b", 420, 421, "a1");
    fixed_stream(sc, "s2b", 770, 771, "a2");
    order_log o = {0};
    kpi_list k;
    double *v = qt_run_traced(sc, 1, &k, order_cb, &o);
    const uint64_t want[] = {2, 1, 4, 3};
    const double want_t[] = {485, 2485, 4485, 6485};
    int good = o.n == 4;
    for (int i = 0; good && i < 4; i++)
        good = o.id[i] == want[i] && fabs(o.t[i] - want_t[i]) < 1e-9;
    qt_ok(good, "blocked patients enter B in the order they were blocked: "
          "admissions to B (id@min) %llu@%g %llu@%g %llu@%g %llu@%g, want "
          "2@485 1@2485 4@4485 3@6485 (%d admissions)",
          (unsigned long long)o.id[0], o.t[0], (unsigned long long)o.id[1],
          o.t[1], (unsigned long long)o.id[2], o.t[2],
          (unsigned long long)o.id[3], o.t[3], o.n);
    good = o.nblk == 3 && o.blk[0] == 1 && o.blk[1] == 4 && o.blk[2] == 3;
    qt_ok(good, "\"blocked\" trace events: %d, ids %llu %llu %llu (want 1 4 3)",
          o.nblk, (unsigned long long)o.blk[0], (unsigned long long)o.blk[1],
          (unsigned long long)o.blk[2]);
    double want_stay = (2475.0 + 6065.0) / 2 / DAY;
    qt_check_abs("A1.stay.mean includes blocked time ((2475+6065)/2 min)",
                 mk_kpi(&k, v, "a1.stay.mean"), want_stay, 1e-9, "days");
    qt_check_abs("A2.stay.mean: #2 100 min, #4 blocked 870-4485",
                 mk_kpi(&k, v, "a2.stay.mean"), (100.0 + 3715.0) / 2 / DAY,
                 1e-9, "days");
    qt_check_abs("B.stay.mean: three stays of 2000 min done",
                 mk_kpi(&k, v, "b.stay.mean"), 2000 / DAY, 1e-9, "days");
    /* At 8000 min: #3 in B (since 6485), nobody else. */
    qt_check_abs("in_system.end = 1 (#3 in B)",
                 mk_kpi(&k, v, "system.in_system.end"), 1, 0, "patients");
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

int main(void)
{
    little_network();
    tandem();
    blocked_order();
    return qt_done();
}
