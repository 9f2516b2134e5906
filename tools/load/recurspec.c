/* recurspec.c -- dated factors that come back every year or every week:
 *
 *   periods:
 *     - {every: year, from: 12-01, to: 03-31, factor: 1.15}  # winter
 *     - {every: year, on: easter_monday, factor: 0.6}        # bank holiday
 *     - {every: year, on: 12-25, factor: 0.5}
 *     - {every: week, on: monday, factor: 1.2}               # Mondays
 *     - {every: week, from: saturday, to: sunday, factor: 0.7}
 *
 * `from`..`to` (MM-DD, `to` included, over the new year when it comes
 * before `from`) or one day `on` (MM-DD, good_friday, easter_monday)
 * become one period a year, for every year the run touches, cut to the
 * run (day 0 to the horizon); yearly ones need start_date.  A weekly one
 * takes weekdays (on, or from..to) and needs no date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "keys.h"
#include "value.h"

#define RECUR_MAX_YEARS 1002  /* the longest horizon, and a year each side */

/* Easter Sunday of year y (Gregorian; the anonymous algorithm of Meeus),
 * as month and day. */
static void easter(long y, int *month, int *day)
{
    long a = y % 19, b = y / 100, cc = y % 100, d = b / 4, e = b % 4;
    long f = (b + 8) / 25, g = (b - f + 1) / 3;
    long h = (19 * a + b - d - g + 15) % 30, i = cc / 4, k = cc % 4;
    long l = (32 + 2 * e + 2 * i - h - k) % 7;
    long m = (a + 11 * h + 22 * l) / 451;
    *month = (int)((h + l - 7 * m + 114) / 31);
    *day = (int)((h + l - 7 * m + 114) % 31 + 1);
}

/* Day number (datetime_day) of month-day md ("MM-DD") in year y, or of
 * the named day; -1 on a bad text (reported by the caller). */
static int day_in(long y, const char *md, long *out)
{
    char buf[32];
    if (y < 1 || y > 9999)
        return -1;
    int m, d;
    if (!strcmp(md, "good_friday") || !strcmp(md, "easter_monday")) {
        easter(y, &m, &d);
        snprintf(buf, sizeof buf, "%04ld-%02d-%02d", y, m, d);
        if (datetime_day(buf, out))
            return -1;
        *out += !strcmp(md, "good_friday") ? -2 : 1;
        return 0;
    }
    if (strlen(md) != 5 || !strcmp(md, "02-29"))
        return -1;
    snprintf(buf, sizeof buf, "%04ld-%s", y, md);
    return datetime_day(buf, out);
}

/* Appends [from, to) (days from day 0) cut to the run, if it meets it. */
static int add(build_ctx *c, const ytree *at, const char *path, long from,
               long to, double factor, arrival_period **out, size_t *n,
               size_t *cap)
{
    double a = (double)(from - c->day0.day) * 1440;
    double b = (double)(to - c->day0.day) * 1440;
    if (a < 0)
        a = 0;
    if (b > c->sc->horizon)
        b = c->sc->horizon;
    if (!(b > a))
        return 0;
    if (*n == *cap) {
        size_t m = *cap ? 2 * *cap : 8;
        arrival_period *p = realloc(*out, m * sizeof *p);
        if (!p)
            return diag_at(c->d, at, path, "out of memory");
        *out = p;
        *cap = m;
    }
    (*out)[(*n)++] = (arrival_period){a, b, factor};
    return 0;
}

const char *const recurspec_keys[] = {"every", "from", "to", "on", "factor",
                                      NULL};

/* {every: year, ...}: one period a year. */
static int yearly(build_ctx *c, const ytree *p, const char *path,
                  arrival_period **out, size_t *n, size_t *cap)
{
    char k[DIAG_PATH_MAX];
    const ytree *ev = ytree_get(p, "every"), *on = ytree_get(p, "on");
    const ytree *f = ytree_get(p, "from"), *t = ytree_get(p, "to");
    const ytree *x = ytree_get(p, "factor");
    double factor;
    diag_path(k, sizeof k, path, "every");
    if (!c->day0.at)
        return diag_at(c->d, ev, k, "a yearly period needs start_date");
    if (on ? f || t : !f || !t)
        return diag_at(c->d, on ? on : p, path, "give either on: DAY, or "
                       "from: MM-DD and to: MM-DD");
    diag_path(k, sizeof k, path, "factor");
    if (value_nonneg(c->d, x, k, 0, &factor))
        return -1;
    const ytree *nodes[2] = {on ? on : f, on ? on : t};
    int y0, m0;
    datetime_month_start(c->day0.day, &y0, &m0);
    long years = (long)(c->sc->horizon / 1440 / 365) + 2;
    for (int j = 0; j < 2; j++) { /* the days, checked on any year */
        const ytree *nd = nodes[j];
        long day;
        diag_path(k, sizeof k, path, on ? "on" : j ? "to" : "from");
        if (nd->kind != YTREE_SCALAR || day_in(2001, nd->str, &day))
            return diag_at(c->d, nd, k, "'%s' is not a day of the year; "
                           "expected MM-DD (not 02-29)%s",
                           nd->kind == YTREE_SCALAR ? nd->str : "a list",
                           on ? ", good_friday or easter_monday" : "");
    }
    for (long y = y0 - 1; y <= y0 + years && y - y0 <= RECUR_MAX_YEARS; y++) {
        long d[2];
        if (day_in(y, nodes[0]->str, &d[0]) ||
            day_in(y, nodes[1]->str, &d[1]))
            continue; /* a year outside 1..9999 */
        if (d[1] < d[0] && /* over the new year: to is next year's */
            day_in(y + 1, nodes[1]->str, &d[1]))
            continue;
        if (add(c, p, path, d[0], d[1] + 1, factor, out, n, cap))
            return -1;
    }
    return 0;
}

/* {every: week, on: DAY} or {from: DAY, to: DAY} (weekdays, `to`
 * included, over the weekend when it comes before `from`): one period a
 * week, from the week before day 0 to the horizon.  Day 0's weekday is
 * start_date's or start_weekday's (read before any period). */
static int weekly(build_ctx *c, const ytree *p, const char *path,
                  arrival_period **out, size_t *n, size_t *cap)
{
    char k[DIAG_PATH_MAX];
    const ytree *on = ytree_get(p, "on");
    const ytree *f = ytree_get(p, "from"), *t = ytree_get(p, "to");
    double factor;
    int wd[2];
    if (on ? f || t : !f || !t)
        return diag_at(c->d, on ? on : p, path, "give either on: WEEKDAY, "
                       "or from: WEEKDAY and to: WEEKDAY");
    diag_path(k, sizeof k, path, on ? "on" : "from");
    if (datetime_weekday(c->d, on ? on : f, k, &wd[0]))
        return -1;
    diag_path(k, sizeof k, path, on ? "on" : "to");
    if (datetime_weekday(c->d, on ? on : t, k, &wd[1]))
        return -1;
    diag_path(k, sizeof k, path, "factor");
    if (value_nonneg(c->d, ytree_get(p, "factor"), k, 0, &factor))
        return -1;
    long len = (wd[1] - wd[0] + 7) % 7 + 1;
    long first = (wd[0] - c->sc->start_weekday + 7) % 7 - 7;
    long weeks = (long)(c->sc->horizon / 1440 / 7) + 2;
    for (long w = 0; w <= weeks; w++) {
        long from = c->day0.day + first + 7 * w;
        if (add(c, p, path, from, from + len, factor, out, n, cap))
            return -1;
    }
    return 0;
}

int recurspec_period(build_ctx *c, const ytree *p, const char *path,
                     arrival_period **out, size_t *n, size_t *cap)
{
    char k[DIAG_PATH_MAX];
    const ytree *ev = ytree_get(p, "every");
    diag_path(k, sizeof k, path, "every");
    if (value_keys(c->d, p, path, recurspec_keys) ||
        !value_need(c->d, p, path, "factor", "factor: 1.2"))
        return -1;
    if (ev->kind == YTREE_SCALAR && !strcmp(ev->str, "week"))
        return weekly(c, p, path, out, n, cap);
    if (ev->kind != YTREE_SCALAR || strcmp(ev->str, "year"))
        return diag_at(c->d, ev, k, "expected 'year' or 'week' (a period "
                       "every year, or every week)");
    return yearly(c, p, path, out, n, cap);
}
