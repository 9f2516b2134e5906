/* health.c -- the counts and clocks behind the NHS KPIs (health.h). */
#include <math.h>
#include <string.h>
#include "../sim/sim.h"
#include "health.h"

int health_init(health *h, const scenario *sc)
{
    memset(h, 0, sizeof *h);
    h->on = health_wanted(sc);
    h->weekday0 = sc->start_weekday;
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
    h->ed_dta_admitted = h->ed_dta_4h = 0;
    h->electives_admitted = h->electives_cancelled = 0;
    h->acute_leaves = h->acute_leaves_day = h->acute_leaves_weekend = 0;
    h->sdec_attendances = h->sdec_departures = h->sdec_same_day = 0;
    h->acute_admissions = h->acute_discharges = 0;
    h->snapshot_days = h->days_over_alarm = h->snapshot_rate_sum = 0;
    memset(h->pathway_count, 0, sizeof h->pathway_count);
    memset(h->mix_count, 0, sizeof h->mix_count);
    h->mix_discharges = 0;
    h->vw_avoided = h->carehome_admissions = h->readmissions = 0;
    h->deflected_arrivals = h->deflected_admissions = 0;
    h->snap_n = h->snap_nctr = h->snap_stranded7 = h->snap_stranded21 = 0;
    h->measured_from = now;
    h->spells_short0 = h->cum_spells_short;
    h->spells_long0 = h->cum_spells_long;
}

int health_wanted(const scenario *sc)
{
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].role != ROLE_NONE)
            return 1;
    return 0;
}

/* The weekday (0 = Monday) of the day holding minute t. */
static int weekday_of(const health *h, double t)
{
    return (int)((h->weekday0 + (long)floor(t / SIM_MINUTES_PER_DAY)) % 7);
}

double health_weekend_days(const health *h, double from, double to)
{
    double days = 0;
    for (double d = floor(from / SIM_MINUTES_PER_DAY) * SIM_MINUTES_PER_DAY;
         d < to; d += SIM_MINUTES_PER_DAY) {
        double a = fmax(d, from), b = fmin(d + SIM_MINUTES_PER_DAY, to);
        if (b > a && weekday_of(h, d) >= 5)
            days += (b - a) / SIM_MINUTES_PER_DAY;
    }
    return days;
}
