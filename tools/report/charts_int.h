/* charts_int.h -- what the files of the daily plots (charts.h:
 * charts_daily) share.
 *
 * bands.c writes a daily series of each member as a band across
 * replications (its data files and plot commands); charts.c plans the
 * plots that are made of them and puts the daily plots together.
 */
#ifndef FLOWSIM_REPORT_CHARTS_INT_H
#define FLOWSIM_REPORT_CHARTS_INT_H

#include "charts.h"

#define MAX_MEMBERS 6   /* members a plot shows at the most */
#define MAX_BANDS 3     /* bands in one plot: more would hide each other */

/* How many members a plot shows: min(s->n, MAX_MEMBERS). */
size_t band_members_shown(const rq_study *s);
/* 1 when shown[0..n) has a member with the data. */
int band_any(const int *shown, size_t n);

/* Member i's name for a legend into buf[n] ("" alone, else cut short and
 * followed by ": "); returns buf. */
const char *band_tag(const rq_study *s, size_t i, char *buf, size_t n);
/* Appends to a caption the whole name of each member the legend cuts. */
void band_tag_note(const rq_study *s, char *caption, size_t n);

/* Series `occ` of each member shown (and the mean open beds of series
 * `open`, or NULL) by day into data files NAME-i.dat: x, mean, p5, p95
 * (and the open beds' mean).  shown[i] says which members have the data,
 * open_mean[i] gets their mean open beds, range (if not NULL) is widened
 * to their values.  Returns 0, or -1 on error. */
int band_files(sqlite3 *db, const rq_study *s, plot_set *p,
               const char *name, const char *occ, const char *open,
               int *shown, double *open_mean, double *range);
/* The plot commands of band_files' bands (the first MAX_BANDS) and mean
 * lines, each titled with the member's tag and `what`. */
void band_plot(plot_set *p, const rq_study *s, const char *name,
               const int *shown, const char *what);

/* "plot " before the first element of a plot command, ", \" and a new
 * line before the others. */
void band_next_element(plot_set *p, int *first);
/* Data file NAME-i.dat, quoted, for a plot command. */
void band_data_file(plot_set *p, const char *name, size_t i);

#endif
