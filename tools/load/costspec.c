/* costspec.c -- the finance sections: `costs:` (unit costs,
 * fixed costs, investment, inflation index) and `business_case:` (a
 * business case's own benefit table, for the static method).  The data
 * is models/costs.h; scenarios/README.md documents the language. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "costs.h"
#include "costspec.h"
#include "keys.h"
#include "value.h"

#define COSTSPEC_MAX_YEARS 200

const char *const costspec_keys[] = {
    "price_base", "inflation", "unit_costs", "fixed", "investment",
    "investment_optimism_bias", "discount_rate", "capacity_release", NULL};
static const char *const release_keys[] = {
    "name", "unit", "item", "beds", "sustained", "most", "per_year",
    "price_year", "source", "payer", NULL};
static const char *const inflation_keys[] = {"index", "source", NULL};
static const char *const unit_keys[] = {"cost", "price_year", "source",
                                        "cash_releasing", "sd", "payer",
                                        NULL};
static const char *const fixed_keys[] = {
    "name", "per_year", "price_year", "from", "to", "cash_releasing",
    "source", "payer", NULL};
static const char *const inv_keys[] = {"name", "price_year", "by_year",
                                       "source", NULL};
const char *const costspec_bc_keys[] = {
    "name", "source", "price_year", "years", "lines", "investment",
    "investment_optimism_bias", "printed_total", NULL};
static const char *const line_keys[] = {
    "name", "label", "source", "full_year", "phasing", "components",
    "optimism_bias", "simulated_by", "levers", "printed", NULL};
static const char *const comp_keys[] = {"full_year", "phasing", NULL};
static const char *const bcinv_keys[] = {"name", "by_year", NULL};

/* A financial year "2022/23" at node n. */
static int fy(diag *d, const ytree *n, const char *path, int *out)
{
    const char *s = n && n->kind == YTREE_SCALAR ? n->str : NULL;
    int y = s ? costs_parse_fy(s) : -1;
    if (y < 0)
        return diag_at(d, n, path, "'%s' is not a financial year; expected "
                       "YYYY/YY like 2022/23 (1 April 2022 to 31 March 2023)",
                       s ? s : "a collection");
    *out = y;
    return 0;
}

/* An optional text key of map m into *out (strdup'd). */
static int opt_text(diag *d, const ytree *m, const char *path,
                    const char *key, char **out)
{
    const ytree *v = ytree_get(m, key);
    char k[DIAG_PATH_MAX];
    const char *s;
    if (!v)
        return 0;
    diag_path(k, sizeof k, path, key);
    if (value_text(d, v, k, &s))
        return -1;
    if (!(*out = strdup(s)))
        return diag_at(d, v, k, "out of memory");
    return 0;
}

/* An optional share key of map m (default def). */
static int opt_share(diag *d, const ytree *m, const char *path,
                     const char *key, double def, double *out)
{
    const ytree *v = ytree_get(m, key);
    char k[DIAG_PATH_MAX];
    *out = def;
    if (!v)
        return 0;
    diag_path(k, sizeof k, path, key);
    return value_share(d, v, k, out);
}

/* An optional `payer` (who the saving goes to: a name such as
 * commissioner, provider, council). */
static int opt_payer(diag *d, const ytree *m, const char *path, char **out)
{
    const ytree *v = ytree_get(m, "payer");
    char k[DIAG_PATH_MAX];
    const char *s;
    *out = NULL;
    if (!v)
        return 0;
    diag_path(k, sizeof k, path, "payer");
    if (value_name(d, v, k, &s))
        return -1;
    if (!(*out = strdup(s)))
        return diag_at(d, v, k, "out of memory");
    return 0;
}

/* The price year at node n must be the base or in the index. */
static int priced(diag *d, const cost_spec *c, const ytree *n,
                  const char *path, int year)
{
    double f;
    if (costs_price_factor(c, year, c->price_base, &f) == 0)
        return 0;
    char a[16], b[16];
    return diag_at(d, n, path, "no inflation index for %s (or the price "
                   "base %s); add it to costs.inflation.index",
                   costs_fy_name(year, a, sizeof a),
                   costs_fy_name(c->price_base, b, sizeof b));
}

/* A required price_year of map m. */
static int price_year(diag *d, const cost_spec *c, const ytree *m,
                      const char *path, int *out)
{
    char k[DIAG_PATH_MAX];
    const ytree *v = value_need(d, m, path, "price_year",
                                "price_year: 2022/23");
    diag_path(k, sizeof k, path, "price_year");
    if (!v || fy(d, v, k, out))
        return -1;
    return c ? priced(d, c, v, k, *out) : 0;
}

static int inflation(diag *d, const ytree *n, cost_spec *c)
{
    const char *path = "costs.inflation";
    if (value_map(d, n, path, "a map {index: {2015/16: 100, 2022/23: "
                  "121.1}, source: ...}") ||
        value_keys(d, n, path, inflation_keys) ||
        opt_text(d, n, path, "source", &c->index_source))
        return -1;
    const ytree *ix = value_need(d, n, path, "index", "index: {2015/16: 100}");
    if (!ix || value_map(d, ix, "costs.inflation.index", "a map from "
                         "financial years to index values"))
        return -1;
    if (ix->n > COSTSPEC_MAX_YEARS)
        return diag_at(d, ix, "costs.inflation.index", "has %zu years; at "
                       "most %d", ix->n, COSTSPEC_MAX_YEARS);
    c->index_year = calloc(ix->n + 1, sizeof *c->index_year);
    c->index_value = calloc(ix->n + 1, sizeof *c->index_value);
    if (!c->index_year || !c->index_value)
        return diag_at(d, ix, path, "out of memory");
    for (size_t i = 0; i < ix->n; i++) {
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, "costs.inflation.index", ix->keys[i]->str);
        if (fy(d, ix->keys[i], k, &c->index_year[i]) ||
            value_nonneg(d, ix->items[i], k, 1, &c->index_value[i]))
            return -1;
        c->n_index = i + 1;
    }
    return 0;
}

static int unit_costs(diag *d, const ytree *n, cost_spec *c)
{
    const char *path = "costs.unit_costs";
    if (value_map(d, n, path, "a map like {ed_attendance: {cost: 273, "
                  "price_year: 2023/24, source: ...}}"))
        return -1;
    for (size_t i = 0; i < n->n; i++) {
        const char *key = n->keys[i]->str;
        char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, path, key);
        int it = cost_item_of_key(key);
        if (it < 0) {
            const char *names[COST_ITEMS + 1];
            for (int j = 0; j < COST_ITEMS; j++)
                names[j] = cost_item_key((cost_item)j);
            names[COST_ITEMS] = NULL;
            const char *near = diag_nearest(key, names);
            if (near)
                return diag_at(d, n->keys[i], sub, "unknown unit cost '%s'; "
                               "did you mean '%s'?", key, near);
            return diag_at(d, n->keys[i], sub, "unknown unit cost '%s'; "
                           "expected one of ed_attendance, sdec_attendance, "
                           "admission_short, admission_long, acute_bed_day, "
                           "delayed_bed_day, escalation_bed_day, vw_day, "
                           "p2_bed_day, reablement_day, carehome_week", key);
        }
        const ytree *m = n->items[i];
        unit_cost *u = &c->unit[it];
        if (value_map(d, m, sub, "a map {cost: 273, price_year: 2023/24, "
                      "source: ...}") ||
            value_keys(d, m, sub, unit_keys))
            return -1;
        const ytree *v = value_need(d, m, sub, "cost", "cost: 273");
        diag_path(k, sizeof k, sub, "cost");
        if (!v || value_nonneg(d, v, k, 0, &u->cost) ||
            price_year(d, c, m, sub, &u->price_year) ||
            opt_share(d, m, sub, "cash_releasing", 0, &u->cash_releasing) ||
            opt_text(d, m, sub, "source", &u->source) ||
            opt_payer(d, m, sub, &u->payer))
            return -1;
        if ((v = ytree_get(m, "sd"))) {
            diag_path(k, sizeof k, sub, "sd");
            if (value_nonneg(d, v, k, 0, &u->sd))
                return -1;
            if (u->sd > 0 && u->cost <= 0)
                return diag_at(d, v, k, "an uncertain cost needs a cost "
                               "above 0 (the sd is of a gamma of that "
                               "mean)");
        }
        u->set = 1;
    }
    return 0;
}

static int fixed(build_ctx *b, const ytree *n, cost_spec *c)
{
    diag *d = b->d;
    if (value_seq(d, n, "costs.fixed", "a list like [{name: vw-team, "
                  "per_year: 1200000, price_year: 2022/23}]"))
        return -1;
    if (!(c->fixed = calloc(n->n ? n->n : 1, sizeof *c->fixed)))
        return diag_at(d, n, "costs.fixed", "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const ytree *m = n->items[i];
        fixed_cost *x = &c->fixed[i];
        char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
        const char *s;
        snprintf(sub, sizeof sub, "costs.fixed.%zu", i);
        c->n_fixed = i + 1;
        x->to = INFINITY;
        if (value_map(d, m, sub, "a map {name, per_year, price_year}") ||
            value_keys(d, m, sub, fixed_keys))
            return -1;
        const ytree *v = value_need(d, m, sub, "name", "name: vw-team");
        diag_path(k, sizeof k, sub, "name");
        if (!v || value_name(d, v, k, &s))
            return -1;
        if (!(x->name = strdup(s)))
            return diag_at(d, v, k, "out of memory");
        snprintf(sub, sizeof sub, "costs.fixed.%s", s);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c->fixed[j].name, s))
                return diag_at(d, v, k, "fixed cost '%s' is named twice; "
                               "names must be unique", s);
        v = value_need(d, m, sub, "per_year", "per_year: 1200000");
        diag_path(k, sizeof k, sub, "per_year");
        if (!v || value_nonneg(d, v, k, 0, &x->per_year) ||
            price_year(d, c, m, sub, &x->price_year) ||
            opt_share(d, m, sub, "cash_releasing", 1, &x->cash_releasing) ||
            opt_text(d, m, sub, "source", &x->source) ||
            opt_payer(d, m, sub, &x->payer))
            return -1;
        if ((v = ytree_get(m, "from"))) {
            diag_path(k, sizeof k, sub, "from");
            if (datetime_point(d, &b->day0, v, k, &x->from))
                return -1;
        }
        if ((v = ytree_get(m, "to"))) {
            diag_path(k, sizeof k, sub, "to");
            if (datetime_point(d, &b->day0, v, k, &x->to))
                return -1;
            if (!(x->to > x->from))
                return diag_at(d, v, k, "'%s' is not after from; expected "
                               "from < to", v->str);
        }
    }
    return 0;
}

static int investment(diag *d, const ytree *n, cost_spec *c)
{
    if (value_seq(d, n, "costs.investment", "a list like [{name: "
                  "neighbourhoods, price_year: 2015/16, by_year: {2022/23: "
                  "5158000}}]"))
        return -1;
    if (!(c->investment = calloc(n->n ? n->n : 1, sizeof *c->investment)))
        return diag_at(d, n, "costs.investment", "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const ytree *m = n->items[i];
        investment_spec *v = &c->investment[i];
        char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
        const char *s;
        snprintf(sub, sizeof sub, "costs.investment.%zu", i);
        c->n_investment = i + 1;
        if (value_map(d, m, sub, "a map {name, price_year, by_year}") ||
            value_keys(d, m, sub, inv_keys))
            return -1;
        const ytree *x = value_need(d, m, sub, "name", "name: neighbourhoods");
        diag_path(k, sizeof k, sub, "name");
        if (!x || value_name(d, x, k, &s))
            return -1;
        if (!(v->name = strdup(s)))
            return diag_at(d, x, k, "out of memory");
        snprintf(sub, sizeof sub, "costs.investment.%s", s);
        if (price_year(d, c, m, sub, &v->price_year) ||
            opt_text(d, m, sub, "source", &v->source))
            return -1;
        const ytree *by = value_need(d, m, sub, "by_year",
                                     "by_year: {2022/23: 5158000}");
        diag_path(k, sizeof k, sub, "by_year");
        if (!by || value_map(d, by, k, "a map from financial years to "
                             "amounts (GBP)"))
            return -1;
        v->year = calloc(by->n + 1, sizeof *v->year);
        v->amount = calloc(by->n + 1, sizeof *v->amount);
        if (!v->year || !v->amount)
            return diag_at(d, by, k, "out of memory");
        for (size_t j = 0; j < by->n; j++) {
            char kk[DIAG_PATH_MAX];
            diag_path(kk, sizeof kk, k, by->keys[j]->str);
            if (fy(d, by->keys[j], kk, &v->year[j]) ||
                value_nonneg(d, by->items[j], kk, 0, &v->amount[j]))
                return -1;
            v->n = j + 1;
        }
    }
    return 0;
}

/* The numbers of one capacity_release rule (after its name). */
static int release_numbers(build_ctx *b, const ytree *m, const char *sub,
                           cost_spec *c, release_rule *x)
{
    diag *d = b->d;
    char k[DIAG_PATH_MAX];
    const ytree *v = value_need(d, m, sub, "beds", "beds: 28");
    diag_path(k, sizeof k, sub, "beds");
    if (!v || value_nonneg(d, v, k, 1, &x->beds))
        return -1;
    v = value_need(d, m, sub, "sustained", "sustained: 8 weeks");
    diag_path(k, sizeof k, sub, "sustained");
    if (!v || value_duration(d, v, k, 1, &x->sustained))
        return -1;
    x->sustained /= 1440;  /* minutes -> days */
    if ((v = ytree_get(m, "most"))) {
        diag_path(k, sizeof k, sub, "most");
        if (value_long(d, v, k, 1, 1000000, "a whole number of wards",
                       &x->most))
            return -1;
    }
    if ((v = ytree_get(m, "per_year"))) {
        diag_path(k, sizeof k, sub, "per_year");
        if (value_nonneg(d, v, k, 0, &x->per_year))
            return -1;
    }
    x->price_year = c->price_base;
    if (ytree_get(m, "price_year") &&
        price_year(d, c, m, sub, &x->price_year))
        return -1;
    return opt_text(d, m, sub, "source", &x->source) ||
           opt_payer(d, m, sub, &x->payer);
}

/* `capacity_release:` rules: a list of {name, unit, item, beds,
 * sustained, most, per_year, price_year, source}. */
static int release(build_ctx *b, const ytree *n, cost_spec *c)
{
    diag *d = b->d;
    if (value_seq(d, n, "costs.capacity_release", "a list like [{name: "
                  "ward, unit: acute, item: acute_bed_day, beds: 28, "
                  "sustained: 8 weeks}]"))
        return -1;
    if (!(c->release = calloc(n->n ? n->n : 1, sizeof *c->release)))
        return diag_at(d, n, "costs.capacity_release", "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const ytree *m = n->items[i], *v;
        release_rule *x = &c->release[i];
        char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
        const char *s;
        snprintf(sub, sizeof sub, "costs.capacity_release.%zu", i);
        c->n_release = i + 1;
        if (value_map(d, m, sub, "a map {name, unit, item, beds, "
                      "sustained}") ||
            value_keys(d, m, sub, release_keys))
            return -1;
        v = value_need(d, m, sub, "name", "name: ward");
        diag_path(k, sizeof k, sub, "name");
        if (!v || value_name(d, v, k, &s) || !(x->name = strdup(s)))
            return v ? diag_at(d, v, k, "out of memory") : -1;
        snprintf(sub, sizeof sub, "costs.capacity_release.%s", s);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c->release[j].name, s))
                return diag_at(d, v, k, "rule '%s' is named twice; names "
                               "must be unique", s);
        v = value_need(d, m, sub, "unit", "unit: acute");
        diag_path(k, sizeof k, sub, "unit");
        if (!v || (x->unit = build_unit_ref(b, v, k, 0)) < 0)
            return -1;
        if (!(x->unit_name = strdup(b->names[x->unit])))
            return diag_at(d, v, k, "out of memory");
        v = value_need(d, m, sub, "item", "item: acute_bed_day");
        diag_path(k, sizeof k, sub, "item");
        if (!v || value_text(d, v, k, &s))
            return -1;
        if ((x->item = cost_item_of_key(s)) < 0)
            return diag_at(d, v, k, "unknown unit cost '%s'; expected a key "
                           "of costs.unit_costs like acute_bed_day", s);
        if (release_numbers(b, m, sub, c, x))
            return -1;
    }
    return 0;
}

static int costs(build_ctx *b, const ytree *n)
{
    diag *d = b->d;
    const ytree *v;
    if (value_map(d, n, "costs", "a map with price_base, inflation, "
                  "unit_costs, fixed, investment") ||
        value_keys(d, n, "costs", costspec_keys))
        return -1;
    cost_spec *c = calloc(1, sizeof *c);
    if (!c)
        return diag_at(d, n, "costs", "out of memory");
    b->sc->costs = c;
    v = value_need(d, n, "costs", "price_base", "price_base: 2022/23");
    if (!v || fy(d, v, "costs.price_base", &c->price_base))
        return -1;
    if ((v = ytree_get(n, "inflation")) && inflation(d, v, c))
        return -1;
    if ((v = ytree_get(n, "unit_costs")) && unit_costs(d, v, c))
        return -1;
    if ((v = ytree_get(n, "fixed")) && fixed(b, v, c))
        return -1;
    if ((v = ytree_get(n, "investment")) && investment(d, v, c))
        return -1;
    if ((v = ytree_get(n, "capacity_release")) && release(b, v, c))
        return -1;
    return opt_share(d, n, "costs", "investment_optimism_bias", 0,
                     &c->investment_bias) ||
           opt_share(d, n, "costs", "discount_rate", 0.035,
                     &c->discount_rate);
}

/* A list of exactly want numbers (GBP k) or shares into out. */
static int numbers(diag *d, const ytree *n, const char *path, size_t want,
                   int shares, double **out)
{
    char what[96];
    snprintf(what, sizeof what, "a list of %zu %s, one per year", want,
             shares ? "shares like 60%" : "numbers");
    if (value_seq(d, n, path, what))
        return -1;
    if (n->n != want)
        return diag_at(d, n, path, "has %zu values; expected %s", n->n, what);
    if (!(*out = calloc(want ? want : 1, sizeof **out)))
        return diag_at(d, n, path, "out of memory");
    for (size_t i = 0; i < want; i++) {
        char k[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(k, sizeof k, path, idx);
        if (shares ? value_share(d, n->items[i], k, &(*out)[i])
                   : value_number(d, n->items[i], k, &(*out)[i]))
            return -1;
    }
    return 0;
}

static int bc_component_read(diag *d, const ytree *m, const char *path,
                             size_t years, bc_component *c)
{
    char k[DIAG_PATH_MAX];
    const ytree *f = value_need(d, m, path, "full_year", "full_year: 9580");
    const ytree *p = f ? value_need(d, m, path, "phasing",
                                    "phasing: [10%, 60%, 90%, 100%, 100%]")
                       : NULL;
    if (!p)
        return -1;
    diag_path(k, sizeof k, path, "full_year");
    if (value_number(d, f, k, &c->full_year))
        return -1;
    diag_path(k, sizeof k, path, "phasing");
    return numbers(d, p, k, years, 1, &c->phasing);
}

static int simulated_by(diag *d, const ytree *n, const char *path,
                        unsigned *out)
{
    if (value_seq(d, n, path, "a list of unit costs like [ed_attendance, "
                  "admission_short]"))
        return -1;
    for (size_t i = 0; i < n->n; i++) {
        char k[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(k, sizeof k, path, idx);
        const ytree *x = n->items[i];
        int it = x->kind == YTREE_SCALAR ? cost_item_of_key(x->str) : -1;
        if (it < 0)
            return diag_at(d, x, k, "'%s' is not a unit cost; expected one "
                           "of the keys of costs.unit_costs, like "
                           "ed_attendance", x->kind == YTREE_SCALAR ? x->str
                           : "a collection");
        *out |= 1u << it;
    }
    return 0;
}

/* `levers:` the interventions whose saving the line is (by name; checked
 * against the alternative when `flowsim benefits --by-lever` runs). */
static int line_levers(diag *d, const ytree *n, const char *path,
                       bc_line *l)
{
    if (value_seq(d, n, path, "a list of intervention names like "
                  "[integrated-neighbourhood-deflection]"))
        return -1;
    if (!(l->levers = calloc(n->n ? n->n : 1, sizeof *l->levers)))
        return diag_at(d, n, path, "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        char k[DIAG_PATH_MAX], idx[24];
        const char *s;
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(k, sizeof k, path, idx);
        if (value_name(d, n->items[i], k, &s))
            return -1;
        if (!(l->levers[i] = strdup(s)))
            return diag_at(d, n->items[i], k, "out of memory");
        l->n_levers = i + 1;
    }
    return 0;
}

static int bc_line_read(diag *d, const ytree *m, size_t i, business_case *b,
                        unsigned *claimed)
{
    bc_line *l = &b->lines[i];
    char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    const char *s;
    snprintf(sub, sizeof sub, "business_case.lines.%zu", i);
    if (value_map(d, m, sub, "a map {name, full_year, phasing}") ||
        value_keys(d, m, sub, line_keys))
        return -1;
    const ytree *v = value_need(d, m, sub, "name", "name: length-of-stay");
    diag_path(k, sizeof k, sub, "name");
    if (!v || value_name(d, v, k, &s))
        return -1;
    if (!(l->name = strdup(s)))
        return diag_at(d, v, k, "out of memory");
    snprintf(sub, sizeof sub, "business_case.lines.%s", s);
    if (opt_text(d, m, sub, "label", &l->label) ||
        opt_text(d, m, sub, "source", &l->source) ||
        opt_share(d, m, sub, "optimism_bias", 0, &l->optimism_bias))
        return -1;
    const ytree *comps = ytree_get(m, "components");
    if (comps && (ytree_get(m, "full_year") || ytree_get(m, "phasing")))
        return diag_at(d, comps, sub, "has components and full_year/"
                       "phasing; give one or the other");
    if (comps) {
        diag_path(k, sizeof k, sub, "components");
        if (value_seq(d, comps, k, "a list of {full_year, phasing}"))
            return -1;
        if (comps->n == 0)
            return diag_at(d, comps, k, "is empty; expected at least one "
                           "{full_year, phasing}");
        if (!(l->components = calloc(comps->n, sizeof *l->components)))
            return diag_at(d, comps, k, "out of memory");
        for (size_t j = 0; j < comps->n; j++) {
            char cp[DIAG_PATH_MAX], idx[24];
            snprintf(idx, sizeof idx, "%zu", j);
            diag_path(cp, sizeof cp, k, idx);
            l->n_components = j + 1;
            if (value_map(d, comps->items[j], cp, "a map {full_year, "
                          "phasing}") ||
                value_keys(d, comps->items[j], cp, comp_keys) ||
                bc_component_read(d, comps->items[j], cp, b->n_years,
                                  &l->components[j]))
                return -1;
        }
    } else {
        if (!(l->components = calloc(1, sizeof *l->components)))
            return diag_at(d, m, sub, "out of memory");
        l->n_components = 1;
        if (bc_component_read(d, m, sub, b->n_years, &l->components[0]))
            return -1;
    }
    if ((v = ytree_get(m, "simulated_by"))) {
        diag_path(k, sizeof k, sub, "simulated_by");
        if (simulated_by(d, v, k, &l->simulated))
            return -1;
        if (l->simulated & *claimed)
            return diag_at(d, v, k, "names a unit cost that an earlier line "
                           "already claims; each unit cost may measure one "
                           "line");
        *claimed |= l->simulated;
    }
    if ((v = ytree_get(m, "levers"))) {
        diag_path(k, sizeof k, sub, "levers");
        if (line_levers(d, v, k, l))
            return -1;
    }
    if ((v = ytree_get(m, "printed"))) {
        diag_path(k, sizeof k, sub, "printed");
        if (numbers(d, v, k, b->n_years, 0, &l->printed))
            return -1;
    }
    return 0;
}

/* business_case.years: consecutive financial years, 1 to
 * COSTSPEC_MAX_YEARS of them. */
static int bc_years(diag *d, const ytree *n, business_case *b)
{
    const ytree *v = value_need(d, n, "business_case", "years",
                                "years: [2016/17, 2017/18]");
    if (!v || value_seq(d, v, "business_case.years", "a list of financial "
                        "years like [2016/17, 2017/18]"))
        return -1;
    if (v->n == 0 || v->n > COSTSPEC_MAX_YEARS)
        return diag_at(d, v, "business_case.years", "has %zu years; expected "
                       "1 to %d", v->n, COSTSPEC_MAX_YEARS);
    if (!(b->years = calloc(v->n, sizeof *b->years)))
        return diag_at(d, v, "business_case.years", "out of memory");
    for (size_t i = 0; i < v->n; i++) {
        char k[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(k, sizeof k, "business_case.years", idx);
        if (fy(d, v->items[i], k, &b->years[i]))
            return -1;
        if (i && b->years[i] != b->years[i - 1] + 1)
            return diag_at(d, v->items[i], k, "'%s' does not follow the "
                           "year before; expected consecutive years",
                           v->items[i]->str);
        b->n_years = i + 1;
    }
    return 0;
}

/* business_case.lines: the benefit lines, each unit cost claimed by one
 * line at most. */
static int bc_lines(diag *d, const ytree *n, business_case *b)
{
    const ytree *lines = value_need(d, n, "business_case", "lines",
                                    "lines: [{name: ..., full_year: ..., "
                                    "phasing: [...]}]");
    if (!lines || value_seq(d, lines, "business_case.lines", "a list of "
                            "benefit lines"))
        return -1;
    if (!(b->lines = calloc(lines->n ? lines->n : 1, sizeof *b->lines)))
        return diag_at(d, lines, "business_case.lines", "out of memory");
    unsigned claimed = 0;
    for (size_t i = 0; i < lines->n; i++) {
        b->n_lines = i + 1;
        if (bc_line_read(d, lines->items[i], i, b, &claimed))
            return -1;
    }
    return 0;
}

/* business_case.investment: named amounts by year (GBP k). */
static int bc_invest_list(diag *d, const ytree *v, business_case *b)
{
    const char *s;
    if (value_seq(d, v, "business_case.investment", "a list of {name, "
                  "by_year: [GBP k per year]}"))
        return -1;
    if (!(b->investment = calloc(v->n ? v->n : 1, sizeof *b->investment)))
        return diag_at(d, v, "business_case.investment", "out of memory");
    for (size_t i = 0; i < v->n; i++) {
        const ytree *m = v->items[i];
        char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
        snprintf(sub, sizeof sub, "business_case.investment.%zu", i);
        b->n_investment = i + 1;
        if (value_map(d, m, sub, "a map {name, by_year}") ||
            value_keys(d, m, sub, bcinv_keys))
            return -1;
        const ytree *x = value_need(d, m, sub, "name", "name: enablers");
        diag_path(k, sizeof k, sub, "name");
        if (!x || value_name(d, x, k, &s))
            return -1;
        if (!(b->investment[i].name = strdup(s)))
            return diag_at(d, x, k, "out of memory");
        snprintf(sub, sizeof sub, "business_case.investment.%s", s);
        x = value_need(d, m, sub, "by_year", "by_year: [555, 485]");
        diag_path(k, sizeof k, sub, "by_year");
        if (!x || numbers(d, x, k, b->n_years, 0,
                          &b->investment[i].by_year))
            return -1;
    }
    return 0;
}

static int business(build_ctx *bc, const ytree *n)
{
    diag *d = bc->d;
    const ytree *v;
    const char *s;
    if (value_map(d, n, "business_case", "a map with price_year, years, "
                  "lines") ||
        value_keys(d, n, "business_case", costspec_bc_keys))
        return -1;
    business_case *b = calloc(1, sizeof *b);
    if (!b)
        return diag_at(d, n, "business_case", "out of memory");
    bc->sc->business_case = b;
    if (opt_text(d, n, "business_case", "source", &b->source))
        return -1;
    if ((v = ytree_get(n, "name"))) {
        if (value_text(d, v, "business_case.name", &s))
            return -1;
        if (!(b->name = strdup(s)))
            return diag_at(d, v, "business_case.name", "out of memory");
    }
    if (price_year(d, bc->sc->costs, n, "business_case", &b->price_year) ||
        bc_years(d, n, b) || bc_lines(d, n, b))
        return -1;
    if ((v = ytree_get(n, "investment")) && bc_invest_list(d, v, b))
        return -1;
    if (opt_share(d, n, "business_case", "investment_optimism_bias", 0,
                  &b->investment_bias))
        return -1;
    if ((v = ytree_get(n, "printed_total")) &&
        numbers(d, v, "business_case.printed_total", b->n_years, 0,
                &b->printed_total))
        return -1;
    return 0;
}

int costspec_parse(build_ctx *c, const ytree *root)
{
    const ytree *n = ytree_get(root, "costs");
    if (n && costs(c, n))
        return -1;
    n = ytree_get(root, "business_case");
    return n ? business(c, n) : 0;
}
