/* test_lifedist.c -- the stay distributions' maximum likelihood
 * (tools/fit/lifedist.c): samples of n = 3000 from each family, with a
 * fixed seed, with and without right-censoring (admissions spread
 * uniformly over a window before the extract date), must give back the
 * true parameters within 2 standard errors and rank the true family
 * first by BIC; on censored data the naive fit (every stay taken as
 * ended) must be measurably wrong where the censored one is right; and
 * the Kaplan-Meier curve and the exponential's MLE have exact values. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include "../unit/tap.h"
#include "lifedist.h"

#define N 3000

/* The truth of each family (days) and the censoring window. */
static const struct {
    life_family f;
    double par[LIFE_MAX_PARAMS];
    double window; /* admissions uniform over [0, window) before the
                      extract: stays longer than the time since admission
                      are censored */
} TRUTH[] = {
    {LIFE_EXPONENTIAL, {4}, 20},
    {LIFE_GAMMA, {2.5, 1.6}, 20},
    {LIFE_LOGNORMAL, {1.0, 0.8}, 20},
    {LIFE_WEIBULL, {1.6, 5}, 20},
    {LIFE_LOGLOGISTIC, {3, 3}, 20},
    {LIFE_MIXTURE, {0.6, 0.0, 0.4, 2.2, 0.5}, 40},
};

static double draw(gsl_rng *r, life_family f, const double *p)
{
    double u;
    switch (f) {
    case LIFE_EXPONENTIAL: return gsl_ran_exponential(r, p[0]);
    case LIFE_GAMMA: return gsl_ran_gamma(r, p[0], p[1]);
    case LIFE_LOGNORMAL: return gsl_ran_lognormal(r, p[0], p[1]);
    case LIFE_WEIBULL: return gsl_ran_weibull(r, p[1], p[0]);
    case LIFE_LOGLOGISTIC:
        u = gsl_rng_uniform_pos(r);
        return p[0] * pow(u / (1 - u), 1 / p[1]);
    default:
        return gsl_rng_uniform(r) < p[0] ? gsl_ran_lognormal(r, p[1], p[2])
                                         : gsl_ran_lognormal(r, p[3], p[4]);
    }
}

/* A sample of family i; censored when window > 0.  Returns the count
 * censored. */
static size_t sample(gsl_rng *r, size_t i, int censor, double *t,
                     unsigned char *c)
{
    size_t nc = 0;
    for (size_t j = 0; j < N; j++) {
        t[j] = draw(r, TRUTH[i].f, TRUTH[i].par);
        c[j] = 0;
        if (censor) {
            double since = gsl_rng_uniform_pos(r) * TRUTH[i].window;
            if (t[j] > since) {
                t[j] = since;
                c[j] = 1;
                nc++;
            }
        }
    }
    return nc;
}

/* Every parameter within 2 standard errors, and family i first. */
static void check_family(size_t i, int censor, const double *t,
                         const unsigned char *c, size_t nc)
{
    life_fit fits[LIFE_COUNT];
    const char *name = lifedist_name(TRUTH[i].f);
    const char *how = censor ? "censored" : "complete";
    for (int f = 0; f < LIFE_COUNT; f++)
        lifedist_fit((life_family)f, t, censor ? c : NULL, N, &fits[f]);
    const life_fit *fit = &fits[TRUTH[i].f];
    for (size_t k = 0; k < fit->k; k++) {
        double z = (fit->par[k] - TRUTH[i].par[k]) / fit->se[k];
        CHECK(fit->ok && isfinite(z) && fabs(z) < 2,
              "%s %s (%zu censored): %s %.4f (se %.4f), truth %.4f, "
              "z = %.2f", name, how, nc, lifedist_param(TRUTH[i].f, k),
              fit->par[k], fit->se[k], TRUTH[i].par[k], z);
    }
    int best = 0;
    for (int f = 1; f < LIFE_COUNT; f++)
        if (fits[f].ok && fits[f].bic < fits[best].bic)
            best = f;
    CHECK(best == (int)TRUTH[i].f, "%s %s: ranked first by BIC (first: %s)",
          name, how, lifedist_name((life_family)best));
}

/* Naive (censoring ignored) against censored on a censored Weibull. */
static void check_naive(gsl_rng *r)
{
    double *t = malloc(N * sizeof *t);
    unsigned char *c = malloc(N);
    size_t nc = sample(r, 3, 1, t, c);
    life_fit cens, naive;
    lifedist_fit(LIFE_WEIBULL, t, c, N, &cens);
    lifedist_fit(LIFE_WEIBULL, t, NULL, N, &naive);
    double zc = (cens.par[1] - 5) / cens.se[1];
    double zn = (naive.par[1] - 5) / naive.se[1];
    CHECK(fabs(zc) < 3, "censored Weibull (%zu censored): scale %.3f, "
          "truth 5, z = %.2f", nc, cens.par[1], zc);
    CHECK(zn < -10 && naive.par[1] < 0.9 * 5,
          "naive Weibull on the same data: scale %.3f, z = %.1f (biased "
          "low by more than 10%%)", naive.par[1], zn);
    free(t);
    free(c);
}

/* Exact values: Kaplan-Meier on a small case, the exponential's MLE
 * (the sum of stays over the ended ones). */
static void check_exact(void)
{
    double t[] = {1, 2, 2, 3, 4}, *kt, *ks;
    unsigned char c[] = {0, 0, 1, 0, 1};
    long m = lifedist_km(t, c, 5, &kt, &ks);
    CHECK(m == 3, "Kaplan-Meier: 3 jumps (got %ld)", m);
    if (m == 3) {
        NEAR(ks[0], 0.8, 1e-15, "KM at 1: 4/5");
        NEAR(ks[1], 0.6, 1e-15, "KM at 2: 4/5 * 3/4 (censored at 2 at risk)");
        NEAR(ks[2], 0.3, 1e-15, "KM at 3: 0.6 * 1/2");
    }
    free(kt);
    free(ks);
    life_fit f;
    lifedist_fit(LIFE_EXPONENTIAL, t, c, 5, &f);
    NEAR(f.par[0], 12.0 / 3, 1e-6, "exponential MLE: 12 days over 3 ended");
    NEAR(f.se[0], 4 / sqrt(3), 1e-4, "its se: mean / sqrt(ended)");
}

int main(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240601);
    double *t = malloc(N * sizeof *t);
    unsigned char *c = malloc(N);
    check_exact();
    for (size_t i = 0; i < sizeof TRUTH / sizeof *TRUTH; i++)
        for (int censor = 0; censor <= 1; censor++) {
            size_t nc = sample(r, i, censor, t, c);
            check_family(i, censor, t, c, nc);
        }
    check_naive(r);
    free(t);
    free(c);
    gsl_rng_free(r);
    return tap_done();
}
