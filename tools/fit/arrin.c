/* arrin.c -- reading arrival timestamps (arrin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arrin.h"
#include "csvread.h"
#include "text.h"

/* Howard Hinnant's days_from_civil. */
long arrin_days(long y, long m, long d)
{
    y -= m <= 2;
    long era = y / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void arrin_date(long days, long *y, long *m, long *d)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* n digits at s as a number, or -1. */
static long arrin_digits(const char *s, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Parses "YYYY-MM-DD HH:MM[:SS]" into minutes; returns 0 or -1. */
static int arrin_stamp(const char *s, long long *out)
{
    size_t len = strlen(s);
    if (len != 16 && len != 19)
        return -1;
    long y = arrin_digits(s, 4), mo = arrin_digits(s + 5, 2),
         d = arrin_digits(s + 8, 2), h = arrin_digits(s + 11, 2),
         mi = arrin_digits(s + 14, 2);
    if (s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') ||
        s[13] != ':' || y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 ||
        h > 23 || mi < 0 || mi > 59)
        return -1;
    if (len == 19 && (s[16] != ':' || arrin_digits(s + 17, 2) < 0 ||
                      arrin_digits(s + 17, 2) > 59))
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
                                31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap))
        return -1;
    *out = (long long)arrin_days(y, mo, d) * 1440 + h * 60 + mi;
    return 0;
}

/* Reads the rows after the header (column ic) into *out. */
static int arrin_rows(csvread *r, const char *column, int ic,
                      long long **out, size_t *n)
{
    size_t cap = 0;
    int rc;
    while ((rc = csvread_next(r)) == 1) {
        if (r->n <= (size_t)ic)
            return csvread_error(r, r->n - 1, "this record has %zu fields; "
                                 "expected at least %d as the header says",
                                 r->n, ic + 1), -1;
        if (*n == ARRIN_MAX_ROWS)
            return csvread_error(r, 0, "more than %lu arrivals; fit a "
                                 "sample", ARRIN_MAX_ROWS), -1;
        if (*n == cap) {
            cap = cap ? 2 * cap : 4096;
            long long *p = realloc(*out, cap * sizeof *p);
            if (!p)
                return csvread_error(r, 0, "out of memory"), -1;
            *out = p;
        }
        if (arrin_stamp(r->field[ic], &(*out)[*n]))
            return csvread_error(r, (size_t)ic, "%s: '%s' is not a time; "
                                 "expected YYYY-MM-DD HH:MM[:SS]", column,
                                 r->field[ic]), -1;
        (*n)++;
    }
    return rc;
}

int arrin_read(const char *path, const char *column, long long **out,
               size_t *n, char *err, size_t size)
{
    csvread r;
    *out = NULL;
    *n = 0;
    int rc = csvread_open(&r, path);
    if (rc == 0)
        rc = csvread_next(&r);
    if (rc == 0) {
        snprintf(r.err, sizeof r.err, "%s:1:1: empty file; expected a "
                 "header naming the columns", path);
        rc = -1;
    } else if (rc == 1) {
        int ic = csvread_find(&r, column);
        if (ic < 0) {
            csvread_error(&r, 0, "no column '%s' (--column)", column);
            rc = -1;
        } else {
            rc = arrin_rows(&r, column, ic, out, n);
        }
    }
    if (rc == 0 && *n == 0) {
        snprintf(r.err, sizeof r.err, "%s:2:1: no arrivals after the header",
                 path);
        rc = -1;
    }
    if (rc < 0) {
        text_term_clean(r.err);
        snprintf(err, size, "%s", r.err);
        free(*out);
        *out = NULL;
    }
    csvread_close(&r);
    return rc < 0 ? -1 : 0;
}
