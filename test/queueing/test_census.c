/* test_census.c -- the starting census from a file (scenario.h:
 * census_row; `initial: {from: census.csv}`).
 *
 *   remaining stays: 4,000 patients found 3 days into a lognormal stay
 *     (mean 5 days, sd 6) and 4,000 found 10 days into a Weibull one
 *     (shape 1.5, scale 6 days) leave after exactly the conditional
 *     distribution of S - a given S > a: the sample mean against the
 *     integral of Q(a + x)/Q(a), and the Kolmogorov-Smirnov distance
 *     against 1.63/sqrt(n) (alpha 0.01);
 *   a patient found in a fixed 5-day stay after 2 days leaves at day 3
 *     exactly; one medically fit awaiting b moves to b at time 0;
 *   a census above capacity: 5 patients for 2 places, the 3 extra wait
 *     at time 0, and a `waiting` row joins the line after them;
 *   the round trip: a run's state at day 3 (network_census), started
 *     from, goes on as the run does (mean occupancy of days 3-8).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "qt.h"

typedef struct exits {
    const char *unit, *event;
    double *t;        /* by patient id (1-based), the first such event */
    size_t n;
    long count_at_0;
} exits;

static void exits_cb(void *ud, double t, uint64_t id, const char *unit,
                     const char *ev)
{
    exits *x = ud;
    if (strcmp(unit, x->unit) || strcmp(ev, x->event))
        return;
    if (t == 0)
        x->count_at_0++;
    if (id < x->n && isnan(x->t[id]))
        x->t[id] = t;
}

/* A scenario with unit w (unlimited, stays d), b, and n census rows at
 * w found `after` days in. */
static scenario *census(const char *name, dist d, size_t n, double after,
                        uint64_t seed)
{
    scenario *sc = mk_scenario(name, 2000, 0, seed);
    mk_unit(sc, "w", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    mk_unit(sc, "b", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    sc->units[0].stay = d;
    mk_arrival(sc, "none", 1e-6, "b");
    sc->census = calloc(n, sizeof *sc->census);
    if (!sc->census)
        abort();
    sc->n_census = n;
    for (size_t k = 0; k < n; k++)
        sc->census[k] = (census_row){.unit = 0, .elapsed = after * DAY,
                                     .next = -2};
    return sc;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Checks the remaining stays of the census against Q(a + x)/Q(a). */
static void residual(const char *tag, dist d, double after,
                     double (*q)(double x), uint64_t seed)
{
    enum { N = 4000 };
    scenario *sc = census(tag, d, N, after, seed);
    exits x = {"w", "exit", calloc(N + 1, sizeof(double)), N + 1, 0};
    for (size_t i = 0; i <= N; i++)
        x.t[i] = NAN;
    kpi_list k;
    double *v = qt_run_traced(sc, 1, &k, exits_cb, &x);
    double rem[N], mean = 0;
    size_t n = 0;
    for (size_t i = 1; i <= N; i++)
        if (!isnan(x.t[i]))
            rem[n++] = x.t[i] / DAY;
    for (size_t i = 0; i < n; i++)
        mean += rem[i] / (double)n;
    double a = after, qa = q(a), want = 0, h = 0.001;
    for (double s = 0; s < 400; s += h) /* the mean, by the midpoint rule */
        want += q(a + s + h / 2) / qa * h;
    double var = 0;
    for (size_t i = 0; i < n; i++)
        var += (rem[i] - mean) * (rem[i] - mean) / (double)(n - 1);
    char what[160];
    snprintf(what, sizeof what, "census %s, %g days in: mean remaining "
             "stay = integral of Q(a + x)/Q(a)", tag, after);
    qt_check_abs(what, mean, want, 4 * sqrt(var / (double)n), "days");
    qsort(rem, n, sizeof *rem, cmp);
    double dmax = 0;
    for (size_t i = 0; i < n; i++) {
        double f = 1 - q(a + rem[i]) / qa;
        double lo = f - (double)i / (double)n;
        double hi = (double)(i + 1) / (double)n - f;
        dmax = fmax(dmax, fmax(lo, hi));
    }
    qt_ok(n == N && dmax < 1.63 / sqrt((double)n), "census %s, %g days in: "
          "Kolmogorov-Smirnov D = %.4f < %.4f (alpha 0.01, n %zu)", tag,
          after, dmax, 1.63 / sqrt((double)n), n);
    free(v);
    free(x.t);
    kpi_list_free(&k);
    scenario_free(sc);
}

static double ln_mu, ln_sigma;
static double q_lognormal(double x)
{
    return gsl_cdf_lognormal_Q(x, ln_mu, ln_sigma);
}
static double q_weibull(double x)
{
    return gsl_cdf_weibull_Q(x, 6, 1.5);
}

/* A fixed stay, a fit patient awaiting b, a census above capacity. */
static void exact_cases(void)
{
    scenario *sc = census("exact", mk_fixed(5), 2, 2, qt_seed(1103));
    sc->census[1] = (census_row){.unit = 0, .elapsed = 1 * DAY, .fit = 1,
                                 .next = 1};
    exits x = {"w", "exit", calloc(3, sizeof(double)), 3, 0};
    x.t[0] = x.t[1] = x.t[2] = NAN;
    kpi_list k;
    double *v = qt_run_traced(sc, 1, &k, exits_cb, &x);
    qt_ok(x.t[1] == 3 * DAY, "a fixed 5-day stay found 2 days in ends at "
          "day 3 (got %g days)", x.t[1] / DAY);
    free(v);
    kpi_list_free(&k);
    exits y = {"b", "arrive", calloc(3, sizeof(double)), 3, 0};
    y.t[0] = y.t[1] = y.t[2] = NAN;
    v = qt_run_traced(sc, 1, &k, exits_cb, &y);
    qt_ok(y.t[2] == 0, "a medically fit patient awaiting b arrives at b at "
          "time 0 (got %g)", y.t[2]);
    free(v);
    free(x.t);
    free(y.t);
    kpi_list_free(&k);
    scenario_free(sc);

    sc = census("above", mk_fixed(5), 6, 1, qt_seed(1104));
    sc->units[0].capacity = 2;
    sc->census[5].waiting = 1;
    exits w = {"w", "wait", calloc(7, sizeof(double)), 7, 0};
    for (int i = 0; i < 7; i++)
        w.t[i] = NAN;
    v = qt_run_traced(sc, 1, &k, exits_cb, &w);
    qt_ok(w.count_at_0 == 4 && isnan(w.t[1]) && isnan(w.t[2]) &&
          w.t[6] == 0, "6 census patients for 2 places: rows 3-5 and the "
          "waiting row wait at time 0 (%ld wait)", w.count_at_0);
    free(v);
    free(w.t);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* The round trip: the state of a run at day 3 (network_census), started
 * from, goes on as the run itself does.  Ten places, 1.5 a day, stays
 * uniform on 4 to 6 days, a line: from empty, day 3 is far from
 * equilibrium, and a patient's stay so far matters (fresh stays would
 * keep the census about 1.5 days longer).  Occupancy over days 3-8 of
 * runs of 8 days (warm-up 3) against occupancy over 5 days started from
 * each run's day-3 census (another replication's arrivals: independent):
 * the same mean (Welch, 4 sd). */
static void round_trip(void)
{
    enum { R = 800 };
    static double on[R], from[R];
    scenario *a = mk_scenario("trip", 3, 0, qt_seed(1105));
    const dist stay = {.kind = DIST_UNIFORM, .a = 4 * DAY, .b = 6 * DAY};
    mk_unit(a, "w", 10, 1, FULL_QUEUE);
    a->units[0].stay = stay;
    mk_route(a, &a->units[0], "exit", 1); /* (mk_run does it for runs) */
    mk_arrival(a, "in", 1.5, "w");
    scenario *cont = mk_scenario("trip", 8, 3, qt_seed(1105));
    mk_unit(cont, "w", 10, 1, FULL_QUEUE);
    cont->units[0].stay = stay;
    mk_arrival(cont, "in", 1.5, "w");
    int ok = 1;
    size_t rows_seen = 0;
    for (int i = 0; i < R; i++) {
        census_row *rows;
        size_t nrows;
        run_info info;
        ok = ok && network_census(a, (uint64_t)i + 1, &rows, &nrows,
                                  &info) == 0;
        rows_seen += nrows;
        scenario *b = mk_scenario("trip", 5, 0, qt_seed(1105));
        mk_unit(b, "w", 10, 1, FULL_QUEUE);
        b->units[0].stay = stay;
        mk_arrival(b, "in", 1.5, "w");
        b->census = rows;
        b->n_census = nrows;
        kpi_list k;
        double *v = mk_run(b, (uint64_t)i + 100001, &k, &info);
        from[i] = mk_kpi(&k, v, "w.occupancy.mean");
        free(v);
        kpi_list_free(&k);
        scenario_free(b);
        v = mk_run(cont, (uint64_t)i + 1, &k, &info);
        on[i] = mk_kpi(&k, v, "w.occupancy.mean");
        free(v);
        kpi_list_free(&k);
    }
    qt_est x = qt_estimate(on, R), y = qt_estimate(from, R);
    double se = sqrt(x.se * x.se + y.se * y.se);
    qt_ok(ok && rows_seen > 0, "network_census: %d runs to day 3, %zu "
          "patients found", R, rows_seen);
    qt_check_abs("round trip: occupancy over days 3-8 started from the day-3 "
                 "census = the run's own", y.mean, x.mean, 4 * se,
                 "patients");
    scenario_free(a);
    scenario_free(cont);
}

int main(void)
{
    round_trip();
    dist ln = mk_lognormal(5, 6);
    ln_mu = ln.a - log(DAY); /* the same lognormal, in days */
    ln_sigma = ln.b;
    residual("lognormal(5 d, sd 6 d)", ln, 3, q_lognormal, qt_seed(1101));
    dist wb = {.kind = DIST_WEIBULL, .a = 1.5, .b = 6 * DAY};
    residual("Weibull(1.5, 6 d)", wb, 10, q_weibull, qt_seed(1102));
    exact_cases();
    return qt_done();
}
