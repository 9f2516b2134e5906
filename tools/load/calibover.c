/* calibover.c -- the overlay that calibrate writes (calibspec_overlay):
 * the calibrated parameters nested as the scenario nests them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calibspec.h"
#include "merge.h"

/* A parameter's path split at its dots. */
typedef struct calibover_path {
    char buf[DIAG_PATH_MAX];
    const char *comp[MERGE_MAX_SET_PATH];
    size_t n;
} calibover_path;

/* A name that is safe as a plain YAML scalar (calibspec's path rule). */
static int calibover_plain(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* The item of list n named (or numbered) c, or NULL. */
static const ytree *calibover_item(const ytree *n, const char *c)
{
    for (size_t i = 0; i < n->n; i++) {
        const ytree *nm = ytree_get(n->items[i], "name");
        if (nm && nm->kind == YTREE_SCALAR && !strcmp(nm->str, c))
            return n->items[i];
    }
    char *end;
    long i = strtol(c, &end, 10);
    return !*end && i >= 0 && (size_t)i < n->n ? n->items[i] : NULL;
}

/* Writes the parameters idx[0..m) (sharing their first depth
 * components) under node, indented by indent.  Returns 0 or -1. */
static int calibover_emit(FILE *f, const ytree *node,
                          const calibover_path *ps, const calib_spec *c,
                          const double *x, const size_t *idx, size_t m,
                          size_t depth, int indent)
{
    for (size_t a = 0; a < m; a++) {
        const char *comp = ps[idx[a]].comp[depth];
        int seen = 0;
        for (size_t b = 0; b < a; b++)
            seen |= !strcmp(ps[idx[b]].comp[depth], comp);
        if (seen)
            continue;
        size_t sub[CALIBSPEC_MAX_PARAMS], ns = 0;
        for (size_t b = a; b < m; b++)
            if (!strcmp(ps[idx[b]].comp[depth], comp))
                sub[ns++] = idx[b];
        const calib_param *p = &c->p[idx[a]];
        if (ps[idx[a]].n == depth + 1) {
            fprintf(f, "%*s%s: %.9g%s%s\n", indent, "", comp, x[idx[a]],
                    p->unit[0] ? " " : "", p->unit);
            continue;
        }
        const ytree *child =
            node && node->kind == YTREE_MAP ? ytree_get(node, comp) : NULL;
        fprintf(f, "%*s%s:\n", indent, "", comp);
        if (!child || child->kind != YTREE_SEQ) {
            if (calibover_emit(f, child, ps, c, x, sub, ns, depth + 1,
                               indent + 2))
                return -1;
            continue;
        }
        for (size_t s = 0; s < ns; s++) {
            const char *ic = ps[sub[s]].comp[depth + 1];
            int done = 0;
            for (size_t t = 0; t < s; t++)
                done |= !strcmp(ps[sub[t]].comp[depth + 1], ic);
            if (done)
                continue;
            const ytree *item = calibover_item(child, ic);
            const ytree *nm = item ? ytree_get(item, "name") : NULL;
            if (!nm || nm->kind != YTREE_SCALAR || !calibover_plain(nm->str))
                return -1;
            size_t in[CALIBSPEC_MAX_PARAMS], ni = 0;
            for (size_t t = s; t < ns; t++)
                if (!strcmp(ps[sub[t]].comp[depth + 1], ic)) {
                    if (ps[sub[t]].n <= depth + 2)
                        return -1;
                    in[ni++] = sub[t];
                }
            fprintf(f, "%*s- name: %s\n", indent + 2, "", nm->str);
            if (calibover_emit(f, item, ps, c, x, in, ni, depth + 2,
                               indent + 4))
                return -1;
        }
    }
    return 0;
}

/* base as a double-quoted YAML scalar: quotes, backslashes and control
 * bytes escaped. */
static void calibover_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

int calibspec_overlay(FILE *f, const calib_spec *c, const double *x,
                      const char *base)
{
    calibover_path ps[CALIBSPEC_MAX_PARAMS];
    size_t idx[CALIBSPEC_MAX_PARAMS];
    for (size_t i = 0; i < c->n; i++) {
        snprintf(ps[i].buf, sizeof ps[i].buf, "%s", c->p[i].set);
        ps[i].n = 0;
        for (char *save, *t = strtok_r(ps[i].buf, ".", &save);
             t && ps[i].n < MERGE_MAX_SET_PATH; t = strtok_r(NULL, ".", &save))
            ps[i].comp[ps[i].n++] = t;
        idx[i] = i;
    }
    fputs("extends: ", f);
    calibover_quoted(f, base);
    fputc('\n', f);
    return calibover_emit(f, c->root, ps, c, x, idx, c->n, 0, 0);
}
