/* finance_psa.c -- the appraisal and the probabilistic sensitivity
 * analysis of a benefits study in the report (finance_int.h): what
 * `flowsim benefits` prints, rebuilt from the store (the unit costs'
 * multipliers and the effects' draws come again from the scenarios'
 * seed, so they are the run's own). */
#include <math.h>
#include "html.h"
#include "psa.h"
#include "finance_int.h"

#define RFIN_EFFECTS_MAX 64

void rfin_appraisal_table(FILE *o, const fin_benefits *b)
{
    kpi_summary npv;
    double rate = fin_discount_rate(b);
    fin_npv_summary(b, rate, &npv);
    long pay = fin_payback_year(b, rate);
    fprintf(o, "<h3>Appraisal</h3>\n<p>The net saving (after optimism "
               "biases and investment) discounted at %.4g%% a year "
               "(<code>costs.discount_rate</code>; by default the HM "
               "Treasury Green Book's 3.5%%), the first measured year "
               "undiscounted.</p>\n<table id=\"fin-appraisal\"><thead><tr>"
               "<th>measure</th><th class=\"n\">GBP k</th><th class=\"n\">"
               "95%% CI</th></tr></thead><tbody>\n<tr data-measure=\"npv\">"
               "<td>net present value</td>", 100 * rate);
    html_td_num(o, npv.mean / K);
    html_td_ci(o, npv.lo / K, npv.hi / K);
    fputs("</tr>\n<tr data-measure=\"payback\"><td>payback year "
          "(discounted, mean)</td><td colspan=\"2\">", o);
    html_text(o, pay >= 0 ? b->base.years[pay].label
                          : "not within the period");
    fputs("</td></tr>\n</tbody></table>\n", o);
}

/* One row of the tornado: the mean net saving at each end. */
static void tornado_row(FILE *o, const char *kind, const char *name,
                        double lo, double hi, double at_lo, double at_hi)
{
    fprintf(o, "<tr data-kind=\"%s\" data-param=\"", kind);
    html_text(o, name);
    fputs("\"><td>", o);
    html_text(o, name);
    fputs("</td>", o);
    fprintf(o, "<td class=\"n\">%.4g</td><td class=\"n\">%.4g</td>", lo,
            hi);
    html_td_num(o, at_lo / K);
    html_td_num(o, at_hi / K);
    fputs("</tr>\n", o);
}

void rfin_psa_section(FILE *o, const fin_benefits *b)
{
    psa_effect e[RFIN_EFFECTS_MAX];
    size_t ne = psa_effects(b, e, RFIN_EFFECTS_MAX);
    const cost_spec *c = fin_psa_costs(b);
    if (!b->mult && !ne)
        return;
    double p = fin_share_net_positive(b);
    fprintf(o, "<h3>Probabilistic sensitivity analysis</h3>\n<p id=\"fin-psa"
               "\" data-v=\"%.10g\">Each replication draws the uncertain "
               "unit costs (gamma) and effects (beta) once, so the CIs above "
               "combine parameter uncertainty with simulation noise. "
               "P(net saving &gt; 0), all years: %.3f of %ld replications."
               "</p>\n", p, p, b->base.reps);
    fputs("<table id=\"fin-tornado\"><thead><tr><th>uncertain parameter"
          "</th><th class=\"n\">low</th><th class=\"n\">high</th><th "
          "class=\"n\">net at low, GBP k</th><th class=\"n\">net at high, "
          "GBP k</th></tr></thead><tbody>\n", o);
    for (int i = 0; b->mult && c && i < COST_ITEMS; i++) {
        if (!c->unit[i].set || !(c->unit[i].sd > 0))
            continue;
        double m[COST_ITEMS], lo, hi, at[2];
        for (int k = 0; k < COST_ITEMS; k++)
            m[k] = 1;
        psa_range(c, i, &lo, &hi);
        m[i] = lo;
        at[0] = fin_net_mean_at(b, m);
        m[i] = hi;
        at[1] = fin_net_mean_at(b, m);
        tornado_row(o, "unit-cost", cost_item_label((cost_item)i), lo, hi,
                    at[0], at[1]);
    }
    for (size_t k = 0; k < ne; k++) {
        char name[160];
        tornado_row(o, e[k].phase < 0 ? "effect" : "phasing",
                    psa_effect_name(b, &e[k], name, sizeof name), e[k].lo,
                    e[k].hi, e[k].net_lo, e[k].net_hi);
    }
    fputs("</tbody></table>\n<p class=\"note\">A unit cost's low and high "
          "are multipliers of it (its gamma's 2.5% and 97.5% points), the "
          "others as given; an effect's are its beta's points, the net "
          "saving there read from the replications' least-squares line on "
          "the drawn effect.</p>\n<div id=\"fin-tornado-plot\">\n", o);
    fin_html_tornado(o, b);
    fputs("</div>\n<div id=\"fin-psa-distribution\">\n", o);
    fin_html_net_distribution(o, b);
    fputs("</div>\n", o);
}
