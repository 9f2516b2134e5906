/* fuzz_store.c -- libFuzzer target: bytes are an SQL script that builds
 * a results store; report, export and merge must cope with whatever it
 * holds, and their outputs must stay well-formed.
 *
 * Each input is run by SQLite on an empty database file (the seeds of
 * corpus/store/ are dumps of real stores; store_seeds.sh makes them),
 * with limits: no ATTACH, VACUUM, PRAGMA, triggers or extensions (the
 * script may only build tables and rows in that file), at most 16 MiB of
 * database, 1 MiB a value, a bounded number of SQLite steps.  Then:
 *
 *  - report_html_opts of the newest study and of study 1, with gnuplot
 *    replaced by script_check (FUZZ_SCRIPT_CHECK), which refuses any
 *    script holding more than the report's own code with exit status 3
 *    (the page's "No plots" note then says "gnuplot failed (exit status
 *    3)");
 *  - report_export of the newest study, summary, replications and daily;
 *  - store_merge of the store into a new one, and the report of that.
 *
 * A page must be valid UTF-8 without control characters but tab, CR and
 * LF, every '<' must open or close one of the report's own elements and
 * every '&' start one of its entities; an export must parse as RFC 4180
 * with as many fields in every record as in its header, and no field may
 * start with = + @ tab or CR, nor with '-' unless it is a number.  Any
 * abort, sanitizer report or leak is a finding.  With the environment
 * variable FUZZ_STORE_EXPECT_REPORT set (the replay of the seeds), a
 * store whose newest study makes no report is one too: the seeds must
 * follow the store's schema. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sqlite3.h>
#include "storemerge.h"
#include "report.h"
#include "text.h"

#ifndef FUZZ_SCRIPT_CHECK
#define FUZZ_SCRIPT_CHECK "script_check"
#endif

#define FUZZ_MAX_SQL (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096], db_path[4200], merged[4200], page[4200], csv[4200];

static void finding(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_store: %s%s%.300s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/* Removes a database file with its journal, WAL and shared memory. */
static void remove_db(const char *path)
{
    static const char *const SUFFIX[] = {"", "-journal", "-wal", "-shm"};
    char p[4300];
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", path, SUFFIX[i]);
        unlink(p);
    }
}

static void fuzz_cleanup(void)
{
    remove_db(db_path);
    remove_db(merged);
    unlink(page);
    unlink(csv);
    rmdir(dir);
}

static void fuzz_init(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fuzz-store-XXXXXX",
             tmp && *tmp && strlen(tmp) < 3000 ? tmp : "/tmp");
    if (!mkdtemp(dir))
        finding("cannot make a temporary folder", dir);
    snprintf(db_path, sizeof db_path, "%s/s.db", dir);
    snprintf(merged, sizeof merged, "%s/m.db", dir);
    snprintf(page, sizeof page, "%s/r.html", dir);
    snprintf(csv, sizeof csv, "%s/e.csv", dir);
    /* The report's plot folders go in dir too, and "gnuplot" is the
     * script checker. */
    setenv("TMPDIR", dir, 1);
    setenv(REPORT_GNUPLOT_ENV, FUZZ_SCRIPT_CHECK, 1);
    atexit(fuzz_cleanup);
}

/* Only tables, rows and reads of the main database. */
static int authorize(void *ud, int action, const char *a, const char *b,
                     const char *db, const char *trigger)
{
    (void)ud;
    (void)a;
    (void)b;
    (void)trigger;
    if (db && strcmp(db, "main") && strcmp(db, "temp"))
        return SQLITE_DENY;
    switch (action) {
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_VIEW: case SQLITE_DELETE: case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TABLE: case SQLITE_DROP_VIEW: case SQLITE_INSERT:
    case SQLITE_READ: case SQLITE_SELECT: case SQLITE_TRANSACTION:
    case SQLITE_UPDATE: case SQLITE_ALTER_TABLE: case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE: case SQLITE_SAVEPOINT:
        return SQLITE_OK;
    default:
        return SQLITE_DENY;
    }
}

/* Stops runaway statements (recursive queries, huge joins). */
static int progress(void *ud)
{
    return ++*(long *)ud > 20000;   /* x 1000 virtual-machine steps */
}

/* 1 when sql holds a word the script may not use (checked on the text
 * too, since not every one reaches the authorizer). */
static int forbidden(const char *sql)
{
    static const char *const BAD[] = {"attach", "vacuum", "pragma",
                                      "load_extension", "trigger", NULL};
    for (const char *c = sql; *c; c++)
        for (size_t i = 0; BAD[i]; i++)
            if (!strncasecmp(c, BAD[i], strlen(BAD[i])))
                return 1;
    return 0;
}

static void build_store(const char *sql)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE |
                                           SQLITE_OPEN_CREATE, NULL) ==
        SQLITE_OK) {
        sqlite3_exec(db, "PRAGMA max_page_count = 4096;"
                         "PRAGMA synchronous = OFF;"
                         "PRAGMA journal_mode = MEMORY", NULL, NULL, NULL);
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
        sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
        long steps = 0;
        sqlite3_progress_handler(db, 1000, progress, &steps);
        sqlite3_set_authorizer(db, authorize, NULL);
        sqlite3_exec(db, sql, NULL, NULL, NULL);   /* errors are fine */
    }
    sqlite3_close(db);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, k;
    char *b = malloc(cap + 1);
    *n = 0;
    while (b && (k = fread(b + *n, 1, cap - *n, f)) > 0)
        if ((*n += k) == cap) {
            char *g = realloc(b, (cap *= 2) + 1);
            if (!g)
                free(b);
            b = g;
        }
    fclose(f);
    if (b)
        b[*n] = '\0';
    return b;
}

/* Valid UTF-8 (no NUL), and no control character but tab, CR and LF. */
static void check_text(const char *what, const char *s, size_t n)
{
    size_t len;
    for (size_t i = 0; i < n; i += len) {
        long c = s[i] ? text_utf8(s + i, &len) : -1;
        if (c < 0)
            finding(what, "invalid UTF-8 or a NUL");
        if (text_is_control(c) && c != '\t' && c != '\r' && c != '\n')
            finding(what, "a control character");
    }
}

static void check_page(void)
{
    static const char *const TAGS[] = {
        "a", "b", "body", "code", "div", "figcaption", "figure", "footer",
        "h1", "h2", "h3", "h4", "head", "header", "html", "i", "li", "meta",
        "nav", "p", "section", "small", "style", "svg", "table", "tbody",
        "td", "th", "thead", "title", "tr", "ul", NULL};
    static const char *const ENTITIES[] = {
        "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#xfffd;", "&ndash;",
        "&minus;", "&times;", NULL};
    size_t n;
    char *s = slurp(page, &n);
    if (!s)
        finding("the report is missing", page);
    check_text("report", s, n);
    /* script_check's exit status 3, in the report's own markup (text
     * from the store cannot forge it: its '<' and '"' are escaped). */
    const char *refused = strstr(s, "id=\"no-plots\">No plots: gnuplot "
                                    "failed (exit status 3)");
    if (refused)
        finding("a plot script held more than the report's code", refused);
    for (char *c = s; (c = strpbrk(c, "<&")); c++) {
        int ok = 0;
        if (*c == '&') {
            for (size_t i = 0; ENTITIES[i] && !ok; i++)
                ok = !strncmp(c, ENTITIES[i], strlen(ENTITIES[i]));
        } else if (!strncmp(c, "<!DOCTYPE html>", 15)) {
            ok = 1;
        } else {
            const char *t = c + 1 + (c[1] == '/');
            size_t len = 0;
            while (isalnum((unsigned char)t[len]))
                len++;
            for (size_t i = 0; TAGS[i] && !ok; i++)
                ok = strlen(TAGS[i]) == len && !strncmp(TAGS[i], t, len) &&
                     strchr(" >", t[len]);
        }
        if (!ok)
            finding("the report has markup it does not write", c);
    }
    free(s);
}

/* One record of RFC 4180 from *p: its field count, or -1 when malformed;
 * *p moves past its line end.  Fields are checked for formula starts. */
static long csv_record(const char **p)
{
    const char *c = *p;
    long fields = 0;
    for (;;) {
        char field[64];
        size_t k = 0;
        if (*c == '"') {
            for (c++;; c++) {
                if (!*c)
                    return -1;
                if (*c == '"' && c[1] != '"')
                    break;
                if (*c == '"')
                    c++;
                if (k + 1 < sizeof field)
                    field[k++] = *c;
            }
            c++;
        } else {
            for (; *c && !strchr(",\r\n", *c); c++) {
                if (*c == '"')
                    return -1;
                if (k + 1 < sizeof field)
                    field[k++] = *c;
            }
        }
        field[k] = '\0';
        fields++;
        if (field[0] && strchr("=+@\t\r", field[0]))
            finding("an export field starts with a formula character",
                    field);
        char *end = field;
        if (field[0] == '-')
            strtod(field, &end);
        if (field[0] == '-' && *end)
            finding("an export field starts with '-' and is no number",
                    field);
        if (*c == ',') {
            c++;
            continue;
        }
        if (*c == '\r')
            c++;
        if (*c == '\n')
            c++;
        else if (*c)
            return -1;
        *p = c;
        return fields;
    }
}

static void check_csv(void)
{
    size_t n;
    char *s = slurp(csv, &n);
    if (!s)
        finding("the export is missing", csv);
    check_text("export", s, n);
    const char *p = s;
    long head = csv_record(&p);
    while (head > 0 && *p) {
        long f = csv_record(&p);
        if (f != head)
            finding("an export record is malformed or has another field "
                    "count than its header", p);
    }
    if (head <= 0)
        finding("the export has no header", s);
    free(s);
}

/* The report and exports of a store, each checked when made. */
static void outputs(const char *store, int exports)
{
    char err[1024];
    long studies[2] = {-1, 1};
    for (int i = 0; i < 2; i++) {
        report_options o = {.study = studies[i]};
        unlink(page);
        if (report_html_opts(store, &o, page, err, sizeof err) == 0)
            check_page();
        else if (i == 0 && getenv("FUZZ_STORE_EXPECT_REPORT"))
            finding("a seed store makes no report", err);
    }
    static const report_what WHAT[] = {REPORT_SUMMARY, REPORT_REPLICATIONS,
                                       REPORT_DAILY};
    for (int i = 0; exports && i < 3; i++) {
        unlink(csv);
        if (report_export(store, -1, WHAT[i], csv, err, sizeof err) == 0)
            check_csv();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        fuzz_init();
    if (size > FUZZ_MAX_SQL)
        return 0;
    char *sql = malloc(size + 1);
    if (!sql)
        return 0;
    memcpy(sql, data, size);
    sql[size] = '\0';
    remove_db(db_path);
    remove_db(merged);
    if (forbidden(sql) && getenv("FUZZ_STORE_EXPECT_REPORT"))
        finding("a seed uses a word the fuzzer refuses", NULL);
    if (!forbidden(sql)) {
        build_store(sql);
        outputs(db_path, 1);
        char err[1024];
        const char *in[1] = {db_path};
        if (store_merge(merged, in, 1, NULL, err, sizeof err) == 0)
            outputs(merged, 0);
    }
    free(sql);
    return 0;
}
