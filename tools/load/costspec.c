/* costspec.c -- the finance sections: `costs:` (unit costs,
 * fixed costs, investment, inflation index, capacity release) here, and
 * `business_case:` (a business case's own benefit table, for the static
 * method) in bcspec.c.  The data is models/costs.h; scenarios/README.md
 * documents the language. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "costs.h"
#include "costspec.h"
#include "costspec_int.h"
#include "keys.h"
#include "value.h"

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

static int inflation(diag *d, const ytree *n, cost_spec *c)
{
    const char *path = "costs.inflation";
    if (value_map(d, n, path, "a map {index: {2015/16: 100, 2022/23: "
                  "121.1}, source: ...}") ||
        value_keys(d, n, path, inflation_keys) ||
        costspec_opt_text(d, n, path, "source", &c->index_source))
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
        if (costspec_fy(d, ix->keys[i], k, &c->index_year[i]) ||
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
            costspec_price_year(d, c, m, sub, &u->price_year) ||
            costspec_opt_share(d, m, sub, "cash_releasing", 0,
                               &u->cash_releasing) ||
            costspec_opt_text(d, m, sub, "source", &u->source) ||
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
        c->n_fixed = i + 1;
        x->to = INFINITY;
        const ytree *v = costspec_named(d, m, "costs.fixed", i,
                                        "a map {name, per_year, price_year}",
                                        fixed_keys, "name: vw-team",
                                        &x->name, k, sub);
        if (!v)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c->fixed[j].name, x->name))
                return diag_at(d, v, k, "fixed cost '%s' is named twice; "
                               "names must be unique", x->name);
        v = value_need(d, m, sub, "per_year", "per_year: 1200000");
        diag_path(k, sizeof k, sub, "per_year");
        if (!v || value_nonneg(d, v, k, 0, &x->per_year) ||
            costspec_price_year(d, c, m, sub, &x->price_year) ||
            costspec_opt_share(d, m, sub, "cash_releasing", 1,
                               &x->cash_releasing) ||
            costspec_opt_text(d, m, sub, "source", &x->source) ||
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
        c->n_investment = i + 1;
        if (!costspec_named(d, m, "costs.investment", i,
                            "a map {name, price_year, by_year}", inv_keys,
                            "name: neighbourhoods", &v->name, k, sub))
            return -1;
        if (costspec_price_year(d, c, m, sub, &v->price_year) ||
            costspec_opt_text(d, m, sub, "source", &v->source))
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
            if (costspec_fy(d, by->keys[j], kk, &v->year[j]) ||
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
        costspec_price_year(d, c, m, sub, &x->price_year))
        return -1;
    return costspec_opt_text(d, m, sub, "source", &x->source) ||
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
        c->n_release = i + 1;
        if (!(v = costspec_named(d, m, "costs.capacity_release", i,
                                 "a map {name, unit, item, beds, sustained}",
                                 release_keys, "name: ward", &x->name, k,
                                 sub)))
            return -1;
        s = x->name;
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
    if (!v || costspec_fy(d, v, "costs.price_base", &c->price_base))
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
    return costspec_opt_share(d, n, "costs", "investment_optimism_bias", 0,
                     &c->investment_bias) ||
           costspec_opt_share(d, n, "costs", "discount_rate", 0.035,
                     &c->discount_rate);
}


int costspec_parse(build_ctx *c, const ytree *root)
{
    const ytree *n = ytree_get(root, "costs");
    if (n && costs(c, n))
        return -1;
    n = ytree_get(root, "business_case");
    return n ? costspec_business(c, n) : 0;
}
