/* scen.c -- scenario builders for the benchmarks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scen.h"

static void die_oom(void)
{
    fprintf(stderr, "flowsim-bench: out of memory\n");
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p)
        die_oom();
    return p;
}

static char *xstrdup(const char *s)
{
    char *c = strdup(s);
    if (!c)
        die_oom();
    return c;
}

scenario *scen_new(const char *name, double horizon, double warmup,
                   uint64_t seed)
{
    scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        die_oom();
    sc->name = xstrdup(name);
    sc->path = xstrdup("<flowsim-bench>");
    sc->horizon = horizon;
    sc->warmup = warmup;
    sc->replications = 1;
    sc->seed = seed;
    sc->max_patients = SCENARIO_DEFAULT_MAX_PATIENTS;
    return sc;
}

unit_spec *scen_unit(scenario *sc, const char *name, long capacity,
                     dist stay, full_policy when_full)
{
    sc->units = xrealloc(sc->units, (sc->n_units + 1) * sizeof *sc->units);
    unit_spec *u = &sc->units[sc->n_units++];
    memset(u, 0, sizeof *u);
    u->name = xstrdup(name);
    u->capacity = capacity;
    u->stay = stay;
    u->when_full = when_full;
    u->divert_to = -1;
    u->queue_limit = SCENARIO_UNLIMITED;
    u->wait_threshold = 240; /* the 4-hour standard */
    return u;
}

arrival_spec *scen_arrival(scenario *sc, const char *name, double per_minute,
                           const char *to)
{
    sc->arrivals = xrealloc(sc->arrivals,
                            (sc->n_arrivals + 1) * sizeof *sc->arrivals);
    arrival_spec *a = &sc->arrivals[sc->n_arrivals++];
    memset(a, 0, sizeof *a);
    a->name = xstrdup(name);
    a->to = scenario_unit_index(sc, to);
    if (a->to < 0) {
        fprintf(stderr, "flowsim-bench: no unit %s\n", to);
        exit(2);
    }
    a->kind = ARRIVAL_POISSON;
    a->rate = per_minute;
    for (int i = 0; i < 24; i++)
        a->hourly[i] = 1;
    for (int i = 0; i < 7; i++)
        a->weekly[i] = 1;
    a->start = 0;
    a->stop = INFINITY;
    a->scale = 1;
    return a;
}

static void normalise(double *dst, const double *w, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w[i];
    for (int i = 0; i < n; i++)
        dst[i] = w[i] * n / s;
}

void scen_hourly(arrival_spec *a, const double w[24])
{
    normalise(a->hourly, w, 24);
}

void scen_weekly(arrival_spec *a, const double w[7])
{
    normalise(a->weekly, w, 7);
}

void scen_route(scenario *sc, const char *from, const char *to,
                double share)
{
    int f = scenario_unit_index(sc, from);
    int t = strcmp(to, "exit") == 0 ? SCENARIO_EXIT
                                    : scenario_unit_index(sc, to);
    if (f < 0 || (t < 0 && strcmp(to, "exit") != 0)) {
        fprintf(stderr, "flowsim-bench: bad route %s -> %s\n", from, to);
        exit(2);
    }
    route *r = &sc->units[f].next;
    r->to = xrealloc(r->to, (r->n + 1) * sizeof *r->to);
    r->share = xrealloc(r->share, (r->n + 1) * sizeof *r->share);
    r->to[r->n] = t;
    r->share[r->n] = share;
    r->n++;
}

dist scen_exp(double mean)
{
    return (dist){.kind = DIST_EXPONENTIAL, .a = mean};
}

dist scen_lognormal(double mean, double sd)
{
    dist d = {.kind = DIST_LOGNORMAL};
    if (dist_lognormal_from_mean_sd(mean, sd, &d.a, &d.b) != 0) {
        fprintf(stderr, "flowsim-bench: bad lognormal\n");
        exit(2);
    }
    return d;
}

dist scen_gamma(double mean, double sd)
{
    /* shape k = (mean/sd)^2, scale theta = sd^2/mean */
    return (dist){.kind = DIST_GAMMA, .a = (mean / sd) * (mean / sd),
                  .b = sd * sd / mean};
}

scenario *scen_mm1(double customers)
{
    const double lambda = 0.9;
    scenario *sc = scen_new("mm1", customers / lambda, 0, 2026);
    scen_unit(sc, "server", 1, scen_exp(1.0), FULL_QUEUE);
    scen_route(sc, "server", "exit", 1.0);
    scen_arrival(sc, "customers", lambda, "server");
    return sc;
}

scenario *scen_year600(double years)
{
    const double D = BENCH_DAY, H = 60.0;
    scenario *sc = scen_new("year-600", years * 365 * D, 60 * D, 2026);
    /* ED: 300 a day at a mean of 3.5 hours is 44 cubicles busy on average,
     * more at the mid-day peak and when admitted patients wait for a bed. */
    scen_unit(sc, "ed", 80, scen_lognormal(3.5 * H, 2.5 * H), FULL_QUEUE)
        ->role = ROLE_ED;
    /* 30% admitted: 90 a day at a mean of 6 days is 540 beds (90%),
     * plus beds held by patients waiting for a discharge place. */
    scen_unit(sc, "acute", 600, scen_lognormal(6 * D, 7 * D), FULL_BLOCK)
        ->role = ROLE_ACUTE;
    /* 9% of acute discharges (8.1 a day) need a reablement package of
     * 3 weeks (170 busy of 180); 6% (5.4 a day) intermediate care of 4
     * weeks (151 busy of 160): discharge pathways 1 and 2. */
    scen_unit(sc, "reablement", 180, scen_gamma(21 * D, 10 * D), FULL_BLOCK)
        ->role = ROLE_P1;
    scen_unit(sc, "intermediate", 160, scen_lognormal(28 * D, 14 * D),
              FULL_BLOCK)->role = ROLE_P2;
    scen_route(sc, "ed", "acute", 0.30);
    scen_route(sc, "ed", "exit", 0.70);
    scen_route(sc, "acute", "exit", 0.85);
    scen_route(sc, "acute", "reablement", 0.09);
    scen_route(sc, "acute", "intermediate", 0.06);
    scen_route(sc, "reablement", "exit", 1.0);
    scen_route(sc, "intermediate", "exit", 1.0);
    arrival_spec *a = scen_arrival(sc, "ed-arrivals", 300 / D, "ed");
    static const double hourly[24] = {
        0.45, 0.4, 0.35, 0.3, 0.3, 0.35, 0.5, 0.8, 1.2, 1.45, 1.5, 1.5,
        1.45, 1.4, 1.35, 1.3, 1.3, 1.3, 1.25, 1.2, 1.1, 0.95, 0.75, 0.55};
    static const double weekly[7] = {1.12, 1.0, 0.98, 0.97, 0.98, 0.97, 0.98};
    scen_hourly(a, hourly);
    scen_weekly(a, weekly);
    return sc;
}
