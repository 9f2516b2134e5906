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
/* A required price_year of map m: the price base or a year of c's
 * inflation index (c NULL: any year). */
int costspec_price_year(diag *d, const cost_spec *c, const ytree *m,
                        const char *path, int *out);
/* Reads `business_case:` at n into c->sc->business_case (bcspec.c).
 * Returns 0, or -1 with an error in c->d. */
int costspec_business(build_ctx *c, const ytree *n);

#endif
