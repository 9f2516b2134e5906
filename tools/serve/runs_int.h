/* runs_int.h -- the runs' records, shared by runs.c (the worker, the
 * snapshots) and history.c (the settings run, as lists and overlays). */
#ifndef FLOWSIM_RUNS_INT_H
#define FLOWSIM_RUNS_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include "experiment.h"
#include "precision.h"
#include "runs.h"
#include "weekly.h"

#define RUNS_HEADLINE_MAX 10

typedef enum { RUN_QUEUED, RUN_RUNNING, RUN_DONE, RUN_FAILED,
               RUN_CANCELLED } run_state;

typedef struct serve_run {
    long id;
    double values[LEVER_MAX];
    run_state state;
    atomic_int cancel;
    long done, version;
    long resumed;               /* replications read back from the store */
    char stopped[PRECISION_WHY_MAX]; /* --precision: why it stopped */
    char *kpis_json;            /* the snapshot's "kpis" array */
    char *series_json;          /* and its "series" (weekly.h) */
    char *result;               /* output_write's JSON when done */
    char *error;
    double mean[RUNS_HEADLINE_MAX], diff[RUNS_HEADLINE_MAX];
} serve_run;

struct runs {
    pthread_mutex_t mu;
    pthread_cond_t changed;     /* a run changed, or one was queued */
    pthread_t worker;
    int closing;
    const char *path;
    const lever_list *levers;
    long reps;
    int threads;
    serve_run *list[RUNS_KEEP]; /* oldest first */
    size_t n;
    long next_id;
    serve_run *queued, *running;
    /* the base, once it has run: every replication's KPIs */
    scenario *base_sc;
    experiment base;
    int base_ok;
    series_list base_sl;        /* the base's daily series, by week */
    serve_weekly base_wk;
    int base_has_wk;
    size_t n_head;
    char *head_names[RUNS_HEADLINE_MAX];
    /* --store: the results store, this server's study in it, and the
     * settings of earlier servers still to run again (from the store) */
    const char *store_path, *name;
    double precision;           /* --precision: the share; 0: none */
    long study;
    int position;
    size_t n_restore, restored;
    double (*restore)[LEVER_MAX];
};

/* Runs setting r (the base when is_base): loads the scenario with its
 * --set overrides, runs the replications, publishes a snapshot after
 * each and the result or the error at the end (runexec.c).  Called by
 * the worker thread without the lock. */
void runs_execute(runs *rs, serve_run *r, int is_base);

/* The kept run of id, under the lock; NULL. */
serve_run *runs_find(runs *rs, long id);

#endif
