/* fout.c -- the finance output: table, JSON, CSV, HTML section. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "csv.h"
#include "finance.h"
#include "html.h"
#include "json.h"
#include "output.h"
#include "text.h"

#define K 1000.0   /* tables are in GBP k */

static const char *which_name[] = {"gross", "cash_releasing",
                                   "non_cash_releasing", "after_optimism_bias",
                                   "net"};

static void ci(FILE *f, const kpi_summary *s, double scale)
{
    fprintf(f, " %10.0f  [%9.0f, %9.0f]", s->mean / scale, s->lo / scale,
            s->hi / scale);
}

static void price_note(FILE *f, int pb)
{
    char fy[16];
    if (pb >= 0)
        fprintf(f, "GBP k at %s prices", costs_fy_name(pb, fy, sizeof fy));
    else
        fputs("GBP k", f);
}

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
    price_note(f, b->price_base);
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

static void write_table(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs("flowsim benefits: ", f);
    text_term(f, b->alt.sc->name);
    fputs(" vs ", f);
    text_term(f, b->base.sc->name);
    fprintf(f, ", %ld paired replications (common random numbers), seed "
               "%llu\n",
            b->base.reps, (unsigned long long)b->base.sc->seed);
    fputs("savings = BASE cost - ALT cost; ", f);
    price_note(f, b->price_base);
    fputs("; financial years April-March\n\n", f);
    if (b->bc) {
        bc_write_table(f, b->bc);
        fputc('\n', f);
    }
    fputs("Simulated savings by financial year (mean and 95% CI; cash = "
          "capacity actually closed or bought per use)\n", f);
    for (size_t y = 0; y <= ny; y++) {
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
    if (b->bc) {
        write_versus(f, b);
        write_ratio_table(f, b);
    }
    /* the waterfall, all years */
    kpi_summary g, o, net;
    fin_total_summary(b, ny, 0, &g);
    fin_total_summary(b, ny, 3, &o);
    fin_total_summary(b, ny, 4, &net);
    double inv = 0, invb = 0;
    for (size_t y = 0; y < ny; y++) {
        inv += b->invest[y];
        invb += b->invest_biased[y];
    }
    fprintf(f, "\nWaterfall, all years (");
    price_note(f, b->price_base);
    fprintf(f, ")\n  %-40s %10.0f\n  %-40s %10.0f\n  %-40s %10.0f\n"
               "  %-40s %10.0f\n  %-40s %10.0f  [%.0f, %.0f]\n",
            "gross saving", g.mean / K, "- optimism bias on benefits",
            -(g.mean - o.mean) / K, "- investment", -inv / K,
            "- optimism bias on investment", -(invb - inv) / K,
            "= net saving", net.mean / K, net.lo / K, net.hi / K);
    fprintf(f, "\nCosts of each scenario, all years, mean [95%% CI] (");
    price_note(f, b->price_base);
    fprintf(f, ")\n%-48s %24s %24s\n", "item", "BASE", "ALT");
    for (int i = 0; i <= COST_ITEMS + 1; i++) {
        kpi_summary sb, sa;
        fin_cost_summary(&b->base, i, ny, &sb);
        fin_cost_summary(&b->alt, i, ny, &sa);
        fprintf(f, "%-48.48s %10.0f [%5.0f,%6.0f] %10.0f [%5.0f,%6.0f]\n",
                i < COST_ITEMS ? cost_item_label((cost_item)i)
                : i == COST_ITEMS ? "fixed costs"
                                  : "total",
                sb.mean / K, sb.lo / K, sb.hi / K, sa.mean / K, sa.lo / K,
                sa.hi / K);
    }
}

static void write_json(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
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
    fputs("],\n \"lines\": [", f);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        fputs(l ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
        json_str(f, x->name);
        fputs(", \"label\": ", f);
        json_str(f, x->label);
        fprintf(f, ", \"kind\": \"%s\", \"optimism_bias\": ",
                x->kind == LINE_SIMULATED ? "simulated"
                : x->kind == LINE_FIXED   ? "fixed"
                                          : "static");
        json_num(f, x->optimism_bias);
        fputs(", \"by_year\": [", f);
        for (size_t y = 0; y <= ny; y++) {
            fputs(y ? ", {" : "{", f);
            for (int w = 0; w < 3; w++) {
                kpi_summary s;
                fin_line_summary(b, l, y, w, &s);
                fprintf(f, "%s\"%s\": ", w ? ", " : "", which_name[w]);
                output_json_ci(f, &s);
            }
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs("],\n \"totals\": [", f);
    for (size_t y = 0; y <= ny; y++) {
        fputs(y ? ",\n  {" : "\n  {", f);
        for (int w = 0; w < 5; w++) {
            kpi_summary s;
            fin_total_summary(b, y, w, &s);
            fprintf(f, "%s\"%s\": ", w ? ", " : "", which_name[w]);
            output_json_ci(f, &s);
        }
        fputc('}', f);
    }
    fputs("],\n \"activity_avoided\": {", f);
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
    if (b->bc) {
        const business_case *bc = b->bc;
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
    fputs("}\n", f);
}

static void write_csv(FILE *f, const fin_benefits *b)
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
                fprintf(f, ",%s,%.10g,%.10g,%.10g\n", which_name[w], s.mean,
                        s.lo, s.hi);
            }
        for (int w = 0; w < 5; w++) {
            kpi_summary s;
            fin_total_summary(b, y, w, &s);
            fprintf(f, "%s,total,%s,%.10g,%.10g,%.10g\n", yl, which_name[w],
                    s.mean, s.lo, s.hi);
        }
        for (int i = 0; i < COST_ITEMS; i++) {
            kpi_summary s;
            fin_activity_summary(b, i, y, &s);
            fprintf(f, "%s,%s,avoided,%.10g,%.10g,%.10g\n", yl,
                    cost_item_kpi((cost_item)i), s.mean, s.lo, s.hi);
        }
    }
}

/* ---- HTML: savings by year with CI bands, and the waterfall ---- */

static double ymap(double v, double lo, double hi, double top, double h)
{
    return top + h * (hi - v) / (hi - lo);
}

static void write_html(FILE *f, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    const double W = 640, H = 260, L = 70, T = 20, PH = 200;
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
    price_note(f, b->price_base);
    fprintf(f, "; %ld paired replications, bands are 95%% CIs.</p>\n",
            b->base.reps);
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
    /* waterfall, all years */
    kpi_summary tg, to, tn;
    fin_total_summary(b, ny, 0, &tg);
    fin_total_summary(b, ny, 3, &to);
    fin_total_summary(b, ny, 4, &tn);
    double inv = 0, invb = 0;
    for (size_t y = 0; y < ny; y++) {
        inv += b->invest[y];
        invb += b->invest_biased[y];
    }
    const char *names[5] = {"gross", "optimism bias", "investment",
                            "investment bias", "net"};
    double step_v[5] = {tg.mean / K, -(tg.mean - to.mean) / K, -inv / K,
                        -(invb - inv) / K, tn.mean / K};
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
    fputs("</svg>\n<table>\n<tr><th>year</th><th>gross</th><th>95% CI</th>"
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
    fputs("</table>\n</section>\n", f);
}

int fin_write(FILE *f, const fin_benefits *b, out_format fmt)
{
    switch (fmt) {
    case FORMAT_TABLE:
        write_table(f, b);
        break;
    case FORMAT_JSON:
        write_json(f, b);
        break;
    case FORMAT_CSV:
        write_csv(f, b);
        break;
    case FORMAT_HTML:
        write_html(f, b);
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
        fputs("}}\n", f);
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
    return ferror(f) ? -1 : 0;
}
