/* json.c -- JSON numbers and strings (json.h). */
#include <math.h>
#include "json.h"
#include "text.h"

void json_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x);
    else
        fputs("null", f);
}

/* JSON text that is also inert on a terminal: quote, backslash and every
 * control character (C0, DEL, C1, line separators, bidirectional
 * controls) escaped as \uXXXX, invalid UTF-8 bytes replaced by U+FFFD,
 * everything else as is. */
void json_str(FILE *f, const char *s)
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
