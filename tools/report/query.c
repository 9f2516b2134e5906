/* query.c -- reading a study back from the results store (query.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"
#include "query.h"
#include "report.h"
#include "store.h"

static char *dup_col(sqlite3_stmt *q, int col)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    return strdup(t ? (const char *)t : "");
}

sqlite3 *rq_open(const char *path, char *err, size_t errlen)
{
    /* Read-only: a report must never create a store where none was, nor
     * change one that a run is writing (store.h says how it is told
     * apart, and how a store on a read-only file system is read). */
    return store_open_read(path, NULL, err, errlen);
}

static int read_fail(sqlite3 *db, char *err, size_t errlen)
{
    snprintf(err, errlen, "reading the store: %s", sqlite3_errmsg(db));
    return REPORT_IO;
}

/* The KPI names, units and values of one member. */
/* Gives m's KPIs their registry entries (kpis.h), reading the names as
 * the member's own scenario (rebuilt from its canonical text) names
 * them; a scenario that cannot be rebuilt leaves the registry to read
 * the names alone.  Returns 0, or -1 when out of memory. */
static int adopt_kpis(sqlite3 *db, rq_member *m)
{
    sqlite3_stmt *q;
    scenario *sc = NULL;
    if (sqlite3_prepare_v2(db, "SELECT scenario_text FROM experiments "
                               "WHERE id = ?", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, m->exp);
        if (sqlite3_step(q) == SQLITE_ROW &&
            sqlite3_column_type(q, 0) == SQLITE_TEXT) {
            const char *text = (const char *)sqlite3_column_text(q, 0);
            char lerr[LOAD_ERR_MAX];
            sc = load_scenario_mem(text, (size_t)sqlite3_column_bytes(q, 0),
                                   "(results store)", NULL, 0, NULL, lerr,
                                   sizeof lerr);
        }
        sqlite3_finalize(q);
    }
    if (sc && sc->start_date && strlen(sc->start_date) < sizeof m->start_date)
        strcpy(m->start_date, sc->start_date);
    kpi_list l = {.n = m->nkpi, .defs = m->kpis};
    int rc = kpi_list_adopt(&l, sc);
    scenario_free(sc);
    return rc;
}

static int load_kpis(sqlite3 *db, rq_member *m, long reps)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM kpis WHERE "
                               "experiment_id = ?", -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    if (sqlite3_step(q) == SQLITE_ROW)
        m->nkpi = (size_t)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    m->kpis = calloc(m->nkpi + 1, sizeof *m->kpis);
    m->units = calloc(m->nkpi + 1, sizeof *m->units);
    m->values = malloc(((size_t)reps * m->nkpi + 1) * sizeof *m->values);
    if (!m->kpis || !m->units || !m->values)
        return -1;
    for (size_t i = 0; i < (size_t)reps * m->nkpi; i++)
        m->values[i] = NAN;
    if (sqlite3_prepare_v2(db, "SELECT idx, name, unit FROM kpis WHERE "
                               "experiment_id = ? ORDER BY idx",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    while (sqlite3_step(q) == SQLITE_ROW) {
        sqlite3_int64 k = sqlite3_column_int64(q, 0);
        if (k < 0 || (size_t)k >= m->nkpi)
            continue;
        free(m->units[k]); /* an idx twice: the last row's */
        free(m->kpis[k].name);
        m->kpis[k].name = dup_col(q, 1);
        m->kpis[k].unit = m->units[k] = dup_col(q, 2);
    }
    sqlite3_finalize(q);
    for (size_t k = 0; k < m->nkpi; k++)
        if (!m->kpis[k].name || !m->kpis[k].unit)
            return -1;
    if (adopt_kpis(db, m) != 0)
        return -1;
    /* Only finished replications: their row in `replications` is written
     * last, in the same transaction (store.c). */
    if (sqlite3_prepare_v2(db, "SELECT v.replication, v.idx, v.value"
                               " FROM replication_kpis v JOIN replications r"
                               " ON r.experiment_id = v.experiment_id"
                               " AND r.replication = v.replication"
                               " WHERE v.experiment_id = ?"
                               " AND v.replication < ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    sqlite3_bind_int64(q, 2, reps);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 r = sqlite3_column_int64(q, 0);
        sqlite3_int64 k = sqlite3_column_int64(q, 1);
        if (r < 0 || k < 0 || (size_t)k >= m->nkpi)
            continue;
        if (sqlite3_column_type(q, 2) != SQLITE_NULL)
            m->values[(size_t)r * m->nkpi + (size_t)k] =
                sqlite3_column_double(q, 2);
    }
    sqlite3_finalize(q);
    m->finished = calloc((size_t)reps + 1, 1);
    if (rc != SQLITE_DONE || !m->finished ||
        sqlite3_prepare_v2(db, "SELECT replication FROM replications WHERE "
                               "experiment_id = ? AND replication < ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    sqlite3_bind_int64(q, 2, reps);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 r = sqlite3_column_int64(q, 0);
        if (r >= 0 && r < reps && !m->finished[r]) {
            m->finished[r] = 1;
            m->done++;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return -1;
    return 0;
}

static int load_study_row(sqlite3 *db, long id, rq_study *s, char *err,
                          size_t errlen)
{
    sqlite3_stmt *q;
    const char *sql = id < 0
                          ? "SELECT id, kind, name, replications, seed, "
                            "created FROM studies ORDER BY id DESC LIMIT 1"
                          : "SELECT id, kind, name, replications, seed, "
                            "created FROM studies WHERE id = ?";
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return read_fail(db, err, errlen);
    if (id >= 0)
        sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        s->id = (long)sqlite3_column_int64(q, 0);
        s->kind = dup_col(q, 1);
        s->name = dup_col(q, 2);
        s->reps = (long)sqlite3_column_int64(q, 3);
        s->seed = (unsigned long long)sqlite3_column_int64(q, 4);
        s->created = dup_col(q, 5);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE) {
        if (id < 0)
            snprintf(err, errlen, "the store has no study yet (flowsim "
                                  "run, compare or sweep make them)");
        else
            snprintf(err, errlen, "the store has no study %ld", id);
        return REPORT_BAD_INPUT;
    }
    if (rc != SQLITE_ROW || !s->kind || !s->name || !s->created)
        return read_fail(db, err, errlen);
    if (s->reps < 1 || s->reps > 100000000) {
        snprintf(err, errlen, "study %ld has %ld replications", s->id,
                 s->reps);
        return REPORT_BAD_INPUT;
    }
    return 0;
}

int rq_load(sqlite3 *db, long id, rq_study *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    int rc = load_study_row(db, id, s, err, errlen);
    if (rc)
        return rc;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM study_experiments "
                               "WHERE study_id = ?", -1, &q, NULL) != SQLITE_OK)
        return read_fail(db, err, errlen);
    sqlite3_bind_int64(q, 1, s->id);
    size_t n = sqlite3_step(q) == SQLITE_ROW
                   ? (size_t)sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (n == 0) {
        snprintf(err, errlen, "study %ld has no experiments (still "
                              "starting, or stopped before its first)", s->id);
        return REPORT_BAD_INPUT;
    }
    s->m = calloc(n, sizeof *s->m);
    if (!s->m ||
        sqlite3_prepare_v2(db, "SELECT se.position, se.experiment_id,"
                               " se.label, se.params, e.scenario_name,"
                               " e.scenario_hash, e.flowsim_version, e.seed,"
                               " e.horizon_days, e.warmup_days, e.created"
                               " FROM study_experiments se JOIN experiments e"
                               " ON e.id = se.experiment_id"
                               " WHERE se.study_id = ? ORDER BY se.position",
                           -1, &q, NULL) != SQLITE_OK)
        return read_fail(db, err, errlen);
    sqlite3_bind_int64(q, 1, s->id);
    while (s->n < n && sqlite3_step(q) == SQLITE_ROW) {
        rq_member *m = &s->m[s->n++];
        m->position = sqlite3_column_int(q, 0);
        m->exp = (long)sqlite3_column_int64(q, 1);
        m->label = dup_col(q, 2);
        m->params = dup_col(q, 3);
        m->scenario = dup_col(q, 4);
        m->hash = dup_col(q, 5);
        m->version = dup_col(q, 6);
        m->seed = (unsigned long long)sqlite3_column_int64(q, 7);
        m->horizon_days = sqlite3_column_double(q, 8);
        m->warmup_days = sqlite3_column_double(q, 9);
        m->created = dup_col(q, 10);
    }
    sqlite3_finalize(q);
    for (size_t i = 0; i < s->n; i++) {
        rq_member *m = &s->m[i];
        if (!m->label || !m->params || !m->scenario || !m->hash ||
            !m->version || !m->created || load_kpis(db, m, s->reps) != 0)
            return read_fail(db, err, errlen);
    }
    return 0;
}

void rq_free(rq_study *s)
{
    for (size_t i = 0; s->m && i < s->n; i++) {
        rq_member *m = &s->m[i];
        for (size_t k = 0; m->kpis && k < m->nkpi; k++)
            free(m->kpis[k].name);
        for (size_t k = 0; m->units && k < m->nkpi; k++)
            free(m->units[k]);
        free(m->kpis);
        free(m->units);
        free(m->values);
        free(m->finished);
        free(m->label);
        free(m->params);
        free(m->scenario);
        free(m->hash);
        free(m->version);
        free(m->created);
    }
    free(s->m);
    free(s->kind);
    free(s->name);
    free(s->created);
    memset(s, 0, sizeof *s);
}

long rq_kpi(const rq_member *m, const char *name)
{
    kpi_list l = {.n = m->nkpi, .defs = m->kpis};
    return kpi_list_lookup(&l, name);
}

long rq_kpi_id(const rq_member *m, kpi_id id)
{
    kpi_list l = {.n = m->nkpi, .defs = m->kpis};
    return kpi_list_index(&l, id);
}

void rq_summary(const rq_member *m, long reps, size_t k, kpi_summary *out)
{
    double *scratch = malloc(((size_t)reps + 1) * sizeof *scratch);
    if (!scratch) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .sd = NAN, .lo = NAN,
                             .hi = NAN, .p5 = NAN, .p95 = NAN};
        return;
    }
    summarise_values(m->values + k, (size_t)reps, m->nkpi, scratch, out);
    summary_clip(out, m->kpis[k].info->kind, 0);
    free(scratch);
}

void rq_diff(const rq_member *base, size_t kb, const rq_member *alt,
             size_t ka, long reps, kpi_summary *out)
{
    size_t n = (size_t)reps;
    double *d = malloc((2 * n + 1) * sizeof *d);
    if (!d) {
        *out = (kpi_summary){.n = 0, .mean = NAN, .sd = NAN, .lo = NAN,
                             .hi = NAN, .p5 = NAN, .p95 = NAN};
        return;
    }
    /* Paired: replication r of both ran on the same random streams. */
    for (size_t r = 0; r < n; r++) {
        double b = base->values[r * base->nkpi + kb];
        double a = alt->values[r * alt->nkpi + ka];
        d[r] = isnan(a) || isnan(b) ? NAN : a - b;
    }
    summarise_values(d, n, 1, d + n, out);
    summary_clip(out, base->kpis[kb].info->kind, 1);
    free(d);
}

int rq_daily(sqlite3 *db, const rq_member *m, long reps, const char *name,
             double **v, size_t *days)
{
    *v = NULL;
    *days = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT max(d.day) + 1 FROM daily d JOIN"
                               " series s ON s.experiment_id = d.experiment_id"
                               " AND s.idx = d.idx WHERE d.experiment_id = ?"
                               " AND s.name = ? AND d.replication < ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, reps);
    sqlite3_int64 nd = 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        nd = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (nd <= 0 || nd > 10000000)
        return 0;
    size_t cells = (size_t)reps * (size_t)nd;
    double *x = malloc(cells * sizeof *x);
    if (!x)
        return -1;
    for (size_t i = 0; i < cells; i++)
        x[i] = NAN;
    if (sqlite3_prepare_v2(db, "SELECT d.replication, d.day, d.value FROM"
                               " daily d JOIN series s ON s.experiment_id ="
                               " d.experiment_id AND s.idx = d.idx JOIN"
                               " replications r ON r.experiment_id ="
                               " d.experiment_id AND r.replication ="
                               " d.replication WHERE d.experiment_id = ?"
                               " AND s.name = ? AND d.replication < ?",
                           -1, &q, NULL) != SQLITE_OK) {
        free(x);
        return -1;
    }
    sqlite3_bind_int64(q, 1, m->exp);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, reps);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 r = sqlite3_column_int64(q, 0);
        sqlite3_int64 d = sqlite3_column_int64(q, 1);
        if (r >= 0 && d >= 0 && d < nd &&
            sqlite3_column_type(q, 2) != SQLITE_NULL)
            x[(size_t)r * (size_t)nd + (size_t)d] =
                sqlite3_column_double(q, 2);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        free(x);
        return -1;
    }
    *v = x;
    *days = (size_t)nd;
    return 1;
}

int rq_daily_each(sqlite3 *db, const rq_member *m, long reps,
                  int (*fn)(void *ud, long rep, long day, const char *series,
                            double value),
                  void *ud)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT d.replication, d.day, s.name,"
                               " d.value FROM daily d JOIN series s ON"
                               " s.experiment_id = d.experiment_id AND"
                               " s.idx = d.idx JOIN replications r ON"
                               " r.experiment_id = d.experiment_id AND"
                               " r.replication = d.replication WHERE"
                               " d.experiment_id = ? AND d.replication < ?"
                               " ORDER BY d.replication, d.day, d.idx",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    sqlite3_bind_int64(q, 2, reps);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *name = sqlite3_column_text(q, 2);
        double v = sqlite3_column_type(q, 3) == SQLITE_NULL
                       ? NAN : sqlite3_column_double(q, 3);
        if (fn(ud, (long)sqlite3_column_int64(q, 0),
               (long)sqlite3_column_int64(q, 1),
               name ? (const char *)name : "", v) != 0) {
            sqlite3_finalize(q);
            return -1;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

int rq_series_names(sqlite3 *db, const rq_member *m, char ***names,
                    size_t *n)
{
    *names = NULL;
    *n = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT name FROM series WHERE"
                               " experiment_id = ? ORDER BY idx",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, m->exp);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            char **grown = realloc(*names, cap * sizeof *grown);
            if (!grown)
                break;
            *names = grown;
        }
        if (!((*names)[*n] = dup_col(q, 0)))
            break;
        (*n)++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        for (size_t i = 0; i < *n; i++)
            free((*names)[i]);
        free(*names);
        *names = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
