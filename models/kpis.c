/* kpis.c -- the names and units of the KPIs a network reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "costs.h"
#include "health.h"
#include "kpis.h"

/* The per-unit KPIs, in output order, with their units of measure. */
const kpi_template KPIS_UNIT[] = {
    {"arrivals", "patients"},
    {"admitted", "patients"},
    {"lost", "patients"},
    {"lost.fraction", "share"},
    {"reneged", "patients"},
    {"diverted", "patients"},
    {"delayed.fraction", "share"},
    {"full.fraction", "share"},
    {"occupancy.mean", "patients"},
    {"occupancy.p95", "patients"},
    {"occupancy.max", "patients"},
    {"waiting.mean", "patients"},
    {"wait.mean", "hours"},
    {"wait.p95", "hours"},
    {"wait.over_threshold.fraction", "share"},
    {"blocked.mean", "patients"},
    {"stay.mean", "days"},
    {"in_unit.end", "patients"},
};
const size_t KPIS_N_UNIT = sizeof KPIS_UNIT / sizeof KPIS_UNIT[0];

const kpi_template KPIS_SYSTEM[] = {
    {"system.arrivals", "patients"},
    {"system.exits", "patients"},
    {"system.lost", "patients"},
    {"system.in_system.mean", "patients"},
    {"system.time_in_system.mean", "days"},
    {"system.in_system.end", "patients"},
};
const size_t KPIS_N_SYSTEM = sizeof KPIS_SYSTEM / sizeof KPIS_SYSTEM[0];

void kpi_list_free(kpi_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->defs[i].name);
    free(l->defs);
    free(l->src);
    memset(l, 0, sizeof *l);
}

/* Appends "prefix.name" (or name when prefix is NULL). */
static int add(kpi_list *l, const char *prefix, const char *name,
               const char *unit)
{
    size_t len = (prefix ? strlen(prefix) + 1 : 0) + strlen(name) + 1;
    char *full = malloc(len);
    if (!full)
        return -1;
    snprintf(full, len, "%s%s%s", prefix ? prefix : "", prefix ? "." : "",
             name);
    l->src[l->n] = l->n;
    l->defs[l->n++] = (kpi_def){full, unit};
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
        if (later) {
            free(l->defs[i].name);
            continue;
        }
        l->defs[k] = l->defs[i];
        l->src[k++] = l->src[i];
    }
    l->n = k;
}

/* Puts the NHS KPIs, then the cost KPIs (computed from raw index `first`
 * on) before the per-unit and system ones: they are what a planner reads
 * first. */
static void health_first(kpi_list *l, size_t first)
{
    size_t k = 0;
    kpi_def *defs = malloc(l->n * sizeof *defs);
    size_t *src = malloc(l->n * sizeof *src);
    if (!defs || !src) { /* keep the computed order */
        free(defs);
        free(src);
        return;
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < l->n; i++)
            if ((l->src[i] >= first) == (pass == 0)) {
                defs[k] = l->defs[i];
                src[k++] = l->src[i];
            }
    memcpy(l->defs, defs, l->n * sizeof *defs);
    memcpy(l->src, src, l->n * sizeof *src);
    free(defs);
    free(src);
}

int network_kpis(const scenario *sc, kpi_list *out)
{
    size_t nh = health_kpi_count(sc), nc = cost_kpi_count(sc);
    size_t n = sc->n_units * KPIS_N_UNIT + KPIS_N_SYSTEM + nh + nc;
    memset(out, 0, sizeof *out);
    out->nraw = n;
    out->defs = calloc(n, sizeof *out->defs);
    out->src = calloc(n, sizeof *out->src);
    int rc = out->defs && out->src ? 0 : -1;
    for (size_t u = 0; u < sc->n_units && !rc; u++)
        for (size_t k = 0; k < KPIS_N_UNIT && !rc; k++)
            rc = add(out, sc->units[u].name, KPIS_UNIT[k].name,
                     KPIS_UNIT[k].unit);
    for (size_t k = 0; k < KPIS_N_SYSTEM && !rc; k++)
        rc = add(out, NULL, KPIS_SYSTEM[k].name, KPIS_SYSTEM[k].unit);
    for (size_t k = 0; k < nh && !rc; k++)
        rc = add(out, NULL, health_kpi_name(k), health_kpi_unit(k));
    /* cost KPIs (scenarios with costs:), after the health ones */
    for (size_t k = 0; k < nc && !rc; k++)
        rc = add(out, NULL, cost_kpi_name(k), cost_kpi_unit(k));
    if (rc) {
        kpi_list_free(out);
        return -1;
    }
    drop_duplicates(out);
    health_first(out, sc->n_units * KPIS_N_UNIT + KPIS_N_SYSTEM);
    return 0;
}
