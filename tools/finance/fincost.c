/* fincost.c -- one scenario's costs by financial year (finance.h): its
 * measured period cut into financial years, each replication's activity
 * from its daily series, priced at the price base with its fixed costs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"

#define MINUTES_PER_DAY 1440.0

static long fy_start_day(int fy)
{
    char s[32];
    snprintf(s, sizeof s, "%04d-04-01", fy);
    return costs_epoch_day(s);
}

size_t fin_years(const scenario *sc, size_t days, fin_year **out)
{
    size_t d0 = (size_t)ceil(sc->warmup / MINUTES_PER_DAY - 1e-9);
    size_t cap = days / 28 + 4, n = 0;
    fin_year *y = calloc(cap, sizeof *y);
    *out = NULL;
    if (!y)
        return 0;
    long e0 = sc->start_date ? costs_epoch_day(sc->start_date) : -1;
    for (size_t d = d0; d < days;) {
        fin_year *f = &y[n];
        f->d0 = d;
        if (e0 >= 0) {
            f->fy = costs_fy_of_epoch_day(e0 + (long)d);
            long end = fy_start_day(f->fy + 1) - e0;
            f->d1 = (size_t)end < days ? (size_t)end : days;
            f->length = (size_t)(fy_start_day(f->fy + 1) -
                                 fy_start_day(f->fy));
            costs_fy_name(f->fy, f->label, sizeof f->label);
        } else {
            f->fy = -1;
            f->d1 = d + 365 < days ? d + 365 : days;
            f->length = 365;
            snprintf(f->label, sizeof f->label, "year %u", (unsigned)(n + 1) % 100000u);
        }
        d = f->d1;
        if (++n == cap)
            break;
    }
    *out = y;
    return n;
}

void fin_run_add_daily(fin_run *r, const cost_series *cs,
                       const series_list *sl, long rep, const double *daily)
{
    for (size_t y = 0; y < r->n_years; y++)
        cost_activity(cs, sl, daily, r->years[y].d0, r->years[y].d1,
                      &r->act[((size_t)rep * r->n_years + y) * COST_ITEMS]);
    for (size_t k = 0; k < r->n_release; k++) {
        long i = series_list_unit_index(sl, SER_U_OCCUPANCY,
                                        r->sc->costs->release[k].unit);
        double *o = &r->occ[((size_t)rep * r->n_release + k) * r->days];
        for (size_t d = 0; d < r->days && d < sl->days; d++) {
            double v = i >= 0 ? daily[d * sl->n + (size_t)i] : 0;
            o[d] = isnan(v) ? 0 : v;
        }
    }
}

void fin_run_free(fin_run *r)
{
    free(r->years);
    free(r->act);
    free(r->fixed);
    free(r->occ);
    memset(r, 0, sizeof *r);
}

static size_t n_fixed(const scenario *sc)
{
    return sc->costs ? sc->costs->n_fixed : 0;
}

int fin_run_prepare(const scenario *sc, size_t days, fin_run *r, char *err,
                    size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->sc = sc;
    r->reps = sc->replications;
    r->n_years = fin_years(sc, days, &r->years);
    size_t nf = n_fixed(sc), nact, nfix;
    /* Replications x years x items, all from input: checked. */
    int big = __builtin_mul_overflow((size_t)r->reps,
                                     r->n_years ? r->n_years : 1, &nact) ||
              __builtin_mul_overflow(nact, (size_t)COST_ITEMS, &nact) ||
              __builtin_mul_overflow(r->n_years ? r->n_years : 1,
                                     nf ? nf : 1, &nfix);
    r->act = big ? NULL : calloc(nact, sizeof *r->act);
    r->fixed = big ? NULL : calloc(nfix, sizeof *r->fixed);
    r->days = days;
    r->n_release = sc->costs ? sc->costs->n_release : 0;
    size_t nocc;
    big = big || __builtin_mul_overflow((size_t)r->reps, r->n_release,
                                        &nocc) ||
          __builtin_mul_overflow(nocc, days ? days : 1, &nocc);
    r->occ = big ? NULL : calloc(nocc ? nocc : 1, sizeof *r->occ);
    if (!r->years || !r->act || !r->fixed || !r->occ) {
        snprintf(err, errlen, "out of memory");
        fin_run_free(r);
        return -1;
    }
    if (cost_unit_prices(sc->costs, r->price) != 0) {
        snprintf(err, errlen, "a unit cost's price year is not in the "
                 "inflation index");
        fin_run_free(r);
        return -1;
    }
    for (size_t y = 0; y < r->n_years; y++)
        if (cost_fixed(sc->costs, r->years[y].d0, r->years[y].d1,
                       &r->fixed[y * nf]) != 0) {
            snprintf(err, errlen, "a fixed cost's price year is not in the "
                     "inflation index");
            fin_run_free(r);
            return -1;
        }
    return 0;
}

double fin_cost_total(const fin_run *r, const double *act,
                      const double *fixed, double *by_item)
{
    double t = 0;
    for (int i = 0; i < COST_ITEMS; i++) {
        double v = r->price[i] * act[i];
        if (by_item)
            by_item[i] = v;
        t += v;
    }
    for (size_t k = 0; fixed && k < n_fixed(r->sc); k++)
        t += fixed[k];
    return t;
}
