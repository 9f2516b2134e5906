/* datetime.c -- ISO dates, clock times and weekday names. */
#include <stdio.h>
#include <string.h>
#include "datetime.h"
#include "keys.h"
#include "value.h"

const char *const datetime_weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

/* Reads exactly n digits of s as a number, or -1. */
static long datetime_digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil): plain arithmetic, no time zone involved. */
static long datetime_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int datetime_day(const char *s, long *day)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    long y = datetime_digits(s, 4), m = datetime_digits(s + 5, 2),
         d = datetime_digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    *day = datetime_civil(y, m, d);
    return 0;
}

long datetime_month_start(long day, int *year, int *month)
{
    /* Hinnant's civil_from_days, year and month only */
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    *year = (int)y;
    *month = (int)m;
    return datetime_civil(y, m, 1);
}

long datetime_next_month(int year, int month)
{
    return month == 12 ? datetime_civil(year + 1, 1, 1)
                       : datetime_civil(year, month + 1, 1);
}

int datetime_weekday_of(long day)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    long w = (day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int datetime_weekday(diag *d, const ytree *n, const char *path, int *out)
{
    int w = n && n->kind == YTREE_SCALAR && !ytree_is_null(n)
                ? value_choice(n->str, datetime_weekdays) : -1;
    if (w >= 0) {
        *out = w % 7;
        return 0;
    }
    const char *near = n && n->kind == YTREE_SCALAR
                           ? diag_nearest(n->str, datetime_weekdays) : NULL;
    if (near)
        return diag_at(d, n, path, "unknown weekday '%s'; did you mean "
                       "'%s'?", n->str, near);
    return diag_at(d, n, path, "expected a weekday like 'monday' or 'mon'");
}

int datetime_clock(diag *d, const ytree *n, const char *path, int allow_24,
                   int *out)
{
    const char *s = n && n->kind == YTREE_SCALAR ? n->str : "";
    size_t l = strlen(s), h = l == 5 ? 2 : 1;
    long hh = l == 4 || l == 5 ? datetime_digits(s, h) : -1;
    long mm = hh >= 0 && s[h] == ':' ? datetime_digits(s + h + 1, 2) : -1;
    int ok = hh >= 0 && mm >= 0 && mm < 60 &&
             (hh < 24 || (allow_24 && hh == 24 && mm == 0));
    if (!ok)
        return diag_at(d, n, path, "'%s' is not a clock time; expected "
                       "HH:MM from 00:00 to %s", ytree_is_null(n) ? "" : s,
                       allow_24 ? "24:00" : "23:59");
    *out = (int)(hh * 60 + mm);
    return 0;
}

int datetime_point(diag *d, const datetime_origin *o, const ytree *n,
                   const char *path, double *out)
{
    const char *s = n && n->kind == YTREE_SCALAR ? n->str : "";
    /* Four digits and a dash: meant as a date, never a duration. */
    if (datetime_digits(s, 4) < 0 || s[4] != '-')
        return value_duration(d, n, path, 0, out);
    long day;
    if (!o)
        return diag_at(d, n, path, "'%s' is a date, but times in a "
                       "repeating schedule are offsets into the period; "
                       "expected a duration like '8 hours'", s);
    if (datetime_day(s, &day) != 0)
        return diag_at(d, n, path, "'%s' is not a valid date; expected "
                       "YYYY-MM-DD, like 2023-04-01", s);
    if (!o->at)
        return diag_at(d, n, path, "'%s' is a date but the scenario has no "
                       "start date; add start_date: YYYY-MM-DD", s);
    if (day < o->day)
        return diag_at(d, n, path, "'%s' is before start_date (%s); "
                       "expected a date on or after it", s, o->at->str);
    *out = (double)(day - o->day) * 1440;
    return 0;
}
