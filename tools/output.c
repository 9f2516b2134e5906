/* output.c -- table, JSON and CSV reporters, and atomic file output. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "output.h"
#include "text.h"

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
    fputs("\n}}\n", f);
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
    fputs("scenario ", f);
    text_term(f, e->sc->name);
    fprintf(f, ": %ld replications, seed %llu\n\n", e->reps,
            (unsigned long long)e->sc->seed);
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

FILE *output_open(const char *path, char **tmp_path)
{
    struct stat st;
    *tmp_path = NULL;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return S_ISDIR(st.st_mode) ? (errno = EISDIR, NULL)
                                   : fopen(path, "w");
    size_t len = strlen(path) + 16;
    char *tmp = malloc(len);
    if (!tmp) {
        errno = ENOMEM;
        return NULL;
    }
    snprintf(tmp, len, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return NULL;
    }
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        errno = saved;
        return NULL;
    }
    *tmp_path = tmp;
    return f;
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
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
        rc = -1;
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && rename(tmp_path, path) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        unlink(tmp_path);
    free(tmp_path);
    errno = saved;
    return rc;
}
