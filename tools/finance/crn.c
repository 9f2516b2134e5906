/* crn.c -- what common random numbers bought in a comparison of costs.
 *
 * A saving is BASE cost - ALT cost, taken replication by replication: the
 * same patients meet both scenarios, so most of the noise cancels.  How
 * much is the width of the saving's CI over the width the difference of
 * two independent runs would have (paired_width_ratio, experiment.h):
 * each cost item's, and the total's, over all years; and the best any
 * pairing could give (paired_width_floor). */
#include <math.h>
#include <stdlib.h>
#include "finance.h"

/* Item i's saving (i < COST_ITEMS) over all years, by replication, into
 * out (reps values); 0, or -1 when it is not kept. */
static int item_saving(const fin_benefits *b, int i, double *out)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    if (!b->item_save)
        return -1;
    for (size_t r = 0; r < reps; r++) {
        out[r] = 0;
        for (size_t y = 0; y < ny; y++)
            out[r] += b->item_save[(r * ny + y) * COST_ITEMS + (size_t)i];
    }
    return 0;
}

/* The two runs' summaries of item i over all years, into *sb and *sa;
 * 0, or -1 when there is nothing to pair (the fixed costs, which are not
 * drawn, an index out of range, fewer than 2 replications). */
static int item_runs(const fin_benefits *b, int i, kpi_summary *sb,
                     kpi_summary *sa)
{
    if (i == COST_ITEMS || i < 0 || i > COST_ITEMS + 1 || b->base.reps < 2)
        return -1;
    fin_cost_summary(&b->base, i, b->base.n_years, sb);
    fin_cost_summary(&b->alt, i, b->base.n_years, sa);
    return 0;
}

double fin_width_ratio(const fin_benefits *b, int i)
{
    size_t reps = (size_t)b->base.reps;
    kpi_summary sb, sa, d;
    if (item_runs(b, i, &sb, &sa) != 0)
        return NAN;
    if (i == COST_ITEMS + 1) {
        fin_total_summary(b, b->base.n_years, 0, &d);
        return paired_width_ratio(&sb, &sa, &d);
    }
    double *v = malloc(2 * reps * sizeof *v);
    if (!v || item_saving(b, i, v) != 0) {
        free(v);
        return NAN;
    }
    summarise_values(v, reps, 1, v + reps, &d);
    free(v);
    return paired_width_ratio(&sb, &sa, &d);
}

double fin_width_floor(const fin_benefits *b, int i)
{
    kpi_summary sb, sa;
    if (item_runs(b, i, &sb, &sa) != 0)
        return NAN;
    return paired_width_floor(&sb, &sa);
}
