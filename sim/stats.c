/* stats.c -- tallies (GSL running statistics) and time-weighted levels. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"

int stat_tally_init(stat_tally *t, double qp, double threshold)
{
    memset(t, 0, sizeof *t);
    t->qp = qp > 0 && qp < 1 ? qp : 0;
    t->threshold = threshold;
    return 0;
}

void stat_tally_free(stat_tally *t)
{
    free(t->bins);
    t->bins = NULL;
    t->nbins = 0;
}

#define BIN_SHIFT (52 - STAT_QUANTILE_BITS) /* significand bits dropped */

static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double of_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* The histogram bin of a finite x > STAT_QUANTILE_MIN: its exponent and
 * top significand bits (monotone in x, as positive doubles' bits are),
 * counted from those of STAT_QUANTILE_MIN. */
static size_t bin_of(double x)
{
    return (size_t)((bits_of(x) >> BIN_SHIFT) -
                    (bits_of(STAT_QUANTILE_MIN) >> BIN_SHIFT));
}

/* The middle of bin i: within 2^-(BITS+1) of any value in it. */
static double bin_mid(size_t i)
{
    uint64_t lo = ((uint64_t)i + (bits_of(STAT_QUANTILE_MIN) >> BIN_SHIFT))
                  << BIN_SHIFT;
    return (of_bits(lo) + of_bits(lo + (1ULL << BIN_SHIFT))) / 2;
}

int stat_tally_bin(stat_tally *t, double x)
{
    if (isnan(x))
        return -1;
    if (!(x > STAT_QUANTILE_MIN)) {
        t->small++;
        return 0;
    }
    if (!isfinite(x))
        return -1;
    size_t i = bin_of(x);
    if (i >= t->nbins) {
        size_t n = t->nbins ? t->nbins : 256;
        while (n <= i)
            n *= 2;
        uint64_t *b = realloc(t->bins, n * sizeof *b);
        if (!b)
            return -1;
        memset(b + t->nbins, 0, (n - t->nbins) * sizeof *b);
        t->bins = b;
        t->nbins = n;
    }
    t->bins[i]++;
    return 0;
}

void stat_tally_reset(stat_tally *t)
{
    t->n = 0;
    t->shift = t->s1 = t->s2 = 0;
    if (t->bins)
        memset(t->bins, 0, t->nbins * sizeof *t->bins);
    t->small = 0;
    t->sum = 0;
    t->over = 0;
}

size_t stat_tally_n(const stat_tally *t)
{
    return (size_t)t->n;
}

double stat_tally_mean(const stat_tally *t)
{
    return stat_tally_n(t) ? t->sum / (double)stat_tally_n(t) : NAN;
}

double stat_tally_sd(const stat_tally *t)
{
    if (t->n < 2)
        return NAN;
    double n = (double)t->n, ss = t->s2 - t->s1 * t->s1 / n;
    return sqrt(ss > 0 ? ss / (n - 1) : 0);
}

/* The smallest binned value with at least qp of the observations at or
 * below it (the lower quantile of the empirical distribution). */
double stat_tally_quantile(const stat_tally *t)
{
    return stat_tally_quantile_at(t, t->qp);
}

double stat_tally_quantile_at(const stat_tally *t, double p)
{
    uint64_t n = t->small;
    for (size_t i = 0; i < t->nbins; i++)
        n += t->bins[i];
    if (!t->qp || !(p > 0 && p < 1) || n == 0)
        return NAN;
    double need = ceil(p * (double)n - 1e-9);
    double cum = (double)t->small;
    if (cum >= need)
        return 0;
    for (size_t i = 0; i < t->nbins; i++) {
        cum += (double)t->bins[i];
        if (cum >= need)
            return bin_mid(i);
    }
    return NAN;
}

double stat_tally_over_fraction(const stat_tally *t)
{
    return stat_tally_n(t) ? t->over / (double)stat_tally_n(t) : NAN;
}

int stat_level_init(stat_level *l, double t0)
{
    memset(l, 0, sizeof *l);
    l->since = l->start = t0;
    l->nat = 16;
    l->at = calloc(l->nat, sizeof *l->at);
    return l->at ? 0 : -1;
}

void stat_level_free(stat_level *l)
{
    free(l->at);
    l->at = NULL;
    l->nat = 0;
}

/* Closes the interval [since, now] at the current level. */
static void accrue(stat_level *l, double now)
{
    double dt = now - l->since;
    if (dt > 0) {
        l->at[l->level] += dt;
        l->area += dt * (double)l->level;
        l->total += dt * (double)l->level;
        l->since = now;
    }
}

int stat_level_grow_add(stat_level *l, double now, long delta)
{
    long next = l->level + delta;
    if (next < 0)
        next = 0;
    if ((size_t)next >= l->nat) {
        size_t n = l->nat * 2;
        while (n <= (size_t)next)
            n *= 2;
        double *at = realloc(l->at, n * sizeof *at);
        if (!at)
            return -1;
        memset(at + l->nat, 0, (n - l->nat) * sizeof *at);
        l->at = at;
        l->nat = n;
    }
    accrue(l, now);
    l->level = next;
    if (next > l->max)
        l->max = next;
    return 0;
}

void stat_level_reset(stat_level *l, double now)
{
    memset(l->at, 0, l->nat * sizeof *l->at);
    l->area = 0;
    l->since = l->start = now;
    l->max = l->level;
}

double stat_level_total(const stat_level *l, double now)
{
    return l->total + (now > l->since ? (now - l->since) * (double)l->level : 0);
}

double stat_level_mean(const stat_level *l, double now)
{
    double span = now - l->start;
    if (!(span > 0))
        return NAN;
    double tail = now > l->since ? (now - l->since) * (double)l->level : 0;
    return (l->area + tail) / span;
}

/* Time at level k, including the open interval up to now. */
static double time_at(const stat_level *l, double now, long k)
{
    double t = l->at[k];
    if (k == l->level && now > l->since)
        t += now - l->since;
    return t;
}

long stat_level_quantile(const stat_level *l, double now, double p)
{
    double span = now - l->start;
    if (!(span > 0))
        return 0;
    double cum = 0;
    for (long k = 0; k <= l->max; k++) {
        cum += time_at(l, now, k);
        if (cum >= p * span * (1 - 1e-12))
            return k;
    }
    return l->max;
}

double stat_level_share_at(const stat_level *l, double now, long k)
{
    double span = now - l->start;
    if (!(span > 0))
        return NAN;
    if (k < 0 || k > l->max)
        return 0.0;
    return time_at(l, now, k) / span;
}

double stat_level_share_at_least(const stat_level *l, double now, long k)
{
    double span = now - l->start;
    if (!(span > 0))
        return NAN;
    if (k <= 0)
        return 1.0;
    double t = 0;
    for (long j = k; j <= l->max; j++)
        t += time_at(l, now, j);
    return t / span;
}
