/* fout_data.c -- the finance output as data: JSON and CSV (fout_int.h). */
#include <stdio.h>
#include "csv.h"
#include "fout_int.h"
#include "json.h"
#include "levers.h"
#include "output.h"

/* The heading members: base, alt, replications, seed, price base. */
static void json_head(FILE *f, const fin_benefits *b)
{
    char fy[16];
    fputs("{\"base\": ", f);
    json_str(f, b->base.sc->name);
    fputs(", \"alt\": ", f);
    json_str(f, b->alt.sc->name);
    fprintf(f, ", \"replications\": %ld, \"seed\": %llu, \"price_base\": ",
            b->base.reps, (unsigned long long)b->base.sc->seed);
    if (b->price_base >= 0)
        json_str(f, costs_fy_name(b->price_base, fy, sizeof fy));
    else
        fputs("null", f);
    for (int w = 0; w < 2; w++) {
        fputs(w ? ", \"alt_set\": [" : ", \"base_set\": [", f);
        for (size_t k = 0; k < b->n_overrides[w]; k++) {
            fputs(k ? ", " : "", f);
            json_str(f, b->overrides[w][k]);
        }
        fputc(']', f);
    }
}

/* "years": each financial year's days and investment. */
static void json_years(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs(", \"currency\": \"GBP\", \"years\": [", f);
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "%s{\"year\": ", y ? ", " : "");
        json_str(f, b->base.years[y].label);
        fprintf(f, ", \"days\": %zu, \"length\": %zu, \"investment\": ",
                b->base.years[y].d1 - b->base.years[y].d0,
                b->base.years[y].length);
        json_num(f, b->invest[y]);
        fputs(", \"investment_after_bias\": ", f);
        json_num(f, b->invest_biased[y]);
        fputc('}', f);
    }
    fputc(']', f);
}

/* "lines": each line's savings by year (gross, cash, non-cash). */
static void json_lines(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs(",\n \"lines\": [", f);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        fputs(l ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
        json_str(f, x->name);
        fputs(", \"label\": ", f);
        json_str(f, x->label);
        fprintf(f, ", \"kind\": \"%s\", \"optimism_bias\": ",
                x->kind == LINE_SIMULATED ? "simulated"
                : x->kind == LINE_FIXED   ? "fixed"
                : x->kind == LINE_RELEASE ? "release"
                                          : "static");
        json_num(f, x->optimism_bias);
        fputs(", \"by_year\": [", f);
        for (size_t y = 0; y <= ny; y++) {
            fputs(y ? ", {" : "{", f);
            for (int w = 0; w < 3; w++) {
                kpi_summary s;
                fin_line_summary(b, l, y, w, &s);
                fprintf(f, "%s\"%s\": ", w ? ", " : "", fout_which[w]);
                output_json_ci(f, &s);
            }
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputc(']', f);
}

/* "totals" by year (gross, cash, non-cash, after bias, net). */
static void json_totals(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs(",\n \"totals\": [", f);
    for (size_t y = 0; y <= ny; y++) {
        fputs(y ? ",\n  {" : "\n  {", f);
        for (int w = 0; w < 5; w++) {
            kpi_summary s;
            fin_total_summary(b, y, w, &s);
            fprintf(f, "%s\"%s\": ", w ? ", " : "", fout_which[w]);
            output_json_ci(f, &s);
        }
        fputc('}', f);
    }
    fputc(']', f);
}

/* "activity_avoided": by item, each year and all years. */
static void json_activity(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs(",\n \"activity_avoided\": {", f);
    for (int i = 0; i < COST_ITEMS; i++) {
        fprintf(f, "%s\n  \"%s\": [", i ? "," : "",
                cost_item_kpi((cost_item)i));
        for (size_t y = 0; y <= ny; y++) {
            kpi_summary s;
            fin_activity_summary(b, i, y, &s);
            if (y)
                fputs(", ", f);
            output_json_ci(f, &s);
        }
        fputc(']', f);
    }
    fputs("}", f);
}

/* "static": the business case's own table, as it prints it. */
static void json_static(FILE *f, const business_case *bc)
{
    char fy[16];
    fputs(",\n \"static\": {\"price_year\": ", f);
    json_str(f, costs_fy_name(bc->price_year, fy, sizeof fy));
    fputs(", \"years\": [", f);
    for (size_t y = 0; y < bc->n_years; y++) {
        if (y)
            fputs(", ", f);
        json_str(f, costs_fy_name(bc->years[y], fy, sizeof fy));
    }
    fputs("], \"lines\": {", f);
    for (size_t l = 0; l < bc->n_lines; l++) {
        fputs(l ? ", " : "", f);
        json_str(f, bc->lines[l].name);
        fputs(": [", f);
        for (size_t y = 0; y < bc->n_years; y++)
            fprintf(f, "%s%.0f", y ? ", " : "", bc_line_value(bc, l, y));
        fputc(']', f);
    }
    fputs("}, \"total\": [", f);
    for (size_t y = 0; y < bc->n_years; y++)
        fprintf(f, "%s%.0f", y ? ", " : "", bc_total(bc, y));
    fprintf(f, "], \"mismatches\": %zu}", bc_mismatches(bc));
}

/* "by_payer": all years, each payer named and null for none. */
static void json_payers(FILE *f, const fin_benefits *b)
{
    const char *p[64];
    size_t n = fin_payers(b, p, 64), ny = b->base.n_years;
    if (!n)
        return;
    fputs(",\n \"by_payer\": [", f);
    for (size_t k = 0; k <= n; k++) {
        kpi_summary s, c;
        fin_payer_summary(b, k < n ? p[k] : NULL, ny, 0, &s);
        fin_payer_summary(b, k < n ? p[k] : NULL, ny, 1, &c);
        fputs(k ? ",\n  {\"payer\": " : "\n  {\"payer\": ", f);
        if (k < n)
            json_str(f, p[k]);
        else
            fputs("null", f);
        fputs(", \"gross\": ", f);
        output_json_ci(f, &s);
        fputs(", \"cash_releasing\": ", f);
        output_json_ci(f, &c);
        fputc('}', f);
    }
    fputc(']', f);
}

/* ",\n "NAME": {"total": x, ITEM: x...}": one figure of what common
 * random numbers bought, all years: the total's and each drawn item's
 * (crn.c). */
static void json_crn_figure(FILE *f, const fin_benefits *b, const char *name,
                            double (*fig)(const fin_benefits *, int))
{
    fprintf(f, ",\n \"%s\": {\"total\": ", name);
    json_num(f, fig(b, COST_ITEMS + 1));
    for (int i = 0; i < COST_ITEMS; i++) {
        fputs(", ", f);
        json_str(f, cost_item_key((cost_item)i));
        fputs(": ", f);
        json_num(f, fig(b, i));
    }
    fputc('}', f);
}

/* "width_ratio", what the pairing bought, and "width_floor", the best any
 * pairing could. */
static void json_width_ratio(FILE *f, const fin_benefits *b)
{
    json_crn_figure(f, b, "width_ratio", fin_width_ratio);
    json_crn_figure(f, b, "width_floor", fin_width_floor);
}

void fout_json(FILE *f, const fin_benefits *b)
{
    json_head(f, b);
    json_years(f, b);
    json_lines(f, b);
    json_totals(f, b);
    json_activity(f, b);
    if (b->bc)
        json_static(f, b->bc);
    if (b->levers)
        fin_levers_json(f, b->levers);
    kpi_summary npv;
    double rate = fin_discount_rate(b);
    fin_npv_summary(b, rate, &npv);
    long pay = fin_payback_year(b, rate);
    fputs(",\n \"appraisal\": {\"discount_rate\": ", f);
    json_num(f, rate);
    fputs(", \"npv\": ", f);
    output_json_ci(f, &npv);
    fputs(", \"payback_year\": ", f);
    if (pay >= 0)
        json_str(f, b->base.years[pay].label);
    else
        fputs("null", f);
    fputc('}', f);
    json_width_ratio(f, b);
    json_payers(f, b);
    fout_psa_json(f, b);
    fout_schedule_json(f, fout_schedule_base(b));
    if (fout_schedule_alt(b)) {
        fputs(",\n \"alt_cost_schedule\": {\"of\": \"alt\"", f);
        fout_schedule_json(f, fout_schedule_alt(b));
        fputc('}', f);
    }
    fputs("}\n", f);
}

void fout_csv(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs("year,line,measure,mean,lo,hi\n", f);
    for (size_t y = 0; y <= ny; y++) {
        const char *yl = y < ny ? b->base.years[y].label : "all";
        for (size_t l = 0; l < b->n_lines; l++)
            for (int w = 0; w < 3; w++) {
                kpi_summary s;
                fin_line_summary(b, l, y, w, &s);
                csv_text(f, yl);
                fputc(',', f);
                csv_text(f, b->lines[l].name);
                fprintf(f, ",%s,%.10g,%.10g,%.10g\n", fout_which[w], s.mean,
                        s.lo, s.hi);
            }
        for (int w = 0; w < 5; w++) {
            kpi_summary s;
            fin_total_summary(b, y, w, &s);
            fprintf(f, "%s,total,%s,%.10g,%.10g,%.10g\n", yl, fout_which[w],
                    s.mean, s.lo, s.hi);
        }
        for (int i = 0; i < COST_ITEMS; i++) {
            kpi_summary s;
            fin_activity_summary(b, i, y, &s);
            fprintf(f, "%s,%s,avoided,%.10g,%.10g,%.10g\n", yl,
                    cost_item_kpi((cost_item)i), s.mean, s.lo, s.hi);
        }
    }
    if (b->levers)
        fin_levers_csv(f, b->levers);
}
