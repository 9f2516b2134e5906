/* sweepspec.c -- reading sweep files (sweepspec.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "merge.h"
#include "sweepspec.h"
#include "value.h"
#include "ytree.h"

static const char *const sweep_keys[] = {"name", "base", "replications",
                                         "seed", "grid", "points",
                                         "description", NULL};

/* The values of one grid axis: a list of scalars or {from, to, by}. */
typedef struct axis {
    const char *key;
    size_t n;
    char **vals;
} axis;

void sweep_free(sweep_spec *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_points; i++) {
        for (size_t k = 0; k < s->points[i].n_sets; k++)
            free(s->points[i].sets[k]);
        free(s->points[i].sets);
        free(s->points[i].params);
    }
    for (size_t k = 0; k < s->n_keys; k++)
        free(s->keys[k]);
    free(s->keys);
    free(s->points);
    free(s->name);
    free(s->base);
    free(s);
}

static void axis_free(axis *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->vals[i]);
    free(a->vals);
}

/* Reads one axis: [v, v, ...] or {from: a, to: b, by: c}. */
static int axis_read(diag *d, const ytree *v, const char *path, axis *a)
{
    if (v->kind == YTREE_SEQ) {
        if (v->n == 0)
            return diag_at(d, v, path, "empty list; expected at least one "
                                       "value");
        a->vals = calloc(v->n, sizeof *a->vals);
        if (!a->vals)
            return diag_at(d, v, path, "out of memory");
        for (size_t i = 0; i < v->n; i++) {
            if (v->items[i]->kind != YTREE_SCALAR)
                return diag_at(d, v->items[i], path, "expected a plain "
                               "value like 640 or '4 days'");
            if (!(a->vals[a->n++] = strdup(v->items[i]->str)))
                return diag_at(d, v, path, "out of memory");
        }
        return 0;
    }
    static const char *const range_keys[] = {"from", "to", "by", NULL};
    double from, to, by;
    const ytree *f, *t, *b;
    if (value_map(d, v, path, "a list of values or {from: 600, to: 700, "
                              "by: 10}") ||
        value_keys(d, v, path, range_keys) ||
        !(f = value_need(d, v, path, "from", "from: 600")) ||
        !(t = value_need(d, v, path, "to", "to: 700")) ||
        !(b = value_need(d, v, path, "by", "by: 10")) ||
        value_number(d, f, path, &from) || value_number(d, t, path, &to) ||
        value_number(d, b, path, &by))
        return -1;
    if (!(by > 0) || !(to >= from))
        return diag_at(d, v, path, "expected from <= to and by > 0");
    double steps = floor((to - from) / by + 1e-9) + 1;
    if (steps > SWEEP_MAX_POINTS)
        return diag_at(d, v, path, "%.0f values; at most %ld", steps,
                       SWEEP_MAX_POINTS);
    a->vals = calloc((size_t)steps, sizeof *a->vals);
    if (!a->vals)
        return diag_at(d, v, path, "out of memory");
    for (size_t i = 0; i < (size_t)steps; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.10g", from + (double)i * by);
        if (!(a->vals[a->n++] = strdup(buf)))
            return diag_at(d, v, path, "out of memory");
    }
    return 0;
}

/* Makes a point from keys[i] = vals[i]. */
static int point_make(sweep_point *p, size_t n, const char *const *keys,
                      const char *const *vals)
{
    size_t plen = 1;
    p->sets = calloc(n, sizeof *p->sets);
    if (!p->sets)
        return -1;
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(keys[k]) + strlen(vals[k]) + 2;
        if (!(p->sets[k] = malloc(len)))
            return -1;
        snprintf(p->sets[k], len, "%s=%s", keys[k], vals[k]);
        p->n_sets++;
        plen += len;
    }
    if (!(p->params = malloc(plen)))
        return -1;
    p->params[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (k)
            strcat(p->params, ";");
        strcat(p->params, p->sets[k]);
    }
    return 0;
}

static int read_grid(diag *d, const ytree *g, sweep_spec *s)
{
    if (value_map(d, g, "grid", "a map from --set keys to values") )
        return -1;
    if (g->n == 0 || g->n > SWEEP_MAX_KEYS)
        return diag_at(d, g, "grid", "%zu keys; expected 1 to %d", g->n,
                       SWEEP_MAX_KEYS);
    axis ax[SWEEP_MAX_KEYS] = {0};
    double total = 1;
    int rc = 0;
    for (size_t k = 0; k < g->n && !rc; k++) {
        char path[DIAG_PATH_MAX];
        diag_path(path, sizeof path, "grid", g->keys[k]->str);
        ax[k].key = g->keys[k]->str;
        rc = axis_read(d, g->items[k], path, &ax[k]);
        total *= (double)ax[k].n;
    }
    if (!rc && total > SWEEP_MAX_POINTS)
        rc = diag_at(d, g, "grid", "%.0f points; at most %ld", total,
                     SWEEP_MAX_POINTS);
    if (!rc) {
        s->n_keys = g->n;
        s->keys = calloc(g->n, sizeof *s->keys);
        s->points = calloc((size_t)total, sizeof *s->points);
        rc = s->keys && s->points ? 0 : diag_at(d, g, "grid", "out of memory");
        for (size_t k = 0; k < g->n && !rc; k++)
            if (!(s->keys[k] = strdup(ax[k].key)))
                rc = diag_at(d, g, "grid", "out of memory");
    }
    /* Odometer over the axes: the last key varies fastest. */
    size_t idx[SWEEP_MAX_KEYS] = {0};
    for (size_t p = 0; !rc && p < (size_t)total; p++) {
        const char *vals[SWEEP_MAX_KEYS];
        for (size_t k = 0; k < g->n; k++)
            vals[k] = ax[k].vals[idx[k]];
        if (point_make(&s->points[s->n_points++], g->n,
                       (const char *const *)s->keys, vals))
            rc = diag_at(d, g, "grid", "out of memory");
        for (size_t k = g->n; k-- > 0;) {
            if (++idx[k] < ax[k].n)
                break;
            idx[k] = 0;
        }
    }
    for (size_t k = 0; k < g->n; k++)
        axis_free(&ax[k]);
    return rc;
}

static int read_points(diag *d, const ytree *l, sweep_spec *s)
{
    if (value_seq(d, l, "points", "maps from --set keys to values"))
        return -1;
    if (l->n == 0 || l->n > (size_t)SWEEP_MAX_POINTS)
        return diag_at(d, l, "points", "%zu points; expected 1 to %ld",
                       l->n, SWEEP_MAX_POINTS);
    s->points = calloc(l->n, sizeof *s->points);
    if (!s->points)
        return diag_at(d, l, "points", "out of memory");
    for (size_t i = 0; i < l->n; i++) {
        const ytree *m = l->items[i];
        const char *keys[SWEEP_MAX_KEYS], *vals[SWEEP_MAX_KEYS];
        if (value_map(d, m, "points", "a map like {units.ward.capacity: "
                                      "14}"))
            return -1;
        if (m->n == 0 || m->n > SWEEP_MAX_KEYS)
            return diag_at(d, m, "points", "%zu keys; expected 1 to %d",
                           m->n, SWEEP_MAX_KEYS);
        for (size_t k = 0; k < m->n; k++) {
            if (m->items[k]->kind != YTREE_SCALAR)
                return diag_at(d, m->items[k], "points", "expected a plain "
                               "value like 640 or '4 days'");
            keys[k] = m->keys[k]->str;
            vals[k] = m->items[k]->str;
        }
        if (point_make(&s->points[s->n_points++], m->n, keys, vals))
            return diag_at(d, m, "points", "out of memory");
    }
    return 0;
}

sweep_spec *sweep_load(const char *path, char *err, size_t errlen)
{
    diag d = {err, errlen, 0};
    ytree *t = NULL;
    char perr[1024];
    if (ytree_parse_file(path, 0, &t, perr, sizeof perr) != 0) {
        diag_raw(&d, perr);
        return NULL;
    }
    sweep_spec *s = calloc(1, sizeof *s);
    const ytree *v;
    const char *str;
    int rc = s ? 0 : diag_at(&d, t, "", "out of memory");
    if (!rc)
        rc = value_map(&d, t, "", "a sweep: name, base and grid or points") ||
             value_keys(&d, t, "", sweep_keys);
    if (!rc && (v = value_need(&d, t, "", "name", "name: my-sweep")))
        rc = value_text(&d, v, "name", &str) || !(s->name = strdup(str));
    else
        rc = -1;
    if (!rc && (v = value_need(&d, t, "", "base", "base: baseline.yaml")))
        rc = value_text(&d, v, "base", &str) ||
             !(s->base = merge_relative(path, str));
    else
        rc = -1;
    if (!rc && (v = ytree_get(t, "replications")))
        rc = value_long(&d, v, "replications", 1, 1000000,
                        "a whole number from 1 to 1000000",
                        &s->replications);
    if (!rc && (v = ytree_get(t, "seed"))) {
        rc = value_u64(&d, v, "seed", &s->seed);
        s->has_seed = 1;
    }
    const ytree *g = rc ? NULL : ytree_get(t, "grid");
    const ytree *p = rc ? NULL : ytree_get(t, "points");
    if (!rc && !!g == !!p)
        rc = diag_at(&d, t, "", "expected exactly one of grid: and points:");
    else if (!rc && g)
        rc = read_grid(&d, g, s);
    else if (!rc)
        rc = read_points(&d, p, s);
    ytree_free(t);
    if (rc) {
        if (!d.failed)
            snprintf(err, errlen, "%s: out of memory", path);
        sweep_free(s);
        return NULL;
    }
    return s;
}

/* The i-th "k=v" item of params: its start and length, or NULL. */
static const char *param_item(const char *params, size_t i, size_t *len)
{
    const char *p = params;
    for (; p && *p; i--) {
        const char *end = strchr(p, ';');
        *len = end ? (size_t)(end - p) : strlen(p);
        if (i == 0)
            return p;
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

const char *sweep_param(const char *params, const char *key, char *buf,
                        size_t n)
{
    size_t kl = strlen(key), len;
    const char *p;
    for (size_t i = 0; (p = param_item(params, i, &len)); i++)
        if (len > kl && !strncmp(p, key, kl) && p[kl] == '=') {
            snprintf(buf, n, "%.*s", (int)(len - kl - 1), p + kl + 1);
            return buf;
        }
    snprintf(buf, n, "%s", "");
    return buf;
}

const char *sweep_param_key(const char *params, size_t i, char *buf,
                            size_t n)
{
    size_t len;
    const char *p = param_item(params, i, &len);
    if (!p)
        return NULL;
    const char *eq = memchr(p, '=', len);
    snprintf(buf, n, "%.*s", (int)(eq ? (size_t)(eq - p) : len), p);
    return buf;
}
