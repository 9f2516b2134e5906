/* compare.h -- paired comparison of scenarios under common random numbers.
 *
 * Replication r of every scenario uses the streams of (seed, r), so the
 * same patients arrive in each (as far as the scenarios share arrival
 * streams).  The difference alt - base is then taken replication by
 * replication, and its confidence interval is that of a paired t test:
 * much tighter than the difference of two independent runs.
 *
 * JSON: {"base": NAME, "replications": N, "seed": S, "comparisons": [
 *          {"alt": NAME, "kpis": {"K": {"base": {...}, "alt": {...},
 *            "diff": {"mean": m, "ci95": [lo, hi], "n": k,
 *                     "significant": true|false},
 *            "width_ratio": r}, ...}}, ...]}
 * one comparison per ALT file, in order; KPIs that the alt scenario lacks
 * are left out.  width_ratio is what the pairing bought
 * (paired_width_ratio in experiment.h; null when undefined); the table
 * and CSV show it too.
 */
#ifndef FLOWSIM_COMPARE_H
#define FLOWSIM_COMPARE_H

#include <stdio.h>
#include "experiment.h"
#include "output.h"
#include "runner.h"

/* The paired difference of KPI k of base and KPI ka of alt. */
void compare_diff(const experiment *base, size_t k, const experiment *alt,
                  size_t ka, kpi_summary *out);

/* Writes the comparison of base with each of the n alts (same replication
 * count and seed), with the jams of each (jams.h): warning lines in the
 * table, "warnings" arrays in the JSON (the base's at the top, each alt's
 * in its comparison).  The KPIs are v's (output_select).  The table is
 * grouped and formatted as run's (output.h); with one alternative a row
 * is base, alt, the difference and its CI, with several a row is the
 * base's mean and a cell per alternative, "mean (difference)", starred
 * when the difference's 95% CI excludes zero.  Returns 0, or -1 on a
 * write error. */
int compare_write(FILE *f, const experiment *base, const experiment *alts,
                  size_t n, out_format fmt, const output_view *v);

/* The jam warning lines of base and the n alts, for stderr when the
 * output is CSV or a file. */
void compare_write_jams(FILE *f, const experiment *base,
                        const experiment *alts, size_t n);

/* flowsim compare BASE ALT...: the files loaded with the common --set
 * overrides, run as one batch under common random numbers (the base's
 * seed and replication count unless run sets them), written. */
typedef struct compare_opts {
    const char *const *files;   /* the base, then the alternatives (>= 2) */
    size_t n_files;
    const char *const *sets;    /* --set overrides for every file */
    size_t n_sets;
    run_options run;            /* replications, seed, threads, store */
    out_format format;
    const char *output;         /* NULL: stdout */
    output_view view;           /* which KPIs (--kpis, --all) */
} compare_opts;

/* Runs the comparison and writes it.  Returns 0 or an exit status. */
int compare_command(const compare_opts *co);

#endif
