/* svg.c -- the SVG writer (svg.h). */
#include <math.h>
#include "html.h"
#include "svg.h"

/* A coordinate: finite, 2 decimals (0 for what is not finite). */
static void svg_num(FILE *f, double x)
{
    fprintf(f, "%.2f", isfinite(x) ? x : 0.0);
}

void svg_begin(FILE *f, double w, double h)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", f);
    svg_num(f, w);
    fputs("\" height=\"", f);
    svg_num(f, h);
    fputs("\" font-family=\"sans-serif\" font-size=\"12\">\n"
          "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
}

void svg_end(FILE *f) { fputs("</svg>\n", f); }

void svg_text(FILE *f, double x, double y, const char *anchor,
              const char *s)
{
    fputs("<text x=\"", f);
    svg_num(f, x);
    fputs("\" y=\"", f);
    svg_num(f, y);
    fputs("\" text-anchor=\"", f);
    html_text(f, anchor);
    fputs("\">", f);
    html_text(f, s);
    fputs("</text>\n", f);
}

void svg_line(FILE *f, double x0, double y0, double x1, double y1,
              const char *color)
{
    fputs("<line x1=\"", f);
    svg_num(f, x0);
    fputs("\" y1=\"", f);
    svg_num(f, y0);
    fputs("\" x2=\"", f);
    svg_num(f, x1);
    fputs("\" y2=\"", f);
    svg_num(f, y1);
    fputs("\" stroke=\"", f);
    html_text(f, color);
    fputs("\"/>\n", f);
}

void svg_polyline(FILE *f, const double *x, const double *y, size_t n,
                  int step, const char *color)
{
    fputs("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"", f);
    html_text(f, color);
    fputs("\" points=\"", f);
    int any = 0;
    double py = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            continue;
        if (step && any) {
            svg_num(f, x[i]);
            fputc(',', f);
            svg_num(f, py);
            fputc(' ', f);
        }
        svg_num(f, x[i]);
        fputc(',', f);
        svg_num(f, y[i]);
        fputc(' ', f);
        py = y[i];
        any = 1;
    }
    fputs("\"/>\n", f);
}
