/* kpis.c -- the names and units of the KPIs a network reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    l->defs = NULL;
    l->n = 0;
}

int network_kpis(const scenario *sc, kpi_list *out)
{
    size_t nh = health_kpi_count(sc);
    size_t n = sc->n_units * KPIS_N_UNIT + KPIS_N_SYSTEM + nh;
    out->n = 0;
    out->defs = calloc(n, sizeof *out->defs);
    if (!out->defs)
        return -1;
    for (size_t u = 0; u < sc->n_units; u++)
        for (size_t k = 0; k < KPIS_N_UNIT; k++) {
            size_t len = strlen(sc->units[u].name) +
                         strlen(KPIS_UNIT[k].name) + 2;
            char *name = malloc(len);
            if (!name) {
                kpi_list_free(out);
                return -1;
            }
            snprintf(name, len, "%s.%s", sc->units[u].name,
                     KPIS_UNIT[k].name);
            out->defs[out->n++] = (kpi_def){name, KPIS_UNIT[k].unit};
        }
    for (size_t k = 0; k < KPIS_N_SYSTEM; k++) {
        char *name = strdup(KPIS_SYSTEM[k].name);
        if (!name) {
            kpi_list_free(out);
            return -1;
        }
        out->defs[out->n++] = (kpi_def){name, KPIS_SYSTEM[k].unit};
    }
    for (size_t k = 0; k < nh; k++) {
        char *name = strdup(health_kpi_name(k));
        if (!name) {
            kpi_list_free(out);
            return -1;
        }
        out->defs[out->n++] = (kpi_def){name, health_kpi_unit(k)};
    }
    return 0;
}

