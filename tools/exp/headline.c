/* headline.c -- choosing the KPIs an output shows (headline.h). */
#include <fnmatch.h>
#include <string.h>
#include "headline.h"

size_t headline_pick(const kpi_list *kpis, size_t *idx, size_t max)
{
    size_t n = 0;
    /* NHS headline KPIs by their rank in the registry */
    for (int rank = 1; n < max; rank++) {
        int more = 0;
        for (size_t k = 0; k < kpis->n && n < max; k++) {
            const kpi_info *i = kpis->defs[k].info;
            if (i->id < KPI_FIRST_HEALTH || i->headline < rank)
                continue;
            more = 1;
            if (i->headline == rank)
                idx[n++] = k;
        }
        if (!more)
            break;
    }
    if (n > 0)
        return n;
    /* otherwise each unit's, in list order */
    for (size_t k = 0; k < kpis->n && n < max; k++)
        if (kpis->defs[k].unit_index >= 0 && kpis->defs[k].info->headline)
            idx[n++] = k;
    return n;
}

/* What a planner reads first, by area: the NHS standards and the flow
 * that drives them (arrivals, occupancy, delays, community capacity),
 * and what it costs.  One screen: about 30 rows. */
static const kpi_id COMPACT_HEALTH[] = {
    KPI_ED_ATTENDANCES, KPI_ED_FOUR_HOUR_PERFORMANCE,
    KPI_ED_FOUR_HOUR_BREACHES, KPI_ED_TIME_MEAN, KPI_ED_DTA_12H,
    KPI_ED_ARRIVAL_12H, KPI_SDEC_ATTENDANCES,
    KPI_ACUTE_ADMISSIONS, KPI_ACUTE_OCCUPANCY_MEAN, KPI_ACUTE_OCCUPANCY_RATE,
    KPI_ACUTE_DAYS_OVER_92, KPI_ACUTE_ESCALATION_BED_DAYS,
    KPI_ACUTE_ELECTIVES_CANCELLED, KPI_ACUTE_STAY_MEAN,
    KPI_READMISSIONS_FRACTION,
    KPI_ACUTE_NCTR_MEAN, KPI_ACUTE_DELAYED_BED_DAYS, KPI_DISCHARGE_P1_WAIT,
    KPI_DISCHARGE_P2_WAIT, KPI_DISCHARGE_P3_WAIT,
    KPI_VW_OCCUPANCY_RATE, KPI_VW_AVOIDED, KPI_P1_OCCUPANCY_RATE,
    KPI_IT_OCCUPANCY_RATE, KPI_CAREHOME_OCCUPANCY_RATE, KPI_COST_TOTAL,
};

/* A unit's own, when the scenario has no health roles (preemptions
 * only at the units that pre-empt: kpi_unit_has). */
static const kpi_id COMPACT_UNIT[] = {
    KPI_U_ARRIVALS, KPI_U_LOST_FRACTION, KPI_U_DELAYED_FRACTION,
    KPI_U_OCCUPANCY_MEAN, KPI_U_WAIT_MEAN, KPI_U_WAIT_P95,
    KPI_U_BLOCKED_MEAN, KPI_U_STAY_MEAN, KPI_U_PREEMPTIONS,
};

size_t headline_compact(const kpi_list *kpis, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof COMPACT_HEALTH / sizeof *COMPACT_HEALTH;
         i++) {
        long k = kpi_list_index(kpis, COMPACT_HEALTH[i]);
        if (k >= 0)
            idx[n++] = (size_t)k;
    }
    if (n > 0)
        return n;
    for (size_t k = 0; k < kpis->n; k++) {
        const kpi_def *d = &kpis->defs[k];
        if (d->unit_index < 0 || d->month >= 0)
            continue;
        for (size_t i = 0; i < sizeof COMPACT_UNIT / sizeof *COMPACT_UNIT;
             i++)
            if (d->info->id == COMPACT_UNIT[i])
                idx[n++] = k;
    }
    long t = kpi_list_index(kpis, KPI_SYS_TIME_IN_SYSTEM_MEAN);
    if (t >= 0)
        idx[n++] = (size_t)t;
    return n;
}

int headline_match(const char *patterns, const char *name)
{
    char pat[HEADLINE_PATTERNS_MAX + 1];
    for (const char *p = patterns; *p;) {
        size_t len = strcspn(p, ",");
        if (len > 0 && len < sizeof pat) {
            memcpy(pat, p, len);
            pat[len] = '\0';
            if (fnmatch(pat, name, 0) == 0)
                return 1;
        }
        p += len + (p[len] == ',');
    }
    return 0;
}

size_t headline_select(const kpi_list *kpis, const char *patterns,
                       size_t *idx)
{
    size_t n = 0;
    for (size_t k = 0; k < kpis->n; k++)
        if (headline_match(patterns, kpis->defs[k].name))
            idx[n++] = k;
    return n;
}

int headline_patterns_check(const char *patterns)
{
    size_t len = strlen(patterns);
    if (len == 0 || len > HEADLINE_PATTERNS_MAX)
        return -1;
    /* no empty pattern: not first, last, or two commas together */
    if (patterns[0] == ',' || patterns[len - 1] == ',' ||
        strstr(patterns, ",,"))
        return -1;
    return 0;
}
