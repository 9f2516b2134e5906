/* finance_figures.c -- the figures of the finance section derived from
 * the costed study (finance_int.h): static values at the price base,
 * investment, ratios, savings by item. */
#include <math.h>
#include "finance_int.h"

/* 1 when the study has savings to show (two members costed). */
int rfin_ready(const rfin *f)
{
    return f->on && f->built && !f->msg[0] && f->b.base.n_years > 0;
}

const char *rfin_price_text(const rfin *f, char *buf, size_t n)
{
    char fy[16];
    if (f->b.price_base >= 0)
        snprintf(buf, n, "GBP k at %s prices",
                 costs_fy_name(f->b.price_base, fy, sizeof fy));
    else
        snprintf(buf, n, "GBP k");
    return buf;
}

/* The business case's prices to the price base. */
double rfin_bc_factor(const rfin *f)
{
    const fin_benefits *b = &f->b;
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    double x = 1;
    if (b->bc && c)
        costs_price_factor(c, b->bc->price_year, c->price_base, &x);
    return x;
}

/* Static value (GBP, at the price base) of line l in year y, prorated by
 * the days of a part year when `prorate`; 0 past the case's years. */
double rfin_static_at(const rfin *f, const fin_line *x, size_t y,
                      int prorate)
{
    const fin_benefits *b = &f->b;
    if (!b->bc || x->bc_line < 0 || y >= b->bc->n_years)
        return 0;
    double v = K * rfin_bc_factor(f) *
               bc_line_exact(b->bc, (size_t)x->bc_line, y);
    const fin_year *fy = &b->base.years[y];
    if (prorate && fy->length > 0)
        v *= (double)(fy->d1 - fy->d0) / (double)fy->length;
    return v;
}

/* The static values of all lines in year y. */
double rfin_static_total(const rfin *f, size_t y, int prorate)
{
    double t = 0;
    for (size_t l = 0; l < f->b.n_lines; l++)
        t += rfin_static_at(f, &f->b.lines[l], y, prorate);
    return t;
}

/* 1 when the measured period covers only part of financial year y. */
int rfin_part_year(const fin_year *y)
{
    return y->d1 - y->d0 < y->length;
}

/* Investment with its optimism bias in year y (all years: y >= n_years). */
double rfin_invest_biased(const fin_benefits *b, size_t y)
{
    double t = 0;
    size_t ny = b->base.n_years;
    for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++)
        t += b->invest_biased[k];
    return t;
}

/* dynamic / static, by simulated line and year (static at the price
 * base, prorated in part years); NAN where the static value is 0. */
double rfin_ratio(const rfin *f, size_t l, size_t y)
{
    double st = rfin_static_at(f, &f->b.lines[l], y, 1);
    kpi_summary s;
    fin_line_summary(&f->b, l, y, 0, &s);
    return st != 0 ? s.mean / st : NAN;
}

/* The cash-releasing share of item i's unit cost (base, else alt). */
double rfin_cash_share(const fin_benefits *b, int i)
{
    const cost_spec *c = b->base.sc->costs;
    if (c && c->unit[i].set)
        return c->unit[i].cash_releasing;
    c = b->alt.sc->costs;
    return c && c->unit[i].set ? c->unit[i].cash_releasing : 0;
}

/* Mean saving (GBP) on item i over all years. */
double rfin_item_saving(const fin_benefits *b, int i)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years, n = 0;
    double t = 0;
    for (size_t r = 0; r < reps; r++) {
        double v = 0;
        for (size_t y = 0; y < ny; y++) {
            size_t at = (r * ny + y) * COST_ITEMS + (size_t)i;
            v += b->base.price[i] * b->base.act[at] -
                 b->alt.price[i] * b->alt.act[at];
        }
        if (isfinite(v)) {
            t += v;
            n++;
        }
    }
    return n ? t / (double)n : NAN;
}

/* Mean admissions avoided (spells, short and long) in year y. */
double rfin_admissions_avoided(const fin_benefits *b, size_t y)
{
    kpi_summary s, l;
    fin_activity_summary(b, COST_ADMISSION_SHORT, y, &s);
    fin_activity_summary(b, COST_ADMISSION_LONG, y, &l);
    return s.mean + l.mean;
}
