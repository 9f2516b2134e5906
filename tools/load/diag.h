/* diag.h -- the loader's one-line error messages.
 *
 * Every loader error is a single line
 *     FILE:LINE:COL: KEY.PATH: problem; expected/fix
 * pointing at the node where the offending value was written (which may be
 * a file up the extends chain, or "--set").  The first error wins: later
 * calls on a failed diag are ignored, so callers can unwind freely.
 */
#ifndef FLOWSIM_LOAD_DIAG_H
#define FLOWSIM_LOAD_DIAG_H

#include <stddef.h>
#include "ytree.h"

#define DIAG_PATH_MAX 256 /* longest key path kept in messages */

typedef struct diag {
    char *buf;     /* caller's buffer, NUL-terminated */
    size_t len;
    int failed;
} diag;

/* Reports a problem at node n (its file, line and column) under key path
 * `path` ("" is shown as "(top)").  Control characters (a newline or an
 * escape sequence in a quoted value...) and invalid UTF-8 are shown as
 * '?' (text.h).  Returns -1, for
 * `return diag_at(...)`. */
int diag_at(diag *d, const ytree *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Like diag_at with an explicit position. */
int diag_pos(diag *d, const char *file, unsigned line, unsigned col,
             const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Stores an already formatted line (e.g. from ytree_parse_*), control
 * characters shown as '?'.  Returns -1. */
int diag_raw(diag *d, const char *line);

/* Writes "parent.key" (or "key" when parent is empty) into buf. */
void diag_path(char *buf, size_t size, const char *parent, const char *key);

/* The candidate nearest to word by edit distance, if near enough to be a
 * plausible typo; else NULL.  cands is NULL-terminated. */
const char *diag_nearest(const char *word, const char *const *cands);

/* Edit distance (Levenshtein) between two short strings; strings longer
 * than 63 bytes compare as very distant. */
size_t diag_distance(const char *a, const char *b);

#endif
