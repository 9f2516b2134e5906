/* test_line.c -- the waiting line with lazy removal (models/line.c).
 *
 * FIFO among equal priorities, priority order otherwise; stale entries are
 * skipped by line_pop; line_forget's compaction keeps exactly the live
 * entries, in order, and bounds the heap by the live count.  A line
 * without priorities (line_init_fifo) is a ring: the same against a
 * reference, with the ring wrapping round its end and compacting while
 * wrapped.  line_peek shows the first live entry without taking it;
 * line_compact drops the stale entries nobody said were stale.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "line.h"
#include "tap.h"

enum { MAXT = 4096 };

/* Patients: who = &pat[ticket]; live unless stale[ticket]. */
typedef struct {
    char stale[MAXT];
    int pat[MAXT];
    long calls;
} world;

static int is_live(const line_entry *e, void *ud)
{
    world *w = ud;
    w->calls++;
    return e->ticket < MAXT && !w->stale[e->ticket] &&
           e->who == &w->pat[e->ticket];
}

static world W;

/* Pops everything; returns the number popped; tickets into out[]. */
static size_t drain(line *l, uint64_t *out, size_t max)
{
    size_t k = 0;
    void *who;
    while ((who = line_pop(l, is_live, &W)) != NULL) {
        if (k < max)
            out[k] = (uint64_t)((int *)who - W.pat);
        k++;
    }
    return k;
}

static void test_fifo(void)
{
    line l;
    line_init(&l);
    memset(&W, 0, sizeof W);
    for (uint64_t t = 0; t < 1000; t++)
        line_push(&l, 0, t, &W.pat[t]);
    CHECK(l.live == 1000 && l.n == 1000, "1000 pushed, 1000 live");
    static uint64_t out[MAXT];
    size_t n = drain(&l, out, MAXT);
    int ok = n == 1000;
    for (size_t i = 0; ok && i < n; i++)
        ok = out[i] == i;
    CHECK(ok, "equal priorities: pop in arrival (ticket) order");
    CHECK(l.live == 0 && l.n == 0, "empty after draining");
    CHECK(line_pop(&l, is_live, &W) == NULL, "pop on empty returns NULL");
    line_free(&l);
}

static int by_prio_ticket(const void *a, const void *b)
{
    const line_entry *x = a, *y = b;
    if (x->prio != y->prio)
        return x->prio < y->prio ? -1 : 1;
    return x->ticket < y->ticket ? -1 : x->ticket > y->ticket;
}

static void test_priority(void)
{
    line l;
    line_init(&l);
    memset(&W, 0, sizeof W);
    static line_entry want[2000];
    uint64_t x = 5;
    /* interleave pushes and pops; the reference is sorted each time */
    size_t nw = 0, popped = 0;
    int ok = 1;
    uint64_t t = 0;
    for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 20; i++, t++) {
            int32_t p = (int32_t)tap_below(&x, 5) - 2;
            line_push(&l, p, t, &W.pat[t]);
            want[nw++] = (line_entry){p, t, &W.pat[t]};
        }
        qsort(want, nw, sizeof want[0], by_prio_ticket);
        int k = (int)tap_below(&x, 25);
        for (int i = 0; i < k && nw > 0; i++) {
            void *who = line_pop(&l, is_live, &W);
            if (who != want[0].who)
                ok = 0;
            memmove(&want[0], &want[1], (nw - 1) * sizeof want[0]);
            nw--;
            popped++;
        }
    }
    static uint64_t out[MAXT];
    size_t n = drain(&l, out, MAXT);
    if (n != nw)
        ok = 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = out[i] == want[i].ticket;
    CHECK(ok && popped > 500, "5 priorities, interleaved push/pop: order "
                              "(prio, ticket) exactly (%zu popped early)",
          popped);
    line_free(&l);
}

static void test_lazy(void)
{
    line l;
    line_init(&l);
    memset(&W, 0, sizeof W);
    for (uint64_t t = 0; t < 10; t++)
        line_push(&l, t < 5 ? 1 : 0, t, &W.pat[t]);
    /* order would be 5..9 then 0..4; make 5, 6, 0, 4 stale */
    static const int st[] = {5, 6, 0, 4};
    for (int i = 0; i < 4; i++) {
        W.stale[st[i]] = 1;
        line_forget(&l, is_live, &W);
    }
    CHECK(l.live == 6, "live count drops with each forget (6)");
    CHECK(l.n == 10, "a small line is not compacted (still 10 entries)");
    static uint64_t out[16];
    size_t n = drain(&l, out, 16);
    static const uint64_t want[] = {7, 8, 9, 1, 2, 3};
    CHECK(n == 6 && memcmp(out, want, sizeof want) == 0,
          "pop skips stale entries: 7 8 9 1 2 3");
    CHECK(l.n == 0 && l.live == 0, "line empty, live 0");

    /* only stale entries left: NULL, and they are consumed */
    line_push(&l, 0, 20, &W.pat[20]);
    line_push(&l, 0, 21, &W.pat[21]);
    W.stale[20] = W.stale[21] = 1;
    line_forget(&l, is_live, &W);
    line_forget(&l, is_live, &W);
    CHECK(line_pop(&l, is_live, &W) == NULL && l.n == 0,
          "a line of stale entries pops NULL and empties");
    line_free(&l);
}

/* Push 1000 with mixed priorities, make 900 (chosen at random) stale one by
 * one with line_forget, then pop: exactly the 100 live ones, in (prio,
 * ticket) order.  Compaction must have run: the heap holds at most about
 * twice the live entries (it compacts when stale > live).
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_compaction(void)
{
    enum { N = 1000, STALE = 900 };
    line l;
    line_init(&l);
    memset(&W, 0, sizeof W);
    uint64_t x = 123;
    static line_entry all[N];
    for (uint64_t t = 0; t < N; t++) {
        int32_t p = (int32_t)tap_below(&x, 3);
        line_push(&l, p, t, &W.pat[t]);
        all[t] = (line_entry){p, t, &W.pat[t]};
    }
    /* random permutation: the first STALE go stale */
    static uint64_t perm[N];
    for (uint64_t i = 0; i < N; i++)
        perm[i] = i;
    for (size_t i = N - 1; i > 0; i--) {
        size_t j = tap_below(&x, (uint32_t)(i + 1));
        uint64_t tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
    }
    size_t max_n_after_half = 0;
    for (size_t i = 0; i < STALE; i++) {
        W.stale[perm[i]] = 1;
        line_forget(&l, is_live, &W);
        if (i >= N / 2 && l.n > max_n_after_half)
            max_n_after_half = l.n;
    }
    CHECK(l.live == N - STALE, "live = %d after %d forgets", N - STALE, STALE);
    CHECK(l.n <= 2 * l.live + 1 && l.n >= l.live,
          "compaction bounds the heap: %zu entries for %zu live", l.n,
          l.live);
    CHECK(max_n_after_half < N, "compaction happened during the forgets");

    /* expected: live entries sorted by (prio, ticket) */
    static line_entry want[N];
    size_t nw = 0;
    for (size_t t = 0; t < N; t++)
        if (!W.stale[t])
            want[nw++] = all[t];
    qsort(want, nw, sizeof want[0], by_prio_ticket);
    static uint64_t out[N];
    size_t n = drain(&l, out, N);
    int ok = n == nw && nw == N - STALE;
    for (size_t i = 0; ok && i < n; i++)
        ok = out[i] == want[i].ticket;
    CHECK(ok, "the 100 live entries pop in (prio, ticket) order, no stale "
              "one");
    CHECK(l.n == 0 && l.live == 0, "empty after draining");

    /* Compactions interleaved with pushes and pops: 40 rounds of 50
     * pushes, 40 random forgets and 5 pops, checked against a reference
     * (the live tickets sorted by (prio, ticket)). */
    enum { T = 2000 };
    static int32_t prio[T];
    memset(&W, 0, sizeof W);
    uint64_t t = 0;
    size_t nlive = 0;
    int ok2 = 1;
    for (int round = 0; round < 40; round++) {
        for (int i = 0; i < 50; i++, t++) {
            prio[t] = (int32_t)tap_below(&x, 4);
            line_push(&l, prio[t], t, &W.pat[t]);
            nlive++;
        }
        for (int i = 0; i < 40; i++) {
            uint64_t v;
            do
                v = tap_below(&x, (uint32_t)t);
            while (W.stale[v]);
            W.stale[v] = 1; /* a patient reneges */
            nlive--;
            line_forget(&l, is_live, &W);
        }
        for (int i = 0; i < 5; i++) {
            /* the reference front: smallest (prio, ticket) among live */
            uint64_t best = UINT64_MAX;
            for (uint64_t k = 0; k < t; k++)
                if (!W.stale[k] &&
                    (best == UINT64_MAX || prio[k] < prio[best]))
                    best = k;
            int *who = line_pop(&l, is_live, &W);
            if (!who || (uint64_t)(who - W.pat) != best)
                ok2 = 0;
            W.stale[best] = 1; /* served: no longer waiting */
            nlive--;
        }
    }
    CHECK(l.live == nlive && nlive == 2000 - 40 * 45 && l.n <= 2 * l.live + 1,
          "interleaved push/forget/pop: %zu live, %zu entries", l.live, l.n);
    static line_entry want2[T];
    size_t n2 = 0;
    for (uint64_t k = 0; k < t; k++)
        if (!W.stale[k])
            want2[n2++] = (line_entry){prio[k], k, &W.pat[k]};
    qsort(want2, n2, sizeof want2[0], by_prio_ticket);
    static uint64_t out2[T];
    size_t m = drain(&l, out2, T);
    ok2 = ok2 && m == n2;
    for (size_t i = 0; ok2 && i < m; i++)
        ok2 = out2[i] == want2[i].ticket;
    CHECK(ok2, "interleaved: every pop is the reference front; the rest "
               "drains in order");
    line_free(&l);
}

/* The ring of a line without priorities: 60 rounds of pushes, random
 * forgets and pops (so the head runs round the buffer and compactions
 * happen while the live entries wrap past its end), each pop checked
 * against the reference front (the smallest live ticket). */
static void test_ring(void)
{
    enum { T = 4000 };
    line l;
    line_init_fifo(&l);
    memset(&W, 0, sizeof W);
    uint64_t x = 77, t = 0;
    size_t nlive = 0, compactions = 0, wrapped = 0;
    int ok = 1;
    for (int round = 0; round < 60 && t + 70 < T; round++) {
        int pushes = 40 + (int)tap_below(&x, 30);
        for (int i = 0; i < pushes; i++, t++) {
            line_push(&l, 0, t, &W.pat[t]);
            nlive++;
        }
        /* every 8th round most of the line gives up */
        int forgets = round % 8 == 7 ? (int)(nlive * 4 / 5)
                                     : (int)tap_below(&x, 30);
        for (int i = 0; i < forgets && nlive > 0; i++) {
            uint64_t v;
            do
                v = tap_below(&x, (uint32_t)t);
            while (W.stale[v]);
            W.stale[v] = 1;
            nlive--;
            size_t before = l.n;
            int wraps = l.head + l.n > l.cap;
            line_forget(&l, is_live, &W);
            compactions += l.n < before;
            wrapped += l.n < before && wraps;
        }
        int pops = 20 + (int)tap_below(&x, 30);
        for (int i = 0; i < pops && nlive > 0; i++) {
            uint64_t best = 0;
            while (W.stale[best])
                best++;
            int *who = line_pop(&l, is_live, &W);
            if (!who || (uint64_t)(who - W.pat) != best)
                ok = 0;
            W.stale[best] = 1;
            nlive--;
        }
        if (l.live != nlive)
            ok = 0;
    }
    static uint64_t out[T];
    size_t n = drain(&l, out, T), k = 0;
    for (uint64_t v = 0; v < t; v++)
        if (!W.stale[v] && (k >= n || out[k++] != v))
            ok = 0;
    CHECK(ok && k == n, "ring: every pop the smallest live ticket, the "
                        "rest drains in order (%zu pushes)", (size_t)t);
    CHECK(compactions > 3 && wrapped > 0,
          "ring: %zu compactions, %zu of them while wrapped", compactions,
          wrapped);
    line_free(&l);
    CHECK(l.fifo == 1 && l.n == 0, "line_free keeps the line a ring");
}

static int multiple_of_3(const line_entry *e, void *ud)
{
    (void)ud;
    return e->ticket % 3 == 0;
}

/* line_pop_first on a wrapped ring with stale entries: the picked ones
 * come out in push order, the stale skipped, the rest still drains in
 * order, and a ring without a match gives NULL. */
static void test_pop_first(void)
{
    line l;
    line_init_fifo(&l);
    memset(&W, 0, sizeof W);
    uint64_t t = 0;
    for (; t < 12; t++)
        line_push(&l, 0, t, &W.pat[t]);
    for (int i = 0; i < 10; i++)
        line_pop(&l, is_live, &W);    /* 0..9 out: the head moves on */
    for (; t < 24; t++)
        line_push(&l, 0, t, &W.pat[t]);
    W.stale[15] = 1;
    line_forget(&l, is_live, &W);
    static const uint64_t want[] = {12, 18, 21};
    int ok = l.cap == 16 && l.head + l.n > l.cap;  /* wrapped */
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int *who = line_pop_first(&l, is_live, &W, multiple_of_3, NULL);
        ok = ok && who && (uint64_t)(who - W.pat) == want[i];
        if (who)
            W.stale[who - W.pat] = 1;
    }
    ok = ok && !line_pop_first(&l, is_live, &W, multiple_of_3, NULL) &&
         l.live == 10;
    static uint64_t out[MAXT];
    size_t n = drain(&l, out, MAXT), k = 0;
    for (uint64_t v = 10; v < 24; v++)
        if (v % 3 && v != 15 && (k >= n || out[k++] != v))
            ok = 0;
    CHECK(ok && k == n && n == 10, "pop_first: the picked in push order "
          "on a wrapped ring, the stale skipped, the rest in order (%zu)",
          n);
    line_free(&l);
}

/* line_peek: the first live entry left in place, stale ones before it
 * dropped without touching the live count; on a heap and on a ring. */
static void test_peek(void)
{
    for (int fifo = 0; fifo < 2; fifo++) {
        line l;
        if (fifo)
            line_init_fifo(&l);
        else
            line_init(&l);
        memset(&W, 0, sizeof W);
        for (uint64_t t = 0; t < 10; t++) /* heap: by priority 9 - t */
            line_push(&l, fifo ? 0 : (int32_t)(9 - t), t, &W.pat[t]);
        uint64_t first = fifo ? 0 : 9, second = fifo ? 1 : 8;
        W.stale[first] = 1;
        line_forget(&l, is_live, &W);
        void *a = line_peek(&l, is_live, &W);
        void *b = line_peek(&l, is_live, &W);
        CHECK(a == &W.pat[second] && b == a && l.live == 9 && l.n == 9,
              "peek (%s): the first live entry, stale one dropped, left in "
              "the line", fifo ? "ring" : "heap");
        CHECK(line_pop(&l, is_live, &W) == a && l.live == 8,
              "peek (%s): the next pop takes the same", fifo ? "ring" : "heap");
        line_free(&l);
    }
    line l;
    line_init(&l);
    CHECK(line_peek(&l, is_live, &W) == NULL, "peek: an empty line, NULL");
    line_free(&l);
}

/* line_compact: only the live entries kept, in order, and counted. */
static void test_compact(void)
{
    line l;
    line_init(&l);
    memset(&W, 0, sizeof W);
    for (uint64_t t = 0; t < 100; t++)
        line_push(&l, (int32_t)(t % 7), t, &W.pat[t]);
    for (uint64_t t = 0; t < 100; t += 3)
        W.stale[t] = 1; /* 34 stale, nobody told */
    line_compact(&l, is_live, &W);
    CHECK(l.n == 66 && l.live == 66, "compact: the 66 live kept and "
          "counted (%zu, %zu)", l.n, l.live);
    static uint64_t out[MAXT];
    size_t n = drain(&l, out, MAXT);
    int ok = n == 66;
    for (size_t i = 1; ok && i < n; i++)
        ok = out[i - 1] % 7 < out[i] % 7 ||
             (out[i - 1] % 7 == out[i] % 7 && out[i - 1] < out[i]);
    CHECK(ok, "compact: the heap still serves by (priority, ticket)");
    line_free(&l);
}

int main(void)
{
    test_compact();
    test_peek();
    test_pop_first();
    test_fifo();
    test_priority();
    test_lazy();
    test_compaction();
    test_ring();
    return tap_done();
}
