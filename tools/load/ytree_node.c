/* ytree_node.c -- building, copying, searching and freeing tree nodes. */
#include <stdlib.h>
#include <string.h>
#include "ytree.h"

/* Creates the shared source name (refcount 1), or NULL. */
ytree_src *ytree_src_new(const char *name)
{
    size_t n = strlen(name);
    ytree_src *s = malloc(sizeof *s + n + 1);
    if (!s)
        return NULL;
    s->refs = 1;
    memcpy(s->name, name, n + 1);
    return s;
}

void ytree_src_unref(ytree_src *s)
{
    if (s && --s->refs == 0)
        free(s);
}

void ytree_free(ytree *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        ytree_free(n->items[i]);
        if (n->keys)
            ytree_free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->str);
    ytree_src_unref(n->src);
    free(n);
}

ytree *ytree_copy(const ytree *n)
{
    ytree *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->kind = n->kind;
    c->src = n->src;
    c->src->refs++;
    c->line = n->line;
    c->col = n->col;
    c->plain = n->plain;
    if (n->kind == YTREE_SCALAR) {
        c->str = malloc(n->len + 1);
        if (!c->str) {
            ytree_free(c);
            return NULL;
        }
        memcpy(c->str, n->str, n->len + 1);
        c->len = n->len;
        return c;
    }
    if (n->n) {
        c->items = calloc(n->n, sizeof *c->items);
        if (n->kind == YTREE_MAP)
            c->keys = calloc(n->n, sizeof *c->keys);
        if (!c->items || (n->kind == YTREE_MAP && !c->keys)) {
            ytree_free(c);
            return NULL;
        }
        c->cap = n->n;
    }
    for (size_t i = 0; i < n->n; i++) {
        c->items[i] = ytree_copy(n->items[i]);
        if (n->kind == YTREE_MAP)
            c->keys[i] = ytree_copy(n->keys[i]);
        c->n = i + 1;
        if (!c->items[i] || (n->kind == YTREE_MAP && !c->keys[i])) {
            ytree_free(c);
            return NULL;
        }
    }
    return c;
}

ytree *ytree_new_scalar(const char *src_name, unsigned line, unsigned col,
                        const char *text)
{
    ytree *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = YTREE_SCALAR;
    n->plain = 1;
    n->line = line;
    n->col = col;
    n->src = ytree_src_new(src_name);
    n->str = strdup(text);
    if (!n->src || !n->str) {
        ytree_free(n);
        return NULL;
    }
    n->len = strlen(text);
    return n;
}

ytree *ytree_new_map(const ytree *at)
{
    ytree *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = YTREE_MAP;
    n->src = at->src;
    n->src->refs++;
    n->line = at->line;
    n->col = at->col;
    return n;
}

long ytree_find(const ytree *n, const char *key)
{
    if (!n || n->kind != YTREE_MAP)
        return -1;
    for (size_t i = 0; i < n->n; i++)
        if (strcmp(n->keys[i]->str, key) == 0)
            return (long)i;
    return -1;
}

ytree *ytree_get(const ytree *n, const char *key)
{
    long i = ytree_find(n, key);
    return i < 0 ? NULL : n->items[i];
}

/* Grows the item (and key) arrays of a collection so one more fits. */
int ytree_reserve(ytree *n)
{
    if (n->n < n->cap)
        return 0;
    size_t cap = n->cap ? n->cap * 2 : 4;
    ytree **items = realloc(n->items, cap * sizeof *items);
    if (!items)
        return -1;
    n->items = items;
    if (n->kind == YTREE_MAP) {
        ytree **keys = realloc(n->keys, cap * sizeof *keys);
        if (!keys)
            return -1;
        n->keys = keys;
    }
    n->cap = cap;
    return 0;
}

int ytree_map_add(ytree *n, ytree *key, ytree *value)
{
    if (ytree_reserve(n) != 0) {
        ytree_free(key);
        ytree_free(value);
        return -1;
    }
    n->keys[n->n] = key;
    n->items[n->n++] = value;
    return 0;
}

void ytree_remove(ytree *n, size_t i)
{
    ytree_free(n->items[i]);
    if (n->keys)
        ytree_free(n->keys[i]);
    memmove(n->items + i, n->items + i + 1, (n->n - i - 1) * sizeof(ytree *));
    if (n->keys)
        memmove(n->keys + i, n->keys + i + 1,
                (n->n - i - 1) * sizeof(ytree *));
    n->n--;
}

int ytree_is_null(const ytree *n)
{
    if (!n || n->kind != YTREE_SCALAR || !n->plain)
        return 0;
    return !strcmp(n->str, "") || !strcmp(n->str, "~") ||
           !strcmp(n->str, "null") || !strcmp(n->str, "Null") ||
           !strcmp(n->str, "NULL");
}

const char *ytree_file(const ytree *n)
{
    return n && n->src ? n->src->name : "?";
}

