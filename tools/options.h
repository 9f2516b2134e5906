/* options.h -- the options that run, check, compare, sweep, size, warmup
 * and validate share: parsed once from the command line (options_parse)
 * and turned into the runner's (options_run).  The flowsim executable's
 * own; flowsim.c holds the table of commands that use them.
 */
#ifndef FLOWSIM_OPTIONS_H
#define FLOWSIM_OPTIONS_H

#include "format.h"
#include "interrupt.h"
#include "runner.h"

#define OPTIONS_MAX_SETS 256    /* --set overrides at most */
#define OPTIONS_MAX_FILES 64    /* scenario files at most */
#define OPTIONS_HELP_ASKED (-2) /* options_parse: -h or --help given */
#define OPTIONS_QUANTILES_MAX 256 /* --quantiles: the set it becomes */

/* The options that run, check, compare, sweep, size, warmup and validate
 * share (options_parse).  */
typedef struct options {
    const char *command, *file, *output, *trace, *store;
    const char *census_out;
    const char *trace_reps;         /* --trace-replications LIST */
    char quantiles[OPTIONS_QUANTILES_MAX]; /* --quantiles: "quantiles=[..]" */
    const char *kpis;               /* --kpis PATTERN,..., or NULL */
    const char *vary, *target;      /* size: --vary KEY, --target T */
    long range_lo, range_hi;        /* size: --range LO:HI */
    int has_range, on_mean;
    double confidence;              /* size: --confidence (0: 90%) */
    int no_store, no_series, quiet, all;
    double precision;
    long max_replications;
    interrupt *stop;
    const char *files[OPTIONS_MAX_FILES];   /* file == files[0] */
    size_t n_files;
    const char *sets[OPTIONS_MAX_SETS];
    size_t n_sets;
    long replications, threads;
    long shard_k, shard_n;          /* --shard K/N; shard_n 0: none */
    unsigned long long seed;
    int has_seed;
    out_format format;
    const experiment_executor *executor;  /* the MPI ranks, or NULL */
} options;
/* The options' part of `flowsim --help`, and the exit statuses. */
extern const char OPTIONS_HELP[];

/* Parses argv (argv[0] is the program) into o, which the caller zeroes.
 * Returns -1 to go on, OPTIONS_HELP_ASKED when the help is asked for (the
 * caller prints it), 0 after printing the version, or EXIT_BAD_INPUT
 * after a message on stderr. */
int options_parse(int argc, char **argv, options *o);

/* "flowsim: " fmt (with arg) and a pointer to --help on stderr; returns
 * EXIT_BAD_INPUT. */
int options_bad(const char *fmt, const char *arg);

/* The runner's options from the command line's (the store defaults to
 * flowsim.db, --max-replications to 1000). */
run_options options_run(const options *o);

#endif
