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
#include "store_int.h"

struct store {
    sqlite3 *db;
    sqlite3_int64 exp;        /* current experiment id */
    sqlite3_stmt *ins_rep, *ins_kpi, *ins_day;
    const series_list *series;
    long resumed;
    char err[512];
};

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

store *store_open(const char *path, int *status, char *err, size_t errlen)
{
    store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        *status = STORE_FAILED;
        return NULL;
    }
    st->db = store_file_open(path, status, err, errlen);
    if (!st->db) {
        free(st);
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

sqlite3 *store_db(store *st) { return st->db; }
long store_resumed(const store *st) { return st->resumed; }
const char *store_error(const store *st) { return st->err; }

/* Writes the names of the experiment's KPIs and series that the store
 * lacks (all of them for a new experiment; the series for one first run
 * with --no-series). */
static int write_names(store *st, const kpi_list *kpis,
                       const series_list *series)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(st->db,
                                "INSERT OR IGNORE INTO kpis VALUES(?,?,?,?)",
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
    rc = sqlite3_prepare_v2(st->db,
                            "INSERT OR IGNORE INTO series VALUES(?,?,?)", -1,
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

/* The key of an identity: the hash of its text's hash, seed and version
 * (16 hex digits), with ".n" for the n-th namesake. */
static void identity_key(const char *text, uint64_t seed, const char *version,
                         int n, char *key)
{
    char hash[17], head[80], hex[17];
    store_hash(text, hash);
    snprintf(head, sizeof head, "%s/%llu/", hash, (unsigned long long)seed);
    size_t len = strlen(head) + strlen(version) + 1;
    char *keytext = malloc(len);
    if (keytext)
        snprintf(keytext, len, "%s%s", head, version);
    store_hash(keytext ? keytext : head, hex);
    free(keytext);
    if (n)
        snprintf(key, STORE_KEY_MAX, "%s.%d", hex, n);
    else
        snprintf(key, STORE_KEY_MAX, "%s", hex);
}

int store_find_experiment(sqlite3 *db, const char *text, uint64_t seed,
                          const char *version, sqlite3_int64 *id, char *key)
{
    sqlite3_stmt *q;
    *id = 0;
    if (sqlite3_prepare_v2(db, "SELECT id, scenario_text, seed,"
                               " flowsim_version FROM main.experiments"
                               " WHERE key = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    size_t len = strlen(text);
    int rc = 0;
    for (int n = 0; n <= STORE_MAX_NAMESAKES; n++) {
        identity_key(text, seed, version, n, key);
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        int step = sqlite3_step(q);
        if (step == SQLITE_DONE) {
            sqlite3_finalize(q);
            return 0; /* a free key */
        }
        if (step != SQLITE_ROW) {
            rc = -1;
            break;
        }
        const void *t = sqlite3_column_blob(q, 1);
        const unsigned char *v = sqlite3_column_text(q, 3);
        if ((size_t)sqlite3_column_bytes(q, 1) == len &&
            (len == 0 || (t && !memcmp(t, text, len))) &&
            (uint64_t)sqlite3_column_int64(q, 2) == seed && v &&
            !strcmp((const char *)v, version)) {
            *id = sqlite3_column_int64(q, 0);
            sqlite3_finalize(q);
            return 0;
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    if (!rc)
        snprintf(key, STORE_KEY_MAX, "too many namesakes");
    return -1;
}

/* Adds the experiment of sc under key; its id in st->exp. */
static int add_experiment(store *st, const scenario *sc, const char *canonical,
                          const char *key)
{
    char hash[17], now[32];
    sqlite3_stmt *q;
    store_hash(canonical, hash);
    utc_now(now, sizeof now);
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO experiments(key, scenario_name,"
                           " scenario_hash, scenario_text,"
                           " flowsim_version, seed, horizon_days,"
                           " warmup_days, created)"
                           " VALUES(?,?,?,?,?,?,?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
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
    return ok ? 0 : -1;
}

int store_begin(store *st, const scenario *sc, const char *canonical,
                const kpi_list *kpis, const series_list *series, char *err,
                size_t errlen)
{
    char key[STORE_KEY_MAX];
    sqlite3_int64 id;
    st->series = series;
    /* One transaction from the look-up to the insert: of processes that
     * begin the same experiment at once, the first adds it and the others
     * find it. */
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
        SQLITE_OK)
        return fail(st, err, errlen, "writing the store");
    int rc = store_find_experiment(st->db, canonical, sc->seed,
                                   FLOWSIM_VERSION, &id, key);
    if (rc && !strcmp(key, "too many namesakes")) {
        snprintf(st->err, sizeof st->err, "the store holds more than %d "
                 "other experiments under this experiment's key",
                 STORE_MAX_NAMESAKES);
        snprintf(err, errlen, "%s", st->err);
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    if (!rc && id)
        st->exp = id;
    else if (!rc)
        rc = add_experiment(st, sc, canonical, key);
    if (rc || write_names(st, kpis, series) != SQLITE_OK ||
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fail(st, err, errlen, "writing the store");
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
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
