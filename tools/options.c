/* options.c -- the options the scenario commands share (options.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flowsim_config.h"
#include "headline.h"
#include "options.h"
#include "scenario.h"
#include "value.h"

const char OPTIONS_HELP[] =
    "options:\n"
    "  --replications N   replications (default: the scenario's)\n"
    "  --threads N        worker threads (default: one per core)\n"
    "  --seed S           base seed (default: the scenario's)\n"
    "  --set KEY=VALUE    override a scenario value, e.g.\n"
    "                     --set units.ward.capacity=14 (repeatable)\n"
    "  --format F         table (default), json or csv\n"
    "  -o, --output FILE  write to FILE (atomically) instead of stdout\n"
    "  --kpis PATTERN,... only the KPIs whose names match (globs, e.g.\n"
    "                     'ed.*,acute.occupancy.rate'), in every format\n"
    "  --all              the table shows every KPI, not the compact set\n"
    "  --trace FILE       run: also write replication 0's event log as CSV\n"
    "  --quantiles LIST   more percentiles of every unit's occupancy,\n"
    "                     blocked places, line and wait: like 0.85,0.99\n"
    "                     (the same as --set 'quantiles=[0.85,0.99]')\n"
    "  --trace-replications LIST\n"
    "                     the replications --trace logs: like 0,3,10-19\n"
    "                     (numbered from 0) or all (default: 0)\n"
    "  --census-out FILE  run: also write replication 0's patients at the\n"
    "                     horizon as a census CSV (initial: {from: FILE})\n"
    "  --precision P%     add replications until every headline KPI's\n"
    "                     (or every --kpis KPI's) 95% CI half-width is\n"
    "                     within P% of its mean; exit 5 when it is not\n"
    "  --max-replications N  the most --precision may run (default 1000)\n"
    "  --store PATH       results store (default flowsim.db): every\n"
    "                     replication is kept as it finishes, and the same\n"
    "                     experiment run again resumes from it\n"
    "  --no-store         keep no results store\n"
    "  --no-series        store KPIs only, not the daily series\n"
    "  --shard K/N        run only replications r with r % N = K into the\n"
    "                     store (combine the shards with flowsim merge)\n"
    "  -q, --quiet        no progress bar and no notes on stderr\n"
    "  -h, --help         this help\n"
    "  --version          the version\n"
    "\n"
    "exit status: 0 ok, 1 a target missed (validate), 2 bad input,\n"
    "3 run failed, 4 output not written (or stdout closed), 5 --precision\n"
    "not reached (output written), 128+N stopped by signal N (130 Ctrl-C,\n"
    "143 SIGTERM, 129 SIGHUP)\n";


int options_bad(const char *fmt, const char *arg)
{
    fputs("flowsim: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see flowsim --help)\n", stderr);
    return EXIT_BAD_INPUT;
}


/* A number option's value (--replications ... --shard); returns -1 when
 * a is none of them, 0 when parsed, or an exit status. */
static int parse_number(const char *a, const char *val, options *o)
{
    char *end;
    errno = 0;
    if (!strcmp(a, "--replications")) {
        if (value_parse_long(val, 1, SCENARIO_MAX_REPLICATIONS, &o->replications))
            return options_bad("--replications: expected a whole number "
                             "from 1 to 1000000, not '%s'", val);
    } else if (!strcmp(a, "--threads")) {
        if (value_parse_long(val, 1, EXPERIMENT_MAX_THREADS, &o->threads))
            return options_bad("--threads: expected a whole number from "
                             "1 to 1024, not '%s'", val);
    } else if (!strcmp(a, "--seed")) {
        o->seed = strtoull(val, &end, 10);
        if (errno || end == val || *end || val[0] == '-')
            return options_bad("--seed: expected a non-negative whole "
                             "number, not '%s'", val);
        o->has_seed = 1;
    } else if (!strcmp(a, "--precision")) {
        o->precision = strtod(val, &end) / 100;
        if (errno || end == val || strcmp(end, "%") ||
            !(o->precision > 0 && o->precision < 1))
            return options_bad("--precision: expected a percentage "
                             "like 2%%, not '%s'", val);
    } else if (!strcmp(a, "--max-replications")) {
        if (value_parse_long(val, 2, SCENARIO_MAX_REPLICATIONS,
                       &o->max_replications))
            return options_bad("--max-replications: expected a whole "
                             "number from 2 to 1000000, not '%s'", val);
    } else if (!strcmp(a, "--range")) {
        char *colon;
        o->range_lo = strtol(val, &colon, 10);
        if (errno || colon == val || *colon != ':' ||
            value_parse_long(colon + 1, o->range_lo, LONG_MAX, &o->range_hi))
            return options_bad("--range: expected LO:HI, whole numbers with "
                             "LO <= HI, like 600:700, not '%s'", val);
        o->has_range = 1;
    } else if (!strcmp(a, "--confidence")) {
        o->confidence = strtod(val, &end) / 100;
        if (errno || end == val || strcmp(end, "%") ||
            !(o->confidence > 0 && o->confidence < 1))
            return options_bad("--confidence: expected a percentage "
                             "like 90%%, not '%s'", val);
    } else if (!strcmp(a, "--shard")) {
        o->shard_k = strtol(val, &end, 10);
        if (errno || end == val || *end != '/' ||
            value_parse_long(end + 1, 1, SCENARIO_MAX_REPLICATIONS,
                       &o->shard_n) ||
            o->shard_k < 0 || o->shard_k >= o->shard_n)
            return options_bad("--shard: expected K/N with 0 <= K < N, "
                             "like 0/4, not '%s'", val);
    } else {
        return -1;
    }
    return 0;
}

/* An option with a value (a is an option, val its value).  Returns 0, or
 * an exit status. */
static int parse_value(const char *a, const char *val, options *o)
{
    int rc = parse_number(a, val, o);
    if (rc >= 0)
        return rc;
    if (!strcmp(a, "--set")) {
        if (o->n_sets == OPTIONS_MAX_SETS)
            return options_bad("too many --set options (most: 256)%s", "");
        if (!strchr(val, '='))
            return options_bad("--set: expected KEY=VALUE, not '%s'", val);
        o->sets[o->n_sets++] = val;
    } else if (!strcmp(a, "--format")) {
        if (format_parse(val, FORMATS_DATA, &o->format))
            return options_bad("--format: expected table, json or csv, "
                             "not '%s'", val);
    } else if (!strcmp(a, "--store")) {
        o->store = val;
    } else if (!strcmp(a, "--trace")) {
        o->trace = val;
    } else if (!strcmp(a, "--quantiles")) {
        /* the scenario's `quantiles:`, as a --set: shares only, so the
         * list cannot reach past the key's value */
        if (!*val || val[strspn(val, "0123456789.%, ")] ||
            (size_t)snprintf(o->quantiles, sizeof o->quantiles,
                             "quantiles=[%s]", val) >= sizeof o->quantiles)
            return options_bad("--quantiles: expected shares like "
                               "0.85,0.95,0.99 or 85%%,99%%, not '%s'", val);
        if (o->n_sets == OPTIONS_MAX_SETS)
            return options_bad("too many --set options (most: 256)%s", "");
        o->sets[o->n_sets++] = o->quantiles;
    } else if (!strcmp(a, "--trace-replications")) {
        o->trace_reps = val;
    } else if (!strcmp(a, "--census-out")) {
        o->census_out = val;
    } else if (!strcmp(a, "--vary")) {
        o->vary = val;
    } else if (!strcmp(a, "--target")) {
        o->target = val;
    } else if (!strcmp(a, "--kpis")) {
        if (headline_patterns_check(val))
            return options_bad("--kpis: expected KPI names or patterns "
                             "separated by commas, like 'ed.*,acute.*', "
                             "not '%s'", val);
        o->kpis = val;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
        o->output = val;
    } else {
        return options_bad("unknown option '%s'", a);
    }
    return 0;
}

/* Fills o from argv.  Returns -1 to go on, or an exit status. */
int options_parse(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            return OPTIONS_HELP_ASKED;
        } else if (!strcmp(a, "--no-store")) {
            o->no_store = 1;
        } else if (!strcmp(a, "--no-series")) {
            o->no_series = 1;
        } else if (!strcmp(a, "--all")) {
            o->all = 1;
        } else if (!strcmp(a, "--on-mean")) {
            o->on_mean = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--version")) {
            printf("flowsim %s\n", FLOWSIM_VERSION);
            return 0;
        } else if (a[0] != '-' || !strcmp(a, "-")) {
            if (!o->command)
                o->command = a;
            else if (o->n_files < OPTIONS_MAX_FILES)
                o->files[o->n_files++] = a;
            else
                return options_bad("too many files (most: 64) at '%s'", a);
        } else if (i + 1 == argc) {
            return options_bad("option %s needs a value", a);
        } else {
            int rc = parse_value(a, argv[++i], o);
            if (rc)
                return rc;
        }
    }
    return -1;
}

run_options options_run(const options *o)
{
    return (run_options){.replications = o->replications,
                      .threads = (int)o->threads,
                      .has_seed = o->has_seed,
                      .seed = o->seed,
                      .store = o->no_store ? NULL
                               : o->store  ? o->store
                                           : "flowsim.db",
                      .series = !o->no_series,
                      .quiet = o->quiet,
                      .precision = o->precision,
                      .precision_kpis = o->kpis,
                      .max_replications = o->max_replications
                                              ? o->max_replications
                                              : 1000,
                      .shard_k = o->shard_k,
                      .shard_n = o->shard_n,
                      .stop = o->stop,
                      .executor = o->executor};
}
