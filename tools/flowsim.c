/* flowsim.c -- the command line: a table of the commands (run, check,
 * compare, sweep, size, benefits, warmup, merge, validate, report,
 * export, serve, fit, calibrate, schema), each with its help and its
 * handler; options.c parses the options they share.  The work is the
 * layers' below (tools/README.md): this file only dispatches.
 *
 * Exit status (runner.h): 0 success; 1 a target missed (validate); 2 bad
 * input (scenario or command line); 3 a run that could not finish (runaway
 * model, out of memory); 4 an output file, stdout or the store not
 * written (a closed pipe included: SIGPIPE is ignored); 5 --precision not
 * reached by --max-replications (output written); 128 + N stopped by
 * signal N (interrupt.h: 130 SIGINT, 143 SIGTERM, 129 SIGHUP).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calibrate.h"
#include "cluster.h"
#include "compare.h"
#include "experiment.h"
#include "finance.h"
#include "fit.h"
#include "flowsim_config.h"
#include "format.h"
#include "headline.h"
#include "jams.h"
#include "load.h"
#include "options.h"
#include "outfile.h"
#include "output.h"
#include "report.h"
#include "runner.h"
#include "schema.h"
#include "serve.h"
#include "size.h"
#include "store.h"
#include "storemerge.h"
#include "sweep.h"
#include "text.h"
#include "trace.h"
#include "censusout.h"
#include "validate.h"
#include "value.h"
#include "warmup.h"

/* A command: its line in --help, and its handler. */
typedef struct command {
    const char *name;
    const char *synopsis;   /* "run FILE"; NULL: listed with the report
                               commands (REPORT_USAGE) */
    const char *help;       /* what it does; lines after the first are
                               indented under it */
    /* A command with options of its own: argv[0] is its name. */
    int (*main)(int argc, char **argv, const experiment_executor *ex);
    /* A command of the shared options (parse_args). */
    int (*run)(const options *o);
} command;

static void usage(FILE *f);

/* Loads a file with the common --set overrides; NULL on error. */
static scenario *load_one(const options *o, const char *file,
                          char **canonical)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario(file, o->sets, o->n_sets, canonical, err,
                                 sizeof err);
    /* A sweep file (base: and grid: or points:) given to run or check
     * fails on its first key, base:; say what it is, not that. */
    if (!sc && strstr(err, ": base: unknown key 'base'"))
        text_term_line(stderr, "flowsim: %s looks like a sweep file "
                               "(base:, grid: or points:): run it with "
                               "flowsim sweep %s",
                       file, file);
    else if (!sc)
        fprintf(stderr, "%s\n", err);
    return sc;
}

/* Loads the command's one scenario file and hands it to fn.  Returns fn's
 * exit status, or the loader's. */
static int on_scenario(const options *o,
                       int (*fn)(const options *o, scenario *sc,
                                 const char *canonical))
{
    if (o->n_files > 1)
        return options_bad("unexpected argument '%s'", o->files[1]);
    char *canonical = NULL;
    scenario *sc = load_one(o, o->file, &canonical);
    if (!sc)
        return EXIT_BAD_INPUT;
    int rc = fn(o, sc, canonical);
    free(canonical);
    scenario_free(sc);
    return rc;
}

static int write_result(const options *o, const experiment *e)
{
    /* A jam is told in the table itself and in JSON's "warnings"; a CSV
     * file, or any file, also gets it on stderr, where a user sees it. */
    if (o->format != FORMAT_TABLE || o->output) {
        jam_note j[JAMS_MAX];
        jams_write_text(stderr, e->sc, j, jams_find(e, j, JAMS_MAX));
    }
    output_view v = {.kpis = o->kpis, .all = o->all};
    if (!o->output) { /* checked with all of stdout at exit (main) */
        output_write(stdout, e, o->format, &v);
        return 0;
    }
    char *tmp = NULL;
    FILE *f = outfile_open(o->output, &tmp);
    if (!f) {
        fprintf(stderr, "flowsim: %s: cannot write: %s\n", o->output,
                strerror(errno));
        return EXIT_IO;
    }
    int werr = output_write(f, e, o->format, &v);
    if (outfile_commit(f, o->output, tmp) != 0 || werr) {
        fprintf(stderr, "flowsim: %s: cannot write: %s\n", o->output,
                strerror(errno ? errno : EIO));
        return EXIT_IO;
    }
    return 0;
}

/* Refuses a --kpis list that selects none of sc's KPIs, before any
 * replication runs.  Returns 0, or -1 after saying so. */
static int kpis_check(const options *o, const scenario *sc)
{
    kpi_list l;
    if (network_kpis(sc, &l) != 0) {
        fputs("flowsim: out of memory\n", stderr);
        return -1;
    }
    size_t n = 0;
    for (size_t k = 0; k < l.n; k++)
        n += (size_t)headline_match(o->kpis, l.defs[k].name);
    kpi_list_free(&l);
    if (n > 0)
        return 0;
    text_term_line(stderr, "flowsim: %s: --kpis '%s' matches none of "
                           "this scenario's KPIs (flowsim run --all "
                           "lists them)",
                   o->file, o->kpis);
    return -1;
}

/* run --trace: the event log of replication 0, or of the replications
 * --trace-replications lists (each below the run's count).  Returns 0 or
 * an exit status. */
static int run_trace(const options *o, scenario *sc)
{
    char err[512];
    long n = o->replications ? o->replications : sc->replications;
    unsigned char *pick = NULL;
    if (o->has_seed)
        sc->seed = o->seed;
    if (o->trace_reps) {
        if (!(pick = calloc((size_t)n, 1))) {
            fprintf(stderr, "flowsim: out of memory\n");
            return EXIT_RUN_FAILED;
        }
        if (trace_reps_parse(o->trace_reps, n, pick, err, sizeof err) < 0) {
            free(pick);
            text_term_line(stderr, "flowsim: %s", err);
            fputs("(see flowsim --help)\n", stderr);
            return EXIT_BAD_INPUT;
        }
    }
    int rc = trace_write(sc, pick, n, o->trace, err, sizeof err);
    free(pick);
    if (rc == 0)
        return 0;
    text_term_line(stderr, "flowsim: %s", err);
    return strstr(err, "cannot write") ? EXIT_IO : EXIT_RUN_FAILED;
}

/* run: the trace first, then the replications with the results store. */
static int run_scenario(const options *o, scenario *sc,
                        const char *canonical)
{
    /* From here a signal lets what runs finish (interrupt.h): the trace,
     * written first, and the replications. */
    if (o->stop)
        interrupt_keep(o->stop);
    if (o->trace) {
        int rc = run_trace(o, sc);
        if (rc)
            return rc;
    }
    if (o->census_out) {
        char err[512];
        if (o->has_seed)
            sc->seed = o->seed;
        if (censusout_write(sc, 0, o->census_out, err, sizeof err) != 0) {
            fprintf(stderr, "flowsim: %s\n", err);
            return strstr(err, "cannot write") ? EXIT_IO
                   : strstr(err, "stopped")    ? EXIT_RUN_FAILED
                                               : EXIT_BAD_INPUT;
        }
    }
    if (o->kpis && kpis_check(o, sc) != 0)
        return EXIT_BAD_INPUT;
    experiment e;
    run_options ro = options_run(o);
    int rc = runner_run(&ro, sc, canonical, &e);
    if (rc)
        return rc;
    rc = write_result(o, &e);
    if (!rc && e.precision_missed)
        rc = EXIT_PRECISION_MISSED;
    experiment_free(&e);
    return rc;
}

static int check_scenario(const options *o, scenario *sc,
                          const char *canonical)
{
    (void)canonical;
    printf("%s: ok (%zu units, %zu arrival streams)\n", o->file,
           sc->n_units, sc->n_arrivals);
    return 0;
}

static int warmup_scenario(const options *o, scenario *sc,
                           const char *canonical)
{
    (void)canonical;
    run_options ro = options_run(o);
    return warmup_command(sc, &ro, stdout);
}

/* Compares the mean of each target's KPI with the observed value. */
static int validate_scenario(const options *o, scenario *sc,
                             const char *canonical)
{
    if (sc->n_targets == 0) {
        fprintf(stderr, "flowsim: %s: no targets: section to validate\n",
                o->file);
        return EXIT_BAD_INPUT;
    }
    experiment e;
    run_options ro = options_run(o);
    int rc = runner_run(&ro, sc, canonical, &e);
    if (rc)
        return rc;
    const char *bad;
    if (validate_check(sc, &e, &bad) != 0) {
        text_term_line(stderr, "flowsim: %s: target '%s' is not a KPI of "
                               "this scenario (flowsim run lists them)",
                       o->file, bad);
        experiment_free(&e);
        return EXIT_BAD_INPUT;
    }
    int ok = validate_report(stdout, sc, &e);
    experiment_free(&e);
    return ok ? 0 : EXIT_TARGET_MISSED;
}

static int cmd_run(const options *o) { return on_scenario(o, run_scenario); }

static int cmd_check(const options *o)
{
    return on_scenario(o, check_scenario);
}

static int cmd_warmup(const options *o)
{
    return on_scenario(o, warmup_scenario);
}

static int cmd_validate(const options *o)
{
    return on_scenario(o, validate_scenario);
}

static int cmd_compare(const options *o)
{
    if (o->n_files < 2)
        return options_bad("compare: expected BASE.yaml and at least one "
                         "ALT.yaml%s", "");
    compare_opts co = {.files = o->files, .n_files = o->n_files,
                       .sets = o->sets, .n_sets = o->n_sets,
                       .run = options_run(o), .format = o->format,
                       .output = o->output,
                       .view = {.kpis = o->kpis, .all = o->all}};
    return compare_command(&co);
}

static int cmd_sweep(const options *o)
{
    if (o->n_files > 1)
        return options_bad("unexpected argument '%s'", o->files[1]);
    sweep_opts so = {.file = o->file, .sets = o->sets, .n_sets = o->n_sets,
                     .run = options_run(o), .format = o->format,
                     .output = o->output,
                     .view = {.kpis = o->kpis, .all = o->all}};
    return sweep_command(&so);
}

static int cmd_size(const options *o)
{
    if (o->n_files > 1)
        return options_bad("unexpected argument '%s'", o->files[1]);
    if (!o->vary || !o->has_range || !o->target)
        return options_bad("size: needs --vary KEY, --range LO:HI and "
                         "--target 'KPI OP VALUE'%s", "");
    size_opts so = {.file = o->file, .sets = o->sets, .n_sets = o->n_sets,
                    .run = options_run(o), .format = o->format,
                    .output = o->output, .key = o->vary,
                    .lo = o->range_lo, .hi = o->range_hi,
                    .target = o->target,
                    .confidence = o->confidence > 0 ? o->confidence : 0.9,
                    .on_mean = o->on_mean};
    return size_command(&so);
}

static int cmd_benefits(int argc, char **argv, const experiment_executor *ex)
{
    return benefits_main(argc, argv, ex);
}

static int cmd_merge(int argc, char **argv, const experiment_executor *ex)
{
    (void)ex;
    return store_merge_main(argc, argv);
}

/* serve parses its own options (tools/serve/cli.c). */
static int cmd_serve(int argc, char **argv, const experiment_executor *ex)
{
    (void)ex;
    return serve_main(argc, argv);
}

/* report and export parse their own options (tools/report/cli.c). */
static int cmd_report(int argc, char **argv, const experiment_executor *ex)
{
    (void)ex;
    return report_main(argc, argv);
}

/* The scenario language's JSON Schema, from the loader's tables
 * (tools/load/schema.h). */
static int cmd_schema(int argc, char **argv, const experiment_executor *ex)
{
    (void)ex;
    if (argc > 1)
        return options_bad("schema: unexpected argument '%s'", argv[1]);
    char err[256];
    if (schema_write(stdout, err, sizeof err)) {
        fprintf(stderr, "flowsim: %s\n", err);
        return EXIT_RUN_FAILED;
    }
    return 0;
}

/* calibrate parses its own options (tools/fit/calibrate.h). */
static int cmd_calibrate(int argc, char **argv,
                         const experiment_executor *ex)
{
    (void)ex;
    return calibrate_main(argc, argv);
}

/* fit parses its own options (tools/fit/). */
static int cmd_fit(int argc, char **argv, const experiment_executor *ex)
{
    (void)ex;
    return fit_main(argc, argv);
}

static const command COMMANDS[] = {
    {"run", "run FILE",
     "run the scenario's replications and print every KPI\n"
     "with its mean, 95% confidence interval, p5 and p95", NULL, cmd_run},
    {"check", "check FILE", "load and validate the scenario only", NULL,
     cmd_check},
    {"compare", "compare BASE ALT...",
     "run each scenario with the same seed and\n"
     "replications (common random numbers) and show each\n"
     "KPI's paired difference ALT - BASE with its 95% CI", NULL,
     cmd_compare},
    {"sweep", "sweep FILE",
     "run every point of a sweep file (a grid of --set\n"
     "overrides on a base scenario) under common random\n"
     "numbers; see scenarios/README.md", NULL, cmd_sweep},
    {"size", "size FILE",
     "the smallest --vary KEY in --range LO:HI meeting\n"
     "--target 'KPI OP VALUE' in --confidence P% (90%) of\n"
     "replications (--on-mean: the mean's bound), by\n"
     "bisection under common random numbers", NULL, cmd_size},
    {"benefits", "benefits BASE ALT",
     "savings of ALT against BASE by financial year\n"
     "(costs: and business_case: sections; flowsim benefits\n"
     "--help)", cmd_benefits, NULL},
    {"warmup", "warmup FILE",
     "show the running mean of occupancy across\n"
     "replications (Welch) and suggest a warm-up length", NULL,
     cmd_warmup},
    {"merge", "merge OUT.db IN.db...",
     "copy results stores (shards of one\n"
     "experiment, --shard) into OUT.db", cmd_merge, NULL},
    {"validate", "validate FILE",
     "run the scenario and compare its KPIs with the\n"
     "observed figures in its targets: section (exit 1\n"
     "when a target is missed)", NULL, cmd_validate},
    {"serve", "serve FILE",
     "the scenario's what-if page on a local web server:\n"
     "its levers as sliders, each setting run against the\n"
     "scenario (flowsim serve --help)", cmd_serve, NULL},
    {"report", NULL, NULL, cmd_report, NULL},
    {"export", NULL, NULL, cmd_report, NULL},
    {"fit", "fit KIND CSV",
     "KIND stays: stay distributions by maximum likelihood\n"
     "(censored stays included); KIND arrivals: an arrival\n"
     "stream's hour-of-week and monthly profile; from a CSV\n"
     "extract, with the YAML to paste (flowsim fit stays --help)",
     cmd_fit, NULL},
    {"calibrate", "calibrate FILE",
     "tune the free parameters of the scenario's calibrate:\n"
     "section to its targets: (Nelder-Mead on common random\n"
     "numbers) and write them as an overlay (-o)", cmd_calibrate,
     NULL},
    {"schema", "schema",
     "print the JSON Schema (draft 2020-12) of the scenario\n"
     "language, for editors", cmd_schema, NULL},
};

static const command *command_find(const char *name)
{
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(COMMANDS[i].name, name))
            return &COMMANDS[i];
    return NULL;
}

/* The commands from the table, then the shared options. */
static void usage(FILE *f)
{
    fputs("usage: flowsim COMMAND [options]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
        const command *c = &COMMANDS[i];
        if (!c->synopsis)
            continue;
        /* the synopsis in a column of 13, or followed by two spaces */
        fprintf(f, strlen(c->synopsis) <= 13 ? "  %-13s " : "  %s  ",
                c->synopsis);
        for (const char *h = c->help; *h;) {
            size_t len = strcspn(h, "\n");
            fprintf(f, "%s%.*s\n", h == c->help ? "" : "                ",
                    (int)len, h);
            h += len + (h[len] == '\n');
        }
    }
    fputc('\n', f);
    fputs(OPTIONS_HELP, f);
}

/* Refuses a store path that keeps nothing or is no file, and an output
 * (-o, --trace) that would overwrite the store.  Returns -1 to go on, or
 * an exit status. */
static int check_store_paths(const options *o)
{
    const char *path = o->no_store ? NULL
                       : o->store  ? o->store
                                   : "flowsim.db";
    const char *cmd = o->command;
    if (!path || (strcmp(cmd, "run") && strcmp(cmd, "validate") &&
                  strcmp(cmd, "compare") && strcmp(cmd, "sweep") &&
                  strcmp(cmd, "size")))
        return -1; /* check and warmup keep no store */
    char err[512];
    int rc = store_check_path(path, "use --no-store", err, sizeof err);
    if (rc) {
        fprintf(stderr, "flowsim: %s\n", err);
        return rc;
    }
    const char *out[3] = {o->output, o->trace, o->census_out};
    const char *opt[3] = {"-o", "--trace", "--census-out"};
    for (int i = 0; i < 3; i++)
        if (out[i] && store_same_file(path, out[i])) {
            fprintf(stderr, "flowsim: %s %s is the results store %s (or "
                            "one of its files): writing it would destroy "
                            "the store; choose another file, or another "
                            "--store\n",
                    opt[i], out[i], path);
            return EXIT_BAD_INPUT;
        }
    return -1;
}

/* A command of the shared options: parsed, checked, run. */
static int flowsim_main(int argc, char **argv)
{
    const experiment_executor *ex = cluster_executor();
    const command *c = argc > 1 ? command_find(argv[1]) : NULL;
    if (c && c->main)
        return c->main(argc - 1, argv + 1, ex);
    options o = {.format = FORMAT_TABLE, .executor = ex};
    int rc = options_parse(argc, argv, &o);
    if (rc == OPTIONS_HELP_ASKED) {
        usage(stdout);
        fputs("\nreport commands:\n", stdout);
        fputs(REPORT_USAGE, stdout);
        return 0;
    }
    interrupt stop;
    if (rc < 0 && interrupt_start(&stop) == 0)
        o.stop = &stop;
    if (rc >= 0)
        return rc;
    if (!o.command) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    c = command_find(o.command);
    if (!c || !c->run)
        return options_bad("unknown command '%s'", o.command);
    if (o.shard_n > 0 && (o.no_store || o.precision > 0))
        return options_bad("--shard: needs a store (not --no-store) and no "
                         "--precision%s", "");
    if ((o.vary || o.target || o.has_range || o.on_mean ||
         o.confidence > 0) && strcmp(o.command, "size"))
        return options_bad("--vary, --range, --target, --confidence and "
                         "--on-mean are flowsim size's options, not %s's",
                         o.command);
    if (o.trace_reps && !o.trace)
        return options_bad("--trace-replications: needs --trace FILE%s", "");
    o.file = o.files[0];
    if (!o.file)
        return options_bad("%s: which scenario file?", o.command);
    if ((rc = check_store_paths(&o)) >= 0)
        return rc;
    return c->run(&o);
}

/* Under MPI (mpirun, srun) rank 0 runs the command and the other ranks
 * serve its replications (tools/mpi/cluster.h); otherwise a plain run.
 * Every command ends here, where stdout is checked once for all of them:
 * output that did not reach it turns success into EXIT_IO.
 *
 * SIGPIPE is ignored: output to a closed pipe (`flowsim run x | head`)
 * fails with EPIPE and ends the command through its normal paths (store
 * closed, temporary files removed) with status 4, like any output that
 * cannot be written.  A command stopped by a signal returns 128 + N;
 * outside MPI the process then ends as killed by that signal, so that a
 * calling shell sees it (under MPI rank 0 exits with the status, which
 * mpirun reports: a rank killed by a signal makes mpirun abort the job). */
int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    int rc = cluster_main(argc, argv, flowsim_main);
    if (outfile_close_stdout() != 0 &&
        (rc == 0 || rc == EXIT_TARGET_MISSED ||
         rc == EXIT_PRECISION_MISSED)) {
        fprintf(stderr, "flowsim: stdout: cannot write: %s\n",
                strerror(errno ? errno : EIO));
        rc = EXIT_IO;
    }
    if (rc > 128 && rc < 128 + 64 && cluster_size() == 1) {
        fflush(NULL);
        interrupt_exit(rc - 128);
    }
    return rc;
}
