/* size.c -- flowsim size: the smallest value of a key that meets a
 * target, by bisection under common random numbers (size.h). */
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "json.h"
#include "load.h"
#include "outfile.h"
#include "size.h"
#include "text.h"

#define SIZE_MAX_POINTS 64 /* bisection of any long range needs fewer */

/* One value of the key, run and judged. */
typedef struct size_point {
    long value;
    long n;                     /* replications the KPI was observed in */
    double share, share_lo, share_hi; /* of them meeting the target, with
                                         its 95% Wilson interval */
    double mean, lo, hi;        /* the KPI's mean and 95% CI */
    double bound;               /* the mean's one-sided `confidence`
                                   bound, on the side that can fail */
    int meets;
} size_point;

typedef struct sizer {
    const size_opts *so;
    size_target t;
    long reps;
    int has_seed;
    uint64_t seed;
    char name[256];             /* the scenario's */
    char study[512];            /* the store's: "size NAME: KEY for T" */
    kpi_kind kind;              /* the target KPI's */
    size_point pts[SIZE_MAX_POINTS];
    size_t n;
} sizer;

int size_target_parse(const char *s, size_target *t)
{
    while (*s == ' ')
        s++;
    size_t len = strcspn(s, " <>=");
    if (len == 0 || len >= sizeof t->kpi)
        return -1;
    memcpy(t->kpi, s, len);
    t->kpi[len] = '\0';
    s += len;
    while (*s == ' ')
        s++;
    size_t ol = s[0] && (s[0] == '<' || s[0] == '>') ? 1 + (s[1] == '=')
                                                      : 0;
    if (ol == 0)
        return -1;
    memcpy(t->op, s, ol);
    t->op[ol] = '\0';
    s += ol;
    char *end;
    errno = 0;
    t->value = strtod(s, &end);
    while (*end == ' ')
        end++;
    return errno || end == s || *end || !isfinite(t->value) ? -1 : 0;
}

int size_target_met(const size_target *t, double x)
{
    if (isnan(x))
        return 0;
    if (t->op[0] == '>')
        return t->op[1] ? x >= t->value : x > t->value;
    return t->op[1] ? x <= t->value : x < t->value;
}

/* The 95% Wilson interval of k successes in n: within [0, 1], and sound
 * at 0 and n, where the normal one collapses. */
static void wilson(long k, long n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    double z = 1.959963984540054, p = (double)k / (double)n;
    double d = 1 + z * z / (double)n;
    double c = (p + z * z / (2.0 * (double)n)) / d;
    double h = z * sqrt(p * (1 - p) / (double)n +
                        z * z / (4.0 * (double)n * (double)n)) / d;
    *lo = c - h < 0 ? 0 : c - h;
    *hi = c + h > 1 ? 1 : c + h;
}

/* Judges KPI k of e at p: the share of replications meeting the target,
 * the mean with its CI and its one-sided bound. */
static void size_judge(const sizer *z, const experiment *e, size_t k,
                       size_point *p)
{
    long met = 0, n = 0;
    for (long r = 0; r < e->reps; r++) {
        double x = e->values[(size_t)r * e->kpis.n + k];
        if (isnan(x))
            continue;
        n++;
        met += size_target_met(&z->t, x);
    }
    kpi_summary s;
    experiment_summarise(e, k, &s);
    p->n = n;
    p->share = n ? (double)met / (double)n : NAN;
    wilson(met, n, &p->share_lo, &p->share_hi);
    p->mean = s.mean;
    p->lo = s.lo;
    p->hi = s.hi;
    p->bound = s.mean;
    if (n >= 2) {
        double half = gsl_cdf_tdist_Pinv(z->so->confidence, (double)(n - 1)) *
                      s.sd / sqrt((double)n);
        double rlo, rhi;
        kpi_kind_range(z->kind, &rlo, &rhi);
        p->bound = z->t.op[0] == '>' ? fmax(s.mean - half, rlo)
                                     : fmin(s.mean + half, rhi);
    }
    /* met / n >= confidence, without rounding in the division */
    p->meets = z->so->on_mean
                   ? size_target_met(&z->t, p->bound)
                   : n > 0 && (double)met >= z->so->confidence * (double)n -
                                                 1e-9;
}

/* The scenario at value v of the key (the common --set overrides
 * first).  NULL after saying why. */
static scenario *size_load(const sizer *z, long v, char *param,
                           size_t plen, char **canonical)
{
    const size_opts *so = z->so;
    snprintf(param, plen, "%s=%ld", so->key, v);
    const char **sets = calloc(so->n_sets + 1, sizeof *sets);
    if (!sets) {
        fputs("flowsim: out of memory\n", stderr);
        return NULL;
    }
    for (size_t i = 0; i < so->n_sets; i++)
        sets[i] = so->sets[i];
    sets[so->n_sets] = param;
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario(so->file, sets, so->n_sets + 1, canonical,
                                 err, sizeof err);
    free(sets);
    if (!sc)
        text_term_line(stderr, "%s", err);
    return sc;
}

/* The target KPI's index in sc's list, or -1 after saying why. */
static long size_kpi(sizer *z, const scenario *sc)
{
    kpi_list l;
    if (network_kpis(sc, &l) != 0) {
        fputs("flowsim: out of memory\n", stderr);
        return -1;
    }
    long k = kpi_list_lookup(&l, z->t.kpi);
    if (k >= 0)
        z->kind = l.defs[k].info->kind;
    kpi_list_free(&l);
    if (k < 0)
        text_term_line(stderr, "flowsim: %s: --target: '%s' is not a KPI "
                               "of this scenario (flowsim run --all lists "
                               "them; a month's, as KPI.2023-01, needs the "
                               "KPI in the scenario's monthly: list)",
                       z->so->file, z->t.kpi);
    return k;
}

/* Runs value v into the next point.  Returns 0 or an exit status. */
static int size_eval(sizer *z, long v)
{
    char param[512];
    char *canonical = NULL;
    scenario *sc = size_load(z, v, param, sizeof param, &canonical);
    if (!sc)
        return EXIT_BAD_INPUT;
    int rc = 0;
    long k = size_kpi(z, sc);
    if (k < 0)
        rc = EXIT_BAD_INPUT;
    if (!rc && z->n == 0) {
        /* Common random numbers: every value runs the first one's seed
         * and replications unless the command line sets them. */
        if (!z->has_seed)
            z->seed = sc->seed;
        z->has_seed = 1;
        z->reps = z->so->run.replications ? z->so->run.replications
                                          : sc->replications;
        snprintf(z->name, sizeof z->name, "%s", sc->name);
        snprintf(z->study, sizeof z->study, "size %s: %s for %s %s %.10g",
                 sc->name, z->so->key, z->t.kpi, z->t.op, z->t.value);
    }
    experiment e;
    if (!rc) {
        run_options ro = z->so->run;
        ro.has_seed = 1;
        ro.seed = z->seed;
        ro.replications = z->reps;
        ro.precision = 0;
        ro.study_kind = "sweep";
        ro.study_name = z->study;
        ro.position = (int)z->n;
        ro.label = param;
        ro.params = param;
        rc = runner_run(&ro, sc, canonical, &e);
    }
    if (!rc) {
        size_point *p = &z->pts[z->n++];
        p->value = v;
        size_judge(z, &e, (size_t)k, p);
        experiment_free(&e);
    }
    free(canonical);
    scenario_free(sc);
    return rc;
}

/* The point of value v (evaluated). */
static const size_point *size_at(const sizer *z, long v)
{
    for (size_t i = 0; i < z->n; i++)
        if (z->pts[i].value == v)
            return &z->pts[i];
    return NULL;
}

/* Bisection: hi must meet the target and lo must not; then the gap
 * halves until the two are neighbours.  *answer: the smallest value
 * meeting it, or LONG_MIN when even hi does not. */
static int size_search(sizer *z, long *answer)
{
    long lo = z->so->lo, hi = z->so->hi;
    *answer = LONG_MIN;
    int rc = size_eval(z, hi);
    if (rc || !z->pts[z->n - 1].meets)
        return rc;
    if (lo < hi && (rc = size_eval(z, lo)) != 0)
        return rc;
    if (z->pts[z->n - 1].meets) {
        *answer = lo;
        return 0;
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if ((rc = size_eval(z, mid)) != 0)
            return rc;
        if (z->pts[z->n - 1].meets)
            hi = mid;
        else
            lo = mid;
    }
    *answer = hi;
    return 0;
}

static int by_value(const void *a, const void *b)
{
    long x = ((const size_point *)a)->value;
    long y = ((const size_point *)b)->value;
    return (x > y) - (x < y);
}

/* A number of the target KPI as the tables show it (shares as %). */
static void size_num(char *b, size_t len, const sizer *z, double x)
{
    double m = z->kind == KPI_SHARE ? 100 : 1;
    output_num(b, len, x * m, output_decimals(z->t.value * m) + 1);
}

/* "with KPI OP VALUE in at least 90% of replications" */
static void size_criterion(FILE *f, const sizer *z)
{
    const size_opts *so = z->so;
    fputs("with ", f);
    text_term(f, z->t.kpi);
    fprintf(f, " %s %.10g %s %g%%", z->t.op, z->t.value,
            so->on_mean ? "for its mean, at confidence"
                        : "in at least",
            100 * so->confidence);
    fputs(so->on_mean ? "\n" : " of replications\n", f);
}

static void size_table_row(FILE *f, const sizer *z, const size_point *p)
{
    char v[5][64];
    output_num(v[0], 64, 100 * p->share, 1);
    output_num(v[1], 64, 100 * p->share_lo, 1);
    output_num(v[2], 64, 100 * p->share_hi, 1);
    size_num(v[3], 64, z, p->mean);
    size_num(v[4], 64, z, p->bound);
    fprintf(f, "  %12ld  %-5s %7s%% %7s%% %7s%% %12s %12s\n", p->value,
            p->meets ? "yes" : "no", v[0], v[1], v[2], v[3], v[4]);
}

/* Whether the verdict at p could go the other way with more
 * replications: the 95% interval of what decides it (the share of
 * replications meeting the target, or the mean) straddles the line. */
static int size_unsure(const sizer *z, const size_point *p)
{
    if (z->so->on_mean)
        return size_target_met(&z->t, p->lo) != size_target_met(&z->t, p->hi);
    return p->share_lo < z->so->confidence &&
           p->share_hi >= z->so->confidence;
}

/* The answer and how sure it is. */
static void size_answer(FILE *f, const sizer *z, long answer)
{
    const size_opts *so = z->so;
    if (answer == LONG_MIN) {
        fprintf(f, "answer: none: even %ld does not meet the target\n",
                so->hi);
        return;
    }
    fputs("answer: ", f);
    text_term(f, so->key);
    fprintf(f, " = %ld", answer);
    const size_point *at = size_at(z, answer), *below = size_at(z, answer - 1);
    if (below)
        fprintf(f, " (%ld does not meet it)", answer - 1);
    fputc('\n', f);
    int unsure = 0;
    for (int i = 0; i < 2; i++) {
        const size_point *p = i ? below : at;
        if (!p || !size_unsure(z, p))
            continue;
        fprintf(f, "  unsure at %ld: the 95%% CI of %s straddles the "
                   "target\n",
                p->value, so->on_mean ? "the mean" : "the share meeting it");
        unsure = 1;
    }
    if (unsure)
        fputs("  more --replications would settle it\n", f);
}

static void size_table(FILE *f, const sizer *z, long answer)
{
    const size_opts *so = z->so;
    fputs("size ", f);
    text_term(f, z->name);
    fputs(": the smallest ", f);
    text_term(f, so->key);
    fprintf(f, " in %ld..%ld\n", so->lo, so->hi);
    size_criterion(f, z);
    fprintf(f, "%ld replications a value, seed %llu, common random "
               "numbers\n\n",
            z->reps, (unsigned long long)z->seed);
    size_answer(f, z, answer);
    fprintf(f, "\n  %12s  %-5s %8s %17s %12s %12s\n", "value", "meets",
            "reps met", "95% CI", "mean", so->on_mean ? "bound" : "mean bound");
    for (size_t i = 0; i < z->n; i++)
        size_table_row(f, z, &z->pts[i]);
    fprintf(f, "\n%zu values explored; mean and bound in %s\n", z->n,
            z->kind == KPI_SHARE || z->kind == KPI_PERCENT ? "%"
                                                            : "the KPI's unit");
}

static void size_json(FILE *f, const sizer *z, long answer)
{
    const size_opts *so = z->so;
    fputs("{\"size\": ", f);
    json_str(f, z->name);
    fputs(", \"key\": ", f);
    json_str(f, so->key);
    fprintf(f, ", \"range\": [%ld, %ld], \"target\": {\"kpi\": ", so->lo,
            so->hi);
    json_str(f, z->t.kpi);
    fputs(", \"op\": ", f);
    json_str(f, z->t.op);
    fputs(", \"value\": ", f);
    json_num(f, z->t.value);
    fputs("}, \"confidence\": ", f);
    json_num(f, so->confidence);
    fprintf(f, ", \"criterion\": \"%s\", \"replications\": %ld, \"seed\": "
               "%llu, \"answer\": ",
            so->on_mean ? "mean" : "replications", z->reps,
            (unsigned long long)z->seed);
    if (answer == LONG_MIN)
        fputs("null", f);
    else
        fprintf(f, "%ld", answer);
    fputs(", \"points\": [", f);
    for (size_t i = 0; i < z->n; i++) {
        const size_point *p = &z->pts[i];
        fprintf(f, "%s\n  {\"value\": %ld, \"meets\": %s, \"share\": ",
                i ? "," : "", p->value, p->meets ? "true" : "false");
        json_num(f, p->share);
        fputs(", \"share_ci95\": [", f);
        json_num(f, p->share_lo);
        fputs(", ", f);
        json_num(f, p->share_hi);
        fputs("], \"mean\": ", f);
        json_num(f, p->mean);
        fputs(", \"ci95\": [", f);
        json_num(f, p->lo);
        fputs(", ", f);
        json_num(f, p->hi);
        fputs("], \"bound\": ", f);
        json_num(f, p->bound);
        fprintf(f, ", \"n\": %ld}", p->n);
    }
    fputs("\n]}\n", f);
}

static void size_csv(FILE *f, const sizer *z)
{
    fputs("value,meets,share,share_ci95_lo,share_ci95_hi,mean,ci95_lo,"
          "ci95_hi,bound,n\n", f);
    for (size_t i = 0; i < z->n; i++) {
        const size_point *p = &z->pts[i];
        fprintf(f, "%ld,%d", p->value, p->meets);
        csv_num(f, p->share);
        csv_num(f, p->share_lo);
        csv_num(f, p->share_hi);
        csv_num(f, p->mean);
        csv_num(f, p->lo);
        csv_num(f, p->hi);
        csv_num(f, p->bound);
        fprintf(f, ",%ld\n", p->n);
    }
}

static int size_write(const sizer *z, long answer)
{
    const size_opts *so = z->so;
    char *tmp = NULL;
    FILE *f = so->output ? outfile_open(so->output, &tmp) : stdout;
    if (!f) {
        text_term_line(stderr, "flowsim: %s: cannot write: %s", so->output,
                       strerror(errno));
        return EXIT_IO;
    }
    if (so->format == FORMAT_JSON)
        size_json(f, z, answer);
    else if (so->format == FORMAT_CSV)
        size_csv(f, z);
    else
        size_table(f, z, answer);
    int werr = ferror(f) != 0;
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

int size_command(const size_opts *so)
{
    sizer *z = calloc(1, sizeof *z);
    if (!z) {
        fputs("flowsim: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    z->so = so;
    z->has_seed = so->run.has_seed;
    z->seed = so->run.seed;
    if (size_target_parse(so->target, &z->t) != 0) {
        text_term_line(stderr, "flowsim: size: --target: expected 'KPI OP "
                               "VALUE' with OP one of >= > <= <, like "
                               "'ed.four_hour.performance >= 76', not '%s'",
                       so->target);
        free(z);
        return EXIT_BAD_INPUT;
    }
    /* Both ends load, and have the KPI, before anything runs. */
    int rc = 0;
    long ends[2] = {so->lo, so->hi};
    for (int i = 0; i < 2 && !rc; i++) {
        char param[512];
        scenario *sc = size_load(z, ends[i], param, sizeof param, NULL);
        rc = !sc || size_kpi(z, sc) < 0 ? EXIT_BAD_INPUT : 0;
        if (sc)
            scenario_free(sc);
    }
    long answer = LONG_MIN;
    if (!rc)
        rc = size_search(z, &answer);
    if (!rc) {
        qsort(z->pts, z->n, sizeof *z->pts, by_value);
        rc = size_write(z, answer);
        if (!rc && answer == LONG_MIN)
            rc = EXIT_TARGET_MISSED;
    }
    free(z);
    return rc;
}
