/* mk.c -- scenario builders for tests. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mk.h"

#define DAY 1440.0

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p)
        abort();
    return p;
}

static char *xstrdup(const char *s)
{
    char *c = strdup(s);
    if (!c)
        abort();
    return c;
}

scenario *mk_scenario(const char *name, double horizon_days,
                      double warmup_days, uint64_t seed)
{
    scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        abort();
    sc->name = xstrdup(name);
    sc->path = xstrdup("<test>");
    sc->horizon = horizon_days * DAY;
    sc->warmup = warmup_days * DAY;
    sc->replications = 1;
    sc->seed = seed;
    sc->max_patients = SCENARIO_DEFAULT_MAX_PATIENTS;
    return sc;
}

intervention_spec *mk_intervention(scenario *sc, const char *name, int kind,
                                   int unit, double effect)
{
    size_t i = sc->n_interventions;
    sc->interventions =
        xrealloc(sc->interventions, (i + 1) * sizeof *sc->interventions);
    phase *ph = xrealloc(NULL, sizeof *ph);
    *ph = (phase){0, 1};
    sc->n_interventions = i + 1;
    sc->interventions[i] = (intervention_spec){
        .name = xstrdup(name), .kind = kind, .unit = unit,
        .instead = SCENARIO_EXIT, .effect = effect, .n_phases = 1,
        .phases = ph};
    return &sc->interventions[i];
}

dist mk_exp(double mean_days)
{
    return (dist){.kind = DIST_EXPONENTIAL, .a = mean_days * DAY};
}

dist mk_fixed(double days)
{
    return (dist){.kind = DIST_FIXED, .a = days * DAY};
}

dist mk_lognormal(double mean_days, double sd_days)
{
    dist d = {.kind = DIST_LOGNORMAL};
    if (dist_lognormal_from_mean_sd(mean_days * DAY, sd_days * DAY, &d.a,
                                    &d.b))
        abort();
    return d;
}

unit_spec *mk_unit(scenario *sc, const char *name, long capacity,
                   double mean_stay_days, full_policy when_full)
{
    sc->units = xrealloc(sc->units, (sc->n_units + 1) * sizeof *sc->units);
    unit_spec *u = &sc->units[sc->n_units++];
    memset(u, 0, sizeof *u);
    u->name = xstrdup(name);
    u->capacity = capacity;
    u->stay = mk_exp(mean_stay_days);
    u->when_full = when_full;
    u->divert_to = -1;
    u->queue_limit = SCENARIO_UNLIMITED;
    u->wait_threshold = 240;
    u->assessors = SCENARIO_UNLIMITED; /* the loader's default */
    return u;
}

arrival_spec *mk_arrival(scenario *sc, const char *name, double per_day,
                         const char *to)
{
    sc->arrivals = xrealloc(sc->arrivals,
                            (sc->n_arrivals + 1) * sizeof *sc->arrivals);
    arrival_spec *a = &sc->arrivals[sc->n_arrivals++];
    memset(a, 0, sizeof *a);
    a->name = xstrdup(name);
    a->to = scenario_unit_index(sc, to);
    if (a->to < 0)
        abort();
    a->kind = ARRIVAL_POISSON;
    a->rate = per_day / DAY;
    for (int i = 0; i < 24; i++)
        a->hourly[i] = 1;
    for (int i = 0; i < 7; i++)
        a->weekly[i] = 1;
    a->stop = INFINITY;
    a->scale = 1;
    return a;
}

void mk_route(scenario *sc, unit_spec *u, const char *to, double share)
{
    route *r = &u->next;
    r->to = xrealloc(r->to, (r->n + 1) * sizeof *r->to);
    r->share = xrealloc(r->share, (r->n + 1) * sizeof *r->share);
    int t = strcmp(to, "exit") == 0 ? SCENARIO_EXIT
                                    : scenario_unit_index(sc, to);
    if (t < 0 && strcmp(to, "exit") != 0)
        abort();
    r->to[r->n] = t;
    r->share[r->n] = share;
    r->n++;
}

double *mk_run(scenario *sc, uint64_t rep, kpi_list *kpis,
               run_info *info)
{
    /* Units without a route leave the system. */
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].next.n == 0)
            mk_route(sc, &sc->units[i], "exit", 1.0);
    if (network_kpis(sc, kpis) != 0)
        abort();
    double *v = malloc(kpis->n * sizeof *v);
    if (!v)
        abort();
    if (network_run(sc, rep, kpis, v, info, NULL, NULL) != 0) {
        fprintf(stderr, "run stopped: %s\n", info->stopped);
        abort();
    }
    return v;
}

double mk_kpi(const kpi_list *kpis, const double *v, const char *name)
{
    for (size_t i = 0; i < kpis->n; i++)
        if (strcmp(kpis->defs[i].name, name) == 0)
            return v[i];
    fprintf(stderr, "no KPI named %s\n", name);
    abort();
}
