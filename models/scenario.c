/* scenario.c -- freeing and looking up scenario data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "costs.h"
#include "scenario.h"

static void route_free(route *r)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->stay)
            dist_clear(&r->stay[i]);
        if (r->delay)
            dist_clear(&r->delay[i]);
        if (r->transfer)
            dist_clear(&r->transfer[i]);
    }
    free(r->stay);
    free(r->has_stay);
    free(r->delay);
    free(r->has_delay);
    free(r->transfer);
    free(r->has_transfer);
    free(r->release);
    free(r->to);
    free(r->share);
}

/* One free per allocated field, units first: long because a scenario
 * has many parts, not because it decides anything. */
void scenario_free(scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_units; i++) {
        unit_spec *u = &sc->units[i];
        free(u->name);
        dist_clear(&u->stay);
        dist_clear(&u->patience);
        route_free(&u->next);
        free(u->schedule);
        for (size_t c = 0; u->stay_by_class && c < sc->n_classes; c++)
            dist_clear(&u->stay_by_class[c]);
        for (size_t c = 0; u->next_by_class && c < sc->n_classes; c++)
            route_free(&u->next_by_class[c]);
        free(u->stay_by_class);
        free(u->has_class_stay);
        free(u->next_by_class);
        free(u->has_class_next);
        dist_clear(&u->assessment);
        dist_clear(&u->exit_delay);
        free(u->admits.from);
        free(u->admits.to);
        free(u->stay_periods);
        free(u->escalation.meetings);
        free(u->review.boards);
        dist_clear(&u->transfer);
    }
    for (size_t i = 0; i < sc->n_arrivals; i++) {
        arrival_spec *a = &sc->arrivals[i];
        free(a->name);
        free(a->periods);
        dist_clear(&a->interarrival);
        free(a->mix_class);
        free(a->mix_share);
    }
    for (size_t i = 0; i < sc->n_classes; i++) {
        class_spec *c = &sc->classes[i];
        for (size_t t = 0; t < c->n_tags; t++) {
            free(c->tag_keys[t]);
            free(c->tag_values[t]);
        }
        free(c->tag_keys);
        free(c->tag_values);
        free(c->name);
    }
    for (size_t i = 0; i < sc->n_interventions; i++) {
        intervention_spec *iv = &sc->interventions[i];
        free(iv->name);
        free(iv->classes);
        free(iv->reach);
        free(iv->arrivals);
        route_free(&iv->mix);
        free(iv->phases);
        free(iv->phase_sd);
    }
    for (size_t i = 0; i < sc->n_targets; i++) {
        free(sc->targets[i].kpi);
        free(sc->targets[i].source);
        free(sc->targets[i].month);
        free(sc->targets[i].month_value);
    }
    free(sc->monthly);
    free(sc->quantiles);
    for (size_t i = 0; i < sc->n_pools; i++) {
        free(sc->pools[i].name);
        free(sc->pools[i].units);
    }
    free(sc->pools);
    free(sc->census);
    free(sc->months);
    cost_spec_free(sc->costs);               /* finance */
    business_case_free(sc->business_case);
    free(sc->classes);
    free(sc->interventions);
    free(sc->cohort.twin);
    free(sc->mix_classes);
    free(sc->targets);
    free(sc->units);
    free(sc->arrivals);
    free(sc->name);
    free(sc->description);
    free(sc->start_date);
    free(sc->path);
    free(sc);
}

int scenario_unit_index(const scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_units; i++)
        if (strcmp(sc->units[i].name, name) == 0)
            return (int)i;
    return -1;
}
