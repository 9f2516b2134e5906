/* discharge.c -- what happens when a stay ends: the decision to discharge
 * (at once, or at the next ward round), then the way out: home (after a
 * discharge delay, the place held), into another unit (after that unit's
 * assessment, by one of its assessors, the place held meanwhile) or
 * straight on; a route may carry its own delay before leaving (the place
 * held) and a move to the next unit (flow.c).  A patient held after the
 * decision has no criteria to reside; one waiting for the round still
 * has. */
#include <math.h>
#include <stdlib.h>
#include "net.h"

#define REVIEW_SURGE_END (20 * 60.0) /* surge rounds end at 20:00 */

static void decided(sim *s, void *obj, int64_t arg);
static void decide(network *n, patient *p, unit *u);
static void assessed(sim *s, void *obj, int64_t arg);
static void delayed_exit(sim *s, void *obj, int64_t arg);
static void route_delayed(sim *s, void *obj, int64_t arg);
static void go_on(network *n, patient *p, const unit *from, int v);
static int route_extras(network *n, patient *p, const route *r, int v,
                        int64_t u);

static unit_role role_of(const network *n, int v)
{
    return v >= 0 ? n->units[v].sp->role : ROLE_NONE;
}

/* An acute stay ends for p, heading to v (of role next, not acute): its
 * pathway out is counted, and its time ready to leave set. */
static void acute_out(network *n, patient *p, int v, unit_role next)
{
    health *h = &n->h;
    int path = v == SCENARIO_EXIT ? PATHWAY_P0
               : next == ROLE_P1  ? PATHWAY_P1
               : next == ROLE_P2  ? PATHWAY_P2
               : next == ROLE_P3  ? PATHWAY_P3
               : next == ROLE_VW  ? PATHWAY_VW
                                  : PATHWAY_OTHER;
    h->acute_discharges++;
    h->pathway_count[path]++;
    if (n->sc->mix_classes && n->sc->mix_classes[p->cls]) {
        h->mix_discharges++;
        h->mix_count[path]++;
    }
    p->path = path;
    p->t_ready = sim_now(n->s) - p->fit_before; /* a census patient: earlier */
    p->fit_before = 0;
}

/* Health bookkeeping when a stay at unit u ends and p heads to v: the
 * decision to admit of a patient leaving the ED or SDEC for an acute
 * or boarding place, SDEC's same-day discharges, an acute stay's
 * pathway out.  Only the roles that count read v's. */
static void health_on_leave(network *n, patient *p, unit *u, int v)
{
    health *h = &n->h;
    const unit_spec *sp = u->sp;
    unit_role role = sp->role;
    if (role == ROLE_ACUTE) {
        unit_role next = role_of(n, v);
        if (next != ROLE_ACUTE)
            acute_out(n, p, v, next);
    } else if (role == ROLE_ED || role == ROLE_SDEC) {
        const unit_spec *to = v >= 0 ? n->units[v].sp : NULL;
        unit_role next = to ? to->role : ROLE_NONE;
        if (!sp->boarding && (next == ROLE_ACUTE || (to && to->boarding))) {
            p->t_dta = sim_now(n->s);
            p->dta_ed = role == ROLE_ED;
        }
        if (role == ROLE_SDEC) {
            h->sdec_departures++;
            if (next != ROLE_ACUTE)
                h->sdec_same_day++;
        }
    }
    p->from_role = role;
}

/* The time of the ward round that decides on a patient whose stay at u
 * ended at now: the first round after now on a day whose share of
 * reviewed patients takes it (one draw a day), seen at `at` plus a
 * uniform share of `over`. */
static double review_time(unit *u, patient *p, double now)
{
    const review_spec *r = &u->sp->review;
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_REVIEW, &st);
    double day = floor(now / SIM_MINUTES_PER_DAY);
    if (now - day * SIM_MINUTES_PER_DAY >= r->at)
        day += 1;
    /* the spread first, so that it does not depend on the days waited */
    double spread = rng_uniform(&g) * r->over;
    for (int k = 0;
         k < 366 && rng_uniform(&g) >= r->share[(long)day % 7]; k++)
        day += 1;
    return day * SIM_MINUTES_PER_DAY + r->at + spread;
}

/* Under pressure (surge rounds) a ready patient is decided on at once in
 * the working day, from the round's time to REVIEW_SURGE_END, else at the
 * start of the next morning's round, whatever the day of the week. */
static double surge_time(const review_spec *r, double now)
{
    double day = floor(now / SIM_MINUTES_PER_DAY) * SIM_MINUTES_PER_DAY;
    double minute = now - day;
    if (minute >= r->at && minute < REVIEW_SURGE_END)
        return now;
    return (minute < r->at ? day : day + SIM_MINUTES_PER_DAY) + r->at;
}

/* Starts v's assessment of p, who holds its current place meanwhile. */
static void assess_start(network *n, patient *p, int v)
{
    unit *t = &n->units[v];
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_ASSESS, &st);
    double d = dist_sample(&t->sp->assessment, &g);
    t->assessing++;
    if (!sim_at(n->s, sim_now(n->s) + d, PRIO_PATIENT, assessed, p, v))
        net_fail(n, "out of memory");
}

static int always_live(const line_entry *e, void *ud)
{
    (void)e;
    (void)ud;
    return 1;
}

/* p needs v's assessment: at once, or in line for one of v's assessors. */
static void assess_request(network *n, patient *p, int v)
{
    unit *t = &n->units[v];
    if (t->sp->assessors <= 0 || t->assessing < t->sp->assessors)
        assess_start(n, p, v);
    else if (line_push(&t->assess_line, 0, ++n->next_ticket, p) != 0)
        net_fail(n, "out of memory");
}

/* The stay of p at u ended and u has ward rounds: p waits in its place
 * for the round's decision, or, while u's line is long enough for surge
 * rounds or the round is now, is decided on at once.  Out of line, so
 * that the end of a stay without rounds saves no registers. */
__attribute__((noinline)) static void await_round(sim *s, patient *p,
                                                  unit *u, int64_t arg)
{
    const review_spec *r = &u->sp->review;
    double now = sim_now(s), t;
    if (r->surge_waiting > 0 && (long)u->waiting.live >= r->surge_waiting) {
        /* the round's draw is the patient's all the same, unused, so
         * that its later rounds read the same draws whether or not the
         * unit was under pressure now (common random numbers) */
        net_draw_skip(p, DRAW_REVIEW);
        t = surge_time(r, now);
    } else
        t = review_time(u, p, now);
    if (t <= now) {
        decide(sim_owner(s), p, u);
        return;
    }
    if (!(p->review = sim_at(s, t, PRIO_PATIENT, decided, p, arg))) {
        net_fail(sim_owner(s), "out of memory");
        return;
    }
    p->rv_prev = NULL;
    p->rv_next = u->rv_head;
    if (u->rv_head)
        u->rv_head->rv_prev = p;
    u->rv_head = p;
}

/* A stay at unit `arg` ended.  With ward rounds the patient waits in its
 * place for the round's decision (await_round); otherwise the decision
 * is now. */
void discharge_end_of_stay(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    ((patient *)obj)->stay_event = 0;
    unit *u = &n->units[arg];
    if (!u->sp->review.on)
        decide(n, obj, u);
    else
        await_round(s, obj, u, arg);
}

/* The decision to discharge p from unit u: the patient moves on, exits,
 * or is blocked.  Given the unit, which its callers have at hand; out of
 * line, as inline in the end of a stay it cost more instructions. */
__attribute__((noinline)) static void decide(network *n, patient *p,
                                             unit *u)
{
    int64_t arg = u->index;
    if (p->review) { /* off the list of patients waiting for a round */
        p->review = 0;
        if (p->rv_prev)
            p->rv_prev->rv_next = p->rv_next;
        else
            u->rv_head = p->rv_next;
        if (p->rv_next)
            p->rv_next->rv_prev = p->rv_prev;
    }
    const route *r = iv_route(u, p->cls); /* (the pick's own, shared) */
    int v = p->routed ? p->next_unit : iv_next_unit(n, u, p);
    p->routed = 0;
    if (n->h.on)
        health_on_leave(n, p, u, v);
    if ((r->delay || r->transfer) && route_extras(n, p, r, v, arg)) {
        flow_fill(n);
        return;
    }
    go_on(n, p, u, v);
    flow_fill(n);
}

/* A ward round's decision on the patient obj at unit `arg` (decide). */
static void decided(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    decide(n, obj, &n->units[arg]);
}

/* p, decided on at unit `from`, goes on to v: home (after the unit's
 * discharge delay, the place held), to v's assessment (the place held),
 * or to v. */
static void go_on(network *n, patient *p, const unit *from, int v)
{
    sim *s = n->s;
    int u = from->index;
    int64_t arg = u;
    if (v == SCENARIO_EXIT && from->sp->delays_exit) {
        /* Ready to go home, but waiting (transport, medicines): the place
         * here stays held, and counts as no criteria to reside. */
        flow_hold(n, p);
        uint64_t st;
        gsl_rng g = net_draw(p, DRAW_EXIT_DELAY, &st);
        double t = dist_sample(&from->sp->exit_delay, &g);
        if (!sim_at(s, sim_now(s) + t, PRIO_PATIENT, delayed_exit, p, arg))
            net_fail(n, "out of memory");
    } else if (v == SCENARIO_EXIT) {
        net_trace(n, p, u, "exit");
        flow_depart(n, p, u);
    } else if (n->units[v].sp->assessed) {
        /* Assessment for the next unit: the place here stays held. */
        flow_hold(n, p);
        assess_request(n, p, v);
    } else {
        flow_enter(n, p, v);
    }
}

/* The entry of route r that goes to v, or -1 (a target that a route mix
 * added). */
static long route_entry(const route *r, int v)
{
    for (size_t k = 0; k < r->n; k++)
        if (r->to[k] == v)
            return (long)k;
    return -1;
}

/* What p's route to v adds after the decision at unit u: the move it
 * will take (kept in p until it is given its place), and a delay, the
 * place held, before it leaves (the route's own, instead of the unit's
 * discharge delay).  Returns 1 when p now waits for that delay. */
static int route_extras(network *n, patient *p, const route *r, int v,
                        int64_t u)
{
    long k = route_entry(r, v);
    if (k < 0)
        return 0;
    if (r->transfer && r->has_transfer[k] && v != SCENARIO_EXIT) {
        p->travel = &r->transfer[k];
        p->release = r->release[k];
    }
    if (!r->delay || !r->has_delay[k])
        return 0;
    flow_hold(n, p);
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_ROUTE_DELAY, &st);
    double t = dist_sample(&r->delay[k], &g);
    p->next_unit = v;
    if (!sim_at(n->s, sim_now(n->s) + t, PRIO_PATIENT, route_delayed, p, u))
        net_fail(n, "out of memory");
    return 1;
}

/* The delay of p's route from unit arg is over: it leaves for the unit
 * kept in next_unit, or home. */
static void route_delayed(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    patient *p = obj;
    int v = p->next_unit;
    if (v == SCENARIO_EXIT) {
        net_trace(n, p, (int)arg, "exit");
        flow_depart(n, p, (int)arg);
    } else {
        go_on(n, p, &n->units[arg], v);
    }
    flow_fill(n);
}

static void delayed_exit(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    net_trace(n, obj, (int)arg, "exit");
    flow_depart(n, obj, (int)arg);
    flow_fill(n);
}

/* An assessment for unit `arg` ended: the assessor takes the next
 * patient in line, and this one may move in. */
static void assessed(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *t = &n->units[arg];
    t->assessing--;
    if (t->assess_line.live > 0) {
        patient *q = line_pop(&t->assess_line, always_live, NULL);
        if (q)
            assess_start(n, q, (int)arg);
    }
    flow_enter(n, obj, (int)arg);
    flow_fill(n);
}


/* Puts p among the k (< room) patients of best, kept ordered by the end
 * of their stay, after those that end at the same time (so the order is
 * a stable sort's of the order they were offered in); with k == room,
 * p takes the last place if it ends strictly before that one.  Returns
 * the new k. */
static size_t best_put(patient **best, size_t k, size_t room, patient *p)
{
    double t = p->t_stay_end;
    if (k == room) {
        if (!(t < best[k - 1]->t_stay_end))
            return k;
        k--;
    }
    size_t i = k;
    for (; i > 0 && t < best[i - 1]->t_stay_end; i--)
        best[i] = best[i - 1];
    best[i] = p;
    return k + 1;
}

void discharge_board_round(network *n, unit *u)
{
    const review_spec *r = &u->sp->review;
    if (r->surge_waiting <= 0 || (long)u->waiting.live < r->surge_waiting)
        return;
    /* As many decisions as patients wait for a place: first those waiting
     * for a round, then those expected to be ready soonest. */
    long want = (long)u->waiting.live;
    while (want > 0 && u->rv_head && !n->failed) {
        patient *p = u->rv_head;
        sim_cancel(n->s, p->review);
        decide(n, p, u);
        want--;
    }
    if (want <= 0 || !(r->surge_pull > 0))
        return;
    /* every record is scanned: at most the patients in the system, at a
     * few board rounds a day; the `want` earliest stay ends are kept in
     * order as they are met (a stable sort's first `want`, with no sort
     * of all the candidates) */
    double until = sim_now(n->s) + r->surge_pull;
    size_t nc = 0, room = (size_t)want;
    patient **cand = malloc(room * sizeof *cand);
    if (!cand) {
        net_fail(n, "out of memory");
        return;
    }
    for (size_t c = 0; c < n->nchunks; c++)
        for (size_t i = 0; i < PATIENT_CHUNK; i++) {
            patient *p = &n->chunks[c][i];
            if (p->unit != u->index || !p->stay_event ||
                p->t_stay_end > until)
                continue;
            nc = best_put(cand, nc, room, p);
        }
    for (size_t i = 0; i < nc && !n->failed; i++) {
        sim_cancel(n->s, cand[i]->stay_event);
        cand[i]->stay_event = 0;
        net_draw_skip(cand[i], DRAW_REVIEW); /* as at a surge decision */
        decide(n, cand[i], u);
    }
    free(cand);
}
