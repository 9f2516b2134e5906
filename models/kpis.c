/* kpis.c -- the KPI registry (kpis.h): each KPI's description and how it
 * is computed from a finished replication, and the read-out of a run.  A
 * scenario's list of KPIs, made from the registry, is in kpis_list.c; the
 * computations of the KPIs on request are in kpis_dist.c, those of the
 * cost KPIs in kpis_cost.c. */
#include <assert.h>
#include <math.h>
#include <string.h>
#include "net.h"

/* ---- computations ------------------------------------------------------
 * Each reads the finished run through its context (net.h): the network,
 * for per-unit KPIs the unit, the end of the run and the unit prices. */

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* per unit */
static double u_arrivals(const kpi_ctx *c) { return c->u->c.arrivals; }
static double u_admitted(const kpi_ctx *c) { return c->u->c.admitted; }
static double u_lost(const kpi_ctx *c) { return c->u->c.lost; }
static double u_lost_fraction(const kpi_ctx *c)
{
    return ratio(c->u->c.lost, c->u->c.arrivals);
}
static double u_reneged(const kpi_ctx *c) { return c->u->c.reneged; }
static double u_diverted(const kpi_ctx *c) { return c->u->c.diverted; }
static double u_delayed_fraction(const kpi_ctx *c)
{
    return ratio(c->u->c.delayed, c->u->c.admitted);
}
static double u_full_fraction(const kpi_ctx *c)
{
    return ratio(c->u->full_time, c->now - c->u->occ.start);
}
static double u_occupancy_mean(const kpi_ctx *c)
{
    return stat_level_mean(&c->u->occ, c->now);
}
static double u_occupancy_p95(const kpi_ctx *c)
{
    return (double)stat_level_quantile(&c->u->occ, c->now, 0.95);
}
static double u_occupancy_max(const kpi_ctx *c) { return (double)c->u->occ.max; }
static double u_waiting_mean(const kpi_ctx *c)
{
    return stat_level_mean(&c->u->queue, c->now);
}
static double u_wait_mean(const kpi_ctx *c) { return stat_tally_mean(&c->u->wait); }
static double u_wait_p95(const kpi_ctx *c)
{
    return stat_tally_quantile(&c->u->wait);
}
static double u_wait_over(const kpi_ctx *c)
{
    return stat_tally_over_fraction(&c->u->wait);
}
static double u_blocked_mean(const kpi_ctx *c)
{
    return stat_level_mean(&c->u->blk, c->now);
}
static double u_stay_mean(const kpi_ctx *c) { return stat_tally_mean(&c->u->stay); }
/* Patients holding a place or waiting in the line without a place
 * elsewhere (a blocked patient counts once, upstream). */
static double u_in_unit_end(const kpi_ctx *c)
{
    const unit *u = c->u;
    return (double)(u->busy + (long)u->waiting.live - u->line_held);
}

/* The first day of the unit's first jam (calendar.c), or NAN. */
static double u_jam_first(const kpi_ctx *c) { return c->u->jam_first; }

/* Patients displaced from their stay by more urgent ones (preempt.c). */
static double u_preemptions(const kpi_ctx *c) { return c->u->c.preempted; }

/* system */
static double sys_arrivals(const kpi_ctx *c) { return c->n->sys_arrivals; }
static double sys_exits(const kpi_ctx *c) { return c->n->sys_exits; }
static double sys_lost(const kpi_ctx *c) { return c->n->sys_lost; }
static double sys_in_mean(const kpi_ctx *c)
{
    return stat_level_mean(&c->n->sys_level, c->now);
}
static double sys_time_mean(const kpi_ctx *c)
{
    return stat_tally_mean(&c->n->sys_time);
}
static double sys_in_end(const kpi_ctx *c) { return (double)c->n->in_system; }

/* health */
#define H(c) (&(c)->n->h)

/* Mean occupancy of a role over mean open places, in percent. */
static double role_rate(const kpi_ctx *c, unit_role r)
{
    const health *h = H(c);
    double span = c->now - h->role_busy[r].start;
    return 100 * ratio(stat_level_mean(&h->role_busy[r], c->now),
                       ratio(h->role_cap_area[r], span));
}

/* Priced by the cost KPIs too (kpis_cost.c). */
double kpi_ed_attendances(const kpi_ctx *c) { return H(c)->ed_attendances; }
static double ed_four_hour(const kpi_ctx *c)
{
    return 100 * (1 - ratio(H(c)->ed_breaches, H(c)->ed_departures));
}
static double ed_breaches(const kpi_ctx *c) { return H(c)->ed_breaches; }
static double ed_time_mean(const kpi_ctx *c) { return stat_tally_mean(&H(c)->ed_time); }
static double ed_time_p95(const kpi_ctx *c)
{
    return stat_tally_quantile(&H(c)->ed_time);
}
static double ed_dta_12h(const kpi_ctx *c) { return H(c)->ed_dta_12h; }
static double ed_dta_4h(const kpi_ctx *c)
{
    return ratio(H(c)->ed_dta_4h, H(c)->ed_dta_admitted);
}
static double electives_admitted(const kpi_ctx *c)
{
    return H(c)->electives_admitted;
}
static double electives_cancelled(const kpi_ctx *c)
{
    return H(c)->electives_cancelled;
}
static double nctr_path(const kpi_ctx *c, pathway p)
{
    return stat_level_mean(&H(c)->nctr_by_path[p], c->now);
}
static double nctr_p0(const kpi_ctx *c) { return nctr_path(c, PATHWAY_P0); }
static double nctr_p1(const kpi_ctx *c) { return nctr_path(c, PATHWAY_P1); }
static double nctr_p2(const kpi_ctx *c) { return nctr_path(c, PATHWAY_P2); }
static double nctr_p3(const kpi_ctx *c) { return nctr_path(c, PATHWAY_P3); }
static double ed_arrival_12h(const kpi_ctx *c) { return H(c)->ed_arrival_12h; }
static double ed_handover(const kpi_ctx *c) { return H(c)->ed_handover_60m; }
/* Priced by the cost KPIs too (kpis_cost.c). */
double kpi_sdec_attendances(const kpi_ctx *c) { return H(c)->sdec_attendances; }
static double sdec_same_day(const kpi_ctx *c)
{
    return ratio(H(c)->sdec_same_day, H(c)->sdec_departures);
}
static double acute_admissions(const kpi_ctx *c) { return H(c)->acute_admissions; }
static double acute_occ_mean(const kpi_ctx *c)
{
    return stat_level_mean(&H(c)->role_busy[ROLE_ACUTE], c->now);
}
static double acute_occ_rate(const kpi_ctx *c) { return role_rate(c, ROLE_ACUTE); }
static double acute_snapshot_rate(const kpi_ctx *c)
{
    return 100 * ratio(H(c)->snapshot_rate_sum, H(c)->snapshot_days);
}
static double acute_occ_p95(const kpi_ctx *c)
{
    return (double)stat_level_quantile(&H(c)->role_busy[ROLE_ACUTE], c->now,
                                       0.95);
}
static double acute_over_92(const kpi_ctx *c)
{
    return ratio(H(c)->days_over_alarm, H(c)->snapshot_days);
}
/* Priced by the cost KPIs too (kpis_cost.c). */
double kpi_acute_escalation(const kpi_ctx *c)
{
    return H(c)->role_esc_area[ROLE_ACUTE] / SIM_MINUTES_PER_DAY;
}
static double acute_nctr(const kpi_ctx *c)
{
    return stat_level_mean(&H(c)->role_blocked[ROLE_ACUTE], c->now);
}
/* Priced by the cost KPIs too (kpis_cost.c). */
double kpi_acute_delayed_days(const kpi_ctx *c)
{
    double span_days = (c->now - H(c)->role_busy[ROLE_ACUTE].start) /
                       SIM_MINUTES_PER_DAY;
    return acute_nctr(c) * span_days;
}
static double acute_stay(const kpi_ctx *c) { return stat_tally_mean(&H(c)->acute_stay); }
static double acute_discharges(const kpi_ctx *c) { return H(c)->acute_discharges; }
static double leaves_daytime(const kpi_ctx *c)
{
    return ratio(H(c)->acute_leaves_day, H(c)->acute_leaves);
}
/* Patients leaving acute beds per weekend day over per weekday. */
static double leaves_weekend(const kpi_ctx *c)
{
    const health *h = H(c);
    double from = h->measured_from, we = health_weekend_days(h, from, c->now);
    double wd = (c->now - from) / SIM_MINUTES_PER_DAY - we;
    return ratio(ratio(h->acute_leaves_weekend, we),
                 ratio(h->acute_leaves - h->acute_leaves_weekend, wd));
}
static double path_share(const kpi_ctx *c, pathway p)
{
    return ratio(H(c)->pathway_count[p], H(c)->acute_discharges);
}
static double p0_share(const kpi_ctx *c) { return path_share(c, PATHWAY_P0); }
static double p1_share(const kpi_ctx *c) { return path_share(c, PATHWAY_P1); }
static double p2_share(const kpi_ctx *c) { return path_share(c, PATHWAY_P2); }
static double p3_share(const kpi_ctx *c) { return path_share(c, PATHWAY_P3); }
static double vw_share(const kpi_ctx *c) { return path_share(c, PATHWAY_VW); }
static double mix_share(const kpi_ctx *c, pathway p)
{
    return ratio(H(c)->mix_count[p], H(c)->mix_discharges);
}
static double mix_p0(const kpi_ctx *c) { return mix_share(c, PATHWAY_P0); }
static double mix_p1(const kpi_ctx *c) { return mix_share(c, PATHWAY_P1); }
static double mix_p2(const kpi_ctx *c) { return mix_share(c, PATHWAY_P2); }
static double mix_p3(const kpi_ctx *c) { return mix_share(c, PATHWAY_P3); }
static double p1_wait(const kpi_ctx *c)
{
    return stat_tally_mean(&H(c)->pathway_wait[PATHWAY_P1]);
}
static double p2_wait(const kpi_ctx *c)
{
    return stat_tally_mean(&H(c)->pathway_wait[PATHWAY_P2]);
}
static double p3_wait(const kpi_ctx *c)
{
    return stat_tally_mean(&H(c)->pathway_wait[PATHWAY_P3]);
}
static double p1_rate(const kpi_ctx *c) { return role_rate(c, ROLE_P1); }
static double it_rate(const kpi_ctx *c) { return role_rate(c, ROLE_P2); }
static double carehome_rate(const kpi_ctx *c) { return role_rate(c, ROLE_P3); }
static double carehome_admissions(const kpi_ctx *c)
{
    return H(c)->carehome_admissions;
}
static double vw_rate(const kpi_ctx *c) { return role_rate(c, ROLE_VW); }
static double vw_avoided(const kpi_ctx *c) { return H(c)->vw_avoided; }
static double readmissions(const kpi_ctx *c)
{
    return ratio(H(c)->readmissions, H(c)->acute_discharges);
}
static double deflected_att(const kpi_ctx *c) { return H(c)->deflected_arrivals; }
static double deflected_adm(const kpi_ctx *c) { return H(c)->deflected_admissions; }
static double nctr_snapshot(const kpi_ctx *c)
{
    return ratio(H(c)->snap_nctr, H(c)->snap_n);
}
static double stranded7(const kpi_ctx *c)
{
    return ratio(H(c)->snap_stranded7, H(c)->snap_n);
}
static double stranded21(const kpi_ctx *c)
{
    return ratio(H(c)->snap_stranded21, H(c)->snap_n);
}

/* ---- the registry ---------------------------------------------------- */

#define E(id_, name_, unit_, kind_, area_, rank_, label_, fn_)              \
    [id_] = {id_, name_, unit_, kind_, area_, rank_, label_, fn_,             \
             KPI_BY_MONTH_NONE, 0, 0}
/* A KPI that can also be reported month by month (kpis.h). */
#define EM(id_, name_, unit_, kind_, area_, rank_, label_, fn_, by_, a_, b_)  \
    [id_] = {id_, name_, unit_, kind_, area_, rank_, label_, fn_, by_, a_, b_}
#define M_SUM KPI_BY_MONTH_SUM
#define M_MEAN KPI_BY_MONTH_MEAN
#define M_RATIO KPI_BY_MONTH_RATIO
#define M_WITHIN KPI_BY_MONTH_WITHIN
#define A_ED KPI_AREA_ED
#define A_BEDS KPI_AREA_BEDS
#define A_DIS KPI_AREA_DISCHARGE
#define A_COM KPI_AREA_COMMUNITY
#define A_COST KPI_AREA_COST
#define A_UNIT KPI_AREA_UNIT
#define A_SYS KPI_AREA_SYSTEM

static const kpi_info REGISTRY[] = {
    E(KPI_U_ARRIVALS, "arrivals", "patients", KPI_COUNT, A_UNIT, 0,
      "arrivals", u_arrivals),
    E(KPI_U_ADMITTED, "admitted", "patients", KPI_COUNT, A_UNIT, 0,
      "admitted", u_admitted),
    E(KPI_U_LOST, "lost", "patients", KPI_COUNT, A_UNIT, 0, "lost", u_lost),
    E(KPI_U_LOST_FRACTION, "lost.fraction", "share", KPI_SHARE, A_UNIT, 1,
      "share lost", u_lost_fraction),
    E(KPI_U_RENEGED, "reneged", "patients", KPI_COUNT, A_UNIT, 0,
      "gave up waiting", u_reneged),
    E(KPI_U_DIVERTED, "diverted", "patients", KPI_COUNT, A_UNIT, 0,
      "diverted", u_diverted),
    E(KPI_U_DELAYED_FRACTION, "delayed.fraction", "share", KPI_SHARE, A_UNIT,
      0, "share who waited", u_delayed_fraction),
    E(KPI_U_FULL_FRACTION, "full.fraction", "share", KPI_SHARE, A_UNIT, 0,
      "time full", u_full_fraction),
    E(KPI_U_OCCUPANCY_MEAN, "occupancy.mean", "patients", KPI_LEVEL, A_UNIT,
      1, "occupancy (mean)", u_occupancy_mean),
    E(KPI_U_OCCUPANCY_P95, "occupancy.p95", "patients", KPI_LEVEL, A_UNIT, 0,
      "occupancy (95th percentile)", u_occupancy_p95),
    E(KPI_U_OCCUPANCY_MAX, "occupancy.max", "patients", KPI_LEVEL, A_UNIT, 0,
      "occupancy (max)", u_occupancy_max),
    E(KPI_U_WAITING_MEAN, "waiting.mean", "patients", KPI_LEVEL, A_UNIT, 0,
      "line length (mean)", u_waiting_mean),
    E(KPI_U_WAIT_MEAN, "wait.mean", "hours", KPI_DURATION, A_UNIT, 1,
      "wait (mean)", u_wait_mean),
    E(KPI_U_WAIT_P95, "wait.p95", "hours", KPI_DURATION, A_UNIT, 0,
      "wait (95th percentile)", u_wait_p95),
    E(KPI_U_WAIT_OVER_THRESHOLD, "wait.over_threshold.fraction", "share",
      KPI_SHARE, A_UNIT, 0, "share waiting over the threshold", u_wait_over),
    E(KPI_U_BLOCKED_MEAN, "blocked.mean", "patients", KPI_LEVEL, A_UNIT, 0,
      "blocked (mean)", u_blocked_mean),
    E(KPI_U_STAY_MEAN, "stay.mean", "days", KPI_DURATION, A_UNIT, 0,
      "stay (mean)", u_stay_mean),
    E(KPI_U_IN_UNIT_END, "in_unit.end", "patients", KPI_COUNT, A_UNIT, 0,
      "present at the end", u_in_unit_end),
    E(KPI_U_JAM_FIRST_DAY, "jam.first_day", "day", KPI_DURATION, A_UNIT, 0,
      "first day of a jam (line over the limit for 3 days running)",
      u_jam_first),
    E(KPI_U_PREEMPTIONS, "preemptions", "patients", KPI_COUNT, A_UNIT, 0,
      "displaced by more urgent patients", u_preemptions),
    E(KPI_U_OCCUPANCY_Q, "occupancy.p", "patients", KPI_LEVEL, A_UNIT, 0,
      "occupancy (percentile)", kpi_dist_occupancy_q),
    E(KPI_U_BLOCKED_Q, "blocked.p", "patients", KPI_LEVEL, A_UNIT, 0,
      "blocked (percentile)", kpi_dist_blocked_q),
    E(KPI_U_WAITING_Q, "waiting.p", "patients", KPI_LEVEL, A_UNIT, 0,
      "waiting (percentile)", kpi_dist_waiting_q),
    E(KPI_U_WAIT_Q, "wait.p", "hours", KPI_DURATION, A_UNIT, 0,
      "wait (percentile)", kpi_dist_wait_q),
    E(KPI_U_OCCUPANCY_AT, "occupancy.at.", "share", KPI_SHARE, A_UNIT, 0,
      "share of time with this occupancy", kpi_dist_at),
    E(KPI_U_OCCUPANCY_ABOVE, "occupancy.above.", "share", KPI_SHARE, A_UNIT,
      0, "share of time with more occupied", kpi_dist_above),

    E(KPI_SYS_ARRIVALS, "system.arrivals", "patients", KPI_COUNT, A_SYS, 0,
      "arrivals", sys_arrivals),
    E(KPI_SYS_EXITS, "system.exits", "patients", KPI_COUNT, A_SYS, 0,
      "exits", sys_exits),
    E(KPI_SYS_LOST, "system.lost", "patients", KPI_COUNT, A_SYS, 0,
      "lost or gave up", sys_lost),
    E(KPI_SYS_IN_SYSTEM_MEAN, "system.in_system.mean", "patients", KPI_LEVEL,
      A_SYS, 0, "in the system (mean)", sys_in_mean),
    E(KPI_SYS_TIME_IN_SYSTEM_MEAN, "system.time_in_system.mean", "days",
      KPI_DURATION, A_SYS, 0, "time in the system (mean)", sys_time_mean),
    E(KPI_SYS_IN_SYSTEM_END, "system.in_system.end", "patients", KPI_COUNT,
      A_SYS, 0, "in the system at the end", sys_in_end),

    EM(KPI_ED_ATTENDANCES, "ed.attendances", "patients", KPI_COUNT, A_ED, 0,
      "A&E attendances", kpi_ed_attendances,
      M_SUM, SER_ED_ATTENDANCES, 0),
    EM(KPI_ED_FOUR_HOUR_PERFORMANCE, "ed.four_hour.performance", "percent",
      KPI_PERCENT, A_ED, 1, "ED 4-hour performance", ed_four_hour,
      M_WITHIN, SER_ED_DEPARTURES, SER_ED_BREACHES),
    EM(KPI_ED_FOUR_HOUR_BREACHES, "ed.four_hour.breaches", "patients",
      KPI_COUNT, A_ED, 2, "ED 4-hour breaches", ed_breaches,
      M_SUM, SER_ED_BREACHES, 0),
    E(KPI_ED_TIME_MEAN, "ed.time_in_department.mean", "hours", KPI_DURATION,
      A_ED, 0, "time in the department (mean)", ed_time_mean),
    E(KPI_ED_TIME_P95, "ed.time_in_department.p95", "hours", KPI_DURATION,
      A_ED, 0, "time in the department (95th percentile)", ed_time_p95),
    E(KPI_ED_DTA_12H, "ed.dta_12h.count", "patients", KPI_COUNT, A_ED, 3,
      "12-hour waits from decision to admit", ed_dta_12h),
    E(KPI_ED_DTA_4H_FRACTION, "ed.dta_4h.fraction", "share", KPI_SHARE, A_ED,
      0, "admissions waiting over 4 hours from decision to admit",
      ed_dta_4h),
    E(KPI_ED_ARRIVAL_12H, "ed.arrival_12h.count", "patients", KPI_COUNT, A_ED,
      0, "12-hour waits from arrival", ed_arrival_12h),
    E(KPI_ED_HANDOVER_60M, "ed.handover_over_60m.count", "patients",
      KPI_COUNT, A_ED, 0, "ambulance handovers over 60 minutes", ed_handover),
    EM(KPI_SDEC_ATTENDANCES, "sdec.attendances", "patients", KPI_COUNT, A_ED,
      0, "SDEC attendances", kpi_sdec_attendances,
      M_SUM, SER_SDEC_ATTENDANCES, 0),
    E(KPI_SDEC_SAME_DAY, "sdec.same_day_discharge.fraction", "share",
      KPI_SHARE, A_ED, 0, "SDEC same-day discharges", sdec_same_day),
    EM(KPI_ACUTE_ADMISSIONS, "acute.admissions", "patients", KPI_COUNT, A_BEDS,
      0, "emergency admissions", acute_admissions,
      M_SUM, SER_ACUTE_ADMISSIONS, 0),
    E(KPI_ACUTE_ELECTIVES_ADMITTED, "acute.electives.admitted", "patients",
      KPI_COUNT, A_BEDS, 0, "elective admissions", electives_admitted),
    E(KPI_ACUTE_ELECTIVES_CANCELLED, "acute.electives.cancelled", "patients",
      KPI_COUNT, A_BEDS, 0, "elective admissions cancelled (no bed)",
      electives_cancelled),
    EM(KPI_ACUTE_OCCUPANCY_MEAN, "acute.occupancy.mean", "beds", KPI_LEVEL,
      A_BEDS, 0, "Acute beds occupied (mean)", acute_occ_mean,
      M_MEAN, SER_ACUTE_OCCUPANCY, 0),
    EM(KPI_ACUTE_OCCUPANCY_RATE, "acute.occupancy.rate", "percent",
      KPI_PERCENT, A_BEDS, 4, "Acute bed occupancy rate", acute_occ_rate,
      M_RATIO, SER_ACUTE_OCCUPANCY, SER_ACUTE_OPEN_BEDS),
    EM(KPI_ACUTE_SNAPSHOT_RATE, "acute.occupancy.snapshot_rate", "percent",
      KPI_PERCENT, A_BEDS, 0, "Acute occupancy at 08:00",
      acute_snapshot_rate,
      M_RATIO, SER_ACUTE_SNAPSHOT_OCCUPIED, SER_ACUTE_SNAPSHOT_OPEN),
    E(KPI_ACUTE_OCCUPANCY_P95, "acute.occupancy.p95", "beds", KPI_LEVEL,
      A_BEDS, 0, "Acute beds occupied (95th percentile)", acute_occ_p95),
    E(KPI_ACUTE_DAYS_OVER_92, "acute.days_over_92pct.fraction", "share",
      KPI_SHARE, A_BEDS, 0, "days over 92% occupancy", acute_over_92),
    E(KPI_ACUTE_ESCALATION_BED_DAYS, "acute.escalation.bed_days", "days",
      KPI_AMOUNT, A_BEDS, 6, "Escalation bed-days", kpi_acute_escalation),
    EM(KPI_ACUTE_NCTR_MEAN, "acute.nctr.mean", "patients", KPI_LEVEL, A_DIS, 5,
      "Patients with no criteria to reside (mean)", acute_nctr,
      M_MEAN, SER_ACUTE_NCTR, 0),
    EM(KPI_ACUTE_NCTR_P0, "acute.nctr.p0.mean", "patients", KPI_LEVEL, A_DIS,
      0, "no criteria to reside, going home (P0)", nctr_p0,
      M_MEAN, SER_ACUTE_NCTR_P0, 0),
    EM(KPI_ACUTE_NCTR_P1, "acute.nctr.p1.mean", "patients", KPI_LEVEL, A_DIS,
      0, "no criteria to reside, waiting for P1", nctr_p1,
      M_MEAN, SER_ACUTE_NCTR_P1, 0),
    EM(KPI_ACUTE_NCTR_P2, "acute.nctr.p2.mean", "patients", KPI_LEVEL, A_DIS,
      0, "no criteria to reside, waiting for P2", nctr_p2,
      M_MEAN, SER_ACUTE_NCTR_P2, 0),
    EM(KPI_ACUTE_NCTR_P3, "acute.nctr.p3.mean", "patients", KPI_LEVEL, A_DIS,
      0, "no criteria to reside, waiting for P3", nctr_p3,
      M_MEAN, SER_ACUTE_NCTR_P3, 0),
    E(KPI_ACUTE_DELAYED_BED_DAYS, "acute.delayed.bed_days", "days",
      KPI_AMOUNT, A_DIS, 0, "Delayed-discharge bed-days",
      kpi_acute_delayed_days),
    E(KPI_ACUTE_STAY_MEAN, "acute.stay.mean", "days", KPI_DURATION, A_BEDS, 0,
      "acute length of stay (mean)", acute_stay),
    E(KPI_ACUTE_DISCHARGES, "acute.discharges", "patients", KPI_COUNT, A_DIS,
      0, "acute discharges", acute_discharges),
    E(KPI_ACUTE_DISCHARGES_DAYTIME, "acute.discharges.daytime.fraction",
      "share", KPI_SHARE, A_DIS, 0, "acute discharges between 10:00 and 18:00",
      leaves_daytime),
    E(KPI_ACUTE_DISCHARGES_WEEKEND, "acute.discharges.weekend.ratio", "ratio",
      KPI_AMOUNT, A_DIS, 0, "discharges a weekend day over a weekday",
      leaves_weekend),
    E(KPI_DISCHARGE_P0_SHARE, "discharge.p0.share", "share", KPI_SHARE, A_DIS,
      0, "discharges home (P0)", p0_share),
    E(KPI_DISCHARGE_P1_SHARE, "discharge.p1.share", "share", KPI_SHARE, A_DIS,
      0, "discharges with reablement (P1)", p1_share),
    E(KPI_DISCHARGE_P2_SHARE, "discharge.p2.share", "share", KPI_SHARE, A_DIS,
      0, "discharges to intermediate-care beds (P2)", p2_share),
    E(KPI_DISCHARGE_P3_SHARE, "discharge.p3.share", "share", KPI_SHARE, A_DIS,
      0, "discharges to care homes (P3)", p3_share),
    E(KPI_DISCHARGE_VW_SHARE, "discharge.vw.share", "share", KPI_SHARE, A_DIS,
      0, "discharges to a virtual ward", vw_share),
    E(KPI_DISCHARGE_MIX_P0, "discharge.mix.p0.share", "share", KPI_SHARE,
      A_DIS, 0, "discharge_mix classes' discharges home (P0)", mix_p0),
    E(KPI_DISCHARGE_MIX_P1, "discharge.mix.p1.share", "share", KPI_SHARE,
      A_DIS, 0, "discharge_mix classes' discharges to P1", mix_p1),
    E(KPI_DISCHARGE_MIX_P2, "discharge.mix.p2.share", "share", KPI_SHARE,
      A_DIS, 0, "discharge_mix classes' discharges to P2", mix_p2),
    E(KPI_DISCHARGE_MIX_P3, "discharge.mix.p3.share", "share", KPI_SHARE,
      A_DIS, 0, "discharge_mix classes' discharges to P3", mix_p3),
    E(KPI_DISCHARGE_P1_WAIT, "discharge.p1.wait.mean", "days", KPI_DURATION,
      A_DIS, 0, "wait for P1 (mean)", p1_wait),
    E(KPI_DISCHARGE_P2_WAIT, "discharge.p2.wait.mean", "days", KPI_DURATION,
      A_DIS, 0, "wait for P2 (mean)", p2_wait),
    E(KPI_DISCHARGE_P3_WAIT, "discharge.p3.wait.mean", "days", KPI_DURATION,
      A_DIS, 0, "wait for P3 (mean)", p3_wait),
    E(KPI_P1_OCCUPANCY_RATE, "p1.occupancy.rate", "percent", KPI_PERCENT,
      A_COM, 0, "P1 packages in use", p1_rate),
    E(KPI_IT_OCCUPANCY_RATE, "it.occupancy.rate", "percent", KPI_PERCENT,
      A_COM, 0, "intermediate-care (P2) bed occupancy", it_rate),
    E(KPI_CAREHOME_OCCUPANCY_RATE, "carehome.occupancy.rate", "percent",
      KPI_PERCENT, A_COM, 0, "care-home occupancy", carehome_rate),
    EM(KPI_CAREHOME_ADMISSIONS, "carehome.admissions", "patients", KPI_COUNT,
      A_COM, 0, "care-home admissions", carehome_admissions,
      M_SUM, SER_CAREHOME_ADMISSIONS, 0),
    E(KPI_VW_OCCUPANCY_RATE, "vw.occupancy.rate", "percent", KPI_PERCENT,
      A_COM, 0, "virtual ward occupancy", vw_rate),
    E(KPI_VW_AVOIDED, "vw.admissions_avoided", "patients", KPI_COUNT, A_COM,
      0, "admissions avoided by the virtual ward", vw_avoided),
    E(KPI_READMISSIONS_FRACTION, "readmissions.30d.fraction", "share",
      KPI_SHARE, A_BEDS, 0, "30-day readmissions", readmissions),
    E(KPI_DEFLECTED_ATTENDANCES, "deflected.attendances", "patients",
      KPI_COUNT, A_COM, 0, "attendances deflected", deflected_att),
    E(KPI_DEFLECTED_ADMISSIONS, "deflected.admissions", "patients", KPI_COUNT,
      A_COM, 0, "admissions deflected", deflected_adm),
    E(KPI_ACUTE_NCTR_SNAPSHOT, "acute.nctr.snapshot_mean", "patients",
      KPI_LEVEL, A_DIS, 0, "no criteria to reside at 08:00", nctr_snapshot),
    E(KPI_ACUTE_STRANDED_7D, "acute.stranded_7d.snapshot_mean", "patients",
      KPI_LEVEL, A_BEDS, 0, "stranded (7+ days) at 08:00", stranded7),
    E(KPI_ACUTE_STRANDED_21D, "acute.stranded_21d.snapshot_mean", "patients",
      KPI_LEVEL, A_BEDS, 0, "super-stranded (21+ days) at 08:00", stranded21),

    E(KPI_ACUTE_SPELLS_SHORT, "acute.spells.short", "spells", KPI_COUNT,
      A_COST, 0, "short-stay spells (0-1 midnights)", kpi_cost_spells_short),
    E(KPI_ACUTE_SPELLS_LONG, "acute.spells.long", "spells", KPI_COUNT, A_COST,
      0, "long-stay spells (2+ midnights)", kpi_cost_spells_long),
    E(KPI_ACUTE_BED_DAYS, "acute.bed_days", "days", KPI_AMOUNT, A_COST, 0,
      "acute bed-days", kpi_cost_acute_bed_days),
    E(KPI_VW_PATIENT_DAYS, "vw.patient_days", "days", KPI_AMOUNT, A_COST, 0,
      "virtual ward patient-days", kpi_cost_vw_days),
    E(KPI_P1_PACKAGE_DAYS, "p1.package_days", "days", KPI_AMOUNT, A_COST, 0,
      "P1 package-days", kpi_cost_p1_days),
    E(KPI_P2_BED_DAYS, "p2.bed_days", "days", KPI_AMOUNT, A_COST, 0,
      "P2 bed-days", kpi_cost_p2_days),
    E(KPI_P3_RESIDENT_WEEKS, "p3.resident_weeks", "weeks", KPI_AMOUNT, A_COST,
      0, "care-home resident-weeks", kpi_cost_p3_weeks),
    E(KPI_COST_ED, "cost.ed", "GBP", KPI_AMOUNT, A_COST, 0, "cost of A&E",
      kpi_cost_ed),
    E(KPI_COST_SDEC, "cost.sdec", "GBP", KPI_AMOUNT, A_COST, 0,
      "cost of SDEC", kpi_cost_sdec),
    E(KPI_COST_ADMISSIONS, "cost.admissions", "GBP", KPI_AMOUNT, A_COST, 0,
      "cost of admissions", kpi_cost_admissions),
    E(KPI_COST_BED_DAYS, "cost.acute.bed_days", "GBP", KPI_AMOUNT, A_COST, 0,
      "cost of acute bed-days", kpi_cost_bed_days),
    E(KPI_COST_DELAYED, "cost.acute.delayed_bed_days", "GBP", KPI_AMOUNT,
      A_COST, 0, "cost of delayed bed-days", kpi_cost_delayed),
    E(KPI_COST_ESCALATION, "cost.acute.escalation_bed_days", "GBP",
      KPI_AMOUNT, A_COST, 0, "escalation premium", kpi_cost_escalation),
    E(KPI_COST_VW, "cost.vw", "GBP", KPI_AMOUNT, A_COST, 0,
      "cost of virtual wards", kpi_cost_vw),
    E(KPI_COST_P1, "cost.p1", "GBP", KPI_AMOUNT, A_COST, 0, "cost of P1",
      kpi_cost_p1),
    E(KPI_COST_P2, "cost.p2", "GBP", KPI_AMOUNT, A_COST, 0, "cost of P2",
      kpi_cost_p2),
    E(KPI_COST_P3, "cost.p3", "GBP", KPI_AMOUNT, A_COST, 0,
      "cost of care homes", kpi_cost_p3),
    E(KPI_COST_FIXED, "cost.fixed", "GBP", KPI_AMOUNT, A_COST, 0,
      "fixed costs", kpi_cost_fixed),
    E(KPI_COST_TOTAL, "cost.total", "GBP", KPI_AMOUNT, A_COST, 0,
      "total cost", kpi_cost_total),
};

static_assert(sizeof REGISTRY / sizeof REGISTRY[0] == KPI_N,
              "every kpi_id has exactly one registry entry");
static_assert(KPI_FIRST_UNIT == 0 && KPI_FIRST_UNIT < KPI_FIRST_SYSTEM &&
                  KPI_FIRST_SYSTEM < KPI_FIRST_HEALTH &&
                  KPI_FIRST_HEALTH < KPI_FIRST_COST && KPI_FIRST_COST < KPI_N,
              "scopes follow each other in the enum");

int kpi_unit_has(const scenario *sc, int u, kpi_id id)
{
    if (id == KPI_U_PREEMPTIONS)
        return sc->units[u].preempt;
    return 1;
}

const kpi_info *kpi_info_of(kpi_id id)
{
    return &REGISTRY[id];
}

kpi_scope kpi_scope_of(kpi_id id)
{
    return id >= KPI_FIRST_COST     ? KPI_SCOPE_COST
           : id >= KPI_FIRST_HEALTH ? KPI_SCOPE_HEALTH
           : id >= KPI_FIRST_SYSTEM ? KPI_SCOPE_SYSTEM
                                    : KPI_SCOPE_UNIT;
}

void kpi_kind_range(kpi_kind kind, double *lo, double *hi)
{
    *lo = kind == KPI_NUMBER ? -INFINITY : 0;
    *hi = kind == KPI_SHARE ? 1 : kind == KPI_PERCENT ? 100 : INFINITY;
}

static const kpi_info UNKNOWN = {KPI_N, "", "", KPI_NUMBER, KPI_AREA_SYSTEM,
                                 0, "", NULL, KPI_BY_MONTH_NONE, 0, 0};

const kpi_info *kpi_info_unknown(void)
{
    return &UNKNOWN;
}

const kpi_info *kpi_info_named(const char *name)
{
    for (int i = 0; i < KPI_N; i++)
        if (!strcmp(REGISTRY[i].name, name))
            return &REGISTRY[i];
    return NULL;
}

/* KPI k's value for month m from the month's sums of day values
 * (series.c keeps them): see kpi_by_month. */
static double kpi_month_value(const network *n, const kpi_info *k, int m)
{
    const double *sum = n->month_sum + (size_t)m * SER_N;
    double a = sum[k->ma], b = sum[k->mb], days = n->month_days[m];
    switch (k->by_month) {
    case KPI_BY_MONTH_SUM:
        return days > 0 ? a : NAN;
    case KPI_BY_MONTH_MEAN:
        return ratio(a, days);
    case KPI_BY_MONTH_RATIO:
        return 100 * ratio(a, b);
    case KPI_BY_MONTH_WITHIN:
        return 100 * (1 - ratio(b, a));
    case KPI_BY_MONTH_NONE:
        break;
    }
    return NAN;
}

/* ---- reading out a run ---------------------------------------------- */

void kpi_collect(const kpi_ctx *base, const kpi_list *l, double *values)
{
    kpi_ctx c = *base;
    for (size_t i = 0; i < l->n; i++) {
        const kpi_def *d = &l->defs[i];
        c.u = d->unit_index >= 0 ? &c.n->units[d->unit_index] : NULL;
        c.arg = d->arg;
        values[i] = d->month >= 0 ? kpi_month_value(c.n, d->info, d->month)
                                  : d->info->compute(&c);
    }
}
