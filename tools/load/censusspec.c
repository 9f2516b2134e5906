/* censusspec.c -- the starting census from a file, one row a patient:
 *
 *   initial: {from: census.csv}
 *
 * A CSV file (relative to the scenario file that names it) whose header
 * names its columns, in any order:
 *   unit           required: the unit the patient is in (or waits for);
 *   class          a class name (default: the first class);
 *   stay_so_far    time already spent there: a number of days, or a
 *                  duration like "36 hours" (default 0); or instead
 *   admitted       the date (YYYY-MM-DD, optionally " HH:MM") it was
 *                  admitted, before start_date;
 *   medically_fit  yes/no: its stay is over (decided on at time 0);
 *   fit_for        how long it has been medically fit (as stay_so_far;
 *                  implies medically_fit), or instead
 *   fit_since      the date (and time) it was found fit, as admitted:
 *                  patients fit longest leave first, and a pathway's
 *                  wait counts from then;
 *   awaiting       the unit (or exit) it goes to next, instead of a draw;
 *   waiting        yes/no: it waits in the unit's line for a place.
 * Empty lines and lines starting with '#' are skipped; fields may be
 * quoted ("..."), without commas or quotes inside.  Errors name the file,
 * line and column of the cell; they quote the file's text only once its
 * header has shown it to be a census (like a file named by extends:, it
 * may be any file the user can read). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "keys.h"
#include "merge.h"
#include "value.h"

#define CENSUS_MAX_BYTES (256L << 20)  /* the largest census file read */
#define CENSUS_MAX_FIELDS 16
#define CENSUS_MAX_ROWS 10000000L

enum { COL_UNIT, COL_CLASS, COL_SO_FAR, COL_ADMITTED, COL_FIT, COL_AWAITING,
       COL_WAITING, COL_FIT_FOR, COL_FIT_SINCE, COL_N };
static const char *const col_names[] = {"unit", "class", "stay_so_far",
                                        "admitted", "medically_fit",
                                        "awaiting", "waiting", "fit_for",
                                        "fit_since", NULL};

/* One line cut into fields, in place: starts, and their columns. */
typedef struct fields {
    size_t n;
    char *f[CENSUS_MAX_FIELDS];
    unsigned col[CENSUS_MAX_FIELDS];
} fields;

/* Cuts line (NUL-terminated, no newline) at commas, trimming blanks and
 * one pair of quotes.  Returns 0, or -1 with too many fields. */
static int split(char *line, fields *fs)
{
    fs->n = 0;
    char *p = line;
    for (;;) {
        if (fs->n == CENSUS_MAX_FIELDS)
            return -1;
        while (*p == ' ' || *p == '\t')
            p++;
        fs->col[fs->n] = (unsigned)(p - line) + 1;
        char *end = strchr(p, ',');
        char *next = end ? end + 1 : NULL;
        if (end)
            *end = '\0';
        else
            end = p + strlen(p);
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (end - p >= 2 && *p == '"' && end[-1] == '"') {
            end[-1] = '\0';
            p++;
        }
        fs->f[fs->n++] = p;
        if (!next)
            return 0;
        p = next;
    }
}

typedef struct reader {
    build_ctx *c;
    const char *file;
    unsigned line;
    int at[COL_N];     /* column of each field, or -1 */
    fields fs;
} reader;

/* Reports a problem at field `col` of the current line. */
static int bad(reader *r, int col, const char *fmt, const char *what,
               const char *cell)
{
    unsigned at = col >= 0 ? r->fs.col[col] : 1;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, what, cell);
    return diag_pos(r->c->d, r->file, r->line, at, "initial.from", "%s", msg);
}

/* The header: every name known, `unit` there, not both times. */
static int header(reader *r)
{
    for (int k = 0; k < COL_N; k++)
        r->at[k] = -1;
    for (size_t i = 0; i < r->fs.n; i++) {
        int k = value_choice(r->fs.f[i], col_names);
        /* until the header is known to be a census's, the file's text
         * is not shown (it may be any file the scenario names) */
        if (k < 0)
            return bad(r, (int)i, "an unknown column%s%s; expected the "
                       "header to name only unit, class, stay_so_far or "
                       "admitted, medically_fit, fit_for or fit_since, "
                       "awaiting, waiting", "", "");
        if (r->at[k] >= 0)
            return bad(r, (int)i, "column '%s%s' twice", col_names[k], "");
        r->at[k] = (int)i;
    }
    if (r->at[COL_UNIT] < 0)
        return bad(r, -1, "no '%s' column%s; the header must name it",
                   "unit", "");
    if (r->at[COL_SO_FAR] >= 0 && r->at[COL_ADMITTED] >= 0)
        return bad(r, r->at[COL_ADMITTED], "both stay_so_far and "
                   "'%s'%s; keep one", "admitted", "");
    if (r->at[COL_FIT_FOR] >= 0 && r->at[COL_FIT_SINCE] >= 0)
        return bad(r, r->at[COL_FIT_SINCE], "both fit_for and "
                   "'%s'%s; keep one", "fit_since", "");
    return 0;
}

/* A cell of column k on this line, or "" when the line is short. */
static const char *cell(const reader *r, int k)
{
    int i = r->at[k];
    return i >= 0 && (size_t)i < r->fs.n ? r->fs.f[i] : "";
}

/* yes/no (true/false, 1/0); empty is no. */
static int yes_no(reader *r, int k, int *out)
{
    static const char *const words[] = {"", "no", "false", "0", "yes",
                                        "true", "1", NULL};
    int i = value_choice(cell(r, k), words);
    if (i < 0)
        return bad(r, r->at[k], "'%s' is not yes or no%s", cell(r, k), "");
    *out = i >= 4;
    return 0;
}

/* A time before day 0, in minutes into *out (0 when both cells are
 * empty): column kd a duration, "N" days or "N UNIT" (stay_so_far,
 * fit_for), or column kt a date and time before day 0 (admitted,
 * fit_since).  what names the duration in messages. */
static int time_before(reader *r, int kd, int kt, const char *what,
                       double *out)
{
    *out = 0;
    if (r->at[kd] >= 0 && *cell(r, kd)) {
        const char *s = cell(r, kd);
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        while (*end == ' ')
            end++;
        double unit = !*end ? 1440
                      : !strcmp(end, "minutes") || !strcmp(end, "min") ? 1
                      : !strcmp(end, "hours") || !strcmp(end, "h") ? 60
                      : !strcmp(end, "days") || !strcmp(end, "d") ? 1440
                      : !strcmp(end, "weeks") || !strcmp(end, "w") ? 10080
                                                                   : 0;
        if (end == s || errno || !isfinite(v) || v < 0 || !unit ||
            v > 1e7)
            return bad(r, r->at[kd], "'%s' is not %s; expected days (2.5) "
                       "or a duration like '36 hours'", s, what);
        *out = v * unit;
    } else if (r->at[kt] >= 0 && *cell(r, kt)) {
        const char *s = cell(r, kt);
        char date[11] = "";
        long day;
        int hh = 0, mm = 0, n = 0;
        if (strlen(s) >= 10)
            memcpy(date, s, 10);
        int ok = datetime_day(date, &day) == 0 &&
                 (s[10] == '\0' ||
                  ((s[10] == ' ' || s[10] == 'T') &&
                   sscanf(s + 11, "%2d:%2d%n", &hh, &mm, &n) == 2 &&
                   s[11 + n] == '\0' && hh < 24 && mm < 60));
        if (!ok)
            return bad(r, r->at[kt], "'%s' is not a date%s; "
                       "expected YYYY-MM-DD or YYYY-MM-DD HH:MM", s, "");
        if (!r->c->day0.at)
            return bad(r, r->at[kt], "'%s' is a date but the "
                       "scenario has no start_date%s", s, "");
        *out = (double)(r->c->day0.day - day) * 1440 - (hh * 60 + mm);
        if (*out < 0)
            return bad(r, r->at[kt], "'%s' is after the start date%s; "
                       "expected a time before it", s, "");
    }
    return 0;
}

/* fit_for or fit_since: a patient in a place, found fit within its stay
 * so far; medically_fit may not say no.  Sets row->fit. */
static int fit_time(reader *r, census_row *row)
{
    int kd = COL_FIT_FOR, kt = COL_FIT_SINCE;
    int given = (r->at[kd] >= 0 && *cell(r, kd)) ||
                (r->at[kt] >= 0 && *cell(r, kt));
    if (!given)
        return 0;
    int k = r->at[kd] >= 0 ? kd : kt;
    if (time_before(r, kd, kt, "a time medically fit", &row->fit_for))
        return -1;
    if (r->at[COL_FIT] >= 0 && *cell(r, COL_FIT) && !row->fit)
        return bad(r, r->at[k], "'%s' but medically_fit is '%s'; a patient "
                   "fit for a time is medically fit", cell(r, k),
                   cell(r, COL_FIT));
    if (row->waiting)
        return bad(r, r->at[k], "'%s' for a patient waiting in the line%s; "
                   "only a patient in a place can be fit to leave it",
                   cell(r, k), "");
    if (row->fit_for > row->elapsed &&
        (r->at[COL_SO_FAR] >= 0 || r->at[COL_ADMITTED] >= 0))
        return bad(r, r->at[k], "'%s' is longer ago than the admission%s; "
                   "a patient is found fit during its stay", cell(r, k), "");
    row->fit = 1;
    return 0;
}

/* The index of `name` among the names (NULL-terminated), or -1. */
static int find(const char *const *names, const char *name)
{
    for (int i = 0; names && names[i]; i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

/* One patient's row into *row. */
static int patient_row(reader *r, census_row *row)
{
    const char *u = cell(r, COL_UNIT), *cl = cell(r, COL_CLASS);
    const char *aw = cell(r, COL_AWAITING);
    row->unit = find(r->c->names, u);
    if (row->unit < 0 || (size_t)row->unit >= r->c->sc->n_units)
        return bad(r, r->at[COL_UNIT], "unknown unit '%s'%s", u, "");
    row->cls = 0;
    if (*cl && (row->cls = find(r->c->classes, cl)) < 0)
        return bad(r, r->at[COL_CLASS], "unknown class '%s'%s", cl, "");
    row->next = -2;
    if (!strcmp(aw, "exit"))
        row->next = SCENARIO_EXIT;
    else if (*aw && ((row->next = find(r->c->names, aw)) < 0 ||
                     (size_t)row->next >= r->c->sc->n_units))
        return bad(r, r->at[COL_AWAITING], "unknown unit '%s'%s (or exit)",
                   aw, "");
    if (time_before(r, COL_SO_FAR, COL_ADMITTED, "a stay so far",
                    &row->elapsed) ||
        (r->at[COL_FIT] >= 0 && yes_no(r, COL_FIT, &row->fit)) ||
        (r->at[COL_WAITING] >= 0 && yes_no(r, COL_WAITING, &row->waiting)) ||
        fit_time(r, row))
        return -1;
    return 0;
}

/* Reads the whole file at path (at most CENSUS_MAX_BYTES). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= (size_t)CENSUS_MAX_BYTES) {
            free(buf);
            buf = NULL;
            errno = EFBIG;
            break;
        }
        char *m = realloc(buf, 2 * cap + 1);
        if (!m) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = m;
        cap *= 2;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* Every line of text: the header, then one patient a line. */
static int read_rows(reader *r, char *text, size_t len)
{
    scenario *sc = r->c->sc;
    size_t cap = 0;
    int seen_header = 0;
    char *p = text, *end = text + len;
    for (r->line = 1; p < end; r->line++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = p;
        p = nl ? nl + 1 : end;
        if (nl)
            *nl = '\0';
        size_t l = strlen(line);
        if (l != (size_t)((nl ? nl : end) - line))
            return bad(r, -1, "a NUL byte in the line%s%s", "", "");
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        if (!l || line[0] == '#')
            continue;
        if (split(line, &r->fs))
            return bad(r, -1, "more than 16 fields%s%s", "", "");
        if (!seen_header) {
            if (header(r))
                return -1;
            seen_header = 1;
            continue;
        }
        if (sc->n_census == cap) {
            if (cap >= (size_t)CENSUS_MAX_ROWS)
                return bad(r, -1, "more than 10000000 patients%s%s", "", "");
            cap = cap ? 2 * cap : 64;
            census_row *m = realloc(sc->census, cap * sizeof *m);
            if (!m)
                return bad(r, -1, "out of memory%s%s", "", "");
            sc->census = m;
        }
        census_row *row = &sc->census[sc->n_census];
        memset(row, 0, sizeof *row);
        if (patient_row(r, row))
            return -1;
        sc->n_census++;
    }
    if (!seen_header)
        return bad(r, -1, "the file has no header%s%s; expected a first "
                   "line like unit,class,stay_so_far", "", "");
    return 0;
}

/* Patients fit longest leave first: the rows of fit patients, in the
 * places such rows have in the file, reordered by fit_for, longest
 * first, file order among equals (a stable insertion sort: a census is
 * a hospital's beds, and most rows are not fit).  Other rows keep their
 * places, so who waits above capacity does not change. */
static void fit_order(scenario *sc)
{
    for (size_t i = 1; i < sc->n_census; i++) {
        if (!sc->census[i].fit || sc->census[i].waiting)
            continue;
        census_row row = sc->census[i];
        size_t at = i;
        for (size_t j = i; j-- > 0;) {
            const census_row *o = &sc->census[j];
            if (!o->fit || o->waiting)
                continue;
            if (o->fit_for >= row.fit_for)
                break;
            at = j;
        }
        /* move the fit rows in [at, i) one fit place later */
        for (size_t j = i, k = i; k-- > at;) {
            if (!sc->census[k].fit || sc->census[k].waiting)
                continue;
            sc->census[j] = sc->census[k];
            j = k;
        }
        if (at != i)
            sc->census[at] = row;
    }
}

const char *const censusspec_keys[] = {"from", NULL};

int censusspec_parse(build_ctx *c, const ytree *root)
{
    const ytree *m = ytree_get(root, "initial");
    if (!m)
        return 0;
    if (value_map(c->d, m, "initial", "a map like {from: census.csv}") ||
        value_keys(c->d, m, "initial", censusspec_keys))
        return -1;
    const ytree *f = value_need(c->d, m, "initial", "from",
                                "from: census.csv");
    const char *rel;
    if (!f || value_text(c->d, f, "initial.from", &rel))
        return -1;
    const char *base = f->src && strcmp(f->src->name, "--set")
                           ? f->src->name : "";
    char *path = merge_relative(base, rel);
    if (!path)
        return diag_at(c->d, f, "initial.from", "out of memory");
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text) {
        int rc = diag_at(c->d, f, "initial.from", "cannot read '%s': %s",
                         rel, strerror(errno ? errno : EIO));
        free(path);
        return rc;
    }
    reader r = {c, path, 0, {0}, {0}};
    int rc = read_rows(&r, text, len);
    free(text);
    if (!rc)
        fit_order(c->sc);
    if (!rc) {
        c->census += (long)c->sc->n_census;
        if (c->census > c->sc->max_patients)
            rc = diag_at(c->d, f, "initial.from", "the census has %ld "
                         "patients, more than max_patients (%ld); raise "
                         "max_patients", c->census, c->sc->max_patients);
    }
    free(path);
    return rc;
}
