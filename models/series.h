/* series.h -- the daily-series registry: what a run records day by day.
 *
 * A series is one number per whole day of the horizon (warm-up included,
 * so that warm-up can be judged from it).  Each series is described once:
 * an id, a name, a unit of measure, how the day's value comes from a
 * running total that is never reset (series.c): the day's count, the day's
 * mean (the total is a time integral), or the day's share of departures
 * within 4 hours.
 *
 * Adding a series: an id below and its entry in series.c's table.  A
 * scenario's series list (network_series) has the per-unit series for
 * every unit ("ward.occupancy"), the system's, and with health roles the
 * NHS ones; a unit named like a role would repeat a name, and the role's
 * series (all units of the role) is kept.
 */
#ifndef FLOWSIM_SERIES_H
#define FLOWSIM_SERIES_H

#include <stddef.h>
#include "scenario.h"

typedef enum {
    /* per unit: "UNIT.occupancy", "UNIT.waiting" (daily means) */
    SER_U_OCCUPANCY, SER_U_WAITING,
    /* the system: arrivals that day */
    SER_SYS_ARRIVALS,
    /* NHS series (health roles) */
    SER_ED_ATTENDANCES, SER_ED_FOUR_HOUR, SER_ACUTE_OCCUPANCY,
    SER_ACUTE_OPEN_BEDS, SER_ACUTE_NCTR, SER_ACUTE_NCTR_P0, SER_ACUTE_NCTR_P1,
    SER_ACUTE_NCTR_P2, SER_ACUTE_NCTR_P3,
    /* activity that finance costs: counts of the day, escalation
     * bed-days */
    SER_SDEC_ATTENDANCES, SER_ACUTE_SPELLS_SHORT, SER_ACUTE_SPELLS_LONG,
    SER_CAREHOME_ADMISSIONS, SER_ACUTE_ESCALATION,
    /* what monthly figures are made from: the day's ED departures and
     * 4-hour breaches, acute beds occupied and open at that day's 08:00
     * snapshot, emergency admissions */
    SER_ED_DEPARTURES, SER_ED_BREACHES, SER_ACUTE_SNAPSHOT_OCCUPIED,
    SER_ACUTE_SNAPSHOT_OPEN, SER_ACUTE_ADMISSIONS,
    SER_N
} series_id;

#define SER_FIRST_SYSTEM SER_SYS_ARRIVALS
#define SER_FIRST_HEALTH SER_ED_ATTENDANCES

/* How a day's value comes from running totals. */
typedef enum {
    SERIES_COUNT,    /* total(end of day) - total(start of day) */
    SERIES_MEAN,     /* the same over the day's length: a daily mean */
    SERIES_WITHIN,   /* 100 x (1 - d(second total) / d(total)): the share
                        of the day's departures within a limit, percent */
    SERIES_VALUE     /* the total's value at the end of the day (a
                        snapshot taken that day) */
} series_kind;

struct series_ctx; /* what a total reads: the running replication */

typedef struct series_info {
    series_id id;
    const char *name;   /* per unit: the part after "UNIT." */
    const char *unit;   /* "patients", "beds", "percent", "bed-days" */
    series_kind kind;
    double (*total)(const struct series_ctx *c);
    double (*total2)(const struct series_ctx *c);  /* SERIES_WITHIN */
} series_info;

const series_info *series_info_of(series_id id);

/* A series of one scenario. */
typedef struct series_def {
    const series_info *info;
    int unit_index;     /* per-unit series: the unit; else -1 */
} series_def;

typedef struct series_list {
    size_t n;
    char **names;       /* full names, e.g. "ward.occupancy" */
    series_def *defs;
    size_t days;        /* whole days in the horizon */
} series_list;

/* The series of sc: per unit, then the system's, then the NHS ones.
 * Returns 0, or -1 when out of memory or when the horizon is beyond
 * SCENARIO_MAX_HORIZON_DAYS (which the loader refuses): then days x n x
 * sizeof(double) always fits in a size_t. */
int network_series(const scenario *sc, series_list *out);
void series_list_free(series_list *l);

/* Fills l->defs for a list whose n names came from outside (a results
 * store): each name that sc's own list has gets its registry entry, the
 * others none (info NULL: never found by id).  Returns 0, or -1 when out
 * of memory. */
int series_list_adopt(series_list *l, const scenario *sc);

/* The position of a non-unit series in l, or -1. */
long series_list_index(const series_list *l, series_id id);

/* The position of unit u's series id, or -1. */
long series_list_unit_index(const series_list *l, series_id id, int u);

/* The position of the series named `name`, or -1 (names from outside). */
long series_list_lookup(const series_list *l, const char *name);

#endif
