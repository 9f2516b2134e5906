/* evq.c -- binary heap of events with handles for cancellation.
 *
 * The heap holds each event's sort key -- its time and one 64-bit order
 * word, the priority (biased to unsigned) above a 32-bit insertion count
 * -- beside its slot number and the slot's generation, so sifting reads
 * one contiguous array and compares two numbers.  Each slot holds the
 * event's payload and a generation count, so that a stale handle (event
 * already run or cancelled, slot reused) is harmless.
 *
 * Cancellation is lazy: the slot is freed at once (its generation moves
 * on) and the heap entry, now stale, is dropped when it reaches the top,
 * or in one pass when stale entries outnumber live ones.  So the heap
 * never tracks positions (a sift writes only the heap), the top is always
 * live, and memory stays within twice the pending events (plus 64).
 *
 * Removing the top sifts the hole down to a leaf along the smaller child
 * (one comparison a level) and the last entry up from there (Wegener's
 * bottom-up heapsort): the last entry belongs near the bottom, so this
 * halves the comparisons of the textbook sift-down.
 */
#include <math.h>
#include <stdlib.h>
#include "evq.h"

#define DEAD_SLACK 64  /* stale entries tolerated before a sweep */

typedef struct slot {
    evq_event ev;
    uint32_t gen;     /* bumped whenever the slot is freed; never 0 */
    uint32_t live;    /* 1 while its event is pending */
} slot;

/* A heap entry: the sort key, the slot and the slot's generation when
 * the event was pushed (a stale entry's differs). */
typedef struct hent {
    double time;
    uint64_t order;   /* (prio ^ 2^31) << 32 | insertion count */
    uint32_t slot, gen;
} hent;

struct evq {
    slot *slots;
    hent *heap;
    uint32_t *free;   /* stack of free slot numbers */
    size_t n;         /* heap entries, stale ones included */
    size_t live;      /* pending events */
    size_t cap;       /* slots (free stack the same) */
    size_t hcap;      /* heap entries */
    size_t nfree;
    uint32_t seq;     /* the next insertion count */
};

/* Is a due before b? (time, prio, insertion) lexicographically. */
static inline int before(const hent *a, const hent *b)
{
    return a->time < b->time || (a->time == b->time && a->order < b->order);
}

static inline int stale(const evq *q, const hent *e)
{
    return q->slots[e->slot].gen != e->gen;
}

static void sift_up(hent *h, size_t i, hent e)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = e;
}

/* The textbook sift-down, for rebuilding a heap in place. */
static void sift_down(hent *h, size_t n, size_t i)
{
    hent e = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&h[c + 1], &h[c]))
            c++;
        if (!before(&h[c], &e))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = e;
}

/* Removes heap[0]: the hole goes down to a leaf, the last entry up. */
static void remove_top(evq *q)
{
    hent *h = q->heap;
    size_t n = --q->n;
    if (n == 0)
        return;
    hent e = h[n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&h[c + 1], &h[c]))
            c++;
        h[i] = h[c];
        i = c;
    }
    sift_up(h, i, e);
}

/* Drops stale entries from the top, so the top is always live. */
static void purge_top(evq *q)
{
    while (q->n > 0 && stale(q, &q->heap[0]))
        remove_top(q);
}

/* Drops every stale entry and rebuilds the heap (Floyd, O(n)). */
static void sweep(evq *q)
{
    size_t k = 0;
    for (size_t i = 0; i < q->n; i++)
        if (!stale(q, &q->heap[i]))
            q->heap[k++] = q->heap[i];
    q->n = k;
    for (size_t i = k / 2; i-- > 0;)
        sift_down(q->heap, k, i);
}

static int by_key(const void *a, const void *b)
{
    const hent *x = a, *y = b;
    return before(x, y) ? -1 : before(y, x) ? 1 : 0;
}

/* The insertion count is about to wrap: the pending events are numbered
 * again in their order (a sorted array is a heap), keeping every
 * priority, so ties still run first-in first-out. */
static void renumber(evq *q)
{
    sweep(q);
    qsort(q->heap, q->n, sizeof *q->heap, by_key);
    for (size_t i = 0; i < q->n; i++)
        q->heap[i].order = (q->heap[i].order & 0xffffffff00000000ULL) | i;
    q->seq = (uint32_t)q->n;
}

evq *evq_new(void)
{
    return calloc(1, sizeof(evq));
}

void evq_free(evq *q)
{
    if (!q)
        return;
    free(q->slots);
    free(q->heap);
    free(q->free);
    free(q);
}

/* Doubles the slots; slots that were never used go onto the free stack
 * in reverse, so low slot numbers are used first. */
static int grow_slots(evq *q)
{
    size_t cap = q->cap ? q->cap * 2 : 64;
    if (cap > UINT32_MAX)
        return -1;
    slot *s = realloc(q->slots, cap * sizeof *s);
    if (!s)
        return -1;
    q->slots = s;
    uint32_t *f = realloc(q->free, cap * sizeof *f);
    if (!f)
        return -1;
    q->free = f;
    for (size_t i = cap; i > q->cap; i--) {
        q->slots[i - 1].gen = 1;
        q->slots[i - 1].live = 0;
        q->free[q->nfree++] = (uint32_t)(i - 1);
    }
    q->cap = cap;
    return 0;
}

static int grow_heap(evq *q)
{
    size_t cap = q->hcap ? q->hcap * 2 : 64;
    hent *h = realloc(q->heap, cap * sizeof *h);
    if (!h)
        return -1;
    q->heap = h;
    q->hcap = cap;
    return 0;
}

static inline evq_handle handle_of(const evq *q, uint32_t s)
{
    return ((uint64_t)q->slots[s].gen << 32) | (uint64_t)(s + 1);
}

evq_handle evq_push(evq *q, double time, int32_t prio, evq_fn fn, void *obj,
                    int64_t arg)
{
    if (isnan(time)) /* it would compare with nothing and break the heap */
        return 0;
    if (q->nfree == 0 && grow_slots(q) != 0)
        return 0;
    if (q->n == q->hcap && grow_heap(q) != 0)
        return 0;
    if (q->seq == UINT32_MAX)
        renumber(q);
    uint32_t s = q->free[--q->nfree];
    slot *sl = &q->slots[s];
    sl->ev = (evq_event){time, prio, fn, obj, arg};
    sl->live = 1;
    uint64_t order = ((uint64_t)((uint32_t)prio ^ 0x80000000u) << 32) |
                     q->seq++;
    sift_up(q->heap, q->n++, (hent){time, order, s, sl->gen});
    q->live++;
    return handle_of(q, s);
}

/* Frees slot s: its handle and any heap entry of it go stale. */
static void release(evq *q, uint32_t s)
{
    q->slots[s].live = 0;
    q->slots[s].gen++;
    if (q->slots[s].gen == 0)
        q->slots[s].gen = 1;
    q->free[q->nfree++] = s;
    q->live--;
}

int evq_pop(evq *q, evq_event *out)
{
    if (q->n == 0)
        return 0;
    uint32_t s = q->heap[0].slot;
    *out = q->slots[s].ev;
    remove_top(q);
    release(q, s);
    purge_top(q);
    return 1;
}

int evq_pop_until(evq *q, double until, evq_event *out)
{
    if (q->n == 0 || !(q->heap[0].time <= until))
        return 0;
    return evq_pop(q, out);
}

double evq_next_time(const evq *q)
{
    return q->n ? q->heap[0].time : INFINITY;
}

int32_t evq_next_prio(const evq *q)
{
    return q->n ? (int32_t)((uint32_t)(q->heap[0].order >> 32) ^ 0x80000000u)
                : 0;
}

int evq_cancel(evq *q, evq_handle h)
{
    uint64_t idx = h & 0xffffffffu;
    uint32_t gen = (uint32_t)(h >> 32);
    if (idx == 0 || idx > q->cap)
        return 0;
    uint32_t s = (uint32_t)(idx - 1);
    slot *sl = &q->slots[s];
    if (!sl->live || sl->gen != gen)
        return 0;
    release(q, s);
    purge_top(q);
    if (q->n - q->live > q->live + DEAD_SLACK)
        sweep(q);
    return 1;
}

size_t evq_size(const evq *q)
{
    return q->live;
}

void evq_set_sequence(evq *q, uint32_t next)
{
    q->seq = next;
}
