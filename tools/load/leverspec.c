/* leverspec.c -- the levers: section (leverspec.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "calibspec.h"
#include "keys.h"
#include "leverspec.h"
#include "merge.h"
#include "value.h"

const char *const leverspec_keys[] = {"key", "label", "range", "values",
                                      "unit", "default", "group", NULL};

/* A scalar that is a plain finite number ("40", "0.3"), or a percentage
 * ("30%" is 0.3, as a share reads it); 0 or -1. */
static int leverspec_num(const ytree *n, double *x)
{
    if (!n || n->kind != YTREE_SCALAR || !n->str[0])
        return -1;
    char *end;
    *x = strtod(n->str, &end);
    if (end != n->str && !strcmp(end, "%"))
        *x /= 100;
    else if (*end)
        return -1;
    return isfinite(*x) ? 0 : -1;
}

/* An optional text key of the lever map n into *out ("" when absent). */
static int leverspec_text(diag *d, const ytree *n, const char *path,
                          const char *key, const char **out)
{
    char k[DIAG_PATH_MAX];
    const ytree *v = ytree_get(n, key);
    *out = "";
    diag_path(k, sizeof k, path, key);
    return v ? value_text(d, v, k, out) : 0;
}

/* range: [lo, hi] or [lo, hi, step]. */
static int leverspec_range(diag *d, const ytree *r, const char *path,
                           lever_decl *v)
{
    if (r->kind != YTREE_SEQ || r->n < 2 || r->n > 3)
        return diag_at(d, r, path, "expected [LOW, HIGH] or [LOW, HIGH, "
                       "STEP], like [0, 80] or [0, 0.5, 0.05]");
    double x[3] = {0, 0, 0};
    for (size_t i = 0; i < r->n; i++)
        if (leverspec_num(r->items[i], &x[i]))
            return diag_at(d, r->items[i], path, "'%s' is not a number",
                           r->items[i]->kind == YTREE_SCALAR
                               ? r->items[i]->str : "(a collection)");
    if (!(x[0] < x[1]))
        return diag_at(d, r->items[1], path, "%g is not above %g; expected "
                       "[LOW, HIGH] with LOW < HIGH", x[1], x[0]);
    if (r->n == 3 && !(x[2] > 0 && x[2] <= x[1] - x[0]))
        return diag_at(d, r->items[2], path, "step %g is not between 0 and "
                       "HIGH - LOW (%g)", x[2], x[1] - x[0]);
    v->lo = x[0];
    v->hi = x[1];
    v->step = x[2];
    return 0;
}

/* values: [X, ...], numbers, at least one. */
static int leverspec_values(diag *d, const ytree *l, const char *path,
                            lever_decl *v)
{
    if (l->kind != YTREE_SEQ)
        return diag_at(d, l, path, "expected a list of numbers like "
                       "[150, 205, 250]");
    if (l->n == 0 || l->n > LEVERSPEC_VALUES_MAX)
        return diag_at(d, l, path, "has %zu values; expected 1 to %d",
                       l->n, LEVERSPEC_VALUES_MAX);
    for (size_t i = 0; i < l->n; i++)
        if (leverspec_num(l->items[i], &v->values[i]))
            return diag_at(d, l->items[i], path, "'%s' is not a number",
                           l->items[i]->kind == YTREE_SCALAR
                               ? l->items[i]->str : "(a collection)");
    v->n_values = l->n;
    v->lo = v->hi = v->values[0];
    for (size_t i = 1; i < l->n; i++) {
        v->lo = fmin(v->lo, v->values[i]);
        v->hi = fmax(v->hi, v->values[i]);
    }
    return 0;
}

/* Whether x is one of the lever's values (in its range or its list). */
static int leverspec_allows(const lever_decl *v, double x)
{
    if (!v->n_values)
        return x >= v->lo && x <= v->hi;
    for (size_t i = 0; i < v->n_values; i++)
        if (v->values[i] == x)
            return 1;
    return 0;
}

/* Lever i of the list n: 0, 1 when its key names nothing in the
 * scenario (left out: an extending scenario or a --set may remove what a
 * lever moves, as --set units.medical.escalation=null does, and levers
 * never stop a run), or -1 after a message. */
static int leverspec_one(diag *d, const ytree *root, const ytree *n,
                         size_t i, lever_decl *v)
{
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    snprintf(path, sizeof path, "levers.%zu", i);
    const ytree *key, *r, *l, *df;
    memset(v, 0, sizeof *v);
    if (value_map(d, n, path, "a map {key: PATH, label: TEXT, range: "
                  "[LOW, HIGH]}") ||
        value_keys(d, n, path, leverspec_keys) ||
        !(key = value_need(d, n, path, "key", "key: units.ward.capacity")))
        return -1;
    diag_path(k, sizeof k, path, "key");
    if (value_text(d, key, k, &v->key))
        return -1;
    double now;
    const ytree *at = calibspec_at(root, v->key);
    if (!at || ytree_is_null(at))
        return 1;
    if (leverspec_num(at, &now))
        return diag_at(d, key, k, "'%s' is not a number in the scenario; "
                       "expected the --set path of a number like "
                       "units.ward.capacity", v->key);
    if (leverspec_text(d, n, path, "label", &v->label) ||
        leverspec_text(d, n, path, "unit", &v->unit) ||
        leverspec_text(d, n, path, "group", &v->group))
        return -1;
    r = ytree_get(n, "range");
    l = ytree_get(n, "values");
    if (!r == !l)
        return diag_at(d, n, path, "give either range: [LOW, HIGH] or "
                       "values: [X, ...], %s", r ? "not both" : "one");
    diag_path(k, sizeof k, path, r ? "range" : "values");
    if (r ? leverspec_range(d, r, k, v) : leverspec_values(d, l, k, v))
        return -1;
    v->def = now;
    diag_path(k, sizeof k, path, "default");
    if ((df = ytree_get(n, "default")) && leverspec_num(df, &v->def))
        return diag_at(d, df, k, "expected a number");
    /* a given default must be one of the lever's values; the scenario's
     * own value need not be (a --set or an extending scenario may move
     * it anywhere: levers never stop a run) */
    if (df && !leverspec_allows(v, v->def))
        return diag_at(d, df, k, "%g is outside the lever's %s", v->def,
                       v->n_values ? "values" : "range");
    return 0;
}

int leverspec_parse(diag *d, const ytree *root, lever_spec *out)
{
    lever_spec *spare = NULL;
    const ytree *n = ytree_get(root, "levers");
    if (out)
        out->n = 0;
    if (!n || ytree_is_null(n))
        return 0;
    if (value_seq(d, n, "levers", "a list of levers"))
        return -1;
    if (n->n == 0 || n->n > LEVERSPEC_MAX)
        return diag_at(d, n, "levers", "has %zu levers; expected 1 to %d",
                       n->n, LEVERSPEC_MAX);
    if (!out && !(spare = malloc(sizeof *spare)))
        return diag_at(d, n, "levers", "out of memory");
    lever_spec *s = out ? out : spare;
    int rc = 0;
    size_t kept = 0, at[LEVERSPEC_MAX]; /* the kept levers' places */
    for (size_t i = 0; i < n->n && rc >= 0; i++) {
        rc = leverspec_one(d, root, n->items[i], i, &s->v[kept]);
        if (rc == 0)
            at[kept++] = i;
    }
    rc = rc < 0 ? -1 : 0;
    for (size_t i = 0; i < kept && !rc; i++)
        for (size_t j = 0; j < i && !rc; j++)
            if (!strcmp(s->v[i].key, s->v[j].key))
                rc = diag_at(d, n->items[at[i]], "levers", "lever %zu has "
                             "the key '%s' of lever %zu; one lever a key",
                             at[i], s->v[i].key, at[j]);
    if (!rc)
        s->n = kept;
    free(spare);
    return rc;
}

int leverspec_read(const char *path, lever_spec *out, char *err,
                   size_t size)
{
    diag d = {err, size, 0};
    err[0] = '\0';
    memset(out, 0, sizeof *out);
    if (merge_load(path, 0, build_top_keys, &out->root, &d))
        return -1;
    return leverspec_parse(&d, out->root, out);
}

void leverspec_free(lever_spec *s)
{
    ytree_free(s->root);
    s->root = NULL;
}
