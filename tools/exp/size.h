/* size.h -- flowsim size: the smallest value of a numeric key (a
 * capacity, a number of packages or places) at which a KPI meets a
 * target, found by bisection over the key under common random numbers.
 *
 * The target is "KPI OP VALUE" (OP one of >=, >, <=, <), a KPI of one
 * month included ("ed.four_hour.performance.2023-01", with `monthly:`).
 * It is met at a value when
 *   - (default) at least `confidence` of the replications meet it: each
 *     replication is one possible year, so 90% says "in 9 years out of
 *     10" -- the planner's "with 90% probability";
 *   - (on_mean) the one-sided `confidence` bound of the mean meets it
 *     (Student t, within the KPI's range): "we are 90% sure the average
 *     meets it".
 * Every value runs the same replications with the same seed, so the
 * values differ by the key alone, and meeting the target is taken to be
 * monotone in the key (more capacity, better): bisection then needs
 * about log2(hi - lo) + 2 values.
 *
 * Output: a table (the answer, its neighbours' evidence and every value
 * explored), CSV (one row a value explored, in order of value) or JSON
 *   {"size": NAME, "key", "range": [lo, hi], "target": {"kpi", "op",
 *    "value"}, "confidence", "criterion": "replications"|"mean",
 *    "replications", "seed", "answer": V or null, "points": [{"value",
 *    "meets", "share", "share_ci95": [lo, hi], "mean", "ci95": [lo, hi],
 *    "bound", "n"}]}
 * Each value explored is a member of one sweep study in the store
 * (params "KEY=V"), so flowsim report draws the curve explored.
 */
#ifndef FLOWSIM_SIZE_H
#define FLOWSIM_SIZE_H

#include <stddef.h>
#include "output.h"
#include "runner.h"

typedef struct size_opts {
    const char *file;
    const char *const *sets;   /* --set overrides for every value */
    size_t n_sets;
    run_options run;           /* replications, seed, threads, store */
    out_format format;
    const char *output;        /* NULL: stdout */
    const char *key;           /* --vary KEY */
    long lo, hi;               /* --range LO:HI, whole numbers */
    const char *target;        /* --target 'KPI OP VALUE' */
    double confidence;         /* --confidence, in (0, 1) */
    int on_mean;               /* --on-mean: the mean's bound, not the
                                  share of replications */
} size_opts;

/* A target parsed: KPI name, comparison, value. */
typedef struct size_target {
    char kpi[256];
    char op[3];                /* ">=", ">", "<=", "<" */
    double value;
} size_target;

/* Parses "KPI OP VALUE" (spaces optional).  Returns 0, or -1. */
int size_target_parse(const char *s, size_target *t);

/* Whether x meets t. */
int size_target_met(const size_target *t, double x);

/* Runs the search and writes its results.  Returns 0 when a value in
 * the range meets the target, EXIT_TARGET_MISSED when none does (the
 * values explored are still written), or another exit status. */
int size_command(const size_opts *so);

#endif
