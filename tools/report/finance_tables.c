/* finance_tables.c -- the tables of the finance section (finance_int.h):
 * savings by year and by line, the business case beside the simulation,
 * their ratio, and one scenario's costs. */
#include <math.h>
#include "html.h"
#include "finance_int.h"

/* The year's label (and its days when a part year), or "all years". */
static void rfin_year_cell(FILE *o, const fin_benefits *b, size_t y)
{
    fputs("<td>", o);
    if (y < b->base.n_years) {
        const fin_year *fy = &b->base.years[y];
        html_text(o, fy->label);
        if (rfin_part_year(fy))
            fprintf(o, " <small>(%zu of %zu days)</small>", fy->d1 - fy->d0,
                    fy->length);
    } else {
        fputs("<b>all years</b>", o);
    }
    fputs("</td>", o);
}

/* Savings by year: gross, cash, non-cash, after bias, investment, net. */
void rfin_years_table(FILE *o, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs("<table id=\"fin-years\"><thead><tr><th>financial year</th>"
          "<th class=\"n\">gross saving</th><th class=\"n\">95% CI</th>"
          "<th class=\"n\">cash-releasing</th><th class=\"n\">not cash"
          "</th><th class=\"n\">after optimism bias</th><th class=\"n\">"
          "investment (with its bias)</th><th class=\"n\">net saving</th>"
          "<th class=\"n\">95% CI</th></tr></thead><tbody>\n", o);
    for (size_t y = 0; y <= ny; y++) {
        kpi_summary g, c, n, a, net;
        fin_total_summary(b, y, 0, &g);
        fin_total_summary(b, y, 1, &c);
        fin_total_summary(b, y, 2, &n);
        fin_total_summary(b, y, 3, &a);
        fin_total_summary(b, y, 4, &net);
        fputs("<tr data-year=\"", o);
        html_text(o, y < ny ? b->base.years[y].label : "all");
        fputs("\">", o);
        rfin_year_cell(o, b, y);
        html_td_num(o, g.mean / K);
        html_td_ci(o, g.lo / K, g.hi / K);
        html_td_num(o, c.mean / K);
        html_td_num(o, n.mean / K);
        html_td_num(o, a.mean / K);
        html_td_num(o, rfin_invest_biased(b, y) / K);
        html_td_num(o, net.mean / K);
        html_td_ci(o, net.lo / K, net.hi / K);
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

static const char *rfin_kind_name(line_kind k)
{
    return k == LINE_SIMULATED ? "simulated"
           : k == LINE_FIXED   ? "fixed cost"
                               : "static (not simulated)";
}

/* Savings by line: all years with CI and cash, then each year's mean. */
void rfin_lines_table(FILE *o, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs("<table id=\"fin-lines\"><thead><tr><th>line</th><th>kind</th>"
          "<th class=\"n\">all years</th><th class=\"n\">95% CI</th>"
          "<th class=\"n\">cash-releasing</th>", o);
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        html_text(o, b->base.years[y].label);
        fputs("</th>", o);
    }
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        kpi_summary s, c;
        fin_line_summary(b, l, ny, 0, &s);
        fin_line_summary(b, l, ny, 1, &c);
        fputs("<tr data-line=\"", o);
        html_text(o, x->name);
        fputs("\"><td>", o);
        html_text(o, x->label);
        fprintf(o, "</td><td>%s</td>", rfin_kind_name(x->kind));
        html_td_num(o, s.mean / K);
        html_td_ci(o, s.lo / K, s.hi / K);
        html_td_num(o, c.mean / K);
        for (size_t y = 0; y < ny; y++) {
            fin_line_summary(b, l, y, 0, &s);
            html_td_num(o, s.mean / K);
        }
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

/* The business case's own table, as it prints it (static method). */
void rfin_static_table(FILE *o, const business_case *bc)
{
    char fy[16];
    fprintf(o, "<div class=\"side\"><h4>Business case (static): GBP k at "
               "%s prices</h4>\n<table id=\"fin-static\"><thead><tr><th>"
               "line</th>", costs_fy_name(bc->price_year, fy, sizeof fy));
    for (size_t y = 0; y < bc->n_years; y++)
        fprintf(o, "<th class=\"n\">%s</th>",
                costs_fy_name(bc->years[y], fy, sizeof fy));
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < bc->n_lines; l++) {
        fputs("<tr data-line=\"", o);
        html_text(o, bc->lines[l].name);
        fputs("\"><td>", o);
        html_text(o, bc->lines[l].label ? bc->lines[l].label
                                        : bc->lines[l].name);
        fputs("</td>", o);
        for (size_t y = 0; y < bc->n_years; y++)
            html_td_num(o, bc_line_value(bc, l, y));
        fputs("</tr>\n", o);
    }
    fputs("<tr data-line=\"total\"><td><b>total</b></td>", o);
    for (size_t y = 0; y < bc->n_years; y++)
        html_td_num(o, bc_total(bc, y));
    fputs("</tr>\n<tr data-line=\"investment\"><td>investment (with its "
          "optimism bias)</td>", o);
    for (size_t y = 0; y < bc->n_years; y++)
        html_td_num(o, bc_investment_biased(bc, y));
    fputs("</tr>\n<tr data-line=\"net\"><td>net (benefits after optimism "
          "bias, less investment)</td>", o);
    for (size_t y = 0; y < bc->n_years; y++)
        html_td_num(o, bc_total_biased(bc, y) - bc_investment_biased(bc, y));
    size_t bad = bc_mismatches(bc);
    fprintf(o, "</tr>\n</tbody></table>\n<p class=\"small\">%s</p></div>\n",
            bad ? "Some printed figures are NOT reproduced by the static "
                  "arithmetic (see <code>flowsim benefits --static</code>)."
                : "Line = full-year effect &times; phasing, rounded to the "
                  "GBP k: every printed figure is reproduced.");
}

/* The simulated table, same lines, at the price base. */
void rfin_dynamic_table(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    char pt[64];
    fprintf(o, "<div class=\"side\"><h4>Simulated (dynamic): %s</h4>\n"
               "<table id=\"fin-dynamic\"><thead><tr><th>line</th>",
            rfin_price_text(f, pt, sizeof pt));
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        html_text(o, b->base.years[y].label);
        fputs("</th>", o);
    }
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0)
            continue;
        fputs("<tr data-line=\"", o);
        html_text(o, x->name);
        fputs("\"><td>", o);
        html_text(o, x->label);
        fputs("</td>", o);
        for (size_t y = 0; y < ny; y++) {
            kpi_summary s;
            fin_line_summary(b, l, y, 0, &s);
            html_td_num(o, s.mean / K);
        }
        fputs("</tr>\n", o);
    }
    fputs("<tr data-line=\"other\"><td>lines the case does not have (unit "
          "costs, fixed costs)</td>", o);
    for (size_t y = 0; y < ny; y++) {
        double t = 0;
        for (size_t l = 0; l < b->n_lines; l++)
            if (b->lines[l].bc_line < 0) {
                kpi_summary s;
                fin_line_summary(b, l, y, 0, &s);
                t += s.mean;
            }
        html_td_num(o, t / K);
    }
    fputs("</tr>\n<tr data-line=\"total\"><td><b>total</b></td>", o);
    for (size_t y = 0; y < ny; y++) {
        kpi_summary s;
        fin_total_summary(b, y, 0, &s);
        html_td_num(o, s.mean / K);
    }
    fputs("</tr>\n<tr data-line=\"investment\"><td>investment (with its "
          "optimism bias)</td>", o);
    for (size_t y = 0; y < ny; y++)
        html_td_num(o, rfin_invest_biased(b, y) / K);
    fputs("</tr>\n<tr data-line=\"net\"><td>net (benefits after optimism "
          "bias, less investment)</td>", o);
    for (size_t y = 0; y < ny; y++) {
        kpi_summary s;
        fin_total_summary(b, y, 4, &s);
        html_td_num(o, s.mean / K);
    }
    fputs("</tr>\n</tbody></table>\n<p class=\"small\">Means over the "
          "replications; the CIs are in the tables above.</p></div>\n", o);
}

/* Simulated as a share of static, by simulated line and year. */
void rfin_ratio_table(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    fputs("<table id=\"fin-ratio\"><thead><tr><th>simulated line</th>", o);
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        html_text(o, b->base.years[y].label);
        fputs("</th>", o);
    }
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0 || x->kind != LINE_SIMULATED)
            continue;
        fputs("<tr data-line=\"", o);
        html_text(o, x->name);
        fputs("\"><td>", o);
        html_text(o, x->label);
        fputs("</td>", o);
        for (size_t y = 0; y < ny; y++) {
            double r = rfin_ratio(f, l, y);
            if (isfinite(r))
                fprintf(o, "<td class=\"n\" data-v=\"%.10g\">%.0f%%</td>",
                        r, 100 * r);
            else
                fputs("<td class=\"n\" data-v=\"\">&ndash;</td>", o);
        }
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

/* One scenario's costs by item and year (a study with one member). */
void rfin_costs_table(FILE *o, const rfin *f)
{
    const fin_run *r = &f->b.base;
    size_t ny = r->n_years;
    fputs("<table id=\"fin-costs\"><thead><tr><th>item</th>", o);
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        html_text(o, r->years[y].label);
        fputs("</th>", o);
    }
    fputs("<th class=\"n\">all years</th><th class=\"n\">95% CI</th></tr>"
          "</thead><tbody>\n", o);
    for (int i = 0; i <= COST_ITEMS + 1; i++) {
        fputs("<tr><td>", o);
        html_text(o, i < COST_ITEMS    ? cost_item_label((cost_item)i)
                : i == COST_ITEMS ? "fixed costs"
                                  : "total");
        fputs("</td>", o);
        kpi_summary s;
        for (size_t y = 0; y < ny; y++) {
            fin_cost_summary(r, i, y, &s);
            html_td_num(o, s.mean / K);
        }
        fin_cost_summary(r, i, ny, &s);
        html_td_num(o, s.mean / K);
        html_td_ci(o, s.lo / K, s.hi / K);
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}


/* Savings by who pays (the costs' payers), all years: gross with its CI
 * and the cash-releasing part; nothing when no cost names a payer. */
void rfin_payers_table(FILE *o, const fin_benefits *b)
{
    const char *p[64];
    size_t n = fin_payers(b, p, 64), ny = b->base.n_years;
    if (!n)
        return;
    fputs("<h3>Savings by who pays</h3>\n<p>Each saving goes to the payer "
          "its unit cost, fixed cost or ward-closure rule names; what none "
          "names, and the business case's static lines, on a line of their "
          "own, so the rows add up to the whole system. Cash-releasing: "
          "money the payer no longer spends (placements bought one by one, "
          "wards closed); the rest is capacity freed. GBP k, all "
          "years.</p>\n<table id=\"fin-payers\"><thead><tr><th>payer</th>"
          "<th class=\"n\">saving</th><th class=\"n\">95% CI</th><th "
          "class=\"n\">cash-releasing</th></tr></thead><tbody>\n", o);
    for (size_t k = 0; k <= n; k++) {
        kpi_summary s, c;
        fin_payer_summary(b, k < n ? p[k] : NULL, ny, 0, &s);
        fin_payer_summary(b, k < n ? p[k] : NULL, ny, 1, &c);
        fputs("<tr data-payer=\"", o);
        html_text(o, k < n ? p[k] : "");
        fputs("\"><td>", o);
        html_text(o, k < n ? p[k] : "(none named, static lines)");
        fputs("</td>", o);
        html_td_num(o, s.mean / K);
        html_td_ci(o, s.lo / K, s.hi / K);
        html_td_num(o, c.mean / K);
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}
