/* build.h -- validating a merged scenario tree and building the struct.
 *
 * build.c owns the top level and the arrivals, unitspec.c the units,
 * graph.c the checks that need the whole routing graph (divert loops,
 * deadlocking block cycles).  They share one context, alive for one load.
 */
#ifndef FLOWSIM_LOAD_BUILD_H
#define FLOWSIM_LOAD_BUILD_H

#include "diag.h"
#include "scenario.h"
#include "ytree.h"

typedef struct build_ctx {
    diag *d;
    scenario *sc;          /* being filled; sc->n_units set up front */
    const char **names;    /* unit names then "exit", NULL-terminated */
    const ytree **unit;    /* per unit: its settings map */
} build_ctx;

/* Validates the merged tree root (loaded from path) and returns the
 * scenario, or NULL with the first error in d. */
scenario *build_scenario(const ytree *root, const char *path, diag *d);

/* Index of unit `name` (or SCENARIO_EXIT for "exit" when allow_exit), or
 * reports "unknown unit" with the nearest name at node n and returns -2. */
int build_unit_ref(build_ctx *c, const ytree *n, const char *path,
                   int allow_exit);

/* Fills sc->units[i] from the settings map of unit i (names already set).
 * Returns 0, or -1 with an error in c->d. */
int unitspec_parse(build_ctx *c, size_t i);

/* Whole-graph checks: divert to self, divert loops, and routing cycles
 * in which every unit blocks when full with finite capacity.  Returns 0,
 * or -1 with an error in c->d. */
int graph_check(build_ctx *c);

#endif
