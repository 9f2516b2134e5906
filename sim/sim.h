/* sim.h -- the simulation context: a clock, a pending-event set and the
 * replication's random streams.
 *
 * There is no global state: everything a run touches hangs off one sim,
 * so any number of replications can run at once on threads.  Time is a
 * double in minutes from the start of the run (day 0, 00:00); which
 * weekday day 0 is, is the model's (scenario.h: start_weekday).
 */
#ifndef FLOWSIM_SIM_H
#define FLOWSIM_SIM_H

#include <math.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "evq.h"

#define SIM_MINUTES_PER_HOUR 60.0
#define SIM_MINUTES_PER_DAY 1440.0
#define SIM_MINUTES_PER_WEEK 10080.0

typedef struct sim sim;

/* Handlers receive the sim as their context. */
typedef void (*sim_fn)(sim *s, void *obj, int64_t arg);

/* A new context for one replication of one experiment.  NULL when out of
 * memory. */
sim *sim_new(uint64_t seed, uint64_t replication);
void sim_free(sim *s);

/* The first member of every sim: what handlers read on every event, so
 * that they read it inline (a pointer to a structure points to its first
 * member too).  Not to be written from outside sim.c. */
typedef struct sim_head {
    double now;
    void *owner;
    evq *q;
} sim_head;

/* The model that owns this run, for handlers to find their way back. */
void sim_set_owner(sim *s, void *owner);
static inline void *sim_owner(const sim *s)
{
    return ((const sim_head *)(const void *)s)->owner;
}

static inline double sim_now(const sim *s)
{
    return ((const sim_head *)(const void *)s)->now;
}
uint64_t sim_seed(const sim *s);
uint64_t sim_replication(const sim *s);

/* Event priorities.  A model event (a patient moves, a capacity changes)
 * has a priority from SIM_PRIO_MODEL_MIN to SIM_PRIO_MODEL_MAX.  An
 * observation event only records what the model is doing, or resets its
 * statistics (a daily count, a row of a daily series, the end of the
 * warm-up), and never changes what happens next; it takes a priority
 * outside that range: SIM_PRIO_OBSERVE_FIRST to run before the model's
 * events at the same time, SIM_PRIO_OBSERVE_LAST to run after them.
 * Observation events run like any other but are not counted by
 * sim_events_run nor by the max_events budget, so whether a run is
 * observed never changes its result or its runaway verdict. */
#define SIM_PRIO_MODEL_MIN (-1000000)
#define SIM_PRIO_MODEL_MAX 1000000
#define SIM_PRIO_OBSERVE_FIRST (SIM_PRIO_MODEL_MIN - 1)
#define SIM_PRIO_OBSERVE_LAST (SIM_PRIO_MODEL_MAX + 1)

/* sim_at's answer to a NaN time: the run stops (returns 0). */
evq_handle sim_at_nan(sim *s);

/* Schedules fn(s, obj, arg) at absolute time `at` (earlier times are
 * taken as now).  Lower prio runs first among events at the same time.
 * Returns a handle for sim_cancel, or 0 when out of memory (the run should
 * then stop) or when `at` is NaN (the run is stopped with that reason).
 * Inline: a model schedules an event or two an event. */
static inline evq_handle sim_at(sim *s, double at, int32_t prio, sim_fn fn,
                                void *obj, int64_t arg)
{
    const sim_head *h = (const sim_head *)(const void *)s;
    if (isnan(at))
        return sim_at_nan(s);
    if (at < h->now)
        at = h->now;
    return evq_push(h->q, at, prio, (evq_fn)(void (*)(void))fn, obj, arg);
}

/* Cancels a pending event; returns 1 if it was pending. */
int sim_cancel(sim *s, evq_handle h);

/* The generator of the named stream, created on first use and owned by the
 * sim.  NULL when out of memory. */
gsl_rng *sim_stream(sim *s, const char *name);

/* Runs events in order until the next one is later than `until` (the clock
 * is then set to `until`, if finite) or none remain, or sim_stop was called.
 * Returns the number of model events run (observation events not
 * counted). */
uint64_t sim_run(sim *s, double until);

/* Asks sim_run to return after the current event, with a reason that the
 * caller can read back (the first reason wins). */
void sim_stop(sim *s, const char *reason);
const char *sim_stopped(const sim *s); /* NULL unless stopped */

/* Model events run so far, over all calls of sim_run. */
uint64_t sim_events_run(const sim *s);

/* A runaway guard: sim_run stops (reason "runaway: more events than
 * max_events") rather than run more than max model events in all,
 * counting those run before.  Observation events due before the next
 * model event still run once the budget is spent; reaching the budget
 * with no model event left due is no stop.  0, the default, sets no
 * limit. */
void sim_set_max_events(sim *s, uint64_t max);
size_t sim_pending(const sim *s);

#endif
