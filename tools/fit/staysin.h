/* staysin.h -- the stays of a CSV extract, by group.
 *
 * One row per stay: a column of stays (positive numbers, in the unit the
 * caller names), optionally a column saying which are censored (1, true,
 * yes: the patient was still in at the extract date; 0, false, no: the
 * stay ended) and a column to group by.  Every bad value is reported as
 * FILE:LINE:COL with the column's name.
 */
#ifndef FLOWSIM_FIT_STAYSIN_H
#define FLOWSIM_FIT_STAYSIN_H

#include <stddef.h>

#define STAYSIN_MAX_ROWS 20000000UL /* bounds memory: ~300 MB */
#define STAYSIN_MAX_GROUPS 1000

typedef struct staysin {
    double *t;              /* stays, n */
    unsigned char *cens;    /* 1: censored, n */
    size_t *group;          /* index into groups, n */
    size_t n, cap;
    char *groups[STAYSIN_MAX_GROUPS]; /* their values (one "" without by) */
    size_t n_groups;
} staysin;

typedef struct staysin_opts {
    const char *path, *column, *censored, *by; /* censored, by: NULL none */
} staysin_opts;

/* Reads the file into *s.  Returns 0, or -1 with the message in err
 * (and *s empty). */
int staysin_read(const staysin_opts *o, staysin *s, char *err, size_t size);

void staysin_free(staysin *s);

#endif
