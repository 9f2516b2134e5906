/* flow_health.c -- what the NHS measures count when a patient moves
 * (flow.c): its admission to a unit (ambulance handovers, acute
 * admissions and the waits from the decision to admit, care-home
 * admissions, virtual-ward step-ups, pathway waits) and its leaving the
 * emergency department (the 4-hour clock). */
#include <math.h>
#include "net.h"

/* The patient, in the emergency department, leaves it: the 4-hour
 * clock stops (flow_leave_department, net.h).  The time's tally last, so
 * that its quantile's bin is a tail call and nothing is saved. */
void flow_department_left(network *n, patient *p)
{
    double t = sim_now(n->s) - p->t_dept;
    p->in_dept = 0;
    n->h.ed_departures++;
    n->h.cum_ed_departures++;
    if (t > HEALTH_FOUR_HOURS) {
        n->h.ed_breaches++;
        n->h.cum_ed_breaches++;
    }
    if (t > HEALTH_TWELVE_HOURS)
        n->h.ed_arrival_12h++;
    stat_tally_add(&n->h.ed_time, t / SIM_MINUTES_PER_HOUR);
}

/* p, waiting for its care pathway, is admitted to its unit: the wait
 * ends, and it leaves the department if in it (flow_health_admit).  Out
 * of line, rare: the admission calls nothing but a tail call, so saves no
 * register. */
static __attribute__((noinline)) void
pathway_admitted(network *n, patient *p, int path, double now)
{
    stat_tally_add(&n->h.pathway_wait[path],
                   (now - p->t_ready) / SIM_MINUTES_PER_DAY);
    p->path = -1;
    flow_leave_department(n, p);
}

/* Records the health measures of an admission of p to unit v. */
void flow_health_admit(network *n, patient *p, unit *u, double waited)
{
    double now = sim_now(n->s);
    health *h = &n->h;
    switch (u->sp->role) {
    case ROLE_ED:
        if (p->ambulance && waited > HEALTH_HANDOVER_LIMIT)
            h->ed_handover_60m++;
        p->ambulance = 0;
        break;
    case ROLE_ACUTE:
        if (p->elective) {
            h->electives_admitted++;
            break;
        }
        h->acute_admissions++;
        h->cum_acute_admissions++;
        if (p->t_dta >= 0 && now - p->t_dta > HEALTH_TWELVE_HOURS)
            h->ed_dta_12h++;
        if (p->t_dta >= 0 && p->dta_ed) {
            h->ed_dta_admitted++;
            h->ed_dta_4h += now - p->t_dta > HEALTH_FOUR_HOURS;
        }
        break;
    case ROLE_P3:
        h->carehome_admissions++;
        h->cum_carehome_admissions++;
        break;
    case ROLE_VW:
        if (p->from_role == ROLE_ED || p->from_role == ROLE_SDEC)
            h->vw_avoided++;
        break;
    default:
        break;
    }
    if (!u->sp->boarding) /* a boarding patient still waits for a bed */
        p->t_dta = -1;
    int path = u->sp->role == ROLE_P1   ? PATHWAY_P1
               : u->sp->role == ROLE_P2 ? PATHWAY_P2
               : u->sp->role == ROLE_P3 ? PATHWAY_P3
                                        : -1;
    if (path >= 0 && p->path == path)
        pathway_admitted(n, p, path, now);
    else if (u->sp->role != ROLE_ED)
        flow_leave_department(n, p);
}

