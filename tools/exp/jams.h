/* jams.h -- telling the user that a model jammed.
 *
 * A unit jams when its line grows past what a stable queue reaches (the
 * model's U.jam.first_day KPI: the first day of a run of daily checks with
 * the line over twice the unit's places, and at least 50 over them).  An
 * average over replications that jammed looks like a figure and is not
 * one: every output says so, naming the unit, when it began and in how
 * many replications. */
#ifndef FLOWSIM_JAMS_H
#define FLOWSIM_JAMS_H

#include <stdio.h>
#include "experiment.h"

typedef struct jam_note {
    const char *unit;     /* the unit's name */
    long reps, of;        /* replications that jammed, of how many */
    double first_day;     /* the earliest first day over replications */
} jam_note;

/* The units of e that jammed in any replication, at most max.  Returns
 * how many. */
size_t jams_find(const experiment *e, jam_note *out, size_t max);

/* One line per note, "warning: unit ED jammed ... in 2 of 10 replications,
 * from day 123 (2022-06-03)", for a terminal or a log. */
void jams_write_text(FILE *f, const scenario *sc, const jam_note *j,
                     size_t n);

/* The JSON array [{"unit": ..., "replications": k, "of": n, "first_day":
 * d, "first_date": "YYYY-MM-DD" or null}, ...]. */
void jams_write_json(FILE *f, const scenario *sc, const jam_note *j,
                     size_t n);

#define JAMS_MAX 64   /* units named in one output at most */

#endif
