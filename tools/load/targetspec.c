/* targetspec.c -- targets: observed figures a run should reproduce
 * (checked by `flowsim validate`, which also checks the KPI names). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "value.h"

/* Fills target i from item n: {kpi, value, tolerance, source}; a percent
 * tolerance is taken of |value| and stored as an absolute one. */
static int targetspec_one(build_ctx *c, const ytree *n, size_t i)
{
    static const char *const keys[] = {"kpi", "value", "tolerance", "source",
                                       NULL};
    diag *d = c->d;
    target_spec *t = &c->sc->targets[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    const char *s;
    snprintf(path, sizeof path, "targets.%zu", i);
    if (value_map(d, n, path, "a map like {kpi: ed.attendances, value: "
                  "111000, tolerance: 5%}") ||
        value_keys(d, n, path, keys))
        return -1;
    const ytree *kp = value_need(d, n, path, "kpi", "kpi: ed.attendances");
    const ytree *v = kp ? value_need(d, n, path, "value", "value: 111000")
                        : NULL;
    const ytree *tol = v ? value_need(d, n, path, "tolerance",
                                      "tolerance: 5%") : NULL;
    if (!tol)
        return -1;
    diag_path(k, sizeof k, path, "kpi");
    if (value_text(d, kp, k, &s))
        return -1;
    if (!(t->kpi = strdup(s)))
        return diag_at(d, kp, k, "out of memory");
    diag_path(k, sizeof k, path, "value");
    if (value_number(d, v, k, &t->value))
        return -1;
    diag_path(k, sizeof k, path, "tolerance");
    int pct = tol->kind == YTREE_SCALAR && tol->len &&
              tol->str[tol->len - 1] == '%';
    if (value_fraction(d, tol, k, &t->tolerance))
        return -1;
    if (!(t->tolerance >= 0))
        return diag_at(d, tol, k, "%s is negative; expected a number >= 0 "
                       "or a percent of value like 5%%", tol->str);
    if (pct)
        t->tolerance *= fabs(t->value);
    const ytree *src = ytree_get(n, "source");
    diag_path(k, sizeof k, path, "source");
    if (src && value_text(d, src, k, &s))
        return -1;
    if (src && !(t->source = strdup(s)))
        return diag_at(d, src, k, "out of memory");
    return 0;
}

int targetspec_parse(build_ctx *c, const ytree *root)
{
    diag *d = c->d;
    const ytree *n = ytree_get(root, "targets");
    if (!n)
        return 0;
    if (value_seq(d, n, "targets", "a list of targets like [{kpi: "
                  "ed.attendances, value: 111000, tolerance: 5%}]"))
        return -1;
    if (!(c->sc->targets = calloc(n->n ? n->n : 1, sizeof *c->sc->targets)))
        return diag_at(d, n, "targets", "out of memory");
    c->sc->n_targets = n->n;
    for (size_t i = 0; i < n->n; i++)
        if (targetspec_one(c, n->items[i], i))
            return -1;
    return 0;
}
