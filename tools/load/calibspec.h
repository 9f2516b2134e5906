/* calibspec.h -- a scenario's `calibrate:` section: the free parameters
 * that `flowsim calibrate` tunes against the scenario's targets.
 *
 *   calibrate:
 *     replications: 8        # per candidate point (default: the scenario's)
 *     max_runs: 100          # candidate points at most (default 100)
 *     parameters:
 *       - {set: arrivals.walk-ins.rate, from: 6 per day, to: 12 per day}
 *       - {set: units.ward.stay.exponential.mean, from: 1 day, to: 4 days}
 *
 * `set` is a --set path; from and to are a number followed by the same
 * unit text (or none), from < to.  A parameter starts from the value the
 * scenario has at its path when that is inside the range, else from the
 * middle.
 */
#ifndef FLOWSIM_LOAD_CALIBSPEC_H
#define FLOWSIM_LOAD_CALIBSPEC_H

#include <stddef.h>
#include <stdio.h>
#include "diag.h"
#include "ytree.h"

#define CALIBSPEC_MAX_PARAMS 16
#define CALIBSPEC_UNIT_MAX 24

typedef struct calib_param {
    const char *set;              /* the --set path (in root) */
    double lo, hi, start;
    char unit[CALIBSPEC_UNIT_MAX]; /* the text after the number */
} calib_param;

typedef struct calib_spec {
    ytree *root;                  /* the merged scenario tree */
    size_t n;
    calib_param p[CALIBSPEC_MAX_PARAMS];
    long replications;            /* 0: the scenario's */
    long max_runs;
} calib_spec;

/* Checks the optional `calibrate:` of the merged tree root (the loader
 * calls it; out NULL) or reads it into *out.  Returns 0 or -1 (d). */
int calibspec_parse(diag *d, const ytree *root, calib_spec *out);

/* Loads the scenario file at path with its extends chain and the --set
 * overrides, and reads its calibrate: section, which must be there.
 * Returns 0, or -1 with a FILE:LINE:COL message in err. */
int calibspec_read(const char *path, const char *const *sets,
                   size_t n_sets, calib_spec *out, char *err, size_t size);

/* The --set override "PATH=VALUE" of parameter i at value x. */
void calibspec_set(const calib_spec *c, size_t i, double x, char *buf,
                   size_t size);

/* Writes an overlay scenario: `extends: base` and the parameters at
 * values x, nested as the scenario nests them (items of a list by their
 * name).  Returns 0, or -1 when a path goes through a list item that has
 * no name (then the overlay cannot name it). */
int calibspec_overlay(FILE *f, const calib_spec *c, const double *x,
                      const char *base);

/* The node at --set path `set` in root, or NULL: maps by key, lists by
 * item name or index (as merge_set finds them). */
const ytree *calibspec_at(const ytree *root, const char *set);

void calibspec_free(calib_spec *c);

#endif
