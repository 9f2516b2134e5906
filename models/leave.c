/* leave.c -- a patient leaving: the place it held at a unit (the unit's
 * counts, its stay's statistics, an acute spell, a place bought for it)
 * and the system (an exit, which may bring it back as a readmission, or
 * a loss).  Part of flow (flow.c moves patients in; this is the way out).
 * The unit's counts are places.h's, inline here as in flow.c; a plain
 * unit (net.h) leaves its options' checks out, as there.
 */
#include <math.h>
#include "net.h"
#include "places.h"

/* p leaves its acute bed at u after `days` there (leave_options): the
 * acute counts, and its spell's length unless elective.  The day of now
 * once for both, by truncation: the clock starts at 0, never goes back
 * and stops by SCENARIO_MAX_HORIZON, where truncation is the floor (the
 * admission's time may be before 0: a census patient's, so floor there).
 * Out of line: most units are not acute. */
static __attribute__((noinline)) void acute_leave(network *n, patient *p,
                                                  double days, double now)
{
    double day = (double)(long)(now / SIM_MINUTES_PER_DAY);
    health_acute_leave(&n->h, now, day);
    net_acute_out(n, p);
    if (!p->elective) {
        /* A spell is short (NCC) with 0 or 1 midnights in the unit. */
        double nights = day - floor(p->t_unit / SIM_MINUTES_PER_DAY);
        if (nights <= 1)
            n->h.cum_spells_short++;
        else
            n->h.cum_spells_long++;
        stat_tally_add(&n->h.acute_stay, days); /* last: no register kept */
    }
}

/* What p's leaving u after `days` there does beyond u's own counts
 * (flow_leave_unit): its spot place, its acute place.  Nothing at a plain
 * unit. */
static inline void leave_options(network *n, patient *p, unit *u,
                                 double days, double now)
{
    if (p->spot_unit == p->unit) { /* a place bought for it ends with it */
        p->spot_unit = -1;
        u->spot--;
        flow_set_capacity(n, u);
    }
    if (u->sp->role == ROLE_ACUTE)
        acute_leave(n, p, days, now);
}

/* p gives up its place at u (flow_leave_unit); plain as in
 * place_busy_add_at (places.h). */
static inline __attribute__((always_inline)) void
leave_at(network *n, patient *p, unit *u, int plain)
{
    double now = sim_now(n->s);
    if (p->held) {
        place_blocked_add(n, u, p, -1);
        p->held = 0;
    }
    place_busy_add_at(n, u, -1, plain, now);
    double days = (now - p->t_unit) / SIM_MINUTES_PER_DAY;
    stat_tally_add(&u->stay, days);
    if (!plain)
        leave_options(n, p, u, days, now);
    p->unit = -1;
    flow_want_fill(n, u);
}

/* The patient gives up the place held at its unit (if any).  Inline in
 * flow_depart, the way out of most stays. */
static inline __attribute__((always_inline)) void leave_unit(network *n,
                                                             patient *p)
{
    if (p->unit < 0)
        return;
    unit *u = &n->units[p->unit];
    if (u->plain)
        leave_at(n, p, u, 1);
    else
        leave_at(n, p, u, 0);
}

void flow_leave_unit(network *n, patient *p)
{
    leave_unit(n, p);
}

/* The patient leaves the system (exit, lost or reneged): its record goes
 * back to the free list.  Inline in flow_depart, the common way out. */
static inline void gone(network *n, patient *p)
{
    if (p->spot_event) {
        sim_cancel(n->s, p->spot_event);
        p->spot_event = 0;
    }
    flow_leave_department(n, p);
    n->in_system--;
    stat_level_add(&n->sys_level, sim_now(n->s), -1);
    p->waiting_for = -1;
    p->ticket = 0;
    p->next_free = n->free;
    n->free = p;
}

void flow_gone(network *n, patient *p)
{
    gone(n, p);
}

/* Exit from unit `from` (or from a line): may come back as a readmission. */
void flow_depart(network *n, patient *p, int from)
{
    double now = sim_now(n->s);
    leave_unit(n, p);
    n->sys_exits++;
    stat_tally_add(&n->sys_time, (now - p->t_system) / SIM_MINUTES_PER_DAY);
    if (from >= 0) {
        const readmission_spec *r = &n->units[from].sp->readmission;
        if (r->share > 0)
            readmission_draw(n, p, r);
        else
            net_draw_skip(p, DRAW_READMIT);
    }
    gone(n, p);
}
