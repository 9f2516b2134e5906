/* arrivals.h -- the arrival process of one stream.
 *
 * Poisson streams whose rate varies by hour of day, day of week (day 0 is
 * weekly[0]) and dated periods are sampled by thinning (Lewis and Shedler
 * 1979): candidates at the maximum rate, each kept with probability
 * rate(t) / max.  Renewal streams draw the gap from their distribution.
 */
#ifndef FLOWSIM_ARRIVALS_H
#define FLOWSIM_ARRIVALS_H

#include <gsl/gsl_rng.h>
#include "scenario.h"

/* The Poisson rate of stream a at time t (minutes), per minute. */
double arrivals_rate(const arrival_spec *a, double t);

/* An upper bound of arrivals_rate over all t. */
double arrivals_rate_max(const arrival_spec *a);

/* The time of the first arrival after t (and not before a->start), or
 * +inf when there is none before min(a->stop, horizon).  max is
 * arrivals_rate_max(a), computed once by the caller (it is costly). */
double arrivals_next(const arrival_spec *a, double max, gsl_rng *r,
                     double t, double horizon);

#endif
