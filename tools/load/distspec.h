/* distspec.h -- reading a distribution written in the scenario language.
 *
 * A distribution is a bare duration ("2 days", meaning fixed) or a map
 * with exactly one kind key, e.g. {lognormal: {median: 3 days, p90: 9
 * days}}.  All durations carry units and become minutes; the dist is
 * filled in the canonical form documented in sim/dist.h.
 */
#ifndef FLOWSIM_LOAD_DISTSPEC_H
#define FLOWSIM_LOAD_DISTSPEC_H

#include "dist.h"
#include "diag.h"
#include "ytree.h"

/* Fills *out from node n (key path `path`).  Returns 0, or -1 with an
 * error in d: unknown kind or parameter (with the nearest name), missing
 * or invalid parameters, impossible combinations (min > max, a
 * percentile on the wrong side of the median, ...).  On success an
 * empirical or histogram dist owns malloc'd tables (free with
 * dist_clear); on failure *out owns nothing. */
int distspec_parse(diag *d, const ytree *n, const char *path, dist *out);

#endif
