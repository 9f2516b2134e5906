/* fout_html.c -- the finance output as an HTML section: savings by year
 * with CI bands, the waterfall, the totals (fout_int.h). */
#include <math.h>
#include <stdio.h>
#include "fout_int.h"
#include "html.h"

/* The plots' geometry: width, height, left margin, top, plot height. */
static const double W = 640, H = 260, L = 70, T = 20, PH = 200;

/* The y coordinate of v on a plot of [lo, hi] from top, h high. */
static double ymap(double v, double lo, double hi, double top, double h)
{
    return top + h * (hi - v) / (hi - lo);
}

/* The section's heading and the savings by year, gross and net, with
 * their 95% CI bands (at most 64 years drawn). */
static void section_years(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    kpi_summary g[64], n[64];
    size_t m = ny < 64 ? ny : 64;
    double lo = 0, hi = 0;
    for (size_t y = 0; y < m; y++) {
        fin_total_summary(b, y, 0, &g[y]);
        fin_total_summary(b, y, 4, &n[y]);
        double v[4] = {g[y].lo, g[y].hi, n[y].lo, n[y].hi};
        for (int k = 0; k < 4; k++)
            if (isfinite(v[k])) {
                lo = fmin(lo, v[k] / K);
                hi = fmax(hi, v[k] / K);
            }
    }
    if (hi <= lo)
        hi = lo + 1;
    fputs("<section class=\"finance\">\n<h2>Finance</h2>\n", f);
    fputs("<p>", f);
    html_text(f, b->alt.sc->name);
    fputs(" against ", f);
    html_text(f, b->base.sc->name);
    fputs(": savings by financial year, ", f);
    fout_price_note(f, b->price_base);
    fprintf(f, "; %ld paired replications, bands are 95%% CIs.", b->base.reps);
    double w = fin_width_ratio(b, COST_ITEMS + 1);
    if (!isnan(w))
        fprintf(f, " Paired by replication, the total saving's CI is %.2f "
                   "times as wide as two independent runs would give.", w);
    fputs("</p>\n", f);
    fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
               " xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">\n",
            W, H, W, H);
    double step = m > 1 ? (W - L - 20) / (double)(m - 1) : 0;
    for (int series = 0; series < 2; series++) {
        const kpi_summary *s = series ? n : g;
        const char *col = series ? "#c0392b" : "#2471a3";
        fprintf(f, "<path fill=\"%s\" fill-opacity=\"0.2\" d=\"", col);
        for (size_t y = 0; y < m; y++)
            fprintf(f, "%s%.1f %.1f", y ? " L" : "M", L + step * (double)y,
                    ymap(s[y].hi / K, lo, hi, T, PH));
        for (size_t y = m; y-- > 0;)
            fprintf(f, " L%.1f %.1f", L + step * (double)y,
                    ymap(s[y].lo / K, lo, hi, T, PH));
        fprintf(f, " Z\"/>\n<polyline fill=\"none\" stroke=\"%s\" "
                   "stroke-width=\"2\" points=\"", col);
        for (size_t y = 0; y < m; y++)
            fprintf(f, "%.1f,%.1f ", L + step * (double)y,
                    ymap(s[y].mean / K, lo, hi, T, PH));
        fprintf(f, "\"/>\n<text x=\"%.0f\" y=\"%.0f\" fill=\"%s\">%s</text>\n",
                W - 150, T + 12.0 + 14 * series, col,
                series ? "net of investment" : "gross saving");
    }
    fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#888\"/>\n",
            L, W - 20, ymap(0, lo, hi, T, PH), ymap(0, lo, hi, T, PH));
    fprintf(f, "<text x=\"4\" y=\"%.0f\">%.0f</text><text x=\"4\" y=\"%.0f\">"
               "%.0f</text>\n",
            T + 4, hi, T + PH, lo);
    for (size_t y = 0; y < m; y++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s"
                   "</text>\n",
                L + step * (double)y, T + PH + 20, b->base.years[y].label);
    fputs("</svg>\n", f);
}

/* The waterfall, all years: gross saving, the optimism bias, the
 * investment and its bias, the net. */
static void section_waterfall(FILE *f, const fin_benefits *b)
{
    fin_waterfall w;
    fin_waterfall_all(b, &w);
    const char *names[5] = {"gross", "optimism bias", "investment",
                            "investment bias", "net"};
    double step_v[5];
    for (int k = 0; k < 5; k++)
        step_v[k] = w.step[k] / K;
    double run = 0, wlo = 0, whi = 0;
    double start[5], end[5];
    for (int k = 0; k < 5; k++) {
        if (k == 0 || k == 4) {
            start[k] = 0;
            end[k] = step_v[k];
        } else {
            start[k] = run;
            end[k] = run + step_v[k];
        }
        run = end[k];
        wlo = fmin(wlo, fmin(start[k], end[k]));
        whi = fmax(whi, fmax(start[k], end[k]));
    }
    if (whi <= wlo)
        whi = wlo + 1;
    fputs("<h3>From gross benefit to net, all years</h3>\n", f);
    fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
               " xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">\n",
            W, H, W, H);
    double bw = (W - L - 20) / 5;
    for (int k = 0; k < 5; k++) {
        double y1 = ymap(fmax(start[k], end[k]), wlo, whi, T, PH);
        double y2 = ymap(fmin(start[k], end[k]), wlo, whi, T, PH);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                   " fill=\"%s\"/>\n<text x=\"%.1f\" y=\"%.0f\" "
                   "text-anchor=\"middle\">%s</text>\n<text x=\"%.1f\" "
                   "y=\"%.1f\" text-anchor=\"middle\">%.0f</text>\n",
                L + bw * k + 6, y1, bw - 12, fmax(y2 - y1, 1),
                k == 0 || k == 4 ? "#2471a3" : "#c0392b", L + bw * k + bw / 2,
                T + PH + 20, names[k], L + bw * k + bw / 2, y1 - 3,
                step_v[k]);
    }
    fputs("</svg>\n", f);
}

/* The totals by year: gross, cash, net, with their 95% CIs. */
static void section_totals(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs("<table>\n<tr><th>year</th><th>gross</th><th>95% CI</th>"
          "<th>cash-releasing</th><th>net</th><th>95% CI</th></tr>\n", f);
    for (size_t y = 0; y <= ny; y++) {
        kpi_summary s, c, nn;
        fin_total_summary(b, y, 0, &s);
        fin_total_summary(b, y, 1, &c);
        fin_total_summary(b, y, 4, &nn);
        fprintf(f, "<tr><td>%s</td><td>%.0f</td><td>%.0f to %.0f</td>"
                   "<td>%.0f</td><td>%.0f</td><td>%.0f to %.0f</td></tr>\n",
                y < ny ? b->base.years[y].label : "all", s.mean / K,
                s.lo / K, s.hi / K, c.mean / K, nn.mean / K, nn.lo / K,
                nn.hi / K);
    }
    fputs("</table>\n", f);
}

void fout_html(FILE *f, const fin_benefits *b)
{
    section_years(f, b);
    section_waterfall(f, b);
    section_totals(f, b);
    fout_html_more(f, b);
    fputs("</section>\n", f);
}
