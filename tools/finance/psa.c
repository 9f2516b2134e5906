/* psa.c -- unit costs drawn per replication (psa.h). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <math.h>
#include "network.h"
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

/* Intervention iv's effect (ph -1) or the fraction of its phase ph
 * in each replication; the net saving's least-squares line on it
 * read at the beta's two points. */
static int effect_one(const fin_benefits *b, size_t iv, long ph,
                      psa_effect *e)
{
    const scenario *sc = b->alt.sc;
    const intervention_spec *in = &sc->interventions[iv];
    size_t n = (size_t)b->alt.reps;
    double *x = malloc(2 * (n ? n : 1) * sizeof *x), *y = x + n;
    if (!x)
        return -1;
    fin_net_by_rep(b, y);
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    for (size_t r = 0; r < n; r++) {
        x[r] = ph < 0 ? iv_effect_draw(in, sc->seed, r)
                         : iv_phase_draw(in, (size_t)ph, sc->seed, r);
        mx += x[r] / (double)n;
        my += y[r] / (double)n;
    }
    for (size_t r = 0; r < n; r++) {
        sxx += (x[r] - mx) * (x[r] - mx);
        sxy += (x[r] - mx) * (y[r] - my);
    }
    free(x);
    double m = ph < 0 ? in->effect : in->phases[ph].fraction;
    double sd = ph < 0 ? in->effect_sd : in->phase_sd[ph];
    double k = m * (1 - m) / (sd * sd) - 1, slope = sxx > 0 ? sxy / sxx : 0;
    *e = (psa_effect){.iv = iv, .phase = ph, .mean = mx,
                      .sd = n > 1 ? sqrt(sxx / (double)(n - 1)) : 0,
                      .lo = gsl_cdf_beta_Pinv(0.025, m * k, (1 - m) * k),
                      .hi = gsl_cdf_beta_Pinv(0.975, m * k, (1 - m) * k)};
    e->net_lo = my + slope * (e->lo - mx);
    e->net_hi = my + slope * (e->hi - mx);
    return 0;
}

size_t psa_effects(const fin_benefits *b, psa_effect *out, size_t max)
{
    const scenario *sc = b->alt.sc;
    size_t n = 0;
    for (size_t i = 0; sc && i < sc->n_interventions && n < max; i++) {
        const intervention_spec *in = &sc->interventions[i];
        if (in->effect_sd > 0 && effect_one(b, i, -1, &out[n]) == 0)
            n++;
        for (size_t k = 0; in->phase_sd && k < in->n_phases && n < max; k++)
            if (in->phase_sd[k] > 0 &&
                effect_one(b, i, (long)k, &out[n]) == 0)
                n++;
    }
    return n;
}

const char *psa_effect_name(const fin_benefits *b, const psa_effect *e,
                            char *buf, size_t len)
{
    const char *name = b->alt.sc->interventions[e->iv].name;
    if (e->phase < 0)
        snprintf(buf, len, "%s", name);
    else
        snprintf(buf, len, "%s phasing %ld", name, e->phase);
    return buf;
}
