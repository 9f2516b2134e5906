/* fout.c -- the finance output (finance.h): the table, and the choice
 * of format (JSON and CSV: fout_data.c; HTML: fout_html.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fout_int.h"
#include "json.h"
#include "levers.h"
#include "output.h"
#include "text.h"

/* A mean and its 95% CI, scaled, in columns. */
static void ci(FILE *f, const kpi_summary *s, double scale)
{
    fprintf(f, " %10.0f  [%9.0f, %9.0f]", s->mean / scale, s->lo / scale,
            s->hi / scale);
}

/* "2022/23 (365 of 365 days)" */
static void year_head(FILE *f, const fin_year *y)
{
    fprintf(f, "%s (%zu of %zu days)", y->label, y->d1 - y->d0, y->length);
}

/* Static vs dynamic, line by line and year by year. */
static void write_versus(FILE *f, const fin_benefits *b)
{
    const business_case *bc = b->bc;
    size_t ny = b->base.n_years;
    char fy[16];
    double factor = 1;
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    if (c)
        costs_price_factor(c, bc->price_year, c->price_base, &factor);
    fprintf(f, "\nStatic (the business case's arithmetic) vs dynamic (the "
               "simulation), ");
    fout_price_note(f, b->price_base);
    fprintf(f, ";\nbusiness-case year i laid on the i-th financial year; "
               "static converted from %s prices x %.4f\n",
            costs_fy_name(bc->price_year, fy, sizeof fy), factor);
    fprintf(f, "%-40s %-8s %10s %10s  %-24s %8s\n", "line", "year", "static",
            "dynamic", "dynamic 95% CI", "dyn/stat");
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0)
            continue;
        for (size_t y = 0; y <= ny; y++) {
            double st = 0;
            if (y < ny)
                st = y < bc->n_years
                         ? factor * bc_line_exact(bc, (size_t)x->bc_line, y)
                         : 0;
            else
                for (size_t k = 0; k < ny && k < bc->n_years; k++)
                    st += factor * bc_line_exact(bc, (size_t)x->bc_line, k);
            kpi_summary s;
            fin_line_summary(b, l, y, 0, &s);
            char ratio[16];
            if (x->kind == LINE_STATIC)
                snprintf(ratio, sizeof ratio, "static");
            else if (st != 0)
                snprintf(ratio, sizeof ratio, "%.0f%%", 100 * s.mean / K / st);
            else
                snprintf(ratio, sizeof ratio, "-");
            text_term_cell(f, y ? "" : x->label, 40);
            fprintf(f, " %-8s %10.0f %10.0f  [%9.0f, %9.0f]  %7s\n",
                    y < ny ? b->base.years[y].label : "all", st, s.mean / K,
                    s.lo / K, s.hi / K, ratio);
        }
    }
}

static void write_ratio_table(FILE *f, const fin_benefits *b)
{
    const business_case *bc = b->bc;
    size_t ny = b->base.n_years;
    double factor = 1;
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    if (c)
        costs_price_factor(c, bc->price_year, c->price_base, &factor);
    fprintf(f, "\nDynamic as a share of static, by simulated line "
               "(mean dynamic / static)\n%-40s", "line");
    for (size_t y = 0; y < ny; y++)
        fprintf(f, " %8s", b->base.years[y].label);
    fputc('\n', f);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0 || x->kind != LINE_SIMULATED)
            continue;
        text_term_cell(f, x->label, 40);
        for (size_t y = 0; y < ny; y++) {
            double st = y < bc->n_years
                            ? factor * bc_line_exact(bc, (size_t)x->bc_line, y)
                            : 0;
            kpi_summary s;
            fin_line_summary(b, l, y, 0, &s);
            if (st != 0)
                fprintf(f, " %7.0f%%", 100 * s.mean / K / st);
            else
                fprintf(f, " %8s", "-");
        }
        fputc('\n', f);
    }
}

/* The heading: who against whom, replications, seed, prices. */
static void table_head(FILE *f, const fin_benefits *b)
{
    fputs("flowsim benefits: ", f);
    text_term(f, b->alt.sc->name);
    fputs(" vs ", f);
    text_term(f, b->base.sc->name);
    fprintf(f, ", %ld paired replications (common random numbers), seed "
               "%llu\n",
            b->base.reps, (unsigned long long)b->base.sc->seed);
    for (int w = 0; w < 2; w++)
        for (size_t k = 0; k < b->n_overrides[w]; k++) {
            fputs(w ? "ALT  --set " : "BASE --set ", f);
            text_term(f, b->overrides[w][k]);
            fputc('\n', f);
        }
    fputs("savings = BASE cost - ALT cost; ", f);
    fout_price_note(f, b->price_base);
    fputs("; financial years April-March\n\n", f);
}

/* One financial year's savings (y == n_years: all years): each line,
 * the totals, the investment and the net. */
static void table_year(FILE *f, const fin_benefits *b, size_t y)
{
    size_t ny = b->base.n_years;
    fputc('\n', f);
    if (y < ny)
        year_head(f, &b->base.years[y]);
    else
        fputs("all years", f);
    fprintf(f, "\n%-46s %10s  %-23s %10s %10s\n", "line", "saving",
            "95% CI", "cash", "non-cash");
    for (size_t l = 0; l < b->n_lines; l++) {
        kpi_summary s, c, n;
        fin_line_summary(b, l, y, 0, &s);
        fin_line_summary(b, l, y, 1, &c);
        fin_line_summary(b, l, y, 2, &n);
        fputs("  ", f);
        text_term_cell(f, b->lines[l].label, 44);
        ci(f, &s, K);
        fprintf(f, " %10.0f %10.0f\n", c.mean / K, n.mean / K);
    }
    kpi_summary g, c, n, o, net;
    fin_total_summary(b, y, 0, &g);
    fin_total_summary(b, y, 1, &c);
    fin_total_summary(b, y, 2, &n);
    fin_total_summary(b, y, 3, &o);
    fin_total_summary(b, y, 4, &net);
    fprintf(f, "  %-44s", "gross saving");
    ci(f, &g, K);
    fprintf(f, " %10.0f %10.0f\n", c.mean / K, n.mean / K);
    fprintf(f, "  %-44s", "after optimism bias");
    ci(f, &o, K);
    double inv = 0;
    for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++)
        inv += b->invest_biased[k];
    fprintf(f, "\n  %-44s %10.0f\n", "investment (after optimism bias)",
            inv / K);
    fprintf(f, "  %-44s", "net saving");
    ci(f, &net, K);
    fputc('\n', f);
}

/* The activity avoided behind the savings, by item and year. */
static void table_activity(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fprintf(f, "\nActivity behind the savings: avoided = BASE - ALT, mean "
               "[95%% CI], all years and by year\n");
    fprintf(f, "%-48s %-13s", "activity", "unit");
    for (size_t y = 0; y < ny; y++)
        fprintf(f, " %10s", b->base.years[y].label);
    fprintf(f, " %10s  %s\n", "all", "95% CI (all)");
    for (int i = 0; i < COST_ITEMS; i++) {
        fprintf(f, "%-48.48s %-13s", cost_item_label((cost_item)i),
                cost_item_activity((cost_item)i));
        kpi_summary s;
        for (size_t y = 0; y < ny; y++) {
            fin_activity_summary(b, i, y, &s);
            fprintf(f, " %10.0f", s.mean);
        }
        fin_activity_summary(b, i, ny, &s);
        fprintf(f, " %10.0f  [%.0f, %.0f]\n", s.mean, s.lo, s.hi);
    }
}

/* The waterfall, all years: gross saving to net. */
static void table_waterfall(FILE *f, const fin_benefits *b)
{
    fin_waterfall w;
    fin_waterfall_all(b, &w);
    const kpi_summary *net = &w.net;
    fprintf(f, "\nWaterfall, all years (");
    fout_price_note(f, b->price_base);
    fprintf(f, ")\n  %-40s %10.0f\n  %-40s %10.0f\n  %-40s %10.0f\n"
               "  %-40s %10.0f\n  %-40s %10.0f  [%.0f, %.0f]\n",
            "gross saving", w.step[0] / K, "- optimism bias on benefits",
            w.step[1] / K, "- investment", w.step[2] / K,
            "- optimism bias on investment", w.step[3] / K, "= net saving",
            net->mean / K, net->lo / K, net->hi / K);
    kpi_summary npv;
    double rate = fin_discount_rate(b);
    fin_npv_summary(b, rate, &npv);
    long pay = fin_payback_year(b, rate);
    char what[48];
    snprintf(what, sizeof what, "net present value (%.4g%% a year)",
             100 * rate);
    fprintf(f, "  %-40s %10.0f  [%.0f, %.0f]\n  %-40s %s\n", what,
            npv.mean / K, npv.lo / K, npv.hi / K,
            "payback (discounted, mean)",
            pay >= 0 ? b->base.years[pay].label : "not within the period");
    fputs("  (discounting: costs.discount_rate, by default the HM Treasury "
          "Green Book's 3.5% a year;\n  the first measured year "
          "undiscounted)\n", f);
}

/* Savings by who they go to (when the costs name payers), all years. */
static void table_payers(FILE *f, const fin_benefits *b)
{
    const char *p[64];
    size_t n = fin_payers(b, p, 64), ny = b->base.n_years;
    if (!n)
        return;
    fprintf(f, "\nSavings by who pays, all years (the costs' payer; ");
    fout_price_note(f, b->price_base);
    fprintf(f, ")\n%-46s %10s  %-23s %10s\n", "payer", "saving", "95% CI",
            "cash");
    for (size_t k = 0; k <= n; k++) {
        kpi_summary s, c;
        fin_payer_summary(b, k < n ? p[k] : NULL, ny, 0, &s);
        fin_payer_summary(b, k < n ? p[k] : NULL, ny, 1, &c);
        fputs("  ", f);
        text_term_cell(f, k < n ? p[k] : "(none named, static lines)", 44);
        ci(f, &s, K);
        fprintf(f, " %10.0f\n", c.mean / K);
    }
}

/* Each scenario's costs by item, all years. */
static void table_costs(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fprintf(f, "\nCosts of each scenario, all years, mean [95%% CI] (");
    fout_price_note(f, b->price_base);
    fprintf(f, ")\n%-48s %24s %24s %6s\n", "item", "BASE", "ALT", "ratio");
    for (int i = 0; i <= COST_ITEMS + 1; i++) {
        kpi_summary sb, sa;
        fin_cost_summary(&b->base, i, ny, &sb);
        fin_cost_summary(&b->alt, i, ny, &sa);
        double w = fin_width_ratio(b, i);
        char ratio[16] = "-";
        if (!isnan(w))
            snprintf(ratio, sizeof ratio, "%.2f", w);
        fprintf(f, "%-48.48s %10.0f [%5.0f,%6.0f] %10.0f [%5.0f,%6.0f] %6s\n",
                i < COST_ITEMS ? cost_item_label((cost_item)i)
                : i == COST_ITEMS ? "fixed costs"
                                  : "total",
                sb.mean / K, sb.lo / K, sb.hi / K, sa.mean / K, sa.lo / K,
                sa.hi / K, ratio);
    }
    fputs("ratio: the width of the CI of the saving (BASE - ALT, paired by "
          "replication)\n  over that of two independent runs': what common "
          "random numbers bought\n", f);
}

/* The comparison for a terminal: the business case's own table, the
 * savings by year, the activity behind them, static against dynamic, the
 * waterfall and each scenario's costs. */
static void write_table(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    table_head(f, b);
    if (b->bc) {
        bc_write_table(f, b->bc);
        fputc('\n', f);
    }
    fputs("Simulated savings by financial year (mean and 95% CI; cash = "
          "capacity actually closed or bought per use)\n", f);
    for (size_t y = 0; y <= ny; y++)
        table_year(f, b, y);
    table_activity(f, b);
    if (b->bc) {
        write_versus(f, b);
        write_ratio_table(f, b);
    }
    table_waterfall(f, b);
    table_payers(f, b);
    fout_psa_table(f, b);
    if (b->levers)
        fin_levers_table(f, b->levers, b->price_base);
    if (b->levers && b->bc)
        fin_levers_versus(f, b);
    table_costs(f, b);
    fout_schedule_table(f, fout_schedule_base(b));
    if (fout_schedule_alt(b)) {
        fputs("ALT's own unit costs:", f);
        fout_schedule_table(f, fout_schedule_alt(b));
    }
}

int fin_write(FILE *f, const fin_benefits *b, out_format fmt)
{
    switch (fmt) {
    case FORMAT_TABLE:
        write_table(f, b);
        break;
    case FORMAT_JSON:
        fout_json(f, b);
        break;
    case FORMAT_CSV:
        fout_csv(f, b);
        break;
    case FORMAT_HTML:
        fout_html(f, b);
        break;
    }
    return ferror(f) ? -1 : 0;
}

int fin_write_costs(FILE *f, const fin_run *r, out_format fmt)
{
    size_t ny = r->n_years;
    if (fmt == FORMAT_JSON) {
        fputs("{\"scenario\": ", f);
        json_str(f, r->sc->name);
        fprintf(f, ", \"replications\": %ld, \"costs\": {", r->reps);
        for (int i = 0; i <= COST_ITEMS + 1; i++) {
            kpi_summary s;
            fin_cost_summary(r, i, ny, &s);
            fprintf(f, "%s\n  \"cost.%s\": ", i ? "," : "",
                    i < COST_ITEMS ? cost_item_kpi((cost_item)i)
                    : i == COST_ITEMS ? "fixed"
                                      : "total");
            output_json_ci(f, &s);
        }
        fputc('}', f);
        fout_schedule_json(f, r->sc->costs);
        fputs("}\n", f);
        return ferror(f) ? -1 : 0;
    }
    fputs("costs of ", f);
    text_term(f, r->sc->name);
    fprintf(f, ", %ld replications, GBP k, mean [95%% CI]\n\n", r->reps);
    fprintf(f, "%-48s", "item");
    for (size_t y = 0; y < ny; y++)
        fprintf(f, " %10s", r->years[y].label);
    fprintf(f, " %10s  %s\n", "all", "95% CI (all)");
    for (int i = 0; i <= COST_ITEMS + 1; i++) {
        fprintf(f, "%-48.48s", i < COST_ITEMS ? cost_item_label((cost_item)i)
                               : i == COST_ITEMS ? "fixed costs"
                                                 : "total");
        kpi_summary s;
        for (size_t y = 0; y < ny; y++) {
            fin_cost_summary(r, i, y, &s);
            fprintf(f, " %10.0f", s.mean / K);
        }
        fin_cost_summary(r, i, ny, &s);
        fprintf(f, " %10.0f  [%.0f, %.0f]\n", s.mean / K, s.lo / K,
                s.hi / K);
    }
    fout_schedule_table(f, r->sc->costs);
    return ferror(f) ? -1 : 0;
}
