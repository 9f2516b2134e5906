/* cli.c -- `flowsim benefits BASE.yaml [ALT.yaml]` (finance.h).
 *
 *   flowsim benefits BASE.yaml ALT.yaml   savings of ALT against BASE
 *   flowsim benefits FILE.yaml            the costs of one scenario
 *   flowsim benefits FILE.yaml --static   the business case's own table
 *
 * Options: --replications N, --threads N, --seed S, --set KEY=VALUE
 * (applied to every file), --base-set / --alt-set KEY=VALUE (to one),
 * --format table|json|csv|html, -o FILE, -q, --store PATH.
 * Both scenarios run with the base's seed and replication count (common
 * random numbers).  With --store, each replication (KPIs and daily
 * series) is written to the results store as it finishes, and the run is
 * recorded as a study of kind "benefits" (position 0 the base, 1 the
 * alternative), which `flowsim report` shows with its finance section.
 * Exit status as flowsim's (runner.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"
#include "levers.h"
#include "load.h"
#include "outfile.h"
#include "runner.h"
#include "value.h"

#define FIN_MAX_SETS 256

static const char USAGE[] =
    "usage: flowsim benefits BASE.yaml [ALT.yaml] [options]\n"
    "  with ALT: savings BASE - ALT by financial year and line, 95% CIs\n"
    "  under common random numbers, cash-releasing or not, net of\n"
    "  investment, beside the business case's own (static) table\n"
    "  without ALT: the costs of BASE by item and year\n"
    "options: --static (only the business case's table, no run)\n"
    "  --base-set KEY=VALUE, --alt-set KEY=VALUE (one scenario only)\n"
    "  --replications N  --threads N  --seed S  --set KEY=VALUE\n"
    "  --format table|json|csv|html  -o FILE  -q\n"
    "  --store PATH  also keep the runs in the results store, as a study\n"
    "                of kind benefits (flowsim report shows its finance)\n"
    "  --no-store    keep no store (the default)\n"
    "  --by-lever    also the savings of each of ALT's interventions:\n"
    "                alone, in sequence and Shapley values, from runs of\n"
    "                every subset of them (up to 8), or of the subsets\n"
    "                met along sampled orders (9 to 64)\n";

typedef struct fin_opts {
    const char *files[2];
    size_t n_files;
    const char *sets[FIN_MAX_SETS];
    size_t n_sets;
    const char *own[2][FIN_MAX_SETS];   /* --base-set, --alt-set */
    size_t n_own[2];
    long reps, threads;
    unsigned long long seed;
    int has_seed, only_static, by_lever;
    out_format fmt;
    const char *output;
    const char *store;
} fin_opts;

static int bad(const char *fmt, const char *arg)
{
    fputs("flowsim benefits: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see flowsim benefits --help)\n", stderr);
    return EXIT_BAD_INPUT;
}

/* The options that take a value (the others are flags, checked first):
 * any other word starting with '-' is unknown, not short of a value. */
static const char *const BENEFITS_VALUE_OPTIONS[] = {
    "--replications", "--threads", "--seed", "--set", "--base-set",
    "--alt-set", "--format", "-o", "--output", "--store", NULL};

static int parse(int argc, char **argv, fin_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strcmp(a, "--static")) {
            o->only_static = 1;
            continue;
        } else if (!strcmp(a, "--by-lever")) {
            o->by_lever = 1;
            continue;
        } else if (!strcmp(a, "--no-store")) {
            o->store = NULL;
            continue;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            continue;
        } else if (a[0] != '-') {
            if (o->n_files == 2)
                return bad("unexpected argument '%s' (BASE and ALT only)", a);
            o->files[o->n_files++] = a;
            continue;
        } else if (value_choice(a, BENEFITS_VALUE_OPTIONS) < 0) {
            return bad("unknown option '%s'", a);
        } else if (!v) {
            return bad("option %s needs a value", a);
        } else if (!strcmp(a, "--replications") || !strcmp(a, "--threads")) {
            long x, hi = a[2] == 'r' ? SCENARIO_MAX_REPLICATIONS : 1024;
            if (value_parse_long(v, 1, hi, &x))
                return bad("expected a positive whole number, not '%s'", v);
            *(a[2] == 'r' ? &o->reps : &o->threads) = x;
        } else if (!strcmp(a, "--seed")) {
            errno = 0;
            o->seed = strtoull(v, &end, 10);
            if (errno || *end || end == v || v[0] == '-')
                return bad("--seed: expected a non-negative whole number, "
                           "not '%s'", v);
            o->has_seed = 1;
        } else if (!strcmp(a, "--set")) {
            if (o->n_sets == FIN_MAX_SETS || !strchr(v, '='))
                return bad("--set: expected KEY=VALUE (at most 256), not "
                           "'%s'", v);
            o->sets[o->n_sets++] = v;
        } else if (!strcmp(a, "--base-set") || !strcmp(a, "--alt-set")) {
            int w = a[2] == 'a';
            if (o->n_own[w] == FIN_MAX_SETS || !strchr(v, '='))
                return bad("%s: expected KEY=VALUE (at most 256)", a);
            o->own[w][o->n_own[w]++] = v;
        } else if (!strcmp(a, "--format")) {
            if (format_parse(v, FORMATS_ALL, &o->fmt) != 0)
                return bad("--format: expected table, json, csv or html, not "
                           "'%s'", v);
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            o->output = v;
        } else if (!strcmp(a, "--store")) {
            o->store = v;
        } else {
            return bad("unknown option '%s'", a);
        }
        i++;
    }
    return -1;
}

/* The i-th file with --set, then its own --base-set or --alt-set, then
 * the n_more of more. */
static scenario *load_more(const fin_opts *o, size_t i, char **canonical,
                           char more[][32], size_t n_more)
{
    char err[LOAD_ERR_MAX];
    const char *sets[2 * FIN_MAX_SETS + LEVERS_SAMPLE_MAX];
    size_t n = 0;
    for (size_t k = 0; k < o->n_sets; k++)
        sets[n++] = o->sets[k];
    for (size_t k = 0; k < o->n_own[i]; k++)
        sets[n++] = o->own[i][k];
    for (size_t k = 0; k < n_more; k++)
        sets[n++] = more[k];
    scenario *sc = load_scenario(o->files[i], sets, n, canonical, err,
                                 sizeof err);
    if (!sc)
        fprintf(stderr, "%s\n", err);
    return sc;
}

static scenario *load(const fin_opts *o, size_t i, char **canonical)
{
    return load_more(o, i, canonical, NULL, 0);
}

/* The scenarios, at most 2 + 2^LEVERS_MAX - 1: the base, the
 * alternative, then with --by-lever the alternative with each proper
 * subset of its levers (mask m at 2 + m). */
#define FIN_MAX_RUNS (1 + (1u << LEVERS_MAX))

typedef struct job {
    size_t n;
    scenario *sc[FIN_MAX_RUNS];
    char *canonical[FIN_MAX_RUNS];
    fin_run *runs[FIN_MAX_RUNS];
    int ran[FIN_MAX_RUNS];
    fin_run *sub;                /* the subsets' runs */
    uint64_t *masks;             /* sampled: the subsets run, sorted */
    const fin_run **sub_runs;    /* sampled: their runs */
    const char *overrides[2][2 * FIN_MAX_SETS];  /* of base and alt */
    fin_benefits b;
    fin_levers lv;
} job;

static int write_out(const fin_opts *o, job *j)
{
    char *tmp = NULL;
    FILE *f = o->output ? outfile_open(o->output, &tmp) : stdout;
    if (!f) {
        fprintf(stderr, "flowsim: %s: cannot write: %s\n", o->output,
                strerror(errno));
        return EXIT_IO;
    }
    int werr;
    if (o->only_static) {
        bc_write_table(f, j->sc[o->n_files - 1]->business_case);
        werr = ferror(f) ? -1 : 0;
    } else if (o->n_files == 1) {
        werr = fin_write_costs(f, &j->b.base, o->fmt);
    } else {
        werr = fin_write(f, &j->b, o->fmt);
    }
    if (o->output ? outfile_commit(f, o->output, tmp) != 0 : fflush(f) != 0)
        werr = -1;
    if (werr) {
        fprintf(stderr, "flowsim: %s: cannot write: %s\n",
                o->output ? o->output : "stdout",
                strerror(errno ? errno : EIO));
        return EXIT_IO;
    }
    return 0;
}

/* Refuses a store path that keeps nothing and an output that would
 * overwrite the store.  Returns 0, or an exit status. */
static int check_store(const fin_opts *o)
{
    char perr[512];
    int rc;
    if (o->store && (rc = store_check_path(o->store, "use --no-store", perr,
                                         sizeof perr))) {
        fprintf(stderr, "flowsim benefits: %s\n", perr);
        return rc;
    }
    if (o->store && o->output && store_same_file(o->store, o->output))
        return bad("-o %s is the results store (--store): writing it "
                   "would destroy the store; choose another file",
                   o->output);
    return 0;
}

/* The business case's own table alone (--static). */
static int only_static(const fin_opts *o, job *j)
{
    if (!j->sc[o->n_files - 1]->business_case) {
        fprintf(stderr, "flowsim benefits: %s: no business_case: "
                        "section\n", o->files[o->n_files - 1]);
        return EXIT_BAD_INPUT;
    }
    return write_out(o, j);
}

/* The orders sampled for n levers: the most, up to 64, whose subsets
 * fit the runs a job has room for; their subsets into *masks.  0 when
 * even 2 do not fit (or out of memory). */
static size_t sample_orders(size_t n, uint64_t seed, uint64_t **masks,
                            size_t *n_sub)
{
    for (size_t p = 64; p >= 2; p--) {
        *n_sub = lever_sample_masks(n, p, seed, masks);
        if (*n_sub && *n_sub - 1 <= FIN_MAX_RUNS - 2)
            return p;
        free(*masks);
        *masks = NULL;
    }
    return 0;
}

/* With more than LEVERS_MAX levers: the alternative once for each subset
 * the sampled orders meet.  Returns 0, or an exit status. */
static int load_sampled(const fin_opts *o, job *j, size_t n)
{
    const scenario *alt = j->sc[1];
    uint64_t seed = o->has_seed ? o->seed : j->sc[0]->seed, all;
    size_t n_sub;
    all = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    j->lv.perms = sample_orders(n, seed, &j->masks, &n_sub);
    if (!j->lv.perms) {
        fprintf(stderr, "flowsim benefits: %s: --by-lever: %zu "
                        "interventions are too many to sample orders of\n",
                o->files[1], n);
        return EXIT_BAD_INPUT;
    }
    j->sub = calloc(n_sub, sizeof *j->sub);
    j->sub_runs = calloc(n_sub, sizeof *j->sub_runs);
    if (!j->sub || !j->sub_runs) {
        fputs("flowsim benefits: out of memory\n", stderr);
        return EXIT_BAD_INPUT;
    }
    j->lv.seed = seed;
    j->lv.n_sub = n_sub;
    j->lv.sub_mask = j->masks;
    j->lv.sub_run = j->sub_runs;
    for (size_t i = 0; i < n_sub; i++) {
        if (j->masks[i] == all) {
            j->sub_runs[i] = &j->b.alt;
            continue;
        }
        char sets[LEVERS_SAMPLE_MAX][32];
        size_t ns = lever_switches_off_mask(alt, j->masks[i], sets);
        size_t k = j->n;
        if (!(j->sc[k] = load_more(o, 1, &j->canonical[k], sets, ns)))
            return EXIT_BAD_INPUT;
        j->runs[k] = &j->sub[i];
        j->sub_runs[i] = &j->sub[i];
        j->n = k + 1;
    }
    return 0;
}

/* With --by-lever: the alternative once more for each proper subset of
 * its interventions (the others switched off by --set), and the runs'
 * room; with more than LEVERS_MAX, the subsets of sampled orders.
 * Returns 0, or an exit status after saying why. */
static int load_levers(const fin_opts *o, job *j)
{
    const scenario *alt = j->sc[1];
    size_t n = alt->n_interventions;
    if (n < 1 || n > LEVERS_SAMPLE_MAX) {
        fprintf(stderr, "flowsim benefits: %s: --by-lever: %zu "
                        "interventions; the attribution needs 1 to %d\n",
                o->files[1], n, LEVERS_SAMPLE_MAX);
        return EXIT_BAD_INPUT;
    }
    j->lv.n = n;
    for (size_t i = 0; i < n; i++)
        j->lv.name[i] = alt->interventions[i].name;
    j->lv.base = &j->b.base;
    if (n > LEVERS_MAX)
        return load_sampled(o, j, n);
    unsigned all = (1u << n) - 1;
    j->sub = calloc(all, sizeof *j->sub);
    if (!j->sub) {
        fputs("flowsim benefits: out of memory\n", stderr);
        return EXIT_BAD_INPUT;
    }
    for (unsigned m = 0; m < all; m++) {
        char sets[LEVERS_MAX][32];
        size_t ns = lever_switches_off(alt, m, sets);
        if (!(j->sc[2 + m] = load_more(o, 1, &j->canonical[2 + m], sets, ns)))
            return EXIT_BAD_INPUT;
        j->runs[2 + m] = &j->sub[m];
        j->lv.run[m] = &j->sub[m];
        j->n = 3 + m;
    }
    j->lv.run[all] = &j->b.alt;
    return 0;
}

/* Every scenario with the base's seed and replication count, and a
 * store connection for the files' own with --store (as flowsim run has:
 * store.h).  Returns 0, or an exit status. */
static int prepare(const fin_opts *o, job *j, store **sts)
{
    for (size_t i = 0; i < j->n; i++) {
        scenario *sc = j->sc[i];
        sc->seed = o->has_seed ? o->seed : j->sc[0]->seed;
        sc->replications = o->reps ? o->reps : j->sc[0]->replications;
    }
    for (size_t i = 0; i < o->n_files; i++) {
        char err[512];
        int status = EXIT_IO;
        if (o->store &&
            !(sts[i] = store_open(o->store, &status, err, sizeof err))) {
            fprintf(stderr, "flowsim benefits: %s\n", err);
            return status;
        }
    }
    return 0;
}

/* Every scenario in one batch: the alternative's replications start
 * while the base's last ones run (threads or MPI ranks).  Returns 0, or
 * an exit status after saying why. */
static int run_all(const fin_opts *o, job *j, store **sts,
                   const experiment_executor *ex)
{
    char err[512];
    size_t bad_at;
    store *st[FIN_MAX_RUNS] = {sts[0], sts[1]};
    if (fin_run_scenarios((const scenario *const *)j->sc, j->n,
                          (int)o->threads, ex, o->store ? st : NULL,
                          (const char *const *)j->canonical, j->runs,
                          &bad_at, err, sizeof err)) {
        store *failed = bad_at < j->n ? st[bad_at] : NULL;
        int io = failed && store_error(failed)[0];
        fprintf(stderr, "flowsim benefits: %s: %s%s%s\n",
                io ? o->store
                   : o->files[bad_at < o->n_files ? bad_at
                                                  : o->n_files - 1],
                err, io ? ": " : "", io ? store_error(failed) : "");
        return io ? EXIT_IO : EXIT_RUN_FAILED;
    }
    for (size_t i = 0; i < j->n; i++)
        j->ran[i] = 1;
    return 0;
}

/* The runs as a study of kind "benefits" (the base at position 0), its
 * id in *study.  Returns 0, or EXIT_IO after saying why. */
static int record(const fin_opts *o, const job *j, store **sts,
                  long *study_out)
{
    long study = -1;
    for (size_t i = 0; i < o->n_files; i++) {
        const scenario *sc = j->sc[i];
        if (i == 0) {
            char name[512];
            if (o->n_files == 2)
                snprintf(name, sizeof name, "benefits: %s against %s",
                         j->sc[1]->name, sc->name);
            else
                snprintf(name, sizeof name, "costs: %s", sc->name);
            study = store_study_new(sts[i], "benefits", name,
                                    sc->replications, sc->seed);
        }
        if (study < 0 ||
            store_study_add(sts[i], study, (int)i, sc->name, "") != 0) {
            fprintf(stderr, "flowsim benefits: %s: %s\n", o->store,
                    store_error(sts[i]));
            return EXIT_IO;
        }
    }
    *study_out = study;
    return 0;
}

/* With --by-lever and --store: the attribution kept with the study, for
 * flowsim report.  Returns 0, or EXIT_IO after saying why. */
static int record_levers(const fin_opts *o, const job *j, store *st,
                         long study)
{
    char err[512];
    if (fin_levers_store(store_db(st), study, &j->lv, j->b.alt.years, err,
                         sizeof err) != 0) {
        fprintf(stderr, "flowsim benefits: %s: %s\n", o->store, err);
        return EXIT_IO;
    }
    return 0;
}

/* The comparison, and with --by-lever the attribution.  Returns 0 or an
 * exit status. */
static int compare(job *j)
{
    char err[512];
    if (fin_benefits_build(&j->b, err, sizeof err) ||
        (j->lv.n && fin_levers_build(&j->lv, err, sizeof err))) {
        fprintf(stderr, "flowsim benefits: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    if (j->lv.n)
        j->b.levers = &j->lv;
    for (size_t l = 0; j->lv.n && j->b.bc && l < j->b.bc->n_lines; l++) {
        const bc_line *x = &j->b.bc->lines[l];
        for (size_t k = 0; k < x->n_levers; k++)
            if (fin_lever_index(&j->lv, x->levers[k]) < 0) {
                fprintf(stderr, "flowsim benefits: business_case.lines.%s."
                                "levers: '%s' is not an intervention of the "
                                "alternative\n", x->name, x->levers[k]);
                return EXIT_BAD_INPUT;
            }
    }
    return 0;
}

/* Refuses to price scenarios without unit costs (every figure would be
 * 0), and records each file's overrides for the output's heading.
 * Returns 0 or an exit status. */
static int check_costs(const fin_opts *o, job *j)
{
    int any = 0;
    for (size_t i = 0; i < o->n_files; i++)
        any |= j->sc[i]->costs != NULL;
    if (!any) {
        fprintf(stderr, "flowsim benefits: %s%s%s: no costs: section, so "
                        "nothing to price (give unit costs: README, "
                        "\"Finance: costs and benefits\"; --static prints a "
                        "business case alone)\n",
                o->files[0], o->n_files == 2 ? " and " : "",
                o->n_files == 2 ? o->files[1] : "");
        return EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < o->n_files; i++) {
        size_t n = 0;
        for (size_t k = 0; k < o->n_sets; k++)
            j->overrides[i][n++] = o->sets[k];
        for (size_t k = 0; k < o->n_own[i]; k++)
            j->overrides[i][n++] = o->own[i][k];
        j->b.overrides[i] = j->overrides[i];
        j->b.n_overrides[i] = n;
    }
    return 0;
}

/* Runs, records, compares and writes.  Returns 0 or an exit status. */
static int benefits(const fin_opts *o, job *j, const experiment_executor *ex)
{
    store *sts[2] = {NULL, NULL};
    long study = -1;
    int rc = check_costs(o, j);
    if (rc)
        return rc;
    rc = prepare(o, j, sts);
    if (!rc)
        rc = run_all(o, j, sts, ex);
    if (!rc && o->store)
        rc = record(o, j, sts, &study);
    if (!rc && o->n_files == 2)
        rc = compare(j);
    if (!rc && o->store && j->lv.n)
        rc = record_levers(o, j, sts[0], study);
    for (size_t i = 0; i < 2; i++)
        store_close(sts[i]);
    return rc ? rc : write_out(o, j);
}

static void job_free(job *j)
{
    fin_levers_free(&j->lv);
    free(j->masks);
    free(j->sub_runs);
    fin_benefits_free(&j->b);
    for (size_t i = 0; i < j->n; i++) {
        if (j->ran[i])
            fin_run_free(j->runs[i]);
        scenario_free(j->sc[i]);
        free(j->canonical[i]);
    }
    free(j->sub);
    free(j);
}

int benefits_main(int argc, char **argv, const experiment_executor *ex)
{
    fin_opts o = {.fmt = FORMAT_TABLE};
    int rc = parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (o.n_files == 0)
        return bad("which scenario files?%s", "");
    if (o.by_lever && (o.n_files != 2 || o.only_static))
        return bad("--by-lever: needs BASE.yaml and ALT.yaml, and a run%s",
                   "");
    if ((rc = check_store(&o)))
        return rc;
    job *j = calloc(1, sizeof *j);
    if (!j) {
        fputs("flowsim benefits: out of memory\n", stderr);
        return EXIT_BAD_INPUT;
    }
    j->runs[0] = &j->b.base;
    j->runs[1] = &j->b.alt;
    for (size_t i = 0; i < o.n_files && !rc; i++, j->n = i)
        if (!(j->sc[i] = load(&o, i, &j->canonical[i])))
            rc = EXIT_BAD_INPUT;
    if (!rc && o.by_lever)
        rc = load_levers(&o, j);
    if (!rc)
        rc = o.only_static ? only_static(&o, j) : benefits(&o, j, ex);
    job_free(j);
    return rc;
}
