/* weekly.h -- a setting's daily series as weekly bands: for the page's
 * plots of acute occupancy and 4-hour performance, each week's mean over
 * the replications done, its 95% CI, and the base's mean beside it.
 *
 * A week's value of one replication is the mean of its days (after the
 * warm-up; days a run did not reach are left out).  Replication r's
 * weeks are added as it finishes (the experiment's hook, one at a time).
 */
#ifndef FLOWSIM_WEEKLY_H
#define FLOWSIM_WEEKLY_H

#include <stdio.h>
#include "scenario.h"
#include "series.h"

#define WEEKLY_SERIES_MAX 2

typedef struct serve_weekly {
    size_t ns;                          /* series shown */
    size_t col[WEEKLY_SERIES_MAX];      /* their columns in the daily */
    const char *name[WEEKLY_SERIES_MAX], *unit[WEEKLY_SERIES_MAX];
    size_t n_cols;                      /* columns of a day */
    size_t first_day, weeks;
    long reps;
    double *v;                          /* reps x ns x weeks */
    unsigned char *done;                /* reps */
} serve_weekly;

/* Picks the series to show from sl (acute occupancy and ED 4-hour
 * performance when the scenario has them, else its first series) and
 * makes room for reps replications.  sl must outlive w (names).
 * Returns 0, or -1 when memory ran out. */
int weekly_init(serve_weekly *w, const series_list *sl, const scenario *sc,
                long reps);
void weekly_free(serve_weekly *w);

/* Replication r's daily values (days x n_cols, as network_run_series
 * fills them). */
void weekly_add(serve_weekly *w, long r, const double *daily);

/* The bands as JSON: [{"name", "unit", "first_day", "step": 7, "mean":
 * [...], "lo": [...], "hi": [...], "base": [...]}, ...]; base may be
 * NULL (no base line).  scratch holds 2 * w->reps doubles. */
void weekly_json(FILE *f, const serve_weekly *w, const serve_weekly *base,
                 double *scratch);

#endif
