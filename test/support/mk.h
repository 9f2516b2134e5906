/* mk.h -- build scenarios in C for tests, without YAML.
 *
 * Days and per-day rates in, minutes inside (as the loader does).  Every
 * function aborts on out-of-memory: this is test code.
 */
#ifndef FLOWSIM_TEST_MK_H
#define FLOWSIM_TEST_MK_H

#include "scenario.h"
#include "network.h"

scenario *mk_scenario(const char *name, double horizon_days,
                      double warmup_days, uint64_t seed);
/* Adds a unit with exponential stays of the given mean (days). */
unit_spec *mk_unit(scenario *sc, const char *name, long capacity,
                   double mean_stay_days, full_policy when_full);
/* Adds a Poisson arrival stream, rate per day, to the named unit. */
arrival_spec *mk_arrival(scenario *sc, const char *name, double per_day,
                         const char *to);
/* Routes unit u to `to` (a unit name or "exit") with the given share;
 * call repeatedly to add targets. */
void mk_route(scenario *sc, unit_spec *u, const char *to, double share);
/* Adds the intervention `name` of kind `kind` on the unit of index
 * `unit` with the given effect, in force from the start (one phase). */
intervention_spec *mk_intervention(scenario *sc, const char *name, int kind,
                                   int unit, double effect);
/* Exponential, fixed and lognormal(mean, sd) dists, in days. */
dist mk_exp(double mean_days);
dist mk_fixed(double days);
dist mk_lognormal(double mean_days, double sd_days);

/* Runs one replication (routing each unit without a route to the exit
 * first); aborts if it stops early.  Returns a malloc'd
 * vector of KPIs; *kpis is filled (free both). */
double *mk_run(scenario *sc, uint64_t rep, kpi_list *kpis,
               run_info *info);
/* The value of the named KPI; aborts if there is none. */
double mk_kpi(const kpi_list *kpis, const double *v, const char *name);

#endif
