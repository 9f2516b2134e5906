/* bands.c -- a daily series of each member as a band across
 * replications (charts_int.h): per day shown, the mean and the middle 90%
 * of replications into a data file a member, and the plot commands that
 * draw them, a shaded band and a mean line, with the members named in
 * the legend.  The daily plots (charts.c) are made of them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "axis.h"
#include "charts_int.h"

/* Plotting every member of a big compare would be unreadable: the
 * first MAX_MEMBERS. */
size_t band_members_shown(const rq_study *s)
{
    return s->n < MAX_MEMBERS ? s->n : MAX_MEMBERS;
}

#define TAG_MAX 28 /* characters of a member's name in a legend */

/* A short name of member i for legends: "" alone, else its name (the
 * scenario, or a sweep point's overrides), cut at TAG_MAX characters:
 * a legend of names, not of "alt 1", "alt 2"... */
const char *band_tag(const rq_study *s, size_t i, char *buf, size_t n)
{
    if (s->n == 1)
        snprintf(buf, n, "%s", "");
    else if (strlen(s->m[i].label) > TAG_MAX)
        snprintf(buf, n, "%.*s...: ", TAG_MAX - 3, s->m[i].label);
    else
        snprintf(buf, n, "%s: ", s->m[i].label);
    return buf;
}

/* Appends to a caption the whole name of each member whose name the
 * legend cuts. */
void band_tag_note(const rq_study *s, char *caption, size_t n)
{
    char b[64];
    int first = 1;
    for (size_t i = 0; s->n > 1 && i < band_members_shown(s); i++) {
        size_t len = strlen(caption);
        if (len + 1 >= n)
            return;
        if (strlen(s->m[i].label) <= TAG_MAX)
            continue;
        band_tag(s, i, b, sizeof b);
        b[strlen(b) > 2 ? strlen(b) - 2 : 0] = '\0';   /* without ": " */
        snprintf(caption + len, n - len, "%s%s = %s", first ? " In the "
                 "legend, " : "; ", b, s->m[i].label);
        first = 0;
    }
}

/* Per day shown (axis.h): x, mean, p5 and p95 across replications of v
 * (reps x days); NaN where no replication has the day. */
static int write_band(FILE *f, const rq_study *s, const rq_member *m,
                      const double *v, size_t days, const double *extra)
{
    long reps = s->reps;
    double *scratch = malloc(((size_t)reps + 1) * sizeof *scratch);
    if (!scratch)
        return -1;
    for (size_t d = 0; d < days; d++) {
        if (!axis_shown(s, m, (double)d))
            continue;
        kpi_summary sm;
        summarise_values(v + d, (size_t)reps, days, scratch, &sm);
        fprintf(f, "%.10g %.6g %.6g %.6g", axis_x(m, (double)d), sm.mean,
                sm.p5, sm.p95);
        if (extra) {
            summarise_values(extra + d, (size_t)reps, days, scratch, &sm);
            fprintf(f, " %.6g", sm.mean);
        }
        fputc('\n', f);
    }
    free(scratch);
    return ferror(f) ? -1 : 0;
}

static double mean_of(const double *v, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            sum += v[i];
            k++;
        }
    return k ? sum / (double)k : NAN;
}

/* Widens range[0..1] to the values of v (reps x days) on the days
 * shown: a scale that small multiples share. */
static void range_of(const rq_study *s, const rq_member *m, const double *v,
                     size_t days, double *range)
{
    for (size_t k = 0; v && k < (size_t)s->reps * days; k++)
        if (isfinite(v[k]) && axis_shown(s, m, (double)(k % days))) {
            range[0] = fmin(range[0], v[k]);
            range[1] = fmax(range[1], v[k]);
        }
}

/* Occupancy by day of each member for series `occ` (and the mean open
 * beds of series `open`, or NULL) into data files NAME-i.dat; *shown
 * gets which members have the data, range (if not NULL) is widened to
 * their values.  Returns -1 on error. */
int band_files(sqlite3 *db, const rq_study *s, plot_set *p,
               const char *name, const char *occ, const char *open,
               int *shown, double *open_mean, double *range)
{
    for (size_t i = 0; i < band_members_shown(s); i++) {
        double *v = NULL, *o = NULL;
        size_t days = 0, odays = 0;
        shown[i] = 0;
        int rc = rq_daily(db, &s->m[i], s->reps, occ, &v, &days);
        if (rc > 0 && open)
            rc = rq_daily(db, &s->m[i], s->reps, open, &o, &odays);
        if (rc > 0 && (!open || odays == days)) {
            char file[64];
            snprintf(file, sizeof file, "%s-%zu.dat", name, i);
            FILE *f = plot_data(p, file);
            if (!f || write_band(f, s, &s->m[i], v, days, o) != 0)
                rc = -1;
            if (f && fclose(f) != 0)
                rc = -1;
            shown[i] = rc > 0;
            if (o)
                open_mean[i] = mean_of(o, (size_t)s->reps * days);
            if (range) {
                range_of(s, &s->m[i], v, days, range);
                range_of(s, &s->m[i], o, days, range);
            }
        }
        free(v);
        free(o);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* "plot " before the first element of a plot command, ", \" and a new
 * line before the others. */
void band_next_element(plot_set *p, int *first)
{
    if (*first)
        plot_cmd(p, "plot ");
    else
        plot_cmd(p, ", \\\n  ");
    *first = 0;
}

/* Data file NAME-i.dat, quoted, for a plot command. */
void band_data_file(plot_set *p, const char *name, size_t i)
{
    char file[64];
    snprintf(file, sizeof file, "%s-%zu.dat", name, i);
    plot_str(p, file);
}

/* The plot commands of the bands and mean lines of band_files. */
void band_plot(plot_set *p, const rq_study *s, const char *name,
               const int *shown, const char *what)
{
    int first = 1;
    size_t bands = 0;
    for (size_t i = 0; i < band_members_shown(s); i++) {
        if (!shown[i] || bands++ >= MAX_BANDS)
            continue;
        int was_first = first;
        band_next_element(p, &first);
        band_data_file(p, name, i);
        plot_num(p, " u 1:3:4 w filledcurves fs transparent solid 0.16 "
                    "noborder lt %zu ", i + 1);
        if (was_first)
            plot_cmd(p, "title '5-95% of replications'");
        else
            plot_cmd(p, "notitle");
    }
    for (size_t i = 0; i < band_members_shown(s); i++) {
        if (!shown[i])
            continue;
        band_next_element(p, &first);
        band_data_file(p, name, i);
        plot_num(p, " u 1:2 w lines lt %zu lw 2 title ", i + 1);
        char t[400], b[64];
        snprintf(t, sizeof t, "%s%s", band_tag(s, i, b, sizeof b), what);
        plot_str(p, t);
    }
}

/* 1 when some of the n members has the data. */
int band_any(const int *shown, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (shown[i])
            return 1;
    return 0;
}
