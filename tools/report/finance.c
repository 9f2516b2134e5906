/* finance.c -- the finance section of a benefits study (rfinance.h): the
 * section put together from its plots, tables and explanation. */
#include <math.h>
#include <string.h>
#include "html.h"
#include "finance_int.h"

/* The finance charts whose names start with prefix, with their captions
 * (nothing when the plots could not be drawn). */
static void rfin_figure(FILE *o, const chart_list *l, plot_set *p,
                        int plots_ok, const char *prefix)
{
    for (size_t i = 0; plots_ok && i < l->n; i++) {
        const chart *c = &l->c[i];
        if (!c->finance || strncmp(c->name, prefix, strlen(prefix)) != 0)
            continue;
        fprintf(o, "<figure id=\"fig-%s\">\n", c->name);
        if (plot_embed(p, c->name, o) != 0)
            fputs("<p class=\"note\">This plot was not drawn.</p>", o);
        fputs("\n<figcaption>", o);
        html_text(o, c->caption);
        fputs("</figcaption>\n</figure>\n", o);
    }
}

/* What a comparison's savings are, and what the pairing bought. */
static void rfin_intro(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    char pt[64];
    fputs("<p>Savings of ", o);
    html_text(o, b->alt.sc->name);
    fputs(" against ", o);
    html_text(o, b->base.sc->name);
    fprintf(o, ": the base's cost minus the alternative's, costed from each "
               "replication's daily activity by financial year (April to "
               "March), %s; %ld paired replications under common random "
               "numbers, so each saving is taken replication by replication "
               "and its 95%% CI is that of the paired difference. The same "
               "figures are printed by <code>flowsim benefits</code>.</p>\n",
            rfin_price_text(f, pt, sizeof pt), b->base.reps);
    double w = fin_width_ratio(b, COST_ITEMS + 1);
    if (!isnan(w))
        fprintf(o, "<p id=\"fin-crn\" data-v=\"%.10g\">What the pairing "
                   "bought: the total saving's 95%% CI is %.2f times as wide "
                   "as two independent runs of as many replications would "
                   "give.</p>\n", w, w);
}

/* The section: no figures (and why), one scenario's costs, or the
 * savings of the alternative with the business case beside them. */
void rfin_section(FILE *o, const rfin *f, const chart_list *l, plot_set *p,
                  int plots_ok)
{
    if (!f->on)
        return;
    fputs("<section id=\"finance\">\n<h2>Finance</h2>\n", o);
    if (f->msg[0] || (f->n == 2 && !f->built)) {
        fputs("<p class=\"note\" id=\"no-finance\">No finance figures: ", o);
        html_text(o, f->msg[0] ? f->msg : "the study has no alternative");
        fputs(".</p>\n</section>\n", o);
        return;
    }
    if (f->n == 1) {
        fputs("<p>The costs of ", o);
        html_text(o, f->b.base.sc->name);
        fprintf(o, " by item and financial year, GBP k (mean over %ld "
                   "replications).</p>\n", f->b.base.reps);
        rfin_costs_table(o, f);
        if (f->b.base.sc && f->b.base.sc->costs) {
            fputs("<div id=\"fin-schedule\">\n", o);
            fin_html_cost_schedule(o, &f->b);
            fputs("</div>\n", o);
        }
        fputs("</section>\n", o);
        return;
    }
    const fin_benefits *b = &f->b;
    rfin_intro(o, f);
    if (!plots_ok)
        fputs("<p class=\"note\">No finance plots (they need gnuplot); the "
              "tables below have every figure.</p>\n", o);
    fputs("<h3>Savings by financial year</h3>\n", o);
    rfin_figure(o, l, p, plots_ok, "finyears");
    rfin_years_table(o, b);
    fputs("<h3>From gross saving to net</h3>\n", o);
    rfin_figure(o, l, p, plots_ok, "finwaterfall");
    fin_waterfall w;
    fin_waterfall_all(b, &w);
    const kpi_summary *tg = &w.gross, *tn = &w.net;
    fputs("<table id=\"fin-waterfall\"><thead><tr><th>step, all years</th>"
          "<th class=\"n\">GBP k</th><th class=\"n\">95% CI</th></tr>"
          "</thead><tbody>\n<tr data-step=\"gross\"><td>gross saving</td>",
          o);
    html_td_num(o, tg->mean / K);
    html_td_ci(o, tg->lo / K, tg->hi / K);
    fputs("</tr>\n<tr data-step=\"benefit-bias\"><td>&minus; optimism bias "
          "on benefits</td>", o);
    html_td_num(o, w.step[1] / K);
    fputs("<td></td></tr>\n<tr data-step=\"investment\"><td>&minus; "
          "investment</td>", o);
    html_td_num(o, w.step[2] / K);
    fputs("<td></td></tr>\n<tr data-step=\"investment-bias\"><td>&minus; "
          "optimism bias on investment</td>", o);
    html_td_num(o, w.step[3] / K);
    fputs("<td></td></tr>\n<tr data-step=\"net\"><td><b>= net saving</b>"
          "</td>", o);
    html_td_num(o, tn->mean / K);
    html_td_ci(o, tn->lo / K, tn->hi / K);
    fputs("</tr>\n</tbody></table>\n", o);
    rfin_appraisal_table(o, b);
    rfin_psa_section(o, b);
    if (f->lv.on)
        rfin_levers_section(o, f);
    else
        fputs("<p class=\"note\" id=\"fin-no-levers\">No savings by "
              "lever: the study was stored without <code>--by-lever"
              "</code> (<code>flowsim benefits BASE ALT --by-lever --store"
              " PATH</code> keeps them with it).</p>\n", o);
    fputs("<h3>Savings by line</h3>\n", o);
    rfin_lines_table(o, b);
    rfin_payers_table(o, b);
    if (b->bc) {
        fputs("<h3>The business case beside the simulation</h3>\n<p>Left: "
              "the business case's own benefit table by its static method "
              "(a full-year effect &times; a phasing by year), as it prints "
              "it. Right: the simulated savings of the same lines, the "
              "case's year <i>i</i> laid on the scenario's <i>i</i>-th "
              "financial year.</p>\n<div class=\"sides\">\n", o);
        rfin_static_table(o, b->bc);
        rfin_dynamic_table(o, f);
        fputs("</div>\n<h4>Simulated as a share of static (same prices)"
              "</h4>\n", o);
        rfin_ratio_table(o, f);
        rfin_explain(o, f);
    }
    fputs("<div id=\"fin-schedule\">\n", o);
    fin_html_cost_schedule(o, b);
    fputs("</div>\n</section>\n", o);
}
