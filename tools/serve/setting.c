/* setting.c -- the strict reader of a setting (setting.h): a small
 * recursive descent over exactly the shape a setting has. */
#include "setting.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SETTING_KEY_MAX 256

typedef struct reader {
    const unsigned char *start, *p, *end;
    char *err;
    size_t errlen;
} reader;

static int setting_fail(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static void setting_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
                             *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* Takes the byte c (after white space); 0, or -1. */
static int setting_take(reader *r, unsigned char c)
{
    setting_ws(r);
    if (r->p == r->end || *r->p != c)
        return setting_fail(r, "malformed JSON at byte %ld: expected '%c'",
                            (long)(r->p - r->start), c);
    r->p++;
    return 0;
}

/* Appends code point cp as UTF-8; 0, or -1 when out won't hold it. */
static int setting_put(char *out, size_t *n, unsigned long cp)
{
    unsigned char b[4];
    size_t k;
    if (cp < 0x80) { b[0] = (unsigned char)cp; k = 1; }
    else if (cp < 0x800) { b[0] = (unsigned char)(0xc0 | cp >> 6); k = 2; }
    else if (cp < 0x10000) { b[0] = (unsigned char)(0xe0 | cp >> 12); k = 3; }
    else { b[0] = (unsigned char)(0xf0 | cp >> 18); k = 4; }
    for (size_t i = 1; i < k; i++)
        b[i] = (unsigned char)(0x80 | ((cp >> (6 * (k - 1 - i))) & 0x3f));
    if (*n + k >= SETTING_KEY_MAX)
        return -1;
    memcpy(out + *n, b, k);
    *n += k;
    return 0;
}

/* Four hex digits of a \u escape; the value, or -1. */
static long setting_hex4(reader *r)
{
    if (r->end - r->p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int c = r->p[i], d = c >= '0' && c <= '9'   ? c - '0'
                             : c >= 'a' && c <= 'f' ? c - 'a' + 10
                             : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                    : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    r->p += 4;
    return v;
}

/* One escape after its backslash; the code point, or -1. */
static long setting_escape(reader *r)
{
    if (r->p == r->end)
        return -1;
    unsigned char c = *r->p++;
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *at = c ? strchr(from, c) : NULL;
    if (at)
        return (unsigned char)to[at - from];
    if (c != 'u')
        return -1;
    long hi = setting_hex4(r);
    if (hi < 0xd800 || hi > 0xdfff)
        return hi;
    if (hi > 0xdbff || r->end - r->p < 2 || r->p[0] != '\\' ||
        r->p[1] != 'u')
        return -1; /* a lone surrogate */
    r->p += 2;
    long lo = setting_hex4(r);
    if (lo < 0xdc00 || lo > 0xdfff)
        return -1;
    return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

/* The length of the valid UTF-8 sequence at p (a lead byte >= 0x80), or
 * 0: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t setting_utf8(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t k = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!k || (size_t)(end - p) < k)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
        (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
        return 0;
    return k;
}

/* A string into out (NUL-terminated, at most SETTING_KEY_MAX). */
static int setting_string(reader *r, char *out)
{
    if (setting_take(r, '"'))
        return -1;
    size_t n = 0;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = *r->p;
        if (c < 0x20)
            return setting_fail(r, "malformed JSON: a control character "
                                   "in a string");
        if (c == '\\') {
            r->p++;
            long cp = setting_escape(r);
            if (cp < 0)
                return setting_fail(r, "malformed JSON: a bad escape");
            if (cp == 0 || setting_put(out, &n, (unsigned long)cp))
                return setting_fail(r, "a key too long or holding NUL");
            continue;
        }
        size_t k = c < 0x80 ? 1 : setting_utf8(r->p, r->end);
        if (!k)
            return setting_fail(r, "malformed JSON: invalid UTF-8");
        if (n + k >= SETTING_KEY_MAX)
            return setting_fail(r, "a key too long");
        memcpy(out + n, r->p, k);
        n += k;
        r->p += k;
    }
    if (r->p == r->end)
        return setting_fail(r, "malformed JSON: a string not closed");
    r->p++;
    out[n] = '\0';
    return 0;
}

/* A number in JSON's grammar (-?INT(.FRAC)?(e[+-]?EXP)?), at most 24
 * characters. */
static int setting_number(reader *r, double *out)
{
    setting_ws(r);
    char buf[32];
    size_t n = 0;
#define SETTING_DIGITS(min)                                                \
    do {                                                                   \
        size_t nd = 0;                                                     \
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && n < 25) {  \
            buf[n++] = (char)*r->p++;                                      \
            nd++;                                                          \
        }                                                                  \
        if (nd < (min))                                                    \
            return setting_fail(r, "a lever's value must be a number");    \
    } while (0)
    if (r->p < r->end && *r->p == '-')
        buf[n++] = (char)*r->p++;
    const unsigned char *d = r->p;
    SETTING_DIGITS(1);
    if (r->p - d > 1 && *d == '0')
        return setting_fail(r, "a lever's value must be a number");
    if (r->p < r->end && *r->p == '.') {
        buf[n++] = (char)*r->p++;
        SETTING_DIGITS(1);
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        buf[n++] = (char)*r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            buf[n++] = (char)*r->p++;
        SETTING_DIGITS(1);
    }
#undef SETTING_DIGITS
    if (n > 24 || (r->p < r->end && *r->p >= '0' && *r->p <= '9'))
        return setting_fail(r, "a lever's value must be a number of at "
                               "most 24 characters");
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    return 0;
}

/* The object of lever values, after its '{'. */
static int setting_levers(reader *r, const lever_list *l, double *values)
{
    unsigned char seen[LEVER_MAX] = {0};
    setting_ws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return 0;
    }
    for (;;) {
        char key[SETTING_KEY_MAX];
        double v = 0;
        if (setting_string(r, key) || setting_take(r, ':') ||
            setting_number(r, &v))
            return -1;
        int i = lever_find(l, key);
        if (i < 0)
            return setting_fail(r, "unknown lever '%s'", key);
        if (seen[i]++)
            return setting_fail(r, "lever '%s' given twice", key);
        const serve_lever *lv = &l->v[i];
        if (!lever_allows(lv, v))
            return setting_fail(r, "lever '%s': %.12g is outside its %s "
                                   "%.12g to %.12g%s", key, v,
                                lv->n_values ? "values" : "range", lv->lo,
                                lv->hi, lv->step == 1 && !lv->n_values
                                            ? ", whole numbers" : "");
        values[i] = v;
        setting_ws(r);
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return 0;
        }
        if (setting_take(r, ','))
            return -1;
    }
}

int setting_parse(const char *body, size_t len, const lever_list *l,
                  double *values, char *err, size_t errlen)
{
    reader r = {(const unsigned char *)body, (const unsigned char *)body,
                (const unsigned char *)body + len, err, errlen};
    for (size_t i = 0; i < l->n; i++)
        values[i] = l->v[i].base;
    char key[SETTING_KEY_MAX];
    if (setting_take(&r, '{'))
        return -1;
    setting_ws(&r);
    if (r.p < r.end && *r.p == '}') {
        r.p++;
    } else {
        if (setting_string(&r, key))
            return -1;
        if (strcmp(key, "levers"))
            return setting_fail(&r, "unknown key '%s' (expected only "
                                    "\"levers\")", key);
        if (setting_take(&r, ':') || setting_take(&r, '{') ||
            setting_levers(&r, l, values) || setting_take(&r, '}'))
            return -1;
    }
    setting_ws(&r);
    if (r.p != r.end)
        return setting_fail(&r, "malformed JSON: something after the "
                                "object");
    return 0;
}
