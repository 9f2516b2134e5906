/* plot.c -- running gnuplot in a private folder (plot.h). */
#define _GNU_SOURCE /* close_range */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "plot.h"
#include "report.h"
#include "sandbox.h"
#include "text.h"

struct plot_set {
    char dir[4096];
    FILE *script;
    pid_t janitor;     /* removes dir once we are gone; 0 if none */
    int lifeline;      /* write end of the janitor's pipe, or -1 */
    int broken;   /* a plot_num format was refused: draw nothing */
};

/* Removes the folder and all in it (plot data, script, SVGs, log). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4400];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

/* Starts a small child process that waits for end-of-file on a pipe whose
 * write end only we (and gnuplot, which inherits it) hold, then removes
 * the folder.  However this process ends -- plot_end, a signal's default
 * action (SIGINT, SIGTERM, SIGHUP), _exit, kill -9 -- the kernel closes
 * the pipe and the folder goes, after gnuplot has finished writing in it.
 * The child ignores the terminal's signals so that a Ctrl-C to the whole
 * process group cannot take it first.  Without it (fork failed) the folder
 * is still removed by plot_end. */
static void start_janitor(plot_set *p)
{
    int fds[2];
    p->lifeline = -1;
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);
        signal(SIGTERM, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
        signal(SIGPIPE, SIG_IGN);
        /* The pipe on fd 0; nothing else of ours held open (not the
         * terminal, nor a pipe a caller reads to its end, nor another
         * janitor's lifeline). */
        int null = open("/dev/null", O_RDWR);
        if (dup2(fds[0], 0) != 0 || null < 0 || dup2(null, 1) != 1 ||
            dup2(null, 2) != 2)
            _exit(1);
        if (close_range(3, ~0u, 0) != 0)
            for (long fd = 3, max = sysconf(_SC_OPEN_MAX);
                 fd < max && fd < 65536; fd++)
                close((int)fd);
        char c;
        ssize_t r;
        do
            r = read(0, &c, 1);
        while (r > 0 || (r < 0 && errno == EINTR));
        remove_dir(p->dir);
        _exit(0);
    }
    close(fds[0]);
    if (pid < 0) {
        close(fds[1]);
        return;
    }
    p->janitor = pid;
    p->lifeline = fds[1];
}

plot_set *plot_begin(char *err, size_t errlen)
{
    plot_set *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 3000)
        tmp = "/tmp";
    snprintf(p->dir, sizeof p->dir, "%s/flowsim-report-XXXXXX", tmp);
    if (!mkdtemp(p->dir)) {
        snprintf(err, errlen, "cannot make a temporary folder in %s: %s",
                 tmp, strerror(errno));
        free(p);
        return NULL;
    }
    start_janitor(p);
    char path[4200];
    snprintf(path, sizeof path, "%s/plots.gp", p->dir);
    p->script = fopen(path, "w");
    if (!p->script) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        plot_end(p);
        return NULL;
    }
    return p;
}

FILE *plot_data(plot_set *p, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    return fopen(path, "w");
}

/* The one gnuplot writer of text: gnuplot takes a single-quoted string
 * literally but for '' (a quote), and a string cannot span lines. */
void plot_quote(FILE *f, const char *text, size_t max)
{
    size_t n = 0, len;
    const char *s = text ? text : "";
    fputc('\'', f);
    for (; *s && n < max; s += len, n++) {
        long c = text_utf8(s, &len);
        if (c == '\'')
            fputs("''", f);
        else if (c < 0 || text_is_control(c))
            fputc('?', f);
        else
            fwrite(s, 1, len, f);
    }
    if (*s)
        fputs("...", f);
    fputc('\'', f);
}

void plot_str(plot_set *p, const char *text)
{
    plot_quote(p->script, text, PLOT_TEXT_MAX);
}

void plot_str_max(plot_set *p, const char *text, size_t max)
{
    plot_quote(p->script, text, max);
}

/* Fixed code (plot_cmd makes sure it is a string literal). */
void plot_code_(plot_set *p, const char *code)
{
    fputs(code, p->script);
}

/* 1 when every conversion of fmt is numeric (or %%). */
static int numeric_format(const char *fmt)
{
    for (const char *c = fmt; (c = strchr(c, '%')) != NULL;) {
        c++;
        if (*c == '%') {
            c++;
            continue;
        }
        c += strspn(c, "-+ #0");
        while (isdigit((unsigned char)*c) || *c == '.')
            c++;
        c += strspn(c, "hlLqjzt");
        if (!*c || !strchr("diouxXeEfFgGaA", *c))
            return 0;
        c++;
    }
    return 1;
}

/* Code with numbers: a text conversion would let text in unescaped, so
 * it breaks the set instead. */
void plot_codef_(plot_set *p, const char *fmt, ...)
{
    if (!numeric_format(fmt)) {
        p->broken = 1;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(p->script, fmt, ap);
    va_end(ap);
}

void plot_start(plot_set *p, const char *name, int width, int height)
{
    char svg[300];
    snprintf(svg, sizeof svg, "%s.svg", name);
    /* noenhanced: scenario names and KPI names hold '_' and '^', which
     * enhanced text would turn into subscripts and superscripts. */
    plot_num(p, "\nreset\n"
                "set terminal svg size %d,%d dynamic noenhanced "
                "font 'Helvetica,Arial,sans-serif,13' background '#ffffff'\n",
             width, height);
    plot_cmd(p, "set output ");
    plot_str(p, svg);
    plot_cmd(p, "\nset datafile missing 'NaN'\nset autoscale xfix\n"
                "set xlabel offset 0,0.5\n"
                "set border 3 lc rgb '#555555'\n"
                "set tics nomirror textcolor rgb '#333333'\n"
                "set grid ytics lc rgb '#e4e4e4' lt 1 lw 1\n"
                "set key noopaque nobox samplen 2 spacing 1.1\n"
                "set linetype 1 lc rgb '#1f5fa8' lw 2\n"
                "set linetype 2 lc rgb '#d0641e' lw 2\n"
                "set linetype 3 lc rgb '#2d8a4e' lw 2\n"
                "set linetype 4 lc rgb '#8e44ad' lw 2\n"
                "set linetype 5 lc rgb '#b8860b' lw 2\n"
                "set linetype 6 lc rgb '#c0392b' lw 2\n"
                "set linetype 7 lc rgb '#16a085' lw 2\n"
                "set linetype 8 lc rgb '#7f8c8d' lw 2\n"
                "set linetype cycle 8\n");
}

/* First lines of the file at path into err. */
static void read_log(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    size_t n = 0;
    if (f) {
        n = fread(err, 1, errlen > 1 ? errlen - 1 : 0, f);
        fclose(f);
    }
    err[n] = '\0';
    for (char *c = err; *c; c++)
        if (*c == '\n' && c[1])
            *c = ' ';
    size_t len = strlen(err);
    if (len && err[len - 1] == '\n')
        err[len - 1] = '\0';
}

int plot_run(plot_set *p, char *err, size_t errlen)
{
    if (p->broken) {
        snprintf(err, errlen, "a plot's script was refused (a text "
                              "conversion in plot_num)");
        return -1;
    }
    if (fflush(p->script) != 0 || ferror(p->script)) {
        snprintf(err, errlen, "cannot write the gnuplot script: %s",
                 strerror(errno));
        return -1;
    }
    char gnuplot[] = "gnuplot", script[] = "plots.gp";
    char *prog = getenv(REPORT_GNUPLOT_ENV);
    if (!prog || !*prog)
        prog = gnuplot;
    char log[4200];
    snprintf(log, sizeof log, "%s/gnuplot.log", p->dir);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot start gnuplot: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* The child: gnuplot in the folder, reading nothing from us,
         * unable to start any program or write outside the folder. */
        int in = open("/dev/null", O_RDONLY);
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
            dup2(out, 2) < 0 || chdir(p->dir) != 0)
            _exit(126);
        char *argv[] = {prog, script, NULL};
        _exit(sandbox_exec(prog, argv, p->dir));
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for gnuplot: %s", strerror(errno));
            return -1;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == SANDBOX_NOT_FOUND) {
        snprintf(err, errlen, "%s is not installed (Debian package "
                              "gnuplot-nox)", prog);
        return 1;
    }
    char msg[600];
    read_log(log, msg, sizeof msg);
    if (WIFEXITED(status) && WEXITSTATUS(status) == SANDBOX_FAILED)
        snprintf(err, errlen, "gnuplot was not run: it could not be "
                              "confined%s%s", msg[0] ? ": " : "", msg);
    else if (WIFEXITED(status))
        snprintf(err, errlen, "gnuplot failed (exit status %d)%s%s",
                 WEXITSTATUS(status), msg[0] ? ": " : "", msg);
    else
        snprintf(err, errlen, "gnuplot was killed by signal %d",
                 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return -1;
}

/* The whole of a file, NUL-terminated; NULL if unreadable. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *grown = realloc(buf, cap *= 2);
        if (!grown) {
            free(buf);
            buf = NULL;
        }
        buf = grown;
    }
    if (buf)
        buf[n] = '\0';
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

int plot_embed(plot_set *p, const char *name, FILE *out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.svg", p->dir, name);
    char *svg = slurp(path);
    char *s = svg ? strstr(svg, "<svg") : NULL;
    if (!s || !strstr(s, "</svg>")) {
        free(svg);
        return -1;
    }
    /* gnuplot names its markers and filters alike in every plot ("gpPt1",
     * "textbox"): prefix ids and the references to them. */
    static const char *const PAT[] = {" id='", " id=\"", "href='#",
                                      "href=\"#", "url(#", NULL};
    const char *title = "<title>Gnuplot</title>";
    while (*s) {
        size_t len = 0;
        for (size_t i = 0; PAT[i] && !len; i++)
            if (!strncmp(s, PAT[i], strlen(PAT[i])))
                len = strlen(PAT[i]);
        if (len) {
            fprintf(out, "%.*s%s-", (int)len, s, name);
            s += len;
        } else if (!strncmp(s, title, strlen(title))) {
            s += strlen(title);
        } else {
            fputc(*s++, out);
        }
    }
    free(svg);
    return 0;
}

void plot_end(plot_set *p)
{
    if (!p)
        return;
    if (p->script)
        fclose(p->script);
    remove_dir(p->dir);
    if (p->lifeline >= 0) { /* the janitor finds nothing left, and ends */
        close(p->lifeline);
        while (waitpid(p->janitor, NULL, 0) < 0 && errno == EINTR)
            continue;
    }
    free(p);
}
