/* load.c -- load_scenario: merge the layers, validate, emit canonical. */
#include <stdlib.h>
#include "build.h"
#include "load.h"
#include "merge.h"

scenario *load_scenario(const char *path, const char *const *sets,
                        size_t n_sets, char **canonical, char *err,
                        size_t errlen)
{
    char spare[8];
    diag d = {err, errlen, 0};
    if (!err || !errlen) {
        d.buf = spare;
        d.len = sizeof spare;
    }
    d.buf[0] = '\0';
    if (canonical)
        *canonical = NULL;
    ytree *root;
    if (merge_load(path, &root, &d) != 0)
        return NULL;
    for (size_t i = 0; i < n_sets; i++)
        if (merge_set(root, sets[i], (unsigned)(i + 1), &d) != 0) {
            ytree_free(root);
            return NULL;
        }
    scenario *sc = build_scenario(root, path, &d);
    if (sc && canonical && !(*canonical = ytree_emit(root))) {
        diag_at(&d, root, "", "out of memory writing the canonical text");
        scenario_free(sc);
        sc = NULL;
    }
    ytree_free(root);
    return sc;
}
