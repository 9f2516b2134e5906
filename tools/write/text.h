/* text.h -- text from input made safe for a terminal, and the UTF-8
 * decoding that every output writer shares.
 *
 * Every byte of a scenario, a results store, a shard or a command line is
 * untrusted wherever it is printed.  Each output language has exactly one
 * writer for such text, and nothing from input is written any other way:
 *
 *   terminal  text_term, text_term_pad, text_term_line (here)
 *   CSV       csv_text (csv.h)
 *   JSON      json_str (json.h)
 *   HTML      html_text (html.h)
 *   gnuplot   plot_str (report/plot.h)
 *
 * A terminal obeys control characters: ESC starts sequences that move the
 * cursor, recolour, set the window title or (in some terminals) answer
 * back; a raw CR or BS overwrites what was printed.  So text for a
 * terminal keeps printable UTF-8 and shows every control character and
 * every byte of invalid UTF-8 as '?'; an escape sequence is then inert
 * text ("?[31m").  The loader's one-line error messages (load/diag.c) are
 * cleaned the same way.
 */
#ifndef FLOWSIM_TEXT_H
#define FLOWSIM_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Decodes the UTF-8 character at s (s[0] != '\0'): returns its code
 * point and sets *len to its length in bytes; or returns -1 with *len = 1
 * when s[0] does not start a valid character (a stray continuation byte,
 * a truncated sequence, an overlong form, a surrogate, past U+10FFFF). */
long text_utf8(const char *s, size_t *len);

/* 1 for the code points that must not reach a terminal raw: C0 (ESC,
 * CR, LF, BS...), DEL, C1 (U+0080..U+009F; U+009B is CSI), the line and
 * paragraph separators U+2028 and U+2029, and the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) that reorder
 * what is shown. */
int text_is_control(long c);

/* Writes s with every control character (text_is_control) and every
 * byte of invalid UTF-8 shown as '?'. */
void text_term(FILE *f, const char *s);

/* text_term padded with spaces to |width| characters (code points, each
 * '?' one), as printf's "%*s": on the left when width > 0 (right-aligned
 * text), on the right when width < 0; longer text is written whole. */
void text_term_pad(FILE *f, const char *s, int width);

/* text_term of s's first width characters, padded with spaces to width
 * (a table cell of fixed width, as printf's "%-W.Ws"). */
void text_term_cell(FILE *f, const char *s, int width);

/* Cleans s in place as text_term would show it; returns its new length
 * (never longer). */
size_t text_term_clean(char *s);

/* Formats a message (printf), cleans it as text_term and writes it
 * followed by a newline: for error messages and notes that quote input. */
void text_term_line(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
