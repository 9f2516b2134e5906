/* test_evq.c -- the pending-event set (sim/evq.c).
 *
 * Order by (time, priority, insertion), exact (random operations against
 * a reference are test_evq_ref.c's); cancellation semantics for live, run,
 * cancelled, reused-slot, zero and garbage handles; the empty set; and that
 * memory follows the number of pending events, not the number pushed.
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

static void fn_b(void *ctx, void *obj, int64_t arg)
{
    (void)ctx, (void)obj, (void)arg;
}

/* Slot number of a handle.  The layout (generation << 32 | slot + 1) is
 * read from evq.c, not from the header; only the memory test uses it. */
static uint32_t slot_of(evq_handle h)
{
    return (uint32_t)(h & 0xffffffffu) - 1;
}

/* ------------------------------------------------------------------ */

static void test_small_order(void)
{
    evq *q = evq_new();
    int obj;
    /* pushed in this order; expected pop order by (time, prio, push) */
    struct { double t; int32_t p; } in[] = {
        {5, 0}, {1, 0}, {1, -3}, {1, 0}, {-2, 7}, {1, INT32_MAX},
        {1, INT32_MIN}, {0.5, 0}, {1, -3}, {1e300, 0}, {-1e300, 0},
    };
    const int64_t want[] = {10, 4, 7, 6, 2, 8, 1, 3, 5, 0, 9};
    size_t n = sizeof in / sizeof in[0];
    for (size_t i = 0; i < n; i++)
        evq_push(q, in[i].t, in[i].p, (i & 1) ? fn_b : fn_a, &obj,
                 (int64_t)i);
    CHECK(evq_size(q) == n, "size after %zu pushes", n);
    EQ(evq_next_time(q), -1e300, "next_time is the earliest time");
    CHECK(evq_next_prio(q) == 0, "next_prio is the earliest's (0)");
    evq_push(q, -1e300, -5, fn_a, &obj, 99);
    CHECK(evq_next_prio(q) == -5, "next_prio follows a new earliest (-5)");
    evq_event first;
    CHECK(evq_pop(q, &first) && first.arg == 99 && evq_next_prio(q) == 0,
          "and returns to 0 when it is popped");
    int order_ok = 1, fields_ok = 1;
    for (size_t i = 0; i < n; i++) {
        evq_event ev;
        if (!evq_pop(q, &ev)) {
            order_ok = 0;
            break;
        }
        if (ev.arg != want[i])
            order_ok = 0;
        size_t k = (size_t)ev.arg;
        if (k < n && (ev.time != in[k].t || ev.prio != in[k].p ||
                      ev.obj != &obj || ev.fn != ((k & 1) ? fn_b : fn_a)))
            fields_ok = 0;
    }
    CHECK(order_ok, "hand-made events pop in (time, prio, FIFO) order, "
                    "extreme prios included");
    CHECK(fields_ok, "popped events carry their time, prio, fn, obj, arg");
    evq_event ev;
    CHECK(evq_pop(q, &ev) == 0, "pop on empty returns 0");
    CHECK(evq_size(q) == 0, "size 0 after draining");
    evq_free(q);
}

/* Many events on three times and five priorities: the pop order must be
 * the stable sort of the push order by (time, prio). */
typedef struct { double t; int32_t p; int64_t id; } key;

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void test_ties(void)
{
    enum { N = 5000 };
    static key k[N];
    static const double times[] = {0, 1, 2, -1.5};
    static const int32_t prios[] = {-2, 0, 5, INT32_MIN, INT32_MAX};
    uint64_t x = 42;
    evq *q = evq_new();
    for (int i = 0; i < N; i++) {
        k[i].t = times[tap_below(&x, 4)];
        k[i].p = prios[tap_below(&x, 5)];
        k[i].id = i;
        evq_push(q, k[i].t, k[i].p, fn_a, NULL, i);
    }
    qsort(k, N, sizeof k[0], key_cmp);
    int bad = -1;
    for (int i = 0; i < N; i++) {
        evq_event ev;
        if (!evq_pop(q, &ev) || ev.arg != k[i].id) {
            bad = i;
            break;
        }
    }
    CHECK(bad < 0, "%d events on 4 times x 5 prios pop in exact stable "
                   "order (first mismatch at %d)", N, bad);

    /* All on one (time, prio): pure FIFO, interleaved with pops. */
    int fifo_ok = 1;
    int64_t next_pop = 0, next_push = 0;
    for (int round = 0; round < 200; round++) {
        int np = 1 + (int)tap_below(&x, 20), nq = (int)tap_below(&x, 20);
        for (int i = 0; i < np; i++)
            evq_push(q, 7.0, 3, fn_a, NULL, next_push++);
        for (int i = 0; i < nq && evq_size(q) > 0; i++) {
            evq_event ev;
            evq_pop(q, &ev);
            if (ev.arg != next_pop++)
                fifo_ok = 0;
        }
    }
    evq_event ev;
    while (evq_pop(q, &ev))
        if (ev.arg != next_pop++)
            fifo_ok = 0;
    CHECK(fifo_ok && next_pop == next_push,
          "equal (time, prio): FIFO across interleaved push/pop");
    evq_free(q);
}

/* Events in one bucket of time (5 units wide): pushed while it is the
 * present (kept sorted up to 32 entries, a heap beyond) or while it is
 * still ahead (sorted or heapified when it becomes the present), in
 * random order, with an event at time 1 popped first.  The pop order
 * must be the stable sort by (time, prio) whatever the count. */
static void test_bucket_sizes(void)
{
    enum { MAXN = 200 };
    static key k[MAXN];
    static const int sizes[] = {1, 5, 31, 32, 33, 64, MAXN};
    uint64_t x = 5;
    int ok = 1;
    for (int ahead = 0; ahead < 2; ahead++)
        for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
            int n = sizes[si];
            double base = ahead ? 10.0 : 0.0;
            evq *q = evq_new();
            evq_push(q, 1, 0, fn_a, NULL, -1);
            for (int i = 0; i < n; i++) {
                k[i].t = base + 1 + (double)tap_below(&x, 4000) / 1000.0;
                if (tap_below(&x, 4) == 0)
                    k[i].t = base + 2.5; /* ties */
                k[i].p = (int32_t)tap_below(&x, 3);
                k[i].id = i;
                evq_push(q, k[i].t, k[i].p, fn_a, NULL, i);
            }
            qsort(k, (size_t)n, sizeof k[0], key_cmp);
            evq_event ev;
            if (!evq_pop(q, &ev) || ev.arg != -1)
                ok = 0;
            for (int i = 0; i < n; i++)
                if (!evq_pop(q, &ev) || ev.arg != k[i].id)
                    ok = 0;
            if (evq_pop(q, &ev))
                ok = 0;
            evq_free(q);
        }
    CHECK(ok, "1 to %d events in one bucket, pushed while it is the "
              "present or ahead, pop in stable (time, prio) order", MAXN);
}

/* Cancellation: of a pending event, twice, of one already popped, of a
 * reused slot's stale handle, and of garbage handles.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_cancel(void)
{
    evq *q = evq_new();
    evq_event ev;

    CHECK(evq_cancel(q, 0) == 0, "cancel(0) on a new set returns 0");
    CHECK(evq_cancel(q, 12345) == 0, "cancel(garbage) on a new set returns 0");
    CHECK(isinf(evq_next_time(q)) && evq_next_time(q) > 0 &&
              evq_next_prio(q) == 0,
          "next_time of a new set is +inf, next_prio 0");

    evq_handle h1 = evq_push(q, 1, 0, fn_a, NULL, 1);
    evq_handle h2 = evq_push(q, 2, 0, fn_a, NULL, 2);
    evq_handle h3 = evq_push(q, 3, 0, fn_a, NULL, 3);
    CHECK(h1 && h2 && h3 && h1 != h2 && h2 != h3 && h1 != h3,
          "handles are non-zero and distinct");
    CHECK(evq_cancel(q, h2) == 1, "cancel of a pending event returns 1");
    CHECK(evq_size(q) == 2, "size drops on cancel");
    CHECK(evq_cancel(q, h2) == 0, "second cancel of the same handle returns 0");
    CHECK(evq_pop(q, &ev) && ev.arg == 1, "pop after cancel: first event");
    CHECK(evq_cancel(q, h1) == 0, "cancel of an event already popped is 0");
    CHECK(evq_pop(q, &ev) && ev.arg == 3, "cancelled event is never popped");
    CHECK(evq_size(q) == 0 && isinf(evq_next_time(q)) &&
              evq_next_time(q) > 0,
          "next_time +inf after draining");

    /* Slot reuse: the freed slot of h4 is taken by h5 (free list is LIFO);
     * h4 is now stale and must neither report success nor touch h5. */
    evq_handle h4 = evq_push(q, 10, 0, fn_a, NULL, 4);
    CHECK(evq_cancel(q, h4) == 1, "cancel h4");
    evq_handle h5 = evq_push(q, 11, 0, fn_a, NULL, 5);
    CHECK(slot_of(h4) == slot_of(h5) && h4 != h5,
          "h5 reuses h4's slot with a new generation");
    CHECK(evq_cancel(q, h4) == 0, "stale handle of a reused slot returns 0");
    CHECK(evq_size(q) == 1 && evq_pop(q, &ev) && ev.arg == 5,
          "the reusing event survives the stale cancel");
    /* reused by a popped event too */
    evq_handle h6 = evq_push(q, 12, 0, fn_a, NULL, 6);
    CHECK(evq_cancel(q, h5) == 0 && evq_size(q) == 1,
          "popped handle whose slot is reused returns 0");
    CHECK(evq_cancel(q, h6) == 1, "the live handle in that slot cancels");

    /* Garbage: zero, slot beyond the array, generation never issued,
     * all ones, the right slot with a wrong generation. */
    evq_handle h7 = evq_push(q, 13, 0, fn_a, NULL, 7);
    evq_handle garbage[] = {
        0,
        UINT64_MAX,
        ((uint64_t)1 << 32) | 0xfffffffeu,
        (uint64_t)slot_of(h7) + 1, /* generation 0 is never issued */
        h7 + ((uint64_t)1000 << 32),
        h7 ^ 0x00000000ffffffffULL,
        (uint64_t)1 << 63,
    };
    int gok = 1;
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++)
        if (evq_cancel(q, garbage[i]) != 0)
            gok = 0;
    CHECK(gok, "handle 0 and garbage handles return 0");
    CHECK(evq_size(q) == 1 && evq_next_time(q) == 13,
          "garbage cancels leave the live event alone");
    CHECK(evq_cancel(q, h7) == 1, "the live event still cancels");

    /* Cancelling from the middle of a large heap keeps it a heap. */
    enum { M = 2000 };
    static evq_handle hs[M];
    uint64_t x = 7;
    for (int i = 0; i < M; i++)
        hs[i] = evq_push(q, (double)tap_below(&x, 100), 0, fn_a, NULL, i);
    static char gone[M];
    memset(gone, 0, sizeof gone);
    int cok = 1;
    for (int i = 0; i < M; i += 3) {
        gone[i] = 1;
        if (evq_cancel(q, hs[i]) != 1)
            cok = 0;
    }
    double last = -INFINITY;
    size_t left = 0;
    while (evq_pop(q, &ev)) {
        if (ev.time < last || gone[ev.arg])
            cok = 0;
        last = ev.time;
        left++;
    }
    CHECK(cok && left == M - (M + 2) / 3,
          "cancelling every third of %d leaves the rest in time order", M);
    evq_free(q);
    evq_free(NULL);
    CHECK(1, "evq_free(NULL) is harmless");
}

/* ------------------------------------------------------------------ */

/* With at most 10 pending, slots are reused: no handle may name a slot
 * >= 10 (the free list hands back freed slots before fresh ones; a leak
 * of one slot per event would reach slot 300,000 here). */
static void test_memory_reuse(void)
{
    enum { OPS = 300000, MAXP = 10 };
    evq *q = evq_new();
    evq_handle live[MAXP];
    int64_t ids[MAXP];
    size_t nl = 0, peak = 0;
    uint32_t max_slot = 0;
    uint64_t x = 99;
    int64_t next_id = 0;
    double now = 0;
    int ok = 1;
    for (long op = 0; op < OPS; op++) {
        uint32_t r = tap_below(&x, 3);
        if (nl < MAXP && (nl == 0 || r == 0)) {
            evq_handle h = evq_push(q, now + (double)tap_below(&x, 50), 0,
                                    fn_a, NULL, next_id);
            if (!h)
                ok = 0;
            if (slot_of(h) > max_slot)
                max_slot = slot_of(h);
            ids[nl] = next_id++;
            live[nl++] = h;
        } else if (r == 1) {
            size_t i = tap_below(&x, (uint32_t)nl);
            if (evq_cancel(q, live[i]) != 1)
                ok = 0;
            --nl;
            live[i] = live[nl];
            ids[i] = ids[nl];
        } else {
            evq_event ev;
            if (!evq_pop(q, &ev)) {
                ok = 0;
                break;
            }
            now = ev.time;
            size_t i = 0;
            while (i < nl && ids[i] != ev.arg)
                i++;
            if (i == nl) {
                ok = 0;
                break;
            }
            if (evq_cancel(q, live[i]) != 0) /* just ran: stale */
                ok = 0;
            --nl;
            live[i] = live[nl];
            ids[i] = ids[nl];
        }
        if (evq_size(q) != nl)
            ok = 0;
        if (evq_size(q) > peak)
            peak = evq_size(q);
    }
    CHECK(ok, "300k push/pop/cancel cycles with <= %d pending: sizes and "
              "handles agree", MAXP);
    CHECK(peak == MAXP, "the cycle reached %d pending", MAXP);
    CHECK(max_slot < MAXP, "slots are reused: highest slot %u < %d", max_slot,
          MAXP);
    CHECK(next_id > 100000, "the cycle pushed %lld events", (long long)next_id);
    evq_free(q);
}

/* evq_pop_until takes only what is due; NaN limits take nothing. */
static void test_pop_until(void)
{
    evq *q = evq_new();
    evq_event ev;
    for (int i = 3; i >= 1; i--)
        evq_push(q, i, 0, NULL, NULL, i);
    CHECK(evq_pop_until(q, 2.5, &ev) && ev.arg == 1, "pop_until 2.5: 1 first");
    CHECK(evq_pop_until(q, 2.5, &ev) && ev.arg == 2, "pop_until 2.5: then 2");
    CHECK(!evq_pop_until(q, 2.5, &ev) && evq_size(q) == 1,
          "pop_until 2.5: 3 stays");
    CHECK(!evq_pop_until(q, NAN, &ev), "pop_until NaN: nothing");
    CHECK(evq_pop_until(q, 3, &ev) && ev.arg == 3, "pop_until 3: due at 3");
    CHECK(!evq_pop_until(q, INFINITY, &ev), "empty: nothing");
    evq_free(q);
}

/* The 32-bit insertion count wraps: the pending events are numbered
 * again in their order, so ties still pop first-in first-out and
 * priorities still count.  Events on two times and two priorities, pushed
 * across the wrap (and a second wrap), interleaved with pops. */
static void test_sequence_wrap(void)
{
    evq *q = evq_new();
    evq_set_sequence(q, UINT32_MAX - 5);
    enum { N = 40 };
    int64_t next = 0, want_a = 0;
    int ok = 1;
    for (int i = 0; i < N; i++) {
        /* arg = push number; (time 1, prio 0) in FIFO order, and decoys
         * at (1, 1) and (2, -1) that must come after */
        evq_push(q, 1, 0, fn_a, NULL, next++);
        evq_push(q, 1, 1, fn_a, NULL, -1);
        evq_push(q, 2, -1, fn_a, NULL, -2);
        if (i == 20)
            evq_set_sequence(q, UINT32_MAX); /* not empty: wraps at once */
        if (i % 3 == 2) { /* pop one: the earliest (1, 0) */
            evq_event ev;
            if (!evq_pop(q, &ev) || ev.arg != want_a++)
                ok = 0;
        }
    }
    evq_event ev;
    int64_t last_prio1 = 0;
    while (evq_pop(q, &ev)) {
        if (ev.arg >= 0) {
            if (ev.arg != want_a++ || last_prio1)
                ok = 0;
        } else if (ev.arg == -1) {
            last_prio1 = 1;
        } else if (ev.time != 2 || ev.prio != -1) {
            ok = 0;
        }
    }
    CHECK(ok && want_a == N,
          "insertion count wrapping (twice): %d ties at (1, 0) pop in push "
          "order, before (1, 1) and (2, -1)", N);
    evq_free(q);
}

/* A cancelled event second in the far heap (due weeks ahead) is never
 * popped once the first is: the far heap's new top is looked at after a
 * pop from it, while the present (later) still holds an event. */
static void test_far_stale_top(void)
{
    evq *q = evq_new();
    evq_event ev;
    evq_push(q, 1, 0, fn_a, NULL, 1);
    evq_push(q, 20000, 0, fn_a, NULL, 2);            /* far */
    evq_handle h3 = evq_push(q, 20001, 0, fn_a, NULL, 3); /* far */
    int ok = evq_pop(q, &ev) && ev.arg == 1;
    evq_push(q, 20002, 0, fn_a, NULL, 4); /* near the far events now */
    ok = ok && evq_cancel(q, h3) == 1;
    ok = ok && evq_pop_until(q, INFINITY, &ev) && ev.arg == 2;
    ok = ok && evq_pop_until(q, INFINITY, &ev) && ev.arg == 4;
    ok = ok && !evq_pop_until(q, INFINITY, &ev) && evq_size(q) == 0;
    CHECK(ok, "a cancelled event next in the far heap is not popped after "
              "the far top is");
    evq_free(q);
}

/* Events due beyond the ring (about a week ahead) wait in the far heap
 * and move into the ring's buckets as the ring reaches them: there they
 * keep their order with the events pushed into the same bucket of the
 * ring later (at one time and priority, first scheduled first run), an
 * event cancelled before or after its move never runs, and one due
 * later still moves in its turn. */
static void test_far_moves_in(void)
{
    evq *q = evq_new();
    evq_event ev;
    int ok = evq_push(q, 0, 0, fn_a, NULL, 0) && evq_pop(q, &ev);
    evq_push(q, 9000, 0, fn_a, NULL, 10); /* the present (it jumps) */
    evq_push(q, 9100, 0, fn_a, NULL, 11); /* the ring */
    evq_push(q, 9800, 0, fn_a, NULL, 12);
    evq_push(q, 9900, 0, fn_a, NULL, 13);
    evq_push(q, 20000, 0, fn_a, NULL, 1);                 /* far */
    evq_push(q, 20000, 1, fn_a, NULL, 2);                 /* far */
    evq_handle h3 = evq_push(q, 20000.5, 0, fn_a, NULL, 3); /* far */
    evq_handle h4 = evq_push(q, 30000, 0, fn_a, NULL, 4);   /* far */
    evq_push(q, 30001, 0, fn_a, NULL, 5);                 /* far */
    ok = ok && evq_cancel(q, h4) == 1; /* in the far heap */
    ok = ok && evq_pop_until(q, INFINITY, &ev) && ev.arg == 10;
    ok = ok && evq_pop_until(q, INFINITY, &ev) && ev.arg == 11;
    /* the present is at 9800 now: the ring reaches 20000 (its events
     * have moved in), and these go into the same bucket */
    evq_push(q, 20000, 0, fn_a, NULL, 7);
    evq_push(q, 20000, -1, fn_a, NULL, 8);
    ok = ok && evq_cancel(q, h3) == 1; /* moved into the ring */
    ok = ok && evq_next_time(q) == 9800 && evq_size(q) == 7;
    static const int64_t want[] = {12, 13, 8, 1, 7, 2, 5};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ok = ok && evq_pop_until(q, INFINITY, &ev) && ev.arg == want[i];
    ok = ok && !evq_pop_until(q, INFINITY, &ev) && evq_size(q) == 0;
    CHECK(ok, "far events moved into the ring keep (time, priority, "
              "insertion) order with the ring's; cancelled ones never run");
    evq_free(q);
}

/* Times at the edges of a push's fast path (from +0 to below 2^64):
 * -0 (equal to +0, after it when pushed after it, and popped with its
 * sign), the double just below 2^64, 2^64, 2^70 and infinity, and
 * negative times, all in order. */
static void test_time_edges(void)
{
    evq *q = evq_new();
    evq_event ev;
    const double t[] = {0.0,        -0.0,  0x1p64,   nextafter(0x1p64, 0),
                        0x1p70,     INFINITY, 1.0,   -1.0};
    for (int i = 0; i < 8; i++)
        evq_push(q, t[i], 0, fn_a, NULL, i);
    static const int64_t want[] = {7, 0, 1, 6, 3, 2, 4, 5};
    int ok = 1;
    for (int i = 0; i < 8; i++) {
        ok = ok && evq_pop(q, &ev) && ev.arg == want[i] &&
             ev.time == t[want[i]];
        if (ok && want[i] == 1)
            ok = signbit(ev.time) != 0;
    }
    ok = ok && !evq_pop(q, &ev);
    CHECK(ok, "times -0, +0, near 2^64, 2^70, infinity and below 0 pop "
              "in order, -0 with its sign");
    evq_free(q);
}

int main(void)
{
    test_pop_until();
    test_small_order();
    test_ties();
    test_bucket_sizes();
    test_cancel();
    test_far_stale_top();
    test_far_moves_in();
    test_time_edges();
    test_memory_reuse();
    test_sequence_wrap();
    return tap_done();
}
