/* evq_slots.h -- the slots of the pending-event set (evq.c): for each
 * event its payload and a generation, odd while it is pending, and a
 * stack of the free slots.  An entry names its slot and the generation
 * it was pushed with (evq_bag.h), so a cancelled event's entry, left in
 * place, is stale once the generation moves on.  Private to evq.c,
 * which includes it once.
 */
#ifndef FLOWSIM_EVQ_SLOTS_H
#define FLOWSIM_EVQ_SLOTS_H

#include <stdint.h>
#include <stdlib.h>
#include "evq.h"
#include "evq_bag.h"

/* What an event does, kept in its slot. */
typedef struct payload {
    evq_fn fn;
    void *obj;
    int64_t arg;
} payload;

typedef struct slots {
    uint32_t *gen;     /* per slot: odd while its event is pending, moved
                          on when it runs or is cancelled */
    payload *pay;      /* per slot: its event's payload */
    uint32_t *free;    /* stack of free slot numbers */
    size_t cap, nfree; /* slots, free slots: the others are pending */
} slots;

/* Doubles the slots; slots that were never used go onto the free stack
 * in reverse, so low slot numbers are used first.  Out of line: rare. */
__attribute__((noinline)) static int slots_grow(slots *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    if (cap > UINT32_MAX)
        return -1;
    uint32_t *g = realloc(t->gen, cap * sizeof *g);
    if (!g)
        return -1;
    t->gen = g;
    payload *p = realloc(t->pay, cap * sizeof *p);
    if (!p)
        return -1;
    t->pay = p;
    uint32_t *f = realloc(t->free, cap * sizeof *f);
    if (!f)
        return -1;
    t->free = f;
    for (size_t i = cap; i > t->cap; i--) {
        t->gen[i - 1] = 0;
        t->free[t->nfree++] = (uint32_t)(i - 1);
    }
    t->cap = cap;
    return 0;
}

static void slots_free(slots *t)
{
    free(t->gen);
    free(t->pay);
    free(t->free);
}

/* Takes a free slot (the caller made sure of one) for an event and
 * returns its entry's id: the new generation << 32 | the slot. */
static inline uint64_t slot_take(slots *t, evq_fn fn, void *obj, int64_t arg)
{
    uint32_t s = t->free[--t->nfree];
    uint32_t gen = ++t->gen[s]; /* odd: pending */
    t->pay[s] = (payload){fn, obj, arg};
    return (uint64_t)gen << 32 | s;
}

/* Frees slot s: its handle and any entry of it go stale. */
static inline void slot_release(slots *t, uint32_t s)
{
    t->gen[s]++; /* even: free */
    t->free[t->nfree++] = s;
}

/* Is e's event cancelled (or run)? */
static inline int slot_stale(const slots *t, const hent *e)
{
    return t->gen[slot_of(e)] != gen_of(e);
}

/* Drops the stale entries of b (which is then no longer a heap);
 * returns how many. */
static size_t bag_filter(const slots *t, bag *b)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < b->n; i++)
        if (!slot_stale(t, &b->e[i]))
            b->e[k++] = b->e[i];
    uint32_t dropped = b->n - k;
    b->n = k;
    return dropped;
}

/* Writes the event of entry e, for a pop: field by field, each load
 * beside its store, so that no register is kept for a whole payload. */
static inline void slot_event(const slots *t, const hent *e, evq_event *out)
{
    const payload *p = &t->pay[slot_of(e)];
    out->time = e->time;
    out->prio = prio_of(e);
    out->fn = p->fn;
    out->obj = p->obj;
    out->arg = p->arg;
}

#endif
