/* evq_bag.h -- the entries of the pending-event set (evq.c) and the
 * arrays that hold them: the order of two entries, binary heaps of
 * entries, and an array's growth.  Private to evq.c, which includes it
 * once: a bucket of the ring, the present and the far heap are bags.
 */
#ifndef FLOWSIM_EVQ_BAG_H
#define FLOWSIM_EVQ_BAG_H

#include <stdint.h>
#include <stdlib.h>

/* A heap or bucket entry: the sort key, the slot and the slot's
 * generation when the event was pushed (a stale entry's differs). */
typedef struct hent {
    double time;
    uint64_t order;   /* (prio ^ 2^31) << 32 | insertion count */
    uint64_t id;      /* generation << 32 | slot: the handle less 1,
                         one word to store */
} hent;

static inline uint32_t slot_of(const hent *e)
{
    return (uint32_t)e->id;
}

static inline uint32_t gen_of(const hent *e)
{
    return (uint32_t)(e->id >> 32);
}

/* The priority folded into e's order. */
static inline int32_t prio_of(const hent *e)
{
    return (int32_t)((uint32_t)(e->order >> 32) ^ 0x80000000u);
}

/* An array of entries: a later bucket of the ring (unordered), the
 * present (sorted, latest first, or a heap) or the far events (a heap). */
typedef struct bag {
    hent *e;
    uint32_t n, cap;
} bag;

/* Is a due before b? (time, prio, insertion) lexicographically. */
static inline int before(const hent *a, const hent *b)
{
    return a->time < b->time || (a->time == b->time && a->order < b->order);
}

/* (time, prio, insertion) of two entries' addresses, for qsort. */
static int by_key(const void *a, const void *b)
{
    const hent *x = *(const hent *const *)a, *y = *(const hent *const *)b;
    return before(x, y) ? -1 : before(y, x) ? 1 : 0;
}

/* Puts e in the sorted run [a, h) (latest first), whose next place h is
 * free: the entries before it move up one place, a step of insertion
 * sort. */
static inline void sorted_insert(hent *a, hent *h, hent e)
{
    for (; h > a && before(h - 1, &e); h--)
        *h = h[-1];
    *h = e;
}

/* Puts e in the sorted bag p (latest first, with room). */
static inline void sorted_put(bag *p, hent e)
{
    sorted_insert(p->e, p->e + p->n, e);
    p->n++;
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

/* The earlier child of node i of the n-entry heap h, or n when i has
 * none. */
static inline size_t first_child(const hent *h, size_t n, size_t i)
{
    size_t c = 2 * i + 1;
    if (c >= n)
        return n;
    return c + 1 < n && before(&h[c + 1], &h[c]) ? c + 1 : c;
}

/* The textbook sift-down, for heapifying. */
static inline void sift_down(hent *h, size_t n, size_t i)
{
    hent e = h[i];
    for (size_t c; (c = first_child(h, n, i)) < n && before(&h[c], &e);
         i = c)
        h[i] = h[c];
    h[i] = e;
}

/* Removes the top: the hole goes down to a leaf, the last entry up. */
static inline void heap_pop(bag *b)
{
    hent *h = b->e;
    size_t n = --b->n;
    if (n == 0)
        return;
    hent e = h[n];
    size_t i = 0;
    for (size_t c; (c = first_child(h, n, i)) < n; i = c)
        h[i] = h[c];
    sift_up(h, i, e);
}

static void heapify(bag *b)
{
    for (size_t i = b->n / 2; i-- > 0;)
        sift_down(b->e, b->n, i);
}

/* Doubles b's room (out of line: the push's fast path stays short). */
__attribute__((noinline)) static int bag_grow(bag *b)
{
    if (b->cap > UINT32_MAX / 2)
        return -1;
    uint32_t cap = b->cap ? b->cap * 2 : 16;
    hent *e = realloc(b->e, cap * sizeof *e);
    if (!e)
        return -1;
    b->e = e;
    b->cap = cap;
    return 0;
}

static inline int bag_room(bag *b)
{
    return b->n < b->cap ? 0 : bag_grow(b);
}

#endif
