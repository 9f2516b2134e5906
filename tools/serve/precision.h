/* precision.h -- `flowsim serve --precision P%`: a setting's replications
 * stop once its headline KPIs are precise enough.
 *
 * A setting then runs in rounds (a few replications, then twice as many,
 * up to --replications, the cap), its earlier replications read back
 * each round rather than run again, exactly as `flowsim run --precision`
 * does; after each round its headline KPIs' 95% CI half-widths are
 * compared with P% of their means.
 */
#ifndef FLOWSIM_PRECISION_H
#define FLOWSIM_PRECISION_H

#include <stddef.h>
#include "experiment.h"

#define PRECISION_FIRST_ROUND 4   /* replications of the first round */
#define PRECISION_WHY_MAX 200
#define PRECISION_NAMES_MAX 64    /* headline KPIs a setting is judged by */

/* Whether every KPI of e named in names (n of them) has a 95% CI
 * half-width within share x |mean| (a KPI with no spread to measure, or
 * a mean of zero, counts as precise).  why receives the reason to stop
 * or to go on, naming the least precise KPI. */
int precision_reached(const experiment *e, char *const *names, size_t n,
                      double share, char *why, size_t size);

#endif
