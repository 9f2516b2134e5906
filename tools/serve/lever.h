/* lever.h -- the levers of a scenario: the values a planner may move on
 * the what-if page, each a --set key with a range (or a list of values).
 *
 * The levers are those the scenario declares in its `levers:` section
 * (leverspec.h), when it has one.  Else they are derived from its units:
 * every unit of limited capacity gives its capacity (from half to twice
 * it), and every unit with escalation beds gives their number (from none
 * to twice them), both whole numbers.  A
 * setting is one value per lever; it becomes --set overrides that the
 * server itself writes (never text from a client), so a setting run by
 * the server is exactly `flowsim run --set KEY=VALUE ...`.
 */
#ifndef FLOWSIM_LEVER_H
#define FLOWSIM_LEVER_H

#include <stdio.h>
#include "leverspec.h"
#include "scenario.h"

#define LEVER_MAX 64        /* levers of one scenario, at most */
#define LEVER_SET_MAX 160   /* one --set text, at most */

typedef struct serve_lever {
    char *key;          /* "units.medical.escalation.beds" */
    char *group;        /* the unit's name, or the declared group */
    char *what;         /* "capacity", "escalation beds", or the label */
    char *unit;         /* unit of measure: "places", "beds" */
    double lo, hi, base; /* range, and the default (the scenario's value) */
    double step;        /* 1 for whole numbers; 0: any value in range */
    size_t n_values;    /* 0: the range; else only values[] */
    double values[LEVERSPEC_VALUES_MAX];
} serve_lever;

typedef struct lever_list {
    size_t n;
    serve_lever v[LEVER_MAX];
} lever_list;

/* Fills l with the levers of sc.  A unit whose name could not be part of
 * a --set key (a '.', '=' or a control character in it) has none.
 * Returns 0, or -1 when memory ran out (l is then empty). */
int lever_derive(const scenario *sc, lever_list *l);

/* Fills l with the levers spec declares (spec->n of them).  A range
 * whose ends and step are whole numbers takes whole numbers only.
 * Returns 0, or -1 when memory ran out (l is then empty). */
int lever_declared(const lever_spec *spec, lever_list *l);

/* Whether x is a value lever v accepts: in its list, or in its range
 * (and whole when the lever is). */
int lever_allows(const serve_lever *v, double x);
void lever_list_free(lever_list *l);

/* The lever named key, or -1. */
int lever_find(const lever_list *l, const char *key);

/* The --set overrides of a setting (values[i] for lever i, each within
 * its range): one "KEY=VALUE" for each lever away from its base, into
 * sets[] (LEVER_MAX texts of LEVER_SET_MAX bytes).  Returns how many. */
size_t lever_sets(const lever_list *l, const double *values,
                  char sets[][LEVER_SET_MAX]);

/* The levers as JSON: [{"key", "group", "label", "unit", "min", "max",
 * "step", "base"[, "values"]}, ...] (step 0: any value). */
void lever_json(FILE *f, const lever_list *l);

/* A setting as JSON: {"KEY": VALUE, ...}, every lever. */
void lever_json_values(FILE *f, const lever_list *l, const double *values);

/* A setting as a scenario of its own: `extends:` the scenario file
 * `extends` (its name, so that the overlay is kept beside it) with the
 * values away from the base, nested by the keys' names, as YAML in flow
 * style with every name quoted (JSON, which YAML reads as it is):
 *   {"extends": "baseline.yaml",
 *    "units": {"medical": {"escalation": {"beds": 80}}}}
 * Run, it gives what the setting gave. */
void lever_overlay(FILE *f, const lever_list *l, const double *values,
                   const char *extends);

#endif
