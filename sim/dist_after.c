/* dist_after.c -- the rest of a duration already `elapsed` long: a draw
 * of S - elapsed given S > elapsed, by inversion of the survival
 * function, Q^-1(U Q(elapsed)), which keeps its precision deep in the
 * tail (a long stay of a lognormal). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "dist.h"
#include "rng.h"

/* The triangular survival function and its inverse (GSL has none). */
static double tri_q(const dist *d, double x)
{
    double lo = d->a, mode = d->b, hi = d->c;
    if (x <= lo)
        return 1;
    if (x >= hi)
        return 0;
    if (x <= mode)
        return 1 - (x - lo) * (x - lo) / ((hi - lo) * (mode - lo));
    return (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
}

static double tri_qinv(const dist *d, double q)
{
    double lo = d->a, mode = d->b, hi = d->c, p = 1 - q;
    if ((mode - lo) > 0 && p < (mode - lo) / (hi - lo))
        return lo + sqrt(p * (hi - lo) * (mode - lo));
    return hi - sqrt(q * (hi - lo) * (hi - mode));
}

/* An empirical value or a histogram bin above `after`, by weight (the
 * part of a bin above it), then within the bin uniformly. */
static double discrete_after(const dist *d, double after, gsl_rng *r)
{
    int hist = d->kind == DIST_HISTOGRAM;
    double total = 0;
    for (size_t pass = 0; pass < 2; pass++) {
        double u = pass ? rng_uniform(r) * total : 0, acc = 0;
        for (size_t i = 0; i < d->n; i++) {
            double lo = d->values[i], hi = hist ? d->values[i + 1] : lo;
            double w = d->weights[i];
            if (hist && hi > lo)
                w *= lo >= after ? 1 : hi > after ? (hi - after) / (hi - lo)
                                                  : 0;
            else if (!(lo > after))
                w = 0;
            acc += w;
            if (pass && w > 0 && u < acc)
                return hist ? fmax(lo, after) +
                                  rng_uniform(r) * (hi - fmax(lo, after))
                            : lo;
        }
        total = acc;
        if (!(total > 0))
            return after;
    }
    return after;
}

/* The survival function of d at x and its inverse, for the continuous
 * kinds GSL has. */
static double cont_q(const dist *d, double x, int inverse)
{
    switch (d->kind) {
    case DIST_EXPONENTIAL:
        return inverse ? gsl_cdf_exponential_Qinv(x, d->a)
                       : gsl_cdf_exponential_Q(x, d->a);
    case DIST_LOGNORMAL:
        return inverse ? gsl_cdf_lognormal_Qinv(x, d->a, d->b)
                       : gsl_cdf_lognormal_Q(x, d->a, d->b);
    case DIST_GAMMA:
        return inverse ? gsl_cdf_gamma_Qinv(x, d->a, d->b)
                       : gsl_cdf_gamma_Q(x, d->a, d->b);
    case DIST_ERLANG:
        return inverse ? gsl_cdf_gamma_Qinv(x, d->a, d->b / d->a)
                       : gsl_cdf_gamma_Q(x, d->a, d->b / d->a);
    case DIST_WEIBULL:
        return inverse ? gsl_cdf_weibull_Qinv(x, d->b, d->a)
                       : gsl_cdf_weibull_Q(x, d->b, d->a);
    default:
        return NAN;
    }
}

double dist_after(const dist *d, double elapsed, gsl_rng *r)
{
    if (!(elapsed > 0))
        return dist_sample(d, r);
    switch (d->kind) {
    case DIST_FIXED:
        return d->a > elapsed ? d->a - elapsed : 0;
    case DIST_EXPONENTIAL: /* memoryless */
        return dist_sample(d, r);
    case DIST_UNIFORM: {
        double lo = fmax(d->a, elapsed);
        return lo < d->b ? lo + rng_uniform(r) * (d->b - lo) - elapsed : 0;
    }
    case DIST_TRIANGULAR: {
        double q = tri_q(d, elapsed);
        if (!(q > 0))
            return 0;
        double x = tri_qinv(d, q * (1 - rng_uniform(r)));
        return x > elapsed ? x - elapsed : 0;
    }
    case DIST_EMPIRICAL:
    case DIST_HISTOGRAM:
        return discrete_after(d, elapsed, r) - elapsed;
    default: {
        double q = cont_q(d, elapsed, 0);
        if (!(q > 0))
            return 0; /* beyond what the distribution allows: over now */
        double x = cont_q(d, q * (1 - rng_uniform(r)), 1);
        return x > elapsed ? x - elapsed : 0;
    }
    }
}
