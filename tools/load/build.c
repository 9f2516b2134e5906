/* build.c -- the top level of a scenario and its arrival streams. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "calibspec.h"
#include "leverspec.h"
#include "costspec.h"
#include "distspec.h"
#include "keys.h"
#include "value.h"

#define BUILD_SHARE_TOL 1e-6 /* class shares must sum to 1 within this */

const char *const build_top_keys[] = {
    "name", "description", "horizon", "warmup", "replications", "seed",
    "start_weekday", "max_patients", "max_events", "units", "arrivals",
    "start_date", "classes", "interventions", "targets", "costs",
    "business_case", "monthly", "cohort", "discharge_mix", "demand",
    "quantiles", "distribution", "pools", "initial", "calibrate",
    "levers", NULL};

const char *const build_arrival_keys[] = {
    "name", "rate", "interarrival", "to", "hourly", "weekly", "periods",
    "priority", "start", "stop", "mix", "ambulance", "elective", "cancel_at",
    "scale", NULL};

/* Reads an optional multiplier profile (24 hourly or 7 weekly values),
 * normalised to mean 1; absent means all ones. */
static int build_profile(diag *d, const ytree *n, const char *path,
                         size_t want, double *out)
{
    for (size_t i = 0; i < want; i++)
        out[i] = 1;
    if (!n)
        return 0;
    char what[96];
    snprintf(what, sizeof what, "a list of %zu non-negative multipliers",
             want);
    if (value_seq(d, n, path, what))
        return -1;
    if (n->n != want)
        return diag_at(d, n, path, "has %zu values; expected %s", n->n, what);
    double sum = 0, max = 0;
    for (size_t i = 0; i < want; i++) {
        char sub[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        if (value_nonneg(d, n->items[i], sub, 0, &out[i]))
            return -1;
        sum += out[i];
        if (out[i] > max)
            max = out[i];
    }
    if (!(max > 0))
        return diag_at(d, n, path, "all multipliers are zero; expected at "
                       "least one positive value");
    /* Finite values can still sum past the largest double (24 x 1e308):
     * then sum them scaled by the largest, which cannot overflow. */
    if (!isfinite(sum)) {
        sum = 0;
        for (size_t i = 0; i < want; i++)
            sum += (out[i] /= max);
    }
    for (size_t i = 0; i < want; i++)
        out[i] *= (double)want / sum;
    return 0;
}

/* mix: {CLASS: share, ...}: the classes of the stream's patients, shares
 * in (0, 1] (0.3 or 30%) summing to 1 within 1e-6, then renormalised. */
static int build_mix(build_ctx *c, const ytree *n, const char *path,
                     arrival_spec *a)
{
    diag *d = c->d;
    if (value_map(d, n, path, "a map of class shares like {adult: 0.7, "
                  "older: 30%}"))
        return -1;
    if (n->n == 0)
        return diag_at(d, n, path, "is empty; expected class shares like "
                       "{adult: 0.7, older: 0.3}");
    a->mix_class = calloc(n->n, sizeof *a->mix_class);
    a->mix_share = calloc(n->n, sizeof *a->mix_share);
    if (!a->mix_class || !a->mix_share)
        return diag_at(d, n, path, "out of memory");
    double sum = 0;
    for (size_t j = 0; j < n->n; j++) {
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, path, n->keys[j]->str);
        int x = classspec_ref(c, n->keys[j], k);
        if (x < 0 || value_fraction(d, n->items[j], k, &a->mix_share[j]))
            return -1;
        if (!(a->mix_share[j] > 0 && a->mix_share[j] <= 1))
            return diag_at(d, n->items[j], k, "share %s is not in (0, 1]; "
                           "expected a fraction like 0.3", n->items[j]->str);
        a->mix_class[j] = x;
        a->n_mix = j + 1;
        sum += a->mix_share[j];
    }
    if (fabs(sum - 1) > BUILD_SHARE_TOL)
        return diag_at(d, n, path, "shares sum to %.10g; they must sum to 1",
                       sum);
    for (size_t j = 0; j < n->n; j++)
        a->mix_share[j] /= sum;
    return 0;
}

/* Fills arrival a from item n of the arrivals list.  The weekly profile
 * is rotated so that weekly[0] is the multiplier of day 0's weekday. */
/* elective: true marks booked admissions, cancelled when the unit they
 * come to is full or, with cancel_at, when that share of its open places
 * is occupied. */
static int build_elective(build_ctx *c, const ytree *n, const char *path,
                          arrival_spec *a)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    const ytree *v = ytree_get(n, "elective"), *ca = ytree_get(n, "cancel_at");
    diag_path(k, sizeof k, path, "elective");
    if (v && value_bool(d, v, k, &a->elective))
        return -1;
    a->cancel_at = 1;
    diag_path(k, sizeof k, path, "cancel_at");
    if (ca && !a->elective)
        return diag_at(d, ca, k, "applies only to elective arrivals; add "
                       "elective: true or remove it");
    if (ca && value_fraction(d, ca, k, &a->cancel_at))
        return -1;
    if (ca && !(a->cancel_at > 0 && a->cancel_at <= 1))
        return diag_at(d, ca, k, "%s is not in (0, 1]; expected an occupancy "
                       "like 97%%", ca->str);
    return 0;
}

/* An arrival stream's path in messages ("arrivals.NAME", else by its
 * position), its name (unique) and the unit it goes to. */
static int arrival_name(build_ctx *c, const ytree *n, size_t i, char *path,
                        size_t pathlen)
{
    diag *d = c->d;
    arrival_spec *a = &c->sc->arrivals[i];
    char k[DIAG_PATH_MAX];
    const ytree *nm = ytree_get(n, "name");
    const char *name;
    if (nm && nm->kind == YTREE_SCALAR && !ytree_is_null(nm))
        snprintf(path, pathlen, "arrivals.%s", nm->str);
    else
        snprintf(path, pathlen, "arrivals.%zu", i);
    if (value_map(d, n, path, "a map with name, to and rate") ||
        value_keys(d, n, path, build_arrival_keys))
        return -1;
    if (!(nm = value_need(d, n, path, "name", "name: emergencies")))
        return -1;
    diag_path(k, sizeof k, path, "name");
    if (value_name(d, nm, k, &name))
        return -1;
    for (size_t j = 0; j < i; j++)
        if (strcmp(c->sc->arrivals[j].name, name) == 0)
            return diag_at(d, nm, k, "duplicate arrival name '%s'; names "
                           "must be unique", name);
    if (!(a->name = strdup(name)))
        return diag_at(d, nm, k, "out of memory");
    const ytree *to = value_need(d, n, path, "to", "to: ward");
    diag_path(k, sizeof k, path, "to");
    if (!to || (a->to = build_unit_ref(c, to, k, 0)) < 0)
        return -1;
    return 0;
}

/* A stream given by its gaps (interarrival): any distribution, and none
 * of a rate's profiles. */
static int arrival_gaps(build_ctx *c, const ytree *n, const ytree *ia,
                        const char *path, arrival_spec *a)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    static const char *const poisson_only[] = {"hourly", "weekly",
                                               "periods", NULL};
    for (size_t j = 0; poisson_only[j]; j++)
        if (ytree_get(n, poisson_only[j])) {
            diag_path(k, sizeof k, path, poisson_only[j]);
            return diag_at(d, ytree_get(n, poisson_only[j]), k,
                           "applies only to arrivals with a rate; remove "
                           "it or use rate instead of interarrival");
        }
    a->kind = ARRIVAL_INTERARRIVAL;
    diag_path(k, sizeof k, path, "interarrival");
    if (distspec_parse(d, ia, k, &a->interarrival))
        return -1;
    if (!(dist_mean(&a->interarrival) > 0))
        return diag_at(d, ia, k, "has mean zero; expected a positive "
                       "mean gap between arrivals");
    return 0;
}

/* A Poisson stream given by its rate, with its hourly and weekly
 * profiles (the weekly one rotated so that index 0 is day 0's weekday)
 * and its periods. */
static int arrival_rate(build_ctx *c, const ytree *n, const ytree *rate,
                        const char *path, arrival_spec *a)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    double week[7];
    a->kind = ARRIVAL_POISSON;
    diag_path(k, sizeof k, path, "rate");
    if (value_rate(d, rate, k, &a->rate))
        return -1;
    diag_path(k, sizeof k, path, "hourly");
    if (build_profile(d, ytree_get(n, "hourly"), k, 24, a->hourly))
        return -1;
    diag_path(k, sizeof k, path, "weekly");
    if (build_profile(d, ytree_get(n, "weekly"), k, 7, week))
        return -1;
    for (int j = 0; j < 7; j++)
        a->weekly[j] = week[(c->sc->start_weekday + j) % 7];
    diag_path(k, sizeof k, path, "periods");
    if (ytree_get(n, "periods") &&
        build_periods(c, ytree_get(n, "periods"), k, &a->periods,
                      &a->n_periods))
        return -1;
    return 0;
}

/* What a stream may add: priority, start and stop, the class mix,
 * ambulances, and electives. */
static int arrival_extras(build_ctx *c, const ytree *n, const char *path,
                          arrival_spec *a)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    const ytree *v;
    long pr;
    diag_path(k, sizeof k, path, "priority");
    if ((v = ytree_get(n, "priority")) &&
        value_long(d, v, k, INT_MIN, INT_MAX, "an integer", &pr))
        return -1;
    a->priority = v ? (int)pr : 0;
    diag_path(k, sizeof k, path, "start");
    if ((v = ytree_get(n, "start")) &&
        datetime_point(d, &c->day0, v, k, &a->start))
        return -1;
    diag_path(k, sizeof k, path, "stop");
    if ((v = ytree_get(n, "stop")) &&
        datetime_point(d, &c->day0, v, k, &a->stop))
        return -1;
    if (!(a->stop > a->start))
        return diag_at(d, v, k, "'%s' is not after start; expected start < "
                       "stop", v->str);
    diag_path(k, sizeof k, path, "mix");
    if ((v = ytree_get(n, "mix")) && build_mix(c, v, k, a))
        return -1;
    diag_path(k, sizeof k, path, "ambulance");
    if ((v = ytree_get(n, "ambulance")) &&
        value_bool(d, v, k, &a->ambulance))
        return -1;
    return build_elective(c, n, path, a);
}

static int build_arrival(build_ctx *c, const ytree *n, size_t i)
{
    diag *d = c->d;
    arrival_spec *a = &c->sc->arrivals[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    if (arrival_name(c, n, i, path, sizeof path))
        return -1;
    const ytree *rate = ytree_get(n, "rate");
    const ytree *ia = ytree_get(n, "interarrival");
    if (rate && ia) {
        diag_path(k, sizeof k, path, "interarrival");
        return diag_at(d, ia, k, "both rate and interarrival are given; "
                       "keep only one");
    }
    if (!rate && !ia)
        return value_need(d, n, path, "rate", "rate: 9.5 per day' or "
                          "'interarrival: {exponential: {mean: 2 hours}}")
                   ? 0 : -1;
    a->stop = INFINITY;
    if (ia ? arrival_gaps(c, n, ia, path, a)
           : arrival_rate(c, n, rate, path, a))
        return -1;
    if (demandspec_stream(c, n, path, a))
        return -1;
    return arrival_extras(c, n, path, a);
}

/* start_date: an ISO date; day 0's weekday follows from it. */
static int build_start_date(build_ctx *c, const ytree *v)
{
    const char *s = v->kind == YTREE_SCALAR ? v->str : "";
    if (datetime_day(s, &c->day0.day) != 0)
        return diag_at(c->d, v, "start_date", "'%s' is not a date; expected "
                       "an ISO date YYYY-MM-DD, like 2022-04-01",
                       v->kind == YTREE_SCALAR ? s : "a collection");
    if (!(c->sc->start_date = strdup(s)))
        return diag_at(c->d, v, "start_date", "out of memory");
    c->day0.at = v;
    c->sc->start_weekday = datetime_weekday_of(c->day0.day);
    return 0;
}

/* A length of time from day 0 (horizon, warmup): a duration, or the date
 * it ends at (its 00:00), after start_date (read here: it comes later). */
static int build_length(build_ctx *c, const ytree *root, const ytree *v,
                        const char *key, int positive, double *out)
{
    long day;
    const ytree *sd = ytree_get(root, "start_date");
    if (v->kind != YTREE_SCALAR || datetime_day(v->str, &day) != 0)
        return value_duration(c->d, v, key, positive, out);
    if (!sd || sd->kind != YTREE_SCALAR ||
        datetime_day(sd->str, &c->day0.day) != 0)
        return diag_at(c->d, v, key, "'%s' is a date, which needs a "
                       "start_date (day 0); add one, or give a duration "
                       "like '400 days'", v->str);
    c->day0.at = sd;
    if (day <= c->day0.day - (positive ? 0 : 1))
        return diag_at(c->d, v, key, "'%s' is not after start_date (%s); "
                       "expected a later date", v->str, sd->str);
    *out = (double)(day - c->day0.day) * 1440;
    return 0;
}

/* Reads the top-level settings other than units, arrivals, classes,
 * interventions and targets. */
static int build_top(build_ctx *c, const ytree *root)
{
    diag *d = c->d;
    scenario *sc = c->sc;
    const ytree *v;
    const char *s;
    if (!(v = value_need(d, root, "", "name", "name: my-scenario")) ||
        value_text(d, v, "name", &s))
        return -1;
    if (!(sc->name = strdup(s)))
        return diag_at(d, v, "name", "out of memory");
    if ((v = ytree_get(root, "description"))) {
        if (value_text(d, v, "description", &s))
            return -1;
        if (!(sc->description = strdup(s)))
            return diag_at(d, v, "description", "out of memory");
    }
    if (!(v = value_need(d, root, "", "horizon", "horizon: 400 days")) ||
        build_length(c, root, v, "horizon", 1, &sc->horizon))
        return -1;
    /* Daily series and financial years are sized from the horizon. */
    if (sc->horizon > SCENARIO_MAX_HORIZON)
        return diag_at(d, v, "horizon", "'%s' is longer than 1000 years; "
                       "expected at most %ld days", v->str,
                       SCENARIO_MAX_HORIZON_DAYS);
    const ytree *h = v;
    if ((v = ytree_get(root, "warmup"))) {
        if (build_length(c, root, v, "warmup", 0, &sc->warmup))
            return -1;
        if (sc->warmup >= sc->horizon)
            return diag_at(d, v, "warmup", "'%s' is not shorter than the "
                           "horizon ('%s'); shorten the warmup", v->str,
                           h->str);
    }
    sc->replications = 10;
    if ((v = ytree_get(root, "replications")) &&
        value_long(d, v, "replications", 1, SCENARIO_MAX_REPLICATIONS,
                   "an integer from 1 to 1000000", &sc->replications))
        return -1;
    sc->seed = 1;
    if ((v = ytree_get(root, "seed")) && value_u64(d, v, "seed", &sc->seed))
        return -1;
    if ((v = ytree_get(root, "start_weekday")) &&
        datetime_weekday(d, v, "start_weekday", &sc->start_weekday))
        return -1;
    /* start_date, when given, overrides start_weekday. */
    if ((v = ytree_get(root, "start_date")) && build_start_date(c, v))
        return -1;
    sc->max_patients = SCENARIO_DEFAULT_MAX_PATIENTS;
    if ((v = ytree_get(root, "max_patients")) &&
        value_long(d, v, "max_patients", 1, LONG_MAX, "a positive integer",
                   &sc->max_patients))
        return -1;
    sc->max_events = SCENARIO_DEFAULT_MAX_EVENTS;
    if ((v = ytree_get(root, "max_events")) &&
        value_long(d, v, "max_events", 1, LONG_MAX, "a positive integer",
                   &sc->max_events))
        return -1;
    return 0;
}

/* Sets up the units: names from the keys, then each unit's settings. */
static int build_units(build_ctx *c, const ytree *root)
{
    diag *d = c->d;
    const ytree *u = value_need(d, root, "", "units", "units: {ward: "
                                "{capacity: 12, stay: 2 days}}");
    if (!u || value_map(d, u, "units", "a map from unit names to settings"))
        return -1;
    if (u->n == 0 || u->n > SCENARIO_MAX_UNITS)
        return diag_at(d, u, "units", "has %zu units; expected 1 to %d",
                       u->n, SCENARIO_MAX_UNITS);
    c->sc->units = calloc(u->n, sizeof *c->sc->units);
    c->names = calloc(u->n + 2, sizeof *c->names);
    c->unit = calloc(u->n, sizeof *c->unit);
    if (!c->sc->units || !c->names || !c->unit)
        return diag_at(d, u, "units", "out of memory");
    c->sc->n_units = u->n;
    for (size_t i = 0; i < u->n; i++) {
        char k[DIAG_PATH_MAX];
        const char *name;
        diag_path(k, sizeof k, "units", u->keys[i]->str);
        if (value_name(d, u->keys[i], k, &name))
            return -1;
        if (strcmp(name, "exit") == 0)
            return diag_at(d, u->keys[i], k, "'exit' is reserved for leaving "
                           "the system; rename the unit");
        c->names[i] = name;
        c->unit[i] = u->items[i];
        c->sc->units[i].divert_to = -1;
        if (!(c->sc->units[i].name = strdup(name)))
            return diag_at(d, u, "units", "out of memory");
    }
    c->names[u->n] = "exit";
    for (size_t i = 0; i < u->n; i++)
        if (unitspec_parse(c, i))
            return -1;
    return 0;
}

scenario *build_scenario(const ytree *root, const char *path, diag *d)
{
    build_ctx c = {d, NULL, NULL, NULL, {NULL, 0}, NULL, 0, 1, root};
    int rc = -1;
    c.sc = calloc(1, sizeof *c.sc);
    if (!c.sc || !(c.sc->path = strdup(path))) {
        diag_at(d, root, "", "out of memory");
        goto done;
    }
    if (value_keys(d, root, "", build_top_keys) ||
        build_top(&c, root) || monthspec_months(&c) ||
        classspec_parse(&c, root) ||
        build_units(&c, root) || poolspec_parse(&c, root) ||
        censusspec_parse(&c, root) ||
        demandspec_top(&c, root) ||
        outputspec_parse(&c, root))
        goto done;
    const ytree *a = value_need(d, root, "", "arrivals", "arrivals: [{name: "
                                "walk-ins, rate: 9.5 per day, to: ward}]");
    if (!a || value_seq(d, a, "arrivals", "a list of arrival streams"))
        goto done;
    if (a->n == 0 || a->n > SCENARIO_MAX_ARRIVALS) {
        diag_at(d, a, "arrivals", "has %zu arrival streams; expected 1 to %d",
                a->n, SCENARIO_MAX_ARRIVALS);
        goto done;
    }
    if (!(c.sc->arrivals = calloc(a->n, sizeof *c.sc->arrivals))) {
        diag_at(d, a, "arrivals", "out of memory");
        goto done;
    }
    c.sc->n_arrivals = a->n;
    for (size_t i = 0; i < a->n; i++)
        if (build_arrival(&c, a->items[i], i))
            goto done;
    if (ivspec_parse(&c, root) || cohortspec_parse(&c, root) ||
        cohortspec_mix(&c, root) ||
        targetspec_parse(&c, root) ||
        monthspec_parse(&c, root) || costspec_parse(&c, root) ||
        calibspec_parse(d, root, NULL) ||
        leverspec_parse(d, root, NULL))
        goto done;
    rc = graph_check(&c);
done:
    free(c.names);
    free(c.classes);
    free(c.unit);
    if (rc) {
        scenario_free(c.sc);
        return NULL;
    }
    return c.sc;
}
