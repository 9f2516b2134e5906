/* script_check.c -- stands in for gnuplot in the store fuzzer
 * (fuzz_store.c): reads the report's script, plots.gp, from the current
 * folder and checks that it holds nothing but the report's own code.
 *
 *   script_check [plots.gp]          exit 0, or print "SCRIPT-CHECK: why"
 *                                    and exit 3
 *   script_check --words [FILE...]   print the words outside strings
 *                                    (to review the list below)
 *
 * The report writes its scripts through plot_cmd, plot_num and plot_str
 * (tools/report/plot.h) only: fixed code, numbers, and text as
 * single-quoted strings.  So outside single-quoted strings a script may
 * hold only the words of WORDS, numbers (finite: no nan or inf), spaces
 * and ( ) , : [ ] * + - / . $; each string must end on its line; each command starts with reset,
 * set, unset or plot.  Text from the store that escaped its string would
 * break one of these: a stray quote, a backquote, '@', '!', '#', ';', an
 * unknown word (system, load, shell, print...).  plot_run runs this
 * program under the same sandbox as gnuplot; its message reaches the
 * report's "No plots" note, where the fuzzer looks for it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every word of the report's gnuplot code outside strings. */
static const char *const WORDS[] = {
    "arrow", "at", "autoscale", "background", "below", "bmargin", "border",
    "boxes", "boxwidth", "boxxyerror", "by", "cblabel", "cycle", "data",
    "datafile",
    "defined", "dt", "dynamic", "errorbars", "fc", "fill", "filledcurves",
    "font", "format", "from", "fs", "gap", "graph", "grid", "height", "histogram",
    "histograms", "horizontal", "key", "label", "labels", "lc", "left",
    "lines", "lmargin",
    "linespoints", "linetype", "lt", "lw", "maxrows", "missing", "nobox",
    "noborder", "noenhanced", "nohead", "nomirror", "noopaque", "notitle",
    "offset", "offsets", "output", "outside", "palette", "plot", "ps", "pt",
    "reset", "rgb", "right", "rotate", "samplen", "scale", "set", "size",
    "solid", "spacing", "sprintf", "style", "svg", "terminal", "textcolor",
    "tics", "time", "timefmt", "title", "to", "top", "transparent", "u",
    "unset", "variable", "vertical", "w", "x", "xdata", "xerrorbars", "xfix",
    "xlabel", "xrange", "xtics", "xzeroaxis",
    "ylabel", "yerrorbars", "yerrorlines", "yrange", "ytics", NULL};

static int known(const char *w, size_t n)
{
    for (size_t i = 0; WORDS[i]; i++)
        if (strlen(WORDS[i]) == n && !strncmp(WORDS[i], w, n))
            return 1;
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap + 1);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0)
        if ((n += k) == cap) {
            char *g = realloc(b, (cap *= 2) + 1);
            if (!g)
                free(b);
            b = g;
        }
    fclose(f);
    if (b)
        b[n] = '\0';
    return b;
}

static int fail(const char *why, const char *at, int line)
{
    printf("SCRIPT-CHECK: line %d: %s at \"%.40s\"\n", line, why, at);
    return 3;
}

/* Checks (or, words != 0, lists the words of) script s. */
static int check(const char *s, int words)
{
    int line = 1, start = 1;   /* start: at the start of a command */
    for (const char *c = s; *c;) {
        if (*c == '\n') {
            line++;
            start = 1;
            c++;
        } else if (*c == '\\' && c[1] == '\n') {
            line++;
            c += 2;   /* continued on the next line */
        } else if (*c == '\'') {
            const char *open = c++;
            while (*c && !(*c == '\'' && c[1] != '\'')) {
                if (*c == '\n' || *c == '\r')
                    return fail("a string runs past its line", open, line);
                c += *c == '\'' ? 2 : 1;
            }
            if (!*c)
                return fail("a string never ends", open, line);
            c++;
            start = 0;
        } else if (isalpha((unsigned char)*c) || *c == '_') {
            const char *w = c;
            while (isalnum((unsigned char)*c) || *c == '_')
                c++;
            size_t n = (size_t)(c - w);
            if (words)
                printf("%.*s\n", (int)n, w);
            else if (!known(w, n))
                return fail("an unknown word", w, line);
            else if (start && strncmp(w, "set", n) && strncmp(w, "unset", n)
                     && strncmp(w, "plot", n) && strncmp(w, "reset", n))
                return fail("a command the report does not write", w, line);
            start = 0;
        } else if (isdigit((unsigned char)*c) ||
                   (*c == '.' && isdigit((unsigned char)c[1]))) {
            /* a number: digits, a point, an exponent */
            c += strspn(c, "0123456789.");
            if ((*c == 'e' || *c == 'E') &&
                (isdigit((unsigned char)c[1]) ||
                 (strchr("+-", c[1]) && isdigit((unsigned char)c[2]))))
                c += 2 + strspn(c + 2, "0123456789");
            start = 0;
        } else if (*c && strchr(" \t(),:[]*+-/.$", *c)) {
            if (!strchr(" \t", *c))
                start = 0;
            c++;
        } else {
            return fail("a character outside any string", c, line);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int words = argc > 1 && !strcmp(argv[1], "--words");
    int first = words ? 2 : 1, rc = 0;
    if (argc <= first) {
        char *s = slurp("plots.gp");
        if (!s) {
            printf("SCRIPT-CHECK: no plots.gp\n");
            return 3;
        }
        rc = check(s, words);
        free(s);
        return rc;
    }
    for (int i = first; i < argc && rc == 0; i++) {
        char *s = slurp(argv[i]);
        if (!s) {
            printf("SCRIPT-CHECK: cannot read %s\n", argv[i]);
            return 3;
        }
        rc = check(s, words);
        free(s);
    }
    return rc;
}
