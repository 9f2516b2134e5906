/* stay.c -- how long a patient stays at a unit: the unit's stay, or its
 * class's, or its destination's (the route is then drawn at the start);
 * for the starting census the equilibrium residual, or for a patient of
 * a census file the rest given its stay so far; shortened by
 * interventions; times the season's factor.  The draw is the patient's
 * own (net.h: DRAW_STAY). */
#include <math.h>
#include "net.h"

/* The product of the stay factors of the periods in force at now, and
 * the stretch between period edges it holds for, kept in u (in the same
 * order as ever, so the same product).  Out of line: once a stretch. */
__attribute__((noinline)) static double season_compute(unit *u, double now)
{
    const unit_spec *sp = u->sp;
    double f = 1, from = -INFINITY, to = INFINITY;
    for (size_t i = 0; i < sp->n_stay_periods; i++) {
        const arrival_period *pd = &sp->stay_periods[i];
        if (now >= pd->from && now < pd->to)
            f *= pd->factor;
        if (pd->from <= now && pd->from > from)
            from = pd->from;
        if (pd->to <= now && pd->to > from)
            from = pd->to;
        if (pd->from > now && pd->from < to)
            to = pd->from;
        if (pd->to > now && pd->to < to)
            to = pd->to;
    }
    u->season = f;
    u->season_from = from;
    u->season_to = to;
    return f;
}

/* The product of the stay factors of the periods in force at now: it is
 * constant between period edges, so kept for u's current stretch
 * [season_from, season_to) and recomputed when now leaves it. */
static inline double stay_season(unit *u, double now)
{
    if (now >= u->season_from && now < u->season_to)
        return u->season;
    return season_compute(u, now);
}

/* A stay that is not a plain draw: a census patient's rest of its stay
 * (found part-way through it: the equilibrium residual, dist_residual,
 * or the rest given its stay so far), or one that interventions cut.
 * Out of line, as the plain draw's path saves no registers. */
__attribute__((noinline)) static double stay_special(network *n, patient *p,
                                                     int v, const dist *d,
                                                     gsl_rng *g)
{
    double stay = p->row ? (p->row->fit ? 0 : dist_after(d, p->row->elapsed,
                                                          g))
                  : n->census ? dist_residual(d, g)
                              : dist_sample(d, g);
    p->row = NULL;
    return n->units[v].iv_stay ? iv_scale_stay(n, v, p, stay)
                               : stay > 0 ? stay : 0; /* as iv_scale_stay */
}

/* p's stay at v drawn from d, times the season's factor (1 without
 * periods: the same value).  The factor is read before the draw, which
 * it does not depend on, so that only it is kept across the call. */
static inline double stay_from(network *n, patient *p, int v, unit *u,
                               const dist *d)
{
    double f = u->sp->n_stay_periods ? stay_season(u, sim_now(n->s)) : 1;
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_STAY, &st);
    double stay;
    if (p->row || n->census || u->iv_stay)
        stay = stay_special(n, p, v, d, &g);
    else {
        stay = dist_sample(d, &g);
        stay = stay > 0 ? stay : 0; /* as iv_scale_stay clamps */
    }
    return stay * f;
}

/* The route of p drawn at the start of its stay at u, a unit with a
 * route mix: out of line, so that stay_routed makes no call (the mix's)
 * before the stay's draw. */
__attribute__((noinline)) static int next_unit_mixed(network *n, unit *u,
                                                     patient *p)
{
    return iv_next_unit(n, u, p);
}

/* Stays by destination: p's route from u is drawn now (a census patient
 * may come with its own), and the stay is the one of its entry, if it
 * has one, else d. */
__attribute__((noinline)) static double stay_routed(network *n, patient *p,
                                                    int v, unit *u,
                                                    const route *r,
                                                    const dist *d)
{
    if (!p->routed)
        p->next_unit = u->iv_mix ? next_unit_mixed(n, u, p)
                                 : iv_next_unit(n, u, p);
    p->routed = 1;
    for (size_t k = 0; k < r->n; k++)
        if (r->to[k] == p->next_unit && r->has_stay[k])
            d = &r->stay[k];
    return stay_from(n, p, v, u, d);
}

/* One draw of the patient's stay stream, whatever the unit, so that the
 * same patient stays as long in two scenarios that admit it elsewhere or
 * at another time (only the season's factor follows the date). */
double stay_draw(network *n, patient *p, int v)
{
    unit *u = &n->units[v];
    const dist *d = &u->sp->stay;
    if (u->sp->has_class_stay && u->sp->has_class_stay[p->cls])
        d = &u->sp->stay_by_class[p->cls];
    const route *r = iv_route(u, p->cls);
    if (r->stay)
        return stay_routed(n, p, v, u, r, d);
    return stay_from(n, p, v, u, d);
}
