/* load.c -- load_scenario: merge the layers, validate, emit canonical. */
#include <stdlib.h>
#include "build.h"
#include "load.h"
#include "merge.h"

/* load_scenario from the text buf[0..len) named path (mem) or from the
 * file at path. */
static scenario *load_any(const char *buf, size_t len, const char *path,
                          int named, const char *const *sets, size_t n_sets,
                          char **canonical, char *err, size_t errlen)
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
    if ((buf ? merge_load_mem(buf, len, path, build_top_keys, &root, &d)
             : merge_load(path, named, build_top_keys, &root, &d)) != 0)
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

scenario *load_scenario(const char *path, const char *const *sets,
                        size_t n_sets, char **canonical, char *err,
                        size_t errlen)
{
    return load_any(NULL, 0, path, 0, sets, n_sets, canonical, err, errlen);
}

scenario *load_scenario_named(const char *path, const char *const *sets,
                              size_t n_sets, char **canonical, char *err,
                              size_t errlen)
{
    return load_any(NULL, 0, path, 1, sets, n_sets, canonical, err, errlen);
}

scenario *load_scenario_mem(const char *buf, size_t len, const char *name,
                            const char *const *sets, size_t n_sets,
                            char **canonical, char *err, size_t errlen)
{
    return load_any(buf ? buf : "", buf ? len : 0, name ? name : "(memory)",
                    0, sets, n_sets, canonical, err, errlen);
}
