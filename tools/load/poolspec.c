/* poolspec.c -- `pools:`, places shared by several units:
 *
 *   pools:
 *     medical: {capacity: 10, units: [ward-a, ward-b]}
 *
 * Each member keeps its own `capacity` as ring-fenced places (0 allowed
 * for a member: fully pooled) and takes the pool's when they are full;
 * the order of `units` is the order in which a freed pool place looks at
 * the members' lines (after the unit that freed it). */
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "keys.h"
#include "value.h"

const char *const poolspec_keys[] = {"capacity", "units", NULL};

int poolspec_member(const ytree *root, const char *unit)
{
    const ytree *pools = ytree_get(root, "pools");
    if (!pools || pools->kind != YTREE_MAP)
        return 0;
    for (size_t i = 0; i < pools->n; i++) {
        const ytree *us = ytree_get(pools->items[i], "units");
        if (!us || us->kind != YTREE_SEQ)
            continue;
        for (size_t j = 0; j < us->n; j++)
            if (us->items[j]->kind == YTREE_SCALAR &&
                !strcmp(us->items[j]->str, unit))
                return 1;
    }
    return 0;
}

/* Whether member u can share places: finite places, in its schedule too,
 * and no escalation beds. */
static int member_ok(build_ctx *c, const ytree *at, const char *path,
                     const unit_spec *u)
{
    int unlimited = u->capacity == SCENARIO_UNLIMITED;
    for (size_t i = 0; i < u->n_schedule; i++)
        unlimited = unlimited || u->schedule[i].capacity == SCENARIO_UNLIMITED;
    if (unlimited)
        return diag_at(c->d, at, path, "unit '%s' has unlimited capacity; "
                       "a pool's units need finite capacity (their own, "
                       "ring-fenced places)", u->name);
    if (u->escalation.beds > 0)
        return diag_at(c->d, at, path, "unit '%s' has escalation beds; a "
                       "pool's units may not (give the pool the beds)",
                       u->name);
    return 0;
}

/* Pool i: its name, places and members. */
static int read_pool(build_ctx *c, const ytree *key, const ytree *m,
                     size_t i)
{
    diag *d = c->d;
    scenario *sc = c->sc;
    pool_spec *ps = &sc->pools[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    const char *name;
    diag_path(path, sizeof path, "pools", key->str);
    if (value_name(d, key, path, &name) ||
        value_map(d, m, path, "a map like {capacity: 10, units: [a, b]}") ||
        value_keys(d, m, path, poolspec_keys))
        return -1;
    if (!(ps->name = strdup(name)))
        return diag_at(d, key, path, "out of memory");
    const ytree *v = value_need(d, m, path, "capacity", "capacity: 10");
    diag_path(k, sizeof k, path, "capacity");
    if (!v || value_capacity(d, v, k, 0, &ps->capacity))
        return -1;
    if (ps->capacity == SCENARIO_UNLIMITED)
        return diag_at(d, v, k, "a pool's places are finite; expected a "
                       "non-negative integer");
    const ytree *us = value_need(d, m, path, "units", "units: [ward-a, "
                                 "ward-b]");
    diag_path(k, sizeof k, path, "units");
    if (!us || value_seq(d, us, k, "a list of units"))
        return -1;
    if (us->n == 0)
        return diag_at(d, us, k, "is empty; expected the units that share "
                       "the pool");
    if (!(ps->units = calloc(us->n, sizeof *ps->units)))
        return diag_at(d, us, k, "out of memory");
    for (size_t j = 0; j < us->n; j++) {
        char e[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", j);
        diag_path(e, sizeof e, k, idx);
        int u = build_unit_ref(c, us->items[j], e, 0);
        if (u < 0)
            return -1;
        unit_spec *sp = &sc->units[u];
        if (sp->in_pool)
            return diag_at(d, us->items[j], e, "unit '%s' is already in "
                           "pool '%s'; a unit shares one pool", sp->name,
                           sc->pools[sp->pool].name);
        if (member_ok(c, us->items[j], e, sp))
            return -1;
        if (j > 0 && sp->role != sc->units[ps->units[0]].role)
            return diag_at(d, us->items[j], e, "unit '%s' has another role "
                           "than '%s'; a pool's units share one role",
                           sp->name, sc->units[ps->units[0]].name);
        sp->in_pool = 1;
        sp->pool = (int)i;
        ps->units[ps->n_units++] = u;
    }
    return 0;
}

int poolspec_parse(build_ctx *c, const ytree *root)
{
    const ytree *v = ytree_get(root, "pools");
    if (!v)
        return 0;
    if (value_map(c->d, v, "pools", "a map from pool names to {capacity: "
                  "N, units: [...]}"))
        return -1;
    if (!(c->sc->pools = calloc(v->n + 1, sizeof *c->sc->pools)))
        return diag_at(c->d, v, "pools", "out of memory");
    for (size_t i = 0; i < v->n; i++) {
        c->sc->n_pools = i + 1;
        if (read_pool(c, v->keys[i], v->items[i], i))
            return -1;
    }
    return 0;
}
