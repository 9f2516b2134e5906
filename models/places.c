/* places.c -- a unit's places, the part of flow that is not on every
 * move: capacity from the schedule, escalation and spot purchases,
 * admission hours, the clocks brought up to date from outside, and the
 * places held by blocked patients (places.h holds the inline part).
 */
#include "places.h"

int flow_unit_open(const network *n, const unit *u)
{
    return place_open_at(n, u, 0);
}

void flow_touch(network *n, unit *u)
{
    place_clock(n, u, 0, sim_now(n->s));
}

/* Sets the capacity from the schedule and any open escalation beds. */
void flow_set_capacity(network *n, unit *u)
{
    place_touch(n, u, 0, sim_now(n->s));
    u->cap = u->sched_cap;
    if (u->escalated && u->cap != SCENARIO_UNLIMITED)
        u->cap += u->sp->escalation.beds;
    if (u->cap != SCENARIO_UNLIMITED)
        u->cap += u->spot;
    if (u->sp->in_pool) /* the pool's use moved with u's own places */
        pool_want_fill(n, u);
    else
        flow_want_fill(n, u);
}

/* Whether u's escalation places should be open now: by occupancy over the
 * base capacity (at bed meetings, patients waiting for the unit count as
 * occupying). */
static int escalation_wanted(const unit *u, int meeting)
{
    const escalation_spec *e = &u->sp->escalation;
    double base = (double)u->sched_cap;
    double load = (double)u->busy - (double)u->spot +
                  (meeting ? (double)u->waiting.live : 0);
    if (!u->escalated)
        return load >= e->open_at * base;
    return load >= e->close_at * base;
}

/* Opens or closes escalation places as escalation_wanted says: at every
 * change of occupancy or line, or only at bed meetings when the unit has
 * them (meeting 1). */
void flow_escalation(network *n, unit *u, int meeting)
{
    const escalation_spec *e = &u->sp->escalation;
    if (e->beds <= 0 || u->sched_cap == SCENARIO_UNLIMITED ||
        u->sched_cap == 0) /* closed: escalation beds stay closed too */
        return;
    if (e->n_meetings > 0 && !meeting)
        return;
    int open = escalation_wanted(u, meeting);
    if (open != u->escalated) {
        u->escalated = open;
        flow_set_capacity(n, u);
    }
}

/* Its own function, so that place_busy_add_at, on every move, stays as it
 * was. */
void place_hand_over(network *n, unit *u)
{
    double now = sim_now(n->s);
    place_touch(n, u, 0, now);
    u->busy--;
    if (u->sp->in_pool && u->busy >= u->cap)
        pool_want_fill(n, u);
    if (stat_level_add(&u->occ, now, -1) != 0 ||
        (u->sp->role != ROLE_NONE &&
         stat_level_add(&n->h.role_busy[u->sp->role], now, -1) != 0))
        net_fail(n, "out of memory");
}

/* Marks p as holding its place while done there (blocked or assessed).
 * The trace first, so that the count is last. */
void flow_hold(network *n, patient *p)
{
    if (p->unit >= 0 && !p->held) {
        p->held = 1;
        net_trace(n, p, p->unit, "blocked");
        place_blocked_add(n, &n->units[p->unit], p, 1);
    }
}

/* Opens or closes u's admission hours (calendar.c). */
void flow_gate(network *n, unit *u, int open)
{
    flow_touch(n, u);
    u->admitting = open;
    if (open)
        flow_want_fill(n, u);
}
