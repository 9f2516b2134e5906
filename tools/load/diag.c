/* diag.c -- formatting loader errors and suggesting near names. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "text.h"
#include "diag.h"

/* Keeps the message on one line and safe on a terminal: values, keys and
 * file names are quoted as written, and a quoted YAML scalar may hold a
 * newline, an escape sequence or any other control character; each
 * becomes '?' (text.h). */
static void diag_oneline(char *s)
{
    text_term_clean(s);
}

/* Shared body of diag_at and diag_pos. */
static int diag_vpos(diag *d, const char *file, unsigned line, unsigned col,
                     const char *path, const char *fmt, va_list ap)
{
    if (d->failed || !d->len) {
        d->failed = 1;
        return -1;
    }
    d->failed = 1;
    int k = snprintf(d->buf, d->len, "%s:%u:%u: %s: ", file, line, col,
                     path && *path ? path : "(top)");
    if (k >= 0 && (size_t)k < d->len)
        vsnprintf(d->buf + k, d->len - (size_t)k, fmt, ap);
    diag_oneline(d->buf);
    return -1;
}

int diag_at(diag *d, const ytree *n, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vpos(d, ytree_file(n), n ? n->line : 1, n ? n->col : 1, path, fmt,
              ap);
    va_end(ap);
    return -1;
}

int diag_pos(diag *d, const char *file, unsigned line, unsigned col,
             const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vpos(d, file, line, col, path, fmt, ap);
    va_end(ap);
    return -1;
}

int diag_raw(diag *d, const char *line)
{
    if (!d->failed && d->len) {
        snprintf(d->buf, d->len, "%s", line);
        diag_oneline(d->buf);
    }
    d->failed = 1;
    return -1;
}

void diag_path(char *buf, size_t size, const char *parent, const char *key)
{
    if (parent && *parent)
        snprintf(buf, size, "%s.%s", parent, key);
    else
        snprintf(buf, size, "%s", key);
}

size_t diag_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag_prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag_prev + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag_prev = up;
        }
    }
    return row[lb];
}

const char *diag_nearest(const char *word, const char *const *cands)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; cands[i]; i++) {
        size_t dd = diag_distance(word, cands[i]);
        if (dd < bestd) {
            bestd = dd;
            best = cands[i];
        }
    }
    size_t len = strlen(word);
    /* A typo: a couple of edits, or up to a third of the word. */
    if (best && (bestd <= 2 || bestd * 3 <= len) && bestd < len)
        return best;
    return NULL;
}
