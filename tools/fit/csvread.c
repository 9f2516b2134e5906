/* csvread.c -- the CSV record reader. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csvread.h"
#include "text.h"

/* Fills r->err with "FILE:LINE:COL: " and the message, cleaned for a
 * terminal. */
static void csvread_at(csvread *r, unsigned long line, unsigned long col,
                       const char *fmt, va_list ap)
{
    int k = snprintf(r->err, sizeof r->err, "%s:%lu:%lu: ", r->path, line,
                     col);
    if (k >= 0 && (size_t)k < sizeof r->err)
        vsnprintf(r->err + k, sizeof r->err - (size_t)k, fmt, ap);
    text_term_clean(r->err);
}

static int csvread_fail(csvread *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int csvread_fail(csvread *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    csvread_at(r, r->line, r->col, fmt, ap);
    va_end(ap);
    return -1;
}

void csvread_error(csvread *r, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    csvread_at(r, r->fline[i], r->fcol[i], fmt, ap);
    va_end(ap);
}

int csvread_open(csvread *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->line = r->col = 1;
    r->buf = malloc((size_t)CSVREAD_FIELDS_MAX * (CSVREAD_FIELD_MAX + 1));
    if (!r->buf)
        return csvread_fail(r, "out of memory");
    r->f = fopen(path, "rb");
    if (!r->f) {
        snprintf(r->err, sizeof r->err, "%s: %s", path, strerror(errno));
        text_term_clean(r->err);
        return -1;
    }
    int a = getc(r->f), b = a == 0xEF ? getc(r->f) : EOF,
        c = b == 0xBB ? getc(r->f) : EOF;
    if (!(a == 0xEF && b == 0xBB && c == 0xBF))
        rewind(r->f);
    return 0;
}

/* The next byte, counting lines and columns (its own position kept in
 * r->bline, r->bcol). */
static int csvread_getc(csvread *r)
{
    int ch = getc(r->f);
    r->bline = r->line;
    r->bcol = r->col;
    if (ch == '\n') {
        r->line++;
        r->col = 1;
    } else if (ch != EOF) {
        r->col++;
    }
    return ch;
}

/* Reads one field into dst (at most CSVREAD_FIELD_MAX bytes); *end gets
 * the byte that ended it (',', '\n' or EOF).  Returns 0 or -1. */
static int csvread_field(csvread *r, char *dst, int *end)
{
    size_t len = 0;
    int ch = csvread_getc(r), quoted = ch == '"';
    if (quoted)
        ch = csvread_getc(r);
    for (;; ch = csvread_getc(r)) {
        if (ch == EOF && quoted)
            return csvread_fail(r, "unclosed quote at the end of the file");
        if (ch == '\0') {
            r->line = r->bline;
            r->col = r->bcol;
            return csvread_fail(r, "a NUL byte; expected text");
        }
        if (quoted && ch == '"') {
            ch = csvread_getc(r);
            if (ch != '"') {
                if (ch == '\r')
                    ch = csvread_getc(r);
                if (ch != ',' && ch != '\n' && ch != EOF)
                    return csvread_fail(r, "text after a closing quote; "
                                        "write a quote inside a quoted "
                                        "field as \"\"");
                break;
            }
        } else if (!quoted && (ch == ',' || ch == '\n' || ch == EOF)) {
            break;
        } else if (!quoted && ch == '\r') {
            int nx = getc(r->f);  /* CRLF: the CR is not data */
            ungetc(nx, r->f);
            if (nx == '\n' || nx == EOF)
                continue;
        }
        if (len == CSVREAD_FIELD_MAX) {
            r->line = r->bline;
            r->col = r->bcol;
            return csvread_fail(r, "a field longer than %d bytes",
                                CSVREAD_FIELD_MAX);
        }
        dst[len++] = (char)ch;
    }
    dst[len] = '\0';
    *end = ch;
    return 0;
}

int csvread_next(csvread *r)
{
    for (;;) {
        int ch = getc(r->f);
        if (ch == EOF)
            return ferror(r->f) ? csvread_fail(r, "read error: %s",
                                               strerror(errno))
                                : 0;
        ungetc(ch, r->f);
        r->n = 0;
        int end = ',';
        while (end == ',') {
            if (r->n == CSVREAD_FIELDS_MAX)
                return csvread_fail(r, "more than %d fields in a record",
                                    CSVREAD_FIELDS_MAX);
            char *dst = r->buf + r->n * (CSVREAD_FIELD_MAX + 1);
            r->fline[r->n] = r->line;
            r->fcol[r->n] = r->col;
            if (csvread_field(r, dst, &end))
                return -1;
            r->field[r->n++] = dst;
        }
        if (!(r->n == 1 && r->field[0][0] == '\0'))
            return 1;
        if (end == EOF)
            return 0;
    }
}

int csvread_find(const csvread *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->field[i], name) == 0)
            return (int)i;
    return -1;
}

void csvread_close(csvread *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf);
    r->f = NULL;
    r->buf = NULL;
}
