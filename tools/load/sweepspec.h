/* sweepspec.h -- the sweep file: a grid (or list) of overrides on a base
 * scenario, each point run under common random numbers.
 *
 *   name: acute-and-p1
 *   base: ../stockport/baseline.yaml     # relative to this file
 *   replications: 10                     # optional: the base's
 *   seed: 1                              # optional: the base's
 *   grid:                                # every combination, in order
 *     units.acute.capacity: {from: 600, to: 700, by: 10}
 *     units.p1.capacity: [120, 160, 200]
 *   # or, instead of grid, a list of points:
 *   points:
 *     - {units.acute.capacity: 600}
 *     - {units.acute.capacity: 650, units.p1.capacity: 200}
 *
 * Keys are --set paths; values are YAML scalars passed as --set values.
 */
#ifndef FLOWSIM_LOAD_SWEEPSPEC_H
#define FLOWSIM_LOAD_SWEEPSPEC_H

#include <stddef.h>
#include <stdint.h>

#define SWEEP_MAX_POINTS 100000L
#define SWEEP_MAX_KEYS 8

typedef struct sweep_point {
    size_t n_sets;
    char **sets;     /* "key=value" for load_scenario */
    char *params;    /* "key=value;key=value", for labels and the store */
} sweep_point;

typedef struct sweep_spec {
    char *name;
    char *base;      /* path of the base scenario, resolved */
    long replications;   /* 0: the base's */
    int has_seed;
    uint64_t seed;
    size_t n_keys;
    char **keys;     /* the swept keys, in order */
    size_t n_points;
    sweep_point *points;
} sweep_spec;

/* Reads and validates a sweep file.  NULL with one line
 * "FILE:LINE:COL: KEY: problem; fix" in err on error. */
sweep_spec *sweep_load(const char *path, char *err, size_t errlen);
void sweep_free(sweep_spec *s);

/* A point's params, "key=value;key=value" (as the results store keeps
 * them): the value of key into buf, "" when absent.  Returns buf. */
const char *sweep_param(const char *params, const char *key, char *buf,
                        size_t n);

/* The i-th key of params into buf, or NULL past the last. */
const char *sweep_param_key(const char *params, size_t i, char *buf,
                            size_t n);

#endif
