/* health.h -- the NHS measures of a run (the table of NHS KPIs in
 * models/README.md).
 *
 * The network tells this module what happens to patients in units that
 * have a role (emergency department, acute beds, discharge pathways...);
 * it keeps the counts and clocks the national returns are built from:
 * the 4-hour clock from arrival in the department to departure, 12-hour
 * waits from the decision to admit, discharges by pathway and their
 * delays, occupancy of acute beds at the 08:00 snapshot, readmissions.
 */
#ifndef FLOWSIM_HEALTH_H
#define FLOWSIM_HEALTH_H

#include <stddef.h>
#include "../sim/sim.h"
#include "../sim/stats.h"
#include "scenario.h"

#define HEALTH_FOUR_HOURS 240.0     /* minutes */
#define HEALTH_TWELVE_HOURS 720.0
#define HEALTH_HANDOVER_LIMIT 60.0
#define HEALTH_SNAPSHOT_MINUTE 480.0 /* 08:00, the daily sitrep */
#define HEALTH_OCCUPANCY_ALARM 0.92
#define HEALTH_STRANDED_DAYS 7       /* "stranded": in hospital 7+ days */
#define HEALTH_SUPER_STRANDED_DAYS 21

/* Where a patient went when their acute stay ended. */
typedef enum { PATHWAY_P0, PATHWAY_P1, PATHWAY_P2, PATHWAY_P3, PATHWAY_VW,
               PATHWAY_OTHER } pathway;

typedef struct health {
    int on;                       /* the scenario has units with roles */
    /* emergency department */
    double ed_attendances, ed_departures, ed_breaches, ed_arrival_12h;
    double ed_dta_12h, ed_handover_60m;
    double ed_dta_admitted, ed_dta_4h;  /* admissions decided in the ED,
                                           and those over 4 h from it */
    stat_tally ed_time;           /* hours in the department, p95 */
    /* same-day emergency care */
    double sdec_attendances, sdec_departures, sdec_same_day;
    /* acute beds */
    double acute_admissions, acute_discharges, snapshot_days,
        days_over_alarm, snapshot_rate_sum;
    double pathway_count[PATHWAY_OTHER + 1];
    double mix_discharges, mix_count[PATHWAY_OTHER + 1]; /* discharge_mix */
    stat_tally pathway_wait[4];   /* days from ready to leaving acute */
    stat_tally acute_stay;        /* days */
    stat_level role_busy[ROLE_COUNT];
    /* held patients by role: kept (places.c) and read for ROLE_ACUTE only */
    stat_level role_blocked[ROLE_COUNT];
    double role_cap_area[ROLE_COUNT];
    /* escalation place-minutes: read, and kept by places.h, for ROLE_ACUTE
     * only */
    double role_esc_area[ROLE_COUNT];
    stat_level nctr_by_path[4];   /* acute patients held, by pathway */
    /* since the start, never reset: for daily series */
    double cum_ed_attendances, cum_ed_departures, cum_ed_breaches;
    double cum_acute_admissions;
    /* open place-minutes since the start (role_cap_area's running total)
     * and, below, their escalation part: read, and kept by places.h and
     * pool.c, for ROLE_ACUTE only */
    double cum_cap_area[ROLE_COUNT];
    /* finance: daily activity for costing */
    double cum_sdec_attendances, cum_spells_short, cum_spells_long;
    double cum_esc_area[ROLE_COUNT], cum_carehome_admissions;
    /* finance: the measured period's start, and the spell counts then
     * (cost KPIs count spells ended since; costs.h) */
    double measured_from, spells_short0, spells_long0;
    /* elsewhere */
    double vw_avoided, carehome_admissions, readmissions;
    double electives_admitted, electives_cancelled;
    /* patients leaving acute beds: all, 10:00-18:00, on Saturdays and
     * Sundays (the discharge profile) */
    double acute_leaves, acute_leaves_day, acute_leaves_weekend;
    int weekday0;                 /* day 0's weekday, 0 = Monday */
    double deflected_arrivals, deflected_admissions;
    /* the daily 08:00 counts (sitrep), summed over the snapshots taken */
    double snap_n, snap_nctr, snap_stranded7, snap_stranded21;
    double snap_busy, snap_open;  /* the last snapshot's acute beds */
} health;

/* Prepares the collector for sc.  Returns 0, or -1 when out of memory. */
int health_init(health *h, const scenario *sc);
void health_free(health *h);
void health_reset(health *h, double now);

/* A patient leaves an acute bed at time now (minutes): counted by hour of
 * day and day of the week.  day is floor(now / SIM_MINUTES_PER_DAY), which
 * the caller has already (the spell's midnights).  Inline: the caller's
 * tally is then its only call (leave.c).
 *
 * The minute of the day is now less the day's start, with the day as
 * health.c's weekday_of computes it: exact (both terms are within a factor of two),
 * so it is fmod's value, at a tenth of the cost; were the quotient
 * rounded up to the next day, it would be a hair below 0 where fmod
 * gives a hair below 1440, outside 10-18 h either way. */
static inline void health_acute_leave(health *h, double now, double day)
{
    double minute = now - day * SIM_MINUTES_PER_DAY;
    h->acute_leaves++;
    h->acute_leaves_day += minute >= 600 && minute < 1080; /* 10-18 h */
    h->acute_leaves_weekend += (h->weekday0 + (long)day) % 7 >= 5;
}


/* Days of [from, to) (minutes) that fall on a Saturday or Sunday, and in
 * all, counting part days. */
double health_weekend_days(const health *h, double from, double to);

/* 1 if sc has units with health roles: the NHS KPIs and series apply. */
int health_wanted(const scenario *sc);

#endif
