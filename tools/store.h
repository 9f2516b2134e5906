/* store.h -- the results store: every run in an SQLite database.
 *
 * An experiment is identified by its key: a hash of the scenario's
 * canonical text (after extends and --set), the seed and the flowsim
 * version.  Each finished replication is written in its own transaction
 * (its KPIs and daily series together), so a store killed at any moment
 * is consistent and keeps every finished replication; running the same
 * experiment again reads those back and runs only the rest.
 *
 * Schema (also in README.md, "The results store"):
 *   meta(key, value)                       schema version
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
 *   views kpi_values and daily_values join the names in.
 */
#ifndef FLOWSIM_STORE_H
#define FLOWSIM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "experiment.h"

#define STORE_SCHEMA_VERSION 1
#define STORE_BUSY_TIMEOUT_MS 5000

typedef struct store store;

/* Opens (creating if needed) the store at path.  NULL with a message in
 * err when it cannot be opened or is not a flowsim store. */
store *store_open(const char *path, char *err, size_t errlen);
void store_close(store *st);

/* Finds or creates the experiment of (scenario text, seed) with the given
 * KPI and series lists.  Returns 0, or -1 with a message in err. */
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
