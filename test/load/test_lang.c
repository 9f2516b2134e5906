/* test_lang.c -- the scenario language's planning features, as the
 * loader reads them: demand scaling (`demand: {scale:}`, per-stream
 * `scale:`, --set demand.scale), occupancy quantiles and distributions,
 * queue rules (pre-emption among them).
 * Run from test/load/ (meson sets the workdir).  Misuses are in the bad/
 * corpus that test_load runs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"
#include "check.h"

static int failures, checks;

/* Loads YAML text that must be valid, with --set overrides. */
static scenario *good(const char *yaml, const char *const *sets, size_t n)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario_mem(yaml, strlen(yaml), "lang.yaml", sets,
                                     n, NULL, err, sizeof err);
    checks++;
    if (!sc) {
        failures++;
        fprintf(stderr, "unexpected error: %s\n", err);
    }
    return sc;
}

static const char *const TWO_STREAMS =
    "name: demand\n"
    "horizon: 10 days\n"
    "arrivals:\n"
    "  - {name: walk-ins, rate: 24 per day, to: ward}\n"
    "  - {name: gp, interarrival: {fixed: 2 hours}, to: ward, scale: 110%}\n"
    "units:\n"
    "  ward: {capacity: 10, stay: 1 day}\n";

/* Scales multiply: the top-level one applies to every stream, a
 * stream's own on top; the rate and gaps themselves are left as written
 * (the model applies the scale). */
static void test_demand(void)
{
    scenario *sc = good(TWO_STREAMS, NULL, 0);
    if (sc) {
        CHECK(sc->arrivals[0].scale == 1);
        CHECK(sc->arrivals[1].scale == 1.1);
        CHECK(sc->arrivals[0].rate == 24.0 / 1440);
        CHECK(sc->arrivals[1].interarrival.a == 120);
    }
    scenario_free(sc);
    const char *sets[] = {"demand.scale=1.05"};
    sc = good(TWO_STREAMS, sets, 1);
    if (sc) {
        CHECK(sc->arrivals[0].scale == 1.05);
        CHECK(sc->arrivals[1].scale == 1.05 * 1.1);
        CHECK(sc->arrivals[0].rate == 24.0 / 1440);
    }
    scenario_free(sc);
    const char *sets2[] = {"demand={scale: 90%}", "arrivals.gp.scale=2"};
    sc = good(TWO_STREAMS, sets2, 2);
    if (sc) {
        CHECK(sc->arrivals[0].scale == 0.9);
        CHECK(sc->arrivals[1].scale == 0.9 * 2);
    }
    scenario_free(sc);
}

static const char *const WARDS =
    "name: wards\n"
    "horizon: 10 days\n"
    "quantiles: [0.5, 85%, 0.99]\n"
    "arrivals:\n"
    "  - {name: walk-ins, rate: 24 per day, to: ed}\n"
    "units:\n"
    "  ed: {capacity: unlimited, stay: 4 hours, next: ward}\n"
    "  ward:\n"
    "    capacity: 10\n"
    "    stay: 1 day\n"
    "    capacity_schedule: {changes: [{at: 0 days, capacity: 10},\n"
    "                                  {at: 5 days, capacity: 14}]}\n"
    "    escalation: {beds: 2, open_at: 95%}\n";

/* Quantiles as shares; a distribution's top is the most places a unit
 * can have (its largest scheduled capacity plus escalation beds), `all`
 * leaves out units without a bound, a map gives the top. */
static void test_outputs(void)
{
    scenario *sc = good(WARDS, NULL, 0);
    if (sc) {
        CHECK(sc->n_quantiles == 3 && sc->quantiles[0] == 0.5 &&
              sc->quantiles[1] == 0.85 && sc->quantiles[2] == 0.99);
        CHECK(!sc->units[0].distribution && !sc->units[1].distribution);
    }
    scenario_free(sc);
    const char *all[] = {"distribution=all"};
    sc = good(WARDS, all, 1);
    if (sc) {
        CHECK(!sc->units[0].distribution);
        CHECK(sc->units[1].distribution && sc->units[1].dist_top == 16);
    }
    scenario_free(sc);
    const char *map[] = {"distribution={ed: 40, ward: 12}"};
    sc = good(WARDS, map, 1);
    if (sc) {
        CHECK(sc->units[0].distribution && sc->units[0].dist_top == 40);
        CHECK(sc->units[1].distribution && sc->units[1].dist_top == 12);
    }
    scenario_free(sc);
    const char *list[] = {"distribution=[ward]"};
    sc = good(WARDS, list, 1);
    if (sc)
        CHECK(sc->units[1].distribution && sc->units[1].dist_top == 16);
    scenario_free(sc);
}

static const char *const POOLED =
    "name: pooled\n"
    "horizon: 10 days\n"
    "arrivals:\n"
    "  - {name: med, rate: 4 per day, to: medical}\n"
    "  - {name: surg, rate: 4 per day, to: surgical}\n"
    "pools:\n"
    "  shared: {capacity: 6, units: [surgical, medical]}\n"
    "units:\n"
    "  medical: {capacity: 0, stay: 1 day, role: acute}\n"
    "  surgical: {capacity: 4, stay: 1 day, role: acute}\n"
    "  rehab: {capacity: 5, stay: 1 day}\n";

/* A pool: its places, its members in overflow order, their own places
 * (0 allowed for a member only). */
static void test_pools(void)
{
    scenario *sc = good(POOLED, NULL, 0);
    if (sc) {
        CHECK(sc->n_pools == 1 && !strcmp(sc->pools[0].name, "shared"));
        CHECK(sc->pools[0].capacity == 6 && sc->pools[0].n_units == 2);
        CHECK(sc->pools[0].units[0] == 1 && sc->pools[0].units[1] == 0);
        CHECK(sc->units[0].in_pool && sc->units[0].pool == 0 &&
              sc->units[0].capacity == 0);
        CHECK(sc->units[1].in_pool && sc->units[1].capacity == 4);
        CHECK(!sc->units[2].in_pool);
    }
    scenario_free(sc);
}

static const char *const ROUTES =
    "name: routes\n"
    "horizon: 10 days\n"
    "arrivals:\n"
    "  - {name: in, rate: 4 per day, to: rehab}\n"
    "units:\n"
    "  rehab:\n"
    "    capacity: 20\n"
    "    stay: 10 days\n"
    "    next:\n"
    "      home: {share: 60%, stay: 8 days, delay: 1 day}\n"
    "      carehome: {share: 0.3, stay: 20 days, transfer: 4 hours,\n"
    "                 hold_upstream: false}\n"
    "      exit: 0.1\n"
    "  home: {capacity: unlimited, stay: 2 weeks}\n"
    "  carehome: {capacity: 30, stay: 1 week, when_full: block}\n";

/* A route's entries may carry a stay, a delay and a transfer (which
 * holds the place left unless hold_upstream is false). */
static void test_routes(void)
{
    scenario *sc = good(ROUTES, NULL, 0);
    if (sc) {
        const route *r = &sc->units[0].next;
        CHECK(r->n == 3 && r->to[0] == 1 && r->to[1] == 2 &&
              r->to[2] == SCENARIO_EXIT);
        CHECK(r->stay && r->has_stay[0] && r->has_stay[1] &&
              !r->has_stay[2]);
        CHECK(r->stay[0].a == 8 * 1440 && r->stay[1].a == 20 * 1440);
        CHECK(r->delay && r->has_delay[0] && !r->has_delay[1] &&
              r->delay[0].a == 1440);
        CHECK(r->transfer && !r->has_transfer[0] && r->has_transfer[1] &&
              r->transfer[1].a == 240);
        CHECK(r->release && r->release[1] == 1 && r->release[0] == 0);
    }
    scenario_free(sc);
    const char *held[] = {"units.rehab.next.carehome.hold_upstream=true"};
    sc = good(ROUTES, held, 1);
    if (sc)
        CHECK(sc->units[0].next.release[1] == 0);
    scenario_free(sc);
}

/* A census file: rows in order, classes, stays so far from admission
 * dates, fit patients, the pathway awaited, patients waiting. */
static void test_census(void)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario("good/census.yaml", NULL, 0, NULL, err,
                                 sizeof err);
    checks++;
    if (!sc) {
        failures++;
        fprintf(stderr, "good/census.yaml: %s\n", err);
        return;
    }
    const census_row *r = sc->census;
    CHECK(sc->n_census == 5);
    CHECK(r[0].unit == 0 && r[0].cls == 1 && r[0].fit && r[0].next == 1 &&
          r[0].elapsed == 13 * 1440.0 && !r[0].waiting);
    CHECK(r[1].unit == 0 && r[1].cls == 0 && !r[1].fit && r[1].next == -2 &&
          r[1].elapsed == 90);
    CHECK(r[2].cls == 0 && r[2].next == SCENARIO_EXIT &&
          r[2].elapsed == 3 * 1440.0);
    CHECK(r[3].unit == 1 && r[3].elapsed == 63 * 1440.0);
    CHECK(r[4].unit == 1 && r[4].waiting && r[4].elapsed == 0);
    scenario_free(sc);
}

/* Bounded lines: what a full line does, and separate limits. */
static void test_queue_rules(void)
{
    const char *const yaml =
        "name: lines\n"
        "horizon: 10 days\n"
        "arrivals:\n"
        "  - {name: in, rate: 4 per day, to: ed}\n"
        "units:\n"
        "  ed: {capacity: 4, stay: 4 hours, next: ward}\n"
        "  ward:\n"
        "    capacity: 10\n"
        "    stay: 2 days\n"
        "    queue: {limit: 3, when_full: block, limit_external: 1}\n";
    scenario *sc = good(yaml, NULL, 0);
    if (sc) {
        const unit_spec *w = &sc->units[1];
        CHECK(w->queue_limit == 3 && w->queue_block && w->split_limits);
        CHECK(w->limit_external == 1 &&
              w->limit_internal == SCENARIO_UNLIMITED);
        CHECK(!sc->units[0].queue_block && !sc->units[0].split_limits);
    }
    scenario_free(sc);
    const char *preempt[] = {"units.ward.queue={discipline: priority, "
                             "preempt: yes}"};
    sc = good(yaml, preempt, 1);
    if (sc)
        CHECK(sc->units[1].preempt && sc->units[1].priority_queue &&
              !sc->units[0].preempt);
    scenario_free(sc);
    const char *divert[] = {"units.ward.queue.when_full={divert: ed}"};
    sc = good(yaml, divert, 1);
    if (sc)
        CHECK(sc->units[1].queue_divert && sc->units[1].divert_to == 0 &&
              !sc->units[1].queue_block);
    scenario_free(sc);
}

/* extends: a list, the base first, then overlays in order, then the
 * file itself; and an overlay of examples/ on two bases. */
static void test_overlays(void)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario("good/overlay/top.yaml", NULL, 0, NULL, err,
                                 sizeof err);
    checks++;
    if (!sc) {
        failures++;
        fprintf(stderr, "good/overlay/top.yaml: %s\n", err);
    } else {
        CHECK(!strcmp(sc->name, "top") && sc->seed == 11);
        CHECK(sc->replications == 3);           /* fewer over more */
        CHECK(sc->arrivals[0].scale == 1.2);    /* more.yaml's */
        CHECK(sc->units[0].capacity == 12 && sc->horizon == 100 * 1440.0);
    }
    scenario_free(sc);
    const char *const bases[] = {
        "../../scenarios/examples/winter-erlang-loss.yaml",
        "../../scenarios/examples/winter-hospital.yaml"};
    for (int i = 0; i < 2; i++) {
        sc = load_scenario(bases[i], NULL, 0, NULL, err, sizeof err);
        checks++;
        if (!sc) {
            failures++;
            fprintf(stderr, "%s: %s\n", bases[i], err);
            continue;
        }
        int scaled = sc->n_arrivals > 0;
        for (size_t a = 0; a < sc->n_arrivals; a++)
            scaled = scaled && sc->arrivals[a].scale == 1.12;
        CHECK(scaled && sc->n_quantiles == 2);
        scenario_free(sc);
    }
}

/* Dates where a length of time from day 0 makes sense. */
static void test_dates(void)
{
    const char *sets[] = {"start_date=2023-01-01", "warmup=2023-02-01",
                          "horizon=2024-01-01"};
    scenario *sc = good(TWO_STREAMS, sets, 3);
    if (sc) {
        CHECK(sc->warmup == 31 * 1440.0);
        CHECK(sc->horizon == 365 * 1440.0);
    }
    scenario_free(sc);
}

/* Periods every year: a winter over the new year, Easter Monday
 * (2024-04-01, 2025-04-21), cut to the run. */
static void test_recurring(void)
{
    const char *const yaml =
        "name: yearly\n"
        "horizon: 2025-06-01\n"
        "start_date: 2024-01-01\n"
        "arrivals:\n"
        "  - name: in\n"
        "    rate: 4 per day\n"
        "    to: ward\n"
        "    periods:\n"
        "      - {every: year, from: 12-01, to: 03-31, factor: 1.2}\n"
        "      - {every: year, on: easter_monday, factor: 0.5}\n"
        "      - {from: 10 days, to: 12 days, factor: 2}\n"
        "units:\n"
        "  ward: {capacity: 10, stay: 2 days}\n";
    scenario *sc = good(yaml, NULL, 0);
    if (sc) {
        const arrival_spec *a = &sc->arrivals[0];
        const double D = 1440;
        /* winters: 2023-12-01..2024-03-31 cut at day 0 (to day 91,
         * 2024-04-01), 2024-12-01 (day 335) .. 2025-04-01 (day 456);
         * Easter Mondays: day 91 and 2025-04-21 (day 476); then the
         * dated one */
        CHECK(a->n_periods == 5);
        CHECK(a->periods[0].from == 0 && a->periods[0].to == 91 * D &&
              a->periods[0].factor == 1.2);
        CHECK(a->periods[1].from == 335 * D && a->periods[1].to == 456 * D);
        CHECK(a->periods[2].from == 91 * D && a->periods[2].to == 92 * D &&
              a->periods[2].factor == 0.5);
        CHECK(a->periods[3].from == 476 * D && a->periods[3].to == 477 * D);
        CHECK(a->periods[4].from == 10 * D && a->periods[4].factor == 2);
    }
    scenario_free(sc);
}

int main(void)
{
    test_recurring();
    test_dates();
    test_overlays();
    test_queue_rules();
    test_census();
    test_routes();
    test_pools();
    test_demand();
    test_outputs();
    printf("load-lang: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
