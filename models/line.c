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
    l->heap = NULL;
    l->n = l->cap = l->live = 0;
}

void line_free(line *l)
{
    free(l->heap);
    line_init(l);
}

int line_push(line *l, int32_t prio, uint64_t ticket, void *who)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        line_entry *h = realloc(l->heap, cap * sizeof *h);
        if (!h)
            return -1;
        l->heap = h;
        l->cap = cap;
    }
    l->heap[l->n++] = (line_entry){prio, ticket, who};
    sift_up(l, l->n - 1);
    l->live++;
    return 0;
}

static void pop_top(line *l)
{
    l->n--;
    if (l->n > 0) {
        l->heap[0] = l->heap[l->n];
        sift_down(l, 0);
    }
}

void *line_pop(line *l, line_live_fn live, void *ud)
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

/* Stale entries are dropped in one pass and the heap rebuilt, once they
 * are more than the live ones: amortised O(1) per reneging patient. */
void line_forget(line *l, line_live_fn live, void *ud)
{
    if (l->live > 0)
        l->live--;
    if (l->n < 64 || l->n - l->live <= l->live)
        return;
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (live(&l->heap[i], ud))
            l->heap[k++] = l->heap[i];
    l->n = k;
    for (size_t i = l->n / 2; i-- > 0;)
        sift_down(l, i);
}
