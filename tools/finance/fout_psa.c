/* fout_psa.c -- the probabilistic sensitivity analysis in the output
 * (fout_int.h): the share of replications with a positive net saving and
 * the one-way sensitivities (a tornado) of the uncertain unit costs. */
#include <math.h>
#include <stdio.h>
#include <string.h>
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

#define PSA_EFFECTS_MAX 64

/* The uncertain effects' lines of the table. */
static void effects_table(FILE *f, const fin_benefits *b,
                          const psa_effect *e, size_t ne)
{
    if (!ne)
        return;
    fprintf(f, "Uncertain effects (beta, drawn once per replication): "
               "the draws' mean and sd, and\nthe mean net saving, all "
               "years, the replications' least-squares line gives at the\n"
               "beta's 2.5%% and 97.5%% points\n%-44s %8s %8s %8s %8s "
               "%10s %10s\n", "intervention (phasing K: its K-th phase)",
            "mean", "sd", "low", "high", "at low", "at high");
    for (size_t k = 0; k < ne; k++) {
        char name[160];
        psa_effect_name(b, &e[k], name, sizeof name);
        if (e[k].phase >= 0 && strlen(name) > 42) {  /* keep "phasing K" */
            char tail[40];
            int nt = snprintf(tail, sizeof tail, " phasing %ld", e[k].phase);
            snprintf(name, sizeof name, "%.*s%s", 42 - nt,
                     b->alt.sc->interventions[e[k].iv].name, tail);
        }
        fprintf(f, "  %-42.42s %8.4f %8.4f %8.4f %8.4f %10.0f %10.0f\n",
                name, e[k].mean, e[k].sd, e[k].lo, e[k].hi, e[k].net_lo / K,
                e[k].net_hi / K);
    }
}

void fout_psa_table(FILE *f, const fin_benefits *b)
{
    psa_effect e[PSA_EFFECTS_MAX];
    size_t ne = psa_effects(b, e, PSA_EFFECTS_MAX);
    if (!b->mult && !ne)
        return;
    fout_bar t[COST_ITEMS];
    size_t n = fout_tornado(b, t);
    fprintf(f, "\nProbabilistic sensitivity analysis: each replication "
               "draws the uncertain %s\nonce, so the CIs above combine "
               "parameter uncertainty and simulation noise.\n"
               "  P(net saving > 0), all years: %.3f of %ld replications\n",
            b->mult && ne ? "unit costs (gamma) and effects (beta)"
            : ne ? "effects (beta)" : "unit costs (gamma)",
            fin_share_net_positive(b), b->base.reps);
    effects_table(f, b, e, ne);
    if (!n)
        return;
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

/* The uncertain effects as JSON members of "psa". */
static void effects_json(FILE *f, const fin_benefits *b,
                         const psa_effect *e, size_t ne)
{
    fputs(", \"effects\": [", f);
    for (size_t k = 0; k < ne; k++) {
        fputs(k ? ",\n  {\"intervention\": " : "\n  {\"intervention\": ", f);
        json_str(f, b->alt.sc->interventions[e[k].iv].name);
        if (e[k].phase >= 0)
            fprintf(f, ", \"phase\": %ld", e[k].phase);
        const char *key[] = {"mean", "sd", "low", "high", "net_at_low",
                             "net_at_high"};
        double v[] = {e[k].mean, e[k].sd, e[k].lo, e[k].hi, e[k].net_lo,
                      e[k].net_hi};
        for (size_t i = 0; i < 6; i++) {
            fprintf(f, ", \"%s\": ", key[i]);
            json_num(f, v[i]);
        }
        fputc('}', f);
    }
    fputc(']', f);
}

void fout_psa_json(FILE *f, const fin_benefits *b)
{
    psa_effect e[PSA_EFFECTS_MAX];
    size_t ne = psa_effects(b, e, PSA_EFFECTS_MAX);
    if (!b->mult && !ne)
        return;
    fout_bar t[COST_ITEMS];
    size_t n = fout_tornado(b, t);
    fputs(",\n \"psa\": {\"draws\": \"", f);
    fputs(b->mult && ne ? "unit costs (gamma) and effects (beta) per "
          "replication" : ne ? "effects, beta per replication"
          : "unit costs, gamma per replication", f);
    fputs("\", \"p_net_positive\": ", f);
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
    fputc(']', f);
    effects_json(f, b, e, ne);
    fputc('}', f);
}
