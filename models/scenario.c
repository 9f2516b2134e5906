/* scenario.c -- freeing and looking up scenario data. */
#include <stdlib.h>
#include <string.h>
#include "scenario.h"

static void route_free(route *r)
{
    free(r->to);
    free(r->share);
}

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
    }
    for (size_t i = 0; i < sc->n_arrivals; i++) {
        arrival_spec *a = &sc->arrivals[i];
        free(a->name);
        free(a->periods);
        dist_clear(&a->interarrival);
    }
    free(sc->units);
    free(sc->arrivals);
    free(sc->name);
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
