/* ytree_anchors.h -- the anchors of one YAML parse: name -> finished node.
 *
 * Internal to the parser (ytree.c).  A document may define a great many
 * anchors (a 16 MiB file holds over a million), so registering and
 * finding one must not scan the others: the names live in an open
 * addressing hash table, O(1) per operation on average.  The hash is
 * keyed afresh for every parse (SipHash-1-3), so names crafted to collide
 * cannot be prepared in advance; the key changes only where names sit in
 * the table, never what a lookup finds, so parses stay deterministic.
 */
#ifndef FLOWSIM_LOAD_YTREE_ANCHORS_H
#define FLOWSIM_LOAD_YTREE_ANCHORS_H

#include <stddef.h>
#include <stdint.h>
#include "ytree.h"

/* A registered anchor: the finished node and its subtree measures. */
typedef struct yanchor {
    char *name;
    uint64_t hash;
    const ytree *node;
    size_t size;
    unsigned height;
} yanchor;

typedef struct yanchors {
    yanchor *v;          /* the anchors, in order of first definition */
    size_t n, cap;
    size_t *slot;        /* 0: empty, else 1 + index into v */
    size_t nslot;        /* a power of two, at least twice n */
    uint64_t k0, k1;     /* this parse's hash key */
    size_t probes;       /* slots inspected so far (ytree_stats) */
} yanchors;

/* An empty table with a fresh key. */
void yanchors_init(yanchors *t);

/* Registers name -> node, replacing an earlier anchor of the same name
 * (as YAML says).  Takes ownership of name.  Returns 0, or -1 when out of
 * memory (name freed, the table unchanged). */
int yanchors_put(yanchors *t, char *name, const ytree *node, size_t size,
                 unsigned height);

/* The anchor called name, or NULL. */
const yanchor *yanchors_get(yanchors *t, const char *name);

/* Frees the names and the table (not the nodes: the tree owns them). */
void yanchors_free(yanchors *t);

#endif
