/* arrin.h -- arrival timestamps from a CSV extract.
 *
 * One row per arrival; the column holds a local date and time
 * "YYYY-MM-DD HH:MM" (or with seconds, or a 'T' for the space).  Each is
 * kept as whole minutes since 1970-01-01 00:00 of the proleptic
 * Gregorian calendar (local time: no time zone is applied).
 */
#ifndef FLOWSIM_FIT_ARRIN_H
#define FLOWSIM_FIT_ARRIN_H

#include <stddef.h>

#define ARRIN_MAX_ROWS 50000000UL

/* Days since 1970-01-01 of a date (y in 1..9999, m 1..12, d valid). */
long arrin_days(long y, long m, long d);

/* The date of a day count: *y, *m, *d. */
void arrin_date(long days, long *y, long *m, long *d);

/* Reads column `column` of path into *out (n in *n; free it).  Returns
 * 0, or -1 with the message (FILE:LINE:COL) in err. */
int arrin_read(const char *path, const char *column, long long **out,
               size_t *n, char *err, size_t size);

#endif
