/* demandspec.c -- demand scaling: `demand: {scale: x}` for every arrival
 * stream at once, and `scale: x` on one stream.  A scale multiplies the
 * stream's rate (a Poisson stream's rate, whatever its profiles and
 * periods) or divides its gaps (a renewal stream), so "+5% demand" is one
 * line instead of a rewrite of every stream. */
#include "build.h"
#include "keys.h"
#include "value.h"

#define DEMAND_SCALE_MAX 1000.0  /* beyond this a scale is a typo */

const char *const demandspec_keys[] = {"scale", NULL};

/* A positive factor written 1.05 or "105%", at most DEMAND_SCALE_MAX. */
static int read_scale(diag *d, const ytree *v, const char *path, double *out)
{
    if (value_fraction(d, v, path, out))
        return -1;
    if (!(*out > 0 && *out <= DEMAND_SCALE_MAX))
        return diag_at(d, v, path, "'%s' is not a demand scale; expected a "
                       "factor > 0 and at most %g, like 1.05 or 105%%",
                       v->str, DEMAND_SCALE_MAX);
    return 0;
}

int demandspec_top(build_ctx *c, const ytree *root)
{
    const ytree *m = ytree_get(root, "demand"), *v;
    c->demand_scale = 1;
    if (!m)
        return 0;
    if (value_map(c->d, m, "demand", "a map like {scale: 1.05}") ||
        value_keys(c->d, m, "demand", demandspec_keys))
        return -1;
    if ((v = ytree_get(m, "scale")) &&
        read_scale(c->d, v, "demand.scale", &c->demand_scale))
        return -1;
    return 0;
}

int demandspec_stream(build_ctx *c, const ytree *n, const char *path,
                      arrival_spec *a)
{
    char k[DIAG_PATH_MAX];
    const ytree *v = ytree_get(n, "scale");
    double own = 1;
    diag_path(k, sizeof k, path, "scale");
    if (v && read_scale(c->d, v, k, &own))
        return -1;
    a->scale = c->demand_scale * own;
    return 0;
}
