/* psa.c -- unit costs drawn per replication (psa.h). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include "psa.h"
#include "rng.h"

int psa_uncertain(const cost_spec *c)
{
    for (int i = 0; c && i < COST_ITEMS; i++)
        if (c->unit[i].set && c->unit[i].sd > 0)
            return 1;
    return 0;
}

/* The gamma of mean 1 and cv sd/cost: shape 1/cv^2, scale cv^2. */
static void shape_scale(const unit_cost *u, double *k, double *theta)
{
    double cv = u->sd / u->cost;
    *k = 1 / (cv * cv);
    *theta = cv * cv;
}

int psa_draw(const cost_spec *c, uint64_t seed, long reps, double **out)
{
    size_t n = (size_t)(reps > 0 ? reps : 1);
    double *m = malloc(n * COST_ITEMS * sizeof *m);
    *out = m;
    if (!m)
        return -1;
    for (long r = 0; r < reps; r++) {
        gsl_rng *g = rng_stream_new(seed, (uint64_t)r, "psa.unit_costs");
        if (!g) {
            free(m);
            *out = NULL;
            return -1;
        }
        for (int i = 0; i < COST_ITEMS; i++) {
            const unit_cost *u = &c->unit[i];
            double k, theta;
            m[(size_t)r * COST_ITEMS + (size_t)i] = 1;
            if (!u->set || !(u->sd > 0))
                continue;
            shape_scale(u, &k, &theta);
            m[(size_t)r * COST_ITEMS + (size_t)i] = gsl_ran_gamma(g, k, theta);
        }
        gsl_rng_free(g);
    }
    return 0;
}

void psa_range(const cost_spec *c, int i, double *lo, double *hi)
{
    *lo = *hi = 1;
    if (!c || !c->unit[i].set || !(c->unit[i].sd > 0))
        return;
    double k, theta;
    shape_scale(&c->unit[i], &k, &theta);
    *lo = gsl_cdf_gamma_Pinv(0.025, k, theta);
    *hi = gsl_cdf_gamma_Pinv(0.975, k, theta);
}
