/* storemerge.c -- results stores combined into one (storemerge.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "runner.h"
#include "store.h"
#include "storemerge.h"
#include "text.h"

#include "storeset.h"

/* Column i of q's row as a new string ("" for NULL). */
static char *col_dup(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return strdup(t ? (const char *)t : "");
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* One int64 from a query with one optional text parameter; -1 on error. */
static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* The members of a study as one text, with OUT's experiment ids. */
static const char MEMBERS_SRC[] =
    "SELECT group_concat(sig, char(10)) FROM (SELECT se.position || '|' ||"
    " m.dst_id || '|' || se.label || '|' || se.params AS sig"
    " FROM src.study_experiments se JOIN temp.merge_map m"
    " ON m.src_id = se.experiment_id WHERE se.study_id = ?"
    " ORDER BY se.position)";
static const char MEMBERS_OUT[] =
    "SELECT group_concat(sig, char(10)) FROM (SELECT position || '|' ||"
    " experiment_id || '|' || label || '|' || params AS sig"
    " FROM main.study_experiments WHERE study_id = ? ORDER BY position)";

static char *members(sqlite3 *db, const char *sql, long long study)
{
    sqlite3_stmt *q;
    char *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(q, 1, study);
    if (sqlite3_step(q) == SQLITE_ROW)
        s = col_dup(q, 0);
    sqlite3_finalize(q);
    return s;
}

/* The savings by lever of src's study `from` (store.h:
 * STORE_LEVERS_SCHEMA) as OUT's study `to`, when src has them (a store
 * made before them has not; OUT gets the tables if it lacks them), rows
 * OUT has already kept.  0, or -1. */
static int copy_levers(sqlite3 *db, long long to, long long from)
{
    if (scalar(db, "SELECT count(*) FROM src.sqlite_master WHERE name ="
                   " 'study_lever_method'") != 1 ||
        scalar(db, "SELECT count(*) FROM src.sqlite_master WHERE name ="
                   " 'study_levers'") != 1)
        return 0;
    static const char *const copy[] = {
        "INSERT OR IGNORE INTO main.study_lever_method SELECT ?, method,"
        " levers, subsets, orders FROM src.study_lever_method"
        " WHERE study_id = ?",
        "INSERT OR IGNORE INTO main.study_levers SELECT ?, row, line,"
        " measure, year, mean, lo, hi, mc_se FROM src.study_levers"
        " WHERE study_id = ?"};
    if (exec(db, STORE_LEVERS_SCHEMA) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db, copy[i], -1, &q, NULL) != SQLITE_OK)
            return -1;
        sqlite3_bind_int64(q, 1, to);
        sqlite3_bind_int64(q, 2, from);
        int rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(q);
        if (rc)
            return -1;
    }
    return 0;
}

/* Copies the studies of src that OUT does not have yet, with their
 * savings by lever. */
static int copy_studies(sqlite3 *db)
{
    sqlite3_stmt *q, *same, *ins, *mem;
    if (sqlite3_prepare_v2(db, "SELECT id, kind, name, replications, seed,"
                               " created FROM src.studies ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT id FROM main.studies WHERE kind = ?"
                               " AND name = ? AND replications IS ?"
                               " AND seed IS ?",
                           -1, &same, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return -1;
    }
    if (sqlite3_prepare_v2(db, "INSERT INTO main.studies(kind, name,"
                               " replications, seed, created)"
                               " VALUES(?,?,?,?,?)",
                           -1, &ins, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        sqlite3_finalize(same);
        return -1;
    }
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO main.study_experiments"
                               " SELECT ?, se.position, m.dst_id, se.label,"
                               " se.params FROM src.study_experiments se"
                               " JOIN temp.merge_map m"
                               " ON m.src_id = se.experiment_id"
                               " WHERE se.study_id = ?",
                           -1, &mem, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        sqlite3_finalize(same);
        sqlite3_finalize(ins);
        return -1;
    }
    int rc = 0, step;
    while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        char *sig = members(db, MEMBERS_SRC, id);
        int dup = 0;
        long long dup_id = -1;
        for (int i = 1; i <= 4; i++)
            sqlite3_bind_value(same, i, sqlite3_column_value(q, i));
        while (!dup && sqlite3_step(same) == SQLITE_ROW) {
            dup_id = sqlite3_column_int64(same, 0);
            char *o = members(db, MEMBERS_OUT, dup_id);
            dup = o && sig && !strcmp(o, sig);
            free(o);
        }
        sqlite3_reset(same);
        free(sig);
        if (dup) {  /* the same study: its savings by lever, if OUT's lacks */
            rc = copy_levers(db, dup_id, id);
            continue;
        }
        for (int i = 1; i <= 5; i++)
            sqlite3_bind_value(ins, i, sqlite3_column_value(q, i));
        rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(ins);
        if (rc)
            break;
        long long to = sqlite3_last_insert_rowid(db);
        sqlite3_bind_int64(mem, 1, to);
        sqlite3_bind_int64(mem, 2, id);
        rc = sqlite3_step(mem) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(mem);
        if (!rc)
            rc = copy_levers(db, to, id);
    }
    if (!rc && step != SQLITE_DONE)
        rc = -1;
    sqlite3_finalize(q);
    sqlite3_finalize(same);
    sqlite3_finalize(ins);
    sqlite3_finalize(mem);
    return rc;
}

/* Maps each experiment of src to OUT's of the same identity (scenario
 * text, seed and flowsim version, compared in full: never on the key, a
 * hash), adding those OUT lacks under OUT's key for them (store.h). */
static int map_experiments(sqlite3 *db)
{
    sqlite3_stmt *q = NULL, *ins = NULL, *map = NULL;
    if (exec(db, "DROP TABLE IF EXISTS temp.merge_map") ||
        exec(db, "CREATE TEMP TABLE merge_map(src_id INTEGER PRIMARY KEY,"
                 " dst_id INTEGER NOT NULL)") ||
        sqlite3_prepare_v2(db, "SELECT id, scenario_text, seed,"
                               " flowsim_version FROM src.experiments"
                               " ORDER BY id", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO main.experiments(key,"
                               " scenario_name, scenario_hash, scenario_text,"
                               " flowsim_version, seed, horizon_days,"
                               " warmup_days, created) SELECT ?,"
                               " scenario_name, scenario_hash, scenario_text,"
                               " flowsim_version, seed, horizon_days,"
                               " warmup_days, created FROM src.experiments"
                               " WHERE id = ?", -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO temp.merge_map VALUES(?,?)", -1,
                           &map, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        sqlite3_finalize(ins);
        return -1;
    }
    int rc = 0, step;
    while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(q, 1),
                            *version = sqlite3_column_text(q, 3);
        char key[STORE_KEY_MAX];
        sqlite3_int64 id;
        rc = store_find_experiment(db, text ? (const char *)text : "",
                                   (uint64_t)sqlite3_column_int64(q, 2),
                                   version ? (const char *)version : "", &id,
                                   key);
        if (!rc && !id) {
            sqlite3_bind_text(ins, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ins, 2, sqlite3_column_int64(q, 0));
            rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(ins);
            id = sqlite3_last_insert_rowid(db);
        }
        if (!rc) {
            sqlite3_bind_int64(map, 1, sqlite3_column_int64(q, 0));
            sqlite3_bind_int64(map, 2, id);
            rc = sqlite3_step(map) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(map);
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = -1;
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    sqlite3_finalize(map);
    return rc;
}

/* Copies one attached store (schema "src") into main. */
static int copy_one(sqlite3 *db, long *new_reps, char *why, size_t whylen)
{
    static const char *const steps[] = {
        "INSERT OR IGNORE INTO main.kpis SELECT m.dst_id, k.idx, k.name,"
        " k.unit FROM src.kpis k JOIN temp.merge_map m"
        " ON m.src_id = k.experiment_id",
        "INSERT OR IGNORE INTO main.series SELECT m.dst_id, k.idx, k.name"
        " FROM src.series k JOIN temp.merge_map m"
        " ON m.src_id = k.experiment_id",
    };
    if (map_experiments(db))
        return -1;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (exec(db, steps[i]))
            return -1;
    /* The same experiment must name its KPIs and series alike. */
    if (scalar(db, "SELECT count(*) FROM src.kpis k JOIN temp.merge_map m"
                   " ON m.src_id = k.experiment_id JOIN main.kpis o"
                   " ON o.experiment_id = m.dst_id AND o.idx = k.idx"
                   " WHERE o.name != k.name OR o.unit != k.unit") != 0 ||
        scalar(db, "SELECT count(*) FROM src.series k JOIN temp.merge_map m"
                   " ON m.src_id = k.experiment_id JOIN main.series o"
                   " ON o.experiment_id = m.dst_id AND o.idx = k.idx"
                   " WHERE o.name != k.name") != 0) {
        snprintf(why, whylen, "an experiment has other KPIs or series than "
                              "in the stores before it");
        return -2;
    }
    if (exec(db, "INSERT OR IGNORE INTO main.replications SELECT m.dst_id,"
                 " r.replication, r.events, r.peak_patients"
                 " FROM src.replications r JOIN temp.merge_map m"
                 " ON m.src_id = r.experiment_id"))
        return -1;
    *new_reps += sqlite3_changes(db);
    if (exec(db, "INSERT OR IGNORE INTO main.replication_kpis"
                 " SELECT m.dst_id, k.replication, k.idx, k.value"
                 " FROM src.replication_kpis k JOIN temp.merge_map m"
                 " ON m.src_id = k.experiment_id") ||
        exec(db, "INSERT OR IGNORE INTO main.daily SELECT m.dst_id,"
                 " d.replication, d.day, d.idx, d.value FROM src.daily d"
                 " JOIN temp.merge_map m ON m.src_id = d.experiment_id") ||
        copy_studies(db) || exec(db, "DROP TABLE temp.merge_map"))
        return -1;
    return 0;
}

/* Checks every input and OUT before anything is written: each input a
 * store of this version, all of the same experiments, OUT (when it holds
 * any) too.  uris[i] receives input i's URI.  Returns 0 or an exit status
 * with err. */
static int store_merge_check(const char *out, const char *const *in, size_t n,
                       char **uris, char *err, size_t errlen)
{
    exp_set first = {0}, other = {0};
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (store_same_file(in[i], out) || store_same_file(out, in[i])) {
            snprintf(err, errlen, "%s is both the output and an input",
                     in[i]);
            rc = EXIT_BAD_INPUT;
        } else if (i == 0) {
            rc = storeset_read(in[i], 1, &first, &uris[i], err, errlen);
        } else if (!(rc = storeset_read(in[i], 1, &other, &uris[i], err,
                                   errlen))) {
            rc = storeset_same(in[0], &first, in[i], &other, err, errlen);
            storeset_free(&other);
        }
    }
    struct stat sb; /* an empty OUT is as good as none */
    if (!rc && stat(out, &sb) == 0 && sb.st_size > 0 &&
        !(rc = storeset_read(out, 0, &other, NULL, err, errlen)) && other.n > 0)
        rc = storeset_same(in[0], &first, out, &other, err, errlen);
    storeset_free(&other);
    storeset_free(&first);
    return rc;
}

/* Merges input i (its URI) into the store open on db, in one transaction.
 * Returns 0 or an exit status with err. */
static int store_merge_one(sqlite3 *db, const char *out, const char *in,
                     const char *uri, long *added, char *err, size_t errlen)
{
    sqlite3_stmt *q;
    char why[256] = "";
    int rc = 0, ok = sqlite3_prepare_v2(db, "ATTACH DATABASE ? AS src", -1,
                                        &q, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(q, 1, uri, -1, SQLITE_STATIC);
        ok = sqlite3_step(q) == SQLITE_DONE;
    }
    sqlite3_finalize(q);
    if (!ok) {
        snprintf(err, errlen, "%s: cannot read it: %s", in,
                 sqlite3_errmsg(db));
        return EXIT_BAD_INPUT;
    }
    if (exec(db, "BEGIN IMMEDIATE")) {
        rc = -1;
    } else {
        rc = copy_one(db, added, why, sizeof why);
        if (!rc && exec(db, "COMMIT"))
            rc = -1;
        if (rc)
            exec(db, "ROLLBACK");
    }
    if (rc == -2) {
        snprintf(err, errlen, "%s: %s; nothing of it was merged", in, why);
        rc = EXIT_BAD_INPUT;
    } else if (rc) {
        snprintf(err, errlen, "%s: writing the store: %s", out,
                 sqlite3_errmsg(db));
        rc = EXIT_IO;
    }
    exec(db, "DETACH DATABASE src");
    return rc;
}

/* A new, empty file beside out for building it (malloc'd name), or NULL
 * with err. */
static char *store_merge_temp(const char *out, char *err, size_t errlen)
{
    size_t len = strlen(out) + 48;
    char *tmp = malloc(len);
    for (int k = 0; tmp && k < 100; k++) {
        snprintf(tmp, len, "%s.merge-%ld-%d", out, (long)getpid(), k);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            close(fd);
            return tmp;
        }
        if (errno != EEXIST)
            break;
    }
    snprintf(err, errlen, "%s: cannot create a file beside it: %s", out,
             tmp ? strerror(errno) : "out of memory");
    free(tmp);
    return NULL;
}

/* Removes the file path and its SQLite companions. */
static void remove_store(const char *path)
{
    static const char *const companion[] = {"", "-wal", "-shm", "-journal"};
    size_t len = strlen(path) + 16;
    char *name = malloc(len);
    for (size_t i = 0; name && i < 4; i++) {
        snprintf(name, len, "%s%s", path, companion[i]);
        unlink(name);
    }
    free(name);
}

/* Puts the finished file tmp in place as out: a new out by a link (so an
 * out made meanwhile by another process is not replaced), an empty one by
 * a rename; then syncs the folder.  Returns 0 or EXIT_IO with err. */
static int store_merge_place(const char *tmp, const char *out, int empty_out,
                       char *err, size_t errlen)
{
    int rc = empty_out ? rename(tmp, out) : link(tmp, out);
    if (rc != 0 && !empty_out && errno != EEXIST)
        rc = rename(tmp, out); /* a file system without hard links */
    else if (rc == 0 && !empty_out)
        unlink(tmp);
    if (rc != 0) {
        snprintf(err, errlen, "%s: %s", out,
                 errno == EEXIST ? "made by another process during the "
                                   "merge; it was left as it is: merge "
                                   "again"
                                 : strerror(errno));
        return EXIT_IO;
    }
    char *dir = strdup(out), *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *(slash == dir ? slash + 1 : slash) = 0;
    int fd = dir ? open(slash ? dir : ".", O_RDONLY | O_DIRECTORY) : -1;
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
    return 0;
}

/* Whether out is absent or an empty file (then built beside it and put in
 * place at the end); -1 with err when a log of a deleted store is left
 * there (SQLite would replay it into the new file). */
static int store_merge_fresh(const char *out, int *empty_out, char *err,
                       size_t errlen)
{
    struct stat sb;
    *empty_out = stat(out, &sb) == 0;
    if (*empty_out && sb.st_size > 0)
        return 0;
    static const char *const logs[] = {"-wal", "-journal"};
    for (size_t i = 0; i < 2; i++) {
        char name[4096];
        snprintf(name, sizeof name, "%s%s", out, logs[i]);
        if (stat(name, &sb) == 0 && sb.st_size > 0) {
            snprintf(err, errlen, "%s: %s is left from a deleted store: "
                                  "remove it first (or merge into another "
                                  "file)", out, name);
            return -1;
        }
    }
    return 1;
}

int store_merge(const char *out, const char *const *in, size_t n,
                 long *new_reps, char *err, size_t errlen)
{
    long added = 0;
    if (new_reps)
        *new_reps = 0;
    char **uris = calloc(n + 1, sizeof *uris);
    if (!uris) {
        snprintf(err, errlen, "out of memory");
        return EXIT_IO;
    }
    /* First every check, so that a refused merge writes nothing. */
    int empty_out = 0, fresh = 0;
    int rc = store_merge_check(out, in, n, uris, err, errlen);
    if (!rc && (rc = store_check_path(out, NULL, err, errlen)) == 0 &&
        (fresh = store_merge_fresh(out, &empty_out, err, errlen)) < 0)
        rc = EXIT_BAD_INPUT;
    /* A new OUT is built under another name and appears only whole: a
     * merge killed early leaves no OUT to block the next one. */
    char *tmp = !rc && fresh ? store_merge_temp(out, err, errlen) : NULL;
    if (!rc && fresh && !tmp)
        rc = EXIT_IO;
    int status = 0;
    store *st = rc ? NULL : store_open(tmp ? tmp : out, &status, err, errlen);
    if (!rc && !st)
        rc = status == STORE_BAD_PATH ? EXIT_BAD_INPUT : EXIT_IO;
    sqlite3 *db = st ? store_db(st) : NULL;
    for (size_t i = 0; i < n && !rc; i++)
        rc = store_merge_one(db, out, in[i], uris[i], &added, err, errlen);
    /* Without its log, the file alone is the store when renamed. */
    if (!rc && tmp && exec(db, "PRAGMA journal_mode=DELETE")) {
        snprintf(err, errlen, "%s: writing the store: %s", out,
                 sqlite3_errmsg(db));
        rc = EXIT_IO;
    }
    store_close(st);
    if (!rc && tmp)
        rc = store_merge_place(tmp, out, empty_out, err, errlen);
    if (tmp)
        remove_store(tmp);
    for (size_t i = 0; i < n; i++)
        free(uris[i]);
    free(uris);
    free(tmp);
    if (new_reps)
        *new_reps = rc ? 0 : added;
    return rc;
}

int store_merge_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs("usage: flowsim merge OUT.db IN.db...\n"
                  "copies the experiments, replications and studies of "
                  "the results stores IN.db\n(for example the shards of "
                  "one experiment, run with --shard K/N) into OUT.db\n"
                  "(created if missing).  The stores must hold the same "
                  "experiments (same\nscenarios, seed and flowsim "
                  "version).\n",
                  stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "flowsim merge: unknown option '%s'\n(see "
                            "flowsim merge --help)\n",
                    argv[i]);
            return EXIT_BAD_INPUT;
        }
    if (argc < 3) {
        fputs("flowsim merge: expected OUT.db and at least one IN.db\n(see "
              "flowsim merge --help)\n",
              stderr);
        return EXIT_BAD_INPUT;
    }
    char err[1024];
    long added = 0;
    int rc = store_merge(argv[1], (const char *const *)argv + 2,
                          (size_t)argc - 2, &added, err, sizeof err);
    if (rc) {
        text_term_line(stderr, "flowsim merge: %s", err);
        return rc;
    }
    fprintf(stderr, "flowsim merge: %d store%s merged into %s: %ld new "
                    "replications\n",
            argc - 2, argc == 3 ? "" : "s", argv[1], added);
    return 0;
}
