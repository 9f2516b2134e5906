/* readmission.c -- a patient who leaves a unit with a readmission rule
 * (readmission: {share, within, to}) may come back: whether and when is
 * drawn from its own streams as it leaves, and the one who comes back is
 * a new patient, with streams keyed from the first one's, arriving at
 * the rule's unit.
 */
#include <stdint.h>
#include "net.h"

/* A discharged patient comes back: a new attendance or admission. */
static void readmit(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    uintptr_t who = (uintptr_t)obj;
    int to = (int)(who >> 16);
    patient *p = net_patient_new(n, (uint64_t)arg);
    if (!p)
        return;
    p->cls = (int)(who & 0xffff);
    n->h.readmissions++;
    net_trace(n, p, to, "readmit");
    flow_enter(n, p, to);
    flow_fill(n);
}

/* p comes back: when (uniform within the window, read from its stream
 * *st after the draw of whether), and the booking of the return unless
 * it falls after the horizon.  Out of line, so that the draw of whether
 * (mostly not) saves no registers. */
__attribute__((noinline)) static void readmission_book(
    network *n, const patient *p, const readmission_spec *r, uint64_t *st)
{
    gsl_rng g = rng_on(st);
    double t = sim_now(n->s) + rng_uniform_pos(&g) * r->within;
    /* the one who comes back: its unit and class ride in the event's
     * object word (both small: scenario.h's limits), the key of its new
     * streams, drawn from this one's, in the argument */
    uintptr_t who = ((uintptr_t)r->to << 16) | (uintptr_t)p->cls;
    if (t <= n->sc->horizon &&
        !sim_at(n->s, t, PRIO_PATIENT, readmit, (void *)who,
                (int64_t)rng_next(st)))
        net_fail(n, "out of memory");
}

/* Draws whether p comes back (share), and if so books its return. */
void readmission_draw(network *n, patient *p, const readmission_spec *r)
{
    uint64_t st;
    gsl_rng g = net_draw(p, DRAW_READMIT, &st);
    if (rng_uniform(&g) < r->share)
        readmission_book(n, p, r, &st);
}
