/* trace.c -- write chosen replications' event logs (trace.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "network.h"
#include "outfile.h"
#include "trace.h"
#include "value.h"

/* Where one replication's events go: the file and the replication. */
typedef struct trace_sink {
    FILE *f;
    unsigned long long rep;
} trace_sink;

static void trace_on_event(void *ud, double time, uint64_t patient,
                           const char *unit, const char *event)
{
    const trace_sink *t = ud;
    fprintf(t->f, "%llu,%.3f,%ld,%llu,%s,%s\n", t->rep, time,
            (long)(time / 1440), (unsigned long long)patient, unit, event);
}

/* One item of the list: N or N-M, both below n_reps, N <= M. */
static int trace_item(const char *s, size_t len, long n_reps, long *lo,
                      long *hi)
{
    char buf[48];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *dash = strchr(buf, '-');
    if (dash)
        *dash = '\0';
    if (value_parse_long(buf, 0, n_reps - 1, lo))
        return -1;
    *hi = *lo;
    if (dash && value_parse_long(dash + 1, *lo, n_reps - 1, hi))
        return -1;
    return 0;
}

long trace_reps_parse(const char *list, long n_reps, unsigned char *pick,
                      char *err, size_t errlen)
{
    if (!strcmp(list, "all")) {
        memset(pick, 1, (size_t)n_reps);
        return n_reps;
    }
    long n = 0;
    for (const char *s = list;;) {
        size_t len = strcspn(s, ",");
        long lo, hi;
        if (trace_item(s, len, n_reps, &lo, &hi)) {
            snprintf(err, errlen, "--trace-replications: '%.*s' is not a "
                     "replication or a range of them from 0 to %ld; "
                     "expected a list like 0,3,10-19 or all",
                     (int)(len > 40 ? 40 : len), s, n_reps - 1);
            return -1;
        }
        for (long r = lo; r <= hi; r++) {
            n += !pick[r];
            pick[r] = 1;
        }
        if (!s[len])
            break;
        s += len + 1;
    }
    return n;
}

int trace_write(const scenario *sc, const unsigned char *pick, long n_reps,
                const char *path, char *err, size_t errlen)
{
    kpi_list kpis;
    if (network_kpis(sc, &kpis) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    double *v = malloc(kpis.n * sizeof *v);
    char *tmp = NULL;
    FILE *f = v ? outfile_open(path, &tmp) : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: cannot write: %s", path,
                 v ? strerror(errno) : "out of memory");
        free(v);
        kpi_list_free(&kpis);
        return -1;
    }
    fputs("replication,time_min,day,patient,unit,event\n", f);
    int rc = 0;
    for (long r = 0; r < (pick ? n_reps : 1) && rc == 0; r++) {
        if (pick && !pick[r])
            continue;
        trace_sink t = {f, (unsigned long long)r};
        run_info info;
        rc = network_run(sc, (uint64_t)r, &kpis, v, &info, trace_on_event,
                         &t);
        if (rc != 0)
            snprintf(err, errlen, "replication %ld stopped: %s", r,
                     info.stopped);
    }
    if (outfile_commit(f, path, tmp) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    free(v);
    kpi_list_free(&kpis);
    return rc;
}
