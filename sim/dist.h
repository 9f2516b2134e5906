/* dist.h -- probability distributions for durations and choices.
 *
 * A dist is an immutable description (a kind and its parameters in one
 * canonical form); sampling draws through GSL.  Durations are in the
 * engine's time unit (minutes) -- the loader converts.  Lognormals given by
 * mean and sd, or by median and one percentile (as NHS data are usually
 * published), are converted to (mu, sigma) once, here.
 */
#ifndef FLOWSIM_DIST_H
#define FLOWSIM_DIST_H

#include <math.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "rng.h"

typedef enum {
    DIST_FIXED,       /* a = value */
    DIST_EXPONENTIAL, /* a = mean */
    DIST_LOGNORMAL,   /* a = mu, b = sigma (of the log) */
    DIST_GAMMA,       /* a = shape k, b = scale theta */
    DIST_WEIBULL,     /* a = shape k, b = scale lambda */
    DIST_ERLANG,      /* a = k (integer), b = mean of the whole */
    DIST_TRIANGULAR,  /* a = min, b = mode, c = max */
    DIST_UNIFORM,     /* a = min, b = max */
    DIST_EMPIRICAL,   /* values[i] with weights[i] */
    DIST_HISTOGRAM    /* bins [edges[i], edges[i+1]) with weights[i] */
} dist_kind;

typedef struct dist {
    dist_kind kind;
    double a, b, c;
    size_t n;                /* EMPIRICAL: values; HISTOGRAM: bins */
    double *values;          /* EMPIRICAL: n values; HISTOGRAM: n+1 edges */
    double *weights;         /* n weights, not necessarily normalised */
    gsl_ran_discrete_t *table; /* built by dist_prepare for the two above */
    gsl_ran_discrete_t *biased; /* the same, length-biased (dist_residual) */
} dist;

/* Builds the sampling tables of an empirical or histogram dist.  Returns 0
 * on success, -1 when out of memory or the weights are invalid. */
int dist_prepare(dist *d);

/* Frees what dist_prepare and the loader allocated (not d itself). */
void dist_clear(dist *d);

/* Deep copy (tables included).  Returns 0, or -1 when out of memory. */
int dist_copy(dist *dst, const dist *src);

/* Draws one value.  Never negative for duration kinds whose support is
 * non-negative.  Thread-safe when each thread has its own generator. */
double dist_sample(const dist *d, gsl_rng *r);

/* Draws the remaining time of a duration found in progress at a random
 * moment of an equilibrium (the forward-recurrence time): U x L, with U
 * uniform on (0, 1) and L drawn from the length-biased distribution,
 * density x f(x) / mean.  Exact for every kind: length-biased lognormal,
 * gamma, Erlang and Weibull are again of their family (or a power of a
 * gamma), uniform and histogram bins have density proportional to x, the
 * triangular is sampled by rejection, empirical values are weighted by
 * their size.  Its mean is E[S^2] / (2 E[S]). */
double dist_residual(const dist *d, gsl_rng *r);

/* Draws the rest of a duration already `elapsed` long (a census
 * patient's remaining stay given its stay so far): S - elapsed given
 * S > elapsed, exactly, for every kind (dist_after.c); 0 when S cannot
 * exceed elapsed.  elapsed <= 0 is a plain draw. */
double dist_after(const dist *d, double elapsed, gsl_rng *r);

/* An Exp(1) variate by inversion, -log(1 - U): exact, and about twice as
 * fast as gsl_ran_exponential, whose log1p(-U) is slower than log (1 - U
 * is exact for U on GSL's grid, so log1p buys no accuracy here).  Inline:
 * every arrival and exponential stay draws one. */
static inline double dist_exp1(gsl_rng *r)
{
    return -log(1 - rng_uniform(r));
}

/* The distribution's mean (analytic). */
double dist_mean(const dist *d);

/* Lognormal parameters from the mean and sd of the variable itself.
 * Returns 0, or -1 if mean <= 0 or sd < 0. */
int dist_lognormal_from_mean_sd(double mean, double sd, double *mu,
                                double *sigma);

/* Lognormal parameters from the median and the value x at percentile p
 * (0 < p < 1, p != 0.5).  Returns 0, or -1 if the pair is impossible
 * (median <= 0, x <= 0, or x on the wrong side of the median). */
int dist_lognormal_from_median_pct(double median, double x, double p,
                                   double *mu, double *sigma);

/* A discrete choice among n outcomes with the given weights: returns the
 * chosen index.  The table comes from gsl_ran_discrete_preproc. */
size_t dist_choose(const gsl_ran_discrete_t *table, gsl_rng *r);

#endif
