/* net.h -- the inside of a network replication, shared by network.c
 * (build, run, KPIs), flow.c (moving patients), calendar.c (arrivals,
 * capacity changes, warm-up, daily snapshots) and interventions.c.
 * Not part of the models/ contract: use network.h from outside.
 */
#ifndef FLOWSIM_NET_H
#define FLOWSIM_NET_H

#include "../sim/rng.h"
#include "../sim/sim.h"
#include "../sim/stats.h"
#include "arrivals.h"
#include "health.h"
#include "line.h"
#include "network.h"
#include "costs.h"

#define PRIO_CAPACITY 0    /* capacity changes before patients at a tie */
#define PRIO_PATIENT 10
/* Observation (sim.h: not counted by max_events).  The 08:00 count and
 * midnight's series row see that minute's moves; the warm-up's end resets
 * the statistics before anything else happens at that minute. */
#define PRIO_SNAPSHOT SIM_PRIO_OBSERVE_LAST
#define PRIO_WARMUP SIM_PRIO_OBSERVE_FIRST
#define PATIENT_CHUNK 1024
#define JAM_DAYS 3         /* daily checks over the limit that make a jam */

/* The purposes of a patient's random draws.  The j-th draw of each purpose
 * reads a stream of its own, keyed by the patient's key (rng.h): a
 * patient has the same stays, routes and delays in two scenarios however
 * differently it is moved, and a draw of one purpose never shifts those
 * of another. */
enum {
    DRAW_CLASS,      /* its class, at arrival (one draw) */
    DRAW_DEFLECT,    /* its arrival deflected: draw i for intervention i */
    DRAW_REDIRECT,   /* an admission deflected elsewhere */
    DRAW_STAY,       /* its stays */
    DRAW_ROUTE,      /* where it goes after a stay */
    DRAW_PATIENCE,   /* how long it waits before giving up */
    DRAW_ASSESS,     /* assessments before it moves in */
    DRAW_EXIT_DELAY, /* discharge delays on its way out */
    DRAW_REVIEW,     /* which ward round decides on it */
    DRAW_TRANSFER,   /* the transfer into a unit */
    DRAW_READMIT,    /* whether and when it comes back */
    DRAW_REACH,      /* whether intervention i's cohort takes it in */
    DRAW_ROUTE_DELAY,     /* delays before it leaves along a route */
    DRAW_ROUTE_TRANSFER,  /* its moves along a route */
    DRAW_PURPOSES
};

typedef struct patient {
    uint64_t id;
    uint64_t key;        /* its random streams' key: from its arrival
                            stream and number, its census place, or, for
                            a readmission, the parent's streams */
    uint32_t draws[DRAW_PURPOSES];  /* draws made so far, by purpose */
    int cls;             /* class index (0 when the scenario has none) */
    int unit;            /* unit holding the patient's place, or -1 */
    int waiting_for;     /* unit whose line the patient is in, or -1 */
    int held;            /* 1: done at `unit`, blocked, place still held */
    int ambulance;       /* came by ambulance */
    int in_dept;         /* inside the emergency department */
    int path;            /* pathway chosen at the end of an acute stay */
    int from_role;       /* role of the unit the patient came from */
    int elective;        /* a booked admission, not an emergency */
    int line_blocked;    /* in a line it found full (queue_block),
                            waiting upstream: in unit.blocked_line */
    int internal;        /* in a line, came from another unit, holding
                            no place there (unit.line_internal) */
    int dta_ed;          /* the decision to admit was made in the ED */
    int32_t prio;
    int32_t line_src;    /* queue_longest: the line it is in: 0 from
                            outside, 1 + the unit it came from */
    uint64_t ticket;     /* current line ticket */
    double t_system;     /* arrival in the system */
    double t_unit;       /* admission to the current unit */
    double t_wait;       /* arrival at the unit being waited for */
    double t_dept;       /* arrival in the emergency department */
    double t_dta;        /* decision to admit (end of ED care) or -1 */
    double t_ready;      /* end of the acute stay (medically optimised) */
    double fit_before;   /* a census patient fit before time 0: for how
                            long (minutes), until its discharge; else 0 */
    evq_handle renege;
    evq_handle stay_event;  /* the end of its stay, while it runs */
    double t_stay_end;   /* when that is */
    /* pre-emption (preempt.c), at units with queue preempt only: */
    uint64_t svc_ticket; /* its first admission's order, while in its
                            stay there (the unit's in_service heap) */
    int displaced;       /* 1: its stay stopped, it waits to resume:
                            t_stay_end holds the rest of its stay and
                            t_unit its time in a place so far (both
                            unused without a place) */
    evq_handle review;   /* the ward round that will decide on it, or 0 */
    evq_handle spot_event;  /* its spot purchase, while it waits, or 0 */
    int next_unit;       /* the route drawn when the stay started (stays
                            by destination), valid when routed is 1 */
    int routed;
    const census_row *row;  /* a census patient from a file, until its
                               first stay is drawn; else NULL */
    const dist *travel;  /* the move of the route it is on (route.transfer)
                            to the place it is given next, or NULL */
    int release;         /* with travel: its old place is freed as it
                            sets off */
    int spot_unit;       /* the unit whose place was bought for it alone
                            (spot purchase), or -1 */
    struct patient *rv_prev, *rv_next;  /* its unit's list of patients
                                           waiting for a round */
    int acute_at;        /* its index in network.acute_since, or -1 */
    struct patient *next_free;
} patient;

/* Counters of one unit over the measured period. */
typedef struct unit_counts {
    double arrivals, admitted, lost, reneged, diverted, delayed;
    double preempted;     /* patients displaced from their stay */
} unit_counts;

typedef struct unit {
    const unit_spec *sp;
    int index;
    long cap;             /* current capacity, SCENARIO_UNLIMITED or >= 0 */
    long sched_cap;       /* capacity by schedule, before escalation */
    int escalated;        /* escalation beds open */
    long busy;            /* places held */
    long blocked;         /* of which by patients blocked downstream */
    line waiting;
    line in_service;      /* preempt: the patients in their stay, least
                             urgent and latest admitted first (preempt.c) */
    uint64_t displaced_seq;  /* preempt: displacements so far (their
                                tickets at the front of the line) */
    long *src_waiting;    /* queue_longest: n_units + 1 lines' lengths
                             (patient.line_src) */
    long src_most;        /* queue_longest: the longest, while serving */
    long line_held;       /* patients in the line who hold a place upstream */
    line blocked_line;    /* those of the line who found it full and
                             wait upstream (queue_block), oldest first */
    long line_internal;   /* patients in the line who came from another
                             unit and hold no place there */
    int admitting;        /* inside its admission hours (or none set) */
    size_t next_gate;     /* admission hours: the next window edge */
    double gate_week;     /* start of the current week of the window */
    long assessing;       /* assessments in progress for this unit */
    long spot;            /* places bought for one patient each (spot) */
    int *overflow_from;   /* units whose long lines overflow into this one */
    size_t n_overflow_from;
    struct patient *rv_head;  /* patients waiting for a ward round */
    line assess_line;     /* patients waiting for an assessor */
    size_t next_change;   /* capacity schedule position */
    double cycle;         /* start of the current schedule cycle */
    unit_counts c;
    stat_level occ, queue, blk;
    stat_tally wait, stay;
    double full_time, touched;
    int queued_for_fill;
    /* 1: a unit with none of the options checked on every move (pool,
     * role, escalation, pre-emption, priorities, patience, spot purchase,
     * admission hours, overflow either way, transfer time, deflected
     * admissions, a bounded, blocking or per-source line): the moves
     * there skip those checks (flow.c).  Set once, at build. */
    int plain;
    double season, season_from, season_to;  /* the stay factor of the
                             periods in force over [from, to) (stay.c) */
    unsigned char iv_admit, iv_stay, iv_mix;  /* interventions at this
                             unit: deflected admissions, shorter stays,
                             route mixes (interventions.c) */
    int jam_run;          /* daily checks running with the line over the
                             jam limit */
    double jam_since, jam_first;  /* day the run began; the first jam's
                                     first day (NAN: none) */
} unit;

typedef struct network {
    const scenario *sc;
    sim *s;
    unit *units;
    int iv_arrivals;      /* an intervention deflects arrivals */
    double *iv_effect;    /* each intervention's effect in this
                             replication (iv_effect_draw); the same
                             block holds iv_phase and iv_phase_at */
    double *iv_phase;     /* every phase's fraction in this replication
                             (iv_phase_draw), intervention by
                             intervention */
    size_t *iv_phase_at;  /* intervention i's first in iv_phase */
    gsl_rng **arrival_rng;  /* each stream's arrival times */
    uint64_t *arrival_key;  /* each stream's key for its patients */
    uint64_t *arrival_count;  /* arrivals of each stream so far */
    arrivals_piece *arrival_piece;  /* each stream's piece of constant
                                       rate (arrivals.h) */
    patient **chunks;
    size_t nchunks;
    patient *free;
    /* The patients holding a place in an acute unit and since when, side
     * by side in no order (a removal moves the last into the gap): the
     * 08:00 sitrep's count of long stays scans the times, one array,
     * instead of following a list through the records, whose loads
     * missed the cache (perf: 2.7% of a Stockport run). */
    double *acute_since;
    patient **acute_who;
    size_t n_acute, cap_acute;
    uint64_t next_id, next_ticket;
    long in_system, peak;
    double sys_arrivals, sys_exits, sys_lost;
    stat_tally sys_time;
    stat_level sys_level;
    health h;
    int *fill_list;       /* ring of units with a freed place to fill */
    size_t fill_head, nfill;
    int failed;
    int census;           /* placing the starting census: residual stays */
    double cum_arrivals;  /* since the start, never reset */
    const series_list *series;  /* daily series wanted, or NULL */
    double *daily;        /* series->days rows */
    double *series_prev, *series_prev2;  /* running totals at the last
                                            midnight, per series */
    series_list own_series;  /* the series computed for monthly KPIs when
                                no daily series are wanted */
    double *row;          /* the day's row when days are not kept */
    double *month_sum;    /* n_months x SER_N sums of day values */
    double *month_days;   /* days of each month seen */
    double *pool_touched; /* each pool's last account of its places */
    trace_fn trace;
    void *ud;
} network;

/* What a KPI's computation reads (kpis.h): the finished run, the unit of
 * a per-unit KPI, the end of the run, and the unit prices (costs.h) at
 * the price base. */
typedef struct kpi_ctx {
    const network *n;
    const unit *u;
    double now;
    const double *price;  /* COST_ITEMS prices */
    double arg;           /* a KPI on request: kpi_def.arg */
} kpi_ctx;

/* kpis_dist.c: the per-unit KPIs on request (kpis.h).  Their
 * computations, for the registry: */
double kpi_dist_occupancy_q(const kpi_ctx *c);
double kpi_dist_blocked_q(const kpi_ctx *c);
double kpi_dist_waiting_q(const kpi_ctx *c);
double kpi_dist_wait_q(const kpi_ctx *c);
double kpi_dist_at(const kpi_ctx *c);
double kpi_dist_above(const kpi_ctx *c);
/* How many unit u has, and appending them to l (room made by the
 * caller); 0, or -1 when out of memory. */
size_t kpi_dist_count(const scenario *sc, int u);
int kpi_dist_add(kpi_list *l, const scenario *sc, int u);
/* The entry of a full name like "ward.occupancy.p85" with its number
 * in *arg and the unit part's length in *prefix, or NULL. */
const kpi_info *kpi_dist_parse(const char *name, size_t *prefix,
                               double *arg);

/* kpis_cost.c: the cost KPIs (kpis.h, KPI_FIRST_COST on), the activity
 * priced and its cost.  Their computations, for the registry: */
double kpi_cost_spells_short(const kpi_ctx *c);
double kpi_cost_spells_long(const kpi_ctx *c);
double kpi_cost_acute_bed_days(const kpi_ctx *c);
double kpi_cost_vw_days(const kpi_ctx *c);
double kpi_cost_p1_days(const kpi_ctx *c);
double kpi_cost_p2_days(const kpi_ctx *c);
double kpi_cost_p3_weeks(const kpi_ctx *c);
double kpi_cost_ed(const kpi_ctx *c);
double kpi_cost_sdec(const kpi_ctx *c);
double kpi_cost_admissions(const kpi_ctx *c);
double kpi_cost_bed_days(const kpi_ctx *c);
double kpi_cost_delayed(const kpi_ctx *c);
double kpi_cost_escalation(const kpi_ctx *c);
double kpi_cost_vw(const kpi_ctx *c);
double kpi_cost_p1(const kpi_ctx *c);
double kpi_cost_p2(const kpi_ctx *c);
double kpi_cost_p3(const kpi_ctx *c);
double kpi_cost_fixed(const kpi_ctx *c);
double kpi_cost_total(const kpi_ctx *c);
/* The NHS KPIs whose activity they price (kpis.c). */
double kpi_ed_attendances(const kpi_ctx *c);
double kpi_sdec_attendances(const kpi_ctx *c);
double kpi_acute_delayed_days(const kpi_ctx *c);
double kpi_acute_escalation(const kpi_ctx *c);

/* Writes the value of every KPI of l (kpis.c). */
void kpi_collect(const kpi_ctx *c, const kpi_list *l, double *values);

/* What a daily series' running total reads (series.h). */
typedef struct series_ctx {
    const network *n;
    const unit *u;
    double now;
} series_ctx;

/* network.c */
void net_fail(network *n, const char *why);
void net_trace_emit(network *n, const patient *p, int u, const char *what);
/* Tells the trace callback, if there is one, of p's event at unit u. */
static inline void net_trace(network *n, const patient *p, int u,
                             const char *what)
{
    if (n->trace)
        net_trace_emit(n, p, u, what);
}
/* A new patient with the given key (rng.h), no draws made yet. */
patient *net_patient_new(network *n, uint64_t key);

/* Makes room for one more patient in acute places.  Returns 0, or -1
 * (the run failed: out of memory). */
int net_acute_room(network *n);

/* p takes a place at unit u at time `since`: among those in acute places
 * if u is acute.  O(1) amortised. */
static inline void net_acute_in(network *n, patient *p, const unit *u,
                                double since)
{
    if (u->sp->role != ROLE_ACUTE || p->acute_at >= 0)
        return;
    if (n->n_acute == n->cap_acute && net_acute_room(n) != 0)
        return;
    p->acute_at = (int)n->n_acute;
    n->acute_since[n->n_acute] = since;
    n->acute_who[n->n_acute++] = p;
}

/* p gives up its acute place (if it holds one).  O(1). */
static inline void net_acute_out(network *n, patient *p)
{
    if (p->acute_at < 0)
        return;
    size_t i = (size_t)p->acute_at, last = --n->n_acute;
    if (i != last) {
        n->acute_since[i] = n->acute_since[last];
        n->acute_who[i] = n->acute_who[last];
        n->acute_who[i]->acute_at = (int)i;
    }
    p->acute_at = -1;
}

/* p's time in its acute place was moved (a census patient admitted long
 * ago): the sitrep's copy follows. */
static inline void net_acute_since(network *n, const patient *p)
{
    if (p->acute_at >= 0)
        n->acute_since[p->acute_at] = p->t_unit;
}

/* The generator of p's next draw of purpose `what` (DRAW_*), on the
 * state *st, which must live while it is used. */
static inline gsl_rng net_draw(patient *p, int what, uint64_t *st)
{
    *st = rng_substream(p->key, (uint32_t)what, p->draws[what]++);
    return rng_on(st);
}

/* Spends p's next draw of purpose `what` unused: a draw taken on every
 * path and needed on some only, so that p's later draws of that purpose
 * keep their numbers whichever path it took. */
static inline void net_draw_skip(patient *p, int what)
{
    p->draws[what]++;
}

/* The generator of the draw of purpose `what` that p spent last (taken
 * with net_draw_skip where the path was not yet known). */
static inline gsl_rng net_draw_spent(const patient *p, int what,
                                     uint64_t *st)
{
    *st = rng_substream(p->key, (uint32_t)what, p->draws[what] - 1);
    return rng_on(st);
}

/* flow.c: where patients go (places.c: capacity, escalation, hours) */
void flow_enter(network *n, patient *p, int v);   /* arrival at unit v */
void flow_fill_list(network *n);      /* flow_fill's work */
/* Admits from lines to free places, for the units on the work list
 * (flow_want_fill).  Inline: after most events the list is empty. */
static inline void flow_fill(network *n)
{
    if (n->nfill > 0)
        flow_fill_list(n);
}
void flow_queue_fill(network *n, unit *u); /* flow_want_fill's work */
/* Puts u on the work list of units that may take a patient from their
 * line (flow_fill), once.  A unit with no one in its line and no unit
 * overflowing into it would take no one: it is left off (most places
 * free with no one waiting, and flow_fill's visit cost as much as the
 * move).  No one can join its line before the work list is done, as a
 * patient joins a line only when the unit cannot admit.  The test inline:
 * every place given up asks. */
static inline void flow_want_fill(network *n, unit *u)
{
    if (u->waiting.live == 0 && u->n_overflow_from == 0)
        return;
    if (!u->queued_for_fill)
        flow_queue_fill(n, u);
}
void flow_touch(network *n, unit *u);  /* before busy or cap change */
/* 1 if u can admit a patient now (in its hours, a place free) */
int flow_unit_open(const network *n, const unit *u);
void flow_set_capacity(network *n, unit *u);
void flow_start_stay(network *n, patient *p, int v);
/* Opens or closes u's escalation places by their trigger; meeting 1 at a
 * bed meeting (the only times a unit with meetings looks). */
void flow_escalation(network *n, unit *u, int meeting);
/* The patient keeps its place, done there (blocked or assessed). */
void flow_hold(network *n, patient *p);
/* leave.c: the way out.  Exit from unit `from` (-1: none), maybe to come
 * back (readmission). */
void flow_depart(network *n, patient *p, int from);
/* p gives up the place it holds at its unit, if any. */
void flow_leave_unit(network *n, patient *p);
/* p leaves the system (exit, loss, patience run out): its record is
 * freed. */
void flow_gone(network *n, patient *p);
/* Admission hours opened or closed at u: admit from its line if open. */
void flow_gate(network *n, unit *u, int open);

/* readmission.c: p leaves the system from a unit with readmissions (r):
 * whether and when it comes back, drawn from its own streams. */
void readmission_draw(network *n, patient *p, const readmission_spec *r);

/* flow_health.c: the NHS measures of p's admission to u after waiting
 * `waited` minutes, and of its leaving the emergency department (the
 * 4-hour clock stops; nothing if it is not in it). */
void flow_health_admit(network *n, patient *p, unit *u, double waited);
void flow_department_left(network *n, patient *p); /* the clock's work */
/* Inline, the test: most who leave a unit or the system are not in the
 * department. */
static inline void flow_leave_department(network *n, patient *p)
{
    if (p->in_dept)
        flow_department_left(n, p);
}

/* pool.c: places shared by units (only for units with in_pool) */
/* 1 if u's pool has no free place */
int pool_full(const network *n, const unit *u);
long pool_capacity(const network *n, const unit *u);
/* 1 if one place given back by u (a member beyond its own places) would
 * leave its pool with a free place */
int pool_room_if_freed(const network *n, const unit *u);
/* Brings u's fellow members' clocks, and the pool's, up to now: before
 * any member's places or capacity change. */
void pool_touch_members(network *n, unit *u);
void pool_touch_all(network *n);
/* A pool place may be free: u's line first, then the members' in order. */
void pool_want_fill(network *n, unit *u);
/* Adds the acute pools' members' occupied places to *busy and their
 * open places (own and shared, at least the occupied) to *cap. */
void pool_sitrep(const network *n, double *busy, double *cap);

/* preempt.c: pre-emptive resume at units with queue preempt.  Every
 * patient in its stay there is in the unit's in_service heap, keyed by
 * (least urgent, latest first admitted); a stay's end makes its entry
 * stale (dropped lazily), so a displacement costs O(log n), a stay's
 * start O(log n) amortised, and units without preempt nothing. */
/* p's stay at v started: it may be displaced from now on. */
void preempt_serving(network *n, patient *p, int v);
/* The patient of u to displace for the arrival p, taken out of its stay
 * (its rest kept, counted, traced), or NULL: none less urgent than p, or
 * its place would not make u open (a capacity cut: nobody is evicted).
 * It still holds its place: the caller hands it to p. */
patient *preempt_victim(network *n, unit *u, const patient *p);
/* The line ticket of a displaced patient joining u's line: ahead of
 * every other of its priority, the latest displaced first; and of the
 * others, after every displaced one. */
uint64_t preempt_ticket(network *n, unit *u, const patient *p);
/* A displaced p given a place at v again: the rest of its stay runs. */
void preempt_resume(network *n, patient *p, int v);

/* stay.c: draws the stay of p at unit v, by class (or destination:
 * then p's route is drawn now), after interventions and the season's
 * factor */
double stay_draw(network *n, patient *p, int v);

/* discharge.c: a stay at unit arg ended (the event of flow_start_stay) */
void discharge_end_of_stay(sim *s, void *obj, int64_t arg);
/* An extra board round at u: while its line is long (surge_waiting),
 * every patient waiting for a ward round is decided on now. */
void discharge_board_round(network *n, unit *u);

/* calendar.c: timed events */
void calendar_arrive(sim *s, void *obj, int64_t arg);
void calendar_schedule_change(network *n, unit *u);
void calendar_schedule_gate(network *n, unit *u);
/* Schedules u's first bed meeting (each schedules the next). */
void calendar_schedule_meeting(network *n, unit *u, double after);
/* Schedules u's next surge board round after `after`. */
void calendar_schedule_board(network *n, unit *u, double after);
void calendar_end_warmup(sim *s, void *obj, int64_t arg);
void calendar_daily(sim *s, void *obj, int64_t arg);
/* At the end of the run: a line over the jam limit counts as a jam. */
void calendar_end_jams(network *n);
void calendar_midnight(sim *s, void *obj, int64_t arg);

/* series.c */
void series_day(network *n, size_t day);

/* interventions.c: the flags of each unit and of the network (before
 * the run) */
int iv_flags(network *n);
/* Intervention i's effect now in this replication: its drawn effect
 * times its drawn phase fraction in force. */
double iv_strength(const network *n, size_t i);
/* the share of class cls's patients the intervention reaches (0 or 1
 * but for a resized cohort) */
double iv_reach(const intervention_spec *iv, int cls);
/* 1 if the arrival with key `key` and class cls on stream a is deflected
 * now */
int iv_deflect_arrival(network *n, int a, int cls, uint64_t key);
/* the unit an admission of p to v goes to instead, or v */
int iv_deflect_admission(network *n, int v, patient *p);
/* p's stay at v after the cuts that reach it */
double iv_scale_stay(network *n, int v, const patient *p, double stay);
/* the route of unit u for class cls (next_by_class, else next) */
static inline const route *iv_route(const unit *u, int cls)
{
    const unit_spec *sp = u->sp;
    return sp->has_class_next && sp->has_class_next[cls]
               ? &sp->next_by_class[cls]
               : &sp->next;
}
/* The index of the share of share[0, n) (n >= 1) that covers u in
 * [0, 1): the inverse of the cumulative shares, the last taking the rest
 * (its share not added), so that two scenarios whose shares differ a
 * little choose differently only as often as they must (nearby shares,
 * nearby choices).  A route's target, an arrival's class. */
static inline size_t net_share_index(const double *share, size_t n, double u)
{
    size_t last = n - 1;
    double acc = 0;
    for (size_t k = 0; k < last; k++) {
        acc += share[k];
        if (u < acc)
            return k;
    }
    return last;
}
/* the target of route r whose share covers u in [0, 1) (net_share_index) */
static inline int iv_route_pick(const route *r, double u)
{
    return r->to[net_share_index(r->share, r->n, u)];
}
/* the target of p's route r at u, a unit with a route mix, for p's
 * uniform draw x (iv_next_unit) */
int iv_route_mixed(network *n, const unit *u, const patient *p,
                   const route *r, double x);
/* the next unit after p's stay at u, with mix changes applied: one
 * uniform draw of the patient's own routes decides, whatever the shares;
 * a single target takes a draw too, so that the patient's later routes
 * do not depend on how many choices it met.  Inline: every decision
 * picks (the mixes out of line). */
static inline int iv_next_unit(network *n, unit *u, patient *p)
{
    int mix = u->iv_mix; /* read once: a caller that tested it loses the
                            mix's call */
    const route *r = iv_route(u, p->cls);
    if (r->n == 1 && !mix) { /* no choice: the draw is not needed */
        net_draw_skip(p, DRAW_ROUTE);
        return r->to[0];
    }
    uint64_t st;
    gsl_rng rg = net_draw(p, DRAW_ROUTE, &st);
    double x = rng_uniform(&rg);
    return mix ? iv_route_mixed(n, u, p, r, x) : iv_route_pick(r, x);
}

#endif
