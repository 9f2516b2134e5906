/* costs.c -- activity and money from a replication's daily series. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../sim/sim.h"
#include "costs.h"

static const struct {
    const char *key, *kpi, *label, *activity;
} ITEMS[COST_ITEMS] = {
    {"ed_attendance", "ed.attendance", "A&E attendances", "attendances"},
    {"sdec_attendance", "sdec.attendance", "SDEC attendances", "attendances"},
    {"admission_short", "acute.admission.short",
     "emergency admissions, short stay (0-1 midnights)", "spells"},
    {"admission_long", "acute.admission.long",
     "emergency admissions, long stay (2+ midnights)", "spells"},
    {"acute_bed_day", "acute.bed_day", "acute bed-days (criteria to reside)",
     "bed-days"},
    {"delayed_bed_day", "acute.delayed_bed_day",
     "delayed bed-days (no criteria to reside)", "bed-days"},
    {"escalation_bed_day", "acute.escalation_bed_day",
     "escalation bed-days (premium)", "bed-days"},
    {"vw_day", "vw.day", "virtual ward days", "patient-days"},
    {"p2_bed_day", "p2.bed_day", "intermediate care (P2) bed-days",
     "bed-days"},
    {"reablement_day", "p1.reablement_day", "reablement (P1) days",
     "package-days"},
    {"carehome_week", "p3.carehome_week", "care-home weeks (P3)", "weeks"},
};

const char *cost_item_key(cost_item i) { return ITEMS[i].key; }
const char *cost_item_kpi(cost_item i) { return ITEMS[i].kpi; }
const char *cost_item_label(cost_item i) { return ITEMS[i].label; }
const char *cost_item_activity(cost_item i) { return ITEMS[i].activity; }

int cost_item_of_key(const char *key)
{
    for (int i = 0; i < COST_ITEMS; i++)
        if (!strcmp(ITEMS[i].key, key))
            return i;
    return -1;
}

void cost_spec_free(cost_spec *c)
{
    if (!c)
        return;
    free(c->index_year);
    free(c->index_value);
    free(c->index_source);
    for (int i = 0; i < COST_ITEMS; i++) {
        free(c->unit[i].source);
        free(c->unit[i].payer);
    }
    for (size_t i = 0; i < c->n_fixed; i++) {
        free(c->fixed[i].name);
        free(c->fixed[i].source);
        free(c->fixed[i].payer);
    }
    free(c->fixed);
    for (size_t i = 0; i < c->n_investment; i++) {
        investment_spec *v = &c->investment[i];
        free(v->name);
        free(v->year);
        free(v->amount);
        free(v->source);
    }
    free(c->investment);
    for (size_t i = 0; i < c->n_release; i++) {
        free(c->release[i].name);
        free(c->release[i].unit_name);
        free(c->release[i].source);
        free(c->release[i].payer);
    }
    free(c->release);
    free(c);
}

void cost_release_wards(const release_rule *rr, const double *freed,
                        size_t n, double *out)
{
    size_t need = (size_t)ceil(rr->sustained - 1e-9), run = 0;
    long closed = 0;
    if (need < 1)
        need = 1;
    for (size_t d = 0; d < n; d++) {
        /* run: days ending today with one ward more than closed free */
        double next = (double)(closed + 1) * rr->beds;
        run = freed[d] >= next ? run + 1 : 0;
        if (run >= need && (rr->most <= 0 || closed < rr->most)) {
            closed++;
            run = 0;  /* the next ward needs its own run */
        }
        out[d] = (double)closed;
    }
}

void business_case_free(business_case *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_lines; i++) {
        bc_line *l = &b->lines[i];
        free(l->name);
        free(l->label);
        free(l->source);
        for (size_t k = 0; k < l->n_components; k++)
            free(l->components[k].phasing);
        free(l->components);
        free(l->printed);
        for (size_t k = 0; k < l->n_levers; k++)
            free(l->levers[k]);
        free(l->levers);
    }
    free(b->lines);
    for (size_t i = 0; i < b->n_investment; i++) {
        free(b->investment[i].name);
        free(b->investment[i].by_year);
    }
    free(b->investment);
    free(b->years);
    free(b->printed_total);
    free(b->name);
    free(b->source);
    free(b);
}

int costs_parse_fy(const char *s)
{
    int y, yy;
    char tail;
    if (!s || strlen(s) != 7 || s[4] != '/' ||
        sscanf(s, "%4d/%2d%c", &y, &yy, &tail) != 2)
        return -1;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return -1;
    if (y < 1900 || y > 9998 || (y + 1) % 100 != yy)
        return -1;
    return y;
}

const char *costs_fy_name(int year, char *buf, size_t len)
{
    snprintf(buf, len, "%04d/%02d", year, (year + 1) % 100);
    return buf;
}

static int index_of(const cost_spec *c, int year, double *v)
{
    for (size_t i = 0; i < c->n_index; i++)
        if (c->index_year[i] == year) {
            *v = c->index_value[i];
            return 0;
        }
    return -1;
}

int costs_price_factor(const cost_spec *c, int from, int to, double *out)
{
    double a, b;
    if (from == to) {
        *out = 1;
        return 0;
    }
    if (!c || index_of(c, from, &a) || index_of(c, to, &b))
        return -1;
    *out = b / a;
    return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

long costs_epoch_day(const char *iso)
{
    int y, m, d;
    char tail;
    if (!iso || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    return days_from_civil(y, (unsigned)m, (unsigned)d);
}

int costs_fy_of_epoch_day(long day)
{
    /* civil_from_days, year and month only */
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (int)(m >= 4 ? y : y - 1);
}

void cost_series_free(cost_series *cs)
{
    for (int r = 0; r < 4; r++)
        free(cs->role_idx[r]);
    memset(cs, 0, sizeof *cs);
}

int cost_series_init(cost_series *cs, const scenario *sc,
                     const series_list *sl)
{
    static const unit_role roles[4] = {ROLE_VW, ROLE_P1, ROLE_P2, ROLE_P3};
    memset(cs, 0, sizeof *cs);
    cs->ed = series_list_index(sl, SER_ED_ATTENDANCES);
    cs->sdec = series_list_index(sl, SER_SDEC_ATTENDANCES);
    cs->short_ = series_list_index(sl, SER_ACUTE_SPELLS_SHORT);
    cs->long_ = series_list_index(sl, SER_ACUTE_SPELLS_LONG);
    cs->occupancy = series_list_index(sl, SER_ACUTE_OCCUPANCY);
    cs->nctr = series_list_index(sl, SER_ACUTE_NCTR);
    cs->escalation = series_list_index(sl, SER_ACUTE_ESCALATION);
    cs->carehome = series_list_index(sl, SER_CAREHOME_ADMISSIONS);
    for (int r = 0; r < 4; r++) {
        cs->role_idx[r] = calloc(sc->n_units ? sc->n_units : 1,
                                 sizeof *cs->role_idx[r]);
        if (!cs->role_idx[r]) {
            cost_series_free(cs);
            return -1;
        }
        for (size_t u = 0; u < sc->n_units; u++) {
            if (sc->units[u].role != roles[r])
                continue;
            long k = series_list_unit_index(sl, SER_U_OCCUPANCY, (int)u);
            if (k >= 0)
                cs->role_idx[r][cs->n_role[r]++] = k;
        }
    }
    return 0;
}

static double sum(const series_list *sl, const double *daily, long k,
                  size_t d0, size_t d1)
{
    double s = 0;
    if (k < 0)
        return 0;
    for (size_t d = d0; d < d1 && d < sl->days; d++) {
        double v = daily[d * sl->n + (size_t)k];
        if (!isnan(v))
            s += v;
    }
    return s;
}

void cost_activity(const cost_series *cs, const series_list *sl,
                   const double *daily, size_t d0, size_t d1, double *act)
{
    double role[4] = {0, 0, 0, 0};
    for (int r = 0; r < 4; r++)
        for (size_t i = 0; i < cs->n_role[r]; i++)
            role[r] += sum(sl, daily, cs->role_idx[r][i], d0, d1);
    double occ = sum(sl, daily, cs->occupancy, d0, d1);
    double nctr = sum(sl, daily, cs->nctr, d0, d1);
    act[COST_ED_ATTENDANCE] = sum(sl, daily, cs->ed, d0, d1);
    act[COST_SDEC_ATTENDANCE] = sum(sl, daily, cs->sdec, d0, d1);
    act[COST_ADMISSION_SHORT] = sum(sl, daily, cs->short_, d0, d1);
    act[COST_ADMISSION_LONG] = sum(sl, daily, cs->long_, d0, d1);
    act[COST_ACUTE_BED_DAY] = occ - nctr;
    act[COST_DELAYED_BED_DAY] = nctr;
    act[COST_ESCALATION_BED_DAY] = sum(sl, daily, cs->escalation, d0, d1);
    act[COST_VW_DAY] = role[0];
    act[COST_REABLEMENT_DAY] = role[1];
    act[COST_P2_BED_DAY] = role[2];
    act[COST_CAREHOME_WEEK] = role[3] / 7;
}

int cost_unit_prices(const cost_spec *c, double *price)
{
    for (int i = 0; i < COST_ITEMS; i++) {
        price[i] = 0;
        if (!c || !c->unit[i].set)
            continue;
        double f;
        if (costs_price_factor(c, c->unit[i].price_year, c->price_base, &f))
            return -1;
        price[i] = c->unit[i].cost * f;
    }
    return 0;
}

/* Fixed cost k over [t0, t1) minutes at the price base, or NAN. */
static double fixed_one(const cost_spec *c, size_t k, double t0, double t1)
{
    const double day = SIM_MINUTES_PER_DAY;
    const fixed_cost *x = &c->fixed[k];
    double a = fmax(t0, x->from), b = fmin(t1, x->to), f;
    if (costs_price_factor(c, x->price_year, c->price_base, &f))
        return NAN;
    return b > a ? x->per_year * f * (b - a) / day / 365.0 : 0;
}

int cost_fixed(const cost_spec *c, size_t d0, size_t d1, double *out)
{
    const double day = SIM_MINUTES_PER_DAY;
    for (size_t i = 0; c && i < c->n_fixed; i++) {
        out[i] = fixed_one(c, i, (double)d0 * day, (double)d1 * day);
        if (isnan(out[i]))
            return -1;
    }
    return 0;
}

double cost_fixed_between(const cost_spec *c, double t0, double t1)
{
    double t = 0;
    for (size_t i = 0; c && i < c->n_fixed; i++)
        t += fixed_one(c, i, t0, t1);
    return t;
}

int cost_investment(const cost_spec *c, int fy, double *out)
{
    *out = 0;
    for (size_t i = 0; c && i < c->n_investment; i++) {
        const investment_spec *v = &c->investment[i];
        double f;
        if (costs_price_factor(c, v->price_year, c->price_base, &f))
            return -1;
        for (size_t k = 0; k < v->n; k++)
            if (v->year[k] == fy)
                *out += v->amount[k] * f;
    }
    return 0;
}
