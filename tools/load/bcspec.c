/* bcspec.c -- the `business_case:` section (costspec.h): a business
 * case's own benefit table, its lines (a full-year value x a phasing by
 * year), investment and printed totals, for the static method and for
 * the simulated lines beside it.  The data is models/costs.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "costs.h"
#include "costspec_int.h"
#include "keys.h"
#include "value.h"

const char *const costspec_bc_keys[] = {
    "name", "source", "price_year", "years", "lines", "investment",
    "investment_optimism_bias", "printed_total", NULL};
static const char *const line_keys[] = {
    "name", "label", "source", "full_year", "phasing", "components",
    "optimism_bias", "simulated_by", "levers", "printed", NULL};
static const char *const comp_keys[] = {"full_year", "phasing", NULL};
static const char *const bcinv_keys[] = {"name", "by_year", NULL};

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
    const ytree *v = costspec_named(d, m, "business_case.lines", i,
                                    "a map {name, full_year, phasing}",
                                    line_keys, "name: length-of-stay",
                                    &l->name, k, sub);
    if (!v)
        return -1;
    if (costspec_opt_text(d, m, sub, "label", &l->label) ||
        costspec_opt_text(d, m, sub, "source", &l->source) ||
        costspec_opt_share(d, m, sub, "optimism_bias", 0, &l->optimism_bias))
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
        if (costspec_fy(d, v->items[i], k, &b->years[i]))
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
    if (value_seq(d, v, "business_case.investment", "a list of {name, "
                  "by_year: [GBP k per year]}"))
        return -1;
    if (!(b->investment = calloc(v->n ? v->n : 1, sizeof *b->investment)))
        return diag_at(d, v, "business_case.investment", "out of memory");
    for (size_t i = 0; i < v->n; i++) {
        const ytree *m = v->items[i];
        char sub[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
        b->n_investment = i + 1;
        if (!costspec_named(d, m, "business_case.investment", i,
                            "a map {name, by_year}", bcinv_keys,
                            "name: enablers", &b->investment[i].name, k,
                            sub))
            return -1;
        const ytree *x = value_need(d, m, sub, "by_year", "by_year: [555, 485]");
        diag_path(k, sizeof k, sub, "by_year");
        if (!x || numbers(d, x, k, b->n_years, 0,
                          &b->investment[i].by_year))
            return -1;
    }
    return 0;
}

int costspec_business(build_ctx *bc, const ytree *n)
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
    if (costspec_opt_text(d, n, "business_case", "source", &b->source))
        return -1;
    if ((v = ytree_get(n, "name"))) {
        if (value_text(d, v, "business_case.name", &s))
            return -1;
        if (!(b->name = strdup(s)))
            return diag_at(d, v, "business_case.name", "out of memory");
    }
    if (costspec_price_year(d, bc->sc->costs, n, "business_case",
                            &b->price_year) ||
        bc_years(d, n, b) || bc_lines(d, n, b))
        return -1;
    if ((v = ytree_get(n, "investment")) && bc_invest_list(d, v, b))
        return -1;
    if (costspec_opt_share(d, n, "business_case", "investment_optimism_bias",
                           0, &b->investment_bias))
        return -1;
    if ((v = ytree_get(n, "printed_total")) &&
        numbers(d, v, "business_case.printed_total", b->n_years, 0,
                &b->printed_total))
        return -1;
    return 0;
}
