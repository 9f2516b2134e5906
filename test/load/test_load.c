/* test_load.c -- tests of the scenario loader (tools/load/).
 *
 * Run from test/load/ (meson sets the workdir) with the build directory as
 * the only argument.  Part one loads good scenarios and checks the values
 * the model will see; part two loads every bad/NAME.yaml and compares the
 * error with the file's first line "# expect: ERROR" (further lines
 * "# set: A.B=V" are passed as --set overrides, in order).  The
 * health-system extensions of part one are in test_load_health.c.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"
#include "test_load.h"

int failures, checks;

/* Loads a scenario that must be valid; prints the error otherwise. */
scenario *test_good(const char *path, const char *const *sets,
                    size_t n, char **canon)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario(path, sets, n, canon, err, sizeof err);
    checks++;
    if (!sc) {
        failures++;
        fprintf(stderr, "%s: unexpected error: %s\n", path, err);
    }
    return sc;
}

/* The example of the brief: units, defaults and the canonical text. */
static void test_erlang(const char *builddir)
{
    char *canon = NULL, *canon2 = NULL;
    scenario *sc = test_good("good/erlang.yaml", NULL, 0, &canon);
    if (!sc)
        return;
    CHECK(strcmp(sc->name, "erlang-loss-example") == 0);
    CHECK(strcmp(sc->path, "good/erlang.yaml") == 0);
    NEAR(sc->horizon, 576000);
    NEAR(sc->warmup, 57600);
    CHECK(sc->replications == 20);
    CHECK(sc->seed == 1);
    CHECK(sc->max_patients == 100000);
    CHECK(sc->max_events == 5000000);
    CHECK(sc->n_arrivals == 1 && sc->n_units == 1);
    const arrival_spec *a = &sc->arrivals[0];
    CHECK(strcmp(a->name, "emergencies") == 0);
    CHECK(a->kind == ARRIVAL_POISSON && a->to == 0);
    NEAR(a->rate, 9.5 / 1440);
    for (int i = 0; i < 24; i++)
        NEAR(a->hourly[i], 1);
    for (int i = 0; i < 7; i++)
        NEAR(a->weekly[i], 1);
    CHECK(a->n_periods == 0 && a->priority == 0);
    CHECK(a->start == 0 && isinf(a->stop));
    const unit_spec *u = &sc->units[0];
    CHECK(strcmp(u->name, "ward") == 0 && u->capacity == 12);
    CHECK(u->stay.kind == DIST_EXPONENTIAL);
    NEAR(u->stay.a, 1440);
    CHECK(u->when_full == FULL_LOSE && u->divert_to == -1);
    CHECK(u->next.n == 1 && u->next.to[0] == SCENARIO_EXIT);
    NEAR(u->next.share[0], 1);
    NEAR(u->wait_threshold, 240);
    CHECK(u->n_schedule == 0 && u->reneges == 0);
    scenario_free(sc);

    /* The canonical text is deterministic and loads to the same text. */
    CHECK(canon != NULL);
    sc = test_good("good/erlang.yaml", NULL, 0, &canon2);
    CHECK(canon && canon2 && strcmp(canon, canon2) == 0);
    scenario_free(sc);
    free(canon2);
    canon2 = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/canonical.yaml", builddir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f && canon) {
        fputs(canon, f);
        fclose(f);
        sc = test_good(path, NULL, 0, &canon2);
        CHECK(canon2 && strcmp(canon, canon2) == 0);
        scenario_free(sc);
    } else if (f) {
        fclose(f);
    }
    free(canon);
    free(canon2);
}

/* Every distribution syntax, in canonical parameters. */
static void test_dists(void)
{
    scenario *sc = test_good("good/dists.yaml", NULL, 0, NULL);
    if (!sc)
        return;
    const unit_spec *u = sc->units;
    double mu, sigma;
    CHECK(sc->n_units == 14);
    CHECK(u[0].stay.kind == DIST_EXPONENTIAL);
    NEAR(u[0].stay.a, 120);
    CHECK(u[1].stay.kind == DIST_LOGNORMAL);
    dist_lognormal_from_mean_sd(3 * 1440, 2 * 1440, &mu, &sigma);
    NEAR(u[1].stay.a, mu);
    NEAR(u[1].stay.b, sigma);
    NEAR(dist_mean(&u[1].stay), 3 * 1440);
    CHECK(u[2].stay.kind == DIST_LOGNORMAL);
    NEAR(u[2].stay.a, log(2 * 1440));
    NEAR(u[2].stay.b, log(4) / 1.2815515655446004);
    CHECK(u[3].stay.kind == DIST_GAMMA);
    NEAR(u[3].stay.a, 2);
    NEAR(u[3].stay.b, 720);
    CHECK(u[4].stay.kind == DIST_GAMMA);
    NEAR(u[4].stay.a, 4);
    NEAR(u[4].stay.b, 720);
    CHECK(u[5].stay.kind == DIST_WEIBULL);
    NEAR(u[5].stay.a, 1.5);
    NEAR(u[5].stay.b, 10080);
    CHECK(u[6].stay.kind == DIST_ERLANG);
    NEAR(u[6].stay.a, 3);
    NEAR(u[6].stay.b, 90);
    CHECK(u[7].stay.kind == DIST_TRIANGULAR);
    NEAR(u[7].stay.a, 1440);
    NEAR(u[7].stay.b, 2880);
    NEAR(u[7].stay.c, 7200);
    CHECK(u[8].stay.kind == DIST_UNIFORM);
    NEAR(u[8].stay.a, 30);
    NEAR(u[8].stay.b, 60);
    CHECK(u[9].stay.kind == DIST_FIXED);
    NEAR(u[9].stay.a, 2880);
    CHECK(u[10].stay.kind == DIST_FIXED && u[10].capacity == SCENARIO_UNLIMITED);
    NEAR(u[10].stay.a, 2880);
    CHECK(u[11].stay.kind == DIST_EMPIRICAL && u[11].stay.n == 3);
    CHECK(u[11].stay.table != NULL);
    NEAR(u[11].stay.values[2], 4 * 1440);
    NEAR(u[11].stay.weights[1], 2);
    CHECK(u[12].stay.kind == DIST_EMPIRICAL && u[12].stay.n == 2);
    NEAR(u[12].stay.weights[0], 1);
    NEAR(u[12].stay.weights[1], 1);
    CHECK(u[13].stay.kind == DIST_HISTOGRAM && u[13].stay.n == 2);
    NEAR(u[13].stay.values[2], 3 * 1440);
    CHECK(u[13].stay.table != NULL);
    CHECK(u[13].next.n == 1 && u[13].next.to[0] == SCENARIO_EXIT);
    CHECK(u[0].next.to[0] == 1 && u[12].next.to[0] == 13);
    const arrival_spec *a = sc->arrivals;
    CHECK(a[0].kind == ARRIVAL_INTERARRIVAL);
    CHECK(a[0].interarrival.kind == DIST_LOGNORMAL);
    NEAR(dist_mean(&a[0].interarrival), 180);
    CHECK(a[1].kind == ARRIVAL_POISSON && a[1].to == 2);
    NEAR(a[1].rate, 2.0 / 60);
    CHECK(a[1].priority == -2);
    NEAR(a[1].start, 1440);
    NEAR(a[1].stop, 20 * 1440);
    scenario_free(sc);
}

/* extends: deep merge, merge by name, null deletes, order of units. */
static void test_extends(void)
{
    scenario *sc = test_good("good/child.yaml", NULL, 0, NULL);
    if (!sc)
        return;
    CHECK(strcmp(sc->name, "child") == 0);
    NEAR(sc->horizon, 144000);
    NEAR(sc->warmup, 0);
    CHECK(sc->replications == 10 && sc->seed == 1);
    CHECK(sc->max_patients == SCENARIO_DEFAULT_MAX_PATIENTS);
    CHECK(sc->max_events == SCENARIO_DEFAULT_MAX_EVENTS);
    CHECK(sc->n_arrivals == 3 && sc->n_units == 3);
    const arrival_spec *a = sc->arrivals;
    CHECK(strcmp(a[0].name, "emergencies") == 0);
    NEAR(a[0].rate, 10.0 / 1440);
    NEAR(a[0].hourly[0], 0.75);
    NEAR(a[0].hourly[8], 1.5);
    CHECK(strcmp(a[1].name, "electives") == 0 && a[1].to == 0);
    NEAR(a[1].rate, 4.0 / 1440);
    NEAR(a[1].weekly[0], 1.4);
    NEAR(a[1].weekly[6], 0);
    CHECK(strcmp(a[2].name, "transfers") == 0 && a[2].to == 1);
    CHECK(a[2].kind == ARRIVAL_INTERARRIVAL);
    CHECK(a[2].interarrival.kind == DIST_FIXED);
    NEAR(a[2].interarrival.a, 720);
    const unit_spec *u = sc->units;
    CHECK(strcmp(u[0].name, "ward") == 0 && strcmp(u[1].name, "rehab") == 0);
    CHECK(strcmp(u[2].name, "icu") == 0);
    CHECK(u[0].capacity == 24 && u[0].when_full == FULL_QUEUE);
    CHECK(u[0].queue_limit == 10 && u[0].reneges == 0);
    CHECK(u[0].priority_queue == 1);
    CHECK(u[0].next.n == 2 && u[0].next.to[0] == 1);
    CHECK(u[0].next.to[1] == SCENARIO_EXIT);
    NEAR(u[0].next.share[0], 0.25);
    CHECK(u[1].when_full == FULL_BLOCK && u[1].queue_limit == SCENARIO_UNLIMITED);
    CHECK(u[2].when_full == FULL_DIVERT && u[2].divert_to == 0);
    scenario_free(sc);

    /* The base alone still has the patience the child deleted. */
    sc = test_good("good/base.yaml", NULL, 0, NULL);
    if (sc) {
        CHECK(sc->units[0].reneges == 1);
        CHECK(sc->units[0].patience.kind == DIST_EXPONENTIAL);
        NEAR(sc->units[0].patience.a, 120);
        NEAR(sc->warmup, 14400);
    }
    scenario_free(sc);
}

/* --set overrides: by key, by item name, by index, flow values, new keys,
 * deletion, and errors located in "--set". */
static void test_sets(void)
{
    const char *sets[] = {
        "units.ward.capacity=14",
        "arrivals.emergencies.rate=10 per day",
        "units.ward.stay={exponential: {mean: 2 days}}",
        "arrivals.0.priority=3",
        "seed=18446744073709551615",
        "units.ward.wait_threshold=1 hour",
        "warmup=~",
        "units.ward.next={exit: 1}",
    };
    char *c1 = NULL, *c2 = NULL;
    scenario *sc = test_good("good/erlang.yaml", sets, 8, &c1);
    if (sc) {
        CHECK(sc->units[0].capacity == 14);
        NEAR(sc->arrivals[0].rate, 10.0 / 1440);
        NEAR(sc->units[0].stay.a, 2880);
        CHECK(sc->arrivals[0].priority == 3);
        CHECK(sc->seed == UINT64_MAX);
        NEAR(sc->units[0].wait_threshold, 60);
        NEAR(sc->warmup, 0);
    }
    scenario_free(sc);
    sc = test_good("good/erlang.yaml", sets, 8, &c2);
    CHECK(c1 && c2 && strcmp(c1, c2) == 0);
    CHECK(c1 && strstr(c1, "capacity: 14") && !strstr(c1, "warmup"));
    scenario_free(sc);
    free(c1);
    free(c2);

    static const struct {
        const char *set, *expect;
    } bad[] = {
        {"units.ward.capacity=-3",
         "--set:1:21: units.ward.capacity: -3 is not allowed; expected a "
         "positive integer or 'unlimited'"},
        {"units.ward.capcity=3",
         "--set:1:12: units.ward.capcity: unknown key 'capcity'; did you "
         "mean 'capacity'?"},
        {"arrivals.walkins.rate=1 per day",
         "--set:1:10: arrivals.walkins: no item named 'walkins' in arrivals; "
         "use an existing name or index"},
        {"units.ward.stay={exponential: {mean: 2 days}",
         "--set:1:45: (yaml): did not find expected ',' or '}' while parsing "
         "a flow mapping; fix the YAML syntax"},
        {"units.ward.capacity", "--set:1:1: (top): 'units.ward.capacity' is "
         "not an override; expected PATH=VALUE, like "
         "'units.ward.capacity=14'"},
        {"name.x=3", "--set:1:6: name.x: 'name' holds a single value, not a "
         "map or list; set 'name' itself"},
        {"units..capacity=3", "--set:1:7: (top): empty or overlong path "
         "component in 'units..capacity'; expected names separated by '.'"},
        {"horizon=.inf days", "--set:1:9: horizon: '.inf days' is not a "
         "finite duration; expected a duration like '4 hours'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[LOAD_ERR_MAX];
        char *canon = (char *)"untouched";
        scenario *s = load_scenario("good/erlang.yaml", &bad[i].set, 1,
                                    &canon, err, sizeof err);
        checks++;
        if (s || strcmp(err, bad[i].expect) != 0 || canon) {
            failures++;
            fprintf(stderr, "--set '%s':\n  expected: %s\n  got:      %s\n",
                    bad[i].set, bad[i].expect, s ? "(success)" : err);
        }
        scenario_free(s);
    }
}

/* start_weekday rotation, hourly normalisation, periods, schedules. */
static void test_weekday(void)
{
    scenario *sc = test_good("good/weekday.yaml", NULL, 0, NULL);
    if (!sc)
        return;
    const arrival_spec *a = sc->arrivals;
    /* Day 0 is a Wednesday: weekly[0] is Wednesday's 3/4. */
    NEAR(a->weekly[0], 0.75);
    NEAR(a->weekly[4], 1.75);
    NEAR(a->weekly[5], 0.25);
    NEAR(a->weekly[6], 0.5);
    NEAR(a->hourly[0], 0);
    NEAR(a->hourly[8], 2.4);
    NEAR(a->rate, 1.0 / 60);
    CHECK(a->n_periods == 2);
    NEAR(a->periods[0].from, 7 * 1440);
    NEAR(a->periods[0].to, 14 * 1440);
    NEAR(a->periods[0].factor, 1.5);
    NEAR(a->periods[1].factor, 0);
    const unit_spec *u = sc->units;
    CHECK(u->n_schedule == 3);
    NEAR(u->schedule_repeat, 10080);
    NEAR(u->schedule[1].at, 480);
    CHECK(u->schedule[0].capacity == 2);
    CHECK(u->schedule[2].capacity == SCENARIO_UNLIMITED);
    NEAR(u->wait_threshold, 30);
    NEAR(sc->horizon, 4 * 10080);
    CHECK(u->when_full == FULL_QUEUE && u->queue_limit == SCENARIO_UNLIMITED);
    scenario_free(sc);
}

/* A file over the size limit, written at run time in the build dir. */
static void test_big(const char *builddir)
{
    char path[4096], err[LOAD_ERR_MAX], expect[4200];
    snprintf(path, sizeof path, "%s/big.yaml", builddir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("name: big\ndescription: ", f);
    for (long i = 0; i < 17L * 1024 * 1024 / 64; i++)
        fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ",
              f);
    fputs("\n", f);
    fclose(f);
    scenario *sc = load_scenario(path, NULL, 0, NULL, err, sizeof err);
    snprintf(expect, sizeof expect,
             "%s:1:1: (file): file is larger than 16777216 bytes (16 MiB); "
             "split it or use extends",
             path);
    CHECK(sc == NULL && strcmp(err, expect) == 0);
    if (strcmp(err, expect) != 0)
        fprintf(stderr, "  expected: %s\n  got:      %s\n", expect, err);
    scenario_free(sc);
    remove(path);
}

/* Orders file names for a stable run. */
static int test_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one bad/NAME.yaml: reads its expectations and compares. */
static void test_bad_file(const char *path)
{
    char line[2048], expect[2048] = "";
    char *sets[16];
    size_t n_sets = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        failures++;
        fprintf(stderr, "%s: cannot open\n", path);
        return;
    }
    while (fgets(line, sizeof line, f) && line[0] == '#') {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "# expect: ", 10) == 0)
            snprintf(expect, sizeof expect, "%s", line + 10);
        else if (strncmp(line, "# set: ", 7) == 0 && n_sets < 16)
            sets[n_sets++] = strdup(line + 7);
    }
    fclose(f);
    char err[LOAD_ERR_MAX], *canon = NULL;
    scenario *sc = load_scenario(path, (const char *const *)sets, n_sets,
                                 &canon, err, sizeof err);
    checks++;
    if (!expect[0] || sc || canon || strcmp(err, expect) != 0) {
        failures++;
        fprintf(stderr, "%s:\n  expected: %s\n  got:      %s\n", path,
                expect[0] ? expect : "(no '# expect:' line)",
                sc ? "(success)" : err);
    }
    scenario_free(sc);
    free(canon);
    for (size_t i = 0; i < n_sets; i++)
        free(sets[i]);
}

/* Runs the whole corpus of bad scenarios; returns how many. */
static size_t test_bad_corpus(void)
{
    DIR *dir = opendir("bad");
    if (!dir) {
        failures++;
        fprintf(stderr, "cannot open bad/ (run from test/load)\n");
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                abort();
            names = nn;
        }
        names[n] = malloc(l + 5);
        if (!names[n])
            abort();
        snprintf(names[n], l + 5, "bad/%s", e->d_name);
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, test_cmp);
    for (size_t i = 0; i < n; i++) {
        test_bad_file(names[i]);
        free(names[i]);
    }
    free(names);
    return n;
}

int main(int argc, char **argv)
{
    const char *builddir = argc > 1 ? argv[1] : ".";
    test_erlang(builddir);
    test_dists();
    test_extends();
    test_sets();
    test_weekday();
    test_health();
    test_hours();
    test_cohort();
    test_big(builddir);
    size_t nbad = test_bad_corpus();
    printf("load: %d checks, %zu bad scenarios, %d failures\n", checks, nbad,
           failures);
    return failures ? 1 : 0;
}
