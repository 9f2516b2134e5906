/* merge.h -- building one scenario tree from a file, its `extends:`
 * chain and `--set` overrides.
 *
 * Nothing here knows the scenario language beyond two conventions: items
 * of a sequence are identified by their `name` key, and a null value in an
 * overriding layer deletes the key it names.
 */
#ifndef FLOWSIM_LOAD_MERGE_H
#define FLOWSIM_LOAD_MERGE_H

#include "diag.h"
#include "ytree.h"

#define MERGE_MAX_EXTENDS 16   /* files in one extends chain, beyond the first */
#define MERGE_MAX_SET_PATH 32  /* components in one --set path */

/* Parses the file at path, recursively loads the file named by its
 * `extends:` key (relative to path's directory), and deep-merges it under
 * this one (see merge_trees); the result has no `extends` key.  Returns 0
 * with the tree in *out (a map), or -1 with an error in d: parse errors,
 * an empty or non-map document, a bad extends value, a missing base file,
 * a loop (naming the files), or a chain longer than MERGE_MAX_EXTENDS.
 *
 * A file named by `extends:` (and the file at path itself when `named`:
 * its path was read from another file, like a sweep's base:) may be any
 * file the user can read.  Until it is recognised as a scenario, a map
 * whose top-level keys are all in `known` (NULL-terminated: a scenario's
 * top-level keys; "extends" is implied) or near misses of them, messages
 * about it name positions and problems only, never its text. */
int merge_load(const char *path, int named, const char *const *known,
               ytree **out, diag *d);

/* merge_load for len bytes of YAML text named `name` (used in messages):
 * its `extends:` is taken relative to the directory of name, so relative
 * to the current directory when name has no '/'. */
int merge_load_mem(const char *buf, size_t len, const char *name,
                   const char *const *known, ytree **out, diag *d);

/* The path of `rel` taken relative to the directory of file `from`
 * (absolute paths unchanged).  malloc'd; NULL when out of memory. */
char *merge_relative(const char *from, const char *rel);

/* Merges over into base, consuming both; returns the result (NULL only
 * when out of memory, with an error in d).  Maps merge key by key (over
 * wins, a null value deletes the key); sequences whose items are all maps
 * with a scalar `name` merge item by item by name (new names append);
 * anything else is replaced by over. */
ytree *merge_trees(ytree *base, ytree *over, diag *d);

/* Applies one override "a.b.c=VALUE" (the index-th --set, 1-based) to
 * *root.  VALUE is YAML; components walk maps by key (creating missing
 * keys) and sequences by item name or numeric index; the value replaces
 * the node at the path, and a null value deletes it.  Returns 0, or -1
 * with an error located at "--set:INDEX:COL" in d (for a position on line
 * L >= 2 of a multi-line VALUE: "--set INDEX:L:COL"). */
int merge_set(ytree *root, const char *set, unsigned index, diag *d);

#endif
