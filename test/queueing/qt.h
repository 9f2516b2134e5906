/* qt.h -- shared helpers of the queueing-theory validation tests.
 *
 * Every check prints one TAP-like line, "ok - ..." or "not ok - ...", with
 * the simulated value, the theoretical value and the tolerance used, and
 * qt_done() returns the exit status (non-zero when any check failed).
 *
 * How tolerances are set (the same rule everywhere unless a test says
 * otherwise): a KPI is estimated from R independent replications (rep
 * 1..R of the same scenario, i.e. independent random streams).  Its
 * standard error is the sample sd across replications / sqrt(R), and the
 * check accepts |mean - theory| <= t_{R-1}(1 - QT_ALPHA/2) * se, a
 * two-sided Student-t test at level QT_ALPHA = 1e-3 per check.  The seed is
 * fixed, so the outcome is deterministic; FLOWSIM_QT_SEED=<n> reruns every
 * test with another seed, which is how the calibration was verified (see
 * the report in each test's comment).  To guarantee that a check keeps its
 * power (a test that cannot fail is a defect), each estimate check also
 * carries a ceiling on the tolerance: if the replications are so noisy that
 * the tolerance exceeds it, the check fails as "tolerance too loose".
 */
#ifndef FLOWSIM_TEST_QT_H
#define FLOWSIM_TEST_QT_H

#include <stddef.h>
#include <stdint.h>
#include "mk.h"

#define QT_ALPHA 1e-3
#define DAY 1440.0
#define HOUR 60.0

/* The test's seed: FLOWSIM_QT_SEED from the environment, else dflt. */
uint64_t qt_seed(uint64_t dflt);

/* A plain pass/fail check with a printf-style description. */
int qt_ok(int pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A mean over replications and its standard error. */
typedef struct qt_est {
    double mean, se;
    int n;
} qt_est;

qt_est qt_estimate(const double *x, int n);

/* The t-tolerance of an estimate: t_{n-1}(1 - QT_ALPHA/2) * se. */
double qt_tol(qt_est e);

/* |e.mean - theory| <= qt_tol(e), and qt_tol(e) <= max_tol. */
int qt_check_est(const char *what, qt_est e, double theory, double max_tol,
                 const char *unit);

/* |sim - theory| <= tol, with the reason for tol given by the caller. */
int qt_check_abs(const char *what, double sim, double theory, double tol,
                 const char *unit);

/* R replications (rep 1..R) of one scenario: every KPI of every rep. */
typedef struct qt_runs {
    kpi_list k;
    int R;
    double *v; /* R * k.n values, rep-major */
} qt_runs;

qt_runs qt_run(scenario *sc, int R);
/* The same, one replication at a time: qt_runs_new(R), then for each
 * i < R, qt_runs_put(&r, i, &k, v) with the kpi_list and values of rep
 * i + 1 (e.g. from qt_run_traced; k and v are freed). */
qt_runs qt_runs_new(int R);
void qt_runs_put(qt_runs *r, int i, kpi_list *k, double *v);
void qt_runs_free(qt_runs *r);
/* The named KPI in replication i (0-based); aborts if unknown. */
double qt_at(const qt_runs *r, int i, const char *name);
/* The named KPI across replications. */
qt_est qt_kpi(const qt_runs *r, const char *name);

/* One replication with a trace callback; returns the KPI vector (malloc'd)
 * and fills *k.  Aborts if the run stops early. */
double *qt_run_traced(scenario *sc, uint64_t rep, kpi_list *k,
                      trace_fn fn, void *ud);

/* Erlang B blocking B(c, a) by the stable recursion. */
double qt_erlang_b(long c, double a);
/* Erlang C P(wait) for c servers, offered load a < c. */
double qt_erlang_c(long c, double a);

/* Two classes into one unit, for the priority tests: Poisson streams
 * "urgent" (l0 a day, priority 0) and "routine" (l1 a day, priority 1)
 * pass through zero-stay units t0 and t1 into unit s (index 2) of
 * `places` places, stays exponential of mean 1 day; 20,200 days, the
 * first 200 warm-up.  The caller sets s's queue options. */
scenario *qt_two_classes(const char *name, long places, double l0,
                         double l1, uint64_t seed);

/* What a trace of qt_two_classes tells by patient: its class (from the
 * unit t0 or t1 it arrived at) and a time, and the sums and counts by
 * class of what the test measures after `from`. */
typedef struct qt_classes {
    double from;
    unsigned char *cls;
    double *arr;
    size_t n;
    double sum[2], cnt[2];
} qt_classes;
/* Makes room for patient number id (aborts when out of memory). */
void qt_classes_room(qt_classes *c, uint64_t id);
void qt_classes_free(qt_classes *c);

/* Prints the summary line and returns the exit status. */
int qt_done(void);

#endif
