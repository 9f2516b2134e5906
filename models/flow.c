/* flow.c -- how patients move between units.
 *
 * A patient arrives at a unit.  If the unit has a free place the patient
 * is admitted at once; otherwise the unit's when_full rule applies: wait in
 * its line (queue), wait in its line while keeping the place held upstream
 * (block), leave (lose), or try another unit (divert).  A unit with
 * admission hours takes patients only within them.  What happens when
 * the stay ends is in discharge.c.  Whenever a place frees, the
 * unit takes the next patient from its line; that can free a place
 * upstream (a blocked patient moving on), and so on: these cascades run
 * from a work list (flow_fill), not by recursion, so any depth is safe.
 *
 * Occupancy counts every patient who holds a place, blocked ones included
 * (an acute bed held by a patient waiting for a care-home place is an
 * occupied bed).  The health collector is told of every move that the NHS
 * returns count.
 *
 * A plain unit (net.h: none of the options) is moved by the same code
 * with its options' checks left out: the functions of a move take a
 * constant `plain`, and one check of u->plain picks the plain or the
 * general copy (admit_at, fill_from_line, flow_enter; leave.c leave_at).
 *
 * A unit's places (whether one is free, the clocks, the count held) are
 * places.h's, inline so that the hot path of every move (admit, move_in,
 * the line) stays inline here (BENCHMARKS.md, "M/M/1 path"); capacity,
 * escalation and admission hours are places.c's, the way out (a place
 * given up, the system left) leave.c's, a return after discharge
 * readmission.c's.
 */
#include <math.h>
#include <stdint.h>
#include "net.h"
#include "places.h"

static void renege(sim *s, void *obj, int64_t arg);

/* Puts u, not yet on it, on the work list (flow_want_fill, net.h). */
void flow_queue_fill(network *n, unit *u)
{
    u->queued_for_fill = 1;
    size_t at = n->fill_head + n->nfill++; /* a ring of n_units */
    if (at >= n->sc->n_units)
        at -= n->sc->n_units;
    n->fill_list[at] = u->index;
}

/* p's stay at v starts: drawn, and its end scheduled (flow_start_stay,
 * inline for move_in). */
static inline void start_stay(network *n, patient *p, int v)
{
    double stay = stay_draw(n, p, v);
    p->t_stay_end = sim_now(n->s) + stay;
    if (!(p->stay_event = sim_at(n->s, p->t_stay_end, PRIO_PATIENT,
                                 discharge_end_of_stay, p, v)))
        net_fail(n, "out of memory");
}

/* p arrives in the place it holds at v (at once, or after a transfer):
 * it leaves its old place and its stay starts.  u is &n->units[v]. */
static inline void move_in(network *n, patient *p, unit *u, int v)
{
    double now = sim_now(n->s);
    flow_leave_unit(n, p);
    if (n->h.on) { /* (units have roles) */
        flow_health_admit(n, p, u, now - p->t_wait);
        net_acute_in(n, p, u, now);
    }
    p->unit = v;
    p->t_unit = now;
    net_trace(n, p, v, "admit");
    start_stay(n, p, v);
    if (u->sp->preempt) /* here, where u is at hand: the hot path */
        preempt_serving(n, p, v);
}

static void transferred(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    move_in(n, obj, &n->units[arg], (int)arg);
    flow_fill(n);
}

/* p, given its place at v, sets off along its route's move (route
 * transfer): the place at v is held while it travels, and the place it
 * leaves is freed now or when it arrives (release). */
static void travel(network *n, patient *p, int v)
{
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_ROUTE_TRANSFER, &st);
    double t = dist_sample(p->travel, &g);
    p->travel = NULL;
    if (p->release)
        flow_leave_unit(n, p);
    if (!sim_at(n->s, sim_now(n->s) + t, PRIO_PATIENT, transferred, p, v))
        net_fail(n, "out of memory");
}

/* admit; plain as in place_busy_add_at (always inline: the constant makes a
 * plain copy without the options' checks, at one check of u->plain).  u is
 * &n->units[v], which every caller has (not computed again after the
 * caller's stores). */
static inline __attribute__((always_inline)) void
admit_at(network *n, patient *p, unit *u, int v, int plain)
{
    double now = sim_now(n->s);
    double waited = now - p->t_wait;
    /* a patient admitted to a plain unit arrived, or waited in its line:
     * no patience, spot purchase or displacement of its is pending */
    if (!plain) {
        if (p->renege) {
            sim_cancel(n->s, p->renege);
            p->renege = 0;
        }
        if (p->spot_event) {
            sim_cancel(n->s, p->spot_event);
            p->spot_event = 0;
        }
    }
    p->waiting_for = -1;
    place_busy_add_at(n, u, 1, plain, now);
    if (!plain && p->displaced) { /* not a new admission: its stay */
        preempt_resume(n, p, v);     /* goes on */
        return;
    }
    u->c.admitted++;
    if (waited > 0)
        u->c.delayed++;
    stat_tally_add(&u->wait, waited / SIM_MINUTES_PER_HOUR);
    if (p->travel && p->unit >= 0) {
        travel(n, p, v);
        return;
    }
    p->travel = NULL;
    if (plain || !u->sp->has_transfer || p->unit < 0) {
        move_in(n, p, u, v);
        return;
    }
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_TRANSFER, &st);
    double t = dist_sample(&u->sp->transfer, &g);
    if (!sim_at(n->s, now + t, PRIO_PATIENT, transferred, p, v))
        net_fail(n, "out of memory");
}

/* Admits p to unit v now: it takes a place and ends any wait.  With a
 * transfer time at v it keeps its old place too until it arrives (the
 * porter, the handover); otherwise it moves in at once. */
static void admit(network *n, patient *p, int v)
{
    if (n->units[v].plain)
        admit_at(n, p, &n->units[v], v, 1);
    else
        admit_at(n, p, &n->units[v], v, 0);
}

void flow_start_stay(network *n, patient *p, int v)
{
    start_stay(n, p, v);
}

static int entry_live(const line_entry *e, void *ud)
{
    const patient *p = e->who;
    return p->ticket == e->ticket && p->waiting_for == (int)(intptr_t)ud;
}

static int blocked_live(const line_entry *e, void *ud)
{
    const patient *p = e->who;
    return p->ticket == e->ticket && p->line_blocked &&
           p->waiting_for == (int)(intptr_t)ud;
}

/* p leaves u's line: the count of patients from other units in it, and
 * the list of those waiting upstream. */
static void line_out(unit *u, patient *p)
{
    if (u->src_waiting)
        u->src_waiting[p->line_src]--;
    if (p->internal) {
        p->internal = 0;
        u->line_internal--;
    }
    if (p->line_blocked) {
        p->line_blocked = 0;
        line_forget(&u->blocked_line, blocked_live,
                    (void *)(intptr_t)u->index);
    }
}

static int line_full(const unit *u, const patient *p);

/* u's line has room again: the patients who found it full and wait
 * upstream (queue_block) join it properly, oldest first, freeing the
 * places they held (they keep their turn). */
static void line_room(network *n, unit *u)
{
    static const patient from_a_unit = {.unit = 0};
    patient *p;
    while (u->blocked_line.live > 0 && !line_full(u, &from_a_unit)) {
        if (!(p = line_pop(&u->blocked_line, blocked_live,
                           (void *)(intptr_t)u->index)))
            return;
        p->line_blocked = 0;
        u->line_held--;
        flow_leave_unit(n, p);
        p->internal = 1;
        u->line_internal++;
    }
}

/* Whether e's patient is in one of the longest lines of u (ud). */
static int in_longest(const line_entry *e, void *ud)
{
    const unit *u = ud;
    const patient *p = e->who;
    return u->src_waiting[p->line_src] == u->src_most;
}

/* The patient first in the longest of w's lines (the one whose first
 * patient came first among equally long ones), taken out. */
static patient *longest_take(network *n, unit *w)
{
    size_t m = n->sc->n_units + 1;
    long most = 0;
    for (size_t i = 0; i < m; i++)
        if (w->src_waiting[i] > most)
            most = w->src_waiting[i];
    if (most == 0)
        return NULL;
    w->src_most = most;
    return line_pop_first(&w->waiting, entry_live,
                          (void *)(intptr_t)w->index, in_longest, w);
}

/* The first patient of w's line, taken out of it (NULL if none). */
static inline patient *line_take(network *n, unit *w)
{
    patient *p = w->src_waiting
                     ? longest_take(n, w)
                     : line_pop_hot(&w->waiting, entry_live,
                                (void *)(intptr_t)w->index);
    if (!p)
        return NULL;
    if (p->held)
        w->line_held--;
    line_out(w, p);
    stat_level_add(&w->queue, sim_now(n->s), -1);
    if (w->sp->queue_block)
        line_room(n, w);
    return p;
}

/* Whether w's line is long enough to overflow into its overflow unit. */
static int overflowing(const unit *w)
{
    return w->sp->overflow_waiting > 0 &&
           (long)w->waiting.live >= w->sp->overflow_waiting;
}

/* u's free places take the patients of its line, in turn (flow_fill);
 * plain as in admit_at. */
static inline __attribute__((always_inline)) void
fill_from_line(network *n, unit *u, int plain)
{
    patient *p;
    while (place_open_at(n, u, plain) && u->waiting.live > 0 &&
           (p = line_take(n, u)))
        admit_at(n, p, u, u->index, plain);
}

void flow_fill_list(network *n)
{
    while (n->nfill > 0) {
        unit *u = &n->units[n->fill_list[n->fill_head]];
        if (++n->fill_head == n->sc->n_units)
            n->fill_head = 0;
        n->nfill--;
        u->queued_for_fill = 0;
        if (u->plain) {
            fill_from_line(n, u, 1);
            continue;
        }
        fill_from_line(n, u, 0);
        patient *p;
        /* places left over take outliers from units whose lines are long */
        for (size_t i = 0; i < u->n_overflow_from; i++) {
            unit *w = &n->units[u->overflow_from[i]];
            while (place_open_at(n, u, 0) && overflowing(w) &&
                   (p = line_take(n, w))) {
                w->c.diverted++;
                net_trace(n, p, w->index, "outlier");
                admit(n, p, u->index);
            }
        }
    }
}

/* A queued patient's patience ran out: it leaves the line and the system. */
static void renege(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    patient *p = obj;
    unit *u = &n->units[arg];
    p->renege = 0;
    if (p->waiting_for != (int)arg)
        return;
    p->waiting_for = -1;
    line_forget(&u->waiting, entry_live, (void *)(intptr_t)arg);
    line_out(u, p);
    stat_level_add(&u->queue, sim_now(s), -1);
    if (u->sp->queue_block)
        line_room(n, u);
    u->c.reneged++;
    n->sys_lost++;
    net_trace(n, p, (int)arg, "renege");
    flow_gone(n, p);
}

static void lost_at(network *n, patient *p, int v)
{
    n->units[v].c.lost++;
    n->sys_lost++;
    net_trace(n, p, v, "lost");
    flow_leave_unit(n, p);
    flow_gone(n, p);
}

/* p has waited spot_after in unit arg's line: a place is bought for it
 * alone, and it is admitted at once. */
static void spot_buy(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    patient *p = obj;
    unit *u = &n->units[arg];
    p->spot_event = 0;
    if (p->waiting_for != (int)arg)
        return;
    line_forget(&u->waiting, entry_live, (void *)(intptr_t)arg);
    if (p->held)
        u->line_held--;
    line_out(u, p);
    stat_level_add(&u->queue, sim_now(s), -1);
    if (u->sp->queue_block)
        line_room(n, u);
    u->spot++;
    flow_set_capacity(n, u);
    p->spot_unit = (int)arg;
    admit(n, p, (int)arg);
    flow_fill(n);
}

/* Whether u's bounded line has no room for p: its limit (not counting
 * patients blocked upstream when the line blocks), and the limit of
 * patients from other units or from outside. */
static int line_full(const unit *u, const patient *p)
{
    const unit_spec *sp = u->sp;
    long live = (long)u->waiting.live;
    if (sp->queue_limit != SCENARIO_UNLIMITED &&
        live - (sp->queue_block ? u->line_held : 0) >= sp->queue_limit)
        return 1;
    if (!sp->split_limits)
        return 0;
    if (p->unit >= 0)
        return sp->limit_internal != SCENARIO_UNLIMITED &&
               u->line_internal >= sp->limit_internal;
    return sp->limit_external != SCENARIO_UNLIMITED &&
           live - u->line_internal - u->line_held >= sp->limit_external;
}

/* What p's joining v's line at `now` does beyond the line (join_line):
 * the escalation trigger, the overflow, a spot purchase and a patience
 * scheduled.  Nothing at a plain unit. */
static inline void join_options(network *n, patient *p, int v, double now)
{
    unit *u = &n->units[v];
    place_escalation_check(n, u);
    if (overflowing(u))
        flow_want_fill(n, &n->units[u->sp->overflow_to]);
    if (u->sp->spot_after > 0 && !p->displaced &&
        !(p->spot_event = sim_at(n->s, now + u->sp->spot_after, PRIO_PATIENT,
                                 spot_buy, p, v)))
        net_fail(n, "out of memory");
    if (u->sp->reneges && !p->held && !p->displaced) {
        uint64_t st; /* the draw flow_enter spent on this arrival */
        gsl_rng g = net_draw_spent(p, DRAW_PATIENCE, &st);
        double t = dist_sample(&u->sp->patience, &g);
        p->renege = sim_at(n->s, now + t, PRIO_PATIENT, renege, p, v);
    }
}

/* Puts p in v's line (u is &n->units[v]).  Blocked patients keep their
 * upstream place.  plain as in admit_at. */
static inline __attribute__((always_inline)) void
join_line(network *n, patient *p, unit *u, int v, int hold, int plain)
{
    double now = sim_now(n->s);
    if (!hold && p->unit >= 0) {
        p->internal = 1;
        u->line_internal++;
    }
    p->line_src = p->unit + 1;
    if (u->src_waiting)
        u->src_waiting[p->line_src]++;
    if (hold)
        flow_hold(n, p);
    else
        flow_leave_unit(n, p);
    if (p->held)
        u->line_held++;
    p->waiting_for = v;
    p->ticket = u->sp->preempt ? preempt_ticket(n, u, p) : ++n->next_ticket;
    int32_t prio = u->sp->priority_queue ? p->prio : 0;
    if (line_push_hot(&u->waiting, prio, p->ticket, p) != 0 ||
        stat_level_add(&u->queue, now, 1) != 0) {
        net_fail(n, "out of memory");
        return;
    }
    net_trace(n, p, v, "wait");
    if (!plain)
        join_options(n, p, v, now);
}

/* p, more urgent than a patient in its stay at the full unit v (queue
 * preempt), takes that patient's place (preempt.c); the one displaced
 * goes back to the front of its priority in v's line, whatever its
 * limits, without patience or spot purchase (it has begun its stay). */
/* (not inlined: flow_enter, on every arrival, stays as small as it was) */
__attribute__((noinline)) static int displace(network *n, patient *p,
                                              int v)
{
    unit *u = &n->units[v];
    patient *q = preempt_victim(n, u, p);
    if (!q)
        return 0;
    place_hand_over(n, u); /* occupancy and escalation stay */
    q->unit = -1;
    admit(n, p, v);
    join_line(n, q, u, v, 0, 0);
    return 1;
}

/* What p's arrival at u does beyond its count (flow_enter): a patience
 * drawn, the emergency department's and SDEC's attendances.  Nothing at
 * a plain unit. */
static inline void arrive_options(network *n, patient *p, unit *u)
{
    if (u->sp->reneges) /* a patience for every arrival, used if it */
        net_draw_skip(p, DRAW_PATIENCE); /* waits (join_line) */
    if (u->sp->role == ROLE_ED && !p->in_dept) {
        p->in_dept = 1;
        p->t_dept = p->t_wait;
        n->h.ed_attendances++;
        n->h.cum_ed_attendances++;
    } else if (u->sp->role == ROLE_SDEC) {
        n->h.sdec_attendances++;
        n->h.cum_sdec_attendances++;
    }
}

/* v is a unit (never SCENARIO_EXIT); only a deflection can make it the
 * exit. */
void flow_enter(network *n, patient *p, int v)
{
    if (n->units[v].iv_admit &&
        (v = iv_deflect_admission(n, v, p)) == SCENARIO_EXIT) {
        net_trace(n, p, p->unit, "deflected");
        flow_depart(n, p, -1);
        return;
    }
    for (;;) {
        unit *u = &n->units[v];
        u->c.arrivals++;
        p->t_wait = sim_now(n->s);
        net_trace(n, p, v, "arrive");
        if (u->plain) { /* queue, its line unbounded: p waits if full */
            if (place_open_at(n, u, 1))
                admit_at(n, p, u, v, 1);
            else
                join_line(n, p, u, v, 0, 1);
            return;
        }
        arrive_options(n, p, u);
        if (place_open_at(n, u, 0)) {
            admit_at(n, p, u, v, 0);
            return;
        }
        if (u->sp->preempt && u->admitting && displace(n, p, v))
            return;
        switch (u->sp->when_full) {
        case FULL_LOSE:
            lost_at(n, p, v);
            return;
        case FULL_DIVERT:
            u->c.diverted++;
            net_trace(n, p, v, "divert");
            v = u->sp->divert_to;
            continue;
        case FULL_QUEUE:
            if (line_full(u, p)) {
                if (u->sp->queue_divert) { /* the line is full: elsewhere */
                    u->c.diverted++;
                    net_trace(n, p, v, "divert");
                    v = u->sp->divert_to;
                    continue;
                }
                if (u->sp->queue_block && p->unit >= 0) {
                    join_line(n, p, u, v, 1, 0); /* waits upstream, blocked */
                    p->line_blocked = 1;
                    if (line_push(&u->blocked_line, 0, p->ticket, p))
                        net_fail(n, "out of memory");
                } else
                    lost_at(n, p, v);
                return;
            }
            join_line(n, p, u, v, 0, 0);
            return;
        case FULL_BLOCK:
            join_line(n, p, u, v, 1, 0);
            return;
        }
        return;
    }
}

