/* finance_levers.c -- the savings by lever of a benefits study in the
 * report (finance_int.h): read from the rows `flowsim benefits --by-lever
 * --store` keeps (store.h: STORE_LEVERS_SCHEMA), shown as a table (alone,
 * in sequence, Shapley, with the lines beside them, and the checks that
 * they add up) and a waterfall of the Shapley values to the total. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"
#include "finance_int.h"

#define MEASURES 3

static const char *const MEASURE[MEASURES] = {"alone", "sequential",
                                              "shapley"};
static const char *const REST_LABEL[RFIN_LEVER_RESTS] = {
    "interaction (together &minus; sum alone)", "all levers together",
    "other changes (not levers)", "total saving (BASE &minus; ALT)"};

/* &v[row][measure][year][0]. */
static double *cellp(const rfin_levers *lv, size_t row, size_t m, size_t y)
{
    return &lv->v[((row * MEASURES + m) * (lv->n_years + 1) + y) * 3];
}

/* Whether the store has the tables (older stores do not). */
static int has_tables(sqlite3 *db)
{
    sqlite3_stmt *q;
    int yes = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE "
                               "name IN ('study_levers', "
                               "'study_lever_method')",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        yes = sqlite3_column_int(q, 0) == 2;
    sqlite3_finalize(q);
    return yes;
}

/* The method row: 1 when the study has one with 1..RFIN_LEVERS_MAX
 * levers, 0 when none, -1 on a read error. */
static int read_method(sqlite3 *db, long study, rfin_levers *lv)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT method, levers, subsets, orders FROM "
                               "study_lever_method WHERE study_id = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, study);
    int rc = 0, st = sqlite3_step(q);
    if (st == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(q, 0);
        sqlite3_int64 n = sqlite3_column_int64(q, 1);
        snprintf(lv->method, sizeof lv->method, "%s",
                 m && !strcmp(m, "sampled") ? "sampled" : "exact");
        lv->subsets = (long)sqlite3_column_int64(q, 2);
        lv->orders = (long)sqlite3_column_int64(q, 3);
        if (n >= 1 && n <= RFIN_LEVERS_MAX) {
            lv->n = (size_t)n;
            rc = 1;
        }
    } else if (st != SQLITE_DONE) {
        rc = -1;
    }
    sqlite3_finalize(q);
    return rc;
}

/* The year index of a stored label: the alternative's years, "all". */
static long year_index(const fin_run *r, const char *y)
{
    if (!strcmp(y, "all"))
        return (long)r->n_years;
    for (size_t k = 0; k < r->n_years; k++)
        if (!strcmp(r->years[k].label, y))
            return (long)k;
    return -1;
}

/* One stored row into lv (rows that do not fit are ignored: the store
 * is read, not trusted).  0, or -1 out of memory. */
static int take_row(sqlite3_stmt *q, const fin_run *alt, rfin_levers *lv)
{
    sqlite3_int64 row = sqlite3_column_int64(q, 0);
    const char *line = (const char *)sqlite3_column_text(q, 1);
    const char *meas = (const char *)sqlite3_column_text(q, 2);
    const char *year = (const char *)sqlite3_column_text(q, 3);
    if (!line || !meas || !year || row < 0 ||
        row >= (sqlite3_int64)(lv->n + RFIN_LEVER_RESTS))
        return 0;
    size_t r = (size_t)row, m = 0;
    if (r < lv->n) {
        while (m < MEASURES && strcmp(meas, MEASURE[m]))
            m++;
        if (m == MEASURES)
            return 0;
        if (!lv->name[r] && !(lv->name[r] = strdup(line)))
            return -1;
    } else if (strcmp(meas, "line")) {
        return 0;
    }
    long y = year_index(alt, year);
    if (y < 0)
        return 0;
    double *c = cellp(lv, r, m, (size_t)y);
    for (int k = 0; k < 3; k++)
        c[k] = sqlite3_column_type(q, 4 + k) == SQLITE_NULL
                   ? NAN
                   : sqlite3_column_double(q, 4 + k);
    if (r < lv->n && m == 2 && y == (long)lv->n_years &&
        sqlite3_column_type(q, 7) != SQLITE_NULL)
        lv->se[r] = sqlite3_column_double(q, 7);
    return 0;
}

int rfin_levers_load(sqlite3 *db, long study, rfin *f)
{
    rfin_levers *lv = &f->lv;
    memset(lv, 0, sizeof *lv);
    if (!has_tables(db))
        return 0;
    int rc = read_method(db, study, lv);
    if (rc <= 0)
        return rc;
    lv->n_years = f->b.alt.n_years;
    size_t cells = (lv->n + RFIN_LEVER_RESTS) * MEASURES *
                   (lv->n_years + 1) * 3;
    if (!(lv->v = malloc(cells * sizeof *lv->v)))
        return -1;
    for (size_t k = 0; k < cells; k++)
        lv->v[k] = NAN;
    for (size_t j = 0; j < RFIN_LEVERS_MAX; j++)
        lv->se[j] = NAN;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT row, line, measure, year, mean, lo, "
                               "hi, mc_se FROM study_levers WHERE "
                               "study_id = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, study);
    int st;
    rc = 0;
    while (!rc && (st = sqlite3_step(q)) == SQLITE_ROW)
        rc = take_row(q, &f->b.alt, lv);
    if (!rc && st != SQLITE_DONE)
        rc = -1;
    sqlite3_finalize(q);
    lv->on = !rc;
    return rc;
}

void rfin_levers_free(rfin_levers *lv)
{
    for (size_t j = 0; j < RFIN_LEVERS_MAX; j++)
        free(lv->name[j]);
    free(lv->v);
    memset(lv, 0, sizeof *lv);
}

/* One row of the table: the three measures (levers) or the line's value,
 * all years, with their CIs. */
static void lever_row(FILE *o, const rfin_levers *lv, size_t r)
{
    size_t ny = lv->n_years;
    if (r < lv->n) {
        fputs("<tr data-lever=\"", o);
        html_text(o, lv->name[r] ? lv->name[r] : "");
        fputs("\"><td>", o);
        html_text(o, lv->name[r] ? lv->name[r] : "");
        fputs("</td>", o);
        for (size_t m = 0; m < MEASURES; m++) {
            const double *c = cellp(lv, r, m, ny);
            html_td_num(o, c[0] / K);
            html_td_ci(o, c[1] / K, c[2] / K);
        }
        if (!strcmp(lv->method, "sampled"))
            html_td_num(o, lv->se[r] / K);
        fputs("</tr>\n", o);
        return;
    }
    const double *c = cellp(lv, r, 0, ny);
    fprintf(o, "<tr data-line=\"%zu\"><td>%s</td><td colspan=\"4\"></td>",
            r - lv->n, REST_LABEL[r - lv->n]);
    html_td_num(o, c[0] / K);
    html_td_ci(o, c[1] / K, c[2] / K);
    fputs(strcmp(lv->method, "sampled") ? "</tr>\n" : "<td></td></tr>\n",
          o);
}

/* The Shapley values by financial year. */
static void years_table(FILE *o, const rfin *f)
{
    const rfin_levers *lv = &f->lv;
    fputs("<table id=\"fin-levers-years\"><thead><tr><th>Shapley value, "
          "GBP k</th>", o);
    for (size_t y = 0; y < lv->n_years; y++) {
        fputs("<th class=\"n\">", o);
        html_text(o, f->b.alt.years[y].label);
        fputs("</th>", o);
    }
    fputs("<th class=\"n\">all years</th></tr></thead><tbody>\n", o);
    for (size_t r = 0; r < lv->n + RFIN_LEVER_RESTS; r++) {
        if (r >= lv->n && r - lv->n != 1 && r - lv->n != 3)
            continue;   /* together and total: what the values add to */
        fputs("<tr><td>", o);
        if (r < lv->n)
            html_text(o, lv->name[r] ? lv->name[r] : "");
        else
            fputs(REST_LABEL[r - lv->n], o);
        fputs("</td>", o);
        for (size_t y = 0; y <= lv->n_years; y++)
            html_td_num(o, cellp(lv, r, r < lv->n ? 2 : 0, y)[0] / K);
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

/* The Shapley values stacked from 0 to all levers together, the other
 * changes on top, and the total beside them (all years, GBP k): an
 * inline SVG, its numbers from the table above. */
static void waterfall(FILE *o, const rfin_levers *lv)
{
    const double W = 640, L = 200, R = 70, ROW = 22;
    size_t n = lv->n, ny = lv->n_years;
    double v[RFIN_LEVERS_MAX + 2], lo = 0, hi = 0, run = 0;
    for (size_t j = 0; j <= n + 1; j++) {
        size_t r = j < n ? j : n + (j == n ? 2 : 3);
        v[j] = cellp(lv, r, j < n ? 2 : 0, ny)[0] / K;
        if (!isfinite(v[j]))
            v[j] = 0;
        run += j <= n ? v[j] : 0;
        lo = fmin(lo, fmin(run, v[j]));
        hi = fmax(hi, fmax(run, v[j]));
    }
    if (!(hi > lo))
        hi = lo + 1;
    fprintf(o, "<figure id=\"fig-finlevers\"><svg width=\"%.0f\" "
               "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">\n",
            W, 20 + ROW * (double)(n + 2), W, 20 + ROW * (double)(n + 2));
    run = 0;
    for (size_t j = 0; j <= n + 1; j++) {
        double a = j <= n ? run : 0, b = j <= n ? run + v[j] : v[j];
        double x1 = L + (W - L - R) * (fmin(a, b) - lo) / (hi - lo);
        double x2 = L + (W - L - R) * (fmax(a, b) - lo) / (hi - lo);
        double y = 10 + ROW * (double)j;
        fprintf(o, "<text x=\"4\" y=\"%.0f\">", y + 13);
        if (j < n)
            html_text(o, lv->name[j] ? lv->name[j] : "");
        else
            fputs(j == n ? "other changes" : "total (BASE &minus; ALT)", o);
        fprintf(o, "</text><rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" "
                   "height=\"16\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.0f\">"
                   "%.0f</text>\n",
                x1, y, fmax(x2 - x1, 1),
                j > n ? "#1e8449" : v[j] >= 0 ? "#2471a3" : "#c0392b",
                x2 + 3, y + 13, v[j]);
        run += j <= n ? v[j] : 0;
    }
    fputs("</svg>\n<figcaption>Saving by lever, all years, GBP k: each "
          "lever's Shapley value stacked, then the changes that are not "
          "levers, to the total saving.</figcaption></figure>\n", o);
}

/* Whether the figures add up: the sums of the alone (with the
 * interaction), sequential and Shapley savings against all levers
 * together, all years. */
static void checks(FILE *o, const rfin_levers *lv)
{
    size_t ny = lv->n_years;
    double sum[MEASURES] = {0, 0, 0};
    for (size_t j = 0; j < lv->n; j++)
        for (size_t m = 0; m < MEASURES; m++)
            sum[m] += cellp(lv, j, m, ny)[0];
    double inter = cellp(lv, lv->n, 0, ny)[0];
    double tog = cellp(lv, lv->n + 1, 0, ny)[0];
    fprintf(o, "<p id=\"fin-levers-check\" data-together=\"%.10g\" "
               "data-alone=\"%.10g\" data-interaction=\"%.10g\" "
               "data-sequential=\"%.10g\" data-shapley=\"%.10g\">They add "
               "up: all levers together save %.0f; the alone savings sum "
               "to %.0f and the interaction is %.0f; the sequential "
               "savings sum to %.0f and the Shapley values to %.0f (GBP k, "
               "all years).</p>\n",
            tog, sum[0], inter, sum[1], sum[2], tog / K, sum[0] / K,
            inter / K, sum[1] / K, sum[2] / K);
}

void rfin_levers_section(FILE *o, const rfin *f)
{
    const rfin_levers *lv = &f->lv;
    int sampled = !strcmp(lv->method, "sampled");
    fputs("<h3>Savings by lever</h3>\n<p>Each intervention of the "
          "alternative is a lever, switched off by setting its effect to "
          "0; the alternative was run with every subset of them", o);
    if (sampled)
        fprintf(o, " met along %ld sampled orders (%ld subsets; the Shapley "
                   "values are sampled, with their Monte Carlo standard "
                   "error in the last column, not in the CIs)",
                lv->orders, lv->subsets);
    else
        fprintf(o, " (%ld subsets: the Shapley values are exact)",
                lv->subsets);
    fputs(", each under common random numbers. <i>Alone</i>: the lever "
          "with every other off; <i>in sequence</i>: added after those "
          "listed before it; <i>Shapley</i>: its marginal saving averaged "
          "over every order. Each activity avoided is priced once, on the "
          "lever that avoided it. Total saving, GBP k, all years, mean and "
          "95% CI over paired replications (from <code>flowsim benefits "
          "--by-lever</code>, which also splits them by cost item).</p>\n",
          o);
    fputs("<table id=\"fin-levers\"><thead><tr><th>lever</th><th "
          "class=\"n\">alone</th><th class=\"n\">95% CI</th><th class=\"n\">"
          "in sequence</th><th class=\"n\">95% CI</th><th class=\"n\">"
          "Shapley</th><th class=\"n\">95% CI</th>", o);
    if (sampled)
        fputs("<th class=\"n\">MC s.e.</th>", o);
    fputs("</tr></thead><tbody>\n", o);
    for (size_t r = 0; r < lv->n + RFIN_LEVER_RESTS; r++)
        lever_row(o, lv, r);
    fputs("</tbody></table>\n", o);
    checks(o, lv);
    waterfall(o, lv);
    years_table(o, f);
}
