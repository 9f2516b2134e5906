/* test_rng.c -- named random streams (sim/rng.c).
 *
 * Determinism in (seed, replication, name) and nothing else; distinct keys
 * give distinct sequences; reset == new; and two sanity checks of the
 * seeding: uniformity (chi-square) and no correlation between streams whose
 * keys are neighbours.  Entity streams (SplitMix64): the reference
 * generator's outputs, GSL's view of them, and the same sanity checks over
 * the first draws of neighbouring entities, purposes and draws -- the way
 * a model uses them, one fresh stream per draw.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "rng.h"
#include "tap.h"

/* First n raw outputs of a stream. */
static void draws(uint64_t seed, uint64_t rep, const char *name,
                  unsigned long *out, int n)
{
    gsl_rng *r = rng_stream_new(seed, rep, name);
    for (int i = 0; i < n; i++)
        out[i] = gsl_rng_get(r);
    gsl_rng_free(r);
}

static void test_same_key(void)
{
    enum { N = 5000 };
    static unsigned long a[N], b[N];
    draws(7, 3, "arrivals", a, N);
    draws(7, 3, "arrivals", b, N);
    CHECK(memcmp(a, b, sizeof a) == 0,
          "same (seed, rep, name): same %d outputs", N);
    CHECK(rng_key(7, 3, "arrivals") == rng_key(7, 3, "arrivals"),
          "rng_key is a function of the key");

    /* the name is read, not its address */
    char buf[16];
    strcpy(buf, "arrivals");
    draws(7, 3, buf, b, N);
    CHECK(memcmp(a, b, sizeof a) == 0, "a copy of the name: same outputs");

    gsl_rng *r = rng_stream_new(7, 3, "arrivals");
    CHECK(r && strcmp(gsl_rng_name(r), "mt19937") == 0,
          "streams are MT19937 generators");
    gsl_rng_free(r);
}

/* Keys differing in any one component (seeds and replications that differ
 * only above bit 31 included): no two of the 4 x 4 x 6 = 96
 * streams share a key, and no two agree in any of their first 8 outputs
 * (for independent 32-bit outputs, the chance of a single agreement among
 * the 96*95/2*8 = 36,480 comparisons is 36,480 / 2^32 < 1e-5). */
static void test_different_keys(void)
{
    static const uint64_t seeds[] = {0, 1, (uint64_t)1 << 32, UINT64_MAX};
    static const uint64_t reps[] = {0, 1, 2, (uint64_t)1 << 40};
    static const char *names[] = {"", "a", "b", "arrivals", "arrivals2",
                                  "ba"};
    enum { NS = 4 * 4 * 6, K = 8 };
    static unsigned long out[NS][K];
    static uint64_t keys[NS];
    int s = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 6; k++, s++) {
                draws(seeds[i], reps[j], names[k], out[s], K);
                keys[s] = rng_key(seeds[i], reps[j], names[k]);
            }
    int same_key = 0, same_out = 0;
    for (int a = 0; a < NS; a++)
        for (int b = a + 1; b < NS; b++) {
            same_key += keys[a] == keys[b];
            for (int k = 0; k < K; k++)
                same_out += out[a][k] == out[b][k];
        }
    CHECK(same_key == 0, "96 keys differing in seed, rep or name are "
                         "distinct (%d collisions)", same_key);
    CHECK(same_out == 0, "their first 8 outputs never agree (%d agreements)",
          same_out);

    /* one component at a time, explicitly */
    unsigned long base[K], other[K];
    draws(5, 5, "stay", base, K);
    draws(6, 5, "stay", other, K);
    CHECK(memcmp(base, other, sizeof base) != 0, "different seed differs");
    draws(5, 6, "stay", other, K);
    CHECK(memcmp(base, other, sizeof base) != 0, "different rep differs");
    draws(5, 5, "staz", other, K);
    CHECK(memcmp(base, other, sizeof base) != 0, "different name differs");
    /* seed and replication are not interchangeable */
    draws(6, 5, "x", base, K);
    draws(5, 6, "x", other, K);
    CHECK(memcmp(base, other, sizeof base) != 0,
          "(seed 6, rep 5) differs from (seed 5, rep 6)");
}

/* The stream for a key does not depend on what else was created or drawn
 * before it. */
static void test_creation_order(void)
{
    enum { N = 1000 };
    static unsigned long a1[N], b1[N], a2[N], b2[N];
    gsl_rng *a = rng_stream_new(1, 2, "A");
    gsl_rng *b = rng_stream_new(1, 2, "B");
    for (int i = 0; i < N; i++) {
        a1[i] = gsl_rng_get(a);
        b1[i] = gsl_rng_get(b);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);

    gsl_rng *noise = rng_stream_new(9, 9, "noise");
    for (int i = 0; i < 777; i++)
        gsl_rng_get(noise);
    b = rng_stream_new(1, 2, "B");
    for (int i = 0; i < N; i++)
        b2[i] = gsl_rng_get(b);
    a = rng_stream_new(1, 2, "A");
    for (int i = 0; i < N; i++) {
        a2[i] = gsl_rng_get(a);
        gsl_rng_get(noise);
    }
    CHECK(memcmp(a1, a2, sizeof a1) == 0 && memcmp(b1, b2, sizeof b1) == 0,
          "creation and drawing order of streams does not matter");
    gsl_rng_free(a);
    gsl_rng_free(b);
    gsl_rng_free(noise);
}

static void test_reset(void)
{
    enum { N = 2000 };
    static unsigned long want[N], got[N];
    draws(11, 4, "los", want, N);
    gsl_rng *r = rng_stream_new(1, 1, "other");
    for (int i = 0; i < 12345; i++) /* mid-block state */
        gsl_rng_get(r);
    rng_stream_reset(r, 11, 4, "los");
    for (int i = 0; i < N; i++)
        got[i] = gsl_rng_get(r);
    CHECK(memcmp(want, got, sizeof want) == 0,
          "rng_stream_reset reproduces rng_stream_new");
    rng_stream_reset(r, 11, 4, "los");
    for (int i = 0; i < N; i++)
        got[i] = gsl_rng_get(r);
    CHECK(memcmp(want, got, sizeof want) == 0, "and again after use");
    gsl_rng_free(r);

    /* Another generator type takes GSL's own seeding, deterministically. */
    gsl_rng *t1 = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng *t2 = gsl_rng_alloc(gsl_rng_taus2);
    for (int i = 0; i < 10; i++)
        gsl_rng_get(t2);
    rng_stream_reset(t1, 11, 4, "los");
    rng_stream_reset(t2, 11, 4, "los");
    int same = 1;
    for (int i = 0; i < 100; i++)
        same &= gsl_rng_get(t1) == gsl_rng_get(t2);
    CHECK(same, "reset of a non-MT generator is deterministic too");
    gsl_rng_free(t1);
    gsl_rng_free(t2);
}

/* Pearson chi-square of 10 equal bins over 100,000 uniforms, 9 degrees of
 * freedom.  Critical value at alpha = 0.001 is 27.877 (tables; e.g.
 * gsl_cdf_chisq_Qinv(0.001, 9)): a good generator fails one check in a
 * thousand, so with fixed seeds this is tight but honest.  The first draws
 * after seeding are included on purpose: that is where bad seeding shows. */
static double chi2_uniform(gsl_rng *r, long n)
{
    long bins[10] = {0};
    for (long i = 0; i < n; i++) {
        int b = (int)(gsl_rng_uniform(r) * 10);
        bins[b < 10 ? b : 9]++;
    }
    double e = (double)n / 10, c = 0;
    for (int b = 0; b < 10; b++)
        c += (bins[b] - e) * (bins[b] - e) / e;
    return c;
}

static void test_uniformity(void)
{
    static const struct { uint64_t s, r; const char *n; } k[] = {
        {0, 0, "arrivals"}, {1, 0, "arrivals"}, {0, 1, "x"}, {42, 7, ""},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        gsl_rng *r = rng_stream_new(k[i].s, k[i].r, k[i].n);
        double c = chi2_uniform(r, 100000);
        CHECK(c < 27.877, "chi-square of 10 bins, 100k draws, stream (%llu, "
                          "%llu, \"%s\"): %.2f < 27.877",
              (unsigned long long)k[i].s, (unsigned long long)k[i].r,
              k[i].n, c);
        gsl_rng_free(r);
    }
    /* The test must be able to fail: a generator stuck in [0, 0.5). */
    gsl_rng *r = rng_stream_new(0, 0, "arrivals");
    long bins[10] = {0};
    for (long i = 0; i < 100000; i++)
        bins[(int)(gsl_rng_uniform(r) * 5)]++;
    double c = 0;
    for (int b = 0; b < 10; b++)
        c += (bins[b] - 1e4) * (bins[b] - 1e4) / 1e4;
    CHECK(c > 27.877, "(the chi-square rejects a half-range generator)");
    gsl_rng_free(r);
}

/* Pearson correlation of paired uniforms from two streams.  Under
 * independence r is approximately N(0, 1/n), so |r| < 5/sqrt(n) fails with
 * probability 6e-7 per pair. */
static double corr(gsl_rng *a, gsl_rng *b, long n)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (long i = 0; i < n; i++) {
        double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    }
    double cxy = sxy - sx * sy / n, cxx = sxx - sx * sx / n,
           cyy = syy - sy * sy / n;
    return cxy / sqrt(cxx * cyy);
}

static void test_correlation(void)
{
    enum { N = 100000 };
    static const struct { uint64_t s1, r1; const char *n1;
                          uint64_t s2, r2; const char *n2; } p[] = {
        {1, 0, "s1", 1, 0, "s2"},       /* neighbouring names */
        {1, 0, "stay", 1, 1, "stay"},   /* neighbouring replications */
        {1, 0, "stay", 2, 0, "stay"},   /* neighbouring seeds */
        {0, 0, "", 0, 1, ""},
        {1, 1, "a", 1, 1, "b"},
    };
    double lim = 5 / sqrt((double)N);
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        gsl_rng *a = rng_stream_new(p[i].s1, p[i].r1, p[i].n1);
        gsl_rng *b = rng_stream_new(p[i].s2, p[i].r2, p[i].n2);
        double r = corr(a, b, N);
        CHECK(fabs(r) < lim, "correlation of (%llu,%llu,\"%s\") and "
                             "(%llu,%llu,\"%s\"): |%.5f| < %.5f",
              (unsigned long long)p[i].s1, (unsigned long long)p[i].r1,
              p[i].n1, (unsigned long long)p[i].s2,
              (unsigned long long)p[i].r2, p[i].n2, r, lim);
        gsl_rng_free(a);
        gsl_rng_free(b);
    }
}

/* Known answers.  Streams must not change between versions: results
 * published with a seed must be reproducible, and common random numbers
 * across scenarios rely on it.  These values were produced by the current
 * derivation (FNV-1a of the name, SplitMix64 of seed and replication,
 * SplitMix64 fill of the MT19937 state); if the derivation is changed on
 * purpose, update them and say so in the release notes. */
static void test_known_answers(void)
{
    CHECK(rng_key(0, 0, "arrivals") == 0x22ac0a9f6a81fc5aULL,
          "rng_key(0, 0, \"arrivals\") known answer");
    CHECK(rng_key(20240101, 7, "los:ward") == 0x572a68f84ea4dc53ULL,
          "rng_key(20240101, 7, \"los:ward\") known answer");
    gsl_rng *r = rng_stream_new(20240101, 7, "los:ward");
    static const unsigned long first[4] = {2226019073UL, 1432972368UL,
                                           4115321678UL, 1637025227UL};
    int ok = 1;
    for (int i = 0; i < 4; i++)
        ok &= gsl_rng_get(r) == first[i];
    for (int i = 0; i < 996; i++)
        gsl_rng_get(r);
    ok &= gsl_rng_get(r) == 1203249909UL; /* output 1001: past a refill */
    CHECK(ok, "stream (20240101, 7, \"los:ward\"): outputs 1-4 and 1001 "
              "known answers");
    gsl_rng_free(r);
}

/* ---- entity streams ---------------------------------------------------- */

/* SplitMix64's reference outputs for the state 1234567 (the generator's
 * published C code, splitmix64.c by S. Vigna), read raw, through GSL's
 * view and through a generator made by gsl_rng_alloc. */
static void test_splitmix_reference(void)
{
    static const uint64_t ref[5] = {
        6457827717110365317ULL, 3203168211198807973ULL,
        9817491932198370423ULL, 4593380528125082431ULL,
        16408922859458223821ULL};
    uint64_t st = 1234567;
    int ok = 1;
    for (int i = 0; i < 5; i++)
        ok &= rng_next(&st) == ref[i];
    CHECK(ok, "rng_next: SplitMix64's reference outputs for state 1234567");
    st = 1234567;
    gsl_rng v = rng_on(&st);
    ok = 1;
    for (int i = 0; i < 5; i++)
        ok &= gsl_rng_get(&v) == (unsigned long)(ref[i] >> 32);
    CHECK(ok && strcmp(gsl_rng_name(&v), "splitmix64") == 0 &&
              gsl_rng_max(&v) == 0xffffffffUL && gsl_rng_min(&v) == 0,
          "rng_on: gsl_rng_get gives the high 32 bits, range [0, 2^32)");
    st = 1234567;
    v = rng_on(&st);
    double u = gsl_rng_uniform(&v);
    CHECK(u == (double)(ref[0] >> 11) * 0x1.0p-53 && st != 1234567,
          "rng_on: gsl_rng_uniform is the top 53 bits, and advances the "
          "state it views");
    gsl_rng *a = gsl_rng_alloc(rng_splitmix64);
    gsl_rng_set(a, 1234567);
    ok = a != NULL;
    for (int i = 0; a && i < 5; i++)
        ok &= gsl_rng_get(a) == (unsigned long)(ref[i] >> 32);
    CHECK(ok, "gsl_rng_alloc(rng_splitmix64) seeded by gsl_rng_set draws "
              "the same");
    gsl_rng_free(a);
    /* the extremes of a uniform: 0 is possible, 1 is not */
    st = (uint64_t)0 - RNG_GOLDEN; /* next output is mix(0) = 0 */
    v = rng_on(&st);
    double lo = gsl_rng_uniform(&v);
    CHECK(lo == 0.0 && gsl_rng_uniform(&v) < 1.0,
          "gsl_rng_uniform of the zero output is 0 (in [0, 1))");
}

/* The first uniform of entity streams for n consecutive entities. */
static double first_uniform(uint64_t origin, uint64_t i, uint32_t purpose,
                            uint64_t j)
{
    uint64_t st = rng_substream(rng_entity(origin, i), purpose, j);
    gsl_rng v = rng_on(&st);
    return gsl_rng_uniform(&v);
}

/* Chi-square of 10 bins and correlations of neighbouring entities,
 * purposes and draws (each from its own fresh stream, as the model draws),
 * with the limits of test_uniformity and test_correlation. */
static void test_entity_independence(void)
{
    enum { N = 100000 };
    uint64_t origin = rng_key(20220401, 3, "patients:ed-walk-in");
    long bins[10] = {0};
    double sx = 0, sxx = 0, s[4] = {0}, sy[4] = {0}, syy[4] = {0};
    double prev = first_uniform(origin, 0, 3, 0);
    for (long i = 1; i <= N; i++) {
        double x = first_uniform(origin, (uint64_t)i, 3, 0);
        double y[4] = {prev,                                  /* entity-1 */
                       first_uniform(origin, (uint64_t)i, 4, 0), /* purpose */
                       first_uniform(origin, (uint64_t)i, 3, 1), /* draw+1 */
                       first_uniform(rng_entity(origin, 1), (uint64_t)i, 3,
                                     0)};                      /* origin */
        bins[(int)(x * 10)]++;
        sx += x, sxx += x * x;
        for (int k = 0; k < 4; k++)
            s[k] += x * y[k], sy[k] += y[k], syy[k] += y[k] * y[k];
        prev = x;
    }
    double c = 0;
    for (int b = 0; b < 10; b++)
        c += (bins[b] - N / 10.0) * (bins[b] - N / 10.0) / (N / 10.0);
    CHECK(c < 27.877, "entity streams: chi-square of the first draws of "
                      "100k neighbouring patients: %.2f < 27.877", c);
    static const char *what[4] = {"neighbouring patients",
                                  "two purposes of a patient",
                                  "draws j and j+1 of a purpose",
                                  "patients i of two origins"};
    double lim = 5 / sqrt((double)N);
    for (int k = 0; k < 4; k++) {
        double cxy = s[k] - sx * sy[k] / N, cxx = sxx - sx * sx / N,
               cyy = syy[k] - sy[k] * sy[k] / N;
        double r = cxy / sqrt(cxx * cyy);
        CHECK(fabs(r) < lim, "entity streams: correlation of the first "
                             "draws of %s: |%.5f| < %.5f", what[k], r, lim);
    }
}

/* GSL's samplers through fresh entity streams, one variate per stream:
 * the polar Gaussian (which rejects) and the ziggurat behind
 * gsl_ran_gamma (which reads raw 32-bit outputs) keep their moments, and
 * so does the ziggurat Gaussian itself (lognormal stays), in its tails
 * too (another code path).  Means within 5 standard errors. */
static void test_entity_samplers(void)
{
    enum { N = 200000 };
    uint64_t origin = rng_key(1, 0, "samplers");
    double gs = 0, gss = 0, ms = 0, zs = 0, zss = 0, tail = 0;
    for (long i = 0; i < N; i++) {
        uint64_t st = rng_substream(rng_entity(origin, (uint64_t)i), 0, 0);
        gsl_rng v = rng_on(&st);
        double z = gsl_ran_gaussian(&v, 1);
        gs += z, gss += z * z;
        st = rng_substream(rng_entity(origin, (uint64_t)i), 2, 0);
        z = gsl_ran_gaussian_ziggurat(&v, 1);
        zs += z, zss += z * z, tail += fabs(z) > 2;
        st = rng_substream(rng_entity(origin, (uint64_t)i), 1, 0);
        ms += gsl_ran_gamma(&v, 2.5, 2);
    }
    double mean = gs / N, var = gss / N - mean * mean, gm = ms / N;
    CHECK(fabs(mean) < 5 / sqrt((double)N) &&
              fabs(var - 1) < 5 * sqrt(2.0 / N),
          "gsl_ran_gaussian, one per fresh stream: mean %.5f, variance "
          "%.5f (0, 1)", mean, var);
    double zm = zs / N, zv = zss / N - zm * zm, pt = 0.04550026389635842;
    CHECK(fabs(zm) < 5 / sqrt((double)N) && fabs(zv - 1) < 5 * sqrt(2.0 / N),
          "gsl_ran_gaussian_ziggurat, one per fresh stream: mean %.5f, "
          "variance %.5f (0, 1)", zm, zv);
    CHECK(fabs(tail / N - pt) < 5 * sqrt(pt * (1 - pt) / N),
          "gsl_ran_gaussian_ziggurat, one per fresh stream: P(|z| > 2) "
          "%.5f (%.5f)", tail / N, pt);
    /* gamma(2.5, 2): mean 5, sd sqrt(2.5) x 2 */
    CHECK(fabs(gm - 5) < 5 * sqrt(2.5) * 2 / sqrt((double)N),
          "gsl_ran_gamma(2.5, 2), one per fresh stream: mean %.5f (5)", gm);
}

/* Distinct (purpose, draw) pairs of a key give distinct streams; the
 * derivation is fixed (known answers), since results published with a
 * seed must stay reproducible. */
static void test_entity_keys(void)
{
    uint64_t k = rng_entity(rng_key(7, 3, "patients:in"), 12);
    int distinct = 1;
    for (uint32_t p = 0; p < 12; p++)
        for (uint64_t j = 0; j < 50; j++)
            for (uint32_t q = 0; q < 12; q++)
                for (uint64_t i = 0; i < 50; i++)
                    if ((p != q || i != j) &&
                        rng_substream(k, p, j) == rng_substream(k, q, i))
                        distinct = 0;
    CHECK(distinct, "12 purposes x 50 draws of a patient: 600 distinct "
                    "streams");
    CHECK(rng_entity(1, 0) != rng_entity(1, 1) &&
              rng_entity(1, 0) != rng_entity(2, 0),
          "rng_entity depends on the origin and the index");
    uint64_t a = rng_entity(rng_key(20220401, 0, "patients:ed"), 0);
    uint64_t b = rng_substream(a, 3, 2);
    CHECK(a == 0x63b73c058beb9aedULL && b == 0xd87efe18e4cde218ULL,
          "entity key and substream known answers (%#llx, %#llx)",
          (unsigned long long)a, (unsigned long long)b);
}

int main(void)
{
    test_same_key();
    test_different_keys();
    test_creation_order();
    test_reset();
    test_uniformity();
    test_correlation();
    test_known_answers();
    test_splitmix_reference();
    test_entity_independence();
    test_entity_samplers();
    test_entity_keys();
    return tap_done();
}
