/* axis.h -- the time axis of the report's daily and weekly plots.
 *
 * A scenario with a start_date gets calendar dates on the axis (the
 * data files hold seconds since 1970, as gnuplot's time axis reads them:
 * numbers only, plot.h); one without, the day (or week) of the run.
 * The warm-up, a ramp from an empty system that is no result, is left
 * out unless the report is asked for it (--show-warmup); shown, its end
 * is marked. */
#ifndef FLOWSIM_REPORT_AXIS_H
#define FLOWSIM_REPORT_AXIS_H

#include <stdio.h>
#include "plot.h"
#include "query.h"

/* Days from 1970-01-01 to the ISO date s ("2022-04-01"); -1 with
 * *days untouched when s is no such date. */
int axis_epoch_day(const char *s, long *days);

/* The ISO date of day `day` after the ISO date start into buf (11
 * bytes); "" when start is no date. */
void axis_date(char *buf, size_t len, const char *start, long day);

/* The x of day `day` of member m (0 = the run's first day): seconds
 * since 1970 when m has a start date, else the day itself. */
double axis_x(const rq_member *m, double day);

/* Whether day `day` of m is drawn: after the warm-up, or any day with
 * s->show_warmup. */
int axis_shown(const rq_study *s, const rq_member *m, double day);

/* The x axis settings of a plot of s: dates (shorter and slanted in a
 * small plot), or the day or week of the run, and the end of the warm-up
 * marked when it is shown. */
void axis_setup(plot_set *p, const rq_study *s, int weekly, int small);

/* What a caption says of the axis ("dates from the scenario's
 * start_date; warm-up left out"). */
const char *axis_caption(const rq_study *s);

#endif
