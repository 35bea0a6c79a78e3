/* svg_chart.c - line charts as standalone SVG documents: axes with units and "nice" ticks,
 * lines, shaded percentile bands, a marked x position, a legend and a footnote. */
#include "klar/chart.h"
#include "klar/file.h"

#include <errno.h>
#include <math.h>
#include <string.h>

enum { WIDTH = 880, HEIGHT = 520, LEFT = 86, RIGHT = 200, TOP = 64, BOTTOM = 86 };

static const char *const palette[] = {"#1b6ca8", "#d1495b", "#edae49", "#00798c", "#6a4c93",
                                      "#30638e", "#8d6a9f", "#5c946e"};
#define NPALETTE (sizeof palette / sizeof palette[0])

typedef struct extent {
    double xmin, xmax, ymin, ymax;
} extent;

static void print_escaped(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void widen(extent *e, double x, double y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    if (x < e->xmin) e->xmin = x;
    if (x > e->xmax) e->xmax = x;
    if (y < e->ymin) e->ymin = y;
    if (y > e->ymax) e->ymax = y;
}

/* Smallest box holding every point and band; the y axis always includes 0. */
static int data_extent(const klar_chart_series *s, size_t ns, extent *e)
{
    e->xmin = e->ymin = INFINITY;
    e->xmax = e->ymax = -INFINITY;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < s[i].n; j++) {
            widen(e, s[i].x[j], s[i].y[j]);
            if (s[i].lo && s[i].hi) {
                widen(e, s[i].x[j], s[i].lo[j]);
                widen(e, s[i].x[j], s[i].hi[j]);
            }
        }
    if (!(e->xmin <= e->xmax))
        return -1;
    if (e->ymin > 0)
        e->ymin = 0;
    if (e->xmax == e->xmin)
        e->xmax = e->xmin + 1;
    if (e->ymax <= e->ymin)
        e->ymax = e->ymin + 1;
    return 0;
}

/* A tick step of 1, 2 or 5 × 10^k giving about `target` intervals over span. */
static double nice_step(double span, int target)
{
    double raw = span / target;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
}

static double px_x(const extent *e, double x)
{
    return LEFT + (x - e->xmin) / (e->xmax - e->xmin) * (WIDTH - LEFT - RIGHT);
}

static double px_y(const extent *e, double y)
{
    return HEIGHT - BOTTOM - (y - e->ymin) / (e->ymax - e->ymin) * (HEIGHT - TOP - BOTTOM);
}

/* Tick labels with thin-space thousands separators, as Norwegian readers expect. */
static void print_number(FILE *out, double v, double step)
{
    if (step < 1) {
        int decimals = (int)ceil(-log10(step));
        fprintf(out, "%.*f", decimals, v);
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t len = strlen(digits);
    if (v < 0 && strcmp(digits, "0") != 0)
        fputc('-', out);
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            fputs("&#8201;", out);
        fputc(digits[i], out);
    }
}

static void draw_axes(FILE *out, const klar_chart *c, extent *e)
{
    double ystep = nice_step(e->ymax - e->ymin, 6);
    e->ymax = ceil(e->ymax / ystep) * ystep;
    e->ymin = floor(e->ymin / ystep) * ystep;
    double xstep = nice_step(e->xmax - e->xmin, 8);
    if (xstep < 1 && e->xmax - e->xmin >= 1)
        xstep = 1;
    for (double y = e->ymin; y <= e->ymax + ystep / 2; y += ystep) {
        double py = px_y(e, y);
        fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>\n", LEFT, py,
                WIDTH - RIGHT, py);
        fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">", LEFT - 6, py + 4);
        print_number(out, y, ystep);
        fputs("</text>\n", out);
    }
    for (double x = ceil(e->xmin / xstep) * xstep; x <= e->xmax + xstep / 1e6; x += xstep) {
        double px = px_x(e, x);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>\n", px,
                HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 5);
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%g</text>\n", px,
                HEIGHT - BOTTOM + 19, x);
    }
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", LEFT, HEIGHT - BOTTOM,
            WIDTH - RIGHT, HEIGHT - BOTTOM);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", LEFT, TOP, LEFT,
            HEIGHT - BOTTOM);
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">",
            LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - BOTTOM + 40);
    print_escaped(out, c->x_label);
    fputs("</text>\n", out);
    fprintf(out, "<text transform=\"translate(20,%d) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">",
            TOP + (HEIGHT - TOP - BOTTOM) / 2);
    print_escaped(out, c->y_label);
    fputs("</text>\n", out);
}

static void draw_band(FILE *out, const extent *e, const klar_chart_series *s, const char *color)
{
    fprintf(out, "<path fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" d=\"", color);
    for (size_t j = 0; j < s->n; j++)
        fprintf(out, "%c%.1f,%.1f ", j ? 'L' : 'M', px_x(e, s->x[j]), px_y(e, s->hi[j]));
    for (size_t j = s->n; j-- > 0;)
        fprintf(out, "L%.1f,%.1f ", px_x(e, s->x[j]), px_y(e, s->lo[j]));
    fputs("Z\"/>\n", out);
}

static void draw_line(FILE *out, const extent *e, const klar_chart_series *s, const char *color)
{
    fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\"%s points=\"", color,
            s->dashed ? " stroke-dasharray=\"7,4\"" : "");
    for (size_t j = 0; j < s->n; j++)
        if (isfinite(s->x[j]) && isfinite(s->y[j]))
            fprintf(out, "%.1f,%.1f ", px_x(e, s->x[j]), px_y(e, s->y[j]));
    fputs("\"/>\n", out);
}

static void draw_legend(FILE *out, const klar_chart_series *s, size_t ns)
{
    for (size_t i = 0; i < ns; i++) {
        int y = TOP + 10 + (int)i * 22;
        const char *color = palette[i % NPALETTE];
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.2\"%s/>\n",
                WIDTH - RIGHT + 14, y, WIDTH - RIGHT + 40, y, color,
                s[i].dashed ? " stroke-dasharray=\"7,4\"" : "");
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", WIDTH - RIGHT + 46, y + 4);
        print_escaped(out, s[i].label);
        fputs("</text>\n", out);
    }
}

static void draw_marker(FILE *out, const klar_chart *c, const extent *e)
{
    if (!c->has_marker || c->marker_x < e->xmin || c->marker_x > e->xmax)
        return;
    double px = px_x(e, c->marker_x);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"2,3\"/>\n",
            px, TOP, px, HEIGHT - BOTTOM);
    fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#333\">", px + 4, TOP + 12);
    print_escaped(out, c->marker_label ? c->marker_label : "");
    fputs("</text>\n", out);
}

int klar_chart_write_svg(FILE *out, const klar_chart *chart, const klar_chart_series *series,
                         size_t nseries)
{
    extent e;
    if (nseries == 0 || data_extent(series, nseries, &e) != 0)
        return -1;
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT);
    fputs("<text x=\"20\" y=\"28\" font-size=\"17\" font-weight=\"bold\">", out);
    print_escaped(out, chart->title);
    fputs("</text>\n", out);
    if (chart->subtitle) {
        fputs("<text x=\"20\" y=\"48\" font-size=\"12\" fill=\"#444\">", out);
        print_escaped(out, chart->subtitle);
        fputs("</text>\n", out);
    }
    draw_axes(out, chart, &e);
    for (size_t i = 0; i < nseries; i++)
        if (series[i].lo && series[i].hi)
            draw_band(out, &e, &series[i], palette[i % NPALETTE]);
    for (size_t i = 0; i < nseries; i++)
        draw_line(out, &e, &series[i], palette[i % NPALETTE]);
    draw_marker(out, chart, &e);
    draw_legend(out, series, nseries);
    if (chart->note) {
        fprintf(out, "<text x=\"20\" y=\"%d\" font-size=\"11\" fill=\"#555\">", HEIGHT - 14);
        print_escaped(out, chart->note);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
    return ferror(out) ? -1 : 0;
}

int klar_chart_save_svg(const char *path, const klar_chart *chart, const klar_chart_series *series,
                        size_t nseries, klar_error *err)
{
    FILE *fp = klar_file_create(path, err);
    if (!fp)
        return -1;
    int drawn = klar_chart_write_svg(fp, chart, series, nseries) == 0;
    if (!drawn)
        klar_error_set(err, path, 0, "nothing to draw (no data)");
    return klar_file_commit(fp, path, drawn, err);
}
