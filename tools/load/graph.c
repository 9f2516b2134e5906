/* graph.c -- checks over the whole routing graph.
 *
 * Two things can only be seen with all units at hand: diverts that send a
 * patient round in circles, and routing cycles in which every unit keeps
 * its patient upstream when the next unit is full (when_full: block) and
 * has finite capacity -- such a cycle can fill up and stop forever.
 * Routing edges come from next, next_by_class, route_mix interventions
 * and the `instead` of deflect_admissions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"

/* Appends "a -> b -> ... -> a" for units cyc[0..n) to buf. */
static void graph_cycle_text(const build_ctx *c, const size_t *cyc, size_t n,
                             char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i <= n && k < size; i++) {
        int w = snprintf(buf + k, size - k, "%s%s", i ? " -> " : "",
                         c->sc->units[cyc[i % n]].name);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}

/* 1 if u sends patients on to divert_to: when full, or when its line is
 * (a chain of either can come back). */
static int graph_diverting(const unit_spec *u)
{
    return u->when_full == FULL_DIVERT ||
           (u->when_full == FULL_QUEUE && u->queue_divert);
}

/* Reports divert to self and divert chains that come back. */
static int graph_diverts(build_ctx *c, size_t *seen, size_t *cyc)
{
    size_t n = c->sc->n_units;
    for (size_t i = 0; i < n; i++) {
        const unit_spec *u = &c->sc->units[i];
        if (!graph_diverting(u))
            continue;
        char path[DIAG_PATH_MAX];
        const ytree *at;
        if (u->queue_divert) { /* its line's when_full */
            snprintf(path, sizeof path, "units.%s.queue.when_full.divert",
                     u->name);
            at = ytree_get(ytree_get(ytree_get(c->unit[i], "queue"),
                                     "when_full"), "divert");
        } else {
            snprintf(path, sizeof path, "units.%s.when_full.divert", u->name);
            at = ytree_get(ytree_get(c->unit[i], "when_full"), "divert");
        }
        if ((size_t)u->divert_to == i)
            return diag_at(c->d, at, path, "unit '%s' diverts to itself; "
                           "divert to another unit", u->name);
        /* Follow the chain; the units we pass are stamped with i + 1. */
        size_t len = 0, j = i;
        while (graph_diverting(&c->sc->units[j]) && seen[j] != i + 1) {
            seen[j] = i + 1;
            cyc[len++] = j;
            j = (size_t)c->sc->units[j].divert_to;
        }
        if (graph_diverting(&c->sc->units[j]) && j == i) {
            char text[600];
            graph_cycle_text(c, cyc, len, text, sizeof text);
            return diag_at(c->d, at, path, "divert loop %s; let one of them "
                           "queue, block or lose when full", text);
        }
    }
    return 0;
}

/* 1 if unit u blocks upstream when full and can be full. */
static int graph_blocking(const unit_spec *u)
{
    if (u->when_full != FULL_BLOCK)
        return 0;
    if (u->capacity != SCENARIO_UNLIMITED)
        return 1;
    for (size_t i = 0; i < u->n_schedule; i++)
        if (u->schedule[i].capacity != SCENARIO_UNLIMITED)
            return 1;
    return 0;
}

/* The k-th route out of unit v, for k < 1 + n_classes + n_interventions:
 * its next, its next_by_class entries, the mixes of the route_mix
 * interventions on it; NULL for a slot that v does not use. */
static const route *graph_route(const scenario *sc, size_t v, size_t k)
{
    const unit_spec *u = &sc->units[v];
    if (k == 0)
        return &u->next;
    if (--k < sc->n_classes)
        return u->has_class_next && u->has_class_next[k]
                   ? &u->next_by_class[k] : NULL;
    const intervention_spec *iv = &sc->interventions[k - sc->n_classes];
    return iv->kind == IV_ROUTE_MIX && (size_t)iv->unit == v ? &iv->mix
                                                             : NULL;
}

static long graph_dfs(const build_ctx *c, size_t v, unsigned char *state,
                      size_t *path, size_t *len);

/* Follows the edge to w when w blocks; the start of a cycle in path[],
 * or -1. */
static long graph_step(const build_ctx *c, size_t w, unsigned char *state,
                       size_t *path, size_t *len)
{
    if (!graph_blocking(&c->sc->units[w]) || state[w] == 2)
        return -1;
    if (state[w] == 1) {
        for (size_t k = 0; k < *len; k++)
            if (path[k] == w)
                return (long)k;
    }
    return graph_dfs(c, w, state, path, len);
}

/* Depth-first search over blocking units; state 0 new, 1 on the path,
 * 2 done.  Edges: every route target with share > 0, and for a target w,
 * the units that deflect_admissions on w sends patients to instead.
 * Returns the index in path[] where a cycle starts, or -1. */
static long graph_dfs(const build_ctx *c, size_t v, unsigned char *state,
                      size_t *path, size_t *len)
{
    const scenario *sc = c->sc;
    state[v] = 1;
    path[(*len)++] = v;
    for (size_t k = 0; k < 1 + sc->n_classes + sc->n_interventions; k++) {
        const route *r = graph_route(sc, v, k);
        for (size_t i = 0; r && i < r->n; i++) {
            if (r->to[i] < 0 || !(r->share[i] > 0))
                continue;
            long s = graph_step(c, (size_t)r->to[i], state, path, len);
            for (size_t j = 0; s < 0 && j < sc->n_interventions; j++) {
                const intervention_spec *iv = &sc->interventions[j];
                if (iv->kind == IV_DEFLECT_ADMISSIONS &&
                    iv->unit == r->to[i] && iv->instead >= 0)
                    s = graph_step(c, (size_t)iv->instead, state, path, len);
            }
            if (s >= 0)
                return s;
        }
    }
    state[v] = 2;
    (*len)--;
    return -1;
}

int graph_check(build_ctx *c)
{
    size_t n = c->sc->n_units;
    size_t *seen = calloc(n, sizeof *seen);
    size_t *path = calloc(n, sizeof *path);
    unsigned char *state = calloc(n, 1);
    int rc = 0;
    if (!seen || !path || !state) {
        rc = diag_at(c->d, c->unit[0], "units", "out of memory");
        goto done;
    }
    if ((rc = graph_diverts(c, seen, path)) != 0)
        goto done;
    for (size_t v = 0; v < n && rc == 0; v++) {
        if (state[v] || !graph_blocking(&c->sc->units[v]))
            continue;
        size_t len = 0;
        long s = graph_dfs(c, v, state, path, &len);
        if (s < 0)
            continue;
        const unit_spec *u = &c->sc->units[path[s]];
        char text[600], where[DIAG_PATH_MAX];
        graph_cycle_text(c, path + s, len - (size_t)s, text, sizeof text);
        snprintf(where, sizeof where, "units.%s.next", u->name);
        const ytree *at = ytree_get(c->unit[path[s]], "next");
        rc = diag_at(c->d, at ? at : c->unit[path[s]], where,
                     "routing cycle %s can deadlock: every unit in it has "
                     "when_full: block and finite capacity; let one of them "
                     "queue or lose, or give it unlimited capacity",
                     text);
    }
done:
    free(seen);
    free(path);
    free(state);
    return rc;
}
