/* costs.h -- the finance layer's data and arithmetic.
 *
 * A scenario's `costs:` section (tools/load/costspec.c) gives unit costs
 * per activity, fixed costs of services, investment by financial year and
 * an inflation index; its `business_case:` section gives a business
 * case's own benefit table (full-year effect x phasing by year, the
 * "static" method).  This module turns one replication's daily series
 * into activity (attendances, spells, bed-days, weeks) over a day range,
 * and activity into pounds at one price base.
 *
 * Money: unit and fixed costs and investment are in pounds, each at its
 * own price year; results are at the price base (costs.price_base).
 * Business-case figures are in thousands of pounds (GBP k), as printed.
 * A financial year is written "2022/23" and held as its first calendar
 * year (2022); it runs from 1 April to 31 March.
 */
#ifndef FLOWSIM_COSTS_H
#define FLOWSIM_COSTS_H

#include <stddef.h>
#include "health.h"
#include "network.h"
#include "scenario.h"

/* What is costed per unit of activity, in output order. */
typedef enum {
    COST_ED_ATTENDANCE,     /* ed.attendances */
    COST_SDEC_ATTENDANCE,   /* sdec.attendances */
    COST_ADMISSION_SHORT,   /* acute spells with 0-1 midnights */
    COST_ADMISSION_LONG,    /* acute spells with 2+ midnights */
    COST_ACUTE_BED_DAY,     /* acute bed-days with criteria to reside */
    COST_DELAYED_BED_DAY,   /* acute bed-days without (NCTR, delayed) */
    COST_ESCALATION_BED_DAY,/* bed-days above base capacity (a premium) */
    COST_VW_DAY,            /* virtual ward patient-days */
    COST_P2_BED_DAY,        /* intermediate-care (P2) bed-days */
    COST_REABLEMENT_DAY,    /* P1 package-days */
    COST_CAREHOME_WEEK,     /* P3 resident-weeks */
    COST_ITEMS
} cost_item;

/* YAML key ("ed_attendance"), KPI stem ("ed.attendance"), label and the
 * unit its activity is counted in ("attendances", "bed-days"...). */
const char *cost_item_key(cost_item i);
const char *cost_item_kpi(cost_item i);
const char *cost_item_label(cost_item i);
const char *cost_item_activity(cost_item i);
/* The item of a YAML key, or -1. */
int cost_item_of_key(const char *key);

typedef struct unit_cost {
    int set;                 /* 0: not priced (costs 0) */
    double cost;             /* GBP per unit of activity at price_year */
    int price_year;
    double cash_releasing;   /* share of a saving that is cash, 0..1 */
    double sd;               /* uncertainty of cost (same price year): a
                                gamma of this sd in the probabilistic
                                sensitivity analysis; 0: certain */
    char *source;
    char *payer;             /* who the saving goes to, or NULL */
} unit_cost;

/* A service paid for whatever its activity: a team, a block contract. */
typedef struct fixed_cost {
    char *name;
    double per_year;         /* GBP a year at price_year */
    int price_year;
    double from, to;         /* minutes; [from, to), to may be INFINITY */
    double cash_releasing;   /* share of a saving that is cash (default 1) */
    char *source;
    char *payer;             /* who the saving goes to, or NULL */
} fixed_cost;

/* Money spent on a scheme, by financial year. */
typedef struct investment_spec {
    char *name;
    int price_year;
    size_t n;
    int *year;               /* financial years */
    double *amount;          /* GBP in each */
    char *source;
} investment_spec;

/* Capacity released: when `beds` places of a unit have been free
 * (BASE's occupancy - ALT's, day by day) for `sustained` days running, a
 * ward of them closes and stays closed; another closes when twice as
 * many have been free as long, and so on up to `most`.  The closed
 * beds' days of the saving of `item` become cash, and the ward's step
 * costs (`per_year`, beyond what the item's price holds) are saved,
 * all cash, from the day it closes. */
typedef struct release_rule {
    char *name, *source;
    int unit;                /* unit index in the scenario */
    char *unit_name;
    int item;                /* cost_item whose saving turns to cash */
    double beds;             /* > 0: the places a ward closes */
    double sustained;        /* days the beds must be free, >= 1 */
    long most;               /* wards at most; 0: no limit */
    double per_year;         /* GBP a year of a ward's step costs */
    int price_year;
    char *payer;             /* who the saving goes to, or NULL */
} release_rule;

typedef struct cost_spec {
    int price_base;          /* financial year of the result's prices */
    size_t n_index;          /* inflation index by financial year */
    int *index_year;
    double *index_value;     /* > 0 */
    char *index_source;
    unit_cost unit[COST_ITEMS];
    size_t n_fixed;
    fixed_cost *fixed;
    size_t n_investment;
    investment_spec *investment;
    double investment_bias;  /* optimism bias: investment x (1 + this) */
    double discount_rate;    /* a year, for the NPV (default 3.5%: HM
                                Treasury Green Book) */
    size_t n_release;        /* `capacity_release:` rules */
    release_rule *release;
} cost_spec;

/* One part of a business-case line: full-year value x phasing by year. */
typedef struct bc_component {
    double full_year;        /* GBP k at the case's price year */
    double *phasing;         /* n_years shares */
} bc_component;

typedef struct bc_line {
    char *name, *label, *source;
    size_t n_components;
    bc_component *components;
    double optimism_bias;    /* benefit x (1 - this) */
    unsigned simulated;      /* bit (1u << cost_item) for each item the
                                simulation measures this line by; 0: a
                                static line (not simulated) */
    double *printed;         /* n_years printed values (GBP k), or NULL */
    size_t n_levers;         /* the interventions (by name) whose saving
                                the line is, for the comparison by lever */
    char **levers;
} bc_line;

typedef struct bc_investment {
    char *name;
    double *by_year;         /* n_years, GBP k */
} bc_investment;

typedef struct business_case {
    char *name, *source;
    int price_year;          /* the case's prices (its baseline year) */
    size_t n_years;
    int *years;              /* financial years of the table's columns */
    size_t n_lines;
    bc_line *lines;
    size_t n_investment;
    bc_investment *investment;
    double investment_bias;  /* optimism bias on investment */
    double *printed_total;   /* n_years, or NULL */
} business_case;

void cost_spec_free(cost_spec *c);
void business_case_free(business_case *b);

/* "2022/23" -> 2022; -1 when s is not a financial year (the second part
 * must be the next year's last two digits). */
int costs_parse_fy(const char *s);
/* 2022 -> "2022/23" into buf (at least 8 bytes). */
const char *costs_fy_name(int year, char *buf, size_t len);

/* The factor that takes prices of financial year `from` to `to`:
 * index[to] / index[from].  Returns 0, or -1 when a year is not in the
 * index (factor 1 when from == to, index or not). */
int costs_price_factor(const cost_spec *c, int from, int to, double *out);

/* Days since 1970-01-01 of an ISO date, or -1 on a bad date. */
long costs_epoch_day(const char *iso);
/* The financial year of a day count since 1970-01-01. */
int costs_fy_of_epoch_day(long day);

/* Where the costed activity is in a scenario's daily series. */
typedef struct cost_series {
    long ed, sdec, short_, long_, occupancy, nctr, escalation, carehome;
    size_t n_role[4];        /* vw, p1, p2, p3 units' UNIT.occupancy */
    long *role_idx[4];
} cost_series;

/* Finds the series (missing ones are -1: that activity is 0).  Returns 0,
 * or -1 when out of memory. */
int cost_series_init(cost_series *cs, const scenario *sc,
                     const series_list *sl);
void cost_series_free(cost_series *cs);

/* Activity of days [d0, d1) of one replication's daily values (days x
 * sl->n): act[COST_ITEMS], in the units of cost_item_activity.  NAN days
 * (not reached) count as 0. */
void cost_activity(const cost_series *cs, const series_list *sl,
                   const double *daily, size_t d0, size_t d1,
                   double *act);

/* Unit costs at the price base, GBP (0 for items not priced); -1 when a
 * price year is missing from the index (checked by the loader). */
int cost_unit_prices(const cost_spec *c, double *price);

/* Fixed cost of days [d0, d1) (day = 1440 minutes), by fixed cost, at
 * the price base: out[n_fixed].  Returns 0 or -1 (index). */
int cost_fixed(const cost_spec *c, size_t d0, size_t d1, double *out);

/* Investment of a financial year at the price base, before optimism
 * bias.  Returns 0 or -1 (index). */
int cost_investment(const cost_spec *c, int fy, double *out);

/* Wards closed by rule rr on each of n days, from the beds free each
 * day (freed[n]): out[d] is the number closed on day d (closing that
 * day included).  Ward k (1, 2, ...) closes on the day that ends a run of
 * rr->sustained days (rounded up), after ward k - 1 closed, each with at
 * least k x rr->beds beds free; wards never reopen. */
void cost_release_wards(const release_rule *rr, const double *freed,
                        size_t n, double *out);

/* Fixed costs of [t0, t1) (minutes), all items together, at the price
 * base (GBP); NAN when a price year is missing from the index. */
double cost_fixed_between(const cost_spec *c, double t0, double t1);

#endif
