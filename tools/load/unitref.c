/* unitref.c -- a unit named by a scenario key: found among the units,
 * or a message with the nearest name.  Every spec reader uses it, so it
 * lives apart from build.c, which calls those readers. */
#include <string.h>
#include "build.h"

int build_unit_ref(build_ctx *c, const ytree *n, const char *path,
                   int allow_exit)
{
    if (!n || n->kind != YTREE_SCALAR || ytree_is_null(n)) {
        diag_at(c->d, n, path, "expected the name of a unit%s",
                allow_exit ? " or 'exit'" : "");
        return -2;
    }
    if (allow_exit && strcmp(n->str, "exit") == 0)
        return SCENARIO_EXIT;
    for (size_t i = 0; i < c->sc->n_units; i++)
        if (strcmp(c->names[i], n->str) == 0)
            return (int)i;
    /* Suggest among the units (and exit when it is allowed). */
    const char *saved = c->names[c->sc->n_units];
    if (!allow_exit)
        c->names[c->sc->n_units] = NULL;
    const char *near = diag_nearest(n->str, c->names);
    c->names[c->sc->n_units] = saved;
    if (near)
        diag_at(c->d, n, path, "unknown unit '%s'; did you mean '%s'?",
                n->str, near);
    else
        diag_at(c->d, n, path,
                "unknown unit '%s'; expected one of the units%s", n->str,
                allow_exit ? " or 'exit'" : "");
    return -2;
}
