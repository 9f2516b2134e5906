/* distspec.c -- distributions: syntax, checks and canonical parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "distspec.h"
#include "keys.h"
#include "value.h"

#define DISTSPEC_MAX_POINTS 100000 /* values or bins of a table */

const char *const distspec_kinds[] = {
    "exponential", "lognormal", "gamma", "weibull", "erlang", "triangular",
    "uniform", "fixed", "empirical", "histogram", NULL};

/* Reads parameter `key` of map p as a duration (> 0 when positive). */
static int distspec_dur(diag *d, const ytree *p, const char *path,
                        const char *key, int positive, double *out)
{
    char sub[DIAG_PATH_MAX], ex[64];
    snprintf(ex, sizeof ex, "%s: 2 days", key); /* the key it misses */
    const ytree *v = value_need(d, p, path, key, ex);
    diag_path(sub, sizeof sub, path, key);
    return v ? value_duration(d, v, sub, positive, out) : -1;
}

/* Reads parameter `key` of map p as a positive number. */
static int distspec_pos(diag *d, const ytree *p, const char *path,
                        const char *key, double *out)
{
    char sub[DIAG_PATH_MAX], ex[64];
    snprintf(ex, sizeof ex, "%s: 2", key);
    const ytree *v = value_need(d, p, path, key, ex);
    diag_path(sub, sizeof sub, path, key);
    return v ? value_nonneg(d, v, sub, 1, out) : -1;
}

/* Checks that p is a map of parameters with only the allowed keys. */
static int distspec_params(diag *d, const ytree *p, const char *path,
                           const char *const *keys, const char *example)
{
    char what[160];
    snprintf(what, sizeof what, "a map of parameters like %s", example);
    if (value_map(d, p, path, what) != 0)
        return -1;
    return value_keys(d, p, path, keys);
}

/* Parses a percentile key "pNN" (1..99, not 50) into a probability. */
static double distspec_pct(const char *k)
{
    if (k[0] != 'p' || k[1] < '0' || k[1] > '9')
        return -1;
    char *end;
    long v = strtol(k + 1, &end, 10);
    if (*end || v < 1 || v > 99 || v == 50 || strlen(k) > 3)
        return -1;
    return (double)v / 100;
}

/* lognormal: {mean, sd} or {median, pNN}; canonical (mu, sigma). */
static int distspec_lognormal(diag *d, const ytree *p, const char *path,
                              dist *out)
{
    static const char *const ms[] = {"mean", "sd", NULL};
    const char *ex = "{mean: 3 days, sd: 2 days} or {median: 2 days, p90: 8 "
                     "days}";
    if (value_map(d, p, path, ex) != 0)
        return -1;
    out->kind = DIST_LOGNORMAL;
    if (!ytree_get(p, "median")) {
        double mean, sd;
        if (distspec_params(d, p, path, ms, ex) ||
            distspec_dur(d, p, path, "mean", 1, &mean) ||
            distspec_dur(d, p, path, "sd", 1, &sd))
            return -1;
        dist_lognormal_from_mean_sd(mean, sd, &out->a, &out->b);
        return 0;
    }
    double median, x, prob = -1;
    const ytree *pk = NULL;
    for (size_t i = 0; i < p->n; i++) {
        const char *k = p->keys[i]->str;
        char sub[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, path, k);
        if (strcmp(k, "median") == 0)
            continue;
        if (distspec_pct(k) < 0 || pk)
            return diag_at(d, p->keys[i], sub,
                           "unexpected key '%s'; with median give exactly one "
                           "percentile like p90 (p1..p99, not p50)",
                           k);
        pk = p->keys[i];
        prob = distspec_pct(k);
    }
    if (!pk)
        return diag_at(d, p, path,
                       "median needs one percentile; add e.g. 'p90: 8 days'");
    char sub[DIAG_PATH_MAX];
    diag_path(sub, sizeof sub, path, pk->str);
    if (distspec_dur(d, p, path, "median", 1, &median) ||
        distspec_dur(d, p, path, pk->str, 1, &x))
        return -1;
    if (dist_lognormal_from_median_pct(median, x, prob, &out->a, &out->b))
        return diag_at(d, ytree_get(p, pk->str), sub,
                       "%s must be %s the median; expected a value %s it",
                       pk->str, prob > 0.5 ? "above" : "below",
                       prob > 0.5 ? "above" : "below");
    return 0;
}

/* gamma: {shape, scale} or {mean, sd}; canonical (shape, scale). */
static int distspec_gamma(diag *d, const ytree *p, const char *path,
                          dist *out)
{
    static const char *const ss[] = {"shape", "scale", NULL};
    static const char *const ms[] = {"mean", "sd", NULL};
    const char *ex = "{shape: 2, scale: 1 day} or {mean: 2 days, sd: 1 day}";
    if (value_map(d, p, path, ex) != 0)
        return -1;
    out->kind = DIST_GAMMA;
    if (ytree_get(p, "mean") || ytree_get(p, "sd")) {
        double mean, sd;
        if (distspec_params(d, p, path, ms, ex) ||
            distspec_dur(d, p, path, "mean", 1, &mean) ||
            distspec_dur(d, p, path, "sd", 1, &sd))
            return -1;
        out->a = mean * mean / (sd * sd);
        out->b = sd * sd / mean;
        return 0;
    }
    return distspec_params(d, p, path, ss, ex) ||
                   distspec_pos(d, p, path, "shape", &out->a) ||
                   distspec_dur(d, p, path, "scale", 1, &out->b)
               ? -1
               : 0;
}

/* Reads a list of at most DISTSPEC_MAX_POINTS durations or weights into a
 * new array (*out, *n); want_n (if non-zero) is the required length. */
static int distspec_list(diag *d, const ytree *l, const char *path,
                         int durations, double **out, size_t *n)
{
    *out = NULL;
    if (value_seq(d, l, path,
                  durations ? "a list of durations like [1 day, 2 days]"
                            : "a list of non-negative weights like [1, 3]"))
        return -1;
    if (l->n == 0 || l->n > DISTSPEC_MAX_POINTS)
        return diag_at(d, l, path, "has %zu items; expected 1 to %d", l->n,
                       DISTSPEC_MAX_POINTS);
    double *v = malloc(l->n * sizeof *v);
    if (!v)
        return diag_at(d, l, path, "out of memory");
    double sum = 0;
    for (size_t i = 0; i < l->n; i++) {
        char sub[DIAG_PATH_MAX];
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        int rc = durations ? value_duration(d, l->items[i], sub, 0, &v[i])
                           : value_nonneg(d, l->items[i], sub, 0, &v[i]);
        if (rc) {
            free(v);
            return -1;
        }
        sum += v[i];
    }
    if (!durations && !(sum > 0) ) {
        free(v);
        return diag_at(d, l, path, "all weights are zero; expected at least "
                       "one positive weight");
    }
    *out = v;
    *n = l->n;
    return 0;
}

/* empirical {values, weights?} and histogram {edges, weights}. */
static int distspec_table(diag *d, const ytree *p, const char *path,
                          int histogram, dist *out)
{
    static const char *const ek[] = {"values", "weights", NULL};
    static const char *const hk[] = {"edges", "weights", NULL};
    const char *vk = histogram ? "edges" : "values";
    char vpath[DIAG_PATH_MAX], wpath[DIAG_PATH_MAX];
    diag_path(vpath, sizeof vpath, path, vk);
    diag_path(wpath, sizeof wpath, path, "weights");
    if (distspec_params(d, p, path, histogram ? hk : ek,
                        histogram ? "{edges: [0 days, 1 day, 3 days], "
                                    "weights: [2, 1]}"
                                  : "{values: [1 day, 2 days], weights: "
                                    "[3, 1]}"))
        return -1;
    const ytree *vn = value_need(d, p, path, vk, "values: [1 day, 2 days]");
    const ytree *wn = ytree_get(p, "weights");
    if (!vn)
        return -1;
    if (histogram && !wn)
        wn = value_need(d, p, path, "weights", "weights: [2, 1]");
    size_t nv, nw;
    double *v, *w = NULL;
    if (distspec_list(d, vn, vpath, 1, &v, &nv))
        return -1;
    if (wn && distspec_list(d, wn, wpath, 0, &w, &nw)) {
        free(v);
        return -1;
    }
    size_t bins = histogram ? nv - 1 : nv;
    int bad = 0;
    if (histogram && nv < 2)
        bad = diag_at(d, vn, vpath, "has 1 edge; expected at least 2 edges");
    for (size_t i = 1; histogram && !bad && i < nv; i++)
        if (!(v[i] > v[i - 1]))
            bad = diag_at(d, vn->items[i], vpath,
                          "edges must increase; item %zu is not above the "
                          "one before",
                          i);
    if (!bad && w && nw != bins)
        bad = diag_at(d, wn, wpath, "has %zu weights; expected %zu (one per "
                      "%s)", nw, bins, histogram ? "bin between edges"
                                                 : "value");
    if (!bad && !w) {
        w = malloc(nv * sizeof *w);
        if (!w)
            bad = diag_at(d, p, path, "out of memory");
        for (size_t i = 0; w && i < nv; i++)
            w[i] = 1;
    }
    if (bad) {
        free(v);
        free(w);
        return -1;
    }
    out->kind = histogram ? DIST_HISTOGRAM : DIST_EMPIRICAL;
    out->n = bins;
    out->values = v;
    out->weights = w;
    if (dist_prepare(out) != 0) {
        dist_clear(out);
        return diag_at(d, p, path, "cannot build the sampling table; check "
                       "the weights");
    }
    return 0;
}

/* Parses the parameters p of distribution kind k. */
static int distspec_kind(diag *d, int k, const ytree *p, const char *path,
                         dist *out)
{
    static const char *const mean[] = {"mean", NULL};
    static const char *const wk[] = {"shape", "scale", NULL};
    static const char *const ek[] = {"k", "mean", NULL};
    static const char *const tk[] = {"min", "mode", "max", NULL};
    static const char *const uk[] = {"min", "max", NULL};
    long kk;
    switch (k) {
    case 0:
        out->kind = DIST_EXPONENTIAL;
        return distspec_params(d, p, path, mean, "{mean: 2 days}") ||
               distspec_dur(d, p, path, "mean", 1, &out->a) ? -1 : 0;
    case 1:
        return distspec_lognormal(d, p, path, out);
    case 2:
        return distspec_gamma(d, p, path, out);
    case 3:
        out->kind = DIST_WEIBULL;
        return distspec_params(d, p, path, wk, "{shape: 1.5, scale: 2 days}") ||
               distspec_pos(d, p, path, "shape", &out->a) ||
               distspec_dur(d, p, path, "scale", 1, &out->b) ? -1 : 0;
    case 4: {
        out->kind = DIST_ERLANG;
        if (distspec_params(d, p, path, ek, "{k: 3, mean: 2 days}"))
            return -1;
        const ytree *kn = value_need(d, p, path, "k", "k: 3");
        char sub[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, path, "k");
        if (!kn || value_long(d, kn, sub, 1, 1000000, "a positive integer",
                              &kk))
            return -1;
        out->a = (double)kk;
        return distspec_dur(d, p, path, "mean", 1, &out->b);
    }
    case 5:
        out->kind = DIST_TRIANGULAR;
        if (distspec_params(d, p, path, tk,
                            "{min: 1 day, mode: 2 days, max: 5 days}") ||
            distspec_dur(d, p, path, "min", 0, &out->a) ||
            distspec_dur(d, p, path, "mode", 0, &out->b) ||
            distspec_dur(d, p, path, "max", 0, &out->c))
            return -1;
        if (!(out->a <= out->b && out->b <= out->c && out->a < out->c))
            return diag_at(d, p, path,
                           "needs min <= mode <= max and min < max; "
                           "reorder the values");
        return 0;
    case 6:
        out->kind = DIST_UNIFORM;
        if (distspec_params(d, p, path, uk, "{min: 1 day, max: 3 days}") ||
            distspec_dur(d, p, path, "min", 0, &out->a) ||
            distspec_dur(d, p, path, "max", 0, &out->b))
            return -1;
        if (!(out->a < out->b))
            return diag_at(d, p, path,
                           "needs min < max; use {fixed: D} for a constant");
        return 0;
    case 7:
        out->kind = DIST_FIXED;
        return value_duration(d, p, path, 0, &out->a);
    case 8:
        return distspec_table(d, p, path, 0, out);
    default:
        return distspec_table(d, p, path, 1, out);
    }
}

int distspec_parse(diag *d, const ytree *n, const char *path, dist *out)
{
    memset(out, 0, sizeof *out);
    if (n && n->kind == YTREE_SCALAR) {
        out->kind = DIST_FIXED;
        return value_duration(d, n, path, 0, &out->a);
    }
    if (!n || n->kind != YTREE_MAP || n->n != 1)
        return diag_at(d, n, path,
                       "expected a distribution: a map with one kind like "
                       "{exponential: {mean: 2 days}}, or a duration like "
                       "'2 days'");
    const char *kname = n->keys[0]->str;
    char sub[DIAG_PATH_MAX];
    diag_path(sub, sizeof sub, path, kname);
    int k = value_choice(kname, distspec_kinds);
    if (k < 0) {
        const char *near = diag_nearest(kname, distspec_kinds);
        if (near)
            return diag_at(d, n->keys[0], sub,
                           "unknown distribution '%s'; did you mean '%s'?",
                           kname, near);
        return diag_at(d, n->keys[0], sub,
                       "unknown distribution '%s'; expected exponential, "
                       "lognormal, gamma, weibull, erlang, triangular, "
                       "uniform, fixed, empirical or histogram",
                       kname);
    }
    if (distspec_kind(d, k, n->items[0], sub, out) != 0) {
        dist_clear(out);
        return -1;
    }
    return 0;
}
