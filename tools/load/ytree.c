/* ytree.c -- parsing YAML into a bounded tree of positioned nodes.
 *
 * libyaml's event API gives us a stream of start/end/scalar/alias events;
 * we keep an explicit stack of open collections (never recursion over
 * untrusted input while parsing) and attach each finished node to its
 * parent.  Aliases are expanded by copying the anchored node, but only
 * after checking, in O(1), that the copy keeps the document within
 * YTREE_MAX_NODES and YTREE_MAX_DEPTH: every open collection and every
 * anchor records the size and height of its subtree.  Anchors are found
 * through a hash table (ytree_anchors.h), so the parse stays linear in
 * the size of the text however many anchors it defines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "ytree.h"
#include "ytree_anchors.h"

/* Where a node or a problem is: its source, line and column. */
typedef struct ytree_at {
    ytree_src *src;
    unsigned line, col;
} ytree_at;

/* An open collection: the node, its anchor name, measures so far, and
 * for maps the key waiting for its value. */
typedef struct ytree_open {
    ytree *node;
    char *anchor;
    size_t size;
    unsigned height;
    ytree *key;
} ytree_open;

typedef struct ytree_parser {
    ytree_src *src;        /* the text's name */
    ytree_src *more;       /* lines 2.. of a --set value, or NULL */
    const char *buf;
    size_t len;
    unsigned line0, col0;
    int quiet;             /* YTREE_QUIET: quote nothing of the text */
    ytree_open stack[YTREE_MAX_DEPTH];
    size_t depth;
    yanchors anchors;
    size_t aliases;
    size_t total;          /* nodes so far, aliases expanded */
    ytree *root;
    int docs;
    char *err;
    size_t errlen;
} ytree_parser;

/* Formats "SRC:LINE:COL: (yaml): ..." into the caller's buffer; returns -1
 * so that failing paths can `return ytree_fail(...)`. */
static int ytree_fail(ytree_parser *p, ytree_at at, const char *fmt, ...)
{
    if (!p->errlen)
        return -1;
    int k = snprintf(p->err, p->errlen, "%s:%u:%u: (yaml): ",
                     at.src ? at.src->name : p->src->name, at.line, at.col);
    if (k >= 0 && (size_t)k < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The position of the start of the text (for problems without a mark). */
static ytree_at ytree_start(const ytree_parser *p)
{
    return (ytree_at){p->src, p->line0, p->col0 + 1};
}

/* Maps a libyaml mark (0-based, relative to the text) to our position:
 * the first line continues line0 after column col0; later lines are
 * lines of the same source, or of `more` (numbered from 2) for --set. */
static ytree_at ytree_pos(const ytree_parser *p, size_t mline, size_t mcol)
{
    if (mline == 0)
        return (ytree_at){p->src, p->line0, p->col0 + (unsigned)mcol + 1};
    if (p->more)
        return (ytree_at){p->more, (unsigned)mline + 1, (unsigned)mcol + 1};
    return (ytree_at){p->src, p->line0 + (unsigned)mline,
                      (unsigned)mcol + 1};
}

/* Points node n at `at`, moving it to at's source. */
static void ytree_place(ytree *n, ytree_at at)
{
    if (n->src != at.src) {
        ytree_src_unref(n->src);
        n->src = at.src;
        n->src->refs++;
    }
    n->line = at.line;
    n->col = at.col;
}

/* Allocates a node of the given kind at a libyaml mark. */
static ytree *ytree_node(ytree_parser *p, ytree_kind kind, yaml_mark_t m)
{
    ytree *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    ytree_at at = ytree_pos(p, m.line, m.column);
    n->kind = kind;
    n->src = at.src;
    n->src->refs++;
    n->line = at.line;
    n->col = at.col;
    return n;
}

/* The position of node n. */
static ytree_at ytree_at_node(const ytree *n)
{
    return (ytree_at){n->src, n->line, n->col};
}

/* Orders map keys by text, then by position, to find duplicates. */
static int ytree_keycmp(const void *a, const void *b)
{
    const ytree *x = *(ytree *const *)a, *y = *(ytree *const *)b;
    int c = strcmp(x->str, y->str);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* Rejects a finished map with two equal keys, naming the second one.
 * Sorting keeps this O(n log n) even for hostile maps. */
static int ytree_check_dups(ytree_parser *p, const ytree *m)
{
    if (m->n < 2)
        return 0;
    ytree **k = malloc(m->n * sizeof *k);
    if (!k)
        return ytree_fail(p, ytree_at_node(m), "out of memory");
    memcpy(k, m->keys, m->n * sizeof *k);
    qsort(k, m->n, sizeof *k, ytree_keycmp);
    int rc = 0;
    for (size_t i = 1; i < m->n && rc == 0; i++)
        if (strcmp(k[i - 1]->str, k[i]->str) == 0)
            rc = p->quiet
                     ? ytree_fail(p, ytree_at_node(k[i]),
                                  "duplicate key (first at line %u); "
                                  "remove one of them",
                                  k[i - 1]->line)
                     : ytree_fail(p, ytree_at_node(k[i]),
                                  "duplicate key '%s' (first at line %u); "
                                  "remove one of them",
                                  k[i]->str, k[i - 1]->line);
    free(k);
    return rc;
}

/* Remembers a finished anchored node.  Takes ownership of name. */
static int ytree_anchor_add(ytree_parser *p, char *name, const ytree *node,
                            size_t size, unsigned height)
{
    if (yanchors_put(&p->anchors, name, node, size, height) != 0)
        return ytree_fail(p, ytree_at_node(node), "out of memory");
    return 0;
}

/* Attaches a finished node (owned by us) to the open collection on top of
 * the stack, or makes it the root.  Frees it on failure. */
static int ytree_attach(ytree_parser *p, ytree *n, size_t size,
                        unsigned height)
{
    if (p->depth == 0) {
        p->root = n;
        return 0;
    }
    ytree_open *o = &p->stack[p->depth - 1];
    o->size += size;
    if (height + 1 > o->height)
        o->height = height + 1;
    if (o->node->kind == YTREE_MAP && !o->key) {
        if (n->kind != YTREE_SCALAR) {
            int rc = ytree_fail(p, ytree_at_node(n),
                                "map keys must be scalars; use a plain name");
            ytree_free(n);
            return rc;
        }
        o->key = n;
        return 0;
    }
    if (ytree_reserve(o->node) != 0) {
        ytree_free(n);
        return ytree_fail(p, ytree_at_node(o->node), "out of memory");
    }
    if (o->node->kind == YTREE_MAP) {
        o->node->keys[o->node->n] = o->key;
        o->key = NULL;
    }
    o->node->items[o->node->n++] = n;
    return 0;
}

/* Counts new nodes against the expansion limit. */
static int ytree_count(ytree_parser *p, size_t add, yaml_mark_t m)
{
    if (add > (size_t)YTREE_MAX_NODES - p->total)
        return ytree_fail(p, ytree_pos(p, m.line, m.column),
                          "document expands to more than %ld nodes "
                          "(aliases nested too deeply?); simplify it",
                          YTREE_MAX_NODES);
    p->total += add;
    return 0;
}

/* Handles an alias: checks the copy's size and depth first, then copies. */
static int ytree_on_alias(ytree_parser *p, const yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    ytree_at at = ytree_pos(p, e->start_mark.line, e->start_mark.column);
    const yanchor *a = yanchors_get(&p->anchors, name);
    p->aliases++;
    if (!a)
        return p->quiet
                   ? ytree_fail(p, at, "alias has no finished anchor before "
                                "it; define the anchor first (aliases "
                                "cannot recurse)")
                   : ytree_fail(p, at, "alias *%s has no finished anchor "
                                "&%s before it; define the anchor first "
                                "(aliases cannot recurse)",
                                name, name);
    if (ytree_count(p, a->size, e->start_mark) != 0)
        return -1;
    if (p->depth + a->height > YTREE_MAX_DEPTH)
        return ytree_fail(p, at, "alias%s%s nests deeper than %d levels; "
                          "flatten the document",
                          p->quiet ? "" : " *", p->quiet ? "" : name,
                          YTREE_MAX_DEPTH);
    ytree *c = ytree_copy(a->node);
    if (!c)
        return ytree_fail(p, at, "out of memory");
    ytree_place(c, at); /* errors inside point at the anchor, but the */
                        /* alias node itself at where it is used */
    return ytree_attach(p, c, a->size, a->height);
}

/* Handles a scalar event. */
static int ytree_on_scalar(ytree_parser *p, const yaml_event_t *e)
{
    if (ytree_count(p, 1, e->start_mark) != 0)
        return -1;
    ytree *n = ytree_node(p, YTREE_SCALAR, e->start_mark);
    if (!n)
        return ytree_fail(p, ytree_start(p), "out of memory");
    size_t len = e->data.scalar.length;
    const char *tag = (const char *)e->data.scalar.tag;
    n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
               !(tag && strcmp(tag, YAML_STR_TAG) == 0);
    n->len = len;
    n->str = malloc(len + 1);
    if (!n->str) {
        ytree_free(n);
        return ytree_fail(p, ytree_start(p), "out of memory");
    }
    memcpy(n->str, e->data.scalar.value, len);
    n->str[len] = '\0';
    if (strlen(n->str) != len) {
        int rc = ytree_fail(p, ytree_at_node(n),
                            "text contains a NUL character; remove it");
        ytree_free(n);
        return rc;
    }
    if (e->data.scalar.anchor) {
        char *a = strdup((const char *)e->data.scalar.anchor);
        if (!a || ytree_anchor_add(p, a, n, 1, 0) != 0) {
            ytree_free(n);
            return a ? -1 : ytree_fail(p, ytree_start(p), "out of memory");
        }
    }
    return ytree_attach(p, n, 1, 0);
}

/* Opens a sequence or map. */
static int ytree_on_start(ytree_parser *p, const yaml_event_t *e,
                          ytree_kind kind, const yaml_char_t *anchor)
{
    ytree_at at = ytree_pos(p, e->start_mark.line, e->start_mark.column);
    if (p->depth >= YTREE_MAX_DEPTH)
        return ytree_fail(p, at,
                          "nesting deeper than %d levels; flatten the document",
                          YTREE_MAX_DEPTH);
    if (ytree_count(p, 1, e->start_mark) != 0)
        return -1;
    ytree *n = ytree_node(p, kind, e->start_mark);
    char *a = anchor ? strdup((const char *)anchor) : NULL;
    if (!n || (anchor && !a)) {
        ytree_free(n);
        free(a);
        return ytree_fail(p, at, "out of memory");
    }
    p->stack[p->depth++] = (ytree_open){n, a, 1, 1, NULL};
    return 0;
}

/* Closes the collection on top of the stack. */
static int ytree_on_end(ytree_parser *p)
{
    ytree_open o = p->stack[--p->depth];
    /* A map key without value cannot happen with libyaml; be safe. */
    ytree_free(o.key);
    if (o.node->kind == YTREE_MAP && ytree_check_dups(p, o.node) != 0) {
        ytree_free(o.node);
        free(o.anchor);
        return -1;
    }
    if (o.anchor && ytree_anchor_add(p, o.anchor, o.node, o.size,
                                     o.height) != 0) {
        ytree_free(o.node);
        return -1;
    }
    return ytree_attach(p, o.node, o.size, o.height);
}

/* Turns a libyaml failure into our error line.  Reader errors (invalid
 * UTF-8) only carry a byte offset, so we derive line and column.  The
 * problem texts are libyaml's fixed phrases, never the document's text. */
static int ytree_yaml_error(ytree_parser *p, const yaml_parser_t *yp)
{
    if (yp->error == YAML_MEMORY_ERROR)
        return ytree_fail(p, ytree_start(p), "out of memory");
    if (yp->error == YAML_READER_ERROR) {
        size_t off = yp->problem_offset, l = 0, c = 0;
        for (size_t i = 0; i < off && i < p->len; i++) {
            if (p->buf[i] == '\n') {
                l++;
                c = 0;
            } else if (((unsigned char)p->buf[i] & 0xC0) != 0x80) {
                c++;
            }
        }
        return ytree_fail(p, ytree_pos(p, l, c),
                          "%s; save the file as UTF-8 text",
                          yp->problem ? yp->problem : "unreadable text");
    }
    size_t ml = yp->problem_mark.line, mc = yp->problem_mark.column;
    /* At the end of a text without a final newline libyaml points past
     * it; point at the end of the last line instead. */
    size_t lines = 0, last = 0;
    for (size_t i = 0; i < p->len; i++)
        if (p->buf[i] == '\n') {
            lines++;
            last = i + 1;
        }
    if (ml > lines) {
        ml = lines;
        mc = 0;
        for (size_t i = last; i < p->len; i++)
            mc += ((unsigned char)p->buf[i] & 0xC0) != 0x80;
    }
    return ytree_fail(p, ytree_pos(p, ml, mc), "%s%s%s; fix the YAML syntax",
                      yp->problem ? yp->problem : "syntax error",
                      yp->context ? " " : "", yp->context ? yp->context : "");
}

/* Dispatches one event; returns 1 at the end of the stream. */
static int ytree_on_event(ytree_parser *p, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_STREAM_END_EVENT:
        return 1;
    case YAML_DOCUMENT_START_EVENT:
        if (++p->docs > 1)
            return ytree_fail(p, ytree_pos(p, e->start_mark.line,
                                           e->start_mark.column),
                              "more than one YAML document; keep one per file");
        return 0;
    case YAML_ALIAS_EVENT:
        return ytree_on_alias(p, e);
    case YAML_SCALAR_EVENT:
        return ytree_on_scalar(p, e);
    case YAML_SEQUENCE_START_EVENT:
        return ytree_on_start(p, e, YTREE_SEQ, e->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        return ytree_on_start(p, e, YTREE_MAP, e->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return ytree_on_end(p);
    default:
        return 0;
    }
}

/* Runs libyaml over the text and builds the tree; frees what is left. */
static int ytree_run(ytree_parser *p, ytree **out)
{
    yaml_parser_t yp;
    if (!yaml_parser_initialize(&yp))
        return ytree_fail(p, ytree_start(p), "out of memory");
    yaml_parser_set_input_string(&yp, (const unsigned char *)p->buf, p->len);
    yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
    int rc = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&yp, &e)) {
            rc = ytree_yaml_error(p, &yp);
            break;
        }
        rc = ytree_on_event(p, &e);
        yaml_event_delete(&e);
        if (rc != 0)
            break;
    }
    yaml_parser_delete(&yp);
    while (p->depth > 0) {
        ytree_open *o = &p->stack[--p->depth];
        ytree_free(o->node);
        ytree_free(o->key);
        free(o->anchor);
    }
    if (rc < 0) {
        ytree_free(p->root);
        return -1;
    }
    *out = p->root;
    return 0;
}

int ytree_parse_text(const char *buf, size_t len, const ytree_origin *o,
                     ytree **out, ytree_stats *st, char *err, size_t errlen)
{
    ytree_parser p = {.line0 = o->line0, .col0 = o->col0,
                      .quiet = (o->flags & YTREE_QUIET) != 0, .err = err,
                      .errlen = errlen};
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    /* A UTF-8 byte-order mark (Windows editors write one) is no text:
     * positions count from after it. */
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    p.buf = buf;
    p.len = len;
    p.src = ytree_src_new(o->name);
    p.more = o->more ? ytree_src_new(o->more) : NULL;
    if (!p.src || (o->more && !p.more)) {
        ytree_src_unref(p.src);
        ytree_src_unref(p.more);
        snprintf(err, errlen, "%s:%u:%u: (yaml): out of memory", o->name,
                 o->line0, o->col0 + 1);
        return -1;
    }
    yanchors_init(&p.anchors);
    int rc = ytree_run(&p, out);
    if (st)
        *st = (ytree_stats){p.anchors.n, p.aliases, p.anchors.probes};
    yanchors_free(&p.anchors);
    ytree_src_unref(p.src);
    ytree_src_unref(p.more);
    return rc;
}

int ytree_parse_mem(const char *buf, size_t len, const char *src_name,
                    unsigned line0, unsigned col0, ytree **out, char *err,
                    size_t errlen)
{
    ytree_origin o = {src_name, line0, col0, NULL, 0};
    return ytree_parse_text(buf, len, &o, out, NULL, err, errlen);
}
