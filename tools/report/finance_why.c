/* finance_why.c -- where and why the static and dynamic figures differ
 * (finance_int.h), written as prose from the figures. */
#include <math.h>
#include <string.h>
#include "html.h"
#include "finance_int.h"

/* GBP k for prose: "GBP 280,629k" (thousands separated). */
static void rfin_money(FILE *o, double gbp)
{
    if (!isfinite(gbp)) {
        fputs("&ndash;", o);
        return;
    }
    char digits[64], out[96];
    double k = round(gbp / K);
    snprintf(digits, sizeof digits, "%.0f", fabs(k));
    size_t n = strlen(digits), j = 0;
    for (size_t i = 0; i < n && j + 2 < sizeof out; i++) {
        if (i && (n - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
    fprintf(o, "GBP %s%sk", k < 0 ? "&minus;" : "", out);
}

/* A ratio as a whole percentage, or a dash. */
static void rfin_pct(FILE *o, double r)
{
    if (isfinite(r))
        fprintf(o, "%.0f%%", 100 * r);
    else
        fputs("&ndash;", o);
}

/* The overall gross saving against the static total of the same years;
 * *g gets the saving, for the cash paragraph. */
static void why_overall(FILE *o, const rfin *f, kpi_summary *g)
{
    const fin_benefits *b = &f->b;
    size_t ny = b->base.n_years;
    char pt[64], fy[16];
    rfin_price_text(f, pt, sizeof pt);
    fin_total_summary(b, ny, 0, g);
    double st = 0;
    for (size_t y = 0; y < ny; y++)
        st += rfin_static_total(f, y, 1);
    fputs("<li><b>Overall.</b> Over the measured years the simulation finds "
          "a gross saving of ", o);
    rfin_money(o, g->mean);
    fputs(" (95% CI ", o);
    rfin_money(o, g->lo);
    fputs(" to ", o);
    rfin_money(o, g->hi);
    fputs(") against the business case's ", o);
    rfin_money(o, st);
    fprintf(o, " for the same years (%s, its figures converted from %s "
               "prices by the inflation index, &times; %.4f): ",
            pt, costs_fy_name(b->bc->price_year, fy, sizeof fy),
            rfin_bc_factor(f));
    rfin_pct(o, st != 0 ? g->mean / st : NAN);
    fputs(" of it. The static method multiplies one full-year effect, "
          "measured on the base year, by a phasing; the simulation "
          "re-measures each year what the alternative actually changes in "
          "the system, so the lines interact.</li>\n", o);
}

/* A line's saving by cost item, all years: "item GBP ...k; item ...". */
static void why_items(FILE *o, const fin_benefits *b, unsigned items)
{
    int first = 1;
    for (int i = 0; i < COST_ITEMS; i++)
        if (items & (1u << i)) {
            fputs(first ? "" : "; ", o);
            html_text(o, cost_item_label((cost_item)i));
            fputs(" ", o);
            rfin_money(o, rfin_item_saving(b, i));
            first = 0;
        }
}

/* How a length-of-stay ratio moves from its peak year to the last, and
 * whether deflection explains a fall. */
static void why_los_trend(FILE *o, const rfin *f, size_t l, size_t peak,
                          size_t last)
{
    const fin_benefits *b = &f->b;
    double rp = rfin_ratio(f, l, peak), rl = rfin_ratio(f, l, last);
    double ap = rfin_admissions_avoided(b, peak);
    double al = rfin_admissions_avoided(b, last);
    if (!(last > peak && rl < 0.95 * rp)) {
        fputs("The ratio does not fall over the years (", o);
        rfin_pct(o, rp);
        fputs(" at its highest, ", o);
        rfin_pct(o, rl);
        fputs(" in the last year): here the admissions avoided do "
              "not visibly erode the length-of-stay saving.", o);
        return;
    }
    fputs("It peaks at ", o);
    rfin_pct(o, rp);
    fputs(" in ", o);
    html_text(o, b->base.years[peak].label);
    fputs(" and falls to ", o);
    rfin_pct(o, rl);
    fputs(" by ", o);
    html_text(o, b->base.years[last].label);
    if (al > 1.05 * ap && al > 0) {
        fprintf(o, ", while the emergency admissions avoided rise "
                   "from %.0f to %.0f a year. ", ap, al);
        fputs("Length-of-stay savings shrink as admissions fall: "
              "the static line applies its full-year saving to "
              "the base year's admissions, but in the simulation "
              "the stays shortened are those of the admissions "
              "that still happen, and deflection leaves fewer of "
              "them. The two lines overlap in the static table "
              "and not in the simulation.", o);
    } else {
        fprintf(o, ". The emergency admissions avoided do not "
                   "rise over these years (%.0f, then %.0f a "
                   "year), so the fall is not deflection's; read "
                   "it with the line's CIs above.", ap, al);
    }
}

/* A line that saves bed-days: its trend, what the beds freed are worth
 * and how much of that is cash. */
static void why_los(FILE *o, const rfin *f, const fin_line *x, size_t l,
                    size_t peak, size_t last)
{
    const fin_benefits *b = &f->b;
    why_los_trend(o, f, l, peak, last);
    double sv = rfin_item_saving(b, COST_ACUTE_BED_DAY) +
                rfin_item_saving(b, COST_DELAYED_BED_DAY);
    double share = rfin_cash_share(b, COST_ACUTE_BED_DAY);
    fputs(" Bed-days freed are worth ", o);
    rfin_money(o, sv);
    fprintf(o, " at the bed-day costs, of which %.0f%% is counted as "
               "cash (<code>cash_releasing</code> of "
               "<code>acute_bed_day</code>): a freed bed releases no "
               "cash unless it is closed.", 100 * share);
    fputs(" Its saving by item, all years: ", o);
    why_items(o, b, x->items);
    fputs(".", o);
}

/* One simulated line of the business case: its ratio by year, then why
 * it moves (a length-of-stay line) or how it is priced (the others). */
static void why_line(FILE *o, const rfin *f, size_t l)
{
    const fin_benefits *b = &f->b;
    const fin_line *x = &b->lines[l];
    size_t ny = b->base.n_years;
    unsigned beds = (1u << COST_ACUTE_BED_DAY) |
                    (1u << COST_DELAYED_BED_DAY) |
                    (1u << COST_ESCALATION_BED_DAY);
    size_t peak = 0, last = ny - 1, nfin = 0;
    for (size_t y = 0; y < ny; y++) {
        double r = rfin_ratio(f, l, y);
        if (!isfinite(r))
            continue;
        if (!nfin++ || r > rfin_ratio(f, l, peak))
            peak = y;
    }
    while (last > 0 && !isfinite(rfin_ratio(f, l, last)))
        last--;
    fputs("<li data-line=\"", o);
    html_text(o, x->name);
    fputs("\"><b>", o);
    html_text(o, x->label);
    fputs(".</b> Simulated as a share of static, by year: ", o);
    for (size_t y = 0; y < ny; y++) {
        fputs(y ? ", " : "", o);
        rfin_pct(o, rfin_ratio(f, l, y));
        fputs(" (", o);
        html_text(o, b->base.years[y].label);
        fputs(")", o);
    }
    fputs(". ", o);
    if (!nfin) {
        fputs("</li>\n", o);
        return;
    }
    if (x->items & beds) {
        why_los(o, f, x, l, peak, last);
    } else {
        fputs("The simulation prices the activity this line removes (", o);
        why_items(o, b, x->items);
        fputs(", all years) at the scenario's unit costs in the year it "
              "is removed, rather than as a phased share of one base-year "
              "figure; activity removed by another line (deflected "
              "patients do not reach a care home or a long stay) is not "
              "counted twice.", o);
    }
    fputs("</li>\n", o);
}

/* How much of the gross saving g is cash, fixed costs included. */
static void why_cash(FILE *o, const fin_benefits *b, const kpi_summary *g)
{
    size_t ny = b->base.n_years;
    kpi_summary c;
    fin_total_summary(b, ny, 1, &c);
    double fixed = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        if (b->lines[l].kind == LINE_FIXED) {
            kpi_summary s;
            fin_line_summary(b, l, ny, 0, &s);
            fixed += s.mean;
        }
    fputs("<li><b>Cash.</b> Of the gross saving, ", o);
    rfin_money(o, c.mean);
    fputs(" (", o);
    rfin_pct(o, g->mean != 0 ? c.mean / g->mean : NAN);
    fputs(") releases cash; the rest is capacity freed but still staffed "
          "and paid for. Savings on unit costs count as cash only by their "
          "<code>cash_releasing</code> share (placements bought one by one), "
          "fixed costs (a contract ended, a ward closed) in full: ", o);
    rfin_money(o, fixed);
    fputs(" here. The business case's table makes no such split.</li>\n", o);
}

/* The business case's lines that the model has no counterpart for. */
static void why_static(FILE *o, const fin_benefits *b)
{
    const business_case *bc = b->bc;
    size_t ns = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        ns += b->lines[l].kind == LINE_STATIC;
    if (!ns)
        return;
    fputs("<li><b>Not simulated.</b> ", o);
    size_t k = 0;
    for (size_t l = 0; l < b->n_lines; l++)
        if (b->lines[l].kind == LINE_STATIC) {
            const bc_line *line = &bc->lines[b->lines[l].bc_line];
            fputs(k ? (k + 1 == ns ? " and " : ", ") : "", o);
            html_text(o, line->label ? line->label : line->name);
            k++;
        }
    fprintf(o, " %s no counterpart in the model: %s in both tables at "
               "the case's own figures (converted to the price base), "
               "with no spread and as not cash-releasing.</li>\n",
            ns == 1 ? "has" : "have", ns == 1 ? "it stands" : "they stand");
}

/* Where and why the static and dynamic figures differ, from the figures. */
void rfin_explain(FILE *o, const rfin *f)
{
    const fin_benefits *b = &f->b;
    fputs("<div id=\"fin-why\">\n<h3>Where and why static and dynamic "
          "differ</h3>\n<ul>\n", o);
    kpi_summary g;
    why_overall(o, f, &g);
    for (size_t l = 0; l < b->n_lines; l++)
        if (b->lines[l].bc_line >= 0 && b->lines[l].kind == LINE_SIMULATED)
            why_line(o, f, l);
    why_cash(o, b, &g);
    why_static(o, b);
    fputs("</ul>\n<p class=\"small\">Ratios compare the simulated mean with "
          "the static value at the same prices; in a part year the static "
          "value is prorated by the days measured.</p>\n</div>\n", o);
}
