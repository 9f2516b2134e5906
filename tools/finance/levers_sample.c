/* levers_sample.c -- Shapley values by sampling orders of the levers
 * (levers.h: lever_shapley_sample), for more levers than every subset
 * can be run for. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "levers.h"
#include "rng.h"

/* A lever's Shapley value is its mean marginal saving over the n! orders
 * the levers can be added in; over `perms` orders drawn uniformly, the
 * mean of its marginal savings is unbiased, and their sd / sqrt(perms)
 * its Monte Carlo standard error.  Each order telescopes from cost(0) to
 * cost(all), so the sampled values add up to the saving of all levers
 * exactly, as the exact ones do. */
int lever_shapley_sample(size_t n, size_t perms, uint64_t seed,
                         lever_cost_fn cost, void *ud, double *phi,
                         double *se)
{
    if (n < 1 || n > LEVERS_SAMPLE_MAX || perms < 2)
        return -1;
    size_t *order = malloc(n * sizeof *order);
    double *sum = calloc(2 * n, sizeof *sum), *sum2 = sum + n;
    gsl_rng *g = rng_stream_new(seed, 0, "levers.orders");
    if (!order || !sum || !g) {
        free(order);
        free(sum);
        if (g)
            gsl_rng_free(g);
        return -1;
    }
    for (size_t p = 0; p < perms; p++) {
        for (size_t j = 0; j < n; j++)
            order[j] = j;
        gsl_ran_shuffle(g, order, n, sizeof *order);
        uint64_t mask = 0;
        double before = cost(ud, mask);
        for (size_t k = 0; k < n; k++) {
            mask |= (uint64_t)1 << order[k];
            double after = cost(ud, mask), d = before - after;
            sum[order[k]] += d;
            sum2[order[k]] += d * d;
            before = after;
        }
    }
    double np = (double)perms;
    for (size_t j = 0; j < n; j++) {
        phi[j] = sum[j] / np;
        double var = (sum2[j] - np * phi[j] * phi[j]) / (np - 1);
        se[j] = var > 0 ? sqrt(var / np) : 0;
    }
    gsl_rng_free(g);
    free(order);
    free(sum);
    return 0;
}

static int by_mask(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

size_t lever_sample_masks(size_t n, size_t perms, uint64_t seed,
                          uint64_t **out)
{
    size_t cap = 2 + 2 * n + perms * n, k = 0;
    uint64_t *m = malloc(cap * sizeof *m), all = 0;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    gsl_rng *g = rng_stream_new(seed, 0, "levers.orders");
    *out = NULL;
    if (!m || !order || !g || n < 1 || n > LEVERS_SAMPLE_MAX) {
        free(m);
        free(order);
        if (g)
            gsl_rng_free(g);
        return 0;
    }
    m[k++] = 0;
    for (size_t j = 0; j < n; j++) {
        all |= (uint64_t)1 << j;
        m[k++] = (uint64_t)1 << j;
        m[k++] = all;
    }
    for (size_t p = 0; p < perms; p++) { /* as lever_shapley_sample */
        for (size_t j = 0; j < n; j++)
            order[j] = j;
        gsl_ran_shuffle(g, order, n, sizeof *order);
        uint64_t mask = 0;
        for (size_t j = 0; j < n; j++)
            m[k++] = mask |= (uint64_t)1 << order[j];
    }
    gsl_rng_free(g);
    free(order);
    qsort(m, k, sizeof *m, by_mask);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || m[i] != m[u - 1])
            m[u++] = m[i];
    *out = m;
    return u;
}

size_t lever_switches_off_mask(const scenario *sc, uint64_t mask,
                               char sets[][32])
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_interventions && i < LEVERS_SAMPLE_MAX; i++)
        if (!(mask >> i & 1))
            snprintf(sets[n++], 32, "interventions.%zu.effect=0", i);
    return n;
}
