/* plot.h -- plots drawn by gnuplot as SVG, for embedding in a page.
 *
 * A plot set is a private temporary folder (mkdtemp, mode 0700) holding
 * data files and one gnuplot script; each plot writes NAME.svg there.
 * plot_run runs gnuplot once on the script, from that folder, so the
 * script names its files relatively and no path needs quoting.
 * plot_end removes the folder and all in it; should the process end
 * before (a signal, kill -9), a small watcher process started by
 * plot_begin removes it as soon as this process and gnuplot are gone. */
#ifndef FLOWSIM_REPORT_PLOT_H
#define FLOWSIM_REPORT_PLOT_H

#include <stddef.h>
#include <stdio.h>

typedef struct plot_set plot_set;

/* Makes the folder and starts the script.  NULL with a message in err. */
plot_set *plot_begin(char *err, size_t errlen);

/* Opens data file `name` (plain letters, digits, '-', '.') for writing;
 * the caller closes it.  Data files hold numbers only: every label goes
 * into the script, through plot_str.  NULL on error. */
FILE *plot_data(plot_set *p, const char *name);

/* Starts plot `name` (its SVG file is name.svg) of width x height
 * pixels: resets gnuplot's settings and applies the house style.  Every
 * plot must start so. */
void plot_start(plot_set *p, const char *name, int width, int height);

/* The script is written through these three only (there is no other way
 * to reach it), so no text can become gnuplot code:
 *
 * plot_cmd(p, CODE): gnuplot code; CODE must be a string literal (the
 *   macro does not compile otherwise).
 * plot_num(p, FMT, ...): gnuplot code with numbers (printf); FMT must be
 *   a string literal whose conversions are all numeric (d i u o x X e E f
 *   F g G a A, with flags, width, precision and length) or %%; any other
 *   (%s, %c, %p, %n, '*') writes nothing and breaks the set, so that
 *   plot_run refuses to draw.
 * plot_str(p, TEXT): TEXT as one single-quoted gnuplot string, which
 *   gnuplot takes literally (no backquote substitution, no macros, no
 *   escapes): each ' is doubled, and control characters (text.h) and
 *   bytes of invalid UTF-8 become '?', so the literal ends where
 *   plot_str ends it, on the same line.  Text past PLOT_TEXT_MAX
 *   characters is cut, with "...".
 * plot_str_max(p, TEXT, MAX): the same, cut at MAX characters. */
#define PLOT_TEXT_MAX 300
#define plot_cmd(p, code) plot_code_((p), "" code "")
#define plot_num(p, fmt, ...) plot_codef_((p), "" fmt "", __VA_ARGS__)
void plot_str(plot_set *p, const char *text);
void plot_str_max(plot_set *p, const char *text, size_t max);

/* The functions behind plot_cmd and plot_num: call those, not these. */
void plot_code_(plot_set *p, const char *code);
void plot_codef_(plot_set *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes text to f as plot_str_max writes it into the script (for tests
 * of the escaping). */
void plot_quote(FILE *f, const char *text, size_t max);

/* Runs gnuplot on the script, in a child process that cannot start any
 * other program (sandbox.h): gnuplot's system(), `...`, '<' data
 * pipes, '|' outputs and shell commands all fail in it.  Returns 0; 1
 * when gnuplot is not installed; -1 when it failed (err holds the first
 * lines it printed, or why it could not run) or the script was broken by
 * a bad plot_num format. */
int plot_run(plot_set *p, char *err, size_t errlen);

/* Copies plot `name`'s SVG into out, without its XML prolog and with its
 * element ids prefixed by the plot name, so that several plots can share
 * one page.  Returns 0, or -1 when the plot was not drawn. */
int plot_embed(plot_set *p, const char *name, FILE *out);

/* Removes the folder and frees p. */
void plot_end(plot_set *p);

#endif
