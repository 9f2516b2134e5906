/* fout_html_more.c -- the HTML finance section's further parts
 * (fout_int.h): the savings by lever as a waterfall, the tornado of the
 * uncertain unit costs, the distribution of net savings over
 * replications, and the cost schedule. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "fout_int.h"
#include "psa.h"
#include "html.h"
#include "levers.h"

static const double W = 640, L = 190, R = 60, ROW = 22;

static void svg_open(FILE *f, double h)
{
    fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
               "%.0f\" xmlns=\"http://www.w3.org/2000/svg\" "
               "font-size=\"11\">\n",
            W, h, W, h);
}

/* x of v on [lo, hi] across the plot. */
static double xmap(double v, double lo, double hi)
{
    return L + (W - L - R) * (v - lo) / (hi - lo);
}

/* A horizontal bar from a to b (GBP k) on row k, labelled. */
static void hbar(FILE *f, size_t k, const char *label, double a, double b,
                 double lo, double hi, const char *col)
{
    double x1 = xmap(fmin(a, b), lo, hi), x2 = xmap(fmax(a, b), lo, hi);
    double y = 10 + ROW * (double)k;
    fprintf(f, "<text x=\"4\" y=\"%.0f\">", y + 13);
    html_text(f, label);
    fprintf(f, "</text><rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" "
               "height=\"16\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.0f\">"
               "%.0f</text>\n",
            x1, y, fmax(x2 - x1, 1), col, x2 + 3, y + 13, b - a);
}

/* The levers' Shapley values stacked from 0 to all levers, then the
 * other changes, to the total saving (all years). */
static void html_levers(FILE *f, const fin_levers *lv)
{
    size_t ny = lv->n_years, n = lv->n;
    double v[LEVERS_MAX + 2], lo = 0, hi = 0, run = 0;
    for (size_t j = 0; j <= n + 1; j++) {
        kpi_summary s;
        if (j < n)
            fin_lever_summary(lv, LEVER_SHAPLEY, j, ny, LEVER_TOTAL, &s);
        else
            fin_lever_rest_summary(lv, j == n ? LEVER_OTHER : LEVER_OVERALL,
                                   ny, LEVER_TOTAL, &s);
        v[j] = s.mean / K;
        run += j <= n ? v[j] : 0;
        lo = fmin(lo, fmin(run, v[j]));
        hi = fmax(hi, fmax(run, v[j]));
    }
    if (hi <= lo)
        hi = lo + 1;
    fprintf(f, "<h3>Saving by lever, all years (Shapley values, exact over "
               "%u subsets)</h3>\n",
            1u << n);
    svg_open(f, 20 + ROW * (double)(n + 2));
    run = 0;
    for (size_t j = 0; j <= n; j++) {
        hbar(f, j, j < n ? lv->name[j] : "other changes", run, run + v[j],
             lo, hi, v[j] >= 0 ? "#2471a3" : "#c0392b");
        run += v[j];
    }
    hbar(f, n + 1, "total (BASE - ALT)", 0, v[n + 1], lo, hi, "#1e8449");
    fputs("</svg>\n", f);
}

/* The tornado: the mean net saving with one unit cost at each end, then
 * with each uncertain effect at each end (psa.h). */
void fin_html_tornado(FILE *f, const fin_benefits *b)
{
    fout_bar t[COST_ITEMS];
    psa_effect e[64];
    size_t n = fout_tornado(b, t), ne = psa_effects(b, e, 64);
    double mid = fin_net_mean_at(b, NULL) / K, lo = mid, hi = mid;
    for (size_t k = 0; k < n; k++) {
        lo = fmin(lo, fmin(t[k].at_lo, t[k].at_hi) / K);
        hi = fmax(hi, fmax(t[k].at_lo, t[k].at_hi) / K);
    }
    for (size_t k = 0; k < ne; k++) {
        lo = fmin(lo, fmin(e[k].net_lo, e[k].net_hi) / K);
        hi = fmax(hi, fmax(e[k].net_lo, e[k].net_hi) / K);
    }
    if (hi <= lo)
        hi = lo + 1;
    fputs("<h3>One-way sensitivity of the net saving to the uncertain "
          "unit costs and effects (2.5% to 97.5% points)</h3>\n", f);
    svg_open(f, 20 + ROW * (double)(n + ne));
    for (size_t k = 0; k < n; k++) {
        hbar(f, k, cost_item_label((cost_item)t[k].item), mid,
             t[k].at_lo / K, lo, hi, "#c0392b");
        hbar(f, k, "", mid, t[k].at_hi / K, lo, hi, "#2471a3");
    }
    for (size_t k = 0; k < ne; k++) {
        char name[160];
        hbar(f, n + k, psa_effect_name(b, &e[k], name, sizeof name), mid,
             e[k].net_lo / K, lo, hi, "#c0392b");
        hbar(f, n + k, "", mid, e[k].net_hi / K, lo, hi, "#2471a3");
    }
    fputs("</svg>\n", f);
}

/* The distribution of the net saving over replications: a histogram of
 * 20 bins, and the share above zero. */
void fin_html_net_distribution(FILE *f, const fin_benefits *b)
{
    size_t reps = (size_t)b->base.reps, bins[20] = {0}, most = 1;
    double *v = malloc((reps ? reps : 1) * sizeof *v), lo = INFINITY,
           hi = -INFINITY;
    if (!v)
        return;
    fin_net_by_rep(b, v);
    for (size_t r = 0; r < reps; r++) {
        lo = fmin(lo, v[r] / K);
        hi = fmax(hi, v[r] / K);
    }
    if (!(hi > lo))
        hi = lo + 1;
    for (size_t r = 0; r < reps; r++) {
        size_t k = (size_t)(20 * (v[r] / K - lo) / (hi - lo));
        k = k > 19 ? 19 : k;
        if (++bins[k] > most)
            most = bins[k];
    }
    free(v);
    fprintf(f, "<h3>Net saving over replications, all years (prices "
               "and effects drawn per replication)</h3>\n<p>P(net saving &gt; 0) = "
               "%.3f of %zu replications; from %.0f to %.0f.</p>\n",
            fin_share_net_positive(b), reps, lo, hi);
    svg_open(f, 140);
    double bw = (W - 40) / 20;
    for (int k = 0; k < 20; k++) {
        double h = 110 * (double)bins[k] / (double)most;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                   "height=\"%.1f\" fill=\"#2471a3\"/>\n",
                20 + bw * k, 120 - h, bw - 2, h);
    }
    fputs("</svg>\n", f);
}

/* The cost schedule as a table. */
static void html_schedule(FILE *f, const cost_spec *c)
{
    char fy[16];
    fputs("<h3>Cost schedule</h3>\n<table>\n<tr><th>item</th><th>unit "
          "cost</th><th>price year</th><th>uplift</th><th>at the price "
          "base</th><th>cash</th><th>payer</th><th>source</th></tr>\n", f);
    for (int i = 0; i < COST_ITEMS; i++) {
        const unit_cost *u = &c->unit[i];
        double up = 1;
        if (!u->set)
            continue;
        costs_price_factor(c, u->price_year, c->price_base, &up);
        fputs("<tr><td>", f);
        html_text(f, cost_item_label((cost_item)i));
        fprintf(f, "</td><td>%.2f</td><td>%s</td><td>%.4f</td><td>%.2f"
                   "</td><td>%.0f%%</td><td>",
                u->cost, costs_fy_name(u->price_year, fy, sizeof fy), up,
                u->cost * up, 100 * u->cash_releasing);
        html_text(f, u->payer ? u->payer : "");
        fputs("</td><td>", f);
        html_text(f, u->source ? u->source : "");
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

void fout_html_more(FILE *f, const fin_benefits *b)
{
    if (b->levers)
        html_levers(f, b->levers);
    psa_effect e[1];
    if (b->mult || psa_effects(b, e, 1)) {
        fin_html_tornado(f, b);
        fin_html_net_distribution(f, b);
    }
    fin_html_cost_schedule(f, b);
}

void fin_html_cost_schedule(FILE *f, const fin_benefits *b)
{
    const cost_spec *c = fout_schedule_base(b);
    if (c)
        html_schedule(f, c);
}
