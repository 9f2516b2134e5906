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
#include "warmup.h"

#define WARMUP_WINDOW 7   /* days each side of the moving average */
#define MSER_BATCH 5      /* days per batch */

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

/* Chooses the series: acute.occupancy if present, else every unit's. */
static size_t pick_columns(const series_list *sl, size_t *cols)
{
    size_t n = 0;
    for (size_t k = 0; k < sl->n; k++)
        if (!strcmp(sl->names[k], "acute.occupancy")) {
            cols[0] = k;
            return 1;
        }
    for (size_t k = 0; k < sl->n; k++) {
        size_t len = strlen(sl->names[k]);
        if (len > 10 && !strcmp(sl->names[k] + len - 10, ".occupancy"))
            cols[n++] = k;
    }
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
    acc a = {.sl = &sl, .cols = cols};
    a.ncols = pick_columns(&sl, cols);
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
        size_t weeks = (cut + 6) / 7;
        fprintf(out, "warm-up of %s: %s, mean of %ld replications, "
                     "Welch moving average of %d days each side\n\n",
                sc->name, a.ncols == 1 && !strcmp(sl.names[cols[0]],
                                                  "acute.occupancy")
                              ? "acute beds occupied"
                              : "patients in all units",
                a.reps, WARMUP_WINDOW);
        fprintf(out, "%6s %14s %14s\n", "day", "mean", "moving avg");
        for (size_t d = 0; d < sl.days; d += 7) {
            size_t lo = d > WARMUP_WINDOW ? d - WARMUP_WINDOW : 0;
            size_t hi = d + WARMUP_WINDOW < sl.days ? d + WARMUP_WINDOW
                                                    : sl.days - 1;
            double m = 0;
            for (size_t i = lo; i <= hi; i++)
                m += avg[i] / (double)(hi - lo + 1);
            fprintf(out, "%6zu %14.2f %14.2f\n", d, avg[d], m);
        }
        fprintf(out, "\nsuggested warm-up: %zu days (MSER-5 truncation at "
                     "day %zu, rounded up to whole weeks): warmup: %zu "
                     "days\n",
                weeks * 7, cut, weeks * 7);
        fprintf(out, "or start from a census (initial: on units) to "
                     "shorten it\n");
    }
    free(a.sum);
    free(avg);
    series_list_free(&sl);
    return rc;
}
