/* release.c -- wards closed by capacity-release rules (finance.h): beds
 * free day by day, BASE's occupancy - ALT's in the same replication. */
#include <stdlib.h>
#include <string.h>
#include "finance.h"

static size_t n_rules(const scenario *sc)
{
    return sc->costs ? sc->costs->n_release : 0;
}

/* The base's rule of the alternative's rule k (by name, on the same
 * unit), or -1. */
static long base_rule(const fin_benefits *b, size_t k)
{
    const release_rule *q = &b->alt.sc->costs->release[k];
    for (size_t j = 0; j < n_rules(b->base.sc); j++) {
        const release_rule *p = &b->base.sc->costs->release[j];
        if (!strcmp(p->name, q->name) && !strcmp(p->unit_name, q->unit_name))
            return (long)j;
    }
    return -1;
}

/* Wards closed by the alternative's rules, replication by replication:
 * beds free = BASE's occupancy - ALT's over the measured days; their
 * bed-days and ward-days closed by year.  Returns 0, or -1 with err. */
int fin_release_build(fin_benefits *b, char *err, size_t errlen)
{
    const fin_run *rb = &b->base, *ra = &b->alt;
    size_t nr = n_rules(ra->sc), ny = rb->n_years, reps = (size_t)rb->reps;
    if (!nr || !ny)
        return 0;
    size_t d0 = rb->years[0].d0, d1 = rb->years[ny - 1].d1;
    b->closed_bed_days = calloc(reps * ny * nr, sizeof *b->closed_bed_days);
    b->ward_days = calloc(reps * ny * nr, sizeof *b->ward_days);
    double *freed = malloc((d1 - d0 + 1) * sizeof *freed);
    double *wards = malloc((d1 - d0 + 1) * sizeof *wards);
    int rc = !b->closed_bed_days || !b->ward_days || !freed || !wards;
    if (rc)
        snprintf(err, errlen, "out of memory");
    for (size_t k = 0; k < nr && !rc; k++) {
        long j = base_rule(b, k);
        const release_rule *q = &ra->sc->costs->release[k];
        if (j < 0) {
            snprintf(err, errlen, "capacity_release rule '%s' of the "
                     "alternative is not in the base's costs (same name, "
                     "same unit)", q->name);
            rc = 1;
            break;
        }
        for (size_t r = 0; r < reps; r++) {
            const double *ob = &rb->occ[(r * rb->n_release + (size_t)j) *
                                        rb->days];
            const double *oa = &ra->occ[(r * nr + k) * ra->days];
            for (size_t d = d0; d < d1; d++)
                freed[d - d0] = ob[d] - oa[d];
            cost_release_wards(q, freed, d1 - d0, wards);
            for (size_t y = 0; y < ny; y++)
                for (size_t d = rb->years[y].d0; d < rb->years[y].d1; d++) {
                    b->ward_days[(r * ny + y) * nr + k] += wards[d - d0];
                    b->closed_bed_days[(r * ny + y) * nr + k] +=
                        wards[d - d0] * q->beds;
                }
        }
    }
    free(freed);
    free(wards);
    return rc ? -1 : 0;
}
