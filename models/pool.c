/* pool.c -- places shared by several units (scenario.h: pool_spec).
 *
 * A member unit's patients hold its own places first; those beyond them
 * hold the pool's.  So a pool's use is never stored, only counted from
 * its members (a few units): sum of max(0, held - own places).  A member
 * is full when its own places and the pool are.  Its fullness then
 * changes with the other members' moves, so every member's clock (the
 * time-full share) is brought up to date before any member changes; the
 * pool's places count in its members' role (open beds for the NHS
 * rates). */
#include "net.h"

/* The pool places in use: what the members hold beyond their own. */
static long pool_used(const network *n, const pool_spec *ps)
{
    long used = 0;
    for (size_t i = 0; i < ps->n_units; i++) {
        const unit *m = &n->units[ps->units[i]];
        if (m->busy > m->cap)
            used += m->busy - m->cap;
    }
    return used;
}

int pool_full(const network *n, const unit *u)
{
    const pool_spec *ps = &n->sc->pools[u->sp->pool];
    return pool_used(n, ps) >= ps->capacity;
}

/* A displacement (preempt.c) must admit the patient it is for: a member
 * beyond its own places gives back a pool place, which is free for that
 * patient only if the pool is not over-full (a member's capacity cut
 * never evicts). */
int pool_room_if_freed(const network *n, const unit *u)
{
    const pool_spec *ps = &n->sc->pools[u->sp->pool];
    return pool_used(n, ps) - 1 < ps->capacity;
}

long pool_capacity(const network *n, const unit *u)
{
    return n->sc->pools[u->sp->pool].capacity;
}

/* The role of pool k's members (one role: the loader checks). */
static unit_role pool_role(const network *n, size_t k)
{
    const pool_spec *ps = &n->sc->pools[k];
    return ps->n_units ? n->units[ps->units[0]].sp->role : ROLE_NONE;
}

/* Pool k's places, open all the time, into its role's open-place area. */
static void pool_touch(network *n, size_t k)
{
    double now = sim_now(n->s), dt = now - n->pool_touched[k];
    unit_role r = pool_role(n, k);
    if (dt > 0 && r != ROLE_NONE) {
        double area = (double)n->sc->pools[k].capacity * dt;
        n->h.role_cap_area[r] += area;
        if (r == ROLE_ACUTE) /* the running total: the acute role's only */
            n->h.cum_cap_area[r] += area;
    }
    n->pool_touched[k] = now;
}

void pool_touch_all(network *n)
{
    for (size_t k = 0; k < n->sc->n_pools; k++)
        pool_touch(n, k);
}

void pool_touch_members(network *n, unit *u)
{
    const pool_spec *ps = &n->sc->pools[u->sp->pool];
    for (size_t i = 0; i < ps->n_units; i++)
        flow_touch(n, &n->units[ps->units[i]]);
    pool_touch(n, (size_t)u->sp->pool);
}

void pool_want_fill(network *n, unit *u)
{
    const pool_spec *ps = &n->sc->pools[u->sp->pool];
    flow_want_fill(n, u);
    for (size_t i = 0; i < ps->n_units; i++)
        flow_want_fill(n, &n->units[ps->units[i]]);
}

void pool_sitrep(const network *n, double *busy, double *cap)
{
    double b = 0, c = 0;
    for (size_t k = 0; k < n->sc->n_pools; k++) {
        const pool_spec *ps = &n->sc->pools[k];
        if (pool_role(n, k) != ROLE_ACUTE)
            continue;
        c += (double)ps->capacity;
        for (size_t i = 0; i < ps->n_units; i++) {
            const unit *m = &n->units[ps->units[i]];
            b += (double)m->busy;
            c += (double)m->cap;
        }
    }
    *busy += b;
    *cap += c > b ? c : b;
}
