/* test_input.c -- what the loader reads: byte-order marks, anchors at
 * scale, positions in multi-line --set values, multipliers at the edge
 * of the doubles, and files that are not scenario files (a FIFO).
 *
 * Run from test/load/ (meson sets the workdir) with the build directory
 * as the only argument; files it needs at run time are written there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "load.h"
#include "check.h"
#include "sweepspec.h"
#include "ytree.h"

static int failures, checks;

/* Loads text (named name) with the given --set overrides and checks the
 * exact error, or success when expect is NULL. */
static void expect_mem(const char *text, const char *name,
                       const char *const *sets, size_t n_sets,
                       const char *expect)
{
    char err[LOAD_ERR_MAX] = "";
    scenario *sc = load_scenario_mem(text, strlen(text), name, sets, n_sets,
                                     NULL, err, sizeof err);
    int ok = expect ? !sc && !strcmp(err, expect) : sc != NULL;
    checks++;
    if (!ok) {
        failures++;
        fprintf(stderr, "%s:\n  expected: %s\n  got:      %s\n", name,
                expect ? expect : "(success)", sc ? "(success)" : err);
    }
    scenario_free(sc);
}

static const char ERLANG[] =
    "name: e\n"
    "horizon: 10 days\n"
    "arrivals:\n"
    "  - {name: a, rate: 1 per day, to: ward}\n"
    "units:\n"
    "  ward: {capacity: 3, stay: 1 day}\n";

/* A leading UTF-8 byte-order mark is accepted in scenario and sweep
 * files, and positions are those of the text without it. */
static void test_bom(const char *builddir)
{
    char err[LOAD_ERR_MAX], *c1 = NULL, *c2 = NULL;
    scenario *a = load_scenario("good/bom.yaml", NULL, 0, &c1, err,
                                sizeof err);
    if (!a)
        fprintf(stderr, "good/bom.yaml: %s\n", err);
    scenario *b = load_scenario("good/erlang.yaml", NULL, 0, &c2, err,
                                sizeof err);
    CHECK(a && b && !strcmp(a->name, "erlang-loss-example"));
    CHECK(c1 && c2 && !strcmp(c1, c2)); /* same canonical text */
    scenario_free(a);
    scenario_free(b);
    free(c1);
    free(c2);

    /* The same text with and without the mark: the same message. */
    static const struct {
        const char *text, *expect;
    } bad[] = {
        {"horizon: -1 days\nname: e\n",
         "bom.yaml:1:10: horizon: '-1 days' is negative; expected a "
         "duration like '4 hours'"},
        {"name: e\nhorizon: 10 days\nwarmup: 1 parsec\n",
         "bom.yaml:3:9: warmup: unknown time unit 'parsec'; use minutes, "
         "hours, days or weeks"},
        {"name: [e}\n",
         "bom.yaml:1:9: (yaml): did not find expected ',' or ']' while "
         "parsing a flow sequence; fix the YAML syntax"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "\xEF\xBB\xBF%s", bad[i].text);
        expect_mem(text, "bom.yaml", NULL, 0, bad[i].expect);
        expect_mem(bad[i].text, "bom.yaml", NULL, 0, bad[i].expect);
    }

    char path[4096];
    snprintf(path, sizeof path, "%s/bom-sweep.yaml", builddir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("\xEF\xBB\xBFname: s\nbase: erlang.yaml\n"
          "grid: {units.ward.capacity: [1, 2]}\n", f);
    fclose(f);
    sweep_spec *s = sweep_load(path, err, sizeof err);
    if (!s)
        fprintf(stderr, "%s: %s\n", path, err);
    CHECK(s && s->n_points == 2 && !strcmp(s->name, "s"));
    sweep_free(s);
    remove(path);
}

/* Anchors are found by hashing, not by scanning the earlier ones: a
 * document of 100,000 anchors and 100,000 aliases inspects a few table
 * slots per operation (a scan took 5e9 comparisons, minutes of work). */
static void test_anchors(void)
{
    enum { N = 100000 };
    size_t cap = (size_t)N * 64, len = 0;
    char *text = malloc(cap);
    CHECK(text != NULL);
    if (!text)
        return;
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "k%d: &anchor%d v%d\nu%d: *anchor%d\n", i, i,
                                i, i, i);
    ytree *t = NULL;
    ytree_stats st;
    char err[1024];
    ytree_origin o = {"anchors.yaml", 1, 0, NULL, 0};
    int rc = ytree_parse_text(text, len, &o, &t, &st, err, sizeof err);
    if (rc)
        fprintf(stderr, "anchors.yaml: %s\n", err);
    CHECK(rc == 0 && t && t->n == 2 * N);
    CHECK(st.anchors == N && st.aliases == N);
    CHECK(st.probes <= 8 * (size_t)(2 * N));
    printf("anchors: %zu anchors, %zu aliases, %zu slots inspected\n",
           st.anchors, st.aliases, st.probes);
    const ytree *last = ytree_get(t, "u99999");
    CHECK(last && last->kind == YTREE_SCALAR && !strcmp(last->str, "v99999"));
    ytree_free(t);
    free(text);

    /* A later anchor of the same name replaces the earlier one. */
    static const char again[] = "a: &x 1\nb: &x 2\nc: *x\n";
    o.name = "again.yaml";
    rc = ytree_parse_text(again, sizeof again - 1, &o, &t, &st, err,
                          sizeof err);
    const ytree *c = rc ? NULL : ytree_get(t, "c");
    CHECK(c && !strcmp(c->str, "2") && st.anchors == 1);
    ytree_free(t);
}

/* Positions in a multi-line --set value name the right --set: its first
 * line "--set:N:COL", its line L "--set N:L:COL". */
static void test_set_lines(void)
{
    const char *syntax[] = {"seed=2",
                            "units.ward={capacity: 3,\n  stay: [}"};
    expect_mem(ERLANG, "e.yaml", syntax, 2,
               "--set 2:2:10: (yaml): did not find expected node content "
               "while parsing a flow node; fix the YAML syntax");
    const char *value[] = {"seed=2",
                           "units.ward={capacity: 3,\n  stay: -1 days}"};
    expect_mem(ERLANG, "e.yaml", value, 2,
               "--set 2:2:9: units.ward.stay: '-1 days' is negative; "
               "expected a duration like '4 hours'");
    const char *key[] = {"seed=2", "replications=3",
                         "units.ward={capacity: 3,\n\n   stay: 1 day,\n"
                         "   capcity: 4}"};
    expect_mem(ERLANG, "e.yaml", key, 3,
               "--set 3:4:4: units.ward.capcity: unknown key 'capcity'; "
               "did you mean 'capacity'?");
    const char *first[] = {"seed=2",
                           "units.ward={capacity: -3,\n  stay: 1 day}"};
    expect_mem(ERLANG, "e.yaml", first, 2,
               "--set:2:23: units.ward.capacity: -3 is not allowed; "
               "expected a positive integer or 'unlimited'");
}

/* Writes a scenario with 24 hourly (or 7 weekly) multipliers. */
static void profile_text(char *buf, size_t size, const char *key, int n,
                         const char *first, const char *rest)
{
    int k = snprintf(buf, size,
                     "name: p\nhorizon: 10 days\nunits:\n"
                     "  ward: {capacity: 3, stay: 1 day}\narrivals:\n"
                     "  - name: a\n    rate: 1 per day\n    to: ward\n"
                     "    %s: [%s",
                     key, first);
    for (int i = 1; i < n; i++)
        k += snprintf(buf + k, size - (size_t)k, ", %s", rest);
    snprintf(buf + k, size - (size_t)k, "]\n");
}

/* Multipliers are normalised to mean 1 even when their sum overflows a
 * double (24 x 1e308 used to read as "all multipliers are zero"). */
static void test_multipliers(void)
{
    char text[2048], err[LOAD_ERR_MAX];
    profile_text(text, sizeof text, "hourly", 24, "1e308", "1e308");
    scenario *sc = load_scenario_mem(text, strlen(text), "huge.yaml", NULL,
                                     0, NULL, err, sizeof err);
    if (!sc)
        fprintf(stderr, "huge.yaml: %s\n", err);
    int ones = sc != NULL;
    for (int i = 0; sc && i < 24; i++)
        ones &= sc->arrivals[0].hourly[i] == 1.0;
    CHECK(ones);
    scenario_free(sc);

    profile_text(text, sizeof text, "hourly", 24, "1.7e308", "1.5e308");
    sc = load_scenario_mem(text, strlen(text), "mixed.yaml", NULL, 0, NULL,
                           err, sizeof err);
    double sum = 0;
    for (int i = 0; sc && i < 24; i++)
        sum += sc->arrivals[0].hourly[i];
    CHECK(sc && sum > 24 - 1e-9 && sum < 24 + 1e-9);
    CHECK(sc && sc->arrivals[0].hourly[0] > sc->arrivals[0].hourly[1]);
    scenario_free(sc);

    profile_text(text, sizeof text, "weekly", 7, "1e308", "1e308");
    sc = load_scenario_mem(text, strlen(text), "weekly.yaml", NULL, 0, NULL,
                           err, sizeof err);
    ones = sc != NULL;
    for (int i = 0; sc && i < 7; i++)
        ones &= sc->arrivals[0].weekly[i] == 1.0;
    CHECK(ones);
    scenario_free(sc);

    profile_text(text, sizeof text, "hourly", 24, "0", "0");
    expect_mem(text, "zero.yaml", NULL, 0,
               "zero.yaml:9:13: arrivals.a.hourly: all multipliers are "
               "zero; expected at least one positive value");
}

/* A FIFO given as the scenario, or named by extends:, is refused at once
 * (opening it for reading would wait for a writer that never comes). */
static void test_fifo(const char *builddir)
{
    char fifo[2048], child[2048], err[LOAD_ERR_MAX], expect[4200];
    snprintf(fifo, sizeof fifo, "%s/scenario.fifo", builddir);
    remove(fifo);
    CHECK(mkfifo(fifo, 0600) == 0);
    scenario *sc = load_scenario(fifo, NULL, 0, NULL, err, sizeof err);
    snprintf(expect, sizeof expect,
             "%s:1:1: (file): a pipe, not a regular file; name a scenario "
             "file", fifo);
    CHECK(!sc && !strcmp(err, expect));
    if (strcmp(err, expect))
        fprintf(stderr, "  expected: %s\n  got:      %s\n", expect, err);
    scenario_free(sc);

    snprintf(child, sizeof child, "%s/fifo-child.yaml", builddir);
    FILE *f = fopen(child, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("extends: scenario.fifo\nname: c\n", f);
        fclose(f);
        sc = load_scenario(child, NULL, 0, NULL, err, sizeof err);
        snprintf(expect, sizeof expect,
                 "%s:1:10: extends: '%s' is not a regular file; extends "
                 "must name a scenario file", child, fifo);
        CHECK(!sc && !strcmp(err, expect));
        if (strcmp(err, expect))
            fprintf(stderr, "  expected: %s\n  got:      %s\n", expect, err);
        scenario_free(sc);
        remove(child);
    }
    remove(fifo);
}

int main(int argc, char **argv)
{
    const char *builddir = argc > 1 ? argv[1] : ".";
    test_bom(builddir);
    test_anchors();
    test_set_lines();
    test_multipliers();
    test_fifo(builddir);
    printf("load-input: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
