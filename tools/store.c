/* store.c -- the SQLite results store (store.h). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "flowsim_config.h"
#include "store.h"

struct store {
    sqlite3 *db;
    sqlite3_int64 exp;        /* current experiment id */
    sqlite3_stmt *ins_rep, *ins_kpi, *ins_day;
    const series_list *series;
    long resumed;
    char err[512];
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS experiments("
    " id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    " scenario_name TEXT NOT NULL, scenario_hash TEXT NOT NULL,"
    " scenario_text TEXT NOT NULL, flowsim_version TEXT NOT NULL,"
    " seed INTEGER NOT NULL, horizon_days REAL, warmup_days REAL,"
    " created TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS kpis(experiment_id INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,"
    " PRIMARY KEY(experiment_id, idx));"
    "CREATE TABLE IF NOT EXISTS series(experiment_id INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, name TEXT NOT NULL,"
    " PRIMARY KEY(experiment_id, idx));"
    "CREATE TABLE IF NOT EXISTS replications(experiment_id INTEGER NOT NULL,"
    " replication INTEGER NOT NULL, events INTEGER, peak_patients INTEGER,"
    " PRIMARY KEY(experiment_id, replication));"
    "CREATE TABLE IF NOT EXISTS replication_kpis("
    " experiment_id INTEGER NOT NULL, replication INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, value REAL,"
    " PRIMARY KEY(experiment_id, replication, idx)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS daily(experiment_id INTEGER NOT NULL,"
    " replication INTEGER NOT NULL, day INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, value REAL,"
    " PRIMARY KEY(experiment_id, replication, day, idx)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS studies(id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL, name TEXT NOT NULL, replications INTEGER,"
    " seed INTEGER, created TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS study_experiments(study_id INTEGER NOT NULL,"
    " position INTEGER NOT NULL, experiment_id INTEGER NOT NULL,"
    " label TEXT NOT NULL, params TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY(study_id, position));"
    "CREATE VIEW IF NOT EXISTS kpi_values AS"
    " SELECT e.id AS experiment_id, e.scenario_name, r.replication,"
    " k.name AS kpi, k.unit, r.value FROM replication_kpis r"
    " JOIN kpis k ON k.experiment_id = r.experiment_id AND k.idx = r.idx"
    " JOIN experiments e ON e.id = r.experiment_id;"
    "CREATE VIEW IF NOT EXISTS daily_values AS"
    " SELECT e.id AS experiment_id, e.scenario_name, d.replication, d.day,"
    " s.name AS series, d.value FROM daily d"
    " JOIN series s ON s.experiment_id = d.experiment_id AND s.idx = d.idx"
    " JOIN experiments e ON e.id = d.experiment_id;";

static int fail(store *st, char *err, size_t errlen, const char *what)
{
    snprintf(st->err, sizeof st->err, "%s: %s", what, sqlite3_errmsg(st->db));
    if (err)
        snprintf(err, errlen, "%s", st->err);
    return -1;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long store_study_new(store *st, const char *kind, const char *name,
                     long replications, uint64_t seed)
{
    char now[32];
    sqlite3_stmt *q;
    utc_now(now, sizeof now);
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO studies(kind, name, replications,"
                           " seed, created) VALUES(?,?,?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, NULL, 0, "writing the store");
    sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, replications);
    sqlite3_bind_int64(q, 4, (sqlite3_int64)seed);
    sqlite3_bind_text(q, 5, now, -1, SQLITE_TRANSIENT);
    int ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? (long)sqlite3_last_insert_rowid(st->db)
              : fail(st, NULL, 0, "writing the store");
}

long store_study_last(store *st, const char *kind)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT max(id) FROM studies WHERE kind = ?", -1,
                           &q, NULL) != SQLITE_OK)
        return fail(st, NULL, 0, "reading the store");
    sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
    long id = sqlite3_step(q) == SQLITE_ROW &&
                      sqlite3_column_type(q, 0) != SQLITE_NULL
                  ? (long)sqlite3_column_int64(q, 0)
                  : -1;
    sqlite3_finalize(q);
    if (id < 0)
        snprintf(st->err, sizeof st->err, "no %s study to join", kind);
    return id;
}

int store_study_add(store *st, long study, int position, const char *label,
                    const char *params)
{
    return store_study_add_exp(st, study, position, store_experiment(st),
                               label, params);
}

long store_experiment(const store *st) { return (long)st->exp; }

int store_study_add_exp(store *st, long study, int position, long exp,
                        const char *label, const char *params)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT OR REPLACE INTO study_experiments"
                           " VALUES(?,?,?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, NULL, 0, "writing the store");
    sqlite3_bind_int64(q, 1, study);
    sqlite3_bind_int(q, 2, position);
    sqlite3_bind_int64(q, 3, exp);
    sqlite3_bind_text(q, 4, label, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, params ? params : "", -1, SQLITE_STATIC);
    int ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? 0 : fail(st, NULL, 0, "writing the store");
}

void store_hash(const char *text, char *hex)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    snprintf(hex, 17, "%016llx", (unsigned long long)h);
}

/* Checks the schema version, or writes it into a new store. */
static int check_version(store *st, char *err, size_t errlen)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT value FROM meta WHERE key = 'schema'", -1,
                           &q, NULL) != SQLITE_OK)
        return fail(st, err, errlen, "reading the store");
    int rc = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        if (sqlite3_column_int(q, 0) != STORE_SCHEMA_VERSION) {
            snprintf(err, errlen, "the store has schema version %d; this "
                                  "flowsim writes version %d",
                     sqlite3_column_int(q, 0), STORE_SCHEMA_VERSION);
            rc = -1;
        }
    } else {
        char sql[96];
        snprintf(sql, sizeof sql,
                 "INSERT INTO meta VALUES('schema', '%d')",
                 STORE_SCHEMA_VERSION);
        if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            rc = fail(st, err, errlen, "writing the store");
    }
    sqlite3_finalize(q);
    return rc;
}

store *store_open(const char *path, char *err, size_t errlen)
{
    store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (sqlite3_open_v2(path, &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_FULLMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS) != SQLITE_OK ||
        sqlite3_exec(st->db, "PRAGMA journal_mode=WAL;"
                             "PRAGMA synchronous=NORMAL;"
                             "PRAGMA foreign_keys=ON;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(st->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
        fail(st, err, errlen, path);
        store_close(st);
        return NULL;
    }
    if (check_version(st, err, errlen) != 0) {
        store_close(st);
        return NULL;
    }
    return st;
}

void store_close(store *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->ins_rep);
    sqlite3_finalize(st->ins_kpi);
    sqlite3_finalize(st->ins_day);
    sqlite3_close(st->db);
    free(st);
}

long store_resumed(const store *st) { return st->resumed; }
const char *store_error(const store *st) { return st->err; }

/* Writes the names of the experiment's KPIs and series. */
static int write_names(store *st, const kpi_list *kpis,
                       const series_list *series)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(st->db, "INSERT INTO kpis VALUES(?,?,?,?)",
                                -1, &q, NULL);
    for (size_t k = 0; rc == SQLITE_OK && k < kpis->n; k++) {
        sqlite3_bind_int64(q, 1, st->exp);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)k);
        sqlite3_bind_text(q, 3, kpis->defs[k].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, kpis->defs[k].unit, -1, SQLITE_STATIC);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK || !series)
        return rc;
    rc = sqlite3_prepare_v2(st->db, "INSERT INTO series VALUES(?,?,?)", -1,
                            &q, NULL);
    for (size_t k = 0; rc == SQLITE_OK && k < series->n; k++) {
        sqlite3_bind_int64(q, 1, st->exp);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)k);
        sqlite3_bind_text(q, 3, series->names[k], -1, SQLITE_STATIC);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

int store_begin(store *st, const scenario *sc, const char *canonical,
                const kpi_list *kpis, const series_list *series, char *err,
                size_t errlen)
{
    char hash[17], keytext[128], key[17];
    store_hash(canonical, hash);
    snprintf(keytext, sizeof keytext, "%s/%llu/%s", hash,
             (unsigned long long)sc->seed, FLOWSIM_VERSION);
    store_hash(keytext, key);
    st->series = series;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT id FROM experiments WHERE key = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, errlen, "reading the store");
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int found = sqlite3_step(q) == SQLITE_ROW;
    if (found)
        st->exp = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (!found) {
        char now[32];
        utc_now(now, sizeof now);
        if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ||
            sqlite3_prepare_v2(st->db,
                               "INSERT INTO experiments(key, scenario_name,"
                               " scenario_hash, scenario_text,"
                               " flowsim_version, seed, horizon_days,"
                               " warmup_days, created)"
                               " VALUES(?,?,?,?,?,?,?,?,?)",
                               -1, &q, NULL) != SQLITE_OK)
            return fail(st, err, errlen, "writing the store");
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, sc->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, canonical, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, FLOWSIM_VERSION, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, (sqlite3_int64)sc->seed);
        sqlite3_bind_double(q, 7, sc->horizon / 1440);
        sqlite3_bind_double(q, 8, sc->warmup / 1440);
        sqlite3_bind_text(q, 9, now, -1, SQLITE_TRANSIENT);
        int ok = sqlite3_step(q) == SQLITE_DONE;
        sqlite3_finalize(q);
        st->exp = sqlite3_last_insert_rowid(st->db);
        if (!ok || write_names(st, kpis, series) != SQLITE_OK ||
            sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            fail(st, err, errlen, "writing the store");
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
    }
    if (sqlite3_prepare_v2(st->db,
                           "INSERT OR REPLACE INTO replications"
                           " VALUES(?,?,?,?)",
                           -1, &st->ins_rep, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "INSERT OR REPLACE INTO replication_kpis"
                           " VALUES(?,?,?,?)",
                           -1, &st->ins_kpi, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "INSERT OR REPLACE INTO daily VALUES(?,?,?,?,?)",
                           -1, &st->ins_day, NULL) != SQLITE_OK)
        return fail(st, err, errlen, "preparing the store");
    return 0;
}

/* Reads back the replications already in the store (a resumed run). */
static int load(void *ud, experiment *e, unsigned char *done)
{
    store *st = ud;
    sqlite3_stmt *q;
    st->resumed = 0;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT r.replication, k.idx, k.value"
                           " FROM replications r JOIN replication_kpis k"
                           " ON k.experiment_id = r.experiment_id"
                           " AND k.replication = r.replication"
                           " WHERE r.experiment_id = ? AND r.replication < ?",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, NULL, 0, "reading the store");
    sqlite3_bind_int64(q, 1, st->exp);
    sqlite3_bind_int64(q, 2, e->reps);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        long r = (long)sqlite3_column_int64(q, 0);
        size_t k = (size_t)sqlite3_column_int64(q, 1);
        if (k >= e->kpis.n)
            continue;
        e->values[(size_t)r * e->kpis.n + k] =
            sqlite3_column_type(q, 2) == SQLITE_NULL
                ? NAN
                : sqlite3_column_double(q, 2);
        if (!done[r])
            st->resumed++;
        done[r] = 1;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : fail(st, NULL, 0, "reading the store");
}

/* Writes one finished replication in one transaction. */
static int finished(void *ud, const experiment *e, long r, const double *daily)
{
    store *st = ud;
    const double *v = e->values + (size_t)r * e->kpis.n;
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return fail(st, NULL, 0, "writing the store");
    int ok = 1;
    for (size_t k = 0; ok && k < e->kpis.n; k++) {
        sqlite3_bind_int64(st->ins_kpi, 1, st->exp);
        sqlite3_bind_int64(st->ins_kpi, 2, r);
        sqlite3_bind_int64(st->ins_kpi, 3, (sqlite3_int64)k);
        if (isnan(v[k]))
            sqlite3_bind_null(st->ins_kpi, 4);
        else
            sqlite3_bind_double(st->ins_kpi, 4, v[k]);
        ok = sqlite3_step(st->ins_kpi) == SQLITE_DONE;
        sqlite3_reset(st->ins_kpi);
    }
    const series_list *sl = st->series;
    for (size_t d = 0; ok && daily && sl && d < sl->days; d++)
        for (size_t k = 0; ok && k < sl->n; k++) {
            double x = daily[d * sl->n + k];
            sqlite3_bind_int64(st->ins_day, 1, st->exp);
            sqlite3_bind_int64(st->ins_day, 2, r);
            sqlite3_bind_int64(st->ins_day, 3, (sqlite3_int64)d);
            sqlite3_bind_int64(st->ins_day, 4, (sqlite3_int64)k);
            if (isnan(x))
                sqlite3_bind_null(st->ins_day, 5);
            else
                sqlite3_bind_double(st->ins_day, 5, x);
            ok = sqlite3_step(st->ins_day) == SQLITE_DONE;
            sqlite3_reset(st->ins_day);
        }
    /* The replication row goes last: its presence marks the rest done. */
    if (ok) {
        sqlite3_bind_int64(st->ins_rep, 1, st->exp);
        sqlite3_bind_int64(st->ins_rep, 2, r);
        sqlite3_bind_int64(st->ins_rep, 3,
                           (sqlite3_int64)e->info[r].events);
        sqlite3_bind_int64(st->ins_rep, 4, e->info[r].peak_patients);
        ok = sqlite3_step(st->ins_rep) == SQLITE_DONE;
        sqlite3_reset(st->ins_rep);
    }
    if (!ok || sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fail(st, NULL, 0, "writing the store");
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

experiment_hooks store_hooks(store *st, const series_list *series)
{
    st->series = series;
    return (experiment_hooks){.load = load, .series = series,
                              .finished = finished, .ud = st};
}
