/* test_queue_rules.c -- bounded lines: what a full line does
 * (queue.when_full: lose | block | divert) and separate limits for patients from
 * other units and from outside (queue.limit_internal, limit_external),
 * against M/M/1/K and M/M/1.  Unit b: 1 place, stays Exp(1 day), fed 0.5
 * a day (rho = 0.5), straight from outside or through a (no places
 * limit, no stay: its patients are internal to b).
 *
 *   line limit 2, from outside, when_full block: outside patients hold no
 *     place to keep, so they are lost as with lose: M/M/1/3,
 *     P(loss) = rho^3 (1 - rho) / (1 - rho^4);
 *   line limit 1, through a, when_full block: nobody is lost; those who
 *     find the line full wait in a, blocked, in the same FIFO line, so b
 *     is an M/M/1: its mean wait is rho / (mu - lam) and a holds the
 *     patients over the limit;
 *   limit_external 1 (outside) and limit_internal 1 (through a): each is
 *     M/M/1/2, P(loss) = rho^2 (1 - rho) / (1 - rho^3);
 *   line limit 1, when_full {divert: c}: b sends on what M/M/1/2 loses.
 *
 * Tolerances: Student t over replications (qt.h).
 */
#include <stdio.h>
#include "qt.h"

/* b fed directly (through 0) or through a (through 1). */
static scenario *feed(const char *name, int through, uint64_t seed)
{
    scenario *sc = mk_scenario(name, 8100, 100, seed);
    mk_unit(sc, "a", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "b", 1, 1, FULL_QUEUE);
    sc->units[0].stay = mk_fixed(0);
    mk_route(sc, &sc->units[0], "b", 1);
    mk_arrival(sc, "in", 0.5, through ? "a" : "b");
    return sc;
}

int main(void)
{
    enum { R = 10 };
    const double rho = 0.5;
    double k3 = rho * rho * rho * (1 - rho) / (1 - rho * rho * rho * rho);
    double k2 = rho * rho * (1 - rho) / (1 - rho * rho * rho);

    scenario *sc = feed("outside-block", 0, qt_seed(1201));
    sc->units[1].queue_limit = 2;
    sc->units[1].queue_block = 1;
    qt_runs r = qt_run(sc, R);
    qt_check_est("line limit 2, when_full block, from outside: "
                 "b.lost.fraction = M/M/1/3 loss", qt_kpi(&r, "b.lost.fraction"),
                 k3, 0.02, "");
    qt_runs_free(&r);
    scenario_free(sc);

    sc = feed("inside-block", 1, qt_seed(1202));
    sc->units[1].queue_limit = 1;
    sc->units[1].queue_block = 1;
    r = qt_run(sc, R);
    int none = 1;
    for (int i = 0; i < R; i++)
        none = none && qt_at(&r, i, "b.lost") == 0;
    qt_ok(none, "line limit 1, when_full block, through a: nobody lost in "
          "%d replications", R);
    double wq = rho / (1 - rho) * 24;
    qt_check_est("the same: b.wait.mean = M/M/1 rho/(mu - lam)",
                 qt_kpi(&r, "b.wait.mean"), wq, 0.15 * wq, "h");
    /* P(N >= 3) = rho^3 in M/M/1: a blocked patient exists then */
    double blocked = rho * rho * rho / (1 - rho);
    qt_check_est("the same: a.blocked.mean = E[(N - 2)+] = rho^3/(1 - rho)",
                 qt_kpi(&r, "a.blocked.mean"), blocked, 0.3 * blocked,
                 "patients");
    qt_runs_free(&r);
    scenario_free(sc);

    for (int through = 0; through < 2; through++) {
        sc = feed("split", through, qt_seed(1203 + (uint64_t)through));
        unit_spec *b = &sc->units[1];
        b->split_limits = 1;
        b->limit_internal = through ? 1 : SCENARIO_UNLIMITED;
        b->limit_external = through ? SCENARIO_UNLIMITED : 1;
        r = qt_run(sc, R);
        char what[160];
        snprintf(what, sizeof what, "%s 1, %s: b.lost.fraction = M/M/1/2 "
                 "loss", through ? "limit_internal" : "limit_external",
                 through ? "through a" : "from outside");
        qt_check_est(what, qt_kpi(&r, "b.lost.fraction"), k2, 0.02, "");
        qt_runs_free(&r);
        /* the other limit does not bind */
        b->limit_internal = through ? SCENARIO_UNLIMITED : 0;
        b->limit_external = through ? 0 : SCENARIO_UNLIMITED;
        r = qt_run(sc, 2);
        snprintf(what, sizeof what, "%s 0 leaves %s patients alone "
                 "(rep 1: %g lost)", through ? "limit_external" :
                 "limit_internal", through ? "internal" : "outside",
                 qt_at(&r, 0, "b.lost"));
        qt_ok(qt_at(&r, 0, "b.lost") == 0 && qt_at(&r, 1, "b.lost") == 0,
              "%s", what);
        qt_runs_free(&r);
        scenario_free(sc);
    }
    /* a full line sending patients elsewhere: b's line of 1 diverts to
     * c, so b diverts what M/M/1/2 would lose, and c takes them all */
    sc = feed("divert", 0, qt_seed(1205));
    mk_unit(sc, "c", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    sc->units[1].queue_limit = 1;
    sc->units[1].queue_divert = 1;
    sc->units[1].divert_to = 2;
    r = qt_run(sc, R);
    double share[R];
    int all = 1;
    for (int i = 0; i < R; i++) {
        share[i] = qt_at(&r, i, "b.diverted") / qt_at(&r, i, "b.arrivals");
        all = all && qt_at(&r, i, "c.arrivals") == qt_at(&r, i, "b.diverted")
              && qt_at(&r, i, "b.lost") == 0;
    }
    qt_check_est("line limit 1, when_full divert to c: b.diverted / "
                 "b.arrivals = M/M/1/2 loss", qt_estimate(share, R), k2,
                 0.02, "");
    qt_ok(all, "the same: c.arrivals = b.diverted, none lost, in every "
          "replication");
    qt_runs_free(&r);
    scenario_free(sc);
    return qt_done();
}
