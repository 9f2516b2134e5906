/* series.c -- daily series of a replication (network.h).
 *
 * At every midnight the day just ended is written from differences of
 * running totals that are never reset (level integrals, counters), so the
 * warm-up reset does not disturb them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"

static const char *HEALTH_SERIES[] = {
    "ed.attendances", "ed.four_hour.performance", "acute.occupancy",
    "acute.open_beds", "acute.nctr", "acute.nctr.p0", "acute.nctr.p1",
    "acute.nctr.p2", "acute.nctr.p3",
    /* finance (issue 5): counts, then escalation bed-days */
    "sdec.attendances", "acute.spells.short", "acute.spells.long",
    "carehome.admissions", "acute.escalation",
};
#define N_HEALTH_LEVELS 7   /* acute.occupancy .. acute.nctr.p3 */
#define N_HEALTH_SERIES (sizeof HEALTH_SERIES / sizeof HEALTH_SERIES[0])

void series_list_free(series_list *l)
{
    for (size_t i = 0; l->names && i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    free(l->src);
    memset(l, 0, sizeof *l);
}

/* A unit named like a role ("acute") would repeat a health series name;
 * the later (health, all units of the role) one is kept. */
static void drop_duplicates(series_list *l)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        int later = 0;
        for (size_t j = i + 1; j < l->n && !later; j++)
            later = !strcmp(l->names[i], l->names[j]);
        if (later) {
            free(l->names[i]);
            continue;
        }
        l->names[k] = l->names[i];
        l->src[k++] = l->src[i];
    }
    l->n = k;
}

static int add(series_list *l, const char *prefix, const char *name)
{
    size_t len = (prefix ? strlen(prefix) + 1 : 0) + strlen(name) + 1;
    char *s = malloc(len);
    if (!s)
        return -1;
    snprintf(s, len, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", name);
    l->src[l->n] = l->n;
    l->names[l->n++] = s;
    return 0;
}

/* The whole days of the horizon, or -1 beyond SCENARIO_MAX_HORIZON (the
 * loader refuses such a scenario; this keeps the cast to size_t defined
 * and days x series x sizeof(double) inside size_t whatever reaches it). */
static int series_days(const scenario *sc, size_t n, size_t *days)
{
    double d = floor(sc->horizon / SIM_MINUTES_PER_DAY + 1e-9);
    size_t bytes;
    if (!(d >= 0 && d <= (double)SCENARIO_MAX_HORIZON_DAYS))
        return -1;
    *days = (size_t)d;
    if (__builtin_mul_overflow(*days, n, &bytes) ||
        __builtin_mul_overflow(bytes, sizeof(double), &bytes))
        return -1;
    return 0;
}

int network_series(const scenario *sc, series_list *out)
{
    int health = health_kpi_count(sc) > 0;
    size_t n = 2 * sc->n_units + 1 + (health ? N_HEALTH_SERIES : 0);
    memset(out, 0, sizeof *out);
    if (series_days(sc, n, &out->days) != 0)
        return -1;
    out->nraw = n;
    out->names = calloc(n, sizeof *out->names);
    out->src = calloc(n, sizeof *out->src);
    int rc = out->names && out->src ? 0 : -1;
    for (size_t u = 0; u < sc->n_units && !rc; u++)
        rc = add(out, sc->units[u].name, "occupancy") ||
             add(out, sc->units[u].name, "waiting");
    if (!rc)
        rc = add(out, NULL, "system.arrivals");
    for (size_t k = 0; health && k < N_HEALTH_SERIES && !rc; k++)
        rc = add(out, NULL, HEALTH_SERIES[k]);
    if (rc)
        series_list_free(out);
    else
        drop_duplicates(out);
    return rc;
}

/* The running totals, in series order; counts and integrals. */
static void totals(const network *n, double now, double *t)
{
    size_t k = 0;
    const health *h = &n->h;
    for (size_t u = 0; u < n->sc->n_units; u++) {
        t[k++] = stat_level_total(&n->units[u].occ, now);
        t[k++] = stat_level_total(&n->units[u].queue, now);
    }
    t[k++] = n->cum_arrivals;
    if (!h->on)
        return;
    t[k++] = h->cum_ed_attendances;
    t[k++] = h->cum_ed_departures;  /* stands in for the performance */
    t[k++] = stat_level_total(&h->role_busy[ROLE_ACUTE], now);
    t[k++] = h->cum_cap_area[ROLE_ACUTE];
    t[k++] = stat_level_total(&h->role_blocked[ROLE_ACUTE], now);
    for (int p = PATHWAY_P0; p <= PATHWAY_P3; p++)
        t[k++] = stat_level_total(&h->nctr_by_path[p], now);
    t[k++] = h->cum_sdec_attendances;
    t[k++] = h->cum_spells_short;
    t[k++] = h->cum_spells_long;
    t[k++] = h->cum_carehome_admissions;
    t[k++] = h->cum_esc_area[ROLE_ACUTE];
}

/* The day that ends now: the series row from the totals' differences. */
void series_day(network *n, size_t day)
{
    const double span = SIM_MINUTES_PER_DAY;
    double now = sim_now(n->s);
    size_t ns = n->series->nraw;
    double *t = n->series_now, *prev = n->series_prev;
    double *row = n->series_row;
    for (size_t u = 0; u < n->sc->n_units; u++)
        flow_touch(n, &n->units[u]);
    totals(n, now, t);
    size_t k = 0;
    for (size_t u = 0; u < 2 * n->sc->n_units; u++, k++)
        row[k] = (t[k] - prev[k]) / span;
    row[k] = t[k] - prev[k];
    k++;
    if (n->h.on) {
        double breaches = n->h.cum_ed_breaches - n->series_breaches;
        row[k] = t[k] - prev[k];
        k++;
        double dep = t[k] - prev[k];
        row[k++] = dep > 0 ? 100 * (1 - breaches / dep) : NAN;
        for (size_t j = 0; j < N_HEALTH_LEVELS; j++, k++)
            row[k] = (t[k] - prev[k]) / span;
        for (; k + 1 < ns; k++)
            row[k] = t[k] - prev[k];
        row[k] = (t[k] - prev[k]) / span;  /* escalation: beds x days */
        k++;
        n->series_breaches = n->h.cum_ed_breaches;
    }
    memcpy(prev, t, ns * sizeof *t);
    for (size_t i = 0; i < n->series->n; i++)
        n->daily[day * n->series->n + i] = row[n->series->src[i]];
}
