/* finance_int.h -- what the files of the report's finance section
 * (rfinance.h) share.
 *
 * finance_store.c costs the study from the store (rfin_load),
 * finance_figures.c derives the figures the plots, tables and prose
 * print, finance_plots.c plans the plots, finance_tables.c writes the
 * tables, finance_why.c the explanation of where static and dynamic
 * differ, and finance.c puts the section together.
 */
#ifndef FLOWSIM_REPORT_FINANCE_INT_H
#define FLOWSIM_REPORT_FINANCE_INT_H

#include <stdio.h>
#include "rfinance.h"

#define K 1000.0   /* tables are in GBP k, as business cases print them */

/* ---- figures (finance_figures.c) ---- */

/* 1 when the study has savings to show (two members costed). */
int rfin_ready(const rfin *f);
/* "GBP k at <year> prices" (or "GBP k") into buf; returns buf. */
const char *rfin_price_text(const rfin *f, char *buf, size_t n);
/* The business case's prices to the price base. */
double rfin_bc_factor(const rfin *f);
/* Static value (GBP, at the price base) of line l in year y, prorated by
 * the days of a part year when `prorate`; 0 past the case's years. */
double rfin_static_at(const rfin *f, const fin_line *x, size_t y,
                      int prorate);
/* The static values of all lines in year y. */
double rfin_static_total(const rfin *f, size_t y, int prorate);
/* 1 when the measured period covers only part of financial year y. */
int rfin_part_year(const fin_year *y);
/* Investment with its optimism bias in year y (all years: y = n_years). */
double rfin_invest_biased(const fin_benefits *b, size_t y);
/* dynamic / static, by simulated line and year (static at the price
 * base, prorated in part years); NAN where the static value is 0. */
double rfin_ratio(const rfin *f, size_t l, size_t y);
/* The cash-releasing share of item i's unit cost (base, else alt). */
double rfin_cash_share(const fin_benefits *b, int i);
/* Mean saving (GBP) on item i over all years. */
double rfin_item_saving(const fin_benefits *b, int i);
/* Mean admissions avoided (spells, short and long) in year y. */
double rfin_admissions_avoided(const fin_benefits *b, size_t y);

/* ---- tables (finance_tables.c) ---- */

/* Savings by year: gross, cash, non-cash, after bias, investment, net. */
void rfin_years_table(FILE *o, const fin_benefits *b);
/* Savings by line: all years with CI and cash, then each year's mean. */
void rfin_lines_table(FILE *o, const fin_benefits *b);
/* Savings by who pays, with their cash-releasing part (nothing when no
 * cost names a payer). */
void rfin_payers_table(FILE *o, const fin_benefits *b);
/* The business case's own table, as it prints it (static method). */
void rfin_static_table(FILE *o, const business_case *bc);
/* The simulated table, same lines, at the price base. */
void rfin_dynamic_table(FILE *o, const rfin *f);
/* Simulated as a share of static, by simulated line and year. */
void rfin_ratio_table(FILE *o, const rfin *f);
/* One scenario's costs by item and year (a study with one member). */
void rfin_costs_table(FILE *o, const rfin *f);

/* ---- appraisal and PSA (finance_psa.c) ---- */

/* NPV with its CI and the payback year. */
void rfin_appraisal_table(FILE *o, const fin_benefits *b);
/* P(net saving > 0) and the tornado of the uncertain unit costs and
 * effects; nothing when every parameter is certain. */
void rfin_psa_section(FILE *o, const fin_benefits *b);

/* ---- savings by lever (finance_levers.c) ---- */

/* Reads the savings by lever kept with study `study` into f->lv (f->lv.on
 * 0 when the store has none: a store made before them, or a study run
 * without --by-lever).  f->b.alt's years must be set.  0, or -1 on a read
 * error or out of memory. */
int rfin_levers_load(sqlite3 *db, long study, rfin *f);
void rfin_levers_free(rfin_levers *lv);
/* The table (alone, in sequence, Shapley, the lines beside them), the
 * check that they add up, the waterfall and the Shapley values by year. */
void rfin_levers_section(FILE *o, const rfin *f);

/* ---- the explanation (finance_why.c) ---- */

/* Where and why the static and dynamic figures differ, from the figures. */
void rfin_explain(FILE *o, const rfin *f);

#endif
