/* stored.h -- `flowsim serve --store PATH`: the settings run kept in the
 * results store, so that a setting already run (in this server or an
 * earlier one on the same store) answers at once, and the list of
 * settings tried survives a restart.
 *
 * Each setting is an experiment of the store like any `flowsim run
 * --set` (its replications written as they finish, read back when it is
 * asked again), and a member of a study of kind "serve" named after the
 * scenario, its parameters the setting's levers away from the base as
 * JSON ({"units.medical.escalation.beds": 60}).
 */
#ifndef FLOWSIM_STORED_H
#define FLOWSIM_STORED_H

#include <stddef.h>
#include "lever.h"
#include "store.h"

/* Opens the store at path for one setting's run of sc (canonical its
 * identity): its experiment found or made, and the hooks that read its
 * replications back and write new ones into *h.  Returns the store, or
 * NULL with a message in err. */
store *stored_open(const char *path, const scenario *sc,
                   const char *canonical, experiment_hooks *h, char *err,
                   size_t errlen);

/* Records the setting values just run (st's experiment) as the next
 * member of this server's study (*study: -1 until made, then its id;
 * *position: the next member's).  Returns 0 or -1. */
int stored_record(store *st, const char *name, long reps, uint64_t seed,
                  long *study, int *position, const lever_list *l,
                  const double *values);

/* The settings of earlier servers on the scenario name, oldest first,
 * those still valid for the levers l and other than the base (at most max, into values[i][k]).
 * Returns how many; 0 when there is no store or none. */
size_t stored_history(const char *path, const char *name,
                      const lever_list *l, double (*values)[LEVER_MAX],
                      size_t max);

#endif
