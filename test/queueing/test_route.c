/* test_route.c -- what a route's entry may carry (next: {UNIT: {share,
 * stay, delay, transfer, hold_upstream}}) against exact timings and
 * M/G/inf and Erlang B.
 *
 *   stays by destination: the route is drawn at admission and the stay
 *     is the entry's: every patient who goes on to b left a 5 days after
 *     its admission, every one who went home 1 day after (to a microminute, in the
 *     trace), and the share going to b is 0.3 (binomial, 4 sd); the
 *     same with a route mix in force sending 0.6 to b (the route then
 *     drawn through the mix's pick);
 *   a route's delay: stays of 1 day at a, then half wait 2 days more in
 *     their place before moving to b: a holds lam (1 + 0.5 x 2) patients,
 *     lam of them blocked (M/G/inf);
 *   a route's transfer: b's place is taken for the 0.5-day move; with
 *     hold_upstream false a's place is freed as the patient sets off (a
 *     holds lam x 1, b lam x 1.5), else held until arrival (a holds
 *     lam x 1.5 too);
 *   Erlang B with a move: b of 10 places losing patients, load 5/day x
 *     (Exp 1 day + 0.6 day move) = 8: b loses B(10, 8) (insensitivity).
 *
 * Tolerances: Student t over replications (qt.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

/* Gives entry k of u's route a stay, a delay or a transfer (n entries). */
static void extra(dist **arr, unsigned char **has, size_t n, size_t k,
                  dist d)
{
    if (!*arr) {
        *arr = calloc(n, sizeof **arr);
        *has = calloc(n, 1);
        if (!*arr || !*has)
            abort();
    }
    (*arr)[k] = d;
    (*has)[k] = 1;
}

/* ---- stays by destination, by the trace ---- */

typedef struct times {
    double *adm;      /* admission at a, by patient id */
    size_t nadm;
    long to_b, home, wrong;
} times;

static void times_cb(void *ud, double t, uint64_t id, const char *unit,
                     const char *ev)
{
    times *x = ud;
    if (id >= x->nadm) {
        size_t n = 2 * id + 1024;
        x->adm = realloc(x->adm, n * sizeof *x->adm);
        if (!x->adm)
            abort();
        for (size_t i = x->nadm; i < n; i++)
            x->adm[i] = NAN;
        x->nadm = n;
    }
    if (!strcmp(unit, "a") && !strcmp(ev, "admit")) {
        x->adm[id] = t;
    } else if (!strcmp(unit, "b") && !strcmp(ev, "arrive")) {
        x->to_b++;
        x->wrong += fabs(t - x->adm[id] - 5 * DAY) > 1e-6;
    } else if (!strcmp(unit, "a") && !strcmp(ev, "exit")) {
        x->home++;
        x->wrong += fabs(t - x->adm[id] - 1 * DAY) > 1e-6;
    }
}

/* The share routed to b: 0.3, or with `mixed` a route mix in force from
 * the start, of effect 1, that sends 0.6 to b (the stays still by the
 * destination drawn, through the mix's pick). */
static void by_destination(int mixed)
{
    scenario *sc = mk_scenario("by-destination", 400, 0, qt_seed(1001));
    mk_unit(sc, "a", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "b", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_route(sc, &sc->units[0], "b", 0.3);
    mk_route(sc, &sc->units[0], "exit", 0.7);
    route *r = &sc->units[0].next;
    extra(&r->stay, &r->has_stay, 2, 0, mk_fixed(5));
    extra(&r->stay, &r->has_stay, 2, 1, mk_fixed(1));
    double to_b = 0.3;
    if (mixed) {
        intervention_spec *iv =
            mk_intervention(sc, "towards-b", IV_ROUTE_MIX, 0, 1);
        iv->mix = (route){.n = 2, .to = malloc(2 * sizeof(int)),
                          .share = malloc(2 * sizeof(double))};
        if (!iv->mix.to || !iv->mix.share)
            abort();
        iv->mix.to[0] = 1, iv->mix.to[1] = SCENARIO_EXIT;
        iv->mix.share[0] = 0.6, iv->mix.share[1] = 0.4;
        to_b = 0.6;
    }
    mk_arrival(sc, "in", 10, "a");
    times x = {0};
    kpi_list k;
    double *v = qt_run_traced(sc, 1, &k, times_cb, &x);
    long n = x.to_b + x.home;
    double sd = sqrt(to_b * (1 - to_b) / (double)n);
    qt_ok(x.wrong == 0 && n > 3000, "stays by destination%s: all %ld "
          "patients left a exactly 5 days (to b) or 1 day (home) after "
          "admission (%ld did not)", mixed ? ", route mix" : "", n,
          x.wrong);
    qt_check_abs(mixed ? "stays by destination, route mix: share routed "
                         "to b = 0.6"
                       : "stays by destination: share routed to b = 0.3",
                 (double)x.to_b / (double)n, to_b, 4 * sd, "");
    free(v);
    free(x.adm);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* ---- delays and moves along a route ---- */

static void route_delay(void)
{
    enum { R = 10 };
    const double lam = 10;
    scenario *sc = mk_scenario("route-delay", 1010, 10, qt_seed(1002));
    mk_unit(sc, "a", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "b", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    sc->units[0].stay = mk_fixed(1);
    mk_route(sc, &sc->units[0], "b", 0.5);
    mk_route(sc, &sc->units[0], "exit", 0.5);
    route *r = &sc->units[0].next;
    extra(&r->delay, &r->has_delay, 2, 0, mk_fixed(2));
    mk_arrival(sc, "in", lam, "a");
    qt_runs q = qt_run(sc, R);
    qt_check_est("route delay of 2 days to b (half the patients): "
                 "a.occupancy.mean = lam (1 + 0.5 x 2)",
                 qt_kpi(&q, "a.occupancy.mean"), 2 * lam, 0.08 * lam,
                 "patients");
    qt_check_est("the same: a.blocked.mean = lam x 0.5 x 2",
                 qt_kpi(&q, "a.blocked.mean"), lam, 0.08 * lam,
                 "patients");
    qt_check_est("the same: b.occupancy.mean = lam x 0.5 x 1",
                 qt_kpi(&q, "b.occupancy.mean"), 0.5 * lam, 0.08 * lam,
                 "patients");
    qt_runs_free(&q);
    scenario_free(sc);
}

static void route_transfer(int hold)
{
    enum { R = 10 };
    const double lam = 10;
    scenario *sc = mk_scenario("route-transfer", 1010, 10,
                               qt_seed(hold ? 1004 : 1003));
    mk_unit(sc, "a", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "b", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    sc->units[0].stay = mk_fixed(1);
    sc->units[1].stay = mk_fixed(1);
    mk_route(sc, &sc->units[0], "b", 1);
    route *r = &sc->units[0].next;
    extra(&r->transfer, &r->has_transfer, 1, 0, mk_fixed(0.5));
    r->release = calloc(1, 1);
    if (!r->release)
        abort();
    r->release[0] = !hold;
    mk_arrival(sc, "in", lam, "a");
    qt_runs q = qt_run(sc, R);
    char what[160];
    snprintf(what, sizeof what, "route transfer of 0.5 day, upstream %s: "
             "a.occupancy.mean = lam x %s", hold ? "held" : "freed",
             hold ? "1.5" : "1");
    qt_check_est(what, qt_kpi(&q, "a.occupancy.mean"),
                 hold ? 1.5 * lam : lam, 0.08 * lam, "patients");
    snprintf(what, sizeof what, "the same (upstream %s): b.occupancy.mean "
             "= lam x 1.5 (the place taken while moving)",
             hold ? "held" : "freed");
    qt_check_est(what, qt_kpi(&q, "b.occupancy.mean"), 1.5 * lam,
                 0.08 * lam, "patients");
    qt_runs_free(&q);
    scenario_free(sc);
}

static void transfer_erlang_b(void)
{
    enum { R = 10 };
    double B = qt_erlang_b(10, 8);
    scenario *sc = mk_scenario("transfer-loss", 2050, 50, qt_seed(1005));
    mk_unit(sc, "a", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "b", 10, 1, FULL_LOSE);
    sc->units[0].stay = mk_fixed(0.01);
    mk_route(sc, &sc->units[0], "b", 1);
    route *r = &sc->units[0].next;
    extra(&r->transfer, &r->has_transfer, 1, 0, mk_fixed(0.6));
    r->release = calloc(1, 1);
    if (!r->release)
        abort();
    r->release[0] = 1;
    mk_arrival(sc, "in", 5, "a");
    qt_runs q = qt_run(sc, R);
    qt_check_est("b of 10 places, 5/day, Exp(1 day) stay + 0.6-day move: "
                 "b.lost.fraction = B(10, 8)", qt_kpi(&q, "b.lost.fraction"),
                 B, 0.015, "");
    qt_runs_free(&q);
    scenario_free(sc);
}

int main(void)
{
    by_destination(0);
    by_destination(1);
    route_delay();
    route_transfer(0);
    route_transfer(1);
    transfer_erlang_b();
    return qt_done();
}
