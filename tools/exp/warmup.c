/* warmup.c -- flowsim warmup: how long until the model forgets its empty
 * start?
 *
 * Welch's method: the daily occupancy (acute beds if the scenario has
 * them, else all units) is averaged across replications day by day, then
 * smoothed with a moving average of WARMUP_WINDOW days each side, and
 * printed so the eye can see where it levels off.  The suggestion is the
 * MSER-5 truncation point (White 1997) of the replication-averaged series:
 * the start that minimises the squared standard error of what remains,
 * rounded up to whole weeks.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text.h"
#include "warmup.h"

#define WARMUP_WINDOW 7   /* days each side of the moving average */
#define MSER_BATCH 5      /* days per batch */
#define WARMUP_BAND 0.02  /* within 2% of the settled level */

typedef struct acc {
    const series_list *sl;
    size_t *cols;         /* the series summed into the occupancy */
    size_t ncols;
    double *sum;          /* per day, across replications */
    long reps;
} acc;

static int on_rep(void *ud, const experiment *e, long r, const double *daily)
{
    acc *a = ud;
    (void)e;
    (void)r;
    for (size_t d = 0; d < a->sl->days; d++)
        for (size_t k = 0; k < a->ncols; k++)
            a->sum[d] += daily[d * a->sl->n + a->cols[k]];
    a->reps++;
    return 0;
}

/* Chooses the series: acute beds (the role's series, else a unit named
 * "acute"), else every unit's occupancy. */
static size_t pick_columns(const scenario *sc, const series_list *sl,
                           size_t *cols, int *acute_only)
{
    size_t n = 0;
    *acute_only = 0;
    long acute = series_list_index(sl, SER_ACUTE_OCCUPANCY);
    if (acute < 0)
        acute = series_list_unit_index(sl, SER_U_OCCUPANCY,
                                       scenario_unit_index(sc, "acute"));
    if (acute >= 0) {
        cols[0] = (size_t)acute;
        *acute_only = 1;
        return 1;
    }
    for (size_t k = 0; k < sl->n; k++)
        if (sl->defs[k].info->id == SER_U_OCCUPANCY)
            cols[n++] = k;
    return n;
}

/* MSER-5: the batch-aligned truncation (in days) minimising
 * sum((y - mean)^2) / (n - d)^2 over the first half of the series. */
static size_t mser5(const double *y, size_t days)
{
    size_t nb = days / MSER_BATCH;
    if (nb < 4)
        return 0;
    double *b = malloc(nb * sizeof *b);
    if (!b)
        return 0;
    for (size_t i = 0; i < nb; i++) {
        b[i] = 0;
        for (size_t j = 0; j < MSER_BATCH; j++)
            b[i] += y[i * MSER_BATCH + j] / MSER_BATCH;
    }
    size_t best = 0;
    double best_v = INFINITY;
    for (size_t d = 0; d <= nb / 2; d++) {
        double m = 0, ss = 0;
        size_t n = nb - d;
        for (size_t i = d; i < nb; i++)
            m += b[i] / (double)n;
        for (size_t i = d; i < nb; i++)
            ss += (b[i] - m) * (b[i] - m);
        double v = ss / ((double)n * (double)n);
        if (v < best_v) {
            best_v = v;
            best = d;
        }
    }
    free(b);
    return best * MSER_BATCH;
}

/* Welch's moving average, WARMUP_WINDOW days each side (fewer at ends). */
static double *welch(const double *y, size_t days)
{
    double *ma = malloc(days * sizeof *ma);
    for (size_t d = 0; ma && d < days; d++) {
        size_t lo = d > WARMUP_WINDOW ? d - WARMUP_WINDOW : 0;
        size_t hi = d + WARMUP_WINDOW < days ? d + WARMUP_WINDOW : days - 1;
        double m = 0;
        for (size_t i = lo; i <= hi; i++)
            m += y[i] / (double)(hi - lo + 1);
        ma[d] = m;
    }
    return ma;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The first day from which the moving average stays within WARMUP_BAND of
 * the median of its second half (days before the first half's end only:
 * later excursions are seasons, not warm-up). */
static size_t settled(const double *ma, size_t days)
{
    size_t half = days / 2;
    double *tail = malloc((days - half) * sizeof *tail);
    if (!tail)
        return 0;
    memcpy(tail, ma + half, (days - half) * sizeof *tail);
    qsort(tail, days - half, sizeof *tail, cmp_double);
    double level = tail[(days - half) / 2];
    /* Noise (few replications) and seasons widen the band: twice the sd
     * of the settled half, if that is more than WARMUP_BAND. */
    double m = 0, ss = 0;
    for (size_t i = 0; i < days - half; i++)
        m += tail[i] / (double)(days - half);
    for (size_t i = 0; i < days - half; i++)
        ss += (tail[i] - m) * (tail[i] - m);
    double band = fmax(WARMUP_BAND * fabs(level),
                       2 * sqrt(ss / (double)(days - half)));
    free(tail);
    /* The transient from an empty start is a climb: it ends where the
     * moving average first comes within the band (later wobbles are noise
     * or seasons, not warm-up). */
    for (size_t d = 0; d < half; d++)
        if (fabs(ma[d] - level) <= band)
            return d;
    return half;
}

int warmup_command(scenario *sc, const run_options *o, FILE *out)
{
    series_list sl;
    if (o->has_seed)
        sc->seed = o->seed;
    sc->warmup = 0; /* the series cover every day anyway */
    long reps = o->replications ? o->replications : sc->replications;
    if (network_series(sc, &sl) != 0 || sl.days < 2 * MSER_BATCH) {
        fprintf(stderr, "flowsim: %s: the horizon is too short (or memory "
                        "ran out) to judge a warm-up\n", sc->path);
        series_list_free(&sl);
        return EXIT_BAD_INPUT;
    }
    size_t cols[4096];
    int acute_only;
    acc a = {.sl = &sl, .cols = cols};
    a.ncols = pick_columns(sc, &sl, cols, &acute_only);
    a.sum = calloc(sl.days, sizeof *a.sum);
    double *avg = calloc(sl.days, sizeof *avg);
    experiment e;
    char err[512];
    experiment_hooks h = {.series = &sl, .finished = on_rep, .ud = &a};
    int rc = 0;
    if (!a.sum || !avg ||
        experiment_run_hooks(sc, reps, o->threads, &h, &e, err, sizeof err)) {
        fprintf(stderr, "flowsim: %s: %s\n", sc->path,
                a.sum && avg ? err : "out of memory");
        rc = EXIT_RUN_FAILED;
    } else {
        experiment_free(&e);
        for (size_t d = 0; d < sl.days; d++)
            avg[d] = a.sum[d] / (double)a.reps;
        size_t cut = mser5(avg, sl.days);
        double *ma = welch(avg, sl.days);
        size_t settle = ma ? settled(ma, sl.days) : cut;
        size_t weeks = settle ? (settle + 6) / 7 : 1; /* at least a week */
        fputs("warm-up of ", out);
        text_term(out, sc->name);
        fprintf(out, ": %s, mean of %ld replications, "
                     "Welch moving average of %d days each side\n\n",
                acute_only ? "acute beds occupied" : "patients in all units",
                a.reps, WARMUP_WINDOW);
        fprintf(out, "%6s %14s %14s\n", "day", "mean", "moving avg");
        for (size_t d = 0; d < sl.days; d += 7)
            fprintf(out, "%6zu %14.2f %14.2f\n", d, avg[d],
                    ma ? ma[d] : NAN);
        fprintf(out, "\nsuggested warm-up: %zu days (the moving average "
                     "comes within %.0f%% (or two sds) of its settled "
                     "level on day %zu; MSER-5 truncation: day %zu): "
                     "warmup: %zu days\n",
                weeks * 7, 100 * WARMUP_BAND, settle, cut, weeks * 7);
        free(ma);
        fprintf(out, "or start from a census (initial: on units) to "
                     "shorten it\n");
    }
    free(a.sum);
    free(avg);
    series_list_free(&sl);
    return rc;
}
