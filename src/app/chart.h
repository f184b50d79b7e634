/* Drawing a report as lines of text, for the command line and the
 * console alike (no curses): a counter as a large number; column, area
 * and line charts from the report's {g, x, y} points with a y axis, x
 * labels that never overlap and a legend with a distinct glyph per
 * series (never colour alone); and one bar per table row. Unicode block
 * cells, or plain ASCII when `ascii` is set (LANG=C, NO_COLOR). Every
 * server string is sanitised. */
#ifndef BENTO_APP_CHART_H
#define BENTO_APP_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "bento/stats.h"

#define CHART_MAX_SERIES 6 /* further groups are left out, and the legend says so */

struct chart_opts {
    int width, height; /* the whole drawing, in terminal cells */
    bool ascii;
};

/* Owned lines without newlines, each at most `width` cells wide. */
struct chart_lines {
    char **lines;
    size_t count;
};

/* A report as the chart its data allows: points as a chart of its style
 * (column when the style is a counter's or unknown), a number as a large
 * counter, with a line saying so when the data is not what the style
 * promised. Returns 0, or -1 when out of memory. */
int chart_report(const struct bento_report *r, const struct chart_opts *o, struct chart_lines *out);

/* A bar of value/max of `width` cells (eighths of a cell in Unicode,
 * '#' in ASCII), padded with spaces; buf holds 4 * width + 1 bytes. */
void chart_bar(double value, double max, int width, bool ascii, char *buf, size_t size);

/* 1234567 -> "1,234,567"; 12.5 -> "12.5". */
void chart_number(double v, char *buf, size_t size);

void chart_lines_free(struct chart_lines *l);

#endif
