/* costread.c -- readers of the keys that `costs:` (costspec.c) and
 * `business_case:` (bcspec.c) share: financial years, price years,
 * optional texts and shares (costspec_int.h).  Apart from both, so that
 * neither calls back into the other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "costs.h"
#include "costspec_int.h"
#include "value.h"

/* A financial year "2022/23" at node n. */
int costspec_fy(diag *d, const ytree *n, const char *path, int *out)
{
    const char *s = n && n->kind == YTREE_SCALAR ? n->str : NULL;
    int y = s ? costs_parse_fy(s) : -1;
    if (y < 0)
        return diag_at(d, n, path, "'%s' is not a financial year; expected "
                       "YYYY/YY like 2022/23 (1 April 2022 to 31 March 2023)",
                       s ? s : "a collection");
    *out = y;
    return 0;
}

/* An optional text key of map m into *out (strdup'd). */
int costspec_opt_text(diag *d, const ytree *m, const char *path,
                      const char *key, char **out)
{
    const ytree *v = ytree_get(m, key);
    char k[DIAG_PATH_MAX];
    const char *s;
    if (!v)
        return 0;
    diag_path(k, sizeof k, path, key);
    if (value_text(d, v, k, &s))
        return -1;
    if (!(*out = strdup(s)))
        return diag_at(d, v, k, "out of memory");
    return 0;
}

/* An optional share key of map m (default def). */
int costspec_opt_share(diag *d, const ytree *m, const char *path,
                       const char *key, double def, double *out)
{
    const ytree *v = ytree_get(m, key);
    char k[DIAG_PATH_MAX];
    *out = def;
    if (!v)
        return 0;
    diag_path(k, sizeof k, path, key);
    return value_share(d, v, k, out);
}

/* The price year at node n must be the base or in the index. */
static int priced(diag *d, const cost_spec *c, const ytree *n,
                  const char *path, int year)
{
    double f;
    if (costs_price_factor(c, year, c->price_base, &f) == 0)
        return 0;
    char a[16], b[16];
    return diag_at(d, n, path, "no inflation index for %s (or the price "
                   "base %s); add it to costs.inflation.index",
                   costs_fy_name(year, a, sizeof a),
                   costs_fy_name(c->price_base, b, sizeof b));
}

/* A required price_year of map m. */
int costspec_price_year(diag *d, const cost_spec *c, const ytree *m,
                        const char *path, int *out)
{
    char k[DIAG_PATH_MAX];
    const ytree *v = value_need(d, m, path, "price_year",
                                "price_year: 2022/23");
    diag_path(k, sizeof k, path, "price_year");
    if (!v || costspec_fy(d, v, k, out))
        return -1;
    return c ? priced(d, c, v, k, *out) : 0;
}

const ytree *costspec_named(diag *d, const ytree *m, const char *list,
                            size_t i, const char *what,
                            const char *const *keys, const char *example,
                            char **name, char *name_path, char *sub)
{
    const char *s;
    snprintf(sub, DIAG_PATH_MAX, "%s.%zu", list, i);
    if (value_map(d, m, sub, what) || value_keys(d, m, sub, keys))
        return NULL;
    const ytree *v = value_need(d, m, sub, "name", example);
    diag_path(name_path, DIAG_PATH_MAX, sub, "name");
    if (!v || value_name(d, v, name_path, &s))
        return NULL;
    if (!(*name = strdup(s))) {
        diag_at(d, v, name_path, "out of memory");
        return NULL;
    }
    snprintf(sub, DIAG_PATH_MAX, "%s.%s", list, s);
    return v;
}
