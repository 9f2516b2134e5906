/* stats.h -- the statistics a simulation collects.
 *
 * Three collectors, all with memory independent of the horizon:
 *   tally  -- observations (waits, stays): count, mean, sd, min, max, a
 *             streaming P-squared estimate of one quantile (GSL rstat), and
 *             the share of observations over a threshold (4-hour waits).
 *   level  -- a time-weighted level (occupancy): time-average, and the time
 *             spent at each level, so quantiles and P(level >= c) are exact.
 *             Its memory grows with the highest level seen, i.e. patients.
 * Both reset at the end of the warm-up.
 */
#ifndef FLOWSIM_STATS_H
#define FLOWSIM_STATS_H

#include <stddef.h>
#include <gsl/gsl_rstat.h>

typedef struct stat_tally {
    gsl_rstat_workspace *rs;
    gsl_rstat_quantile_workspace *q; /* the quantile named by qp */
    double qp;                       /* e.g. 0.95 */
    double threshold;                /* observations > threshold counted */
    double over;                     /* how many were over */
    double sum;                      /* exact sum, for totals */
} stat_tally;

/* Prepares a tally estimating quantile qp (0 < qp < 1; any other value:
 * no quantile, which saves time) and counting values over threshold (use
 * INFINITY for none).  Returns 0, or -1 when out of memory. */
int stat_tally_init(stat_tally *t, double qp, double threshold);
void stat_tally_free(stat_tally *t);
void stat_tally_add(stat_tally *t, double x);
void stat_tally_reset(stat_tally *t);
size_t stat_tally_n(const stat_tally *t);
double stat_tally_mean(const stat_tally *t);     /* NAN when empty */
double stat_tally_sd(const stat_tally *t);       /* NAN when n < 2 */
double stat_tally_quantile(const stat_tally *t); /* NAN when empty */
double stat_tally_over_fraction(const stat_tally *t); /* NAN when empty */

typedef struct stat_level {
    long level;      /* current value, >= 0 */
    double since;    /* time of the last change */
    double start;    /* time of the last reset */
    double area;     /* integral of the level since start */
    double *at;      /* at[k]: time spent at level k */
    size_t nat;      /* allocated length of at */
    long max;        /* highest level since the reset */
} stat_level;

/* Starts at level 0 at time t0.  Returns 0, or -1 when out of memory. */
int stat_level_init(stat_level *l, double t0);
void stat_level_free(stat_level *l);

/* Changes the level by delta at time now (now >= the last change).
 * Returns 0, or -1 when out of memory (the level is then unchanged). */
int stat_level_add(stat_level *l, double now, long delta);

/* Forgets the history before now (keeps the current level). */
void stat_level_reset(stat_level *l, double now);

/* Time-average over [start, now]. */
double stat_level_mean(const stat_level *l, double now);

/* Smallest level k such that the time share at or below k is >= p. */
long stat_level_quantile(const stat_level *l, double now, double p);

/* Time share with level >= k over [start, now]. */
double stat_level_share_at_least(const stat_level *l, double now, long k);

#endif
