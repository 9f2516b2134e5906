/* load.h -- the scenario loader: YAML file -> validated scenario.
 *
 * These are the only public entry points of tools/load/ (with sweepspec.h
 * for sweep files); everything else in
 * the folder is its machinery (ytree: YAML trees; merge: extends and
 * --set; value/distspec/unitspec/build/graph: validation).  The language
 * is described in scenarios/README.md.
 */
#ifndef FLOWSIM_LOAD_H
#define FLOWSIM_LOAD_H

#include <stddef.h>
#include "scenario.h"

#define LOAD_ERR_MAX 1024 /* a comfortable size for the err buffer */

/* Loads the scenario at path: resolves its `extends:` chain, applies the
 * --set overrides in order ("a.b.c=VALUE"), validates everything, and
 * returns a scenario the model can trust.  On error returns NULL and
 * writes one line "FILE:LINE:COL: KEY.PATH: problem; expected/fix" to err
 * (at most errlen bytes, NUL-terminated).  If canonical is not NULL it
 * receives a malloc'd YAML text of the fully merged scenario, deterministic
 * for the same inputs (used later to hash and store the scenario); it is
 * set to NULL on error.  No global state: safe to call from any thread. */
scenario *load_scenario(const char *path, const char *const *sets,
                        size_t n_sets, char **canonical, char *err,
                        size_t errlen);

/* load_scenario for a file whose path was read from another file (a
 * sweep's base:): like a file named by extends:, its text is quoted in
 * messages only once it looks like a scenario (a map of scenario
 * settings); before that they name positions and problems only. */
scenario *load_scenario_named(const char *path, const char *const *sets,
                              size_t n_sets, char **canonical, char *err,
                              size_t errlen);

/* load_scenario for len bytes of YAML text (need not be NUL-terminated)
 * instead of a file; `name` stands for the file name in error messages and
 * in scenario->path (NULL: "(memory)").  An `extends:` in the text is
 * resolved relative to the directory of name, so relative to the current
 * directory when name has no '/'.  Used by the fuzzing harnesses. */
scenario *load_scenario_mem(const char *buf, size_t len, const char *name,
                            const char *const *sets, size_t n_sets,
                            char **canonical, char *err, size_t errlen);

#endif
