/* bcstatic.c -- a business case's own arithmetic, the "static" method
 * (finance.h): a fixed base-year full effect x phasing by year. */
#include <math.h>
#include <stdio.h>
#include "finance.h"
#include "text.h"

double bc_line_exact(const business_case *b, size_t l, size_t y)
{
    const bc_line *ln = &b->lines[l];
    double v = 0;
    for (size_t k = 0; k < ln->n_components; k++)
        v += ln->components[k].full_year * ln->components[k].phasing[y];
    return v;
}

double bc_line_value(const business_case *b, size_t l, size_t y)
{
    /* to 1e-6 first, so that 0.3 x 988 = 296.40000000000003 and the like
     * round as the spreadsheet shows them; + 0.0 turns -0 into 0 */
    double x = round(bc_line_exact(b, l, y) * 1e6) / 1e6;
    return round(x) + 0.0;
}

double bc_total(const business_case *b, size_t y)
{
    double t = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        t += bc_line_value(b, l, y);
    return t;
}

double bc_line_biased(const business_case *b, size_t l, size_t y)
{
    return bc_line_exact(b, l, y) * (1 - b->lines[l].optimism_bias);
}

double bc_total_biased(const business_case *b, size_t y)
{
    double t = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        t += bc_line_biased(b, l, y);
    return t;
}

double bc_invest_total(const business_case *b, size_t y)
{
    double t = 0;
    for (size_t i = 0; i < b->n_investment; i++)
        t += b->investment[i].by_year[y];
    return t;
}

double bc_investment_biased(const business_case *b, size_t y)
{
    return bc_invest_total(b, y) * (1 + b->investment_bias);
}

size_t bc_mismatches(const business_case *b)
{
    size_t bad = 0;
    for (size_t y = 0; y < b->n_years; y++) {
        for (size_t l = 0; l < b->n_lines; l++)
            if (b->lines[l].printed &&
                bc_line_value(b, l, y) != b->lines[l].printed[y])
                bad++;
        if (b->printed_total && bc_total(b, y) != b->printed_total[y])
            bad++;
    }
    return bad;
}

static const char *label(const bc_line *l)
{
    return l->label ? l->label : l->name;
}

void bc_write_table(FILE *f, const business_case *b)
{
    char fy[16];
    text_term(f, b->name ? b->name : "business case");
    fprintf(f, ": the business case's own arithmetic (static method), "
               "GBP k at %s prices\n",
            costs_fy_name(b->price_year, fy, sizeof fy));
    if (b->source) {
        fputs("source: ", f);
        text_term(f, b->source);
        fputc('\n', f);
    }
    fprintf(f, "\n%-44s", "benefit line");
    for (size_t y = 0; y < b->n_years; y++)
        fprintf(f, " %9s", costs_fy_name(b->years[y], fy, sizeof fy));
    fprintf(f, "  %s\n", "printed");
    size_t bad = 0;
    for (size_t l = 0; l < b->n_lines; l++) {
        const bc_line *ln = &b->lines[l];
        text_term_cell(f, label(ln), 44);
        int ok = 1;
        for (size_t y = 0; y < b->n_years; y++) {
            double v = bc_line_value(b, l, y);
            fprintf(f, " %9.0f", v);
            if (ln->printed && v != ln->printed[y])
                ok = 0;
        }
        fprintf(f, "  %s\n", !ln->printed ? "-" : ok ? "same" : "DIFFERS");
        bad += !ok;
    }
    fprintf(f, "%-44s", "Total");
    int ok = 1;
    for (size_t y = 0; y < b->n_years; y++) {
        fprintf(f, " %9.0f", bc_total(b, y));
        if (b->printed_total && bc_total(b, y) != b->printed_total[y])
            ok = 0;
    }
    fprintf(f, "  %s\n", !b->printed_total ? "-" : ok ? "same" : "DIFFERS");
    bad += !ok;
    fprintf(f, "%-44s", "after optimism bias (by line)");
    for (size_t y = 0; y < b->n_years; y++)
        fprintf(f, " %9.0f", bc_total_biased(b, y));
    fputc('\n', f);
    if (b->n_investment) {
        fprintf(f, "%-44s", "investment");
        for (size_t y = 0; y < b->n_years; y++)
            fprintf(f, " %9.0f", bc_invest_total(b, y));
        fprintf(f, "\n%-44s", "net of investment (before optimism bias)");
        for (size_t y = 0; y < b->n_years; y++)
            fprintf(f, " %9.0f", bc_total(b, y) - bc_invest_total(b, y));
        fprintf(f, "\n%-44s", "investment after optimism bias");
        for (size_t y = 0; y < b->n_years; y++)
            fprintf(f, " %9.0f", bc_investment_biased(b, y));
        fprintf(f, "\n%-44s", "net after optimism bias");
        for (size_t y = 0; y < b->n_years; y++)
            fprintf(f, " %9.0f",
                    bc_total_biased(b, y) - bc_investment_biased(b, y));
        fputc('\n', f);
    }
    if (b->printed_total || bad)
        fprintf(f, "\n%s\n", bad ? "the printed table is NOT reproduced"
                                 : "every printed line and total reproduced "
                                   "to the GBP k");
}
