/* test_nan_times.c -- NaN event times are refused.
 *
 * The bug this guards against (found by these tests): a NaN event time was
 * accepted by evq_push, and by sim_at, whose clamp `if (at < s->now)` is
 * false for NaN.  NaN compares neither before nor after anything, so the
 * heap invariant broke: other events popped out of time order (pushing
 * 5, NaN, 3, 1, 2, 4, 0.5 popped 0.5 4 5 2 1 3 NaN), and once the NaN
 * reached the top, evq_next_time was NaN, `NaN <= until` was false and
 * sim_run returned as if the horizon were reached -- clock moved to until,
 * events left pending, no stop reason: a silently truncated run, one bad
 * duration away.  Now evq_push returns 0 for NaN, and sim_at stops the run
 * with a reason and returns 0.
 */
#include <math.h>
#include <stdint.h>
#include "evq.h"
#include "sim.h"
#include "tap.h"

static void count(sim *s, void *obj, int64_t arg)
{
    (void)s, (void)arg;
    ++*(int *)obj;
}

/* At t=2, schedules an event at NaN, then one at 3. */
static void bad_duration(sim *s, void *obj, int64_t arg)
{
    (void)arg;
    ++*(int *)obj;
    sim_at(s, sim_now(s) + NAN, 0, count, obj, 0);
    sim_at(s, 3, 0, count, obj, 0);
}

int main(void)
{
    /* evq: NaN refused; the others pop in time order */
    evq *q = evq_new();
    static const double t[] = {5, NAN, 3, 1, 2, 4, 0.5};
    int refused = 1;
    for (int i = 0; i < 7; i++) {
        evq_handle h = evq_push(q, t[i], 0, NULL, NULL, i);
        refused &= isnan(t[i]) ? h == 0 : h != 0;
    }
    CHECK(refused && evq_size(q) == 6,
          "evq_push refuses NaN (returns 0), accepts the rest");
    evq_event ev;
    double last = -INFINITY;
    int ordered = 1, n = 0;
    while (evq_pop(q, &ev)) {
        ordered &= !isnan(ev.time) && ev.time >= last;
        last = ev.time;
        n++;
    }
    CHECK(ordered && n == 6, "the other events pop in time order");
    /* infinities are ordered values, not refused */
    CHECK(evq_push(q, INFINITY, 0, NULL, NULL, 0) &&
              evq_push(q, -INFINITY, 0, NULL, NULL, 1) &&
              evq_pop(q, &ev) && ev.arg == 1 && evq_next_time(q) == INFINITY,
          "+inf and -inf are accepted and ordered");
    evq_free(q);

    /* sim: sim_at(NaN) stops the run, loudly */
    sim *s = sim_new(1, 0);
    int ran = 0;
    CHECK(sim_at(s, NAN, 0, count, &ran, 0) == 0, "sim_at(NaN) returns 0");
    CHECK(sim_stopped(s) != NULL, "sim_at(NaN) stops the sim with a reason");
    CHECK(sim_pending(s) == 0, "nothing was scheduled");
    for (int i = 1; i <= 9; i++)
        sim_at(s, i, 0, count, &ran, i);
    sim_run(s, 100);
    CHECK(ran == 0 && sim_now(s) == 0,
          "the stopped sim runs nothing and does not move the clock");
    sim_free(s);

    /* from a handler: the run ends after that event, not at until */
    s = sim_new(1, 0);
    ran = 0;
    sim_at(s, 1, 0, count, &ran, 0);
    sim_at(s, 2, 0, bad_duration, &ran, 0);
    sim_at(s, 5, 0, count, &ran, 0);
    uint64_t m = sim_run(s, 100);
    CHECK(m == 2 && ran == 2 && sim_stopped(s) && sim_now(s) == 2,
          "a NaN from a handler stops the run after that event, at t=2");
    sim_free(s);
    return tap_done();
}
