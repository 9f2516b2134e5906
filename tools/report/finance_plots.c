/* finance_plots.c -- the finance plots (rfinance.h): savings by
 * financial year with CI bands, and the waterfall from gross to net. */
#include <math.h>
#include "finance_int.h"

/* The data of the savings by year: per year the gross and net savings
 * (mean and 95% CI) and the business case's static total, GBP k. */
static int years_data(const rfin *f, plot_set *p)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    FILE *d = plot_data(p, "fin-years.dat");
    if (!d)
        return -1;
    for (size_t y = 0; y < ny; y++) {
        kpi_summary g, n;
        fin_total_summary(b, y, 0, &g);
        fin_total_summary(b, y, 4, &n);
        fprintf(d, "%zu %.6g %.6g %.6g %.6g %.6g %.6g ", y, g.mean / K,
                g.lo / K, g.hi / K, n.mean / K, n.lo / K, n.hi / K);
        if (b->bc && y < b->bc->n_years)
            fprintf(d, "%.6g\n", rfin_static_total(f, y, 0) / K);
        else
            fputs("NaN\n", d);
    }
    if (ferror(d) || fclose(d) != 0)
        return -1;
    return 0;
}

/* Savings by financial year, with 95% CI bands (and the static gross). */
static int years_plot(const rfin *f, plot_set *p, chart_list *l,
                      const char *pt)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    if (years_data(f, p) != 0)
        return -1;
    chart *c = chart_add(l, "finyears", 0, 0);
    if (!c)
        return -1;
    c->finance = 1;
    plot_start(p, c->name, 1100, 440);
    plot_cmd(p, "set title ");
    char t[200];
    snprintf(t, sizeof t, "Savings by financial year (%s)", pt);
    plot_str(p, t);
    plot_num(p, " font ',15'\nset xlabel 'Financial year'\n"
                "set ylabel 'GBP k'\nset key below horizontal maxrows 2 "
                "height 1\nset xrange [-0.4:%g]\nset offsets 0,0,graph 0.05,"
                "graph 0.05\n"
                "set xzeroaxis lt 1 lc rgb '#888888' lw 1\n",
             (double)ny - 0.6);
    plot_cmd(p, "set xtics (");
    for (size_t y = 0; y < ny; y++) {
        const fin_year *fy = &b->base.years[y];
        snprintf(t, sizeof t, "%s%s", fy->label,
                 rfin_part_year(fy) ? "*" : "");
        if (y)
            plot_cmd(p, ", ");
        plot_str(p, t);
        plot_num(p, " %zu", y);
    }
    plot_cmd(p, ")\n"
                "plot 'fin-years.dat' u 1:3:4 w filledcurves fs transparent "
                "solid 0.18 noborder lt 1 title 'gross saving: 95% CI', \\\n"
                "  '' u 1:2 w linespoints lt 1 pt 7 ps 0.9 title "
                "'gross saving (mean)', \\\n"
                "  '' u 1:2:3:4 w yerrorbars lt 1 pt 7 ps 0.8 notitle, \\\n"
                "  '' u 1:6:7 w filledcurves fs transparent solid 0.18 "
                "noborder lt 3 title 'net of investment: 95% CI', \\\n"
                "  '' u 1:5 w linespoints lt 3 pt 7 ps 0.9 title "
                "'net saving (mean)', \\\n"
                "  '' u 1:5:6:7 w yerrorbars lt 3 pt 7 ps 0.8 notitle");
    if (b->bc)
        plot_cmd(p, ", \\\n  '' u 1:8 w linespoints dt 2 lt 2 pt 6 ps 1.1 "
                    "title 'business case (static) gross, at the same "
                    "prices'");
    plot_cmd(p, "\n");
    snprintf(c->caption, sizeof c->caption,
             "Savings of %s against %s (base cost minus alternative cost) "
             "by financial year, %s: the mean over %ld paired replications "
             "(common random numbers) with its 95%% confidence interval "
             "(band and bars), gross and net of investment (after optimism "
             "bias on both)%s.%s",
             b->alt.sc->name, b->base.sc->name, pt, b->base.reps,
             b->bc ? "; dashed: the business case's own gross benefit for "
                     "its year laid on the same financial year"
                   : "",
             rfin_part_year(&b->base.years[ny - 1]) ||
                     rfin_part_year(&b->base.years[0])
                 ? " * a part year (the measured period starts or ends in "
                   "it)."
                 : "");
    return 0;
}

/* The waterfall, all years: gross saving, less the optimism bias, the
 * investment and its bias, gives the net. */
static int waterfall_plot(const rfin *f, plot_set *p, chart_list *l,
                          const char *pt)
{
    const fin_benefits *b = &f->b;
    char t[200];
    fin_waterfall w;
    fin_waterfall_all(b, &w);
    const double *step = w.step;
    static const char *const name[5] = {
        "gross saving", "optimism bias on benefits", "investment",
        "optimism bias on investment", "net saving"};
    FILE *d = plot_data(p, "fin-waterfall.dat");
    if (!d)
        return -1;
    double run = 0;
    for (int k = 0; k < 5; k++) {
        double lo, hi;
        if (k == 0 || k == 4) {
            lo = fmin(0, step[k]);
            hi = fmax(0, step[k]);
            run = step[k];
        } else {
            lo = fmin(run, run + step[k]);
            hi = fmax(run, run + step[k]);
            run += step[k];
        }
        const kpi_summary *ci = k == 0 ? &w.gross : k == 4 ? &w.net : NULL;
        /* bar colours as gnuplot's rgb integers: blue, green, red */
        long colour = k == 0 ? 0x1f5fa8 : k == 4 ? 0x2d8a4e : 0xc0392b;
        fprintf(d, "%d %.6g %.6g %ld %.6g %.6g %.6g\n", k, lo / K, hi / K,
                colour, step[k] / K, ci ? ci->lo / K : NAN,
                ci ? ci->hi / K : NAN);
    }
    if (ferror(d) || fclose(d) != 0)
        return -1;
    chart *c = chart_add(l, "finwaterfall", 0, 0);
    if (!c)
        return -1;
    c->finance = 1;
    plot_start(p, c->name, 1100, 440);
    snprintf(t, sizeof t, "From gross saving to net, all years (%s)", pt);
    plot_cmd(p, "set title ");
    plot_str(p, t);
    plot_cmd(p, " font ',15'\nset ylabel 'GBP k'\nset xrange [-0.6:4.6]\n"
                "set offsets 0,0,graph 0.08,graph 0.04\nset key top right\n"
                "set xzeroaxis lt 1 lc rgb '#888888' lw 1\n"
                "set style fill solid 0.85 noborder\nset xtics scale 0\n"
                "set xtics (");
    for (int k = 0; k < 5; k++) {
        if (k)
            plot_cmd(p, ", ");
        plot_str(p, name[k]);
        plot_num(p, " %d", k);
    }
    plot_cmd(p, ")\n"
                "plot 'fin-waterfall.dat' u 1:(($2+$3)/2):(0.32):(($3-$2)/2):4"
                " w boxxyerror lc rgb variable notitle, \\\n"
                "  '' u 1:($3):(sprintf('%+.0f', $5)) w labels offset 0,0.8 "
                "notitle, \\\n"
                "  '' u 1:(($6+$7)/2):6:7 w yerrorbars lc rgb '#222222' pt 7 "
                "ps 0.6 lw 1.5 title '95% CI (gross, net)'\n");
    snprintf(c->caption, sizeof c->caption,
             "The gross saving over all years, less the optimism bias on "
             "each benefit line, less the investment (the alternative's "
             "minus the base's) and its optimism bias, gives the net "
             "saving; %s. Error bars: 95%% confidence intervals of the "
             "gross and net savings over %ld paired replications (the "
             "deductions are fixed sums).", pt, b->base.reps);
    return 0;
}

/* Writes the data and gnuplot code of the two finance plots and adds
 * them to l; nothing when the study has no savings to show. */
int charts_finance(const rfin *f, plot_set *p, chart_list *l, char *err,
                   size_t errlen)
{
    if (!rfin_ready(f))
        return 0;
    char pt[64];
    rfin_price_text(f, pt, sizeof pt);
    if (years_plot(f, p, l, pt) != 0 || waterfall_plot(f, p, l, pt) != 0) {
        snprintf(err, errlen, "out of memory, or a temporary file not "
                              "written");
        return -1;
    }
    return 0;
}
