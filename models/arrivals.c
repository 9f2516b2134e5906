/* arrivals.c -- when the next patient of an arrival stream comes. */
#include <math.h>
#include <gsl/gsl_randist.h>
#include "../sim/dist.h"
#include "arrivals.h"

/* The Poisson rate of arrival stream a at time t, per minute. */
double arrivals_rate(const arrival_spec *a, double t)
{
    long minute = (long)floor(t);
    int hour = (int)((minute / 60) % 24);
    int day = (int)((minute / 1440) % 7);
    double r = a->rate * a->hourly[hour] * a->weekly[day];
    for (size_t i = 0; i < a->n_periods; i++)
        if (t >= a->periods[i].from && t < a->periods[i].to)
            r *= a->periods[i].factor;
    return r;
}

/* An upper bound of arrival_rate over all t, for thinning. */
double arrivals_rate_max(const arrival_spec *a)
{
    double h = 0, w = 0, f = 1;
    for (int i = 0; i < 24; i++)
        h = fmax(h, a->hourly[i]);
    for (int i = 0; i < 7; i++)
        w = fmax(w, a->weekly[i]);
    for (size_t i = 0; i < a->n_periods; i++)
        if (a->periods[i].factor > 1)
            f *= a->periods[i].factor;
    return a->rate * h * w * f;
}

/* The time of the next arrival after t, or +inf.  Non-homogeneous Poisson
 * streams are sampled by thinning (Lewis and Shedler, 1979). */
double arrivals_next(const arrival_spec *a, double max, gsl_rng *r,
                     double t, double horizon)
{
    double end = fmin(a->stop, horizon);
    if (t < a->start)
        t = a->start;
    if (a->kind == ARRIVAL_INTERARRIVAL) {
        t += dist_sample(&a->interarrival, r);
        return t < end ? t : INFINITY;
    }
    if (!(max > 0))
        return INFINITY;
    for (;;) {
        t += gsl_ran_exponential(r, 1.0 / max);
        if (t >= end)
            return INFINITY;
        double ratio = arrivals_rate(a, t) / max;
        if (ratio >= 1 || gsl_rng_uniform(r) < ratio)
            return t;
    }
}

