/* merge.c -- results stores combined into one (merge.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "merge.h"
#include "store.h"
#include "text.h"

#define EXIT_BAD_INPUT 2
#define EXIT_IO 4

/* An experiment of a store, for the check that the stores match. */
typedef struct exp_id {
    char *key, *name, *version, *hash;
    long long seed;
} exp_id;

typedef struct exp_set {
    exp_id *v;
    size_t n;
} exp_set;

static void set_free(exp_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].key);
        free(s->v[i].name);
        free(s->v[i].version);
        free(s->v[i].hash);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

static char *col_dup(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return strdup(t ? (const char *)t : "");
}

/* Reads the schema version and the experiments of the store at path
 * (opened read-only).  Returns 0, or an exit status with err. */
static int read_set(const char *path, int must_exist, exp_set *s, char *err,
                    size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    struct stat sb;
    memset(s, 0, sizeof *s);
    if (stat(path, &sb) != 0) {
        if (!must_exist)
            return 0;
        snprintf(err, errlen, "%s: no such store", path);
        return EXIT_BAD_INPUT;
    }
    int rc = EXIT_BAD_INPUT;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        goto bad;
    sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema'",
                           -1, &q, NULL) != SQLITE_OK)
        goto bad;
    if (sqlite3_step(q) != SQLITE_ROW)
        goto bad;
    if (sqlite3_column_int(q, 0) != STORE_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: the store has schema version %d; this "
                              "flowsim merges version %d only",
                 path, sqlite3_column_int(q, 0), STORE_SCHEMA_VERSION);
        goto out;
    }
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(db, "SELECT key, scenario_name, flowsim_version,"
                               " scenario_hash, seed FROM experiments"
                               " ORDER BY key",
                           -1, &q, NULL) != SQLITE_OK)
        goto bad;
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        exp_id *v = realloc(s->v, (s->n + 1) * sizeof *v);
        if (!v)
            goto bad;
        s->v = v;
        s->v[s->n++] = (exp_id){col_dup(q, 0), col_dup(q, 1), col_dup(q, 2),
                                col_dup(q, 3), sqlite3_column_int64(q, 4)};
    }
    if (step != SQLITE_DONE)
        goto bad;
    rc = 0;
    goto out;
bad:
    snprintf(err, errlen, "%s: not a flowsim results store (%s)", path,
             db ? sqlite3_errmsg(db) : "cannot open");
out:
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (rc)
        set_free(s);
    return rc;
}

static const exp_id *find(const exp_set *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].key, key))
            return &s->v[i];
    return NULL;
}

/* Refuses sets that differ, naming an experiment one has and not the
 * other.  Returns 0 or EXIT_BAD_INPUT. */
static int same_sets(const char *pa, const exp_set *a, const char *pb,
                     const exp_set *b, char *err, size_t errlen)
{
    for (int side = 0; side < 2; side++) {
        const exp_set *x = side ? b : a, *y = side ? a : b;
        const char *px = side ? pb : pa, *py = side ? pa : pb;
        for (size_t i = 0; i < x->n; i++) {
            if (find(y, x->v[i].key))
                continue;
            const exp_id *e = &x->v[i];
            /* The same scenario of another version or seed says more. */
            const exp_id *near = NULL;
            for (size_t j = 0; j < y->n && !near; j++)
                if (!strcmp(y->v[j].hash, e->hash))
                    near = &y->v[j];
            char why[256] = "";
            if (near && strcmp(near->version, e->version))
                snprintf(why, sizeof why, " (%s has it from flowsim %s)",
                         py, near->version);
            else if (near)
                snprintf(why, sizeof why, " (%s has it with seed %lld)", py,
                         near->seed);
            snprintf(err, errlen,
                     "%s holds experiment '%s' (scenario %s, seed %lld, "
                     "flowsim %s) that %s lacks%s: only stores of the same "
                     "experiments (the shards of one run, compare or sweep: "
                     "same scenarios, seed and flowsim version) can be "
                     "merged",
                     px, e->name, e->hash, e->seed, e->version, py, why);
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
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

/* Copies the studies of src that OUT does not have yet. */
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
        for (int i = 1; i <= 4; i++)
            sqlite3_bind_value(same, i, sqlite3_column_value(q, i));
        while (!dup && sqlite3_step(same) == SQLITE_ROW) {
            char *o = members(db, MEMBERS_OUT, sqlite3_column_int64(same, 0));
            dup = o && sig && !strcmp(o, sig);
            free(o);
        }
        sqlite3_reset(same);
        free(sig);
        if (dup)
            continue;
        for (int i = 1; i <= 5; i++)
            sqlite3_bind_value(ins, i, sqlite3_column_value(q, i));
        rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(ins);
        if (rc)
            break;
        sqlite3_bind_int64(mem, 1, sqlite3_last_insert_rowid(db));
        sqlite3_bind_int64(mem, 2, id);
        rc = sqlite3_step(mem) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(mem);
    }
    if (!rc && step != SQLITE_DONE)
        rc = -1;
    sqlite3_finalize(q);
    sqlite3_finalize(same);
    sqlite3_finalize(ins);
    sqlite3_finalize(mem);
    return rc;
}

/* Copies one attached store (schema "src") into main. */
static int copy_one(sqlite3 *db, long *new_reps, char *why, size_t whylen)
{
    static const char *const steps[] = {
        "INSERT INTO main.experiments(key, scenario_name, scenario_hash,"
        " scenario_text, flowsim_version, seed, horizon_days, warmup_days,"
        " created) SELECT key, scenario_name, scenario_hash, scenario_text,"
        " flowsim_version, seed, horizon_days, warmup_days, created"
        " FROM src.experiments WHERE key NOT IN"
        " (SELECT key FROM main.experiments) ORDER BY id",
        "DROP TABLE IF EXISTS temp.merge_map",
        "CREATE TEMP TABLE merge_map AS SELECT s.id AS src_id, m.id AS dst_id"
        " FROM src.experiments s JOIN main.experiments m ON m.key = s.key",
        "INSERT OR IGNORE INTO main.kpis SELECT m.dst_id, k.idx, k.name,"
        " k.unit FROM src.kpis k JOIN temp.merge_map m"
        " ON m.src_id = k.experiment_id",
        "INSERT OR IGNORE INTO main.series SELECT m.dst_id, k.idx, k.name"
        " FROM src.series k JOIN temp.merge_map m"
        " ON m.src_id = k.experiment_id",
    };
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

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int merge_stores(const char *out, const char *const *in, size_t n,
                 long *new_reps, char *err, size_t errlen)
{
    long added = 0;
    if (new_reps)
        *new_reps = 0;
    /* First every check, so that a refused merge writes nothing. */
    exp_set first = {0}, other = {0};
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (same_file(out, in[i]) || !strcmp(out, in[i])) {
            snprintf(err, errlen, "%s is both the output and an input",
                     in[i]);
            rc = EXIT_BAD_INPUT;
        } else if (i == 0) {
            rc = read_set(in[i], 1, &first, err, errlen);
        } else if (!(rc = read_set(in[i], 1, &other, err, errlen))) {
            rc = same_sets(in[0], &first, in[i], &other, err, errlen);
            set_free(&other);
        }
    }
    if (!rc && !(rc = read_set(out, 0, &other, err, errlen)) && other.n > 0)
        rc = same_sets(in[0], &first, out, &other, err, errlen);
    set_free(&other);
    set_free(&first);
    if (rc)
        return rc;
    /* store_open creates OUT with the schema (or checks its version). */
    store *st = store_open(out, err, errlen);
    if (!st)
        return EXIT_IO;
    store_close(st);
    sqlite3 *db = NULL;
    char why[256] = "";
    if (sqlite3_open_v2(out, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", out, sqlite3_errmsg(db));
        sqlite3_close(db);
        return EXIT_IO;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        sqlite3_stmt *q;
        int ok = sqlite3_prepare_v2(db, "ATTACH DATABASE ? AS src", -1, &q,
                                    NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(q, 1, in[i], -1, SQLITE_STATIC);
            ok = sqlite3_step(q) == SQLITE_DONE;
        }
        sqlite3_finalize(q);
        if (!ok) {
            snprintf(err, errlen, "%s: cannot read it: %s", in[i],
                     sqlite3_errmsg(db));
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (exec(db, "BEGIN IMMEDIATE")) {
            rc = -1;
        } else {
            rc = copy_one(db, &added, why, sizeof why);
            if (!rc && exec(db, "COMMIT"))
                rc = -1;
            if (rc)
                exec(db, "ROLLBACK");
        }
        if (rc == -2) {
            snprintf(err, errlen, "%s: %s; nothing of it was merged", in[i],
                     why);
            rc = EXIT_BAD_INPUT;
        } else if (rc) {
            snprintf(err, errlen, "%s: writing the store: %s", out,
                     sqlite3_errmsg(db));
            rc = EXIT_IO;
        }
        exec(db, "DETACH DATABASE src");
    }
    sqlite3_close(db);
    if (new_reps)
        *new_reps = added;
    return rc;
}

int merge_main(int argc, char **argv)
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
    int rc = merge_stores(argv[1], (const char *const *)argv + 2,
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
