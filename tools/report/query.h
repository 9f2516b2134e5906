/* query.h -- a study read back from the results store, for the reports.
 *
 * The store is opened read-only.  A study's members keep their KPI values
 * as a replications x KPIs matrix (NAN: not observed, or the replication
 * did not finish); daily series are read one at a time, on demand, since
 * a year of them for every replication is large. */
#ifndef FLOWSIM_REPORT_QUERY_H
#define FLOWSIM_REPORT_QUERY_H

#include <stddef.h>
#include <sqlite3.h>
#include "experiment.h"

typedef struct rq_member {
    int position;
    long exp;                       /* experiments.id */
    char *label, *params;           /* params: "k=v;k=v" or "" */
    char *scenario, *hash, *version, *created;
    unsigned long long seed;
    double horizon_days, warmup_days;
    char start_date[11];            /* "YYYY-MM-DD", or "": none (from
                                       the scenario's text) */
    kpi_def *kpis;                  /* names and units */
    char **units;                   /* the units' text (kpis[k].unit) */
    size_t nkpi;
    double *values;                 /* reps rows of nkpi values */
    unsigned char *finished;        /* reps flags: replication done */
    long done;                      /* replications finished */
} rq_member;

typedef struct rq_study {
    long id, reps;
    char *kind, *name, *created;
    unsigned long long seed;
    rq_member *m;
    size_t n;
    int show_warmup;                /* plots: draw the warm-up days */
} rq_study;

/* Opens the store read-only and checks that it is a flowsim store.
 * NULL with a message in err. */
sqlite3 *rq_open(const char *path, char *err, size_t errlen);

/* Reads study id (-1: the newest) with its members and KPI values.
 * Returns 0, or REPORT_BAD_INPUT / REPORT_IO with a message in err. */
int rq_load(sqlite3 *db, long id, rq_study *s, char *err, size_t errlen);
void rq_free(rq_study *s);

/* The index in m of the KPI named `name`, or -1: for names from outside
 * (--kpi), and to match a KPI of one member with another's (the store
 * names them). */
long rq_kpi(const rq_member *m, const char *name);

/* The index in m of the registry's KPI id (not per unit, not of one
 * month), or -1. */
long rq_kpi_id(const rq_member *m, kpi_id id);

/* The summary of KPI k of m over the study's reps replications. */
void rq_summary(const rq_member *m, long reps, size_t k, kpi_summary *out);

/* The paired difference alt - base of KPI kb of base and ka of alt. */
void rq_diff(const rq_member *base, size_t kb, const rq_member *alt,
             size_t ka, long reps, kpi_summary *out);

/* Reads daily series `name` of m: *v gets reps rows of *days values (NAN
 * where missing; free it).  Returns 1, 0 when m has no such series (or
 * no daily rows), or -1 on a read error. */
int rq_daily(sqlite3 *db, const rq_member *m, long reps, const char *name,
             double **v, size_t *days);

/* The names of m's daily series, in order, into *names (free each and
 * the array).  Returns 0, or -1 on a read error. */
int rq_series_names(sqlite3 *db, const rq_member *m, char ***names,
                    size_t *n);

/* Calls fn for each row of a member's daily rows, in (replication, day,
 * series) order; for the daily export.  Returns 0, or -1 on a read error
 * or when fn returns non-zero. */
int rq_daily_each(sqlite3 *db, const rq_member *m, long reps,
                  int (*fn)(void *ud, long rep, long day, const char *series,
                            double value),
                  void *ud);

#endif
