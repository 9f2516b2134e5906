/* stay.c -- how long a patient stays at a unit: the unit's stay, or its
 * class's, or its destination's (the route is then drawn at the start);
 * for the starting census the equilibrium residual, or for a patient of
 * a census file the rest given its stay so far; shortened by
 * interventions; times the season's factor.  The draw is the patient's
 * own (net.h: DRAW_STAY). */
#include <math.h>
#include "net.h"

/* The product of the stay factors of the periods in force at now.  It
 * is constant between period edges: kept for u's current stretch
 * [season_from, season_to) and recomputed (in the same order, so the same
 * product) when now leaves it. */
static double stay_season(unit *u, double now)
{
    const unit_spec *sp = u->sp;
    if (now >= u->season_from && now < u->season_to)
        return u->season;
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
    if (r->stay) { /* stays by destination: the route is drawn now */
        if (!p->routed) /* (a census patient may come with its own) */
            p->next_unit = iv_next_unit(n, u, p);
        p->routed = 1;
        for (size_t k = 0; k < r->n; k++)
            if (r->to[k] == p->next_unit && r->has_stay[k])
                d = &r->stay[k];
    }
    /* A census patient is found part-way through its stay: the rest of
     * it is the equilibrium residual (dist_residual), not a fresh stay. */
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_STAY, &st);
    double stay = p->row ? (p->row->fit ? 0 : dist_after(d, p->row->elapsed,
                                                          &g))
                  : n->census ? dist_residual(d, &g)
                              : dist_sample(d, &g);
    p->row = NULL;
    stay = u->iv_stay ? iv_scale_stay(n, v, p, stay)
                      : stay > 0 ? stay : 0; /* as iv_scale_stay clamps */
    return u->sp->n_stay_periods ? stay * stay_season(u, sim_now(n->s))
                                 : stay;
}
