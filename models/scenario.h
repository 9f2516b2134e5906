/* scenario.h -- a validated scenario: what a run needs, as plain data.
 *
 * The loader (tools/load.c, the only code that sees YAML) builds one of
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

/* What a unit does with a patient who arrives when it is full. */
typedef enum {
    FULL_QUEUE,  /* wait in line (bounded by queue_limit, with reneging) */
    FULL_BLOCK,  /* keep the place upstream until there is room */
    FULL_LOSE,   /* leave the system, counted as lost */
    FULL_DIVERT  /* go to unit divert_to instead */
} full_policy;

/* Where patients go after a unit: n targets with shares summing to 1. */
typedef struct route {
    size_t n;
    int *to;        /* unit index, or SCENARIO_EXIT */
    double *share;  /* each in (0, 1], sum 1 within 1e-9 */
} route;

/* From time `at` on, the unit has `capacity` places. */
typedef struct capacity_change {
    double at;
    long capacity;  /* >= 0; SCENARIO_UNLIMITED allowed */
} capacity_change;

typedef struct unit_spec {
    char *name;
    long capacity;            /* > 0, or SCENARIO_UNLIMITED */
    dist stay;                /* time in service, minutes */
    full_policy when_full;
    int divert_to;            /* unit index when FULL_DIVERT, else -1 */
    long queue_limit;         /* FULL_QUEUE: most waiting; UNLIMITED */
    int reneges;              /* 1 if patients give up waiting */
    dist patience;            /* when reneges: time before giving up */
    int priority_queue;       /* 1: lower priority number served first */
    route next;
    size_t n_schedule;        /* capacity changes, sorted by `at` */
    capacity_change *schedule;
    double schedule_repeat;   /* > 0: schedule repeats with this period */
    double wait_threshold;    /* waits over this are counted; minutes */
} unit_spec;

typedef enum {
    ARRIVAL_POISSON,      /* rate x hour-of-day x day-of-week x period */
    ARRIVAL_INTERARRIVAL  /* renewal process with a given gap */
} arrival_kind;

typedef struct arrival_period {
    double from, to;      /* [from, to) in minutes */
    double factor;        /* >= 0, multiplies the rate */
} arrival_period;

typedef struct arrival_spec {
    char *name;
    int to;                   /* unit index */
    arrival_kind kind;
    double rate;              /* POISSON: mean per minute */
    double hourly[24];        /* POISSON: multipliers, mean 1 (normalised) */
    double weekly[7];         /* POISSON: Monday first, mean 1 (normalised) */
    size_t n_periods;
    arrival_period *periods;  /* POISSON: dated factors, may overlap */
    dist interarrival;        /* INTERARRIVAL */
    int priority;             /* smaller is more urgent; default 0 */
    double start, stop;       /* active in [start, stop); stop may be inf */
} arrival_spec;

typedef struct scenario {
    char *name;
    char *path;               /* the file it was loaded from */
    double horizon;           /* > 0, minutes */
    double warmup;            /* >= 0, < horizon */
    long replications;        /* 1 .. SCENARIO_MAX_REPLICATIONS */
    uint64_t seed;
    long max_patients;        /* runaway guard: most patients in system */
    size_t n_arrivals;
    arrival_spec *arrivals;
    size_t n_units;
    unit_spec *units;
} scenario;

/* Frees a scenario and everything it owns.  NULL is allowed. */
void scenario_free(scenario *sc);

/* Index of the named unit, or -1. */
int scenario_unit_index(const scenario *sc, const char *name);

#endif
