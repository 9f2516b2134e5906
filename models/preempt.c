/* preempt.c -- pre-emptive resume priority at a unit (`queue: {discipline:
 * priority, preempt: true}`).
 *
 * A patient arriving at a full unit, more urgent (a smaller priority)
 * than some patient in its stay there, takes the place of the least
 * urgent one, the latest first admitted among equals.  That patient's
 * stay stops with its rest kept; it goes back to the front of its
 * priority in the line (ahead of those who never had a place, the latest
 * displaced first) and, given a place again, stays the rest (resume).
 *
 * Who can be displaced: patients in their stay only -- not one whose stay
 * is over (blocked, waiting for a round, a delay or an assessment), nor
 * one travelling into its place, nor one in a place bought for it alone
 * (spot purchase).  The unit keeps those in their stay in a heap
 * (unit.in_service) keyed by (-priority, -first admission): pushing at a
 * stay's start and taking the top at a displacement cost O(log n).  A
 * stay that ends leaves its entry stale, recognised by its ticket and
 * skipped at the top; nothing is told at the stay's end (no cost there
 * for any unit): the patients in their stay are at most the places held
 * (unit.busy), so the heap is compacted when it grows past twice that,
 * amortised O(1) a push, and memory follows the places.  Units without
 * preempt never touch it.
 */
#include <stdint.h>
#include "net.h"

/* Line tickets of a preempt unit: the displaced below FRONT, counting
 * down (the latest displaced first), the others above it, counting up. */
#define FRONT (UINT64_C(1) << 63)

/* Whether an in_service entry's patient is still in its stay at unit ud
 * under that admission. */
static int serving(const line_entry *e, void *ud)
{
    const patient *p = e->who;
    const unit *u = ud;
    return p->unit == u->index && p->stay_event && !p->displaced &&
           p->svc_ticket == UINT64_MAX - e->ticket;
}

/* p into u's heap: least urgent first (-1 - prio: no overflow at either
 * end of int32), then latest first admitted; stale entries dropped when
 * they may outnumber the live (at most u->busy) two to one. */
static void serve_push(network *n, unit *u, patient *p)
{
    line *l = &u->in_service;
    if (l->n > 2 * (size_t)u->busy + 64)
        line_compact(l, serving, u);
    if (line_push(l, -1 - p->prio, UINT64_MAX - p->svc_ticket, p) != 0)
        net_fail(n, "out of memory");
}

void preempt_serving(network *n, patient *p, int v)
{
    if (p->spot_unit == v)
        return; /* a place bought for it alone is never taken */
    p->svc_ticket = ++n->next_ticket;
    serve_push(n, &n->units[v], p);
}

/* Whether the place of one of u's patients, freed, would be free for
 * another: always for one of its own places (u, full, holds no more than
 * them); for a pool place only if the pool is not over-full.  Not when a
 * capacity cut left u holding more than its places: a closure never
 * evicts, so neither does a displacement that would not admit. */
static int room_if_freed(const network *n, const unit *u)
{
    if (u->busy <= u->cap)
        return 1;
    return u->sp->in_pool && pool_room_if_freed(n, u);
}

patient *preempt_victim(network *n, unit *u, const patient *p)
{
    patient *q = line_peek(&u->in_service, serving, u);
    if (!q || q->prio <= p->prio || !room_if_freed(n, u))
        return NULL;
    line_pop(&u->in_service, serving, u);
    double now = sim_now(n->s);
    sim_cancel(n->s, q->stay_event);
    q->stay_event = 0;
    q->t_stay_end -= now; /* the rest of its stay */
    q->t_unit = now - q->t_unit; /* its time in a place */
    net_acute_out(n, q); /* it holds no place until it resumes */
    q->displaced = 1;
    u->c.preempted++;
    net_trace(n, q, u->index, "preempt");
    return q;
}

uint64_t preempt_ticket(network *n, unit *u, const patient *p)
{
    if (p->displaced)
        return FRONT - ++u->displaced_seq;
    return FRONT | ++n->next_ticket;
}

/* Its time in the unit counts its time in a place only: t_unit moves on
 * by the time it was displaced, so its stay (and length of stay so far)
 * is the stay it drew. */
void preempt_resume(network *n, patient *p, int v)
{
    unit *u = &n->units[v];
    double now = sim_now(n->s);
    p->displaced = 0;
    p->unit = v;
    p->t_unit = now - p->t_unit;
    p->t_stay_end += now;
    net_acute_in(n, p, u, p->t_unit);
    net_trace(n, p, v, "resume");
    if (!(p->stay_event = sim_at(n->s, p->t_stay_end, PRIO_PATIENT,
                                 discharge_end_of_stay, p, v))) {
        net_fail(n, "out of memory");
        return;
    }
    if (u->sp->preempt)
        serve_push(n, u, p);
}
