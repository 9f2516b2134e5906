/* svg.h -- writing SVG pictures: lines, polylines and text, every piece
 * of text escaped (html_text: SVG is XML), every number finite. */
#ifndef FLOWSIM_WRITE_SVG_H
#define FLOWSIM_WRITE_SVG_H

#include <stddef.h>
#include <stdio.h>

/* The document's start, width w by h pixels, and its end. */
void svg_begin(FILE *f, double w, double h);
void svg_end(FILE *f);

/* Text s (escaped) at (x, y); anchor "start", "middle" or "end". */
void svg_text(FILE *f, double x, double y, const char *anchor,
              const char *s);

/* A line from (x0, y0) to (x1, y1) in color (a literal of the caller,
 * like "#444"). */
void svg_line(FILE *f, double x0, double y0, double x1, double y1,
              const char *color);

/* A polyline through n points; as steps (horizontal then vertical) when
 * step.  Points that are not finite are left out. */
void svg_polyline(FILE *f, const double *x, const double *y, size_t n,
                  int step, const char *color);

#endif
