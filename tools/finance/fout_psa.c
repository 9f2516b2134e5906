/* fout_psa.c -- the probabilistic sensitivity analysis in the output
 * (fout_int.h): the share of replications with a positive net saving and
 * the one-way sensitivities (a tornado) of the uncertain unit costs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "fout_int.h"
#include "json.h"
#include "psa.h"

static int by_swing(const void *x, const void *y)
{
    const fout_bar *a = x, *b = y;
    double sa = fabs(a->at_hi - a->at_lo), sb = fabs(b->at_hi - b->at_lo);
    return sa < sb ? 1 : sa > sb ? -1 : a->item - b->item;
}

size_t fout_tornado(const fin_benefits *b, fout_bar *t)
{
    const cost_spec *c = fin_psa_costs(b);
    size_t n = 0;
    for (int i = 0; c && i < COST_ITEMS; i++) {
        if (!c->unit[i].set || !(c->unit[i].sd > 0))
            continue;
        double m[COST_ITEMS];
        for (int k = 0; k < COST_ITEMS; k++)
            m[k] = 1;
        fout_bar *x = &t[n++];
        x->item = i;
        psa_range(c, i, &x->lo_mult, &x->hi_mult);
        m[i] = x->lo_mult;
        x->at_lo = fin_net_mean_at(b, m);
        m[i] = x->hi_mult;
        x->at_hi = fin_net_mean_at(b, m);
    }
    qsort(t, n, sizeof *t, by_swing);
    return n;
}

void fout_psa_table(FILE *f, const fin_benefits *b)
{
    if (!b->mult)
        return;
    fout_bar t[COST_ITEMS];
    size_t n = fout_tornado(b, t);
    fprintf(f, "\nProbabilistic sensitivity analysis: each replication "
               "draws the uncertain unit costs\n(gamma, mean the cost, sd "
               "as given), so the CIs above combine price uncertainty\nand "
               "simulation noise; effect sizes are not drawn.\n"
               "  P(net saving > 0), all years: %.3f of %ld replications\n",
            fin_share_net_positive(b), b->base.reps);
    fprintf(f, "One-way sensitivity (tornado): mean net saving, all years, "
               "with one unit cost at\nits 2.5%% and 97.5%% points, the "
               "others as given (");
    fout_price_note(f, b->price_base);
    fprintf(f, "); as given: %.0f\n%-44s %9s %9s %10s %10s\n",
            fin_net_mean_at(b, NULL) / K, "unit cost", "low x", "high x",
            "at low", "at high");
    for (size_t k = 0; k < n; k++)
        fprintf(f, "  %-42.42s %9.3f %9.3f %10.0f %10.0f\n",
                cost_item_label((cost_item)t[k].item), t[k].lo_mult,
                t[k].hi_mult, t[k].at_lo / K, t[k].at_hi / K);
}

void fout_psa_json(FILE *f, const fin_benefits *b)
{
    if (!b->mult)
        return;
    fout_bar t[COST_ITEMS];
    size_t n = fout_tornado(b, t);
    fputs(",\n \"psa\": {\"draws\": \"unit costs, gamma per replication\", "
          "\"p_net_positive\": ", f);
    json_num(f, fin_share_net_positive(b));
    fputs(", \"net_as_given\": ", f);
    json_num(f, fin_net_mean_at(b, NULL));
    fputs(", \"tornado\": [", f);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? ",\n  {\"item\": \"" : "\n  {\"item\": \"", f);
        fputs(cost_item_key((cost_item)t[k].item), f);
        fputs("\", \"low_multiplier\": ", f);
        json_num(f, t[k].lo_mult);
        fputs(", \"high_multiplier\": ", f);
        json_num(f, t[k].hi_mult);
        fputs(", \"net_at_low\": ", f);
        json_num(f, t[k].at_lo);
        fputs(", \"net_at_high\": ", f);
        json_num(f, t[k].at_hi);
        fputc('}', f);
    }
    fputs("]}", f);
}
