/* test_arrivals.c -- non-homogeneous Poisson arrivals.
 *
 * Arrivals are counted from the trace ("arrive" at the entry unit, which
 * nothing else feeds), by hour of day, day of week and date window.
 * Counts are Poisson, so each is checked by its own z-score, |z| <= 4
 * (two-sided 6e-5 per count), and a whole profile by a chi-square test at
 * level 1e-3.  A profile shifted by one hour, or a factor applied twice,
 * moves these statistics by tens of standard deviations.  Closed hours and
 * days (rate 0) see no arrivals, and period edges inside an hour count.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "qt.h"

typedef struct counts {
    double hour[24], dow[7], day[400];
    double total;
    double win_from, win_to, win;   /* arrivals in [win_from, win_to) */
} counts;

static void cb(void *ud, double t, uint64_t id, const char *unit,
               const char *ev)
{
    counts *c = ud;
    (void)id;
    (void)unit;
    if (strcmp(ev, "arrive") != 0)
        return;
    long m = (long)floor(t);
    c->hour[(m / 60) % 24] += 1;
    c->dow[(m / 1440) % 7] += 1;
    if (m / 1440 < 400)
        c->day[m / 1440] += 1;
    c->total += 1;
    if (t >= c->win_from && t < c->win_to)
        c->win += 1;
}

static scenario *entry(const char *name, double days, double per_day,
                       arrival_spec **a)
{
    scenario *sc = mk_scenario(name, days, 0, qt_seed(601));
    unit_spec *u = mk_unit(sc, "e", SCENARIO_UNLIMITED, 1, FULL_QUEUE);
    u->stay = (dist){.kind = DIST_FIXED, .a = 1}; /* one minute */
    *a = mk_arrival(sc, "in", per_day, "e");
    return sc;
}

static void run_window(scenario *sc, counts *c, double from, double to)
{
    kpi_list k;
    memset(c, 0, sizeof *c);
    c->win_from = from;
    c->win_to = to;
    double *v = qt_run_traced(sc, 1, &k, cb, c);
    qt_ok(mk_kpi(&k, v, "e.arrivals") == c->total,
          "%s: e.arrivals KPI %g = arrivals traced %g", sc->name,
          mk_kpi(&k, v, "e.arrivals"), c->total);
    free(v);
    kpi_list_free(&k);
}

static void run(scenario *sc, counts *c)
{
    run_window(sc, c, 0, 0);
}

/* Chi-square of observed counts against expected ones, and the largest
 * |z| of a single count. */
static void profile(const char *what, const double *obs, const double *exp_,
                    int n)
{
    double chi = 0, zmax = 0;
    int at = 0;
    for (int i = 0; i < n; i++) {
        double z = (obs[i] - exp_[i]) / sqrt(exp_[i]);
        chi += z * z;
        if (fabs(z) > zmax) {
            zmax = fabs(z);
            at = i;
        }
    }
    /* Independent Poisson cells with known means: sum z^2 ~ chi2(n). */
    double crit = gsl_cdf_chisq_Qinv(1e-3, n);
    qt_ok(chi <= crit, "%s: chi-square %.1f <= %.1f (%d cells, level 1e-3)",
          what, chi, crit, n);
    qt_ok(zmax <= 4, "%s: largest |z| %.2f <= 4 (cell %d: %g vs %.1f)",
          what, zmax, at, obs[at], exp_[at]);
}

static void z_check(const char *what, double obs, double expect)
{
    double z = (obs - expect) / sqrt(expect);
    qt_ok(fabs(z) <= 4, "%s: %g vs %.1f expected (z %.2f, |z| <= 4)", what,
          obs, expect, z);
}

static void hourly(void)
{
    const double days = 200, per_day = 240;
    arrival_spec *a;
    scenario *sc = entry("hourly", days, per_day, &a);
    double h[24], mean = 0, e[24];
    for (int i = 0; i < 24; i++) {
        h[i] = 1 + 0.9 * sin(2 * 3.14159265358979 * (i - 8) / 24.0) + (i == 13) * 0.5;
        mean += h[i] / 24;
    }
    for (int i = 0; i < 24; i++)
        a->hourly[i] = h[i] / mean; /* mean 1, as the loader normalises */
    counts c;
    run(sc, &c);
    z_check("hourly profile: total arrivals = rate x horizon", c.total,
            per_day * days);
    for (int i = 0; i < 24; i++)
        e[i] = per_day * days / 24 * a->hourly[i];
    profile("hourly profile: arrivals by hour of day", c.hour, e, 24);
    scenario_free(sc);
}

static void weekly(void)
{
    const double days = 210, per_day = 100; /* 30 weeks */
    const double w[7] = {1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7};
    arrival_spec *a;
    scenario *sc = entry("weekly", days, per_day, &a);
    double e[7];
    for (int i = 0; i < 7; i++) {
        a->weekly[i] = w[i];
        e[i] = per_day * days / 7 * w[i];
    }
    counts c;
    run(sc, &c);
    profile("weekly profile (day 0 a Monday): arrivals by day of week",
            c.dow, e, 7);
    scenario_free(sc);
}

/* Dated periods: x3 on days [20, 30), x0.5 on [50, 60), x2 on [80, 90)
 * and x1.5 on [85, 95) -- overlapping, so x3 on [85, 90).  The stream
 * runs on days [5, 115) only (start/stop). */
static void periods(void)
{
    const double days = 120, per_day = 240;
    arrival_spec *a;
    scenario *sc = entry("periods", days, per_day, &a);
    static const struct {
        double from, to, f;
    } p[] = {{20, 30, 3}, {50, 60, 0.5}, {80, 90, 2}, {85, 95, 1.5}};
    a->n_periods = 4;
    a->periods = malloc(4 * sizeof *a->periods);
    if (!a->periods)
        abort();
    for (int i = 0; i < 4; i++)
        a->periods[i] = (arrival_period){p[i].from * DAY, p[i].to * DAY,
                                         p[i].f};
    a->start = 5 * DAY;
    a->stop = 115 * DAY;
    counts c;
    run(sc, &c);
    static const struct {
        const char *what;
        double from, to, f;
    } win[] = {{"days 5-20 (x1)", 5, 20, 1},
               {"days 20-30 (x3)", 20, 30, 3},
               {"days 30-50 (x1)", 30, 50, 1},
               {"days 50-60 (x0.5)", 50, 60, 0.5},
               {"days 60-80 (x1)", 60, 80, 1},
               {"days 80-85 (x2)", 80, 85, 2},
               {"days 85-90 (x2 x1.5 overlap)", 85, 90, 3},
               {"days 90-95 (x1.5)", 90, 95, 1.5},
               {"days 95-115 (x1)", 95, 115, 1}};
    char what[160];
    for (size_t i = 0; i < sizeof win / sizeof win[0]; i++) {
        double n = 0;
        for (int d = (int)win[i].from; d < (int)win[i].to; d++)
            n += c.day[d];
        snprintf(what, sizeof what, "dated periods: arrivals on %s",
                 win[i].what);
        z_check(what, n, per_day * (win[i].to - win[i].from) * win[i].f);
    }
    double outside = 0;
    for (int d = 0; d < 5; d++)
        outside += c.day[d];
    for (int d = 115; d < 120; d++)
        outside += c.day[d];
    qt_ok(outside == 0, "start/stop: no arrivals before day 5 or from day "
          "115 (%g)", outside);
    scenario_free(sc);
}

/* Closed hours and days: office hours 09:00-17:00 on weekdays only, and a
 * period of factor 0 (days 30-40) and one of factor 4 whose edges fall
 * inside hours (day 50 10:30 to day 55 03:20).  None arrive when the rate
 * is 0; the open hours and the odd window get their expected counts. */
static void closed_hours(void)
{
    const double days = 140, per_day = 100;
    arrival_spec *a;
    scenario *sc = entry("closed", days, per_day, &a);
    for (int i = 0; i < 24; i++)
        a->hourly[i] = i >= 9 && i < 17 ? 3 : 0; /* mean 1 */
    for (int i = 0; i < 7; i++)
        a->weekly[i] = i < 5 ? 1.4 : 0;          /* mean 1 */
    double w_from = 50 * DAY + 630, w_to = 55 * DAY + 200;
    a->n_periods = 2;
    a->periods = malloc(2 * sizeof *a->periods);
    if (!a->periods)
        abort();
    a->periods[0] = (arrival_period){30 * DAY, 40 * DAY, 0};
    a->periods[1] = (arrival_period){w_from, w_to, 4};
    counts c;
    run_window(sc, &c, w_from, w_to);
    double shut = c.dow[5] + c.dow[6];
    for (int i = 0; i < 24; i++)
        shut += i >= 9 && i < 17 ? 0 : c.hour[i];
    for (int d = 30; d < 40; d++)
        shut += c.day[d];
    qt_ok(shut == 0, "closed hours, weekends and a factor-0 period: no "
          "arrivals (%g)", shut);
    /* expected: 100 x 1.4 x 3 / 24 an open weekday hour, x 4 over the
     * open minutes of the window */
    double per_hour = per_day * 1.4 * 3 / 24, win = 0;
    for (double t = floor(w_from / 60) * 60; t < w_to; t += 60) {
        long m = (long)t, h = (m / 60) % 24, d = (m / 1440) % 7;
        if (h < 9 || h >= 17 || d >= 5)
            continue;
        double lo = fmax(t, w_from), hi = fmin(t + 60, w_to);
        win += per_hour * 4 * (hi - lo) / 60;
    }
    z_check("a x4 period from day 50 10:30 to day 55 03:20", c.win, win);
    double open = 0; /* weekday open hours outside the closed period */
    for (int d = 0; d < (int)days; d++)
        if (d % 7 < 5 && !(d >= 30 && d < 40))
            open += 8 * per_hour;
    open += win - win / 4; /* the window's extra */
    z_check("closed hours: total arrivals", c.total, open);
    scenario_free(sc);
}

int main(void)
{
    hourly();
    weekly();
    periods();
    closed_hours();
    return qt_done();
}
