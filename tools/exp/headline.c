/* headline.c -- choosing headline KPIs (headline.h). */
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
