/* kpis.h -- the KPI registry: every measure a run reports, described once.
 *
 * Each KPI has an id (kpi_id), a name as users and the results store see
 * it, a unit of measure, a kind that fixes its natural range (a share lies
 * in [0, 1], a count is never negative), an area for grouping output,
 * whether it is a headline KPI, and a computation (kpis.c).  Everything that
 * needs to know about a KPI -- the model's read-out, output writers,
 * headline selection, costs, the store and the report -- asks the registry
 * by id; names are parsed back to ids only where text comes in (a store, a
 * scenario's targets, the command line), by kpi_list_lookup.
 *
 * Adding a KPI: an id below, in the right scope, and its entry in
 * kpis.c's table (name, unit, kind, area, headline rank, label, computation).
 * static_asserts in kpis.c keep the two in step.
 *
 * A scenario's KPI list (network_kpis, kpis_list.c) instantiates the
 * registry: per-unit KPIs once for every unit ("ward.occupancy.mean"),
 * NHS KPIs when the scenario has units with health roles, cost KPIs when
 * it has `costs:`.
 */
#ifndef FLOWSIM_KPIS_H
#define FLOWSIM_KPIS_H

#include <stddef.h>
#include "scenario.h"
#include "series.h"

/* What a KPI's number is; the kind gives its natural range. */
typedef enum {
    KPI_COUNT,      /* events counted: patients, spells; >= 0 */
    KPI_SHARE,      /* a proportion in [0, 1] */
    KPI_PERCENT,    /* a proportion in [0, 100] */
    KPI_DURATION,   /* a time per patient (hours, days); >= 0 */
    KPI_LEVEL,      /* a number present at once (beds, patients); >= 0 */
    KPI_AMOUNT,     /* an accumulated quantity (bed-days, GBP); >= 0 */
    KPI_NUMBER,     /* no natural bound (a KPI this build does not know) */
    KPI_KINDS
} kpi_kind;

/* Where a KPI belongs, for grouping output by area. */
typedef enum {
    KPI_AREA_ED,         /* emergency department and SDEC */
    KPI_AREA_BEDS,       /* acute beds */
    KPI_AREA_DISCHARGE,  /* discharge pathways and delays */
    KPI_AREA_COMMUNITY,  /* virtual wards, intermediate care, care homes */
    KPI_AREA_COST,       /* activity costed and money */
    KPI_AREA_UNIT,       /* a unit's own queueing measures */
    KPI_AREA_SYSTEM,     /* the whole network */
    KPI_AREAS
} kpi_area;

/* Which KPIs a scenario has: per unit and system always; health with
 * health roles; cost with a `costs:` section. */
typedef enum { KPI_SCOPE_UNIT, KPI_SCOPE_SYSTEM, KPI_SCOPE_HEALTH,
               KPI_SCOPE_COST } kpi_scope;

/* Every KPI, grouped by scope in output order within each scope. */
typedef enum {
    /* per unit: the name is "UNIT." followed by the registry's name */
    KPI_U_ARRIVALS, KPI_U_ADMITTED, KPI_U_LOST, KPI_U_LOST_FRACTION,
    KPI_U_RENEGED, KPI_U_DIVERTED, KPI_U_DELAYED_FRACTION,
    KPI_U_FULL_FRACTION, KPI_U_OCCUPANCY_MEAN, KPI_U_OCCUPANCY_P95,
    KPI_U_OCCUPANCY_MAX, KPI_U_WAITING_MEAN, KPI_U_WAIT_MEAN,
    KPI_U_WAIT_P95, KPI_U_WAIT_OVER_THRESHOLD, KPI_U_BLOCKED_MEAN,
    KPI_U_STAY_MEAN, KPI_U_IN_UNIT_END, KPI_U_JAM_FIRST_DAY,
    /* per unit, only for the units with the feature it counts
     * (kpi_unit_has): "UNIT." + name */
    KPI_U_PREEMPTIONS,
    /* per unit, on request only (`quantiles:`, `distribution:`): one
     * instance per percentile or level, named "UNIT." + name + the
     * number ("ward.occupancy.p85", "ward.occupancy.at.12") */
    KPI_U_OCCUPANCY_Q, KPI_U_BLOCKED_Q, KPI_U_WAITING_Q, KPI_U_WAIT_Q,
    KPI_U_OCCUPANCY_AT, KPI_U_OCCUPANCY_ABOVE,
    /* the whole system */
    KPI_SYS_ARRIVALS, KPI_SYS_EXITS, KPI_SYS_LOST, KPI_SYS_IN_SYSTEM_MEAN,
    KPI_SYS_TIME_IN_SYSTEM_MEAN, KPI_SYS_IN_SYSTEM_END,
    /* NHS measures (health roles) */
    KPI_ED_ATTENDANCES, KPI_ED_FOUR_HOUR_PERFORMANCE, KPI_ED_FOUR_HOUR_BREACHES,
    KPI_ED_TIME_MEAN, KPI_ED_TIME_P95, KPI_ED_DTA_12H, KPI_ED_DTA_4H_FRACTION,
    KPI_ED_ARRIVAL_12H,
    KPI_ED_HANDOVER_60M, KPI_SDEC_ATTENDANCES, KPI_SDEC_SAME_DAY,
    KPI_ACUTE_ADMISSIONS, KPI_ACUTE_ELECTIVES_ADMITTED,
    KPI_ACUTE_ELECTIVES_CANCELLED, KPI_ACUTE_OCCUPANCY_MEAN, KPI_ACUTE_OCCUPANCY_RATE,
    KPI_ACUTE_SNAPSHOT_RATE, KPI_ACUTE_OCCUPANCY_P95, KPI_ACUTE_DAYS_OVER_92,
    KPI_ACUTE_ESCALATION_BED_DAYS, KPI_ACUTE_NCTR_MEAN, KPI_ACUTE_NCTR_P0,
    KPI_ACUTE_NCTR_P1, KPI_ACUTE_NCTR_P2, KPI_ACUTE_NCTR_P3,
    KPI_ACUTE_DELAYED_BED_DAYS, KPI_ACUTE_STAY_MEAN, KPI_ACUTE_DISCHARGES,
    KPI_ACUTE_DISCHARGES_DAYTIME, KPI_ACUTE_DISCHARGES_WEEKEND,
    KPI_DISCHARGE_P0_SHARE, KPI_DISCHARGE_P1_SHARE, KPI_DISCHARGE_P2_SHARE,
    KPI_DISCHARGE_P3_SHARE, KPI_DISCHARGE_VW_SHARE, KPI_DISCHARGE_MIX_P0,
    KPI_DISCHARGE_MIX_P1, KPI_DISCHARGE_MIX_P2, KPI_DISCHARGE_MIX_P3,
    KPI_DISCHARGE_P1_WAIT,
    KPI_DISCHARGE_P2_WAIT, KPI_DISCHARGE_P3_WAIT, KPI_P1_OCCUPANCY_RATE,
    KPI_IT_OCCUPANCY_RATE, KPI_CAREHOME_OCCUPANCY_RATE,
    KPI_CAREHOME_ADMISSIONS, KPI_VW_OCCUPANCY_RATE, KPI_VW_AVOIDED,
    KPI_READMISSIONS_FRACTION, KPI_DEFLECTED_ATTENDANCES,
    KPI_DEFLECTED_ADMISSIONS, KPI_ACUTE_NCTR_SNAPSHOT,
    KPI_ACUTE_STRANDED_7D, KPI_ACUTE_STRANDED_21D,
    /* activity and money (`costs:`) */
    KPI_ACUTE_SPELLS_SHORT, KPI_ACUTE_SPELLS_LONG, KPI_ACUTE_BED_DAYS,
    KPI_VW_PATIENT_DAYS, KPI_P1_PACKAGE_DAYS, KPI_P2_BED_DAYS,
    KPI_P3_RESIDENT_WEEKS, KPI_COST_ED, KPI_COST_SDEC, KPI_COST_ADMISSIONS,
    KPI_COST_BED_DAYS, KPI_COST_DELAYED, KPI_COST_ESCALATION, KPI_COST_VW,
    KPI_COST_P1, KPI_COST_P2, KPI_COST_P3, KPI_COST_FIXED, KPI_COST_TOTAL,
    KPI_N
} kpi_id;

#define KPI_FIRST_UNIT KPI_U_ARRIVALS
#define KPI_FIRST_OPTIONAL KPI_U_PREEMPTIONS
#define KPI_FIRST_ON_REQUEST KPI_U_OCCUPANCY_Q
#define KPI_FIRST_SYSTEM KPI_SYS_ARRIVALS
#define KPI_FIRST_HEALTH KPI_ED_ATTENDANCES
#define KPI_FIRST_COST KPI_ACUTE_SPELLS_SHORT

/* How a KPI is made for one month from daily series (KPIs reported by
 * month, `monthly:`): the day values of series a (and b) summed over the
 * month's days, then: SUM a; MEAN a / days; RATIO 100 a / b; WITHIN
 * 100 (1 - b / a) (a share within a limit, in percent). */
typedef enum { KPI_BY_MONTH_NONE, KPI_BY_MONTH_SUM, KPI_BY_MONTH_MEAN,
               KPI_BY_MONTH_RATIO, KPI_BY_MONTH_WITHIN } kpi_by_month;

struct kpi_ctx; /* what a computation reads: the finished run (kpis.c) */

/* One registry entry. */
typedef struct kpi_info {
    kpi_id id;
    const char *name;    /* "ed.four_hour.performance"; per unit: the part
                            after "UNIT." */
    const char *unit;    /* unit of measure: "patients", "hours", "GBP" */
    kpi_kind kind;
    kpi_area area;
    int headline;        /* 0, or this KPI's rank among the few that sum
                            a run up (sweep tables, --precision): 1 first */
    const char *label;   /* for people: "ED 4-hour performance" */
    double (*compute)(const struct kpi_ctx *c);
    kpi_by_month by_month;  /* whether, and how, it is made by month */
    series_id ma, mb;
} kpi_info;

/* Whether unit u of sc has the per-unit KPI id: every unit, but those
 * from KPI_FIRST_OPTIONAL to KPI_FIRST_ON_REQUEST only the units with
 * their feature (preemptions: `queue: {preempt: true}`). */
int kpi_unit_has(const scenario *sc, int u, kpi_id id);

/* The entry of id (0 <= id < KPI_N). */
const kpi_info *kpi_info_of(kpi_id id);

/* The scope of id. */
kpi_scope kpi_scope_of(kpi_id id);

/* The natural range [*lo, *hi] of a kind (hi may be INFINITY). */
void kpi_kind_range(kpi_kind kind, double *lo, double *hi);

/* A KPI of one scenario: a registry entry, for per-unit KPIs with its
 * unit, and its full name. */
typedef struct kpi_def {
    char *name;          /* e.g. "ward.occupancy.mean" */
    const char *unit;    /* = info->unit */
    const kpi_info *info;
    int unit_index;      /* per-unit KPIs: the unit; else -1 */
    int month;           /* a KPI of one month: index into sc->months;
                            else -1 (name "KPI.2022-04") */
    double arg;          /* a KPI on request: its percentile (0.85) or
                            level (12); else 0 */
} kpi_def;

typedef struct kpi_list {
    size_t n;
    kpi_def *defs;
} kpi_list;

/* The KPIs a scenario produces, in output order: health, cost, the KPIs
 * reported by month (sc->monthly, month by month), then per unit (unit by
 * unit: the registry's, then those on request: for each of
 * sc->quantiles the percentile of occupancy, blocked places, the line
 * and the wait, e.g. "ward.occupancy.p85" (occupancy.p95 and wait.p95
 * are already there), and with the unit's `distribution` P(N = n) as
 * "ward.occupancy.at.N" for N = 0 .. dist_top and P(N > dist_top) as
 * "ward.occupancy.above.TOP"), then system.  A unit named like a health role
 * ("acute") would repeat a health KPI's name: the health one (all units
 * of the role) is kept.  Returns 0, or -1 when out of memory.  Free with
 * kpi_list_free. */
int network_kpis(const scenario *sc, kpi_list *out);
void kpi_list_free(kpi_list *l);

/* The position of a KPI in l: by id (non-unit KPIs), or -1. */
long kpi_list_index(const kpi_list *l, kpi_id id);

/* The position of the per-unit KPI id of unit u, or -1. */
long kpi_list_unit_index(const kpi_list *l, kpi_id id, int u);

/* The position of the KPI named `name` in l, or -1: the one place where a
 * name from outside (a target, a command-line filter) becomes a KPI. */
long kpi_list_lookup(const kpi_list *l, const char *name);

/* The position of KPI id's value for month m of sc->months, or -1. */
long kpi_list_month_index(const kpi_list *l, kpi_id id, int m);

/* The position in b of the KPI that is a's KPI k (same registry entry, and
 * for per-unit KPIs a unit of the same name), or -1: matching the KPIs of
 * two scenarios (compare). */
long kpi_list_match(const kpi_list *a, size_t k, const scenario *sa,
                    const kpi_list *b, const scenario *sb);

/* The registry entry named `name` (non-unit KPIs: the full name; per-unit
 * KPIs: the part after the unit), or NULL. */
const kpi_info *kpi_info_named(const char *name);

/* The entry given to a KPI this build does not know (read from a store
 * written by another version): id KPI_N, kind KPI_NUMBER, no computation. */
const kpi_info *kpi_info_unknown(void);

/* Fills info and unit_index of a list whose names and units came from
 * outside (a results store), by matching the names with sc's own list
 * (sc NULL, or a name sc does not have: by the registry's names alone,
 * units numbered in order of appearance; else kpi_info_unknown()).
 * Returns 0, or -1 when out of memory. */
int kpi_list_adopt(kpi_list *l, const scenario *sc);

#endif
