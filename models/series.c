/* series.c -- daily series of a replication (series.h).
 *
 * At every midnight the day just ended is written from differences of
 * running totals that are never reset (level integrals, counters), so the
 * warm-up reset does not disturb them.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"

/* ---- running totals ------------------------------------------------- */

static double u_occupancy(const series_ctx *c)
{
    return stat_level_total(&c->u->occ, c->now);
}
static double u_waiting(const series_ctx *c)
{
    return stat_level_total(&c->u->queue, c->now);
}
static double sys_arrivals(const series_ctx *c) { return c->n->cum_arrivals; }

#define H(c) (&(c)->n->h)
static double ed_attendances(const series_ctx *c)
{
    return H(c)->cum_ed_attendances;
}
static double ed_departures(const series_ctx *c)
{
    return H(c)->cum_ed_departures;
}
static double ed_breaches(const series_ctx *c) { return H(c)->cum_ed_breaches; }
static double acute_busy(const series_ctx *c)
{
    return stat_level_total(&H(c)->role_busy[ROLE_ACUTE], c->now);
}
static double acute_open(const series_ctx *c)
{
    return H(c)->cum_cap_area[ROLE_ACUTE];
}
static double acute_nctr(const series_ctx *c)
{
    return stat_level_total(&H(c)->role_blocked[ROLE_ACUTE], c->now);
}
static double nctr_path(const series_ctx *c, pathway p)
{
    return stat_level_total(&H(c)->nctr_by_path[p], c->now);
}
static double nctr_p0(const series_ctx *c) { return nctr_path(c, PATHWAY_P0); }
static double nctr_p1(const series_ctx *c) { return nctr_path(c, PATHWAY_P1); }
static double nctr_p2(const series_ctx *c) { return nctr_path(c, PATHWAY_P2); }
static double nctr_p3(const series_ctx *c) { return nctr_path(c, PATHWAY_P3); }
static double sdec_attendances(const series_ctx *c)
{
    return H(c)->cum_sdec_attendances;
}
static double spells_short(const series_ctx *c) { return H(c)->cum_spells_short; }
static double spells_long(const series_ctx *c) { return H(c)->cum_spells_long; }
static double carehome_admissions(const series_ctx *c)
{
    return H(c)->cum_carehome_admissions;
}
static double acute_escalation(const series_ctx *c)
{
    return H(c)->cum_esc_area[ROLE_ACUTE];
}

static double snap_busy(const series_ctx *c) { return H(c)->snap_busy; }
static double snap_open(const series_ctx *c) { return H(c)->snap_open; }
static double acute_admissions(const series_ctx *c)
{
    return H(c)->cum_acute_admissions;
}

/* ---- the registry ---------------------------------------------------- */

#define S(id_, name_, unit_, kind_, total_, total2_)                        \
    [id_] = {id_, name_, unit_, kind_, total_, total2_}

static const series_info REGISTRY[] = {
    S(SER_U_OCCUPANCY, "occupancy", "patients", SERIES_MEAN, u_occupancy,
      NULL),
    S(SER_U_WAITING, "waiting", "patients", SERIES_MEAN, u_waiting, NULL),
    S(SER_SYS_ARRIVALS, "system.arrivals", "patients", SERIES_COUNT,
      sys_arrivals, NULL),
    S(SER_ED_ATTENDANCES, "ed.attendances", "patients", SERIES_COUNT,
      ed_attendances, NULL),
    S(SER_ED_FOUR_HOUR, "ed.four_hour.performance", "percent", SERIES_WITHIN,
      ed_departures, ed_breaches),
    S(SER_ACUTE_OCCUPANCY, "acute.occupancy", "beds", SERIES_MEAN, acute_busy,
      NULL),
    S(SER_ACUTE_OPEN_BEDS, "acute.open_beds", "beds", SERIES_MEAN, acute_open,
      NULL),
    S(SER_ACUTE_NCTR, "acute.nctr", "patients", SERIES_MEAN, acute_nctr, NULL),
    S(SER_ACUTE_NCTR_P0, "acute.nctr.p0", "patients", SERIES_MEAN, nctr_p0,
      NULL),
    S(SER_ACUTE_NCTR_P1, "acute.nctr.p1", "patients", SERIES_MEAN, nctr_p1,
      NULL),
    S(SER_ACUTE_NCTR_P2, "acute.nctr.p2", "patients", SERIES_MEAN, nctr_p2,
      NULL),
    S(SER_ACUTE_NCTR_P3, "acute.nctr.p3", "patients", SERIES_MEAN, nctr_p3,
      NULL),
    S(SER_SDEC_ATTENDANCES, "sdec.attendances", "patients", SERIES_COUNT,
      sdec_attendances, NULL),
    S(SER_ACUTE_SPELLS_SHORT, "acute.spells.short", "spells", SERIES_COUNT,
      spells_short, NULL),
    S(SER_ACUTE_SPELLS_LONG, "acute.spells.long", "spells", SERIES_COUNT,
      spells_long, NULL),
    S(SER_CAREHOME_ADMISSIONS, "carehome.admissions", "patients",
      SERIES_COUNT, carehome_admissions, NULL),
    S(SER_ACUTE_ESCALATION, "acute.escalation", "bed-days", SERIES_MEAN,
      acute_escalation, NULL),
    S(SER_ED_DEPARTURES, "ed.departures", "patients", SERIES_COUNT,
      ed_departures, NULL),
    S(SER_ED_BREACHES, "ed.four_hour.breaches", "patients", SERIES_COUNT,
      ed_breaches, NULL),
    S(SER_ACUTE_SNAPSHOT_OCCUPIED, "acute.snapshot.occupied", "beds",
      SERIES_VALUE, snap_busy, NULL),
    S(SER_ACUTE_SNAPSHOT_OPEN, "acute.snapshot.open", "beds", SERIES_VALUE,
      snap_open, NULL),
    S(SER_ACUTE_ADMISSIONS, "acute.admissions", "patients", SERIES_COUNT,
      acute_admissions, NULL),
};

static_assert(sizeof REGISTRY / sizeof REGISTRY[0] == SER_N,
              "every series_id has exactly one registry entry");

const series_info *series_info_of(series_id id)
{
    return &REGISTRY[id];
}

/* ---- a scenario's list ---------------------------------------------- */

void series_list_free(series_list *l)
{
    for (size_t i = 0; l->names && i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    free(l->defs);
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
        l->defs[k++] = l->defs[i];
    }
    l->n = k;
}

static int add(series_list *l, const scenario *sc, series_id id, int u)
{
    const series_info *s = &REGISTRY[id];
    const char *prefix = u >= 0 ? sc->units[u].name : NULL;
    size_t len = (prefix ? strlen(prefix) + 1 : 0) + strlen(s->name) + 1;
    char *full = malloc(len);
    if (!full)
        return -1;
    snprintf(full, len, "%s%s%s", prefix ? prefix : "", prefix ? "." : "",
             s->name);
    l->names[l->n] = full;
    l->defs[l->n++] = (series_def){s, u};
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
    int nhs = health_wanted(sc);
    size_t n = 2 * sc->n_units + 1 + (nhs ? SER_N - SER_FIRST_HEALTH : 0);
    memset(out, 0, sizeof *out);
    if (series_days(sc, n, &out->days) != 0)
        return -1;
    out->names = calloc(n, sizeof *out->names);
    out->defs = calloc(n, sizeof *out->defs);
    int rc = out->names && out->defs ? 0 : -1;
    for (size_t u = 0; u < sc->n_units && !rc; u++)
        rc = add(out, sc, SER_U_OCCUPANCY, (int)u) ||
             add(out, sc, SER_U_WAITING, (int)u);
    if (!rc)
        rc = add(out, sc, SER_SYS_ARRIVALS, -1);
    for (int k = SER_FIRST_HEALTH; nhs && k < SER_N && !rc; k++)
        rc = add(out, sc, (series_id)k, -1);
    if (rc)
        series_list_free(out);
    else
        drop_duplicates(out);
    return rc;
}

int series_list_adopt(series_list *l, const scenario *sc)
{
    series_list own;
    free(l->defs);
    l->defs = calloc(l->n ? l->n : 1, sizeof *l->defs);
    if (!l->defs || network_series(sc, &own) != 0)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        long k = series_list_lookup(&own, l->names[i]);
        l->defs[i] = k >= 0 ? own.defs[k] : (series_def){NULL, -1};
    }
    series_list_free(&own);
    return 0;
}

long series_list_index(const series_list *l, series_id id)
{
    return series_list_unit_index(l, id, -1);
}

long series_list_unit_index(const series_list *l, series_id id, int u)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->defs[i].info && l->defs[i].info->id == id &&
            l->defs[i].unit_index == u)
            return (long)i;
    return -1;
}

long series_list_lookup(const series_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->names[i], name))
            return (long)i;
    return -1;
}

/* ---- recording ------------------------------------------------------ */

/* Adds the day's values of the non-unit series to the sums of the month
 * the day falls in (KPIs by month, kpis.c). */
static void series_month(network *n, size_t day, const double *row)
{
    const scenario *sc = n->sc;
    double t = (double)day * SIM_MINUTES_PER_DAY;
    for (size_t m = 0; n->month_sum && m < sc->n_months; m++) {
        if (t < sc->months[m].from || t >= sc->months[m].to)
            continue;
        n->month_days[m]++;
        double *sum = n->month_sum + m * SER_N;
        for (size_t i = 0; i < n->series->n; i++)
            if (n->series->defs[i].unit_index < 0 && !isnan(row[i]))
                sum[n->series->defs[i].info->id] += row[i];
        return;
    }
}

/* The day that ends now: each series' value from its totals' change. */
void series_day(network *n, size_t day)
{
    const series_list *sl = n->series;
    series_ctx c = {.n = n, .now = sim_now(n->s)};
    for (size_t u = 0; u < n->sc->n_units; u++)
        flow_touch(n, &n->units[u]);
    double *row = n->daily ? n->daily + day * sl->n : n->row;
    for (size_t i = 0; i < sl->n; i++) {
        const series_info *s = sl->defs[i].info;
        c.u = sl->defs[i].unit_index >= 0 ? &n->units[sl->defs[i].unit_index]
                                          : NULL;
        double t = s->total(&c), d = t - n->series_prev[i];
        n->series_prev[i] = t;
        if (s->kind == SERIES_VALUE) {
            row[i] = t;
        } else if (s->kind == SERIES_COUNT) {
            row[i] = d;
        } else if (s->kind == SERIES_MEAN) {
            row[i] = d / SIM_MINUTES_PER_DAY;
        } else {
            double t2 = s->total2(&c), d2 = t2 - n->series_prev2[i];
            n->series_prev2[i] = t2;
            row[i] = d > 0 ? 100 * (1 - d2 / d) : NAN;
        }
    }
    series_month(n, day, row);
}
