/* text.c -- terminal-safe text and UTF-8 decoding (text.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "text.h"

/* The continuation byte i of a sequence: 0x80..0xBF, within [lo, hi]
 * for the second byte of some leads (RFC 3629's table). */
static int cont(unsigned char b, unsigned char lo, unsigned char hi)
{
    return b >= lo && b <= hi;
}

long text_utf8(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    *len = 1;
    if (c < 0x80)
        return c;
    if (c >= 0xC2 && c <= 0xDF && cont(u[1], 0x80, 0xBF)) {
        *len = 2;
        return (long)(c & 0x1F) << 6 | (u[1] & 0x3F);
    }
    /* Second-byte ranges exclude overlong forms (E0, F0), surrogates
     * (ED) and code points past U+10FFFF (F4). */
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (c >= 0xE0 && c <= 0xEF && cont(u[1], lo, hi) &&
        cont(u[2], 0x80, 0xBF)) {
        *len = 3;
        return (long)(c & 0x0F) << 12 | (long)(u[1] & 0x3F) << 6 |
               (u[2] & 0x3F);
    }
    if (c >= 0xF0 && c <= 0xF4 && cont(u[1], lo, hi) &&
        cont(u[2], 0x80, 0xBF) && cont(u[3], 0x80, 0xBF)) {
        *len = 4;
        return (long)(c & 0x07) << 18 | (long)(u[1] & 0x3F) << 12 |
               (long)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
    }
    return -1;
}

int text_is_control(long c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C ||
           c == 0x200E || c == 0x200F || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Writes s as text_term does (when f is not NULL); returns the
 * characters it shows. */
static size_t term_write(FILE *f, const char *s)
{
    size_t n = 0, len;
    for (; *s; s += len, n++) {
        long c = text_utf8(s, &len);
        if (!f)
            continue;
        if (c < 0 || text_is_control(c))
            fputc('?', f);
        else
            fwrite(s, 1, len, f);
    }
    return n;
}

void text_term(FILE *f, const char *s)
{
    term_write(f, s ? s : "");
}

void text_term_pad(FILE *f, const char *s, int width)
{
    s = s ? s : "";
    size_t want = width < 0 ? 0 - (size_t)width : (size_t)width;
    size_t n = term_write(NULL, s);
    if (width < 0)
        term_write(f, s);
    for (; n < want; n++)
        fputc(' ', f);
    if (width > 0)
        term_write(f, s);
}

void text_term_cell(FILE *f, const char *s, int width)
{
    size_t n = 0, len;
    for (s = s ? s : ""; *s && (int)n < width; s += len, n++) {
        long c = text_utf8(s, &len);
        if (c < 0 || text_is_control(c))
            fputc('?', f);
        else
            fwrite(s, 1, len, f);
    }
    for (; (int)n < width; n++)
        fputc(' ', f);
}

size_t text_term_clean(char *s)
{
    char *out = s;
    size_t len;
    for (const char *in = s; *in; in += len) {
        long c = text_utf8(in, &len);
        if (c < 0 || text_is_control(c)) {
            *out++ = '?';
        } else {
            memmove(out, in, len);
            out += len;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

void text_term_line(FILE *f, const char *fmt, ...)
{
    char small[1024], *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    /* A long message in full, when memory allows; else its start. */
    if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    } else if (n >= (int)sizeof small || n < 0) {
        msg = small;
    }
    text_term(f, n < 0 ? "(message not formatted)" : msg);
    fputc('\n', f);
    if (msg != small)
        free(msg);
}
