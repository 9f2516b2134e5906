/* test_load_health.c -- tests of the scenario loader (tools/load/): the
 * health-system extensions of the language, each a good scenario whose
 * values the model will see checked field by field: dates, percents,
 * classes, roles, by-class stays and routes, escalation, readmission,
 * assessment, census, interventions and targets (good/health.yaml), a
 * resized cohort (good/cohort.yaml), opening hours (good/hours.yaml).
 * Part of test_load (test_load.h), which runs them in its part one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "test_load.h"

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
void test_health(void)
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
void test_cohort(void)
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
void test_hours(void)
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
