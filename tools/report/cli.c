/* cli.c -- the `flowsim report` and `flowsim export` commands (report.h).
 * They live here, not in flowsim.c, so that flowsim.c only dispatches. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"
#include "store.h"
#include "text.h"

const char REPORT_USAGE[] =
    "  report STORE  write one self-contained HTML page of a study in the\n"
    "                results store: its KPI tables with 95% CIs (paired\n"
    "                differences for a compare) and plots (with gnuplot)\n"
    "      --study ID     the study (default: the newest)\n"
    "      --kpi NAME     sweeps: the KPI to plot (default\n"
    "                     ed.four_hour.performance, else a unit's wait)\n"
    "      --show-warmup  daily plots: draw the warm-up days too (by\n"
    "                     default left out; dates when the scenario\n"
    "                     has a start_date)\n"
    "      -o FILE        the page (default report.html)\n"
    "  export STORE --what summary|replications|daily\n"
    "                a study as CSV for spreadsheets (RFC 4180)\n"
    "      --study ID     the study (default: the newest)\n"
    "      -o FILE        write to FILE (atomically) instead of stdout\n";

/* msg has one %s, for arg (a command-line argument, shown safely). */
static int usage_error(const char *cmd, const char *msg, const char *arg)
{
    char line[1024];
    snprintf(line, sizeof line, msg, arg);
    text_term_line(stderr, "flowsim %s: %s", cmd, line);
    fputs("(see flowsim --help)\n", stderr);
    return REPORT_BAD_INPUT;
}

int report_main(int argc, char **argv)
{
    const char *cmd = argc > 0 ? argv[0] : "report";
    int is_report = !strcmp(cmd, "report");
    const char *store_path = NULL, *out = NULL, *what_s = NULL, *kpi = NULL;
    long study = -1;
    int show_warmup = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(REPORT_USAGE, stdout);
            return 0;
        }
        if (a[0] != '-' || !strcmp(a, "-")) {
            if (store_path)
                return usage_error(cmd, "unexpected argument '%s'", a);
            store_path = a;
            continue;
        }
        if (!strcmp(a, "--show-warmup") && is_report) {
            show_warmup = 1;
            continue;
        }
        /* an option this command does not have is named as such, not
         * as one missing its value */
        int known = !strcmp(a, "--study") || !strcmp(a, "-o") ||
                    !strcmp(a, "--output") ||
                    (!strcmp(a, "--what") && !is_report) ||
                    (!strcmp(a, "--kpi") && is_report);
        if (!known)
            return usage_error(cmd, "unknown option '%s'", a);
        if (!val)
            return usage_error(cmd, "option %s needs a value", a);
        if (!strcmp(a, "--study")) {
            char *end;
            errno = 0;
            study = strtol(val, &end, 10);
            if (errno || end == val || *end || study < 1)
                return usage_error(cmd, "--study: expected a study id (a "
                                        "whole number from 1), not '%s'",
                                   val);
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            out = val;
        } else if (!strcmp(a, "--what") && !is_report) {
            what_s = val;
        } else if (!strcmp(a, "--kpi") && is_report) {
            kpi = val;
        } else {
            return usage_error(cmd, "unknown option '%s'", a);
        }
        i++;
    }
    if (!store_path)
        return usage_error(cmd, "which results store?%s", "");
    const char *page = is_report && !out ? "report.html" : out;
    if (page && store_same_file(store_path, page))
        return usage_error(cmd, "-o %s is the results store (or one of its "
                                "files): writing it would destroy the "
                                "store; choose another file", page);
    char err[1024] = "";
    int rc;
    if (is_report) {
        report_options o = {.study = study, .kpi = kpi,
                            .show_warmup = show_warmup};
        rc = report_html_opts(store_path, &o, out ? out : "report.html",
                              err, sizeof err);
    } else {
        report_what what;
        if (!what_s)
            return usage_error(cmd, "--what: expected summary, "
                                    "replications or daily%s", "");
        if (report_what_parse(what_s, &what) != 0)
            return usage_error(cmd, "--what: expected summary, replications"
                                    " or daily, not '%s'", what_s);
        rc = report_export(store_path, study, what, out, err, sizeof err);
    }
    if (rc)
        text_term_line(stderr, "flowsim %s: %s", cmd, err);
    return rc;
}
