/* leverspec.h -- a scenario's `levers:` section: the values a planner
 * may move on the what-if page of `flowsim serve`.
 *
 *   levers:
 *     - {key: units.medical.escalation.beds, label: Medical escalation beds,
 *        range: [0, 80], unit: beds, group: Acute}
 *     - {key: interventions.deflection.effect, label: Deflection,
 *        range: [0, 0.5, 0.05], default: 0.3}
 *     - {key: units.p1.capacity, values: [150, 205, 250]}
 *
 * `key` is a --set path whose value in the scenario is a number; a lever
 * has a `range: [lo, hi]` (with an optional step, lo < hi) or a list of
 * `values`; a `default` given lies in the range or the list (when not
 * given it is the scenario's value, wherever that lies).  label, unit and group are free text.  Levers never
 * change a run: they only say what the page offers.
 */
#ifndef FLOWSIM_LOAD_LEVERSPEC_H
#define FLOWSIM_LOAD_LEVERSPEC_H

#include <stddef.h>
#include "diag.h"
#include "ytree.h"

#define LEVERSPEC_MAX 64        /* levers of one scenario, at most */
#define LEVERSPEC_VALUES_MAX 32 /* values of one lever's list, at most */

typedef struct lever_decl {
    const char *key, *label, *unit, *group; /* in the tree; "" if none */
    double lo, hi, step;        /* the range (step 0: none given) */
    size_t n_values;            /* 0: a range; else values[] */
    double values[LEVERSPEC_VALUES_MAX];
    double def;                 /* the default */
} lever_decl;

typedef struct lever_spec {
    ytree *root;                /* the merged scenario tree */
    size_t n;
    lever_decl v[LEVERSPEC_MAX];
} lever_spec;

/* Checks the optional `levers:` of the merged tree root (the loader
 * calls it; out NULL) or reads it into *out.  Returns 0 or -1 (d). */
int leverspec_parse(diag *d, const ytree *root, lever_spec *out);

/* Loads the scenario file at path with its extends chain and reads its
 * levers: section (n is 0 when there is none).  Returns 0, or -1 with a
 * FILE:LINE:COL message in err. */
int leverspec_read(const char *path, lever_spec *out, char *err,
                   size_t size);

void leverspec_free(lever_spec *s);

#endif
