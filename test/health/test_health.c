/* test_health.c -- the health-system model: conservation, capacity without
 * limit, monotonicity in pathway capacity, exact NHS measures on
 * deterministic cases, census, escalation, interventions, readmissions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mk.h"

static int failures;

static void check(int ok, const char *what, double got, double want)
{
    printf("%s - %s (got %.6g, want %.6g)\n", ok ? "ok" : "not ok", what, got,
           want);
    if (!ok)
        failures++;
}

static void near(const char *what, double got, double want, double tol)
{
    check(fabs(got - want) <= tol, what, got, want);
}

/* ED -> acute (block) -> P1 (block, assessed) / exit; walk-ins and
 * ambulances.  p1_cap sets the shortage at the end of the chain. */
static scenario *chain(long p1_cap, long acute_cap, double days)
{
    scenario *sc = mk_scenario("chain", days, 30, 7);
    unit_spec *u = mk_unit(sc, "ed", 16, 3.0 / 24, FULL_QUEUE);
    u->role = ROLE_ED;
    u = mk_unit(sc, "acute", acute_cap, 4, FULL_BLOCK);
    u->role = ROLE_ACUTE;
    u = mk_unit(sc, "p1", p1_cap, 10, FULL_BLOCK);
    u->role = ROLE_P1;
    u->assessed = 1;
    u->assessment = mk_fixed(0.5);
    mk_arrival(sc, "walk-in", 40, "ed");
    mk_arrival(sc, "ambulance", 20, "ed")->ambulance = 1;
    mk_route(sc, &sc->units[0], "acute", 0.25);
    mk_route(sc, &sc->units[0], "exit", 0.75);
    mk_route(sc, &sc->units[1], "exit", 0.8);
    mk_route(sc, &sc->units[1], "p1", 0.2);
    return sc;
}

static double mean_kpi(scenario *sc, const char *name, int reps)
{
    double s = 0;
    for (int r = 0; r < reps; r++) {
        kpi_list k;
        run_info info;
        double *v = mk_run(sc, (uint64_t)r, &k, &info);
        s += mk_kpi(&k, v, name);
        free(v);
        kpi_list_free(&k);
    }
    return s / reps;
}

static void test_conservation(void)
{
    scenario *sc = chain(10, 40, 200);
    sc->warmup = 0;
    sc->units[1].readmission = (readmission_spec){0.1, 30 * 1440.0, 0};
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 0, &k, &info);
    double in = mk_kpi(&k, v, "system.arrivals");
    double out = mk_kpi(&k, v, "system.exits") + mk_kpi(&k, v, "system.lost");
    double left = mk_kpi(&k, v, "system.in_system.end");
    near("conservation: arrivals = exits + lost + in system", in,
         out + left, 0);
    double units = mk_kpi(&k, v, "ed.in_unit.end") +
                   mk_kpi(&k, v, "acute.in_unit.end") +
                   mk_kpi(&k, v, "p1.in_unit.end");
    near("everyone in the system is in a unit or its line", units, left, 0);
    check(mk_kpi(&k, v, "readmissions.30d.fraction") > 0.05,
          "readmissions happen", mk_kpi(&k, v, "readmissions.30d.fraction"),
          0.1);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

static void test_unlimited(void)
{
    scenario *sc = chain(SCENARIO_UNLIMITED, SCENARIO_UNLIMITED, 730);
    sc->units[0].capacity = SCENARIO_UNLIMITED;
    sc->units[0].stay = mk_fixed(3.0 / 24); /* 3 hours: never a breach */
    sc->units[2].assessed = 0;
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 0, &k, &info);
    near("unlimited: nobody waits for ED", mk_kpi(&k, v, "ed.wait.mean"), 0, 0);
    near("unlimited: nobody waits for acute", mk_kpi(&k, v, "acute.wait.mean"),
         0, 0);
    near("unlimited: no NCTR", mk_kpi(&k, v, "acute.nctr.mean"), 0, 0);
    near("unlimited: 4-hour performance 100%",
         mk_kpi(&k, v, "ed.four_hour.performance"), 100, 0);
    /* M/G/inf: acute occupancy = 60/day x 0.25 x 4 days = 60; sd of the
     * time-average over 700 days with 4-day stays is ~sqrt(60*2*4/700)
     * ~ 0.8, so 3 beds is ~4 sd. */
    near("unlimited: acute occupancy = arrivals x LoS",
         mk_kpi(&k, v, "acute.occupancy.mean"), 60, 3);
    near("unlimited: P1 occupancy = arrivals x LoS",
         mk_kpi(&k, v, "p1.occupancy.mean"), 60 * 0.25 * 0.2 * 10, 2.5);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* More P1 capacity never makes NCTR or breaches worse (same seeds). */
static void test_monotone(void)
{
    long caps[] = {32, 34, 37, 44, 60}; /* P1 needs 30 on average */
    double prev_nctr = INFINITY, prev_breach = INFINITY;
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        scenario *sc = chain(caps[i], 70, 400);
        double nctr = mean_kpi(sc, "acute.nctr.mean", 3);
        double br = mean_kpi(sc, "ed.four_hour.breaches", 3);
        char what[128];
        snprintf(what, sizeof what, "P1 %ld places: NCTR not above %ld's",
                 caps[i], i ? caps[i - 1] : 0);
        check(nctr <= prev_nctr * 1.0001, what, nctr, prev_nctr);
        snprintf(what, sizeof what, "P1 %ld places: breaches not above", caps[i]);
        check(br <= prev_breach * 1.0001, what, br, prev_breach);
        prev_nctr = nctr;
        prev_breach = br;
        scenario_free(sc);
    }
    /* With ample P1 places NCTR is only the half-day assessment: by
     * Little's law 60/day x 0.25 x 0.2 x 0.5 day = 1.5 patients. */
    near("ample P1: NCTR = rate x assessment (Little)", prev_nctr, 1.5, 0.1);

    /* A fixed one-day delay before going home adds, by Little's law,
     * 15/day x 0.8 x 1 day = 12 patients with no criteria to reside. */
    scenario *sc = chain(60, 90, 400);
    sc->units[1].delays_exit = 1;
    sc->units[1].exit_delay = mk_fixed(1);
    near("a 1-day discharge delay home adds 12 NCTR (Little)",
         mean_kpi(sc, "acute.nctr.mean", 3), 13.5, 0.6);
    scenario_free(sc);
}

/* Deterministic: one ED cubicle, a patient every 6 hours staying 5 hours,
 * all admitted to a single acute bed for 1 day: known clocks. */
static void test_exact_clocks(void)
{
    scenario *sc = mk_scenario("exact", 10, 0, 1);
    unit_spec *u = mk_unit(sc, "ed", 1, 0, FULL_QUEUE);
    u->role = ROLE_ED;
    u->stay = mk_fixed(3.0 / 24);
    u = mk_unit(sc, "acute", 1, 0, FULL_BLOCK);
    u->role = ROLE_ACUTE;
    u->stay = mk_fixed(1);
    arrival_spec *a = mk_arrival(sc, "gp", 4, "ed");
    a->kind = ARRIVAL_INTERARRIVAL;
    a->interarrival = mk_fixed(0.25);
    mk_route(sc, &sc->units[0], "acute", 1);
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 0, &k, &info);
    /* The chain runs at the acute bed's pace: the first patient arrives
     * at 06:00, is ready at 09:00 and admitted at once; the bed frees at
     * 09:00 each day, so there are 10 admissions in 10 days.  Everyone
     * after the first has waited in the ED since the day before (arrival
     * 12:00, decision to admit 15:00, admission 09:00 next day: 21 hours
     * in the department, 18 hours from the decision), and the line grows. */
    double dep = mk_kpi(&k, v, "acute.admissions");
    near("exact: one acute admission a day", dep, 10, 1);
    near("exact: only the first departure is within 4 hours",
         mk_kpi(&k, v, "ed.four_hour.breaches"), dep - 1, 0);
    check(mk_kpi(&k, v, "ed.dta_12h.count") >= dep - 3,
          "exact: 12-hour DTA waits pile up", mk_kpi(&k, v, "ed.dta_12h.count"),
          dep - 1);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* A care home starting full of long-stay residents, with no arrivals:
 * occupancy decays as 100 exp(-t/730); its 1-year mean is
 * 100 (730/365) (1 - exp(-0.5)) = 78.69.  With 100 independent residents
 * the sd of the mean is about 3.5. */
static void test_census(void)
{
    scenario *sc = mk_scenario("census", 365, 0, 3);
    unit_spec *u = mk_unit(sc, "home", 200, 730, FULL_BLOCK);
    u->role = ROLE_P3;
    u->initial = 100;
    mk_unit(sc, "door", 1, 1, FULL_LOSE);
    mk_arrival(sc, "none", 1e-9, "door");
    double m = mean_kpi(sc, "home.occupancy.mean", 8);
    near("census decays as exp(-t/730)", m, 78.69, 2.5);
    scenario_free(sc);
}

static void test_escalation(void)
{
    scenario *sc = chain(200, 50, 300);
    sc->units[1].escalation =
        (escalation_spec){.beds = 10, .open_at = 0.96, .close_at = 0.9};
    double esc = mean_kpi(sc, "acute.escalation.bed_days", 2);
    double mx = mean_kpi(sc, "acute.occupancy.max", 2);
    check(esc > 0, "escalation beds are used under pressure", esc, 1);
    check(mx > 50 && mx <= 60, "occupancy exceeds base but not base+10", mx, 60);
    scenario_free(sc);
}

/* A 30-day acute unit of 20 beds, declared as 20 or as unlimited with a
 * schedule of 20: no bed is above its base, so no escalation bed-day
 * (the declared capacity unlimited used to count every occupied one). */
static scenario *twenty_beds(long declared)
{
    scenario *sc = mk_scenario("twenty", 30, 0, 11);
    unit_spec *u = mk_unit(sc, "acute", declared, 4, FULL_QUEUE);
    u->role = ROLE_ACUTE;
    if (declared == SCENARIO_UNLIMITED) {
        u->schedule = calloc(1, sizeof *u->schedule);
        if (!u->schedule)
            abort();
        u->schedule[0] = (capacity_change){.at = 0, .capacity = 20};
        u->n_schedule = 1;
    }
    mk_arrival(sc, "walk-in", 6, "acute");
    return sc;
}

static void test_escalation_base(void)
{
    scenario *fixed = twenty_beds(20), *sched = twenty_beds(SCENARIO_UNLIMITED);
    double occ_f = mean_kpi(fixed, "acute.occupancy.mean", 1);
    double occ_s = mean_kpi(sched, "acute.occupancy.mean", 1);
    near("unlimited with a schedule of 20 is 20 beds: the same occupancy",
         occ_s, occ_f, 0);
    check(occ_s > 15, "the 20 beds are busy", occ_s, 20);
    near("capacity 20: no escalation bed-day",
         mean_kpi(fixed, "acute.escalation.bed_days", 1), 0, 0);
    near("unlimited with a schedule of 20: no escalation bed-day",
         mean_kpi(sched, "acute.escalation.bed_days", 1), 0, 0);
    scenario_free(fixed);
    scenario_free(sched);
}

static void test_interventions(void)
{
    scenario *sc = chain(SCENARIO_UNLIMITED, SCENARIO_UNLIMITED, 400);
    sc->units[0].capacity = SCENARIO_UNLIMITED;
    sc->interventions = calloc(3, sizeof *sc->interventions);
    sc->n_interventions = 3;
    intervention_spec *iv = &sc->interventions[0];
    iv->name = strdup("deflect");
    iv->kind = IV_DEFLECT_ARRIVALS;
    iv->effect = 0.3;
    iv->n_phases = 1;
    iv->phases = malloc(sizeof *iv->phases);
    iv->phases[0] = (phase){0, 0.5};
    iv = &sc->interventions[1];
    iv->name = strdup("shorter");
    iv->kind = IV_SCALE_STAY;
    iv->unit = 1;
    iv->effect = 0.5;
    iv->n_phases = 1;
    iv->phases = malloc(sizeof *iv->phases);
    iv->phases[0] = (phase){0, 1};
    iv = &sc->interventions[2];
    iv->name = strdup("mix");
    iv->kind = IV_ROUTE_MIX;
    iv->unit = 1;
    iv->effect = 1;
    iv->mix.n = 1;
    iv->mix.to = malloc(sizeof(int));
    iv->mix.share = malloc(sizeof(double));
    iv->mix.to[0] = 2;
    iv->mix.share[0] = 1;
    iv->n_phases = 1;
    iv->phases = malloc(sizeof *iv->phases);
    iv->phases[0] = (phase){0, 1};
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 0, &k, &info);
    double att = mk_kpi(&k, v, "ed.attendances");
    double defl = mk_kpi(&k, v, "deflected.attendances");
    /* 15% deflected (30% x phase 50%); binomial sd over ~24,000 is 0.2%. */
    near("deflection: 15% of arrivals avoided", defl / (att + defl), 0.15,
         0.01);
    /* Acute stays of 4 days cut by half, plus the fixed half-day P1
     * assessment that everyone now has (the mix sends all to P1). */
    near("stay cut by half: 2 days + 0.5 assessment",
         mk_kpi(&k, v, "acute.stay.mean"), 2.5, 0.1);
    near("route mix 100% to P1", mk_kpi(&k, v, "discharge.p1.share"), 1, 0);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* A resized cohort: an intervention reaches all of one class and a share
 * of another (reach), deflecting and shortening stays in proportion. */
static void test_reach(void)
{
    scenario *sc = chain(SCENARIO_UNLIMITED, SCENARIO_UNLIMITED, 400);
    sc->units[0].capacity = SCENARIO_UNLIMITED;
    sc->n_classes = 2;
    sc->classes = calloc(2, sizeof *sc->classes);
    sc->classes[0].name = strdup("member");
    sc->classes[1].name = strdup("twin");
    for (size_t a = 0; a < sc->n_arrivals; a++) {
        arrival_spec *ar = &sc->arrivals[a];
        ar->n_mix = 2;
        ar->mix_class = malloc(2 * sizeof *ar->mix_class);
        ar->mix_share = malloc(2 * sizeof *ar->mix_share);
        ar->mix_class[0] = 0, ar->mix_class[1] = 1;
        ar->mix_share[0] = 0.25, ar->mix_share[1] = 0.75;
    }
    sc->interventions = calloc(2, sizeof *sc->interventions);
    sc->n_interventions = 2;
    for (int i = 0; i < 2; i++) {
        intervention_spec *iv = &sc->interventions[i];
        iv->name = strdup(i ? "shorter" : "deflect");
        iv->kind = i ? IV_SCALE_STAY : IV_DEFLECT_ARRIVALS;
        iv->unit = i ? 1 : -1;
        iv->effect = i ? 0.5 : 0.4;
        iv->classes = calloc(2, 1);
        iv->classes[0] = 1;
        iv->reach = malloc(2 * sizeof *iv->reach);
        iv->reach[0] = i ? 0.5 : 1;
        iv->reach[1] = i ? 0 : 0.2;
        iv->n_phases = 1;
        iv->phases = malloc(sizeof *iv->phases);
        iv->phases[0] = (phase){0, 1};
    }
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 0, &k, &info);
    double att = mk_kpi(&k, v, "ed.attendances");
    double defl = mk_kpi(&k, v, "deflected.attendances");
    /* 40% of all the members and of a fifth of the twins:
     * 0.4 x (0.25 + 0.75 x 0.2) = 16%; binomial sd over ~24,000 is 0.24%. */
    near("reach: 16% of arrivals avoided", defl / (att + defl), 0.16, 0.01);
    /* no discharge_mix: no discharge.mix KPIs */
    check(kpi_list_lookup(&k, "discharge.mix.p1.share") < 0,
          "discharge.mix KPIs only with discharge_mix", 0, 0);
    /* Of the patients who come, the members (0.25 x 0.6 of arrivals)
     * have half their 4-day stays cut to 2 days, the twins (0.75 x 0.92)
     * keep 4; the 20% going on to P1 add its half-day assessment. */
    double m = 0.25 * 0.6, t = 0.75 * (1 - 0.4 * 0.2);
    double want = (m * (0.5 * 2 + 0.5 * 4) + t * 4) / (m + t) + 0.2 * 0.5;
    near("reach: half the members' stays cut by half",
         mk_kpi(&k, v, "acute.stay.mean"), want, 0.1);
    free(v);
    kpi_list_free(&k);
    /* The pathway mix of the twins alone: their 20% go to P1 as everyone's
     * do; of the members, none is counted. */
    sc->mix_classes = calloc(2, 1);
    sc->mix_classes[1] = 1;
    sc->units[1].has_class_next = calloc(2, 1);
    sc->units[1].next_by_class = calloc(2, sizeof(route));
    sc->units[1].has_class_next[0] = 1;
    route *r = &sc->units[1].next_by_class[0];
    r->n = 1;
    r->to = malloc(sizeof *r->to);
    r->share = malloc(sizeof *r->share);
    r->to[0] = 2;
    r->share[0] = 1;
    v = mk_run(sc, 0, &k, &info);
    near("discharge.mix: the twins' P1 share (20%)",
         mk_kpi(&k, v, "discharge.mix.p1.share"), 0.2, 0.01);
    near("... while all discharges' P1 share includes the members (all P1)",
         mk_kpi(&k, v, "discharge.p1.share"), (m + t * 0.2) / (m + t),
         0.015);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

/* Daily series add up to the KPIs over the measured days (warm-up and
 * horizon fall on midnights, so the agreement is exact up to rounding). */
static void test_series(void)
{
    scenario *sc = chain(32, 70, 120);
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].next.n == 0)
            mk_route(sc, &sc->units[i], "exit", 1.0);
    kpi_list k;
    series_list sl;
    run_info info;
    if (network_kpis(sc, &k) || network_series(sc, &sl))
        abort();
    double *v = malloc(k.n * sizeof *v);
    double *d = malloc(sl.n * sl.days * sizeof *d);
    if (!v || !d || network_run_series(sc, 0, &k, v, &sl, d, &info, NULL,
                                       NULL))
        abort();
    near("120 days give 120 rows", (double)sl.days, 120, 0);
    size_t occ = sl.n, arr = sl.n, nctr = sl.n, att = sl.n;
    for (size_t i = 0; i < sl.n; i++) {
        if (!strcmp(sl.names[i], "acute.occupancy"))
            occ = i;
        if (!strcmp(sl.names[i], "system.arrivals"))
            arr = i;
        if (!strcmp(sl.names[i], "acute.nctr"))
            nctr = i;
        if (!strcmp(sl.names[i], "ed.attendances"))
            att = i;
    }
    check(occ < sl.n && arr < sl.n && nctr < sl.n && att < sl.n,
          "the series are named", (double)sl.n, (double)sl.n);
    double so = 0, sa = 0, sn = 0, st = 0;
    for (size_t day = 30; day < 120; day++) {
        so += d[day * sl.n + occ];
        sa += d[day * sl.n + arr];
        sn += d[day * sl.n + nctr];
        st += d[day * sl.n + att];
    }
    near("daily occupancy averages to the KPI", so / 90,
         mk_kpi(&k, v, "acute.occupancy.mean"), 1e-6);
    near("daily NCTR averages to the KPI", sn / 90,
         mk_kpi(&k, v, "acute.nctr.mean"), 1e-6);
    near("daily arrivals add up to the KPI", sa,
         mk_kpi(&k, v, "system.arrivals"), 0);
    near("daily attendances add up to the KPI", st,
         mk_kpi(&k, v, "ed.attendances"), 0);
    free(v);
    free(d);
    kpi_list_free(&k);
    series_list_free(&sl);
    scenario_free(sc);
}

/* Sizes derived from the horizon are checked even past the loader: a
 * horizon whose day count wraps size_t arithmetic (2^62 days x series)
 * or does not fit a size_t at all (1e300 weeks) is refused by
 * network_series instead of sizing a buffer too small; the longest
 * horizon the loader allows still works. */
static void test_series_sizes(void)
{
    static const double days[] = {4611686018427387904.0, 7e300,
                                  (double)SCENARIO_MAX_HORIZON_DAYS + 1};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        scenario *sc = mk_scenario("huge", 1, 0, 1);
        sc->horizon = days[i] * 1440.0; /* minutes */
        mk_unit(sc, "ward", 10, 0, FULL_QUEUE);
        mk_arrival(sc, "a", 1, "ward");
        series_list sl;
        int rc = network_series(sc, &sl);
        check(rc == -1, "a horizon past the limit gives no series",
              (double)rc, -1);
        if (rc == 0)
            series_list_free(&sl);
        scenario_free(sc);
    }
    scenario *sc = mk_scenario("longest", SCENARIO_MAX_HORIZON_DAYS, 0, 1);
    mk_unit(sc, "ward", 10, 0, FULL_QUEUE);
    mk_arrival(sc, "a", 1, "ward");
    series_list sl;
    int rc = network_series(sc, &sl);
    check(rc == 0 && sl.days == (size_t)SCENARIO_MAX_HORIZON_DAYS,
          "1000 years give 365250 days of series", (double)sl.days,
          (double)SCENARIO_MAX_HORIZON_DAYS);
    if (rc == 0)
        series_list_free(&sl);
    scenario_free(sc);
}

/* The 08:00 sitrep counts, exactly: a patient arrives every midnight and
 * stays 30 days, then waits half a day to go home.  At 08:00 there are 31
 * patients in beds, 8 hours to 30 days 8 hours in: 24 of them 7+ days,
 * 10 of them 21+ days, and 1 waiting to go home (NCTR). */
static void test_sitrep_counts(void)
{
    scenario *sc = mk_scenario("sitrep", 200, 60, 1);
    unit_spec *u = mk_unit(sc, "ward", SCENARIO_UNLIMITED, 0, FULL_QUEUE);
    u->role = ROLE_ACUTE;
    u->stay = mk_fixed(30);
    u->delays_exit = 1;
    u->exit_delay = mk_fixed(0.5);
    arrival_spec *a = mk_arrival(sc, "daily", 1, "ward");
    a->kind = ARRIVAL_INTERARRIVAL;
    a->interarrival = mk_fixed(1);
    kpi_list k;
    run_info info;
    double *v = mk_run(sc, 0, &k, &info);
    near("08:00 stranded (7+ days)", mk_kpi(&k, v, "acute.stranded_7d.snapshot_mean"), 24, 0);
    near("08:00 super-stranded (21+ days)", mk_kpi(&k, v, "acute.stranded_21d.snapshot_mean"), 10, 0);
    near("08:00 NCTR count", mk_kpi(&k, v, "acute.nctr.snapshot_mean"), 1, 0);
    near("time-average NCTR (Little: 1/day x 0.5 day)", mk_kpi(&k, v, "acute.nctr.mean"), 0.5, 1e-9);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

int main(void)
{
    test_sitrep_counts();
    test_series();
    test_series_sizes();
    test_conservation();
    test_unlimited();
    test_monotone();
    test_exact_clocks();
    test_census();
    test_escalation();
    test_escalation_base();
    test_interventions();
    test_reach();
    return failures ? 1 : 0;
}
