/* fout_schedule.c -- the cost schedule behind every figure (fout_int.h):
 * each unit cost and fixed cost as given (price year, source), the uplift
 * to the price base by the inflation index, and its cash-releasing
 * share. */
#include <math.h>
#include <stdio.h>
#include "fout_int.h"
#include "json.h"
#include "text.h"

/* The uplift from price year y to the base (NAN when not in the index). */
static double uplift(const cost_spec *c, int y)
{
    double f = 1;
    if (costs_price_factor(c, y, c->price_base, &f) != 0)
        f = NAN;
    return f;
}

void fout_schedule_table(FILE *f, const cost_spec *c)
{
    char fy[16], pb[16];
    if (!c)
        return;
    fprintf(f, "\nCost schedule (prices at %s; uplift by the inflation "
               "index",
            costs_fy_name(c->price_base, pb, sizeof pb));
    if (c->index_source) {
        fputs(": ", f);
        text_term(f, c->index_source);
    }
    fprintf(f, ")\n%-40s %10s %-8s %7s %10s %5s  %s\n", "item", "unit cost",
            "year", "uplift", "at base", "cash", "source");
    for (int i = 0; i < COST_ITEMS; i++) {
        const unit_cost *u = &c->unit[i];
        if (!u->set)
            continue;
        double x = uplift(c, u->price_year);
        fprintf(f, "  %-38.38s %10.2f %-8s %7.4f %10.2f %4.0f%%  ",
                cost_item_label((cost_item)i), u->cost,
                costs_fy_name(u->price_year, fy, sizeof fy), x, u->cost * x,
                100 * u->cash_releasing);
        text_term(f, u->source ? u->source : "-");
        fputc('\n', f);
    }
    for (size_t k = 0; k < c->n_fixed; k++) {
        const fixed_cost *x = &c->fixed[k];
        double u = uplift(c, x->price_year);
        fputs("  fixed: ", f);
        text_term_cell(f, x->name, 31);
        fprintf(f, " %10.0f %-8s %7.4f %10.0f %4.0f%%  ", x->per_year,
                costs_fy_name(x->price_year, fy, sizeof fy), u,
                x->per_year * u, 100 * x->cash_releasing);
        text_term(f, x->source ? x->source : "-");
        fputs(" (a year)\n", f);
    }
    for (size_t k = 0; k < c->n_release; k++) {
        const release_rule *q = &c->release[k];
        double u = uplift(c, q->price_year);
        fputs("  wards closed: ", f);
        text_term_cell(f, q->name, 24);
        fprintf(f, " %10.0f %-8s %7.4f %10.0f  100%%  ", q->per_year,
                costs_fy_name(q->price_year, fy, sizeof fy), u,
                q->per_year * u);
        text_term(f, q->source ? q->source : "-");
        fprintf(f, " (a ward a year: %g places of ", q->beds);
        text_term(f, q->unit_name);
        fprintf(f, " free for %g days close one; their %s become cash)\n",
                q->sustained, cost_item_key((cost_item)q->item));
    }
}

static void json_entry(FILE *f, const char *name, double cost, int year,
                       double up, double cash, const char *source)
{
    char fy[16];
    fputs("{\"item\": ", f);
    json_str(f, name);
    fputs(", \"unit_cost\": ", f);
    json_num(f, cost);
    fputs(", \"price_year\": ", f);
    json_str(f, costs_fy_name(year, fy, sizeof fy));
    fputs(", \"uplift\": ", f);
    json_num(f, up);
    fputs(", \"at_price_base\": ", f);
    json_num(f, cost * up);
    fputs(", \"cash_releasing\": ", f);
    json_num(f, cash);
    fputs(", \"source\": ", f);
    if (source)
        json_str(f, source);
    else
        fputs("null", f);
    fputc('}', f);
}

void fout_schedule_json(FILE *f, const cost_spec *c)
{
    if (!c)
        return;
    int first = 1;
    fputs(",\n \"cost_schedule\": [", f);
    for (int i = 0; i < COST_ITEMS; i++) {
        const unit_cost *u = &c->unit[i];
        if (!u->set)
            continue;
        fputs(first ? "\n  " : ",\n  ", f);
        first = 0;
        json_entry(f, cost_item_key((cost_item)i), u->cost, u->price_year,
                   uplift(c, u->price_year), u->cash_releasing, u->source);
    }
    for (size_t k = 0; k < c->n_fixed; k++) {
        const fixed_cost *x = &c->fixed[k];
        char name[160];
        snprintf(name, sizeof name, "fixed.%s", x->name);
        fputs(first ? "\n  " : ",\n  ", f);
        first = 0;
        json_entry(f, name, x->per_year, x->price_year,
                   uplift(c, x->price_year), x->cash_releasing, x->source);
    }
    fputc(']', f);
}

/* Whether two schedules price every item and fixed cost alike. */
static int same_schedule(const cost_spec *a, const cost_spec *b)
{
    if (a->n_fixed != b->n_fixed || a->price_base != b->price_base)
        return 0;
    for (int i = 0; i < COST_ITEMS; i++)
        if (a->unit[i].set != b->unit[i].set ||
            a->unit[i].cost != b->unit[i].cost ||
            a->unit[i].price_year != b->unit[i].price_year ||
            a->unit[i].cash_releasing != b->unit[i].cash_releasing)
            return 0;
    for (size_t k = 0; k < a->n_fixed; k++)
        if (a->fixed[k].per_year != b->fixed[k].per_year ||
            a->fixed[k].price_year != b->fixed[k].price_year)
            return 0;
    return 1;
}

const cost_spec *fout_schedule_base(const fin_benefits *b)
{
    return b->base.sc->costs ? b->base.sc->costs : b->alt.sc->costs;
}

const cost_spec *fout_schedule_alt(const fin_benefits *b)
{
    const cost_spec *cb = b->base.sc->costs, *ca = b->alt.sc->costs;
    return cb && ca && !same_schedule(cb, ca) ? ca : NULL;
}
