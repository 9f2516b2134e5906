/* test_escape.c -- no output writer lets a byte of input through
 * unescaped (property test of the one writer per output language).
 *
 * Every string of one or two bytes (all 255 non-NUL byte values, all
 * 65,025 pairs), then 30,000 random strings (fixed seed; up to 80 bytes,
 * half of them built from tokens that matter to some language: quotes,
 * backslash, CR, LF, tab, formula characters, '&', '<', ESC sequences, C1
 * CSI, bidirectional overrides, valid 2- to 4-byte characters, overlong
 * forms, surrogates, truncated sequences), go through:
 *
 *   csv_text          parsed back by an RFC 4180 parser: one field, equal
 *                     to the input with controls other than tab/CR/LF and
 *                     invalid bytes as '?', "'" before a formula start;
 *                     never starts with = + - @ tab CR;
 *   json_str          a JSON string that a strict decoder reads to the
 *                     end and no further, decoding to the input (invalid
 *                     bytes as U+FFFD); no raw control character;
 *   html_text         no raw < > " '; every & starts one of the entities
 *                     it writes; decodes to the input (controls other
 *                     than tab/CR/LF and invalid bytes as U+FFFD);
 *   plot_quote        one single-quoted gnuplot string that cannot end
 *                     before its last byte, on one line, decoding to the
 *                     input (controls and invalid bytes as '?', cut with
 *                     "..." past its limit);
 *   text_term*        no byte below 0x20, no DEL, no C1, no bidirectional
 *                     control; text_term_clean gives the same bytes.
 *
 * Every output must also be valid UTF-8.  The UTF-8 decoder (text_utf8)
 * is checked against a reference on every input.
 */
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "html.h"
#include "json.h"
#include "plot.h"
#include "tap.h"
#include "text.h"

typedef struct buf {
    char *s;
    size_t n;
} buf;

/* What writer w prints for s, in memory. */
#define CAPTURE(out, call)                                                  \
    do {                                                                    \
        FILE *f_ = open_memstream(&(out).s, &(out).n);                      \
        FILE *f = f_;                                                       \
        call;                                                               \
        fclose(f_);                                                         \
    } while (0)

static long failures[8];   /* per writer, so a failure is reported once */
static const char *NAMES[8] = {"utf8", "csv", "json", "html", "gnuplot",
                               "terminal", "terminal pad", "terminal clean"};
static char first_bad[8][200];

static void fail(int w, const char *in, size_t len, const char *why)
{
    if (failures[w]++ == 0) {
        int k = snprintf(first_bad[w], sizeof first_bad[w], "%s; input", why);
        for (size_t i = 0; i < len && k < 180; i++)
            k += snprintf(first_bad[w] + k, sizeof first_bad[w] - (size_t)k,
                          " %02x", (unsigned char)in[i]);
    }
}

/* Reference decoder: the code point's bits, then the rules (RFC 3629:
 * shortest form, no surrogates, at most U+10FFFF). */
static long ref_utf8(const unsigned char *s, size_t *len)
{
    static const long least[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2
         : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    *len = 1;
    if (n <= 1)
        return n ? s[0] : -1;
    long c = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return -1;
    *len = n;
    return c;
}

/* Decoding for the checks: the reference, not the code under test. */
static long dec(const char *s, size_t *len)
{
    return ref_utf8((const unsigned char *)s, len);
}

/* The characters a terminal obeys or that reorder text, written out here
 * independently of text_is_control (the test's oracle). */
static int control(long c)
{
    static const long bidi[] = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
                                0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                0x2066, 0x2067, 0x2068, 0x2069};
    if (c <= 0x1F || c == 0x7F || (c >= 0x80 && c <= 0x9F))
        return 1;
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
        if (c == bidi[i])
            return 1;
    return 0;
}

/* 1 when s[0..n) is valid UTF-8. */
static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0, len; i < n; i += len)
        if (s[i] == '\0' || dec(s + i, &len) < 0)
            return 0;
    return 1;
}

/* Appends code point c as UTF-8. */
static void put_cp(char *out, size_t *k, long c)
{
    if (c < 0x80) {
        out[(*k)++] = (char)c;
    } else if (c < 0x800) {
        out[(*k)++] = (char)(0xC0 | c >> 6);
        out[(*k)++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out[(*k)++] = (char)(0xE0 | c >> 12);
        out[(*k)++] = (char)(0x80 | (c >> 6 & 0x3F));
        out[(*k)++] = (char)(0x80 | (c & 0x3F));
    } else {
        out[(*k)++] = (char)(0xF0 | c >> 18);
        out[(*k)++] = (char)(0x80 | (c >> 12 & 0x3F));
        out[(*k)++] = (char)(0x80 | (c >> 6 & 0x3F));
        out[(*k)++] = (char)(0x80 | (c & 0x3F));
    }
}

/* The input as a writer should show it: each invalid byte and each
 * control (but those in keep) as repl (a code point); up to max
 * characters, then "..." when cut. */
static char *expected(const char *in, const char *keep, long repl,
                      size_t max)
{
    char *out = malloc(4 * strlen(in) + 8);
    size_t k = 0, n = 0, len;
    const char *s = in;
    for (; *s && n < max; s += len, n++) {
        long c = dec(s, &len);
        if (c < 0 || (control(c) && !(c < 0x80 && c &&
                                              strchr(keep, (int)c))))
            put_cp(out, &k, repl);
        else
            memcpy(out + k, s, len), k += len;
    }
    if (*s)
        memcpy(out + k, "...", 3), k += 3;
    out[k] = '\0';
    return out;
}

static void check_utf8(const char *in, size_t n)
{
    for (size_t i = 0, len, rlen; i < n; i += len) {
        long c = text_utf8(in + i, &len);
        long r = ref_utf8((const unsigned char *)in + i, &rlen);
        if (c != r || len != rlen)
            fail(0, in, n, "text_utf8 differs from the reference");
    }
}

static void check_csv(const char *in, size_t n)
{
    buf o = {0};
    CAPTURE(o, csv_text(f, in));
    /* RFC 4180, one field: quoted ("" inside) or free of , " CR LF. */
    char *v = malloc(o.n + 1);
    size_t k = 0;
    int ok = 1;
    if (o.n && o.s[0] == '"') {
        size_t i = 1;
        for (; i < o.n; i++) {
            if (o.s[i] == '"') {
                if (i + 1 < o.n && o.s[i + 1] == '"')
                    v[k++] = o.s[i++];
                else
                    break;
            } else {
                v[k++] = o.s[i];
            }
        }
        ok = i == o.n - 1;   /* the closing quote is the last byte */
    } else {
        memcpy(v, o.s, o.n);
        k = o.n;
        ok = !memchr(o.s, ',', o.n) && !memchr(o.s, '"', o.n) &&
             !memchr(o.s, '\r', o.n) && !memchr(o.s, '\n', o.n) &&
             !memchr(o.s, ';', o.n) && !memchr(o.s, '\t', o.n);
    }
    v[k] = '\0';
    if (!ok)
        fail(1, in, n, "not one RFC 4180 field");
    if (k && strchr("=+-@\t\r", v[0]))
        fail(1, in, n, "starts with a formula character");
    char *want0 = expected(in, "\t\r\n", '?', (size_t)-1);
    char *want = malloc(strlen(want0) + 2);
    sprintf(want, "%s%s", in[0] && strchr("=+-@\t\r", in[0]) ? "'" : "",
            want0);
    if (ok && strcmp(v, want))
        fail(1, in, n, "does not parse back to the input");
    if (!valid_utf8(o.s, o.n))
        fail(1, in, n, "not valid UTF-8");
    for (size_t i = 0, len; i < o.n && valid_utf8(o.s, o.n); i += len) {
        long c = dec(o.s + i, &len);
        if (control(c) && c != '\t' && c != '\r' && c != '\n')
            fail(1, in, n, "a control character other than tab, CR, LF");
    }
    free(want0);
    free(want);
    free(v);
    free(o.s);
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A strict JSON string decoder: the string at s (a quote first), to its
 * closing quote, which must be the last byte.  NULL when malformed. */
static char *json_decode(const char *s, size_t n)
{
    if (n < 2 || s[0] != '"')
        return NULL;
    char *out = malloc(4 * n + 4);
    size_t k = 0, i = 1;
    for (; i < n && s[i] != '"'; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20)
            goto bad;
        if (c != '\\') {
            out[k++] = (char)c;
            continue;
        }
        if (++i >= n)
            goto bad;
        const char *simple = strchr("\"\\/bfnrt", s[i]);
        if (simple && s[i]) {
            out[k++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
            continue;
        }
        if (s[i] != 'u' || i + 4 >= n)
            goto bad;
        long cp = 0;
        for (int d = 1; d <= 4; d++) {
            int h = hex(s[i + (size_t)d]);
            if (h < 0)
                goto bad;
            cp = cp << 4 | h;
        }
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            goto bad;   /* the writer has no need of surrogate pairs */
        put_cp(out, &k, cp);
    }
    if (i != n - 1)
        goto bad;
    out[k] = '\0';
    return out;
bad:
    free(out);
    return NULL;
}

static void check_json(const char *in, size_t n)
{
    buf o = {0};
    CAPTURE(o, json_str(f, in));
    char *v = json_decode(o.s, o.n);
    /* JSON keeps every character: only invalid bytes change. */
    char *want = malloc(3 * n + 1);
    size_t k = 0, len;
    for (const char *s = in; *s; s += len) {
        long c = dec(s, &len);
        if (c < 0)
            put_cp(want, &k, 0xFFFD);
        else
            memcpy(want + k, s, len), k += len;
    }
    want[k] = '\0';
    if (!v)
        fail(2, in, n, "not one JSON string");
    else if (strcmp(v, want))
        fail(2, in, n, "does not decode to the input");
    if (!valid_utf8(o.s, o.n))
        fail(2, in, n, "not valid UTF-8");
    for (size_t i = 0, l; i < o.n && valid_utf8(o.s, o.n); i += l)
        if (control(dec(o.s + i, &l)))
            fail(2, in, n, "a raw control character");
    free(want);
    free(v);
    free(o.s);
}

static void check_html(const char *in, size_t n)
{
    static const struct {
        const char *ent, *ch;
    } ENT[] = {{"&amp;", "&"},  {"&lt;", "<"},         {"&gt;", ">"},
               {"&quot;", "\""}, {"&#39;", "'"},       {"&#xfffd;", "\xef\xbf\xbd"}};
    buf o = {0};
    CAPTURE(o, html_text(f, in));
    char *v = malloc(o.n + 1);
    size_t k = 0;
    for (size_t i = 0; i < o.n;) {
        char c = o.s[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') {
            fail(3, in, n, "a raw < > \" or '");
            break;
        }
        if (c != '&') {
            v[k++] = o.s[i++];
            continue;
        }
        size_t e = 0;
        while (e < 6 && strncmp(o.s + i, ENT[e].ent, strlen(ENT[e].ent)))
            e++;
        if (e == 6) {
            fail(3, in, n, "an & that starts no entity of the writer");
            break;
        }
        memcpy(v + k, ENT[e].ch, strlen(ENT[e].ch));
        k += strlen(ENT[e].ch);
        i += strlen(ENT[e].ent);
    }
    v[k] = '\0';
    char *want = expected(in, "\t\r\n", 0xFFFD, (size_t)-1);
    if (strcmp(v, want))
        fail(3, in, n, "does not decode to the input");
    if (!valid_utf8(o.s, o.n))
        fail(3, in, n, "not valid UTF-8");
    for (size_t i = 0, l; i < o.n && valid_utf8(o.s, o.n); i += l) {
        long c = dec(o.s + i, &l);
        if (control(c) && c != '\t' && c != '\r' && c != '\n')
            fail(3, in, n, "a control character other than tab, CR, LF");
    }
    free(want);
    free(v);
    free(o.s);
}

static void check_gnuplot(const char *in, size_t n, size_t max)
{
    buf o = {0};
    CAPTURE(o, plot_quote(f, in, max));
    /* gnuplot's single-quoted string: '' is a quote, ' ends it. */
    char *v = malloc(o.n + 1);
    size_t k = 0, i = 1;
    int ok = o.n >= 2 && o.s[0] == '\'';
    for (; ok && i < o.n; i++) {
        if (o.s[i] == '\'') {
            if (i + 1 < o.n && o.s[i + 1] == '\'')
                v[k++] = o.s[i++];
            else
                break;
        } else {
            v[k++] = o.s[i];
        }
    }
    v[k] = '\0';
    if (!ok || i != o.n - 1)
        fail(4, in, n, "the string literal ends before its last byte");
    if (memchr(o.s, '\n', o.n) || memchr(o.s, '\r', o.n))
        fail(4, in, n, "a line break");
    char *want = expected(in, "", '?', max);
    if (strcmp(v, want))
        fail(4, in, n, "does not decode to the input");
    if (!valid_utf8(o.s, o.n))
        fail(4, in, n, "not valid UTF-8");
    for (size_t j = 0, l; j < o.n && valid_utf8(o.s, o.n); j += l)
        if (control(dec(o.s + j, &l)))
            fail(4, in, n, "a raw control character");
    free(want);
    free(v);
    free(o.s);
}

/* Terminal text: nothing a terminal obeys. */
static void term_ok(int w, const char *in, size_t n, const char *s,
                    size_t len)
{
    if (!valid_utf8(s, len)) {
        fail(w, in, n, "not valid UTF-8");
        return;
    }
    for (size_t i = 0, l; i < len; i += l)
        if (control(dec(s + i, &l)))
            fail(w, in, n, "a control character");
}

static void check_term(const char *in, size_t n)
{
    buf o = {0}, p = {0};
    CAPTURE(o, text_term(f, in));
    term_ok(5, in, n, o.s, o.n);
    char *want = expected(in, "", '?', (size_t)-1);
    if (strcmp(o.s, want))
        fail(5, in, n, "not the input with controls as '?'");
    CAPTURE(p, text_term_pad(f, in, -40));
    term_ok(6, in, n, p.s, p.n);
    size_t chars = 0, l;
    for (size_t i = 0; i < p.n; i += l, chars++)
        dec(p.s + i, &l);
    if (strncmp(p.s, want, strlen(want)) || chars < 40)
        fail(6, in, n, "not the text padded to 40 characters");
    char *c = strdup(in);
    size_t len = text_term_clean(c);
    term_ok(7, in, n, c, len);
    if (len != o.n || strcmp(c, o.s))
        fail(7, in, n, "differs from text_term");
    free(c);
    free(want);
    free(o.s);
    free(p.s);
}

static void check_all(const char *in)
{
    size_t n = strlen(in);
    check_utf8(in, n);
    check_csv(in, n);
    check_json(in, n);
    check_html(in, n);
    check_gnuplot(in, n, PLOT_TEXT_MAX);
    check_gnuplot(in, n, 5);
    check_term(in, n);
}

static const char *const TOKENS[] = {
    "'", "\"", "\\", "\n", "\r", "\t", "=", "+", "-", "@", ",", ";", "&",
    "&amp;", "<", ">", "`", "$(", "@x", "system(", "\x1b", "\x1b[31m",
    "\x1b]0;t\x07", "\x7f", "\xc2\x9b", "\xc2\x85", "\xe2\x80\xae",
    "\xe2\x80\xa8", "\xe2\x81\xa6", "\xd8\x9c", "\xc3\xa9", "\xe2\x82\xac",
    "\xf0\x9d\x84\x9e", "\xef\xbf\xbd", "\xed\xa0\x80", "\xc0\xaf",
    "\xe0\x80\xaf", "\xf4\x90\x80\x80", "\xe2\x82", "\xf0\x9d", "\x80",
    "\xff", "a", "Z", " ", "0"};

int main(void)
{
    char in[512];
    long inputs = 0;
    for (int a = 1; a < 256; a++) {
        in[0] = (char)a;
        in[1] = '\0';
        check_all(in);
        inputs++;
        for (int b = 1; b < 256; b++) {
            in[1] = (char)b;
            in[2] = '\0';
            check_all(in);
            inputs++;
        }
    }
    uint64_t seed = 20261204;
    size_t ntok = sizeof TOKENS / sizeof TOKENS[0];
    for (int t = 0; t < 30000; t++) {
        size_t len = tap_below(&seed, 81), k = 0;
        int tokens = t % 2;
        while (k < len) {
            if (tokens) {
                const char *tok = TOKENS[tap_below(&seed, (uint32_t)ntok)];
                size_t tl = strlen(tok);
                if (k + tl >= sizeof in - 1)
                    break;
                memcpy(in + k, tok, tl);
                k += tl;
            } else {
                in[k++] = (char)(1 + tap_below(&seed, 255));
            }
        }
        in[k] = '\0';
        check_all(in);
        inputs++;
    }
    printf("# %ld inputs\n", inputs);
    for (int w = 0; w < 8; w++)
        CHECK(failures[w] == 0, "%s writer: %ld of %ld inputs wrong%s%s",
              NAMES[w], failures[w], inputs, failures[w] ? ": " : "",
              first_bad[w]);
    return tap_done();
}
