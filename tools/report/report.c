/* report.c -- the HTML report of a study (report.h): header, tables, and
 * the plots that charts.c and bars.c plan. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "charts.h"
#include "flowsim_config.h"
#include "headline.h"
#include "html.h"
#include "outfile.h"
#include "plot.h"
#include "query.h"
#include "report.h"
#include "rfinance.h"
#include "sweepspec.h"

#define MAX_HEADLINE 8

typedef struct page {
    FILE *f;
    const rq_study *s;
    const char *store_path;
    const char *sweep_kpi;
    const chart_list *charts;
    plot_set *plots;
    int plots_ok;
    char plot_msg[700];
    rfin *fin;                      /* a benefits study's finance */
} page;

static int significant(const kpi_summary *d)
{
    return d->n > 1 && (d->lo > 0 || d->hi < 0);
}

static const char *kind_text(const rq_study *s)
{
    if (!strcmp(s->kind, "compare"))
        return "comparison of scenarios under common random numbers";
    if (!strcmp(s->kind, "sweep"))
        return "parameter sweep under common random numbers";
    if (!strcmp(s->kind, "benefits"))
        return s->n > 1 ? "costs and savings of a scenario against a base "
                          "under common random numbers (flowsim benefits)"
                        : "costs of a scenario (flowsim benefits)";
    return "run";
}

static void meta_row(FILE *f, const char *th, const char *td)
{
    fputs("<tr><th>", f);
    html_text(f, th);
    fputs("</th><td>", f);
    html_text(f, td);
    fputs("</td></tr>\n", f);
}

static void header(const page *pg)
{
    FILE *f = pg->f;
    const rq_study *s = pg->s;
    const rq_member *m0 = &s->m[0];
    char buf[512], now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fputs("<header>\n<h1>", f);
    html_text(f, s->name);
    fputs("</h1>\n<p class=\"sub\">flowsim report: ", f);
    html_text(f, kind_text(s));
    fprintf(f, " (study %ld, %zu scenario%s)</p>\n<table class=\"meta\" "
               "id=\"meta\">\n", s->id, s->n, s->n == 1 ? "" : "s");
    meta_row(f, "Study kind", s->kind);
    if (s->n == 1)
        meta_row(f, "Scenario", m0->scenario);
    snprintf(buf, sizeof buf, "%ld", s->reps);
    meta_row(f, "Replications", buf);
    snprintf(buf, sizeof buf, "%llu", s->seed);
    meta_row(f, "Seed", buf);
    snprintf(buf, sizeof buf, "%g days, of which %g days of warm-up",
             m0->horizon_days, m0->warmup_days);
    meta_row(f, "Horizon", buf);
    meta_row(f, "flowsim version", m0->version);
    if (s->n == 1)
        meta_row(f, "Scenario hash", m0->hash);
    meta_row(f, "Study created", s->created);
    meta_row(f, "Report made", now);
    meta_row(f, "Results store", pg->store_path);
    fputs("</table>\n</header>\n", f);
    if (s->n > 1) {
        fputs("<h3>Scenarios</h3>\n<table id=\"members\"><thead><tr><th>#"
              "</th><th>label</th><th>scenario</th><th>parameters</th>"
              "<th>scenario hash</th><th>flowsim</th><th class=\"n\">"
              "replications done</th><th>created</th></tr></thead><tbody>\n",
              f);
        for (size_t i = 0; i < s->n; i++) {
            const rq_member *m = &s->m[i];
            fprintf(f, "<tr><td>%d%s</td><td>", m->position,
                    strcmp(s->kind, "sweep") && i == 0 ? " (base)" : "");
            html_text(f, m->label);
            fputs("</td><td>", f);
            html_text(f, m->scenario);
            fputs("</td><td>", f);
            html_text(f, m->params);
            fputs("</td><td><code>", f);
            html_text(f, m->hash);
            fputs("</code></td><td>", f);
            html_text(f, m->version);
            fprintf(f, "</td><td class=\"n\">%ld</td><td>", m->done);
            html_text(f, m->created);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->m[i].done < s->reps) {
            fputs("<p class=\"note\">", f);
            html_text(f, s->m[i].label);
            fprintf(f, ": only %ld of %ld replications finished; the "
                       "statistics use those.</p>\n", s->m[i].done, s->reps);
        }
    fprintf(f, "<nav><a href=\"#results\">Results</a>%s<a href=\"#plots\">"
               "Plots</a><a href=\"#all\">All KPIs</a><a href=\"#reading\">"
               "How to read</a></nav>\n",
            pg->fin && pg->fin->on ? "<a href=\"#finance\">Finance</a>" : "");
}

static void kpi_cell(FILE *f, const char *text)
{
    fputs("<td>", f);
    html_text(f, text);
    fputs("</td>", f);
}

/* One row of mean, CI, p5, p95, n. */
static void summary_cells(FILE *f, const kpi_summary *sm)
{
    html_td_num(f, sm->mean);
    html_td_ci(f, sm->lo, sm->hi);
    html_td_num(f, sm->p5);
    html_td_num(f, sm->p95);
    fprintf(f, "<td class=\"n\">%ld</td>", sm->n);
}

static const char SUMMARY_HEAD[] =
    "<thead><tr><th>KPI</th><th>unit</th><th class=\"n\">mean</th>"
    "<th class=\"n\">95% CI of the mean</th><th class=\"n\">p5</th>"
    "<th class=\"n\">p95</th><th class=\"n\">n</th></tr></thead><tbody>\n";

/* The KPI table of one member; only the KPIs in idx when idx is given. */
static void kpi_table(FILE *f, const rq_study *s, const rq_member *m,
                      const char *id, const size_t *idx, size_t n)
{
    fprintf(f, "<table id=\"%s\">%s", id, SUMMARY_HEAD);
    for (size_t j = 0; j < n; j++) {
        size_t k = idx ? idx[j] : j;
        kpi_summary sm;
        rq_summary(m, s->reps, k, &sm);
        fputs("<tr data-kpi=\"", f);
        html_text(f, m->kpis[k].name);
        fputs("\">", f);
        const char *t = idx ? charts_kpi_title(&m->kpis[k]) : NULL;
        kpi_cell(f, t ? t : m->kpis[k].name);
        kpi_cell(f, m->kpis[k].unit);
        summary_cells(f, &sm);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* Base against one alternative, every KPI they share, paired. */
static void compare_table(FILE *f, const rq_study *s, size_t a,
                          const char *id, const size_t *idx, size_t n)
{
    const rq_member *b = &s->m[0], *alt = &s->m[a];
    fputs("<h3>", f);
    html_text(f, alt->label);
    fputs(" against ", f);
    html_text(f, b->label);
    fprintf(f, "%s</h3>\n<table id=\"%s-%zu\" class=\"compare\"><thead>"
               "<tr><th>KPI</th><th>unit</th><th class=\"n\">base mean</th>"
               "<th class=\"n\">base 95%% CI</th><th class=\"n\">alt mean"
               "</th><th class=\"n\">alt 95%% CI</th><th class=\"n\">"
               "difference (alt &minus; base)</th><th class=\"n\">95%% CI "
               "of the difference</th><th>significant</th><th class=\"n\" "
               "title=\"width of the paired CI over that of two independent "
               "runs: what common random numbers bought\">paired / "
               "independent width</th></tr></thead>"
               "<tbody>\n", idx ? ": headline KPIs" : ": all KPIs", id, a);
    for (size_t j = 0; j < n; j++) {
        size_t k = idx ? idx[j] : j;
        long ka = rq_kpi(alt, b->kpis[k].name);
        if (ka < 0)
            continue;
        kpi_summary sb, sa, d;
        rq_summary(b, s->reps, k, &sb);
        rq_summary(alt, s->reps, (size_t)ka, &sa);
        rq_diff(b, k, alt, (size_t)ka, s->reps, &d);
        int sig = significant(&d);
        fprintf(f, "<tr%s data-kpi=\"", sig ? " class=\"sig\"" : "");
        html_text(f, b->kpis[k].name);
        fputs("\">", f);
        const char *t = idx ? charts_kpi_title(&b->kpis[k]) : NULL;
        kpi_cell(f, t ? t : b->kpis[k].name);
        kpi_cell(f, b->kpis[k].unit);
        html_td_num(f, sb.mean);
        html_td_ci(f, sb.lo, sb.hi);
        html_td_num(f, sa.mean);
        html_td_ci(f, sa.lo, sa.hi);
        html_td_num(f, d.mean);
        html_td_ci(f, d.lo, d.hi);
        fprintf(f, "<td data-sig=\"%d\">%s</td>", sig,
                sig ? (d.mean > 0 ? "yes, higher" : "yes, lower") : "no");
        html_td_num(f, paired_width_ratio(&sb, &sa, &d));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* What common random numbers bought at sweep point i for kpi: the width
 * ratio of its paired difference from the first point (NAN for the first
 * point itself, or when either lacks the KPI). */
static double vs_first_ratio(const rq_study *s, size_t i, const char *kpi)
{
    const rq_member *b = &s->m[0], *m = &s->m[i];
    long kb = rq_kpi(b, kpi), k = rq_kpi(m, kpi);
    if (i == 0 || kb < 0 || k < 0)
        return NAN;
    kpi_summary sb, sm, d;
    rq_summary(b, s->reps, (size_t)kb, &sb);
    rq_summary(m, s->reps, (size_t)k, &sm);
    rq_diff(b, (size_t)kb, m, (size_t)k, s->reps, &d);
    return paired_width_ratio(&sb, &sm, &d);
}

/* A sweep: the chosen KPI at every point, then the headline means. */
static void sweep_tables(FILE *f, const rq_study *s, const char *kpi)
{
    char *keys[8], buf[512];
    size_t nk = charts_sweep_keys(s, keys, 8);
    fputs("<h3>", f);
    html_text(f, kpi);
    fputs(" at each point</h3>\n<table id=\"sweep\"><thead><tr><th>#</th>",
          f);
    for (size_t j = 0; j < nk; j++) {
        fputs("<th>", f);
        html_text(f, keys[j]);
        fputs("</th>", f);
    }
    fputs("<th>unit</th><th class=\"n\">mean</th><th class=\"n\">95% CI of "
          "the mean</th><th class=\"n\">p5</th><th class=\"n\">p95</th>"
          "<th class=\"n\">n</th><th class=\"n\" title=\"the width of the "
          "95% CI of the paired difference from the first point over that "
          "of independent runs: what common random numbers bought\">"
          "paired with the first point / independent width</th></tr>"
          "</thead><tbody>\n", f);
    for (size_t i = 0; i < s->n; i++) {
        const rq_member *m = &s->m[i];
        fprintf(f, "<tr data-point=\"%d\"><td>%d</td>", m->position,
                m->position);
        for (size_t j = 0; j < nk; j++)
            kpi_cell(f, sweep_param(m->params, keys[j], buf, sizeof buf));
        long k = rq_kpi(m, kpi);
        kpi_summary sm = {.mean = NAN, .lo = NAN, .hi = NAN, .p5 = NAN,
                          .p95 = NAN};
        if (k >= 0)
            rq_summary(m, s->reps, (size_t)k, &sm);
        kpi_cell(f, k >= 0 ? m->kpis[k].unit : "");
        summary_cells(f, &sm);
        html_td_num(f, vs_first_ratio(s, i, kpi));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    kpi_list kl = {.n = s->m[0].nkpi, .defs = s->m[0].kpis};
    size_t idx[MAX_HEADLINE];
    size_t nh = headline_pick(&kl, idx, MAX_HEADLINE);
    if (nh > 0) {
        fputs("<h3>Headline KPIs at each point (means)</h3>\n<table id=\""
              "sweep-headline\"><thead><tr><th>#</th>", f);
        for (size_t j = 0; j < nk; j++) {
            fputs("<th>", f);
            html_text(f, keys[j]);
            fputs("</th>", f);
        }
        for (size_t h = 0; h < nh; h++) {
            fputs("<th class=\"n\">", f);
            html_text(f, s->m[0].kpis[idx[h]].name);
            fputs(" (", f);
            html_text(f, s->m[0].kpis[idx[h]].unit);
            fputs(")</th>", f);
        }
        fputs("</tr></thead><tbody>\n", f);
        for (size_t i = 0; i < s->n; i++) {
            const rq_member *m = &s->m[i];
            fprintf(f, "<tr><td>%d</td>", m->position);
            for (size_t j = 0; j < nk; j++)
                kpi_cell(f, sweep_param(m->params, keys[j], buf, sizeof buf));
            for (size_t h = 0; h < nh; h++) {
                long k = rq_kpi(m, s->m[0].kpis[idx[h]].name);
                kpi_summary sm = {.mean = NAN};
                if (k >= 0)
                    rq_summary(m, s->reps, (size_t)k, &sm);
                html_td_num(f, sm.mean);
            }
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    for (size_t j = 0; j < nk; j++)
        free(keys[j]);
}

/* The summary tables, before the plots. */
static void results(const page *pg)
{
    FILE *f = pg->f;
    const rq_study *s = pg->s;
    kpi_list kl = {.n = s->m[0].nkpi, .defs = s->m[0].kpis};
    size_t idx[MAX_HEADLINE];
    size_t nh = headline_pick(&kl, idx, MAX_HEADLINE);
    fputs("<section id=\"results\">\n<h2>Results</h2>\n", f);
    if (!strcmp(s->kind, "sweep")) {
        sweep_tables(f, s, pg->sweep_kpi);
        fputs("<p>Every KPI of every point: <code>flowsim export STORE "
              "--what summary</code>.</p>\n", f);
    } else if (s->n > 1) {
        fputs("<p>Differences are paired: replication <i>r</i> of every "
              "scenario ran on the same random numbers, so each difference "
              "is taken replication by replication and its 95% CI is that "
              "of a paired t test. Significant: the CI of the difference "
              "excludes zero (highlighted rows). The last column is what "
              "the pairing bought: the width of that CI over the width of "
              "two independent runs' (0.5: the precision of four times the "
              "replications). Every KPI is compared "
              "<a href=\"#all\">below the plots</a>.</p>\n", f);
        for (size_t a = 1; a < s->n && nh > 0; a++)
            compare_table(f, s, a, "compare-headline", idx, nh);
    } else if (nh > 0) {
        fputs("<h3>Headline KPIs</h3>\n", f);
        kpi_table(f, s, &s->m[0], "headline", idx, nh);
        fputs("<p>Every KPI is <a href=\"#all\">below the plots</a>.</p>\n",
              f);
    }
    fputs("</section>\n", f);
}

/* Every KPI, after the plots (they are long). */
static void all_kpis(const page *pg)
{
    FILE *f = pg->f;
    const rq_study *s = pg->s;
    if (!strcmp(s->kind, "sweep"))
        return;
    fputs("<section id=\"all\">\n<h2>All KPIs</h2>\n", f);
    if (s->n > 1)
        for (size_t a = 1; a < s->n; a++)
            compare_table(f, s, a, "compare", NULL, s->m[0].nkpi);
    else
        kpi_table(f, s, &s->m[0], "kpis", NULL, s->m[0].nkpi);
    fputs("</section>\n", f);
}

static void plots(const page *pg)
{
    FILE *f = pg->f;
    size_t shown = 0;
    for (size_t i = 0; i < pg->charts->n; i++)
        shown += !pg->charts->c[i].finance;
    fputs("<section id=\"plots\">\n<h2>Plots</h2>\n", f);
    if (!pg->plots_ok) {
        fputs("<p class=\"note\" id=\"no-plots\">No plots: ", f);
        html_text(f, pg->plot_msg);
        fputs(". Plots need gnuplot (Debian package <code>gnuplot-nox</code>"
              "); the tables above are complete without it.</p>\n", f);
    } else if (shown == 0) {
        fputs("<p class=\"note\" id=\"no-plots\">No plots: this study has "
              "no daily series (it ran with <code>--no-series</code>) and "
              "nothing to compare.</p>\n", f);
    }
    fputs("<div class=\"plots\">\n", f);
    for (size_t i = 0; pg->plots_ok && i < pg->charts->n; i++) {
        const chart *c = &pg->charts->c[i];
        if (c->finance)
            continue;
        fprintf(f, "<figure id=\"fig-%s\"%s>\n", c->name,
                c->small ? " class=\"small\"" : "");
        if (plot_embed(pg->plots, c->name, f) != 0)
            fputs("<p class=\"note\">This plot was not drawn.</p>", f);
        fputs("\n<figcaption>", f);
        html_text(f, c->caption);
        fputs("</figcaption>\n</figure>\n", f);
    }
    fputs("</div>\n</section>\n", f);
}

static void reading(FILE *f)
{
    fputs("<section id=\"reading\">\n<h2>How to read this report</h2>\n"
          "<ul><li><b>mean</b>: the average of the KPI over the "
          "replications (independent simulated years, or periods, of the "
          "same scenario).</li>\n<li><b>95% CI of the mean</b>: the Student "
          "t confidence interval of that average; more replications make "
          "it narrower.</li>\n<li><b>p5, p95</b>: the 5th and 95th "
          "percentiles across replications: how much one period can vary, "
          "which more replications do not narrow.</li>\n<li><b>n</b>: "
          "replications in which the KPI was observed.</li>\n<li>Daily "
          "plots start at day 0 of the run and include the warm-up, whose "
          "end is marked; the KPIs exclude it.</li></ul>\n</section>\n", f);
    fprintf(f, "<footer>Made by flowsim %s from the results store; the same "
               "numbers are in <code>flowsim export</code>.</footer>\n",
            FLOWSIM_VERSION);
}

/* Plans and draws the plots.  Returns 0, or REPORT_IO when the store
 * could not be read; a missing or failing gnuplot is not an error. */
static int draw(sqlite3 *db, page *pg, chart_list *l, char *err,
                size_t errlen)
{
    const rq_study *s = pg->s;
    pg->plots = plot_begin(pg->plot_msg, sizeof pg->plot_msg);
    if (!pg->plots)
        return 0;
    int rc = 0;
    /* a sweep's response first, then the daily plots of its first
     * points, as of any study */
    if (!strcmp(s->kind, "sweep"))
        rc = charts_sweep(s, pg->sweep_kpi, pg->plots, l, err, errlen);
    if (rc == 0)
        rc = charts_daily(db, s, pg->plots, l, err, errlen);
    if (rc == 0)
        rc = charts_occupancy_dist(s, pg->plots, l, err, errlen);
    if (rc == 0 && strcmp(s->kind, "sweep") && s->n > 1)
        rc = charts_compare(s, pg->plots, l, err, errlen);
    if (rc == 0 && pg->fin)
        rc = charts_finance(pg->fin, pg->plots, l, err, errlen);
    if (rc != 0)
        return REPORT_IO;
    pg->plots_ok = l->n == 0 ||
                   plot_run(pg->plots, pg->plot_msg, sizeof pg->plot_msg) == 0;
    return 0;
}

int report_html(const char *store_path, long study, const char *out_path,
                char *err, size_t errlen)
{
    report_options o = {.study = study};
    return report_html_opts(store_path, &o, out_path, err, errlen);
}

int report_html_opts(const char *store_path, const report_options *o,
                     const char *out_path, char *err, size_t errlen)
{
    sqlite3 *db = rq_open(store_path, err, errlen);
    if (!db)
        return REPORT_BAD_INPUT;
    rq_study s;
    chart_list charts = {0};
    rfin fin;
    memset(&fin, 0, sizeof fin);
    page pg = {.s = &s, .store_path = store_path, .charts = &charts,
               .fin = &fin};
    int rc = rq_load(db, o->study, &s, err, errlen);
    s.show_warmup = o->show_warmup;
    if (rc == 0)
        rc = rfin_load(db, &s, &fin, err, errlen);
    if (rc == 0 && !strcmp(s.kind, "sweep")) {
        pg.sweep_kpi = charts_sweep_kpi(&s.m[0], o->kpi);
        if (!pg.sweep_kpi) {
            snprintf(err, errlen, "--kpi: study %ld has no KPI '%s' (flowsim "
                                  "export --what summary lists them)",
                     s.id, o->kpi ? o->kpi : "");
            rc = REPORT_BAD_INPUT;
        }
    }
    if (rc == 0)
        rc = draw(db, &pg, &charts, err, errlen);
    if (rc == 0) {
        char *tmp = NULL;
        pg.f = outfile_open(out_path, &tmp);
        if (!pg.f) {
            snprintf(err, errlen, "%s: cannot write: %s", out_path,
                     strerror(errno));
            rc = REPORT_IO;
        } else {
            char title[600];
            snprintf(title, sizeof title, "%s: flowsim report", s.name);
            html_begin(pg.f, title);
            header(&pg);
            results(&pg);
            rfin_section(pg.f, &fin, &charts, pg.plots, pg.plots_ok);
            plots(&pg);
            all_kpis(&pg);
            reading(pg.f);
            html_end(pg.f);
            int werr = ferror(pg.f);
            if (outfile_commit(pg.f, out_path, tmp) != 0 || werr) {
                snprintf(err, errlen, "%s: cannot write: %s", out_path,
                         strerror(errno ? errno : EIO));
                rc = REPORT_IO;
            }
        }
    }
    plot_end(pg.plots);
    chart_list_free(&charts);
    rfin_free(&fin);
    rq_free(&s);   /* rq_load zeroes s first, so always safe */
    sqlite3_close(db);
    return rc;
}
