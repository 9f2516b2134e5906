/* test_load.c -- tests of the scenario loader (tools/load/).
 *
 * Run from test/load/ (meson sets the workdir) with the build directory as
 * the only argument.  Part one loads good scenarios and checks the values
 * the model will see; part two loads every bad/NAME.yaml and compares the
 * error with the file's first line "# expect: ERROR" (further lines
 * "# set: A.B=V" are passed as --set overrides, in order).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"

static int failures, checks;

#define CHECK(cond)                                                        \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

#define NEAR(a, b) CHECK(fabs((double)(a) - (double)(b)) <= 1e-9 * (fabs((double)(b)) + 1))

/* Loads a scenario that must be valid; prints the error otherwise. */
static scenario *test_good(const char *path, const char *const *sets,
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

/* Checks a unit's capacity schedule against (at, capacity) pairs. */
static void test_schedule(const unit_spec *u, const double *at,
                          const long *cap, size_t n)
{
    CHECK(u->n_schedule == n);
    NEAR(u->schedule_repeat, 10080);
    for (size_t i = 0; i < n && i < u->n_schedule; i++) {
        NEAR(u->schedule[i].at, at[i]);
        CHECK(u->schedule[i].capacity == cap[i]);
    }
}

/* The health-system extensions: dates, percents, classes, mix, roles,
 * by-class stays and routes, escalation, readmission, assessment,
 * census, opening hours, interventions and targets: one good scenario
 * read field by field.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_health(void)
{
    char *canon = NULL, *canon2 = NULL;
    scenario *sc = test_good("good/health.yaml", NULL, 0, &canon);
    if (!sc)
        return;
    const double D = 1440;
    CHECK(strcmp(sc->description,
                 "All the health-system extensions at once.") == 0);
    CHECK(sc->start_date && strcmp(sc->start_date, "2022-04-01") == 0);
    CHECK(sc->start_weekday == 4); /* a Friday, over start_weekday */
    CHECK(sc->n_classes == 4);
    const class_spec *cl = sc->classes;
    CHECK(strcmp(cl[0].name, "adult") == 0 && cl[0].n_tags == 1);
    CHECK(strcmp(cl[0].tag_keys[0], "age") == 0);
    CHECK(strcmp(cl[0].tag_values[0], "18-64") == 0);
    CHECK(strcmp(cl[2].name, "older-cohort") == 0 && cl[2].n_tags == 2);
    CHECK(strcmp(cl[2].tag_keys[1], "cohort") == 0);
    CHECK(strcmp(cl[2].tag_values[1], "at-risk") == 0);
    CHECK(strcmp(cl[3].tag_values[1], "yes") == 0);

    const arrival_spec *a = sc->arrivals;
    CHECK(a[0].ambulance == 1 && a[1].ambulance == 0);
    CHECK(a[0].n_mix == 4 && a[1].n_mix == 0);
    for (int i = 0; i < 4 && a[0].n_mix == 4; i++)
        CHECK(a[0].mix_class[i] == i);
    if (a[0].n_mix == 4) {
        NEAR(a[0].mix_share[0], 0.5);
        NEAR(a[0].mix_share[1], 0.3);
        NEAR(a[0].mix_share[2], 0.15);
        NEAR(a[0].mix_share[3], 0.05);
    }
    NEAR(a[0].start, 1 * D);
    NEAR(a[0].stop, 730 * D);
    CHECK(a[0].n_periods == 2);
    NEAR(a[0].periods[0].from, 244 * D);
    NEAR(a[0].periods[0].to, 334 * D);
    NEAR(a[0].periods[1].from, 10 * D);
    NEAR(a[0].periods[1].to, 20 * D);
    NEAR(a[0].weekly[0], 1.25); /* Friday's 5/4 */
    NEAR(a[0].weekly[3], 0.25); /* Monday */

    const unit_spec *u = sc->units;
    CHECK(sc->n_units == 8);
    CHECK(u[0].role == ROLE_ED && u[1].role == ROLE_SDEC);
    CHECK(u[2].role == ROLE_ACUTE && u[3].role == ROLE_P1);
    CHECK(u[4].role == ROLE_P2 && u[5].role == ROLE_P3);
    CHECK(u[6].role == ROLE_VW && u[7].role == ROLE_NONE);
    CHECK(u[0].next.n == 3 && u[0].next.to[0] == 2);
    NEAR(u[0].next.share[0], 0.2);
    NEAR(u[0].next.share[2], 0.7);
    {
        /* Friday is day 0: open 08-20 on days 0, 3, 4, 5, 6. */
        static const double at[] = {0,    480,  1200, 4800, 5520, 6240,
                                    6960, 7680, 8400, 9120, 9840};
        static const long cap[] = {0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0};
        test_schedule(&u[1], at, cap, 11);
    }
    {
        /* Saturday (day 1) and Thursday (day 6) 20:00 to 08:00; the
         * Thursday night wraps into day 0. */
        static const double at[] = {0, 480, 2640, 3360, 9840};
        static const long cap[] = {40, 0, 40, 0, 40};
        test_schedule(&u[6], at, cap, 5);
    }
    CHECK(u[7].n_schedule == 2 && u[7].schedule_repeat == 0);
    if (u[7].n_schedule == 2)
        NEAR(u[7].schedule[1].at, 30 * D);

    const unit_spec *ac = &u[2];
    CHECK(ac->has_class_stay && ac->stay_by_class);
    if (ac->has_class_stay) {
        CHECK(!ac->has_class_stay[0] && ac->has_class_stay[1]);
        CHECK(!ac->has_class_stay[2] && ac->has_class_stay[3]);
        CHECK(ac->stay_by_class[1].kind == DIST_EXPONENTIAL);
        NEAR(ac->stay_by_class[1].a, 9 * D);
        CHECK(ac->stay_by_class[3].kind == DIST_FIXED);
        NEAR(ac->stay_by_class[3].a, 2 * D);
    }
    CHECK(ac->has_class_next && ac->next_by_class);
    if (ac->has_class_next) {
        CHECK(!ac->has_class_next[0] && !ac->has_class_next[1]);
        CHECK(ac->has_class_next[2] && ac->has_class_next[3]);
        CHECK(ac->next_by_class[3].n == 1);
        CHECK(ac->next_by_class[3].to[0] == SCENARIO_EXIT);
        CHECK(ac->next_by_class[2].n == 2);
        CHECK(ac->next_by_class[2].to[1] == 4);
        NEAR(ac->next_by_class[2].share[1], 0.5);
        CHECK(ac->next_by_class[0].n == 0);
    }
    CHECK(ac->escalation.beds == 20);
    NEAR(ac->escalation.open_at, 0.95);
    NEAR(ac->escalation.close_at, 0.9);
    NEAR(ac->readmission.share, 0.12);
    NEAR(ac->readmission.within, 30 * D);
    CHECK(ac->readmission.to == 0);
    CHECK(ac->assessed == 0 && ac->initial == 0);
    CHECK(u[6].escalation.beds == 5);
    NEAR(u[6].escalation.open_at, 1.2);
    NEAR(u[6].escalation.close_at, 1.2); /* defaults to open_at */
    CHECK(u[4].assessed == 1 && u[4].assessment.kind == DIST_LOGNORMAL);
    NEAR(u[4].assessment.a, log(2 * D));
    CHECK(u[4].initial == 120 && u[4].capacity == 96);
    CHECK(u[0].has_class_stay == NULL && u[0].next_by_class == NULL);
    CHECK(u[0].readmission.share == 0 && u[0].escalation.beds == 0);

    CHECK(sc->n_interventions == 5);
    const intervention_spec *iv = sc->interventions;
    CHECK(strcmp(iv[0].name, "neighbourhood-deflection") == 0);
    CHECK(iv[0].kind == IV_DEFLECT_ARRIVALS && iv[0].arrivals == NULL);
    CHECK(iv[0].classes != NULL);
    if (iv[0].classes)
        CHECK(!iv[0].classes[0] && !iv[0].classes[1] && iv[0].classes[2] &&
              !iv[0].classes[3]);
    NEAR(iv[0].effect, 0.3);
    CHECK(iv[0].n_phases == 2);
    NEAR(iv[0].phases[0].from, 0);
    NEAR(iv[0].phases[0].fraction, 0.1);
    NEAR(iv[0].phases[1].from, 365 * D);
    NEAR(iv[0].phases[1].fraction, 0.6);
    CHECK(iv[1].kind == IV_DEFLECT_ADMISSIONS && iv[1].unit == 2);
    CHECK(iv[1].instead == 6);
    if (iv[1].classes) /* where {cohort: at-risk} */
        CHECK(!iv[1].classes[0] && !iv[1].classes[1] && iv[1].classes[2] &&
              !iv[1].classes[3]);
    CHECK(iv[1].n_phases == 1); /* default: all of it from day 0 */
    NEAR(iv[1].phases[0].from, 0);
    NEAR(iv[1].phases[0].fraction, 1);
    CHECK(iv[2].kind == IV_SCALE_STAY && iv[2].unit == 2);
    CHECK(iv[2].classes != NULL);
    if (iv[2].classes) /* where {age: 65+} */
        CHECK(!iv[2].classes[0] && iv[2].classes[1] && iv[2].classes[2] &&
              !iv[2].classes[3]);
    NEAR(iv[2].effect, 0.5);
    CHECK(iv[2].instead == SCENARIO_EXIT);
    CHECK(iv[3].kind == IV_ROUTE_MIX && iv[3].unit == 2);
    CHECK(iv[3].classes == NULL && iv[3].mix.n == 4);
    if (iv[3].mix.n == 4) {
        CHECK(iv[3].mix.to[0] == SCENARIO_EXIT && iv[3].mix.to[3] == 5);
        NEAR(iv[3].mix.share[1], 0.45);
        NEAR(iv[3].mix.share[3], 0.01);
    }
    NEAR(iv[3].effect, 1);
    CHECK(iv[4].kind == IV_DEFLECT_ARRIVALS && iv[4].arrivals && !iv[4].arrivals[0] && iv[4].arrivals[1]);
    NEAR(iv[4].effect, 0);
    CHECK(iv[4].n_phases == 1);
    NEAR(iv[4].phases[0].from, 7 * D);

    CHECK(sc->n_targets == 2);
    const target_spec *t = sc->targets;
    CHECK(strcmp(t[0].kpi, "ed.attendances") == 0);
    NEAR(t[0].value, 111000);
    NEAR(t[0].tolerance, 5550); /* 5% of the value */
    CHECK(t[0].source && strcmp(t[0].source, "NHS England A&E monthly") == 0);
    NEAR(t[1].value, -2);
    NEAR(t[1].tolerance, 3);
    CHECK(t[1].source == NULL);
    scenario_free(sc);

    /* The canonical text keeps dates and percents and loads the same. */
    CHECK(canon && strstr(canon, "2022-04-01") && strstr(canon, "30%"));
    sc = test_good("good/health.yaml", NULL, 0, &canon2);
    CHECK(canon && canon2 && strcmp(canon, canon2) == 0);
    scenario_free(sc);
    free(canon);
    free(canon2);

    /* Overrides reach the new keys. */
    const char *sets[] = {"interventions.home-first.effect=40%",
                          "units.acute.escalation.close_at=95%",
                          "arrivals.ed-ambulance.mix={child: 1}",
                          "start_date=2022-03-01"};
    sc = test_good("good/health.yaml", sets, 4, NULL);
    if (sc) {
        NEAR(sc->interventions[3].effect, 0.4);
        NEAR(sc->units[2].escalation.close_at, 0.95);
        CHECK(sc->arrivals[0].n_mix == 1 && sc->arrivals[0].mix_class[0] == 3);
        CHECK(sc->start_weekday == 1); /* 2022-03-01 was a Tuesday */
        NEAR(sc->arrivals[0].start, 32 * D);
        NEAR(sc->interventions[0].phases[1].from, 396 * D);
    }
    scenario_free(sc);
}

/* A resized cohort: the reach of each intervention by class. */
static void test_cohort(void)
{
    scenario *sc = test_good("good/cohort.yaml", NULL, 0, NULL);
    if (!sc)
        return;
    const cohort_spec *co = &sc->cohort;
    CHECK(co->on && co->twin[0] == 1 && co->twin[1] == -1 &&
          co->twin[2] == -1);
    NEAR(co->size, 0.1);
    NEAR(co->reach, 0.2);
    NEAR(co->concentration, 0.5);
    const double *r = sc->interventions[0].reach;
    CHECK(r != NULL);
    if (r) {
        NEAR(r[0], 1);
        NEAR(r[1], (sqrt(2) - 1) * 20 / 60);
        NEAR(r[2], 0);
    }
    /* selects the twin too: the cohort's size does not matter to it */
    CHECK(sc->interventions[1].reach == NULL);
    CHECK(sc->mix_classes && !sc->mix_classes[0] && sc->mix_classes[1] &&
          sc->mix_classes[2]);
    scenario_free(sc);
    /* smaller: a share of the members only */
    const char *sets[] = {"cohort.reach=5%"};
    if (!(sc = test_good("good/cohort.yaml", sets, 1, NULL)))
        return;
    r = sc->interventions[0].reach;
    CHECK(r != NULL);
    if (r) {
        NEAR(r[0], sqrt(0.5));
        NEAR(r[1], 0);
    }
    scenario_free(sc);
    /* the mixes' own size: nothing changes */
    const char *same[] = {"cohort.reach=10%"};
    if (!(sc = test_good("good/cohort.yaml", same, 1, NULL)))
        return;
    CHECK(sc->interventions[0].reach == NULL);
    scenario_free(sc);
}

/* Opening hours aligned by start_weekday; all day; round the clock. */
static void test_hours(void)
{
    scenario *sc = test_good("good/hours.yaml", NULL, 0, NULL);
    if (!sc)
        return;
    CHECK(sc->start_date == NULL && sc->start_weekday == 6);
    CHECK(sc->description == NULL && sc->n_classes == 0);
    CHECK(sc->n_interventions == 0 && sc->n_targets == 0);
    {
        static const double at[] = {0};
        static const long cap[] = {3};
        test_schedule(&sc->units[0], at, cap, 1);
    }
    {
        /* Sunday is day 0: Monday 09:00-17:00 is day 1. */
        static const double at[] = {0, 1980, 2460};
        static const long cap[] = {0, SCENARIO_UNLIMITED, 0};
        test_schedule(&sc->units[1], at, cap, 3);
    }
    {
        /* 06:30 to 06:30: 24 hours from Sunday and from Saturday. */
        static const double at[] = {0, 1830, 9030};
        static const long cap[] = {2, 0, 2};
        test_schedule(&sc->units[2], at, cap, 3);
    }
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
