/* stats.h -- the statistics a simulation collects.
 *
 * Three collectors, all with memory independent of the horizon:
 *   tally  -- observations (waits, stays): count, mean and sd (shifted sums),
 *             one quantile from an octave-binned histogram (relative error at
 *             most STAT_QUANTILE_PRECISION, whatever the order of the data),
 *             and the share of observations over a threshold (4-hour waits).
 *   level  -- a time-weighted level (occupancy): time-average, and the time
 *             spent at each level, so quantiles and P(level >= c) are exact.
 *             Its memory grows with the highest level seen, i.e. patients.
 * Both reset at the end of the warm-up.
 */
#ifndef FLOWSIM_STATS_H
#define FLOWSIM_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Quantile bins split every octave [2^e, 2^(e+1)) into 2^STAT_QUANTILE_BITS
 * equal parts: a value's bin is its exponent and the top bits of its
 * significand, read off its IEEE 754 bits with one shift (a log on every
 * observation was a tenth of an M/M/1 run).  A bin's middle is within
 * 2^-(BITS+1) = 0.2% of any value in it, inside STAT_QUANTILE_PRECISION.
 * Values at or below STAT_QUANTILE_MIN count as zero.  Up to 1e12 that is
 * about 17,900 bins (at most 256 KB once doubled), allocated only as far
 * as the largest value seen.  GSL's streaming P-squared
 * estimator was tried first: on time-ordered, autocorrelated waits it was
 * off by up to 60% (test/queueing), so it is not used. */
#define STAT_QUANTILE_PRECISION 0.0025
#define STAT_QUANTILE_BITS 8
#define STAT_QUANTILE_MIN 1e-9

/* The count, mean and sd are running sums, not GSL's rstat:
 * gsl_rstat_add also keeps a P-squared median on every call, which took a
 * quarter of the model's time and which nothing here reads.  The sd comes
 * from sums of the observations shifted by the first one (the "shifted
 * data" method: as robust as Welford's when the first is typical, as
 * every stay or wait is) rather than Welford's running mean, whose
 * division on every observation was the slowest step of a patient's
 * departure (perf). */
typedef struct stat_tally {
    uint64_t n;
    double shift;                    /* the first observation */
    double s1, s2;                   /* sums of x - shift, (x - shift)^2 */
    double qp;                       /* e.g. 0.95; 0: no quantile */
    uint64_t *bins;                  /* log-spaced histogram of x > MIN */
    size_t nbins;
    uint64_t small;                  /* observations <= MIN */
    double threshold;                /* observations > threshold counted */
    double over;                     /* how many were over */
    double sum;                      /* exact sum, for totals */
} stat_tally;

/* Prepares a tally estimating quantile qp (0 < qp < 1; any other value:
 * no quantile, which saves time) and counting values over threshold (use
 * INFINITY for none).  Returns 0, or -1 when out of memory.  Observations
 * must not be negative when a quantile is kept. */
int stat_tally_init(stat_tally *t, double qp, double threshold);
void stat_tally_free(stat_tally *t);
/* The quantile's part of stat_tally_add (below). */
int stat_tally_bin(stat_tally *t, double x);

/* Adds an observation.  Returns 0, or -1 when out of memory (the quantile
 * then ignores it; every other figure still counts it).  Inline: a model
 * adds several a patient. */
static inline int stat_tally_add(stat_tally *t, double x)
{
    if (t->n++ == 0)
        t->shift = x;
    double d = x - t->shift;
    t->s1 += d;
    t->s2 += d * d;
    t->sum += x;
    if (x > t->threshold)
        t->over += 1;
    return t->qp ? stat_tally_bin(t, x) : 0;
}
void stat_tally_reset(stat_tally *t);
size_t stat_tally_n(const stat_tally *t);
double stat_tally_mean(const stat_tally *t);     /* NAN when empty */
double stat_tally_sd(const stat_tally *t);       /* NAN when n < 2 */
double stat_tally_quantile(const stat_tally *t); /* NAN when empty */
/* Quantile p (0 < p < 1) from the same histogram, within the same
 * precision: NAN when empty, or when the tally keeps no quantile. */
double stat_tally_quantile_at(const stat_tally *t, double p);
double stat_tally_over_fraction(const stat_tally *t); /* NAN when empty */

typedef struct stat_level {
    long level;      /* current value, >= 0 */
    double since;    /* time of the last change */
    double start;    /* time of the last reset */
    double area;     /* integral of the level since start */
    double total;    /* integral since init: never reset (daily series) */
    double *at;      /* at[k]: time spent at level k */
    size_t nat;      /* allocated length of at */
    long max;        /* highest level since the reset */
} stat_level;

/* Starts at level 0 at time t0.  Returns 0, or -1 when out of memory. */
int stat_level_init(stat_level *l, double t0);
void stat_level_free(stat_level *l);

/* stat_level_add when the new level needs more room in at[]. */
int stat_level_grow_add(stat_level *l, double now, long delta);

/* Changes the level by delta at time now (now >= the last change).
 * Returns 0, or -1 when out of memory (the level is then unchanged).
 * Inline: a model changes several levels an event. */
static inline int stat_level_add(stat_level *l, double now, long delta)
{
    long next = l->level + delta;
    if (next < 0)
        next = 0;
    if ((size_t)next >= l->nat)
        return stat_level_grow_add(l, now, delta);
    double dt = now - l->since;
    if (dt > 0) { /* the interval [since, now] at the old level */
        l->at[l->level] += dt;
        l->area += dt * (double)l->level;
        l->total += dt * (double)l->level;
        l->since = now;
    }
    l->level = next;
    if (next > l->max)
        l->max = next;
    return 0;
}

/* Forgets the history before now (keeps the current level). */
void stat_level_reset(stat_level *l, double now);

/* Integral of the level from init to now, through any resets. */
double stat_level_total(const stat_level *l, double now);

/* Time-average over [start, now]. */
double stat_level_mean(const stat_level *l, double now);

/* Smallest level k such that the time share at or below k is >= p. */
long stat_level_quantile(const stat_level *l, double now, double p);

/* Time share with level exactly k over [start, now] (P(N = k)). */
double stat_level_share_at(const stat_level *l, double now, long k);

/* Time share with level >= k over [start, now]. */
double stat_level_share_at_least(const stat_level *l, double now, long k);

#endif
