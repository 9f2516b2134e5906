/* bars.c -- plots of KPI summaries: compare bars, sweep lines and heat
 * maps (charts.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "charts.h"
#include "headline.h"
#include "sweepspec.h"

#define MAX_BAR_KPIS 6
#define MAX_KEYS 2
#define MAX_LABEL 28
#define MAX_UNIT_ROWS 16

const char *charts_kpi_title(const kpi_def *d)
{
    return d->unit_index < 0 && d->month < 0 && d->info->id < KPI_N
               ? d->info->label
               : NULL;
}

void charts_kpi_cells(FILE *f, const rq_study *s, size_t shown,
                      const char *name)
{
    for (size_t i = 0; i < shown; i++) {
        long k = rq_kpi(&s->m[i], name);
        kpi_summary sm = {.mean = NAN, .lo = NAN, .hi = NAN};
        if (k >= 0)
            rq_summary(&s->m[i], s->reps, (size_t)k, &sm);
        fprintf(f, " %.10g %.10g %.10g", sm.mean, sm.lo, sm.hi);
    }
    fputc('\n', f);
}

static int oom(char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory, or a temporary file not written");
    return -1;
}

/* One shortened label of "set xtics (...)" at position i (the labels
 * of bars and groups go into the script: data files hold numbers). */
static void label_tic(plot_set *p, size_t i, const char *label)
{
    if (i)
        plot_cmd(p, ", ");
    plot_str_max(p, label, MAX_LABEL);
    plot_num(p, " %zu", i);
}

static void title_of(char *buf, size_t n, const rq_member *m, size_t k)
{
    const char *t = charts_kpi_title(&m->kpis[k]);
    snprintf(buf, n, "%s (%s)", t ? t : m->kpis[k].name, m->kpis[k].unit);
}

/* One small plot of a KPI: a bar per member with its 95% CI. */
static int kpi_bars(const rq_study *s, const char *name, size_t j,
                    plot_set *p, chart_list *l)
{
    char file[32];
    snprintf(file, sizeof file, "bar-%zu.dat", j);
    FILE *f = plot_data(p, file);
    if (!f)
        return -1;
    double lowest = 0;
    for (size_t i = 0; i < s->n; i++) {
        long k = rq_kpi(&s->m[i], name);
        kpi_summary sm = {.mean = NAN, .lo = NAN, .hi = NAN};
        if (k >= 0)
            rq_summary(&s->m[i], s->reps, (size_t)k, &sm);
        fprintf(f, "%zu %.10g %.10g %.10g\n", i, sm.mean, sm.lo, sm.hi);
        if (isfinite(sm.lo) && sm.lo < lowest)
            lowest = sm.lo;
    }
    if (ferror(f) | (fclose(f) != 0))
        return -1;
    chart *c = chart_add(l, "bars", j, 1);
    if (!c)
        return -1;
    plot_start(p, c->name, 380, 360);
    char t[300];
    title_of(t, sizeof t, &s->m[0], (size_t)rq_kpi(&s->m[0], name));
    plot_cmd(p, "set title ");
    plot_str(p, t);
    plot_num(p, " font ',13'\n"
                "set style fill solid 0.8 noborder\nset boxwidth 0.6\n"
                "set xrange [-0.6:%g]\nset yrange [%g:*]\n"
                "set offsets 0,0,graph 0.12,0\n"
                "set xtics rotate by -30 left font ',11'\n"
                "set bmargin 7\nunset key\n",
             (double)s->n - 0.4, lowest);
    plot_cmd(p, "set xtics (");
    for (size_t i = 0; i < s->n; i++)
        label_tic(p, i, s->m[i].label);
    plot_cmd(p, ")\nplot ");
    plot_str(p, file);
    plot_cmd(p, " u 1:2:($1+1) w boxes lc variable, \\\n"
                "  '' u 1:2:3:4 w yerrorbars lc rgb '#222222' pt 0 lw 1.5, "
                "\\\n  '' u 1:4:(sprintf('%.4g', $2)) w labels offset 0,0.7 "
                "font ',10'\n");
    snprintf(c->caption, sizeof c->caption,
             "%s: mean of each scenario with its 95%% confidence interval. "
             "Whether the difference is significant is judged paired, in "
             "the table above, not by overlapping intervals.", t);
    return 0;
}

/* A per-unit KPI (occupancy.mean or wait.mean) of every unit, grouped
 * by unit, a bar a member. */
static int unit_bars(const rq_study *s, kpi_id id, const char *what,
                     size_t j, plot_set *p, chart_list *l)
{
    const rq_member *m0 = &s->m[0];
    char file[32];
    snprintf(file, sizeof file, "ubar-%zu.dat", j);
    FILE *f = plot_data(p, file);
    if (!f)
        return -1;
    size_t rows = 0;
    const char *unit = "";
    char u[MAX_UNIT_ROWS][256];
    for (size_t k = 0; k < m0->nkpi && rows < MAX_UNIT_ROWS; k++) {
        const kpi_def *d = &m0->kpis[k];
        const char *name = d->name;
        /* "UNIT." and the registry's name: the unit's is the rest */
        size_t len = strlen(name), tl = strlen(d->info->name) + 1;
        if (d->unit_index < 0 || d->info->id != id || len <= tl)
            continue;
        snprintf(u[rows], sizeof u[rows], "%.*s", (int)(len - tl), name);
        fprintf(f, "%zu", rows);
        charts_kpi_cells(f, s, s->n, name);
        unit = m0->kpis[k].unit;
        rows++;
    }
    if (ferror(f) | (fclose(f) != 0))
        return -1;
    if (rows == 0)
        return 0;
    chart *c = chart_add(l, "ubars", j, 0);
    if (!c)
        return -1;
    plot_start(p, c->name, 1100, 400);
    char t[300];
    snprintf(t, sizeof t, "%s by unit (%s)", what, unit);
    plot_cmd(p, "set title ");
    plot_str(p, t);
    plot_cmd(p, " font ',15'\nset autoscale x\nset style data histograms\n"
                "set style histogram errorbars gap 1.5 lw 1\n"
                "set style fill solid 0.8 noborder\nset yrange [0:*]\n"
                "set key below horizontal height 1\nset ylabel ");
    plot_str(p, unit);
    plot_cmd(p, "\nset xtics (");
    for (size_t r = 0; r < rows; r++)
        label_tic(p, r, u[r]);
    plot_cmd(p, ")\n");
    for (size_t i = 0; i < s->n; i++) {
        if (i == 0) {
            plot_cmd(p, "plot ");
            plot_str(p, file);
            plot_cmd(p, " u 2:3:4 lt 1 title ");
        } else {
            plot_num(p, ", \\\n  '' u %zu:%zu:%zu lt %zu title ", 3 * i + 2,
                     3 * i + 3, 3 * i + 4, i + 1);
        }
        plot_str(p, s->m[i].label);
    }
    plot_cmd(p, "\n");
    snprintf(c->caption, sizeof c->caption,
             "%s of each unit in each scenario, with the 95%% confidence "
             "interval of the mean (error bars).", t);
    return 0;
}

#define MAX_FOREST_ROWS 32

/* The forest plot of a compare: each alternative's paired difference
 * from the base in each of the n KPIs idx, as a share of the base's
 * mean (so KPIs of any unit share the axis), with its 95% CI. */
static int forest(const rq_study *s, const size_t *idx, size_t n,
                  plot_set *p, chart_list *l)
{
    const rq_member *m0 = &s->m[0];
    FILE *f = s->n > 1 && n > 0 ? plot_data(p, "forest.dat") : NULL;
    if (!f)
        return s->n > 1 && n > 0 ? -1 : 0;
    char lab[MAX_FOREST_ROWS][160];
    size_t rows = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 1; i < s->n && rows < MAX_FOREST_ROWS; i++) {
            const char *name = m0->kpis[idx[j]].name;
            long ka = rq_kpi(&s->m[i], name);
            kpi_summary b, d = {.mean = NAN, .lo = NAN, .hi = NAN};
            rq_summary(m0, s->reps, idx[j], &b);
            if (ka >= 0)
                rq_diff(m0, idx[j], &s->m[i], (size_t)ka, s->reps, &d);
            double scale = fabs(b.mean) > 0 ? 100 / fabs(b.mean) : NAN;
            fprintf(f, "%zu %.10g %.10g %.10g\n", rows, d.mean * scale,
                    d.lo * scale, d.hi * scale);
            const char *t = charts_kpi_title(&m0->kpis[idx[j]]);
            snprintf(lab[rows++], sizeof lab[0], "%.60s: %.80s",
                     s->m[i].label, t ? t : name);
        }
    if (ferror(f) | (fclose(f) != 0))
        return -1;
    chart *c = chart_add(l, "forest", 0, 0);
    if (!c)
        return -1;
    plot_start(p, c->name, 1100, 140 + 26 * (int)rows);
    plot_num(p, "set title 'Paired differences from the base (%% of the "
                "base mean, 95%% CI)' font ',15'\n"
                "set yrange [%g:-0.6]\nset lmargin 48\nunset key\n"
                "set xlabel 'alternative - base, percent of the base mean'\n"
                "set arrow from 0, graph 0 to 0, graph 1 nohead dt 2 "
                "lc rgb '#777777'\nset ytics font ',10' (",
             (double)rows - 0.4);
    for (size_t r = 0; r < rows; r++) {
        if (r)
            plot_cmd(p, ", ");
        plot_str_max(p, lab[r], 64);
        plot_num(p, " %zu", r);
    }
    plot_cmd(p, ")\nplot 'forest.dat' u 2:1:3:4 w xerrorbars pt 7 ps 0.9 "
                "lc rgb '#1f5f8b' lw 1.5\n");
    snprintf(c->caption, sizeof c->caption,
             "Each alternative's paired difference from the base in the "
             "headline KPIs, as a percentage of the base's mean, with its "
             "95%% confidence interval (common random numbers: replication "
             "r of every scenario saw the same patients). An interval clear "
             "of the dashed zero line is a significant difference; the "
             "table above has the differences in each KPI's own unit.");
    return 0;
}

int charts_compare(const rq_study *s, plot_set *p, chart_list *l, char *err,
                   size_t errlen)
{
    kpi_list kl = {.n = s->m[0].nkpi, .defs = s->m[0].kpis};
    size_t fi[3 * MAX_BAR_KPIS], fn = 0;
    size_t nh = headline_pick(&kl, fi, 3 * MAX_BAR_KPIS);
    for (size_t j = 0; j < nh; j++)   /* the year's, not each month's */
        if (kl.defs[fi[j]].month < 0 && fn < MAX_BAR_KPIS + 2)
            fi[fn++] = fi[j];
    if (forest(s, fi, fn, p, l) != 0)
        return oom(err, errlen);
    size_t idx[MAX_BAR_KPIS];
    size_t n = headline_pick(&kl, idx, MAX_BAR_KPIS);
    /* headline_pick falls back to per-unit KPIs: those go grouped. */
    if (n > 0 && rq_kpi_id(&s->m[0], KPI_ED_FOUR_HOUR_PERFORMANCE) < 0 &&
        rq_kpi_id(&s->m[0], KPI_ACUTE_OCCUPANCY_RATE) < 0)
        n = 0;
    for (size_t j = 0; j < n; j++)
        if (kpi_bars(s, s->m[0].kpis[idx[j]].name, j, p, l) != 0)
            return oom(err, errlen);
    if (n == 0 &&
        (unit_bars(s, KPI_U_OCCUPANCY_MEAN, "Mean occupancy", 0, p, l) != 0 ||
         unit_bars(s, KPI_U_WAIT_MEAN, "Mean wait", 1, p, l) != 0))
        return oom(err, errlen);
    return 0;
}

const char *charts_sweep_kpi(const rq_member *m, const char *want)
{
    if (want)
        return rq_kpi(m, want) >= 0 ? want : NULL;
    long k = rq_kpi_id(m, KPI_ED_FOUR_HOUR_PERFORMANCE);
    if (k >= 0)
        return m->kpis[k].name;
    for (size_t i = 0; i < m->nkpi; i++)
        if (m->kpis[i].unit_index >= 0 &&
            m->kpis[i].info->id == KPI_U_WAIT_MEAN)
            return m->kpis[i].name;
    return m->nkpi ? m->kpis[0].name : NULL;
}

size_t charts_sweep_keys(const rq_study *s, char **keys, size_t max)
{
    char buf[512];
    size_t n = 0;
    while (n < max && sweep_param_key(s->m[0].params, n, buf, sizeof buf))
        if (!(keys[n++] = strdup(buf)))
            return n - 1;
    return n;
}

/* The distinct values of key over the members, in order of appearance,
 * into vals[max] (malloc'd); each member's index into at[]. */
static size_t distinct(const rq_study *s, const char *key, char **vals,
                       size_t max, size_t *at)
{
    size_t n = 0;
    char buf[512];
    for (size_t i = 0; i < s->n; i++) {
        sweep_param(s->m[i].params, key, buf, sizeof buf);
        size_t j = 0;
        while (j < n && strcmp(vals[j] ? vals[j] : "", buf))
            j++;
        if (j == n && n < max)
            vals[n++] = strdup(buf);
        at[i] = j;
    }
    return n;
}

static void free_all(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
}

/* xtics or ytics (axis 'x' or 'y') labelled by the values. */
static void tics(plot_set *p, char axis, char **vals, size_t n)
{
    if (axis == 'x')
        plot_cmd(p, "set xtics (");
    else
        plot_cmd(p, "set ytics (");
    for (size_t j = 0; j < n; j++) {
        if (j)
            plot_cmd(p, ", ");
        plot_str(p, vals[j] ? vals[j] : "");
        plot_num(p, " %zu", j);
    }
    plot_cmd(p, ")\n");
}

/* A row of the response plot: x, mean and its CI. */
typedef struct sweep_row {
    double x, mean, lo, hi;
} sweep_row;

static int by_x(const void *a, const void *b)
{
    double x = ((const sweep_row *)a)->x, y = ((const sweep_row *)b)->x;
    return (x > y) - (x < y);
}

static int sweep_line(const rq_study *s, const char *kpi, const char *key,
                      plot_set *p, chart_list *l)
{
    char **vals = calloc(s->n, sizeof *vals);
    size_t *at = calloc(s->n, sizeof *at);
    if (!vals || !at) {
        free(vals);
        free(at);
        return -1;
    }
    size_t nv = distinct(s, key, vals, s->n, at);
    int numeric = 1;
    for (size_t j = 0; j < nv && numeric; j++) {
        char *end;
        strtod(vals[j] ? vals[j] : "", &end);
        numeric = vals[j] && end != vals[j];
    }
    /* In order of the swept value: a study's points need not be (flowsim
     * size runs them in the order its bisection asks for them). */
    sweep_row *rows = calloc(s->n + 1, sizeof *rows);
    FILE *f = rows ? plot_data(p, "sweep.dat") : NULL;
    int rc = f ? 0 : -1;
    for (size_t i = 0; f && i < s->n; i++) {
        long k = rq_kpi(&s->m[i], kpi);
        kpi_summary sm = {.mean = NAN, .lo = NAN, .hi = NAN};
        if (k >= 0)
            rq_summary(&s->m[i], s->reps, (size_t)k, &sm);
        double x = numeric ? strtod(vals[at[i]], NULL) : (double)at[i];
        rows[i] = (sweep_row){x, sm.mean, sm.lo, sm.hi};
    }
    if (f)
        qsort(rows, s->n, sizeof *rows, by_x);
    for (size_t i = 0; f && i < s->n; i++)
        fprintf(f, "%.10g %.10g %.10g %.10g\n", rows[i].x, rows[i].mean,
                rows[i].lo, rows[i].hi);
    free(rows);
    if (f && (ferror(f) | (fclose(f) != 0)))
        rc = -1;
    chart *c = rc == 0 ? chart_add(l, "sweep", 0, 0) : NULL;
    if (c) {
        plot_start(p, c->name, 1000, 420);
        char t[600];
        title_of(t, sizeof t, &s->m[0], (size_t)rq_kpi(&s->m[0], kpi));
        char full[800];
        snprintf(full, sizeof full, "%s by %s", t, key);
        plot_cmd(p, "set title ");
        plot_str(p, full);
        plot_cmd(p, " font ',15'\nset xlabel ");
        plot_str(p, key);
        plot_cmd(p, "\nset ylabel ");
        plot_str(p, t);
        plot_cmd(p, "\nset offsets graph 0.03, graph 0.03, 0, 0\n"
                    "set key below height 1\n");
        if (!numeric)
            tics(p, 'x', vals, nv);
        plot_cmd(p, "plot 'sweep.dat' u 1:2:3:4 w yerrorlines lt 1 pt 7 "
                    "ps 0.9 title 'mean with its 95% confidence interval'\n");
        snprintf(c->caption, sizeof c->caption,
                 "%.400s at each point of the sweep: the mean across "
                 "replications with its 95%% confidence interval. Every "
                 "point ran the same replications (common random numbers).",
                 full);
    } else {
        rc = -1;
    }
    free_all(vals, nv);
    free(vals);
    free(at);
    return rc;
}

static int sweep_heat(const rq_study *s, const char *kpi, char **keys,
                      plot_set *p, chart_list *l)
{
    char **xv = calloc(s->n, sizeof *xv), **yv = calloc(s->n, sizeof *yv);
    size_t *xa = calloc(s->n, sizeof *xa), *ya = calloc(s->n, sizeof *ya);
    int rc = xv && yv && xa && ya ? 0 : -1;
    size_t nx = rc ? 0 : distinct(s, keys[0], xv, s->n, xa);
    size_t ny = rc ? 0 : distinct(s, keys[1], yv, s->n, ya);
    FILE *f = rc ? NULL : plot_data(p, "heat.dat");
    if (!f)
        rc = -1;
    for (size_t i = 0; f && i < s->n; i++) {
        long k = rq_kpi(&s->m[i], kpi);
        kpi_summary sm = {.mean = NAN};
        if (k >= 0)
            rq_summary(&s->m[i], s->reps, (size_t)k, &sm);
        fprintf(f, "%zu %zu %.10g\n", xa[i], ya[i], sm.mean);
    }
    if (f && (ferror(f) | (fclose(f) != 0)))
        rc = -1;
    chart *c = rc == 0 ? chart_add(l, "heat", 0, 0) : NULL;
    if (c) {
        plot_start(p, c->name, 1000, 160 + 50 * (int)(ny < 14 ? ny : 14));
        char t[600], full[900];
        title_of(t, sizeof t, &s->m[0], (size_t)rq_kpi(&s->m[0], kpi));
        snprintf(full, sizeof full, "%s by %s and %s", t, keys[0], keys[1]);
        plot_cmd(p, "set title ");
        plot_str(p, full);
        plot_cmd(p, " font ',15'\nset xlabel ");
        plot_str(p, keys[0]);
        plot_cmd(p, "\nset ylabel ");
        plot_str(p, keys[1]);
        plot_num(p, "\nset xrange [-0.5:%g]\nset yrange [-0.5:%g]\n"
                    "unset grid\nset border 0\nset tics scale 0\n"
                    "set palette defined (0 '#f7fbff', 1 '#fdd49e', "
                    "2 '#fc8d59')\nset cblabel ",
                 (double)nx - 0.5, (double)ny - 0.5);
        plot_str(p, t);
        plot_cmd(p, "\n");
        tics(p, 'x', xv, nx);
        tics(p, 'y', yv, ny);
        plot_cmd(p, "set style fill solid 1.0 noborder\nunset key\n"
                    "plot 'heat.dat' u 1:2:(0.5):(0.5):3 w boxxyerror "
                    "fc palette, \\\n  '' u 1:2:(sprintf('%.4g', $3)) w "
                    "labels font ',12'\n");
        snprintf(c->caption, sizeof c->caption,
                 "%.400s: the mean across replications at each point of the "
                 "grid (the value in each cell). The table gives the 95%% "
                 "confidence intervals.", full);
    } else {
        rc = -1;
    }
    free_all(xv, nx);
    free_all(yv, ny);
    free(xv);
    free(yv);
    free(xa);
    free(ya);
    return rc;
}

int charts_sweep(const rq_study *s, const char *kpi, plot_set *p,
                 chart_list *l, char *err, size_t errlen)
{
    char *keys[MAX_KEYS + 1];
    size_t nk = charts_sweep_keys(s, keys, MAX_KEYS + 1);
    int rc = 0;
    if (kpi && nk == 1)
        rc = sweep_line(s, kpi, keys[0], p, l);
    else if (kpi && nk == 2)
        rc = sweep_heat(s, kpi, keys, p, l);
    free_all(keys, nk);
    return rc ? oom(err, errlen) : 0;
}
