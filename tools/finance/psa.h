/* psa.h -- probabilistic sensitivity analysis of the unit costs.
 *
 * A unit cost given with an `sd` (costs.h) is uncertain: each replication
 * draws a multiplier of it from a gamma of mean 1 and coefficient of
 * variation sd / cost (positive, right-skewed, as costs are), on its own
 * random stream (the scenario's seed, the replication, "psa.unit_costs"),
 * so the draws are the same however many threads run and whatever else
 * the run draws.  Base and alternative price with the same draw (one
 * world of prices per replication), so a replication's saving moves with
 * both its patients and its prices, and the CIs over replications combine
 * price uncertainty with simulation noise.
 *
 * An intervention's effect given as {mean, sd} is uncertain too: the
 * model draws it once per replication (iv_effect_draw, network.h) on its
 * own stream, which base, alternative and every lever subset share.  Its
 * one-way sensitivity cannot be had by re-pricing: it is read from the
 * replications, the net saving's least-squares line on the drawn effect
 * evaluated at the beta's 2.5% and 97.5% points.  A phase's fraction
 * given as {mean, sd} is drawn and read the same way (iv_phase_draw).
 */
#ifndef FLOWSIM_PSA_H
#define FLOWSIM_PSA_H

#include <stdint.h>
#include "finance.h"

/* Whether any unit cost of c is uncertain (c may be NULL). */
int psa_uncertain(const cost_spec *c);

/* Multipliers [reps][COST_ITEMS] (1 for certain costs), malloc'd into
 * *out.  Returns 0, or -1 when out of memory. */
int psa_draw(const cost_spec *c, uint64_t seed, long reps, double **out);

/* The 2.5% and 97.5% points of item i's multiplier (1, 1 if certain). */
void psa_range(const cost_spec *c, int i, double *lo, double *hi);

/* One uncertain effect of the alternative: its draws' mean and sd over
 * the replications, the beta's 2.5% and 97.5% points, and the mean net
 * saving (all years) the replications' line gives at them. */
typedef struct psa_effect {
    size_t iv;                   /* the alternative's intervention */
    long phase;                  /* -1: its effect; else the index of its
                                    phase whose fraction is uncertain */
    double mean, sd, lo, hi, net_lo, net_hi;
} psa_effect;

/* The alternative's uncertain effects and phase fractions (at most max),
 * intervention by intervention, into out; their count.  Returns 0 too
 * when out of memory. */
size_t psa_effects(const fin_benefits *b, psa_effect *out, size_t max);
/* The name of e for the outputs: the intervention's, or "NAME phasing
 * K" for its phase K (the K-th of its `phasing:` list, from 0); buf. */
const char *psa_effect_name(const fin_benefits *b, const psa_effect *e,
                            char *buf, size_t len);

#endif
