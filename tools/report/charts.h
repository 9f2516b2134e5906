/* charts.h -- which plots a study gets, and their data and gnuplot code.
 *
 * Each planner writes its data files and script into the plot set and
 * appends a chart (the SVG's name and a caption) for each plot whose data
 * exist; a study without the data (no daily series, no health roles)
 * simply gets fewer plots.  Planners return 0, or -1 when the store could
 * not be read or a file not written (err says which). */
#ifndef FLOWSIM_REPORT_CHARTS_H
#define FLOWSIM_REPORT_CHARTS_H

#include <stddef.h>
#include <sqlite3.h>
#include "plot.h"
#include "query.h"

#define CHART_CAPTION_MAX 700

typedef struct chart {
    char name[32];                  /* SVG file and id prefix */
    char caption[CHART_CAPTION_MAX];
    int small;                      /* laid out several to a row */
    int finance;                    /* shown in the finance section */
} chart;

typedef struct chart_list {
    chart *c;
    size_t n, cap;
} chart_list;

/* Appends a chart named prefix-index; NULL when out of memory. */
chart *chart_add(chart_list *l, const char *prefix, size_t index, int small);
void chart_list_free(chart_list *l);

/* Daily plots (charts.c; the bands across replications, bands.c): acute
 * occupancy against the escalation threshold, weekly 4-hour performance,
 * delayed discharges by pathway, and each unit's occupancy with its
 * band. */
int charts_daily(sqlite3 *db, const rq_study *s, plot_set *p, chart_list *l,
                 char *err, size_t errlen);

/* The distribution of occupancy, P(N = n), of each unit that has one
 * (the scenario's `distribution:`), a small plot a unit with a bar a
 * member at each level (occdist.c). */
int charts_occupancy_dist(const rq_study *s, plot_set *p, chart_list *l,
                          char *err, size_t errlen);

/* One row's cells of a data file: " mean lo hi" of KPI `name` for each
 * of the study's first `shown` members (NaN where a member lacks it, or
 * has no CI), then the newline (bars.c). */
void charts_kpi_cells(FILE *f, const rq_study *s, size_t shown,
                      const char *name);

/* Bars with 95% CIs of the headline KPIs of a compare (bars.c). */
int charts_compare(const rq_study *s, plot_set *p, chart_list *l,
                   char *err, size_t errlen);

/* A sweep's KPI over its grid (bars.c): a line with CIs for one key, a
 * heat map for two. */
int charts_sweep(const rq_study *s, const char *kpi, plot_set *p,
                 chart_list *l, char *err, size_t errlen);

/* The KPI a sweep is shown by: want if given (NULL when the study lacks
 * it), else ed.four_hour.performance if present, else the first unit's
 * wait.mean, else the first KPI. */
const char *charts_sweep_kpi(const rq_member *m, const char *want);

/* The swept keys (from the first member's params) into keys[max]; returns
 * how many.  Each key is a malloc'd string. */
size_t charts_sweep_keys(const rq_study *s, char **keys, size_t max);

/* A readable title for a KPI: its registry label ("ED 4-hour
 * performance"); NULL for a per-unit KPI, one of a month, or one this
 * build does not know. */
const char *charts_kpi_title(const kpi_def *d);

#endif
