/* value.h -- reading typed values out of tree nodes, with messages.
 *
 * Each reader takes the node, its key path for messages, and an output;
 * it returns 0, or -1 after reporting exactly what was wrong and what was
 * expected through the diag.  All numbers must be finite (".nan", ".inf"
 * and overflowing literals like 1e400 are rejected).
 */
#ifndef FLOWSIM_LOAD_VALUE_H
#define FLOWSIM_LOAD_VALUE_H

#include <stdint.h>
#include "diag.h"
#include "ytree.h"

/* A finite number (integer or decimal). */
int value_number(diag *d, const ytree *n, const char *path, double *out);

/* A finite number >= 0 (positive when `positive`). */
int value_nonneg(diag *d, const ytree *n, const char *path, int positive,
                 double *out);

/* A fraction written as a number (0.3) or a percent string ("30%",
 * divided by 100); finite, with no range check. */
int value_fraction(diag *d, const ytree *n, const char *path, double *out);

/* A share in [0, 1], written 0.3 or "30%". */
int value_share(diag *d, const ytree *n, const char *path, double *out);

/* A boolean: true/false (also True, TRUE, yes, no...). */
int value_bool(diag *d, const ytree *n, const char *path, int *out);

/* An integer in [lo, hi]; `what` ("a positive integer") is shown when the
 * node is not an integer or out of range. */
int value_long(diag *d, const ytree *n, const char *path, long lo, long hi,
               const char *what, long *out);

/* A command-line number: the whole of s a decimal integer in [lo, hi].
 * Returns 0 with *out set, or -1 (the caller says what was expected). */
int value_parse_long(const char *s, long lo, long hi, long *out);

/* A non-negative integer up to 2^64-1. */
int value_u64(diag *d, const ytree *n, const char *path, uint64_t *out);

/* A capacity: an integer in [min, SCENARIO_MAX_CAPACITY] (min is 0 or 1)
 * or "unlimited" (SCENARIO_UNLIMITED). */
int value_capacity(diag *d, const ytree *n, const char *path, long min,
                   long *out);

/* A duration "N UNIT" (minutes/min, hours/h, days/d, weeks/w; singular or
 * plural; the space is optional) converted to minutes; >= 0, and > 0 when
 * `positive`. */
int value_duration(diag *d, const ytree *n, const char *path, int positive,
                   double *out);

/* A rate "N per UNIT" (or "N/UNIT"), converted to per minute; > 0. */
int value_rate(diag *d, const ytree *n, const char *path, double *out);

/* Any non-empty scalar text (borrowed from the node). */
int value_text(diag *d, const ytree *n, const char *path, const char **out);

/* A name usable in --set paths: letters, digits, '_' and '-'. */
int value_name(diag *d, const ytree *n, const char *path, const char **out);

/* Checks that n is a map; `what` describes it ("a map of unit settings"). */
int value_map(diag *d, const ytree *n, const char *path, const char *what);

/* Checks that n is a sequence; `what` describes the expected items. */
int value_seq(diag *d, const ytree *n, const char *path, const char *what);

/* Rejects keys of map n not in the NULL-terminated list `allowed`,
 * suggesting the nearest valid key. */
int value_keys(diag *d, const ytree *n, const char *path,
               const char *const *allowed);

/* The value of a required key; reports "missing required key" (with the
 * example `hint`) at the map when absent. */
const ytree *value_need(diag *d, const ytree *map, const char *path,
                        const char *key, const char *hint);

/* Index of s in the NULL-terminated list, or -1. */
int value_choice(const char *s, const char *const *list);

#endif
