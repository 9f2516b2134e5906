/* experiment.h -- Monte Carlo replications of one scenario on threads.
 *
 * Replication r always uses the random streams of (seed, r), and its KPIs
 * land in row r of the result, whichever thread ran it: the result, and
 * any output made from it, is identical for every thread count.
 */
#ifndef FLOWSIM_EXPERIMENT_H
#define FLOWSIM_EXPERIMENT_H

#include <stddef.h>
#include "network.h"
#include "scenario.h"

#define EXPERIMENT_MAX_THREADS 1024

typedef struct experiment {
    const scenario *sc;
    kpi_list kpis;
    long reps;
    double *values;     /* reps rows of kpis.n values */
    run_info *info;     /* one per replication */
} experiment;

/* Optional extras of a run: results already known (a resumed run),
 * daily series, and a callback as each replication finishes (to store it
 * at once, and to show progress).  Callbacks are called one at a time,
 * under the experiment's lock, from whichever thread ran the replication. */
typedef struct experiment_hooks {
    /* Called once before running: may fill e->values rows and set done[r]
     * for replications that need not run.  Returns 0, or -1 to give up. */
    int (*load)(void *ud, experiment *e, unsigned char *done);
    const series_list *series;   /* daily series wanted, or NULL */
    /* Called as replication r finishes (daily is NULL without series).
     * Returns 0, or -1 to stop the experiment (no new replications
     * start; the ones running finish). */
    int (*finished)(void *ud, const experiment *e, long r,
                    const double *daily);
    void *ud;
    /* Optional: runs the replications elsewhere (MPI ranks) instead of on
     * threads.  It must fill e->values and e->info for every replication
     * r with !done[r], and call h->finished (if any) for each as it
     * arrives, one at a time.  Returns 0, or -1 with a message in err. */
    int (*execute)(void *exec_ud, experiment *e, const unsigned char *done,
                   const struct experiment_hooks *h, char *err,
                   size_t errlen);
    void *exec_ud;
} experiment_hooks;

/* Runs reps replications (0 .. reps-1) on `threads` threads (0: one per
 * core).  Returns 0 when all ran; -1 with a message in err when memory ran
 * out, a replication stopped early (its reason is quoted) or a hook gave
 * up.  hooks may be NULL. */
int experiment_run(const scenario *sc, long reps, int threads,
                   experiment *out, char *err, size_t errlen);
int experiment_run_hooks(const scenario *sc, long reps, int threads,
                         const experiment_hooks *hooks, experiment *out,
                         char *err, size_t errlen);
void experiment_free(experiment *e);

/* A KPI across replications.  NAN replications (nothing observed) are
 * left out; n counts the others. */
typedef struct kpi_summary {
    long n;
    double mean, sd, lo, hi;  /* lo, hi: 95% CI of the mean (Student t) */
    double p5, p95;           /* across replications */
} kpi_summary;

/* Summarises column k of the experiment. */
void experiment_summarise(const experiment *e, size_t k, kpi_summary *out);

/* Summarises n values (NANs skipped); scratch must hold n doubles. */
void summarise_values(const double *v, size_t n, size_t stride,
                      double *scratch, kpi_summary *out);

/* Cores online, at least 1. */
int experiment_cores(void);

#endif
