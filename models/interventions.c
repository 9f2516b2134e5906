/* interventions.c -- phased changes to demand, stays and routing.
 *
 * Each intervention applies `effect` times the fraction of its phase in
 * force (10%, 60%, 90%... of the effect by year, as business cases phase
 * their benefits), only to the patient classes it names, and of a class
 * whose cohort was resized, only to the share of it the cohort reaches.
 */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"

double iv_fraction(const intervention_spec *iv, double now)
{
    double f = 0;
    for (size_t i = 0; i < iv->n_phases && iv->phases[i].from <= now; i++)
        f = iv->phases[i].fraction;
    return f;
}

/* The beta of mean m and sd s: a = m k, b = (1 - m) k with
 * k = m (1 - m) / s^2 - 1 (the loader keeps s^2 < m (1 - m)). */
double iv_effect_draw(const intervention_spec *iv, uint64_t seed,
                      uint64_t replication)
{
    if (!(iv->effect_sd > 0))
        return iv->effect;
    double m = iv->effect, s = iv->effect_sd;
    double k = m * (1 - m) / (s * s) - 1;
    size_t len = strlen(iv->name) + sizeof "psa.effect.";
    char *name = malloc(len);
    if (!name)
        return NAN;
    snprintf(name, len, "psa.effect.%s", iv->name);
    gsl_rng *g = rng_stream_new(seed, replication, name);
    free(name);
    if (!g)
        return NAN;
    double e = gsl_ran_beta(g, m * k, (1 - m) * k);
    gsl_rng_free(g);
    return e;
}

int iv_flags(network *n)
{
    const scenario *sc = n->sc;
    free(n->iv_effect);
    n->iv_effect = calloc(sc->n_interventions + 1, sizeof *n->iv_effect);
    if (!n->iv_effect)
        return -1;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        n->iv_effect[i] = iv_effect_draw(iv, sim_seed(n->s),
                                         sim_replication(n->s));
        if (isnan(n->iv_effect[i]))
            return -1;
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
        double pr = n->iv_effect[i] * iv_fraction(iv, sim_now(n->s));
        uint64_t st = rng_substream(key, DRAW_DEFLECT, i);
        if (pr > 0 && (double)(rng_next(&st) >> 11) * 0x1.0p-53 < pr)
            return 1;
    }
    return 0;
}

int iv_deflect_admission(network *n, int v, patient *p)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_DEFLECT_ADMISSIONS || iv->unit != v ||
            !iv_reaches(iv, i, p->cls, p->key))
            continue;
        double pr = n->iv_effect[i] * iv_fraction(iv, sim_now(n->s));
        uint64_t st;
        gsl_rng r = net_draw(p, DRAW_REDIRECT, &st);
        if (pr > 0 && rng_uniform(&r) < pr) {
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
            stay *= 1 - n->iv_effect[i] * iv_fraction(iv, sim_now(n->s));
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

/* Picks from the shares (1-f) base + f mix with one uniform draw, by the
 * inverse of their cumulative sum: base's targets first, in base's order,
 * then the mix's other targets.  So f = 0 picks as the route alone does
 * (iv_route_pick) and a patient changes target only as far as the shares
 * move (common random numbers). */
static int blend_pick(const route *base, const route *mix, double f,
                      double u)
{
    double acc = 0;
    for (size_t k = 0; k < base->n; k++) {
        acc += (1 - f) * base->share[k] + f * share_of(mix, base->to[k]);
        if (u < acc)
            return base->to[k];
    }
    int last = base->to[base->n - 1];
    for (size_t k = 0; k < mix->n; k++) {
        if (share_of(base, mix->to[k]) > 0)
            continue;
        acc += f * mix->share[k];
        last = mix->to[k];
        if (u < acc)
            return last;
    }
    return last;
}

int iv_route_pick(const route *r, double u)
{
    double acc = 0;
    for (size_t k = 0; k + 1 < r->n; k++) {
        acc += r->share[k];
        if (u < acc)
            return r->to[k];
    }
    return r->to[r->n - 1];
}

/* One uniform draw of the patient's own routes decides, whatever the
 * shares: a single target takes a draw too, so that the patient's later
 * routes do not depend on how many choices it met. */
int iv_next_unit(network *n, unit *u, patient *p)
{
    const route *r = iv_route(u, p->cls);
    if (r->n == 1 && !u->iv_mix) { /* no choice: the draw is not needed */
        p->draws[DRAW_ROUTE]++;
        return r->to[0];
    }
    uint64_t st;
    gsl_rng rg = net_draw(p, DRAW_ROUTE, &st);
    double x = rng_uniform(&rg);
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_ROUTE_MIX || iv->unit != u->index ||
            !iv_reaches(iv, i, p->cls, p->key))
            continue;
        double f = n->iv_effect[i] * iv_fraction(iv, sim_now(n->s));
        if (f > 0)
            return blend_pick(r, &iv->mix, f, x);
    }
    return iv_route_pick(r, x);
}
