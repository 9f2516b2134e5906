/* test_evq_ref.c -- the pending-event set (sim/evq.c) against a
 * reference: random pushes, pops and cancels checked step by step
 * against a sorted array, with scattered times (most pushes before the
 * events already popped) and with times that follow a clock as a
 * simulation's do (buckets filled ahead, a present sorted or a heap, the
 * far heap).  The fixed cases are test_evq.c's.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "evq.h"
#include "tap.h"

static void fn_a(void *ctx, void *obj, int64_t arg)
{
    (void)ctx, (void)obj, (void)arg;
}

/* Reference model: pending events in an array sorted *descending* by
 * (time, prio, seq), so the earliest is last. */

typedef struct {
    double t;
    int32_t p;
    uint64_t seq;
    evq_handle h;
} ref_ev;

static int ref_before(const ref_ev *a, const ref_ev *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->p != b->p)
        return a->p < b->p;
    return a->seq < b->seq;
}

/* A new event's time.  Scattered (clock 0): integer times below 40 (many
 * exact ties) or continuous below 1024, with no clock, so most pushes
 * land before the events already popped.  Clocked (clock 1): the time
 * of the last pop plus a delay like a simulation's -- none (ties), under
 * a bucket (5), hours, beyond the ring of buckets (about a week), or a
 * burst of 40 on one time -- so buckets are filled ahead, turn into the
 * present (sorted when small, a heap past 32 entries) and the far heap
 * takes the long stays. */
static double next_time(int clock, double now, uint64_t *x)
{
    if (!clock)
        return tap_below(x, 2) ? (double)tap_below(x, 40)
                               : (double)tap_below(x, 1u << 20) / 1024.0;
    switch (tap_below(x, 6)) {
    case 0:
        return now;
    case 1:
        return now + (double)tap_below(x, 5000) / 1000.0;
    case 2:
        return now + (double)tap_below(x, 600000) / 1000.0;
    case 3:
        return now + (double)tap_below(x, 30000);
    case 4:
        return floor(now / 7.0) * 7.0 + 7.0; /* bursts on one time */
    default:
        return now + (double)tap_below(x, 100) / 8.0;
    }
}

/* Random schedules, cancels and pops against a sorted reference, step by
 * step.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_random_vs_reference(int clock)
{
    enum { OPS = 100000, RING = 4096 };
    static ref_ev ref[OPS];
    static evq_handle dead[RING];
    size_t n = 0, ndead = 0;
    uint64_t x = clock ? 20261205 : 20240501, seq = 0;
    double now = 0;
    evq *q = evq_new();
    long pops = 0, cancels = 0, stale = 0, maxn = 0;
    const char *fail = NULL;
    long fail_at = -1;

    for (long op = 0; op < OPS && !fail; op++) {
        /* Three phases: push-heavy (the set grows to ~1,500), balanced
         * (a random walk around that size), then pop/cancel-heavy (it
         * drains and hovers near empty, where pops on an empty set
         * happen).  Thresholds out of 100: push, pop, cancel, stale. */
        static const uint32_t th[3][3] = {
            {50, 70, 95}, {45, 75, 90}, {40, 75, 95}};
        const uint32_t *p = th[op < 30000 ? 0 : op < 70000 ? 1 : 2];
        uint32_t r = tap_below(&x, 100);
        int kind = r < p[0] ? 0 : r < p[1] ? 1 : r < p[2] ? 2 : 3;
        if (kind == 0) {
            ref_ev e;
            e.t = next_time(clock, now, &x);
            e.p = (int32_t)tap_below(&x, 4) - 1;
            e.seq = seq++;
            e.h = evq_push(q, e.t, e.p, fn_a, NULL, (int64_t)e.seq);
            if (e.h == 0) {
                fail = "push returned 0";
                break;
            }
            /* insertion point: first index whose element is before e */
            size_t lo = 0, hi = n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (ref_before(&ref[mid], &e))
                    hi = mid;
                else
                    lo = mid + 1;
            }
            memmove(&ref[lo + 1], &ref[lo], (n - lo) * sizeof ref[0]);
            ref[lo] = e;
            n++;
        } else if (kind == 1) {
            /* every other pop by evq_pop_until: nothing just before the
             * earliest time, the earliest event at it */
            evq_event ev;
            int got;
            if (op % 2) {
                got = evq_pop(q, &ev);
            } else {
                double at = n ? ref[n - 1].t : INFINITY;
                if (evq_pop_until(q, nextafter(at, -INFINITY), &ev) ||
                    evq_size(q) != n) {
                    fail = "pop_until before the earliest time popped";
                    break;
                }
                got = evq_pop_until(q, at, &ev);
            }
            if (n == 0) {
                if (got)
                    fail = "pop on empty set returned an event";
                continue;
            }
            ref_ev *w = &ref[--n];
            if (!got || ev.arg != (int64_t)w->seq || ev.time != w->t ||
                ev.prio != w->p)
                fail = "popped event differs from the reference";
            now = ev.time;
            dead[ndead++ % RING] = w->h;
            pops++;
        } else if (kind == 2) {
            if (n == 0)
                continue;
            size_t i = tap_below(&x, (uint32_t)n);
            if (evq_cancel(q, ref[i].h) != 1)
                fail = "cancel of a pending event did not return 1";
            dead[ndead++ % RING] = ref[i].h;
            memmove(&ref[i], &ref[i + 1], (n - i - 1) * sizeof ref[0]);
            n--;
            cancels++;
        } else {
            if (ndead == 0)
                continue;
            size_t lim = ndead < RING ? ndead : RING;
            if (evq_cancel(q, dead[tap_below(&x, (uint32_t)lim)]) != 0)
                fail = "cancel of a run/cancelled handle did not return 0";
            stale++;
        }
        if (!fail && evq_size(q) != n)
            fail = "evq_size differs from the reference";
        double want = n ? ref[n - 1].t : INFINITY;
        if (!fail && evq_next_time(q) != want)
            fail = "evq_next_time differs from the reference";
        if ((long)n > maxn)
            maxn = (long)n;
        if (fail)
            fail_at = op;
    }
    /* drain */
    while (!fail && n > 0) {
        evq_event ev;
        ref_ev *w = &ref[--n];
        if (!evq_pop(q, &ev) || ev.arg != (int64_t)w->seq)
            fail = "drained event differs from the reference";
    }
    evq_event ev;
    if (!fail && evq_pop(q, &ev))
        fail = "set not empty after the reference drained";
    CHECK(!fail, "100k random push/pop/pop_until/cancel ops (%s times) "
                 "match a sorted-array reference exactly%s%s",
          clock ? "clocked" : "scattered", fail ? ": " : "", fail ? fail : "");
    if (fail)
        printf("#   at op %ld\n", fail_at);
    /* the run must actually exercise what it claims to */
    CHECK(pops > 20000 && cancels > 10000 && stale > 2000 && maxn > 1000,
          "reference run exercised pops (%ld), cancels (%ld), stale cancels "
          "(%ld), peak size (%ld)", pops, cancels, stale, maxn);
    evq_free(q);
}

/* ------------------------------------------------------------------ */

int main(void)
{
    test_random_vs_reference(0);
    test_random_vs_reference(1);
    return tap_done();
}
