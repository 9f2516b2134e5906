/* test_stats.c -- tallies and time-weighted levels (sim/stats.c).
 *
 * Tallies: exact mean / sd / over-fraction on small known data; the
 * histogram quantile against exact lower sample quantiles (known data,
 * uniforms, any order of the data), zeros, no-quantile tallies, NAN when
 * empty, reset.  Levels: exact averages,
 * quantiles and shares on hand-made step paths whose times are small
 * integers (so every sum is exact in binary floating point), reset keeping
 * the level, and growth far past the initial allocation.
 */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include "rng.h"
#include "stats.h"
#include "tap.h"

/* Tallies of known values: counts, means, variances, quantiles, empty
 * and single ones.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_tally_known(void)
{
    stat_tally t;
    CHECK(stat_tally_init(&t, 0.5, 4.0) == 0, "tally init");
    CHECK(stat_tally_n(&t) == 0, "empty: n = 0");
    CHECK(isnan(stat_tally_mean(&t)), "empty: mean NAN");
    CHECK(isnan(stat_tally_sd(&t)), "empty: sd NAN");
    CHECK(isnan(stat_tally_quantile(&t)), "empty: quantile NAN");
    CHECK(isnan(stat_tally_over_fraction(&t)), "empty: over_fraction NAN");

    stat_tally_add(&t, 7);
    EQ(stat_tally_mean(&t), 7, "one value: mean");
    CHECK(isnan(stat_tally_sd(&t)), "one value: sd NAN");

    /* {2,4,4,4,5,5,7,9}: mean 5, sum of squares about the mean 32, sample
     * sd sqrt(32/7); over 4 (strictly): 5,5,7,9 -> 4/8 */
    stat_tally_reset(&t);
    static const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    for (int i = 0; i < 8; i++)
        stat_tally_add(&t, x[i]);
    CHECK(stat_tally_n(&t) == 8, "n = 8");
    EQ(stat_tally_mean(&t), 5, "mean exactly 5");
    EQ(t.sum, 40, "exact sum 40");
    NEAR(stat_tally_sd(&t), sqrt(32.0 / 7), 1e-14, "sd = sqrt(32/7) (n-1)");
    EQ(stat_tally_over_fraction(&t), 0.5,
       "over_fraction: values > 4 (not >= 4) -> 0.5");
    /* the lower median of the 8 values is 4; the log-binned histogram
     * returns its bin's middle, within STAT_QUANTILE_PRECISION of it */
    double q = stat_tally_quantile(&t);
    CHECK(fabs(q - 4) <= 4 * STAT_QUANTILE_PRECISION,
          "median of the 8 values is 4 within the bin precision (got %g)", q);
    stat_tally_free(&t);

    /* Lower quantiles of the same data: the smallest x(k) with
     * k >= ceil(qp n): 0.1 -> x(1) = 2, 0.25 -> x(2) = 4, 0.875 -> x(7) = 7
     * (qp n = 7 exactly: the boundary), 0.876 -> x(8) = 9, 0.95 -> 9. */
    static const double qs[][2] = {
        {0.1, 2}, {0.25, 4}, {0.626, 5}, {0.875, 7}, {0.876, 9}, {0.95, 9}};
    for (int k = 0; k < 6; k++) {
        stat_tally_init(&t, qs[k][0], INFINITY);
        for (int i = 7; i >= 0; i--)
            stat_tally_add(&t, x[i]);
        char buf[80];
        snprintf(buf, sizeof buf, "quantile %.3f of the 8 values is %g",
                 qs[k][0], qs[k][1]);
        NEAR(stat_tally_quantile(&t), qs[k][1],
             qs[k][1] * STAT_QUANTILE_PRECISION, buf);
        stat_tally_free(&t);
    }

    /* Values at or below STAT_QUANTILE_MIN count as zero. */
    stat_tally_init(&t, 0.5, INFINITY);
    for (int i = 0; i < 6; i++)
        stat_tally_add(&t, i < 3 ? 0.0 : 1e-12);
    for (int i = 0; i < 4; i++)
        stat_tally_add(&t, 100);
    EQ(stat_tally_quantile(&t), 0, "median of 6 zeros/tiny and 4 x 100 is 0");
    stat_tally_add(&t, 100);
    stat_tally_add(&t, 100);
    EQ(stat_tally_quantile(&t), 0, "6 small, 6 x 100: the lower median is 0");
    stat_tally_add(&t, 100);
    NEAR(stat_tally_quantile(&t), 100, 100 * STAT_QUANTILE_PRECISION,
         "one more 100: the median moves to 100");
    stat_tally_reset(&t);
    for (int i = 0; i < 3; i++)
        stat_tally_add(&t, 100);
    NEAR(stat_tally_quantile(&t), 100, 100 * STAT_QUANTILE_PRECISION,
         "after reset the zeros are forgotten: median 100");
    stat_tally_reset(&t);
    for (int i = 0; i < 5; i++) /* tiny, but above STAT_QUANTILE_MIN */
        stat_tally_add(&t, i < 3 ? 1e-6 : 1);
    NEAR(stat_tally_quantile(&t), 1e-6, 1e-6 * STAT_QUANTILE_PRECISION,
         "1e-6 is a value, not zero: median of {1e-6 x3, 1 x2} is 1e-6");
    stat_tally_free(&t);

    /* No quantile kept for qp outside (0, 1); everything else works. */
    static const double noq[] = {0, 1, -0.5, 2};
    int nq_ok = 1;
    for (int k = 0; k < 4; k++) {
        nq_ok &= stat_tally_init(&t, noq[k], 1) == 0;
        stat_tally_add(&t, 1);
        stat_tally_add(&t, 3);
        nq_ok &= isnan(stat_tally_quantile(&t)) && stat_tally_mean(&t) == 2 &&
                 stat_tally_over_fraction(&t) == 0.5;
        stat_tally_free(&t);
    }
    CHECK(nq_ok, "qp 0, 1, -0.5, 2: quantile NAN, mean and over still kept");

    CHECK(stat_tally_init(&t, 0.95, INFINITY) == 0, "tally init, no threshold");
    for (int i = 0; i < 100; i++)
        stat_tally_add(&t, 1e300);
    EQ(stat_tally_over_fraction(&t), 0, "threshold inf: nothing is over");
    stat_tally_free(&t);
    stat_tally_free(&t);
    CHECK(t.bins == NULL, "free twice is harmless");
}

/* Sorted data, the worst case for order-sensitive estimators such as
 * P-squared: 1..10000 ascending has p95 = 9500 exactly (lower quantile),
 * and the histogram must return it within its precision -- and the very
 * same value for any order of the same data. */
static void test_tally_quantile_ordered(void)
{
    enum { N = 10000 };
    static double v[N];
    stat_tally t;
    stat_tally_init(&t, 0.95, INFINITY);
    for (int i = 1; i <= N; i++)
        stat_tally_add(&t, i);
    double up = stat_tally_quantile(&t);
    NEAR(up, 9500, 9500 * STAT_QUANTILE_PRECISION,
         "p95 of 1..10000 in ascending order");
    stat_tally_reset(&t);
    for (int i = N; i >= 1; i--)
        stat_tally_add(&t, i);
    EQ(stat_tally_quantile(&t), up, "descending order: the same value");
    /* shuffled, and a slow sawtooth (autocorrelated, like queue waits) */
    uint64_t x = 3;
    for (int i = 0; i < N; i++)
        v[i] = i + 1;
    for (int i = N - 1; i > 0; i--) {
        int j = (int)tap_below(&x, (uint32_t)i + 1);
        double tmp = v[i];
        v[i] = v[j];
        v[j] = tmp;
    }
    stat_tally_reset(&t);
    for (int i = 0; i < N; i++)
        stat_tally_add(&t, v[i]);
    EQ(stat_tally_quantile(&t), up, "shuffled order: the same value");
    stat_tally_reset(&t);
    for (int tooth = 0; tooth < 10; tooth++) /* 10 ramps over the range */
        for (int i = 0; i < N / 10; i++)
            stat_tally_add(&t, 1 + tooth + 10 * i);
    EQ(stat_tally_quantile(&t), up, "sawtooth order: the same value");
    stat_tally_free(&t);

    /* a wide range: values from 1e-6 to 1e9 (bins grow far past the first
     * allocation); p50 of 10^-6..10^9 by decades (16 values) is 10^1 */
    stat_tally_init(&t, 0.5, INFINITY);
    for (int e = 9; e >= -6; e--)
        stat_tally_add(&t, pow(10, e));
    NEAR(stat_tally_quantile(&t), 10, 10 * STAT_QUANTILE_PRECISION,
         "median of 1e-6 .. 1e9 by decades is 10");
    stat_tally_free(&t);
}

/* The quantile of 10,000 U(0,1) against (a) the exact lower sample
 * quantile of the same data, which the histogram must hit within its
 * precision (deterministic), and (b) the true quantile: the sample
 * quantile has SE sqrt(p(1-p)/n)/f(q) = 0.0022 for p = 0.95 (f = 1), so
 * 5 SE plus the bin precision is a fair band. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void test_tally_quantile(void)
{
    enum { N = 10000 };
    static double v[N];
    gsl_rng *r = rng_stream_new(1, 0, "quantile");
    static const double ps[] = {0.95, 0.5, 0.1};
    for (int k = 0; k < 3; k++) {
        double p = ps[k];
        stat_tally t;
        stat_tally_init(&t, p, 0.9);
        for (int i = 0; i < N; i++)
            stat_tally_add(&t, v[i] = gsl_rng_uniform(r));
        qsort(v, N, sizeof v[0], cmp_double);
        double exact = v[(size_t)ceil(p * N - 1e-9) - 1];
        double se = sqrt(p * (1 - p) / N);
        double q = stat_tally_quantile(&t);
        char buf[96];
        snprintf(buf, sizeof buf, "quantile %.2f of 10k uniforms: the sample "
                                  "quantile %.5f within precision", p, exact);
        NEAR(q, exact, exact * STAT_QUANTILE_PRECISION, buf);
        snprintf(buf, sizeof buf, "quantile %.2f of 10k uniforms within "
                                  "5 SE (%.4f) of the truth", p, se);
        NEAR(q, p, 5 * se + p * STAT_QUANTILE_PRECISION, buf);
        /* over 0.9: binomial SE 0.003 */
        NEAR(stat_tally_over_fraction(&t), 0.1, 4 * 0.003,
             "over_fraction(> 0.9) of uniforms near 0.1 (4 SE)");
        NEAR(stat_tally_mean(&t), 0.5, 4 * sqrt(1.0 / 12 / 1e4),
             "mean of uniforms near 0.5 (4 SE)");
        NEAR(stat_tally_sd(&t), sqrt(1.0 / 12), 0.005,
             "sd of uniforms near sqrt(1/12) (SE 0.0012)");

        /* reset, then a shifted sample: only the new data count */
        stat_tally_reset(&t);
        CHECK(stat_tally_n(&t) == 0 && isnan(stat_tally_mean(&t)) &&
                  isnan(stat_tally_quantile(&t)) &&
                  isnan(stat_tally_over_fraction(&t)) && t.sum == 0,
              "reset empties the tally");
        for (int i = 0; i < N; i++)
            stat_tally_add(&t, 10 + gsl_rng_uniform(r));
        snprintf(buf, sizeof buf, "after reset: quantile %.2f of U(10,11)",
                 p);
        NEAR(stat_tally_quantile(&t), 10 + p,
             5 * se + (10 + p) * STAT_QUANTILE_PRECISION, buf);
        EQ(stat_tally_over_fraction(&t), 1, "after reset: all over 0.9");
        CHECK(stat_tally_n(&t) == 10000, "after reset: n counts new data");
        stat_tally_free(&t);
    }
    gsl_rng_free(r);
}

/* Path on [0, 16]:
 *   t=0  +2 -> 2     [0,3)   level 2, 3 units
 *   t=3  +1 -> 3     [3,5)   level 3, 2 units
 *   t=5  -3 -> 0     [5,6)   level 0, 1 unit   (plus a zero-length visit)
 *   t=6  +1 -> 1     [6,16]  level 1, 10 units
 * time at: 0:1, 1:10, 2:3, 3:2 (total 16); area 6+6+0+10 = 22 */
static void test_level_path(void)
{
    stat_level l;
    CHECK(stat_level_init(&l, 0) == 0, "level init");
    CHECK(isnan(stat_level_mean(&l, 0)), "mean over an empty span is NAN");
    stat_level_add(&l, 0, 2);
    stat_level_add(&l, 3, 1);
    stat_level_add(&l, 5, -3);
    stat_level_add(&l, 5, 4);  /* zero-length visit to 4 ... */
    stat_level_add(&l, 5, -4); /* ... does not count */
    stat_level_add(&l, 6, 1);
    stat_level_add(&l, 8, 0); /* a no-op change */
    CHECK(l.level == 1, "current level 1");

    EQ(stat_level_mean(&l, 16), 22.0 / 16, "time-average 22/16 exactly");
    EQ(stat_level_mean(&l, 8), 14.0 / 8,
       "time-average up to 8 = 14/8");
    EQ(stat_level_mean(&l, 12), 18.0 / 12,
       "time-average up to 12 (open interval after the last change) = 18/12");
    /* cumulative share at or below k: 1/16, 11/16, 14/16, 16/16 */
    CHECK(stat_level_quantile(&l, 16, 0.0) == 0, "quantile(0) = 0");
    CHECK(stat_level_quantile(&l, 16, 1.0 / 16) == 0,
          "quantile(1/16) = 0 (boundary: share at 0 is exactly 1/16)");
    CHECK(stat_level_quantile(&l, 16, 0.07) == 1, "quantile(0.07) = 1");
    CHECK(stat_level_quantile(&l, 16, 0.5) == 1, "quantile(0.5) = 1");
    CHECK(stat_level_quantile(&l, 16, 11.0 / 16) == 1,
          "quantile(11/16) = 1 (boundary)");
    CHECK(stat_level_quantile(&l, 16, 0.69) == 2, "quantile(0.69) = 2");
    CHECK(stat_level_quantile(&l, 16, 0.875) == 2, "quantile(14/16) = 2");
    CHECK(stat_level_quantile(&l, 16, 0.95) == 3, "quantile(0.95) = 3");
    CHECK(stat_level_quantile(&l, 16, 1.0) == 3, "quantile(1) = 3");
    EQ(stat_level_share_at_least(&l, 16, -1), 1, "share >= -1 is 1");
    EQ(stat_level_share_at_least(&l, 16, 0), 1, "share >= 0 is 1");
    EQ(stat_level_share_at_least(&l, 16, 1), 15.0 / 16, "share >= 1 = 15/16");
    EQ(stat_level_share_at_least(&l, 16, 2), 5.0 / 16, "share >= 2 = 5/16");
    EQ(stat_level_share_at_least(&l, 16, 3), 2.0 / 16, "share >= 3 = 2/16");
    EQ(stat_level_share_at_least(&l, 16, 4), 0,
       "share >= 4 = 0 (the zero-length visit has no weight)");
    EQ(stat_level_share_at_least(&l, 16, 1000), 0, "share >= 1000 = 0");
    /* at an intermediate time, the open interval [6, now] counts */
    EQ(stat_level_share_at_least(&l, 8, 1), 7.0 / 8, "share >= 1 at t=8");
    CHECK(stat_level_quantile(&l, 8, 0.5) == 2,
          "quantile(0.5) at t=8: shares 1/8, 3/8, 6/8 -> 2");

    /* reset at 16 keeps level 1; then +1 at 20; evaluate at 24:
     * level 1 for 4, level 2 for 4 -> mean 12/8, share >= 2 = 1/2 */
    stat_level_reset(&l, 16);
    CHECK(l.level == 1, "reset keeps the current level");
    CHECK(isnan(stat_level_mean(&l, 16)), "mean right after reset is NAN");
    EQ(stat_level_share_at_least(&l, 18, 1), 1,
       "after reset, before any change: share >= 1 is 1");
    CHECK(stat_level_quantile(&l, 18, 0.5) == 1,
          "after reset, before any change: median level 1");
    EQ(stat_level_mean(&l, 20), 1, "after reset: mean 1 over [16, 20]");
    stat_level_add(&l, 20, 1);
    EQ(stat_level_mean(&l, 24), 12.0 / 8, "after reset: mean 12/8");
    EQ(stat_level_share_at_least(&l, 24, 2), 0.5, "after reset: share >= 2");
    EQ(stat_level_share_at_least(&l, 24, 1), 1,
       "after reset: never at 0 since (old time at 1, 2 forgotten)");
    CHECK(stat_level_quantile(&l, 24, 0.25) == 1 &&
              stat_level_quantile(&l, 24, 0.75) == 2,
          "after reset: quartiles 1 and 2");
    stat_level_free(&l);

    /* a reset at a non-zero start */
    CHECK(stat_level_init(&l, 100) == 0, "level init at t0 = 100");
    stat_level_add(&l, 104, 3);
    EQ(stat_level_mean(&l, 108), 1.5, "t0 = 100: mean over [100, 108] = 12/8");
    stat_level_free(&l);
}

/* Up to level 10,000 one step per unit time, then back down: at[] grows
 * from 16 entries through many doublings. */
static void test_level_growth(void)
{
    enum { K = 10000 };
    stat_level l;
    stat_level_init(&l, 0);
    int ok = 1;
    for (int i = 1; i <= K; i++)
        ok &= stat_level_add(&l, i, 1) == 0;
    CHECK(ok && l.level == K && l.max == K, "climbs to level %d", K);
    /* level k on [k, k+1) for k < K: mean = sum k / K = (K-1)/2 */
    EQ(stat_level_mean(&l, K), (K - 1) / 2.0, "mean (K-1)/2 exactly");
    CHECK(stat_level_quantile(&l, K, 0.5) == K / 2 - 1,
          "median level K/2 - 1 (share at or below k is (k+1)/K)");
    EQ(stat_level_share_at_least(&l, K, K / 2), 0.5, "share >= K/2 = 1/2");
    EQ(stat_level_share_at_least(&l, K, K), 0, "share >= K = 0 at t = K");
    /* descend: level K-j on [K+j, K+j+1) */
    for (int j = 1; j <= K; j++)
        ok &= stat_level_add(&l, K + j, -1) == 0;
    CHECK(ok && l.level == 0, "back to 0");
    /* each level k in 1..K-1 twice, level K once, level 0 once:
     * area = 2 * sum_{k<K} k + K = K(K-1) + K = K^2, over 2K */
    EQ(stat_level_mean(&l, 2.0 * K), (double)K / 2, "mean K/2 over [0, 2K]");
    EQ(stat_level_share_at_least(&l, 2.0 * K, K), 0.5 / K,
       "level K held for 1 unit of 2K");
    stat_level_free(&l);

    /* one big jump also grows enough */
    stat_level_init(&l, 0);
    CHECK(stat_level_add(&l, 1, 5000) == 0 && l.nat > 5000,
          "a jump to 5000 grows the array past 5000");
    stat_level_add(&l, 3, -4999);
    EQ(stat_level_mean(&l, 4), (0 + 2 * 5000 + 1) / 4.0,
       "mean after a jump = 10001/4");
    EQ(stat_level_share_at_least(&l, 4, 5000), 0.5, "share >= 5000 = 1/2");
    stat_level_free(&l);
}

int main(void)
{
    test_tally_known();
    test_tally_quantile();
    test_tally_quantile_ordered();
    test_level_path();
    test_level_growth();
    return tap_done();
}
