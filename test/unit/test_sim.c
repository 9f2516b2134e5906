/* test_sim.c -- the simulation context and event loop (sim/sim.c).
 *
 * Events run in (time, prio, FIFO) order with the clock at the event's
 * time; sim_run(until) stops at until inclusive and sets the clock; the
 * past clamps to now; sim_stop ends the run after the current event and
 * keeps the first reason; named streams; counters; the owner pointer.
 */
#include <math.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "rng.h"
#include "sim.h"
#include "tap.h"

/* What handlers record. */
typedef struct {
    int64_t ids[256];
    double at[256];
    int n;
    int clock_ok;
    evq_handle h[16];
} log_t;

static void rec(sim *s, void *obj, int64_t arg)
{
    log_t *lg = obj;
    if (lg->n < 256) {
        lg->ids[lg->n] = arg;
        lg->at[lg->n] = sim_now(s);
    }
    lg->n++;
}

static int ids_are(const log_t *lg, const int64_t *want, int n)
{
    if (lg->n != n)
        return 0;
    for (int i = 0; i < n; i++)
        if (lg->ids[i] != want[i])
            return 0;
    return 1;
}

static void test_order_and_until(void)
{
    sim *s = sim_new(1, 0);
    log_t lg = {0};
    CHECK(sim_now(s) == 0 && sim_pending(s) == 0 && sim_events_run(s) == 0 &&
              sim_stopped(s) == NULL,
          "a new sim: clock 0, nothing pending, not stopped");
    sim_at(s, 5, 0, rec, &lg, 50);
    sim_at(s, 1, 1, rec, &lg, 11);
    sim_at(s, 3, 0, rec, &lg, 30);
    sim_at(s, 1, 0, rec, &lg, 10);
    sim_at(s, 1, 1, rec, &lg, 12);
    sim_at(s, 2, 0, rec, &lg, 20);
    sim_at(s, 7.5, 0, rec, &lg, 75);
    CHECK(sim_pending(s) == 7, "7 pending");

    uint64_t n = sim_run(s, 2);
    static const int64_t w1[] = {10, 11, 12, 20};
    CHECK(n == 4 && ids_are(&lg, w1, 4),
          "run(2): events up to and including t=2, in (time, prio, FIFO) "
          "order");
    CHECK(lg.at[0] == 1 && lg.at[1] == 1 && lg.at[2] == 1 && lg.at[3] == 2,
          "the clock reads each event's time inside its handler");
    EQ(sim_now(s), 2, "clock = until after run(2)");
    CHECK(sim_pending(s) == 3 && sim_events_run(s) == 4, "3 pending, 4 run");

    n = sim_run(s, 4.5);
    EQ(sim_now(s), 4.5, "run(4.5): clock set to until between events");
    CHECK(n == 1 && lg.n == 5 && lg.ids[4] == 30, "run(4.5) ran only t=3");

    n = sim_run(s, 4.5);
    CHECK(n == 0 && sim_now(s) == 4.5, "run to the same until: nothing");

    n = sim_run(s, 1);
    CHECK(n == 0 && sim_now(s) == 4.5, "run(until < now) leaves the clock");

    n = sim_run(s, 100);
    static const int64_t w2[] = {10, 11, 12, 20, 30, 50, 75};
    CHECK(n == 2 && ids_are(&lg, w2, 7), "run(100) runs the rest");
    EQ(sim_now(s), 100, "queue empty: clock advanced to until");
    CHECK(sim_events_run(s) == 7 && sim_pending(s) == 0,
          "events_run counts over all runs: 7");
    sim_free(s);
    sim_free(NULL);
}

/* ---- scheduling from handlers, clamping, cancellation ---- */

static void sched_past(sim *s, void *obj, int64_t arg)
{
    log_t *lg = obj;
    rec(s, obj, arg);
    /* in the past: must run at now (5), after this event */
    sim_at(s, 2, 0, rec, lg, 100);
    /* same time, lower prio number than the pending t=5 prio-1 event:
     * runs before it */
    sim_at(s, sim_now(s), 0, rec, lg, 101);
    /* cancel a pending one */
    lg->clock_ok = sim_cancel(s, lg->h[0]) == 1 &&
                   sim_cancel(s, lg->h[0]) == 0;
}

static void test_past_and_cancel(void)
{
    sim *s = sim_new(1, 0);
    log_t lg = {0};
    sim_at(s, 5, 0, sched_past, &lg, 1);
    sim_at(s, 5, 1, rec, &lg, 2);
    lg.h[0] = sim_at(s, 6, 0, rec, &lg, 3);
    sim_at(s, 7, 0, rec, &lg, 4);
    sim_run(s, 10);
    static const int64_t w[] = {1, 100, 101, 2, 4};
    CHECK(ids_are(&lg, w, 5),
          "a handler's events: past clamped to now, FIFO among prio 0, "
          "before a pending prio-1 event; a cancelled event never runs");
    CHECK(lg.at[1] == 5 && lg.at[2] == 5, "the clamped event ran at t=5");
    CHECK(lg.clock_ok, "sim_cancel: 1 for pending, then 0");

    /* from outside, after the clock moved to 10 */
    lg.n = 0;
    sim_at(s, 3, 0, rec, &lg, 7);
    sim_at(s, -INFINITY, 0, rec, &lg, 8);
    sim_run(s, 20);
    CHECK(lg.n == 2 && lg.at[0] == 10 && lg.at[1] == 10 && lg.ids[0] == 7,
          "events scheduled before now (3, -inf) run at now (10)");
    CHECK(sim_cancel(s, 0) == 0, "sim_cancel(0) = 0");
    sim_free(s);
}

/* ---- stop ---- */

static void stopper(sim *s, void *obj, int64_t arg)
{
    rec(s, obj, arg);
    sim_stop(s, "first");
    sim_stop(s, "second");
    /* scheduled before stopping returns: must stay pending */
    sim_at(s, sim_now(s), -100, rec, obj, 99);
}

static void test_stop(void)
{
    sim *s = sim_new(1, 0);
    log_t lg = {0};
    sim_at(s, 1, 0, rec, &lg, 1);
    sim_at(s, 3, 0, stopper, &lg, 2);
    sim_at(s, 3, 1, rec, &lg, 3); /* same time, after the stopper */
    sim_at(s, 4, 0, rec, &lg, 4);
    uint64_t n = sim_run(s, 10);
    static const int64_t w[] = {1, 2};
    CHECK(n == 2 && ids_are(&lg, w, 2),
          "sim_stop: the run returns after the current event (2 run)");
    const char *why = sim_stopped(s);
    CHECK(why && strcmp(why, "first") == 0, "the first reason is kept (%s)",
          why ? why : "(null)");
    EQ(sim_now(s), 3, "the clock stays at the stopping event, not until");
    CHECK(sim_pending(s) == 3, "the rest stays pending (3)");
    n = sim_run(s, 10);
    CHECK(n == 0 && lg.n == 2 && sim_now(s) == 3,
          "a stopped sim runs nothing more");
    CHECK(sim_events_run(s) == 2, "events_run = 2");
    sim_free(s);

    s = sim_new(1, 0);
    sim_stop(s, NULL);
    CHECK(sim_stopped(s) != NULL, "sim_stop(NULL) still stops");
    n = sim_run(s, 10);
    CHECK(n == 0, "stopped before running: nothing runs");
    sim_free(s);
}

/* ---- streams and identity ---- */

static void test_streams(void)
{
    sim *s = sim_new(77, 5);
    CHECK(sim_seed(s) == 77 && sim_replication(s) == 5,
          "seed and replication round-trip");
    int model;
    CHECK(sim_owner(s) == NULL, "owner NULL by default");
    sim_set_owner(s, &model);
    CHECK(sim_owner(s) == &model, "owner pointer round-trips");

    char name[32];
    strcpy(name, "arrivals");
    gsl_rng *a = sim_stream(s, name);
    strcpy(name, "XXXXXXXX"); /* the sim must have copied the name */
    gsl_rng *b = sim_stream(s, "los");
    gsl_rng *a2 = sim_stream(s, "arrivals");
    CHECK(a && b && a != b, "different names: different generators");
    CHECK(a2 == a, "same name: the same generator");
    for (int i = 0; i < 40; i++) { /* force the stream table to grow */
        snprintf(name, sizeof name, "s%d", i);
        sim_stream(s, name);
    }
    CHECK(sim_stream(s, "arrivals") == a && sim_stream(s, "los") == b,
          "lookups survive the table growing");

    /* each stream is the rng stream (seed, rep, name), drawn independently
     * of the others */
    gsl_rng *ra = rng_stream_new(77, 5, "arrivals");
    gsl_rng *rb = rng_stream_new(77, 5, "los");
    int same = 1;
    for (int i = 0; i < 1000; i++) {
        same &= gsl_rng_get(a) == gsl_rng_get(ra);
        if (i % 3 == 0)
            same &= gsl_rng_get(b) == gsl_rng_get(rb);
    }
    CHECK(same, "sim_stream(name) draws as rng_stream_new(seed, rep, name), "
                "interleaving does not matter");
    gsl_rng_free(ra);
    gsl_rng_free(rb);

    /* another replication: a different arrivals stream */
    sim *t = sim_new(77, 6);
    gsl_rng *ta = sim_stream(t, "arrivals");
    gsl_rng *check = rng_stream_new(77, 5, "arrivals");
    int differ = 0;
    for (int i = 0; i < 10; i++)
        differ += gsl_rng_get(ta) != gsl_rng_get(check);
    CHECK(differ == 10, "another replication has its own stream");
    gsl_rng_free(check);
    sim_free(t);
    sim_free(s);
}

/* An event that schedules the next one a minute later, for ever. */
static void tick(sim *s, void *obj, int64_t arg)
{
    (void)arg;
    sim_at(s, sim_now(s) + 1, 0, tick, obj, 0);
}

/* The runaway guard: no more than max events in all, over several calls
 * of sim_run; reaching it exactly with nothing left due is no stop. */
static void test_max_events(void)
{
    sim *s = sim_new(1, 0);
    sim_set_max_events(s, 100);
    sim_at(s, 0, 0, tick, NULL, 0);
    uint64_t a = sim_run(s, 39.5);
    CHECK(a == 40 && !sim_stopped(s), "40 events before t = 39.5, no stop");
    uint64_t b = sim_run(s, INFINITY);
    CHECK(b == 60 && sim_events_run(s) == 100,
          "then 60 more: 100 in all (%llu)", (unsigned long long)b);
    CHECK(sim_stopped(s) &&
              !strcmp(sim_stopped(s), "runaway: more events than "
                                      "max_events"),
          "stopped, saying why");
    sim_free(s);

    sim *t = sim_new(1, 0);
    log_t lg = {0};
    sim_set_max_events(t, 3);
    for (int i = 0; i < 3; i++)
        sim_at(t, i, 0, rec, &lg, i);
    CHECK(sim_run(t, INFINITY) == 3 && !sim_stopped(t),
          "exactly max events and none left: not a runaway");
    sim_free(t);
}

/* Model events at 0, 1, 2, 3 and 4; observation events at 3.5 (after
 * the model's), at 4 (before the model's event at 4) and at 10. */
static void schedule_observed(sim *s, log_t *lg)
{
    for (int i = 0; i < 5; i++)
        sim_at(s, i, i % 2 ? SIM_PRIO_MODEL_MAX : SIM_PRIO_MODEL_MIN, rec, lg,
               i);
    sim_at(s, 3.5, SIM_PRIO_OBSERVE_LAST, rec, lg, 35);
    sim_at(s, 4, SIM_PRIO_OBSERVE_FIRST, rec, lg, 40);
    sim_at(s, 10, SIM_PRIO_OBSERVE_LAST, rec, lg, 100);
}

/* Observation events run in their place but count neither in
 * sim_events_run nor towards max_events: with the budget spent they still
 * run until a model event is due, which alone makes the run a runaway. */
static void test_observation_events(void)
{
    sim *s = sim_new(1, 0);
    log_t lg = {0};
    sim_at(s, 1, SIM_PRIO_MODEL_MIN, rec, &lg, 1);
    sim_at(s, 1, SIM_PRIO_OBSERVE_FIRST, rec, &lg, 0);
    sim_at(s, 1, SIM_PRIO_OBSERVE_LAST, rec, &lg, 3);
    sim_at(s, 1, SIM_PRIO_MODEL_MAX, rec, &lg, 2);
    CHECK(sim_run(s, INFINITY) == 2 && sim_events_run(s) == 2 &&
              ids_are(&lg, (const int64_t[]){0, 1, 2, 3}, 4),
          "observe-first, model min, model max, observe-last; 2 counted");
    sim_free(s);

    s = sim_new(1, 0);
    memset(&lg, 0, sizeof lg);
    sim_set_max_events(s, 5);
    schedule_observed(s, &lg);
    uint64_t n = sim_run(s, INFINITY);
    CHECK(n == 5 && sim_events_run(s) == 5 && !sim_stopped(s) &&
              ids_are(&lg, (const int64_t[]){0, 1, 2, 3, 35, 40, 4, 100}, 8),
          "budget 5 for 5 model events: all 8 run, the last one past the "
          "budget, and no stop (%llu)", (unsigned long long)n);
    sim_free(s);

    s = sim_new(1, 0);
    memset(&lg, 0, sizeof lg);
    sim_set_max_events(s, 4);
    schedule_observed(s, &lg);
    n = sim_run(s, INFINITY);
    CHECK(n == 4 && sim_events_run(s) == 4 && sim_stopped(s) &&
              !strcmp(sim_stopped(s), "runaway: more events than "
                                      "max_events") &&
              ids_are(&lg, (const int64_t[]){0, 1, 2, 3, 35, 40}, 6) &&
              sim_now(s) == 4 && sim_pending(s) == 2,
          "budget 4: the observations before the 5th model event run, "
          "then a runaway at t = 4");
    sim_free(s);

    s = sim_new(1, 0);
    memset(&lg, 0, sizeof lg);
    sim_set_max_events(s, 4);
    schedule_observed(s, &lg);
    n = sim_run(s, 3.75);
    CHECK(n == 4 && !sim_stopped(s) && sim_now(s) == 3.75 &&
              ids_are(&lg, (const int64_t[]){0, 1, 2, 3, 35}, 5),
          "budget 4, until 3.75: spent, but no model event due: no stop");
    CHECK(sim_run(s, INFINITY) == 0 && sim_stopped(s) && lg.n == 6,
          "then the observation at 4 runs and the model event stops it");
    sim_free(s);
}

int main(void)
{
    test_order_and_until();
    test_past_and_cancel();
    test_stop();
    test_streams();
    test_max_events();
    test_observation_events();
    return tap_done();
}
