/* arrivals.c -- `flowsim fit arrivals`: the hour-of-week profile and the
 * monthly factors of a Poisson stream from arrival times, its
 * over-dispersion, and the YAML arrivals: block (arrfit.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arrfit.h"
#include "arrin.h"
#include "fit.h"
#include "outfile.h"
#include "text.h"

typedef struct arr_opts {
    const char *path, *column, *name, *to, *output;
} arr_opts;

static const char ARR_USAGE[] =
    "usage: flowsim fit arrivals FILE.csv [--column C] [--name NAME]\n"
    "                            [--to UNIT] [-o FILE]\n"
    "Estimates a time-varying Poisson stream from the arrival times in\n"
    "column C (default: arrival; YYYY-MM-DD HH:MM[:SS], local time): the\n"
    "hour-of-week profile and the monthly factors with 95% CIs, Pearson's\n"
    "dispersion test on the daily counts, and the YAML arrivals: block\n"
    "(name and to: NAME, UNIT; default arrivals, ed).\n";

static const char *const ARR_DAYS[] = {"Mon", "Tue", "Wed", "Thu", "Fri",
                                       "Sat", "Sun"};

static int arr_bad(const char *msg, const char *arg)
{
    fputs("flowsim fit arrivals: ", stderr);
    text_term_line(stderr, msg, arg);
    fputs(ARR_USAGE, stderr);
    return FIT_EXIT_BAD_INPUT;
}

/* A name usable in the scenario language: letters, digits, _ and -. */
static int arr_is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* Parses argv (argv[0] "arrivals"); -1 to go on, or an exit status. */
static int arr_args(int argc, char **argv, arr_opts *o)
{
    *o = (arr_opts){.column = "arrival", .name = "arrivals", .to = "ed"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(ARR_USAGE, stdout);
            return 0;
        }
        const char **dst = !strcmp(a, "--column") ? &o->column
            : !strcmp(a, "--name") ? &o->name
            : !strcmp(a, "--to") ? &o->to
            : !strcmp(a, "-o") || !strcmp(a, "--output") ? &o->output : NULL;
        if (dst) {
            if (i + 1 == argc)
                return arr_bad("%s needs a value", a);
            *dst = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return arr_bad("unknown option '%s'", a);
        } else if (o->path) {
            return arr_bad("unexpected argument '%s'", a);
        } else {
            o->path = a;
        }
    }
    if (!o->path)
        return arr_bad("expected FILE.csv%s", "");
    if (!arr_is_name(o->name) || !arr_is_name(o->to))
        return arr_bad("--name and --to: expected names (letters, digits, "
                       "_ and -), not '%s'", arr_is_name(o->name) ? o->to
                                                                  : o->name);
    return -1;
}

/* The table: the profile by hour and day, the months, the test. */
static void arr_table(FILE *f, const arrfit *a)
{
    long y, m, d;
    arrin_date(a->day0, &y, &m, &d);
    fprintf(f, "# flowsim fit arrivals: %zu arrivals over %ld days from "
            "%04ld-%02ld-%02ld; %.4g a day at profile and factor 1\n",
            a->n, a->ndays, y, m, d, a->rate);
    fputs("# hour-of-week profile (mean 1), 95% CI:\n#   hour", f);
    for (int w = 0; w < 7; w++)
        fprintf(f, "  %-17s", ARR_DAYS[w]);
    fputc('\n', f);
    for (int h = 0; h < 24; h++) {
        fprintf(f, "#   %02d  ", h);
        for (int w = 0; w < 7; w++) {
            int k = w * 24 + h;
            fprintf(f, "  %5.2f [%4.2f,%5.2f]", a->how[k], a->how_lo[k],
                    a->how_hi[k]);
        }
        fputc('\n', f);
    }
    fputs("# monthly factors (mean 1 over the days observed), 95% CI:\n", f);
    for (size_t i = 0; i < a->n_months; i++) {
        long mi = a->month0 + (long)i;
        fprintf(f, "#   %04ld-%02ld  %.3f [%.3f, %.3f]  (%g days)\n",
                mi / 12, mi % 12 + 1, a->month[i], a->month_lo[i],
                a->month_hi[i], a->month_days[i]);
    }
    fprintf(f, "# hourly x weekly (what the scenario language has): "
            "Pearson X2 of hour-of-week counts = %.1f on 138 df, p = %.3g: "
            "%s\n", a->sep_x2, a->sep_p, a->sep_p < 0.05
            ? "NOT SEPARABLE: the profile of some days differs in shape"
            : "the profile is separable");
    fprintf(f, "# over-dispersion: Pearson X2 of daily counts = %.1f on "
            "%.0f df, dispersion %.3f, p = %.3g: %s\n", a->pearson, a->df,
            a->dispersion, a->p,
            !(a->p < 0.05) ? "a Poisson stream fits"
            : a->dispersion > 1 ? "OVER-DISPERSED: a Poisson stream "
                                  "understates day-to-day variation"
                                : "UNDER-DISPERSED: arrivals are more "
                                  "regular than Poisson");
}

/* The YAML block. */
static void arr_yaml(FILE *f, const arrfit *a, const arr_opts *o)
{
    fprintf(f, "arrivals:\n  - name: %s\n    to: %s\n    rate: %.6g per "
            "day\n    hourly: [", o->name, o->to, a->rate);
    for (int h = 0; h < 24; h++)
        fprintf(f, "%s%.4f", h ? ", " : "", a->hourly[h]);
    fputs("]\n    weekly: [", f);
    for (int w = 0; w < 7; w++)
        fprintf(f, "%s%.4f", w ? ", " : "", a->weekly[w]);
    fputs("]\n", f);
    if (a->n_months > 1) {
        fputs("    periods:  # needs start_date\n", f);
        for (size_t i = 0; i < a->n_months; i++) {
            long mi = a->month0 + (long)i, mj = mi + 1;
            fprintf(f, "      - {from: %04ld-%02ld-01, to: %04ld-%02ld-01, "
                    "factor: %.4f}\n", mi / 12, mi % 12 + 1, mj / 12,
                    mj % 12 + 1, a->month[i]);
        }
    }
}

int fit_arrivals_main(int argc, char **argv)
{
    arr_opts o;
    int rc = arr_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    long long *t;
    size_t n;
    char err[512];
    arrfit a;
    if (arrin_read(o.path, o.column, &t, &n, err, sizeof err)) {
        text_term_line(stderr, "%s", err);
        return FIT_EXIT_BAD_INPUT;
    }
    if (arrfit_estimate(t, n, &a, err, sizeof err)) {
        text_term_line(stderr, "%s: %s", o.path, err);
        free(t);
        return FIT_EXIT_BAD_INPUT;
    }
    free(t);
    char *tmp = NULL;
    FILE *f = o.output ? outfile_open(o.output, &tmp) : stdout;
    rc = f ? 0 : FIT_EXIT_OUTPUT;
    if (f) {
        arr_table(f, &a);
        arr_yaml(f, &a, &o);
        if (o.output && outfile_commit(f, o.output, tmp))
            rc = FIT_EXIT_OUTPUT;
    }
    if (rc)
        text_term_line(stderr, "flowsim fit arrivals: %s: not written",
                       o.output);
    arrfit_free(&a);
    return rc;
}
