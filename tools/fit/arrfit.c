/* arrfit.c -- the arrival stream's estimate (arrfit.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "arrfit.h"
#include "arrin.h"

#define ARRFIT_ITER 500

/* Monday 0 .. Sunday 6 of a day count (1970-01-01 was a Thursday). */
static int arrfit_weekday(long day) { return (int)(((day + 3) % 7 + 7) % 7); }

/* The month index (year * 12 + month - 1) of a day count. */
static long arrfit_month(long day)
{
    long y, m, d;
    arrin_date(day, &y, &m, &d);
    return y * 12 + m - 1;
}

/* Iterative proportional fitting of P (168) and M (months) to the
 * margins nk, nm with exposure e[k * nmon + m] (hours). */
static void arrfit_ipf(const double *nk, const double *nm, const double *e,
                       size_t nmon, double *P, double *M)
{
    for (size_t m = 0; m < nmon; m++)
        M[m] = 1;
    for (int it = 0; it < ARRFIT_ITER; it++) {
        double change = 0;
        for (size_t k = 0; k < 168; k++) {
            double s = 0;
            for (size_t m = 0; m < nmon; m++)
                s += e[k * nmon + m] * M[m];
            P[k] = s > 0 ? nk[k] / s : 0;
        }
        for (size_t m = 0; m < nmon; m++) {
            double s = 0;
            for (size_t k = 0; k < 168; k++)
                s += e[k * nmon + m] * P[k];
            double v = s > 0 ? nm[m] / s : 0;
            change = fmax(change, fabs(v - M[m]));
            M[m] = v;
        }
        if (change < 1e-12)
            break;
    }
}

/* The separable approximation hourly x weekly of the profile (means of
 * its rows and columns), and Pearson's X^2 of the hour-of-week counts
 * nk against it, on 168 - (24 + 7 - 1) degrees of freedom. */
static void arrfit_separable(arrfit *a, const double *nk)
{
    for (int h = 0; h < 24; h++) {
        a->hourly[h] = 0;
        for (int w = 0; w < 7; w++)
            a->hourly[h] += a->how[w * 24 + h] / 7;
    }
    for (int w = 0; w < 7; w++) {
        a->weekly[w] = 0;
        for (int h = 0; h < 24; h++)
            a->weekly[w] += a->how[w * 24 + h] / 24;
    }
    double x2 = 0;
    for (int k = 0; k < 168; k++) {
        double sep = a->hourly[k % 24] * a->weekly[k / 24];
        double mu = a->how[k] > 0 ? nk[k] * sep / a->how[k] : 0;
        if (mu > 0)
            x2 += (nk[k] - mu) * (nk[k] - mu) / mu;
    }
    a->sep_x2 = x2;
    a->sep_p = gsl_cdf_chisq_Q(x2, 168 - 30);
}

/* Pearson's X^2 of the daily counts against the model's. */
static void arrfit_dispersion(arrfit *a, const double *daily,
                              const double *P, const double *M)
{
    double x2 = 0;
    for (long d = 0; d < a->ndays; d++) {
        long day = a->day0 + d;
        int w = arrfit_weekday(day);
        double mu = 0, mf = M[arrfit_month(day) - a->month0];
        for (int h = 0; h < 24; h++)
            mu += P[w * 24 + h] * mf;
        if (mu > 0)
            x2 += (daily[d] - mu) * (daily[d] - mu) / mu;
    }
    a->pearson = x2;
    a->df = (double)a->ndays - (double)(7 + a->n_months - 1);
    a->dispersion = a->df > 0 ? x2 / a->df : NAN;
    a->p = a->df > 0 ? gsl_cdf_chisq_Q(x2, a->df) : NAN;
}

/* Normalises P to mean 1 and M to mean 1 over the observed days, the
 * rate per day taking the rest, and sets the intervals. */
static void arrfit_normalise(arrfit *a, const double *P, const double *M,
                             const double *nk, const double *nm)
{
    double pm = 0, mm = 0;
    for (int k = 0; k < 168; k++)
        pm += P[k] / 168;
    for (size_t m = 0; m < a->n_months; m++)
        mm += M[m] * a->month_days[m] / (double)a->ndays;
    a->rate = pm * mm * 24;
    double phi = a->dispersion > 1 ? a->dispersion : 1;
    for (int k = 0; k < 168; k++) {
        double hw = nk[k] > 0 ? 1.96 * sqrt(phi / nk[k]) : INFINITY;
        a->how[k] = P[k] / pm;
        a->how_lo[k] = a->how[k] * exp(-hw);
        a->how_hi[k] = a->how[k] * exp(hw);
    }
    for (size_t m = 0; m < a->n_months; m++) {
        double hw = nm[m] > 0 ? 1.96 * sqrt(phi / nm[m]) : INFINITY;
        a->month[m] = M[m] / mm;
        a->month_lo[m] = a->month[m] * exp(-hw);
        a->month_hi[m] = a->month[m] * exp(hw);
    }
}

int arrfit_estimate(const long long *t, size_t n, arrfit *a, char *err,
                    size_t size)
{
    memset(a, 0, sizeof *a);
    long long lo = t[0], hi = t[0];
    for (size_t i = 1; i < n; i++) {
        lo = t[i] < lo ? t[i] : lo;
        hi = t[i] > hi ? t[i] : hi;
    }
    a->n = n;
    a->day0 = (long)(lo >= 0 ? lo / 1440 : -((-lo + 1439) / 1440));
    long long span = (hi - (long long)a->day0 * 1440) / 1440 + 1;
    if (span > ARRFIT_MAX_DAYS) {
        snprintf(err, size, "the arrivals span %lld days; at most %d (20 "
                 "years)", span, ARRFIT_MAX_DAYS);
        return -1;
    }
    if (span < ARRFIT_MIN_DAYS) {
        snprintf(err, size, "the arrivals span %lld days; the hour-of-week "
                 "profile needs at least %d (four weeks)", span,
                 ARRFIT_MIN_DAYS);
        return -1;
    }
    a->ndays = (long)span;
    a->month0 = arrfit_month(a->day0);
    a->n_months = (size_t)(arrfit_month(a->day0 + a->ndays - 1) - a->month0
                           + 1);
    size_t nm_ = a->n_months;
    double *daily = calloc((size_t)a->ndays, sizeof *daily);
    double *e = calloc(168 * nm_, sizeof *e), *nm = calloc(nm_, sizeof *nm);
    double *M = calloc(nm_, sizeof *M), nk[168] = {0}, P[168];
    a->month = calloc(nm_, sizeof *a->month);
    a->month_lo = calloc(nm_, sizeof *a->month_lo);
    a->month_hi = calloc(nm_, sizeof *a->month_hi);
    a->month_days = calloc(nm_, sizeof *a->month_days);
    int rc = -1;
    if (!daily || !e || !nm || !M || !a->month || !a->month_lo ||
        !a->month_hi || !a->month_days) {
        snprintf(err, size, "out of memory");
        goto out;
    }
    for (long d = 0; d < a->ndays; d++) {
        size_t m = (size_t)(arrfit_month(a->day0 + d) - a->month0);
        int w = arrfit_weekday(a->day0 + d);
        a->month_days[m] += 1;
        for (int h = 0; h < 24; h++)
            e[(size_t)(w * 24 + h) * nm_ + m] += 1;
    }
    for (size_t i = 0; i < n; i++) {
        long d = (long)((t[i] - (long long)a->day0 * 1440) / 1440);
        int k = arrfit_weekday(a->day0 + d) * 24 +
                (int)((t[i] - (long long)(a->day0 + d) * 1440) / 60);
        daily[d] += 1;
        nk[k] += 1;
        nm[arrfit_month(a->day0 + d) - a->month0] += 1;
    }
    arrfit_ipf(nk, nm, e, nm_, P, M);
    arrfit_dispersion(a, daily, P, M);
    arrfit_normalise(a, P, M, nk, nm);
    arrfit_separable(a, nk);
    rc = 0;
out:
    free(daily);
    free(e);
    free(nm);
    free(M);
    if (rc)
        arrfit_free(a);
    return rc;
}

void arrfit_free(arrfit *a)
{
    free(a->month);
    free(a->month_lo);
    free(a->month_hi);
    free(a->month_days);
    a->month = a->month_lo = a->month_hi = a->month_days = NULL;
}
