/* test_stats.c -- tallies and time-weighted levels (sim/stats.c).
 *
 * Tallies: exact mean / sd / over-fraction on small known data, the P^2
 * quantile on uniforms, NAN when empty, reset.  Levels: exact averages,
 * quantiles and shares on hand-made step paths whose times are small
 * integers (so every sum is exact in binary floating point), reset keeping
 * the level, and growth far past the initial allocation.
 */
#include <math.h>
#include <gsl/gsl_rng.h>
#include "rng.h"
#include "stats.h"
#include "tap.h"

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

    CHECK(stat_tally_init(&t, 0.95, INFINITY) == 0, "tally init, no threshold");
    for (int i = 0; i < 100; i++)
        stat_tally_add(&t, 1e300);
    EQ(stat_tally_over_fraction(&t), 0, "threshold inf: nothing is over");
    stat_tally_free(&t);
    stat_tally_free(&t);
    CHECK(t.rs == NULL && t.bins == NULL, "free twice is harmless");
}

/* P^2 estimate of a quantile of 10,000 U(0,1).  The sample quantile has
 * SE sqrt(p(1-p)/n)/f(q) = sqrt(.95*.05/1e4) = 0.00218 (f = 1).  Calibrated
 * offline over 2,000 seeds: the P^2 error in these units has rms 1.0 for
 * p = 0.95, 0.5 and 0.1, and exceeded 5 once in 6,000 runs; so a 5-SE band
 * (0.011 for p = 0.95) is tight but honest.  The seed is fixed. */
/* Sorted data, the worst case for order-sensitive estimators such as
 * P-squared: 1..10000 ascending has p95 = 9500 exactly (lower quantile),
 * and the histogram must return it within its precision. */
static void test_tally_quantile_ordered(void)
{
    stat_tally t;
    stat_tally_init(&t, 0.95, INFINITY);
    for (int i = 1; i <= 10000; i++)
        stat_tally_add(&t, i);
    NEAR(stat_tally_quantile(&t), 9500, 9500 * STAT_QUANTILE_PRECISION,
         "p95 of 1..10000 in ascending order");
    stat_tally_reset(&t);
    for (int i = 10000; i >= 1; i--)
        stat_tally_add(&t, i);
    NEAR(stat_tally_quantile(&t), 9500, 9500 * STAT_QUANTILE_PRECISION,
         "p95 of 10000..1 in descending order");
    stat_tally_free(&t);
}

static void test_tally_quantile(void)
{
    gsl_rng *r = rng_stream_new(1, 0, "quantile");
    static const double ps[] = {0.95, 0.5, 0.1};
    for (int k = 0; k < 3; k++) {
        double p = ps[k];
        stat_tally t;
        stat_tally_init(&t, p, 0.9);
        for (int i = 0; i < 10000; i++)
            stat_tally_add(&t, gsl_rng_uniform(r));
        double se = sqrt(p * (1 - p) / 1e4);
        char buf[96];
        snprintf(buf, sizeof buf, "quantile %.2f of 10k uniforms within "
                                  "5 SE (%.4f)", p, se);
        NEAR(stat_tally_quantile(&t), p, 5 * se, buf);
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
        for (int i = 0; i < 10000; i++)
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
