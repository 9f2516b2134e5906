/* finsummary.c -- the benefits table read back (finance.h): a line's or
 * the total's saving, cash or net by replication and year, and their
 * means with CIs over the replications.  Apart from benefits.c, which
 * builds the table, so that the appraisal and the PSA that read it do
 * not call back into the builder. */
#include <math.h>
#include <stdlib.h>
#include "finance.h"

static void summarise(double *v, size_t n, kpi_summary *out)
{
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!scratch) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    summarise_values(v, n, 1, scratch, out);
    free(scratch);
}

/* Value of (line l | total kind) for replication r and year y. */
static double cell(const fin_benefits *b, size_t r, size_t y, long l,
                   int which)
{
    size_t ny = b->base.n_years, nl = b->n_lines;
    const double *s = &b->saving[(r * ny + y) * nl];
    const double *c = &b->cash[(r * ny + y) * nl];
    if (l >= 0)
        return which == 0 ? s[l] : which == 1 ? c[l] : s[l] - c[l];
    double t = 0;
    for (size_t k = 0; k < nl; k++)
        t += which == 0   ? s[k]
             : which == 1 ? c[k]
             : which == 2 ? s[k] - c[k]
                          : s[k] * (1 - b->lines[k].optimism_bias);
    if (which == 4)
        t -= b->invest_biased[y];
    return t;
}

static void over_reps(const fin_benefits *b, size_t y, long l, int which,
                      kpi_summary *out)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    double *v = calloc(reps ? reps : 1, sizeof *v);
    if (!v) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t r = 0; r < reps; r++) {
        if (y < ny)
            v[r] = cell(b, r, y, l, which);
        else
            for (size_t k = 0; k < ny; k++)
                v[r] += cell(b, r, k, l, which);
    }
    summarise(v, reps, out);
    free(v);
}

void fin_line_summary(const fin_benefits *b, size_t l, size_t y, int which,
                      kpi_summary *out)
{
    over_reps(b, y, (long)l, which, out);
}

void fin_total_summary(const fin_benefits *b, size_t y, int which,
                       kpi_summary *out)
{
    over_reps(b, y, -1, which, out);
}

void fin_activity_summary(const fin_benefits *b, int item, size_t y,
                          kpi_summary *out)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    double *v = calloc(reps ? reps : 1, sizeof *v);
    if (!v) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t r = 0; r < reps; r++)
        for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++)
            v[r] += b->base.act[(r * ny + k) * COST_ITEMS + (size_t)item] -
                    b->alt.act[(r * ny + k) * COST_ITEMS + (size_t)item];
    summarise(v, reps, out);
    free(v);
}

void fin_cost_summary(const fin_run *r, int i, size_t y, kpi_summary *out)
{
    size_t reps = (size_t)r->reps, ny = r->n_years, nf = r->sc->costs ? r->sc->costs->n_fixed : 0;
    double *v = calloc(reps ? reps : 1, sizeof *v);
    if (!v) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t rep = 0; rep < reps; rep++)
        for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++) {
            const double *act = &r->act[(rep * ny + k) * COST_ITEMS];
            double by[COST_ITEMS], fx = 0;
            double total = fin_cost_total(r, act, &r->fixed[k * nf], by);
            for (size_t j = 0; j < nf; j++)
                fx += r->fixed[k * nf + j];
            v[rep] += i < COST_ITEMS    ? by[i]
                      : i == COST_ITEMS ? fx
                                        : total;
        }
    summarise(v, reps, out);
    free(v);
}

double fin_net_cell(const fin_benefits *b, size_t r, size_t y)
{
    return cell(b, r, y, -1, 4);
}
