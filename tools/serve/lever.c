/* lever.c -- the levers derived from a scenario's units. */
#include "lever.h"

#include <stdlib.h>
#include <string.h>
#include "json.h"

/* A unit name that can stand in a --set key as it is: printable, no
 * '.' (the key's separator) and no '=' (the value's). */
static int lever_name_ok(const char *s)
{
    if (!*s)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '.' || *p == '=')
            return 0;
    return 1;
}

/* Adds one lever; returns 0, or -1 when memory ran out. */
static int lever_add(lever_list *l, const char *unit_name, const char *tail,
                     const char *what, const char *measure, long lo,
                     long hi, long base)
{
    if (l->n == LEVER_MAX)
        return 0; /* the first LEVER_MAX are plenty for one page */
    size_t len = strlen("units.") + strlen(unit_name) + strlen(tail) + 2;
    if (len > LEVER_SET_MAX - 24)
        return 0; /* too long for a --set text with its value */
    lever *v = &l->v[l->n];
    v->key = malloc(len);
    v->group = strdup(unit_name);
    if (!v->key || !v->group) {
        free(v->key);
        free(v->group);
        return -1;
    }
    snprintf(v->key, len, "units.%s.%s", unit_name, tail);
    v->what = what;
    v->escalation = strcmp(tail, "capacity") != 0;
    v->unit = measure;
    v->lo = lo;
    v->hi = hi;
    v->base = base;
    l->n++;
    return 0;
}

/* Capacities from half to twice (at least 10 more) the scenario's, and
 * escalation beds from none to twice (at least 20): wide enough for the
 * questions a planner asks, narrow enough that a run stays a run. */
int lever_derive(const scenario *sc, lever_list *l)
{
    l->n = 0;
    for (size_t u = 0; u < sc->n_units; u++) {
        const unit_spec *us = &sc->units[u];
        if (!lever_name_ok(us->name))
            continue;
        if (us->capacity > 0 && us->capacity <= 1000000) {
            long c = us->capacity;
            long hi = 2 * c > c + 10 ? 2 * c : c + 10;
            if (lever_add(l, us->name, "capacity", "capacity", "places",
                          (c + 1) / 2, hi, c))
                goto oom;
        }
        long b = us->escalation.beds;
        if (b > 0 && b <= 1000000)
            if (lever_add(l, us->name, "escalation.beds", "escalation beds",
                          "beds", 0, 2 * b > 20 ? 2 * b : 20, b))
                goto oom;
    }
    return 0;
oom:
    lever_list_free(l);
    return -1;
}

void lever_list_free(lever_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].group);
    }
    l->n = 0;
}

int lever_find(const lever_list *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].key, key))
            return (int)i;
    return -1;
}

size_t lever_sets(const lever_list *l, const long *values,
                  char sets[][LEVER_SET_MAX])
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (values[i] != l->v[i].base)
            snprintf(sets[n++], LEVER_SET_MAX, "%s=%ld", l->v[i].key,
                     values[i]);
    return n;
}

void lever_json(FILE *f, const lever_list *l)
{
    fputc('[', f);
    for (size_t i = 0; i < l->n; i++) {
        const lever *v = &l->v[i];
        fputs(i ? ",\n {\"key\": " : "{\"key\": ", f);
        json_str(f, v->key);
        fputs(", \"group\": ", f);
        json_str(f, v->group);
        fputs(", \"label\": ", f);
        json_str(f, v->what);
        fputs(", \"unit\": ", f);
        json_str(f, v->unit);
        fprintf(f, ", \"min\": %ld, \"max\": %ld, \"step\": 1, "
                   "\"base\": %ld}", v->lo, v->hi, v->base);
    }
    fputc(']', f);
}

void lever_json_values(FILE *f, const lever_list *l, const long *values)
{
    fputc('{', f);
    for (size_t i = 0; i < l->n; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, l->v[i].key);
        fprintf(f, ": %ld", values[i]);
    }
    fputc('}', f);
}

void lever_overlay(FILE *f, const lever_list *l, const long *values,
                   const char *extends)
{
    const char *slash = strrchr(extends, '/');
    fputs("# a setting of flowsim serve: run it with flowsim run FILE\n"
          "{\"extends\": ", f);
    json_str(f, slash ? slash + 1 : extends);
    fputs(",\n \"units\": {", f);
    int first_unit = 1;
    for (size_t i = 0; i < l->n; i++) {
        /* a unit's levers are next to each other: one map per unit */
        if (i > 0 && !strcmp(l->v[i].group, l->v[i - 1].group))
            continue;
        int any = 0;
        for (size_t j = i; j < l->n && !strcmp(l->v[j].group,
                                               l->v[i].group); j++) {
            const lever *v = &l->v[j];
            if (values[j] == v->base)
                continue;
            if (!any) {
                fputs(first_unit ? "\n  " : ",\n  ", f);
                json_str(f, v->group);
                fputs(": {", f);
            }
            fputs(any ? ", " : "", f);
            fprintf(f, v->escalation ? "\"escalation\": {\"beds\": %ld}"
                                     : "\"capacity\": %ld", values[j]);
            any = 1;
            first_unit = 0;
        }
        if (any)
            fputc('}', f);
    }
    fputs("}}\n", f);
}
