/* charts.c -- the daily plots of a study (charts.h): acute occupancy
 * against the escalation threshold, weekly 4-hour performance, delayed
 * discharges by pathway and each unit's occupancy.  Each series is drawn
 * as a band across replications by bands.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "axis.h"
#include "charts_int.h"

#define MAX_UNITS 16
#define STANDARD_4H 95.0
#define INTERIM_4H 78.0

chart *chart_add(chart_list *l, const char *prefix, size_t index, int small)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        chart *grown = realloc(l->c, cap * sizeof *grown);
        if (!grown)
            return NULL;
        l->c = grown;
        l->cap = cap;
    }
    chart *c = &l->c[l->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s-%zu", prefix, index);
    c->small = small;
    return c;
}

void chart_list_free(chart_list *l)
{
    free(l->c);
    memset(l, 0, sizeof *l);
}

static int oom(char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory, or a temporary file not written");
    return -1;
}

/* With more members than bands fit in one plot: acute occupancy as
 * small multiples, a plot a member with its band, its open beds and
 * the same y range, instead of lines over lines. */
static int occupancy_multiples(const rq_study *s, plot_set *p,
                               chart_list *l, const int *shown,
                               const double *range)
{
    for (size_t i = 0; i < band_members_shown(s); i++) {
        if (!shown[i])
            continue;
        int one[MAX_MEMBERS] = {0};
        one[i] = 1;
        chart *c = chart_add(l, "occupancy", i, 1);
        if (!c)
            return -1;
        plot_start(p, c->name, 440, 340);
        char t[400];
        snprintf(t, sizeof t, "%.60s: acute beds occupied", s->m[i].label);
        plot_cmd(p, "set title ");
        plot_str(p, t);
        plot_cmd(p, " font ',13'\nset ylabel 'Occupied beds'\n"
                    "set key below horizontal maxrows 2 height 1 "
                    "font ',10'\n");
        axis_setup(p, s, 0, 1);
        if (range[0] <= range[1])   /* finite: some value was shown */
            plot_num(p, "set yrange [%.10g:%.10g]\n",
                     floor(range[0] * 0.98), ceil(range[1] * 1.02));
        band_plot(p, s, "occ", one, "mean");
        plot_cmd(p, ", \\\n  ");
        band_data_file(p, "occ", i);
        plot_cmd(p, " u 1:5 w lines dt 2 lw 1.5 lc rgb '#444444' title "
                    "'open beds'\n");
        snprintf(c->caption, sizeof c->caption,
                 "%.200s: occupied acute beds each day, the mean across "
                 "replications and the middle 90%% of replications "
                 "(shaded); dashed, the mean number of open beds. One plot "
                 "a scenario (small multiples), on the same scale.%s",
                 s->m[i].label, axis_caption(s));
    }
    return 0;
}

/* Acute occupancy with the escalation threshold (health roles). */
static int acute_occupancy(sqlite3 *db, const rq_study *s, plot_set *p,
                           chart_list *l, int *done, char *err, size_t errlen)
{
    int shown[MAX_MEMBERS];
    double open[MAX_MEMBERS];
    *done = 0;
    double range[2] = {INFINITY, -INFINITY};
    if (band_files(db, s, p, "occ", series_info_of(SER_ACUTE_OCCUPANCY)->name,
                   series_info_of(SER_ACUTE_OPEN_BEDS)->name, shown, open,
                   range) != 0)
        return oom(err, errlen);
    if (!band_any(shown, band_members_shown(s)))
        return 0;
    *done = 1;
    if (band_members_shown(s) > MAX_BANDS)
        return occupancy_multiples(s, p, l, shown, range) ? oom(err, errlen)
                                                          : 0;
    chart *c = chart_add(l, "occupancy", 0, 0);
    if (!c)
        return oom(err, errlen);
    plot_start(p, c->name, 1100, 420 + 24 * (int)band_members_shown(s));
    plot_cmd(p, "set title 'Acute bed occupancy by day (beds)' font ',15'\n"
                "set ylabel 'Occupied beds'\n"
                "set key below horizontal maxrows 3 height 1\n");
    axis_setup(p, s, 0, 0);
    band_plot(p, s, "occ", shown, "mean occupied beds");
    /* The threshold once, unless members open different numbers of beds
     * (then each in its member's colour). */
    int multi = 0;
    for (size_t i = 1; i < band_members_shown(s); i++)
        multi |= shown[i] && shown[0] && fabs(open[i] - open[0]) >= 0.5;
    for (size_t i = 0; i < band_members_shown(s); i++) {
        if (!shown[i] || (i > 0 && shown[0] && fabs(open[i] - open[0]) < 0.5))
            continue;
        char t[400], b[64];
        plot_cmd(p, ", \\\n  ");
        band_data_file(p, "occ", i);
        plot_cmd(p, " u 1:5 w lines dt 2 lw 1.5 ");
        if (multi)
            plot_num(p, "lt %zu", i + 1);
        else
            plot_cmd(p, "lc rgb '#444444'");
        plot_cmd(p, " title ");
        snprintf(t, sizeof t, "%sopen beds (mean)",
                 multi ? band_tag(s, i, b, sizeof b) : "");
        plot_str(p, t);
        plot_cmd(p, ", \\\n  ");
        band_data_file(p, "occ", i);
        plot_cmd(p, " u 1:($5*0.92) w lines dt 4 lw 1.5 ");
        if (multi)
            plot_num(p, "lt %zu", i + 1);
        else
            plot_cmd(p, "lc rgb '#c0392b'");
        plot_cmd(p, " title ");
        snprintf(t, sizeof t, "%s92%% of open beds",
                 multi ? band_tag(s, i, b, sizeof b) : "");
        plot_str(p, t);
    }
    plot_cmd(p, "\n");
    snprintf(c->caption, sizeof c->caption,
             "Occupied acute beds each day: the mean across replications "
             "(line) and the range of the middle 90%% of replications "
             "(shaded). Dashed: the mean number of open beds (escalation "
             "included); dotted red: 92%% of it, the usual safe-occupancy "
             "threshold.%s", axis_caption(s));
    band_tag_note(s, c->caption, sizeof c->caption);
    return 0;
}

/* Each unit's occupancy, a small plot a unit (the first MAX_UNITS). */
static int unit_occupancy(sqlite3 *db, const rq_study *s, plot_set *p,
                          chart_list *l, char *err, size_t errlen)
{
    char **names;
    size_t n;
    if (rq_series_names(db, &s->m[0], &names, &n) != 0)
        return oom(err, errlen);
    int rc = 0;
    size_t units = 0;
    /* "UNIT." and the registry's name of a unit's occupancy series */
    const char *tail = series_info_of(SER_U_OCCUPANCY)->name;
    size_t tl = strlen(tail) + 1;
    for (size_t k = 0; k < n && units < MAX_UNITS && rc == 0; k++) {
        size_t len = strlen(names[k]);
        if (len <= tl || names[k][len - tl] != '.' ||
            strcmp(names[k] + len - tl + 1, tail))
            continue;
        int shown[MAX_MEMBERS];
        double open[MAX_MEMBERS];
        char data[32];
        snprintf(data, sizeof data, "unit%zu", units);
        if (band_files(db, s, p, data, names[k], NULL, shown, open,
                       NULL) != 0) {
            rc = oom(err, errlen);
            break;
        }
        if (!band_any(shown, band_members_shown(s)))
            continue;
        chart *c = chart_add(l, "unit", units++, 1);
        if (!c) {
            rc = oom(err, errlen);
            break;
        }
        plot_start(p, c->name, 440, 330);
        char unit[256], t[400];
        snprintf(unit, sizeof unit, "%.*s", (int)(len - tl), names[k]);
        snprintf(t, sizeof t, "%s: occupancy by day (patients)", unit);
        plot_cmd(p, "set title ");
        plot_str(p, t);
        plot_cmd(p, " font ',14'\n"
                    "set ylabel 'Patients in the unit'\n"
                    "set key below horizontal maxrows 3 height 1 "
                    "font ',11'\n");
        axis_setup(p, s, 0, 1);
        band_plot(p, s, data, shown, "mean");
        plot_cmd(p, "\n");
        snprintf(c->caption, sizeof c->caption,
                 "Patients in %s each day (daily mean): the mean across "
                 "replications and the middle 90%% of replications "
                 "(shaded).%s", unit, axis_caption(s));
        band_tag_note(s, c->caption, sizeof c->caption);
    }
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
    return rc;
}

/* Weekly 4-hour performance of one member into a data file: per week,
 * mean, p5, p95 across replications.  *lowest gets the lowest p5. */
static int weekly_file(sqlite3 *db, const rq_study *s, size_t i, plot_set *p,
                       int *shown, double *lowest)
{
    double *att = NULL, *perf = NULL;
    size_t da = 0, dp = 0;
    int rc = rq_daily(db, &s->m[i], s->reps,
                      series_info_of(SER_ED_ATTENDANCES)->name, &att, &da);
    if (rc > 0)
        rc = rq_daily(db, &s->m[i], s->reps,
                      series_info_of(SER_ED_FOUR_HOUR)->name, &perf, &dp);
    *shown = 0;
    size_t weeks = rc > 0 && da == dp ? da / 7 : 0;
    double *w = weeks ? malloc((size_t)s->reps * weeks * sizeof *w) : NULL;
    double *scratch = malloc(((size_t)s->reps + 1) * sizeof *scratch);
    if (weeks && w && scratch) {
        /* Attendances stand in for departures, which the store does not
         * keep by day: the caption says so. */
        for (long r = 0; r < s->reps; r++)
            for (size_t k = 0; k < weeks; k++) {
                double num = 0, den = 0;
                for (size_t d = 7 * k; d < 7 * k + 7; d++) {
                    double a = att[(size_t)r * da + d];
                    double q = perf[(size_t)r * da + d];
                    if (isfinite(a) && isfinite(q) && a > 0) {
                        num += a * q;
                        den += a;
                    }
                }
                w[(size_t)r * weeks + k] = den > 0 ? num / den : NAN;
            }
        char file[32];
        snprintf(file, sizeof file, "week-%zu.dat", i);
        FILE *f = plot_data(p, file);
        const rq_member *m = &s->m[i];
        long d0;
        int dates = axis_epoch_day(m->start_date, &d0) == 0;
        for (size_t k = 0; f && k < weeks; k++) {
            if (!axis_shown(s, m, 7.0 * (double)k))
                continue;
            kpi_summary sm;
            summarise_values(w + k, (size_t)s->reps, weeks, scratch, &sm);
            fprintf(f, "%.10g %.6g %.6g %.6g\n",
                    dates ? axis_x(m, 7.0 * (double)k) : (double)(k + 1),
                    sm.mean, sm.p5, sm.p95);
            if (isfinite(sm.p5) && sm.p5 < *lowest)
                *lowest = sm.p5;
        }
        if (!f || ferror(f) || fclose(f) != 0)
            rc = -1;
        *shown = rc > 0;
    } else if (weeks) {
        rc = -1;
    }
    free(att);
    free(perf);
    free(w);
    free(scratch);
    return rc < 0 ? -1 : 0;
}

static int four_hour(sqlite3 *db, const rq_study *s, plot_set *p,
                     chart_list *l, char *err, size_t errlen)
{
    int shown[MAX_MEMBERS];
    double lowest = INTERIM_4H;
    for (size_t i = 0; i < band_members_shown(s); i++)
        if (weekly_file(db, s, i, p, &shown[i], &lowest) != 0)
            return oom(err, errlen);
    if (!band_any(shown, band_members_shown(s)))
        return 0;
    chart *c = chart_add(l, "fourhour", 0, 0);
    if (!c)
        return oom(err, errlen);
    plot_start(p, c->name, 1100, 400 + 24 * (int)band_members_shown(s));
    plot_num(p, "set title 'ED 4-hour performance by week (percent of "
                "attendances)' font ',15'\n"
                "set ylabel 'Within 4 hours (%%)'\n"
                "set yrange [%g:100]\n"
                "set key below horizontal maxrows 3 height 1\n",
             5 * floor((lowest - 3) / 5));
    axis_setup(p, s, 1, 0);
    band_plot(p, s, "week", shown, "weekly mean");
    plot_num(p, ", \\\n  %g w lines dt 2 lw 1.5 lc rgb '#2d8a4e' title "
                "'95%% standard', \\\n  %g w lines dt 4 lw 1.5 "
                "lc rgb '#b8860b' title '78%% interim target'\n",
             STANDARD_4H, INTERIM_4H);
    snprintf(c->caption, sizeof c->caption,
             "Share of patients leaving the emergency department within 4 "
             "hours, by week: the mean across replications and the middle "
             "90%% of replications (shaded), against the 95%% constitutional "
             "standard and the 78%% interim target. Approximation: the store "
             "keeps each day's performance as a percent of that day's "
             "departures and the day's attendances, so each week weights "
             "its days by attendances, not departures.%s", axis_caption(s));
    band_tag_note(s, c->caption, sizeof c->caption);
    return 0;
}

/* Member i's delayed discharges by pathway (v[k]: reps x days) into
 * nctr-i.dat: per day shown, x and the cumulative means, each pathway
 * stacked on those before.  Returns 0, or -1. */
static int nctr_file(const rq_study *s, size_t i, double *const v[4],
                     size_t days, plot_set *p)
{
    char file[32];
    snprintf(file, sizeof file, "nctr-%zu.dat", i);
    FILE *f = plot_data(p, file);
    for (size_t d = 0; f && d < days; d++) {
        double cum = 0;
        if (!axis_shown(s, &s->m[i], (double)d))
            continue;
        fprintf(f, "%.10g", axis_x(&s->m[i], (double)d));
        for (int k = 0; k < 4; k++) {
            double sum = 0;
            long m = 0;
            for (long r = 0; r < s->reps; r++) {
                double x = v[k][(size_t)r * days + d];
                if (isfinite(x)) {
                    sum += x;
                    m++;
                }
            }
            cum += m ? sum / (double)m : 0;
            fprintf(f, " %.6g", cum);
        }
        fputc('\n', f);
    }
    if (!f)
        return -1;
    int bad = ferror(f) != 0;
    return fclose(f) != 0 || bad ? -1 : 0;
}

/* Delayed discharges by the pathway awaited: one stacked plot a member. */
static int nctr(sqlite3 *db, const rq_study *s, plot_set *p, chart_list *l,
                char *err, size_t errlen)
{
    static const char *const PATH[] = {"P0 home", "P1 reablement",
                                       "P2 bedded intermediate care",
                                       "P3 care home"};
    for (size_t i = 0; i < band_members_shown(s) && i < 4; i++) {
        double *v[4] = {0};
        size_t days[4] = {0};
        int rc = 1;
        for (int k = 0; k < 4 && rc > 0; k++) {
            char name[32];
            snprintf(name, sizeof name, "acute.nctr.p%d", k);
            rc = rq_daily(db, &s->m[i], s->reps, name, &v[k], &days[k]);
            if (rc > 0 && days[k] != days[0])
                rc = 0;
        }
        if (rc > 0 && nctr_file(s, i, v, days[0], p) != 0)
            rc = -1;
        for (int k = 0; k < 4; k++)
            free(v[k]);
        if (rc < 0)
            return oom(err, errlen);
        if (rc == 0)
            continue;
        chart *c = chart_add(l, "nctr", i, 0);
        if (!c)
            return oom(err, errlen);
        plot_start(p, c->name, 1100, 400);
        char t[400];
        snprintf(t, sizeof t, "Delayed discharges (no criteria to reside) "
                              "by pathway awaited (patients)%s%s",
                 s->n > 1 ? ": " : "", s->n > 1 ? s->m[i].label : "");
        plot_cmd(p, "set title ");
        plot_str(p, t);
        plot_cmd(p, " font ',15'\n"
                    "set ylabel 'Patients (daily mean)'\n"
                    "set key outside right top vertical\n"
                    "set style fill solid 0.7 noborder\n");
        axis_setup(p, s, 0, 0);
        int first = 1;
        for (int k = 3; k >= 0; k--) {
            band_next_element(p, &first);
            band_data_file(p, "nctr", i);
            if (k == 0)
                plot_cmd(p, " u 1:(0):2");
            else
                plot_num(p, " u 1:%d:%d", k + 1, k + 2);
            plot_num(p, " w filledcurves lt %d title ", k + 1);
            plot_str(p, PATH[k]);
        }
        plot_cmd(p, "\n");
        snprintf(c->caption, sizeof c->caption,
                 "Acute patients who no longer need an acute bed but wait "
                 "for their discharge pathway, by the pathway awaited "
                 "(stacked; daily means, averaged across replications)%s%s.%s",
                 s->n > 1 ? ": " : "", s->n > 1 ? s->m[i].label : "",
                 axis_caption(s));
    }
    return 0;
}

int charts_daily(sqlite3 *db, const rq_study *s, plot_set *p, chart_list *l,
                 char *err, size_t errlen)
{
    int health = 0;
    if (acute_occupancy(db, s, p, l, &health, err, errlen) != 0 ||
        four_hour(db, s, p, l, err, errlen) != 0 ||
        nctr(db, s, p, l, err, errlen) != 0)
        return -1;
    /* then each unit's own, with health roles too: the wards, the ED,
     * P1-P3, the virtual ward */
    return unit_occupancy(db, s, p, l, err, errlen);
}
