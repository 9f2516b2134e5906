/* output.h -- an experiment's KPIs as a terminal table, JSON or CSV, and
 * the JSON of a KPI's summary that every command's output shares.
 *
 * JSON contract (documented in README.md):
 *   {"scenario": NAME, "replications": N, "seed": S,
 *    "kpis": {"ward.occupancy.mean": {"mean": m, "ci95": [lo, hi],
 *             "p5": a, "p95": b, "unit": "patients", "n": k}, ...},
 *    "warnings": [...]}
 * A KPI never observed in any replication has null numbers.  Numbers are
 * printed with %.10g, so the same experiment gives the same bytes.  Text
 * goes through the one writer of each language (tools/write: text.h,
 * csv.h, json.h).
 */
#ifndef FLOWSIM_OUTPUT_H
#define FLOWSIM_OUTPUT_H

#include <stdio.h>
#include "experiment.h"
#include "format.h"

/* Which KPIs an output shows (headline.h). */
typedef struct output_view {
    const char *kpis;   /* --kpis PATTERN,...: only these, in every
                           format; NULL: the table's compact set, every
                           KPI in JSON and CSV */
    int all;            /* --all: every KPI in the table too */
} output_view;

/* Writes the summary of e as a table (FORMAT_TABLE, and any format that
 * is not data), JSON or CSV, with the KPIs v selects (v NULL: the
 * defaults).  The table is for people: grouped by area, fixed-point
 * numbers with thousands separators (output_num), shares as
 * percentages, and no row for a KPI observed in no replication.
 * Returns 0, or -1 on a write error. */
int output_write(FILE *f, const experiment *e, out_format fmt,
                 const output_view *v);

/* The KPIs of e that v selects for fmt, into idx (room for e->kpis.n);
 * returns how many. */
size_t output_select(const experiment *e, out_format fmt,
                     const output_view *v, size_t *idx);

/* How many decimals a number of magnitude a shows in a table: none from
 * 1,000, one from 10, two from 1, three significant digits below. */
int output_decimals(double a);

/* What a table shows of KPI d: its numbers times output_scale (100 for
 * a share: shown as a percentage), in output_unit ("%" for shares and
 * percentages, else the KPI's unit). */
double output_scale(const kpi_def *d);
const char *output_unit(const kpi_def *d);

/* A table's rows go in groups (an area, a unit, the months): the
 * heading line of d's group, and whether a and b share one. */
void output_heading(FILE *f, const experiment *e, const kpi_def *d);
int output_same_group(const kpi_def *a, const kpi_def *b);

/* The width of a table's KPI column for the n KPIs idx of e (24 to
 * 44). */
int output_name_width(const experiment *e, const size_t *idx, size_t n);

/* The table's last line: how many KPIs of how many it showed, and how
 * to see others. */
void output_footer(FILE *f, size_t shown, size_t selected, size_t total);

/* x with dp decimals and a comma between thousands ("112,669",
 * "-1,234.5"), or "-" when x is not a number, into buf. */
void output_num(char *buf, size_t len, double x, int dp);

/* A summary as JSON: {"mean", "ci95", "p5", "p95", "unit", "n"} (without
 * p5, p95 and unit when unit is NULL). */
void output_json_summary(FILE *f, const kpi_summary *s, const char *unit);

/* Its mean and confidence interval alone: {"mean": m, "ci95": [lo, hi]}. */
void output_json_ci(FILE *f, const kpi_summary *s);

#endif
