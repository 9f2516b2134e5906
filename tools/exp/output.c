/* output.c -- an experiment's KPIs as a table, JSON or CSV, and the
 * JSON of a summary (output.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "headline.h"
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

static void write_json(FILE *f, const experiment *e, const size_t *idx,
                       size_t n)
{
    fputs("{\"scenario\": ", f);
    json_str(f, e->sc->name);
    fprintf(f, ", \"replications\": %ld, \"seed\": %llu, \"kpis\": {",
            e->reps, (unsigned long long)e->sc->seed);
    for (size_t i = 0; i < n; i++) {
        size_t k = idx[i];
        kpi_summary s;
        experiment_summarise(e, k, &s);
        fputs(i ? ",\n  " : "\n  ", f);
        json_str(f, e->kpis.defs[k].name);
        fputs(": ", f);
        output_json_summary(f, &s, e->kpis.defs[k].unit);
    }
    if (e->precision > 0) {
        fputs("\n}, \"precision\": {\"target_percent\": ", f);
        json_num(f, 100 * e->precision);
        fprintf(f, ", \"reached\": %s, \"worst\": ",
                e->precision_missed ? "false" : "true");
        json_str(f, e->kpis.defs[e->precision_worst].name);
        fputs(", \"half_width_ratio\": ", f);
        json_num(f, e->precision_ratio);
        fputs("}", f);
    } else {
        fputs("\n}", f);
    }
    jam_note j[JAMS_MAX];
    fputs(", \"warnings\": ", f);
    jams_write_json(f, e->sc, j, jams_find(e, j, JAMS_MAX));
    fputs("}\n", f);
}

static void write_csv(FILE *f, const experiment *e, const size_t *idx,
                      size_t n)
{
    fputs("kpi,unit,mean,ci95_lo,ci95_hi,p5,p95,n\n", f);
    for (size_t i = 0; i < n; i++) {
        size_t k = idx[i];
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

int output_decimals(double a)
{
    a = fabs(a);
    if (!isfinite(a) || a == 0 || a >= 1000)
        return 0;
    if (a >= 10)
        return 1;
    if (a >= 1)
        return 2;
    int dp = 2 - (int)floor(log10(a));
    return dp > 9 ? 9 : dp;
}

void output_num(char *buf, size_t len, double x, int dp)
{
    char raw[64];
    if (!isfinite(x) || fabs(x) >= 1e18) {
        snprintf(buf, len, isfinite(x) ? "%.3g" : "-", x);
        return;
    }
    snprintf(raw, sizeof raw, "%.*f", dp, x);
    if (strspn(raw, "-0.") == strlen(raw))
        memmove(raw, raw + (raw[0] == '-'), strlen(raw)); /* no "-0.0" */
    char out[96];
    size_t o = 0;
    const char *p = raw;
    if (*p == '-')
        out[o++] = *p++;
    size_t whole = strcspn(p, ".");
    for (size_t i = 0; i < whole; i++) {
        if (i > 0 && (whole - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = p[i];
    }
    snprintf(out + o, sizeof out - o, "%s", p + whole);
    snprintf(buf, len, "%s", out);
}

/* Shares read best as percentages (37.5 %, not 0.3753). */
double output_scale(const kpi_def *d)
{
    return d->info->kind == KPI_SHARE ? 100 : 1;
}

const char *output_unit(const kpi_def *d)
{
    return d->info->kind == KPI_SHARE || d->info->kind == KPI_PERCENT
               ? "%"
               : d->unit;
}

/* The group a row belongs to, for a heading when it changes: the area,
 * or for a unit's own KPIs the unit. */
void output_heading(FILE *f, const experiment *e, const kpi_def *d)
{
    static const char *const AREAS[KPI_AREAS] = {
        "A&E and SDEC", "Acute beds", "Discharge", "Community",
        "Activity and cost", "", "Whole system"};
    if (d->unit_index >= 0) {
        fputs("unit ", f);
        text_term(f, e->sc->units[d->unit_index].name);
    } else if (d->month >= 0) {
        fputs("By month", f);
    } else {
        fputs(AREAS[d->info->area], f);
    }
    fputc('\n', f);
}

/* Whether two rows share a heading. */
int output_same_group(const kpi_def *a, const kpi_def *b)
{
    if (a->unit_index >= 0 || b->unit_index >= 0)
        return a->unit_index == b->unit_index;
    if ((a->month >= 0) != (b->month >= 0))
        return 0;
    return a->month >= 0 || a->info->area == b->info->area;
}

int output_name_width(const experiment *e, const size_t *idx, size_t n)
{
    int width = 24;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(e->kpis.defs[idx[i]].name);
        if (len > (size_t)width)
            width = len > 44 ? 44 : (int)len;
    }
    return width;
}

void output_footer(FILE *f, size_t shown, size_t selected, size_t total)
{
    fprintf(f, "%zu of %zu KPIs", shown, total);
    if (selected < total)
        fputs("; --all shows every one, --kpis 'ed.*,...' chooses", f);
    else if (shown < selected)
        fprintf(f, "; %zu observed in no replication", selected - shown);
    fputc('\n', f);
}

#define TABLE_NUM 12 /* a number column's width */

static void table_row(FILE *f, const kpi_def *d, const kpi_summary *s,
                      int width)
{
    double m = output_scale(d);
    int dp = output_decimals(s->mean != 0 ? s->mean * m
                                          : fmax(fabs(s->hi), fabs(s->p95)) * m);
    double v[5] = {s->mean, s->lo, s->hi, s->p5, s->p95};
    fputs("  ", f);
    text_term_pad(f, d->name, -width);
    fputc(' ', f);
    text_term_pad(f, output_unit(d), -9);
    for (int i = 0; i < 5; i++) {
        char b[64];
        output_num(b, sizeof b, v[i] * m, dp);
        fprintf(f, " %*s", TABLE_NUM, b);
    }
    fputc('\n', f);
}

static void write_table(FILE *f, const experiment *e, const size_t *idx,
                        size_t n)
{
    jam_note j[JAMS_MAX];
    fputs("scenario ", f);
    text_term(f, e->sc->name);
    fprintf(f, ": %ld replications, seed %llu\n", e->reps,
            (unsigned long long)e->sc->seed);
    if (e->precision > 0) {
        fprintf(f, "precision %g%% %s (worst: ", 100 * e->precision,
                e->precision_missed ? "NOT reached" : "reached");
        text_term(f, e->kpis.defs[e->precision_worst].name);
        fprintf(f, ", CI half-width %.3g times the allowed)\n",
                e->precision_ratio);
    }
    fputc('\n', f);
    size_t nj = jams_find(e, j, JAMS_MAX);
    jams_write_text(f, e->sc, j, nj);
    if (nj)
        fputc('\n', f);
    int width = output_name_width(e, idx, n);
    fprintf(f, "  %-*s %-9s %*s %*s %*s %*s %*s\n", width, "KPI", "unit",
            TABLE_NUM, "mean", TABLE_NUM, "95% CI from", TABLE_NUM, "to",
            TABLE_NUM, "p5", TABLE_NUM, "p95");
    const kpi_def *last = NULL;
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const kpi_def *d = &e->kpis.defs[idx[i]];
        kpi_summary s;
        experiment_summarise(e, idx[i], &s);
        if (s.n == 0)
            continue; /* a unit or pathway this model does not have */
        if (!last || !output_same_group(last, d))
            output_heading(f, e, d);
        last = d;
        table_row(f, d, &s, width);
        shown++;
    }
    fputc('\n', f);
    output_footer(f, shown, n, e->kpis.n);
}

size_t output_select(const experiment *e, out_format fmt,
                     const output_view *v, size_t *idx)
{
    if (v && v->kpis)
        return headline_select(&e->kpis, v->kpis, idx);
    if (fmt == FORMAT_TABLE && !(v && v->all)) {
        size_t n = headline_compact(&e->kpis, idx);
        if (n > 0)
            return n;
    }
    for (size_t k = 0; k < e->kpis.n; k++)
        idx[k] = k;
    return e->kpis.n;
}

int output_write(FILE *f, const experiment *e, out_format fmt,
                 const output_view *v)
{
    size_t *idx = malloc((e->kpis.n + 1) * sizeof *idx);
    if (!idx)
        return -1;
    size_t n = output_select(e, fmt, v, idx);
    switch (fmt) {
    case FORMAT_JSON:
        write_json(f, e, idx, n);
        break;
    case FORMAT_CSV:
        write_csv(f, e, idx, n);
        break;
    default: /* FORMAT_TABLE: run offers no other (format_parse) */
        write_table(f, e, idx, n);
        break;
    }
    free(idx);
    return ferror(f) ? -1 : 0;
}
