/* trace.c -- write one replication's event log (trace.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "network.h"
#include "outfile.h"
#include "trace.h"

static void on_event(void *ud, double time, uint64_t patient,
                     const char *unit, const char *event)
{
    fprintf((FILE *)ud, "%.3f,%ld,%llu,%s,%s\n", time, (long)(time / 1440),
            (unsigned long long)patient, unit, event);
}

int trace_write(const scenario *sc, uint64_t rep, const char *path,
                char *err, size_t errlen)
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
    fputs("time_min,day,patient,unit,event\n", f);
    run_info info;
    int rc = network_run(sc, rep, &kpis, v, &info, on_event, f);
    if (rc != 0)
        snprintf(err, errlen, "replication %llu stopped: %s",
                 (unsigned long long)rep, info.stopped);
    if (outfile_commit(f, path, tmp) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    free(v);
    kpi_list_free(&kpis);
    return rc;
}
