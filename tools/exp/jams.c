/* jams.c -- jam warnings (jams.h). */
#include <math.h>
#include <stdio.h>
#include "costs.h"
#include "jams.h"
#include "json.h"
#include "text.h"

size_t jams_find(const experiment *e, jam_note *out, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < e->kpis.n && n < max; k++) {
        const kpi_def *d = &e->kpis.defs[k];
        if (d->info->id != KPI_U_JAM_FIRST_DAY || d->unit_index < 0)
            continue;
        jam_note j = {e->sc->units[d->unit_index].name, 0, e->reps,
                      INFINITY};
        for (long r = 0; r < e->reps; r++) {
            double v = e->values[(size_t)r * e->kpis.n + k];
            if (isnan(v))
                continue;
            j.reps++;
            j.first_day = fmin(j.first_day, v);
        }
        if (j.reps > 0)
            out[n++] = j;
    }
    return n;
}

/* "YYYY-MM-DD" of day `day` of the run into buf (16 bytes), or 0 without
 * a start date.  Civil dates from day counts: H. Hinnant's algorithm. */
static int jams_date(const scenario *sc, double day, char *buf, size_t len)
{
    long d0 = sc->start_date ? costs_epoch_day(sc->start_date) : -1;
    if (d0 < 0 || !isfinite(day))
        return 0;
    long z = d0 + (long)day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, dd = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return snprintf(buf, len, "%04ld-%02ld-%02ld", y % 10000, m, dd) > 0;
}

void jams_write_text(FILE *f, const scenario *sc, const jam_note *j,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char date[16];
        int dated = jams_date(sc, j[i].first_day, date, sizeof date);
        fputs("warning: unit ", f);
        text_term(f, j[i].unit);
        fprintf(f, " jammed (its line grew without bound) in %ld of %ld "
                   "replications, from day %.0f%s%s%s: its figures are "
                   "not those of a working unit\n",
                j[i].reps, j[i].of, j[i].first_day, dated ? " (" : "",
                dated ? date : "", dated ? ")" : "");
    }
}

void jams_write_json(FILE *f, const scenario *sc, const jam_note *j,
                     size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        char date[16];
        fputs(i ? ", {\"unit\": " : "{\"unit\": ", f);
        json_str(f, j[i].unit);
        fprintf(f, ", \"replications\": %ld, \"of\": %ld, \"first_day\": ",
                j[i].reps, j[i].of);
        json_num(f, j[i].first_day);
        fputs(", \"first_date\": ", f);
        if (jams_date(sc, j[i].first_day, date, sizeof date))
            json_str(f, date);
        else
            fputs("null", f);
        fputc('}', f);
    }
    fputc(']', f);
}
