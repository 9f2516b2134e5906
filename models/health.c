/* health.c -- NHS KPIs from the counts the network keeps (health.h). */
#include <math.h>
#include <string.h>
#include "../sim/sim.h"
#include "health.h"

/* Names (JSON) and units of the health KPIs, in output order.  Meanings
 * follow ../shared/design/kpi-glossary.md; see models/README.md. */
static const struct {
    const char *name, *unit;
} KPIS[] = {
    {"ed.attendances", "patients"},
    {"ed.four_hour.performance", "percent"},
    {"ed.four_hour.breaches", "patients"},
    {"ed.time_in_department.mean", "hours"},
    {"ed.time_in_department.p95", "hours"},
    {"ed.dta_12h.count", "patients"},
    {"ed.arrival_12h.count", "patients"},
    {"ed.handover_over_60m.count", "patients"},
    {"sdec.attendances", "patients"},
    {"sdec.same_day_discharge.fraction", "share"},
    {"acute.admissions", "patients"},
    {"acute.occupancy.mean", "beds"},
    {"acute.occupancy.rate", "percent"},
    {"acute.occupancy.snapshot_rate", "percent"},
    {"acute.occupancy.p95", "beds"},
    {"acute.days_over_92pct.fraction", "share"},
    {"acute.escalation.bed_days", "days"},
    {"acute.nctr.mean", "patients"},
    {"acute.delayed.bed_days", "days"},
    {"acute.stay.mean", "days"},
    {"acute.discharges", "patients"},
    {"discharge.p0.share", "share"},
    {"discharge.p1.share", "share"},
    {"discharge.p2.share", "share"},
    {"discharge.p3.share", "share"},
    {"discharge.vw.share", "share"},
    {"discharge.p1.wait.mean", "days"},
    {"discharge.p2.wait.mean", "days"},
    {"discharge.p3.wait.mean", "days"},
    {"p1.occupancy.rate", "percent"},
    {"it.occupancy.rate", "percent"},
    {"carehome.occupancy.rate", "percent"},
    {"carehome.admissions", "patients"},
    {"vw.occupancy.rate", "percent"},
    {"vw.admissions_avoided", "patients"},
    {"readmissions.30d.fraction", "share"},
    {"deflected.attendances", "patients"},
    {"deflected.admissions", "patients"},
    {"acute.nctr.snapshot_mean", "patients"},
    {"acute.stranded_7d.snapshot_mean", "patients"},
    {"acute.stranded_21d.snapshot_mean", "patients"},
};
#define N_KPIS (sizeof KPIS / sizeof KPIS[0])

int health_init(health *h, const scenario *sc)
{
    memset(h, 0, sizeof *h);
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].role != ROLE_NONE)
            h->on = 1;
    int rc = stat_tally_init(&h->ed_time, 0.95, INFINITY) |
             stat_tally_init(&h->acute_stay, 0, INFINITY);
    for (int i = 0; i < 4; i++)
        rc |= stat_tally_init(&h->pathway_wait[i], 0, INFINITY) |
              stat_level_init(&h->nctr_by_path[i], 0);
    for (int r = 0; r < ROLE_COUNT; r++)
        rc |= stat_level_init(&h->role_busy[r], 0) |
              stat_level_init(&h->role_blocked[r], 0);
    return rc ? -1 : 0;
}

void health_free(health *h)
{
    stat_tally_free(&h->ed_time);
    stat_tally_free(&h->acute_stay);
    for (int i = 0; i < 4; i++) {
        stat_tally_free(&h->pathway_wait[i]);
        stat_level_free(&h->nctr_by_path[i]);
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        stat_level_free(&h->role_busy[r]);
        stat_level_free(&h->role_blocked[r]);
    }
}

void health_reset(health *h, double now)
{
    stat_tally_reset(&h->ed_time);
    stat_tally_reset(&h->acute_stay);
    for (int i = 0; i < 4; i++) {
        stat_tally_reset(&h->pathway_wait[i]);
        stat_level_reset(&h->nctr_by_path[i], now);
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        stat_level_reset(&h->role_busy[r], now);
        stat_level_reset(&h->role_blocked[r], now);
        h->role_cap_area[r] = h->role_esc_area[r] = 0;
    }
    h->ed_attendances = h->ed_departures = h->ed_breaches = 0;
    h->ed_arrival_12h = h->ed_dta_12h = h->ed_handover_60m = 0;
    h->sdec_attendances = h->sdec_departures = h->sdec_same_day = 0;
    h->acute_admissions = h->acute_discharges = 0;
    h->snapshot_days = h->days_over_alarm = h->snapshot_rate_sum = 0;
    memset(h->pathway_count, 0, sizeof h->pathway_count);
    h->vw_avoided = h->carehome_admissions = h->readmissions = 0;
    h->deflected_arrivals = h->deflected_admissions = 0;
    h->snap_n = h->snap_nctr = h->snap_stranded7 = h->snap_stranded21 = 0;
    h->measured_from = now;
    h->spells_short0 = h->cum_spells_short;
    h->spells_long0 = h->cum_spells_long;
}

size_t health_kpi_count(const scenario *sc)
{
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].role != ROLE_NONE)
            return N_KPIS;
    return 0;
}

const char *health_kpi_name(size_t i) { return KPIS[i].name; }
const char *health_kpi_unit(size_t i) { return KPIS[i].unit; }

static double div0(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* Mean occupancy of a role over mean open places, in percent. */
static double role_rate(const health *h, unit_role r, double now)
{
    double span = now - h->role_busy[r].start;
    return 100 * div0(stat_level_mean(&h->role_busy[r], now),
                      div0(h->role_cap_area[r], span));
}

void health_collect(const health *h, double now, double *v)
{
    size_t k = 0;
    double span_days = (now - h->role_busy[ROLE_ACUTE].start) /
                       SIM_MINUTES_PER_DAY;
    v[k++] = h->ed_attendances;
    v[k++] = 100 * (1 - div0(h->ed_breaches, h->ed_departures));
    v[k++] = h->ed_breaches;
    v[k++] = stat_tally_mean(&h->ed_time);
    v[k++] = stat_tally_quantile(&h->ed_time);
    v[k++] = h->ed_dta_12h;
    v[k++] = h->ed_arrival_12h;
    v[k++] = h->ed_handover_60m;
    v[k++] = h->sdec_attendances;
    v[k++] = div0(h->sdec_same_day, h->sdec_departures);
    v[k++] = h->acute_admissions;
    v[k++] = stat_level_mean(&h->role_busy[ROLE_ACUTE], now);
    v[k++] = role_rate(h, ROLE_ACUTE, now);
    v[k++] = 100 * div0(h->snapshot_rate_sum, h->snapshot_days);
    v[k++] = (double)stat_level_quantile(&h->role_busy[ROLE_ACUTE], now, 0.95);
    v[k++] = div0(h->days_over_alarm, h->snapshot_days);
    v[k++] = h->role_esc_area[ROLE_ACUTE] / SIM_MINUTES_PER_DAY;
    v[k++] = stat_level_mean(&h->role_blocked[ROLE_ACUTE], now);
    v[k++] = stat_level_mean(&h->role_blocked[ROLE_ACUTE], now) * span_days;
    v[k++] = stat_tally_mean(&h->acute_stay);
    v[k++] = h->acute_discharges;
    for (int p = PATHWAY_P0; p <= PATHWAY_VW; p++)
        v[k++] = div0(h->pathway_count[p], h->acute_discharges);
    for (int p = PATHWAY_P1; p <= PATHWAY_P3; p++)
        v[k++] = stat_tally_mean(&h->pathway_wait[p]);
    v[k++] = role_rate(h, ROLE_P1, now);
    v[k++] = role_rate(h, ROLE_P2, now);
    v[k++] = role_rate(h, ROLE_P3, now);
    v[k++] = h->carehome_admissions;
    v[k++] = role_rate(h, ROLE_VW, now);
    v[k++] = h->vw_avoided;
    v[k++] = div0(h->readmissions, h->acute_discharges);
    v[k++] = h->deflected_arrivals;
    v[k++] = h->deflected_admissions;
    v[k++] = div0(h->snap_nctr, h->snap_n);
    v[k++] = div0(h->snap_stranded7, h->snap_n);
    v[k++] = div0(h->snap_stranded21, h->snap_n);
}
