/* network.h -- one replication of a queueing network of care units.
 *
 * The model built from a scenario: arrival streams feed units (beds,
 * cubicles, reablement slots) with a capacity, a stay, a rule for when the
 * unit is full and a routing to the next unit.  network_run simulates one
 * replication and writes its KPIs, in the fixed order that network_kpis
 * lists, so that replications can be summarised column by column.
 *
 * KPIs cover the measured period, after the warm-up; kpis.h lists them
 * and says how each is computed, series.h the daily series.
 */
#ifndef FLOWSIM_NETWORK_H
#define FLOWSIM_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include "kpis.h"
#include "scenario.h"
#include "series.h"

/* What happened in one replication besides its KPIs. */
typedef struct run_info {
    uint64_t events;       /* events executed */
    long peak_patients;    /* most patients in the system at once */
    char stopped[256];     /* empty, or why the run stopped early */
} run_info;

/* Optional: called for every patient event, for --trace. */
typedef void (*trace_fn)(void *ud, double time, uint64_t patient,
                         const char *unit, const char *event);

/* Simulates replication `rep` of sc (seed from sc->seed) and writes
 * kpis->n values into values[].  KPIs with nothing observed are NAN.
 * Returns 0 on success; -1 when the run had to stop (out of memory, or a
 * runaway guard: sc->max_patients in the system at once, sc->max_events
 * model events), with the reason in info->stopped.
 * Thread-safe: any number may run at once on the same scenario. */
int network_run(const scenario *sc, uint64_t rep, const kpi_list *kpis,
                double *values, run_info *info, trace_fn trace, void *ud);

/* network_run that also fills series->days * series->n daily values
 * (NAN for days the run did not reach). */
int network_run_series(const scenario *sc, uint64_t rep,
                       const kpi_list *kpis, double *values,
                       const series_list *series, double *daily,
                       run_info *info, trace_fn trace, void *ud);

/* Runs replication `rep` of sc to its horizon and returns the patients
 * present then as a census (scenario.h: census_row), the state to start
 * another run from (a forecast from that moment): each patient in a
 * unit with its class and time there so far, whether its stay is over
 * (medically fit), the unit it waits for or was routed to; each patient
 * in a line without a place as waiting.  Patients moving between units
 * with their old place given up are not in it.  *rows is malloc'd (free
 * it); returns 0, or -1 with info->stopped. */
int network_census(const scenario *sc, uint64_t rep, census_row **rows,
                   size_t *nrows, run_info *info);

/* The effect an intervention has in replication `replication` of a
 * scenario of seed `seed`: its `effect` when certain; when it has an
 * effect_sd, one draw from a beta of that mean and sd on the stream
 * (seed, replication, "psa.effect.NAME"), so every scenario run with the
 * seed (a base and its alternative, every lever subset) meets the same
 * draw, whatever the thread count.  NAN when out of memory. */
double iv_effect_draw(const intervention_spec *iv, uint64_t seed,
                      uint64_t replication);

/* The fraction of phase k of an intervention in replication
 * `replication`: its `fraction` when certain; with a fraction_sd, one
 * draw from a beta of that mean and sd on the stream (seed, replication,
 * "psa.phasing.NAME.K"), shared like the effect's.  NAN when out of
 * memory. */
double iv_phase_draw(const intervention_spec *iv, size_t k, uint64_t seed,
                     uint64_t replication);

#endif
