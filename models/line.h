/* line.h -- the line of patients waiting to enter a unit.
 *
 * Served by (priority, arrival order): a FIFO line is the special case of
 * equal priorities.  A patient who leaves the line early (reneging) is not
 * searched for: its entry goes stale (its ticket no longer matches) and is
 * skipped when it reaches the front.  The line compacts itself when stale
 * entries outnumber live ones, so memory follows the live line length.
 * A line without priorities (line_init_fifo) is a ring buffer served in
 * push order, O(1) a patient, the same order a heap of equal priorities
 * and increasing tickets gives.
 */
#ifndef FLOWSIM_LINE_H
#define FLOWSIM_LINE_H

#include <stddef.h>
#include <stdint.h>

typedef struct line_entry {
    int32_t prio;
    uint64_t ticket;   /* unique, increasing: arrival order */
    void *who;
} line_entry;

/* Decides whether an entry is still live (its patient still waits here
 * holding this ticket). */
typedef int (*line_live_fn)(const line_entry *e, void *ud);

typedef struct line {
    line_entry *heap;  /* a heap, or a ring from head (fifo) */
    size_t n, cap;
    size_t live;       /* entries whose patient still waits */
    size_t head;       /* fifo: the first entry */
    int fifo;
} line;

/* An empty line served by (priority, ticket). */
void line_init(line *l);
/* An empty line served in push order: every push must carry priority 0
 * and a ticket above the line's others. */
void line_init_fifo(line *l);
void line_free(line *l);

/* The parts of line_push and line_pop (below) kept out of line: more
 * room (0, or -1 when out of memory), and a push and a pop of a line
 * with priorities (a heap). */
int line_grow(line *l);
void line_heap_push(line *l, line_entry e);
void *line_heap_pop(line *l, line_live_fn live, void *ud);

/* A FIFO line's i-th entry from its head. */
static inline line_entry *line_ring_at(line *l, size_t i)
{
    size_t k = l->head + i;
    return &l->heap[k < l->cap ? k : k - l->cap];
}

/* Adds a patient.  Returns 0, or -1 when out of memory. */
int line_push(line *l, int32_t prio, uint64_t ticket, void *who);

/* Removes and returns the first live patient, or NULL if none. */
void *line_pop(line *l, line_live_fn live, void *ud);

/* line_push and line_pop inline, for the hot path of a caller (a unit's
 * line, which takes most patients of a busy queue): a FIFO line's push
 * and pop are a few instructions, which a call, and a call of `live`
 * through its pointer, doubled.  Elsewhere the calls above keep their
 * callers small. */
static inline int line_push_hot(line *l, int32_t prio, uint64_t ticket,
                                void *who)
{
    if (l->n == l->cap && line_grow(l) != 0)
        return -1;
    line_entry e = {prio, ticket, who};
    if (l->fifo)
        *line_ring_at(l, l->n++) = e;
    else
        line_heap_push(l, e);
    l->live++;
    return 0;
}

static inline void *line_pop_hot(line *l, line_live_fn live, void *ud)
{
    if (!l->fifo)
        return line_heap_pop(l, live, ud);
    while (l->n > 0) {
        line_entry top = l->heap[l->head];
        l->head = l->head + 1 < l->cap ? l->head + 1 : 0;
        l->n--;
        if (live(&top, ud)) {
            l->live--;
            return top.who;
        }
    }
    return NULL;
}

/* The first live patient, left in the line (NULL if none); stale
 * entries met at the front are dropped on the way.  O(log n) each. */
void *line_peek(line *l, line_live_fn live, void *ud);

/* A FIFO line only: removes and returns the first live patient, in push
 * order, that pick accepts (NULL if none).  O(length): for lines served
 * by another rule than their order (the longest of several lines). */
void *line_pop_first(line *l, line_live_fn live, void *ud,
                     line_live_fn pick, void *pick_ud);

/* Records that one entry went stale; compacts when worthwhile. */
void line_forget(line *l, line_live_fn live, void *ud);

/* Drops every stale entry now, O(length), and counts the rest live: for
 * an owner that does not say when entries go stale (line_forget) but
 * knows a bound on the live ones, and compacts past twice it. */
void line_compact(line *l, line_live_fn live, void *ud);

#endif
