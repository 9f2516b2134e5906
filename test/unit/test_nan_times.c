/* test_nan_times.c -- NaN event times are refused.
 *
 * The bug this guards against: a NaN event time is accepted by evq_push (and by sim_at, whose
 * clamp `if (at < s->now)` is false for NaN).  NaN compares neither before
 * nor after anything, so the heap invariant breaks: other events then pop
 * out of time order, and once the NaN reaches the top evq_next_time is NaN,
 * `NaN <= until` is false and sim_run returns as if the horizon were
 * reached -- clock moved to `until`, events left pending, no stop reason.
 * A NaN time is one bad duration away (e.g. a distribution with invalid
 * parameters), so the failure would be a silently truncated run.
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

int main(void)
{
    /* evq: the other events must still pop in time order (or the NaN
     * push must be refused). */
    evq *q = evq_new();
    static const double t[] = {5, NAN, 3, 1, 2, 4, 0.5};
    for (int i = 0; i < 7; i++)
        evq_push(q, t[i], 0, NULL, NULL, i);
    evq_event ev;
    double last = -INFINITY;
    int ordered = 1;
    while (evq_pop(q, &ev)) {
        if (isnan(ev.time))
            continue;
        if (ev.time < last)
            ordered = 0;
        last = ev.time;
    }
    CHECK(ordered, "a NaN event time does not break the order of the others");
    evq_free(q);

    /* sim: a NaN time must not silently end the run early. */
    sim *s = sim_new(1, 0);
    int ran = 0;
    sim_at(s, NAN, 0, count, &ran, 0);
    for (int i = 1; i <= 9; i++)
        sim_at(s, i, 0, count, &ran, i);
    sim_run(s, 100);
    CHECK(ran == 9 || sim_stopped(s) != NULL,
          "sim_at(NaN) then 9 events, run(100): all 9 run or the sim stops "
          "with a reason (ran %d, stopped %s)",
          ran, sim_stopped(s) ? "yes" : "no");
    sim_free(s);
    return tap_done();
}
