/* output.c -- an experiment's KPIs as a table, JSON or CSV, and the
 * JSON of a summary (output.h). */
#include <math.h>
#include "csv.h"
#include "jams.h"
#include "json.h"
#include "output.h"
#include "text.h"

/* The members every summary starts with: {"mean": m, "ci95": [lo, hi] */
static void json_mean_ci(FILE *f, const kpi_summary *s)
{
    fputs("{\"mean\": ", f);
    json_num(f, s->mean);
    fputs(", \"ci95\": [", f);
    json_num(f, s->lo);
    fputs(", ", f);
    json_num(f, s->hi);
    fputs("]", f);
}

void output_json_ci(FILE *f, const kpi_summary *s)
{
    json_mean_ci(f, s);
    fputs("}", f);
}

void output_json_summary(FILE *f, const kpi_summary *s, const char *unit)
{
    json_mean_ci(f, s);
    if (unit) {
        fputs(", \"p5\": ", f);
        json_num(f, s->p5);
        fputs(", \"p95\": ", f);
        json_num(f, s->p95);
        fputs(", \"unit\": ", f);
        json_str(f, unit);
    }
    fprintf(f, ", \"n\": %ld}", s->n);
}

static void write_json(FILE *f, const experiment *e)
{
    fputs("{\"scenario\": ", f);
    json_str(f, e->sc->name);
    fprintf(f, ", \"replications\": %ld, \"seed\": %llu, \"kpis\": {",
            e->reps, (unsigned long long)e->sc->seed);
    for (size_t k = 0; k < e->kpis.n; k++) {
        kpi_summary s;
        experiment_summarise(e, k, &s);
        fputs(k ? ",\n  " : "\n  ", f);
        json_str(f, e->kpis.defs[k].name);
        fputs(": ", f);
        output_json_summary(f, &s, e->kpis.defs[k].unit);
    }
    jam_note j[JAMS_MAX];
    fputs("\n}, \"warnings\": ", f);
    jams_write_json(f, e->sc, j, jams_find(e, j, JAMS_MAX));
    fputs("}\n", f);
}

static void write_csv(FILE *f, const experiment *e)
{
    fputs("kpi,unit,mean,ci95_lo,ci95_hi,p5,p95,n\n", f);
    for (size_t k = 0; k < e->kpis.n; k++) {
        kpi_summary s;
        experiment_summarise(e, k, &s);
        csv_text(f, e->kpis.defs[k].name);
        fputc(',', f);
        csv_text(f, e->kpis.defs[k].unit);
        csv_num(f, s.mean);
        csv_num(f, s.lo);
        csv_num(f, s.hi);
        csv_num(f, s.p5);
        csv_num(f, s.p95);
        fprintf(f, ",%ld\n", s.n);
    }
}

/* Counts in the thousands read best whole (112,700 not 1.127e+05). */
static void table_num(FILE *f, double x)
{
    if (isfinite(x) && fabs(x) >= 1000 && fabs(x) < 1e11)
        fprintf(f, " %11.0f", x);
    else if (isfinite(x))
        fprintf(f, " %11.4g", x);
    else
        fprintf(f, " %11s", "-");
}

static void write_table(FILE *f, const experiment *e)
{
    jam_note j[JAMS_MAX];
    fputs("scenario ", f);
    text_term(f, e->sc->name);
    fprintf(f, ": %ld replications, seed %llu\n\n", e->reps,
            (unsigned long long)e->sc->seed);
    size_t nj = jams_find(e, j, JAMS_MAX);
    jams_write_text(f, e->sc, j, nj);
    if (nj)
        fputc('\n', f);
    fprintf(f, "%-40s %-9s %11s %11s %11s %11s %11s\n", "KPI", "unit",
            "mean", "ci95 lo", "ci95 hi", "p5", "p95");
    for (size_t k = 0; k < e->kpis.n; k++) {
        kpi_summary s;
        experiment_summarise(e, k, &s);
        text_term_pad(f, e->kpis.defs[k].name, -40);
        fputc(' ', f);
        text_term_pad(f, e->kpis.defs[k].unit, -9);
        table_num(f, s.mean);
        table_num(f, s.lo);
        table_num(f, s.hi);
        table_num(f, s.p5);
        table_num(f, s.p95);
        fputc('\n', f);
    }
}

int output_write(FILE *f, const experiment *e, out_format fmt)
{
    switch (fmt) {
    case FORMAT_JSON:
        write_json(f, e);
        break;
    case FORMAT_CSV:
        write_csv(f, e);
        break;
    default: /* FORMAT_TABLE: run offers no other (format_parse) */
        write_table(f, e);
        break;
    }
    return ferror(f) ? -1 : 0;
}
