/* levstore.c -- the savings by lever kept in the results store
 * (levers.h, store.h: STORE_LEVERS_SCHEMA), so that `flowsim report`
 * shows them: the attribution itself, a few rows a lever, rather than
 * the 2^n runs of the levers' subsets it was computed from. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "levers.h"

static const char *const MEASURE[LEVER_METHODS] = {"alone", "sequential",
                                                   "shapley"};
static const char *const REST_LINE[LEVER_RESTS] = {
    "interaction", "all levers together", "other changes", "total"};

/* One row: line `line` (row index `row`), measure, year, the summary and
 * the Monte Carlo error (NAN: none).  0, or -1. */
static int put_row(sqlite3_stmt *q, long study, size_t row, const char *line,
                   const char *measure, const char *year,
                   const kpi_summary *s, double se)
{
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, study);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)row);
    sqlite3_bind_text(q, 3, line, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, measure, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, year, -1, SQLITE_TRANSIENT);
    double v[3] = {s->mean, s->lo, s->hi};
    for (int k = 0; k < 3; k++)
        if (v[k] == v[k])
            sqlite3_bind_double(q, 6 + k, v[k]);
        else
            sqlite3_bind_null(q, 6 + k);
    if (se == se)
        sqlite3_bind_double(q, 9, se);
    else
        sqlite3_bind_null(q, 9);
    return sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
}

/* Every row of the attribution: each lever by method, then the lines
 * beside them, each financial year and all years; the total part. */
static int put_rows(sqlite3_stmt *q, long study, const fin_levers *lv,
                    const fin_year *years)
{
    size_t ny = lv->n_years;
    for (size_t j = 0; j < lv->n + LEVER_RESTS; j++)
        for (size_t y = 0; y <= ny; y++) {
            const char *year = y < ny ? years[y].label : "all";
            kpi_summary s;
            if (j >= lv->n) {
                lever_rest k = (lever_rest)(j - lv->n);
                fin_lever_rest_summary(lv, k, y, LEVER_TOTAL, &s);
                if (put_row(q, study, j, REST_LINE[k], "line", year, &s,
                            NAN))
                    return -1;
                continue;
            }
            for (int m = 0; m < LEVER_METHODS; m++) {
                fin_lever_summary(lv, (lever_method)m, j, y, LEVER_TOTAL,
                                  &s);
                double se = m == LEVER_SHAPLEY && lv->perms && y == ny
                                ? lv->shapley_se[j]
                                : NAN;
                if (put_row(q, study, j, lv->name[j], MEASURE[m], year, &s,
                            se))
                    return -1;
            }
        }
    return 0;
}

int fin_levers_store(sqlite3 *db, long study, const fin_levers *lv,
                     const fin_year *years, char *err, size_t errlen)
{
    sqlite3_stmt *q = NULL, *m = NULL;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE;" STORE_LEVERS_SCHEMA, NULL,
                          NULL, NULL) == SQLITE_OK
                 ? 0
                 : -1;
    if (!rc &&
        (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO study_levers VALUES"
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            -1, &q, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO study_lever_method "
                                "VALUES(?, ?, ?, ?, ?)",
                            -1, &m, NULL) != SQLITE_OK))
        rc = -1;
    if (!rc) {
        sqlite3_bind_int64(m, 1, study);
        sqlite3_bind_text(m, 2, lv->perms ? "sampled" : "exact", -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(m, 3, (sqlite3_int64)lv->n);
        sqlite3_bind_int64(m, 4, lv->perms ? (sqlite3_int64)lv->n_sub
                                           : (sqlite3_int64)1 << lv->n);
        if (lv->perms)
            sqlite3_bind_int64(m, 5, (sqlite3_int64)lv->perms);
        else
            sqlite3_bind_null(m, 5);
        rc = sqlite3_step(m) == SQLITE_DONE ? put_rows(q, study, lv, years)
                                            : -1;
    }
    if (rc)
        snprintf(err, errlen, "writing the savings by lever: %s",
                 sqlite3_errmsg(db));
    sqlite3_finalize(q);
    sqlite3_finalize(m);
    if (sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) !=
            SQLITE_OK &&
        !rc) {
        snprintf(err, errlen, "writing the savings by lever: %s",
                 sqlite3_errmsg(db));
        rc = -1;
    }
    return rc;
}
