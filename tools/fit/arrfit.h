/* arrfit.h -- a time-varying Poisson stream estimated from arrival
 * times.
 *
 * The model: arrivals in hour k of the week (0: Monday 00:00-01:00) of
 * calendar month m are Poisson with mean P[k] * M[m].  Its maximum
 * likelihood estimate from the counts is found by iterative proportional
 * fitting on the margins (the counts by hour of the week and by month,
 * against their exposures), which is exact for this log-linear model.
 * P is normalised to mean 1, M to mean 1 over the days observed; the
 * rate is what is left.  The confidence intervals are Poisson on the log
 * scale (relative half-width 1.96 / sqrt(count)), widened by the
 * dispersion when it exceeds 1 (quasi-Poisson).
 *
 * The scenario language has hourly (24) and weekly (7) factors, whose
 * product is the profile only when it is separable: Pearson's X^2 of the
 * hour-of-week counts against that product says whether it is.
 *
 * Over-dispersion: Pearson's X^2 of the daily counts against the model's
 * expected daily counts, on days - (7 + months - 1) degrees of freedom;
 * X^2 / df is the dispersion, and its chi-square upper tail the p-value.
 */
#ifndef FLOWSIM_FIT_ARRFIT_H
#define FLOWSIM_FIT_ARRFIT_H

#include <stddef.h>

#define ARRFIT_MAX_DAYS 7305 /* 20 years */
#define ARRFIT_MIN_DAYS 28   /* four of each weekday */

typedef struct arrfit {
    size_t n;                 /* arrivals */
    long day0, ndays;         /* first day (since 1970-01-01), days */
    long month0;              /* year * 12 + month - 1 of the first */
    size_t n_months;
    double rate;              /* per day, at profile and factor 1 */
    double how[168], how_lo[168], how_hi[168];
    double *month, *month_lo, *month_hi; /* n_months each */
    double *month_days;       /* days observed in each month */
    double hourly[24], weekly[7]; /* the separable part, mean 1 each */
    double sep_x2, sep_p;     /* Pearson's X^2 of the hour-of-week
                                 counts against hourly x weekly, on 138
                                 df, and its p-value */
    double pearson, df, dispersion, p;
} arrfit;

/* Estimates the model from arrival times t[0..n) (minutes since 1970,
 * arrin.h).  Returns 0; -1 when the span is shorter than ARRFIT_MIN_DAYS
 * or longer than ARRFIT_MAX_DAYS (err says so), or out of memory. */
int arrfit_estimate(const long long *t, size_t n, arrfit *out, char *err,
                    size_t size);

void arrfit_free(arrfit *a);

#endif
