/* stays.c -- `flowsim fit stays`: every family fitted to each group's
 * stays, ranked by BIC, with the YAML stay: block of the best one the
 * scenario language has, and optionally an SVG of the Kaplan-Meier
 * curve against the fitted survival curves. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fit.h"
#include "lifedist.h"
#include "outfile.h"
#include "staysin.h"
#include "svg.h"
#include "text.h"

#define STAYS_MIN 10       /* fewest observed stays a group is fitted on */
#define STAYS_MIN_MIXTURE 50
#define STAYS_MIN_DISTINCT 3 /* distinct ended stays: fewer fit nothing */

typedef struct stays_opts {
    staysin_opts in;
    const char *unit, *output, *plot;
} stays_opts;

/* One group's fits, ranked, and its Kaplan-Meier curve. */
typedef struct stays_group {
    const char *name;
    size_t n, censored, ended;
    life_fit fit[LIFE_COUNT];
    int rank[LIFE_COUNT]; /* families by BIC, the ones fitted first */
    size_t n_fits;
    double *km_t, *km_s;
    long km_m;
} stays_group;

static const char STAYS_USAGE[] =
    "usage: flowsim fit stays FILE.csv [--column C] [--censored-column C]\n"
    "                         [--by C] [--unit days|hours|minutes]\n"
    "                         [--plot FILE.svg] [-o FILE]\n"
    "Fits exponential, gamma, lognormal, Weibull, log-logistic and a\n"
    "two-lognormal mixture to the stays in column C (default: stay), by\n"
    "maximum likelihood with right-censored stays (--censored-column: 1\n"
    "when the patient was still in at the extract date); one fit per\n"
    "value of --by.  Ranks them by BIC, shows AIC and the KS distance to\n"
    "the Kaplan-Meier curve, and prints the YAML stay: block.\n";

static int stays_bad(const char *msg, const char *arg)
{
    fputs("flowsim fit stays: ", stderr);
    text_term_line(stderr, msg, arg);
    fputs(STAYS_USAGE, stderr);
    return FIT_EXIT_BAD_INPUT;
}

/* Parses argv (argv[0] "stays"); returns -1 to go on or an exit status. */
static int stays_args(int argc, char **argv, stays_opts *o)
{
    *o = (stays_opts){.in = {.column = "stay"}, .unit = "days"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(STAYS_USAGE, stdout);
            return 0;
        }
        const char **dst = !strcmp(a, "--column") ? &o->in.column
            : !strcmp(a, "--censored-column") ? &o->in.censored
            : !strcmp(a, "--by") ? &o->in.by
            : !strcmp(a, "--unit") ? &o->unit
            : !strcmp(a, "--plot") ? &o->plot
            : !strcmp(a, "-o") || !strcmp(a, "--output") ? &o->output : NULL;
        if (dst) {
            if (i + 1 == argc)
                return stays_bad("%s needs a value", a);
            *dst = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return stays_bad("unknown option '%s'", a);
        } else if (o->in.path) {
            return stays_bad("unexpected argument '%s'", a);
        } else {
            o->in.path = a;
        }
    }
    if (!o->in.path)
        return stays_bad("expected FILE.csv%s", "");
    if (strcmp(o->unit, "days") && strcmp(o->unit, "hours") &&
        strcmp(o->unit, "minutes"))
        return stays_bad("--unit: expected days, hours or minutes, not "
                         "'%s'", o->unit);
    return -1;
}

/* Fits every family to one group's stays and ranks them by BIC. */
static int stays_fit_group(stays_group *g, const double *t,
                           const unsigned char *c, size_t n)
{
    g->n = n;
    g->km_m = lifedist_km(t, c, n, &g->km_t, &g->km_s);
    if (g->km_m < 0)
        return -1;
    size_t ended = 0;
    for (size_t i = 0; i < n; i++)
        ended += !(c && c[i]);
    g->ended = ended;
    if (ended < STAYS_MIN || g->km_m < STAYS_MIN_DISTINCT)
        return 0;
    for (int f = 0; f < LIFE_COUNT; f++) {
        if (f == LIFE_MIXTURE && ended < STAYS_MIN_MIXTURE)
            continue;
        if (lifedist_fit((life_family)f, t, c, n, &g->fit[f]))
            return -1;
        if (!g->fit[f].ok)
            continue;
        g->fit[f].ks = lifedist_ks(&g->fit[f], g->km_t, g->km_s, g->km_m);
        size_t j = g->n_fits++;
        while (j && g->fit[g->rank[j - 1]].bic > g->fit[f].bic) {
            g->rank[j] = g->rank[j - 1];
            j--;
        }
        g->rank[j] = f;
    }
    return 0;
}

/* The stay: value of a fit in the scenario language (scenarios/README.md,
 * Distributions), or 0 when the language has no such family. */
static int stays_yaml(FILE *out, const life_fit *f, const char *unit)
{
    const double *p = f->par;
    switch (f->family) {
    case LIFE_EXPONENTIAL:
        fprintf(out, "{exponential: {mean: %.6g %s}}", p[0], unit);
        return 1;
    case LIFE_GAMMA:
        fprintf(out, "{gamma: {shape: %.6g, scale: %.6g %s}}", p[0], p[1],
                unit);
        return 1;
    case LIFE_LOGNORMAL: /* p90 = exp(mu + z0.9 sigma) */
        fprintf(out, "{lognormal: {median: %.6g %s, p90: %.6g %s}}",
                exp(p[0]), unit, exp(p[0] + 1.2815515655446004 * p[1]), unit);
        return 1;
    case LIFE_WEIBULL:
        fprintf(out, "{weibull: {shape: %.6g, scale: %.6g %s}}", p[0], p[1],
                unit);
        return 1;
    default:
        return 0;
    }
}

/* The natural parameters with their standard errors. */
static void stays_params(FILE *out, const life_fit *f)
{
    for (size_t i = 0; i < f->k; i++)
        fprintf(out, "%s%s %.4g (%.2g)", i ? ", " : "",
                lifedist_param(f->family, i), f->par[i], f->se[i]);
}

/* One group: its table and its YAML block. */
static void stays_print_group(FILE *out, const stays_group *g,
                              const stays_opts *o)
{
    fputs("# ", out);
    if (o->in.by) {
        text_term(out, o->in.by);
        fputs(" = ", out);
        text_term(out, g->name);
        fputs(": ", out);
    }
    fprintf(out, "%zu stays, %zu censored (%s)\n", g->n, g->censored,
            o->unit);
    if (!g->n_fits) {
        if (g->ended < STAYS_MIN)
            fprintf(out, "#   too few ended stays to fit: %zu (fewest: "
                    "%d)\n\n", g->ended, STAYS_MIN);
        else
            fprintf(out, "#   the ended stays take %ld distinct values; a "
                    "fit needs %d (measure in a finer unit)\n\n", g->km_m,
                    STAYS_MIN_DISTINCT);
        return;
    }
    fprintf(out, "#   %-12s %11s %11s %8s %6s  %s\n", "family", "AIC",
            "BIC", "dBIC", "KS", "parameters (standard error)");
    double best = g->fit[g->rank[0]].bic;
    for (size_t r = 0; r < g->n_fits; r++) {
        const life_fit *f = &g->fit[g->rank[r]];
        fprintf(out, "#   %-12s %11.2f %11.2f %8.2f %6.4f  ",
                lifedist_name(f->family), f->aic, f->bic, f->bic - best,
                f->ks);
        stays_params(out, f);
        fputc('\n', out);
    }
    const life_fit *top = &g->fit[g->rank[0]];
    size_t r = 0;
    while (r < g->n_fits && g->fit[g->rank[r]].family > LIFE_WEIBULL)
        r++;  /* the families the scenario language has come first */
    if (r > 0)
        fprintf(out, "# the scenario language has no %s; the best family "
                "it has:\n", lifedist_name(top->family));
    if (r < g->n_fits) {
        fputs("stay: ", out);
        stays_yaml(out, &g->fit[g->rank[r]], o->unit);
        fputs("\n", out);
    }
    fputc('\n', out);
}

/* One group's panel of the plot at vertical offset y0: the Kaplan-Meier
 * steps and the survival curves of the three best fits. */
static void stays_panel(FILE *f, const stays_group *g, const stays_opts *o,
                        double y0)
{
    static const char *const colors[] = {"#d62728", "#1f77b4", "#2ca02c"};
    const double L = 60, W = 560, T = y0 + 30, H = 220;
    double xmax = g->km_m ? g->km_t[g->km_m - 1] : 1;
    char label[160];
    snprintf(label, sizeof label, "%s%s%s: survival, n = %zu (%zu censored)",
             o->in.by ? o->in.by : "", o->in.by ? " = " : "",
             o->in.by ? g->name : "stays", g->n, g->censored);
    svg_text(f, L, y0 + 18, "start", label);
    svg_line(f, L, T + H, L + W, T + H, "#444");
    svg_line(f, L, T, L, T + H, "#444");
    for (int i = 0; i <= 4; i++) {
        char tick[32];
        snprintf(tick, sizeof tick, "%.2g", i / 4.0);
        svg_text(f, L - 6, T + H - i * H / 4 + 4, "end", tick);
        snprintf(tick, sizeof tick, "%.3g", xmax * i / 4);
        svg_text(f, L + i * W / 4, T + H + 16, "middle", tick);
    }
    svg_text(f, L + W / 2, T + H + 32, "middle", o->unit);
    double x[201], y[201];
    /* the Kaplan-Meier steps, thinned to at most 2000 jumps */
    size_t m = (size_t)g->km_m, stride = m > 2000 ? m / 2000 + 1 : 1;
    size_t nk = m / stride + 2;
    double *kx = malloc(nk * sizeof *kx), *ky = malloc(nk * sizeof *ky);
    if (kx && ky) {
        size_t k = 0;
        kx[k] = L;
        ky[k++] = T;
        for (size_t j = 0; j < m; j += stride) {
            kx[k] = L + W * g->km_t[j] / xmax;
            ky[k++] = T + H * (1 - g->km_s[j]);
        }
        svg_polyline(f, kx, ky, k, 1, "#000");
    }
    free(kx);
    free(ky);
    svg_text(f, L + W - 4, T + 14, "end", "Kaplan-Meier");
    for (size_t r = 0; r < g->n_fits && r < 3; r++) {
        const life_fit *fit = &g->fit[g->rank[r]];
        for (int i = 0; i <= 200; i++) {
            double t = xmax * i / 200;
            x[i] = L + W * i / 200;
            y[i] = T + H * (1 - (t > 0 ? exp(lifedist_log_surv(
                                              fit->family, fit->par, t))
                                       : 1));
        }
        svg_polyline(f, x, y, 201, 0, colors[r]);
        svg_text(f, L + W - 4, T + 30 + 14 * (double)r, "end",
                 lifedist_name(fit->family));
        svg_line(f, L + W - 120, T + 26 + 14 * (double)r, L + W - 100,
                 T + 26 + 14 * (double)r, colors[r]);
    }
}

/* Writes the plot of every group (atomically). */
static int stays_plot(const stays_group *g, size_t n, const stays_opts *o)
{
    char *tmp;
    FILE *f = outfile_open(o->plot, &tmp);
    if (!f) {
        text_term_line(stderr, "flowsim fit stays: %s: cannot write",
                       o->plot);
        return FIT_EXIT_OUTPUT;
    }
    svg_begin(f, 640, 300 * (double)n);
    for (size_t i = 0; i < n; i++)
        stays_panel(f, &g[i], o, 300 * (double)i);
    svg_end(f);
    if (outfile_commit(f, o->plot, tmp)) {
        text_term_line(stderr, "flowsim fit stays: %s: not written",
                       o->plot);
        return FIT_EXIT_OUTPUT;
    }
    return 0;
}

/* Fits each group of s into g[]. */
static int stays_fit_all(const staysin *s, stays_group *g)
{
    double *t = malloc(s->n * sizeof *t);
    unsigned char *c = malloc(s->n);
    int rc = t && c ? 0 : -1;
    for (size_t k = 0; k < s->n_groups && !rc; k++) {
        size_t m = 0;
        g[k].name = s->groups[k];
        for (size_t i = 0; i < s->n; i++)
            if (s->group[i] == k) {
                t[m] = s->t[i];
                c[m] = s->cens[i];
                g[k].censored += c[m++];
            }
        rc = stays_fit_group(&g[k], t, c, m);
    }
    free(t);
    free(c);
    return rc;
}

/* Writes the tables and blocks to -o FILE (atomically) or stdout. */
static int stays_write(const stays_group *g, size_t n, const stays_opts *o)
{
    char *tmp = NULL;
    FILE *out = o->output ? outfile_open(o->output, &tmp) : stdout;
    if (!out) {
        text_term_line(stderr, "flowsim fit stays: %s: cannot write",
                       o->output);
        return FIT_EXIT_OUTPUT;
    }
    fputs("# flowsim fit stays: maximum likelihood, right-censored stays "
          "as S(t);\n# ranked by BIC; KS: largest distance to the "
          "Kaplan-Meier curve\n", out);
    for (size_t i = 0; i < n; i++)
        stays_print_group(out, &g[i], o);
    int bad = o->output ? outfile_commit(out, o->output, tmp) : 0;
    if (bad)
        text_term_line(stderr, "flowsim fit stays: %s: not written",
                       o->output);
    return bad ? FIT_EXIT_OUTPUT : 0;
}

int fit_stays_main(int argc, char **argv)
{
    stays_opts o;
    int rc = stays_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    staysin s;
    char err[512];
    if (staysin_read(&o.in, &s, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return FIT_EXIT_BAD_INPUT;
    }
    stays_group *g = calloc(s.n_groups, sizeof *g);
    rc = !g || stays_fit_all(&s, g) ? 3 : 0;
    if (rc)
        fputs("flowsim fit stays: out of memory\n", stderr);
    if (!rc)
        rc = stays_write(g, s.n_groups, &o);
    if (!rc && o.plot)
        rc = stays_plot(g, s.n_groups, &o);
    for (size_t i = 0; g && i < s.n_groups; i++) {
        free(g[i].km_t);
        free(g[i].km_s);
    }
    free(g);
    staysin_free(&s);
    return rc;
}
