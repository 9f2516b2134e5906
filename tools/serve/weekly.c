/* weekly.c -- weekly bands of daily series (weekly.h). */
#include "weekly.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "experiment.h"
#include "json.h"

static const char *const WEEKLY_WANTED[WEEKLY_SERIES_MAX] = {
    "acute.occupancy", "ed.four_hour.performance"};

int weekly_init(serve_weekly *w, const series_list *sl, const scenario *sc,
                long reps)
{
    memset(w, 0, sizeof *w);
    for (size_t i = 0; i < WEEKLY_SERIES_MAX; i++)
        for (size_t k = 0; k < sl->n; k++)
            if (!strcmp(sl->names[k], WEEKLY_WANTED[i])) {
                w->col[w->ns] = k;
                w->name[w->ns] = sl->names[k];
                w->unit[w->ns++] = sl->defs[k].info->unit;
            }
    if (w->ns == 0 && sl->n > 0) {
        w->name[0] = sl->names[0];
        w->unit[0] = sl->defs[0].info->unit;
        w->ns = 1;
    }
    w->n_cols = sl->n;
    w->first_day = (size_t)ceil(sc->warmup / 1440.0);
    w->weeks = sl->days > w->first_day ? (sl->days - w->first_day) / 7 : 0;
    w->reps = reps;
    size_t cells = (size_t)reps * w->ns * w->weeks;
    w->v = malloc((cells ? cells : 1) * sizeof *w->v);
    w->done = calloc((size_t)reps, 1);
    if (!w->v || !w->done) {
        weekly_free(w);
        return -1;
    }
    return 0;
}

void weekly_free(serve_weekly *w)
{
    free(w->v);
    free(w->done);
    w->v = NULL;
    w->done = NULL;
}

void weekly_add(serve_weekly *w, long r, const double *daily)
{
    if (!daily || r < 0 || r >= w->reps)
        return;
    for (size_t s = 0; s < w->ns; s++)
        for (size_t k = 0; k < w->weeks; k++) {
            double sum = 0;
            int n = 0;
            for (size_t d = 0; d < 7; d++) {
                size_t day = w->first_day + 7 * k + d;
                double x = daily[day * w->n_cols + w->col[s]];
                if (!isnan(x)) {
                    sum += x;
                    n++;
                }
            }
            w->v[((size_t)r * w->ns + s) * w->weeks + k] =
                n ? sum / n : NAN;
        }
    w->done[r] = 1;
}

/* Week k of series s over the replications done. */
static void weekly_summary(const serve_weekly *w, size_t s, size_t k,
                           double *scratch, kpi_summary *out)
{
    size_t m = 0;
    for (long r = 0; r < w->reps; r++)
        if (w->done[r])
            scratch[m++] = w->v[((size_t)r * w->ns + s) * w->weeks + k];
    summarise_values(scratch, m, 1, scratch + w->reps, out);
}

static void weekly_array(FILE *f, const char *key, const double *x,
                         size_t n)
{
    fprintf(f, ", \"%s\": [", key);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? ", " : "", f);
        json_num(f, x[k]);
    }
    fputc(']', f);
}

void weekly_json(FILE *f, const serve_weekly *w, const serve_weekly *base,
                 double *scratch)
{
    fputc('[', f);
    double *mean = malloc(4 * (w->weeks ? w->weeks : 1) * sizeof *mean);
    for (size_t s = 0; mean && s < w->ns; s++) {
        double *lo = mean + w->weeks, *hi = lo + w->weeks,
               *bm = hi + w->weeks;
        for (size_t k = 0; k < w->weeks; k++) {
            kpi_summary sm;
            weekly_summary(w, s, k, scratch, &sm);
            mean[k] = sm.mean;
            lo[k] = sm.n >= 2 ? sm.lo : NAN;
            hi[k] = sm.n >= 2 ? sm.hi : NAN;
            bm[k] = NAN;
            if (base && base->weeks == w->weeks && base->ns == w->ns &&
                base->reps <= w->reps) {
                weekly_summary(base, s, k, scratch, &sm);
                bm[k] = sm.mean;
            }
        }
        fputs(s ? ",\n  {\"name\": " : "{\"name\": ", f);
        json_str(f, w->name[s]);
        fputs(", \"unit\": ", f);
        json_str(f, w->unit[s]);
        fprintf(f, ", \"first_day\": %zu, \"step\": 7", w->first_day);
        weekly_array(f, "mean", mean, w->weeks);
        weekly_array(f, "lo", lo, w->weeks);
        weekly_array(f, "hi", hi, w->weeks);
        weekly_array(f, "base", bm, w->weeks);
        fputc('}', f);
    }
    free(mean);
    fputc(']', f);
}
