/* test_output.c -- what people read: numbers in tables (output_num,
 * output_decimals), intervals clipped to a KPI's natural range
 * (summary_clip) and the choice of KPIs shown (headline.h). */
#include <math.h>
#include <string.h>
#include "experiment.h"
#include "headline.h"
#include "output.h"
#include "tap.h"

static void num_is(double x, int dp, const char *want)
{
    char b[64];
    output_num(b, sizeof b, x, dp);
    CHECK(!strcmp(b, want), "output_num(%.10g, %d) = \"%s\" (want \"%s\")",
          x, dp, b, want);
}

static void numbers(void)
{
    num_is(112669.4, 0, "112,669");
    num_is(249021089, 0, "249,021,089");
    num_is(-1234.5, 1, "-1,234.5");
    num_is(999, 0, "999");
    num_is(1000, 0, "1,000");
    num_is(61.02, 1, "61.0");
    num_is(-0.001, 1, "0.0");   /* never "-0.0" */
    num_is(NAN, 2, "-");
    num_is(0.002627, output_decimals(0.002627), "0.00263");
    EQ(output_decimals(112669), 0, "no decimals from 1,000");
    EQ(output_decimals(620.8), 1, "one from 10");
    EQ(output_decimals(4.485), 2, "two from 1");
    EQ(output_decimals(0.3753), 3, "three significant digits below 1");
    EQ(output_decimals(0), 0, "zero: none");
}

static void clipped(void)
{
    kpi_summary s = {.n = 2, .mean = 0.03, .lo = -0.5, .hi = 0.6};
    summary_clip(&s, KPI_SHARE, 0);
    EQ(s.lo, 0, "a share's CI from 0");
    EQ(s.hi, 0.6, "within range: unchanged");
    s = (kpi_summary){.n = 2, .mean = 0.9, .lo = 0.2, .hi = 1.6};
    summary_clip(&s, KPI_SHARE, 0);
    EQ(s.hi, 1, "a share's CI to 1");
    s = (kpi_summary){.n = 2, .mean = 95, .lo = 80, .hi = 110};
    summary_clip(&s, KPI_PERCENT, 0);
    EQ(s.hi, 100, "a percentage's CI to 100");
    s = (kpi_summary){.n = 2, .mean = 10, .lo = -45.74, .hi = 66};
    summary_clip(&s, KPI_DURATION, 0);
    EQ(s.lo, 0, "a duration's CI from 0");
    EQ(s.hi, 66, "a duration's CI unbounded above");
    s = (kpi_summary){.n = 2, .mean = 0.5, .lo = -1.5, .hi = 1.7};
    summary_clip(&s, KPI_SHARE, 1);
    EQ(s.lo, -1, "a difference of shares from -1");
    EQ(s.hi, 1, "a difference of shares to 1");
    s = (kpi_summary){.n = 2, .mean = -5, .lo = -40, .hi = 30};
    summary_clip(&s, KPI_COUNT, 1);
    EQ(s.lo, -40, "a difference of counts may be negative");
}

static void patterns(void)
{
    CHECK(headline_match("ed.*,acute.occupancy.rate", "ed.attendances"),
          "a glob matches");
    CHECK(headline_match("ed.*,acute.occupancy.rate", "acute.occupancy.rate"),
          "the second pattern matches");
    CHECK(!headline_match("ed.*,acute.occupancy.rate", "acute.occupancy.mean"),
          "no pattern matches");
    CHECK(!headline_match("ed", "ed.attendances"), "a name matches whole");
    CHECK(headline_patterns_check("ed.*") == 0, "one pattern is a list");
    CHECK(headline_patterns_check("") != 0, "empty: refused");
    CHECK(headline_patterns_check("ed.*,,x") != 0, "an empty pattern: refused");
    CHECK(headline_patterns_check("ed.*,") != 0, "a trailing comma: refused");
}

int main(void)
{
    numbers();
    clipped();
    patterns();
    return tap_done();
}
