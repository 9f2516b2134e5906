/* routespec.c -- a route: where patients go next and in what shares,
 * each target with its own stay, delay and transfer.  Units, classes
 * and interventions all read routes, so this reader stands alone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "distspec.h"
#include "keys.h"
#include "value.h"

#define ROUTESPEC_SHARE_TOL 1e-6 /* shares must sum to 1 within this */

/* One optional distribution `key` of a route target's map into entry i
 * of *arr (of m, allocated with its flags *has at the first). */
static int route_dist(build_ctx *c, const ytree *n, const char *path,
                      const char *key, size_t m, size_t i, dist **arr,
                      unsigned char **has)
{
    char k[DIAG_PATH_MAX];
    const ytree *v = ytree_get(n, key);
    if (!v)
        return 0;
    if (!*arr && (!(*arr = calloc(m, sizeof **arr)) ||
                  !(*has = calloc(m, 1))))
        return diag_at(c->d, n, path, "out of memory");
    diag_path(k, sizeof k, path, key);
    if (distspec_parse(c->d, v, k, &(*arr)[i]))
        return -1;
    (*has)[i] = 1;
    return 0;
}

/* A route target written as a map, in entry i of the route's m:
 * {share: x, stay: DIST, delay: DIST, transfer: DIST, hold_upstream: B}:
 * its own stay at the unit (stays by destination), a delay before
 * leaving along it, and a move along it holding the place it goes to
 * (and the place it leaves, unless hold_upstream is false). */
const char *const routespec_target_keys[] = {
    "share", "stay", "delay", "transfer", "hold_upstream", NULL};

static int routespec_target(build_ctx *c, const ytree *n, const char *path,
                               route *r, size_t m, size_t i)
{
    char k[DIAG_PATH_MAX];
    if (value_keys(c->d, n, path, routespec_target_keys) ||
        !value_need(c->d, n, path, "share", "share: 0.3"))
        return -1;
    if (!ytree_get(n, "stay") && !ytree_get(n, "delay") &&
        !ytree_get(n, "transfer"))
        return diag_at(c->d, n, path, "has a share only; add stay:, "
                       "delay: or transfer:, or write the share alone");
    if (route_dist(c, n, path, "stay", m, i, &r->stay, &r->has_stay) ||
        route_dist(c, n, path, "delay", m, i, &r->delay, &r->has_delay) ||
        route_dist(c, n, path, "transfer", m, i, &r->transfer,
                   &r->has_transfer))
        return -1;
    const ytree *h = ytree_get(n, "hold_upstream");
    diag_path(k, sizeof k, path, "hold_upstream");
    if (h && !ytree_get(n, "transfer"))
        return diag_at(c->d, h, k, "applies only with transfer; add "
                       "transfer: DIST or remove it");
    if (r->transfer && !r->release && !(r->release = calloc(m, 1)))
        return diag_at(c->d, n, path, "out of memory");
    int hold = 1;
    if (h && value_bool(c->d, h, k, &hold))
        return -1;
    if (r->release)
        r->release[i] = !hold;
    if (r->to[i] == SCENARIO_EXIT && ytree_get(n, "transfer")) {
        diag_path(k, sizeof k, path, "transfer");
        return diag_at(c->d, ytree_get(n, "transfer"), k, "a route to exit "
                       "has no place to move to; use delay for the time "
                       "before leaving");
    }
    return 0;
}

int routespec_parse(build_ctx *c, const ytree *n, const char *path, route *r)
{
    size_t m = n && n->kind == YTREE_MAP ? n->n : 1;
    if (n && n->kind == YTREE_MAP && m == 0)
        return diag_at(c->d, n, path, "got an empty map; expected a unit, "
                       "'exit', or shares like {rehab: 0.3, exit: 0.7}");
    r->to = calloc(m, sizeof *r->to);
    r->share = calloc(m, sizeof *r->share);
    if (!r->to || !r->share)
        return diag_at(c->d, n, path, "out of memory");
    if (!n) {
        r->n = 1;
        r->to[0] = SCENARIO_EXIT;
        r->share[0] = 1;
        return 0;
    }
    if (n->kind != YTREE_MAP) {
        int t = build_unit_ref(c, n, path, 1);
        if (t < -1)
            return -1;
        r->n = 1;
        r->to[0] = t;
        r->share[0] = 1;
        return 0;
    }
    double sum = 0;
    for (size_t i = 0; i < m; i++) {
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, path, n->keys[i]->str);
        int t = build_unit_ref(c, n->keys[i], k, 1);
        if (t < -1)
            return -1;
        r->to[i] = t;
        r->n = i + 1;  /* owns what entry i parses, even on failure */
        double s;
        const ytree *sh = n->items[i];
        if (sh->kind == YTREE_MAP) { /* {share: x, stay: DIST} */
            if (routespec_target(c, sh, k, r, m, i))
                return -1;
            sh = ytree_get(sh, "share");
            diag_path(k, sizeof k, k, "share");
        }
        if (value_fraction(c->d, sh, k, &s))
            return -1;
        if (!(s > 0 && s <= 1))
            return diag_at(c->d, sh, k, "share %s is not in (0, 1]; "
                           "expected a fraction like 0.3", sh->str);
        r->share[i] = s;
        sum += s;
    }
    if (fabs(sum - 1) > ROUTESPEC_SHARE_TOL)
        return diag_at(c->d, n, path, "shares sum to %.10g; they must sum to "
                       "1", sum);
    for (size_t i = 0; i < m; i++)
        r->share[i] /= sum;
    return 0;
}
