/* kpis_list.c -- a scenario's list of KPIs (kpis.h: network_kpis), made
 * from the registry (kpis.c): the per-unit KPIs once for every unit, the
 * system's, the NHS and cost KPIs when the scenario has them, monthly
 * ones; lookups in a list, matching two scenarios' lists, and adopting a
 * list read back from a store. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "net.h"

void kpi_list_free(kpi_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->defs[i].name);
    free(l->defs);
    memset(l, 0, sizeof *l);
}

/* Appends KPI id (of unit u, or -1).  Returns 0, or -1 when out of
 * memory. */
static int add(kpi_list *l, const scenario *sc, kpi_id id, int u)
{
    const kpi_info *k = kpi_info_of(id);
    const char *prefix = u >= 0 ? sc->units[u].name : NULL;
    size_t len = (prefix ? strlen(prefix) + 1 : 0) + strlen(k->name) + 1;
    char *full = malloc(len);
    if (!full)
        return -1;
    snprintf(full, len, "%s%s%s", prefix ? prefix : "", prefix ? "." : "",
             k->name);
    l->defs[l->n++] = (kpi_def){full, k->unit, k, u, -1, 0};
    return 0;
}

/* Appends KPI id for month m: "NAME.2022-04".  Returns 0 or -1. */
static int add_month(kpi_list *l, const scenario *sc, kpi_id id, int m)
{
    const kpi_info *k = kpi_info_of(id);
    const char *month = sc->months[m].name;
    size_t len = strlen(k->name) + 1 + strlen(month) + 1;
    char *full = malloc(len);
    if (!full)
        return -1;
    snprintf(full, len, "%s.%s", k->name, month);
    l->defs[l->n++] = (kpi_def){full, k->unit, k, -1, m, 0};
    return 0;
}

/* Drops the earlier of two KPIs with the same name: a unit named like a
 * health role ("acute") reports, e.g., acute.occupancy.mean both as a unit
 * and for the role; the role's figure (all acute units) is kept. */
static void drop_duplicates(kpi_list *l)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        int later = 0;
        for (size_t j = i + 1; j < l->n && !later; j++)
            later = !strcmp(l->defs[i].name, l->defs[j].name);
        if (later)
            free(l->defs[i].name);
        else
            l->defs[k++] = l->defs[i];
    }
    l->n = k;
}

/* Moves the NHS and cost KPIs before the per-unit and system ones (a
 * stable partition): they are what a planner reads first. */
static int health_first(kpi_list *l)
{
    kpi_def *defs = malloc((l->n ? l->n : 1) * sizeof *defs);
    if (!defs)
        return -1;
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < l->n; i++)
            if ((l->defs[i].info->id >= KPI_FIRST_HEALTH) == (pass == 0))
                defs[k++] = l->defs[i];
    free(l->defs);
    l->defs = defs;
    return 0;
}

int network_kpis(const scenario *sc, kpi_list *out)
{
    int nhs = health_wanted(sc), costs = sc->costs != NULL;
    size_t n = sc->n_units * (KPI_FIRST_ON_REQUEST - KPI_FIRST_UNIT) +
               (KPI_FIRST_HEALTH - KPI_FIRST_SYSTEM) +
               (nhs ? KPI_FIRST_COST - KPI_FIRST_HEALTH : 0) +
               (costs ? KPI_N - KPI_FIRST_COST : 0) +
               (nhs ? sc->n_monthly * sc->n_months : 0);
    memset(out, 0, sizeof *out);
    for (size_t u = 0; u < sc->n_units; u++)
        n += kpi_dist_count(sc, (int)u);
    out->defs = calloc(n, sizeof *out->defs);
    int rc = out->defs ? 0 : -1;
    for (size_t u = 0; u < sc->n_units && !rc; u++) {
        for (int k = KPI_FIRST_UNIT; k < KPI_FIRST_ON_REQUEST && !rc; k++)
            if (kpi_unit_has(sc, (int)u, (kpi_id)k))
                rc = add(out, sc, (kpi_id)k, (int)u);
        if (!rc)
            rc = kpi_dist_add(out, sc, (int)u);
    }
    for (int k = KPI_FIRST_SYSTEM; k < KPI_FIRST_HEALTH && !rc; k++)
        rc = add(out, sc, (kpi_id)k, -1);
    for (int k = KPI_FIRST_HEALTH; nhs && k < KPI_FIRST_COST && !rc; k++)
        if (sc->mix_classes || k < KPI_DISCHARGE_MIX_P0 ||
            k > KPI_DISCHARGE_MIX_P3)
            rc = add(out, sc, (kpi_id)k, -1);
    for (int k = KPI_FIRST_COST; costs && k < KPI_N && !rc; k++)
        rc = add(out, sc, (kpi_id)k, -1);
    for (size_t k = 0; nhs && k < sc->n_monthly && !rc; k++)
        for (size_t m = 0; m < sc->n_months && !rc; m++)
            rc = add_month(out, sc, (kpi_id)sc->monthly[k], (int)m);
    if (!rc) {
        drop_duplicates(out);
        rc = health_first(out);
    }
    if (rc)
        kpi_list_free(out);
    return rc;
}

long kpi_list_index(const kpi_list *l, kpi_id id)
{
    return kpi_list_month_index(l, id, -1);
}

long kpi_list_month_index(const kpi_list *l, kpi_id id, int m)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->defs[i].info->id == id && l->defs[i].unit_index < 0 &&
            l->defs[i].month == m)
            return (long)i;
    return -1;
}

long kpi_list_unit_index(const kpi_list *l, kpi_id id, int u)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->defs[i].info->id == id && l->defs[i].unit_index == u)
            return (long)i;
    return -1;
}

long kpi_list_lookup(const kpi_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->defs[i].name, name))
            return (long)i;
    return -1;
}

long kpi_list_match(const kpi_list *a, size_t k, const scenario *sa,
                    const kpi_list *b, const scenario *sb)
{
    const kpi_def *d = &a->defs[k];
    for (size_t i = 0; i < b->n; i++) {
        const kpi_def *e = &b->defs[i];
        if (e->info != d->info || e->arg != d->arg ||
            (d->month < 0) != (e->month < 0) ||
            (d->month >= 0 && strcmp(sa->months[d->month].name,
                                     sb->months[e->month].name)))
            continue;
        if (d->unit_index < 0 && e->unit_index < 0)
            return (long)i;
        if (d->unit_index >= 0 && e->unit_index >= 0 &&
            !strcmp(sa->units[d->unit_index].name,
                    sb->units[e->unit_index].name))
            return (long)i;
    }
    return -1;
}

/* The registry's reading of a full name alone: a non-unit KPI by its
 * name, else the per-unit KPI whose name ends it after a dot (*prefix gets
 * the unit part's length), else NULL. */
static const kpi_info *parse_name(const char *name, size_t *prefix,
                                  double *arg)
{
    size_t len = strlen(name), best = 0;
    const kpi_info *found = NULL;
    *prefix = 0;
    *arg = 0;
    for (int i = KPI_FIRST_SYSTEM; i < KPI_N; i++)
        if (!strcmp(kpi_info_of((kpi_id)i)->name, name))
            return kpi_info_of((kpi_id)i);
    for (int i = KPI_FIRST_UNIT; i < KPI_FIRST_ON_REQUEST; i++) {
        const kpi_info *k = kpi_info_of((kpi_id)i);
        size_t t = strlen(k->name);
        if (t + 1 < len && t > best && name[len - t - 1] == '.' &&
            !strcmp(name + len - t, k->name)) {
            best = t;
            found = k;
            *prefix = len - t - 1;
        }
    }
    return found ? found : kpi_dist_parse(name, prefix, arg);
}

int kpi_list_adopt(kpi_list *l, const scenario *sc)
{
    kpi_list own = {0};
    if (sc && network_kpis(sc, &own) != 0)
        return -1;
    const char **units = calloc(l->n ? l->n : 1, sizeof *units);
    size_t *ulen = calloc(l->n ? l->n : 1, sizeof *ulen), nu = 0;
    if (!units || !ulen) {
        free(units);
        free(ulen);
        kpi_list_free(&own);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++) {
        kpi_def *d = &l->defs[i];
        long k = kpi_list_lookup(&own, d->name);
        if (k >= 0) {
            d->info = own.defs[k].info;
            d->unit_index = own.defs[k].unit_index;
            d->month = own.defs[k].month;
            d->arg = own.defs[k].arg;
            continue;
        }
        size_t p;
        d->info = parse_name(d->name, &p, &d->arg);
        d->unit_index = -1;
        d->month = -1;
        if (!d->info) {
            d->info = kpi_info_unknown();
        } else if (p > 0) {
            size_t u = 0;
            while (u < nu && (ulen[u] != p || strncmp(units[u], d->name, p)))
                u++;
            if (u == nu) {
                units[nu] = d->name;
                ulen[nu++] = p;
            }
            d->unit_index = (int)u;
        }
    }
    free(units);
    free(ulen);
    kpi_list_free(&own);
    return 0;
}
