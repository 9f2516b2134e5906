/* occdist.c -- the distribution of a unit's occupancy, P(N = n), as bars
 * (charts.h).  A scenario asks for it with `distribution:`; the store
 * keeps it as the KPIs "UNIT.occupancy.at.N" (N = 0 up to a top level)
 * and "UNIT.occupancy.above.TOP", one value a replication like any KPI. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "charts.h"

#define DIST_UNITS_MAX 8      /* plots at most: the first units */
#define DIST_MEMBERS_MAX 4    /* bars side by side at each level */
#define DIST_AT ".occupancy.at."
#define DIST_ABOVE ".occupancy.above."

/* One unit's run of "UNIT.occupancy.at.N" KPIs in member 0's list. */
typedef struct dist_unit {
    char name[256];
    size_t first, n;     /* KPI index of N = 0, and the levels */
    long above;          /* KPI index of occupancy.above.TOP, or -1 */
} dist_unit;

static int oom(char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory, or a temporary file not written");
    return -1;
}

/* The level N of KPI name "UNIT.occupancy.at.N" and the length of UNIT,
 * or -1 when name is not such a KPI. */
static long dist_level(const char *name, size_t *unit_len)
{
    const char *at = strstr(name, DIST_AT);
    if (!at || at == name)
        return -1;
    char *end;
    long n = strtol(at + strlen(DIST_AT), &end, 10);
    if (*end || end == at + strlen(DIST_AT) || n < 0)
        return -1;
    *unit_len = (size_t)(at - name);
    return n;
}

/* Finds the units whose P(N = n) member 0 has: levels 0, 1, ... in a row
 * (as the engine writes them).  Returns how many, at most max. */
static size_t dist_units(const rq_member *m, dist_unit *u, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < m->nkpi && n < max; k++) {
        size_t len = 0;
        if (dist_level(m->kpis[k].name, &len) != 0)
            continue;
        dist_unit *d = &u[n];
        snprintf(d->name, sizeof d->name, "%.*s", (int)len, m->kpis[k].name);
        d->first = k;
        d->n = 0;
        size_t l2 = 0;
        while (k + d->n < m->nkpi &&
               dist_level(m->kpis[k + d->n].name, &l2) == (long)d->n &&
               l2 == len && !strncmp(m->kpis[k + d->n].name, d->name, len))
            d->n++;
        char above[320];
        snprintf(above, sizeof above, "%s%s%zu", d->name, DIST_ABOVE,
                 d->n - 1);
        d->above = rq_kpi(m, above);
        k += d->n - 1;
        n++;
    }
    return n;
}

/* Data file of unit d: a row a level, "N mean lo hi" for each member
 * shown (the member's KPI of the same name; NaN where it has none). */
static int dist_file(const rq_study *s, const dist_unit *d, size_t shown,
                     plot_set *p, const char *file)
{
    FILE *f = plot_data(p, file);
    if (!f)
        return -1;
    const rq_member *m0 = &s->m[0];
    for (size_t n = 0; n < d->n; n++) {
        const char *name = m0->kpis[d->first + n].name;
        fprintf(f, "%zu", n);
        charts_kpi_cells(f, s, shown, name);
    }
    return (ferror(f) | (fclose(f) != 0)) ? -1 : 0;
}

/* The gnuplot code of unit d's plot: a bar a member at each level, side
 * by side, with the 95% CI of the mean when there are replications to
 * give one. */
static void dist_plot(const rq_study *s, const dist_unit *d, size_t shown,
                      plot_set *p, const char *file)
{
    char t[400];
    snprintf(t, sizeof t, "%.200s: time at each occupancy, P(N = n)", d->name);
    plot_cmd(p, "set title ");
    plot_str(p, t);
    double w = 0.8 / (double)shown;
    plot_num(p, " font ',14'\nset style fill solid 0.8 noborder\n"
                "set boxwidth %g\nset xrange [-0.6:%g]\nset yrange [0:*]\n"
                "set xlabel 'Places occupied (n)'\n"
                "set ylabel 'Share of the measured time'\n",
             w, (double)d->n - 0.4);
    if (shown > 1)
        plot_cmd(p, "set key top left font ',11'\n");
    else
        plot_cmd(p, "unset key\n");
    for (size_t i = 0; i < shown; i++) {
        double x = ((double)i - (double)(shown - 1) / 2) * w;
        if (i)
            plot_cmd(p, ", \\\n  ");
        else
            plot_cmd(p, "plot ");
        plot_str(p, file);
        plot_num(p, " u ($1+%g):%zu w boxes lc %zu", x, 2 + 3 * i, i + 1);
        if (shown > 1) {
            plot_cmd(p, " title ");
            plot_str_max(p, s->m[i].label, 40);
        } else {
            plot_cmd(p, " notitle");
        }
        if (s->reps > 1) {
            plot_cmd(p, ", \\\n  ");
            plot_str(p, file);
            /* vectors, not yerrorbars: those draw a blank disc at each
             * mean, which hides small bars */
            plot_num(p, " u ($1+%g):%zu:(0):($%zu-$%zu) w vectors nohead "
                        "lc rgb '#222222' lw 1 notitle",
                     x, 3 + 3 * i, 4 + 3 * i, 3 + 3 * i);
        }
    }
    plot_cmd(p, "\n");
}

/* The caption: what the bars are, and the share above the top level
 * when the study has it and it is not 0. */
static void dist_caption(const rq_study *s, const dist_unit *d,
                         size_t shown, chart *c)
{
    int len = snprintf(c->caption, sizeof c->caption,
                       "The share of the measured time %.200s had exactly n "
                       "places occupied (time-weighted, from the run's own "
                       "record of every change), n = 0 to %zu: the mean "
                       "over replications%s.", d->name, d->n - 1,
                       s->reps > 1 ? " with its 95% confidence interval"
                                   : "");
    kpi_summary sm = {.mean = 0};
    if (d->above >= 0)
        rq_summary(&s->m[0], s->reps, (size_t)d->above, &sm);
    if (len > 0 && (size_t)len < sizeof c->caption && sm.mean > 0)
        len += snprintf(c->caption + len, sizeof c->caption - (size_t)len,
                        " More than %zu places: %.3g%% of the time.",
                        d->n - 1, 100 * sm.mean);
    if (len > 0 && (size_t)len < sizeof c->caption && s->n > shown)
        snprintf(c->caption + len, sizeof c->caption - (size_t)len,
                 " The first %zu of the study's %zu scenarios.", shown, s->n);
}

int charts_occupancy_dist(const rq_study *s, plot_set *p, chart_list *l,
                          char *err, size_t errlen)
{
    if (s->n == 0)
        return 0;
    dist_unit u[DIST_UNITS_MAX];
    size_t n = dist_units(&s->m[0], u, DIST_UNITS_MAX);
    size_t shown = s->n < DIST_MEMBERS_MAX ? s->n : DIST_MEMBERS_MAX;
    for (size_t j = 0; j < n; j++) {
        char file[32];
        snprintf(file, sizeof file, "dist-%zu.dat", j);
        if (dist_file(s, &u[j], shown, p, file) != 0)
            return oom(err, errlen);
        chart *c = chart_add(l, "dist", j, 1);
        if (!c)
            return oom(err, errlen);
        plot_start(p, c->name, 440, 330);
        dist_plot(s, &u[j], shown, p, file);
        dist_caption(s, &u[j], shown, c);
    }
    return 0;
}
