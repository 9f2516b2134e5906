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

static int by_mask(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* The run of subset mask: run[mask] (exact), or sub_run at its place in
 * sub_mask (sampled); NULL if it was not run. */
static const fin_run *run_of(const fin_levers *lv, uint64_t mask, size_t *i)
{
    if (!lv->perms) {
        *i = (size_t)mask;
        return lv->run[mask];
    }
    const uint64_t *at = bsearch(&mask, lv->sub_mask, lv->n_sub,
                                 sizeof *at, by_mask);
    if (!at)
        return NULL;
    *i = (size_t)(at - lv->sub_mask);
    return lv->sub_run[*i];
}

/* The costs of subset mask by part, from cost[subset][part]. */
static const double *cost_of(const fin_levers *lv, const double *cost,
                             uint64_t mask)
{
    size_t i = 0;
    run_of(lv, mask, &i);
    return &cost[i * LEVER_PARTS];
}

/* Checks that every run needed is there, with the base's replications
 * and years. */
static int levers_check(const fin_levers *lv, char *err, size_t errlen)
{
    size_t max = lv->perms ? LEVERS_SAMPLE_MAX : LEVERS_MAX;
    if (lv->n < 1 || lv->n > max) {
        snprintf(err, errlen, "%zu levers: attribution by lever needs 1 to "
                 "%zu interventions", lv->n, max);
        return -1;
    }
    uint64_t *need = NULL;
    size_t nn = (size_t)1 << (lv->perms ? 0 : lv->n);
    if (lv->perms &&
        !(nn = lever_sample_masks(lv->n, lv->perms, lv->seed, &need))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    for (size_t k = 0; k < nn && !rc; k++) {
        size_t i;
        const fin_run *r = run_of(lv, need ? need[k] : k, &i);
        if (!r || r->reps != lv->base->reps ||
            r->n_years != lv->base->n_years) {
            snprintf(err, errlen, "the runs of the levers' subsets differ "
                     "from the base in replications or years, or one is "
                     "missing");
            rc = -1;
        }
    }
    free(need);
    return rc;
}

typedef struct part_cost {
    const fin_levers *lv;
    const double *cost;
    int part;
} part_cost;

static double part_cost_at(void *ud, uint64_t mask)
{
    const part_cost *c = ud;
    return cost_of(c->lv, c->cost, mask)[c->part];
}

/* The Shapley values of one replication and year, part p, into sh[j]:
 * exact over every subset, or sampled over lv->perms orders. */
static void shapley(const fin_levers *lv, const double *cost, int p,
                    double *sh)
{
    size_t n = lv->n;
    if (lv->perms) {
        double se[LEVERS_SAMPLE_MAX];
        part_cost c = {lv, cost, p};
        if (lever_shapley_sample(n, lv->perms, lv->seed, part_cost_at, &c,
                                 sh, se) != 0)
            for (size_t j = 0; j < n; j++)
                sh[j] = NAN;
        return;
    }
    unsigned all = (1u << n) - 1;
    for (size_t j = 0; j < n; j++) {
        unsigned bit = 1u << j;
        sh[j] = 0;
        for (unsigned m = 0; m <= all; m++)
            if (!(m & bit))
                sh[j] += lever_shapley_weight(n, popcount(m)) *
                         (cost[m * LEVER_PARTS + p] -
                          cost[(m | bit) * LEVER_PARTS + p]);
    }
}

/* Every attribution of one replication and year from the costs of every
 * subset run, cost[subset][part]. */
static void attribute(fin_levers *lv, size_t r, size_t y, const double *cost)
{
    size_t n = lv->n;
    uint64_t all = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    const double *none = cost_of(lv, cost, 0), *full = cost_of(lv, cost, all);
    double *alone_sum = &lv->rest[rest_at(lv, LEVER_INTERACTION, r, y)];
    for (size_t j = 0; j < n; j++) {
        uint64_t bit = (uint64_t)1 << j, before = bit - 1;
        const double *one = cost_of(lv, cost, bit);
        const double *c0 = cost_of(lv, cost, before);
        const double *c1 = cost_of(lv, cost, before | bit);
        double *a = &lv->attr[attr_at(lv, LEVER_ALONE, j, r, y)];
        double *s = &lv->attr[attr_at(lv, LEVER_SEQUENTIAL, j, r, y)];
        for (int p = 0; p < LEVER_PARTS; p++) {
            a[p] = none[p] - one[p];
            s[p] = c0[p] - c1[p];
            alone_sum[p] += a[p];
        }
    }
    for (int p = 0; p < LEVER_PARTS; p++) {
        double sh[LEVERS_SAMPLE_MAX];
        shapley(lv, cost, p, sh);
        for (size_t j = 0; j < n; j++)
            lv->attr[attr_at(lv, LEVER_SHAPLEY, j, r, y) + (size_t)p] = sh[j];
    }
    double base[LEVER_PARTS];
    run_cost(lv->base, r, y, base);
    double *tog = &lv->rest[rest_at(lv, LEVER_TOGETHER, r, y)];
    double *oth = &lv->rest[rest_at(lv, LEVER_OTHER, r, y)];
    double *ov = &lv->rest[rest_at(lv, LEVER_OVERALL, r, y)];
    for (int p = 0; p < LEVER_PARTS; p++) {
        tog[p] = none[p] - full[p];
        alone_sum[p] = tog[p] - alone_sum[p];
        oth[p] = base[p] - none[p];
        ov[p] = base[p] - full[p];
    }
}

/* Each sampled Shapley value's Monte Carlo error: the orders' spread of
 * the marginal savings of the mean cost over replications, all years,
 * in total. */
static void sample_errors(fin_levers *lv, double *cost)
{
    size_t subs = lv->n_sub, ny = lv->n_years;
    for (size_t i = 0; i < subs * LEVER_PARTS; i++)
        cost[i] = 0;
    double one[LEVER_PARTS], phi[LEVERS_SAMPLE_MAX];
    for (size_t r = 0; r < (size_t)lv->reps; r++)
        for (size_t i = 0; i < subs; i++) {
            run_cost(lv->sub_run[i], r, ny, one);
            cost[i * LEVER_PARTS + LEVER_TOTAL] +=
                one[LEVER_TOTAL] / (double)lv->reps;
        }
    part_cost c = {lv, cost, LEVER_TOTAL};
    if (lever_shapley_sample(lv->n, lv->perms, lv->seed, part_cost_at, &c,
                             phi, lv->shapley_se) != 0)
        for (size_t j = 0; j < lv->n; j++)
            lv->shapley_se[j] = NAN;
}

int fin_levers_build(fin_levers *lv, char *err, size_t errlen)
{
    if (levers_check(lv, err, errlen))
        return -1;
    lv->reps = lv->base->reps;
    lv->n_years = lv->base->n_years;
    size_t per = (size_t)lv->reps * (lv->n_years + 1) * LEVER_PARTS;
    size_t subsets = lv->perms ? lv->n_sub : (size_t)1 << lv->n;
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
                run_cost(lv->perms ? lv->sub_run[m] : lv->run[m], r, y,
                         &cost[m * LEVER_PARTS]);
            attribute(lv, r, y, cost);
        }
    if (lv->perms)
        sample_errors(lv, cost);
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
