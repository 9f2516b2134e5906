/* evq.c -- the pending-event set: time buckets, the present one kept
 * sorted, and a heap for the far future, with handles for cancellation.
 *
 * Time is cut into buckets of EVQ_WIDTH (5 of flowsim's minutes).  The
 * next EVQ_BUCKETS buckets (about a week) form a ring; an event due later
 * goes to the far heap.  A push into a later bucket of the ring appends
 * (no compares).  When the present bucket empties, the next bucket with
 * entries becomes the present: its stale entries are dropped and the rest
 * sorted by insertion, latest first, so that a pop takes the last entry
 * with no compare at all; a push into the present moves the entries
 * before it up one place.  A present of more than SORTED_MAX entries is a
 * binary heap instead (a bucket of thousands of ties stays O(log n)).
 * As the ring moves on, the far events it now reaches move into their
 * buckets (sorted there with the rest when the bucket becomes the
 * present), so the far heap's events lie in later buckets than the
 * present's and a pop from the present compares two bucket numbers, not
 * keys; an event that finds no room to move stays, and the earliest is
 * then the earlier of the present's and the far heap's.  A hospital's events are dense in the hours ahead (ED stays, transfers)
 * and sparse far ahead (care-home stays of years), so the present holds a
 * handful: a calendar queue (Brown 1988).  Times before the present
 * bucket go to the present, so any sequence of operations is correct,
 * not only a simulation's; when nothing is near, the present jumps to the
 * bucket of a push (an M/M/1 queue lives in one bucket).
 *
 * Measured with callgrind against heaps in every bucket (BENCHMARKS.md):
 * sorting a bucket once it is the present mispredicts about half as many
 * branches on the Stockport scenario as sifting each push and pop (heap
 * compares are coin flips), for no more instructions.  Payloads beside
 * the keys (48-byte entries) saved data-cache misses but cost more
 * instructions than a payload array indexed by slot, so they are kept
 * apart.  The common push (to a later bucket of the ring, or into a
 * sorted present, with room) and the common pop (the sorted present's
 * last entry) are leaves that call nothing, so they save no registers;
 * every other case is a function out of line (push_any, pop_any).
 *
 * Every entry holds the event's sort key -- its time and one 64-bit order
 * word, the priority (biased to unsigned) above a 32-bit insertion count,
 * renumbered in order if it would wrap -- beside one word of the slot's
 * generation and number (the handle less 1).  Cancellation is lazy: the slot's generation moves
 * on at once (odd while pending, even when free) and the entry, now
 * stale, is dropped when it is met, or in one sweep when stale entries
 * outnumber live ones, so they are never more than the live ones (plus a
 * constant).  Removing a heap's top sifts the hole down to a leaf along
 * the smaller child and the last entry up from there (Wegener's bottom-up
 * heapsort).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "evq.h"
#include "evq_bag.h"
#include "evq_slots.h"

#define EVQ_WIDTH 5.0      /* bucket width, in time units */
#define EVQ_BUCKETS 2048   /* buckets in the ring (a power of two) */
#define DEAD_SLACK 64      /* stale entries tolerated before a sweep */
#define SORTED_MAX 32      /* a present of more entries is a heap */

struct evq {
    slots sl;         /* the events' slots (evq_slots.h); first, at the
                         offsets the hot paths' loads were measured at */
    size_t dead;      /* stale entries everywhere (of cancelled events) */
    bag ring[EVQ_BUCKETS];
    int64_t now_b;    /* number of the present bucket: its ring entry
                         holds the present */
    bag *pres;        /* that entry */
    int pheap;        /* the present is a heap (else sorted, latest first) */
    size_t ahead;     /* entries in the ring's other buckets */
    bag far;          /* heap of the events after the ring */
    int64_t far_b;    /* bucket of the far heap's top (INT64_MAX when
                         none): after the present's, so that a pop from
                         the present need not compare with it */
    int64_t fast_b;   /* far_b, or INT64_MIN while the present is a heap:
                         a pop takes the sorted present's last entry
                         while now_b < fast_b (one compare for both) */
    uint32_t seq;     /* the next insertion count */
};

static inline int stale(const evq *q, const hent *e)
{
    return slot_stale(&q->sl, e);
}

static inline bag *present(evq *q)
{
    return q->pres;
}

/* The present is a heap or not (sorted), or the far heap's top moved:
 * the bound of a pop's fast path. */
static inline void set_fast(evq *q)
{
    q->fast_b = q->pheap ? INT64_MIN : q->far_b;
}

/* Makes bucket number b the present. */
static inline void set_present(evq *q, int64_t b)
{
    q->now_b = b;
    q->pres = &q->ring[b & (EVQ_BUCKETS - 1)];
    q->pheap = 0;
    set_fast(q);
}

/* The earliest entry of the (non-empty) present. */
static inline hent *ptop(const evq *q)
{
    return &q->pres->e[q->pheap ? 0 : q->pres->n - 1];
}

/* ---- placing entries ------------------------------------------------- */

/* The number of the bucket of time t: floor(t / EVQ_WIDTH), a monotone
 * function of t; INT64_MIN for times before 0 (and -inf), INT64_MAX for
 * times beyond 2^62 buckets (and +inf). */
static inline int64_t bucket_of(double t)
{
    double x = t * (1 / EVQ_WIDTH);
    if (!(x >= 0))
        return INT64_MIN;
    if (!(x < 0x1p62))
        return INT64_MAX;
    return (int64_t)x;
}

/* Puts e in the present (with room made by the caller): sorted, the
 * entries before it move up one place (a step of insertion sort: the
 * present holds a few entries, most often earlier than a new one);
 * grown past SORTED_MAX, the present turns into a heap (reversed, a
 * sorted array is one). */
static void pres_put(evq *q, hent e)
{
    bag *p = q->pres;
    hent *a = p->e;
    uint32_t n = p->n;
    if (!q->pheap && n >= SORTED_MAX) {
        for (uint32_t j = 0; j < n / 2; j++) {
            hent t = a[j];
            a[j] = a[n - 1 - j];
            a[n - 1 - j] = t;
        }
        q->pheap = 1;
        set_fast(q);
    }
    if (q->pheap) {
        sift_up(a, p->n++, e);
        return;
    }
    sorted_put(p, e);
}

/* Removes the present's earliest entry. */
static inline void pres_pop(evq *q)
{
    if (q->pheap)
        heap_pop(q->pres);
    else
        q->pres->n--;
}

/* The far heap's top has changed: its bucket, which a pop compares
 * with the present's. */
static inline void far_moved(evq *q)
{
    q->far_b = q->far.n ? bucket_of(q->far.e[0].time) : INT64_MAX;
    set_fast(q);
}

/* Drops the stale entries at the top of the far heap. */
static void drop_stale_far(evq *q)
{
    bag *h = &q->far;
    while (h->n > 0 && stale(q, &h->e[0])) {
        heap_pop(h);
        q->dead--;
        far_moved(q);
    }
}

/* Drops the stale entries at the front of the present (its earliest). */
static void drop_stale_present(evq *q)
{
    while (q->pres->n > 0 && stale(q, ptop(q))) {
        pres_pop(q);
        q->dead--;
    }
}

/* A present of more than SORTED_MAX entries: its stale entries dropped,
 * the rest a heap (out of line: rare). */
__attribute__((noinline)) static void heap_present(evq *q)
{
    q->dead -= bag_filter(&q->sl, q->pres);
    heapify(q->pres);
    q->pheap = 1;
    set_fast(q);
}

/* The present has just moved to a bucket of the ring: its entries,
 * unordered, lose their stale ones and are sorted (latest first) by
 * insertion -- few, and fewer mispredicted compares than a heap's pushes
 * and pops -- or, when many, heapified. */
static inline void activate(evq *q)
{
    bag *p = q->pres;
    uint32_t n = p->n;
    q->ahead -= n;
    if (n > SORTED_MAX) {
        heap_present(q);
        return;
    }
    hent *a = p->e, *k = a;
    const hent *end = a + n;
    for (const hent *x = a; x < end; x++) { /* [a, k) sorted, live */
        if (stale(q, x))
            continue;
        hent e = *x;
        sorted_insert(a, k++, e);
    }
    q->dead -= (size_t)(end - k);
    p->n = (uint32_t)(k - a);
}

/* Moves the far events that the ring now reaches (buckets from the
 * present's, which is not yet sorted, to EVQ_BUCKETS after it) into their
 * buckets, and drops a stale far top: so the far heap's events are
 * later than the ring's and a pop from the present need not look at
 * them.  An event that finds no room stays where it is (a pop then
 * compares the two, as it may always). */
__attribute__((noinline)) static void migrate(evq *q)
{
    bag *f = &q->far;
    while (f->n > 0) {
        hent e = f->e[0];
        int64_t b = q->far_b;
        if (stale(q, &e)) {
            q->dead--;
        } else {
            if (b < q->now_b || b - q->now_b >= EVQ_BUCKETS)
                return;
            bag *g = &q->ring[b & (EVQ_BUCKETS - 1)];
            if (bag_room(g) != 0)
                return;
            g->e[g->n++] = e;
            q->ahead++;
        }
        heap_pop(f);
        far_moved(q);
    }
}

/* Makes the next bucket with entries the present (sorted by activate),
 * while the present is empty; when the ring is empty too, the present
 * moves to just before the far heap's first event's bucket, and that
 * event into the ring.  The far heap's top is live. */
static void advance(evq *q)
{
    while (q->pres->n == 0) {
        if (q->ahead == 0) {
            int64_t b = q->far_b;
            if (b <= q->now_b || b >= INT64_MAX - EVQ_BUCKETS)
                return; /* none, or beyond any bucket: pops take it */
            set_present(q, b - 1);
            migrate(q);
            if (q->ahead == 0)
                return; /* no room for it: pops take it */
        }
        set_present(q, q->now_b + 1);
        if (q->far_b - q->now_b < EVQ_BUCKETS)
            migrate(q);
        if (q->pres->n > 0)
            activate(q);
    }
}

/* Makes the present and far tops live, and the present non-empty unless
 * the ring is empty. */
static void settle(evq *q)
{
    drop_stale_far(q);
    drop_stale_present(q);
    advance(q);
}

/* The earliest entry, the present's or the far heap's top, or NULL when
 * none is left. */
static inline hent *first(const evq *q)
{
    hent *f = q->far.n ? q->far.e : NULL;
    if (q->pres->n == 0)
        return f;
    hent *p = ptop(q);
    return f && before(f, p) ? f : p;
}

/* Drops every stale entry everywhere. */
static void sweep(evq *q)
{
    for (size_t i = 0; i < EVQ_BUCKETS; i++) {
        bag *g = &q->ring[i];
        size_t d = bag_filter(&q->sl, g); /* keeps a sorted present sorted */
        q->dead -= d;
        if (g != present(q))
            q->ahead -= d;
        else if (d && q->pheap)
            heapify(g);
    }
    q->dead -= bag_filter(&q->sl, &q->far);
    heapify(&q->far);
    far_moved(q);
}

/* The insertion count is about to wrap: the pending events are numbered
 * again in their order, keeping every priority, so ties still run first
 * in, first out (a relabelling that keeps the order keeps every heap a
 * heap and the present sorted).  Returns -1 when out of memory. */
__attribute__((noinline)) static int renumber(evq *q)
{
    sweep(q);
    size_t entries = evq_size(q) + q->dead;
    hent **all = malloc((entries ? entries : 1) * sizeof *all);
    if (!all)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < EVQ_BUCKETS; i++)
        for (size_t j = 0; j < q->ring[i].n; j++)
            all[k++] = &q->ring[i].e[j];
    for (size_t j = 0; j < q->far.n; j++)
        all[k++] = &q->far.e[j];
    qsort(all, k, sizeof *all, by_key);
    for (size_t i = 0; i < k; i++)
        all[i]->order = (all[i]->order & 0xffffffff00000000ULL) | i;
    q->seq = (uint32_t)k;
    free(all);
    return 0;
}

/* ---- the interface --------------------------------------------------- */

evq *evq_new(void)
{
    evq *q = calloc(1, sizeof(evq));
    if (!q)
        return NULL;
    q->far_b = INT64_MAX;
    set_present(q, 0);
    return q;
}

void evq_free(evq *q)
{
    if (!q)
        return;
    slots_free(&q->sl);
    for (size_t i = 0; i < EVQ_BUCKETS; i++)
        free(q->ring[i].e);
    free(q->far.e);
    free(q);
}

/* The rare work before a push: more slots, or the insertion count about
 * to wrap.  Out of line, so the push's fast path stays short. */
__attribute__((noinline)) static int push_room(evq *q)
{
    if (q->sl.nfree == 0 && slots_grow(&q->sl) != 0)
        return -1;
    return q->seq == UINT32_MAX ? renumber(q) : 0;
}

/* Takes a free slot for a new event (with room made by the caller) and
 * returns its entry. */
static inline hent new_entry(evq *q, double time, int32_t prio, evq_fn fn,
                             void *obj, int64_t arg)
{
    uint64_t id = slot_take(&q->sl, fn, obj, arg);
    uint64_t order = ((uint64_t)((uint32_t)prio ^ 0x80000000u) << 32) |
                     q->seq++;
    return (hent){time, order, id};
}

static inline evq_handle handle_of(hent e)
{
    return e.id + 1; /* the slot, below UINT32_MAX, does not carry */
}

/* Any push (evq_push takes the common ones inline): to the present (its
 * bucket or before), to a later bucket of the ring (appended), or to the
 * far heap: one branch each, the bucket's number computed inline.  Only
 * a far push can leave the present empty (between operations the present
 * is empty only when the ring is), so only it may need to settle. */
__attribute__((noinline)) static evq_handle
push_any(evq *q, double time, int32_t prio, evq_fn fn, void *obj, int64_t arg)
{
    double x = time * (1 / EVQ_WIDTH);
    int64_t b;
    if (x >= 0 && x < 0x1p62)
        b = (int64_t)x;
    else if (isnan(time)) /* it would compare with nothing: refused */
        return 0;
    else
        b = bucket_of(time);
    if ((q->sl.nfree == 0 || q->seq == UINT32_MAX) && push_room(q) != 0)
        return 0;
    hent e;
    if (b > q->now_b) {
        if (b - q->now_b >= EVQ_BUCKETS) {
            bag *g = &q->far;
            if (bag_room(g) != 0)
                return 0;
            e = new_entry(q, time, prio, fn, obj, arg);
            sift_up(g->e, g->n++, e);
            far_moved(q);
            if (q->pres->n == 0) /* far, and none near: the present moves */
                advance(q);
            return handle_of(e);
        }
        if (q->pres->n > 0 || q->ahead > 0) {
            bag *g = &q->ring[b & (EVQ_BUCKETS - 1)];
            if (bag_room(g) != 0)
                return 0;
            e = new_entry(q, time, prio, fn, obj, arg);
            g->e[g->n++] = e;
            q->ahead++;
            return handle_of(e);
        }
        set_present(q, b); /* nothing near: the present jumps to b */
    }
    if (bag_room(q->pres) != 0)
        return 0;
    e = new_entry(q, time, prio, fn, obj, arg);
    pres_put(q, e);
    return handle_of(e);
}

/* The common pushes alone, with no call, so that they save no
 * registers: to a later bucket of the ring (most of a hospital's), or to
 * a sorted present (most of a queue's), with a free slot and room; the
 * rest in push_any. */
evq_handle evq_push(evq *q, double time, int32_t prio, evq_fn fn, void *obj,
                    int64_t arg)
{
    uint64_t bits; /* +0 <= time < 2^64 (so its bucket below 2^62): one
                      unsigned compare of the bits */
    memcpy(&bits, &time, sizeof bits);
    if (bits < 0x43f0000000000000u && q->sl.nfree > 0 &&
        q->seq != UINT32_MAX) {
        int64_t b = (int64_t)(time * (1 / EVQ_WIDTH)), d = b - q->now_b;
        bag *p = q->pres;
        if (d > 0) {
            bag *g = &q->ring[b & (EVQ_BUCKETS - 1)];
            if (d < EVQ_BUCKETS && p->n > 0 && g->n < g->cap) {
                hent e = new_entry(q, time, prio, fn, obj, arg);
                g->e[g->n++] = e;
                q->ahead++;
                return handle_of(e);
            }
        } else if (!q->pheap && p->n < SORTED_MAX && p->n < p->cap) {
            hent e = new_entry(q, time, prio, fn, obj, arg);
            sorted_put(p, e);
            return handle_of(e);
        }
    }
    return push_any(q, time, prio, fn, obj, arg);
}

/* Takes t, the earliest entry, into *out, and settles when the present
 * is left empty or a top stale. */
static inline void take(evq *q, const hent *t, evq_event *out)
{
    uint32_t s = slot_of(t);
    slot_event(&q->sl, t, out);
    const bag *pr = q->pres, *f = &q->far;
    if (t == f->e) {
        heap_pop(&q->far);
        far_moved(q);
        slot_release(&q->sl, s);
        if (pr->n == 0 || (f->n > 0 && stale(q, &f->e[0])))
            settle(q);
    } else {
        /* the far heap's top was live and has not moved: only the
         * present's new top needs a look */
        pres_pop(q);
        slot_release(&q->sl, s);
        if (pr->n == 0 || stale(q, ptop(q)))
            settle(q);
    }
}

int evq_pop(evq *q, evq_event *out)
{
    const hent *t = first(q);
    if (!t)
        return 0;
    take(q, t, out);
    return 1;
}

/* Any pop_until (evq_pop_until takes the common one inline). */
__attribute__((noinline)) static int pop_any(evq *q, double until,
                                             evq_event *out)
{
    const hent *t = first(q);
    if (!t || !(t->time <= until))
        return 0;
    take(q, t, out);
    return 1;
}

/* Settles, for a pop that has taken its event (out of line). */
__attribute__((noinline)) static int settle_after_pop(evq *q)
{
    settle(q);
    return 1;
}

/* The next bucket with entries, for a pop that has emptied the present
 * (out of line; the far heap's top is live and has not moved). */
__attribute__((noinline)) static int advance_after_pop(evq *q)
{
    advance(q);
    return 1;
}

/* The common pop alone, with no call but a tail call, so that it saves
 * no registers: the sorted present's last entry, when the far heap's
 * top lies in a later bucket (nearly always: the far events move into
 * the ring as it reaches them; fast_b), then the next bucket with
 * entries if the present is left empty, or a settle if its new last
 * entry is stale; the rest in pop_any. */
int evq_pop_until(evq *q, double until, evq_event *out)
{
    bag *p = q->pres;
    if (q->now_b < q->fast_b && p->n > 0) {
        const hent *t = &p->e[p->n - 1];
        if (!(t->time <= until))
            return 0;
        uint32_t s = slot_of(t);
        slot_event(&q->sl, t, out);
        p->n--;
        slot_release(&q->sl, s);
        if (p->n == 0)
            return advance_after_pop(q);
        if (stale(q, &p->e[p->n - 1]))
            return settle_after_pop(q);
        return 1;
    }
    return pop_any(q, until, out);
}

double evq_next_time(const evq *q)
{
    const hent *t = first(q);
    return t ? t->time : INFINITY;
}

int32_t evq_next_prio(const evq *q)
{
    const hent *t = first(q);
    return t ? prio_of(t) : 0;
}

int evq_cancel(evq *q, evq_handle h)
{
    uint64_t idx = h & 0xffffffffu;
    uint32_t gen = (uint32_t)(h >> 32);
    if (idx == 0 || idx > q->sl.cap)
        return 0;
    uint32_t s = (uint32_t)(idx - 1);
    if (!(q->sl.gen[s] & 1) || q->sl.gen[s] != gen)
        return 0;
    slot_release(&q->sl, s);
    q->dead++; /* its entry, still in place */
    if (q->dead > evq_size(q) + DEAD_SLACK)
        sweep(q);
    settle(q);
    return 1;
}

size_t evq_size(const evq *q)
{
    return q->sl.cap - q->sl.nfree; /* every slot not free is pending */
}

void evq_set_sequence(evq *q, uint32_t next)
{
    q->seq = next;
}
