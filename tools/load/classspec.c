/* classspec.c -- patient classes: names, tags, and the selections that
 * interventions make of them (by name, or by tags with `where`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "value.h"

/* Reads the tags of class i from map t (TAG: VALUE, values as text). */
static int classspec_tags(build_ctx *c, const ytree *t, const char *path,
                          class_spec *cl)
{
    diag *d = c->d;
    if (value_map(d, t, path, "a map of tags like {age: 65+, cohort: "
                  "at-risk} ({} for none)"))
        return -1;
    cl->tag_keys = calloc(t->n ? t->n : 1, sizeof *cl->tag_keys);
    cl->tag_values = calloc(t->n ? t->n : 1, sizeof *cl->tag_values);
    if (!cl->tag_keys || !cl->tag_values)
        return diag_at(d, t, path, "out of memory");
    for (size_t j = 0; j < t->n; j++) {
        char k[DIAG_PATH_MAX];
        const char *v;
        diag_path(k, sizeof k, path, t->keys[j]->str);
        if (value_text(d, t->items[j], k, &v))
            return -1;
        cl->tag_keys[j] = strdup(t->keys[j]->str);
        cl->tag_values[j] = strdup(v);
        cl->n_tags = j + 1;
        if (!cl->tag_keys[j] || !cl->tag_values[j])
            return diag_at(d, t, path, "out of memory");
    }
    return 0;
}

int classspec_parse(build_ctx *c, const ytree *root)
{
    diag *d = c->d;
    scenario *sc = c->sc;
    const ytree *n = ytree_get(root, "classes");
    if (!(c->classes = calloc(n && n->kind == YTREE_MAP ? n->n + 1 : 1,
                              sizeof *c->classes)))
        return diag_at(d, root, "classes", "out of memory");
    if (!n)
        return 0;
    if (value_map(d, n, "classes", "a map from class names to tags, like "
                  "{older: {age: 65+}}"))
        return -1;
    if (n->n == 0 || n->n > SCENARIO_MAX_CLASSES)
        return diag_at(d, n, "classes", "has %zu classes; expected 1 to %d "
                       "(or no classes section)", n->n, SCENARIO_MAX_CLASSES);
    if (!(sc->classes = calloc(n->n, sizeof *sc->classes)))
        return diag_at(d, n, "classes", "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        char k[DIAG_PATH_MAX];
        const char *name;
        diag_path(k, sizeof k, "classes", n->keys[i]->str);
        if (value_name(d, n->keys[i], k, &name))
            return -1;
        sc->n_classes = i + 1;
        if (!(sc->classes[i].name = strdup(name)))
            return diag_at(d, n, "classes", "out of memory");
        c->classes[i] = name;
        if (classspec_tags(c, n->items[i], k, &sc->classes[i]))
            return -1;
    }
    return 0;
}

int classspec_ref(build_ctx *c, const ytree *n, const char *path)
{
    if (!n || n->kind != YTREE_SCALAR || ytree_is_null(n))
        return diag_at(c->d, n, path, "expected the name of a class");
    if (c->sc->n_classes == 0)
        return diag_at(c->d, n, path, "class '%s' is used but the scenario "
                       "has no classes; add a classes: section", n->str);
    int i = value_choice(n->str, c->classes);
    if (i >= 0)
        return i;
    const char *near = diag_nearest(n->str, c->classes);
    if (near)
        return diag_at(c->d, n, path, "unknown class '%s'; did you mean "
                       "'%s'?", n->str, near);
    return diag_at(c->d, n, path, "unknown class '%s'; expected one of the "
                   "names in classes", n->str);
}

/* The value of tag `key` of class cl, or NULL. */
static const char *classspec_tag(const class_spec *cl, const char *key)
{
    for (size_t t = 0; t < cl->n_tags; t++)
        if (strcmp(cl->tag_keys[t], key) == 0)
            return cl->tag_values[t];
    return NULL;
}

/* Explains why where-pair (k, v) holds for no class, suggesting the
 * nearest tag name or value. */
static int classspec_no_match(build_ctx *c, const ytree *k, const ytree *v,
                              const char *path)
{
    const scenario *sc = c->sc;
    size_t m = 0;
    for (size_t i = 0; i < sc->n_classes; i++)
        m += sc->classes[i].n_tags;
    const char **cands = calloc(m + 1, sizeof *cands);
    if (!cands)
        return diag_at(c->d, k, path, "out of memory");
    int known = 0;
    for (size_t i = 0; i < sc->n_classes; i++)
        known |= classspec_tag(&sc->classes[i], k->str) != NULL;
    /* Candidates: the values of this tag, or else every tag name. */
    m = 0;
    for (size_t i = 0; i < sc->n_classes; i++) {
        const class_spec *cl = &sc->classes[i];
        if (known && classspec_tag(cl, k->str))
            cands[m++] = classspec_tag(cl, k->str);
        for (size_t t = 0; !known && t < cl->n_tags; t++)
            cands[m++] = cl->tag_keys[t];
    }
    cands[m] = NULL;
    const char *near = diag_nearest(known ? v->str : k->str, cands);
    char sub[DIAG_PATH_MAX];
    diag_path(sub, sizeof sub, path, k->str);
    if (!known)
        diag_at(c->d, k, sub, "matches no class: no class has the tag "
                "'%s'%s%s%s", k->str, near ? "; did you mean '" : "; "
                "expected a tag used in classes", near ? near : "",
                near ? "'?" : "");
    else
        diag_at(c->d, v, sub, "matches no class: no class has %s '%s'%s%s%s",
                k->str, v->str, near ? "; did you mean '" : "; expected a "
                "value used in classes", near ? near : "", near ? "'?" : "");
    free(cands);
    return -1;
}

/* where: {TAG: VALUE, ...}: the classes whose tags match every pair. */
static int classspec_where(build_ctx *c, const ytree *w, const char *path,
                           unsigned char *flags)
{
    diag *d = c->d;
    const scenario *sc = c->sc;
    if (value_map(d, w, path, "a map of tags like {cohort: at-risk}"))
        return -1;
    if (w->n == 0)
        return diag_at(d, w, path, "is empty; expected tags like {cohort: "
                       "at-risk}, or remove it to mean every class");
    size_t hits = 0;
    for (size_t i = 0; i < sc->n_classes; i++)
        flags[i] = 1;
    for (size_t j = 0; j < w->n; j++) {
        char sub[DIAG_PATH_MAX];
        const char *v;
        diag_path(sub, sizeof sub, path, w->keys[j]->str);
        if (value_text(d, w->items[j], sub, &v))
            return -1;
        size_t any = 0;
        for (size_t i = 0; i < sc->n_classes; i++) {
            const char *t = classspec_tag(&sc->classes[i], w->keys[j]->str);
            int ok = t && strcmp(t, v) == 0;
            any += ok;
            flags[i] &= ok;
        }
        if (!any)
            return classspec_no_match(c, w->keys[j], w->items[j], path);
    }
    for (size_t i = 0; i < sc->n_classes; i++)
        hits += flags[i];
    if (!hits)
        return diag_at(d, w, path, "matches no class: no class has all "
                       "these tags; expected tags that hold together for at "
                       "least one class");
    return 0;
}

int classspec_select(build_ctx *c, const ytree *m, const char *path,
                     unsigned char **out)
{
    diag *d = c->d;
    const ytree *cl = ytree_get(m, "classes"), *w = ytree_get(m, "where");
    char k[DIAG_PATH_MAX];
    *out = NULL;
    if (!cl && !w)
        return 0;
    diag_path(k, sizeof k, path, cl ? "classes" : "where");
    if (cl && w) {
        diag_path(k, sizeof k, path, "where");
        return diag_at(d, w, k, "both classes and where are given; keep "
                       "only one");
    }
    if (c->sc->n_classes == 0)
        return diag_at(d, cl ? cl : w, k, "the scenario has no classes; "
                       "add a classes: section or remove this key");
    if (!(*out = calloc(c->sc->n_classes, 1)))
        return diag_at(d, m, path, "out of memory");
    if (w)
        return classspec_where(c, w, k, *out);
    if (value_seq(d, cl, k, "a list of class names like [older, child]"))
        return -1;
    if (cl->n == 0)
        return diag_at(d, cl, k, "is empty; expected at least one class, or "
                       "remove it to mean every class");
    for (size_t i = 0; i < cl->n; i++) {
        char sub[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, k, idx);
        int x = classspec_ref(c, cl->items[i], sub);
        if (x < 0)
            return -1;
        (*out)[x] = 1;
    }
    return 0;
}
