/* interventions.c -- phased changes to demand, stays and routing.
 *
 * Each intervention applies `effect` times the fraction of its phase in
 * force (10%, 60%, 90%... of the effect by year, as business cases phase
 * their benefits), only to the patient classes it names.
 */
#include <math.h>
#include "net.h"

double iv_fraction(const intervention_spec *iv, double now)
{
    double f = 0;
    for (size_t i = 0; i < iv->n_phases && iv->phases[i].from <= now; i++)
        f = iv->phases[i].fraction;
    return f;
}

double iv_reach(const intervention_spec *iv, int cls)
{
    if (iv->reach)
        return iv->reach[cls];
    return !iv->classes || iv->classes[cls];
}

/* Whether intervention i reaches this patient of class cls: always for a
 * reach of 1, never for 0, otherwise by a draw from its own stream (so
 * that a full reach draws nothing and changes no other figure). */
static int iv_reaches(network *n, size_t i, int cls)
{
    double r = iv_reach(&n->sc->interventions[i], cls);
    return r >= 1 || (r > 0 && gsl_rng_uniform(n->iv_rng[i]) < r);
}

int iv_deflect_arrival(network *n, int a, int cls)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_DEFLECT_ARRIVALS ||
            (iv->arrivals && !iv->arrivals[a]))
            continue;
        double pr = iv->effect * iv_fraction(iv, sim_now(n->s)) *
                    iv_reach(iv, cls);
        if (pr > 0 && gsl_rng_uniform(n->iv_rng[i]) < pr)
            return 1;
    }
    return 0;
}

int iv_deflect_admission(network *n, int v, int cls)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_DEFLECT_ADMISSIONS || iv->unit != v)
            continue;
        double pr = iv->effect * iv_fraction(iv, sim_now(n->s)) *
                    iv_reach(iv, cls);
        if (pr > 0 && gsl_rng_uniform(n->iv_rng[i]) < pr) {
            n->h.deflected_admissions++;
            return iv->instead;
        }
    }
    return v;
}

double iv_scale_stay(network *n, int v, int cls, double stay)
{
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind == IV_SCALE_STAY && iv->unit == v &&
            iv_reaches(n, i, cls))
            stay *= 1 - iv->effect * iv_fraction(iv, sim_now(n->s));
    }
    return stay > 0 ? stay : 0;
}

/* Picks from shares (1-f) * base + f * mix with one uniform draw. */
static int blend_pick(const route *base, const route *mix, double f,
                      double u)
{
    double acc = 0;
    for (size_t k = 0; k < base->n; k++) {
        acc += (1 - f) * base->share[k];
        if (u < acc)
            return base->to[k];
    }
    for (size_t k = 0; k < mix->n; k++) {
        acc += f * mix->share[k];
        if (u < acc)
            return mix->to[k];
    }
    return mix->n ? mix->to[mix->n - 1] : base->to[base->n - 1];
}

const route *iv_route(const unit *u, int cls)
{
    const unit_spec *sp = u->sp;
    return sp->has_class_next && sp->has_class_next[cls]
               ? &sp->next_by_class[cls]
               : &sp->next;
}

int iv_next_unit(network *n, unit *u, int cls)
{
    const unit_spec *sp = u->sp;
    const route *r = iv_route(u, cls);
    gsl_ran_discrete_t *table = u->route_table;
    if (sp->has_class_next && sp->has_class_next[cls])
        table = u->class_route_table[cls];
    const scenario *sc = n->sc;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const intervention_spec *iv = &sc->interventions[i];
        if (iv->kind != IV_ROUTE_MIX || iv->unit != u->index ||
            !iv_reaches(n, i, cls))
            continue;
        double f = iv->effect * iv_fraction(iv, sim_now(n->s));
        if (f > 0)
            return blend_pick(r, &iv->mix, f, gsl_rng_uniform(u->route_rng));
    }
    if (r->n == 1)
        return r->to[0];
    return r->to[dist_choose(table, u->route_rng)];
}
