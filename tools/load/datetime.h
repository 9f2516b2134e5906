/* datetime.h -- calendar time in the scenario language: ISO dates, clock
 * times ("08:00") and weekday names.
 *
 * A scenario may name the calendar date of day 0 (start_date); every time
 * point (a period's from/to, an arrival's start/stop, a phase's from, the
 * `at` of a schedule that does not repeat) may then be written as an ISO
 * date instead of a duration.  Dates are plain day counts: no locale, no
 * time zone, no daylight saving.
 */
#ifndef FLOWSIM_LOAD_DATETIME_H
#define FLOWSIM_LOAD_DATETIME_H

#include "diag.h"
#include "ytree.h"

/* Day 0 of a scenario, as a date (when start_date is set). */
typedef struct datetime_origin {
    const ytree *at;  /* the start_date node, or NULL when not set */
    long day;         /* days since 1970-01-01 */
} datetime_origin;

/* Parses a strict ISO date "YYYY-MM-DD" (year 1..9999, a real calendar
 * day) into days since 1970-01-01.  Returns 0, or -1 if s is not one. */
int datetime_day(const char *s, long *day);

/* The first day of the month holding day (days since 1970-01-01), with
 * its year and month (1-12); and the first day of the month after. */
long datetime_month_start(long day, int *year, int *month);
long datetime_next_month(int year, int month);

/* The weekday of a day count, 0 = Monday. */
int datetime_weekday_of(long day);

/* A weekday name, monday..sunday or mon..sun, as 0 (Monday) .. 6; an
 * unknown name is reported with the nearest one. */
int datetime_weekday(diag *d, const ytree *n, const char *path, int *out);

/* A clock time "HH:MM" (H:MM allowed) from 00:00 to 23:59, or to 24:00
 * when allow_24, as minutes after midnight. */
int datetime_clock(diag *d, const ytree *n, const char *path, int allow_24,
                   int *out);

/* A time point: a duration after day 0 ("10 days"), or an ISO date when
 * o->at is set (a date without start_date, or before it, is an error;
 * o NULL rejects dates, for repeating schedules).  Minutes after the
 * start of day 0. */
int datetime_point(diag *d, const datetime_origin *o, const ytree *n,
                   const char *path, double *out);

#endif
