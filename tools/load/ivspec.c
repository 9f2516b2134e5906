/* ivspec.c -- interventions: phased changes to demand, stays and
 * routing, each restricted to some patient classes (models/
 * interventions.c applies them). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "keys.h"
#include "value.h"

/* In intervention_kind order. */
const char *const ivspec_kinds[] = {
    "deflect_arrivals", "deflect_admissions", "scale_stay", "route_mix",
    NULL};

static_assert(sizeof ivspec_kinds / sizeof *ivspec_kinds ==
                  IV_ROUTE_MIX + 2,
              "a name for every intervention_kind, then NULL");

const char *const ivspec_keys[] = {
    "name", "deflect_arrivals", "deflect_admissions", "scale_stay",
    "route_mix", "classes", "where", "effect", "phasing", "instead", "to",
    NULL};

/* The single kind key of intervention map n: its index in ivspec_kinds,
 * or -1 after reporting none or two. */
static int ivspec_kind(diag *d, const ytree *n, const char *path)
{
    int kind = -1;
    for (size_t j = 0; j < n->n; j++) {
        int k = value_choice(n->keys[j]->str, ivspec_kinds);
        if (k < 0)
            continue;
        if (kind >= 0) {
            char sub[DIAG_PATH_MAX];
            diag_path(sub, sizeof sub, path, n->keys[j]->str);
            return diag_at(d, n->keys[j], sub, "has both %s and %s; an "
                           "intervention has exactly one kind (split it in "
                           "two)", ivspec_kinds[kind], ivspec_kinds[k]);
        }
        kind = k;
    }
    if (kind < 0)
        return diag_at(d, n, path, "has no kind; add exactly one of "
                       "deflect_arrivals, deflect_admissions, scale_stay or "
                       "route_mix");
    return kind;
}

/* One stream name of deflect_arrivals: its flag is set in iv->arrivals. */
static int ivspec_stream_one(build_ctx *c, const ytree *n, const char *path,
                             intervention_spec *iv)
{
    const scenario *sc = c->sc;
    const char **names = calloc(sc->n_arrivals + 2, sizeof *names);
    if (!names)
        return diag_at(c->d, n, path, "out of memory");
    for (size_t i = 0; i < sc->n_arrivals; i++) {
        names[i] = sc->arrivals[i].name;
        if (n->kind == YTREE_SCALAR && strcmp(n->str, names[i]) == 0) {
            iv->arrivals[i] = 1;
            free(names);
            return 0;
        }
    }
    names[sc->n_arrivals] = "all";
    const char *near = n->kind == YTREE_SCALAR && !ytree_is_null(n)
                           ? diag_nearest(n->str, names) : NULL;
    if (near)
        diag_at(c->d, n, path, "unknown arrival stream '%s'; did you mean "
                "'%s'?", n->str, near);
    else
        diag_at(c->d, n, path, "expected 'all', the name of an arrival "
                "stream or a list of names, got '%s'",
                n->kind == YTREE_SCALAR ? n->str : "a map");
    free(names);
    return -1;
}

/* deflect_arrivals: all | STREAM | [STREAM, ...] -> iv->arrivals (NULL
 * for all). */
static int ivspec_stream(build_ctx *c, const ytree *n, const char *path,
                         intervention_spec *iv)
{
    if (n->kind == YTREE_SCALAR && strcmp(n->str, "all") == 0)
        return 0;
    if (!(iv->arrivals = calloc(c->sc->n_arrivals + 1, 1)))
        return diag_at(c->d, n, path, "out of memory");
    if (n->kind != YTREE_SEQ)
        return ivspec_stream_one(c, n, path, iv);
    if (n->n == 0)
        return diag_at(c->d, n, path, "is empty; expected at least one "
                       "arrival stream, or 'all'");
    for (size_t i = 0; i < n->n; i++) {
        char sub[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        if (ivspec_stream_one(c, n->items[i], sub, iv))
            return -1;
    }
    return 0;
}

const char *const ivspec_phase_keys[] = {"from", "fraction", NULL};
const char *const ivspec_effect_keys[] = {"mean", "sd", NULL};

/* A share, or {mean: share, sd: share}: an uncertain share, a beta of
 * that mean and sd drawn once per replication (iv_effect_draw,
 * iv_phase_draw), which needs sd^2 < mean (1 - mean); an sd of 0 is the
 * fixed share. */
static int ivspec_share_dist(build_ctx *c, const ytree *v, const char *path,
                             double *mean, double *sd)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    *sd = 0;
    if (v->kind != YTREE_MAP)
        return value_share(d, v, path, mean);
    if (value_keys(d, v, path, ivspec_effect_keys))
        return -1;
    const ytree *m = value_need(d, v, path, "mean", "mean: 30%");
    const ytree *s = m ? value_need(d, v, path, "sd", "sd: 5%") : NULL;
    if (!s)
        return -1;
    diag_path(k, sizeof k, path, "mean");
    if (value_share(d, m, k, mean))
        return -1;
    diag_path(k, sizeof k, path, "sd");
    if (value_share(d, s, k, sd))
        return -1;
    double mu = *mean, sg = *sd;
    if (sg > 0 && !(sg * sg < mu * (1 - mu)))
        return diag_at(d, s, k, "'%s' is too large for a mean of %g: a "
                       "beta needs sd^2 < mean x (1 - mean), so sd < %g",
                       s->str ? s->str : "", mu, sqrt(mu * (1 - mu)));
    return 0;
}

/* effect: a share, or {mean, sd} (ivspec_share_dist). */
static int ivspec_effect(build_ctx *c, const ytree *v, const char *path,
                         intervention_spec *iv)
{
    return ivspec_share_dist(c, v, path, &iv->effect, &iv->effect_sd);
}

/* phasing: [{from: T, fraction: share}, ...] strictly increasing in from,
 * a fraction a share or {mean, sd} (ivspec_share_dist); omitted: the
 * whole effect from day 0. */
static int ivspec_phasing(build_ctx *c, const ytree *n, const char *path,
                          intervention_spec *iv)
{
    diag *d = c->d;
    if (!n) {
        if (!(iv->phases = calloc(1, sizeof *iv->phases)))
            return diag_at(d, n, path, "out of memory");
        iv->n_phases = 1;
        iv->phases[0] = (phase){0, 1};
        return 0;
    }
    if (value_seq(d, n, path, "a list like [{from: 0 days, fraction: 10%}, "
                  "{from: 1 year, fraction: 60%}]"))
        return -1;
    if (n->n == 0)
        return diag_at(d, n, path, "is empty; expected at least one phase, "
                       "or remove it for the whole effect from day 0");
    if (!(iv->phases = calloc(n->n, sizeof *iv->phases)) ||
        !(iv->phase_sd = calloc(n->n, sizeof *iv->phase_sd)))
        return diag_at(d, n, path, "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const ytree *p = n->items[i];
        phase *ph = &iv->phases[i];
        char sub[DIAG_PATH_MAX], idx[24], k[DIAG_PATH_MAX];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        if (value_map(d, p, sub, "a map {from: T, fraction: x}") ||
            value_keys(d, p, sub, ivspec_phase_keys))
            return -1;
        const ytree *f = value_need(d, p, sub, "from", "from: 0 days");
        const ytree *x = f ? value_need(d, p, sub, "fraction",
                                        "fraction: 50%") : NULL;
        if (!x)
            return -1;
        diag_path(k, sizeof k, sub, "from");
        if (datetime_point(d, &c->day0, f, k, &ph->from))
            return -1;
        if (i > 0 && !(ph->from > iv->phases[i - 1].from))
            return diag_at(d, f, k, "'%s' is not after the previous phase; "
                           "list phases in increasing time", f->str);
        diag_path(k, sizeof k, sub, "fraction");
        if (ivspec_share_dist(c, x, k, &ph->fraction, &iv->phase_sd[i]))
            return -1;
        iv->n_phases = i + 1;
    }
    return 0;
}

/* The kind's target and the keys that go with it (instead, to). */
static int ivspec_target(build_ctx *c, const ytree *n, const char *path,
                         intervention_spec *iv)
{
    diag *d = c->d;
    const char *kind = ivspec_kinds[iv->kind];
    const ytree *t = ytree_get(n, kind), *v;
    char k[DIAG_PATH_MAX];
    static const char *const only[] = {"instead", "to"};
    static const intervention_kind owner[] = {IV_DEFLECT_ADMISSIONS,
                                              IV_ROUTE_MIX};
    for (int i = 0; i < 2; i++)
        if ((v = ytree_get(n, only[i])) && iv->kind != owner[i]) {
            diag_path(k, sizeof k, path, only[i]);
            return diag_at(d, v, k, "applies only to %s interventions; "
                           "remove it", ivspec_kinds[owner[i]]);
        }
    diag_path(k, sizeof k, path, kind);
    iv->unit = -1;
    iv->instead = SCENARIO_EXIT;
    if (iv->kind == IV_DEFLECT_ARRIVALS)
        return ivspec_stream(c, t, k, iv);
    if ((iv->unit = build_unit_ref(c, t, k, 0)) < 0)
        return -1;
    if (iv->kind == IV_DEFLECT_ADMISSIONS && (v = ytree_get(n, "instead"))) {
        diag_path(k, sizeof k, path, "instead");
        if ((iv->instead = build_unit_ref(c, v, k, 1)) < -1)
            return -1;
        if (iv->instead == iv->unit)
            return diag_at(d, v, k, "'%s' is the unit being deflected from; "
                           "expected another unit or exit", v->str);
    }
    if (iv->kind == IV_ROUTE_MIX) {
        if (!(v = value_need(d, n, path, "to", "to: {exit: 0.5, p1: 0.5}")))
            return -1;
        diag_path(k, sizeof k, path, "to");
        return routespec_parse(c, v, k, &iv->mix);
    }
    return 0;
}

/* Fills intervention i from item n of the interventions list. */
static int ivspec_one(build_ctx *c, const ytree *n, size_t i)
{
    diag *d = c->d;
    intervention_spec *iv = &c->sc->interventions[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    const ytree *nm = ytree_get(n, "name"), *v;
    const char *name;
    if (nm && nm->kind == YTREE_SCALAR && !ytree_is_null(nm))
        snprintf(path, sizeof path, "interventions.%s", nm->str);
    else
        snprintf(path, sizeof path, "interventions.%zu", i);
    if (value_map(d, n, path, "a map with name, a kind and effect") ||
        value_keys(d, n, path, ivspec_keys))
        return -1;
    if (!(nm = value_need(d, n, path, "name", "name: fewer-admissions")))
        return -1;
    diag_path(k, sizeof k, path, "name");
    if (value_name(d, nm, k, &name))
        return -1;
    for (size_t j = 0; j < i; j++)
        if (strcmp(c->sc->interventions[j].name, name) == 0)
            return diag_at(d, nm, k, "duplicate intervention name '%s'; "
                           "names must be unique", name);
    if (!(iv->name = strdup(name)))
        return diag_at(d, nm, k, "out of memory");
    int kind = ivspec_kind(d, n, path);
    if (kind < 0)
        return -1;
    iv->kind = (intervention_kind)kind;
    if (ivspec_target(c, n, path, iv) ||
        classspec_select(c, n, path, &iv->classes))
        return -1;
    if (!(v = value_need(d, n, path, "effect", "effect: 30%")))
        return -1;
    diag_path(k, sizeof k, path, "effect");
    if (ivspec_effect(c, v, k, iv))
        return -1;
    diag_path(k, sizeof k, path, "phasing");
    return ivspec_phasing(c, ytree_get(n, "phasing"), k, iv);
}

int ivspec_parse(build_ctx *c, const ytree *root)
{
    diag *d = c->d;
    const ytree *n = ytree_get(root, "interventions");
    if (!n)
        return 0;
    if (value_seq(d, n, "interventions", "a list of interventions"))
        return -1;
    if (n->n > SCENARIO_MAX_INTERVENTIONS)
        return diag_at(d, n, "interventions", "has %zu interventions; "
                       "expected at most %d", n->n,
                       SCENARIO_MAX_INTERVENTIONS);
    if (!(c->sc->interventions = calloc(n->n ? n->n : 1,
                                        sizeof *c->sc->interventions)))
        return diag_at(d, n, "interventions", "out of memory");
    c->sc->n_interventions = n->n;
    for (size_t i = 0; i < n->n; i++)
        if (ivspec_one(c, n->items[i], i))
            return -1;
    return 0;
}
