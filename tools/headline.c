/* headline.c -- choosing headline KPIs (headline.h). */
#include <string.h>
#include "headline.h"

static const char *const HEALTH[] = {
    "ed.four_hour.performance", "ed.four_hour.breaches", "ed.dta_12h.count",
    "acute.occupancy.rate", "acute.nctr.mean", "acute.escalation.bed_days",
    NULL};

static const char *const PER_UNIT[] = {".occupancy.mean", ".wait.mean",
                                       ".lost.fraction", NULL};

long headline_find(const kpi_list *kpis, const char *name)
{
    for (size_t k = 0; k < kpis->n; k++)
        if (!strcmp(kpis->defs[k].name, name))
            return (long)k;
    return -1;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

size_t headline_pick(const kpi_list *kpis, size_t *idx, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; HEALTH[i] && n < max; i++) {
        long k = headline_find(kpis, HEALTH[i]);
        if (k >= 0)
            idx[n++] = (size_t)k;
    }
    if (n > 0)
        return n;
    for (size_t k = 0; k < kpis->n && n < max; k++)
        for (size_t j = 0; PER_UNIT[j]; j++)
            if (ends_with(kpis->defs[k].name, PER_UNIT[j]) &&
                strncmp(kpis->defs[k].name, "system.", 7) != 0) {
                idx[n++] = k;
                break;
            }
    return n;
}
