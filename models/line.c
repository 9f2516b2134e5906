/* line.c -- a binary heap of waiting patients with lazy removal. */
#include <stdlib.h>
#include "line.h"

static int ahead(const line_entry *a, const line_entry *b)
{
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return a->ticket < b->ticket;
}

static void sift_up(line *l, size_t i)
{
    line_entry e = l->heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!ahead(&e, &l->heap[p]))
            break;
        l->heap[i] = l->heap[p];
        i = p;
    }
    l->heap[i] = e;
}

static void sift_down(line *l, size_t i)
{
    line_entry e = l->heap[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= l->n)
            break;
        if (c + 1 < l->n && ahead(&l->heap[c + 1], &l->heap[c]))
            c++;
        if (!ahead(&l->heap[c], &e))
            break;
        l->heap[i] = l->heap[c];
        i = c;
    }
    l->heap[i] = e;
}

void line_init(line *l)
{
    *l = (line){0};
}

void line_init_fifo(line *l)
{
    *l = (line){.fifo = 1};
}

void line_free(line *l)
{
    int fifo = l->fifo;
    free(l->heap);
    *l = (line){.fifo = fifo};
}

int line_grow(line *l)
{
    size_t cap = l->cap ? l->cap * 2 : 16;
    line_entry *h = malloc(cap * sizeof *h);
    if (!h)
        return -1;
    for (size_t i = 0; i < l->n; i++) /* the ring unrolled from its head */
        h[i] = l->fifo ? *line_ring_at(l, i) : l->heap[i];
    free(l->heap);
    l->heap = h;
    l->cap = cap;
    l->head = 0;
    return 0;
}

int line_push(line *l, int32_t prio, uint64_t ticket, void *who)
{
    return line_push_hot(l, prio, ticket, who);
}

void *line_pop(line *l, line_live_fn live, void *ud)
{
    return line_pop_hot(l, live, ud);
}

/* e into the heap, room made (line_push). */
void line_heap_push(line *l, line_entry e)
{
    l->heap[l->n++] = e;
    sift_up(l, l->n - 1);
}

static void pop_top(line *l)
{
    l->n--;
    if (l->n > 0) {
        l->heap[0] = l->heap[l->n];
        sift_down(l, 0);
    }
}

/* line_pop of a line with priorities. */
void *line_heap_pop(line *l, line_live_fn live, void *ud)
{
    while (l->n > 0) {
        line_entry top = l->heap[0];
        pop_top(l);
        if (live(&top, ud)) {
            l->live--;
            return top.who;
        }
    }
    return NULL;
}

void *line_peek(line *l, line_live_fn live, void *ud)
{
    while (l->n > 0) {
        line_entry *top = l->fifo ? &l->heap[l->head] : &l->heap[0];
        if (live(top, ud))
            return top->who;
        if (l->fifo) {
            l->head = l->head + 1 < l->cap ? l->head + 1 : 0;
            l->n--;
        } else {
            pop_top(l);
        }
    }
    return NULL;
}

/* The entry is taken out of the ring where it stands, the ones before it
 * moved up one place, so the rest keep their order. */
void *line_pop_first(line *l, line_live_fn live, void *ud,
                     line_live_fn pick, void *pick_ud)
{
    for (size_t i = 0; l->fifo && i < l->n; i++) {
        line_entry *e = line_ring_at(l, i);
        if (!live(e, ud) || !pick(e, pick_ud))
            continue;
        void *who = e->who;
        for (size_t j = i; j > 0; j--)
            *line_ring_at(l, j) = *line_ring_at(l, j - 1);
        l->head = l->head + 1 < l->cap ? l->head + 1 : 0;
        l->n--;
        l->live--;
        return who;
    }
    return NULL;
}

/* Keeps the live entries only, in one pass, and rebuilds the heap (or
 * closes the ring up, in order: each live entry moves back to the k-th
 * place from the head, never past one not yet read).  Returns how many
 * are kept. */
static size_t compact(line *l, line_live_fn live, void *ud)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        line_entry *e = l->fifo ? line_ring_at(l, i) : &l->heap[i];
        if (live(e, ud)) {
            line_entry keep = *e;
            *(l->fifo ? line_ring_at(l, k) : &l->heap[k]) = keep;
            k++;
        }
    }
    l->n = k;
    for (size_t i = l->n / 2; !l->fifo && i-- > 0;)
        sift_down(l, i);
    return k;
}

/* Stale entries are dropped once they are more than the live ones:
 * amortised O(1) per reneging patient. */
void line_forget(line *l, line_live_fn live, void *ud)
{
    if (l->live > 0)
        l->live--;
    if (l->n < 64 || l->n - l->live <= l->live)
        return;
    compact(l, live, ud);
}

void line_compact(line *l, line_live_fn live, void *ud)
{
    l->live = compact(l, live, ud);
}
