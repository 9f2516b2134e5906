/* finance.c -- the finance section of a benefits study (rfinance.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"
#include "load.h"
#include "report.h"
#include "rfinance.h"

#define K 1000.0   /* tables are in GBP k, as business cases print them */

/* ---- costing the study from the store ---------------------------------- */

static char *scenario_text(sqlite3 *db, long exp, int *io)
{
    sqlite3_stmt *q;
    char *text = NULL;
    *io = 0;
    if (sqlite3_prepare_v2(db, "SELECT scenario_text FROM experiments WHERE"
                               " id = ?", -1, &q, NULL) != SQLITE_OK) {
        *io = 1;
        return NULL;
    }
    sqlite3_bind_int64(q, 1, exp);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        text = strdup(t);
        *io = !text;
    }
    sqlite3_finalize(q);
    return text;
}

/* The daily series the costing reads, in cs (indices into the names). */
static size_t needed(const cost_series *cs, long *out, size_t max)
{
    long one[] = {cs->ed, cs->sdec, cs->short_, cs->long_, cs->occupancy,
                  cs->nctr, cs->escalation};
    size_t n = 0;
    for (size_t i = 0; i < sizeof one / sizeof *one && n < max; i++)
        if (one[i] >= 0)
            out[n++] = one[i];
    for (int r = 0; r < 4; r++)
        for (size_t i = 0; i < cs->n_role[r] && n < max; i++)
            out[n++] = cs->role_idx[r][i];
    return n;
}

/* Member i: its scenario from its text, its activity from its daily
 * series.  0 (f->msg set when it cannot be costed), or -1 on a read
 * error. */
static int cost_member(sqlite3 *db, const rq_study *s, size_t i, rfin *f)
{
    const rq_member *m = &s->m[i];
    int io;
    char *text = scenario_text(db, m->exp, &io);
    if (!text) {
        if (!io)
            snprintf(f->msg, sizeof f->msg, "the store has no scenario text "
                     "for %s", m->label);
        return io ? -1 : 0;
    }
    char lerr[LOAD_ERR_MAX];
    scenario *sc = load_scenario_mem(text, strlen(text), "(results store)",
                                     NULL, 0, NULL, lerr, sizeof lerr);
    free(text);
    if (!sc) {
        snprintf(f->msg, sizeof f->msg, "the scenario of %s could not be "
                 "rebuilt from the store (%.400s)", m->label, lerr);
        return 0;
    }
    f->sc[i] = sc;
    sc->seed = m->seed;
    sc->replications = s->reps;
    series_list own;
    if (network_series(sc, &own) != 0)
        return -1;
    size_t days = own.days;
    series_list_free(&own);
    series_list sl = {0};
    if (rq_series_names(db, m, &sl.names, &sl.n) != 0)
        return -1;
    sl.days = sl.nraw = 0;
    sl.days = days;
    int rc = 0;
    cost_series cs;
    double **col = NULL, *row = NULL;
    size_t *ncol = NULL;
    if (sl.n == 0) {
        snprintf(f->msg, sizeof f->msg, "%s has no daily series in the store"
                 " (the costs by financial year are made from them)",
                 m->label);
        series_list_free(&sl);
        return 0;
    }
    if (cost_series_init(&cs, sc, &sl) != 0) {
        series_list_free(&sl);
        return -1;
    }
    fin_run *r = i ? &f->b.alt : &f->b.base;
    char ferr[256];
    if (fin_run_prepare(sc, days, r, ferr, sizeof ferr) != 0) {
        snprintf(f->msg, sizeof f->msg, "%s: %s", m->label, ferr);
        goto done;
    }
    f->ran[i] = 1;
    col = calloc(sl.n, sizeof *col);
    ncol = calloc(sl.n, sizeof *ncol);
    row = malloc((days ? days : 1) * sl.n * sizeof *row);
    long need[64];
    size_t nn = needed(&cs, need, 64);
    if (!col || !ncol || !row) {
        rc = -1;
        goto done;
    }
    for (size_t j = 0; j < nn && rc == 0; j++) {
        size_t k = (size_t)need[j];
        if (col[k])
            continue;
        if (rq_daily(db, m, s->reps, sl.names[k], &col[k], &ncol[k]) < 0)
            rc = -1;
    }
    for (long rep = 0; rep < s->reps && rc == 0; rep++) {
        if (!m->finished[rep]) {  /* left out of every statistic */
            for (size_t y = 0; y < r->n_years; y++)
                for (int it = 0; it < COST_ITEMS; it++)
                    r->act[((size_t)rep * r->n_years + y) * COST_ITEMS +
                           (size_t)it] = NAN;
            continue;
        }
        for (size_t c = 0; c < days * sl.n; c++)
            row[c] = NAN;
        for (size_t k = 0; k < sl.n; k++)
            for (size_t d = 0; col[k] && d < days && d < ncol[k]; d++)
                row[d * sl.n + k] = col[k][(size_t)rep * ncol[k] + d];
        fin_run_add_daily(r, &cs, &sl, rep, row);
    }
done:
    for (size_t k = 0; col && k < sl.n; k++)
        free(col[k]);
    free(col);
    free(ncol);
    free(row);
    cost_series_free(&cs);
    series_list_free(&sl);
    return rc;
}

int rfin_load(sqlite3 *db, const rq_study *s, rfin *f, char *err,
              size_t errlen)
{
    memset(f, 0, sizeof *f);
    if (strcmp(s->kind, "benefits") != 0)
        return 0;
    f->on = 1;
    f->n = s->n < 2 ? s->n : 2;
    for (size_t i = 0; i < f->n && !f->msg[0]; i++) {
        if (cost_member(db, s, i, f) != 0) {
            snprintf(err, errlen, "reading the daily series of %s for its "
                     "costs", s->m[i].label);
            return REPORT_IO;
        }
        if (!f->msg[0] && !f->sc[i]->costs && !f->sc[i]->business_case)
            snprintf(f->msg, sizeof f->msg, "%s has no costs: section",
                     s->m[i].label);
    }
    if (!f->msg[0] && f->n == 2) {
        char ferr[512];
        if (fin_benefits_build(&f->b, ferr, sizeof ferr) != 0)
            snprintf(f->msg, sizeof f->msg, "%s", ferr);
        else
            f->built = 1;
    }
    return 0;
}

void rfin_free(rfin *f)
{
    fin_benefits_free(&f->b);
    if (f->ran[0])
        fin_run_free(&f->b.base);
    if (f->ran[1])
        fin_run_free(&f->b.alt);
    for (int i = 0; i < 2; i++)
        scenario_free(f->sc[i]);
    memset(f, 0, sizeof *f);
}

/* ---- figures ----------------------------------------------------------- */

static int ready(const rfin *f)
{
    return f->on && f->built && !f->msg[0] && f->b.base.n_years > 0;
}

static const char *price_text(const rfin *f, char *buf, size_t n)
{
    char fy[16];
    if (f->b.price_base >= 0)
        snprintf(buf, n, "GBP k at %s prices",
                 costs_fy_name(f->b.price_base, fy, sizeof fy));
    else
        snprintf(buf, n, "GBP k");
    return buf;
}

/* The business case's prices to the price base. */
static double bc_factor(const rfin *f)
{
    const fin_benefits *b = &f->b;
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    double x = 1;
    if (b->bc && c)
        costs_price_factor(c, b->bc->price_year, c->price_base, &x);
    return x;
}

/* Static value (GBP, at the price base) of line l in year y, prorated by
 * the days of a part year when `prorate`; 0 past the case's years. */
static double static_at(const rfin *f, const fin_line *x, size_t y,
                        int prorate)
{
    const fin_benefits *b = &f->b;
    if (!b->bc || x->bc_line < 0 || y >= b->bc->n_years)
        return 0;
    double v = K * bc_factor(f) * bc_line_exact(b->bc, (size_t)x->bc_line, y);
    const fin_year *fy = &b->base.years[y];
    if (prorate && fy->length > 0)
        v *= (double)(fy->d1 - fy->d0) / (double)fy->length;
    return v;
}

static double static_total(const rfin *f, size_t y, int prorate)
{
    double t = 0;
    for (size_t l = 0; l < f->b.n_lines; l++)
        t += static_at(f, &f->b.lines[l], y, prorate);
    return t;
}

static int part_year(const fin_year *y)
{
    return y->d1 - y->d0 < y->length;
}

static double invest_biased(const fin_benefits *b, size_t y)
{
    double t = 0;
    size_t ny = b->base.n_years;
    for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++)
        t += b->invest_biased[k];
    return t;
}

static double invest_plain(const fin_benefits *b, size_t y)
{
    double t = 0;
    size_t ny = b->base.n_years;
    for (size_t k = (y < ny ? y : 0); k < (y < ny ? y + 1 : ny); k++)
        t += b->invest[k];
    return t;
}

int charts_finance(const rfin *f, plot_set *p, chart_list *l, char *err,
                   size_t errlen)
{
    if (!ready(f))
        return 0;
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    char pt[64];
    price_text(f, pt, sizeof pt);
    /* 1. savings by financial year, with 95% CI bands */
    FILE *d = plot_data(p, "fin-years.dat");
    if (!d)
        goto fail;
    for (size_t y = 0; y < ny; y++) {
        kpi_summary g, n;
        fin_total_summary(b, y, 0, &g);
        fin_total_summary(b, y, 4, &n);
        const fin_year *fy = &b->base.years[y];
        fprintf(d, "%zu \"%s%s\" %.6g %.6g %.6g %.6g %.6g %.6g ", y,
                fy->label, part_year(fy) ? "*" : "", g.mean / K, g.lo / K,
                g.hi / K, n.mean / K, n.lo / K, n.hi / K);
        if (b->bc && y < b->bc->n_years)
            fprintf(d, "%.6g\n", static_total(f, y, 0) / K);
        else
            fputs("NaN\n", d);
    }
    if (ferror(d) || fclose(d) != 0)
        goto fail;
    chart *c = chart_add(l, "finyears", 0, 0);
    if (!c)
        goto fail;
    c->finance = 1;
    plot_start(p, c->name, 1100, 440);
    FILE *g = plot_script(p);
    fputs("set title ", g);
    char t[200];
    snprintf(t, sizeof t, "Savings by financial year (%s)", pt);
    plot_str(g, t);
    fprintf(g, " font ',15'\nset xlabel 'Financial year'\n"
               "set ylabel 'GBP k'\nset key below horizontal maxrows 2 "
               "height 1\nset xrange [-0.4:%g]\nset offsets 0,0,graph 0.05,"
               "graph 0.05\n"
               "set xzeroaxis lt 1 lc rgb '#888888' lw 1\n",
            (double)ny - 0.6);
    fputs("plot 'fin-years.dat' u 1:4:5 w filledcurves fs transparent solid "
          "0.18 noborder lt 1 title 'gross saving: 95% CI', \\\n"
          "  '' u 1:3:xtic(2) w linespoints lt 1 pt 7 ps 0.9 title "
          "'gross saving (mean)', \\\n"
          "  '' u 1:3:4:5 w yerrorbars lt 1 pt 7 ps 0.8 notitle, \\\n"
          "  '' u 1:7:8 w filledcurves fs transparent solid 0.18 noborder "
          "lt 3 title 'net of investment: 95% CI', \\\n"
          "  '' u 1:6 w linespoints lt 3 pt 7 ps 0.9 title "
          "'net saving (mean)', \\\n"
          "  '' u 1:6:7:8 w yerrorbars lt 3 pt 7 ps 0.8 notitle", g);
    if (b->bc)
        fputs(", \\\n  '' u 1:9 w linespoints dt 2 lt 2 pt 6 ps 1.1 title "
              "'business case (static) gross, at the same prices'", g);
    fputc('\n', g);
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
             part_year(&b->base.years[ny - 1]) || part_year(&b->base.years[0])
                 ? " * a part year (the measured period starts or ends in "
                   "it)."
                 : "");
    /* 2. the waterfall, all years */
    kpi_summary tg, to, tn;
    fin_total_summary(b, ny, 0, &tg);
    fin_total_summary(b, ny, 3, &to);
    fin_total_summary(b, ny, 4, &tn);
    double inv = invest_plain(b, ny), invb = invest_biased(b, ny);
    double step[5] = {tg.mean, -(tg.mean - to.mean), -inv, -(invb - inv),
                      tn.mean};
    static const char *const name[5] = {
        "gross saving", "optimism bias on benefits", "investment",
        "optimism bias on investment", "net saving"};
    d = plot_data(p, "fin-waterfall.dat");
    if (!d)
        goto fail;
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
        const kpi_summary *ci = k == 0 ? &tg : k == 4 ? &tn : NULL;
        /* bar colours as gnuplot's rgb integers: blue, green, red */
        long colour = k == 0 ? 0x1f5fa8 : k == 4 ? 0x2d8a4e : 0xc0392b;
        fprintf(d, "%d \"%s\" %.6g %.6g %ld %.6g %.6g %.6g\n", k, name[k],
                lo / K, hi / K, colour, step[k] / K, ci ? ci->lo / K : NAN,
                ci ? ci->hi / K : NAN);
    }
    if (ferror(d) || fclose(d) != 0)
        goto fail;
    c = chart_add(l, "finwaterfall", 0, 0);
    if (!c)
        goto fail;
    c->finance = 1;
    plot_start(p, c->name, 1100, 440);
    g = plot_script(p);
    snprintf(t, sizeof t, "From gross saving to net, all years (%s)", pt);
    fputs("set title ", g);
    plot_str(g, t);
    fputs(" font ',15'\nset ylabel 'GBP k'\nset xrange [-0.6:4.6]\n"
          "set offsets 0,0,graph 0.08,graph 0.04\nset key top right\n"
          "set xzeroaxis lt 1 lc rgb '#888888' lw 1\n"
          "set style fill solid 0.85 noborder\nset xtics scale 0\n"
          "plot 'fin-waterfall.dat' u 1:(($3+$4)/2):(0.32):(($4-$3)/2):5:"
          "xtic(2) w boxxyerror lc rgb variable notitle, \\\n"
          "  '' u 1:($4):(sprintf('%+.0f', $6)) w labels offset 0,0.8 "
          "notitle, \\\n"
          "  '' u 1:(($7+$8)/2):7:8 w yerrorbars lc rgb '#222222' pt 7 "
          "ps 0.6 lw 1.5 title '95% CI (gross, net)'\n",
          g);
    snprintf(c->caption, sizeof c->caption,
             "The gross saving over all years, less the optimism bias on "
             "each benefit line, less the investment (the alternative's "
             "minus the base's) and its optimism bias, gives the net "
             "saving; %s. Error bars: 95%% confidence intervals of the "
             "gross and net savings over %ld paired replications (the "
             "deductions are fixed sums).", pt, b->base.reps);
    return 0;
fail:
    snprintf(err, errlen, "out of memory, or a temporary file not written");
    return -1;
}

/* ---- the section ------------------------------------------------------- */

static void text(FILE *o, const char *s) { html_text(o, s); }

/* GBP k for prose: "GBP 280,629k" (thousands separated). */
static void money(FILE *o, double gbp)
{
    if (!isfinite(gbp)) {
        fputs("&ndash;", o);
        return;
    }
    char digits[64], out[96];
    double k = round(gbp / K);
    snprintf(digits, sizeof digits, "%.0f", fabs(k));
    size_t n = strlen(digits), j = 0;
    for (size_t i = 0; i < n && j + 2 < sizeof out; i++) {
        if (i && (n - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
    fprintf(o, "GBP %s%sk", k < 0 ? "&minus;" : "", out);
}

static void figure(FILE *o, const chart_list *l, plot_set *p, int plots_ok,
                   const char *prefix)
{
    for (size_t i = 0; plots_ok && i < l->n; i++) {
        const chart *c = &l->c[i];
        if (!c->finance || strncmp(c->name, prefix, strlen(prefix)) != 0)
            continue;
        fprintf(o, "<figure id=\"fig-%s\">\n", c->name);
        if (plot_embed(p, c->name, o) != 0)
            fputs("<p class=\"note\">This plot was not drawn.</p>", o);
        fputs("\n<figcaption>", o);
        text(o, c->caption);
        fputs("</figcaption>\n</figure>\n", o);
    }
}

static void year_cell(FILE *o, const fin_benefits *b, size_t y)
{
    fputs("<td>", o);
    if (y < b->base.n_years) {
        const fin_year *fy = &b->base.years[y];
        text(o, fy->label);
        if (part_year(fy))
            fprintf(o, " <small>(%zu of %zu days)</small>", fy->d1 - fy->d0,
                    fy->length);
    } else {
        fputs("<b>all years</b>", o);
    }
    fputs("</td>", o);
}

/* Savings by year: gross, cash, non-cash, after bias, investment, net. */
static void years_table(FILE *o, const fin_benefits *b)
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
        fprintf(o, "<tr data-year=\"%s\">",
                y < ny ? b->base.years[y].label : "all");
        year_cell(o, b, y);
        html_td_num(o, g.mean / K);
        html_td_ci(o, g.lo / K, g.hi / K);
        html_td_num(o, c.mean / K);
        html_td_num(o, n.mean / K);
        html_td_num(o, a.mean / K);
        html_td_num(o, invest_biased(b, y) / K);
        html_td_num(o, net.mean / K);
        html_td_ci(o, net.lo / K, net.hi / K);
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

static const char *kind_name(line_kind k)
{
    return k == LINE_SIMULATED ? "simulated"
           : k == LINE_FIXED   ? "fixed cost"
                               : "static (not simulated)";
}

/* Savings by line: all years with CI and cash, then each year's mean. */
static void lines_table(FILE *o, const fin_benefits *b)
{
    size_t ny = b->base.n_years;
    fputs("<table id=\"fin-lines\"><thead><tr><th>line</th><th>kind</th>"
          "<th class=\"n\">all years</th><th class=\"n\">95% CI</th>"
          "<th class=\"n\">cash-releasing</th>", o);
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        text(o, b->base.years[y].label);
        fputs("</th>", o);
    }
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        kpi_summary s, c;
        fin_line_summary(b, l, ny, 0, &s);
        fin_line_summary(b, l, ny, 1, &c);
        fputs("<tr data-line=\"", o);
        text(o, x->name);
        fputs("\"><td>", o);
        text(o, x->label);
        fprintf(o, "</td><td>%s</td>", kind_name(x->kind));
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
static void static_table(FILE *o, const business_case *bc)
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
        text(o, bc->lines[l].name);
        fputs("\"><td>", o);
        text(o, bc->lines[l].label ? bc->lines[l].label : bc->lines[l].name);
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
static void dynamic_table(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    char pt[64];
    fprintf(o, "<div class=\"side\"><h4>Simulated (dynamic): %s</h4>\n"
               "<table id=\"fin-dynamic\"><thead><tr><th>line</th>",
            price_text(f, pt, sizeof pt));
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        text(o, b->base.years[y].label);
        fputs("</th>", o);
    }
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0)
            continue;
        fputs("<tr data-line=\"", o);
        text(o, x->name);
        fputs("\"><td>", o);
        text(o, x->label);
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
        html_td_num(o, invest_biased(b, y) / K);
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

/* dynamic / static, by simulated line and year (static at the price
 * base, prorated in part years); NAN where the static value is 0. */
static double ratio(const rfin *f, size_t l, size_t y)
{
    double st = static_at(f, &f->b.lines[l], y, 1);
    kpi_summary s;
    fin_line_summary(&f->b, l, y, 0, &s);
    return st != 0 ? s.mean / st : NAN;
}

static void ratio_table(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    fputs("<table id=\"fin-ratio\"><thead><tr><th>simulated line</th>", o);
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        text(o, b->base.years[y].label);
        fputs("</th>", o);
    }
    fputs("</tr></thead><tbody>\n", o);
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0 || x->kind != LINE_SIMULATED)
            continue;
        fputs("<tr data-line=\"", o);
        text(o, x->name);
        fputs("\"><td>", o);
        text(o, x->label);
        fputs("</td>", o);
        for (size_t y = 0; y < ny; y++) {
            double r = ratio(f, l, y);
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

static double cash_share(const fin_benefits *b, int i)
{
    const cost_spec *c = b->base.sc->costs;
    if (c && c->unit[i].set)
        return c->unit[i].cash_releasing;
    c = b->alt.sc->costs;
    return c && c->unit[i].set ? c->unit[i].cash_releasing : 0;
}

/* Mean saving (GBP) on item i over all years. */
static double item_saving(const fin_benefits *b, int i)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years, n = 0;
    double t = 0;
    for (size_t r = 0; r < reps; r++) {
        double v = 0;
        for (size_t y = 0; y < ny; y++) {
            size_t at = (r * ny + y) * COST_ITEMS + (size_t)i;
            v += b->base.price[i] * b->base.act[at] -
                 b->alt.price[i] * b->alt.act[at];
        }
        if (isfinite(v)) {
            t += v;
            n++;
        }
    }
    return n ? t / (double)n : NAN;
}

/* Mean admissions avoided (spells, short and long) in year y. */
static double admissions_avoided(const fin_benefits *b, size_t y)
{
    kpi_summary s, l;
    fin_activity_summary(b, COST_ADMISSION_SHORT, y, &s);
    fin_activity_summary(b, COST_ADMISSION_LONG, y, &l);
    return s.mean + l.mean;
}

static void pct(FILE *o, double r)
{
    if (isfinite(r))
        fprintf(o, "%.0f%%", 100 * r);
    else
        fputs("&ndash;", o);
}

/* Where and why the static and dynamic figures differ, from the figures. */
static void explain(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    const business_case *bc = b->bc;
    size_t ny = b->base.n_years;
    char pt[64], fy[16];
    price_text(f, pt, sizeof pt);
    fputs("<div id=\"fin-why\">\n<h3>Where and why static and dynamic "
          "differ</h3>\n<ul>\n", o);
    /* overall */
    kpi_summary g;
    fin_total_summary(b, ny, 0, &g);
    double st = 0;
    for (size_t y = 0; y < ny; y++)
        st += static_total(f, y, 1);
    fputs("<li><b>Overall.</b> Over the measured years the simulation finds "
          "a gross saving of ", o);
    money(o, g.mean);
    fputs(" (95% CI ", o);
    money(o, g.lo);
    fputs(" to ", o);
    money(o, g.hi);
    fputs(") against the business case's ", o);
    money(o, st);
    fprintf(o, " for the same years (%s, its figures converted from %s "
               "prices by the inflation index, &times; %.4f): ",
            pt, costs_fy_name(bc->price_year, fy, sizeof fy), bc_factor(f));
    pct(o, st != 0 ? g.mean / st : NAN);
    fputs(" of it. The static method multiplies one full-year effect, "
          "measured on the base year, by a phasing; the simulation "
          "re-measures each year what the alternative actually changes in "
          "the system, so the lines interact.</li>\n", o);
    /* each simulated line */
    for (size_t l = 0; l < b->n_lines; l++) {
        const fin_line *x = &b->lines[l];
        if (x->bc_line < 0 || x->kind != LINE_SIMULATED)
            continue;
        unsigned beds = (1u << COST_ACUTE_BED_DAY) |
                        (1u << COST_DELAYED_BED_DAY) |
                        (1u << COST_ESCALATION_BED_DAY);
        int los = (x->items & beds) != 0;
        size_t peak = 0, last = ny - 1, nfin = 0;
        for (size_t y = 0; y < ny; y++) {
            double r = ratio(f, l, y);
            if (!isfinite(r))
                continue;
            if (!nfin++ || r > ratio(f, l, peak))
                peak = y;
        }
        while (last > 0 && !isfinite(ratio(f, l, last)))
            last--;
        fputs("<li data-line=\"", o);
        text(o, x->name);
        fputs("\"><b>", o);
        text(o, x->label);
        fputs(".</b> Simulated as a share of static, by year: ", o);
        for (size_t y = 0; y < ny; y++) {
            fputs(y ? ", " : "", o);
            pct(o, ratio(f, l, y));
            fputs(" (", o);
            text(o, b->base.years[y].label);
            fputs(")", o);
        }
        fputs(". ", o);
        if (!nfin) {
            fputs("</li>\n", o);
            continue;
        }
        double rp = ratio(f, l, peak), rl = ratio(f, l, last);
        if (los) {
            double ap = admissions_avoided(b, peak);
            double al = admissions_avoided(b, last);
            if (last > peak && rl < 0.95 * rp) {
                fputs("It peaks at ", o);
                pct(o, rp);
                fputs(" in ", o);
                text(o, b->base.years[peak].label);
                fputs(" and falls to ", o);
                pct(o, rl);
                fputs(" by ", o);
                text(o, b->base.years[last].label);
                if (al > 1.05 * ap && al > 0) {
                    fprintf(o, ", while the emergency admissions avoided rise "
                               "from %.0f to %.0f a year. ", ap, al);
                    fputs("Length-of-stay savings shrink as admissions fall: "
                          "the static line applies its full-year saving to "
                          "the base year's admissions, but in the simulation "
                          "the stays shortened are those of the admissions "
                          "that still happen, and deflection leaves fewer of "
                          "them. The two lines overlap in the static table "
                          "and not in the simulation.", o);
                } else {
                    fprintf(o, ". The emergency admissions avoided do not "
                               "rise over these years (%.0f, then %.0f a "
                               "year), so the fall is not deflection's; read "
                               "it with the line's CIs above.", ap, al);
                }
            } else {
                fputs("The ratio does not fall over the years (", o);
                pct(o, rp);
                fputs(" at its highest, ", o);
                pct(o, rl);
                fputs(" in the last year): here the admissions avoided do "
                      "not visibly erode the length-of-stay saving.", o);
            }
            double sv = item_saving(b, COST_ACUTE_BED_DAY) +
                        item_saving(b, COST_DELAYED_BED_DAY);
            double share = cash_share(b, COST_ACUTE_BED_DAY);
            fputs(" Bed-days freed are worth ", o);
            money(o, sv);
            fprintf(o, " at the bed-day costs, of which %.0f%% is counted as "
                       "cash (<code>cash_releasing</code> of "
                       "<code>acute_bed_day</code>): a freed bed releases no "
                       "cash unless it is closed.", 100 * share);
            fputs(" Its saving by item, all years: ", o);
            int first = 1;
            for (int i = 0; i < COST_ITEMS; i++)
                if (x->items & (1u << i)) {
                    fputs(first ? "" : "; ", o);
                    text(o, cost_item_label((cost_item)i));
                    fputs(" ", o);
                    money(o, item_saving(b, i));
                    first = 0;
                }
            fputs(".", o);
        } else {
            fputs("The simulation prices the activity this line removes (", o);
            int first = 1;
            for (int i = 0; i < COST_ITEMS; i++)
                if (x->items & (1u << i)) {
                    fputs(first ? "" : "; ", o);
                    text(o, cost_item_label((cost_item)i));
                    fputs(" ", o);
                    money(o, item_saving(b, i));
                    first = 0;
                }
            fputs(", all years) at the scenario's unit costs in the year it "
                  "is removed, rather than as a phased share of one base-year "
                  "figure; activity removed by another line (deflected "
                  "patients do not reach a care home or a long stay) is not "
                  "counted twice.", o);
        }
        fputs("</li>\n", o);
    }
    /* cash */
    kpi_summary c;
    fin_total_summary(b, ny, 1, &c);
    double fixed = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        if (b->lines[l].kind == LINE_FIXED) {
            kpi_summary s;
            fin_line_summary(b, l, ny, 0, &s);
            fixed += s.mean;
        }
    fputs("<li><b>Cash.</b> Of the gross saving, ", o);
    money(o, c.mean);
    fputs(" (", o);
    pct(o, g.mean != 0 ? c.mean / g.mean : NAN);
    fputs(") releases cash; the rest is capacity freed but still staffed "
          "and paid for. Savings on unit costs count as cash only by their "
          "<code>cash_releasing</code> share (placements bought one by one), "
          "fixed costs (a contract ended, a ward closed) in full: ", o);
    money(o, fixed);
    fputs(" here. The business case's table makes no such split.</li>\n", o);
    /* static lines */
    size_t ns = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        ns += b->lines[l].kind == LINE_STATIC;
    if (ns) {
        fputs("<li><b>Not simulated.</b> ", o);
        size_t k = 0;
        for (size_t l = 0; l < b->n_lines; l++)
            if (b->lines[l].kind == LINE_STATIC) {
                fputs(k ? (k + 1 == ns ? " and " : ", ") : "", o);
                text(o, bc->lines[b->lines[l].bc_line].label
                            ? bc->lines[b->lines[l].bc_line].label
                            : bc->lines[b->lines[l].bc_line].name);
                k++;
            }
        fprintf(o, " %s no counterpart in the model: %s in both tables at "
                   "the case's own figures (converted to the price base), "
                   "with no spread and as not cash-releasing.</li>\n",
                ns == 1 ? "has" : "have", ns == 1 ? "it stands" : "they "
                                                                  "stand");
    }
    fputs("</ul>\n<p class=\"small\">Ratios compare the simulated mean with "
          "the static value at the same prices; in a part year the static "
          "value is prorated by the days measured.</p>\n</div>\n", o);
}

/* One scenario's costs by item and year (a study with one member). */
static void costs_table(FILE *o, const rfin *f)
{
    const fin_run *r = &f->b.base;
    size_t ny = r->n_years;
    fputs("<table id=\"fin-costs\"><thead><tr><th>item</th>", o);
    for (size_t y = 0; y < ny; y++) {
        fputs("<th class=\"n\">", o);
        text(o, r->years[y].label);
        fputs("</th>", o);
    }
    fputs("<th class=\"n\">all years</th><th class=\"n\">95% CI</th></tr>"
          "</thead><tbody>\n", o);
    for (int i = 0; i <= COST_ITEMS + 1; i++) {
        fputs("<tr><td>", o);
        text(o, i < COST_ITEMS    ? cost_item_label((cost_item)i)
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

void rfin_section(FILE *o, const rfin *f, const chart_list *l, plot_set *p,
                  int plots_ok)
{
    if (!f->on)
        return;
    char pt[64];
    fputs("<section id=\"finance\">\n<h2>Finance</h2>\n", o);
    if (f->msg[0] || (f->n == 2 && !f->built)) {
        fputs("<p class=\"note\" id=\"no-finance\">No finance figures: ", o);
        text(o, f->msg[0] ? f->msg : "the study has no alternative");
        fputs(".</p>\n</section>\n", o);
        return;
    }
    if (f->n == 1) {
        fputs("<p>The costs of ", o);
        text(o, f->b.base.sc->name);
        fprintf(o, " by item and financial year, GBP k (mean over %ld "
                   "replications).</p>\n", f->b.base.reps);
        costs_table(o, f);
        fputs("</section>\n", o);
        return;
    }
    const fin_benefits *b = &f->b;
    fputs("<p>Savings of ", o);
    text(o, b->alt.sc->name);
    fputs(" against ", o);
    text(o, b->base.sc->name);
    fprintf(o, ": the base's cost minus the alternative's, costed from each "
               "replication's daily activity by financial year (April to "
               "March), %s; %ld paired replications under common random "
               "numbers, so each saving is taken replication by replication "
               "and its 95%% CI is that of the paired difference. The same "
               "figures are printed by <code>flowsim benefits</code>.</p>\n",
            price_text(f, pt, sizeof pt), b->base.reps);
    if (!plots_ok)
        fputs("<p class=\"note\">No finance plots (they need gnuplot); the "
              "tables below have every figure.</p>\n", o);
    fputs("<h3>Savings by financial year</h3>\n", o);
    figure(o, l, p, plots_ok, "finyears");
    years_table(o, b);
    fputs("<h3>From gross saving to net</h3>\n", o);
    figure(o, l, p, plots_ok, "finwaterfall");
    kpi_summary tg, to, tn;
    size_t ny = b->base.n_years;
    fin_total_summary(b, ny, 0, &tg);
    fin_total_summary(b, ny, 3, &to);
    fin_total_summary(b, ny, 4, &tn);
    double inv = invest_plain(b, ny), invb = invest_biased(b, ny);
    fputs("<table id=\"fin-waterfall\"><thead><tr><th>step, all years</th>"
          "<th class=\"n\">GBP k</th><th class=\"n\">95% CI</th></tr>"
          "</thead><tbody>\n<tr data-step=\"gross\"><td>gross saving</td>",
          o);
    html_td_num(o, tg.mean / K);
    html_td_ci(o, tg.lo / K, tg.hi / K);
    fputs("</tr>\n<tr data-step=\"benefit-bias\"><td>&minus; optimism bias "
          "on benefits</td>", o);
    html_td_num(o, -(tg.mean - to.mean) / K);
    fputs("<td></td></tr>\n<tr data-step=\"investment\"><td>&minus; "
          "investment</td>", o);
    html_td_num(o, -inv / K);
    fputs("<td></td></tr>\n<tr data-step=\"investment-bias\"><td>&minus; "
          "optimism bias on investment</td>", o);
    html_td_num(o, -(invb - inv) / K);
    fputs("<td></td></tr>\n<tr data-step=\"net\"><td><b>= net saving</b>"
          "</td>", o);
    html_td_num(o, tn.mean / K);
    html_td_ci(o, tn.lo / K, tn.hi / K);
    fputs("</tr>\n</tbody></table>\n<h3>Savings by line</h3>\n", o);
    lines_table(o, b);
    if (b->bc) {
        fputs("<h3>The business case beside the simulation</h3>\n<p>Left: "
              "the business case's own benefit table by its static method "
              "(a full-year effect &times; a phasing by year), as it prints "
              "it. Right: the simulated savings of the same lines, the "
              "case's year <i>i</i> laid on the scenario's <i>i</i>-th "
              "financial year.</p>\n<div class=\"sides\">\n", o);
        static_table(o, b->bc);
        dynamic_table(o, f);
        fputs("</div>\n<h4>Simulated as a share of static (same prices)"
              "</h4>\n", o);
        ratio_table(o, f);
        explain(o, f);
    }
    fputs("</section>\n", o);
}
