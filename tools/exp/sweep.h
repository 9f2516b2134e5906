/* sweep.h -- flowsim sweep SWEEP.yaml (the file format: load/sweepspec.h).
 * Output: a table of the headline KPIs by point, or every KPI of every
 * point as CSV (long format, one column per swept key) or JSON
 *   {"sweep", "base", "replications", "seed", "keys": [...],
 *    "points": [{"params": {KEY: VALUE}, "kpis": {NAME: summary},
 *                "vs_point_0": {NAME: {"diff": {"mean", "ci95"},
 *                                      "width_ratio": r,
 *                                      "width_floor": w}}}]}
 * where vs_point_0 (every point but the first) pairs the headline KPIs
 * with point 0, replication by replication, width_ratio is what that
 * bought (paired_width_ratio, experiment.h) and width_floor the best any
 * pairing could (paired_width_floor); the table ends with the ratio's
 * median over points. */
#ifndef FLOWSIM_SWEEP_H
#define FLOWSIM_SWEEP_H

#include <stddef.h>
#include "output.h"
#include "runner.h"

typedef struct sweep_opts {
    const char *file;
    const char *const *sets;   /* --set overrides for every point */
    size_t n_sets;
    run_options run;           /* replications, seed, threads, store */
    out_format format;
    const char *output;        /* NULL: stdout */
    output_view view;          /* --kpis in every format; --all: every
                                  KPI in the table (default: headline) */
} sweep_opts;

/* Runs the sweep and writes its results.  Returns 0 or an exit status. */
int sweep_command(const sweep_opts *so);

#endif
