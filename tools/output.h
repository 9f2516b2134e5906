/* output.h -- an experiment's KPIs as a terminal table, JSON or CSV.
 *
 * JSON contract (documented in README.md):
 *   {"scenario": NAME, "replications": N, "seed": S,
 *    "kpis": {"ward.occupancy.mean": {"mean": m, "ci95": [lo, hi],
 *             "p5": a, "p95": b, "unit": "patients", "n": k}, ...}}
 * A KPI never observed in any replication has null numbers.  Numbers are
 * printed with %.10g, so the same experiment gives the same bytes.
 */
#ifndef FLOWSIM_OUTPUT_H
#define FLOWSIM_OUTPUT_H

#include <stdio.h>
#include "experiment.h"
#include "jams.h"

typedef enum { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV } out_format;

/* Parses "table", "json" or "csv".  Returns 0, or -1 if unknown. */
int output_format_parse(const char *s, out_format *fmt);

/* Writes the summary of e.  Returns 0, or -1 on a write error. */
int output_write(FILE *f, const experiment *e, out_format fmt);

/* JSON pieces shared by the reporters: a number (null unless finite), a
 * quoted string, and a summary {"mean", "ci95", "p5", "p95", "unit", "n"}
 * (without p5, p95 and unit when unit is NULL).  output_json_str is the
 * one JSON writer of text: '"', '\\' and every control character
 * (text.h's text_is_control, C1 and the bidirectional controls included)
 * escaped as \uXXXX, a byte of invalid UTF-8 as \ufffd; the result is
 * valid JSON, decodes to the input when that is valid UTF-8, and holds no
 * raw control character for a terminal. */
void output_json_num(FILE *f, double x);
void output_json_str(FILE *f, const char *s);

/* The JSON array of jam notes (jams.h): [{"unit": ..., "replications": k,
 * "of": n, "first_day": d, "first_date": "YYYY-MM-DD" or null}, ...]. */
void output_json_jams(FILE *f, const scenario *sc, const jam_note *j,
                      size_t n);
void output_json_summary(FILE *f, const kpi_summary *s, const char *unit);

/* A CSV field ",x" with %.10g, or an empty field "," unless finite. */
void output_csv_num(FILE *f, double x);

/* The one CSV writer of text fields (names, units, labels, params).  A
 * field that starts with '=', '+', '-', '@', tab or CR gets a leading
 * "'" so that no spreadsheet runs it as a formula (OWASP's rule); a
 * field holding ',', '"', CR, LF, ';' or tab is quoted, quotes doubled
 * (RFC 4180; ';' and tab for spreadsheets that split on them).  Other
 * control characters and bytes of invalid UTF-8 become '?', so the file
 * is inert on a terminal too.  Numbers go through output_csv_num. */
void output_csv_text(FILE *f, const char *s);

/* Opens a new file for path's content in path's folder; it appears
 * under path only at output_commit, so a reader never sees a half-written
 * file.  On Linux the new file is unnamed (O_TMPFILE): however the process
 * ends before the commit -- kill -9, a signal, a crash -- nothing is left
 * behind.  Where that is not supported it is a named temporary
 * "flowsim-tmp-XXXXXXXX" beside path, which only an abrupt end can leave.
 * A new file gets mode 0666 less the umask; a file replaced keeps its
 * permissions and, where allowed, its group.  A path that exists and is
 * not a regular file (/dev/null, /dev/stdout, a pipe) is written directly
 * (*tmp_path NULL): renaming over it would replace the device with a
 * file.  Otherwise *tmp_path receives what output_commit needs to put the
 * file in place (it reads and frees it).  Returns NULL with errno set. */
FILE *output_open(const char *path, char **tmp_path);

/* Flushes and syncs the file and puts it in place under path (replacing
 * what was there in one step, by rename), then closes it; on failure
 * nothing is left (a path written directly is only flushed and closed).
 * Returns 0, or -1 with errno set. */
int output_commit(FILE *f, const char *path, char *tmp_path);

/* Ends the output on stdout: flushes and closes it, and says whether all
 * that was written to it got there (a full disk, /dev/full, a closed
 * pipe would otherwise pass unnoticed).  Every command's exit path calls
 * it, once, after its last write.  Returns 0, or -1 with errno set. */
int output_close_stdout(void);

#endif
