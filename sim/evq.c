/* evq.c -- binary heap of events with handles for cancellation.
 *
 * The heap holds the sort key of each event (time, priority, sequence)
 * beside its slot number, so that sifting reads one contiguous array; each
 * slot holds the event's payload, its position in the heap (for O(log n)
 * cancellation) and a generation count, so that a stale handle (event
 * already run or cancelled, slot reused) is harmless.
 */
#include <math.h>
#include <stdlib.h>
#include "evq.h"

typedef struct slot {
    evq_event ev;
    uint32_t gen;     /* bumped whenever the slot is freed */
    int32_t pos;      /* index in heap[], or -1 when free */
} slot;

/* A heap entry: the sort key and the slot it belongs to. */
typedef struct hent {
    double time;
    uint64_t seq;     /* insertion order: breaks ties FIFO */
    int32_t prio;
    uint32_t slot;
} hent;

struct evq {
    slot *slots;
    hent *heap;
    uint32_t *free;   /* stack of free slot numbers */
    size_t n, cap, nfree;
    uint64_t seq;
};

/* Is a due before b? (time, prio, seq) lexicographically. */
static inline int before(const hent *a, const hent *b)
{
    if (a->time != b->time)
        return a->time < b->time;
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return a->seq < b->seq;
}

static inline void place(evq *q, size_t i, hent e)
{
    q->heap[i] = e;
    q->slots[e.slot].pos = (int32_t)i;
}

static void sift_up(evq *q, size_t i)
{
    hent e = q->heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &q->heap[p]))
            break;
        place(q, i, q->heap[p]);
        i = p;
    }
    place(q, i, e);
}

static void sift_down(evq *q, size_t i)
{
    hent e = q->heap[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= q->n)
            break;
        if (c + 1 < q->n && before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!before(&q->heap[c], &e))
            break;
        place(q, i, q->heap[c]);
        i = c;
    }
    place(q, i, e);
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

/* Doubles the arrays; slots that were never used go onto the free stack
 * in reverse, so low slot numbers are used first. */
static int grow(evq *q)
{
    size_t cap = q->cap ? q->cap * 2 : 64;
    if (cap > UINT32_MAX)
        return -1;
    slot *s = realloc(q->slots, cap * sizeof *s);
    if (!s)
        return -1;
    q->slots = s;
    hent *h = realloc(q->heap, cap * sizeof *h);
    if (!h)
        return -1;
    q->heap = h;
    uint32_t *f = realloc(q->free, cap * sizeof *f);
    if (!f)
        return -1;
    q->free = f;
    for (size_t i = cap; i > q->cap; i--) {
        q->slots[i - 1].gen = 1;
        q->slots[i - 1].pos = -1;
        q->free[q->nfree++] = (uint32_t)(i - 1);
    }
    q->cap = cap;
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
    if (q->nfree == 0 && grow(q) != 0)
        return 0;
    uint32_t s = q->free[--q->nfree];
    slot *sl = &q->slots[s];
    sl->ev = (evq_event){time, prio, fn, obj, arg};
    q->n++;
    place(q, q->n - 1, (hent){time, q->seq++, prio, s});
    sift_up(q, q->n - 1);
    return handle_of(q, s);
}

static void release(evq *q, uint32_t s)
{
    q->slots[s].pos = -1;
    q->slots[s].gen++;
    if (q->slots[s].gen == 0)
        q->slots[s].gen = 1;
    q->free[q->nfree++] = s;
}

int evq_pop(evq *q, evq_event *out)
{
    if (q->n == 0)
        return 0;
    uint32_t s = q->heap[0].slot;
    *out = q->slots[s].ev;
    q->n--;
    if (q->n > 0) {
        place(q, 0, q->heap[q->n]);
        sift_down(q, 0);
    }
    release(q, s);
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
    return q->n ? q->heap[0].prio : 0;
}

int evq_cancel(evq *q, evq_handle h)
{
    uint64_t idx = h & 0xffffffffu;
    uint32_t gen = (uint32_t)(h >> 32);
    if (idx == 0 || idx > q->cap)
        return 0;
    uint32_t s = (uint32_t)(idx - 1);
    slot *sl = &q->slots[s];
    if (sl->pos < 0 || sl->gen != gen)
        return 0;
    size_t i = (size_t)sl->pos;
    q->n--;
    if (i < q->n) {
        place(q, i, q->heap[q->n]);
        if (i > 0 && before(&q->heap[i], &q->heap[(i - 1) / 2]))
            sift_up(q, i);
        else
            sift_down(q, i);
    }
    release(q, s);
    return 1;
}

size_t evq_size(const evq *q)
{
    return q->n;
}
