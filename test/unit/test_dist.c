/* test_dist.c -- distributions (sim/dist.c).
 *
 * For each kind: sample mean within 4 standard errors of the known mean
 * (the constants are worked out by hand, not taken from dist_mean, which is
 * checked against them separately), and sample variance within 4 standard
 * errors of the known variance.  SE(mean) = sigma/sqrt(N) with the true
 * sigma; SE(s^2) = sqrt((m4 - s^4)/N) with the sample fourth central moment
 * (the large-sample variance of s^2).  A 4-SE band fails a correct sampler
 * with probability 6e-5 per check; seeds are fixed, so results are
 * reproducible, while a wrong parameterisation (shape and scale swapped,
 * a rate for a mean) moves the mean by tens of SEs.  Besides, each kind's
 * draws are compared bit for bit with its GSL call's on the same stream
 * (test_exact_draws).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include "dist.h"
#include "rng.h"
#include "tap.h"

enum { N = 100000 };

typedef struct { double mean, var, m4, min, max; } moments;

static moments sample(const dist *d, gsl_rng *r, long n)
{
    double *x = malloc((size_t)n * sizeof *x);
    moments m = {0, 0, 0, INFINITY, -INFINITY};
    for (long i = 0; i < n; i++) {
        x[i] = dist_sample(d, r);
        m.mean += x[i];
        if (x[i] < m.min)
            m.min = x[i];
        if (x[i] > m.max)
            m.max = x[i];
    }
    m.mean /= (double)n;
    for (long i = 0; i < n; i++) {
        double e = x[i] - m.mean;
        m.var += e * e;
        m.m4 += e * e * e * e;
    }
    m.var /= (double)(n - 1);
    m.m4 /= (double)n;
    free(x);
    return m;
}

/* Checks dist_mean against the hand-worked mean, then the sample mean and
 * variance against the known ones. */
static moments check_kind(const char *what, const dist *d, gsl_rng *r,
                          double mean, double var)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s: dist_mean = %.10g", what, mean);
    NEAR(dist_mean(d), mean, 1e-12 * fabs(mean), buf);
    moments m = sample(d, r, N);
    double se = sqrt(var / N);
    snprintf(buf, sizeof buf, "%s: sample mean within 4 SE (%.3g) of %.6g",
             what, se, mean);
    NEAR(m.mean, mean, 4 * se, buf);
    double se_var = sqrt((m.m4 - m.var * m.var) / N);
    snprintf(buf, sizeof buf, "%s: sample variance within 4 SE (%.3g) of %.6g",
             what, se_var, var);
    NEAR(m.var, var, 4 * se_var, buf);
    return m;
}

static void test_kinds(gsl_rng *r)
{
    dist d;
    moments m;

    memset(&d, 0, sizeof d);
    d.kind = DIST_FIXED, d.a = 3.25;
    int exact = 1;
    for (int i = 0; i < 1000; i++)
        exact &= dist_sample(&d, r) == 3.25;
    CHECK(exact, "fixed: every draw is exactly the value");
    EQ(dist_mean(&d), 3.25, "fixed: mean is the value");

    memset(&d, 0, sizeof d);
    d.kind = DIST_EXPONENTIAL, d.a = 5; /* mean 5, variance 25 */
    m = check_kind("exponential(mean 5)", &d, r, 5, 25);
    CHECK(m.min >= 0, "exponential: never negative");

    /* lognormal mu=1, sigma=0.5: mean exp(1.125), variance
     * (e^0.25 - 1) e^2.25 */
    memset(&d, 0, sizeof d);
    d.kind = DIST_LOGNORMAL, d.a = 1, d.b = 0.5;
    m = check_kind("lognormal(1, 0.5)", &d, r, 3.080216848918031,
                   2.694758124344947);
    CHECK(m.min > 0, "lognormal: positive");

    /* gamma shape 3, scale 2: mean 6, variance 12 (shape and scale swapped
     * would give variance 24) */
    memset(&d, 0, sizeof d);
    d.kind = DIST_GAMMA, d.a = 3, d.b = 2;
    m = check_kind("gamma(k 3, theta 2)", &d, r, 6, 12);
    CHECK(m.min >= 0, "gamma: never negative");

    /* Weibull shape 2, scale 3: mean 3 Gamma(1.5) = 2.6586807763582740,
     * variance 9 (1 - Gamma(1.5)^2) = 1.9314165294229646.  Swapped shape
     * and scale would give mean 1.786. */
    memset(&d, 0, sizeof d);
    d.kind = DIST_WEIBULL, d.a = 2, d.b = 3;
    m = check_kind("weibull(k 2, lambda 3)", &d, r, 2.658680776358274,
                   1.9314165294229646);
    CHECK(m.min >= 0, "weibull: never negative");

    /* Erlang k=4 with overall mean 8: phases of mean 2, variance 4*4 = 16 */
    memset(&d, 0, sizeof d);
    d.kind = DIST_ERLANG, d.a = 4, d.b = 8;
    m = check_kind("erlang(k 4, mean 8)", &d, r, 8, 16);
    CHECK(m.min >= 0, "erlang: never negative");

    /* uniform [2, 8): mean 5, variance 36/12 = 3 */
    memset(&d, 0, sizeof d);
    d.kind = DIST_UNIFORM, d.a = 2, d.b = 8;
    m = check_kind("uniform(2, 8)", &d, r, 5, 3);
    CHECK(m.min >= 2 && m.max <= 8, "uniform: within [2, 8]");
}

/* Triangular (1, 2, 6): mean 3, variance (1+4+36-2-6-12)/18 = 21/18;
 * P(X < mode) = (2-1)/(6-1) = 0.2. */
static void test_triangular(gsl_rng *r)
{
    dist d;
    memset(&d, 0, sizeof d);
    d.kind = DIST_TRIANGULAR, d.a = 1, d.b = 2, d.c = 6;
    check_kind("triangular(1, 2, 6)", &d, r, 3, 21.0 / 18);

    long below = 0, out = 0;
    for (long i = 0; i < N; i++) {
        double x = dist_sample(&d, r);
        below += x < 2;
        out += !(x >= 1 && x <= 6);
    }
    CHECK(out == 0, "triangular: all draws within [min, max]");
    /* binomial SE sqrt(0.2*0.8/N) = 0.00126 */
    NEAR((double)below / N, 0.2, 4 * sqrt(0.2 * 0.8 / N),
         "triangular: P(X < mode) = 0.2 within 4 SE");

    /* mode at an end: (0, 0, 3) mean 1, var (9)/18 = 0.5; (0, 3, 3) mean 2 */
    d.a = 0, d.b = 0, d.c = 3;
    moments m = check_kind("triangular(0, 0, 3)", &d, r, 1, 0.5);
    CHECK(m.min >= 0 && m.max <= 3, "triangular(0,0,3): within bounds");
    d.a = 0, d.b = 3, d.c = 3;
    m = check_kind("triangular(0, 3, 3)", &d, r, 2, 0.5);
    CHECK(m.min >= 0 && m.max <= 3, "triangular(0,3,3): within bounds");
    /* degenerate: min == max */
    d.a = d.b = d.c = 4;
    int same = 1;
    for (int i = 0; i < 100; i++)
        same &= dist_sample(&d, r) == 4;
    CHECK(same, "triangular(4, 4, 4) returns 4");
}

static void fill_empirical(dist *d)
{
    memset(d, 0, sizeof *d);
    d->kind = DIST_EMPIRICAL;
    d->n = 3;
    d->values = malloc(3 * sizeof(double));
    d->weights = malloc(3 * sizeof(double));
    d->values[0] = 1, d->values[1] = 5, d->values[2] = 10;
    d->weights[0] = 1, d->weights[1] = 2, d->weights[2] = 7; /* not summing to 1 */
}

/* Empirical {1, 5, 10} with weights {1, 2, 7}: frequencies 0.1, 0.2, 0.7;
 * each within 4 binomial SEs; nothing else ever drawn. */
static void check_empirical(const char *what, const dist *d, gsl_rng *r)
{
    long cnt[3] = {0}, other = 0;
    for (long i = 0; i < N; i++) {
        double x = dist_sample(d, r);
        if (x == 1)
            cnt[0]++;
        else if (x == 5)
            cnt[1]++;
        else if (x == 10)
            cnt[2]++;
        else
            other++;
    }
    CHECK(other == 0, "%s: draws only its values", what);
    static const double p[3] = {0.1, 0.2, 0.7};
    int ok = 1;
    for (int k = 0; k < 3; k++)
        ok &= fabs((double)cnt[k] / N - p[k]) <= 4 * sqrt(p[k] * (1 - p[k]) / N);
    CHECK(ok, "%s: frequencies %.4f %.4f %.4f within 4 SE of 0.1 0.2 0.7",
          what, (double)cnt[0] / N, (double)cnt[1] / N, (double)cnt[2] / N);
}

static void test_empirical(gsl_rng *r)
{
    dist d;
    fill_empirical(&d);
    CHECK(dist_prepare(&d) == 0, "empirical: prepare");
    /* mean (1 + 10 + 70)/10 = 8.1; E X^2 = (1 + 50 + 700)/10 = 75.1,
     * variance 75.1 - 65.61 = 9.49 */
    check_kind("empirical", &d, r, 8.1, 75.1 - 8.1 * 8.1);
    check_empirical("empirical", &d, r);
    CHECK(dist_choose(d.table, r) < 3, "dist_choose returns an index < n");

    /* dist_copy: the copy owns its arrays and table */
    dist c;
    CHECK(dist_copy(&c, &d) == 0, "empirical: copy");
    CHECK(c.values != d.values && c.weights != d.weights && c.table &&
              c.table != d.table,
          "empirical copy has its own arrays and table");
    dist_clear(&d);
    CHECK(d.values == NULL && d.weights == NULL && d.table == NULL && d.n == 0,
          "dist_clear empties the original");
    check_empirical("copy after freeing the original", &c, r);
    dist_clear(&c);
}

/* Histogram edges {0, 1, 3, 10}, weights {2, 1, 1}: bin shares 0.5, 0.25,
 * 0.25, uniform within bins.  Mean = sum w (a+b)/2 = 0.25 + 0.5 + 1.625
 * = 2.375; E X^2 = sum w (a^2+ab+b^2)/3 = 0.5/3 + 0.25*13/3 + 0.25*139/3
 * = 38.5/3; variance 38.5/3 - 2.375^2. */
static void fill_histogram(dist *d)
{
    memset(d, 0, sizeof *d);
    d->kind = DIST_HISTOGRAM;
    d->n = 3;
    d->values = malloc(4 * sizeof(double));
    d->weights = malloc(3 * sizeof(double));
    d->values[0] = 0, d->values[1] = 1, d->values[2] = 3, d->values[3] = 10;
    d->weights[0] = 2, d->weights[1] = 1, d->weights[2] = 1;
}

static void check_histogram(const char *what, const dist *d, gsl_rng *r)
{
    long cnt[3] = {0}, out = 0;
    for (long i = 0; i < N; i++) {
        double x = dist_sample(d, r);
        if (!(x >= 0 && x <= 10))
            out++;
        else
            cnt[x < 1 ? 0 : x < 3 ? 1 : 2]++;
    }
    CHECK(out == 0, "%s: all draws within the edges [0, 10]", what);
    static const double p[3] = {0.5, 0.25, 0.25};
    int ok = 1;
    for (int k = 0; k < 3; k++)
        ok &= fabs((double)cnt[k] / N - p[k]) <= 4 * sqrt(p[k] * (1 - p[k]) / N);
    CHECK(ok, "%s: bin shares %.4f %.4f %.4f within 4 SE of .5 .25 .25", what,
          (double)cnt[0] / N, (double)cnt[1] / N, (double)cnt[2] / N);
}

static void test_histogram(gsl_rng *r)
{
    dist d;
    fill_histogram(&d);
    CHECK(dist_prepare(&d) == 0, "histogram: prepare");
    check_kind("histogram", &d, r, 2.375, 38.5 / 3 - 2.375 * 2.375);
    check_histogram("histogram", &d, r);

    dist c;
    CHECK(dist_copy(&c, &d) == 0, "histogram: copy");
    dist_clear(&d); /* under ASan, a shallow copy is a use after free */
    check_histogram("histogram copy after freeing the original", &c, r);
    EQ(dist_mean(&c), 2.375, "histogram copy keeps its mean");
    dist_clear(&c);

    /* copy of a kind without tables */
    dist f, g;
    memset(&f, 0, sizeof f);
    f.kind = DIST_GAMMA, f.a = 2, f.b = 3;
    CHECK(dist_copy(&g, &f) == 0 && g.kind == DIST_GAMMA && g.a == 2 &&
              g.b == 3 && g.values == NULL && g.table == NULL,
          "copy of a parametric dist copies kind and parameters");
    dist_clear(&g);
}

static void test_lognormal_params(gsl_rng *r)
{
    double mu = NAN, sigma = NAN;
    char buf[128];

    /* from mean and sd: exp(mu + s^2/2) = mean and
     * mean sqrt(exp(s^2) - 1) = sd */
    static const double ms[][2] = {{10, 4}, {1440, 2880}, {0.5, 0.01}};
    for (int i = 0; i < 3; i++) {
        double mean = ms[i][0], sd = ms[i][1];
        CHECK(dist_lognormal_from_mean_sd(mean, sd, &mu, &sigma) == 0,
              "lognormal from mean %g, sd %g: accepted", mean, sd);
        snprintf(buf, sizeof buf, "  gives back mean %g", mean);
        NEAR(exp(mu + sigma * sigma / 2), mean, 1e-12 * mean, buf);
        snprintf(buf, sizeof buf, "  gives back sd %g", sd);
        NEAR(mean * sqrt(expm1(sigma * sigma)), sd, 1e-12 * mean, buf);
    }
    /* and by sampling: mean 10, sd 4 */
    dist_lognormal_from_mean_sd(10, 4, &mu, &sigma);
    dist d;
    memset(&d, 0, sizeof d);
    d.kind = DIST_LOGNORMAL, d.a = mu, d.b = sigma;
    check_kind("lognormal(mean 10, sd 4)", &d, r, 10, 16);

    CHECK(dist_lognormal_from_mean_sd(5, 0, &mu, &sigma) == 0 &&
              sigma == 0 && fabs(mu - log(5)) < 1e-15,
          "lognormal from sd 0: sigma 0, mu log(mean)");

    /* from median and one percentile: check both with GSL's lognormal CDF
     * at the exact values */
    static const double mp[][3] = {
        {120, 400, 0.9}, {120, 60, 0.1}, {3, 3.5, 0.6}, {2, 50, 0.999},
    };
    for (int i = 0; i < 4; i++) {
        double med = mp[i][0], x = mp[i][1], p = mp[i][2];
        CHECK(dist_lognormal_from_median_pct(med, x, p, &mu, &sigma) == 0,
              "lognormal from median %g, P%g = %g: accepted", med, 100 * p,
              x);
        snprintf(buf, sizeof buf, "  CDF at the median %g is 0.5", med);
        NEAR(gsl_cdf_lognormal_P(med, mu, sigma), 0.5, 1e-12, buf);
        snprintf(buf, sizeof buf, "  CDF at %g is %g", x, p);
        NEAR(gsl_cdf_lognormal_P(x, mu, sigma), p, 1e-12, buf);
    }

    /* invalid arguments */
    int bad = 0;
    bad += dist_lognormal_from_mean_sd(0, 1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_mean_sd(-1, 1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_mean_sd(1, -0.1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_mean_sd(NAN, 1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_mean_sd(1, NAN, &mu, &sigma) == -1;
    bad += dist_lognormal_from_mean_sd(INFINITY, 1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_mean_sd(1, INFINITY, &mu, &sigma) == -1;
    CHECK(bad == 7, "mean/sd: mean <= 0, sd < 0, NaN, inf rejected (%d/7)",
          bad);
    bad = 0;
    bad += dist_lognormal_from_median_pct(0, 10, 0.9, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(-5, 10, 0.9, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 0, 0.9, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, -1, 0.1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 10, 0, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 10, 1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 10, 1.5, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 10, 0.5, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 10, NAN, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 4, 0.9, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 6, 0.1, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, 5, 0.9, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(NAN, 5, 0.9, &mu, &sigma) == -1;
    bad += dist_lognormal_from_median_pct(5, INFINITY, 0.9, &mu, &sigma) == -1;
    CHECK(bad == 14, "median/pct: median <= 0, x <= 0, p outside (0,1), "
                     "p = 0.5, x on the wrong side or at the median, NaN, "
                     "inf rejected (%d/14)", bad);
}

static void test_prepare_invalid(void)
{
    double v[3] = {1, 2, 3}, w[3];
    dist d;
    int bad = 0;
    static const double ws[][3] = {
        {1, -1, 1}, {0, 0, 0}, {1, NAN, 1}, {1, INFINITY, 1},
    };
    for (int i = 0; i < 4; i++) {
        memset(&d, 0, sizeof d);
        d.kind = DIST_EMPIRICAL, d.n = 3, d.values = v, d.weights = w;
        memcpy(w, ws[i], sizeof w);
        bad += dist_prepare(&d) == -1;
        if (d.table)
            gsl_ran_discrete_free(d.table);
    }
    memset(&d, 0, sizeof d);
    d.kind = DIST_EMPIRICAL, d.n = 0, d.values = v, d.weights = w;
    bad += dist_prepare(&d) == -1;
    d.n = 3, d.values = NULL;
    bad += dist_prepare(&d) == -1;
    d.values = v, d.weights = NULL;
    bad += dist_prepare(&d) == -1;
    d.kind = DIST_HISTOGRAM, d.n = 2, d.weights = w;
    w[0] = 0, w[1] = -2;
    bad += dist_prepare(&d) == -1;
    CHECK(bad == 8, "dist_prepare rejects negative, all-zero, NaN, inf "
                    "weights, n = 0 and missing arrays (%d/8)", bad);

    memset(&d, 0, sizeof d);
    d.kind = DIST_EXPONENTIAL, d.a = 1;
    CHECK(dist_prepare(&d) == 0 && d.table == NULL,
          "dist_prepare of a parametric kind is a no-op");

    /* preparing twice replaces the table (no leak under ASan) */
    memset(&d, 0, sizeof d);
    d.kind = DIST_EMPIRICAL, d.n = 3, d.values = v, d.weights = w;
    w[0] = w[1] = w[2] = 1;
    CHECK(dist_prepare(&d) == 0 && dist_prepare(&d) == 0,
          "dist_prepare twice succeeds");
    gsl_ran_discrete_free(d.table);
    gsl_ran_discrete_free(d.biased);
}

/* Raw moments E[S], E[S^2], E[S^3] of each kind, worked by hand. */
typedef struct { double m1, m2, m3; } raw3;

/* The residual (forward-recurrence) time R of a stay S found in progress:
 * E[R] = E[S^2] / (2 E[S]), E[R^2] = E[S^3] / (3 E[S]).  The sample mean
 * of dist_residual must be within 4 SE of E[R]: the 32-draw pick that
 * it replaced gave 18.8 days for a lognormal of mean 10 and sd 20, whose
 * exact residual mean is 25. */
static void check_residual(const char *what, const dist *d, gsl_rng *r,
                           raw3 m)
{
    double er = m.m2 / (2 * m.m1), er2 = m.m3 / (3 * m.m1);
    double se = sqrt((er2 - er * er) / N), sum = 0;
    for (long i = 0; i < N; i++)
        sum += dist_residual(d, r);
    char buf[160];
    snprintf(buf, sizeof buf, "%s: residual mean within 4 SE (%.3g) of "
             "E[S^2]/2E[S] = %.6g", what, se, er);
    NEAR(sum / N, er, 4 * se, buf);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Exact CDF of the lognormal's residual: (1/E[S]) int_0^x (1 - F(s)) ds =
 * (x (1 - F(x)) + E[S] Phi((ln x - mu - s^2) / s)) / E[S]. */
static double lognormal_residual_cdf(double x, double mu, double s)
{
    if (x <= 0)
        return 0;
    double es = exp(mu + s * s / 2);
    double fx = gsl_cdf_ugaussian_P((log(x) - mu) / s);
    return (x * (1 - fx) + es * gsl_cdf_ugaussian_P((log(x) - mu - s * s) /
                                                    s)) / es;
}

static void test_residual(gsl_rng *r)
{
    dist d = {0};
    d.kind = DIST_FIXED, d.a = 3;
    check_residual("fixed 3", &d, r, (raw3){3, 9, 27});
    d.kind = DIST_EXPONENTIAL, d.a = 2;
    check_residual("exponential mean 2", &d, r, (raw3){2, 8, 48});
    double mu, sg;
    dist_lognormal_from_mean_sd(10, 20, &mu, &sg);
    d.kind = DIST_LOGNORMAL, d.a = mu, d.b = sg;
    raw3 ln = {exp(mu + sg * sg / 2), exp(2 * mu + 2 * sg * sg),
               exp(3 * mu + 4.5 * sg * sg)};
    check_residual("lognormal mean 10 sd 20", &d, r, ln);
    NEAR(ln.m2 / (2 * ln.m1), 25, 1e-9, "lognormal 10/20: E[R] is 25");
    d.kind = DIST_GAMMA, d.a = 2.5, d.b = 3;
    check_residual("gamma k 2.5 theta 3", &d, r,
                   (raw3){7.5, 9 * 2.5 * 3.5, 27 * 2.5 * 3.5 * 4.5});
    d.kind = DIST_WEIBULL, d.a = 1.7, d.b = 4;
    check_residual("weibull k 1.7 lambda 4", &d, r,
                   (raw3){4 * tgamma(1 + 1 / 1.7), 16 * tgamma(1 + 2 / 1.7),
                          64 * tgamma(1 + 3 / 1.7)});
    d.kind = DIST_ERLANG, d.a = 3, d.b = 6;  /* gamma k 3, theta 2 */
    check_residual("erlang k 3 mean 6", &d, r, (raw3){6, 4 * 12, 8 * 60});
    d.kind = DIST_UNIFORM, d.a = 1, d.b = 5;
    check_residual("uniform 1-5", &d, r,
                   (raw3){3, (125.0 - 1) / 12, (625.0 - 1) / 16});
    /* triangular 0, 1, 4: moments by the midpoint rule (1e6 steps) */
    d.kind = DIST_TRIANGULAR, d.a = 0, d.b = 1, d.c = 4;
    raw3 t = {0, 0, 0};
    for (int i = 0; i < 1000000; i++) {
        double x = (i + 0.5) * 4e-6;
        double f = x < 1 ? 2 * x / 4 : 2 * (4 - x) / (4 * 3);
        t.m1 += x * f * 4e-6, t.m2 += x * x * f * 4e-6;
        t.m3 += x * x * x * f * 4e-6;
    }
    check_residual("triangular 0/1/4", &d, r, t);
    double v[3] = {1, 2, 6}, w[3] = {0.5, 0.3, 0.2};
    d = (dist){.kind = DIST_EMPIRICAL, .n = 3, .values = v, .weights = w};
    CHECK(dist_prepare(&d) == 0, "empirical prepared");
    check_residual("empirical 1/2/6", &d, r,
                   (raw3){0.5 + 0.6 + 1.2, 0.5 + 1.2 + 7.2,
                          0.5 + 2.4 + 43.2});
    gsl_ran_discrete_free(d.table);
    gsl_ran_discrete_free(d.biased);
    double e[3] = {0, 2, 10}, hw[2] = {0.75, 0.25};
    d = (dist){.kind = DIST_HISTOGRAM, .n = 2, .values = e, .weights = hw};
    CHECK(dist_prepare(&d) == 0, "histogram prepared");
    /* E[S^n] of a bin [a, b]: (b^(n+1) - a^(n+1)) / ((n+1)(b-a)) */
    raw3 h = {0.75 * 1 + 0.25 * 6, 0.75 * 8.0 / 6 + 0.25 * 992.0 / 24,
              0.75 * 16.0 / 8 + 0.25 * 9984.0 / 32};
    check_residual("histogram 0-2-10", &d, r, h);
    gsl_ran_discrete_free(d.table);
    gsl_ran_discrete_free(d.biased);

    /* Kolmogorov-Smirnov against the exact residual CDF (lognormal mean
     * 10, sd 20): D below the 0.1% critical value 1.949 / sqrt(n). */
    enum { NK = 20000 };
    double *x = malloc(NK * sizeof *x), dmax = 0;
    d = (dist){.kind = DIST_LOGNORMAL, .a = mu, .b = sg};
    for (int i = 0; i < NK; i++)
        x[i] = dist_residual(&d, r);
    qsort(x, NK, sizeof *x, cmp_d);
    for (int i = 0; i < NK; i++) {
        double f = lognormal_residual_cdf(x[i], mu, sg);
        dmax = fmax(dmax, fmax(fabs(f - (double)i / NK),
                               fabs(f - (double)(i + 1) / NK)));
    }
    char buf[120];
    snprintf(buf, sizeof buf, "lognormal residual: KS D = %.4f < %.4f",
             dmax, 1.949 / sqrt(NK));
    CHECK(dmax < 1.949 / sqrt(NK), buf);
    free(x);
}

/* The draws each kind makes, exactly: dist_sample on a SplitMix64 view
 * gives bit for bit the value of its GSL call (or formula) on a second
 * view of the same stream, and leaves the stream where that call left it
 * (as many draws), so a dispatch that sends a kind to another call, swaps
 * its parameters, reorders its floating-point operations or spends
 * another draw fails.  The lognormal and exponential kinds, the stays'
 * and services', are drawn before the dispatch of the others. */
static double fixed_by(const dist *d, gsl_rng *r)
{
    (void)r;
    return d->a;
}

static double exponential_by(const dist *d, gsl_rng *r)
{
    return d->a * -log(1 - gsl_rng_uniform(r));
}

static double lognormal_by(const dist *d, gsl_rng *r)
{
    return exp(d->a + d->b * gsl_ran_gaussian_ziggurat(r, 1.0));
}

static double gamma_by(const dist *d, gsl_rng *r)
{
    return gsl_ran_gamma(r, d->a, d->b);
}

static double weibull_by(const dist *d, gsl_rng *r)
{
    return gsl_ran_weibull(r, d->b, d->a); /* GSL: scale, then shape */
}

static double erlang_by(const dist *d, gsl_rng *r)
{
    return gsl_ran_gamma(r, d->a, d->b / d->a);
}

static double uniform_by(const dist *d, gsl_rng *r)
{
    return gsl_ran_flat(r, d->a, d->b);
}

static void test_exact_draws(void)
{
    const struct {
        const char *name;
        dist d;
        double (*by)(const dist *, gsl_rng *);
    } kinds[] = {
        {"fixed", {.kind = DIST_FIXED, .a = 3.25}, fixed_by},
        {"exponential", {.kind = DIST_EXPONENTIAL, .a = 5}, exponential_by},
        {"lognormal", {.kind = DIST_LOGNORMAL, .a = 1, .b = 0.5},
         lognormal_by},
        {"gamma", {.kind = DIST_GAMMA, .a = 3, .b = 2}, gamma_by},
        {"weibull", {.kind = DIST_WEIBULL, .a = 2, .b = 3}, weibull_by},
        {"erlang", {.kind = DIST_ERLANG, .a = 4, .b = 8}, erlang_by},
        {"uniform", {.kind = DIST_UNIFORM, .a = 2, .b = 8}, uniform_by},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        uint64_t s1 = rng_substream(2024, 1, k), s2 = s1;
        gsl_rng r1 = rng_on(&s1), r2 = rng_on(&s2);
        int same = 1;
        for (int i = 0; i < 1000; i++) {
            double x = dist_sample(&kinds[k].d, &r1);
            double y = kinds[k].by(&kinds[k].d, &r2);
            same &= memcmp(&x, &y, sizeof x) == 0;
        }
        CHECK(same && s1 == s2, "%s: dist_sample's draws are its GSL "
              "call's, bit for bit, from as many draws", kinds[k].name);
    }
}

int main(void)
{
    gsl_rng *r = rng_stream_new(2024, 0, "test_dist");
    test_kinds(r);
    test_triangular(r);
    test_empirical(r);
    test_histogram(r);
    test_lognormal_params(r);
    test_prepare_invalid();
    test_residual(r);
    test_exact_draws();
    gsl_rng_free(r);
    return tap_done();
}
