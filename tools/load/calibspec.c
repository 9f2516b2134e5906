/* calibspec.c -- the calibrate: section (calibspec.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "calibspec.h"
#include "keys.h"
#include "merge.h"
#include "value.h"

#define CALIBSPEC_DEFAULT_RUNS 100
#define CALIBSPEC_MAX_RUNS 100000

const char *const calibspec_keys[] = {"parameters", "replications",
                                      "max_runs", NULL};
const char *const calibspec_param_keys[] = {"set", "from", "to", NULL};

/* "12.5 per day" -> 12.5 and "per day"; the unit may be empty, and is
 * letters, spaces, '/' and '%' only.  Returns 0 or -1. */
static int calibspec_number(const char *s, double *x, char *unit,
                            size_t size)
{
    char *end;
    *x = strtod(s, &end);
    if (end == s || !isfinite(*x))
        return -1;
    while (*end == ' ')
        end++;
    size_t n = strlen(end);
    if (n >= size)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)end[i]) && !strchr(" /%", end[i]))
            return -1;
    memcpy(unit, end, n + 1);
    while (n && unit[n - 1] == ' ')
        unit[--n] = '\0';
    return 0;
}

/* The node at --set path `set` in root, or NULL: maps by key, lists by
 * item name or index. */
const ytree *calibspec_at(const ytree *root, const char *set)
{
    char buf[DIAG_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", set);
    const ytree *n = root;
    for (char *save, *c = strtok_r(buf, ".", &save); c && n;
         c = strtok_r(NULL, ".", &save)) {
        if (n->kind == YTREE_MAP) {
            n = ytree_get(n, c);
        } else if (n->kind == YTREE_SEQ) {
            const ytree *hit = NULL;
            for (size_t i = 0; i < n->n && !hit; i++) {
                const ytree *nm = ytree_get(n->items[i], "name");
                if (nm && nm->kind == YTREE_SCALAR && !strcmp(nm->str, c))
                    hit = n->items[i];
            }
            char *end;
            long i = strtol(c, &end, 10);
            if (!hit && !*end && i >= 0 && (size_t)i < n->n)
                hit = n->items[i];
            n = hit;
        } else {
            return NULL;
        }
    }
    return n;
}

/* A --set path: names (letters, digits, '_', '-') joined by dots. */
static int calibspec_path(const char *s)
{
    if (!*s || *s == '.' || s[strlen(s) - 1] == '.' || strstr(s, ".."))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("_-.", *s))
            return 0;
    return 1;
}

/* Parameter i of the list n. */
static int calibspec_param(diag *d, const ytree *root, const ytree *n,
                           size_t i, calib_param *p)
{
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX], u2[CALIBSPEC_UNIT_MAX];
    snprintf(path, sizeof path, "calibrate.parameters.%zu", i);
    const ytree *set, *from, *to;
    if (value_map(d, n, path, "a map {set: PATH, from: X, to: Y}") ||
        value_keys(d, n, path, calibspec_param_keys) ||
        !(set = value_need(d, n, path, "set", "set: units.ward.capacity")) ||
        !(from = value_need(d, n, path, "from", "from: 2 days")) ||
        !(to = value_need(d, n, path, "to", "to: 6 days")))
        return -1;
    diag_path(k, sizeof k, path, "set");
    if (value_text(d, set, k, &p->set))
        return -1;
    if (!calibspec_path(p->set))
        return diag_at(d, set, k, "'%s' is not a --set path; expected "
                       "names joined by dots like units.ward.capacity",
                       p->set);
    diag_path(k, sizeof k, path, "from");
    if (from->kind != YTREE_SCALAR ||
        calibspec_number(from->str, &p->lo, p->unit, sizeof p->unit))
        return diag_at(d, from, k, "expected a number and its unit like "
                       "'2 days' or '9.5 per day'");
    diag_path(k, sizeof k, path, "to");
    if (to->kind != YTREE_SCALAR ||
        calibspec_number(to->str, &p->hi, u2, sizeof u2))
        return diag_at(d, to, k, "expected a number and its unit like "
                       "'6 days' or '12 per day'");
    if (strcmp(p->unit, u2))
        return diag_at(d, to, k, "unit '%s' differs from from's '%s'; "
                       "give both in the same unit", u2, p->unit);
    if (!(p->lo < p->hi))
        return diag_at(d, to, k, "is not above from; expected from < to");
    const ytree *now = calibspec_at(root, p->set);
    double x;
    char u[CALIBSPEC_UNIT_MAX];
    p->start = now && now->kind == YTREE_SCALAR &&
               !calibspec_number(now->str, &x, u, sizeof u) &&
               !strcmp(u, p->unit) && x >= p->lo && x <= p->hi
                   ? x : (p->lo + p->hi) / 2;
    return 0;
}

int calibspec_parse(diag *d, const ytree *root, calib_spec *out)
{
    calib_spec spare;
    calib_spec *c = out ? out : &spare;
    const ytree *n = ytree_get(root, "calibrate"), *ps, *v;
    c->n = 0;
    c->replications = 0;
    c->max_runs = CALIBSPEC_DEFAULT_RUNS;
    if (!n || ytree_is_null(n))
        return 0;
    if (value_map(d, n, "calibrate", "a map {parameters: [...]}") ||
        value_keys(d, n, "calibrate", calibspec_keys) ||
        !(ps = value_need(d, n, "calibrate", "parameters",
                          "parameters: [{set: PATH, from: X, to: Y}]")) ||
        value_seq(d, ps, "calibrate.parameters", "a list of parameters"))
        return -1;
    if (ps->n == 0 || ps->n > CALIBSPEC_MAX_PARAMS)
        return diag_at(d, ps, "calibrate.parameters", "has %zu parameters; "
                       "expected 1 to %d", ps->n, CALIBSPEC_MAX_PARAMS);
    if ((v = ytree_get(n, "replications")) &&
        value_long(d, v, "calibrate.replications", 2, 1000000,
                   "a whole number from 2 to 1000000", &c->replications))
        return -1;
    if ((v = ytree_get(n, "max_runs")) &&
        value_long(d, v, "calibrate.max_runs", 1, CALIBSPEC_MAX_RUNS,
                   "a whole number from 1 to 100000", &c->max_runs))
        return -1;
    for (size_t i = 0; i < ps->n; i++)
        if (calibspec_param(d, root, ps->items[i], i, &c->p[i]))
            return -1;
    c->n = ps->n;
    return 0;
}

int calibspec_read(const char *path, const char *const *sets,
                   size_t n_sets, calib_spec *out, char *err, size_t size)
{
    diag d = {err, size, 0};
    err[0] = '\0';
    memset(out, 0, sizeof *out);
    if (merge_load(path, 0, build_top_keys, &out->root, &d))
        return -1;
    for (size_t i = 0; i < n_sets; i++)
        if (merge_set(out->root, sets[i], (unsigned)(i + 1), &d))
            return -1;
    if (calibspec_parse(&d, out->root, out))
        return -1;
    if (out->n == 0)
        return diag_at(&d, out->root, "calibrate", "missing: the scenario "
                       "has no calibrate: section; add e.g. calibrate: "
                       "{parameters: [{set: PATH, from: X, to: Y}]}");
    return 0;
}

void calibspec_set(const calib_spec *c, size_t i, double x, char *buf,
                   size_t size)
{
    snprintf(buf, size, "%s=%.9g%s%s", c->p[i].set, x,
             c->p[i].unit[0] ? " " : "", c->p[i].unit);
}

void calibspec_free(calib_spec *c)
{
    ytree_free(c->root);
    c->root = NULL;
}
