/* scenario.h -- a validated scenario: what a run needs, as plain data.
 *
 * The loader (tools/load/, the only code that sees YAML) builds one of
 * these from a file, its `extends:` chain and `--set` overrides, and
 * validates it completely; the model trusts it.  A scenario is immutable
 * once loaded and is shared read-only by every replication thread.
 *
 * Units of measure inside: times and durations in minutes, rates per
 * minute.  Unit and arrival references are indices into the arrays.
 */
#ifndef FLOWSIM_SCENARIO_H
#define FLOWSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "../sim/dist.h"

#define SCENARIO_UNLIMITED (-1L)  /* capacity or queue limit without bound */
#define SCENARIO_EXIT (-1)        /* route target: leave the system */
#define SCENARIO_MAX_UNITS 4096
#define SCENARIO_MAX_ARRIVALS 4096
#define SCENARIO_MAX_REPLICATIONS 1000000L
#define SCENARIO_MAX_CAPACITY 10000000L
#define SCENARIO_DEFAULT_MAX_PATIENTS 1000000L
/* At 1-10 M events a second, a replication stops within minutes. */
#define SCENARIO_DEFAULT_MAX_EVENTS 1000000000L
/* The longest horizon: 1000 years of 365.25 days, in minutes.  Sizes
 * derived from it (a replication's daily series: series x days values;
 * financial years) then stay far inside size_t. */
#define SCENARIO_MAX_HORIZON_DAYS 365250L
#define SCENARIO_MAX_HORIZON (SCENARIO_MAX_HORIZON_DAYS * 1440.0)
#define SCENARIO_MAX_CLASSES 256
#define SCENARIO_MAX_INTERVENTIONS 256

/* What a unit does with a patient who arrives when it is full. */
typedef enum {
    FULL_QUEUE,  /* wait in line (bounded by queue_limit, with reneging) */
    FULL_BLOCK,  /* keep the place upstream until there is room */
    FULL_LOSE,   /* leave the system, counted as lost */
    FULL_DIVERT  /* go to unit divert_to instead */
} full_policy;

/* Where patients go after a unit: n targets with shares summing to 1.
 * A target may carry its own stay at the unit (stays by destination):
 * then the route is drawn when the stay starts, not when it ends. */
typedef struct route {
    size_t n;
    int *to;        /* unit index, or SCENARIO_EXIT */
    double *share;  /* each in (0, 1], sum 1 within 1e-9 */
    dist *stay;     /* n stays, or NULL when no target has one */
    unsigned char *has_stay;  /* which entries of stay are given */
    dist *delay;    /* n delays, or NULL: after the decision, the patient
                       keeps its place for this long before it leaves
                       along the entry (replacing the unit's
                       discharge_delay for it) */
    unsigned char *has_delay;
    dist *transfer; /* n moves, or NULL: from being given its place at
                       the entry's unit, the patient takes this long to
                       arrive, the place held (replacing that unit's own
                       transfer) */
    unsigned char *has_transfer;
    unsigned char *release;  /* with transfer: 1 if the place left is
                                freed when the move starts, 0 (default)
                                if it is held until the patient arrives */
} route;

/* From time `at` on, the unit has `capacity` places. */
typedef struct capacity_change {
    double at;
    long capacity;  /* >= 0; SCENARIO_UNLIMITED allowed */
} capacity_change;

/* What a unit is in the health system, for the NHS KPIs (health.h).
 * A unit with no role is an anonymous queueing station. */
typedef enum {
    ROLE_NONE,
    ROLE_ED,     /* emergency department: the 4-hour clock runs here */
    ROLE_SDEC,   /* same-day emergency care */
    ROLE_ACUTE,  /* general and acute beds */
    ROLE_P1,     /* discharge pathway 1: home with reablement */
    ROLE_P2,     /* pathway 2: bedded intermediate care */
    ROLE_P3,     /* pathway 3: care home */
    ROLE_VW      /* virtual ward */
} unit_role;
#define ROLE_COUNT 8

/* A patient class: a named combination of tags (age band, cohort...). */
typedef struct class_spec {
    char *name;
    size_t n_tags;
    char **tag_keys;
    char **tag_values;
} class_spec;

/* Readmission within a window after leaving the system from a unit. */
typedef struct readmission_spec {
    double share;     /* 0: none; else probability of coming back */
    double within;    /* minutes; the return is uniform in (0, within) */
    int to;           /* unit index the patient comes back to */
} readmission_spec;

/* A dated factor: over [from, to) (minutes) a rate (arrival periods) or
 * the stays that start then (stay_periods) are multiplied by factor. */
typedef struct arrival_period {
    double from, to;      /* [from, to) in minutes */
    double factor;        /* >= 0 */
} arrival_period;

/* A weekly window of hours: the minutes [from[i], to[i]) of the week,
 * counted from day 0 at 00:00 (so aligned to day 0's weekday), sorted and
 * disjoint; every week repeats it. */
typedef struct week_window {
    size_t n;
    double *from, *to;
} week_window;

/* Decisions to discharge made at ward rounds: a stay that ends waits in
 * its place, with criteria to reside, for the next round, which sees it
 * at `at` + a uniform share of `over` after midnight; on each day a share
 * of the patients waiting are reviewed (the others wait for the next
 * day's round). */
typedef struct review_spec {
    int on;
    double at, over;          /* minutes after midnight; spread */
    double share[7];          /* by day of the week, day 0's first */
    long surge_waiting;       /* > 0: while this many wait in the unit's
                                 line, a stay that ends in the working day
                                 is decided on at once, and at each of the
                                 board rounds below every patient waiting
                                 for a round is (pressure: OPEL) */
    size_t n_boards;
    double *boards;           /* board rounds, minutes after midnight */
    double surge_pull;        /* at those board rounds, patients whose
                                 stay would end within this (minutes) are
                                 decided on too (discharged a day early) */
} review_spec;

/* Escalation beds opened by an occupancy trigger. */
typedef struct escalation_spec {
    long beds;        /* 0: none */
    double open_at;   /* open when occupied / base capacity >= open_at */
    double close_at;  /* close when it falls below close_at */
    size_t n_meetings;  /* > 0: the triggers are looked at only at these
                           times of day (bed meetings), counting the
                           patients waiting for the unit as occupying */
    double *meetings;   /* minutes after midnight, increasing */
} escalation_spec;

typedef struct unit_spec {
    char *name;
    long capacity;            /* > 0, or SCENARIO_UNLIMITED */
    dist stay;                /* time in service, minutes */
    full_policy when_full;
    int divert_to;            /* unit index when FULL_DIVERT or
                                 queue_divert, else -1 */
    long queue_limit;         /* FULL_QUEUE: most waiting; UNLIMITED */
    int queue_block;          /* FULL_QUEUE, line at its limit: 1: a
                                 patient holding a place upstream waits
                                 there, in the line but not counted by the
                                 limits (blocked); 0: lost, as any */
    int queue_divert;         /* FULL_QUEUE, line at its limit: 1: a
                                 patient goes to unit divert_to instead */
    int split_limits;         /* 1: the limits below apply too */
    long limit_internal;      /* most waiting who came from another unit
                                 (not blocked); UNLIMITED */
    long limit_external;      /* most waiting who came from outside */
    int reneges;              /* 1 if patients give up waiting */
    dist patience;            /* when reneges: time before giving up */
    int priority_queue;       /* 1: lower priority number served first */
    int preempt;              /* with priority_queue, 1: an arrival finding
                                 the unit full displaces the least urgent
                                 patient in its stay if less urgent than
                                 itself (pre-emptive resume: flow.c) */
    int queue_longest;        /* 1: the line is one line per source (each
                                 unit, and outside), a free place going to
                                 the longest, first come among equals */
    route next;
    size_t n_schedule;        /* capacity changes, sorted by `at` */
    capacity_change *schedule;
    double schedule_repeat;   /* > 0: schedule repeats with this period */
    double wait_threshold;    /* waits over this are counted; minutes */
    /* Health-system extensions; all zero means "not used". */
    unit_role role;
    dist *stay_by_class;      /* n_classes entries, or NULL */
    unsigned char *has_class_stay;  /* which entries of stay_by_class */
    route *next_by_class;     /* n_classes entries, or NULL */
    unsigned char *has_class_next;
    int assessed;             /* 1: a delay before patients move in */
    dist assessment;          /* while it runs they hold their old place */
    int delays_exit;          /* 1: a delay before patients leave the
                                 system from here (transport, medicines,
                                 restarting care): they keep the place */
    dist exit_delay;
    escalation_spec escalation;
    long initial;             /* patients present at time 0 (census) */
    readmission_spec readmission;
    review_spec review;       /* ward rounds (none: on is 0) */
    week_window admits;       /* admissions only in these hours (n 0:
                                 at any time) */
    long assessors;           /* assessments at once; 0: no limit */
    size_t n_stay_periods;    /* stays started in a period are scaled */
    arrival_period *stay_periods;
    int boarding;             /* ED: admitted patients wait here for a bed
                                 after the decision to admit */
    int overflow_to;          /* unit that takes patients from this one's
                                 line when it is long (outliers) */
    long overflow_waiting;    /* from this many waiting; 0: no overflow */
    double spot_after;        /* > 0: a patient who has waited this long
                                 in the line is given a place bought for
                                 it alone (spot purchase), which ends
                                 with its stay; minutes */
    int in_pool;              /* 1: it also takes places from shared
                                 pool `pool` when its own (ring-fenced)
                                 `capacity` is full */
    int pool;
    int distribution;         /* 1: its occupancy's distribution is
                                 reported: P(N = n) for n = 0 .. dist_top
                                 and P(N > dist_top) (`distribution:`) */
    long dist_top;
    int has_transfer;         /* 1: a patient moving in from another unit
                                 takes its place here, then arrives after
                                 `transfer`, keeping its old place until
                                 then */
    dist transfer;
} unit_spec;

/* Places shared by several units (a pooled or partly pooled ward): a
 * member unit's patients take its own places first and the pool's when
 * they are full, so a unit uses max(0, held - own places) of the pool.
 * A freed pool place goes to the line of the unit that freed it, then of
 * the others in `units` order (the overflow order).  Members have finite
 * capacity (0 allowed: fully pooled), no escalation, and one role. */
typedef struct pool_spec {
    char *name;
    long capacity;            /* shared places, >= 0 */
    size_t n_units;
    int *units;               /* members, in overflow order */
} pool_spec;

/* A patient of the starting census read from a file (`initial: {from:}`),
 * placed at time 0 after the units' `initial` counts. */
typedef struct census_row {
    int unit;                 /* the unit it is in, or waits for */
    int cls;                  /* its class */
    double elapsed;           /* minutes already spent there (>= 0): its
                                 remaining stay is drawn given it */
    int fit;                  /* 1: medically fit, its stay is over */
    double fit_for;           /* minutes fit before time 0 (fit only):
                                 a pathway's wait counts from then */
    int next;                 /* the unit it goes to next (or
                                 SCENARIO_EXIT); -2: drawn as usual */
    int waiting;              /* 1: in the unit's line, not in a place
                                 (placed after every other row) */
} census_row;

typedef enum {
    ARRIVAL_POISSON,      /* rate x hour-of-day x day-of-week x period */
    ARRIVAL_INTERARRIVAL  /* renewal process with a given gap */
} arrival_kind;

typedef struct arrival_spec {
    char *name;
    int to;                   /* unit index */
    arrival_kind kind;
    double rate;              /* POISSON: mean per minute */
    double hourly[24];        /* POISSON: multipliers, mean 1 (normalised) */
    double weekly[7];         /* POISSON: day 0's weekday first (rotated
                                 by the loader: start_weekday), mean 1
                                 (normalised) */
    size_t n_periods;
    arrival_period *periods;  /* POISSON: dated factors, may overlap */
    dist interarrival;        /* INTERARRIVAL */
    int priority;             /* smaller is more urgent; default 0 */
    double start, stop;       /* active in [start, stop); stop may be inf */
    size_t n_mix;             /* patient classes by share; 0: class 0 */
    int *mix_class;
    double *mix_share;
    int ambulance;            /* 1: arrivals by ambulance (handover) */
    int elective;             /* 1: booked admissions, cancelled when the
                                 unit cannot take them */
    double cancel_at;         /* elective: cancelled when occupied places
                                 reach this share of open ones (<= 1) */
    double scale;             /* > 0: demand multiplier (1: as given); a
                                 POISSON rate is multiplied by it, an
                                 INTERARRIVAL gap divided by it */
} arrival_spec;

typedef enum {
    IV_DEFLECT_ARRIVALS,   /* a share of arrivals never come */
    IV_DEFLECT_ADMISSIONS, /* a share of admissions to a unit go elsewhere */
    IV_SCALE_STAY,         /* stays at a unit are shortened by a share */
    IV_ROUTE_MIX           /* a unit's routing moves towards new shares */
} intervention_kind;

/* From `from` on, `fraction` of the intervention's effect applies. */
typedef struct phase {
    double from;
    double fraction;
} phase;

typedef struct intervention_spec {
    char *name;
    intervention_kind kind;
    unsigned char *classes;   /* n_classes flags; NULL: every class */
    double *reach;            /* n_classes shares of each class's patients
                                 the intervention reaches (a resized
                                 cohort: cohort_spec), or NULL: all of
                                 the classes above, none of the others */
    unsigned char *arrivals;  /* DEFLECT_ARRIVALS: n_arrivals flags, or
                                 NULL for every stream */
    int unit;                 /* the other kinds: unit index */
    int instead;              /* DEFLECT_ADMISSIONS: unit, or EXIT */
    double effect;            /* share deflected, or share of stay cut */
    double effect_sd;         /* > 0: the effect is uncertain, drawn once
                                 per replication (iv_effect_draw) from a
                                 beta of mean `effect` and this sd */
    route mix;                /* ROUTE_MIX: the shares moved towards */
    size_t n_phases;          /* sorted by from; before the first: 0 */
    phase *phases;
    double *phase_sd;         /* NULL, or n_phases sds: > 0, that phase's
                                 fraction is uncertain, drawn once per
                                 replication (iv_phase_draw) from a beta
                                 of mean its fraction and this sd */
} intervention_spec;

/* A patient cohort that interventions target (Stockport Together's
 * at-risk cohort), resized: the scenario's class mixes describe a cohort
 * of `size` (a population share), the interventions reach one of `reach`.
 * The cohort's share of activity grows as (share)^concentration, so a
 * larger cohort adds its lower-risk members: a concentration of 0.18
 * gives the "6% ... account for 60%" of a business case, 1 makes
 * activity proportional to people.  The reach is applied to the
 * interventions that select a cohort class and not its twin (the class
 * of the rest of the population its members come from). */
typedef struct cohort_spec {
    int on;
    double size, reach, concentration;
    int *twin;                /* n_classes: a member's twin, or -1 */
} cohort_spec;

/* A calendar month of the measured period, for KPIs reported by month. */
typedef struct month_spec {
    char name[8];             /* "2022-04" */
    double from, to;          /* minutes: [from, to), whole days */
} month_spec;

/* An observed figure that a run should reproduce (flowsim validate): one
 * value, or one a month (then at least months_needed of them within the
 * tolerance). */
typedef struct target_spec {
    char *kpi;
    double value;
    double tolerance;         /* absolute: |simulated - value| <= this */
    char *source;
    int monthly;              /* 1: one value a month */
    size_t n_months;          /* the months of this run's measured period */
    int *month;               /* n_months indices into scenario.months */
    double *month_value;
    long months_needed;       /* 0 .. n_months: months outside the run's
                                 measured period (--set horizon) are left
                                 out */
} target_spec;

typedef struct scenario {
    char *name;
    char *description;        /* may be NULL */
    char *path;               /* the file it was loaded from */
    char *start_date;         /* ISO date of day 0, or NULL */
    int start_weekday;        /* day 0's weekday, 0 = Monday (weekly[] is
                                 already rotated so weekly[0] is day 0) */
    double horizon;           /* > 0, <= SCENARIO_MAX_HORIZON, minutes */
    double warmup;            /* >= 0, < horizon */
    long replications;        /* 1 .. SCENARIO_MAX_REPLICATIONS */
    uint64_t seed;
    long max_patients;        /* runaway guard: most patients in system */
    long max_events;          /* runaway guard: most events a replication
                                 (0: no limit) */
    size_t n_arrivals;
    arrival_spec *arrivals;
    size_t n_units;
    unit_spec *units;
    size_t n_census;          /* the census from a file, one a patient */
    census_row *census;
    size_t n_pools;           /* shared places (`pools:`) */
    pool_spec *pools;
    size_t n_classes;         /* 0 means one anonymous class */
    class_spec *classes;
    size_t n_interventions;
    intervention_spec *interventions;
    cohort_spec cohort;       /* `cohort:` (on = 0 without it) */
    unsigned char *mix_classes; /* `discharge_mix:`: n_classes flags of the
                                 classes whose acute discharges make the
                                 discharge.mix KPIs (a pathway mix quoted
                                 for some patients only), or NULL */
    size_t n_targets;
    target_spec *targets;
    size_t n_quantiles;       /* `quantiles:`: more percentiles of every
                                 unit's occupancy, blocked places, line
                                 and wait; each in (0, 1), increasing */
    double *quantiles;
    size_t n_monthly;         /* KPIs reported month by month too */
    int *monthly;             /* their registry ids (kpis.h) */
    size_t n_months;          /* the months of the measured period */
    month_spec *months;
    /* finance: see costs.h */
    struct cost_spec *costs;              /* `costs:`, or NULL */
    struct business_case *business_case;  /* `business_case:`, or NULL */
} scenario;

/* Frees a scenario and everything it owns.  NULL is allowed. */
void scenario_free(scenario *sc);

/* Index of the named unit, or -1. */
int scenario_unit_index(const scenario *sc, const char *name);

#endif
