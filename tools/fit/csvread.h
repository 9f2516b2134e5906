/* csvread.h -- reading an analyst's CSV extract, every byte hostile.
 *
 * RFC 4180 records: fields separated by commas, optionally in double
 * quotes (a quote inside written twice; a quoted field may span lines),
 * lines ended by LF or CRLF, a UTF-8 byte-order mark skipped.  The
 * first record is the header.  Limits keep memory bounded whatever the
 * file: a field of at most CSVREAD_FIELD_MAX bytes, at most
 * CSVREAD_FIELDS_MAX fields a record; a NUL byte, an unclosed quote or
 * text after a closing quote is an error.  Every error is one line
 * "FILE:LINE:COL: problem" (control characters shown as '?').
 */
#ifndef FLOWSIM_FIT_CSVREAD_H
#define FLOWSIM_FIT_CSVREAD_H

#include <stdio.h>

#define CSVREAD_FIELD_MAX 4096
#define CSVREAD_FIELDS_MAX 512
#define CSVREAD_ERR_MAX 512

typedef struct csvread {
    FILE *f;
    const char *path;
    unsigned long line, col;          /* of the next byte */
    unsigned long bline, bcol;        /* of the byte just read */
    char *buf;                        /* the record's fields, NUL-separated */
    size_t n;                         /* fields of the current record */
    char *field[CSVREAD_FIELDS_MAX];
    unsigned long fline[CSVREAD_FIELDS_MAX], fcol[CSVREAD_FIELDS_MAX];
    char err[CSVREAD_ERR_MAX];
} csvread;

/* Opens path (not "-": a file).  Returns 0, or -1 with r->err set. */
int csvread_open(csvread *r, const char *path);

/* Reads the next record into r->field[0..r->n) (each field's line and
 * column in r->fline, r->fcol).  Returns 1, 0 at the end of the file, or
 * -1 with r->err set.  A blank line is skipped. */
int csvread_next(csvread *r);

/* Index of the header field named name in the record just read, or -1. */
int csvread_find(const csvread *r, const char *name);

/* Formats an error about field i of the record just read into r->err. */
void csvread_error(csvread *r, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void csvread_close(csvread *r);

#endif
