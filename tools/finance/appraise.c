/* appraise.c -- the appraisal of a comparison (finance.h): the discount
 * rate, net present value, payback year, and the net saving's
 * distribution over replications. */
#include <math.h>
#include <stdlib.h>
#include "finance.h"

/* The alternative's rate: it is the scheme being appraised. */
double fin_discount_rate(const fin_benefits *b)
{
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    return c ? c->discount_rate : FIN_GREEN_BOOK_RATE;
}

/* With prices drawn per replication (psa.h), the share of replications
 * that save money is the probability a board asks for. */
double fin_share_net_positive(const fin_benefits *b)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years, k = 0;
    for (size_t r = 0; r < reps; r++) {
        double t = 0;
        for (size_t y = 0; y < ny; y++)
            t += fin_net_cell(b, r, y);
        k += t > 0;
    }
    return reps ? (double)k / (double)reps : NAN;
}

/* Net present value: year y (the first is year 0) weighs 1/(1+rate)^y,
 * as HM Treasury's Green Book discounts (3.5% a year). */
void fin_npv_summary(const fin_benefits *b, double rate, kpi_summary *out)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    double *v = calloc(reps ? reps : 1, sizeof *v);
    if (!v) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t r = 0; r < reps; r++)
        for (size_t y = 0; y < ny; y++)
            v[r] += fin_net_cell(b, r, y) / pow(1 + rate, (double)y);
    double *scratch = malloc((reps ? reps : 1) * sizeof *scratch);
    if (scratch)
        summarise_values(v, reps, 1, scratch, out);
    else
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
    free(scratch);
    free(v);
}

long fin_payback_year(const fin_benefits *b, double rate)
{
    double cum = 0;
    for (size_t y = 0; y < b->base.n_years; y++) {
        kpi_summary s;
        fin_total_summary(b, y, 4, &s);
        cum += s.mean / pow(1 + rate, (double)y);
        if (cum >= 0)
            return (long)y;
    }
    return -1;
}

void fin_net_by_rep(const fin_benefits *b, double *out)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    for (size_t r = 0; r < reps; r++) {
        out[r] = 0;
        for (size_t y = 0; y < ny; y++)
            out[r] += fin_net_cell(b, r, y);
    }
}

void fin_waterfall_all(const fin_benefits *b, fin_waterfall *w)
{
    size_t ny = b->base.n_years;
    kpi_summary biased;
    fin_total_summary(b, ny, 0, &w->gross);
    fin_total_summary(b, ny, 3, &biased);
    fin_total_summary(b, ny, 4, &w->net);
    double inv = 0, invb = 0;
    for (size_t y = 0; y < ny; y++) {
        inv += b->invest[y];
        invb += b->invest_biased[y];
    }
    w->step[0] = w->gross.mean;
    w->step[1] = -(w->gross.mean - biased.mean);
    w->step[2] = -inv;
    w->step[3] = -(invb - inv);
    w->step[4] = w->net.mean;
}
