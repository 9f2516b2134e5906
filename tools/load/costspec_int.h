/* costspec_int.h -- what costspec.c (`costs:`) and bcspec.c
 * (`business_case:`) share: the readers of their common keys
 * (costread.c), and the business case's reader. */
#ifndef FLOWSIM_LOAD_COSTSPEC_INT_H
#define FLOWSIM_LOAD_COSTSPEC_INT_H

#include "build.h"
#include "costs.h"

#define COSTSPEC_MAX_YEARS 200

/* A financial year "2022/23" at node n. */
int costspec_fy(diag *d, const ytree *n, const char *path, int *out);
/* An optional text key of map m into *out (strdup'd). */
int costspec_opt_text(diag *d, const ytree *m, const char *path,
                      const char *key, char **out);
/* An optional share key of map m (default def). */
int costspec_opt_share(diag *d, const ytree *m, const char *path,
                       const char *key, double def, double *out);
/* Item i of the list at path `list`, m, read as a map of the given keys
 * (what: how to write it) with a required `name` (example: "name: x"):
 * the name strdup'd into *name, the path of the name into name_path and
 * that of the item's other keys, "LIST.NAME", into sub (both of
 * DIAG_PATH_MAX).  Returns the name's node, or NULL after an error. */
const ytree *costspec_named(diag *d, const ytree *m, const char *list,
                            size_t i, const char *what,
                            const char *const *keys, const char *example,
                            char **name, char *name_path, char *sub);
/* A required price_year of map m: the price base or a year of c's
 * inflation index (c NULL: any year). */
int costspec_price_year(diag *d, const cost_spec *c, const ytree *m,
                        const char *path, int *out);
/* Reads `business_case:` at n into c->sc->business_case (bcspec.c).
 * Returns 0, or -1 with an error in c->d. */
int costspec_business(build_ctx *c, const ytree *n);

#endif
