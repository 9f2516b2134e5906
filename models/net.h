/* net.h -- the inside of a network replication, shared by network.c
 * (build, run, KPIs), flow.c (moving patients), calendar.c (arrivals,
 * capacity changes, warm-up, daily snapshots) and interventions.c.
 * Not part of the models/ contract: use network.h from outside.
 */
#ifndef FLOWSIM_NET_H
#define FLOWSIM_NET_H

#include "../sim/sim.h"
#include "../sim/stats.h"
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

typedef struct patient {
    uint64_t id;
    int cls;             /* class index (0 when the scenario has none) */
    int unit;            /* unit holding the patient's place, or -1 */
    int waiting_for;     /* unit whose line the patient is in, or -1 */
    int held;            /* 1: done at `unit`, blocked, place still held */
    int ambulance;       /* came by ambulance */
    int in_dept;         /* inside the emergency department */
    int path;            /* pathway chosen at the end of an acute stay */
    int from_role;       /* role of the unit the patient came from */
    int elective;        /* a booked admission, not an emergency */
    int dta_ed;          /* the decision to admit was made in the ED */
    int32_t prio;
    uint64_t ticket;     /* current line ticket */
    double t_system;     /* arrival in the system */
    double t_unit;       /* admission to the current unit */
    double t_wait;       /* arrival at the unit being waited for */
    double t_dept;       /* arrival in the emergency department */
    double t_dta;        /* decision to admit (end of ED care) or -1 */
    double t_ready;      /* end of the acute stay (medically optimised) */
    evq_handle renege;
    evq_handle stay_event;  /* the end of its stay, while it runs */
    double t_stay_end;   /* when that is */
    evq_handle review;   /* the ward round that will decide on it, or 0 */
    evq_handle spot_event;  /* its spot purchase, while it waits, or 0 */
    int next_unit;       /* the route drawn when the stay started (stays
                            by destination), valid when routed is 1 */
    int routed;
    int spot_unit;       /* the unit whose place was bought for it alone
                            (spot purchase), or -1 */
    struct patient *rv_prev, *rv_next;  /* its unit's list of patients
                                           waiting for a round */
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
    long sched_cap;       /* capacity by schedule, before escalation */
    int escalated;        /* escalation beds open */
    long busy;            /* places held */
    long blocked;         /* of which by patients blocked downstream */
    line waiting;
    long line_held;       /* patients in the line who hold a place upstream */
    gsl_rng *stay_rng, *route_rng, *patience_rng, *assess_rng, *readmit_rng;
    gsl_rng *review_rng;
    int admitting;        /* inside its admission hours (or none set) */
    size_t next_gate;     /* admission hours: the next window edge */
    double gate_week;     /* start of the current week of the window */
    long assessing;       /* assessments in progress for this unit */
    long spot;            /* places bought for one patient each (spot) */
    int *overflow_from;   /* units whose long lines overflow into this one */
    size_t n_overflow_from;
    struct patient *rv_head;  /* patients waiting for a ward round */
    line assess_line;     /* patients waiting for an assessor */
    gsl_ran_discrete_t *route_table;
    gsl_ran_discrete_t **class_route_table; /* per class, or NULL */
    size_t next_change;   /* capacity schedule position */
    double cycle;         /* start of the current schedule cycle */
    unit_counts c;
    stat_level occ, queue, blk;
    stat_tally wait, stay;
    double full_time, touched;
    int queued_for_fill;
    int jam_run;          /* daily checks running with the line over the
                             jam limit */
    double jam_since, jam_first;  /* day the run began; the first jam's
                                     first day (NAN: none) */
} unit;

typedef struct network {
    const scenario *sc;
    sim *s;
    unit *units;
    gsl_rng **arrival_rng, **mix_rng, **iv_rng;
    double *arrival_max;  /* arrivals_rate_max of each stream */
    gsl_ran_discrete_t **mix_table;
    patient **chunks;
    size_t nchunks;
    patient *free;
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
} kpi_ctx;

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
void net_trace(network *n, const patient *p, int u, const char *what);
patient *net_patient_new(network *n);

/* flow.c: where patients go */
void flow_enter(network *n, patient *p, int v);   /* arrival at unit v */
void flow_fill(network *n);           /* admit from lines to free places */
void flow_want_fill(network *n, unit *u);
void flow_touch(network *n, unit *u);  /* before busy or cap change */
void flow_set_capacity(network *n, unit *u);
void flow_start_stay(network *n, patient *p, int v);
/* Opens or closes u's escalation places by their trigger; meeting 1 at a
 * bed meeting (the only times a unit with meetings looks). */
void flow_escalation(network *n, unit *u, int meeting);
/* The patient keeps its place, done there (blocked or assessed). */
void flow_hold(network *n, patient *p);
/* Exit from unit `from` (-1: none), maybe to come back (readmission). */
void flow_depart(network *n, patient *p, int from);
/* Admission hours opened or closed at u: admit from its line if open. */
void flow_gate(network *n, unit *u, int open);

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

/* interventions.c */
double iv_fraction(const intervention_spec *iv, double now);
/* the share of class cls's patients the intervention reaches (0 or 1
 * but for a resized cohort) */
double iv_reach(const intervention_spec *iv, int cls);
/* 1 if an arrival of class cls on stream a is deflected now */
int iv_deflect_arrival(network *n, int a, int cls);
/* the unit an admission of cls to v goes to instead, or v */
int iv_deflect_admission(network *n, int v, int cls);
/* the stay at v for cls after cuts */
double iv_scale_stay(network *n, int v, int cls, double stay);
/* the next unit after a stay at u for cls, with mix changes applied */
int iv_next_unit(network *n, unit *u, int cls);
/* the route of unit u for class cls (next_by_class, else next) */
const route *iv_route(const unit *u, int cls);

#endif
