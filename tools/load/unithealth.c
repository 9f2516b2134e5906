/* unithealth.c -- the health-system settings of a unit: stays and
 * routing by patient class, escalation beds, readmissions, assessment
 * before admission, and the census at time 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "distspec.h"
#include "keys.h"
#include "value.h"

/* Checks that n is a non-empty map from class names, and allocates the
 * per-class flags. */
static int unithealth_by_class(build_ctx *c, const ytree *n,
                               const char *path, const char *example,
                               unsigned char **has)
{
    if (value_map(c->d, n, path, example))
        return -1;
    if (n->n == 0)
        return diag_at(c->d, n, path, "is empty; expected at least one "
                       "class, like %s", example);
    if (c->sc->n_classes == 0)
        return diag_at(c->d, n, path, "the scenario has no classes; add a "
                       "classes: section or remove this key");
    if (!(*has = calloc(c->sc->n_classes, 1)))
        return diag_at(c->d, n, path, "out of memory");
    return 0;
}

/* stay_by_class: {CLASS: distribution, ...}; other classes use `stay`. */
static int unithealth_stays(build_ctx *c, const ytree *n, const char *path,
                            unit_spec *u)
{
    if (unithealth_by_class(c, n, path, "{older: {lognormal: {mean: 9 "
                            "days, sd: 10 days}}}", &u->has_class_stay))
        return -1;
    if (!(u->stay_by_class = calloc(c->sc->n_classes,
                                    sizeof *u->stay_by_class)))
        return diag_at(c->d, n, path, "out of memory");
    for (size_t j = 0; j < n->n; j++) {
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, path, n->keys[j]->str);
        int x = classspec_ref(c, n->keys[j], k);
        if (x < 0 || distspec_parse(c->d, n->items[j], k,
                                    &u->stay_by_class[x]))
            return -1;
        u->has_class_stay[x] = 1;
    }
    return 0;
}

/* next_by_class: {CLASS: route, ...}; other classes use `next`. */
static int unithealth_routes(build_ctx *c, const ytree *n, const char *path,
                             unit_spec *u)
{
    if (unithealth_by_class(c, n, path, "{child: exit}",
                            &u->has_class_next))
        return -1;
    if (!(u->next_by_class = calloc(c->sc->n_classes,
                                    sizeof *u->next_by_class)))
        return diag_at(c->d, n, path, "out of memory");
    for (size_t j = 0; j < n->n; j++) {
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, path, n->keys[j]->str);
        int x = classspec_ref(c, n->keys[j], k);
        if (x < 0 || routespec_parse(c, n->items[j], k, &u->next_by_class[x]))
            return -1;
        u->has_class_next[x] = 1;
    }
    return 0;
}

const char *const unithealth_escalation_keys[] = {
    "beds", "open_at", "close_at", "meetings", NULL};

/* escalation: {beds: N, open_at: share, close_at: share}; the triggers
 * are occupancy over base capacity, in (0, 1.5], close_at <= open_at
 * (default: open_at), looked at all the time or only at bed meetings
 * (meetings: ["08:00", ...]). */
static int unithealth_escalation(build_ctx *c, const ytree *n,
                                 const char *path, unit_spec *u)
{
    diag *d = c->d;
    escalation_spec *e = &u->escalation;
    char k[DIAG_PATH_MAX];
    if (value_map(d, n, path, "a map like {beds: 20, open_at: 95%, "
                  "close_at: 90%}") ||
        value_keys(d, n, path, unithealth_escalation_keys))
        return -1;
    const ytree *b = value_need(d, n, path, "beds", "beds: 20");
    if (!b)
        return -1;
    diag_path(k, sizeof k, path, "beds");
    if (value_long(d, b, k, 0, SCENARIO_MAX_CAPACITY, "a number of beds "
                   "from 0 to 10000000", &e->beds))
        return -1;
    const ytree *o = value_need(d, n, path, "open_at", "open_at: 95%");
    if (!o)
        return -1;
    const char *which[] = {"open_at", "close_at"};
    double *at[] = {&e->open_at, &e->close_at};
    const ytree *v[] = {o, ytree_get(n, "close_at")};
    for (int i = 0; i < 2 && v[i]; i++) {
        diag_path(k, sizeof k, path, which[i]);
        if (value_fraction(d, v[i], k, at[i]))
            return -1;
        if (!(*at[i] > 0 && *at[i] <= 1.5))
            return diag_at(d, v[i], k, "%s is not in (0, 1.5]; expected an "
                           "occupancy like 0.95 or 95%%", v[i]->str);
    }
    if (!v[1])
        e->close_at = e->open_at;
    if (e->close_at > e->open_at)
        return diag_at(d, v[1], k, "%s is above open_at (%s); expected "
                       "close_at <= open_at", v[1]->str, o->str);
    if (e->beds > 0 && u->capacity == SCENARIO_UNLIMITED &&
        u->n_schedule == 0)
        return diag_at(d, n, path, "the unit has unlimited capacity; "
                       "escalation needs a finite capacity");
    const ytree *m = ytree_get(n, "meetings");
    diag_path(k, sizeof k, path, "meetings");
    return m ? build_times(c, m, k, &e->meetings, &e->n_meetings) : 0;
}

const char *const unithealth_readmission_keys[] = {
    "share", "within", "to", NULL};

/* readmission: {share: x, within: D, to: UNIT}. */
static int unithealth_readmission(build_ctx *c, const ytree *n,
                                  const char *path, unit_spec *u)
{
    diag *d = c->d;
    readmission_spec *r = &u->readmission;
    char k[DIAG_PATH_MAX];
    if (value_map(d, n, path, "a map like {share: 12%, within: 30 days, "
                  "to: ed}") ||
        value_keys(d, n, path, unithealth_readmission_keys))
        return -1;
    const ytree *s = value_need(d, n, path, "share", "share: 12%");
    const ytree *w = s ? value_need(d, n, path, "within", "within: 30 days")
                       : NULL;
    const ytree *t = w ? value_need(d, n, path, "to", "to: ed") : NULL;
    if (!t)
        return -1;
    diag_path(k, sizeof k, path, "share");
    if (value_share(d, s, k, &r->share))
        return -1;
    diag_path(k, sizeof k, path, "within");
    if (value_duration(d, w, k, 1, &r->within))
        return -1;
    diag_path(k, sizeof k, path, "to");
    return (r->to = build_unit_ref(c, t, k, 0)) < 0 ? -1 : 0;
}

int unithealth_parse(build_ctx *c, size_t i)
{
    diag *d = c->d;
    const ytree *n = c->unit[i], *v;
    unit_spec *u = &c->sc->units[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    diag_path(path, sizeof path, "units", u->name);
    diag_path(k, sizeof k, path, "stay_by_class");
    if ((v = ytree_get(n, "stay_by_class")) && unithealth_stays(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "next_by_class");
    if ((v = ytree_get(n, "next_by_class")) && unithealth_routes(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "escalation");
    if ((v = ytree_get(n, "escalation")) &&
        unithealth_escalation(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "readmission");
    if ((v = ytree_get(n, "readmission")) &&
        unithealth_readmission(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "assessment");
    if ((v = ytree_get(n, "assessment"))) {
        if (distspec_parse(d, v, k, &u->assessment))
            return -1;
        u->assessed = 1;
    }
    diag_path(k, sizeof k, path, "discharge_delay");
    if ((v = ytree_get(n, "discharge_delay"))) {
        if (distspec_parse(d, v, k, &u->exit_delay))
            return -1;
        u->delays_exit = 1;
    }
    diag_path(k, sizeof k, path, "initial");
    if ((v = ytree_get(n, "initial"))) {
        if (value_long(d, v, k, 0, SCENARIO_MAX_CAPACITY, "a number of "
                       "patients from 0 to 10000000", &u->initial))
            return -1;
        c->census += u->initial;
        if (c->census > c->sc->max_patients)
            return diag_at(d, v, k, "brings the patients present at time 0 "
                           "to %ld, over max_patients (%ld); lower it or "
                           "raise max_patients", c->census,
                           c->sc->max_patients);
    }
    return 0;
}
