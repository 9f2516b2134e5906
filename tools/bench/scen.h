/* scen.h -- scenarios for the benchmarks, built in C without YAML.
 *
 * Days and per-day rates in, minutes inside (as the loader does).  Every
 * builder exits the program on out-of-memory: this is benchmark code.
 */
#ifndef FLOWSIM_BENCH_SCEN_H
#define FLOWSIM_BENCH_SCEN_H

#include <stdint.h>
#include "scenario.h"

#define BENCH_DAY 1440.0

/* An empty scenario; horizon and warm-up in minutes. */
scenario *scen_new(const char *name, double horizon, double warmup,
                   uint64_t seed);

/* Adds a unit (no route yet: scen_route adds targets). */
unit_spec *scen_unit(scenario *sc, const char *name, long capacity,
                     dist stay, full_policy when_full);

/* Adds a Poisson stream of `per_minute` arrivals to the named unit, flat
 * over the day and the week. */
arrival_spec *scen_arrival(scenario *sc, const char *name, double per_minute,
                           const char *to);

/* Sets and normalises (to mean 1) an arrival's hour-of-day profile. */
void scen_hourly(arrival_spec *a, const double w[24]);
void scen_weekly(arrival_spec *a, const double w[7]);

/* Routes the named unit to `to` (a unit name or "exit") with a share;
 * call again to add targets. */
void scen_route(scenario *sc, const char *from, const char *to,
                double share);

dist scen_exp(double mean);
dist scen_lognormal(double mean, double sd);
dist scen_gamma(double mean, double sd);

/* M/M/1 with lambda = 0.9 and mu = 1 per minute through the full model:
 * one unit "server" of capacity 1 that queues, about `customers`
 * arrivals (horizon = customers / lambda), no warm-up. */
scenario *scen_mm1(double customers);

/* The 600-bed hospital of BENCHMARKS.md: ED (80 cubicles, queue) ->
 * acute (600 beds, block) -> reablement / intermediate care (block), 300
 * arrivals per day with an hourly and a weekly profile; `years` of 365
 * days with a 60-day warm-up. */
scenario *scen_year600(double years);

#endif
