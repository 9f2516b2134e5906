/* lever.c -- the levers derived from a scenario's units. */
#include "lever.h"

#include <math.h>
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

/* Adds one lever, its texts copied; returns 0, or -1 when memory ran
 * out.  Keys too long for a --set text are left out. */
static int lever_add(lever_list *l, const char *key, const char *group,
                     const char *what, const char *measure, double lo,
                     double hi, double base, double step)
{
    if (l->n == LEVER_MAX)
        return 0; /* the first LEVER_MAX are plenty for one page */
    if (strlen(key) > LEVER_SET_MAX - 40)
        return 0; /* too long for a --set text with its value */
    serve_lever *v = &l->v[l->n];
    memset(v, 0, sizeof *v);
    v->key = strdup(key);
    v->group = strdup(group);
    v->what = strdup(what);
    v->unit = strdup(measure);
    if (!v->key || !v->group || !v->what || !v->unit) {
        free(v->key);
        free(v->group);
        free(v->what);
        free(v->unit);
        return -1;
    }
    v->lo = lo;
    v->hi = hi;
    v->base = base;
    v->step = step;
    l->n++;
    return 0;
}

/* A unit's lever: units.NAME.TAIL. */
static int lever_unit(lever_list *l, const char *unit_name, const char *tail,
                      const char *what, const char *measure, long lo,
                      long hi, long base)
{
    char key[LEVER_SET_MAX];
    snprintf(key, sizeof key, "units.%s.%s", unit_name, tail);
    if (strlen(unit_name) + strlen(tail) + 8 > LEVER_SET_MAX - 40)
        return 0;
    return lever_add(l, key, unit_name, what, measure, (double)lo,
                     (double)hi, (double)base, 1);
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
            if (lever_unit(l, us->name, "capacity", "capacity", "places",
                          (c + 1) / 2, hi, c))
                goto oom;
        }
        long b = us->escalation.beds;
        if (b > 0 && b <= 1000000)
            if (lever_unit(l, us->name, "escalation.beds", "escalation beds",
                          "beds", 0, 2 * b > 20 ? 2 * b : 20, b))
                goto oom;
    }
    return 0;
oom:
    lever_list_free(l);
    return -1;
}

/* Whether x is a whole number. */
static int lever_whole(double x)
{
    return x == floor(x) && fabs(x) < 1e12;
}

int lever_declared(const lever_spec *spec, lever_list *l)
{
    l->n = 0;
    for (size_t i = 0; i < spec->n; i++) {
        const lever_decl *d = &spec->v[i];
        int whole = lever_whole(d->lo) && lever_whole(d->hi) &&
                    (d->step == 0 || lever_whole(d->step));
        if (d->n_values)
            whole = 0; /* the list says which values */
        if (lever_add(l, d->key, d->group[0] ? d->group : "levers",
                      d->label[0] ? d->label : d->key, d->unit, d->lo,
                      d->hi, d->def, whole ? (d->step ? d->step : 1)
                                           : d->step))
            goto oom;
        serve_lever *v = &l->v[l->n - 1];
        v->n_values = d->n_values;
        memcpy(v->values, d->values, d->n_values * sizeof *d->values);
    }
    return 0;
oom:
    lever_list_free(l);
    return -1;
}

int lever_allows(const serve_lever *v, double x)
{
    if (!isfinite(x))
        return 0;
    if (v->n_values) {
        for (size_t i = 0; i < v->n_values; i++)
            if (v->values[i] == x)
                return 1;
        return 0;
    }
    if (x < v->lo || x > v->hi)
        return 0;
    return v->step >= 1 && lever_whole(v->step) ? lever_whole(x) : 1;
}

void lever_list_free(lever_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].group);
        free(l->v[i].what);
        free(l->v[i].unit);
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

size_t lever_sets(const lever_list *l, const double *values,
                  char sets[][LEVER_SET_MAX])
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (values[i] != l->v[i].base)
            snprintf(sets[n++], LEVER_SET_MAX, "%s=%.12g", l->v[i].key,
                     values[i]);
    return n;
}

void lever_json(FILE *f, const lever_list *l)
{
    fputc('[', f);
    for (size_t i = 0; i < l->n; i++) {
        const serve_lever *v = &l->v[i];
        fputs(i ? ",\n {\"key\": " : "{\"key\": ", f);
        json_str(f, v->key);
        fputs(", \"group\": ", f);
        json_str(f, v->group);
        fputs(", \"label\": ", f);
        json_str(f, v->what);
        fputs(", \"unit\": ", f);
        json_str(f, v->unit);
        fprintf(f, ", \"min\": %.12g, \"max\": %.12g, \"step\": %.12g, "
                   "\"base\": %.12g", v->lo, v->hi, v->step, v->base);
        if (v->n_values) {
            fputs(", \"values\": [", f);
            for (size_t k = 0; k < v->n_values; k++)
                fprintf(f, "%s%.12g", k ? ", " : "", v->values[k]);
            fputc(']', f);
        }
        fputc('}', f);
    }
    fputc(']', f);
}

void lever_json_values(FILE *f, const lever_list *l, const double *values)
{
    fputc('{', f);
    for (size_t i = 0; i < l->n; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, l->v[i].key);
        fprintf(f, ": %.12g", values[i]);
    }
    fputc('}', f);
}

/* Orders keys name by name ("a.b" before "a.b.c" before "a.bc"), so
 * that keys sharing their first names are next to each other. */
static int lever_key_order(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++)
        ;
    int ca = *a == '.' ? 1 : (unsigned char)*a + 1;
    int cb = *b == '.' ? 1 : (unsigned char)*b + 1;
    if (!*a)
        ca = 0;
    if (!*b)
        cb = 0;
    return ca - cb;
}

/* How many leading names keys a and b share. */
static size_t lever_shared(const char *a, const char *b)
{
    size_t n = 0;
    for (;; a++, b++) {
        if ((*a == '.' || !*a) && (*b == '.' || !*b)) {
            n++;
            if (!*a || !*b)
                return n;
        } else if (*a != *b) {
            return n;
        }
    }
}

/* Writes name number k of key (names joined by '.') as a JSON string. */
static void lever_name(FILE *f, const char *key, size_t k)
{
    char buf[LEVER_SET_MAX];
    for (; k > 0; k--)
        key = strchr(key, '.') + 1;
    size_t n = strcspn(key, ".");
    snprintf(buf, sizeof buf, "%.*s", (int)n, key);
    json_str(f, buf);
}

static size_t lever_names(const char *key)
{
    size_t n = 1;
    for (; *key; key++)
        n += *key == '.';
    return n;
}

void lever_overlay(FILE *f, const lever_list *l, const double *values,
                   const char *extends)
{
    const char *slash = strrchr(extends, '/');
    fputs("# a setting of flowsim serve: run it with flowsim run FILE\n"
          "{\"extends\": ", f);
    json_str(f, slash ? slash + 1 : extends);
    /* the levers away from the base, in key order */
    size_t idx[LEVER_MAX], n = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (values[i] == l->v[i].base)
            continue;
        size_t j = n++;
        for (; j > 0 && lever_key_order(l->v[idx[j - 1]].key,
                                        l->v[i].key) > 0; j--)
            idx[j] = idx[j - 1];
        idx[j] = i;
    }
    const char *prev = NULL;
    size_t depth = 0; /* maps open below the top */
    for (size_t m = 0; m < n; m++) {
        const char *key = l->v[idx[m]].key;
        size_t names = lever_names(key);
        size_t shared = prev ? lever_shared(prev, key) : 0;
        if (shared >= names)
            shared = names - 1;
        for (; depth > shared; depth--)
            fputc('}', f);
        fputs(",\n ", f);
        for (size_t k = depth; k < names; k++) {
            if (k > depth)
                fputs(" {", f);
            lever_name(f, key, k);
            fputs(":", f);
        }
        fprintf(f, " %.12g", values[idx[m]]);
        depth = names - 1;
        prev = key;
    }
    for (; depth > 0; depth--)
        fputc('}', f);
    fputs("}\n", f);
}
