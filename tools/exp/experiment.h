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
    /* --precision: the target share (0: none), whether the chosen KPIs
     * missed it when the replications ran out, the worst KPI's index and
     * its CI half-width over the allowed (<= 1: reached). */
    double precision;
    int precision_missed;
    size_t precision_worst;
    double precision_ratio;
} experiment;

/* Optional extras of a run: results already known (a resumed run),
 * daily series, and a callback as each replication finishes (to store it
 * at once, and to show progress).  Callbacks are called one at a time,
 * under the batch's lock, from whichever thread ran the replication. */
typedef struct experiment_hooks {
    /* Called once before running: may fill e->values rows and set done[r]
     * for replications that need not run.  Returns 0, or -1 to give up. */
    int (*load)(void *ud, experiment *e, unsigned char *done);
    const series_list *series;   /* daily series wanted, or NULL */
    /* Called as replication r finishes (daily is NULL without series).
     * Returns 0, or -1 to stop the batch (no new replications start;
     * the ones running finish). */
    int (*finished)(void *ud, const experiment *e, long r,
                    const double *daily);
    void *ud;
} experiment_hooks;

/* One experiment of a batch, as its source hands it over. */
typedef struct experiment_job {
    const scenario *sc;
    const char *canonical;          /* sc's canonical text, which the MPI
                                       ranks rebuild it from (NULL: none) */
    long reps;
    const experiment_hooks *hooks;  /* may be NULL */
    void *tag;                      /* the source's own */
} experiment_job;

struct experiment_source;

/* Runs a batch elsewhere than on this process's threads, with the
 * contract of experiment_run_many: the MPI ranks (tools/mpi's
 * cluster_executor).  The experiment layer never knows who provides one:
 * the program hands it down (run_options.executor, fin_run_scenarios),
 * so that nothing here depends on MPI. */
typedef struct experiment_executor {
    int (*execute)(void *ud, const struct experiment_source *src,
                   int threads, char *err, size_t errlen);
    void *ud;
} experiment_executor;

/* A stream of experiments whose replications share one pool of workers
 * (sched.h): the replications of the next experiment start as soon as a
 * worker has nothing left of the earlier ones. */
typedef struct experiment_source {
    /* Fills *job with the next experiment.  Returns 1; 0 when there is
     * none now (done() may queue one later); -1 with a message in err to
     * fail the batch. */
    int (*next)(void *ud, experiment_job *job, char *err, size_t errlen);
    /* The experiment of job is over: rc 0 when every replication ran, -1
     * with err saying why not.  done() takes e (experiment_free it, or
     * keep it).  Returns 0, or -1 to stop the batch (no new
     * replications start; the ones out finish). */
    int (*done)(void *ud, const experiment_job *job, experiment *e, int rc,
                const char *err);
    void *ud;
    /* Optional: runs the batch elsewhere (the MPI ranks) instead of on
     * this process's threads. */
    const experiment_executor *executor;
} experiment_source;

/* Runs every experiment of src on `threads` threads (0: one per core),
 * or by src->executor.  Returns 0 when every experiment completed; -1
 * with the first failure in err (each experiment's own is given to
 * done()). */
int experiment_run_many(const experiment_source *src, int threads,
                        char *err, size_t errlen);

/* A batch of one experiment: fill job and out, then run the source that
 * experiment_single_source returns (after adding an executor to it, if
 * any).  *out then holds the results (rc 0) or what there is (rc -1:
 * experiment_free it). */
typedef struct experiment_single {
    experiment_job job;
    experiment *out;
    int given, rc;
} experiment_single;
experiment_source experiment_single_source(experiment_single *s);

/* Runs reps replications (0 .. reps-1) on `threads` threads (0: one per
 * core): a batch of one experiment.  Returns 0 when all ran; -1 with a
 * message in err when memory ran out, a replication stopped early (its
 * reason is quoted) or a hook gave up.  hooks may be NULL. */
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

/* Clips the CI of s to the range its values can take: kpi_kind_range
 * of kind, or for a paired difference of two such values (diff) the range
 * [lo - hi, hi - lo].  The Student-t interval of a skewed count, or of a
 * share near 0, can reach below zero; the true mean cannot, so the
 * interval clipped to the range covers it exactly as often and never
 * names a value that cannot happen. */
void summary_clip(kpi_summary *s, kpi_kind kind, int diff);

/* Summarises column k of the experiment, its CI within the KPI's natural
 * range (summary_clip). */
void experiment_summarise(const experiment *e, size_t k, kpi_summary *out);

/* Summarises n values (NANs skipped); scratch must hold n doubles. */
void summarise_values(const double *v, size_t n, size_t stride,
                      double *scratch, kpi_summary *out);

/* What common random numbers bought for one KPI: the width of the 95% CI
 * of the paired difference diff (alt - base, replication by replication)
 * over sqrt(w_base^2 + w_alt^2), the width the difference of two
 * independent runs of as many replications would have (the same as the
 * ratio of standard deviations sd_diff / hypot(sd_base, sd_alt), which
 * is how it is computed).  1 means no gain;
 * 0.5 means four times fewer replications for the same precision.  NAN
 * when a width is undefined (fewer than 2 replications) or both runs have
 * no spread at all. */
double paired_width_ratio(const kpi_summary *base, const kpi_summary *alt,
                          const kpi_summary *diff);

/* The smallest paired_width_ratio any pairing could reach for these two
 * runs: |sd_base - sd_alt| / hypot(sd_base, sd_alt), the ratio when the
 * two are perfectly correlated.  A change that removes a source of
 * variation (a lever that empties a queue) leaves the alternative far
 * steadier than the base, and then even perfect common random numbers
 * cannot make the paired CI narrow: a ratio near its floor says the
 * pairing did all it could.  NAN where paired_width_ratio is. */
double paired_width_floor(const kpi_summary *base, const kpi_summary *alt);

/* The largest 95% CI half-width over |mean| among the n KPIs idx of e (a
 * KPI with fewer than 2 values or a zero mean has nothing to be precise
 * about and is passed over); *worst receives that KPI's index (idx[0]
 * when none counts, 0 when n is 0).  What --precision compares with its
 * share, in flowsim run and flowsim serve alike. */
double experiment_precision(const experiment *e, const size_t *idx, size_t n,
                            size_t *worst);

/* Cores online, at least 1. */
int experiment_cores(void);

#endif
