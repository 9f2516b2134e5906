/* censusout.c -- write a run's state as a census file (censusout.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "censusout.h"
#include "network.h"
#include "outfile.h"

/* Whether the census reader gives name back as it is: it cuts at commas,
 * drops quotes and blanks at the ends and skips lines starting with '#'
 * (only a unit opens a line, but one rule for both is simpler). */
static int name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || name[0] == '#' || name[0] == ' ' || name[0] == '\t' ||
        name[n - 1] == ' ' || name[n - 1] == '\t')
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p == ',' || *p == '"' || *p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

/* The names the file will hold, checked before anything is written. */
static int names_ok(const scenario *sc, char *err, size_t errlen)
{
    for (size_t u = 0; u < sc->n_units; u++)
        if (!name_ok(sc->units[u].name)) {
            snprintf(err, errlen, "--census-out: unit %zu's name cannot be "
                     "written in a census file (a comma, a quote, a "
                     "control character, a leading '#' or blanks at its "
                     "ends)", u + 1);
            return -1;
        }
    for (size_t k = 0; k < sc->n_classes; k++)
        if (!name_ok(sc->classes[k].name)) {
            snprintf(err, errlen, "--census-out: class %zu's name cannot "
                     "be written in a census file (a comma, a quote, a "
                     "control character, a leading '#' or blanks at its "
                     "ends)", k + 1);
            return -1;
        }
    return 0;
}

int censusout_rows(FILE *f, const scenario *sc, const census_row *rows,
                   size_t nrows, char *err, size_t errlen)
{
    if (names_ok(sc, err, errlen))
        return -1;
    fputs("unit,class,stay_so_far,medically_fit,fit_for,awaiting,waiting\n",
          f);
    for (size_t i = 0; i < nrows; i++) {
        const census_row *r = &rows[i];
        const char *cls = sc->n_classes && r->cls >= 0 &&
                                  (size_t)r->cls < sc->n_classes
                              ? sc->classes[r->cls].name
                              : "";
        const char *next = r->next == SCENARIO_EXIT ? "exit"
                           : r->next >= 0 && (size_t)r->next < sc->n_units
                               ? sc->units[r->next].name
                               : "";
        char fit_for[40] = ""; /* known once a discharge is decided */
        if (r->fit && r->fit_for > 0)
            snprintf(fit_for, sizeof fit_for, "%.17g minutes", r->fit_for);
        if (r->waiting)
            fprintf(f, "%s,%s,,no,,%s,yes\n", sc->units[r->unit].name, cls,
                    next);
        else
            fprintf(f, "%s,%s,%.17g minutes,%s,%s,%s,no\n",
                    sc->units[r->unit].name, cls, r->elapsed,
                    r->fit ? "yes" : "no", fit_for, next);
    }
    return 0;
}

int censusout_write(const scenario *sc, uint64_t rep, const char *path,
                    char *err, size_t errlen)
{
    if (names_ok(sc, err, errlen))
        return -1;
    census_row *rows = NULL;
    size_t nrows = 0;
    run_info info;
    if (network_census(sc, rep, &rows, &nrows, &info) != 0) {
        snprintf(err, errlen, "replication %llu stopped: %s",
                 (unsigned long long)rep, info.stopped);
        free(rows);
        return -1;
    }
    char *tmp = NULL;
    FILE *f = outfile_open(path, &tmp);
    if (!f) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        free(rows);
        return -1;
    }
    int rc = censusout_rows(f, sc, rows, nrows, err, errlen);
    if (outfile_commit(f, path, tmp) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    free(rows);
    return rc;
}
