/* output.c -- table, JSON and CSV reporters, and atomic file output. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "jams.h"
#include "output.h"
#include "text.h"

/* The JSON array of jam notes (output.h). */
void output_json_jams(FILE *f, const scenario *sc, const jam_note *j,
                     size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        char date[16];
        fputs(i ? ", {\"unit\": " : "{\"unit\": ", f);
        output_json_str(f, j[i].unit);
        fprintf(f, ", \"replications\": %ld, \"of\": %ld, \"first_day\": ",
                j[i].reps, j[i].of);
        output_json_num(f, j[i].first_day);
        fputs(", \"first_date\": ", f);
        if (jams_date(sc, j[i].first_day, date, sizeof date))
            output_json_str(f, date);
        else
            fputs("null", f);
        fputc('}', f);
    }
    fputc(']', f);
}

int output_format_parse(const char *s, out_format *fmt)
{
    if (strcmp(s, "table") == 0)
        *fmt = FORMAT_TABLE;
    else if (strcmp(s, "json") == 0)
        *fmt = FORMAT_JSON;
    else if (strcmp(s, "csv") == 0)
        *fmt = FORMAT_CSV;
    else
        return -1;
    return 0;
}

/* A number for JSON: null when not finite. */
void output_json_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x);
    else
        fputs("null", f);
}

/* JSON text (RFC 8259) that is also inert on a terminal: quote,
 * backslash and every control character (text_is_control: C0, DEL, C1,
 * line separators, bidirectional controls) escaped as \uXXXX, invalid
 * UTF-8 bytes replaced by U+FFFD, everything else as is. */
void output_json_str(FILE *f, const char *s)
{
    size_t len;
    fputc('"', f);
    for (; s && *s; s += len) {
        long c = text_utf8(s, &len);
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", (int)c);
        else if (c < 0)
            fputs("\\ufffd", f);
        else if (text_is_control(c))
            fprintf(f, "\\u%04lx", c);
        else
            fwrite(s, 1, len, f);
    }
    fputc('"', f);
}

void output_json_summary(FILE *f, const kpi_summary *s, const char *unit)
{
    fputs("{\"mean\": ", f);
    output_json_num(f, s->mean);
    fputs(", \"ci95\": [", f);
    output_json_num(f, s->lo);
    fputs(", ", f);
    output_json_num(f, s->hi);
    fputs("]", f);
    if (unit) {
        fputs(", \"p5\": ", f);
        output_json_num(f, s->p5);
        fputs(", \"p95\": ", f);
        output_json_num(f, s->p95);
        fputs(", \"unit\": ", f);
        output_json_str(f, unit);
    }
    fprintf(f, ", \"n\": %ld}", s->n);
}

static void write_json(FILE *f, const experiment *e)
{
    fputs("{\"scenario\": ", f);
    output_json_str(f, e->sc->name);
    fprintf(f, ", \"replications\": %ld, \"seed\": %llu, \"kpis\": {",
            e->reps, (unsigned long long)e->sc->seed);
    for (size_t k = 0; k < e->kpis.n; k++) {
        kpi_summary s;
        experiment_summarise(e, k, &s);
        fputs(k ? ",\n  " : "\n  ", f);
        output_json_str(f, e->kpis.defs[k].name);
        fputs(": ", f);
        output_json_summary(f, &s, e->kpis.defs[k].unit);
    }
    jam_note j[JAMS_MAX];
    fputs("\n}, \"warnings\": ", f);
    output_json_jams(f, e->sc, j, jams_find(e, j, JAMS_MAX));
    fputs("}\n", f);
}

void output_csv_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.10g", x);
    else
        fputc(',', f);
}

/* A spreadsheet runs a cell that starts with one of these as a formula
 * (OWASP's list for CSV injection). */
static int csv_formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
           c == '\r';
}

void output_csv_text(FILE *f, const char *s)
{
    s = s ? s : "";
    /* Quoted when RFC 4180 needs it, or when a spreadsheet importing with
     * ';' or tab as its separator would split the field. */
    int quote = strpbrk(s, ",\"\r\n;\t") != NULL;
    if (quote)
        fputc('"', f);
    if (csv_formula_start(*s))
        fputc('\'', f);
    size_t len;
    for (; *s; s += len) {
        long c = text_utf8(s, &len);
        if (c == '"')
            fputs("\"\"", f);
        else if (c == '\t' || c == '\r' || c == '\n')
            fputc((int)c, f);
        else if (c < 0 || text_is_control(c))
            fputc('?', f);
        else
            fwrite(s, 1, len, f);
    }
    if (quote)
        fputc('"', f);
}

static void write_csv(FILE *f, const experiment *e)
{
    fputs("kpi,unit,mean,ci95_lo,ci95_hi,p5,p95,n\n", f);
    for (size_t k = 0; k < e->kpis.n; k++) {
        kpi_summary s;
        experiment_summarise(e, k, &s);
        output_csv_text(f, e->kpis.defs[k].name);
        fputc(',', f);
        output_csv_text(f, e->kpis.defs[k].unit);
        output_csv_num(f, s.mean);
        output_csv_num(f, s.lo);
        output_csv_num(f, s.hi);
        output_csv_num(f, s.p5);
        output_csv_num(f, s.p95);
        fprintf(f, ",%ld\n", s.n);
    }
}

/* Counts in the thousands read best whole (112,700 not 1.127e+05). */
static void table_num(FILE *f, double x)
{
    if (isfinite(x) && fabs(x) >= 1000 && fabs(x) < 1e11)
        fprintf(f, " %11.0f", x);
    else if (isfinite(x))
        fprintf(f, " %11.4g", x);
    else
        fprintf(f, " %11s", "-");
}

static void write_table(FILE *f, const experiment *e)
{
    jam_note j[JAMS_MAX];
    fputs("scenario ", f);
    text_term(f, e->sc->name);
    fprintf(f, ": %ld replications, seed %llu\n\n", e->reps,
            (unsigned long long)e->sc->seed);
    size_t nj = jams_find(e, j, JAMS_MAX);
    jams_write_text(f, e->sc, j, nj);
    if (nj)
        fputc('\n', f);
    fprintf(f, "%-40s %-9s %11s %11s %11s %11s %11s\n", "KPI", "unit",
            "mean", "ci95 lo", "ci95 hi", "p5", "p95");
    for (size_t k = 0; k < e->kpis.n; k++) {
        kpi_summary s;
        experiment_summarise(e, k, &s);
        text_term_pad(f, e->kpis.defs[k].name, -40);
        fputc(' ', f);
        text_term_pad(f, e->kpis.defs[k].unit, -9);
        table_num(f, s.mean);
        table_num(f, s.lo);
        table_num(f, s.hi);
        table_num(f, s.p5);
        table_num(f, s.p95);
        fputc('\n', f);
    }
}

int output_write(FILE *f, const experiment *e, out_format fmt)
{
    switch (fmt) {
    case FORMAT_JSON:
        write_json(f, e);
        break;
    case FORMAT_CSV:
        write_csv(f, e);
        break;
    case FORMAT_TABLE:
        write_table(f, e);
        break;
    }
    return ferror(f) ? -1 : 0;
}

/* The name of an output temporary: the folder of path and
 * "flowsim-tmp-" with eight random letters, so that one left behind (by a
 * kill where an unnamed file cannot be had) says whose it is.  The name
 * does not grow with path's own, so it fits wherever path does. */
static int tmp_name(const char *path, unsigned attempt, char **out)
{
    static const char ALNUM[] = "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    char *name = malloc(dir + sizeof "flowsim-tmp-" + 8);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* splitmix64 of the time, the process and the attempt: O_EXCL or
     * EEXIST catches the rare clash and the caller tries again. */
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 ((uint64_t)getpid() << 16) ^ ((uint64_t)attempt << 48) ^
                 (uint64_t)(uintptr_t)&ts;
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    x ^= x >> 31;
    memcpy(name, path, dir);
    memcpy(name + dir, "flowsim-tmp-", 12);
    for (int i = 0; i < 8; i++, x >>= 6)
        name[dir + 12 + i] = ALNUM[x % (sizeof ALNUM - 1)];
    name[dir + 20] = '\0';
    *out = name;
    return 0;
}

/* A new, empty file for path's content.  First choice, on Linux: an
 * unnamed file (O_TMPFILE) in path's folder, which no abrupt end can leave
 * behind; *token is then "" (it is linked into place through
 * /proc/self/fd).  Otherwise a named temporary (tmp_name), *token its
 * name.  The mode asked is 0666, so the umask applies as to any new file.
 * Returns the descriptor, or -1 with errno set. */
static int tmp_open(const char *path, char **token)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1)
                      : strdup(".");
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int fd;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    free(dir);
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (fd >= 0 && access(proc, F_OK) == 0 && (*token = strdup("")))
        return fd;
    if (fd >= 0)
        close(fd); /* no /proc to link it through: a named one instead */
#else
    free(dir);
#endif
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        if (tmp_name(path, attempt, token) != 0)
            return -1;
        fd = open(*token, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        int saved = errno;
        free(*token);
        *token = NULL;
        errno = saved;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

FILE *output_open(const char *path, char **tmp_path)
{
    struct stat st;
    *tmp_path = NULL;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return S_ISDIR(st.st_mode) ? (errno = EISDIR, NULL)
                                   : fopen(path, "w");
    int fd = tmp_open(path, tmp_path);
    if (fd < 0)
        return NULL;
    /* A file replaced keeps its group and permissions (not set-id bits),
     * where the owner may set them: a private 0600 file stays private. */
    if (exists) {
        if (fchown(fd, (uid_t)-1, st.st_gid) != 0) {
            /* not a member of that group: the file gets ours */
        }
        fchmod(fd, st.st_mode & 0777);
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        if (**tmp_path)
            unlink(*tmp_path);
        free(*tmp_path);
        *tmp_path = NULL;
        errno = saved;
    }
    return f;
}

/* Gives the file open as fd the name path, replacing what is there
 * atomically.  token is tmp_open's.  A named temporary is renamed; an
 * unnamed one is linked to path when path does not exist, or else to a
 * new temporary name that is then renamed over path (link cannot replace).
 * Returns 0, or -1 with errno set. */
static int tmp_place(int fd, const char *path, const char *token)
{
    if (*token)
        return rename(token, path);
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        char *name;
        if (tmp_name(path, attempt, &name) != 0)
            return -1;
        if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0) {
            int rc = rename(name, path);
            int saved = errno;
            if (rc != 0)
                unlink(name);
            free(name);
            errno = saved;
            return rc;
        }
        int saved = errno;
        free(name);
        errno = saved;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

int output_commit(FILE *f, const char *path, char *tmp_path)
{
    if (!tmp_path) { /* a device or pipe, written directly */
        int rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
        int saved = errno;
        if (fclose(f) != 0 && rc == 0)
            return -1;
        errno = saved;
        return rc;
    }
    int rc = 0;
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0 ||
        tmp_place(fileno(f), path, tmp_path) != 0)
        rc = -1;
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0 && *tmp_path)
        unlink(tmp_path);
    free(tmp_path);
    errno = saved;
    return rc;
}

int output_close_stdout(void)
{
    errno = 0;
    int failed = ferror(stdout) != 0;
    if (fflush(stdout) != 0)
        failed = 1;
    int saved = errno ? errno : EIO;
    /* EBADF with nothing left to write: stdout was closed (>&-) and the
     * command wrote nothing to it, which is no error. */
    if (fclose(stdout) != 0 && errno != EBADF && !failed) {
        failed = 1;
        saved = errno;
    }
    errno = saved;
    return failed ? -1 : 0;
}
