/* compare.c -- paired differences between scenarios (compare.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "csv.h"
#include "jams.h"
#include "json.h"
#include "load.h"
#include "outfile.h"
#include "text.h"

void compare_diff(const experiment *base, size_t k, const experiment *alt,
                  size_t ka, kpi_summary *out)
{
    size_t n = (size_t)base->reps;
    double *d = malloc(2 * n * sizeof *d);
    if (!d) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .lo = NAN, .hi = NAN};
        return;
    }
    for (size_t r = 0; r < n; r++) {
        double b = base->values[r * base->kpis.n + k];
        double a = alt->values[r * alt->kpis.n + ka];
        d[r] = isnan(a) || isnan(b) ? NAN : a - b;
    }
    summarise_values(d, n, 1, d + n, out);
    summary_clip(out, base->kpis.defs[k].info->kind, 1);
    free(d);
}

/* The summaries of KPI k in base and alt and of their paired difference.
 * Returns 0 when alt has no such KPI (the row is left out). */
static int row(const experiment *base, const experiment *alt, size_t k,
               kpi_summary *sb, kpi_summary *sa, kpi_summary *d, size_t *ka)
{
    long i = kpi_list_match(&base->kpis, k, base->sc, &alt->kpis, alt->sc);
    if (i < 0)
        return 0;
    *ka = (size_t)i;
    experiment_summarise(base, k, sb);
    experiment_summarise(alt, *ka, sa);
    compare_diff(base, k, alt, *ka, d);
    return 1;
}

/* A difference is significant when its 95% CI excludes zero. */
static int significant(const kpi_summary *d)
{
    return d->n > 1 && (d->lo > 0 || d->hi < 0);
}

/* The jams of e, as jams_write_text or jams_write_json; returns how
 * many. */
static size_t write_jams(FILE *f, const experiment *e, int json)
{
    jam_note j[JAMS_MAX];
    size_t nj = jams_find(e, j, JAMS_MAX);
    if (json)
        jams_write_json(f, e->sc, j, nj);
    else
        jams_write_text(f, e->sc, j, nj);
    return nj;
}

void compare_write_jams(FILE *f, const experiment *base,
                        const experiment *alts, size_t n)
{
    write_jams(f, base, 0);
    for (size_t i = 0; i < n; i++)
        write_jams(f, &alts[i], 0);
}

static void write_json(FILE *f, const experiment *base,
                       const experiment *alts, size_t n, const size_t *idx,
                       size_t ni)
{
    fputs("{\"base\": ", f);
    json_str(f, base->sc->name);
    fprintf(f, ", \"replications\": %ld, \"seed\": %llu, \"warnings\": ",
            base->reps, (unsigned long long)base->sc->seed);
    write_jams(f, base, 1);
    fputs(", \"comparisons\": [", f);
    for (size_t i = 0; i < n; i++) {
        const experiment *alt = &alts[i];
        fputs(i ? ",\n {\"alt\": " : "\n {\"alt\": ", f);
        json_str(f, alt->sc->name);
        fputs(", \"warnings\": ", f);
        write_jams(f, alt, 1);
        fputs(", \"kpis\": {", f);
        int first = 1;
        for (size_t j = 0; j < ni; j++) {
            size_t k = idx[j];
            kpi_summary sb, sa, d;
            size_t ka;
            if (!row(base, alt, k, &sb, &sa, &d, &ka))
                continue;
            fputs(first ? "\n  " : ",\n  ", f);
            first = 0;
            json_str(f, base->kpis.defs[k].name);
            fputs(": {\"base\": ", f);
            output_json_summary(f, &sb, base->kpis.defs[k].unit);
            fputs(", \"alt\": ", f);
            output_json_summary(f, &sa, alt->kpis.defs[ka].unit);
            fputs(", \"diff\": {\"mean\": ", f);
            json_num(f, d.mean);
            fputs(", \"ci95\": [", f);
            json_num(f, d.lo);
            fputs(", ", f);
            json_num(f, d.hi);
            fprintf(f, "], \"n\": %ld, \"significant\": %s}, "
                       "\"width_ratio\": ", d.n,
                    significant(&d) ? "true" : "false");
            json_num(f, paired_width_ratio(&sb, &sa, &d));
            fputs(", \"width_floor\": ", f);
            json_num(f, paired_width_floor(&sb, &sa));
            fputc('}', f);
        }
        fputs("}}", f);
    }
    fputs("\n]}\n", f);
}

static void write_csv(FILE *f, const experiment *base, const experiment *alts,
                      size_t n, const size_t *idx, size_t ni)
{
    fputs("alt,kpi,unit,base_mean,base_lo,base_hi,alt_mean,alt_lo,alt_hi,"
          "diff_mean,diff_lo,diff_hi,significant,width_ratio,width_floor\n",
          f);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ni; j++) {
            size_t k = idx[j];
            kpi_summary sb, sa, d;
            size_t ka;
            if (!row(base, &alts[i], k, &sb, &sa, &d, &ka))
                continue;
            csv_text(f, alts[i].sc->name);
            fputc(',', f);
            csv_text(f, base->kpis.defs[k].name);
            fputc(',', f);
            csv_text(f, base->kpis.defs[k].unit);
            csv_num(f, sb.mean);
            csv_num(f, sb.lo);
            csv_num(f, sb.hi);
            csv_num(f, sa.mean);
            csv_num(f, sa.lo);
            csv_num(f, sa.hi);
            csv_num(f, d.mean);
            csv_num(f, d.lo);
            csv_num(f, d.hi);
            fprintf(f, ",%d", significant(&d));
            csv_num(f, paired_width_ratio(&sb, &sa, &d));
            csv_num(f, paired_width_floor(&sb, &sa));
            fputc('\n', f);
        }
}

/* A number of a compare table: dp decimals, and with a sign (a
 * difference). */
static void cell(char *b, size_t len, double x, int dp, int sign)
{
    char t[48];
    output_num(t, sizeof t, x, dp);
    snprintf(b, len, "%s%s", sign && x > 0 && strpbrk(t, "123456789") ? "+"
                                                                       : "",
             t);
}

/* Row k of one alternative: base, alt, difference and its CI. */
static void pair_row(FILE *f, const experiment *base, const experiment *alt,
                     size_t k, int width)
{
    kpi_summary sb, sa, d;
    size_t ka;
    if (!row(base, alt, k, &sb, &sa, &d, &ka))
        return;
    const kpi_def *def = &base->kpis.defs[k];
    double m = output_scale(def);
    int dp = output_decimals(fmax(fabs(sb.mean), fabs(sa.mean)) * m);
    char b[5][64];
    cell(b[0], 64, sb.mean * m, dp, 0);
    cell(b[1], 64, sa.mean * m, dp, 0);
    cell(b[2], 64, d.mean * m, dp, 1);
    cell(b[3], 64, d.lo * m, dp, 1);
    cell(b[4], 64, d.hi * m, dp, 1);
    fputs("  ", f);
    text_term_pad(f, def->name, -width);
    fputc(' ', f);
    text_term_pad(f, output_unit(def), -9);
    double w = paired_width_ratio(&sb, &sa, &d);
    char ratio[16] = "-";
    if (!isnan(w))
        snprintf(ratio, sizeof ratio, "%.2f", w);
    fprintf(f, " %12s %12s %12s  [%11s, %11s] %6s%s\n", b[0], b[1], b[2],
            b[3], b[4], ratio, significant(&d) ? " *" : "");
}

/* Row k with a cell per alternative: its mean and difference. */
static void matrix_row(FILE *f, const experiment *base,
                       const experiment *alts, size_t n, size_t k, int width)
{
    const kpi_def *def = &base->kpis.defs[k];
    kpi_summary sb;
    experiment_summarise(base, k, &sb);
    double m = output_scale(def);
    int dp = output_decimals(fabs(sb.mean) * m);
    char b[64], c[160];
    fputs("  ", f);
    text_term_pad(f, def->name, -width);
    fputc(' ', f);
    text_term_pad(f, output_unit(def), -9);
    cell(b, sizeof b, sb.mean * m, dp, 0);
    fprintf(f, " %12s", b);
    for (size_t i = 0; i < n; i++) {
        kpi_summary sa, d, s0;
        size_t ka;
        if (!row(base, &alts[i], k, &s0, &sa, &d, &ka)) {
            fprintf(f, " %21s", "-");
            continue;
        }
        char a[64], dd[64];
        cell(a, sizeof a, sa.mean * m, dp, 0);
        cell(dd, sizeof dd, d.mean * m, dp, 1);
        snprintf(c, sizeof c, "%s (%s%s)", a, dd,
                 significant(&d) ? "*" : " ");
        fprintf(f, " %21s", c);
    }
    fputc('\n', f);
}

/* The title, the scenarios and their jams. */
static void table_title(FILE *f, const experiment *base,
                        const experiment *alts, size_t n)
{
    if (n == 1) {
        text_term(f, alts[0].sc->name);
        fputs(" vs ", f);
        text_term(f, base->sc->name);
    } else {
        fputs("compare ", f);
        text_term(f, base->sc->name);
        fprintf(f, " with %zu alternatives", n);
    }
    fprintf(f, ": %ld paired replications, seed %llu\n", base->reps,
            (unsigned long long)base->sc->seed);
    for (size_t i = 0; n > 1 && i < n; i++) {
        fprintf(f, "  %zu: ", i + 1);
        text_term(f, alts[i].sc->name);
        fputc('\n', f);
    }
    fputc('\n', f);
    /* each scenario's jams under its name: a warning must say whose */
    size_t nj = 0;
    for (size_t i = 0; i <= n; i++) {
        const experiment *e = i ? &alts[i - 1] : base;
        jam_note j[JAMS_MAX];
        if (jams_find(e, j, JAMS_MAX) == 0)
            continue;
        fputs("in ", f);
        text_term(f, e->sc->name);
        fputs(":\n", f);
        nj += write_jams(f, e, 0);
    }
    if (nj > 0)
        fputc('\n', f);
}

static void write_table(FILE *f, const experiment *base,
                        const experiment *alts, size_t n, const size_t *idx,
                        size_t ni)
{
    table_title(f, base, alts, n);
    int width = output_name_width(base, idx, ni);
    fprintf(f, "  %-*s %-9s %12s", width, "KPI", "unit", "base");
    if (n == 1)
        fprintf(f, " %12s %12s  %25s %6s\n", "alt", "alt - base",
                "95% CI of the difference", "ratio");
    for (size_t i = 0; n > 1 && i < n; i++) {
        char h[48];
        snprintf(h, sizeof h, "%zu (alt - base)", i + 1);
        fprintf(f, " %21s%s", h, i + 1 == n ? "\n" : "");
    }
    const kpi_def *last = NULL;
    size_t shown = 0;
    for (size_t i = 0; i < ni; i++) {
        const kpi_def *d = &base->kpis.defs[idx[i]];
        kpi_summary s;
        experiment_summarise(base, idx[i], &s);
        if (s.n == 0)
            continue; /* observed in no replication of the base */
        if (!last || !output_same_group(last, d))
            output_heading(f, base, d);
        last = d;
        if (n == 1)
            pair_row(f, base, alts, idx[i], width);
        else
            matrix_row(f, base, alts, n, idx[i], width);
        shown++;
    }
    fputs("\n* the 95% CI of the paired difference excludes zero\n", f);
    if (n == 1)
        fputs("ratio: the width of that CI over the width of two independent "
              "runs'\n  (what common random numbers bought: 1 = nothing, "
              "0.5 = the precision\n  of four times the replications; JSON "
              "and CSV: width_ratio, and width_floor,\n  the best any "
              "pairing could give when the two runs vary unequally)\n", f);
    output_footer(f, shown, ni, base->kpis.n);
}

int compare_write(FILE *f, const experiment *base, const experiment *alts,
                  size_t n, out_format fmt, const output_view *v)
{
    size_t *idx = malloc((base->kpis.n + 1) * sizeof *idx);
    if (!idx)
        return -1;
    size_t ni = output_select(base, fmt, v, idx);
    switch (fmt) {
    case FORMAT_JSON:
        write_json(f, base, alts, n, idx, ni);
        break;
    case FORMAT_CSV:
        write_csv(f, base, alts, n, idx, ni);
        break;
    default: /* FORMAT_TABLE: compare offers no other (format_parse) */
        write_table(f, base, alts, n, idx, ni);
        break;
    }
    free(idx);
    return ferror(f) ? -1 : 0;
}

/* ---- the command ---- */

/* A compare's scenarios as one batch (runner.h). */
typedef struct compare_batch {
    scenario **sc;
    char **canon;
    experiment *e;
} compare_batch;

static int compare_item(void *ud, size_t i, scenario **sc,
                        const char **canonical, run_options *o)
{
    compare_batch *cb = ud;
    *sc = cb->sc[i];
    *canonical = cb->canon[i];
    o->position = (int)i;
    return 0;
}

static int compare_result(void *ud, size_t i, experiment *e)
{
    compare_batch *cb = ud;
    cb->e[i] = *e;
    return 0;
}

/* Writes the comparison to co->output (atomically) or stdout, with the
 * jams also on stderr when they would not be seen (CSV, or a file).
 * Returns 0 or EXIT_IO. */
static int compare_output(const compare_opts *co, const compare_batch *cb)
{
    size_t n = co->n_files;
    char *tmp = NULL;
    FILE *f = co->output ? outfile_open(co->output, &tmp) : stdout;
    if (!f) {
        fprintf(stderr, "flowsim: %s: cannot write: %s\n", co->output,
                strerror(errno));
        return EXIT_IO;
    }
    if (co->format != FORMAT_TABLE || co->output)
        compare_write_jams(stderr, &cb->e[0], cb->e + 1, n - 1);
    int werr = compare_write(f, &cb->e[0], cb->e + 1, n - 1, co->format,
                             &co->view);
    if (co->output ? outfile_commit(f, co->output, tmp) != 0
                   : fflush(f) != 0)
        werr = -1;
    if (werr) {
        fprintf(stderr, "flowsim: %s: cannot write: %s\n",
                co->output ? co->output : "stdout",
                strerror(errno ? errno : EIO));
        return EXIT_IO;
    }
    return 0;
}

/* Loads file i of the compare with the common --set overrides. */
static scenario *compare_load(const compare_opts *co, size_t i,
                              char **canonical)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario(co->files[i], co->sets, co->n_sets,
                                 canonical, err, sizeof err);
    if (!sc)
        fprintf(stderr, "%s\n", err);
    return sc;
}

/* "start 2022-01-31, warm-up 60 days, horizon 425 days" */
static void period_text(char *b, size_t len, const scenario *sc)
{
    snprintf(b, len, "start %s, warm-up %g days, horizon %g days",
             sc->start_date ? sc->start_date : "day 0", sc->warmup / 1440,
             sc->horizon / 1440);
}

/* Refuses alternatives whose measured period (start date, warm-up,
 * horizon) is not the base's: a paired difference of a year against
 * five years is no difference of scenarios.  Returns 0, or
 * EXIT_BAD_INPUT after saying which. */
static int compare_periods(scenario *const *sc, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const scenario *b = sc[0], *a = sc[i];
        int same_start = (!a->start_date && !b->start_date) ||
                         (a->start_date && b->start_date &&
                          !strcmp(a->start_date, b->start_date));
        if (same_start && a->warmup == b->warmup && a->horizon == b->horizon)
            continue;
        char pa[160], pb[160];
        period_text(pa, sizeof pa, a);
        period_text(pb, sizeof pb, b);
        text_term_line(stderr, "flowsim: compare: %s measures another "
                               "period (%s) than the base %s (%s): their "
                               "differences would mix the scenarios with "
                               "the periods; align them with --set "
                               "horizon=..., warmup=..., start_date=...",
                       a->path, pa, b->path, pb);
        return EXIT_BAD_INPUT;
    }
    return 0;
}

int compare_command(const compare_opts *co)
{
    size_t n = co->n_files;
    scenario **sc = calloc(n, sizeof *sc);
    char **canon = calloc(n, sizeof *canon);
    experiment *e = calloc(n, sizeof *e);
    int rc = sc && e && canon ? 0 : EXIT_RUN_FAILED;
    for (size_t i = 0; i < n && !rc; i++)
        if (!(sc[i] = compare_load(co, i, &canon[i])))
            rc = EXIT_BAD_INPUT;
    if (!rc)
        rc = compare_periods(sc, n);
    /* Common random numbers: every scenario runs the base's seed and
     * replication count unless the command line sets them. */
    run_options ro = co->run;
    ro.study_kind = "compare";
    int missed = 0;
    ro.precision_missed = &missed;
    if (!rc) {
        if (!ro.has_seed)
            ro.seed = sc[0]->seed;
        ro.has_seed = 1;
        if (!ro.replications)
            ro.replications = sc[0]->replications;
    }
    /* One batch: the alternatives' replications start while the base's
     * last ones run (threads and MPI ranks stay busy). */
    compare_batch cb = {sc, canon, e};
    runner_batch b = {.label = "compare", .n = n, .item = compare_item,
                      .result = compare_result, .ud = &cb};
    if (!rc)
        rc = runner_run_batch(&ro, &b);
    if (!rc)
        rc = compare_output(co, &cb);
    if (!rc && missed)
        rc = EXIT_PRECISION_MISSED;
    for (size_t i = 0; e && i < n; i++)
        experiment_free(&e[i]); /* zero when it never completed */
    for (size_t i = 0; sc && i < n; i++)
        scenario_free(sc[i]);
    for (size_t i = 0; canon && i < n; i++)
        free(canon[i]);
    free(canon);
    free(sc);
    free(e);
    return rc;
}
