/* precision.c -- whether a setting's headline KPIs are precise enough
 * (precision.h). */
#include "precision.h"

#include <stdio.h>

int precision_reached(const experiment *e, char *const *names, size_t n,
                      double share, char *why, size_t size)
{
    size_t idx[PRECISION_NAMES_MAX] = {0}, m = 0, at = 0;
    const char *seen[PRECISION_NAMES_MAX];
    for (size_t i = 0; i < n && m < PRECISION_NAMES_MAX; i++) {
        long k = kpi_list_lookup(&e->kpis, names[i]);
        if (k >= 0) {
            seen[m] = names[i];
            idx[m++] = (size_t)k;
        }
    }
    double worst = experiment_precision(e, idx, m, &at);
    const char *worst_name = n ? names[0] : "";
    for (size_t i = 0; i < m; i++)
        if (idx[i] == at && worst > 0)
            worst_name = seen[i];
    int ok = worst <= share;
    snprintf(why, size, "%s after %ld replications: the least precise "
             "headline KPI, %s, has a 95%% CI half-width of %.3g%% of its "
             "mean (target %.3g%%)", ok ? "precision reached" :
             "replication cap reached", e->reps, worst_name, 100 * worst,
             100 * share);
    return ok;
}
