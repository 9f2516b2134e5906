/* test_finance.c -- the finance layer.
 *
 * 1. Price-base conversion by hand-computed cases.
 * 2. Financial years: parsing, April-March mapping, a scenario's years.
 * 3. The Stockport Together benefit table reproduced to the GBP k by the
 *    static method, every line, every year, and the totals.
 * 4. Costs = unit costs x activity, the activity computed independently
 *    from each replication's KPIs (counts and time-averages).
 * 5. Savings of a scenario against itself are exactly zero: every line,
 *    every year, CIs [0, 0].
 * 6. Loader messages for the finance sections.
 * 7. Cost KPIs of every run: each equals its unit cost x the activity
 *    KPIs of the same replication, exactly; and they agree with the
 *    daily-series costing of `flowsim benefits`.
 * argv[1]: the source root.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "costs.h"
#include "finance.h"
#include "load.h"
#include "network.h"
#include "tap.h"

static char root[4096];

static scenario *load(const char *rel, const char **sets, size_t n,
                      char *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    return load_scenario(path, sets, n, NULL, err, LOAD_ERR_MAX);
}

/* 1. index 2015/16 = 100 ... by hand. */
static void test_price_base(void)
{
    int years[] = {2015, 2020, 2021, 2022, 2023};
    double idx[] = {100, 113.03, 116.08, 122.81, 129.44};
    cost_spec c = {.price_base = 2022, .n_index = 5, .index_year = years,
                   .index_value = idx};
    double f;
    CHECK(costs_price_factor(&c, 2015, 2022, &f) == 0, "2015/16 in index");
    NEAR(100 * f, 122.81, 1e-9, "GBP 100 at 2015/16 = GBP 122.81 at 2022/23");
    costs_price_factor(&c, 2023, 2022, &f);
    NEAR(273 * f, 259.0167645241, 1e-9,
         "GBP 273 at 2023/24 = 273 x 122.81 / 129.44 = 259.0168 at 2022/23");
    costs_price_factor(&c, 2020, 2022, &f);
    NEAR(344.60 * f, 374.4167566133, 1e-9,
         "GBP 344.60 at 2020/21 = 374.4168 at 2022/23");
    costs_price_factor(&c, 2022, 2015, &f);
    NEAR(1e6 * f, 814265.939255, 1e-5,
         "GBP 1m at 2022/23 = 814,265.94 at 2015/16 (deflating)");
    costs_price_factor(&c, 2015, 2023, &f);
    NEAR(f, 1.2944, 1e-12, "2015/16 -> 2023/24 x 1.2944");
    CHECK(costs_price_factor(&c, 2019, 2019, &f) == 0 && f == 1,
          "same year: factor 1 even when not in the index");
    CHECK(costs_price_factor(&c, 2014, 2022, &f) == -1,
          "a year not in the index is refused");
    /* the same through a scenario: unit costs at the price base */
    char err[LOAD_ERR_MAX];
    scenario *sc = load("test/finance/small.yaml", NULL, 0, err);
    CHECK(sc && sc->costs, "small.yaml loads with costs: %s", sc ? "" : err);
    if (!sc)
        return;
    double price[COST_ITEMS];
    CHECK(cost_unit_prices(sc->costs, price) == 0, "unit prices");
    NEAR(price[COST_ED_ATTENDANCE], 259.0167645241, 1e-9, "ed price");
    NEAR(price[COST_ACUTE_BED_DAY], 374.4167566133, 1e-9, "bed-day price");
    NEAR(price[COST_SDEC_ATTENDANCE], 200, 0, "base-year price unchanged");
    NEAR(price[COST_CAREHOME_WEEK], 729 * 122.81 / 116.08, 1e-9,
         "care-home week 2021/22 -> 2022/23");
    double inv;
    cost_investment(sc->costs, 2022, &inv);
    NEAR(inv, 122810, 1e-6, "investment GBP 100,000 at 2015/16 = 122,810");
    cost_investment(sc->costs, 2024, &inv);
    NEAR(inv, 0, 0, "no investment in 2024/25");
    scenario_free(sc);
}

/* 2. */
static void test_years(void)
{
    char b[16];
    CHECK(costs_parse_fy("2022/23") == 2022, "2022/23");
    CHECK(costs_parse_fy("1999/00") == 1999, "1999/00");
    CHECK(costs_parse_fy("2022/24") == -1, "2022/24 refused");
    CHECK(costs_parse_fy("2022-23") == -1, "2022-23 refused");
    CHECK(costs_parse_fy("2022/2") == -1, "2022/2 refused");
    CHECK(!strcmp(costs_fy_name(2015, b, sizeof b), "2015/16"), "name");
    CHECK(costs_fy_of_epoch_day(costs_epoch_day("2023-03-31")) == 2022,
          "31 March 2023 is in 2022/23");
    CHECK(costs_fy_of_epoch_day(costs_epoch_day("2023-04-01")) == 2023,
          "1 April 2023 is in 2023/24");
    CHECK(costs_fy_of_epoch_day(costs_epoch_day("2024-02-29")) == 2023,
          "29 Feb 2024 is in 2023/24");
    CHECK(costs_fy_of_epoch_day(costs_epoch_day("2000-01-01")) == 1999,
          "1 Jan 2000 is in 1999/00");
    CHECK(costs_epoch_day("1970-01-02") == 1, "epoch day");
    char err[LOAD_ERR_MAX];
    scenario *sc = load("scenarios/stockport/stockport-together.yaml", NULL,
                        0, err);
    CHECK(sc != NULL, "stockport-together loads %s", sc ? "" : err);
    if (!sc)
        return;
    fin_year *y;
    /* the scenario's own horizon: five whole years, the leap day too */
    size_t n = fin_years(sc, (size_t)(sc->horizon / 1440), &y);
    static const size_t days[] = {365, 366, 365, 365, 365};
    CHECK(n == 5, "five financial years (%zu)", n);
    for (size_t i = 0; i < n && i < 5; i++)
        CHECK(y[i].fy == 2022 + (int)i && y[i].d1 - y[i].d0 == days[i] &&
                  y[i].length == days[i],
              "%s has %zu of %zu days (want all %zu)", y[i].label,
              y[i].d1 - y[i].d0, y[i].length, days[i]);
    CHECK(n && y[0].d0 == 60, "measured from day 60 (1 April 2022)");
    free(y);
    scenario_free(sc);
}

/* 3. Stockport Together: BC L904-L913. */
static void test_static(void)
{
    static const char *names[] = {
        "intensive-support-deflection", "length-of-stay",
        "residential-nursing", "outpatients", "healthy-communities",
        "prescribing"};
    static const double table[6][5] = {
        {958, 5748, 8622, 9580, 9580},
        {908, 1816, 2724, 3633, 4541},
        {185, 1110, 1832, 2184, 2406},
        {2021, 7772, 11970, 14457, 15545},
        {494, 2962, 4443, 4936, 4936},
        {0, 0, 296, 593, 988}};
    static const double total[5] = {4566, 19408, 29887, 35383, 37996};
    char err[LOAD_ERR_MAX];
    scenario *sc = load("scenarios/stockport/stockport-together.yaml", NULL,
                        0, err);
    if (!CHECK(sc && sc->business_case, "business_case: loads"))
        return;
    const business_case *b = sc->business_case;
    CHECK(b->n_lines == 6 && b->n_years == 5, "6 lines x 5 years");
    for (size_t l = 0; l < 6 && l < b->n_lines; l++) {
        CHECK(!strcmp(b->lines[l].name, names[l]), "line %zu is %s", l,
              names[l]);
        for (size_t y = 0; y < 5; y++)
            EQ(bc_line_value(b, l, y), table[l][y], names[l]);
    }
    for (size_t y = 0; y < 5; y++)
        EQ(bc_total(b, y), total[y], "total of the year");
    CHECK(bc_mismatches(b) == 0, "no printed value missed");
    /* full-year values (20/21) as the narrative quotes them */
    EQ(bc_line_value(b, 0, 4), 9580, "deflection full year 9,580");
    EQ(bc_line_value(b, 2, 4), 2406, "residential & nursing 2,406");
    /* optimism bias, relative reading (BC §3.5): 32,987 in 20/21 */
    /* on the unrounded lines (4,540.7, 15,544.9, 4,936.4): 32,987.22 */
    NEAR(bc_total_biased(b, 4), 32987.22, 1e-6, "benefits after bias");
    EQ(bc_invest_total(b, 4), 12273, "investment 2020/21");
    NEAR(bc_investment_biased(b, 4), 12273 * 1.05, 1e-9, "investment +5%");
    EQ(bc_invest_total(b, 0), 13136, "investment 2016/17");
    /* a changed phasing is noticed */
    double keep = b->lines[1].components[0].phasing[2];
    b->lines[1].components[0].phasing[2] = 0.61;
    CHECK(bc_mismatches(b) == 2, "a wrong phasing misses the line and the "
          "total (%zu)", bc_mismatches(b));
    b->lines[1].components[0].phasing[2] = keep;
    scenario_free(sc);
}

static double kpi(const kpi_list *k, const double *v, const char *name)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->defs[i].name, name))
            return v[i];
    printf("# no KPI %s\n", name);
    return NAN;
}

/* 4. Cost totals = unit costs x activity from the KPIs.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_cost_totals(void)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load("test/finance/small.yaml", NULL, 0, err);
    if (!CHECK(sc != NULL, "small.yaml %s", sc ? "" : err))
        return;
    kpi_list kl;
    series_list sl;
    cost_series cs;
    network_kpis(sc, &kl);
    network_series(sc, &sl);
    cost_series_init(&cs, sc, &sl);
    double *v = malloc(kl.n * sizeof *v);
    double *daily = malloc(sl.days * sl.n * sizeof *daily);
    double price[COST_ITEMS];
    cost_unit_prices(sc->costs, price);
    fin_run fr;
    CHECK(fin_run_scenario(sc, 2, &fr, err, sizeof err) == 0,
          "replications on threads");
    size_t d0 = 30, d1 = sl.days;
    double span = (double)(d1 - d0);
    for (uint64_t r = 0; r < 3; r++) {
        run_info info;
        network_run_series(sc, r, &kl, v, &sl, daily, &info, NULL, NULL);
        double act[COST_ITEMS];
        cost_activity(&cs, &sl, daily, d0, d1, act);
        /* independently: the replication's KPIs */
        double ind[COST_ITEMS];
        ind[COST_ED_ATTENDANCE] = kpi(&kl, v, "ed.attendances");
        ind[COST_SDEC_ATTENDANCE] = kpi(&kl, v, "sdec.attendances");
        double delayed = kpi(&kl, v, "acute.delayed.bed_days");
        ind[COST_ACUTE_BED_DAY] =
            kpi(&kl, v, "acute.occupancy.mean") * span - delayed;
        ind[COST_DELAYED_BED_DAY] = delayed;
        ind[COST_ESCALATION_BED_DAY] =
            kpi(&kl, v, "acute.escalation.bed_days");
        ind[COST_VW_DAY] = kpi(&kl, v, "vw.occupancy.mean") * span;
        ind[COST_P2_BED_DAY] = kpi(&kl, v, "p2.occupancy.mean") * span;
        ind[COST_REABLEMENT_DAY] = kpi(&kl, v, "p1.occupancy.mean") * span;
        ind[COST_CAREHOME_WEEK] = kpi(&kl, v, "p3.occupancy.mean") * span / 7;
        /* spells have no KPI: their sum is the acute discharges, up to
         * the patients blocked in acute beds at either end */
        double spells = act[COST_ADMISSION_SHORT] + act[COST_ADMISSION_LONG];
        double dis = kpi(&kl, v, "acute.discharges");
        CHECK(fabs(spells - dis) <= 0.01 * dis + 70,
              "rep %llu: spells %.0f ~ acute discharges %.0f",
              (unsigned long long)r, spells, dis);
        ind[COST_ADMISSION_SHORT] = act[COST_ADMISSION_SHORT];
        ind[COST_ADMISSION_LONG] = act[COST_ADMISSION_LONG];
        CHECK(act[COST_ED_ATTENDANCE] == ind[COST_ED_ATTENDANCE] &&
                  act[COST_SDEC_ATTENDANCE] == ind[COST_SDEC_ATTENDANCE],
              "rep %llu: attendances exactly the KPIs (%.0f, %.0f)",
              (unsigned long long)r, act[0], act[1]);
        for (int i = 0; i < COST_ITEMS; i++)
            NEAR(act[i], ind[i], 1e-7 * fabs(ind[i]) + 1e-6,
                 cost_item_key((cost_item)i));
        double by[COST_ITEMS], manual = 0;
        /* fixed: vw-team 365,000 a year x 395 days; p2-contract GBP 1m at
         * 2015/16 (x 1.2281) to 1 Oct 2022 (day 213), from day 30 */
        double fixed[2] = {1000.0 * 395, 1228100.0 / 365 * 183};
        double fx[2];
        cost_fixed(sc->costs, d0, d1, fx);
        NEAR(fx[0], fixed[0], 1e-6, "vw team: GBP 1,000 a day x 395 days");
        NEAR(fx[1], fixed[1], 1e-6, "p2 contract: 183 days at 2022/23");
        for (int i = 0; i < COST_ITEMS; i++)
            manual += price[i] * ind[i];
        manual += fixed[0] + fixed[1];
        fin_run one = {.sc = sc};
        memcpy(one.price, price, sizeof price);
        double total = fin_cost_total(&one, act, fx, by);
        NEAR(total, manual, 1e-9 * manual, "cost total = sum of unit cost x "
             "KPI activity + fixed");
        /* the threaded run gives the same activity by year */
        double sum[COST_ITEMS] = {0};
        for (size_t y = 0; y < fr.n_years; y++)
            for (int i = 0; i < COST_ITEMS; i++)
                sum[i] += fr.act[(r * fr.n_years + y) * COST_ITEMS +
                                 (size_t)i];
        int same = 1;
        for (int i = 0; i < COST_ITEMS; i++)
            same &= fabs(sum[i] - act[i]) <= 1e-9 * fabs(act[i]) + 1e-9;
        CHECK(same, "rep %llu: years add up to the measured period",
              (unsigned long long)r);
    }
    CHECK(fr.n_years == 2 && fr.years[0].fy == 2022 &&
              fr.years[0].d1 - fr.years[0].d0 == 365 &&
              fr.years[1].d1 - fr.years[1].d0 == 30,
          "2022/23 whole, 30 days of 2023/24");
    kpi_summary s;
    fin_cost_summary(&fr, COST_ITEMS + 1, fr.n_years, &s);
    CHECK(s.n == 3 && s.lo < s.mean && s.mean < s.hi,
          "total cost with a CI: %.0f [%.0f, %.0f]", s.mean, s.lo, s.hi);
    fin_run_free(&fr);
    free(v);
    free(daily);
    cost_series_free(&cs);
    series_list_free(&sl);
    kpi_list_free(&kl);
    scenario_free(sc);
}

/* 5. A scenario against itself. */
static void test_self_zero(void)
{
    char err[LOAD_ERR_MAX];
    scenario *a = load("test/finance/small.yaml", NULL, 0, err);
    scenario *b = load("test/finance/small.yaml", NULL, 0, err);
    if (!CHECK(a && b, "loads"))
        return;
    fin_benefits fb;
    memset(&fb, 0, sizeof fb);
    CHECK(fin_run_scenario(a, 3, &fb.base, err, sizeof err) == 0 &&
              fin_run_scenario(b, 1, &fb.alt, err, sizeof err) == 0 &&
              fin_benefits_build(&fb, err, sizeof err) == 0,
          "self comparison built %s", err);
    size_t ny = fb.base.n_years, nl = fb.n_lines, bad = 0;
    for (size_t i = 0; i < (size_t)fb.base.reps * ny * nl; i++)
        bad += fb.saving[i] != 0 || fb.cash[i] != 0;
    for (size_t y = 0; y < ny; y++)
        bad += fb.invest[y] != 0 || fb.invest_biased[y] != 0;
    CHECK(bad == 0, "every saving, cash share and investment is exactly 0");
    CHECK(nl >= 10, "lines: business case, unit costs and fixed (%zu)", nl);
    size_t zero = 0, cells = 0;
    for (size_t y = 0; y <= ny; y++) {
        for (size_t l = 0; l < nl; l++)
            for (int w = 0; w < 3; w++) {
                kpi_summary s;
                fin_line_summary(&fb, l, y, w, &s);
                cells++;
                zero += s.mean == 0 && s.lo == 0 && s.hi == 0;
            }
        for (int w = 0; w < 5; w++) {
            kpi_summary s;
            fin_total_summary(&fb, y, w, &s);
            cells++;
            zero += s.mean == 0 && s.lo == 0 && s.hi == 0;
        }
        for (int i = 0; i < COST_ITEMS; i++) {
            kpi_summary s;
            fin_activity_summary(&fb, i, y, &s);
            cells++;
            zero += s.mean == 0 && s.lo == 0 && s.hi == 0;
        }
    }
    CHECK(zero == cells, "every line, year, total and activity: mean 0, CI "
          "[0, 0] (%zu of %zu)", zero, cells);
    fin_benefits_free(&fb);
    fin_run_free(&fb.base);
    fin_run_free(&fb.alt);
    /* and against the do-nothing: deflection saves, fixed and static
     * lines as written */
    const char *sets[] = {"interventions=null", "business_case=null",
                          "costs.investment=null"};
    scenario *base = load("test/finance/small.yaml", sets, 3, err);
    memset(&fb, 0, sizeof fb);
    CHECK(base && fin_run_scenario(base, 0, &fb.base, err, sizeof err) == 0 &&
              fin_run_scenario(a, 0, &fb.alt, err, sizeof err) == 0 &&
              fin_benefits_build(&fb, err, sizeof err) == 0,
          "do-nothing vs deflection %s", err);
    kpi_summary s;
    fin_activity_summary(&fb, COST_ED_ATTENDANCE, fb.base.n_years, &s);
    CHECK(s.lo > 0, "attendances avoided %.0f [%.0f, %.0f]", s.mean, s.lo,
          s.hi);
    /* static line 'outpatients' year 1 (2022/23) = 300 x 10% GBP k at
     * 2015/16 = 30,000 x 1.2281 */
    for (size_t l = 0; l < fb.n_lines; l++)
        if (!strcmp(fb.lines[l].name, "outpatients")) {
            fin_line_summary(&fb, l, 0, 0, &s);
            NEAR(s.mean, 30000 * 1.2281, 1e-6, "static line at the price "
                 "base");
            CHECK(s.lo == s.hi, "a static line has no spread");
        }
    NEAR(fb.invest[0], 122810, 1e-6, "investment 2022/23");
    NEAR(fb.invest_biased[0], 122810 * 1.05, 1e-6, "with optimism bias");
    fin_benefits_free(&fb);
    fin_run_free(&fb.base);
    fin_run_free(&fb.alt);
    scenario_free(base);
    scenario_free(a);
    scenario_free(b);
}

/* 6. Messages. */
static void bad(const char *set, const char *want)
{
    char err[LOAD_ERR_MAX];
    const char *sets[] = {set};
    scenario *sc = load("test/finance/small.yaml", sets, 1, err);
    CHECK(!sc && strstr(err, want), "--set %s: %s", set, sc ? "loaded" : err);
    scenario_free(sc);
}

static void test_messages(void)
{
    bad("costs.unit_costs.ed_atendance={cost: 1, price_year: 2022/23}",
        "costs.unit_costs.ed_atendance: unknown unit cost 'ed_atendance'; "
        "did you mean 'ed_attendance'?");
    bad("costs.price_base=2022/24",
        "costs.price_base: '2022/24' is not a financial year; expected "
        "YYYY/YY like 2022/23");
    bad("costs.unit_costs.vw_day.price_year=2014/15",
        "costs.unit_costs.vw_day.price_year: no inflation index for 2014/15");
    bad("costs.unit_costs.vw_day.cash_releasing=120%",
        "costs.unit_costs.vw_day.cash_releasing: '120%' is not a share");
    bad("business_case.lines.0.phasing=[50%]",
        "business_case.lines.deflection.phasing: has 1 values; expected a "
        "list of 2 shares");
    bad("business_case.lines.1.simulated_by=[ed_attendance]",
        "names a unit cost that an earlier line already claims");
    bad("costs.fixed.0.to=2022-01-01",
        "costs.fixed.vw-team.to: '2022-01-01'");
    bad("costs.colour=red", "costs.colour: unknown key 'colour'");
    bad("costs.unit_costs.escalation_bed_day={cost: 0, sd: 5, "
        "price_year: 2022/23}",
        "costs.unit_costs.escalation_bed_day.sd: an uncertain cost needs a "
        "cost above 0");
    bad("costs.unit_costs.vw_day.sd=-1", "costs.unit_costs.vw_day.sd:");
    bad("costs.discount_rate=135%",
        "costs.discount_rate: '135%' is not a share");
    bad("costs.capacity_release=[{name: w, unit: acut, item: acute_bed_day, "
        "beds: 28, sustained: 8 weeks}]",
        "costs.capacity_release.w.unit: unknown unit 'acut'");
    bad("costs.capacity_release=[{name: w, unit: acute, item: bed_day, "
        "beds: 28, sustained: 8 weeks}]",
        "costs.capacity_release.w.item: unknown unit cost 'bed_day'");
    bad("costs.capacity_release=[{name: w, unit: acute, "
        "item: acute_bed_day, beds: 0, sustained: 8 weeks}]",
        "costs.capacity_release.w.beds:");
    bad("costs.capacity_release=[{name: w, unit: acute, "
        "item: acute_bed_day, beds: 28}]",
        "costs.capacity_release.w.sustained: missing required key");
    bad("business_case.lines.0.levers=5",
        "business_case.lines.deflection.levers:");
}

/* 7. Cost KPIs = unit cost x activity KPIs of the same replication.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
static void test_cost_kpis(void)
{
    char err[LOAD_ERR_MAX];
    scenario *sc = load("test/finance/small.yaml", NULL, 0, err);
    if (!CHECK(sc != NULL, "small.yaml %s", sc ? "" : err))
        return;
    kpi_list kl;
    series_list sl;
    cost_series cs;
    network_kpis(sc, &kl);
    network_series(sc, &sl);
    cost_series_init(&cs, sc, &sl);
    double *v = malloc(kl.n * sizeof *v);
    double *daily = malloc(sl.days * sl.n * sizeof *daily);
    double p[COST_ITEMS];
    cost_unit_prices(sc->costs, p);
    static const char *const names[] = {
        "cost.ed", "cost.sdec", "cost.admissions", "cost.acute.bed_days",
        "cost.acute.delayed_bed_days", "cost.acute.escalation_bed_days",
        "cost.vw", "cost.p1", "cost.p2", "cost.p3", "cost.fixed",
        "cost.total"};
    size_t found = 0, unique = 1, gbp = 0;
    for (size_t i = 0; i < kl.n; i++) {
        for (size_t j = 0; j < sizeof names / sizeof *names; j++)
            if (!strcmp(kl.defs[i].name, names[j])) {
                found++;
                gbp += !strcmp(kl.defs[i].unit, "GBP");
            }
        for (size_t j = i + 1; j < kl.n; j++)
            unique &= strcmp(kl.defs[i].name, kl.defs[j].name) != 0;
    }
    CHECK(found == 12 && gbp == 12, "12 cost KPIs, unit GBP (%zu, %zu)",
          found, gbp);
    CHECK(unique, "KPI names unique (%zu KPIs)", kl.n);
    size_t ed = 0, cost = 0, unit0 = 0;
    for (size_t i = 0; i < kl.n; i++) {
        if (!strcmp(kl.defs[i].name, "ed.four_hour.performance"))
            ed = i;
        else if (!strcmp(kl.defs[i].name, "cost.total"))
            cost = i;
        else if (!strcmp(kl.defs[i].name, "ed.arrivals"))
            unit0 = i;
    }
    CHECK(ed < cost && cost < unit0, "order: health, cost, then units");
    for (uint64_t r = 0; r < 3; r++) {
        run_info info;
        network_run_series(sc, r, &kl, v, &sl, daily, &info, NULL, NULL);
#define K(name) kpi(&kl, v, name)
        double delayed = K("acute.delayed.bed_days");
        CHECK(K("cost.ed") == p[COST_ED_ATTENDANCE] * K("ed.attendances") &&
                  K("cost.sdec") ==
                      p[COST_SDEC_ATTENDANCE] * K("sdec.attendances") &&
                  K("cost.acute.bed_days") ==
                      p[COST_ACUTE_BED_DAY] *
                          (K("acute.bed_days") - delayed) &&
                  K("cost.acute.delayed_bed_days") ==
                      p[COST_DELAYED_BED_DAY] * delayed &&
                  K("cost.acute.escalation_bed_days") ==
                      p[COST_ESCALATION_BED_DAY] *
                          K("acute.escalation.bed_days") &&
                  K("cost.vw") == p[COST_VW_DAY] * K("vw.patient_days") &&
                  K("cost.p1") ==
                      p[COST_REABLEMENT_DAY] * K("p1.package_days") &&
                  K("cost.p2") == p[COST_P2_BED_DAY] * K("p2.bed_days") &&
                  K("cost.p3") ==
                      p[COST_CAREHOME_WEEK] * K("p3.resident_weeks"),
              "rep %llu: each cost KPI is exactly its unit cost x the "
              "replication's activity KPI", (unsigned long long)r);
        double adm = p[COST_ADMISSION_SHORT] * K("acute.spells.short") +
                     p[COST_ADMISSION_LONG] * K("acute.spells.long");
        NEAR(K("cost.admissions"), adm, 1e-12 * adm,
             "admissions: short and long spells x their costs");
        /* fixed over the measured period [30 days, 425 days) */
        NEAR(K("cost.fixed"), 1000.0 * 395 + 1228100.0 / 365 * 183, 1e-6,
             "fixed: vw team 395 days + p2 contract 183 days");
        double t = 0;
        for (size_t j = 0; j < 11; j++)
            t += K(names[j]);
        NEAR(K("cost.total"), t, 1e-12 * t, "total = the sum");
        CHECK(K("cost.total") > 0 && K("acute.spells.short") > 0 &&
                  K("acute.spells.long") > 0 && K("p3.resident_weeks") > 0,
              "rep %llu: activity in every kind", (unsigned long long)r);
        /* the daily series give the same activity (whole days here) */
        double act[COST_ITEMS], fx[2];
        cost_activity(&cs, &sl, daily, 30, sl.days, act);
        cost_fixed(sc->costs, 30, sl.days, fx);
        fin_run one = {.sc = sc};
        memcpy(one.price, p, sizeof p);
        double daily_total = fin_cost_total(&one, act, fx, NULL);
        NEAR(K("cost.total"), daily_total, 1e-9 * daily_total,
             "cost.total = benefits' costing of the daily series");
        NEAR(K("acute.spells.short"), act[COST_ADMISSION_SHORT], 0,
             "short spells as the daily series count them");
        NEAR(K("acute.spells.long"), act[COST_ADMISSION_LONG], 0,
             "long spells as the daily series count them");
#undef K
    }
    /* without costs: no cost KPIs */
    const char *sets[] = {"costs=null", "business_case=null"};
    scenario *plain = load("test/finance/small.yaml", sets, 2, err);
    kpi_list kp;
    CHECK(plain && network_kpis(plain, &kp) == 0 &&
              kp.n + (KPI_N - KPI_FIRST_COST) == kl.n,
          "without costs: the same KPIs less the %d finance ones",
          (int)(KPI_N - KPI_FIRST_COST));
    if (plain)
        kpi_list_free(&kp);
    scenario_free(plain);
    free(v);
    free(daily);
    cost_series_free(&cs);
    series_list_free(&sl);
    kpi_list_free(&kl);
    scenario_free(sc);
}

int main(int argc, char **argv)
{
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : ".");
    test_price_base();
    test_years();
    test_static();
    test_cost_totals();
    test_self_zero();
    test_messages();
    test_cost_kpis();
    return tap_done();
}
