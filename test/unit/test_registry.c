/* test_registry.c -- adding a KPI is one registry entry and its
 * computation (models/kpis.h): nothing else lists KPIs.
 *
 * Each entry must say everything a KPI needs (name, unit, kind, area,
 * label, computation, and for a KPI by month its series), and every use
 * of KPIs must take them from the registry alone.  Checked on the finance
 * tests' small system, which has every scope (units, the system, health
 * roles, costs) and, with `monthly:` and `discharge_mix:`, KPIs by
 * month and those of the mix, with `quantiles:` and `distribution:`
 * the per-unit KPIs on request, and with one unit's pre-emption the
 * per-unit KPI of a feature (at that unit only):
 *  - the entries are whole: ids in order, names unique, a unit, a label,
 *    a computation, a kind with a natural range, an area, series for a
 *    KPI by month, headline ranks 1, 2, ... each once;
 *  - network_kpis instantiates every entry of each scope: once, or once
 *    per unit (a unit named like a health role gives way to the role's);
 *  - the store's way back, names to entries (kpi_list_adopt), finds every
 *    entry and unit again, with and without the scenario;
 *  - a run's value of every KPI lies in its kind's natural range (or is
 *    NAN, never observed), so each computation honours its entry;
 *  - the outputs (JSON, CSV) and headline_pick see every KPI by the
 *    registry alone: every name once in JSON, one CSV row each, the
 *    headline KPIs in rank order.
 * A new KPI with an incomplete entry, or a consumer with a table of its
 * own, fails one of these. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "experiment.h"
#include "headline.h"
#include "load.h"
#include "output.h"
#include "tap.h"

/* The entries themselves. */
static void check_entries(void)
{
    int whole = 1, ranks[KPI_N + 1] = {0}, top = 0;
    for (int i = 0; i < KPI_N; i++) {
        const kpi_info *k = kpi_info_of((kpi_id)i);
        int ok = k->id == (kpi_id)i && k->name && *k->name && k->unit &&
                 *k->unit && k->label && *k->label && k->compute &&
                 k->kind < KPI_NUMBER && k->area < KPI_AREAS;
        if (k->by_month != KPI_BY_MONTH_NONE)
            ok = ok && kpi_scope_of(k->id) == KPI_SCOPE_HEALTH &&
                 k->ma < SER_N && k->mb < SER_N;
        for (int j = 0; j < i && ok; j++)
            ok = kpi_scope_of((kpi_id)j) != kpi_scope_of((kpi_id)i) ||
                 strcmp(kpi_info_of((kpi_id)j)->name, k->name);
        if (!ok)
            printf("#   entry %d (%s) is not whole\n", i,
                   k->name ? k->name : "?");
        whole = whole && ok;
        if (kpi_scope_of(k->id) == KPI_SCOPE_HEALTH && k->headline > 0 &&
            k->headline <= KPI_N) {
            ranks[k->headline]++;
            top = k->headline > top ? k->headline : top;
        }
    }
    CHECK(whole, "every entry has its id, a unique name, a unit, a label, "
                 "a computation, a kind with a natural range, an area");
    int once = top > 0;
    for (int r = 1; r <= top; r++)
        once = once && ranks[r] == 1;
    CHECK(once, "headline ranks 1..%d, each once", top);
}

/* Each entry of each scope in l: once, or once per unit of sc. */
static void check_instances(const scenario *sc, const kpi_list *l)
{
    int all = 1;
    for (int i = 0; i < KPI_N; i++) {
        kpi_id id = (kpi_id)i;
        if (kpi_scope_of(id) != KPI_SCOPE_UNIT) {
            if (kpi_list_index(l, id) < 0) {
                printf("#   %s missing\n", kpi_info_of(id)->name);
                all = 0;
            }
            continue;
        }
        for (size_t u = 0; u < sc->n_units; u++) {
            char name[256];
            long k = kpi_list_unit_index(l, id, (int)u);
            /* a KPI on request is named with its number: the first */
            if (id >= KPI_FIRST_ON_REQUEST && k >= 0)
                snprintf(name, sizeof name, "%s", l->defs[k].name);
            else
                snprintf(name, sizeof name, "%s.%s", sc->units[u].name,
                         kpi_info_of(id)->name);
            long named = kpi_list_lookup(l, name);
            /* present, or given way to a health KPI of that name; a
             * KPI of a feature only at the units with it */
            int ok = (k >= 0 && k == named) ||
                     (k < 0 && named >= 0 && l->defs[named].unit_index < 0);
            if (!kpi_unit_has(sc, (int)u, id))
                ok = k < 0 && named < 0;
            if (!ok)
                printf("#   %s missing\n", name);
            all = all && ok;
        }
    }
    CHECK(all, "network_kpis has every entry of every scope (%zu KPIs)",
          l->n);
    long months = 0;
    for (size_t k = 0; k < l->n; k++)
        months += l->defs[k].month >= 0;
    CHECK(months == (long)(sc->n_monthly * sc->n_months) && months > 0,
          "and every KPI by month, month by month (%ld)", months);
}

/* The store keeps names only: they lead back to the same entries (a KPI
 * of one month only with the scenario, which has the months). */
static void check_adopt(const scenario *sc, const kpi_list *l)
{
    for (int with = 0; with < 2; with++) {
        kpi_def *d = calloc(l->n, sizeof *d);
        if (!d)
            abort();
        for (size_t k = 0; k < l->n; k++)
            d[k] = (kpi_def){.name = l->defs[k].name,
                             .unit = l->defs[k].unit, .month = -1};
        kpi_list back = {.n = l->n, .defs = d};
        int same = kpi_list_adopt(&back, with ? sc : NULL) == 0;
        for (size_t k = 0; k < l->n && same; k++)
            same = (!with && l->defs[k].month >= 0) || /* not by name */
                   (d[k].info == l->defs[k].info &&
                   (d[k].unit_index >= 0) == (l->defs[k].unit_index >= 0) &&
                    (!with || d[k].unit_index == l->defs[k].unit_index));
        CHECK(same, "names lead back to the same entries and units (%s "
                    "the scenario)", with ? "with" : "without");
        free(d);
    }
}

/* A run: every value in its kind's natural range (give or take the
 * rounding of a ratio of two sums: a unit full all the time is at
 * 100.00000000000004 percent). */
static void check_ranges(const experiment *e)
{
    int in = 1;
    size_t seen = 0;
    for (size_t k = 0; k < e->kpis.n; k++) {
        double lo, hi, v = e->values[k];
        kpi_kind_range(e->kpis.defs[k].info->kind, &lo, &hi);
        if (isnan(v))
            continue;
        seen++;
        double slack = 1e-9 * (1 + fmax(fabs(v), isfinite(hi) ? hi : 0));
        if (!(v >= lo - slack && v <= hi + slack)) {
            printf("#   %s = %.17g outside [%g, %g]\n", e->kpis.defs[k].name,
                   v, lo, hi);
            in = 0;
        }
    }
    CHECK(in, "every value lies in its kind's natural range");
    CHECK(seen > e->kpis.n / 2, "most KPIs observed (%zu of %zu)", seen,
          e->kpis.n);
}

/* How many times `needle` occurs in text. */
static size_t count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* The outputs and headline_pick: every KPI, by the registry alone. */
static void check_outputs(const experiment *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f || output_write(f, e, FORMAT_JSON, NULL) != 0 || fclose(f) != 0)
        abort();
    int once = 1;
    for (size_t k = 0; k < e->kpis.n; k++) {
        char key[300];
        snprintf(key, sizeof key, "\"%s\": {\"mean\"", e->kpis.defs[k].name);
        once = once && count(buf, key) == 1;
    }
    CHECK(once, "JSON: every KPI once, with its summary");
    free(buf);
    f = open_memstream(&buf, &len);
    if (!f || output_write(f, e, FORMAT_CSV, NULL) != 0 || fclose(f) != 0)
        abort();
    CHECK(count(buf, "\n") == e->kpis.n + 1, "CSV: a header and a row a KPI");
    free(buf);
    size_t idx[KPI_N];
    size_t n = headline_pick(&e->kpis, idx, KPI_N), top = 0;
    int order = n > 0;
    for (size_t i = 0; i < n; i++) {
        const kpi_def *d = &e->kpis.defs[idx[i]];
        if (d->month >= 0)
            continue; /* months share their KPI's entry and rank */
        order = order && d->info->headline == (int)++top;
    }
    CHECK(order, "headline KPIs in rank order (%zu)", top);
}

int main(int argc, char **argv)
{
    const char *src = argc > 1 ? argv[1] : ".";
    char path[4096], err[LOAD_ERR_MAX];
    snprintf(path, sizeof path, "%s/test/finance/small.yaml", src);
    const char *sets[] = {"monthly=[ed.four_hour.performance, "
                          "acute.occupancy.mean]",
                          "discharge_mix={classes: [risk]}",
                          "horizon=120 days",
                          "quantiles=[0.5, 0.85]", "distribution=all",
                          "units.sdec.queue={discipline: priority, "
                          "preempt: true}"};
    scenario *sc = load_scenario(path, sets, 6, NULL, err, sizeof err);
    if (!sc) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    check_entries();
    kpi_list l;
    if (network_kpis(sc, &l) != 0)
        abort();
    check_instances(sc, &l);
    check_adopt(sc, &l);
    kpi_list_free(&l);
    experiment e;
    CHECK(experiment_run(sc, 1, 1, &e, err, sizeof err) == 0,
          "a replication runs");
    check_ranges(&e);
    check_outputs(&e);
    experiment_free(&e);
    scenario_free(sc);
    return tap_done();
}
