/* finance.h -- what a scenario costs and saves.
 *
 * bcstatic.c: a business case's own arithmetic (the "static" method):
 *   line(y) = round(sum of full_year x phasing(y) over its components),
 *   to the GBP k as printed; the total is the sum of the rounded lines.
 * fincost.c: one scenario's costs by financial year (fin_years,
 *   fin_run_prepare, fin_run_add_daily, fin_cost_total).
 * benefits.c: `flowsim benefits BASE.yaml ALT.yaml`: both scenarios run
 *   under common random numbers; each replication's daily series give
 *   activity and cost by financial year; savings BASE - ALT by line and
 *   year with 95% CIs, split into cash-releasing and not; the static
 *   table beside the simulated ("dynamic") one.
 * fout.c: the output (table, JSON, CSV) and an HTML finance section
 *   (fout_data.c, fout_html*.c; fout_levers.c, fout_psa.c,
 *   fout_schedule.c the parts below).
 * release.c: capacity released by closing wards (costs.h release_rule).
 * payers.c: savings by who they go to.
 * appraise.c: discounting, NPV, payback, the net saving by replication.
 * levers.h: savings by lever (alone, in sequence, Shapley values).
 * psa.h: unit costs drawn per replication (probabilistic sensitivity).
 * crn.c: what common random numbers bought (paired / independent width).
 */
#ifndef FLOWSIM_FINANCE_H
#define FLOWSIM_FINANCE_H

#include <stdio.h>
#include "costs.h"
#include "experiment.h"
#include "format.h"
#include "scenario.h"
#include "store.h"

/* ---- static method (bcstatic.c) ---- */

/* Unrounded value (GBP k) of line l in year index y. */
double bc_line_exact(const business_case *b, size_t l, size_t y);
/* The line as printed: rounded to the GBP k (half away from zero). */
double bc_line_value(const business_case *b, size_t l, size_t y);
/* Sum of the rounded lines of year y. */
double bc_total(const business_case *b, size_t y);
/* The line after optimism bias (unrounded: full x (1 - bias)). */
double bc_line_biased(const business_case *b, size_t l, size_t y);
double bc_total_biased(const business_case *b, size_t y);
/* Investment of year y (GBP k), before and after its optimism bias. */
double bc_invest_total(const business_case *b, size_t y);
double bc_investment_biased(const business_case *b, size_t y);
/* Number of printed values (lines and totals) that the static method
 * does not reproduce to the GBP k; 0 when the case prints none. */
size_t bc_mismatches(const business_case *b);

/* Writes the static table (lines by year, total, optimism bias,
 * investment, net) as text. */
void bc_write_table(FILE *f, const business_case *b);

/* ---- costs and benefits (fincost.c, benefits.c) ---- */

/* A financial year of the measured period: days [d0, d1). */
typedef struct fin_year {
    int fy;                  /* first calendar year, or -1 (no start_date) */
    char label[24];          /* "2022/23", or "year 1" */
    size_t d0, d1;
    size_t length;           /* days in the whole year */
} fin_year;

/* Financial years of sc's measured period (from the end of the warm-up,
 * rounded up to a whole day, to the last whole day).  malloc'd array in
 * *out, count returned (0 on failure, *out NULL). */
size_t fin_years(const scenario *sc, size_t days, fin_year **out);

typedef enum {
    LINE_SIMULATED,
    LINE_FIXED,
    LINE_STATIC,
    LINE_RELEASE             /* a capacity_release rule's step costs */
} line_kind;

typedef struct fin_line {
    char name[80], label[160];
    line_kind kind;
    unsigned items;          /* SIMULATED: cost items (bit per item) */
    long bc_line;            /* index in the business case, or -1 */
    double optimism_bias;
    long fixed_base, fixed_alt;  /* FIXED: index in each, or -1 */
    long rule;                   /* RELEASE: index in the alt's rules */
} fin_line;

/* One scenario's replications: activity and cost by year and item. */
typedef struct fin_run {
    const scenario *sc;
    long reps;
    size_t n_years;
    fin_year *years;
    double price[COST_ITEMS];    /* unit costs at the price base */
    double *act;                 /* [r][y][item] activity */
    double *fixed;               /* [y][fixed] at the price base */
    size_t days;                 /* days of the horizon */
    size_t n_release;            /* its costs' capacity_release rules */
    double *occ;                 /* [r][rule][day]: the rule's unit's
                                    occupancy each day */
    double *daily_kpis;          /* unused */
} fin_run;

/* The comparison: savings BASE - ALT per replication. */
typedef struct fin_benefits {
    fin_run base, alt;
    int price_base;              /* -1 without costs */
    const business_case *bc;     /* the case beside the simulation */
    size_t n_lines;
    fin_line *lines;
    /* [r][y][line], GBP */
    double *saving, *cash;
    /* [y]: investment ALT - BASE (GBP), before and after optimism bias */
    double *invest, *invest_biased;
    /* the --set overrides each scenario was loaded with (base, alt), for
     * the output's heading; borrowed, may be empty */
    const char *const *overrides[2];
    size_t n_overrides[2];
    /* [r][y][item], GBP: the saving and its cash by cost item */
    double *item_save, *item_cash;
    /* [r][y][rule]: beds-days closed and ward-days closed by the alt's
     * capacity_release rules (NULL without rules) */
    double *closed_bed_days, *ward_days;
    /* [r][item]: the unit costs' multipliers drawn for replication r
     * (psa.h), or NULL when every unit cost is certain */
    double *mult;
    /* savings by lever (levers.h), written after the rest; or NULL */
    const struct fin_levers *levers;
} fin_benefits;

/* Runs sc's replications (seed and count already set) on `threads`
 * threads and fills r.  Returns 0, or -1 with a message in err. */
int fin_run_scenario(const scenario *sc, int threads, fin_run *r, char *err,
                     size_t errlen);
/* The same for n scenarios run as one batch: their replications share
 * the threads, or the executor's workers (the MPI ranks) when canonical
 * is given and ex is not NULL.  Each replication (KPIs and daily series)
 * is also written to its results store when st[i] is given, as the
 * experiment of the scenario's canonical text (store.h): replications
 * already in the store are run again (the daily series are needed here)
 * and written over with the same values; the caller records the study
 * (store_study_add).  st (NULL, or one connection per scenario, entries
 * may be NULL), canonical (NULL, or one text per scenario) and r
 * (zeroed) have n entries.  Returns 0, or -1 with a
 * message in err and the first scenario that failed in *failed (n when
 * the batch failed as a whole); every r is then freed. */
int fin_run_scenarios(const scenario *const *sc, size_t n, int threads,
                      const experiment_executor *ex, store *const *st,
                      const char *const *canonical, fin_run *const *r,
                      size_t *failed, char *err, size_t errlen);
void fin_run_free(fin_run *r);

/* Per-replication cost of days [d0, d1) of one replication's activity
 * (act[COST_ITEMS]) and its fixed costs: out[COST_ITEMS] by item, then
 * the total (GBP).  The price is that of fin_run.price. */
double fin_cost_total(const fin_run *r, const double *act,
                      const double *fixed, double *by_item);

/* Builds the comparison of two runs (same years).  Returns 0, or -1 with
 * a message in err. */
int fin_benefits_build(fin_benefits *b, char *err, size_t errlen);
void fin_benefits_free(fin_benefits *b);

/* Summary across replications of line l in year y (y == n_years: the
 * whole period); which: 0 gross saving, 1 cash-releasing, 2 not.  These
 * summaries and fin_net_cell are in finsummary.c. */
void fin_line_summary(const fin_benefits *b, size_t l, size_t y, int which,
                      kpi_summary *out);
/* Totals: which 0 gross, 1 cash, 2 non-cash, 3 after optimism bias,
 * 4 net of investment (after biases). */
void fin_total_summary(const fin_benefits *b, size_t y, int which,
                       kpi_summary *out);
/* The Green Book's discount rate (HM Treasury, The Green Book, 2022:
 * 3.5% a year for the first 30 years). */
#define FIN_GREEN_BOOK_RATE 0.035
/* Net present value of the net saving (after optimism biases and
 * investment) over replications, year y discounted by (1 + rate)^-y, the
 * first measured year being year 0. */
void fin_npv_summary(const fin_benefits *b, double rate, kpi_summary *out);
/* The payback year: the index of the first year whose cumulative
 * discounted mean net saving is >= 0, or -1 if none is. */
long fin_payback_year(const fin_benefits *b, double rate);
/* The discount rate of the alternative's costs (else the base's; the
 * Green Book's without costs). */
double fin_discount_rate(const fin_benefits *b);
/* The costs whose uncertain unit costs are drawn (psa.h): the
 * alternative's, else the base's; NULL when every cost is certain. */
const cost_spec *fin_psa_costs(const fin_benefits *b);
/* Mean over replications of the net saving, all years, with every
 * replication's unit costs multiplied by mult[COST_ITEMS] (NULL: as
 * given): one-way sensitivities. */
double fin_net_mean_at(const fin_benefits *b, const double *mult);
/* Net saving (after optimism biases and investment) of replication r in
 * year y (finsummary.c). */
double fin_net_cell(const fin_benefits *b, size_t r, size_t y);
/* Fills b's capacity-release arrays from the alternative's rules (called
 * by fin_benefits_build; release.c).  Returns 0, or -1 with err. */
int fin_release_build(fin_benefits *b, char *err, size_t errlen);
/* Each replication's net saving over all years: out[reps]. */
void fin_net_by_rep(const fin_benefits *b, double *out);
/* Share of replications whose net saving over all years is above 0. */
double fin_share_net_positive(const fin_benefits *b);
/* Who the savings go to (the costs' `payer`s, the alternative's, else
 * the base's): up to max distinct names into out, in the order the
 * costs name them; their count.  Savings with no payer are NULL's. */
size_t fin_payers(const fin_benefits *b, const char **out, size_t max);
/* Saving of payer p (NULL: none named, and the static lines) in year y
 * (n_years: all); which: 0 gross, 1 cash-releasing. */
void fin_payer_summary(const fin_benefits *b, const char *p, size_t y,
                       int which, kpi_summary *out);
/* Activity avoided (BASE - ALT) of item i in year y (n_years: all). */
void fin_activity_summary(const fin_benefits *b, int item, size_t y,
                          kpi_summary *out);
/* Cost of one scenario by item (i < COST_ITEMS), fixed (i == COST_ITEMS)
 * or total (i == COST_ITEMS + 1) in year y (n_years: all). */
void fin_cost_summary(const fin_run *r, int i, size_t y, kpi_summary *out);

/* From gross saving to net over all years, GBP: the totals and the five
 * steps of a waterfall: the gross saving, minus the optimism bias on
 * benefits, minus the investment, minus the optimism bias on the
 * investment, equals the net saving (appraise.c). */
#define FIN_WATERFALL_STEPS 5
typedef struct fin_waterfall {
    kpi_summary gross, net;
    double step[FIN_WATERFALL_STEPS];
} fin_waterfall;
void fin_waterfall_all(const fin_benefits *b, fin_waterfall *w);

/* ---- what common random numbers bought (crn.c) ---- */

/* The width of the 95% CI of the saving of cost item i (i < COST_ITEMS)
 * or of the total (COST_ITEMS + 1), all years, over the width two
 * independent runs of BASE and ALT would give (paired_width_ratio).  NAN
 * for the fixed costs (COST_ITEMS), fewer than 2 replications, or an item
 * with no spread. */
double fin_width_ratio(const fin_benefits *b, int i);
/* The smallest fin_width_ratio any pairing could give item i
 * (paired_width_floor): NAN where fin_width_ratio is for the same
 * reasons. */
double fin_width_floor(const fin_benefits *b, int i);

/* ---- output (fout.c) ---- */

/* The comparison as a table, JSON, CSV or an HTML section.  Returns 0, or
 * -1 on a write error. */
int fin_write(FILE *f, const fin_benefits *b, out_format fmt);
/* Parts of the HTML section that the report shows too (fout_html_more.c):
 * the tornado of the uncertain unit costs and effects, the distribution
 * of the net saving over replications with P(net saving > 0) (both only
 * meaningful with uncertain parameters), and the cost schedule (nothing
 * without costs). */
void fin_html_tornado(FILE *f, const fin_benefits *b);
void fin_html_net_distribution(FILE *f, const fin_benefits *b);
void fin_html_cost_schedule(FILE *f, const fin_benefits *b);
/* Only the costs of one scenario: JSON, or a table (any other format). */
int fin_write_costs(FILE *f, const fin_run *r, out_format fmt);

/* Activity of replication rep (act[n_years][COST_ITEMS]) from its daily
 * values (sl->days x sl->n), into r (allocated by fin_run_prepare). */
void fin_run_add_daily(fin_run *r, const cost_series *cs,
                       const series_list *sl, long rep, const double *daily);
/* Sets up r for sc's replications over `days` days: years, unit prices,
 * fixed costs, activity zeroed.  Returns 0, or -1 with err. */
int fin_run_prepare(const scenario *sc, size_t days, fin_run *r, char *err,
                    size_t errlen);

/* `flowsim benefits ...`: argv[0] is "benefits"; ex runs the batch
 * elsewhere (the MPI ranks), or NULL.  Returns the exit status. */
int benefits_main(int argc, char **argv, const experiment_executor *ex);

#endif
