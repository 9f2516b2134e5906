/* ytree.h -- a YAML document as a plain tree of maps, sequences, scalars.
 *
 * The scenario loader never walks libyaml events directly: it parses a
 * file once into this tree (every node remembers the file, line and column
 * where it was written, so errors can point at it even after merging trees
 * from several files), merges and overrides trees, validates them, and
 * emits the merged tree back as canonical YAML text.
 *
 * Parsing is defensive: the file size, the nesting depth and the number of
 * nodes after alias expansion are bounded (a "billion laughs" document
 * fails as soon as its expansion crosses the limit), duplicate map keys are
 * errors, and libyaml's own errors are reported with a line and column.
 */
#ifndef FLOWSIM_YTREE_H
#define FLOWSIM_YTREE_H

#include <stddef.h>

#define YTREE_MAX_FILE_SIZE (16L * 1024 * 1024) /* bytes per file */
#define YTREE_MAX_DEPTH 64                      /* nested collections */
#define YTREE_MAX_NODES 1000000L                /* after alias expansion */

typedef enum { YTREE_SCALAR, YTREE_SEQ, YTREE_MAP } ytree_kind;

/* The name of a source (a file path, or "--set"), shared by its nodes. */
typedef struct ytree_src {
    size_t refs;
    char name[];
} ytree_src;

typedef struct ytree {
    ytree_kind kind;
    ytree_src *src;      /* where the node was written */
    unsigned line, col;  /* 1-based start of the node */
    /* YTREE_SCALAR */
    char *str;           /* NUL-terminated, never contains NUL */
    size_t len;
    int plain;           /* 1 if unquoted (so "~", "null", "" mean null) */
    /* YTREE_SEQ: n items.  YTREE_MAP: n pairs keys[i] -> items[i]. */
    size_t n, cap;
    struct ytree **items;
    struct ytree **keys; /* MAP only; keys are scalars, unique */
} ytree;

/* Parses the YAML file at path into *out (NULL for an empty document).
 * Returns 0, or -1 with one line "PATH:LINE:COL: (yaml): problem; fix"
 * in err (errlen bytes, NUL-terminated) on I/O errors, syntax errors,
 * invalid UTF-8, more than one document, duplicate keys, or exceeded
 * limits (size, depth, nodes). */
int ytree_parse_file(const char *path, ytree **out, char *err, size_t errlen);

/* Parses len bytes of YAML text named src_name.  Positions on the first
 * line are reported as line `line0`, column col0 + column; later lines as
 * line0 + n - 1.  Same results and errors as ytree_parse_file. */
int ytree_parse_mem(const char *buf, size_t len, const char *src_name,
                    unsigned line0, unsigned col0, ytree **out, char *err,
                    size_t errlen);

/* A new source name with one reference, or NULL when out of memory. */
ytree_src *ytree_src_new(const char *name);

/* Drops one reference to a source name, freeing it at zero.  NULL ok. */
void ytree_src_unref(ytree_src *s);

/* Makes room for one more item (and key) in collection n.  Returns 0, or
 * -1 when out of memory (n unchanged). */
int ytree_reserve(ytree *n);

/* Frees a tree and everything it owns.  NULL is allowed. */
void ytree_free(ytree *n);

/* A deep copy, or NULL when out of memory. */
ytree *ytree_copy(const ytree *n);

/* A new plain scalar with the given text, written at line:col of a new
 * source named src_name, or NULL when out of memory. */
ytree *ytree_new_scalar(const char *src_name, unsigned line, unsigned col,
                        const char *text);

/* A new empty map positioned at `at` (sharing its source), or NULL. */
ytree *ytree_new_map(const ytree *at);

/* The value stored under key in map n, or NULL (also if n is not a map). */
ytree *ytree_get(const ytree *n, const char *key);

/* Index of key in map n, or -1. */
long ytree_find(const ytree *n, const char *key);

/* Appends key -> value to map n, taking ownership of both (freed on
 * failure).  Returns 0, or -1 when out of memory. */
int ytree_map_add(ytree *n, ytree *key, ytree *value);

/* Removes pair i of map n (or item i of a sequence) and frees it. */
void ytree_remove(ytree *n, size_t i);

/* 1 if n is a plain scalar null: "", "~", "null", "Null" or "NULL". */
int ytree_is_null(const ytree *n);

/* The source name of n ("?" when unknown). */
const char *ytree_file(const ytree *n);

/* Emits n as block-style YAML text, deterministic for equal trees (keys
 * in stored order, scalars quoted exactly when the input was quoted or
 * plain style would change their meaning).  Returns a malloc'd string, or
 * NULL when out of memory. */
char *ytree_emit(const ytree *n);

#endif
