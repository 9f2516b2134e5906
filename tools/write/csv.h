/* csv.h -- CSV fields (RFC 4180): the one CSV writer of text and of
 * numbers.  Rows and headers are the caller's; every field from input
 * goes through csv_text, every number through csv_num. */
#ifndef FLOWSIM_CSV_H
#define FLOWSIM_CSV_H

#include <stdio.h>

/* The one CSV writer of text fields (names, units, labels, params).  A
 * field that starts with '=', '+', '-', '@', tab or CR gets a leading
 * "'" so that no spreadsheet runs it as a formula (OWASP's rule); a
 * field holding ',', '"', CR, LF, ';' or tab is quoted, quotes doubled
 * (RFC 4180; ';' and tab for spreadsheets that split on them).  Other
 * control characters and bytes of invalid UTF-8 become '?', so the file
 * is inert on a terminal too.  NULL is an empty field. */
void csv_text(FILE *f, const char *s);

/* A number field preceded by its separator: ",x" with %.10g, or an empty
 * field "," unless finite. */
void csv_num(FILE *f, double x);

#endif
