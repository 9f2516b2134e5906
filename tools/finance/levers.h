/* levers.h -- savings attributed to the levers of a scenario.
 *
 * A lever is one of the alternative scenario's interventions.  The
 * alternative is run with every subset of its levers on, the others'
 * effect 0 (2^n runs, n at most LEVERS_MAX; beyond, the subsets of
 * sampled orders: perms below), all under the base's seed, so every run meets the same
 * patients (common random numbers) and the differences between runs are
 * the levers' own.  With cost(S) the cost of the alternative with only
 * the levers of S, each lever's saving is given three ways:
 *   alone       cost({}) - cost({j})
 *   sequential  cost({1..j-1}) - cost({1..j}), in the scenario's order
 *   Shapley     sum over S without j of |S|!(n-|S|-1)!/n! x
 *               (cost(S) - cost(S + j)), exact over all subsets
 * Sequential and Shapley savings add up to the saving of all levers
 * together, cost({}) - cost(all); the alone savings do not where levers
 * act on the same patients, and the difference is the interaction.  Two
 * levers that each deflect the whole of one cohort each save the cohort
 * alone, half of it by Shapley, and together only the cohort once.
 * What the alternative changes besides its levers (capacity, prices) is
 * BASE - cost({}), its own line.
 *
 * Every figure is kept per replication, financial year and cost part (each
 * cost item, the fixed costs, the total), so its mean and 95% CI are over
 * paired replications and the cost item shows which activity a lever
 * avoided: each unit avoided is priced once, on that lever's row.
 */
#ifndef FLOWSIM_LEVERS_H
#define FLOWSIM_LEVERS_H

#include <stdint.h>
#include <stdio.h>
#include "finance.h"

#define LEVERS_MAX 8                   /* 2^8 = 256 runs */
#define LEVERS_SAMPLE_MAX 64           /* sampled: masks of 64 bits */
#define LEVER_FIXED COST_ITEMS         /* part: the fixed costs */
#define LEVER_TOTAL (COST_ITEMS + 1)   /* part: all costs */
#define LEVER_PARTS (COST_ITEMS + 2)

typedef enum {
    LEVER_ALONE,
    LEVER_SEQUENTIAL,
    LEVER_SHAPLEY,
    LEVER_METHODS
} lever_method;

/* The lines beside the levers' own. */
typedef enum {
    LEVER_INTERACTION,   /* together - sum of the alone savings */
    LEVER_TOGETHER,      /* cost({}) - cost(all) */
    LEVER_OTHER,         /* BASE - cost({}): changes that are not levers */
    LEVER_OVERALL,       /* BASE - ALT */
    LEVER_RESTS
} lever_rest;

typedef struct fin_levers {
    size_t n;                            /* levers */
    const char *name[LEVERS_SAMPLE_MAX]; /* the interventions' names */
    const fin_run *base;                 /* borrowed */
    const fin_run *run[1u << LEVERS_MAX];/* [mask]: borrowed; [all] = ALT */
    /* sampled Shapley values (more than LEVERS_MAX levers): perms > 0
     * orders drawn from `seed` (lever_shapley_sample); the subsets run
     * are sub_mask[n_sub] (sorted, 0 and all included) with sub_run
     * (borrowed); run[] is then unused.  shapley_se: each lever's Monte
     * Carlo standard error, of its mean saving over all years. */
    size_t perms;
    uint64_t seed;
    size_t n_sub;
    const uint64_t *sub_mask;
    const fin_run *const *sub_run;
    double shapley_se[LEVERS_SAMPLE_MAX];
    long reps;
    size_t n_years;
    double *attr;  /* [method][lever][rep][year 0..n_years][part], GBP;
                      year n_years is the whole period */
    double *rest;  /* [lever_rest][rep][year][part] */
} fin_levers;

/* The --set overrides that switch off the interventions of sc whose bit
 * is not in mask ("interventions.3.effect=0"), into
 * sets[LEVERS_MAX][32]; their count.  A lever is switched off, not
 * removed: a patient's draws for intervention i are keyed by i, so
 * removing one would give the levers after it other draws (other
 * patients deflected) and the subsets would no longer differ by their
 * levers alone; an effect of 0 makes the same draws and acts on none. */
size_t lever_switches_off(const scenario *sc, unsigned mask,
                      char sets[][32]);

/* The Shapley weight of a subset of s of the other n - 1 levers:
 * s!(n-s-1)!/n!. */
double lever_shapley_weight(size_t n, size_t s);

/* Fills lv->attr and lv->rest from lv->base and lv->run (n, names, runs
 * set; every run with the same replications and years).  Returns 0, or
 * -1 with a message in err. */
int fin_levers_build(fin_levers *lv, char *err, size_t errlen);
void fin_levers_free(fin_levers *lv);

/* Mean and 95% CI over replications of lever j's saving by method m in
 * year y (n_years: all), cost part p; and of a line beside them. */
void fin_lever_summary(const fin_levers *lv, lever_method m, size_t j,
                       size_t y, int p, kpi_summary *out);
void fin_lever_rest_summary(const fin_levers *lv, lever_rest k, size_t y,
                            int p, kpi_summary *out);

/* Shapley values by sampling, for more levers than every subset can be
 * run for (2^n runs): the levers are added in `perms` orders drawn
 * uniformly (a seeded stream: (seed, 0, "levers.orders"), so the same
 * seed draws the same orders), and each lever's value is the mean of its
 * marginal savings cost(before) - cost(before + it), with its Monte
 * Carlo standard error (their sd / sqrt(perms)) in se.  Each order
 * telescopes, so the values add up to cost(0) - cost(all) exactly.
 * cost(ud, mask) is the cost with the levers of mask on (bit j: lever
 * j).  n is 1 to LEVERS_SAMPLE_MAX, perms at least 2; phi and se have n
 * entries.  Returns 0, or -1 (bad arguments, out of memory). */
typedef double (*lever_cost_fn)(void *ud, uint64_t mask);
int lever_shapley_sample(size_t n, size_t perms, uint64_t seed,
                         lever_cost_fn cost, void *ud, double *phi,
                         double *se);

/* The subsets the sampled attribution needs, sorted: none, all, each
 * lever alone, the scenario order's prefixes and every prefix of the
 * perms orders lever_shapley_sample draws from seed; malloc'd into *out,
 * their count (0 when out of memory). */
size_t lever_sample_masks(size_t n, size_t perms, uint64_t seed,
                          uint64_t **out);
/* lever_switches_off for up to LEVERS_SAMPLE_MAX levers (sets has room
 * for that many). */
size_t lever_switches_off_mask(const scenario *sc, uint64_t mask,
                               char sets[][32]);

/* The index of lever `name`, or -1. */
long fin_lever_index(const fin_levers *lv, const char *name);
/* Mean and 95% CI over replications of the sum of the Shapley values of
 * the n levers named (all must be levers: fin_lever_index) in year y
 * (n_years: all), cost part p. */
void fin_levers_sum_summary(const fin_levers *lv, char *const *names,
                            size_t n, size_t y, int p, kpi_summary *out);

/* Keeps the attribution in the results store open on db, as the rows of
 * study `study` (store.h: STORE_LEVERS_SCHEMA, the tables made if the
 * store has none), in one transaction; years: the alternative's
 * financial years (lv->n_years).  Returns 0, or -1 with a message in
 * err (nothing written). */
int fin_levers_store(sqlite3 *db, long study, const fin_levers *lv,
                     const fin_year *years, char *err, size_t errlen);

/* The attribution as a table, JSON members (",\n \"levers\": {...}") or
 * CSV rows (year,line,measure,mean,lo,hi as fin_write's CSV). */
void fin_levers_table(FILE *f, const fin_levers *lv, int price_base);
void fin_levers_json(FILE *f, const fin_levers *lv);
void fin_levers_csv(FILE *f, const fin_levers *lv);
/* The business case's lines that name their `levers`: each line's static
 * value beside the Shapley values of its levers, by year (a table). */
void fin_levers_versus(FILE *f, const fin_benefits *b);

#endif
