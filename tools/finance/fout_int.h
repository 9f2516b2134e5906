/* fout_int.h -- what the files of the finance output (finance.h: fout.c
 * the table and the dispatch, fout_data.c JSON and CSV, fout_html.c the
 * HTML section) share; fout_names.c holds the names they all use. */
#ifndef FLOWSIM_FOUT_INT_H
#define FLOWSIM_FOUT_INT_H

#include <stdio.h>
#include "finance.h"

#define K 1000.0   /* tables are in GBP k */

/* The names of fin_line_summary's and fin_total_summary's `which`
 * (fout_names.c). */
extern const char *const fout_which[5];

/* "GBP k at 2022/23 prices", or "GBP k" without a price base
 * (fout_names.c). */
void fout_price_note(FILE *f, int pb);

/* The comparison as JSON and as CSV (fout_data.c). */
void fout_json(FILE *f, const fin_benefits *b);
void fout_csv(FILE *f, const fin_benefits *b);

/* The cost schedule of c (NULL: nothing): each unit and fixed cost as
 * given, its uplift to the price base and its cash share; as a table or
 * a JSON member ",\n \"cost_schedule\": [...]" (fout_schedule.c). */
void fout_schedule_table(FILE *f, const cost_spec *c);
void fout_schedule_json(FILE *f, const cost_spec *c);
/* The costs whose schedule a comparison prints: the base's, and the
 * alternative's when its unit costs differ (else NULL) (fout_schedule.c). */
const cost_spec *fout_schedule_base(const fin_benefits *b);
const cost_spec *fout_schedule_alt(const fin_benefits *b);

/* The probabilistic sensitivity analysis (nothing when every unit cost
 * is certain): table, or a JSON member ",\n \"psa\": {...}"
 * (fout_psa.c). */
void fout_psa_table(FILE *f, const fin_benefits *b);
/* One bar of the tornado: item, its multipliers at the 2.5% and 97.5%
 * points, the mean net saving (all years) at each. */
typedef struct fout_bar {
    int item;
    double lo_mult, hi_mult, at_lo, at_hi;
} fout_bar;
/* The tornado's bars, widest first, into t[COST_ITEMS]; their count
 * (fout_psa.c). */
size_t fout_tornado(const fin_benefits *b, fout_bar *t);
void fout_psa_json(FILE *f, const fin_benefits *b);

/* The HTML section: savings by year, the waterfall, the totals
 * (fout_html.c), then the levers' waterfall, the tornado, the PSA's
 * distribution of net savings and the cost schedule when there are
 * (fout_html_more.c). */
void fout_html(FILE *f, const fin_benefits *b);
void fout_html_more(FILE *f, const fin_benefits *b);

#endif
