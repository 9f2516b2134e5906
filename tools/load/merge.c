/* merge.c -- extends chains, deep merging and --set overrides. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "merge.h"

/* The files of the extends chain being loaded, to detect loops. */
typedef struct merge_chain {
    const char *const *known;   /* a scenario's top-level keys */
    size_t n;
    const char *names[MERGE_MAX_EXTENDS + 1];
    dev_t dev[MERGE_MAX_EXTENDS + 1];
    ino_t ino[MERGE_MAX_EXTENDS + 1];
} merge_chain;

/* 1 if every item of seq s is a map with a scalar `name`. */
static int merge_named(const ytree *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const ytree *nm = ytree_get(s->items[i], "name");
        if (!nm || nm->kind != YTREE_SCALAR)
            return 0;
    }
    return 1;
}

/* Index of the item of seq s whose name is `name`, or -1. */
static long merge_item(const ytree *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++) {
        const ytree *nm = ytree_get(s->items[i], "name");
        if (nm && nm->kind == YTREE_SCALAR && strcmp(nm->str, name) == 0)
            return (long)i;
    }
    return -1;
}

/* Appends item to seq s (taking it); -1 when out of memory. */
static int merge_append(ytree *s, ytree *item)
{
    if (ytree_reserve(s) != 0) {
        ytree_free(item);
        return -1;
    }
    s->items[s->n++] = item;
    return 0;
}

/* Merges two maps into base (see merge_trees). */
static ytree *merge_maps(ytree *base, ytree *over, diag *d)
{
    for (size_t i = 0; i < over->n; i++) {
        ytree *k = over->keys[i], *v = over->items[i];
        over->keys[i] = over->items[i] = NULL;
        long j = ytree_find(base, k->str);
        if (ytree_is_null(v)) {
            if (j >= 0)
                ytree_remove(base, (size_t)j);
            ytree_free(k);
            ytree_free(v);
        } else if (j >= 0) {
            ytree_free(k);
            base->items[j] = merge_trees(base->items[j], v, d);
            if (!base->items[j]) {
                ytree_remove(base, (size_t)j);
                goto oom;
            }
        } else if (ytree_map_add(base, k, v) != 0) {
            goto oom;
        }
    }
    ytree_free(over);
    return base;
oom:
    ytree_free(over);
    ytree_free(base);
    diag_raw(d, "(merge): out of memory");
    return NULL;
}

/* Merges two sequences of named maps into base, item by item. */
static ytree *merge_seqs(ytree *base, ytree *over, diag *d)
{
    for (size_t i = 0; i < over->n; i++) {
        ytree *v = over->items[i];
        over->items[i] = NULL;
        long j = merge_item(base, ytree_get(v, "name")->str);
        if (j >= 0) {
            base->items[j] = merge_trees(base->items[j], v, d);
            if (!base->items[j]) {
                ytree_remove(base, (size_t)j);
                goto oom;
            }
        } else if (merge_append(base, v) != 0) {
            goto oom;
        }
    }
    ytree_free(over);
    return base;
oom:
    ytree_free(over);
    ytree_free(base);
    diag_raw(d, "(merge): out of memory");
    return NULL;
}

ytree *merge_trees(ytree *base, ytree *over, diag *d)
{
    if (base->kind == YTREE_MAP && over->kind == YTREE_MAP)
        return merge_maps(base, over, d);
    if (base->kind == YTREE_SEQ && over->kind == YTREE_SEQ &&
        merge_named(base) && merge_named(over))
        return merge_seqs(base, over, d);
    ytree_free(base);
    return over;
}

char *merge_relative(const char *from, const char *rel)
{
    const char *slash = strrchr(from, '/');
    size_t dl = rel[0] == '/' || !slash ? 0 : (size_t)(slash - from) + 1;
    char *p = malloc(dl + strlen(rel) + 1);
    if (p) {
        memcpy(p, from, dl);
        strcpy(p + dl, rel);
    }
    return p;
}

/* Describes the loop from chain entry `again` back to `to` into buf. */
static void merge_loop_text(const merge_chain *c, size_t again,
                            const char *to, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = again; i < c->n && k < size; i++) {
        int w = snprintf(buf + k, size - k, "%s -> ", c->names[i]);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    if (k < size)
        snprintf(buf + k, size - k, "%s", to);
}

/* Resolves the extends chain of t, parsed from path (already recorded in
 * c); consumes t. */
static int merge_resolve(const char *path, ytree *t, merge_chain *c,
                         ytree **out, diag *d);
static int merge_base(const char *path, const ytree *ev, const char *key,
                      merge_chain *c, ytree **out, diag *d);

/* 1 if key is a scenario's top-level key, or near enough to one to be a
 * typo of it (quoting it then shows nothing but a misspelt setting). */
static int merge_known(const merge_chain *c, const char *key)
{
    for (size_t i = 0; c->known[i]; i++)
        if (!strcmp(key, c->known[i]))
            return 1;
    return diag_distance(key, "extends") <= 2 ||
           diag_nearest(key, c->known) != NULL;
}

/* A file read because another file named it may hold anything (a key
 * file, a password file): until it looks like a scenario, a map of
 * scenario settings, no message may quote its text.  Returns 0 if it
 * does (or is not a map, reported later without quoting); else reports
 * the first other top-level key by position only and returns -1. */
static int merge_recognise(const char *path, const ytree *t,
                           const merge_chain *c, const char *why, diag *d)
{
    for (size_t i = 0; t && t->kind == YTREE_MAP && i < t->n; i++)
        if (!merge_known(c, t->keys[i]->str))
            return diag_pos(d, path, t->keys[i]->line, t->keys[i]->col,
                            "(file)", "not a scenario: this top-level key "
                            "is no scenario setting; %s must name a "
                            "scenario file", why);
    return 0;
}

/* Loads one file of the chain (already recorded in c) and its bases.
 * named: the path was read from another file (why: "extends" or
 * "base"), so the file's text stays unquoted until it is recognised. */
static int merge_load_chain(const char *path, merge_chain *c, const char *why,
                            ytree **out, diag *d)
{
    char err[1024];
    ytree *t;
    *out = NULL;
    if (ytree_parse_file(path, why ? YTREE_QUIET : 0, &t, err,
                         sizeof err) != 0)
        return diag_raw(d, err);
    if (why && merge_recognise(path, t, c, why, d) != 0) {
        ytree_free(t);
        return -1;
    }
    return merge_resolve(path, t, c, out, d);
}

static int merge_resolve(const char *path, ytree *t, merge_chain *c,
                         ytree **out, diag *d)
{
    *out = NULL;
    if (!t)
        return diag_pos(d, path, 1, 1, "",
                        "the file is empty; expected a map with name, "
                        "horizon, units and arrivals");
    if (t->kind != YTREE_MAP) {
        diag_at(d, t, "",
                "expected a map with name, horizon, units and arrivals");
        ytree_free(t);
        return -1;
    }
    long ei = ytree_find(t, "extends");
    if (ei < 0) {
        *out = t;
        return 0;
    }
    const ytree *ev = t->items[ei];
    ytree *base = NULL;
    int rc = 0;
    if (ev->kind == YTREE_SEQ && ev->n > 0) {
        /* a list: the first is the base, each next one an overlay on
         * what came before (a winter, a strike), in order */
        for (size_t i = 0; i < ev->n && rc == 0; i++) {
            ytree *b;
            char k[DIAG_PATH_MAX], idx[24];
            snprintf(idx, sizeof idx, "%zu", i);
            diag_path(k, sizeof k, "extends", idx);
            rc = merge_base(path, ev->items[i], k, c, &b, d);
            if (rc == 0 && !(base = base ? merge_trees(base, b, d) : b))
                rc = -1;
        }
    } else {
        rc = merge_base(path, ev, "extends", c, &base, d);
    }
    if (rc == 0) {
        ytree_remove(t, (size_t)ei);
        *out = merge_trees(base, t, d);
        t = NULL;
        base = NULL;
        rc = *out ? 0 : -1;
    }
    ytree_free(base);
    ytree_free(t);
    return rc;
}

/* Loads the base named by node ev (a path relative to path, the file
 * that names it; `key` its place in messages) with its own bases. */
static int merge_base(const char *path, const ytree *ev, const char *key,
                      merge_chain *c, ytree **out, diag *d)
{
    *out = NULL;
    if (ev->kind != YTREE_SCALAR || ytree_is_null(ev) || !ev->len)
        return diag_at(d, ev, key, "expected the path of a scenario file, "
                       "like 'base.yaml', or a list of them (a base, then "
                       "overlays)");
    char *bpath = merge_relative(path, ev->str);
    struct stat st;
    int rc = -1;
    if (!bpath) {
        diag_at(d, ev, key, "out of memory");
    } else if (stat(bpath, &st) != 0) {
        diag_at(d, ev, key, "cannot open '%s': %s; check the path",
                bpath, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        /* a pipe or device could block or never end */
        diag_at(d, ev, key,
                "'%s' is not a regular file; extends must name a scenario "
                "file", bpath);
    } else if (c->n > MERGE_MAX_EXTENDS) {
        diag_at(d, ev, key,
                "extends chain longer than %d files; flatten it",
                MERGE_MAX_EXTENDS);
    } else {
        size_t again = c->n;
        for (size_t i = 0; i < c->n; i++)
            if (c->dev[i] == st.st_dev && c->ino[i] == st.st_ino)
                again = i;
        if (again < c->n) {
            char loop[600];
            merge_loop_text(c, again, bpath, loop, sizeof loop);
            diag_at(d, ev, key,
                    "extends loop %s; remove one of the extends", loop);
        } else {
            c->names[c->n] = bpath;
            c->dev[c->n] = st.st_dev;
            c->ino[c->n] = st.st_ino;
            c->n++;
            rc = merge_load_chain(bpath, c, "extends", out, d);
            c->n--;
        }
    }
    free(bpath);
    return rc;
}

int merge_load(const char *path, int named, const char *const *known,
               ytree **out, diag *d)
{
    merge_chain c = {.known = known};
    struct stat st;
    *out = NULL;
    if (stat(path, &st) != 0)
        return diag_pos(d, path, 1, 1, "(file)", "cannot open: %s; check the path",
                        strerror(errno));
    c.names[0] = path;
    c.dev[0] = st.st_dev;
    c.ino[0] = st.st_ino;
    c.n = 1;
    return merge_load_chain(path, &c, named ? "base" : NULL, out, d);
}

int merge_load_mem(const char *buf, size_t len, const char *name,
                   const char *const *known, ytree **out, diag *d)
{
    char err[1024];
    ytree *t;
    /* The text has no file identity: a sentinel entry keeps the chain
     * length limit the same as for a file. */
    merge_chain c = {.known = known};
    c.names[0] = name;
    c.dev[0] = (dev_t)-1;
    c.ino[0] = (ino_t)-1;
    c.n = 1;
    *out = NULL;
    if (len > (size_t)YTREE_MAX_FILE_SIZE)
        return diag_pos(d, name, 1, 1, "(file)",
                        "text is larger than %ld bytes (16 MiB); split it "
                        "or use extends",
                        YTREE_MAX_FILE_SIZE);
    if (ytree_parse_mem(buf, len, name, 1, 0, &t, err, sizeof err) != 0)
        return diag_raw(d, err);
    return merge_resolve(name, t, &c, out, d);
}

/* One component of a --set path: its text and 1-based column. */
typedef struct merge_comp {
    char text[128];
    unsigned col;
} merge_comp;

/* Finds component name in seq s: by item name, else numeric index. */
static long merge_seq_index(const ytree *s, const char *name)
{
    long j = merge_item(s, name);
    if (j >= 0)
        return j;
    char *end;
    errno = 0;
    unsigned long k = strtoul(name, &end, 10);
    if (*name >= '0' && *name <= '9' && !*end && !errno && k < s->n)
        return (long)k;
    return -1;
}

/* Walks (creating maps as needed) to the parent of the last component and
 * stores, replaces or deletes the value there.  Takes ownership of v. */
static int merge_put(ytree *root, const merge_comp *cs, size_t n, ytree *v,
                     unsigned index, diag *d)
{
    ytree *cur = root;
    char path[DIAG_PATH_MAX] = "";
    int del = ytree_is_null(v);
    for (size_t i = 0; i < n; i++) {
        char sub[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, path, cs[i].text);
        int last = i + 1 == n;
        long j;
        if (cur->kind == YTREE_MAP) {
            j = ytree_find(cur, cs[i].text);
            if (j < 0) {
                if (del)
                    break; /* deleting what is not there: done */
                ytree *k = ytree_new_scalar("--set", index, cs[i].col,
                                            cs[i].text);
                ytree *m = last ? v : ytree_new_map(v);
                if (last)
                    v = NULL;
                if (!k || !m || ytree_map_add(cur, k, m) != 0) {
                    if (!k || !m) {
                        ytree_free(k);
                        ytree_free(m);
                    }
                    ytree_free(v);
                    return diag_pos(d, "--set", index, cs[i].col, sub,
                                    "out of memory");
                }
                cur = m;
                continue;
            }
        } else if (cur->kind == YTREE_SEQ) {
            j = merge_seq_index(cur, cs[i].text);
            if (j < 0) {
                ytree_free(v);
                return diag_pos(d, "--set", index, cs[i].col, sub,
                                "no item named '%s' in %s; use an existing "
                                "name or index",
                                cs[i].text, *path ? path : "the top level");
            }
        } else {
            ytree_free(v);
            return diag_pos(d, "--set", index, cs[i].col, sub,
                            "'%s' holds a single value, not a map or list; "
                            "set '%s' itself",
                            path, path);
        }
        if (!last) {
            cur = cur->items[j];
            memcpy(path, sub, sizeof path);
            continue;
        }
        if (del) {
            ytree_remove(cur, (size_t)j);
        } else {
            ytree_free(cur->items[j]);
            cur->items[j] = v;
            v = NULL;
        }
    }
    ytree_free(v);
    return 0;
}

int merge_set(ytree *root, const char *set, unsigned index, diag *d)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set)
        return diag_pos(d, "--set", index, 1, "",
                        "'%s' is not an override; expected PATH=VALUE, like "
                        "'units.ward.capacity=14'",
                        set);
    merge_comp cs[MERGE_MAX_SET_PATH];
    size_t n = 0;
    const char *p = set;
    while (p <= eq) {
        const char *e = p;
        while (e < eq && *e != '.')
            e++;
        unsigned col = (unsigned)(p - set) + 1;
        if (e == p || (size_t)(e - p) >= sizeof cs[0].text)
            return diag_pos(d, "--set", index, col, "",
                            "empty or overlong path component in '%.*s'; "
                            "expected names separated by '.'",
                            (int)(eq - set), set);
        if (n == MERGE_MAX_SET_PATH)
            return diag_pos(d, "--set", index, col, "",
                            "path has more than %d components",
                            MERGE_MAX_SET_PATH);
        memcpy(cs[n].text, p, (size_t)(e - p));
        cs[n].text[e - p] = '\0';
        cs[n].col = col;
        n++;
        p = e + 1;
    }
    char err[1024], more[32];
    ytree *v;
    unsigned col0 = (unsigned)(eq - set) + 1;
    /* A value over several lines: its line 1 is "--set:INDEX:COL" like a
     * one-line value, its later lines "--set INDEX:LINE:COL". */
    snprintf(more, sizeof more, "--set %u", index);
    ytree_origin o = {"--set", index, col0, more, 0};
    if (ytree_parse_text(eq + 1, strlen(eq + 1), &o, &v, NULL, err,
                         sizeof err) != 0)
        return diag_raw(d, err);
    if (!v)
        v = ytree_new_scalar("--set", index, col0 + 1, "");
    if (!v)
        return diag_pos(d, "--set", index, col0, "", "out of memory");
    return merge_put(root, cs, n, v, index, d);
}
