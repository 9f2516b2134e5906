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
 * the caller closes it.  NULL on error. */
FILE *plot_data(plot_set *p, const char *name);

/* The script, to append gnuplot commands to.  Every plot must start with
 * plot_start, which resets the settings and sets the output. */
FILE *plot_script(plot_set *p);

/* Starts plot `name` (its SVG file is name.svg) of width x height
 * pixels: resets gnuplot's settings and applies the house style. */
void plot_start(plot_set *p, const char *name, int width, int height);

/* Writes s as a single-quoted gnuplot string (quotes doubled). */
void plot_str(FILE *f, const char *s);

/* Runs gnuplot on the script.  Returns 0; 1 when gnuplot is not
 * installed; -1 when it failed (err holds the first lines it printed,
 * or why it could not run). */
int plot_run(plot_set *p, char *err, size_t errlen);

/* Copies plot `name`'s SVG into out, without its XML prolog and with its
 * element ids prefixed by the plot name, so that several plots can share
 * one page.  Returns 0, or -1 when the plot was not drawn. */
int plot_embed(plot_set *p, const char *name, FILE *out);

/* Removes the folder and frees p. */
void plot_end(plot_set *p);

#endif
