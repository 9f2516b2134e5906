/* network.h -- one replication of a queueing network of care units.
 *
 * The model built from a scenario: arrival streams feed units (beds,
 * cubicles, reablement slots) with a capacity, a stay, a rule for when the
 * unit is full and a routing to the next unit.  network_run simulates one
 * replication and writes its KPIs, in the fixed order that network_kpis
 * lists, so that replications can be summarised column by column.
 *
 * KPIs cover the measured period, after the warm-up.  Per unit U
 * (in order): see network_kpis for names and units of measure; system-wide
 * KPIs come last.
 */
#ifndef FLOWSIM_NETWORK_H
#define FLOWSIM_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include "scenario.h"

typedef struct kpi_def {
    char *name;        /* e.g. "ward.occupancy.mean" */
    const char *unit;  /* e.g. "beds", "hours", "days", "patients", "share" */
} kpi_def;

typedef struct kpi_list {
    size_t n;
    kpi_def *defs;
    size_t nraw;       /* internal: KPIs the model computes */
    size_t *src;       /* internal: defs[i] is computed KPI src[i] */
} kpi_list;

/* The KPIs a scenario produces, in output order.  Returns 0, or -1 when out
 * of memory.  Free with kpi_list_free. */
int network_kpis(const scenario *sc, kpi_list *out);
void kpi_list_free(kpi_list *l);

/* What happened in one replication besides its KPIs. */
typedef struct run_info {
    uint64_t events;       /* events executed */
    long peak_patients;    /* most patients in the system at once */
    char stopped[256];     /* empty, or why the run stopped early */
} run_info;

/* Optional: called for every patient event, for --trace. */
typedef void (*trace_fn)(void *ud, double time, uint64_t patient,
                         const char *unit, const char *event);

/* Daily series: for every whole day d of the horizon (warm-up included,
 * so that warm-up can be judged from them) and series k, the value
 * values[d * n + k].  Names are "UNIT.occupancy" and "UNIT.waiting" (daily
 * means, patients) for every unit, "system.arrivals" (count), and with
 * health roles "ed.attendances", "ed.four_hour.performance" (percent of
 * that day's departures), "acute.occupancy", "acute.open_beds",
 * "acute.nctr", "acute.nctr.p0" ... "acute.nctr.p3" (daily means; NCTR by
 * the pathway the patients wait for, p0 = home), then (finance, issue 5)
 * the day's counts "sdec.attendances", "acute.spells.short" and
 * "acute.spells.long" (acute stays ended that day with 0-1 or 2+
 * midnights, the NCC split), "carehome.admissions", and
 * "acute.escalation" (bed-days occupied above the base capacity). */
typedef struct series_list {
    size_t n;
    char **names;
    size_t days;       /* whole days in the horizon */
    size_t nraw;       /* internal: series the model computes */
    size_t *src;       /* internal: names[i] is computed series src[i] */
} series_list;

/* The series of sc.  Returns 0, or -1 when out of memory or when the
 * horizon is beyond SCENARIO_MAX_HORIZON (which the loader refuses): then
 * days x n x sizeof(double) always fits in a size_t. */
int network_series(const scenario *sc, series_list *out);
void series_list_free(series_list *l);

/* Simulates replication `rep` of sc (seed from sc->seed) and writes
 * kpis->n values into values[].  KPIs with nothing observed are NAN.
 * Returns 0 on success; -1 when the run had to stop (out of memory, or the
 * runaway guard sc->max_patients), with the reason in info->stopped.
 * Thread-safe: any number may run at once on the same scenario. */
int network_run(const scenario *sc, uint64_t rep, const kpi_list *kpis,
                double *values, run_info *info, trace_fn trace, void *ud);

/* network_run that also fills series->days * series->n daily values
 * (NAN for days the run did not reach). */
int network_run_series(const scenario *sc, uint64_t rep,
                       const kpi_list *kpis, double *values,
                       const series_list *series, double *daily,
                       run_info *info, trace_fn trace, void *ud);

#endif
