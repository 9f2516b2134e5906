/* html.h -- writing HTML: escaped text, numbers, the page's frame. */
#ifndef FLOWSIM_REPORT_HTML_H
#define FLOWSIM_REPORT_HTML_H

#include <stdio.h>

/* The one HTML writer of text: s with &, <, >, " and ' escaped as
 * entities, so it is safe in element text and in quoted attributes
 * alike; other control characters than tab, CR and LF (text.h) and bytes
 * of invalid UTF-8 become U+FFFD.  Everything from a store, a scenario or
 * gnuplot's messages goes through it; only the page's own markup and
 * numbers are written otherwise. */
void html_text(FILE *f, const char *s);

/* A number for reading: "–" when not finite, whole numbers from 10000
 * up, otherwise 4 significant digits. */
void html_num(FILE *f, double x);

/* A table cell <td data-v="%.10g">number</td>: the attribute keeps full
 * precision for tools and tests; "" when not finite. */
void html_td_num(FILE *f, double x);

/* A cell with a 95% CI "[lo, hi]" (data-lo, data-hi attributes). */
void html_td_ci(FILE *f, double lo, double hi);

/* The page up to <body>, with its title and the inline style sheet; the
 * Content-Security-Policy forbids anything from outside the page. */
void html_begin(FILE *f, const char *title);
void html_end(FILE *f);

#endif
