/* ytree_emit.c -- writing a tree back as canonical YAML text.
 *
 * The canonical text of a scenario is hashed and stored, so it must be a
 * pure function of the tree: block style everywhere, keys in stored order,
 * no anchors, no comments.  libyaml's emitter does the quoting, so a
 * scalar that was quoted in the input stays a string when read back.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "ytree.h"

typedef struct ytree_emit_buf {
    char *s;
    size_t len, cap;
    int oom;
} ytree_emit_buf;

/* libyaml's output callback: appends to the growing buffer. */
static int ytree_emit_write(void *data, unsigned char *bytes, size_t size)
{
    ytree_emit_buf *b = data;
    if (b->len + size + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + size + 1 > cap)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return 0;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, bytes, size);
    b->len += size;
    b->s[b->len] = '\0';
    return 1;
}

/* Emits one event; returns 0 on success. */
static int ytree_emit_event(yaml_emitter_t *em, yaml_event_t *e, int ok)
{
    if (!ok)
        return -1;
    return yaml_emitter_emit(em, e) ? 0 : -1;
}

/* Emits a node and its children, depth first. */
static int ytree_emit_node(yaml_emitter_t *em, const ytree *n)
{
    yaml_event_t e;
    if (n->kind == YTREE_SCALAR)
        return ytree_emit_event(
            em, &e,
            yaml_scalar_event_initialize(&e, NULL, NULL,
                                         (yaml_char_t *)n->str, (int)n->len,
                                         n->plain, 1, YAML_ANY_SCALAR_STYLE));
    if (n->kind == YTREE_SEQ) {
        if (ytree_emit_event(em, &e,
                             yaml_sequence_start_event_initialize(
                                 &e, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE)))
            return -1;
        for (size_t i = 0; i < n->n; i++)
            if (ytree_emit_node(em, n->items[i]) != 0)
                return -1;
        return ytree_emit_event(em, &e, yaml_sequence_end_event_initialize(&e));
    }
    if (ytree_emit_event(em, &e,
                         yaml_mapping_start_event_initialize(
                             &e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE)))
        return -1;
    for (size_t i = 0; i < n->n; i++)
        if (ytree_emit_node(em, n->keys[i]) != 0 ||
            ytree_emit_node(em, n->items[i]) != 0)
            return -1;
    return ytree_emit_event(em, &e, yaml_mapping_end_event_initialize(&e));
}

char *ytree_emit(const ytree *n)
{
    ytree_emit_buf b = {0};
    yaml_emitter_t em;
    yaml_event_t e;
    if (!yaml_emitter_initialize(&em))
        return NULL;
    yaml_emitter_set_output(&em, ytree_emit_write, &b);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_emitter_set_indent(&em, 2);
    yaml_emitter_set_break(&em, YAML_LN_BREAK);
    int rc = ytree_emit_event(&em, &e,
                              yaml_stream_start_event_initialize(
                                  &e, YAML_UTF8_ENCODING));
    if (!rc)
        rc = ytree_emit_event(&em, &e,
                              yaml_document_start_event_initialize(
                                  &e, NULL, NULL, NULL, 1));
    if (!rc && n)
        rc = ytree_emit_node(&em, n);
    if (!rc && !n)
        rc = ytree_emit_event(&em, &e,
                              yaml_scalar_event_initialize(
                                  &e, NULL, NULL, (yaml_char_t *)"", 0, 1, 1,
                                  YAML_ANY_SCALAR_STYLE));
    if (!rc)
        rc = ytree_emit_event(&em, &e,
                              yaml_document_end_event_initialize(&e, 1));
    if (!rc)
        rc = ytree_emit_event(&em, &e, yaml_stream_end_event_initialize(&e));
    if (!rc && !yaml_emitter_flush(&em))
        rc = -1;
    yaml_emitter_delete(&em);
    if (rc || b.oom || !b.s) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
