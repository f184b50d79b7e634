/* Shared by chart.c (lines, counters, dispatch) and chart_plot.c (the
 * grid of a column, area or line chart). Not public API. */
#ifndef BENTO_APP_CHART_INTERNAL_H
#define BENTO_APP_CHART_INTERNAL_H

#include <stddef.h>

#include "app/chart.h"

int chart_push(struct chart_lines *l, const char *s);
/* Characters in s (one cell each). */
int chart_cells(const char *s);
/* Server text made safe, on one line, cut to at most width cells. */
void chart_fit(const char *in, int width, char *out, size_t size);
/* The points drawn as a chart of `style` (column, area or line) in
 * height - 1 lines (the caller wrote the title). */
int chart_plot(const struct bento_report *r, const struct chart_opts *o,
               enum bento_chart_style style, int height, struct chart_lines *out);

#endif
