/* chart.h - line charts as standalone SVG: series against a numeric x axis, optional
 * percentile bands, a marked x position (e.g. the base year), units on both axes. */
#ifndef KLAR_CHART_H
#define KLAR_CHART_H

#include <stddef.h>
#include <stdio.h>
#include "klar/error.h"

/* One line. x and y hold n points; lo/hi (both or neither) draw a shaded band around it.
 * The caller owns all arrays and strings. */
typedef struct klar_chart_series {
    const char *label;
    const double *x;
    const double *y;
    const double *lo;
    const double *hi;
    size_t n;
    int dashed;              /* 1 for a dashed line */
} klar_chart_series;

typedef struct klar_chart {
    const char *title;
    const char *subtitle;    /* e.g. region and scenario; may be NULL */
    const char *x_label;     /* with unit, e.g. "year" */
    const char *y_label;     /* with unit, e.g. "FTE (årsverk)" */
    int has_marker;
    double marker_x;         /* vertical line, e.g. the base year */
    const char *marker_label;
    const char *note;        /* footnote, e.g. which inputs are assumptions; may be NULL */
} klar_chart;

/* Writes the chart as a complete SVG document. Returns 0, or -1 if there is nothing to draw. */
int klar_chart_write_svg(FILE *out, const klar_chart *chart, const klar_chart_series *series,
                         size_t nseries);

/* The same into a file; on failure err names the file and reason. */
int klar_chart_save_svg(const char *path, const klar_chart *chart, const klar_chart_series *series,
                        size_t nseries, klar_error *err);

#endif
