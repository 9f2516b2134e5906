/* rfinance.h -- the finance section of a report.
 *
 * A study of kind "benefits" (`flowsim benefits BASE ALT --store PATH`:
 * the base at position 0, the alternative at 1) is costed again from the
 * store: each member's scenario is rebuilt from its canonical text, and
 * each replication's daily series give its activity and cost by financial
 * year exactly as the benefits command computed them (tools/finance), so
 * the section's figures equal the command's output.  The section has the
 * savings by financial year with their 95% CI bands, the waterfall from
 * gross saving through optimism bias and investment to net, the business
 * case's own (static) table beside the simulated (dynamic) one, and an
 * explanation, generated from the figures, of where and why they differ.
 * With uncertain parameters, the tornado and the distribution of net
 * savings; with payers, the savings by who pays; the cost schedule.
 * With `--by-lever`, the savings by lever the command kept with the
 * study (the attribution, not the subsets' runs) are shown as a table
 * and a waterfall of the Shapley values.
 * A study with one member (`flowsim benefits FILE --store`) gets that
 * scenario's costs by item and year.
 */
#ifndef FLOWSIM_REPORT_RFINANCE_H
#define FLOWSIM_REPORT_RFINANCE_H

#include <stdio.h>
#include <sqlite3.h>
#include "charts.h"
#include "finance.h"
#include "query.h"

/* A benefits study's savings by lever as stored (store.h:
 * STORE_LEVERS_SCHEMA): n levers then RFIN_LEVER_RESTS lines beside
 * them, each by measure and year (n_years financial years of the
 * alternative, then all years). */
#define RFIN_LEVERS_MAX 64
#define RFIN_LEVER_RESTS 4     /* interaction, together, other, total */
typedef struct rfin_levers {
    int on;                    /* the study has them */
    size_t n, n_years;
    char *name[RFIN_LEVERS_MAX];
    char method[16];           /* "exact" or "sampled" */
    long subsets, orders;
    double *v;                 /* [row][measure 3][year][mean, lo, hi];
                                  NAN where the store has none */
    double se[RFIN_LEVERS_MAX];/* sampled Shapley: Monte Carlo error */
} rfin_levers;

typedef struct rfin {
    int on;                 /* a benefits study */
    size_t n;               /* members costed: 1 or 2 */
    scenario *sc[2];
    fin_benefits b;         /* b.base (and b.alt, built when n == 2) */
    int ran[2];             /* fin_run filled */
    int built;              /* fin_benefits_build done */
    char msg[600];          /* why there are no figures, or "" */
    rfin_levers lv;         /* savings by lever (--by-lever), if stored */
} rfin;

/* Costs a benefits study from the store (f->on is 0 for other kinds).
 * Returns 0 (f->msg says why when the study cannot be costed: that is
 * shown, not an error), or REPORT_IO when the store could not be read. */
int rfin_load(sqlite3 *db, const rq_study *s, rfin *f, char *err,
              size_t errlen);
void rfin_free(rfin *f);

/* Plans the finance plots (chart.finance set): savings by year with CI
 * bands, and the waterfall.  Returns 0, or -1 (err). */
int charts_finance(const rfin *f, plot_set *p, chart_list *l, char *err,
                   size_t errlen);

/* Writes the section <section id="finance">; the finance charts of l are
 * embedded when plots_ok. */
void rfin_section(FILE *out, const rfin *f, const chart_list *l,
                  plot_set *p, int plots_ok);

#endif
