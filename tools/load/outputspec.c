/* outputspec.c -- the figures a planner asks for beyond the registry's:
 * `quantiles: [0.85, 0.99]` (more percentiles of every unit's occupancy,
 * blocked places, line and wait) and `distribution:` (the time-weighted
 * distribution of a unit's occupancy, P(N = n)).  The KPIs themselves
 * are models/kpis_dist.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "value.h"

#define OUTPUT_MAX_QUANTILES 32
#define OUTPUT_MAX_TOP 10000L  /* most levels of one distribution */

/* `quantiles:` a list of shares in (0, 1), strictly increasing, whose
 * names (percent to 6 significant digits) differ. */
static int read_quantiles(build_ctx *c, const ytree *v)
{
    diag *d = c->d;
    scenario *sc = c->sc;
    if (value_seq(d, v, "quantiles", "a list of shares like [0.85, 0.99]"))
        return -1;
    if (v->n == 0 || v->n > OUTPUT_MAX_QUANTILES)
        return diag_at(d, v, "quantiles", "has %zu values; expected 1 to %d",
                       v->n, OUTPUT_MAX_QUANTILES);
    if (!(sc->quantiles = calloc(v->n, sizeof *sc->quantiles)))
        return diag_at(d, v, "quantiles", "out of memory");
    char prev[64] = "", name[64], k[DIAG_PATH_MAX];
    for (size_t i = 0; i < v->n; i++) {
        const ytree *q = v->items[i];
        double x;
        snprintf(k, sizeof k, "quantiles.%zu", i);
        if (value_fraction(d, q, k, &x))
            return -1;
        if (!(x > 0 && x < 1))
            return diag_at(d, q, k, "'%s' is not a quantile; expected a "
                           "share strictly between 0 and 1, like 0.85 or 85%%",
                           q->str);
        snprintf(name, sizeof name, "%.6g", 100 * x);
        if (i > 0 && !(x > sc->quantiles[i - 1] && strcmp(name, prev)))
            return diag_at(d, q, k, "'%s' does not follow the previous "
                           "quantile; expected distinct values in "
                           "increasing order", q->str);
        sc->quantiles[sc->n_quantiles++] = x;
        snprintf(prev, sizeof prev, "%s", name);
    }
    return 0;
}

/* The most places unit u can have: its capacity, its schedule's largest,
 * plus escalation beds, plus its pool's; -1 when any is unlimited. */
static long most_places(const scenario *sc, const unit_spec *u)
{
    long top = u->capacity;
    for (size_t i = 0; i < u->n_schedule && top >= 0; i++)
        top = u->schedule[i].capacity < 0 ? -1
              : u->schedule[i].capacity > top ? u->schedule[i].capacity : top;
    if (top < 0)
        return -1;
    return top + u->escalation.beds +
           (u->in_pool ? sc->pools[u->pool].capacity : 0);
}

/* Asks for unit u's distribution up to `top` (-1: its most places). */
static int want(build_ctx *c, const ytree *n, const char *path, int u,
                long top)
{
    unit_spec *sp = &c->sc->units[u];
    if (top < 0 && (top = most_places(c->sc, sp)) < 0)
        return diag_at(c->d, n, path, "unit '%s' has no bound on its places; "
                       "give the highest level to report, as {%s: 40}",
                       sp->name, sp->name);
    if (top > OUTPUT_MAX_TOP)
        return diag_at(c->d, n, path, "unit '%s' would report %ld levels; "
                       "expected at most %ld (give a lower top as {%s: N})",
                       sp->name, top + 1, OUTPUT_MAX_TOP + 1, sp->name);
    if (sp->distribution)
        return diag_at(c->d, n, path, "unit '%s' is named twice", sp->name);
    sp->distribution = 1;
    sp->dist_top = top;
    return 0;
}

/* `distribution:` all | [UNIT, ...] | {UNIT: TOP, ...}. */
static int read_distribution(build_ctx *c, const ytree *v)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    if (v->kind == YTREE_SCALAR && !strcmp(v->str, "all")) {
        for (size_t u = 0; u < c->sc->n_units; u++)
            if (most_places(c->sc, &c->sc->units[u]) >= 0 &&
                want(c, v, "distribution", (int)u, -1))
                return -1;
        return 0;
    }
    if (v->kind == YTREE_SEQ) {
        for (size_t i = 0; i < v->n; i++) {
            snprintf(k, sizeof k, "distribution.%zu", i);
            int u = build_unit_ref(c, v->items[i], k, 0);
            if (u < 0 || want(c, v->items[i], k, u, -1))
                return -1;
        }
        return 0;
    }
    if (v->kind != YTREE_MAP)
        return diag_at(d, v, "distribution", "expected 'all', a list of "
                       "units, or a map from units to the highest level "
                       "reported, like {ward: 40}");
    for (size_t i = 0; i < v->n; i++) {
        long top;
        diag_path(k, sizeof k, "distribution", v->keys[i]->str);
        int u = build_unit_ref(c, v->keys[i], k, 0);
        if (u < 0 ||
            value_long(d, v->items[i], k, 0, OUTPUT_MAX_TOP,
                       "an integer from 0 to 10000", &top) ||
            want(c, v->items[i], k, u, top))
            return -1;
    }
    return 0;
}

int outputspec_parse(build_ctx *c, const ytree *root)
{
    const ytree *v;
    if ((v = ytree_get(root, "quantiles")) && read_quantiles(c, v))
        return -1;
    if ((v = ytree_get(root, "distribution")) && read_distribution(c, v))
        return -1;
    return 0;
}
