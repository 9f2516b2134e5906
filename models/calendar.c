/* calendar.c -- the timed events that are not a patient's own: arrivals,
 * capacity changes by schedule, admission hours, the end of the warm-up,
 * and the daily 08:00 check (the sitrep's snapshot of acute beds, and
 * jammed units). */
#include <math.h>
#include <string.h>
#include "arrivals.h"
#include "net.h"

/* Whether a booked (elective) admission to u goes ahead now: u admits and
 * fewer than cancel_at of its open places are occupied. */
static int elective_fits(const network *n, const unit *u,
                         const arrival_spec *a)
{
    if (!u->admitting)
        return 0;
    if (u->cap == SCENARIO_UNLIMITED)
        return 1;
    if (u->sp->in_pool) /* its own places and the pool's */
        return flow_unit_open(n, u) &&
               (double)u->busy <
                   a->cancel_at * (double)(u->cap + pool_capacity(n, u));
    return u->busy < u->cap && (double)u->busy < a->cancel_at * (double)u->cap;
}

/* The class of the arrival with key `key` from the stream's mix: the
 * inverse of the cumulative shares at the patient's own uniform draw, so
 * a patient keeps its class when a scenario moves shares a little.  The
 * last class takes the rest (its share is not added). */
static int class_of(const arrival_spec *a, uint64_t key)
{
    uint64_t st = rng_substream(key, DRAW_CLASS, 0);
    double u = (double)(rng_next(&st) >> 11) * 0x1.0p-53;
    return a->mix_class[net_share_index(a->mix_share, a->n_mix, u)];
}

/* The next patient of stream `arg` arrives; the one after is scheduled. */
void calendar_arrive(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    const arrival_spec *a = obj;
    double now = sim_now(s);
    /* the patient is arrival number k of its stream, in every scenario
     * run with the same seed: its class and all its draws follow */
    uint64_t key = rng_entity(n->arrival_key[arg], n->arrival_count[arg]++);
    int cls = a->n_mix ? class_of(a, key) : 0;
    if (n->iv_arrivals && iv_deflect_arrival(n, (int)arg, cls, key)) {
        n->h.deflected_arrivals++;
    } else if (a->elective && !elective_fits(n, &n->units[a->to], a)) {
        n->h.electives_cancelled++;
    } else {
        patient *p = net_patient_new(n, key);
        if (!p)
            return;
        p->cls = cls;
        p->prio = a->priority;
        p->ambulance = a->ambulance;
        p->elective = a->elective;
        flow_enter(n, p, a->to);
        flow_fill(n);
    }
    double t = arrivals_next(a, &n->arrival_piece[arg], n->arrival_rng[arg], now,
                             n->sc->horizon);
    if (isfinite(t) && !sim_at(s, t, PRIO_PATIENT, calendar_arrive, obj, arg))
        net_fail(n, "out of memory");
}

static void change_capacity(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *u = obj;
    u->sched_cap = u->sp->schedule[arg].capacity;
    u->next_change = (size_t)arg + 1;
    flow_set_capacity(n, u);
    flow_fill(n);
    calendar_schedule_change(n, u);
}

/* Schedules the unit's next capacity change, wrapping if it repeats. */
void calendar_schedule_change(network *n, unit *u)
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
        net_fail(n, "out of memory");
}

/* Whether minute t falls in the weekly window w. */
static int window_open(const week_window *w, double t)
{
    double m = fmod(t, SIM_MINUTES_PER_WEEK);
    for (size_t i = 0; i < w->n; i++)
        if (m >= w->from[i] && m < w->to[i])
            return 1;
    return 0;
}

/* The first edge of w after t where the window's state differs from
 * `open` (within two weeks), or +inf.  A week that starts at or after the
 * best edge found has none earlier (its edges are at or after its start),
 * nor has any later week. */
static double window_next_change(const week_window *w, double t, int open)
{
    double week = floor(t / SIM_MINUTES_PER_WEEK) * SIM_MINUTES_PER_WEEK;
    double best = INFINITY;
    for (int k = 0; k < 3 && week < best; k++, week += SIM_MINUTES_PER_WEEK)
        for (size_t i = 0; i < w->n; i++) {
            double e[2] = {week + w->from[i], week + w->to[i]};
            for (int j = 0; j < 2; j++)
                if (e[j] > t && e[j] < best && window_open(w, e[j]) != open)
                    best = e[j];
        }
    return best;
}

static void gate_change(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *u = obj;
    (void)arg;
    flow_gate(n, u, !u->admitting);
    flow_fill(n);
    calendar_schedule_gate(n, u);
}

/* Sets u's admission-hours state now and schedules its next change. */
void calendar_schedule_gate(network *n, unit *u)
{
    const week_window *w = &u->sp->admits;
    double now = sim_now(n->s);
    if (w->n == 0) {
        u->admitting = 1;
        return;
    }
    u->admitting = window_open(w, now);
    double t = window_next_change(w, now, u->admitting);
    if (t <= n->sc->horizon &&
        !sim_at(n->s, t, PRIO_CAPACITY, gate_change, u, 0))
        net_fail(n, "out of memory");
}

/* The first of the daily times[0..n) after `after`, or +inf. */
static double next_daily(const double *times, size_t n, double after)
{
    double day = floor(after / SIM_MINUTES_PER_DAY) * SIM_MINUTES_PER_DAY;
    for (int k = 0; k < 2; k++, day += SIM_MINUTES_PER_DAY)
        for (size_t i = 0; i < n; i++)
            if (day + times[i] > after)
                return day + times[i];
    return INFINITY;
}

static void bed_meeting(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *u = obj;
    (void)arg;
    flow_escalation(n, u, 1);
    flow_fill(n);
    calendar_schedule_meeting(n, u, sim_now(s));
}

void calendar_schedule_meeting(network *n, unit *u, double after)
{
    const escalation_spec *e = &u->sp->escalation;
    if (e->n_meetings == 0 || e->beds <= 0)
        return;
    double t = next_daily(e->meetings, e->n_meetings, after);
    if (t <= n->sc->horizon &&
        !sim_at(n->s, t, PRIO_CAPACITY, bed_meeting, u, 0))
        net_fail(n, "out of memory");
}

static void board_round(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *u = obj;
    (void)arg;
    discharge_board_round(n, u);
    flow_fill(n);
    calendar_schedule_board(n, u, sim_now(s));
}

void calendar_schedule_board(network *n, unit *u, double after)
{
    const review_spec *r = &u->sp->review;
    if (!r->on || r->n_boards == 0)
        return;
    double t = next_daily(r->boards, r->n_boards, after);
    if (t <= n->sc->horizon &&
        !sim_at(n->s, t, PRIO_CAPACITY, board_round, u, 0))
        net_fail(n, "out of memory");
}

void calendar_end_warmup(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    double now = sim_now(s);
    (void)obj;
    (void)arg;
    pool_touch_all(n);
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        flow_touch(n, u);
        memset(&u->c, 0, sizeof u->c);
        stat_level_reset(&u->occ, now);
        stat_level_reset(&u->queue, now);
        stat_level_reset(&u->blk, now);
        stat_tally_reset(&u->wait);
        stat_tally_reset(&u->stay);
        u->full_time = 0;
    }
    n->sys_arrivals = n->sys_exits = n->sys_lost = 0;
    stat_tally_reset(&n->sys_time);
    stat_level_reset(&n->sys_level, now);
    health_reset(&n->h, now);
}

/* The daily sitrep: acute occupancy at 08:00 against open beds. */
static void sitrep(network *n)
{
    sim *s = n->s;
    double busy = 0, cap = 0;
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        if (u->sp->role != ROLE_ACUTE || u->cap == SCENARIO_UNLIMITED ||
            u->sp->in_pool)
            continue;
        busy += (double)u->busy;
        cap += (double)(u->cap > u->busy ? u->cap : u->busy);
    }
    if (n->sc->n_pools)
        pool_sitrep(n, &busy, &cap);
    /* NCTR and long stays as the daily sitrep counts them: patients in
     * acute beds at 08:00 (the list of those, net.h: network.acute). */
    double now = sim_now(s), s7 = 0, s21 = 0;
    for (size_t i = 0; i < n->n_acute; i++) {
        double days = (now - n->acute_since[i]) / SIM_MINUTES_PER_DAY;
        s7 += days >= HEALTH_STRANDED_DAYS;
        s21 += days >= HEALTH_SUPER_STRANDED_DAYS;
    }
    n->h.snap_n++;
    n->h.snap_nctr += (double)n->h.role_blocked[ROLE_ACUTE].level;
    n->h.snap_stranded7 += s7;
    n->h.snap_stranded21 += s21;
    if (cap > 0) {
        n->h.snapshot_days++;
        n->h.snapshot_rate_sum += busy / cap;
        n->h.snap_busy = busy;
        n->h.snap_open = cap;
        if (busy / cap > HEALTH_OCCUPANCY_ALARM)
            n->h.days_over_alarm++;
    }
}

/* The longest line a unit can have without being jammed: twice its
 * places, and at least 50 more than them; 0 for a unit with unlimited
 * places (its line is always empty). */
static long jam_limit(const unit *u)
{
    long c = u->sp->capacity;
    if (c == SCENARIO_UNLIMITED)
        return 0;
    return c + (c > 50 ? c : 50);
}

/* A unit is jammed when its line stays longer than jam_limit for
 * JAM_DAYS daily checks running: the first such run's first day is kept
 * (a stable queue empties again; one whose capacity is short of demand
 * grows without bound). */
static void jam_check(network *n, double day)
{
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        long lim = jam_limit(u);
        if (lim == 0 || (long)u->waiting.live <= lim) {
            u->jam_run = 0;
            continue;
        }
        if (u->jam_run++ == 0)
            u->jam_since = day;
        if (u->jam_run >= JAM_DAYS && isnan(u->jam_first))
            u->jam_first = u->jam_since;
    }
}

void calendar_end_jams(network *n)
{
    double day = floor(sim_now(n->s) / SIM_MINUTES_PER_DAY);
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        long lim = jam_limit(u);
        if (lim > 0 && (long)u->waiting.live > lim && isnan(u->jam_first))
            u->jam_first = u->jam_run > 0 ? u->jam_since : day;
    }
}

/* 08:00 every day: the sitrep (with health roles) and the jam check. */
void calendar_daily(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    (void)obj;
    (void)arg;
    if (n->h.on)
        sitrep(n);
    jam_check(n, floor(sim_now(s) / SIM_MINUTES_PER_DAY));
    double t = sim_now(s) + SIM_MINUTES_PER_DAY;
    if (t <= n->sc->horizon &&
        !sim_at(s, t, PRIO_SNAPSHOT, calendar_daily, NULL, 0))
        net_fail(n, "out of memory");
}

/* Midnight ends day arg: its row of the daily series is written. */
void calendar_midnight(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    series_day(n, (size_t)arg);
    if ((size_t)arg + 1 < n->series->days &&
        !sim_at(s, sim_now(s) + SIM_MINUTES_PER_DAY, PRIO_SNAPSHOT,
                calendar_midnight, obj, arg + 1))
        net_fail(n, "out of memory");
}
