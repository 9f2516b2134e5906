/* evq.h -- the pending-event set of a simulation.
 *
 * Events ordered by (time, priority, insertion sequence): earlier time
 * first, then lower priority number, then first scheduled.  The order is
 * therefore total and deterministic: events at equal time and priority run
 * first-in first-out.  For events due within about a week, push, pop and
 * cancel cost O(1) plus a bounded sort of the few events due about the
 * same time (within minutes), O(log n) in them when they are many; for
 * later ones, O(log n) in the later ones (evq.c: time buckets, the
 * present one sorted).
 *
 * Events live in a slot array that is reused through a free list, so memory
 * grows with the number of *pending* events (the patients in the system),
 * never with the simulated horizon: the slots and live entries number the
 * pending events, stale entries of cancelled ones at most as many more
 * (plus a constant), and each bucket keeps the room of the most entries it
 * has held at once.  A handle names a slot and a generation; cancelling a
 * handle whose event already ran or was cancelled is a no-op.
 */
#ifndef FLOWSIM_EVQ_H
#define FLOWSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

typedef struct evq evq;

/* What an event does when it fires: the owner's callback with two words of
 * payload.  The engine never looks inside obj. */
typedef void (*evq_fn)(void *ctx, void *obj, int64_t arg);

/* A cancellable reference to a scheduled event.  0 is never a valid handle. */
typedef uint64_t evq_handle;

typedef struct evq_event {
    double time;
    int32_t prio;
    evq_fn fn;
    void *obj;
    int64_t arg;
} evq_event;

/* Creates an empty set.  Returns NULL when out of memory. */
evq *evq_new(void);
void evq_free(evq *q);

/* Schedules an event.  Returns its handle, or 0 when out of memory or
 * when time is NaN (refused: it would break the order of the others). */
evq_handle evq_push(evq *q, double time, int32_t prio, evq_fn fn, void *obj,
                    int64_t arg);

/* Removes the earliest event into *out.  Returns 0 when the set is empty. */
int evq_pop(evq *q, evq_event *out);

/* Removes the earliest event into *out if it is due at or before until.
 * Returns 0 (and leaves the set alone) when there is none. */
int evq_pop_until(evq *q, double until, evq_event *out);

/* Time of the earliest event, or +inf when empty. */
double evq_next_time(const evq *q);

/* Priority of the earliest event, or 0 when empty. */
int32_t evq_next_prio(const evq *q);

/* Cancels a pending event.  Returns 1 if it was pending, 0 otherwise. */
int evq_cancel(evq *q, evq_handle h);

/* Pending events (cancelled ones not counted). */
size_t evq_size(const evq *q);

/* Sets the next insertion count, which orders events of equal time and
 * priority.  The count is 32 bits and numbers the pending events again
 * when it would wrap; this lets tests reach the wrap.  It must not be
 * below the count of any pending event (on an empty set, any value). */
void evq_set_sequence(evq *q, uint32_t next);

#endif
