/* staysin.c -- reading stays from CSV (staysin.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csvread.h"
#include "staysin.h"
#include "text.h"

/* The field's text without surrounding blanks, in place. */
static char *staysin_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Finds column name in the header, or says which columns there are. */
static int staysin_column(csvread *r, const char *name, const char *opt)
{
    int i = csvread_find(r, name);
    if (i >= 0)
        return i;
    char list[256] = "";
    size_t len = 0;
    for (size_t j = 0; j < r->n && len < sizeof list; j++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'",
                                j ? ", " : "", r->field[j]);
    csvread_error(r, 0, "no column '%s' (%s); the header has %s", name,
                  opt, list);
    return -1;
}

/* Grows the arrays for one more stay. */
static int staysin_grow(staysin *s)
{
    if (s->n < s->cap)
        return 0;
    size_t cap = s->cap ? 2 * s->cap : 4096;
    double *t = realloc(s->t, cap * sizeof *t);
    if (t)
        s->t = t;
    unsigned char *c = realloc(s->cens, cap);
    if (c)
        s->cens = c;
    size_t *g = realloc(s->group, cap * sizeof *g);
    if (g)
        s->group = g;
    if (!t || !c || !g)
        return -1;
    s->cap = cap;
    return 0;
}

/* The group of value v (added when new), or -1 when there are too many
 * or out of memory. */
static long staysin_group(staysin *s, const char *v)
{
    for (size_t i = 0; i < s->n_groups; i++)
        if (strcmp(s->groups[i], v) == 0)
            return (long)i;
    if (s->n_groups == STAYSIN_MAX_GROUPS ||
        !(s->groups[s->n_groups] = strdup(v)))
        return -1;
    return (long)s->n_groups++;
}

/* Reads field i of the record as a stay (> 0, finite). */
static int staysin_stay(csvread *r, int i, const char *col, double *out)
{
    char *v = staysin_trim(r->field[i]), *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!*v)
        return csvread_error(r, (size_t)i, "%s: empty; expected a stay, a "
                             "number > 0", col), -1;
    if (*end || errno || !isfinite(x))
        return csvread_error(r, (size_t)i, "%s: '%s' is not a number; "
                             "expected a stay, a number > 0 like 3.5", col,
                             v), -1;
    if (!(x > 0))
        return csvread_error(r, (size_t)i, "%s: %s is not > 0; a stay of "
                             "0 has no density: measure stays in a finer "
                             "unit (--unit hours)", col, v), -1;
    *out = x;
    return 0;
}

/* Reads field i as a censoring flag. */
static int staysin_flag(csvread *r, int i, const char *col,
                        unsigned char *out)
{
    static const char *const yes[] = {"1", "true", "yes", "y", NULL};
    static const char *const no[] = {"0", "false", "no", "n", NULL};
    const char *v = staysin_trim(r->field[i]);
    for (size_t k = 0; yes[k]; k++)
        if (strcasecmp(v, yes[k]) == 0)
            return *out = 1, 0;
    for (size_t k = 0; no[k]; k++)
        if (strcasecmp(v, no[k]) == 0)
            return *out = 0, 0;
    csvread_error(r, (size_t)i, "%s: '%s' is not a flag; expected 1 "
                  "(censored: still in at the extract date) or 0", col, v);
    return -1;
}

/* Reads the rows after the header, columns ic, icens, iby (-1: none). */
static int staysin_rows(csvread *r, const staysin_opts *o, staysin *s,
                        int ic, int icens, int iby)
{
    size_t need = (size_t)(ic > icens ? (ic > iby ? ic : iby)
                                      : (icens > iby ? icens : iby)) + 1;
    int rc;
    while ((rc = csvread_next(r)) == 1) {
        if (r->n < need)
            return csvread_error(r, r->n - 1, "this record has %zu fields; "
                                 "expected at least %zu as the header "
                                 "says", r->n, need), -1;
        if (s->n == STAYSIN_MAX_ROWS)
            return csvread_error(r, 0, "more than %lu stays; fit a sample",
                                 STAYSIN_MAX_ROWS), -1;
        if (staysin_grow(s))
            return csvread_error(r, 0, "out of memory"), -1;
        unsigned char c = 0;
        if (staysin_stay(r, ic, o->column, &s->t[s->n]) ||
            (icens >= 0 && staysin_flag(r, icens, o->censored, &c)))
            return -1;
        long g = staysin_group(s, iby >= 0 ? r->field[iby] : "");
        if (g < 0)
            return csvread_error(r, (size_t)iby, "%s: more than %d groups",
                                 o->by, STAYSIN_MAX_GROUPS), -1;
        s->cens[s->n] = c;
        s->group[s->n++] = (size_t)g;
    }
    return rc;
}

int staysin_read(const staysin_opts *o, staysin *s, char *err, size_t size)
{
    csvread r;
    memset(s, 0, sizeof *s);
    int rc = csvread_open(&r, o->path);
    if (rc == 0) {
        rc = csvread_next(&r);
        if (rc == 0) {
            snprintf(r.err, sizeof r.err, "%s:1:1: empty file; expected a "
                     "header naming the columns", o->path);
            text_term_clean(r.err);
            rc = -1;
        } else if (rc == 1) {
            int ic = staysin_column(&r, o->column, "--column");
            int icens = ic < 0 || !o->censored ? -1 :
                        staysin_column(&r, o->censored, "--censored-column");
            int iby = ic < 0 || (o->censored && icens < 0) || !o->by ? -1 :
                      staysin_column(&r, o->by, "--by");
            rc = ic < 0 || (o->censored && icens < 0) || (o->by && iby < 0)
                     ? -1 : staysin_rows(&r, o, s, ic, icens, iby);
        }
    }
    if (rc == 0 && s->n == 0) {
        snprintf(r.err, sizeof r.err, "%s:2:1: no stays after the header",
                 o->path);
        text_term_clean(r.err);
        rc = -1;
    }
    if (rc < 0) {
        snprintf(err, size, "%s", r.err);
        staysin_free(s);
    }
    csvread_close(&r);
    return rc < 0 ? -1 : 0;
}

void staysin_free(staysin *s)
{
    free(s->t);
    free(s->cens);
    free(s->group);
    for (size_t i = 0; i < s->n_groups; i++)
        free(s->groups[i]);
    memset(s, 0, sizeof *s);
}
