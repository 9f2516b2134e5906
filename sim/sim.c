/* sim.c -- the simulation context and its event loop. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "rng.h"
#include "sim.h"

typedef struct stream {
    char *name;
    gsl_rng *r;
} stream;

struct sim {
    sim_head h;       /* now and owner: first, for sim.h's inline reads */
    uint64_t seed, rep;
    evq *q;
    uint64_t events;
    uint64_t max_events;      /* 0: no limit */
    stream *streams;
    size_t nstreams;
    const char *stop_reason;
};

sim *sim_new(uint64_t seed, uint64_t replication)
{
    sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->seed = seed;
    s->rep = replication;
    s->h.q = evq_new();
    if (!s->h.q) {
        free(s);
        return NULL;
    }
    return s;
}

void sim_free(sim *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nstreams; i++) {
        free(s->streams[i].name);
        gsl_rng_free(s->streams[i].r);
    }
    free(s->streams);
    evq_free(s->h.q);
    free(s);
}

void sim_set_owner(sim *s, void *owner) { s->h.owner = owner; }
uint64_t sim_seed(const sim *s) { return s->seed; }
uint64_t sim_replication(const sim *s) { return s->rep; }
uint64_t sim_events_run(const sim *s) { return s->events; }

void sim_set_max_events(sim *s, uint64_t max) { s->max_events = max; }
size_t sim_pending(const sim *s) { return evq_size(s->h.q); }

evq_handle sim_at_nan(sim *s)
{
    sim_stop(s, "an event time is not a number (a duration was NaN)");
    return 0;
}

int sim_cancel(sim *s, evq_handle h)
{
    return evq_cancel(s->h.q, h);
}

/* Streams are few (one per source of randomness) and looked up when the
 * model is built, so a linear search is the simple, right choice. */
gsl_rng *sim_stream(sim *s, const char *name)
{
    for (size_t i = 0; i < s->nstreams; i++)
        if (strcmp(s->streams[i].name, name) == 0)
            return s->streams[i].r;
    stream *ns = realloc(s->streams, (s->nstreams + 1) * sizeof *ns);
    if (!ns)
        return NULL;
    s->streams = ns;
    char *copy = strdup(name);
    gsl_rng *r = rng_stream_new(s->seed, s->rep, name);
    if (!copy || !r) {
        free(copy);
        if (r)
            gsl_rng_free(r);
        return NULL;
    }
    s->streams[s->nstreams++] = (stream){copy, r};
    return r;
}

/* Is an event of this priority a model event (sim.h)?  One unsigned
 * comparison, for the event loop. */
static inline int is_model(int32_t prio)
{
    return (uint32_t)((int64_t)prio - SIM_PRIO_MODEL_MIN) <=
           (uint32_t)(SIM_PRIO_MODEL_MAX - SIM_PRIO_MODEL_MIN);
}

/* The budget spent: observation events due before the next model event
 * still run (whether a run is observed must not change its verdict); a
 * model event due by `until` makes the run a runaway. */
static void run_past_budget(sim *s, double until)
{
    evq_event ev;
    while (!s->stop_reason && evq_size(s->h.q) > 0 &&
           evq_next_time(s->h.q) <= until) {
        if (is_model(evq_next_prio(s->h.q))) {
            sim_stop(s, "runaway: more events than max_events");
            return;
        }
        evq_pop(s->h.q, &ev);
        s->h.now = ev.time;
        ((sim_fn)(void (*)(void))ev.fn)(s, ev.obj, ev.arg);
    }
}

uint64_t sim_run(sim *s, double until)
{
    uint64_t n = 0;
    evq_event ev;
    /* Model events this call may run before the limit (all when there is
     * none) */
    uint64_t room = !s->max_events            ? UINT64_MAX
                    : s->events < s->max_events ? s->max_events - s->events
                                                : 0;
    while (!s->stop_reason && n < room &&
           evq_pop_until(s->h.q, until, &ev)) {
        s->h.now = ev.time;
        ((sim_fn)(void (*)(void))ev.fn)(s, ev.obj, ev.arg);
        n += (uint64_t)is_model(ev.prio);
    }
    if (n == room)
        run_past_budget(s, until);
    s->events += n;
    if (!s->stop_reason && until > s->h.now && isfinite(until))
        s->h.now = until;
    return n;
}

void sim_stop(sim *s, const char *reason)
{
    if (!s->stop_reason)
        s->stop_reason = reason ? reason : "stopped";
}

const char *sim_stopped(const sim *s)
{
    return s->stop_reason;
}
