/* network.c -- one replication of a network of care units.
 *
 * A patient arrives at a unit.  If the unit has a free place the patient
 * is admitted at once; otherwise the unit's when_full rule applies: wait in
 * its line (queue), wait in its line while keeping the place held upstream
 * (block), leave (lose), or try another unit (divert).  After the stay the
 * routing picks the next unit or the exit.  Whenever a place frees, the
 * unit takes the next patient from its line; that can free a place
 * upstream (a blocked patient moving on), and so on: these cascades run
 * from a work list, not by recursion, so any network depth is safe.
 *
 * Statistics cover [warmup, horizon].  Occupancy counts every patient who
 * holds a place, blocked ones included (an acute bed held by a patient
 * waiting for a care-home place is an occupied bed).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../sim/sim.h"
#include "../sim/stats.h"
#include "line.h"
#include "arrivals.h"
#include "kpis.h"
#include "network.h"

#define PRIO_CAPACITY 0  /* capacity changes before patients at a tie */
#define PRIO_PATIENT 10
#define PRIO_WARMUP (-100) /* reset statistics before anything else */
#define PATIENT_CHUNK 1024

typedef struct patient {
    uint64_t id;
    int unit;            /* unit holding the patient's place, or -1 */
    int waiting_for;     /* unit whose line the patient is in, or -1 */
    int held;            /* 1: done at `unit`, blocked, place still held */
    int32_t prio;
    uint64_t ticket;     /* current line ticket */
    double t_system;     /* arrival in the system */
    double t_unit;       /* admission to the current unit */
    double t_wait;       /* arrival at the unit being waited for */
    evq_handle renege;
    struct patient *next_free;
} patient;

/* Counters of one unit over the measured period. */
typedef struct unit_counts {
    double arrivals, admitted, lost, reneged, diverted, delayed;
} unit_counts;

typedef struct unit {
    const unit_spec *sp;
    int index;
    long cap;             /* current capacity, SCENARIO_UNLIMITED or >= 0 */
    long busy;            /* places held */
    long blocked;         /* of which by patients blocked downstream */
    line waiting;
    gsl_rng *stay_rng, *route_rng, *patience_rng;
    gsl_ran_discrete_t *route_table;
    size_t next_change;   /* capacity schedule position */
    double cycle;         /* start of the current schedule cycle */
    unit_counts c;
    stat_level occ, queue, blk;
    stat_tally wait, stay;
    double full_time, touched;
    int queued_for_fill;
} unit;

typedef struct network {
    const scenario *sc;
    sim *s;
    unit *units;
    gsl_rng **arrival_rng;
    patient **chunks;
    size_t nchunks;
    patient *free;
    uint64_t next_id, next_ticket;
    long in_system, peak;
    double sys_arrivals, sys_exits, sys_lost;
    stat_tally sys_time;
    stat_level sys_level;
    int *fill_list;       /* ring of units with a freed place to fill */
    size_t fill_head, nfill;
    int failed;
    trace_fn trace;
    void *ud;
} network;

static void fill_pending(network *n);
static void route_to(network *n, patient *p, int v);

static void trace(network *n, const patient *p, int u, const char *what)
{
    if (n->trace)
        n->trace(n->ud, sim_now(n->s), p->id,
                 u >= 0 ? n->sc->units[u].name : "", what);
}

static void fail(network *n, const char *why)
{
    n->failed = 1;
    sim_stop(n->s, why);
}

/* ---- patients ------------------------------------------------------ */

static patient *patient_new(network *n)
{
    if (!n->free) {
        patient **c = realloc(n->chunks, (n->nchunks + 1) * sizeof *c);
        if (!c)
            return NULL;
        n->chunks = c;
        patient *blk = calloc(PATIENT_CHUNK, sizeof *blk);
        if (!blk)
            return NULL;
        n->chunks[n->nchunks++] = blk;
        for (size_t i = PATIENT_CHUNK; i-- > 0;) {
            blk[i].next_free = n->free;
            n->free = &blk[i];
        }
    }
    patient *p = n->free;
    n->free = p->next_free;
    *p = (patient){.id = ++n->next_id, .unit = -1, .waiting_for = -1};
    return p;
}

/* The patient leaves the system: exit, lost or reneged. */
static void patient_gone(network *n, patient *p)
{
    n->in_system--;
    stat_level_add(&n->sys_level, sim_now(n->s), -1);
    p->waiting_for = -1;
    p->ticket = 0;
    p->next_free = n->free;
    n->free = p;
}

/* ---- unit bookkeeping ---------------------------------------------- */

static int unit_full(const unit *u)
{
    return u->cap != SCENARIO_UNLIMITED && u->busy >= u->cap;
}

/* Accrues the time the unit has been full, before busy or cap change. */
static void unit_touch(unit *u, double now)
{
    if (unit_full(u))
        u->full_time += now - u->touched;
    u->touched = now;
}

static void want_fill(network *n, unit *u)
{
    if (!u->queued_for_fill) {
        u->queued_for_fill = 1;
        n->fill_list[(n->fill_head + n->nfill++) % n->sc->n_units] = u->index;
    }
}

/* The patient gives up the place held at its unit (if any). */
static void leave_unit(network *n, patient *p)
{
    if (p->unit < 0)
        return;
    unit *u = &n->units[p->unit];
    double now = sim_now(n->s);
    unit_touch(u, now);
    if (p->held) {
        u->blocked--;
        stat_level_add(&u->blk, now, -1);
        p->held = 0;
    }
    u->busy--;
    stat_level_add(&u->occ, now, -1);
    stat_tally_add(&u->stay, (now - p->t_unit) / SIM_MINUTES_PER_DAY);
    p->unit = -1;
    want_fill(n, u);
}

static void end_of_stay(sim *s, void *obj, int64_t arg);

/* Admits p to unit v now: it takes a place, ends any wait, and leaves the
 * place it held upstream. */
static void admit(network *n, patient *p, int v)
{
    unit *u = &n->units[v];
    double now = sim_now(n->s);
    double waited = now - p->t_wait;
    if (p->renege) {
        sim_cancel(n->s, p->renege);
        p->renege = 0;
    }
    p->waiting_for = -1;
    leave_unit(n, p);
    unit_touch(u, now);
    u->busy++;
    if (stat_level_add(&u->occ, now, 1) != 0)
        fail(n, "out of memory");
    u->c.admitted++;
    if (waited > 0)
        u->c.delayed++;
    stat_tally_add(&u->wait, waited / SIM_MINUTES_PER_HOUR);
    p->unit = v;
    p->t_unit = now;
    trace(n, p, v, "admit");
    double stay = dist_sample(&u->sp->stay, u->stay_rng);
    if (!sim_at(n->s, now + stay, PRIO_PATIENT, end_of_stay, p, v))
        fail(n, "out of memory");
}

static int entry_live(const line_entry *e, void *ud)
{
    const patient *p = e->who;
    return p->ticket == e->ticket && p->waiting_for == (int)(intptr_t)ud;
}

/* Takes patients from the lines of units that have free places. */
static void fill_pending(network *n)
{
    while (n->nfill > 0) {
        unit *u = &n->units[n->fill_list[n->fill_head]];
        n->fill_head = (n->fill_head + 1) % n->sc->n_units;
        n->nfill--;
        u->queued_for_fill = 0;
        while (!unit_full(u) && u->waiting.live > 0) {
            patient *p = line_pop(&u->waiting, entry_live,
                                  (void *)(intptr_t)u->index);
            if (!p)
                break;
            stat_level_add(&u->queue, sim_now(n->s), -1);
            admit(n, p, u->index);
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
    stat_level_add(&u->queue, sim_now(s), -1);
    u->c.reneged++;
    n->sys_lost++;
    trace(n, p, (int)arg, "renege");
    patient_gone(n, p);
}

/* ---- moving patients ------------------------------------------------ */

static void lost_at(network *n, patient *p, int v)
{
    n->units[v].c.lost++;
    n->sys_lost++;
    trace(n, p, v, "lost");
    leave_unit(n, p);
    patient_gone(n, p);
}

/* Puts p in v's line.  Blocked patients keep their upstream place. */
static void join_line(network *n, patient *p, int v, int hold)
{
    unit *u = &n->units[v];
    double now = sim_now(n->s);
    if (hold && p->unit >= 0) {
        unit *up = &n->units[p->unit];
        p->held = 1;
        up->blocked++;
        stat_level_add(&up->blk, now, 1);
        trace(n, p, p->unit, "blocked");
    } else {
        leave_unit(n, p);
    }
    p->waiting_for = v;
    p->ticket = ++n->next_ticket;
    int32_t prio = u->sp->priority_queue ? p->prio : 0;
    if (line_push(&u->waiting, prio, p->ticket, p) != 0 ||
        stat_level_add(&u->queue, now, 1) != 0) {
        fail(n, "out of memory");
        return;
    }
    trace(n, p, v, "wait");
    if (u->sp->reneges && !hold) {
        double t = dist_sample(&u->sp->patience, u->patience_rng);
        p->renege = sim_at(n->s, now + t, PRIO_PATIENT, renege, p, v);
    }
}

/* p (new, or done at p->unit) goes to unit v. */
static void route_to(network *n, patient *p, int v)
{
    for (;;) {
        unit *u = &n->units[v];
        u->c.arrivals++;
        p->t_wait = sim_now(n->s);
        trace(n, p, v, "arrive");
        if (!unit_full(u)) {
            admit(n, p, v);
            return;
        }
        switch (u->sp->when_full) {
        case FULL_LOSE:
            lost_at(n, p, v);
            return;
        case FULL_DIVERT:
            u->c.diverted++;
            trace(n, p, v, "divert");
            v = u->sp->divert_to;
            continue;
        case FULL_QUEUE:
            if (u->sp->queue_limit != SCENARIO_UNLIMITED &&
                (long)u->waiting.live >= u->sp->queue_limit) {
                lost_at(n, p, v);
                return;
            }
            join_line(n, p, v, 0);
            return;
        case FULL_BLOCK:
            join_line(n, p, v, 1);
            return;
        }
        return;
    }
}

/* Picks the next unit after a stay at u: SCENARIO_EXIT or an index. */
static int next_unit(const unit *u)
{
    const route *r = &u->sp->next;
    if (r->n == 1)
        return r->to[0];
    return r->to[dist_choose(u->route_table, u->route_rng)];
}

/* A stay at unit `arg` ended: the patient moves on, exits, or is blocked. */
static void end_of_stay(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    patient *p = obj;
    int v = next_unit(&n->units[arg]);
    if (v == SCENARIO_EXIT) {
        trace(n, p, (int)arg, "exit");
        leave_unit(n, p);
        n->sys_exits++;
        stat_tally_add(&n->sys_time,
                       (sim_now(s) - p->t_system) / SIM_MINUTES_PER_DAY);
        patient_gone(n, p);
    } else {
        route_to(n, p, v);
    }
    fill_pending(n);
}

/* ---- arrivals -------------------------------------------------------- */

static void arrive(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    const arrival_spec *a = obj;
    patient *p = patient_new(n);
    if (!p) {
        fail(n, "out of memory");
        return;
    }
    double now = sim_now(s);
    p->prio = a->priority;
    p->t_system = now;
    n->sys_arrivals++;
    n->in_system++;
    if (n->in_system > n->peak)
        n->peak = n->in_system;
    stat_level_add(&n->sys_level, now, 1);
    if (n->in_system > n->sc->max_patients) {
        fail(n, "runaway: more patients in the system than max_patients");
        return;
    }
    route_to(n, p, a->to);
    fill_pending(n);
    double t = arrivals_next(&n->sc->arrivals[arg], n->arrival_rng[arg],
                             now, n->sc->horizon);
    if (isfinite(t) && !sim_at(s, t, PRIO_PATIENT, arrive, obj, arg))
        fail(n, "out of memory");
}

/* ---- capacity schedules and warm-up --------------------------------- */

static void schedule_change(network *n, unit *u);

static void change_capacity(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *u = obj;
    unit_touch(u, sim_now(s));
    u->cap = u->sp->schedule[arg].capacity;
    u->next_change = (size_t)arg + 1;
    want_fill(n, u);
    fill_pending(n);
    schedule_change(n, u);
}

/* Schedules the unit's next capacity change, wrapping if it repeats. */
static void schedule_change(network *n, unit *u)
{
    const unit_spec *sp = u->sp;
    if (sp->n_schedule == 0)
        return;
    if (u->next_change >= sp->n_schedule) {
        if (!(sp->schedule_repeat > 0))
            return;
        u->next_change = 0;
        u->cycle += sp->schedule_repeat;
    }
    double t = u->cycle + sp->schedule[u->next_change].at;
    if (t <= n->sc->horizon &&
        !sim_at(n->s, t, PRIO_CAPACITY, change_capacity, u,
                (int64_t)u->next_change))
        fail(n, "out of memory");
}

static void end_warmup(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    double now = sim_now(s);
    (void)obj;
    (void)arg;
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        memset(&u->c, 0, sizeof u->c);
        stat_level_reset(&u->occ, now);
        stat_level_reset(&u->queue, now);
        stat_level_reset(&u->blk, now);
        stat_tally_reset(&u->wait);
        stat_tally_reset(&u->stay);
        u->full_time = 0;
        u->touched = now;
    }
    n->sys_arrivals = n->sys_exits = n->sys_lost = 0;
    stat_tally_reset(&n->sys_time);
    stat_level_reset(&n->sys_level, now);
}

/* ---- KPIs ------------------------------------------------------------ */

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* Writes the KPIs of the finished run, in network_kpis order. */
static void collect(network *n, double *v)
{
    double now = sim_now(n->s);
    size_t k = 0;
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        unit_touch(u, now);
        double span = now - u->occ.start;
        v[k++] = u->c.arrivals;
        v[k++] = u->c.admitted;
        v[k++] = u->c.lost;
        v[k++] = ratio(u->c.lost, u->c.arrivals);
        v[k++] = u->c.reneged;
        v[k++] = u->c.diverted;
        v[k++] = ratio(u->c.delayed, u->c.admitted);
        v[k++] = ratio(u->full_time, span);
        v[k++] = stat_level_mean(&u->occ, now);
        v[k++] = (double)stat_level_quantile(&u->occ, now, 0.95);
        v[k++] = (double)u->occ.max;
        v[k++] = stat_level_mean(&u->queue, now);
        v[k++] = stat_tally_mean(&u->wait);
        v[k++] = stat_tally_quantile(&u->wait);
        v[k++] = stat_tally_over_fraction(&u->wait);
        v[k++] = stat_level_mean(&u->blk, now);
        v[k++] = stat_tally_mean(&u->stay);
        v[k++] = (double)(u->busy + (long)u->waiting.live);
    }
    v[k++] = n->sys_arrivals;
    v[k++] = n->sys_exits;
    v[k++] = n->sys_lost;
    v[k++] = stat_level_mean(&n->sys_level, now);
    v[k++] = stat_tally_mean(&n->sys_time);
    v[k++] = (double)n->in_system;
}

/* ---- building and running ------------------------------------------- */

static int unit_build(network *n, unit *u, size_t i)
{
    const unit_spec *sp = &n->sc->units[i];
    char name[320];
    u->sp = sp;
    u->index = (int)i;
    u->cap = sp->capacity;
    line_init(&u->waiting);
    if (stat_level_init(&u->occ, 0) || stat_level_init(&u->queue, 0) ||
        stat_level_init(&u->blk, 0) ||
        stat_tally_init(&u->wait, 0.95,
                        sp->wait_threshold / SIM_MINUTES_PER_HOUR) ||
        stat_tally_init(&u->stay, 0.95, INFINITY))
        return -1;
    snprintf(name, sizeof name, "stay:%s", sp->name);
    u->stay_rng = sim_stream(n->s, name);
    snprintf(name, sizeof name, "route:%s", sp->name);
    u->route_rng = sim_stream(n->s, name);
    snprintf(name, sizeof name, "patience:%s", sp->name);
    u->patience_rng = sim_stream(n->s, name);
    if (!u->stay_rng || !u->route_rng || !u->patience_rng)
        return -1;
    if (sp->next.n > 1) {
        u->route_table = gsl_ran_discrete_preproc(sp->next.n, sp->next.share);
        if (!u->route_table)
            return -1;
    }
    schedule_change(n, u);
    return n->failed ? -1 : 0;
}

static void network_free(network *n)
{
    if (n->units)
        for (size_t i = 0; i < n->sc->n_units; i++) {
            unit *u = &n->units[i];
            line_free(&u->waiting);
            stat_level_free(&u->occ);
            stat_level_free(&u->queue);
            stat_level_free(&u->blk);
            stat_tally_free(&u->wait);
            stat_tally_free(&u->stay);
            if (u->route_table)
                gsl_ran_discrete_free(u->route_table);
        }
    for (size_t i = 0; i < n->nchunks; i++)
        free(n->chunks[i]);
    free(n->chunks);
    free(n->units);
    free(n->arrival_rng);
    free(n->fill_list);
    stat_tally_free(&n->sys_time);
    stat_level_free(&n->sys_level);
    sim_free(n->s);
}

static int network_build(network *n)
{
    const scenario *sc = n->sc;
    n->units = calloc(sc->n_units, sizeof *n->units);
    n->fill_list = calloc(sc->n_units, sizeof *n->fill_list);
    n->arrival_rng = calloc(sc->n_arrivals + 1, sizeof *n->arrival_rng);
    if (!n->units || !n->fill_list || !n->arrival_rng ||
        stat_tally_init(&n->sys_time, 0.95, INFINITY) ||
        stat_level_init(&n->sys_level, 0))
        return -1;
    for (size_t i = 0; i < sc->n_units; i++)
        if (unit_build(n, &n->units[i], i) != 0)
            return -1;
    for (size_t i = 0; i < sc->n_arrivals; i++) {
        char name[320];
        snprintf(name, sizeof name, "arrival:%s", sc->arrivals[i].name);
        n->arrival_rng[i] = sim_stream(n->s, name);
        if (!n->arrival_rng[i])
            return -1;
        double t = arrivals_next(&sc->arrivals[i], n->arrival_rng[i], 0,
                                 sc->horizon);
        if (isfinite(t) &&
            !sim_at(n->s, t, PRIO_PATIENT, arrive,
                    (void *)&sc->arrivals[i], (int64_t)i))
            return -1;
    }
    if (sc->warmup > 0 &&
        !sim_at(n->s, sc->warmup, PRIO_WARMUP, end_warmup, NULL, 0))
        return -1;
    return 0;
}

int network_run(const scenario *sc, uint64_t rep, const kpi_list *kpis,
                double *values, run_info *info, trace_fn trace_cb, void *ud)
{
    network n = {.sc = sc, .trace = trace_cb, .ud = ud};
    memset(info, 0, sizeof *info);
    for (size_t i = 0; i < kpis->n; i++)
        values[i] = NAN;
    n.s = sim_new(sc->seed, rep);
    if (!n.s) {
        snprintf(info->stopped, sizeof info->stopped, "out of memory");
        return -1;
    }
    sim_set_owner(n.s, &n);
    int rc = 0;
    if (network_build(&n) != 0) {
        snprintf(info->stopped, sizeof info->stopped, "out of memory");
        rc = -1;
    } else {
        sim_run(n.s, sc->horizon);
        if (sim_stopped(n.s)) {
            snprintf(info->stopped, sizeof info->stopped, "%s at day %.2f",
                     sim_stopped(n.s), sim_now(n.s) / SIM_MINUTES_PER_DAY);
            rc = -1;
        } else {
            collect(&n, values);
        }
    }
    info->events = sim_events_run(n.s);
    info->peak_patients = n.peak;
    network_free(&n);
    return rc;
}
