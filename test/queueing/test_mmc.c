/* test_mmc.c -- many-server units against Erlang's formulas.
 *
 *   M/M/c (Erlang C): P(wait), mean wait, P(wait > t), line length,
 *     occupancy, and the 95th percentile of the wait (also for M/M/1);
 *   M/G/c/c (Erlang B): loss and time-full shares with exponential,
 *     lognormal and fixed stays of the same mean (insensitivity);
 *   M/G/inf: occupancy mean and its Poisson 95th percentile;
 *   divert: overflow from a full unit to another.
 *
 * Rates per day, waits reported in hours.  Tolerances: Student t over
 * replications (qt.h); each ceiling is ~1.5x the largest tolerance seen
 * over 10 seeds, so that a check keeps its power.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "qt.h"
#include "stats.h"

/* ---- waits recorded through the trace, for exact sample quantiles ---- */

typedef struct waits {
    const char *unit;
    double from;     /* record admissions at or after this time */
    double *arr;     /* arrival time at the unit by patient id */
    size_t narr;
    double *w;       /* waits, hours */
    size_t n, cap;
} waits;

static void waits_cb(void *ud, double t, uint64_t id, const char *unit,
                     const char *ev)
{
    waits *x = ud;
    if (strcmp(unit, x->unit) != 0)
        return;
    if (id >= x->narr) {
        size_t n = 2 * id + 1024;
        x->arr = realloc(x->arr, n * sizeof *x->arr);
        if (!x->arr)
            abort();
        x->narr = n;
    }
    if (strcmp(ev, "arrive") == 0) {
        x->arr[id] = t;
    } else if (strcmp(ev, "admit") == 0 && t >= x->from) {
        if (x->n == x->cap) {
            x->cap = x->cap ? 2 * x->cap : 4096;
            x->w = realloc(x->w, x->cap * sizeof *x->w);
            if (!x->w)
                abort();
        }
        x->w[x->n++] = (t - x->arr[id]) / HOUR;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The smallest sample value with empirical CDF >= p. */
static double sample_quantile(double *w, size_t n, double p)
{
    qsort(w, n, sizeof *w, cmp_double);
    size_t k = (size_t)ceil(p * (double)n);
    return w[k > 0 ? k - 1 : 0];
}

/* Feeds the waits, in random order, to a fresh tally like the engine's:
 * its quantile estimate on exchangeable data, as a control. */
static double p2_shuffled(const double *w, size_t n, gsl_rng *rng)
{
    double *c = malloc(n * sizeof *c);
    stat_tally t;
    if (!c || stat_tally_init(&t, 0.95, INFINITY) != 0)
        abort();
    memcpy(c, w, n * sizeof *c);
    gsl_ran_shuffle(rng, c, n, sizeof *c);
    for (size_t i = 0; i < n; i++)
        stat_tally_add(&t, c[i]);
    double q = stat_tally_quantile(&t);
    stat_tally_free(&t);
    free(c);
    return q;
}

/* R traced replications of a scenario with a unit "s": the KPIs, and per
 * replication the exact sample 95th percentile of the waits at "s" (ex),
 * the wait.p95 KPI (p2) and the tally's estimate of the same waits fed
 * in random order (sh). */
static qt_runs traced_runs(scenario *sc, int R, double *ex, double *p2,
                           double *sh)
{
    qt_runs r = qt_runs_new(R);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        abort();
    gsl_rng_set(rng, 12345);
    for (int i = 0; i < R; i++) {
        waits x = {.unit = "s", .from = sc->warmup};
        kpi_list k;
        double *v = qt_run_traced(sc, (uint64_t)(i + 1), &k, waits_cb, &x);
        p2[i] = mk_kpi(&k, v, "s.wait.p95");
        sh[i] = p2_shuffled(x.w, x.n, rng);
        ex[i] = sample_quantile(x.w, x.n, 0.95);
        free(x.arr);
        free(x.w);
        qt_runs_put(&r, i, &k, v);
    }
    gsl_rng_free(rng);
    return r;
}

/* wait.p95 against the analytic quantile; and the streaming estimate of
 * each replication against the exact 95th percentile of the same
 * replication's waits. */
static void p95_checks(const char *tag, int R, double theory, double ceil,
                       const double *ex, const double *p2, const double *sh)
{
    char what[200];
    int worst = 0, worst_sh = 0;
    double err = 0, err_sh = 0;
    for (int i = 0; i < R; i++) {
        if (fabs(p2[i] - ex[i]) / ex[i] > err) {
            err = fabs(p2[i] - ex[i]) / ex[i];
            worst = i;
        }
        if (fabs(sh[i] - ex[i]) / ex[i] > err_sh) {
            err_sh = fabs(sh[i] - ex[i]) / ex[i];
            worst_sh = i;
        }
    }
    /* The simulation itself: the exact sample quantile, averaged over
     * replications, against theory (consistent; its small-sample bias is
     * far below the tolerance with ~10^4 waits per run). */
    snprintf(what, sizeof what, "%s exact sample p95 of the wait (trace)",
             tag);
    qt_check_est(what, qt_estimate(ex, R), theory, ceil * theory, "h");
    /* The KPI, through the streaming estimator. */
    snprintf(what, sizeof what, "%s wait.p95 KPI", tag);
    qt_check_est(what, qt_estimate(p2, R), theory, ceil * theory, "h");
    /* Estimator accuracy, replication by replication, 5% allowed.  Control:
     * the same waits in random order are estimated within 5%, so the bound
     * is fair to the method.  The engine feeds the waits in time order:
     * the GSL P-squared estimator it used until recently was thrown 15-60%
     * off by long runs of similar (autocorrelated) waits in some
     * replications (e.g. M/M/10: 42.7 h against an exact 26.8 h); this
     * check caught that, and guards the log-binned histogram that replaced
     * it (relative error well under 1%). */
    qt_ok(err_sh <= 0.05,
          "%s control: a fresh tally on the same waits shuffled is within 5%% "
          "of the exact p95 in every replication (worst rep %d: %.4g vs "
          "%.4g h)", tag, worst_sh + 1, sh[worst_sh], ex[worst_sh]);
    qt_ok(err <= 0.05,
          "%s wait.p95 KPI within 5%% of the exact sample p95 in every "
          "replication: worst rep %d, KPI %.4g h vs exact %.4g h (%.1f%% off)"
          "%s", tag, worst + 1, p2[worst], ex[worst], 100 * err,
          err <= 0.05 ? "" : "  [ENGINE DEFECT: the streaming quantile "
          "(sim/stats.c, stat_tally_quantile) is unreliable on time-ordered, "
          "autocorrelated waits]");
}

/* Erlang C: c servers, P(W > 0) = C, E[W] = C/(c mu - lam),
 * P(W > t) = C exp(-(c mu - lam) t), Lq = C rho/(1 - rho), L(busy) = a.
 * The 95th percentile solves C exp(-(c mu - lam) w) = 0.05 (the wait has
 * an atom of 1 - C at 0). */
static void erlang_c(void)
{
    const long c = 10;
    const double lam = 8, mu = 1, a = lam / mu, rho = a / c;
    const double thr = 0.5; /* days */
    enum { R = 20 };
    double ex[R], p2[R], sh[R];
    double C = qt_erlang_c(c, a);
    scenario *sc = mk_scenario("mmc", 6100, 100, qt_seed(201));
    unit_spec *u = mk_unit(sc, "s", c, 1 / mu, FULL_QUEUE);
    u->wait_threshold = thr * DAY;
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = traced_runs(sc, R, ex, p2, sh);
    double wq = C / (c * mu - lam) * 24;
    qt_check_est("M/M/10 delayed.fraction = Erlang C",
                 qt_kpi(&r, "s.delayed.fraction"), C, 0.03, "");
    qt_check_est("M/M/10 full.fraction = Erlang C (PASTA)",
                 qt_kpi(&r, "s.full.fraction"), C, 0.03, "");
    qt_check_est("M/M/10 wait.mean = C/(c mu - lam)",
                 qt_kpi(&r, "s.wait.mean"), wq, 0.12 * wq, "h");
    double over = C * exp(-(c * mu - lam) * thr);
    qt_check_est("M/M/10 P(W > 12 h) = C exp(-(c mu - lam) t)",
                 qt_kpi(&r, "s.wait.over_threshold.fraction"), over, 0.02,
                 "");
    double lq = C * rho / (1 - rho);
    qt_check_est("M/M/10 waiting.mean = C rho/(1-rho)",
                 qt_kpi(&r, "s.waiting.mean"), lq, 0.12 * lq, "patients");
    qt_check_est("M/M/10 occupancy.mean = a", qt_kpi(&r, "s.occupancy.mean"),
                 a, 0.02 * a, "patients");
    qt_check_est("M/M/10 stay.mean = 1/mu", qt_kpi(&r, "s.stay.mean"),
                 1 / mu, 0.02, "days");
    qt_runs_free(&r);
    p95_checks("M/M/10", R, log(C / 0.05) / (c * mu - lam) * 24, 0.1, ex,
               p2, sh);
    scenario_free(sc);

    /* M/M/1 at rho = 0.5: P(W > w) = rho exp(-(mu - lam) w). */
    sc = mk_scenario("mm1", 20500, 500, qt_seed(202));
    mk_unit(sc, "s", 1, 1, FULL_QUEUE);
    mk_arrival(sc, "in", 0.5, "s");
    r = traced_runs(sc, R, ex, p2, sh);
    qt_runs_free(&r);
    p95_checks("M/M/1 rho=0.5", R, log(0.5 / 0.05) / 0.5 * 24, 0.1, ex, p2,
               sh);
    scenario_free(sc);
}

/* Erlang B: M/G/c/c loses B(c, a) of arrivals whatever the stay
 * distribution (insensitivity); by PASTA the unit is full B of the time;
 * the mean occupancy is the carried load a (1 - B). */
static void erlang_b(const char *tag, dist stay, uint64_t seed)
{
    const long c = 12;
    const double lam = 9.5, a = lam * 1.0;
    const int R = 20;
    double B = qt_erlang_b(c, a);
    char what[160];
    scenario *sc = mk_scenario("erlangb", 2010, 10, seed);
    unit_spec *u = mk_unit(sc, "s", c, 1, FULL_LOSE);
    u->stay = stay;
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, R);
    snprintf(what, sizeof what, "M/%s/12/12 lost.fraction = B(12, 9.5)", tag);
    qt_check_est(what, qt_kpi(&r, "s.lost.fraction"), B, 0.012, "");
    snprintf(what, sizeof what, "M/%s/12/12 full.fraction = B(12, 9.5)", tag);
    qt_check_est(what, qt_kpi(&r, "s.full.fraction"), B, 0.012, "");
    snprintf(what, sizeof what, "M/%s/12/12 occupancy.mean = a(1-B)", tag);
    qt_check_est(what, qt_kpi(&r, "s.occupancy.mean"), a * (1 - B),
                 0.02 * a * (1 - B), "patients");
    snprintf(what, sizeof what, "M/%s/12/12 stay.mean = 1 d", tag);
    qt_check_est(what, qt_kpi(&r, "s.stay.mean"), 1, 0.03, "days");
    /* Exact bookkeeping: nothing waits, every loss is counted once. */
    int good = 1;
    for (int i = 0; i < R; i++)
        good &= qt_at(&r, i, "s.arrivals") ==
                    qt_at(&r, i, "s.admitted") + qt_at(&r, i, "s.lost") &&
                qt_at(&r, i, "s.lost") == qt_at(&r, i, "system.lost") &&
                qt_at(&r, i, "s.occupancy.max") <= c &&
                qt_at(&r, i, "s.wait.mean") == 0;
    qt_ok(good, "M/%s/12/12 arrivals = admitted + lost = system.lost + "
          "admitted, occupancy.max <= 12, no waits, in every replication",
          tag);
    qt_runs_free(&r);
    scenario_free(sc);
}

/* M/G/inf: the number present is Poisson(lam E[S]) whatever the stay
 * distribution, so the time-weighted 95th percentile of the occupancy is
 * the Poisson 95th percentile (the run's exact time-share quantile can
 * differ by one when the CDF is near 0.95 at a boundary). */
static void mginf(void)
{
    const double lam = 20, es = 2, a = lam * es;
    const int R = 20;
    scenario *sc = mk_scenario("mginf", 1060, 60, qt_seed(203));
    unit_spec *u = mk_unit(sc, "s", SCENARIO_UNLIMITED, es, FULL_QUEUE);
    u->stay = mk_lognormal(es, 3);
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, R);
    qt_check_est("M/G/inf (lognormal 2 d, sd 3 d) occupancy.mean = lam E[S]",
                 qt_kpi(&r, "s.occupancy.mean"), a, 0.02 * a, "patients");
    long q = 0;
    while (gsl_cdf_poisson_P((unsigned)q, a) < 0.95)
        q++;
    /* One run's time-share quantile wanders by a couple of places (the
     * occupancy is autocorrelated over days), and the Poisson(40) CDF is
     * 0.9468 at 50, close to 0.95, so runs give 50 or 51 (or 49, 52):
     * the mean over replications must be within one place of 51.  (A
     * t-test against the integer 51 would be wrong: the expected sample
     * quantile lies between 50 and 51.) */
    qt_est p = qt_kpi(&r, "s.occupancy.p95");
    qt_ok(fabs(p.mean - (double)q) <= 1,
          "M/G/inf occupancy.p95 (mean over %d reps) %.3g = Poisson(%g) 95th "
          "percentile %ld +- 1", R, p.mean, a, q);
    int good;
    /* The share of time at or above the Poisson 95th percentile, from the
     * level's time shares, is not a KPI; the mean and p95 above pin it. */
    good = 1;
    for (int i = 0; i < R; i++)
        good &= qt_at(&r, i, "s.full.fraction") == 0 &&
                qt_at(&r, i, "s.delayed.fraction") == 0 &&
                qt_at(&r, i, "s.wait.mean") == 0 &&
                qt_at(&r, i, "s.lost") == 0 &&
                qt_at(&r, i, "s.waiting.mean") == 0;
    qt_ok(good, "M/G/inf full.fraction = 0 (an unlimited unit is never "
          "full), no delay, no wait, no loss, no line, in every replication "
          "(rep 1 full.fraction %g)", qt_at(&r, 0, "s.full.fraction"));
    qt_runs_free(&r);
    scenario_free(sc);
}

/* Divert: A (Erlang loss system, c = 5, a = 4) overflows to B (unlimited).
 * A.diverted / A.arrivals = B(5, 4); every diverted patient arrives at B;
 * B holds lam B(5,4) E[S_B] patients on average (Little). */
static void divert(void)
{
    const long c = 5;
    const double lam = 4, sb = 0.5;
    const int R = 20;
    double B = qt_erlang_b(c, lam);
    scenario *sc = mk_scenario("divert", 2010, 10, qt_seed(204));
    unit_spec *a = mk_unit(sc, "a", c, 1, FULL_DIVERT);
    mk_unit(sc, "b", SCENARIO_UNLIMITED, sb, FULL_QUEUE);
    a = &sc->units[0];
    a->divert_to = 1;
    mk_arrival(sc, "in", lam, "a");
    qt_runs r = qt_run(sc, R);
    double *x = malloc((size_t)R * sizeof *x);
    if (!x)
        abort();
    int good = 1;
    for (int i = 0; i < R; i++) {
        x[i] = qt_at(&r, i, "a.diverted") / qt_at(&r, i, "a.arrivals");
        good &= qt_at(&r, i, "b.arrivals") == qt_at(&r, i, "a.diverted") &&
                qt_at(&r, i, "a.arrivals") ==
                    qt_at(&r, i, "a.admitted") + qt_at(&r, i, "a.diverted") &&
                qt_at(&r, i, "a.lost") == 0 &&
                qt_at(&r, i, "system.lost") == 0;
    }
    qt_check_est("divert: A.diverted/A.arrivals = B(5, 4)", qt_estimate(x, R),
                 B, 0.015, "");
    qt_check_est("divert: A.full.fraction = B(5, 4)",
                 qt_kpi(&r, "a.full.fraction"), B, 0.015, "");
    qt_check_est("divert: B.occupancy.mean = lam B(5,4) E[S_B]",
                 qt_kpi(&r, "b.occupancy.mean"), lam * B * sb,
                 0.06 * lam * B * sb, "patients");
    qt_ok(good, "divert: B.arrivals = A.diverted, A.arrivals = A.admitted + "
          "A.diverted, nothing lost, in every replication (rep 1: %g = %g)",
          qt_at(&r, 0, "b.arrivals"), qt_at(&r, 0, "a.diverted"));
    free(x);
    qt_runs_free(&r);
    scenario_free(sc);
}

int main(void)
{
    erlang_c();
    erlang_b("M", mk_exp(1), qt_seed(211));
    erlang_b("LN", mk_lognormal(1, 2), qt_seed(212));
    erlang_b("D", mk_fixed(1), qt_seed(213));
    mginf();
    divert();
    return qt_done();
}
