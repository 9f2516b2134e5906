/* costspec.h -- the finance sections of a scenario. */
#ifndef FLOWSIM_LOAD_COSTSPEC_H
#define FLOWSIM_LOAD_COSTSPEC_H

#include "build.h"

/* Reads the optional top-level `costs:` and `business_case:` sections
 * into sc->costs and sc->business_case (models/costs.h), after the
 * units (start_date is known).  Returns 0, or -1 with an error in c->d. */
int costspec_parse(build_ctx *c, const ytree *root);

#endif
