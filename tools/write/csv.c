/* csv.c -- CSV text and number fields (csv.h). */
#include <math.h>
#include <string.h>
#include "csv.h"
#include "text.h"

void csv_num(FILE *f, double x)
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

void csv_text(FILE *f, const char *s)
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
