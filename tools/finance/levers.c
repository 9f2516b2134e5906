/* levers.c -- savings by lever: alone, in sequence and Shapley values
 * over every subset of the levers (levers.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levers.h"

size_t lever_switches_off(const scenario *sc, unsigned mask, char sets[][32])
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_interventions && i < LEVERS_MAX; i++)
        if (!(mask & (1u << i)))
            snprintf(sets[n++], 32, "interventions.%zu.effect=0", i);
    return n;
}

double lever_shapley_weight(size_t n, size_t s)
{
    /* s!(n-s-1)!/n! = 1 / (n x C(n-1, s)) */
    double c = 1;
    for (size_t k = 1; k <= s; k++)
        c = c * (double)(n - 1 - s + k) / (double)k;
    return 1 / ((double)n * c);
}

static size_t popcount(unsigned m)
{
    size_t c = 0;
    for (; m; m &= m - 1)
        c++;
    return c;
}

/* Cost of one run, replication r, year y (n_years: all), by part. */
static void run_cost(const fin_run *run, size_t r, size_t y, double *out)
{
    size_t ny = run->n_years;
    size_t nf = run->sc->costs ? run->sc->costs->n_fixed : 0;
    memset(out, 0, LEVER_PARTS * sizeof *out);
    for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++) {
        double by[COST_ITEMS], fx = 0;
        const double *fixed = &run->fixed[k * nf];
        double t = fin_cost_total(run, &run->act[(r * ny + k) * COST_ITEMS],
                                  fixed, by);
        for (size_t j = 0; j < nf; j++)
            fx += fixed[j];
        for (int i = 0; i < COST_ITEMS; i++)
            out[i] += by[i];
        out[LEVER_FIXED] += fx;
        out[LEVER_TOTAL] += t;
    }
}

static size_t at(const fin_levers *lv, size_t r, size_t y)
{
    return (r * (lv->n_years + 1) + y) * LEVER_PARTS;
}

static size_t attr_at(const fin_levers *lv, lever_method m, size_t j,
                      size_t r, size_t y)
{
    size_t per = (size_t)lv->reps * (lv->n_years + 1) * LEVER_PARTS;
    return ((size_t)m * lv->n + j) * per + at(lv, r, y);
}

static size_t rest_at(const fin_levers *lv, lever_rest k, size_t r,
                      size_t y)
{
    size_t per = (size_t)lv->reps * (lv->n_years + 1) * LEVER_PARTS;
    return (size_t)k * per + at(lv, r, y);
}

void fin_levers_free(fin_levers *lv)
{
    free(lv->attr);
    free(lv->rest);
    lv->attr = lv->rest = NULL;
}

/* Checks that every run has the base's replications and years. */
static int levers_check(const fin_levers *lv, char *err, size_t errlen)
{
    if (lv->n < 1 || lv->n > LEVERS_MAX) {
        snprintf(err, errlen, "%zu levers: attribution by lever needs 1 to "
                 "%d interventions (every subset is run)", lv->n,
                 LEVERS_MAX);
        return -1;
    }
    for (unsigned m = 0; m < (1u << lv->n); m++) {
        const fin_run *r = lv->run[m];
        if (!r || r->reps != lv->base->reps ||
            r->n_years != lv->base->n_years) {
            snprintf(err, errlen, "the runs of the levers' subsets differ "
                     "from the base in replications or years");
            return -1;
        }
    }
    return 0;
}

/* Every attribution of one replication and year from the costs of every
 * subset, cost[mask][part]. */
static void attribute(fin_levers *lv, size_t r, size_t y, const double *cost)
{
    size_t n = lv->n;
    unsigned all = (1u << n) - 1;
    double *alone_sum = &lv->rest[rest_at(lv, LEVER_INTERACTION, r, y)];
    for (size_t j = 0; j < n; j++) {
        unsigned bit = 1u << j, before = bit - 1;
        double *a = &lv->attr[attr_at(lv, LEVER_ALONE, j, r, y)];
        double *s = &lv->attr[attr_at(lv, LEVER_SEQUENTIAL, j, r, y)];
        double *sh = &lv->attr[attr_at(lv, LEVER_SHAPLEY, j, r, y)];
        for (int p = 0; p < LEVER_PARTS; p++) {
            a[p] = cost[p] - cost[bit * LEVER_PARTS + p];
            s[p] = cost[before * LEVER_PARTS + p] -
                   cost[(before | bit) * LEVER_PARTS + p];
            sh[p] = 0;
            alone_sum[p] += a[p];
        }
        for (unsigned m = 0; m <= all; m++) {
            if (m & bit)
                continue;
            double w = lever_shapley_weight(n, popcount(m));
            for (int p = 0; p < LEVER_PARTS; p++)
                sh[p] += w * (cost[m * LEVER_PARTS + p] -
                              cost[(m | bit) * LEVER_PARTS + p]);
        }
    }
    double base[LEVER_PARTS];
    run_cost(lv->base, r, y, base);
    double *tog = &lv->rest[rest_at(lv, LEVER_TOGETHER, r, y)];
    double *oth = &lv->rest[rest_at(lv, LEVER_OTHER, r, y)];
    double *ov = &lv->rest[rest_at(lv, LEVER_OVERALL, r, y)];
    for (int p = 0; p < LEVER_PARTS; p++) {
        tog[p] = cost[p] - cost[all * LEVER_PARTS + p];
        alone_sum[p] = tog[p] - alone_sum[p];
        oth[p] = base[p] - cost[p];
        ov[p] = base[p] - cost[all * LEVER_PARTS + p];
    }
}

int fin_levers_build(fin_levers *lv, char *err, size_t errlen)
{
    if (levers_check(lv, err, errlen))
        return -1;
    lv->reps = lv->base->reps;
    lv->n_years = lv->base->n_years;
    size_t per = (size_t)lv->reps * (lv->n_years + 1) * LEVER_PARTS;
    size_t subsets = (size_t)1 << lv->n;
    lv->attr = calloc(LEVER_METHODS * lv->n * per + 1, sizeof *lv->attr);
    lv->rest = calloc(LEVER_RESTS * per + 1, sizeof *lv->rest);
    double *cost = malloc(subsets * LEVER_PARTS * sizeof *cost);
    if (!lv->attr || !lv->rest || !cost) {
        free(cost);
        fin_levers_free(lv);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t r = 0; r < (size_t)lv->reps; r++)
        for (size_t y = 0; y <= lv->n_years; y++) {
            for (size_t m = 0; m < subsets; m++)
                run_cost(lv->run[m], r, y, &cost[m * LEVER_PARTS]);
            attribute(lv, r, y, cost);
        }
    free(cost);
    return 0;
}

static void summary_of(const double *v0, size_t stride, size_t n,
                       kpi_summary *out)
{
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!scratch) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    summarise_values(v0, n, stride, scratch, out);
    free(scratch);
}

void fin_lever_summary(const fin_levers *lv, lever_method m, size_t j,
                       size_t y, int p, kpi_summary *out)
{
    summary_of(&lv->attr[attr_at(lv, m, j, 0, y) + (size_t)p],
               (lv->n_years + 1) * LEVER_PARTS, (size_t)lv->reps, out);
}

void fin_lever_rest_summary(const fin_levers *lv, lever_rest k, size_t y,
                            int p, kpi_summary *out)
{
    summary_of(&lv->rest[rest_at(lv, k, 0, y) + (size_t)p],
               (lv->n_years + 1) * LEVER_PARTS, (size_t)lv->reps, out);
}

long fin_lever_index(const fin_levers *lv, const char *name)
{
    for (size_t j = 0; j < lv->n; j++)
        if (!strcmp(lv->name[j], name))
            return (long)j;
    return -1;
}

/* A line of the business case is measured by its levers together: their
 * Shapley values add up without counting a patient twice. */
void fin_levers_sum_summary(const fin_levers *lv, char *const *names,
                            size_t n, size_t y, int p, kpi_summary *out)
{
    size_t reps = (size_t)lv->reps;
    double *v = calloc(2 * (reps ? reps : 1), sizeof *v);
    if (!v) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t k = 0; k < n; k++) {
        long j = fin_lever_index(lv, names[k]);
        for (size_t r = 0; j >= 0 && r < reps; r++)
            v[r] += lv->attr[attr_at(lv, LEVER_SHAPLEY, (size_t)j, r, y) +
                             (size_t)p];
    }
    summarise_values(v, reps, 1, v + reps, out);
    free(v);
}
