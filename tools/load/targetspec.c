/* targetspec.c -- targets: observed figures a run should reproduce
 * (checked by `flowsim validate`, which also checks the KPI names). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "keys.h"
#include "value.h"

/* monthly: {2022-04: 60.0, ...}: a value for months of the measured
 * period, and months_within: N of them that must be within the tolerance
 * (default: all).  The KPI is then reported by month. */
static int targetspec_months(build_ctx *c, const ytree *n, const char *path,
                             target_spec *t)
{
    diag *d = c->d;
    const scenario *sc = c->sc;
    char k[DIAG_PATH_MAX];
    const ytree *m = ytree_get(n, "monthly");
    diag_path(k, sizeof k, path, "monthly");
    if (value_map(d, m, k, "a map of months like {2022-04: 60.0, 2022-05: "
                  "65.2}") ||
        monthspec_want(c, m, k, t->kpi))
        return -1;
    if (m->n == 0)
        return diag_at(d, m, k, "is empty; expected at least one month");
    t->monthly = 1;
    t->month = calloc(m->n, sizeof *t->month);
    t->month_value = calloc(m->n, sizeof *t->month_value);
    if (!t->month || !t->month_value)
        return diag_at(d, m, k, "out of memory");
    for (size_t j = 0; j < m->n; j++) {
        char sub[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, k, m->keys[j]->str);
        size_t x = 0;
        while (x < sc->n_months && strcmp(sc->months[x].name, m->keys[j]->str))
            x++;
        int y, mo;
        char tail;
        if (sscanf(m->keys[j]->str, "%4d-%2d%c", &y, &mo, &tail) != 2 ||
            strlen(m->keys[j]->str) != 7 || mo < 1 || mo > 12)
            return diag_at(d, m->keys[j], sub, "'%s' is not a month; "
                           "expected YYYY-MM like 2022-04", m->keys[j]->str);
        double value;
        if (value_number(d, m->items[j], sub, &value))
            return -1;
        if (x == sc->n_months)
            continue; /* outside this run's measured period (--set
                         horizon=...): not checked */
        t->month[t->n_months] = (int)x;
        t->month_value[t->n_months++] = value;
    }
    const ytree *w = ytree_get(n, "months_within");
    diag_path(k, sizeof k, path, "months_within");
    if (w && value_long(d, w, k, 1, (long)m->n, "a number of months from 1 "
                        "to the months given", &t->months_needed))
        return -1;
    if (!w || t->months_needed > (long)t->n_months)
        t->months_needed = (long)t->n_months; /* of those in the run */
    if (t->n_months == 0)
        t->months_needed = 0;
    return 0;
}

const char *const targetspec_keys[] = {
    "kpi", "value", "tolerance", "source", "monthly", "months_within", NULL};

/* Fills target i from item n: {kpi, value or monthly, tolerance, source};
 * a percent tolerance is taken of |value| and stored as an absolute one. */
static int targetspec_one(build_ctx *c, const ytree *n, size_t i)
{
    diag *d = c->d;
    target_spec *t = &c->sc->targets[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    const char *s;
    snprintf(path, sizeof path, "targets.%zu", i);
    if (value_map(d, n, path, "a map like {kpi: ed.attendances, value: "
                  "111000, tolerance: 5%}") ||
        value_keys(d, n, path, targetspec_keys))
        return -1;
    const ytree *kp = value_need(d, n, path, "kpi", "kpi: ed.attendances");
    const ytree *mo = ytree_get(n, "monthly");
    if (!mo && ytree_get(n, "months_within")) {
        diag_path(k, sizeof k, path, "months_within");
        return diag_at(d, ytree_get(n, "months_within"), k, "applies only to "
                       "a target with monthly values; add monthly: or "
                       "remove it");
    }
    if (mo && ytree_get(n, "value")) {
        diag_path(k, sizeof k, path, "monthly");
        return diag_at(d, mo, k, "both value and monthly are given; a "
                       "target has one value or one a month");
    }
    const ytree *v = kp ? (mo ? mo
                              : value_need(d, n, path, "value",
                                           "value: 111000"))
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
    if (mo ? targetspec_months(c, n, path, t) : value_number(d, v, k, &t->value))
        return -1;
    diag_path(k, sizeof k, path, "tolerance");
    int pct = tol->kind == YTREE_SCALAR && tol->len &&
              tol->str[tol->len - 1] == '%';
    if (value_fraction(d, tol, k, &t->tolerance))
        return -1;
    if (!(t->tolerance >= 0))
        return diag_at(d, tol, k, "%s is negative; expected a number >= 0 "
                       "or a percent of value like 5%%", tol->str);
    if (pct && mo)
        return diag_at(d, tol, k, "is a percent, but monthly values need an "
                       "absolute tolerance like 5");
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
