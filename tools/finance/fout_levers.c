/* fout_levers.c -- the savings by lever in every format (levers.h). */
#include <stdio.h>
#include "csv.h"
#include "fout_int.h"
#include "json.h"
#include "levers.h"
#include "output.h"
#include "text.h"

static const char *const METHOD[LEVER_METHODS] = {"alone", "sequential",
                                                  "shapley"};
static const char *const REST[LEVER_RESTS] = {
    "interaction", "all_levers", "other_changes", "total"};
static const char *const REST_LABEL[LEVER_RESTS] = {
    "interaction (together - sum alone)", "all levers together",
    "other changes (not levers)", "total saving (BASE - ALT)"};

static const char *part_name(int p)
{
    return p < COST_ITEMS     ? cost_item_kpi((cost_item)p)
           : p == LEVER_FIXED ? "fixed"
                              : "total";
}

static const char *part_label(int p)
{
    return p < COST_ITEMS     ? cost_item_label((cost_item)p)
           : p == LEVER_FIXED ? "fixed costs"
                              : "total";
}

static void cell(FILE *f, const kpi_summary *s)
{
    fprintf(f, " %9.0f [%7.0f,%7.0f]", s->mean / K, s->lo / K, s->hi / K);
}

/* The method: exact Shapley values over every subset, or sampled. */
static void method_note(FILE *f, const fin_levers *lv)
{
    if (lv->perms)
        fprintf(f, "Shapley values sampled over %zu orders of %zu levers "
                   "(%zu subsets run, each under common random numbers; "
                   "their Monte Carlo errors below)",
                lv->perms, lv->n, lv->n_sub);
    else
        fprintf(f, "Shapley values exact over all %u subsets of %zu "
                   "levers, each run under common random numbers",
                1u << lv->n, lv->n);
}

/* Sampled: each Shapley value's Monte Carlo standard error. */
static void table_errors(FILE *f, const fin_levers *lv)
{
    if (!lv->perms)
        return;
    fputs("Monte Carlo standard error of the sampled Shapley values, all "
          "years (GBP k)\n", f);
    for (size_t j = 0; j < lv->n; j++) {
        fputs("  ", f);
        text_term_cell(f, lv->name[j], 42);
        fprintf(f, " %9.0f\n", lv->shapley_se[j] / K);
    }
}

/* Alone, in sequence and Shapley, all years, with the lines beside. */
static void table_methods(FILE *f, const fin_levers *lv)
{
    size_t ny = lv->n_years;
    fprintf(f, "%-44s %27s %27s %27s\n", "lever", "alone [95% CI]",
            "in sequence [95% CI]", "Shapley [95% CI]");
    for (size_t j = 0; j < lv->n; j++) {
        fputs("  ", f);
        text_term_cell(f, lv->name[j], 42);
        for (int m = 0; m < LEVER_METHODS; m++) {
            kpi_summary s;
            fin_lever_summary(lv, (lever_method)m, j, ny, LEVER_TOTAL, &s);
            cell(f, &s);
        }
        fputc('\n', f);
    }
    for (int k = 0; k < LEVER_RESTS; k++) {
        kpi_summary s;
        fin_lever_rest_summary(lv, (lever_rest)k, ny, LEVER_TOTAL, &s);
        fprintf(f, "  %-42s", REST_LABEL[k]);
        for (int m = 0; m < LEVER_METHODS; m++) {
            /* the interaction is what the alone savings leave; the
             * others add up without one */
            if (k == LEVER_INTERACTION && m != LEVER_ALONE)
                fprintf(f, " %9d %17s", 0, "");
            else
                cell(f, &s);
        }
        fputc('\n', f);
    }
}

/* Shapley values by year, and by cost item over all years. */
static void table_detail(FILE *f, const fin_levers *lv, int price_base)
{
    size_t ny = lv->n_years;
    fputs("\nShapley value by financial year (", f);
    fout_price_note(f, price_base);
    fprintf(f, ")\n%-36s", "lever");
    for (size_t y = 0; y < ny; y++)
        fprintf(f, " %10s", lv->base->years[y].label);
    fprintf(f, " %10s\n", "all");
    for (size_t j = 0; j < lv->n; j++) {
        fputs("  ", f);
        text_term_cell(f, lv->name[j], 34);
        for (size_t y = 0; y <= ny; y++) {
            kpi_summary s;
            fin_lever_summary(lv, LEVER_SHAPLEY, j, y, LEVER_TOTAL, &s);
            fprintf(f, " %10.0f", s.mean / K);
        }
        fputc('\n', f);
    }
    fputs("\nShapley value by cost item, all years: the activity each lever "
          "avoided,\npriced once on its own column (", f);
    fout_price_note(f, price_base);
    fprintf(f, ")\n%-40s", "item");
    for (size_t j = 0; j < lv->n; j++) {
        fputc(' ', f);
        text_term_cell(f, lv->name[j], 14);
    }
    fputc('\n', f);
    for (int p = 0; p < LEVER_PARTS; p++) {
        fprintf(f, "  %-38.38s", part_label(p));
        for (size_t j = 0; j < lv->n; j++) {
            kpi_summary s;
            fin_lever_summary(lv, LEVER_SHAPLEY, j, ny, p, &s);
            fprintf(f, " %14.0f", s.mean / K);
        }
        fputc('\n', f);
    }
}

void fin_levers_table(FILE *f, const fin_levers *lv, int price_base)
{
    fputs("\nSavings by lever, all years (", f);
    fout_price_note(f, price_base);
    fprintf(f, "; mean [95%% CI] over %ld paired replications;\n",
            lv->reps);
    method_note(f, lv);
    fputs("; sequence: the scenario's order)\n", f);
    table_methods(f, lv);
    table_errors(f, lv);
    table_detail(f, lv, price_base);
}

/* {"alone": [...by year...], ...} of one lever, every part. */
static void json_lever(FILE *f, const fin_levers *lv, size_t j)
{
    size_t ny = lv->n_years;
    for (int m = 0; m < LEVER_METHODS; m++) {
        fprintf(f, "%s\"%s\": {", m ? ",\n    " : "", METHOD[m]);
        for (int p = 0; p < LEVER_PARTS; p++) {
            fprintf(f, "%s\"%s\": [", p ? ", " : "", part_name(p));
            for (size_t y = 0; y <= ny; y++) {
                kpi_summary s;
                fin_lever_summary(lv, (lever_method)m, j, y, p, &s);
                fputs(y ? ", " : "", f);
                output_json_ci(f, &s);
            }
            fputc(']', f);
        }
        fputc('}', f);
    }
}

void fin_levers_json(FILE *f, const fin_levers *lv)
{
    size_t ny = lv->n_years;
    if (lv->perms)
        fprintf(f, ",\n \"levers\": {\"method\": \"sampled\", \"orders\": "
                   "%zu, \"subsets\": %zu, ", lv->perms, lv->n_sub);
    else
        fprintf(f, ",\n \"levers\": {\"method\": \"exact\", \"subsets\": "
                   "%u, ", 1u << lv->n);
    fputs("\"by_year\": \"each financial year, then all years\", "
          "\"levers\": [", f);
    for (size_t j = 0; j < lv->n; j++) {
        fputs(j ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
        json_str(f, lv->name[j]);
        if (lv->perms) {
            fputs(", \"shapley_mc_se\": ", f);
            json_num(f, lv->shapley_se[j]);
        }
        fputs(",\n    ", f);
        json_lever(f, lv, j);
        fputc('}', f);
    }
    fputs("]", f);
    for (int k = 0; k < LEVER_RESTS; k++) {
        fprintf(f, ",\n  \"%s\": {", REST[k]);
        for (int p = 0; p < LEVER_PARTS; p++) {
            fprintf(f, "%s\"%s\": [", p ? ", " : "", part_name(p));
            for (size_t y = 0; y <= ny; y++) {
                kpi_summary s;
                fin_lever_rest_summary(lv, (lever_rest)k, y, p, &s);
                fputs(y ? ", " : "", f);
                output_json_ci(f, &s);
            }
            fputc(']', f);
        }
        fputc('}', f);
    }
    fputc('}', f);
}

static void csv_row(FILE *f, const char *year, const char *line,
                    const char *measure, int p, const kpi_summary *s)
{
    csv_text(f, year);
    fputc(',', f);
    csv_text(f, line);
    fprintf(f, ",%s:%s,%.10g,%.10g,%.10g\n", measure, part_name(p), s->mean,
            s->lo, s->hi);
}

void fin_levers_csv(FILE *f, const fin_levers *lv)
{
    size_t ny = lv->n_years;
    for (size_t y = 0; y <= ny; y++) {
        const char *yl = y < ny ? lv->base->years[y].label : "all";
        for (size_t j = 0; j < lv->n; j++) {
            char line[96];
            snprintf(line, sizeof line, "lever.%s", lv->name[j]);
            for (int m = 0; m < LEVER_METHODS; m++)
                for (int p = 0; p < LEVER_PARTS; p++) {
                    kpi_summary s;
                    fin_lever_summary(lv, (lever_method)m, j, y, p, &s);
                    csv_row(f, yl, line, METHOD[m], p, &s);
                }
        }
        for (int k = 0; k < LEVER_RESTS; k++)
            for (int p = 0; p < LEVER_PARTS; p++) {
                kpi_summary s;
                char line[32];
                snprintf(line, sizeof line, "levers.%s", REST[k]);
                fin_lever_rest_summary(lv, (lever_rest)k, y, p, &s);
                csv_row(f, yl, line, "saving", p, &s);
            }
    }
}

/* Static against dynamic where the case says which levers make a line:
 * the ratio is then the levers' own, not whatever else moves the cost
 * items the line was measured by. */
void fin_levers_versus(FILE *f, const fin_benefits *b)
{
    const business_case *bc = b->bc;
    const fin_levers *lv = b->levers;
    size_t ny = lv->n_years, shown = 0;
    double factor = 1;
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    if (c)
        costs_price_factor(c, bc->price_year, c->price_base, &factor);
    for (size_t l = 0; l < bc->n_lines; l++) {
        const bc_line *x = &bc->lines[l];
        if (!x->n_levers)
            continue;
        if (!shown++) {
            fputs("\nStatic vs dynamic by lever: each business-case line "
                  "against the Shapley values of\nthe levers it names (",
                  f);
            fout_price_note(f, b->price_base);
            fprintf(f, ")\n%-40s %-8s %10s %10s  %-24s %8s\n", "line",
                    "year", "static", "levers", "levers' 95% CI",
                    "dyn/stat");
        }
        for (size_t y = 0; y <= ny; y++) {
            double st = 0;
            for (size_t k = (y < ny ? y : 0);
                 k < (y < ny ? y + 1 : ny) && k < bc->n_years; k++)
                st += factor * bc_line_exact(bc, l, k);
            kpi_summary s;
            fin_levers_sum_summary(lv, x->levers, x->n_levers, y,
                                   LEVER_TOTAL, &s);
            text_term_cell(f, y ? "" : (x->label ? x->label : x->name), 40);
            fprintf(f, " %-8s %10.0f %10.0f  [%9.0f, %9.0f]  ",
                    y < ny ? lv->base->years[y].label : "all", st,
                    s.mean / K, s.lo / K, s.hi / K);
            if (st != 0)
                fprintf(f, "%7.0f%%\n", 100 * s.mean / K / st);
            else
                fprintf(f, "%8s\n", "-");
        }
    }
}
