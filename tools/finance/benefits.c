/* benefits.c -- savings of one scenario against another under common
 * random numbers, from each one's costs by financial year (fincost.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"
#include "psa.h"

static size_t n_rules(const scenario *sc)
{
    return sc->costs ? sc->costs->n_release : 0;
}

static size_t n_fixed(const scenario *sc)
{
    return sc->costs ? sc->costs->n_fixed : 0;
}

/* ---- the comparison ---- */

static long fixed_index(const scenario *sc, const char *name)
{
    for (size_t k = 0; k < n_fixed(sc); k++)
        if (!strcmp(sc->costs->fixed[k].name, name))
            return (long)k;
    return -1;
}

static long bc_index(const business_case *b, const char *name)
{
    for (size_t l = 0; b && l < b->n_lines; l++)
        if (!strcmp(b->lines[l].name, name))
            return (long)l;
    return -1;
}

static const char *bc_label(const bc_line *l)
{
    return l->label ? l->label : l->name;
}

void fin_benefits_free(fin_benefits *b)
{
    free(b->lines);
    free(b->saving);
    free(b->cash);
    free(b->invest);
    free(b->invest_biased);
    free(b->mult);
    free(b->closed_bed_days);
    free(b->ward_days);
    free(b->item_save);
    free(b->item_cash);
    b->mult = b->closed_bed_days = b->ward_days = NULL;
    b->item_save = b->item_cash = NULL;
    b->lines = NULL;
    b->saving = b->cash = b->invest = b->invest_biased = NULL;
}

/* The price factor from the case's prices to the price base. */
static double bc_factor(const fin_benefits *b)
{
    const cost_spec *c = b->alt.sc->costs ? b->alt.sc->costs
                                          : b->base.sc->costs;
    double f = 1;
    if (b->bc && c)
        costs_price_factor(c, b->bc->price_year, c->price_base, &f);
    return f;
}

/* Static value (GBP) of line `name` of scenario sc's case in year y. */
static double static_value(const scenario *sc, const char *name, size_t y)
{
    const business_case *bc = sc->business_case;
    long l = bc_index(bc, name);
    if (l < 0 || y >= bc->n_years)
        return 0;
    return 1000 * bc_line_exact(bc, (size_t)l, y);
}

static double bc_invest(const scenario *sc, size_t y)
{
    const business_case *bc = sc->business_case;
    if (!bc || y >= bc->n_years)
        return 0;
    return 1000 * bc_invest_total(bc, y);
}

static int add_line(fin_benefits *b, size_t *cap, fin_line l)
{
    if (b->n_lines == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        fin_line *p = realloc(b->lines, nc * sizeof *p);
        if (!p)
            return -1;
        b->lines = p;
        *cap = nc;
    }
    b->lines[b->n_lines++] = l;
    return 0;
}

static int make_lines(fin_benefits *b)
{
    size_t cap = 0;
    unsigned claimed = 0;
    const business_case *bc = b->bc;
    for (size_t l = 0; bc && l < bc->n_lines; l++) {
        fin_line x = {.kind = bc->lines[l].simulated ? LINE_SIMULATED
                                                     : LINE_STATIC,
                      .items = bc->lines[l].simulated,
                      .bc_line = (long)l,
                      .optimism_bias = bc->lines[l].optimism_bias,
                      .fixed_base = -1, .fixed_alt = -1};
        snprintf(x.name, sizeof x.name, "%s", bc->lines[l].name);
        snprintf(x.label, sizeof x.label, "%s%s", bc_label(&bc->lines[l]),
                 x.kind == LINE_STATIC ? " (static)" : "");
        claimed |= x.items;
        if (add_line(b, &cap, x))
            return -1;
    }
    for (int i = 0; i < COST_ITEMS; i++) {
        if (claimed & (1u << i))
            continue;
        if (!b->base.price[i] && !b->alt.price[i])
            continue;
        fin_line x = {.kind = LINE_SIMULATED, .items = 1u << i,
                      .bc_line = -1, .fixed_base = -1, .fixed_alt = -1};
        snprintf(x.name, sizeof x.name, "%s", cost_item_key((cost_item)i));
        snprintf(x.label, sizeof x.label, "%s", cost_item_label((cost_item)i));
        if (add_line(b, &cap, x))
            return -1;
    }
    /* capacity released: the alternative's rules' step costs */
    for (size_t k = 0; k < n_rules(b->alt.sc); k++) {
        fin_line x = {.kind = LINE_RELEASE, .bc_line = -1, .fixed_base = -1,
                      .fixed_alt = -1, .rule = (long)k};
        const char *name = b->alt.sc->costs->release[k].name;
        snprintf(x.name, sizeof x.name, "release.%s", name);
        snprintf(x.label, sizeof x.label, "wards closed: %s (step costs)",
                 name);
        if (add_line(b, &cap, x))
            return -1;
    }
    /* fixed costs: those of the base, then those only the alt has */
    for (int pass = 0; pass < 2; pass++) {
        const scenario *sc = pass ? b->alt.sc : b->base.sc;
        for (size_t k = 0; k < n_fixed(sc); k++) {
            const char *name = sc->costs->fixed[k].name;
            if (pass && fixed_index(b->base.sc, name) >= 0)
                continue;
            fin_line x = {.kind = LINE_FIXED, .bc_line = -1,
                          .fixed_base = fixed_index(b->base.sc, name),
                          .fixed_alt = fixed_index(b->alt.sc, name)};
            snprintf(x.name, sizeof x.name, "fixed.%s", name);
            snprintf(x.label, sizeof x.label, "fixed: %s", name);
            if (add_line(b, &cap, x))
                return -1;
        }
    }
    return 0;
}

static double cash_share(const fin_benefits *b, int i)
{
    const cost_spec *c = b->base.sc->costs;
    if (c && c->unit[i].set)
        return c->unit[i].cash_releasing;
    c = b->alt.sc->costs;
    return c && c->unit[i].set ? c->unit[i].cash_releasing : 0;
}

static double fixed_at(const fin_run *r, long k, size_t y)
{
    return k < 0 ? 0 : r->fixed[y * n_fixed(r->sc) + (size_t)k];
}

static double fixed_cash(const scenario *sc, long k)
{
    return k < 0 ? 1 : sc->costs->fixed[k].cash_releasing;
}

/* Checks that the two runs can be compared (the same financial years,
 * replications and price base) and sets the price base and the business
 * case.  Returns 0, or -1 with a message in err. */
static int benefits_check(fin_benefits *b, char *err, size_t errlen)
{
    const fin_run *rb = &b->base, *ra = &b->alt;
    const cost_spec *cb = rb->sc->costs, *ca = ra->sc->costs;
    size_t ny = rb->n_years;
    if (ra->n_years != ny || ra->reps != rb->reps) {
        snprintf(err, errlen, "the two scenarios' measured periods (start "
                 "date, warm-up, horizon) or replications differ");
        return -1;
    }
    for (size_t y = 0; y < ny; y++)
        if (ra->years[y].d0 != rb->years[y].d0 ||
            ra->years[y].d1 != rb->years[y].d1 ||
            ra->years[y].fy != rb->years[y].fy) {
            snprintf(err, errlen, "the two scenarios' financial years "
                     "differ (start date, warm-up or horizon)");
            return -1;
        }
    if ((cb && ca && cb->price_base != ca->price_base)) {
        snprintf(err, errlen, "the two scenarios' costs have different "
                 "price bases");
        return -1;
    }
    b->price_base = ca ? ca->price_base : cb ? cb->price_base : -1;
    b->bc = ra->sc->business_case ? ra->sc->business_case
                                  : rb->sc->business_case;
    if (b->bc && (ca || cb)) {
        const cost_spec *c = ca ? ca : cb;
        double f;
        if (costs_price_factor(c, b->bc->price_year, c->price_base, &f)) {
            snprintf(err, errlen, "the business case's price year is not in "
                     "the inflation index of costs:");
            return -1;
        }
    }
    if (b->price_base < 0 && b->bc)
        b->price_base = b->bc->price_year;
    return 0;
}

/* The saving of line x in year y of one replication, and its cash part:
 * item holds the replication's saving by cost item that year, f the
 * business case's price factor. */
static void line_saving(const fin_benefits *b, const fin_line *x, size_t r,
                        size_t y, const double *item, const double *rel,
                        double f, double *s, double *c)
{
    const fin_run *rb = &b->base, *ra = &b->alt;
    *s = *c = 0;
    if (x->kind == LINE_SIMULATED) {
        for (int i = 0; i < COST_ITEMS; i++)
            if (x->items & (1u << i)) {
                double cash = item[i] * cash_share(b, i);
                /* closed wards turn the rest of the saving to cash, as
                 * far as their beds' days go */
                double rest = item[i] - cash;
                *s += item[i];
                *c += cash + (rest > 0 ? fmin(rest, rel[i]) : 0);
            }
    } else if (x->kind == LINE_RELEASE) {
        size_t nr = n_rules(ra->sc), ny = rb->n_years;
        const release_rule *q = &ra->sc->costs->release[x->rule];
        double up = 1;
        costs_price_factor(ra->sc->costs, q->price_year,
                           ra->sc->costs->price_base, &up);
        *s = *c = b->ward_days[(r * ny + y) * nr + (size_t)x->rule] *
                  q->per_year / 365 * up;
    } else if (x->kind == LINE_FIXED) {
        double fb = fixed_at(rb, x->fixed_base, y);
        double fa = fixed_at(ra, x->fixed_alt, y);
        *s = fb - fa;
        *c = *s * (x->fixed_base >= 0 ? fixed_cash(rb->sc, x->fixed_base)
                                      : fixed_cash(ra->sc, x->fixed_alt));
    } else {
        *s = f * (static_value(ra->sc, x->name, y) -
                  static_value(rb->sc, x->name, y));
        *c = 0; /* not assessed: counted as not cash */
    }
}

/* The investment ALT - BASE by year, before and after its optimism bias:
 * the scenarios' own, else their business cases'. */
static void benefits_invest(fin_benefits *b, double f)
{
    const fin_run *rb = &b->base, *ra = &b->alt;
    const cost_spec *cb = rb->sc->costs, *ca = ra->sc->costs;
    int own = (ca && ca->n_investment) || (cb && cb->n_investment);
    double bias = own ? (ca ? ca->investment_bias : 0)
                      : (ra->sc->business_case
                             ? ra->sc->business_case->investment_bias
                             : 0);
    for (size_t y = 0; y < rb->n_years; y++) {
        double vb = 0, va = 0;
        if (own) {
            if (rb->years[y].fy >= 0) {
                cost_investment(cb, rb->years[y].fy, &vb);
                cost_investment(ca, rb->years[y].fy, &va);
            }
        } else {
            vb = f * bc_invest(rb->sc, y);
            va = f * bc_invest(ra->sc, y);
        }
        b->invest[y] = va - vb;
        b->invest_biased[y] = (va - vb) * (1 + bias);
    }
}

/* One replication's savings and cash by line in year y, the unit costs
 * multiplied by mult[COST_ITEMS] (NULL: as given), f the business case's
 * price factor. */
static void rep_year(const fin_benefits *b, size_t r, size_t y,
                     const double *mult, double f, double *save,
                     double *cash, double *by_item, double *item_cash)
{
    const fin_run *rb = &b->base, *ra = &b->alt;
    size_t ny = rb->n_years;
    const double *ab = &rb->act[(r * ny + y) * COST_ITEMS];
    const double *aa = &ra->act[(r * ny + y) * COST_ITEMS];
    double item[COST_ITEMS];
    double rel[COST_ITEMS] = {0};
    for (int i = 0; i < COST_ITEMS; i++)
        item[i] = (mult ? mult[i] : 1) *
                  (rb->price[i] * ab[i] - ra->price[i] * aa[i]);
    for (size_t k = 0, nr = n_rules(ra->sc); k < nr; k++) {
        int i = ra->sc->costs->release[k].item;
        rel[i] += (mult ? mult[i] : 1) * ra->price[i] *
                  b->closed_bed_days[(r * ny + y) * nr + k];
    }
    for (size_t l = 0; l < b->n_lines; l++)
        line_saving(b, &b->lines[l], r, y, item, rel, f, &save[l], &cash[l]);
    for (int i = 0; by_item && i < COST_ITEMS; i++) {
        fin_line one = {.kind = LINE_SIMULATED, .items = 1u << i};
        line_saving(b, &one, r, y, item, rel, f, &by_item[i], &item_cash[i]);
    }
}

int fin_benefits_build(fin_benefits *b, char *err, size_t errlen)
{
    if (benefits_check(b, err, errlen) != 0)
        return -1;
    if (make_lines(b) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const fin_run *rb = &b->base;
    size_t ny = rb->n_years;
    size_t nl = b->n_lines, reps = (size_t)rb->reps, cells;
    int big = __builtin_mul_overflow(reps, ny ? ny : 1, &cells) ||
              __builtin_mul_overflow(cells, nl ? nl : 1, &cells);
    b->saving = big ? NULL : calloc(cells, sizeof *b->saving);
    b->cash = big ? NULL : calloc(cells, sizeof *b->cash);
    size_t icells;
    big = big || __builtin_mul_overflow(reps * (ny ? ny : 1),
                                        (size_t)COST_ITEMS, &icells);
    b->item_save = big ? NULL : calloc(icells, sizeof *b->item_save);
    b->item_cash = big ? NULL : calloc(icells, sizeof *b->item_cash);
    b->invest = calloc(ny + 1, sizeof *b->invest);
    b->invest_biased = calloc(ny + 1, sizeof *b->invest_biased);
    if (!b->saving || !b->cash || !b->invest || !b->invest_biased ||
        !b->item_save || !b->item_cash) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (fin_release_build(b, err, errlen))
        return -1;
    const cost_spec *pc = fin_psa_costs(b);
    if (pc && psa_draw(pc, rb->sc->seed, rb->reps, &b->mult)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    double f = bc_factor(b);
    for (size_t r = 0; r < reps; r++)
        for (size_t y = 0; y < ny; y++)
            rep_year(b, r, y, b->mult ? &b->mult[r * COST_ITEMS] : NULL, f,
                     &b->saving[(r * ny + y) * nl],
                     &b->cash[(r * ny + y) * nl],
                     &b->item_save[(r * ny + y) * COST_ITEMS],
                     &b->item_cash[(r * ny + y) * COST_ITEMS]);
    benefits_invest(b, f);
    return 0;
}

const cost_spec *fin_psa_costs(const fin_benefits *b)
{
    const cost_spec *ca = b->alt.sc->costs, *cb = b->base.sc->costs;
    return psa_uncertain(ca) ? ca : psa_uncertain(cb) ? cb : NULL;
}

double fin_net_mean_at(const fin_benefits *b, const double *mult)
{
    size_t reps = (size_t)b->base.reps, ny = b->base.n_years;
    size_t nl = b->n_lines;
    double *s = malloc(2 * (nl ? nl : 1) * sizeof *s), t = 0;
    if (!s)
        return NAN;
    double f = bc_factor(b);
    for (size_t r = 0; r < reps; r++)
        for (size_t y = 0; y < ny; y++) {
            rep_year(b, r, y, mult, f, s, s + nl, NULL, NULL);
            for (size_t l = 0; l < nl; l++)
                t += s[l] * (1 - b->lines[l].optimism_bias);
            t -= b->invest_biased[y];
        }
    free(s);
    return reps ? t / (double)reps : NAN;
}

/* ---- summaries ---- */
