/* places.h -- a unit's places: whether it has a free one, the clocks of
 * its full time and of its role's open and escalation places, and the
 * count of places held.  Part of flow: flow.c moves patients through
 * these, places.c holds the rest (capacity, escalation, admission hours,
 * blocked places).  What a move does on every patient is inline here, so
 * that flow.c's hot path keeps it inline (BENCHMARKS.md, "M/M/1 path").
 *
 * plain, wherever it is a parameter, is a constant: 1 only for a plain
 * unit (net.h: none of the options), whose options are then not looked
 * at; 0 is right for every unit.
 */
#ifndef FLOWSIM_PLACES_H
#define FLOWSIM_PLACES_H

#include "net.h"

/* Whether u has no free place: its own all held, and its pool's too.
 * plain as in place_busy_add_at (a plain unit is in no pool). */
static inline int place_full_at(const network *n, const unit *u, int plain)
{
    if (u->cap == SCENARIO_UNLIMITED || u->busy < u->cap)
        return 0;
    return plain || !u->sp->in_pool || pool_full(n, u);
}

/* Whether u can admit a patient now: a free place, in its admission
 * hours. */
static inline int place_open_at(const network *n, const unit *u, int plain)
{
    return u->admitting && !place_full_at(n, u, plain);
}

/* The places above which occupancy counts as escalation: the unit's
 * declared capacity (a schedule above it is escalation too), or, when it
 * is declared unlimited, the capacity its schedule gives now.  Only for a
 * unit whose capacity is finite now. */
static inline long place_escalation_base(const unit *u)
{
    return u->sp->capacity != SCENARIO_UNLIMITED ? u->sp->capacity
                                                 : u->sched_cap;
}

/* Brings u's time-weighted counts (its full time, its role's open and
 * escalation places) up to now: flow_touch, inline for place_busy_add_at.
 * plain as in admit_at (a plain unit has no role).  Every role's open
 * places are reported, the running total and the escalation only the
 * acute role's (health.h): only they are kept. */
static inline void place_clock(network *n, unit *u, int plain, double now)
{
    double dt = now - u->touched;
    if (dt > 0) {
        if (place_full_at(n, u, plain))
            u->full_time += dt;
        unit_role r = u->sp->role;
        if (!plain && r != ROLE_NONE && u->cap != SCENARIO_UNLIMITED) {
            /* a pool member's patients beyond its places hold the pool's,
             * which are not escalation */
            long held = u->sp->in_pool && u->busy > u->cap ? u->cap : u->busy;
            /* a held place is open: beds closed by a capacity cut stay
             * open until their patients leave (no one is evicted), so a
             * role's occupancy rate never passes 100% */
            long open = held > u->cap ? held : u->cap;
            n->h.role_cap_area[r] += (double)open * dt;
            if (r == ROLE_ACUTE) {
                n->h.cum_cap_area[r] += (double)open * dt;
                long base = place_escalation_base(u);
                if (held > base) {
                    double over = (double)(held - base) * dt;
                    n->h.role_esc_area[r] += over;
                    n->h.cum_esc_area[r] += over;
                }
            }
        }
    }
    u->touched = now;
}

/* Brings u's clocks up to now, and those of its pool's members. */
static inline void place_touch(network *n, unit *u, int plain, double now)
{
    if (!plain && u->sp->in_pool)
        pool_touch_members(n, u);
    else
        place_clock(n, u, plain, now);
}

/* A change of occupancy or line at u may open or close its escalation
 * places (flow_escalation): only with escalation beds and without bed
 * meetings, which decide instead.  The tests inline: most units have
 * neither, or decide at meetings. */
static inline void place_escalation_check(network *n, unit *u)
{
    const escalation_spec *e = &u->sp->escalation;
    if (e->beds > 0 && e->n_meetings == 0)
        flow_escalation(n, u, 0);
}

/* What a change of delta in the places held at u does beyond its own
 * count (place_busy_add_at): its pool, its role's total, its
 * escalation.  Nothing at a plain unit. */
static inline void place_busy_options(network *n, unit *u, long delta,
                                      double now)
{
    if (u->sp->in_pool && delta < 0 && u->busy >= u->cap)
        pool_want_fill(n, u); /* it gave back a pool place */
    if (u->sp->role != ROLE_NONE &&
        stat_level_add(&n->h.role_busy[u->sp->role], now, delta) != 0)
        net_fail(n, "out of memory");
    place_escalation_check(n, u);
}

/* Adds delta to the places held at u (and to its role's total).  plain:
 * a constant, 1 only when u is plain (net.h): then the options are not
 * looked at; 0 is right for every unit.  now: sim_now, which every
 * caller has (passed down, not read again after the stores between). */
static inline void place_busy_add_at(network *n, unit *u, long delta,
                                     int plain, double now)
{
    place_touch(n, u, plain, now);
    u->busy += delta;
    if (stat_level_add(&u->occ, now, delta) != 0)
        net_fail(n, "out of memory");
    if (!plain)
        place_busy_options(n, u, delta, now);
}

/* place_busy_add_at(n, u, -1, 0, now) for a place handed over to another
 * patient at once (a displacement): the escalation trigger is not looked
 * at in between. */
void place_hand_over(network *n, unit *u);

/* Adds delta to the patients of u held after their stay (p is one), and
 * to their role's and pathway's counts.  Only the acute role's held
 * patients are reported (health.h), so only they are counted by role.
 * Inline: flow_hold (places.c) and a held patient leaving (leave.c). */
static inline void place_blocked_add(network *n, unit *u, const patient *p,
                                     long delta)
{
    double now = sim_now(n->s);
    u->blocked += delta;
    stat_level_add(&u->blk, now, delta);
    if (u->sp->role != ROLE_ACUTE)
        return;
    stat_level_add(&n->h.role_blocked[ROLE_ACUTE], now, delta);
    if (p->path >= PATHWAY_P0 && p->path <= PATHWAY_P3)
        stat_level_add(&n->h.nctr_by_path[p->path], now, delta);
}

#endif
