/* runs.h -- the settings a page asks for, run one at a time by a worker
 * thread, each against the scenario's own setting (the base) under
 * common random numbers.
 *
 * The base runs first, when the server starts.  A setting's replication
 * r uses the random streams of (seed, r) as the base's replication r
 * does, so the difference of each pair measures the setting alone; each
 * replication that finishes updates the setting's snapshot (the headline
 * KPIs with their 95% CIs, and their paired differences from the base),
 * which waiting readers are woken for.  A new setting cancels the one
 * running (its replications in progress finish, no new ones start) and
 * any waiting.  Settings already run are kept (the last RUNS_KEEP): asked
 * for again, they answer at once.  At most one setting waits while a
 * cancelled one winds down: a further one is refused (RUNS_BUSY), so
 * a client cannot queue up work.
 */
#ifndef FLOWSIM_RUNS_H
#define FLOWSIM_RUNS_H

#include <stdio.h>
#include "lever.h"

#define RUNS_KEEP 64
#define RUNS_BUSY 1
#define RUNS_UNKNOWN (-1)

typedef struct runs runs;

/* Loads nothing itself: path is the scenario file, l its levers (kept by
 * the caller until runs_stop), reps the replications of every setting,
 * threads the worker threads (0: one per core), store_path the results store
 * (stored.h; NULL: none, the settings kept in memory only) and name the
 * scenario's name; precision > 0: each setting's replications stop once
 * its headline KPIs' 95% CI half-widths are within that share of their
 * means (precision.h), reps the cap.  Starts the worker with the base queued, then the
 * settings that earlier servers on the store ran (read back from it).
 * NULL when memory or a thread could not be had. */
runs *runs_start(const char *path, const lever_list *l, long reps,
                 int threads, const char *store_path, const char *name,
                 double precision);

/* Cancels every run and wakes every reader (runs_wait returns -1 from
 * now on); the worker ends once the replications out finish. */
void runs_close(runs *rs);

/* runs_close, then waits for the worker and frees everything.  Call
 * once no reader is left. */
void runs_stop(runs *rs);

/* Asks for the setting values (one per lever, already checked): the id
 * of the run that answers it, a kept one or a new one queued.  Returns
 * 0, or RUNS_BUSY. */
int runs_submit(runs *rs, const double *values, long *id);

/* The snapshot of run id as JSON (malloc'd, into *json):
 *   {"id", "state": "queued" | "running" | "done" | "failed" |
 *    "cancelled", "done": replications finished, "replications",
 *    "resumed": replications read back from the store,
 *    "levers": {KEY: VALUE}, "kpis": [{"name", "label", "unit", "mean",
 *    "ci95", "n", "diff": {"mean", "ci95"}}], "stopped": with --precision,
 *    why its replications stopped (null until then), "error"}
 * *version counts its changes; *over is 1 once it will change no more.
 * Returns 0, RUNS_UNKNOWN, or -2 when memory ran out. */
int runs_snapshot(runs *rs, long id, long *version, int *over, char **json);

/* Waits until run id has changed since version, or ms milliseconds, or
 * the server closes.  Returns 1 changed, 0 not, -1 closing or unknown. */
int runs_wait(runs *rs, long id, long version, int ms);

/* The finished run's every KPI, exactly `flowsim run --format json`'s
 * output for the same setting (malloc'd into *json).  Returns 0,
 * RUNS_UNKNOWN, or 1 when it has none (not finished, failed, cancelled). */
int runs_result(runs *rs, long id, char **json);

/* Run id's setting as a scenario overlay (lever_overlay, extending the
 * scenario file).  Returns 0 or RUNS_UNKNOWN. */
int runs_overlay(runs *rs, long id, FILE *f);

/* The settings finished so far, newest first, as JSON:
 *   [{"id", "levers": {...}, "kpis": [...]}, ...]
 * or as CSV (csv != 0): id, then every lever, then each headline KPI's
 * mean and its difference from the base. */
void runs_history(runs *rs, FILE *f, int csv);

#endif
