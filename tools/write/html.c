/* html.c -- HTML text, numbers and the page frame (html.h). */
#include <math.h>
#include "html.h"
#include "text.h"

void html_text(FILE *f, const char *s)
{
    size_t len;
    for (; s && *s; s += len) {
        long c = text_utf8(s, &len);
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        case '\t': case '\n': case '\r': fputc((int)c, f); break;
        default:
            if (c < 0 || text_is_control(c))
                fputs("&#xfffd;", f);
            else
                fwrite(s, 1, len, f);
        }
    }
}

void html_num(FILE *f, double x)
{
    if (!isfinite(x))
        fputs("&ndash;", f);
    else if (fabs(x) >= 10000)
        fprintf(f, "%.0f", x);
    else if (x == 0)
        fputs("0", f);
    else
        fprintf(f, "%.4g", x);
}

void html_td_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "<td class=\"n\" data-v=\"%.10g\">", x);
    else
        fputs("<td class=\"n\" data-v=\"\">", f);
    html_num(f, x);
    fputs("</td>", f);
}

void html_td_ci(FILE *f, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        fputs("<td class=\"ci\" data-lo=\"\" data-hi=\"\">&ndash;</td>", f);
        return;
    }
    fprintf(f, "<td class=\"ci\" data-lo=\"%.10g\" data-hi=\"%.10g\">[", lo,
            hi);
    html_num(f, lo);
    fputs(", ", f);
    html_num(f, hi);
    fputs("]</td>", f);
}

static const char STYLE[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
    "Helvetica,Arial,sans-serif;color:#222;margin:0 auto;max-width:1180px;"
    "padding:18px 28px 40px}\n"
    "h1{font-size:1.6em;margin:.2em 0 .1em}h2{font-size:1.25em;margin:1.6em"
    " 0 .5em;border-bottom:2px solid #1f5fa8;padding-bottom:.15em}\n"
    "h3{font-size:1.05em;margin:1.2em 0 .4em}\n"
    "p.sub{color:#555;margin:.1em 0 1em}\n"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-size:13.5px;"
    "display:block;overflow-x:auto;max-width:100%}\n"
    "th,td{padding:3px 9px;border-bottom:1px solid #e2e2e2;text-align:left;"
    "vertical-align:top}\n"
    "thead th{background:#eef3f9;border-bottom:2px solid #9fb6d3;"
    "position:sticky;top:0}\n"
    "td.n,td.ci,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#fafbfc}\n"
    "tr.sig td{background:#fff4e0}\n"
    "table.meta th{background:none;width:11em;color:#555;font-weight:600;"
    "position:static;border-bottom:1px solid #eee}\n"
    "table.meta td{border-bottom:1px solid #eee}\n"
    "code{font-size:.95em}\n"
    ".note{background:#fff8e5;border-left:4px solid #e0a800;padding:8px 12px;"
    "margin:1em 0}\n"
    ".plots{display:flex;flex-wrap:wrap;gap:18px}\n"
    "figure{margin:0 0 1.2em;flex:1 1 100%}\n"
    "figure.small{flex:1 1 340px;max-width:380px}\n"
    "figure svg{width:100%;height:auto;display:block}\n"
    "figcaption{font-size:13px;color:#444;margin-top:.3em}\n"
    "nav a{margin-right:1.2em}\n"
    ".sides{display:flex;flex-wrap:wrap;gap:10px 28px}\n"
    ".side{flex:1 1 420px;min-width:0}\n"
    "h4{font-size:.98em;margin:.8em 0 .2em}\n"
    "p.small{font-size:12.5px;color:#555;margin:.2em 0 .8em}\n"
    "#fin-why li{margin:.35em 0}\n"
    "footer{margin-top:3em;font-size:12.5px;color:#666}\n"
    "@media print{thead th{position:static}}\n";

void html_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8"
          "\">\n<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src"
          " 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>", f);
    html_text(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", STYLE);
}

void html_end(FILE *f) { fputs("</body>\n</html>\n", f); }
