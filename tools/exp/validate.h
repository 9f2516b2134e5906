/* validate.h -- a run's KPIs against the observed figures of its
 * scenario's targets (flowsim validate). */
#ifndef FLOWSIM_VALIDATE_H
#define FLOWSIM_VALIDATE_H

#include <stdio.h>
#include "experiment.h"

/* Checks that every target names a KPI of e (a monthly target: a KPI
 * reported by month).  Returns 0, or -1 with the first bad name in *bad. */
int validate_check(const scenario *sc, const experiment *e, const char **bad);

/* Prints each target beside the simulated mean and its 95% CI, and for a
 * monthly target every month, with how many months are within the
 * tolerance.  Returns 1 when every target is met, else 0. */
int validate_report(FILE *f, const scenario *sc, const experiment *e);

#endif
