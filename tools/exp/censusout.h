/* censusout.h -- a run's state written as a census file: the patients
 * present at the horizon of one replication, one row a patient, in the
 * CSV that a scenario's `initial: {from: FILE}` reads back
 * (tools/load/censusspec.c):
 *   unit,class,stay_so_far,medically_fit,fit_for,awaiting,waiting
 * stay_so_far in minutes ("123.5 minutes", to the last bit); fit_for
 * too, for an acute patient whose discharge is decided (empty else);
 * awaiting empty when the next unit is still to be drawn.  The file appears under
 * its name only when complete (outfile_open).
 */
#ifndef FLOWSIM_CENSUSOUT_H
#define FLOWSIM_CENSUSOUT_H

#include <stdint.h>
#include <stdio.h>
#include "scenario.h"

/* Runs replication rep of sc to its horizon and writes the patients
 * present then to path.  A unit or class name the census reader could not
 * read back (a comma, a quote, a control character, blanks at either end,
 * a leading '#') is refused.  Returns 0, or -1 with a message in err. */
int censusout_write(const scenario *sc, uint64_t rep, const char *path,
                    char *err, size_t errlen);

/* Writes rows (from network_census) to f as census CSV, header first.
 * Returns 0, or -1 with a message in err (a name not readable back). */
int censusout_rows(FILE *f, const scenario *sc, const census_row *rows,
                   size_t nrows, char *err, size_t errlen);

#endif
