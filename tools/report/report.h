/* report.h -- reports of a study in the results store (store.h): one
 * self-contained HTML page with tables and plots, and CSV exports.
 *
 * Both read the store only (it is opened read-only, never created) and
 * take one study: a run, a compare or a sweep.  A study's members are
 * read with the study's replication count, so an experiment that has more
 * replications in the store (from an earlier, longer run) is reported as
 * the study saw it; replications not finished are left out of every
 * statistic, and the report says so.
 *
 * Statistics are those of `flowsim run`/`compare` (experiment.h,
 * compare.h): mean, 95% CI of the mean by Student t, p5 and p95 across
 * replications; compare differences are paired, replication by
 * replication (common random numbers).
 *
 * Return values: 0 on success, or REPORT_BAD_INPUT (no such store or
 * study, not a flowsim store, an unknown KPI, a bad option) or REPORT_IO
 * (the store could not be read, the output not written), with a message
 * in err.  They equal flowsim's exit statuses 2 and 4 (runner.h).
 */
#ifndef FLOWSIM_REPORT_H
#define FLOWSIM_REPORT_H

#include <stddef.h>

#define REPORT_BAD_INPUT 2
#define REPORT_IO 4

/* The program that draws the plots: $FLOWSIM_GNUPLOT if set, else
 * "gnuplot" on the PATH. */
#define REPORT_GNUPLOT_ENV "FLOWSIM_GNUPLOT"

typedef struct report_options {
    long study;         /* study id, or -1 for the newest */
    const char *kpi;    /* sweep plots: the KPI; NULL for the default
                         * (ed.four_hour.performance if present, else the
                         * first unit's wait.mean) */
    int show_warmup;    /* daily plots: draw the warm-up too (axis.h) */
} report_options;

/* Writes the HTML report of a study to out_path, atomically (the file
 * appears whole or not at all).  The page needs nothing from outside:
 * styles are inline, plots are inline SVG drawn by gnuplot.  Without
 * gnuplot (or when it fails) the page still has every table and says why
 * it has no plots; that is not an error.  All text from the store is
 * escaped. */
int report_html(const char *store_path, long study, const char *out_path,
                char *err, size_t errlen);
int report_html_opts(const char *store_path, const report_options *o,
                     const char *out_path, char *err, size_t errlen);

typedef enum {
    REPORT_SUMMARY,       /* per member and KPI: mean, CI, p5, p95, n */
    REPORT_REPLICATIONS,  /* per member, replication and KPI: the value */
    REPORT_DAILY          /* per member, replication, day, series: value */
} report_what;

/* Parses "summary", "replications" or "daily".  0, or -1 if unknown. */
int report_what_parse(const char *s, report_what *out);

/* Writes a CSV export of a study to out_path (atomically), or to stdout
 * when out_path is NULL.  RFC 4180: a header row, CRLF line ends, text
 * fields written by csv_text (csv.h: quoted when they must be,
 * a formula start neutralised with "'"); numbers with %.10g as `flowsim
 * run --format csv`; an empty field for a value never observed.
 * Columns:
 *   summary       study,position,label,params,scenario,kpi,unit,mean,
 *                 ci95_lo,ci95_hi,p5,p95,n
 *   replications  study,position,label,params,scenario,replication,kpi,
 *                 unit,value
 *   daily         study,position,label,params,scenario,replication,day,
 *                 series,value
 * (day 0 is the first day of the run, warm-up included). */
int report_export(const char *store_path, long study, report_what what,
                  const char *out_path, char *err, size_t errlen);

/* The `flowsim report` and `flowsim export` commands: argv[0] is the
 * command name, then STORE and the options (see report_usage).  Returns
 * flowsim's exit status, after printing any message on stderr. */
int report_main(int argc, char **argv);

/* The usage lines of both commands, for flowsim --help. */
extern const char REPORT_USAGE[];

#endif
