/* sweep.c -- flowsim sweep: every point of a grid of overrides on a base
 * scenario, all with the same seed and replications (common random
 * numbers), each recorded in the store as a member of one sweep study.
 *
 * The points run as one batch (runner_run_batch): the next points'
 * replications start while the last ones of the earlier run, so threads
 * and MPI ranks stay busy.  Points are loaded as their turn comes, and
 * only a finished point's summary is kept in memory (not its
 * replications), so a sweep of thousands of points needs little memory.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "csv.h"
#include "headline.h"
#include "json.h"
#include "load.h"
#include "outfile.h"
#include "output.h"
#include "sweep.h"
#include "sweepspec.h"
#include "text.h"

#define SWEEP_TABLE_KPIS 6
#define PARAM_MAX 512 /* longest value of a swept key shown */

/* One point: its scenario while it runs, then a summary per KPI, and the
 * replications of the headline KPIs (for the paired differences from
 * point 0: a few numbers a replication, not every KPI). */
typedef struct point_result {
    scenario *sc;
    char *canonical;
    kpi_summary *s;
    double *head;         /* reps x n_head values, replication-major */
    long reps;
} point_result;

typedef struct sweep_out {
    const sweep_opts *so;
    const sweep_spec *spec;
    kpi_list kpis;        /* of the first point; later points must match */
    point_result *pts;
    long reps;            /* 0 until known: the base's */
    int has_seed;
    uint64_t seed;
    size_t head[SWEEP_TABLE_KPIS];  /* the headline KPIs of point 0 */
    size_t n_head;
} sweep_out;

/* The paired difference of headline KPI j between point p and point 0,
 * and what the pairing bought (paired_width_ratio).  Returns 0 when
 * either point's replications are missing. */
static int vs_first(const sweep_out *o, size_t p, size_t j, kpi_summary *d,
                    double *ratio)
{
    const point_result *a = &o->pts[p], *b = &o->pts[0];
    if (!a->head || !b->head || a->reps != b->reps || a->reps < 1)
        return 0;
    size_t n = (size_t)a->reps, nh = o->n_head;
    double *v = malloc(2 * n * sizeof *v);
    if (!v)
        return 0;
    for (size_t r = 0; r < n; r++)
        v[r] = a->head[r * nh + j] - b->head[r * nh + j];
    summarise_values(v, n, 1, v + n, d);
    free(v);
    size_t k = o->head[j];
    *ratio = paired_width_ratio(&b->s[k], &a->s[k], d);
    return 1;
}

/* Below the table: what common random numbers bought, as the median over
 * points of the paired/independent CI width of the difference from point
 * 0, for each headline KPI. */
static void write_table_crn(FILE *f, const sweep_out *o)
{
    size_t np = o->spec->n_points;
    if (np < 2 || o->n_head == 0)
        return;
    double *w = malloc(np * sizeof *w);
    if (!w)
        return;
    fputs("\npaired with point 0 (common random numbers): median width of "
          "the difference's CI\nover that of independent runs (1 = no "
          "gain)\n", f);
    for (size_t j = 0; j < o->n_head; j++) {
        size_t m = 0;
        for (size_t p = 1; p < np; p++) {
            kpi_summary d;
            double r;
            if (vs_first(o, p, j, &d, &r) && !isnan(r))
                w[m++] = r;
        }
        fputs("  ", f);
        text_term_pad(f, o->kpis.defs[o->head[j]].name, -40);
        if (m == 0) {
            fputs(" -\n", f);
            continue;
        }
        gsl_sort(w, 1, m);
        fprintf(f, " %.2f (%zu points, %.2f-%.2f)\n",
                gsl_stats_median_from_sorted_data(w, 1, m), m, w[0],
                w[m - 1]);
    }
    free(w);
}

/* The KPIs the output shows into idx (room for o->kpis.n): --kpis in
 * every format; else the headline ones in the table, all in the data. */
static size_t sweep_select(const sweep_out *o, size_t *idx)
{
    const sweep_opts *so = o->so;
    if (so->view.kpis)
        return headline_select(&o->kpis, so->view.kpis, idx);
    if (so->format == FORMAT_TABLE && !so->view.all) {
        size_t n = headline_pick(&o->kpis, idx, SWEEP_TABLE_KPIS);
        if (n > 0)
            return n;
    }
    for (size_t k = 0; k < o->kpis.n; k++)
        idx[k] = k;
    return o->kpis.n;
}

/* "61.0 [60.6, 61.5]" as run's table shows numbers (output.h). */
static void sweep_cell(char *b, size_t len, const kpi_def *d,
                       const kpi_summary *s)
{
    double m = output_scale(d);
    int dp = output_decimals(s->mean * m);
    char v[3][48];
    output_num(v[0], sizeof v[0], s->mean * m, dp);
    output_num(v[1], sizeof v[1], s->lo * m, dp);
    output_num(v[2], sizeof v[2], s->hi * m, dp);
    snprintf(b, len, "%s [%s, %s]", v[0], v[1], v[2]);
}

static void write_table(FILE *f, const sweep_out *o, const size_t *idx,
                        size_t nk)
{
    char buf[PARAM_MAX];
    fputs("sweep ", f);
    text_term(f, o->spec->name);
    fprintf(f, ": %zu points of ", o->spec->n_points);
    text_term(f, o->spec->base);
    fprintf(f, ", %ld replications each, seed %llu\n\n", o->reps,
            (unsigned long long)o->seed);
    /* a list of points (points:) has no keys: each point's overrides */
    if (o->spec->n_keys == 0)
        text_term_pad(f, "point", -24);
    for (size_t k = 0; k < o->spec->n_keys; k++) {
        text_term_pad(f, o->spec->keys[k], -24);
        fputc(' ', f);
    }
    for (size_t j = 0; j < nk; j++) {
        const kpi_def *d = &o->kpis.defs[idx[j]];
        snprintf(buf, sizeof buf, "%s (%s)", d->name, output_unit(d));
        fputc(' ', f);
        text_term_pad(f, buf, 30);
    }
    fputc('\n', f);
    for (size_t p = 0; p < o->spec->n_points; p++) {
        if (o->spec->n_keys == 0)
            text_term_pad(f, o->spec->points[p].params, -24);
        for (size_t k = 0; k < o->spec->n_keys; k++) {
            text_term_pad(f, sweep_param(o->spec->points[p].params,
                                         o->spec->keys[k], buf, sizeof buf),
                          -24);
            fputc(' ', f);
        }
        for (size_t j = 0; j < nk; j++) {
            sweep_cell(buf, sizeof buf, &o->kpis.defs[idx[j]],
                       &o->pts[p].s[idx[j]]);
            fprintf(f, " %30s", buf);
        }
        fputc('\n', f);
    }
    write_table_crn(f, o);
}

static void write_csv(FILE *f, const sweep_out *o, const size_t *idx,
                      size_t nk)
{
    char buf[PARAM_MAX];
    fputs("point", f);
    for (size_t k = 0; k < o->spec->n_keys; k++) {
        fputc(',', f);
        csv_text(f, o->spec->keys[k]);
    }
    fputs(",kpi,unit,mean,ci95_lo,ci95_hi,p5,p95,n\n", f);
    for (size_t p = 0; p < o->spec->n_points; p++)
        for (size_t i = 0; i < nk; i++) {
            size_t k = idx[i];
            const kpi_summary *s = &o->pts[p].s[k];
            fprintf(f, "%zu", p);
            for (size_t j = 0; j < o->spec->n_keys; j++) {
                fputc(',', f);
                csv_text(f, sweep_param(o->spec->points[p].params,
                                               o->spec->keys[j], buf,
                                               sizeof buf));
            }
            fputc(',', f);
            csv_text(f, o->kpis.defs[k].name);
            fputc(',', f);
            csv_text(f, o->kpis.defs[k].unit);
            csv_num(f, s->mean);
            csv_num(f, s->lo);
            csv_num(f, s->hi);
            csv_num(f, s->p5);
            csv_num(f, s->p95);
            fprintf(f, ",%ld\n", s->n);
        }
}

/* ", "vs_point_0": {KPI: {"diff": {"mean", "ci95"}, "width_ratio",
 * "width_floor"}}" for the headline KPIs of point p > 0. */
static void write_json_vs_first(FILE *f, const sweep_out *o, size_t p)
{
    if (p == 0)
        return;
    fputs(", \"vs_point_0\": {", f);
    int first = 1;
    for (size_t j = 0; j < o->n_head; j++) {
        kpi_summary d;
        double r;
        if (!vs_first(o, p, j, &d, &r))
            continue;
        fputs(first ? "" : ", ", f);
        first = 0;
        json_str(f, o->kpis.defs[o->head[j]].name);
        fputs(": {\"diff\": ", f);
        output_json_ci(f, &d);
        fputs(", \"width_ratio\": ", f);
        json_num(f, r);
        fputs(", \"width_floor\": ", f);
        size_t k = o->head[j];
        json_num(f, paired_width_floor(&o->pts[0].s[k], &o->pts[p].s[k]));
        fputc('}', f);
    }
    fputc('}', f);
}

static void write_json(FILE *f, const sweep_out *o, const size_t *idx,
                       size_t nk)
{
    char buf[PARAM_MAX];
    fputs("{\"sweep\": ", f);
    json_str(f, o->spec->name);
    fputs(", \"base\": ", f);
    json_str(f, o->spec->base);
    fprintf(f, ", \"replications\": %ld, \"seed\": %llu, \"keys\": [",
            o->reps, (unsigned long long)o->seed);
    for (size_t k = 0; k < o->spec->n_keys; k++) {
        fputs(k ? ", " : "", f);
        json_str(f, o->spec->keys[k]);
    }
    fputs("], \"points\": [", f);
    for (size_t p = 0; p < o->spec->n_points; p++) {
        fputs(p ? ",\n {\"params\": {" : "\n {\"params\": {", f);
        for (size_t k = 0; k < o->spec->n_keys; k++) {
            fputs(k ? ", " : "", f);
            json_str(f, o->spec->keys[k]);
            fputs(": ", f);
            json_str(f, sweep_param(o->spec->points[p].params,
                                           o->spec->keys[k], buf,
                                           sizeof buf));
        }
        fputs("}, \"kpis\": {", f);
        for (size_t i = 0; i < nk; i++) {
            size_t k = idx[i];
            fputs(i ? ",\n  " : "\n  ", f);
            json_str(f, o->kpis.defs[k].name);
            fputs(": ", f);
            output_json_summary(f, &o->pts[p].s[k], o->kpis.defs[k].unit);
        }
        fputc('}', f);
        write_json_vs_first(f, o, p);
        fputc('}', f);
    }
    fputs("\n]}\n", f);
}

static int write_out(const sweep_opts *so, const sweep_out *o)
{
    char *tmp = NULL;
    FILE *f = so->output ? outfile_open(so->output, &tmp) : stdout;
    if (!f) {
        text_term_line(stderr, "flowsim: %s: cannot write: %s", so->output,
                       strerror(errno));
        return EXIT_IO;
    }
    size_t *idx = malloc((o->kpis.n + 1) * sizeof *idx);
    size_t nk = idx ? sweep_select(o, idx) : 0;
    if (!idx)
        fputs("flowsim: out of memory\n", stderr);
    else if (so->format == FORMAT_JSON)
        write_json(f, o, idx, nk);
    else if (so->format == FORMAT_CSV)
        write_csv(f, o, idx, nk);
    else
        write_table(f, o, idx, nk);
    free(idx);
    int werr = !idx || ferror(f) != 0;
    if (so->output ? outfile_commit(f, so->output, tmp) != 0 : fflush(f) != 0)
        werr = 1;
    if (werr) {
        text_term_line(stderr, "flowsim: %s: cannot write: %s",
                       so->output ? so->output : "stdout",
                       strerror(errno ? errno : EIO));
        return EXIT_IO;
    }
    return 0;
}

/* Loads point p of the sweep (common --set overrides first). */
static scenario *load_point(const sweep_opts *so, const sweep_spec *spec,
                            size_t p, char **canonical)
{
    const sweep_point *pt = &spec->points[p];
    size_t n = so->n_sets + pt->n_sets;
    const char **sets = calloc(n + 1, sizeof *sets);
    if (!sets)
        return NULL;
    for (size_t i = 0; i < so->n_sets; i++)
        sets[i] = so->sets[i];
    for (size_t i = 0; i < pt->n_sets; i++)
        sets[so->n_sets + i] = pt->sets[i];
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario_named(spec->base, sets, n, canonical, err,
                                       sizeof err);
    if (!sc)
        text_term_line(stderr, "%s (sweep point %zu: %s)", err, p,
                       pt->params);
    free(sets);
    return sc;
}

/* runner_batch.item: loads point p as its turn comes (runner.h). */
static int point_item(void *ud, size_t p, scenario **scp,
                      const char **canonical, run_options *ro)
{
    sweep_out *o = ud;
    point_result *pt = &o->pts[p];
    scenario *sc = load_point(o->so, o->spec, p, &pt->canonical);
    if (!sc)
        return EXIT_BAD_INPUT;
    pt->sc = sc;
    if (p == 0) {
        /* Common random numbers: every point runs point 0's seed and
         * replication count unless the sweep or command line sets them. */
        if (!o->has_seed)
            o->seed = sc->seed;
        o->has_seed = 1;
        if (!o->reps)
            o->reps = sc->replications;
        if (network_kpis(sc, &o->kpis) != 0)
            return EXIT_RUN_FAILED;
        o->n_head = headline_pick(&o->kpis, o->head, SWEEP_TABLE_KPIS);
    } else {
        kpi_list k;
        if (network_kpis(sc, &k) != 0)
            return EXIT_RUN_FAILED;
        size_t n = k.n;
        kpi_list_free(&k);
        if (n != o->kpis.n) {
            text_term_line(stderr, "flowsim: sweep point %zu (%s) has other "
                                   "KPIs than point 0: a swept key may not "
                                   "add or remove units",
                           p, o->spec->points[p].params);
            return EXIT_BAD_INPUT;
        }
    }
    ro->has_seed = 1;
    ro->seed = o->seed;
    ro->replications = o->reps;
    ro->study_kind = "sweep";
    ro->study_name = o->spec->name;
    ro->position = (int)p;
    ro->label = o->spec->points[p].params;
    ro->params = o->spec->points[p].params;
    *scp = sc;
    *canonical = pt->canonical;
    return 0;
}

/* Frees point p's scenario (its summaries stay). */
static void point_unload(point_result *pt)
{
    scenario_free(pt->sc);
    free(pt->canonical);
    pt->sc = NULL;
    pt->canonical = NULL;
}

/* runner_batch.result: point p's summaries; its replications go. */
static int point_result_take(void *ud, size_t p, experiment *e)
{
    sweep_out *o = ud;
    point_result *pt = &o->pts[p];
    int rc = 0;
    pt->s = calloc(e->kpis.n + 1, sizeof(kpi_summary));
    if (!pt->s)
        rc = EXIT_RUN_FAILED;
    for (size_t k = 0; !rc && k < e->kpis.n; k++)
        experiment_summarise(e, k, &pt->s[k]);
    size_t n = e->reps > 0 ? (size_t)e->reps : 0, nh = o->n_head;
    if (!rc && n > 0 && nh > 0) {
        pt->head = malloc(n * nh * sizeof *pt->head);
        if (!pt->head)
            rc = EXIT_RUN_FAILED;
        for (size_t r = 0; !rc && r < n; r++)
            for (size_t j = 0; j < nh; j++)
                pt->head[r * nh + j] = e->values[r * e->kpis.n + o->head[j]];
        pt->reps = e->reps;
    }
    experiment_free(e);
    point_unload(pt);
    return rc;
}

/* Loads every point before any runs, so that a bad point (a typo in
 * the last one) fails the sweep at once, not after the others ran; and
 * every point must have point 0's KPIs.  Returns 0, or EXIT_BAD_INPUT
 * after saying why. */
static int sweep_check_points(const sweep_opts *so, const sweep_spec *spec)
{
    size_t n0 = 0;
    for (size_t p = 0; p < spec->n_points; p++) {
        scenario *sc = load_point(so, spec, p, NULL);
        if (!sc)
            return EXIT_BAD_INPUT;
        kpi_list k;
        int rc = network_kpis(sc, &k) != 0 ? EXIT_RUN_FAILED : 0;
        scenario_free(sc);
        if (rc)
            return rc;
        size_t n = k.n;
        kpi_list_free(&k);
        if (p == 0)
            n0 = n;
        else if (n != n0) {
            text_term_line(stderr, "flowsim: sweep point %zu (%s) has other "
                                   "KPIs than point 0: a swept key may not "
                                   "add or remove units",
                           p, spec->points[p].params);
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
}

int sweep_command(const sweep_opts *so)
{
    char err[LOAD_ERR_MAX];
    sweep_spec *spec = sweep_load(so->file, err, sizeof err);
    if (!spec) {
        text_term_line(stderr, "%s", err);
        return EXIT_BAD_INPUT;
    }
    sweep_out o = {.so = so, .spec = spec};
    o.reps = so->run.replications ? so->run.replications : spec->replications;
    o.has_seed = so->run.has_seed || spec->has_seed;
    o.seed = so->run.has_seed ? so->run.seed : spec->seed;
    o.pts = calloc(spec->n_points, sizeof *o.pts);
    int rc = o.pts ? 0 : EXIT_RUN_FAILED, missed = 0;
    if (!rc)
        rc = sweep_check_points(so, spec);
    if (!rc) {
        /* Every point in one batch: the next points' replications start
         * as soon as a thread (or an MPI rank) has nothing left of the
         * earlier ones. */
        runner_batch b = {.label = spec->name, .n = spec->n_points,
                          .item = point_item, .result = point_result_take,
                          .ud = &o};
        run_options ro = so->run;
        ro.precision_missed = &missed;
        rc = runner_run_batch(&ro, &b);
    }
    if (!rc)
        rc = write_out(so, &o);
    if (!rc && missed)
        rc = EXIT_PRECISION_MISSED;
    for (size_t p = 0; o.pts && p < spec->n_points; p++) {
        point_unload(&o.pts[p]);
        free(o.pts[p].s);
        free(o.pts[p].head);
    }
    free(o.pts);
    kpi_list_free(&o.kpis);
    sweep_free(spec);
    return rc;
}
