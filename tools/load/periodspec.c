/* periodspec.c -- dated factors [{from: D, to: D, factor: x}, ...] and
 * their recurring forms (recurspec.c), read for arrival streams and for
 * units' stays alike. */
#include <stdlib.h>
#include "build.h"
#include "keys.h"
#include "value.h"

const char *const build_period_keys[] = {"from", "to", "factor", NULL};

int build_periods(build_ctx *c, const ytree *n, const char *path,
                  arrival_period **out, size_t *nout)
{
    diag *d = c->d;
    if (value_seq(d, n, path, "a list like [{from: 10 days, to: 20 days, "
                  "factor: 1.3}]"))
        return -1;
    size_t cap = n->n ? n->n : 1;
    *out = calloc(cap, sizeof **out);
    if (!*out)
        return diag_at(d, n, path, "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const ytree *p = n->items[i];
        char sub[DIAG_PATH_MAX], idx[24], k[DIAG_PATH_MAX];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        if (value_map(d, p, sub, "a map {from: D, to: D, factor: x}"))
            return -1;
        if (ytree_get(p, "every")) { /* every year: one period a year */
            if (recurspec_period(c, p, sub, out, nout, &cap))
                return -1;
            continue;
        }
        if (value_keys(d, p, sub, build_period_keys))
            return -1;
        if (*nout == cap) {
            arrival_period *m = realloc(*out, 2 * cap * sizeof *m);
            if (!m)
                return diag_at(d, n, path, "out of memory");
            *out = m;
            cap *= 2;
        }
        arrival_period *ap = &(*out)[*nout];
        const ytree *f = value_need(d, p, sub, "from", "from: 10 days");
        const ytree *t = f ? value_need(d, p, sub, "to", "to: 20 days") : NULL;
        const ytree *x = t ? value_need(d, p, sub, "factor", "factor: 1.3")
                           : NULL;
        if (!x)
            return -1;
        diag_path(k, sizeof k, sub, "from");
        if (datetime_point(d, &c->day0, f, k, &ap->from))
            return -1;
        diag_path(k, sizeof k, sub, "to");
        if (datetime_point(d, &c->day0, t, k, &ap->to))
            return -1;
        if (!(ap->to > ap->from))
            return diag_at(d, t, k, "'%s' is not after from ('%s'); expected "
                           "from < to", t->str, f->str);
        diag_path(k, sizeof k, sub, "factor");
        if (value_nonneg(d, x, k, 0, &ap->factor))
            return -1;
        ++*nout;
    }
    return 0;
}
