/* precision.c -- whether a setting's headline KPIs are precise enough
 * (precision.h). */
#include "precision.h"

#include <math.h>
#include <stdio.h>

int precision_reached(const experiment *e, char *const *names, size_t n,
                      double share, char *why, size_t size)
{
    double worst = 0;
    const char *worst_name = n ? names[0] : "";
    for (size_t i = 0; i < n; i++) {
        long k = kpi_list_lookup(&e->kpis, names[i]);
        if (k < 0)
            continue;
        kpi_summary s;
        experiment_summarise(e, (size_t)k, &s);
        if (s.n < 2 || !(fabs(s.mean) > 1e-12))
            continue; /* nothing to be precise about */
        double r = (s.hi - s.lo) / 2 / fabs(s.mean);
        if (!(r <= worst)) {
            worst = r;
            worst_name = names[i];
        }
    }
    int ok = worst <= share;
    snprintf(why, size, "%s after %ld replications: the least precise "
             "headline KPI, %s, has a 95%% CI half-width of %.3g%% of its "
             "mean (target %.3g%%)", ok ? "precision reached" :
             "replication cap reached", e->reps, worst_name, 100 * worst,
             100 * share);
    return ok;
}
