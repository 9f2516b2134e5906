/* monthspec.c -- KPIs reported month by month: the calendar months of the
 * measured period (from start_date), and the `monthly:` list of KPIs to
 * report by month (targets with monthly values add theirs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "kpis.h"
#include "value.h"

/* Whole days of the measured period; a partial day at either end is left
 * out (a month's days are counted at midnights). */
int monthspec_months(build_ctx *c)
{
    scenario *sc = c->sc;
    if (!c->day0.at)
        return 0; /* no calendar: no months */
    long first = (long)((sc->warmup + 1439.0) / 1440.0);
    long last = (long)(sc->horizon / 1440.0); /* days [first, last) */
    size_t n = 0, cap = 0;
    for (long d = first; d < last;) {
        int y, m;
        datetime_month_start(c->day0.day + d, &y, &m);
        long next = datetime_next_month(y, m) - c->day0.day;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            month_spec *a = realloc(sc->months, nc * sizeof *a);
            if (!a)
                return diag_at(c->d, c->day0.at, "start_date",
                               "out of memory");
            sc->months = a;
            cap = nc;
        }
        month_spec *ms = &sc->months[n++];
        snprintf(ms->name, sizeof ms->name, "%04d-%02d",
                 (y % 10000 + 10000) % 10000, (m % 100 + 100) % 100);
        ms->from = (double)d * 1440.0;
        ms->to = (double)(next < last ? next : last) * 1440.0;
        d = next;
    }
    sc->n_months = n;
    return 0;
}

int monthspec_want(build_ctx *c, const ytree *n, const char *path,
                   const char *name)
{
    scenario *sc = c->sc;
    const kpi_info *k = kpi_info_named(name);
    if (!k || k->by_month == KPI_BY_MONTH_NONE) {
        /* the registry's KPIs that can be, for a suggestion */
        const char *known[KPI_N + 1];
        size_t nk = 0;
        for (int i = 0; i < KPI_N; i++)
            if (kpi_info_of((kpi_id)i)->by_month != KPI_BY_MONTH_NONE)
                known[nk++] = kpi_info_of((kpi_id)i)->name;
        known[nk] = NULL;
        const char *near = diag_nearest(name, known);
        return diag_at(c->d, n, path, "'%s' is not a KPI that can be "
                       "reported by month%s%s%s", name,
                       near ? "; did you mean '" : "", near ? near : "",
                       near ? "'?" : "");
    }
    if (!c->day0.at)
        return diag_at(c->d, n, path, "months need a calendar: add "
                       "start_date");
    for (size_t i = 0; i < sc->n_monthly; i++)
        if (sc->monthly[i] == (int)k->id)
            return 0;
    int *a = realloc(sc->monthly, (sc->n_monthly + 1) * sizeof *a);
    if (!a)
        return diag_at(c->d, n, path, "out of memory");
    sc->monthly = a;
    a[sc->n_monthly++] = (int)k->id;
    return 0;
}

int monthspec_parse(build_ctx *c, const ytree *root)
{
    const ytree *n = ytree_get(root, "monthly");
    if (!n)
        return 0;
    if (value_seq(c->d, n, "monthly", "a list of KPIs like "
                  "[ed.four_hour.performance, acute.nctr.mean]"))
        return -1;
    for (size_t i = 0; i < n->n; i++) {
        char path[DIAG_PATH_MAX], idx[24];
        const char *name;
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(path, sizeof path, "monthly", idx);
        if (value_text(c->d, n->items[i], path, &name) ||
            monthspec_want(c, n->items[i], path, name))
            return -1;
    }
    return 0;
}
