/* kpis_cost.c -- the cost KPIs of the registry (kpis.h, KPI_FIRST_COST
 * on): the activity that is priced (spells, bed-days, package-days,
 * resident-weeks) and its cost in GBP at the scenario's unit prices
 * (costs.h), read from the finished run like every KPI (net.h).  Apart
 * from the NHS measures because they are money, not flow: they exist only
 * with a `costs:` section, and the activity they price is the NHS KPIs'
 * own (kpis.c). */
#include "costs.h"
#include "net.h"

#define H(c) (&(c)->n->h)

/* Place-days of a role over the measured period (mean x span). */
static double role_days(const kpi_ctx *c, unit_role r)
{
    const stat_level *l = &H(c)->role_busy[r];
    double span = c->now - l->start;
    return span > 0 ? stat_level_mean(l, c->now) * (span / SIM_MINUTES_PER_DAY)
                    : 0;
}

/* Without health roles the health activity is 0. */
static double health_or_0(const kpi_ctx *c, double (*f)(const kpi_ctx *))
{
    return H(c)->on ? f(c) : 0;
}

/* ---- the activity priced ---------------------------------------------
 * Spells counted since the end of the warm-up, by length. */
double kpi_cost_spells_short(const kpi_ctx *c)
{
    return H(c)->cum_spells_short - H(c)->spells_short0;
}
double kpi_cost_spells_long(const kpi_ctx *c)
{
    return H(c)->cum_spells_long - H(c)->spells_long0;
}
/* Place-days (weeks for care homes) of each role priced by the day. */
double kpi_cost_acute_bed_days(const kpi_ctx *c)
{
    return role_days(c, ROLE_ACUTE);
}
double kpi_cost_vw_days(const kpi_ctx *c) { return role_days(c, ROLE_VW); }
double kpi_cost_p1_days(const kpi_ctx *c) { return role_days(c, ROLE_P1); }
double kpi_cost_p2_days(const kpi_ctx *c) { return role_days(c, ROLE_P2); }
double kpi_cost_p3_weeks(const kpi_ctx *c)
{
    return role_days(c, ROLE_P3) / 7;
}

/* ---- its cost ----------------------------------------------------------
 * A unit price (costs.h) times an activity KPI of the same replication,
 * so that every cost has its confidence interval. */
double kpi_cost_ed(const kpi_ctx *c)
{
    return c->price[COST_ED_ATTENDANCE] * health_or_0(c, kpi_ed_attendances);
}
double kpi_cost_sdec(const kpi_ctx *c)
{
    return c->price[COST_SDEC_ATTENDANCE] *
           health_or_0(c, kpi_sdec_attendances);
}
double kpi_cost_admissions(const kpi_ctx *c)
{
    return c->price[COST_ADMISSION_SHORT] * kpi_cost_spells_short(c) +
           c->price[COST_ADMISSION_LONG] * kpi_cost_spells_long(c);
}
/* Bed-days with criteria to reside: the delayed ones are priced apart. */
double kpi_cost_bed_days(const kpi_ctx *c)
{
    return c->price[COST_ACUTE_BED_DAY] *
           (kpi_cost_acute_bed_days(c) -
            health_or_0(c, kpi_acute_delayed_days));
}
double kpi_cost_delayed(const kpi_ctx *c)
{
    return c->price[COST_DELAYED_BED_DAY] *
           health_or_0(c, kpi_acute_delayed_days);
}
double kpi_cost_escalation(const kpi_ctx *c)
{
    return c->price[COST_ESCALATION_BED_DAY] *
           health_or_0(c, kpi_acute_escalation);
}
double kpi_cost_vw(const kpi_ctx *c)
{
    return c->price[COST_VW_DAY] * kpi_cost_vw_days(c);
}
double kpi_cost_p1(const kpi_ctx *c)
{
    return c->price[COST_REABLEMENT_DAY] * kpi_cost_p1_days(c);
}
double kpi_cost_p2(const kpi_ctx *c)
{
    return c->price[COST_P2_BED_DAY] * kpi_cost_p2_days(c);
}
double kpi_cost_p3(const kpi_ctx *c)
{
    return c->price[COST_CAREHOME_WEEK] * kpi_cost_p3_weeks(c);
}
/* The fixed costs of the measured period, at the price base. */
double kpi_cost_fixed(const kpi_ctx *c)
{
    return cost_fixed_between(c->n->sc->costs, H(c)->measured_from, c->now);
}
/* Every cost KPI above, through the registry: a new one counts too. */
double kpi_cost_total(const kpi_ctx *c)
{
    double t = 0;
    for (int k = KPI_COST_ED; k < KPI_COST_TOTAL; k++)
        t += kpi_info_of((kpi_id)k)->compute(c);
    return t;
}
