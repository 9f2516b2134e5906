/* test_demand.c -- demand scaling (arrival_spec.scale, the loader's
 * `demand: {scale:}` and per-stream `scale:`) against exact counts and
 * Erlang C.
 *
 *   renewal, fixed gaps: a scale s divides every gap, so the count over
 *     a horizon is exact (a 60-minute gap at s = 1.25 is 48 minutes);
 *   Poisson with an hourly profile: the mean count over T is s lam T;
 *   M/M/3 with the rate scaled (Poisson stream, and an exponential renewal
 *     stream): P(wait) and the mean wait are Erlang C's at the scaled
 *     load, not at the unscaled one.
 *
 * Rates per day.  Tolerances: Student t over replications (qt.h); each
 * ceiling is well above the tolerance seen over 5 seeds and well below
 * the difference the scale makes.
 */
#include <math.h>
#include "qt.h"

/* Fixed gaps of 60 minutes over 10 days: 239 arrivals (60 k < 14400);
 * scaled by 1.25, gaps of 48 minutes: 299. */
static void renewal_exact(void)
{
    const double scale[2] = {1, 1.25};
    const double want[2] = {239, 299};
    for (int i = 0; i < 2; i++) {
        scenario *sc = mk_scenario("renewal", 10, 0, qt_seed(701));
        mk_unit(sc, "e", SCENARIO_UNLIMITED, 0.001, FULL_QUEUE);
        arrival_spec *a = mk_arrival(sc, "in", 1, "e");
        a->kind = ARRIVAL_INTERARRIVAL;
        a->interarrival = mk_fixed(1.0 / 24);
        a->scale = scale[i];
        qt_runs r = qt_run(sc, 1);
        double got = qt_at(&r, 0, "e.arrivals");
        qt_ok(got == want[i], "renewal, fixed 60-min gaps, scale %g: "
              "e.arrivals over 10 days %g = %g exactly", scale[i], got,
              want[i]);
        qt_runs_free(&r);
        scenario_free(sc);
    }
}

/* A Poisson stream of 20 a day with arrivals only from 08:00 to 20:00
 * (the hourly profile), scaled by 1.05: E[count over 200 days] = 4200. */
static void poisson_count(void)
{
    enum { R = 20 };
    scenario *sc = mk_scenario("poisson", 200, 0, qt_seed(702));
    mk_unit(sc, "e", SCENARIO_UNLIMITED, 0.001, FULL_QUEUE);
    arrival_spec *a = mk_arrival(sc, "in", 20, "e");
    for (int h = 0; h < 24; h++)
        a->hourly[h] = h >= 8 && h < 20 ? 2 : 0;
    a->scale = 1.05;
    qt_runs r = qt_run(sc, R);
    qt_check_est("Poisson 20/day with a daytime profile, scale 1.05: "
                 "E[arrivals in 200 days] = 1.05 x 20 x 200",
                 qt_kpi(&r, "e.arrivals"), 4200, 80, "patients");
    qt_runs_free(&r);
    scenario_free(sc);
}

/* M/M/3, mu = 1 a day, lam = 2 a day scaled by 1.2: offered load 2.4,
 * so P(wait) = C(3, 2.4) = 0.6472 (unscaled: C(3, 2) = 0.4444) and
 * E[W] = C/(c mu - lam s). */
static void erlang_c_scaled(int renewal)
{
    enum { R = 20 };
    const long c = 3;
    const double lam = 2, s = 1.2, a = lam * s;
    double C = qt_erlang_c(c, a), wq = C / ((double)c - a) * 24;
    scenario *sc = mk_scenario("mmc-scaled", 8100, 100,
                               qt_seed(renewal ? 704 : 703));
    mk_unit(sc, "s", c, 1, FULL_QUEUE);
    arrival_spec *st = mk_arrival(sc, "in", lam, "s");
    if (renewal) {
        st->kind = ARRIVAL_INTERARRIVAL;
        st->interarrival = mk_exp(1 / lam);
    }
    st->scale = s;
    qt_runs r = qt_run(sc, R);
    const char *tag = renewal ? "renewal Exp gaps" : "Poisson";
    char what[160];
    snprintf(what, sizeof what, "M/M/3 (%s) lam 2/day x 1.2: "
             "delayed.fraction = Erlang C(3, 2.4)", tag);
    qt_check_est(what, qt_kpi(&r, "s.delayed.fraction"), C, 0.04, "");
    snprintf(what, sizeof what, "M/M/3 (%s) lam 2/day x 1.2: "
             "wait.mean = C/(c mu - lam s)", tag);
    qt_check_est(what, qt_kpi(&r, "s.wait.mean"), wq, 0.25 * wq, "h");
    snprintf(what, sizeof what, "M/M/3 (%s) lam 2/day x 1.2: "
             "occupancy.mean = 2.4", tag);
    qt_check_est(what, qt_kpi(&r, "s.occupancy.mean"), a, 0.05 * a,
                 "patients");
    qt_runs_free(&r);
    scenario_free(sc);
}

int main(void)
{
    renewal_exact();
    poisson_count();
    erlang_c_scaled(0);
    erlang_c_scaled(1);
    return qt_done();
}
