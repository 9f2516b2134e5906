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

/* Writes the summary of e as a table (FORMAT_TABLE, and any format that
 * is not data), JSON or CSV.  Returns 0, or -1 on a write error. */
int output_write(FILE *f, const experiment *e, out_format fmt);

/* A summary as JSON: {"mean", "ci95", "p5", "p95", "unit", "n"} (without
 * p5, p95 and unit when unit is NULL). */
void output_json_summary(FILE *f, const kpi_summary *s, const char *unit);

/* Its mean and confidence interval alone: {"mean": m, "ci95": [lo, hi]}. */
void output_json_ci(FILE *f, const kpi_summary *s);

#endif
