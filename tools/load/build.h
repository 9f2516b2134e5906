/* build.h -- validating a merged scenario tree and building the struct.
 *
 * build.c owns the top level and the arrivals, classspec.c the patient
 * classes, unitspec.c the units (unithealth.c their health-system
 * settings), ivspec.c the interventions, targetspec.c the targets, and
 * graph.c the checks that need the whole routing graph (divert loops,
 * deadlocking block cycles).  What every reader uses lives apart, so the
 * readers never call back into build.c: unit names (unitref.c), routes
 * (routespec.c), dated periods (periodspec.c).  They share one context,
 * alive for one load.
 */
#ifndef FLOWSIM_LOAD_BUILD_H
#define FLOWSIM_LOAD_BUILD_H

#include "datetime.h"
#include "diag.h"
#include "scenario.h"
#include "ytree.h"

typedef struct build_ctx {
    diag *d;
    scenario *sc;          /* being filled; sc->n_units set up front */
    const char **names;    /* unit names then "exit", NULL-terminated */
    const ytree **unit;    /* per unit: its settings map */
    datetime_origin day0;  /* start_date, for dates as time points */
    const char **classes;  /* class names, NULL-terminated */
    long census;           /* sum of the units' `initial` so far */
    double demand_scale;   /* `demand: {scale:}`, 1 without it */
    const ytree *root;     /* the merged scenario */
} build_ctx;

/* The keys a scenario may have at its top level, NULL-terminated. */
extern const char *const build_top_keys[];

/* Validates the merged tree root (loaded from path) and returns the
 * scenario, or NULL with the first error in d. */
scenario *build_scenario(const ytree *root, const char *path, diag *d);

/* Index of unit `name` (or SCENARIO_EXIT for "exit" when allow_exit), or
 * reports "unknown unit" with the nearest name at node n and returns -2. */
int build_unit_ref(build_ctx *c, const ytree *n, const char *path,
                   int allow_exit);

/* Reads the optional top-level `classes` map into sc->classes (before
 * units and arrivals, which refer to classes).  Returns 0 or -1. */
int classspec_parse(build_ctx *c, const ytree *root);

/* Index of class `name` (node n), or reports an unknown class with the
 * nearest name (or that the scenario has no classes) and returns -1. */
int classspec_ref(build_ctx *c, const ytree *n, const char *path);

/* Reads the `classes: [NAME...]` or `where: {TAG: VALUE...}` of map m
 * into *out: n_classes flags, or NULL (every class) when neither key is
 * there.  A where that matches no class is an error.  Returns 0 or -1. */
int classspec_select(build_ctx *c, const ytree *m, const char *path,
                     unsigned char **out);

/* Reads the optional top-level `cohort:` into sc->cohort and sets the
 * reach of the interventions that target its classes (after the
 * interventions and arrivals are read).  Returns 0 or -1. */
int cohortspec_parse(build_ctx *c, const ytree *root);

/* Reads the optional top-level `discharge_mix:` (classes or where) into
 * sc->mix_classes.  Returns 0 or -1. */
int cohortspec_mix(build_ctx *c, const ytree *root);

/* Reads a route: exit | UNIT | {UNIT or exit: share, ...}, shares in
 * (0, 1] (0.3 or 30%) summing to 1 within 1e-6, then renormalised
 * exactly.  n NULL means exit.  Returns 0 or -1; on failure r may own
 * memory (freed with the scenario). */
int routespec_parse(build_ctx *c, const ytree *n, const char *path, route *r);

/* Fills sc->units[i] from the settings map of unit i (names already set).
 * Returns 0, or -1 with an error in c->d. */
int unitspec_parse(build_ctx *c, size_t i);

/* The health-system settings of unit i (role excepted): stay_by_class,
 * next_by_class, escalation, readmission, assessment, initial.  Called
 * by unitspec_parse.  Returns 0 or -1. */
int unithealth_parse(build_ctx *c, size_t i);

/* The when-patients-may-move settings of unit i: review (ward rounds),
 * admission_hours, assessors, stay_periods, boarding.  Called by
 * unitspec_parse after unithealth_parse.  Returns 0 or -1. */
int unitflow_parse(build_ctx *c, size_t i);

/* Reads a list of dated factors [{from: D, to: D, factor: x}, ...] into
 * *out (n entries in *nout).  Returns 0 or -1. */
int build_periods(build_ctx *c, const ytree *n, const char *path,
                  arrival_period **out, size_t *nout);

/* A period that comes back every year, {every: year, from: MM-DD, to:
 * MM-DD, factor: x} or {every: year, on: DAY, factor: x}, or every week,
 * {every: week, on: WEEKDAY} or {from: WEEKDAY, to: WEEKDAY} (recurspec.c):
 * appends its periods (one a year or week the run touches, cut to the run) to
 * *out, growing it (*cap entries).  Returns 0 or -1. */
int recurspec_period(build_ctx *c, const ytree *p, const char *path,
                     arrival_period **out, size_t *n, size_t *cap);

/* Weekly hours {from: "08:00", to: "20:00", days: [mon, ...]} (hours.c):
 * as a unit's capacity schedule (open_hours: capacity while open, 0
 * while closed), or as a window of the week (admission_hours).  Return 0
 * or -1. */
int hours_schedule(build_ctx *c, const ytree *n, const char *path,
                   unit_spec *u);
int hours_window(build_ctx *c, const ytree *n, const char *path,
                 week_window *w);

/* A list of daily times ["08:00", "16:00"], increasing, into *out (n in
 * *nout), as minutes after midnight.  Returns 0 or -1. */
int build_times(build_ctx *c, const ytree *n, const char *path, double **out,
                size_t *nout);

/* Reads the optional top-level `demand: {scale: x}` (demandspec.c) into
 * c->demand_scale (1 without it), before the arrivals.  Returns 0 or -1. */
int demandspec_top(build_ctx *c, const ytree *root);

/* Sets a->scale: the stream's own `scale:` (1 without it) times
 * c->demand_scale.  Returns 0 or -1. */
int demandspec_stream(build_ctx *c, const ytree *n, const char *path,
                      arrival_spec *a);

/* Reads the optional top-level `quantiles:` (percentiles of every
 * unit's occupancy, blocked places, line and wait) and `distribution:`
 * (units whose P(occupancy = n) is reported), after the units
 * (outputspec.c).  Returns 0 or -1. */
int outputspec_parse(build_ctx *c, const ytree *root);

/* 1 if the top-level `pools:` of root names unit `unit` among a pool's
 * units (before the units are read: such a unit may have capacity 0). */
int poolspec_member(const ytree *root, const char *unit);

/* Reads the optional top-level `pools:` (places shared by units), after
 * the units (poolspec.c).  Returns 0 or -1. */
int poolspec_parse(build_ctx *c, const ytree *root);

/* Reads the optional top-level `initial: {from: FILE}`, the census one
 * patient a row (censusspec.c), after the units and classes.  Returns 0
 * or -1. */
int censusspec_parse(build_ctx *c, const ytree *root);

/* Reads the optional top-level `interventions` list (after units and
 * arrivals).  Returns 0 or -1. */
int ivspec_parse(build_ctx *c, const ytree *root);

/* The calendar months of the measured period into sc->months (none
 * without start_date); called once start_date, warmup and horizon are
 * known.  Returns 0 or -1. */
int monthspec_months(build_ctx *c);

/* Asks for KPI `name` (node n) to be reported month by month: it must be
 * one the registry can make by month, and the scenario must have months.
 * Returns 0 or -1. */
int monthspec_want(build_ctx *c, const ytree *n, const char *path,
                   const char *name);

/* Reads the optional top-level `monthly` list.  Returns 0 or -1. */
int monthspec_parse(build_ctx *c, const ytree *root);

/* Reads the optional top-level `targets` list.  Returns 0 or -1. */
int targetspec_parse(build_ctx *c, const ytree *root);

/* Whole-graph checks: divert to self, divert loops, and routing cycles
 * in which every unit blocks when full with finite capacity (edges:
 * next, next_by_class, route_mix targets, and where deflect_admissions
 * sends patients instead).  Returns 0,
 * or -1 with an error in c->d. */
int graph_check(build_ctx *c);

#endif
