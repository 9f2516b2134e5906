/* payers.c -- savings by who they go to (finance.h): each unit cost,
 * fixed cost and capacity-release rule may name its `payer`; a payer's
 * saving is the sum of those items' and lines' savings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"

static const cost_spec *payer_costs(const fin_benefits *b)
{
    return b->alt.sc->costs ? b->alt.sc->costs : b->base.sc->costs;
}

static int same(const char *a, const char *p)
{
    return a ? p && !strcmp(a, p) : !p;
}

static void add_name(const char *s, const char **out, size_t max,
                     size_t *n)
{
    if (!s)
        return;
    for (size_t k = 0; k < *n; k++)
        if (!strcmp(out[k], s))
            return;
    if (*n < max)
        out[(*n)++] = s;
}

size_t fin_payers(const fin_benefits *b, const char **out, size_t max)
{
    const cost_spec *c = payer_costs(b);
    size_t n = 0;
    for (int i = 0; c && i < COST_ITEMS; i++)
        if (c->unit[i].set)
            add_name(c->unit[i].payer, out, max, &n);
    for (size_t k = 0; c && k < c->n_fixed; k++)
        add_name(c->fixed[k].payer, out, max, &n);
    for (size_t k = 0; c && k < c->n_release; k++)
        add_name(c->release[k].payer, out, max, &n);
    return n;
}

/* The payer of line x other than by its items (fixed, release), or
 * NULL; *has says whether the line is counted whole for its payer. */
static const char *line_payer(const fin_benefits *b, const fin_line *x,
                              int *whole)
{
    *whole = x->kind != LINE_SIMULATED;
    if (x->kind == LINE_FIXED) {
        const scenario *sc = x->fixed_base >= 0 ? b->base.sc : b->alt.sc;
        long k = x->fixed_base >= 0 ? x->fixed_base : x->fixed_alt;
        return sc->costs->fixed[k].payer;
    }
    if (x->kind == LINE_RELEASE)
        return b->alt.sc->costs->release[x->rule].payer;
    return NULL;
}

/* Payer p's saving (which 0) or cash (1) in replication r, year y. */
static double payer_cell(const fin_benefits *b, const char *p, size_t r,
                         size_t y, int which)
{
    const cost_spec *c = payer_costs(b);
    size_t ny = b->base.n_years, nl = b->n_lines;
    const double *is = which ? b->item_cash : b->item_save;
    const double *ls = which ? b->cash : b->saving;
    double t = 0;
    for (int i = 0; i < COST_ITEMS; i++)
        if (same(c && c->unit[i].set ? c->unit[i].payer : NULL, p))
            t += is[(r * ny + y) * COST_ITEMS + (size_t)i];
    for (size_t l = 0; l < nl; l++) {
        int whole;
        const char *lp = line_payer(b, &b->lines[l], &whole);
        if (whole && same(lp, p))
            t += ls[(r * ny + y) * nl + l];
    }
    return t;
}

void fin_payer_summary(const fin_benefits *b, const char *p, size_t y,
                       int which, kpi_summary *out)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    double *v = calloc(2 * (reps ? reps : 1), sizeof *v);
    if (!v) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t r = 0; r < reps; r++)
        for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++)
            v[r] += payer_cell(b, p, r, k, which);
    summarise_values(v, reps, 1, v + reps, out);
    free(v);
}
