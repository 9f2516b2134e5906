/* interventions.c -- phased changes to demand, stays and routing.
 *
 * Each intervention applies `effect` times the fraction of its phase in
 * force (10%, 60%, 90%... of the effect by year, as business cases phase
 * their benefits; either drawn once per replication when uncertain),
 * only to the patient classes it names, and of a class
 * whose cohort was resized, only to the share of it the cohort reaches.
 */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"

/* A draw from the beta of mean m and sd s on the stream (seed,
 * replication, name): a = m k, b = (1 - m) k with k = m (1 - m) / s^2 - 1
 * (the loader keeps s^2 < m (1 - m)).  NAN when out of memory. */
static double iv_beta_draw(double m, double s, uint64_t seed,
                           uint64_t replication, const char *name)
{
    double k = m * (1 - m) / (s * s) - 1;
    gsl_rng *g = rng_stream_new(seed, replication, name);
    if (!g)
        return NAN;
    double e = gsl_ran_beta(g, m * k, (1 - m) * k);
    gsl_rng_free(g);
    return e;
}

double iv_effect_draw(const intervention_spec *iv, uint64_t seed,
                      uint64_t replication)
{
    if (!(iv->effect_sd > 0))
        return iv->effect;
    size_t len = strlen(iv->name) + sizeof "psa.effect.";
    char *name = malloc(len);
    if (!name)
        return NAN;
    snprintf(name, len, "psa.effect.%s", iv->name);
    double e = iv_beta_draw(iv->effect, iv->effect_sd, seed, replication,
                            name);
    free(name);
    return e;
}

double iv_phase_draw(const intervention_spec *iv, size_t k, uint64_t seed,
                     uint64_t replication)
{
    const phase *ph = &iv->phases[k];
    if (!iv->phase_sd || !(iv->phase_sd[k] > 0))
        return ph->fraction;
    size_t len = strlen(iv->name) + sizeof "psa.phasing.." + 24;
    char *name = malloc(len);
    if (!name)
        return NAN;
    snprintf(name, len, "psa.phasing.%s.%zu", iv->name, k);
    double f = iv_beta_draw(ph->fraction, iv->phase_sd[k], seed, replication,
                            name);
    free(name);
    return f;
}

double iv_strength(const network *n, size_t i)
{
    const intervention_spec *iv = &n->sc->interventions[i];
    const double *f = n->iv_phase + n->iv_phase_at[i];
    double now = sim_now(n->s), x = 0;
    for (size_t k = 0; k < iv->n_phases && iv->phases[k].from <= now; k++)
        x = f[k];
    return n->iv_effect[i] * x;
}

/* This replication's effects and phase fractions, in one block (freed
 * with iv_effect): effects, then phases, then each intervention's first
 * phase.  0, or -1 when out of memory. */
static int iv_draws(network *n)
{
    const scenario *sc = n->sc;
    size_t ni = sc->n_interventions, np = 0;
    for (size_t i = 0; i < ni; i++)
        np += sc->interventions[i].n_phases;
    free(n->iv_effect);
    n->iv_effect = malloc((ni + 1 + np) * sizeof *n->iv_effect +
                          (ni + 1) * sizeof *n->iv_phase_at);
    if (!n->iv_effect)
        return -1;
    n->iv_phase = n->iv_effect + ni + 1;
    n->iv_phase_at = (size_t *)(void *)(n->iv_phase + np);
    uint64_t seed = sim_seed(n->s), rep = sim_replication(n->s);
    for (size_t i = 0, at = 0; i < ni; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        n->iv_effect[i] = iv_effect_draw(iv, seed, rep);
        n->iv_phase_at[i] = at;
        for (size_t k = 0; k < iv->n_phases; k++, at++)
            if (isnan(n->iv_phase[at] = iv_phase_draw(iv, k, seed, rep)))
                return -1;
        if (isnan(n->iv_effect[i]))
            return -1;
    }
    n->iv_effect[ni] = 0;
    return 0;
}

int iv_flags(network *n)
{
    const scenario *sc = n->sc;
    if (iv_draws(n) != 0)
        return -1;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        unit *u = iv->kind == IV_DEFLECT_ARRIVALS ? NULL : &n->units[iv->unit];
        switch (iv->kind) {
        case IV_DEFLECT_ARRIVALS:
            n->iv_arrivals = 1;
            break;
        case IV_DEFLECT_ADMISSIONS:
            u->iv_admit = 1;
            break;
        case IV_SCALE_STAY:
            u->iv_stay = 1;
            break;
        case IV_ROUTE_MIX:
            u->iv_mix = 1;
            break;
        }
    }
    return 0;
}

double iv_reach(const intervention_spec *iv, int cls)
{
    if (iv->reach)
        return iv->reach[cls];
    return !iv->classes || iv->classes[cls];
}

/* Whether intervention i reaches patient `key` of class cls: always for a
 * reach of 1, never for 0, otherwise by the patient's own draw for that
 * intervention.  So a patient is in or out of a cohort for its whole life
 * and in every scenario, and a full reach draws nothing. */
static int iv_reaches(const intervention_spec *iv, size_t i, int cls,
                      uint64_t key)
{
    double r = iv_reach(iv, cls);
    if (r >= 1 || r <= 0)
        return r >= 1;
    uint64_t st = rng_substream(key, DRAW_REACH, (uint32_t)i);
    return (double)(rng_next(&st) >> 11) * 0x1.0p-53 < r;
}

/* Whether a patient would come is its own draw, one per intervention
 * (by the intervention's place in the list): the same patient is
 * deflected in every scenario whose share covers its draw, so a larger
 * share deflects the same patients and more. */
int iv_deflect_arrival(network *n, int a, int cls, uint64_t key)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_DEFLECT_ARRIVALS ||
            (iv->arrivals && !iv->arrivals[a]) || !iv_reaches(iv, i, cls, key))
            continue;
        double pr = iv_strength(n, i);
        uint64_t st = rng_substream(key, DRAW_DEFLECT, i);
        if (pr > 0 && (double)(rng_next(&st) >> 11) * 0x1.0p-53 < pr)
            return 1;
    }
    return 0;
}

/* One draw of the patient's own for each arrival at v, whoever the
 * interventions reach: the unit's k-th deflection reads its k-th uniform.
 * So the reach of one deflection (or whether it reaches this patient)
 * never shifts the draws of another, nor those of a later arrival. */
int iv_deflect_admission(network *n, int v, patient *p)
{
    const scenario *sc = n->sc;
    uint64_t st;
    gsl_rng r = net_draw(p, DRAW_REDIRECT, &st);
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_DEFLECT_ADMISSIONS || iv->unit != v)
            continue;
        double x = rng_uniform(&r);
        if (!iv_reaches(iv, i, p->cls, p->key))
            continue;
        double pr = iv_strength(n, i);
        if (pr > 0 && x < pr) {
            n->h.deflected_admissions++;
            return iv->instead;
        }
    }
    return v;
}

double iv_scale_stay(network *n, int v, const patient *p, double stay)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind == IV_SCALE_STAY && iv->unit == v &&
            iv_reaches(iv, i, p->cls, p->key))
            stay *= 1 - iv_strength(n, i);
    }
    return stay > 0 ? stay : 0;
}

/* The share of target `to` in route r (0 if it is not one). */
static double share_of(const route *r, int to)
{
    for (size_t k = 0; k < r->n; k++)
        if (r->to[k] == to)
            return r->share[k];
    return 0;
}

/* The share of target `to` in (1-f) base + f mix. */
static double blend_share(const route *base, const route *mix, double f,
                          int to)
{
    return (1 - f) * share_of(base, to) + f * share_of(mix, to);
}

/* The target that takes position e of the moved patients: the targets
 * whose share rose, each for its gain, base's targets first in base's
 * order, then the mix's others. */
static int blend_gainer(const route *base, const route *mix, double f,
                        double e)
{
    double acc = 0;
    int last = base->to[base->n - 1];
    for (size_t k = 0; k < base->n + mix->n; k++) {
        int to = k < base->n ? base->to[k] : mix->to[k - base->n];
        if (k >= base->n && share_of(base, to) > 0)
            continue;
        double gain = blend_share(base, mix, f, to) - share_of(base, to);
        if (!(gain > 0))
            continue;
        acc += gain;
        last = to;
        if (e < acc)
            break;
    }
    return last;
}

/* Picks from the shares (1-f) base + f mix with the patient's uniform
 * draw u, coupled as closely as can be to the pick base alone makes
 * (iv_route_pick): a patient whose base target keeps at least its share
 * goes there, as do the patients in the first part of a shrinking
 * target's interval (as many as its new share); only the rest, the
 * fewest there can be, move, and only to the targets whose share rose.
 * So f = 0 picks as base does, and a mix that moves shares between two
 * targets leaves every other target's patients where they were (the
 * inverse of the cumulative blended shares would shift them all along
 * the list: a change of the first and last shares would send another
 * patient to every target between them). */
static int blend_pick(const route *base, const route *mix, double f,
                      double u)
{
    double acc = 0, moved = 0;
    for (size_t k = 0; k < base->n; k++) {
        double b = base->share[k];
        double keep = fmin(b, blend_share(base, mix, f, base->to[k]));
        if (u < acc + b || k + 1 == base->n) {
            double y = u - acc;
            return y < keep ? base->to[k]
                            : blend_gainer(base, mix, f, moved + (y - keep));
        }
        acc += b;
        moved += b - keep;
    }
    return base->to[base->n - 1];
}

int iv_route_mixed(network *n, const unit *u, const patient *p,
                   const route *r, double x)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_ROUTE_MIX || iv->unit != u->index ||
            !iv_reaches(iv, i, p->cls, p->key))
            continue;
        double f = iv_strength(n, i);
        if (f > 0)
            return blend_pick(r, &iv->mix, f, x);
    }
    return iv_route_pick(r, x);
}
