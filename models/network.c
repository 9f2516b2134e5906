/* network.c -- building, running and reading out one replication.
 *
 * How patients move is in flow.c, the timed events in calendar.c, the
 * phased interventions in interventions.c and the NHS measures in
 * health.c; this file builds a replication from a scenario, runs it to
 * the horizon and writes its KPIs.  Statistics cover [warmup, horizon].
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arrivals.h"
#include "net.h"

void net_trace_emit(network *n, const patient *p, int u,
                    const char *what)
{
    n->trace(n->ud, sim_now(n->s), p->id,
             u >= 0 ? n->sc->units[u].name : "", what);
}

void net_fail(network *n, const char *why)
{
    n->failed = 1;
    sim_stop(n->s, why);
}

int net_acute_room(network *n)
{
    size_t cap = n->cap_acute ? 2 * n->cap_acute : 256;
    double *t = realloc(n->acute_since, cap * sizeof *t);
    if (t)
        n->acute_since = t;
    patient **w = t ? realloc(n->acute_who, cap * sizeof *w) : NULL;
    if (!w) {
        net_fail(n, "out of memory");
        return -1;
    }
    n->acute_who = w;
    n->cap_acute = cap;
    return 0;
}

/* net_patient_new when no record is free: a new chunk of records, then
 * the patient.  Out of line, so that the common path calls nothing
 * before its statistics and saves two registers, not four. */
__attribute__((noinline)) static patient *new_chunk(network *n, uint64_t key)
{
    patient **c = realloc(n->chunks, (n->nchunks + 1) * sizeof *c);
    if (!c) {
        net_fail(n, "out of memory");
        return NULL;
    }
    n->chunks = c;
    patient *blk = calloc(PATIENT_CHUNK, sizeof *blk);
    if (!blk) {
        net_fail(n, "out of memory");
        return NULL;
    }
    n->chunks[n->nchunks++] = blk;
    for (size_t i = PATIENT_CHUNK; i-- > 0;) {
        blk[i].unit = -1; /* not in a unit */
        blk[i].waiting_for = -1;  /* nor in a line (network_census) */
        blk[i].next_free = n->free;
        n->free = &blk[i];
    }
    return net_patient_new(n, key);
}

/* A new patient in the system, from recycled memory when possible; NULL
 * (and the run stopped) when memory or the runaway guard runs out. */
patient *net_patient_new(network *n, uint64_t key)
{
    if (n->in_system >= n->sc->max_patients) {
        net_fail(n, "runaway: more patients in the system than "
                    "max_patients");
        return NULL;
    }
    if (!n->free)
        return new_chunk(n, key);
    patient *p = n->free;
    n->free = p->next_free;
    double now = sim_now(n->s);
    /* Field by field, not `*p = (patient){...}`: GCC zeroes a compound
     * literal of this size with `rep stos`, whose start-up cost was 6% of
     * an M/M/1 run (perf); separate stores become a few vector stores.
     * Every field is set here: a new field must be added, and the size
     * check below fails until the one who adds it looks here. */
#if UINTPTR_MAX == UINT64_MAX
    _Static_assert(sizeof(patient) == 312,
                   "a patient field was added or removed: set it in "
                   "net_patient_new, then update this size");
#endif
    p->id = ++n->next_id;
    p->key = key;
    memset(p->draws, 0, sizeof p->draws);
    p->unit = p->waiting_for = p->path = p->spot_unit = p->acute_at = -1;
    p->cls = p->held = p->ambulance = p->in_dept = p->from_role = 0;
    p->elective = p->line_blocked = p->internal = p->dta_ed = 0;
    p->displaced = p->next_unit = p->routed = p->release = 0;
    p->prio = p->line_src = 0;
    p->ticket = p->svc_ticket = 0;
    p->renege = p->stay_event = p->review = p->spot_event = 0;
    p->t_system = now;
    p->t_dta = -1;
    p->t_unit = p->t_wait = p->t_dept = p->t_ready = p->t_stay_end = 0;
    p->fit_before = 0;
    p->row = NULL;
    p->travel = NULL;
    p->rv_prev = p->rv_next = p->next_free = NULL;
    n->sys_arrivals++;
    n->cum_arrivals++;
    n->in_system++;
    if (n->in_system > n->peak)
        n->peak = n->in_system;
    if (stat_level_add(&n->sys_level, now, 1) != 0)
        net_fail(n, "out of memory");
    return p;
}

/* Writes the KPIs of the finished run, in the order of kpis. */
static void collect(network *n, const kpi_list *kpis, double *values)
{
    double price[COST_ITEMS];
    for (size_t i = 0; i < n->sc->n_units; i++)
        flow_touch(n, &n->units[i]);
    pool_touch_all(n);
    calendar_end_jams(n);
    if (!n->sc->costs || cost_unit_prices(n->sc->costs, price) != 0)
        for (int i = 0; i < COST_ITEMS; i++)
            price[i] = n->sc->costs ? NAN : 0;
    kpi_ctx c = {.n = n, .now = sim_now(n->s), .price = price};
    kpi_collect(&c, kpis, values);
}

/* ---- building and running ------------------------------------------- */

/* Whether u is plain (net.h): after the interventions' flags and the
 * overflow lists are known. */
static int unit_plain(const unit *u)
{
    const unit_spec *sp = u->sp;
    return !sp->in_pool && sp->role == ROLE_NONE &&
           sp->escalation.beds <= 0 && !sp->preempt &&
           !sp->priority_queue && !sp->reneges && !(sp->spot_after > 0) &&
           sp->admits.n == 0 && sp->overflow_waiting <= 0 &&
           u->n_overflow_from == 0 && !sp->has_transfer && !u->iv_admit &&
           sp->when_full == FULL_QUEUE && !sp->queue_longest &&
           !sp->queue_block && sp->queue_limit == SCENARIO_UNLIMITED &&
           !sp->split_limits;
}

static int unit_build(network *n, unit *u, size_t i)
{
    const unit_spec *sp = &n->sc->units[i];
    u->sp = sp;
    u->index = (int)i;
    u->cap = u->sched_cap = sp->capacity;
    u->jam_first = NAN;
    if (sp->priority_queue)
        line_init(&u->waiting);
    else
        line_init_fifo(&u->waiting);
    if (sp->queue_longest &&
        !(u->src_waiting = calloc(n->sc->n_units + 1, sizeof *u->src_waiting)))
        return -1;
    if (stat_level_init(&u->occ, 0) || stat_level_init(&u->queue, 0) ||
        stat_level_init(&u->blk, 0) ||
        stat_tally_init(&u->wait, 0.95,
                        sp->wait_threshold / SIM_MINUTES_PER_HOUR) ||
        stat_tally_init(&u->stay, 0, INFINITY))
        return -1;
    line_init_fifo(&u->assess_line);
    line_init_fifo(&u->blocked_line);
    calendar_schedule_change(n, u);
    calendar_schedule_gate(n, u);
    calendar_schedule_meeting(n, u, -1);
    calendar_schedule_board(n, u, -1);
    return n->failed ? -1 : 0;
}

static void network_free(network *n)
{
    if (n->units)
        for (size_t i = 0; i < n->sc->n_units; i++) {
            unit *u = &n->units[i];
            line_free(&u->waiting);
            line_free(&u->in_service);
            free(u->src_waiting);
            line_free(&u->assess_line);
            line_free(&u->blocked_line);
            free(u->overflow_from);
            stat_level_free(&u->occ);
            stat_level_free(&u->queue);
            stat_level_free(&u->blk);
            stat_tally_free(&u->wait);
            stat_tally_free(&u->stay);
        }
    free(n->arrival_key);
    free(n->arrival_count);
    free(n->arrival_piece);
    free(n->pool_touched);
    free(n->series_prev);
    free(n->series_prev2);
    free(n->row);
    free(n->month_sum);
    free(n->month_days);
    if (n->series == &n->own_series)
        series_list_free(&n->own_series);
    health_free(&n->h);
    for (size_t i = 0; i < n->nchunks; i++)
        free(n->chunks[i]);
    free(n->chunks);
    free(n->units);
    free(n->iv_effect);
    free(n->arrival_rng);
    free(n->fill_list);
    free(n->acute_since);
    free(n->acute_who);
    stat_tally_free(&n->sys_time);
    stat_level_free(&n->sys_level);
    sim_free(n->s);
}

/* Places the census read from a file (scenario.h: census_row), those
 * in places first, then those waiting, in file order: each with its
 * class, its stay so far (its remaining stay is drawn given it), its
 * next unit when given.  Row k's patient has the same key in every
 * scenario.  Returns 1 (some placed). */
static int place_rows(network *n)
{
    const scenario *sc = n->sc;
    uint64_t origin = rng_key(sim_seed(n->s), sim_replication(n->s),
                              "census-file");
    for (int waiting = 0; waiting < 2; waiting++)
        for (size_t k = 0; k < sc->n_census && !n->failed; k++) {
            const census_row *row = &sc->census[k];
            if (row->waiting != waiting)
                continue;
            patient *p = net_patient_new(n, rng_entity(origin, (uint64_t)k));
            if (!p)
                break;
            p->cls = row->cls;
            p->row = waiting ? NULL : row;
            p->fit_before = row->fit ? row->fit_for : 0;
            if (row->next >= SCENARIO_EXIT) {
                p->next_unit = row->next;
                p->routed = 1;
            }
            flow_enter(n, p, row->unit);
            if (p->unit == row->unit && !waiting) { /* admitted long ago */
                p->t_unit -= row->elapsed;
                net_acute_since(n, p);
                p->t_system -= row->elapsed;
            }
            p->row = NULL; /* one above capacity waits: a fresh stay */
        }
    return 1;
}

/* Starts each unit with its census of patients (`initial`), whose
 * remaining stays are drawn from the equilibrium residual distribution;
 * counts then restart from zero, as if the run began with them there.
 * Census patient k of a unit has the same key in every scenario. */
static int place_census(network *n)
{
    const scenario *sc = n->sc;
    int any = 0;
    n->census = 1;
    for (size_t i = 0; i < sc->n_units && !n->failed; i++) {
        char name[320];
        snprintf(name, sizeof name, "census:%s", sc->units[i].name);
        uint64_t origin = rng_key(sim_seed(n->s), sim_replication(n->s), name);
        for (long k = 0; k < sc->units[i].initial && !n->failed; k++) {
            patient *p = net_patient_new(n, rng_entity(origin, (uint64_t)k));
            if (!p)
                break;
            flow_enter(n, p, (int)i);
            any = 1;
        }
    }
    if (sc->n_census)
        any |= place_rows(n);
    n->census = 0;
    if (any)
        calendar_end_warmup(n->s, NULL, 0);
    return n->failed ? -1 : 0;
}

static int network_build(network *n)
{
    const scenario *sc = n->sc;
    n->units = calloc(sc->n_units, sizeof *n->units);
    n->fill_list = calloc(sc->n_units, sizeof *n->fill_list);
    n->arrival_rng = calloc(sc->n_arrivals + 1, sizeof *n->arrival_rng);
    n->arrival_key = calloc(sc->n_arrivals + 1, sizeof *n->arrival_key);
    n->arrival_count = calloc(sc->n_arrivals + 1, sizeof *n->arrival_count);
    n->arrival_piece = calloc(sc->n_arrivals + 1, sizeof *n->arrival_piece);
    n->pool_touched = calloc(sc->n_pools + 1, sizeof *n->pool_touched);
    if (!n->units || !n->fill_list || !n->arrival_rng || !n->arrival_key ||
        !n->arrival_count || !n->arrival_piece || !n->pool_touched ||
        health_init(&n->h, sc) ||
        stat_tally_init(&n->sys_time, 0, INFINITY) ||
        stat_level_init(&n->sys_level, 0))
        return -1;
    for (size_t i = 0; i < sc->n_units; i++)
        if (unit_build(n, &n->units[i], i) != 0)
            return -1;
    if (iv_flags(n) != 0)
        return -1;
    for (size_t i = 0; i < sc->n_units; i++) { /* who overflows where */
        int t = sc->units[i].overflow_to;
        if (sc->units[i].overflow_waiting <= 0)
            continue;
        unit *u = &n->units[t];
        int *f = realloc(u->overflow_from,
                         (u->n_overflow_from + 1) * sizeof *f);
        if (!f)
            return -1;
        u->overflow_from = f;
        f[u->n_overflow_from++] = (int)i;
    }
    for (size_t i = 0; i < sc->n_units; i++)
        n->units[i].plain = unit_plain(&n->units[i]);
    for (size_t i = 0; i < sc->n_arrivals; i++) {
        char name[320];
        snprintf(name, sizeof name, "arrival:%s", sc->arrivals[i].name);
        n->arrival_rng[i] = sim_stream(n->s, name);
        if (!n->arrival_rng[i])
            return -1;
        snprintf(name, sizeof name, "patients:%s", sc->arrivals[i].name);
        n->arrival_key[i] = rng_key(sim_seed(n->s), sim_replication(n->s), name);
        double t = arrivals_next(&sc->arrivals[i], &n->arrival_piece[i],
                                 n->arrival_rng[i], 0, sc->horizon);
        if (isfinite(t) &&
            !sim_at(n->s, t, PRIO_PATIENT, calendar_arrive,
                    (void *)&sc->arrivals[i], (int64_t)i))
            return -1;
    }
    if (sc->warmup > 0 &&
        !sim_at(n->s, sc->warmup, PRIO_WARMUP, calendar_end_warmup, NULL, 0))
        return -1;
    if (!sim_at(n->s, HEALTH_SNAPSHOT_MINUTE, PRIO_SNAPSHOT, calendar_daily,
                NULL, 0))
        return -1;
    if (!n->series && sc->n_monthly > 0 && n->h.on) {
        /* monthly KPIs are made from the series: compute them, keeping
         * only the day's row */
        if (network_series(sc, &n->own_series) != 0)
            return -1;
        n->series = &n->own_series;
        n->row = calloc(n->series->n ? n->series->n : 1, sizeof(double));
        if (!n->row)
            return -1;
    }
    if (sc->n_monthly > 0 && n->h.on) {
        n->month_sum = calloc(sc->n_months * SER_N + 1, sizeof(double));
        n->month_days = calloc(sc->n_months + 1, sizeof(double));
        if (!n->month_sum || !n->month_days)
            return -1;
    }
    if (n->series && n->series->days > 0) {
        size_t ns = n->series->n;
        n->series_prev = calloc(ns ? ns : 1, sizeof(double));
        n->series_prev2 = calloc(ns ? ns : 1, sizeof(double));
        if (!n->series_prev || !n->series_prev2 ||
            !sim_at(n->s, SIM_MINUTES_PER_DAY, PRIO_SNAPSHOT,
                    calendar_midnight, NULL, 0))
            return -1;
    }
    return place_census(n);
}

int network_run(const scenario *sc, uint64_t rep, const kpi_list *kpis,
                double *values, run_info *info, trace_fn trace_cb, void *ud)
{
    return network_run_series(sc, rep, kpis, values, NULL, NULL, info,
                              trace_cb, ud);
}

int network_run_series(const scenario *sc, uint64_t rep,
                       const kpi_list *kpis, double *values,
                       const series_list *series, double *daily,
                       run_info *info, trace_fn trace_cb, void *ud)
{
    network n = {.sc = sc, .trace = trace_cb, .ud = ud,
                 .series = daily ? series : NULL, .daily = daily};
    memset(info, 0, sizeof *info);
    for (size_t i = 0; daily && i < series->days * series->n; i++)
        daily[i] = NAN;
    for (size_t i = 0; i < kpis->n; i++)
        values[i] = NAN;
    n.s = sim_new(sc->seed, rep);
    if (!n.s) {
        snprintf(info->stopped, sizeof info->stopped, "out of memory");
        return -1;
    }
    sim_set_owner(n.s, &n);
    sim_set_max_events(n.s, sc->max_events > 0 ? (uint64_t)sc->max_events
                                               : 0);
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
            collect(&n, kpis, values);
        }
    }
    info->events = sim_events_run(n.s);
    info->peak_patients = n.peak;
    network_free(&n);
    return rc;
}

/* The census row of patient p at time now, or 0 when p is not in a unit
 * or a line (free, travelling with its old place given up). */
static int census_of(const patient *p, double now, census_row *row)
{
    *row = (census_row){.unit = p->unit, .cls = p->cls, .next = -2};
    if (p->unit >= 0) {
        row->elapsed = now - p->t_unit;
        row->fit = !p->stay_event; /* its stay is over */
        /* fit since the discharge decision of this acute stay */
        if (row->fit && p->path >= 0 && p->t_ready >= p->t_unit)
            row->fit_for = now - p->t_ready;
        if (p->waiting_for >= 0)
            row->next = p->waiting_for;
        else if (p->routed)
            row->next = p->next_unit;
        return 1;
    }
    if (p->waiting_for < 0)
        return 0;
    row->unit = p->waiting_for;
    row->waiting = 1;
    return 1;
}

int network_census(const scenario *sc, uint64_t rep, census_row **rows,
                   size_t *nrows, run_info *info)
{
    network n = {.sc = sc};
    memset(info, 0, sizeof *info);
    *rows = NULL;
    *nrows = 0;
    n.s = sim_new(sc->seed, rep);
    if (!n.s) {
        snprintf(info->stopped, sizeof info->stopped, "out of memory");
        return -1;
    }
    sim_set_owner(n.s, &n);
    sim_set_max_events(n.s, sc->max_events > 0 ? (uint64_t)sc->max_events
                                               : 0);
    int rc = network_build(&n);
    if (rc == 0) {
        sim_run(n.s, sc->horizon);
        if (sim_stopped(n.s))
            rc = -1;
    }
    size_t cap = (size_t)n.in_system + 1;
    census_row *out = rc == 0 ? calloc(cap, sizeof *out) : NULL;
    double now = sim_now(n.s);
    for (size_t c = 0; out && c < n.nchunks; c++)
        for (size_t i = 0; i < PATIENT_CHUNK && *nrows < cap; i++)
            *nrows += (size_t)census_of(&n.chunks[c][i], now, &out[*nrows]);
    if (rc == 0 && !out)
        rc = -1;
    if (rc != 0)
        snprintf(info->stopped, sizeof info->stopped, "%s",
                 sim_stopped(n.s) ? sim_stopped(n.s) : "out of memory");
    *rows = out;
    info->events = sim_events_run(n.s);
    info->peak_patients = n.peak;
    network_free(&n);
    return rc;
}
