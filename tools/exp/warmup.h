/* warmup.h -- flowsim warmup FILE: Welch's running mean of occupancy
 * across replications and a suggested warm-up length (warmup.c). */
#ifndef FLOWSIM_WARMUP_H
#define FLOWSIM_WARMUP_H

#include <stdio.h>
#include "runner.h"

/* Runs sc from empty (its warmup ignored) and writes the table and the
 * suggestion to out.  Returns 0 or an exit status. */
int warmup_command(scenario *sc, const run_options *o, FILE *out);

#endif
