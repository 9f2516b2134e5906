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

#define YTREE_QUIET 1 /* flag: messages never quote the text */

/* Where a text comes from, for the positions in its nodes and messages:
 * its first line is line `line0` of source `name`, its columns counted
 * after column col0; later lines are lines line0 + 1, ... of `name`, or,
 * when `more` is not NULL, lines 2, 3, ... of a source named `more` (a
 * multi-line --set value).  flags: 0 or YTREE_QUIET, for a file read
 * because another file named it, whose text must not be shown before it
 * is known to be a scenario (messages then name the position and the
 * problem only, never a key or an anchor). */
typedef struct ytree_origin {
    const char *name;
    unsigned line0, col0;
    const char *more;
    int flags;
} ytree_origin;

/* The work of one parse, for tests of its cost. */
typedef struct ytree_stats {
    size_t anchors;  /* distinct anchor names defined */
    size_t aliases;  /* aliases used */
    size_t probes;   /* anchor-table slots inspected (all lookups) */
} ytree_stats;

/* Parses the YAML file at path into *out (NULL for an empty document).
 * Only regular files are read: a pipe, a device, a directory, a file of
 * /proc or /sys, or any file that yields data while its size is 0 (how
 * kernel pseudo-files look) is refused before or without reading its
 * text, so a FIFO cannot block the loader.  Returns 0, or -1 with one
 * line "PATH:LINE:COL: (yaml|file): problem; fix" in err (errlen bytes,
 * NUL-terminated) on I/O errors, syntax errors, invalid UTF-8, more than
 * one document, duplicate keys, or exceeded limits (size, depth, nodes).
 * flags: 0 or YTREE_QUIET (ytree_origin). */
int ytree_parse_file(const char *path, int flags, ytree **out, char *err,
                     size_t errlen);

/* Parses len bytes of YAML text (a leading UTF-8 byte-order mark is
 * skipped) from origin o.  Same results and errors as ytree_parse_file;
 * when st is not NULL it receives the work done. */
int ytree_parse_text(const char *buf, size_t len, const ytree_origin *o,
                     ytree **out, ytree_stats *st, char *err, size_t errlen);

/* ytree_parse_text of a text named src_name starting at line0 after
 * column col0, later lines numbered on from line0. */
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
