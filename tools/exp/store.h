/* store.h -- the results store: every run in an SQLite database.
 *
 * An experiment is identified by its scenario's canonical text (after
 * extends and --set), its seed and the flowsim version, compared in full;
 * its key is a hash of the three (KEY.N when another identity has the
 * same hash).  Each finished replication is written in its own transaction
 * (its KPIs and daily series together), so a store killed at any moment
 * is consistent and keeps every finished replication; running the same
 * experiment again reads those back and runs only the rest.
 *
 * Schema (also in README.md, "The results store"):
 *   meta(key, value)                       schema version
 *   (and PRAGMA application_id STORE_APPLICATION_ID)
 *   experiments(id, key, scenario_name, scenario_hash, scenario_text,
 *               flowsim_version, seed, horizon_days, warmup_days, created)
 *   kpis(experiment_id, idx, name, unit)
 *   series(experiment_id, idx, name)
 *   replications(experiment_id, replication, events, peak_patients)
 *   replication_kpis(experiment_id, replication, idx, value)
 *   daily(experiment_id, replication, day, idx, value)
 *   studies(id, kind, name, replications, seed, created)
 *                                          a run, compare or sweep
 *   study_experiments(study_id, position, experiment_id, label, params)
 *                                          its members (compare: 0 is the
 *                                          base; sweep: params "k=v;k=v")
 *   study_levers(study_id, row, line, measure, year, mean, lo, hi, mc_se)
 *   study_lever_method(study_id, method, levers, subsets, orders)
 *                                          a benefits study's savings by
 *                                          lever (STORE_LEVERS_SCHEMA)
 *   views kpi_values and daily_values join the names in.
 */
#ifndef FLOWSIM_STORE_H
#define FLOWSIM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "experiment.h"

#define STORE_SCHEMA_VERSION 1

/* The tables of a benefits study's savings by lever (`flowsim benefits
 * --by-lever --store`): the attribution itself, not the runs of the
 * levers' subsets (2^n of them, each with its daily series).  One row a
 * line, measure and financial year: `row` 0..n-1 the levers in the
 * scenario's order (measure "alone", "sequential" or "shapley"), then the
 * lines beside them (measure "line": the interaction, all levers
 * together, other changes, the total); `year` a financial year's label
 * or "all"; mean and 95% CI of the total saving in GBP; mc_se the
 * sampled Shapley value's Monte Carlo standard error (all years), else
 * NULL.  study_lever_method: "exact" or "sampled", with the levers,
 * subsets run and orders drawn.  Additive to schema 1: a store made
 * before them gets them when first written to this way (IF NOT EXISTS),
 * and a reader finds none in a store without them. */
#define STORE_LEVERS_SCHEMA                                                  \
    "CREATE TABLE IF NOT EXISTS study_levers(study_id INTEGER NOT NULL,"     \
    " row INTEGER NOT NULL, line TEXT NOT NULL, measure TEXT NOT NULL,"      \
    " year TEXT NOT NULL, mean REAL, lo REAL, hi REAL, mc_se REAL,"          \
    " PRIMARY KEY(study_id, row, measure, year));"                           \
    "CREATE TABLE IF NOT EXISTS study_lever_method("                         \
    " study_id INTEGER PRIMARY KEY, method TEXT NOT NULL,"                   \
    " levers INTEGER NOT NULL, subsets INTEGER NOT NULL, orders INTEGER);"
#define STORE_BUSY_TIMEOUT_MS 5000
/* SQLite's application_id of every store this flowsim creates ("FlSm");
 * a store of schema 1 made before it had one is still recognised by its
 * meta table (and gets the id when next opened for writing). */
#define STORE_APPLICATION_ID 0x466c536d

/* Why a store could not be opened, as flowsim's exit status: the path
 * cannot name a store (2: "", ":memory:", not a regular file), or the
 * store could not be opened, created or written, or is not a store this
 * flowsim can use (4: no such folder, read-only, locked, not an SQLite
 * file, another application's database, another schema version; nothing
 * is written to such a file). */
#define STORE_BAD_PATH 2
#define STORE_FAILED 4

/* Experiments of the same key (a hash) but another identity (scenario
 * text, seed, flowsim version) get the keys KEY.1, KEY.2, ...; at most
 * this many. */
#define STORE_MAX_NAMESAKES 64
#define STORE_KEY_MAX 32

typedef struct store store;

/* Checks that path may name a results store: not "" or ":memory:" (they
 * keep nothing), and a regular file or a new file in an existing folder.
 * keep_none says how the caller's user keeps no store ("use --no-store"),
 * for the message about "" and ":memory:"; NULL when there is no way.
 * Returns 0, or STORE_BAD_PATH / STORE_FAILED with a message in err. */
int store_check_path(const char *path, const char *keep_none, char *err,
                     size_t errlen);

/* Whether path names the store at store_path, or one of its -wal, -shm or
 * -journal files: by device and inode when both exist, else by resolved
 * path.  An output written there would destroy the store. */
int store_same_file(const char *store_path, const char *path);

/* Opens (creating if needed) the store at path; NULL: in memory (kept
 * only while open).  The file is recognised before anything is written
 * to it: an empty or new file becomes a store (its schema made in one
 * transaction, so processes creating it at once agree); a flowsim store of
 * this schema version is opened (write-ahead logging); anything else is
 * refused as it was.  NULL with *status (STORE_BAD_PATH or STORE_FAILED)
 * and a message naming the path in err. */
store *store_open(const char *path, int *status, char *err, size_t errlen);
void store_close(store *st);

/* The store's SQLite connection (for merge: ATTACH and copy). */
sqlite3 *store_db(store *st);

/* Opens the store at path read-only after recognising it (as store_open,
 * but an empty file is refused too), for report, export and merge.  On a
 * read-only file system, where SQLite cannot make the -shm file that
 * reading the write-ahead log needs, a store without a pending log is
 * read as immutable (its file alone is the whole store); with one, the
 * message says so.  *uri (if not NULL) receives the SQLite URI it was
 * opened with (malloc'd; for ATTACH).  NULL with a message in err. */
sqlite3 *store_open_read(const char *path, char **uri, char *err,
                         size_t errlen);

/* Finds, in the store open on db (schema "main"), the experiment whose
 * identity is (text, seed, version), compared in full: *id, or 0 when it
 * has none, with in key (STORE_KEY_MAX bytes) the key to add it under:
 * the hash of the identity, or that hash with ".N" when another identity
 * has it.  Returns 0, or -1 (an SQLite error, or more namesakes than
 * STORE_MAX_NAMESAKES: key then holds a message). */
int store_find_experiment(sqlite3 *db, const char *text, uint64_t seed,
                          const char *version, sqlite3_int64 *id, char *key);

/* Finds or creates the experiment of (scenario text, seed, version) with
 * the given KPI and series lists, in one transaction (processes running
 * the same experiment at once agree on one); a found experiment gets the
 * names it lacks (the series of a run after a --no-series one).  Returns
 * 0, or -1 with a message in err. */
int store_begin(store *st, const scenario *sc, const char *canonical,
                const kpi_list *kpis, const series_list *series, char *err,
                size_t errlen);

/* Starts a study (kind "run", "compare" or "sweep").  Returns its id, or
 * -1 (store_error says why). */
long store_study_new(store *st, const char *kind, const char *name,
                     long replications, uint64_t seed);

/* The newest study of the kind, or -1. */
long store_study_last(store *st, const char *kind);

/* Records the current experiment (of the last store_begin) as member
 * `position` of a study.  Returns 0 or -1. */
int store_study_add(store *st, long study, int position, const char *label,
                    const char *params);

/* The id of the current experiment (of the last store_begin). */
long store_experiment(const store *st);

/* Records experiment exp (an id from store_experiment, on any connection
 * to the same file) as member `position` of a study.  Returns 0 or -1. */
int store_study_add_exp(store *st, long study, int position, long exp,
                        const char *label, const char *params);

/* Hooks for experiment_run_hooks that read finished replications back and
 * write new ones as they finish.  `series` may be NULL (no daily rows). */
experiment_hooks store_hooks(store *st, const series_list *series);

/* Replications read back from the store by the last run (resumed). */
long store_resumed(const store *st);

/* The last error, for messages after a hook failed. */
const char *store_error(const store *st);

/* FNV-1a 64-bit hash of text, as 16 hex digits (hex must hold 17). */
void store_hash(const char *text, char *hex);

#endif
