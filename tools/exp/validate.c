/* validate.c -- targets against a run (validate.h). */
#include <math.h>
#include "text.h"
#include "validate.h"

/* The KPI position of target t (month j of a monthly target), or -1. */
static long validate_kpi(const experiment *e, const target_spec *t, long j)
{
    if (j < 0)
        return kpi_list_lookup(&e->kpis, t->kpi);
    const kpi_info *k = kpi_info_named(t->kpi);
    return k ? kpi_list_month_index(&e->kpis, k->id, t->month[j]) : -1;
}

int validate_check(const scenario *sc, const experiment *e, const char **bad)
{
    for (size_t i = 0; i < sc->n_targets; i++) {
        const target_spec *t = &sc->targets[i];
        for (long j = t->monthly ? 0 : -1; j < (long)t->n_months; j++)
            if (validate_kpi(e, t, j) < 0) {
                *bad = t->kpi;
                return -1;
            }
    }
    return 0;
}

/* Prints target t's months; returns 1 when enough are within tolerance. */
static int validate_months(FILE *f, const scenario *sc, const experiment *e,
                           const target_spec *t)
{
    long within = 0;
    kpi_summary s;
    for (size_t j = 0; j < t->n_months; j++) {
        experiment_summarise(e, (size_t)validate_kpi(e, t, (long)j), &s);
        within += isfinite(s.mean) &&
                  fabs(s.mean - t->month_value[j]) <= t->tolerance;
    }
    int ok = within >= t->months_needed;
    text_term_pad(f, t->kpi, -34);
    fprintf(f, " %12s %10.4g %12s %25s  %s\n", "by month", t->tolerance, "",
            "", ok ? "met" : "MISSED");
    for (size_t j = 0; j < t->n_months; j++) {
        experiment_summarise(e, (size_t)validate_kpi(e, t, (long)j), &s);
        int in = isfinite(s.mean) &&
                 fabs(s.mean - t->month_value[j]) <= t->tolerance;
        fprintf(f, "    %-30s %12.6g %10s %12.6g   [%10.6g, %10.6g]  %s\n",
                sc->months[t->month[j]].name, t->month_value[j], "", s.mean,
                s.lo, s.hi, in ? "within" : "outside");
    }
    fprintf(f, "    %ld of %zu months within the tolerance (%ld needed)\n",
            within, t->n_months, t->months_needed);
    return ok;
}

int validate_report(FILE *f, const scenario *sc, const experiment *e)
{
    fputs("validate ", f);
    text_term(f, sc->name);
    fprintf(f, ": %ld replications, seed %llu\n\n", e->reps,
            (unsigned long long)sc->seed);
    fprintf(f, "%-34s %12s %10s %12s %25s  %s\n", "KPI", "observed", "+/-",
            "simulated", "95% CI", "result");
    size_t met = 0;
    for (size_t i = 0; i < sc->n_targets; i++) {
        const target_spec *t = &sc->targets[i];
        int ok;
        if (t->monthly) {
            ok = validate_months(f, sc, e, t);
        } else {
            kpi_summary s;
            experiment_summarise(e, (size_t)validate_kpi(e, t, -1), &s);
            ok = isfinite(s.mean) && fabs(s.mean - t->value) <= t->tolerance;
            text_term_pad(f, t->kpi, -34);
            fprintf(f, " %12.6g %10.4g %12.6g   [%10.6g, %10.6g]  %s\n",
                    t->value, t->tolerance, s.mean, s.lo, s.hi,
                    ok ? "met" : "MISSED");
        }
        met += (size_t)ok;
        if (t->source && t->source[0]) {
            fputs("    source: ", f);
            text_term(f, t->source);
            fputc('\n', f);
        }
    }
    fprintf(f, "\n%zu of %zu targets met\n", met, sc->n_targets);
    return met == sc->n_targets;
}
