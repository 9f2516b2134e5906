/* storefile.c -- the results store's file (store.h): which paths may be a
 * store, recognising a flowsim store (and its schema version) before
 * anything is written, creating a new one race-free, and opening one for
 * reading, also on a read-only file system. */
/* realpath (POSIX XSI) */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "store.h"
#include "store_int.h"

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
    STORE_LEVERS_SCHEMA
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

/* The names of the tables and views above, for recognising a store that a
 * killed flowsim had begun to create. */
#define OWN_NAMES                                                          \
    "('meta','experiments','kpis','series','replications',"                \
    "'replication_kpis','daily','studies','study_experiments',"            \
    "'kpi_values','daily_values')"

enum { FILE_EMPTY, FILE_STORE };

/* The folder part of path ("." when it has none), malloc'd. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

int store_check_path(const char *path, const char *keep_none, char *err,
                     size_t errlen)
{
    if (!path[0] || !strcmp(path, ":memory:")) {
        snprintf(err, errlen, "'%s' is not a file: a results store keeps "
                              "its replications in a file%s%s", path,
                 keep_none ? "; to keep none, " : "",
                 keep_none ? keep_none : "");
        return STORE_BAD_PATH;
    }
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISREG(sb.st_mode))
            return 0;
        snprintf(err, errlen, "%s: not a regular file: a results store is "
                              "a file (or a new file in an existing folder)",
                 path);
        return STORE_BAD_PATH;
    }
    if (errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return STORE_FAILED;
    }
    if (lstat(path, &sb) == 0) {
        if (S_ISREG(sb.st_mode))  /* made by another process since stat */
            return 0;
        snprintf(err, errlen, "%s: a symbolic link to nothing: a results "
                              "store is a file (or a new file in an "
                              "existing folder)", path);
        return STORE_BAD_PATH;
    }
    char *dir = folder_of(path);
    int rc = 0;
    if (!dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: no folder %s for a new results store",
                 path, dir ? dir : "");
        rc = STORE_FAILED;
    }
    free(dir);
    return rc;
}

/* path resolved without its last part having to exist; NULL when its
 * folder does not exist. */
static char *resolved(const char *path)
{
    char *dir = folder_of(path), *real = dir ? realpath(dir, NULL) : NULL;
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    char *full = real ? malloc(strlen(real) + strlen(base) + 2) : NULL;
    if (full)
        sprintf(full, "%s/%s", real, base);
    free(dir);
    free(real);
    return full;
}

/* Whether a and b name the same file: by device and inode when both
 * exist, else by their resolved paths. */
static int same_path(const char *a, const char *b)
{
    struct stat sa, sb;
    int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
    if (ha && hb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ha || hb)
        return 0;
    char *ra = resolved(a), *rb = resolved(b);
    int same = ra && rb ? !strcmp(ra, rb) : !strcmp(a, b);
    free(ra);
    free(rb);
    return same;
}

int store_same_file(const char *store_path, const char *path)
{
    static const char *const companion[] = {"", "-wal", "-shm", "-journal"};
    size_t n = strlen(store_path) + 16;
    char *name = malloc(n);
    int same = 0;
    for (size_t i = 0; name && !same && i < 4; i++) {
        snprintf(name, n, "%s%s", store_path, companion[i]);
        same = same_path(name, path);
    }
    free(name);
    return same || !strcmp(store_path, path);
}

/* The name to give SQLite for a plain path: one starting "file:" would be
 * read as a URI, so it gets "./" in front.  malloc'd. */
static char *sqlite_name(const char *path)
{
    int uri = !strncmp(path, "file:", 5);
    char *s = malloc(strlen(path) + 3);
    if (s)
        sprintf(s, "%s%s", uri ? "./" : "", path);
    return s;
}

/* An SQLite URI for the existing file path with the query (e.g.
 * "mode=ro"): its resolved path, every byte but [A-Za-z0-9/._~-]
 * percent-encoded.  malloc'd, or NULL. */
static char *uri_of(const char *path, const char *query)
{
    char *real = realpath(path, NULL);
    if (!real)
        return NULL;
    size_t n = strlen(real);
    char *u = malloc(3 * n + strlen(query) + 8), *w = u;
    if (u) {
        w += sprintf(w, "file:");
        for (const unsigned char *p = (const unsigned char *)real; *p; p++)
            if (isalnum(*p) || strchr("/._~-", *p))
                *w++ = (char)*p;
            else
                w += sprintf(w, "%%%02X", *p);
        sprintf(w, "?%s", query);
    }
    free(real);
    return u;
}

/* 0 when path (if it exists) and its folder can be written, else -1 with
 * the reason (a read-only file system, a permission) in why. */
static int writable(const char *path, char *why, size_t n)
{
    char *dir = folder_of(path);
    int rc = 0;
    if (!dir || access(dir, W_OK) != 0 ||
        (access(path, F_OK) == 0 && access(path, W_OK) != 0)) {
        snprintf(why, n, "%s", dir ? strerror(errno) : "out of memory");
        rc = -1;
    }
    free(dir);
    return rc;
}

/* The integer of a one-value query, or 0 (with *ok 0 on an error). */
static long long scalar(sqlite3 *db, const char *sql, int *ok)
{
    sqlite3_stmt *q;
    long long v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        *ok = 0;
        return 0;
    }
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    else if (rc != SQLITE_DONE)
        *ok = 0;
    sqlite3_finalize(q);
    return v;
}

/* The rows of one of flowsim's tables (a constant name), or -1 when the
 * file has no such table. */
static long long table_rows(sqlite3 *db, const char *table, int *ok)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master"
                              " WHERE type = 'table' AND name = '%s'", table);
    if (scalar(db, sql, ok) == 0)
        return -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    return scalar(db, sql, ok);
}

/* Text from the store for a message: printable ASCII, at most 40 bytes. */
static void shown(const unsigned char *t, char *out, size_t n)
{
    size_t i = 0;
    for (; t && t[i] && i + 4 < n && i < 40; i++)
        out[i] = t[i] >= 0x20 && t[i] < 0x7f ? (char)t[i] : '?';
    out[i] = 0;
}

/* The store's schema version from meta, parsed strictly (digits only).
 * Returns 0 with *v, or a status with the message. */
static int schema_version(sqlite3 *db, const char *path, long *v,
                          char *err, size_t errlen)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT CAST(value AS TEXT) FROM meta"
                               " WHERE key = 'schema'",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        return rc == SQLITE_DONE ? 1 : -1; /* 1: no version */
    }
    const unsigned char *t = sqlite3_column_text(q, 0);
    size_t len = t ? strlen((const char *)t) : 0, i = 0;
    while (i < len && i < 9 && isdigit(t[i]))
        i++;
    if (len == 0 || i != len) {
        char s[48];
        shown(t, s, sizeof s);
        snprintf(err, errlen, "%s: the store's schema version '%s' is not a "
                              "whole number: not a results store this "
                              "flowsim can use (it writes version %d)",
                 path, s, STORE_SCHEMA_VERSION);
        sqlite3_finalize(q);
        return STORE_FAILED;
    }
    *v = strtol((const char *)t, NULL, 10);
    sqlite3_finalize(q);
    return 0;
}

/* The message and status of a failed read of the store. */
static int read_failed(sqlite3 *db, const char *path, char *err,
                       size_t errlen)
{
    if (sqlite3_errcode(db) == SQLITE_NOTADB)
        snprintf(err, errlen, "%s: not a flowsim results store (not an "
                              "SQLite database)", path);
    else
        snprintf(err, errlen, "%s: cannot read the store: %s", path,
                 sqlite3_errmsg(db));
    return STORE_FAILED;
}

/* Recognises the file by reading only: FILE_EMPTY (no tables: a new file,
 * or one whose creation a killed flowsim had begun: only flowsim's names,
 * no version, no experiment), FILE_STORE (a flowsim store of this schema
 * version; *stamped when it has flowsim's application_id), or a refusal.
 * Returns 0 with *kind, or a status with the message. */
static int recognise(sqlite3 *db, const char *path, int *kind, int *stamped,
                     char *err, size_t errlen)
{
    int ok = 1;
    long long app = scalar(db, "PRAGMA application_id", &ok);
    long long objects = scalar(db, "SELECT count(*) FROM sqlite_master"
                                   " WHERE name NOT LIKE 'sqlite\\_%'"
                                   " ESCAPE '\\'", &ok);
    long long foreign = scalar(db, "SELECT count(*) FROM sqlite_master"
                                   " WHERE name NOT LIKE 'sqlite\\_%'"
                                   " ESCAPE '\\' AND name NOT IN " OWN_NAMES,
                               &ok);
    if (!ok)
        return read_failed(db, path, err, errlen);
    if (app != 0 && app != STORE_APPLICATION_ID) {
        snprintf(err, errlen, "%s: not a flowsim results store: the SQLite "
                              "database of another application "
                              "(application_id 0x%08llx); nothing was "
                              "written to it",
                 path, (unsigned long long)(app & 0xffffffffLL));
        return STORE_FAILED;
    }
    *stamped = app == STORE_APPLICATION_ID;
    *kind = FILE_EMPTY;
    if (objects == 0)
        return 0;
    long v = 0;
    int rc = table_rows(db, "meta", &ok) >= 0
                 ? schema_version(db, path, &v, err, errlen)
                 : 1;
    if (rc < 0 || !ok)
        return read_failed(db, path, err, errlen);
    if (rc == 1) {
        /* No version: a store a killed flowsim had begun (only its names,
         * nothing in them) is finished; anything else is another's. */
        if (foreign == 0 && table_rows(db, "meta", &ok) <= 0 &&
            table_rows(db, "experiments", &ok) <= 0 &&
            table_rows(db, "studies", &ok) <= 0 && ok)
            return 0;
        if (!ok)
            return read_failed(db, path, err, errlen);
        snprintf(err, errlen, "%s: not a flowsim results store: an SQLite "
                              "database with tables of its own and no "
                              "flowsim schema version; nothing was written "
                              "to it (give --store a new file)", path);
        return STORE_FAILED;
    }
    if (rc)
        return rc;
    if (v != STORE_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: the store has schema version %ld; this "
                              "flowsim reads and writes version %d only",
                 path, v, STORE_SCHEMA_VERSION);
        return STORE_FAILED;
    }
    *kind = FILE_STORE;
    return 0;
}

/* recognise in one read transaction: one consistent view of a file that
 * another process may be making a store at that moment.  On a failure
 * the transaction is left to sqlite3_close (the caller's next step), so
 * that sqlite3_errcode still tells why. */
static int look(sqlite3 *db, const char *path, int *kind, int *stamped,
                char *err, size_t errlen)
{
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return read_failed(db, path, err, errlen);
    int rc = recognise(db, path, kind, stamped, err, errlen);
    if (!rc)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

/* Switches the store to write-ahead logging (readers and one writer at
 * once), waiting like the busy timeout for other processes' locks. */
static int use_wal(sqlite3 *db)
{
    for (int waited = 0;; waited += 10) {
        int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL,
                              NULL);
        if (rc == SQLITE_OK)
            return 0;
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
            waited >= STORE_BUSY_TIMEOUT_MS)
            return -1;
        sqlite3_sleep(10);
    }
}

/* Makes the recognised file a store of this version, in one transaction
 * that holds the write lock from the check to the commit: of several
 * processes opening a new file at once, one creates the schema and the
 * others find it made.  An old store gets the application_id.  Returns
 * 0 or a status with the message. */
static int make_store(sqlite3 *db, const char *path, char *err,
                      size_t errlen)
{
    char sql[160];
    int kind, stamped;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return read_failed(db, path, err, errlen);
    int rc = recognise(db, path, &kind, &stamped, err, errlen);
    snprintf(sql, sizeof sql,
             "PRAGMA application_id = %d;"
             "INSERT OR IGNORE INTO meta VALUES('schema', '%d');",
             STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
    if (!rc && (kind == FILE_EMPTY || !stamped) &&
        ((kind == FILE_EMPTY &&
          sqlite3_exec(db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) ||
         sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)) {
        snprintf(err, errlen, "%s: writing the store: %s", path,
                 sqlite3_errmsg(db));
        rc = STORE_FAILED;
    }
    if (!rc && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: writing the store: %s", path,
                 sqlite3_errmsg(db));
        rc = STORE_FAILED;
    }
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Opens the file at path (NULL: in memory) to read and write it.
 * Returns 0, or STORE_FAILED with the message (for a read-only file or
 * folder, the reason). */
static int open_rw(const char *path, sqlite3 **db, char *err, size_t errlen)
{
    char why[128] = "";
    int ro = path && writable(path, why, sizeof why) != 0;
    char *name = path ? sqlite_name(path) : strdup(":memory:");
    int rc = 0;
    if (!ro && (!name || sqlite3_open_v2(name, db,
                                         SQLITE_OPEN_READWRITE |
                                             SQLITE_OPEN_CREATE |
                                             SQLITE_OPEN_FULLMUTEX |
                                             SQLITE_OPEN_URI,
                                         NULL) != SQLITE_OK)) {
        snprintf(err, errlen, "%s: cannot open the store: %s",
                 path ? path : "(in memory)",
                 *db ? sqlite3_errmsg(*db) : "out of memory");
        rc = STORE_FAILED;
    } else if (ro || (path && sqlite3_db_readonly(*db, "main") == 1)) {
        snprintf(err, errlen, "%s: the store cannot be written (%s): "
                              "flowsim writes every replication to it as "
                              "it finishes, with %s-wal and %s-shm beside "
                              "it; give --store a writable place, or use "
                              "--no-store",
                 path, why[0] ? why : "opened read-only", path, path);
        rc = STORE_FAILED;
    } else {
        sqlite3_busy_timeout(*db, STORE_BUSY_TIMEOUT_MS);
    }
    free(name);
    return rc;
}

sqlite3 *store_file_open(const char *path, int *status, char *err,
                         size_t errlen)
{
    sqlite3 *db = NULL;
    int kind = FILE_EMPTY, stamped = 0;
    const char *shown_path = path ? path : "(in memory)";
    *status =
        path ? store_check_path(path, "use --no-store", err, errlen) : 0;
    if (!*status)
        *status = open_rw(path, &db, err, errlen);
    /* First a look that writes nothing: a refused file stays as it was. */
    if (!*status)
        *status = look(db, shown_path, &kind, &stamped, err, errlen);
    if (!*status && (kind == FILE_EMPTY || !stamped))
        *status = make_store(db, shown_path, err, errlen);
    if (!*status && (use_wal(db) != 0 ||
                     sqlite3_exec(db, "PRAGMA synchronous=NORMAL;"
                                      "PRAGMA foreign_keys=ON;",
                                  NULL, NULL, NULL) != SQLITE_OK)) {
        snprintf(err, errlen, "%s: %s", shown_path, sqlite3_errmsg(db));
        *status = STORE_FAILED;
    }
    if (*status) {
        sqlite3_close(db);
        db = NULL;
    }
    return db;
}

/* Opens uri read-only and recognises it.  Returns 0 or a status. */
static int open_read(const char *uri, const char *path, sqlite3 **db,
                     char *err, size_t errlen)
{
    int kind, stamped;
    if (sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                        NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open the store: %s", path,
                 *db ? sqlite3_errmsg(*db) : "out of memory");
        return STORE_FAILED;
    }
    sqlite3_busy_timeout(*db, STORE_BUSY_TIMEOUT_MS);
    int rc = look(*db, path, &kind, &stamped, err, errlen);
    if (!rc && kind == FILE_EMPTY) {
        snprintf(err, errlen, "%s: not a flowsim results store (an empty "
                              "database)", path);
        rc = STORE_FAILED;
    }
    return rc;
}

sqlite3 *store_open_read(const char *path, char **uri_out, char *err,
                         size_t errlen)
{
    struct stat sb;
    int st, *status = &st;
    sqlite3 *db = NULL;
    char *uri = NULL, why[128];
    if (uri_out)
        *uri_out = NULL;
    if (!path[0] || !strcmp(path, ":memory:") || stat(path, &sb) != 0) {
        snprintf(err, errlen, "%s: no such store", path);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file, not a results store",
                 path);
        return NULL;
    }
    uri = uri_of(path, "mode=ro");
    *status = uri ? open_read(uri, path, &db, err, errlen) : STORE_FAILED;
    if (!uri)
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    /* A store on a read-only file system: SQLite cannot make the -shm file
     * that reading a write-ahead log needs.  Without a log to read, the
     * file alone is the whole store: read it as immutable. */
    if (*status == STORE_FAILED && db &&
        sqlite3_errcode(db) == SQLITE_CANTOPEN &&
        writable(path, why, sizeof why) != 0) {
        char wal[4096];
        snprintf(wal, sizeof wal, "%s-wal", path);
        if (stat(wal, &sb) == 0 && sb.st_size > 0) {
            snprintf(err, errlen, "%s: the store's folder cannot be written "
                                  "(%s) and its write-ahead log %s holds "
                                  "changes that SQLite can read only by "
                                  "writing %s-shm: copy the store with its "
                                  "-wal file to a writable folder and read "
                                  "the copy", path, why, wal, path);
        } else {
            sqlite3_close(db);
            db = NULL;
            free(uri);
            uri = uri_of(path, "immutable=1");
            *status = uri ? open_read(uri, path, &db, err, errlen)
                          : STORE_FAILED;
        }
    }
    if (*status) {
        sqlite3_close(db);
        db = NULL;
    } else if (uri_out) {
        *uri_out = uri;
        uri = NULL;
    }
    free(uri);
    return db;
}
