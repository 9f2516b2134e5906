/* axis.c -- dates on the plots' time axis, the warm-up left out
 * (axis.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "axis.h"

int axis_epoch_day(const char *s, long *days)
{
    /* YYYY-MM-DD exactly (the loader has checked it; a store is
     * untrusted, so again) */
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    long y = strtol(s, NULL, 10), m = strtol(s + 5, NULL, 10),
         d = strtol(s + 8, NULL, 10);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    /* days from civil (H. Hinnant's algorithm, proleptic Gregorian) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return 0;
}

void axis_date(char *buf, size_t len, const char *start, long day)
{
    long z;
    if (len == 0)
        return;
    buf[0] = '\0';
    if (axis_epoch_day(start, &z) != 0 || day < 0 || day > 3660000)
        return;
    /* civil from days (H. Hinnant's algorithm) */
    z += day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(buf, len, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

double axis_x(const rq_member *m, double day)
{
    long d0;
    if (axis_epoch_day(m->start_date, &d0) != 0)
        return day;
    return ((double)d0 + day) * 86400.0;
}

int axis_shown(const rq_study *s, const rq_member *m, double day)
{
    return s->show_warmup || !(day < m->warmup_days);
}

void axis_setup(plot_set *p, const rq_study *s, int weekly, int small)
{
    const rq_member *m = &s->m[0];
    long d0;
    int dates = axis_epoch_day(m->start_date, &d0) == 0;
    if (dates && small)
        plot_cmd(p, "set xdata time\nset timefmt '%s'\n"
                    "set format x '%d %b %y'\nset xlabel 'Date'\n"
                    "set xtics rotate by -35 font ',9'\n");
    else if (dates)
        plot_cmd(p, "set xdata time\nset timefmt '%s'\n"
                    "set format x '%d %b %Y'\nset xlabel 'Date'\n");
    else if (weekly)
        plot_cmd(p, "set xlabel 'Week of the run'\n");
    else
        plot_cmd(p, "set xlabel 'Day of the run'\n");
    double at = m->warmup_days;
    if (!s->show_warmup || !(at > 0) || !isfinite(at))
        return;
    /* the end of the warm-up as a dotted line */
    double x = dates ? axis_x(m, at) : weekly ? at / 7 + 1 : at;
    plot_num(p, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead "
                "dt 3 lc rgb '#777777' lw 1\n"
                "set label 'end of warm-up' at %.10g, graph 0.97 offset "
                "0.4,0 textcolor rgb '#666666' font ',11'\n",
             x, x, x);
}

const char *axis_caption(const rq_study *s)
{
    long d0;
    int dates = axis_epoch_day(s->m[0].start_date, &d0) == 0;
    if (s->show_warmup)
        return dates ? " Dates from the scenario's start date; the warm-up "
                       "(a ramp from an empty system) is drawn, its end "
                       "dotted."
                     : " Days from the start of the run; the warm-up (a "
                       "ramp from an empty system) is drawn, its end "
                       "dotted.";
    return dates ? " Dates from the scenario's start date; the warm-up is "
                   "left out (--show-warmup draws it)."
                 : " Days from the start of the run; the warm-up is left "
                   "out (--show-warmup draws it).";
}
