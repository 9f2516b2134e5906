/* test_preempt.c -- pre-emptive resume priority (unit_spec.preempt): an
 * urgent arrival at a full unit displaces the least urgent patient in
 * its stay, who resumes the rest of it later.
 *
 * Against theory, two classes with the same exponential service rate mu
 * (stays of mean 1 day), Poisson streams l0 (priority 0, urgent) and l1
 * (priority 1).  Time in system is measured per class from the trace:
 * each stream enters through its own pass-through unit (t0, t1:
 * unlimited, zero stay) and leaves from s ("exit").
 *  - M/M/1: the urgent class does not see the other: T0 = 1/(mu - l0);
 *    the routine class T1 = (1/mu) / ((1 - r0)(1 - r)), r0 = l0/mu,
 *    r = (l0 + l1)/mu (pre-emptive resume, equal rates).  The unit's
 *    occupancy is r and its stay.mean 1/mu: a resumed stay is the stay
 *    drawn, counted once.  Control: without preempt the urgent class
 *    waits Cobham's W0/(1 - r0) = 1 day, so T0 = 2 days, not 1.43.
 *  - M/M/3: the urgent class alone is M/M/3 with l0 (Erlang C); the
 *    total in the unit (places and line) is M/M/3's with l0 + l1 (the
 *    count is the same birth-death process); the routine class's time
 *    by Little's law, T1 = (L - l0 T0) / l1.
 * Tolerances: Student t over replications (qt.h).
 *
 * Exact, with fixed stays and arrivals at set minutes, the trace of
 * unit s event by event: who is displaced and when, the displaced
 * patient ahead of one of its class who came before it (the front of its
 * class), no patience for a displaced patient (a later arrival reneges,
 * it does not), the least urgent and then the latest admitted displaced,
 * the unit's admitted, stay.mean and preemptions KPIs; a pool member
 * displacing its own patients only; a unit whose capacity was cut below
 * its patients displacing nobody; a patient blocked after its stay
 * not displaced; a displaced patient taken as an outlier resuming there;
 * at an acute unit, the 08:00 count of long stays leaving a displaced
 * patient out (it holds no place) and counting it again from its resume.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

/* ---- time in system by class, from the trace ------------------------ */

static void cb(void *ud, double t, uint64_t id, const char *unit,
               const char *ev)
{
    qt_classes *c = ud;
    qt_classes_room(c, id);
    if (strcmp(ev, "arrive") == 0 && unit[0] == 't') {
        c->cls[id] = (unsigned char)(unit[1] - '0');
        c->arr[id] = t;
    } else if (strcmp(ev, "exit") == 0 && strcmp(unit, "s") == 0 &&
               c->arr[id] >= c->from) {
        c->sum[c->cls[id]] += (t - c->arr[id]) / DAY;
        c->cnt[c->cls[id]] += 1;
    }
}

/* R replications of streams l0 (priority 0) and l1 (priority 1) into
 * unit s of `places` places (mean stay 1 day); class mean times in
 * system (days) in t0, t1. */
static void run_c(long places, double l0, double l1, uint64_t seed,
                  int preempt, int R, double *t0, double *t1, qt_runs *r)
{
    scenario *sc = qt_two_classes("preempt", places, l0, l1, seed);
    sc->units[2].priority_queue = 1;
    sc->units[2].preempt = preempt;
    *r = qt_runs_new(R);
    for (int i = 0; i < R; i++) {
        qt_classes c = {.from = sc->warmup};
        kpi_list k;
        double *v = qt_run_traced(sc, (uint64_t)(i + 1), &k, cb, &c);
        t0[i] = c.sum[0] / c.cnt[0];
        t1[i] = c.sum[1] / c.cnt[1];
        qt_classes_free(&c);
        qt_runs_put(r, i, &k, v);
    }
    scenario_free(sc);
}

static void mm1(void)
{
    enum { R = 20 };
    const double l0 = 0.3, l1 = 0.4, mu = 1, r0 = l0 / mu,
                 rho = (l0 + l1) / mu;
    double t0[R], t1[R];
    double T0 = 1 / (mu - l0), T1 = (1 / mu) / ((1 - r0) * (1 - rho));
    qt_runs r;
    run_c(1, l0, l1, qt_seed(501), 1, R, t0, t1, &r);
    qt_check_est("pre-emptive M/M/1: urgent class time in system = "
                 "1/(mu - l0)", qt_estimate(t0, R), T0, 0.05 * T0, "days");
    qt_check_est("pre-emptive M/M/1: routine class time in system = "
                 "(1/mu)/((1 - r0)(1 - r))", qt_estimate(t1, R), T1,
                 0.1 * T1, "days");
    qt_check_est("pre-emptive M/M/1: occupancy.mean = rho",
                 qt_kpi(&r, "s.occupancy.mean"), rho, 0.015, "patients");
    qt_check_est("pre-emptive M/M/1: stay.mean = 1/mu (a resumed stay is "
                 "the stay drawn, counted once)",
                 qt_kpi(&r, "s.stay.mean"), 1 / mu, 0.02, "days");
    /* an urgent arrival finds a routine patient in its place with
     * probability l1/mu (PASTA): l0 l1 / mu displacements a day */
    double per_day = l0 * l1 / mu * (20200 - 200);
    qt_check_est("pre-emptive M/M/1: preemptions = l0 (l1/mu) per day",
                 qt_kpi(&r, "s.preemptions"), per_day, 0.03 * per_day,
                 "patients");
    qt_runs_free(&r);

    /* Control: the same without preempt is Cobham's non-pre-emptive
     * queue, the urgent class waiting W0/(1 - r0) = rho/(mu (1 - r0)). */
    double np0 = rho / mu / (1 - r0) + 1 / mu;
    run_c(1, l0, l1, qt_seed(501), 0, R, t0, t1, &r);
    qt_check_est("non-pre-emptive control: urgent class time in system = "
                 "W0/(1 - r0) + 1/mu", qt_estimate(t0, R), np0, 0.05 * np0,
                 "days");
    qt_ok(kpi_list_lookup(&r.k, "s.preemptions") < 0,
          "non-pre-emptive control: no s.preemptions KPI");
    qt_runs_free(&r);
}

static void mmc(void)
{
    enum { R = 20 };
    const long c = 3;
    const double l0 = 0.9, l1 = 1.2, mu = 1, cm = (double)c * mu;
    double t0[R], t1[R];
    double T0 = 1 / mu + qt_erlang_c(c, l0 / mu) / (cm - l0);
    double lam = l0 + l1;
    double L = lam * (1 / mu + qt_erlang_c(c, lam / mu) / (cm - lam));
    double T1 = (L - l0 * T0) / l1;
    qt_runs r;
    run_c(c, l0, l1, qt_seed(502), 1, R, t0, t1, &r);
    qt_check_est("pre-emptive M/M/3: urgent class time in system = M/M/3 "
                 "with l0 alone", qt_estimate(t0, R), T0, 0.03 * T0, "days");
    qt_check_est("pre-emptive M/M/3: routine class time in system = "
                 "(L(l0 + l1) - l0 T0)/l1", qt_estimate(t1, R), T1,
                 0.06 * T1, "days");
    double in_s[R];
    for (int i = 0; i < R; i++)
        in_s[i] = qt_at(&r, i, "s.occupancy.mean") +
                  qt_at(&r, i, "s.waiting.mean");
    qt_check_est("pre-emptive M/M/3: patients at s (places and line) = "
                 "M/M/3's L with l0 + l1", qt_estimate(in_s, R), L, 0.06 * L,
                 "patients");
    qt_runs_free(&r);
}

/* ---- exact traces ------------------------------------------------------ */

typedef struct ev_log {
    char text[4096];
    size_t len;
    int units;  /* 1: every unit's events, named; 0: unit s's */
} ev_log;

/* The events, "minute id event" (or "minute id unit event") separated
 * by "; ". */
static void ev_cb(void *ud, double t, uint64_t id, const char *unit,
                  const char *ev)
{
    ev_log *l = ud;
    if (!l->units && strcmp(unit, "s") != 0)
        return;
    int w = snprintf(l->text + l->len, sizeof l->text - l->len,
                     "%s%.0f %llu %s%s%s", l->len ? "; " : "", t,
                     (unsigned long long)id, l->units ? unit : "",
                     l->units ? " " : "", ev);
    if (w > 0 && (size_t)w < sizeof l->text - l->len)
        l->len += (size_t)w;
}

/* One patient of priority prio arriving at unit `to` at minute `at` >
 * 0: a renewal stream of gap g = min(60, at) from at - g, stopped after
 * at. */
static void arrival_at(scenario *sc, const char *name, const char *to,
                       double at, int prio)
{
    arrival_spec *a = mk_arrival(sc, name, 1, to);
    a->kind = ARRIVAL_INTERARRIVAL;
    double g = at < 60 ? at : 60;
    a->interarrival = mk_fixed(g / DAY);
    a->start = at - g;
    a->stop = at + 1;
    a->priority = prio;
}

/* Unit s of `places` places, stays of 600 minutes, patience `patience`
 * minutes (0: none), the arrivals at[i] of priority prio[i]. */
static scenario *exact(long places, double patience, const double *at,
                       const int *prio, int n)
{
    scenario *sc = mk_scenario("preempt-exact", 10, 0, 1);
    unit_spec *s = mk_unit(sc, "s", places, 1, FULL_QUEUE);
    s->stay = mk_fixed(600 / DAY);
    s->priority_queue = 1;
    s->preempt = 1;
    if (patience > 0) {
        s->reneges = 1;
        s->patience = mk_fixed(patience / DAY);
    }
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "a%d", i);
        arrival_at(sc, name, "s", at[i], prio[i]);
    }
    return sc;
}

/* Runs sc (freed) and compares its trace with want; *k and the
 * returned values are the run's (free both). */
static double *trace_is(scenario *sc, int units, const char *want,
                        const char *what, kpi_list *k)
{
    ev_log l = {.len = 0, .units = units};
    double *v = qt_run_traced(sc, 1, k, ev_cb, &l);
    int same = strcmp(l.text, want) == 0;
    if (!same)
        printf("#   want: %s\n#   got:  %s\n", want, l.text);
    qt_ok(same, "exact trace: %s", what);
    scenario_free(sc);
    return v;
}

static void check_trace(scenario *sc, const char *want, const char *what,
                        double admitted, double preemptions)
{
    kpi_list k;
    double *v = trace_is(sc, 0, want, what, &k);
    qt_check_abs("exact: s.admitted", mk_kpi(&k, v, "s.admitted"), admitted,
                 0, "patients");
    qt_check_abs("exact: s.preemptions", mk_kpi(&k, v, "s.preemptions"),
                 preemptions, 0, "patients");
    qt_check_abs("exact: s.stay.mean = 600 minutes (time in a place only)",
                 mk_kpi(&k, v, "s.stay.mean") * DAY, 600, 1e-6, "minutes");
    free(v);
    kpi_list_free(&k);
}

/* One place, patience 1000 minutes.  A (1, prio 1) in from 60; B (2,
 * prio 1) waits from 200; U (3, prio 0) at 300 displaces A, 360 minutes
 * left; V (4, prio 0) at 500 waits (U is as urgent).  900: U out, V in;
 * 1200: B's patience runs out (A, displaced, has none); 1500: V out, A
 * resumes ahead of B; 1860: A out. */
static void exact_one(void)
{
    const double at[] = {60, 200, 300, 500};
    const int prio[] = {1, 1, 0, 0};
    check_trace(exact(1, 1000, at, prio, 4),
                "60 1 arrive; 60 1 admit; "
                "200 2 arrive; 200 2 wait; "
                "300 3 arrive; 300 1 preempt; 300 3 admit; 300 1 wait; "
                "500 4 arrive; 500 4 wait; "
                "900 3 exit; 900 4 admit; "
                "1200 2 renege; "
                "1500 4 exit; 1500 1 resume; "
                "1860 1 exit",
                "one place: displaced at 300, resumed at 1500 for its 360 "
                "minutes left, at the front of its class, without patience",
                3, 1);
}

/* Two places.  A (1, prio 2) in from 60, C (2, prio 1) from 100, D (3,
 * prio 2) waits from 120; U (4, prio 0) at 300 displaces A, the least
 * urgent; W (5, prio 0) at 400 displaces C (prio 1, 300 minutes left),
 * the least urgent in a stay now.  Lines: C, then A (displaced, front of
 * prio 2), then D.  900: U out, C resumes (out 1200); 1000: W out, A
 * resumes (360 left: out 1360); 1200: D in (out 1800). */
static void exact_two(void)
{
    const double at[] = {60, 100, 120, 300, 400};
    const int prio[] = {2, 1, 2, 0, 0};
    check_trace(exact(2, 0, at, prio, 5),
                "60 1 arrive; 60 1 admit; "
                "100 2 arrive; 100 2 admit; "
                "120 3 arrive; 120 3 wait; "
                "300 4 arrive; 300 1 preempt; 300 4 admit; 300 1 wait; "
                "400 5 arrive; 400 2 preempt; 400 5 admit; 400 2 wait; "
                "900 4 exit; 900 2 resume; "
                "1000 5 exit; 1000 1 resume; "
                "1200 2 exit; 1200 3 admit; "
                "1360 1 exit; "
                "1800 3 exit",
                "two places: the least urgent displaced first, each "
                "resumed by priority, the displaced ahead of its class",
                5, 2);
}

/* Two places, equal priorities 1: the latest admitted of the least
 * urgent is displaced.  A (1) from 60, C (2) from 100; U (3, prio 0) at
 * 300 displaces C (latest admitted); 660: A out; C resumes (400 left:
 * out 1060); 900: U out. */
static void exact_latest(void)
{
    const double at[] = {60, 100, 300};
    const int prio[] = {1, 1, 0};
    check_trace(exact(2, 0, at, prio, 3),
                "60 1 arrive; 60 1 admit; "
                "100 2 arrive; 100 2 admit; "
                "300 3 arrive; 300 2 preempt; 300 3 admit; 300 2 wait; "
                "660 1 exit; 660 2 resume; "
                "900 3 exit; "
                "1060 2 exit",
                "the latest admitted of the least urgent is displaced", 3,
                1);
}

/* Units a and b with no places of their own share a pool of one, both
 * pre-empting.  b's routine patient 1 holds the pool place from 60; a's
 * urgent 2 at 300 finds a full but displaces nobody (a displaces its own
 * patients only) and waits; 660: 1 out, 2 in (out 1260).  a's routine 3
 * at 1300 takes the pool place; a's urgent 4 at 1400 displaces it (its
 * own), 3 resumes at 2000 with 500 left (out 2500). */
static void exact_pool(void)
{
    scenario *sc = mk_scenario("preempt-pool", 10, 0, 1);
    for (int i = 0; i < 2; i++) {
        unit_spec *u = mk_unit(sc, i ? "b" : "a", 0, 1, FULL_QUEUE);
        u->stay = mk_fixed(600 / DAY);
        u->priority_queue = u->preempt = 1;
        u->in_pool = 1;
        u->pool = 0;
    }
    sc->pools = calloc(1, sizeof *sc->pools);
    int *members = calloc(2, sizeof *members);
    if (!sc->pools || !members)
        abort();
    members[1] = 1;
    sc->pools[0] = (pool_spec){strdup("shared"), 1, 2, members};
    sc->n_pools = 1;
    arrival_at(sc, "b1", "b", 60, 1);
    arrival_at(sc, "a2", "a", 300, 0);
    arrival_at(sc, "a3", "a", 1300, 1);
    arrival_at(sc, "a4", "a", 1400, 0);
    kpi_list k;
    double *v = trace_is(sc, 1,
        "60 1 b arrive; 60 1 b admit; 300 2 a arrive; 300 2 a wait; "
        "660 1 b exit; 660 2 a admit; 1260 2 a exit; "
        "1300 3 a arrive; 1300 3 a admit; "
        "1400 4 a arrive; 1400 3 a preempt; 1400 4 a admit; 1400 3 a wait; "
        "2000 4 a exit; 2000 3 a resume; 2500 3 a exit",
        "a pool member displaces its own patients only", &k);
    qt_check_abs("exact pool: a.preemptions", mk_kpi(&k, v, "a.preemptions"),
                 1, 0, "patients");
    qt_check_abs("exact pool: b.preemptions", mk_kpi(&k, v, "b.preemptions"),
                 0, 0, "patients");
    free(v);
    kpi_list_free(&k);
}

/* Unit s of one place closes at 200 (capacity 0) and opens at 1000.
 * Routine 1 from 60 finishes its stay (out 660); urgent 2 at 300 does
 * not displace it (a closure never evicts: its place would not be free)
 * and waits for the opening (in at 1000, out 1600). */
static void exact_closed(void)
{
    const double at[] = {60, 300};
    const int prio[] = {1, 0};
    scenario *sc = exact(1, 0, at, prio, 2);
    unit_spec *s = &sc->units[0];
    s->schedule = calloc(3, sizeof *s->schedule);
    if (!s->schedule)
        abort();
    s->schedule[0] = (capacity_change){0, 1};
    s->schedule[1] = (capacity_change){200, 0};
    s->schedule[2] = (capacity_change){1000, 1};
    s->n_schedule = 3;
    check_trace(sc,
                "60 1 arrive; 60 1 admit; 300 2 arrive; 300 2 wait; "
                "660 1 exit; 1000 2 admit; 1600 2 exit",
                "a unit closed below its patients displaces nobody", 2, 0);
}

/* Only patients in their stay are displaced.  d (one place, 5000
 * minutes, when_full block) holds 1 from 10; s's routine 2 ends its stay
 * at 660 and stays blocked in its place, waiting for d; s's urgent 3 at
 * 700 displaces nobody and waits: 5010: 1 out of d, 2 into d, 3 into s
 * (blocked in turn at 5610, into d at 10010). */
static void exact_blocked(void)
{
    const double at[] = {60, 700};
    const int prio[] = {1, 0};
    scenario *sc = exact(1, 0, at, prio, 2);
    unit_spec *d = mk_unit(sc, "d", 1, 1, FULL_BLOCK);
    d->stay = mk_fixed(5000 / DAY);
    mk_route(sc, &sc->units[0], "d", 1);
    arrival_at(sc, "d1", "d", 10, 0);
    kpi_list k;
    double *v = trace_is(sc, 1,
        "10 1 d arrive; 10 1 d admit; 60 2 s arrive; 60 2 s admit; "
        "660 2 d arrive; 660 2 s blocked; 660 2 d wait; "
        "700 3 s arrive; 700 3 s wait; "
        "5010 1 d exit; 5010 2 d admit; 5010 3 s admit; "
        "5610 3 d arrive; 5610 3 s blocked; 5610 3 d wait; "
        "10010 2 d exit; 10010 3 d admit",
        "a patient blocked after its stay is not displaced", &k);
    qt_check_abs("exact blocked: s.preemptions",
                 mk_kpi(&k, v, "s.preemptions"), 0, 0, "patients");
    free(v);
    kpi_list_free(&k);
}

/* s (one place, pre-empting) overflows into o (one place) from one
 * waiting.  Routine 1 from 60; urgent 2 at 300 displaces it; waiting
 * now, it is taken into o as an outlier and stays the rest of its stay
 * there (360 minutes: out 660), a resume, not an admission at o. */
static void exact_overflow(void)
{
    const double at[] = {60, 300};
    const int prio[] = {1, 0};
    scenario *sc = exact(1, 0, at, prio, 2);
    unit_spec *o = mk_unit(sc, "o", 1, 1, FULL_QUEUE);
    o->stay = mk_fixed(600 / DAY);
    sc->units[0].overflow_to = 1;
    sc->units[0].overflow_waiting = 1;
    kpi_list k;
    double *v = trace_is(sc, 1,
        "60 1 s arrive; 60 1 s admit; "
        "300 2 s arrive; 300 1 s preempt; 300 2 s admit; 300 1 s wait; "
        "300 1 s outlier; 300 1 o resume; 660 1 o exit; 900 2 s exit",
        "a displaced patient taken as an outlier resumes its rest there",
        &k);
    qt_check_abs("exact overflow: o.admitted (a resume is not an "
                 "admission)", mk_kpi(&k, v, "o.admitted"), 0, 0,
                 "patients");
    qt_check_abs("exact overflow: s.diverted", mk_kpi(&k, v, "s.diverted"),
                 1, 0, "patients");
    free(v);
    kpi_list_free(&k);
}

/* An acute unit (one place, stays of 20 days): A (prio 1) in at minute
 * 60, displaced on day 3 by U (prio 0), resumes when U leaves (minute
 * 33180) with its 4,320 minutes in a place counted.  The 08:00 sitrep
 * counts the patients in acute places 7 days or more: U on days 10-22,
 * A on days 27-29 (since 28860), 16 of the 30 snapshots; a displaced
 * patient holds no place and is not counted (it was, by a "since" that
 * was its time in a place, on days 10-22 too). */
static void exact_stranded(void)
{
    scenario *sc = mk_scenario("preempt-stranded", 30, 0, 1);
    unit_spec *s = mk_unit(sc, "s", 1, 20, FULL_QUEUE);
    s->stay = mk_fixed(20);
    s->role = ROLE_ACUTE;
    s->priority_queue = 1;
    s->preempt = 1;
    arrival_at(sc, "a", "s", 60, 1);
    arrival_at(sc, "u", "s", 3 * DAY + 60, 0);
    kpi_list k;
    double *v = trace_is(sc, 0,
                         "60 1 arrive; 60 1 admit; "
                         "4380 2 arrive; 4380 1 preempt; 4380 2 admit; "
                         "4380 1 wait; 33180 2 exit; 33180 1 resume",
                         "an acute unit: A displaced on day 3, resumed on "
                         "day 23", &k);
    qt_check_abs("exact: acute.stranded_7d.snapshot_mean = 16/30 (a "
                 "displaced patient holds no acute place)",
                 mk_kpi(&k, v, "acute.stranded_7d.snapshot_mean"), 16.0 / 30,
                 1e-12, "patients");
    free(v);
    kpi_list_free(&k);
}

int main(void)
{
    exact_overflow();
    exact_blocked();
    exact_pool();
    exact_closed();
    exact_one();
    exact_two();
    exact_latest();
    exact_stranded();
    mm1();
    mmc();
    return qt_done();
}
