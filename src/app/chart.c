/* Reports drawn as text (chart.h). A chart is a grid of cells, one
 * glyph per series; the y axis is scaled to a round maximum so that its
 * labels are round too. Widths count one cell per character: labels
 * are sanitised, and the glyphs used are all one cell wide. */
#include "app/chart.h"
#include "app/chart_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "bento/utf8.h"

#define LABEL_MAX 256

int chart_push(struct chart_lines *l, const char *s)
{
    char **grown = realloc(l->lines, (l->count + 1) * sizeof *grown);
    char *copy = strdup(s);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            l->lines = grown;
        return -1;
    }
    l->lines = grown;
    l->lines[l->count++] = copy;
    return 0;
}

void chart_lines_free(struct chart_lines *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->lines[i]);
    free(l->lines);
    l->lines = NULL;
    l->count = 0;
}

int chart_cells(const char *s)
{
    int n = 0;
    uint32_t cp;
    for (size_t len = strlen(s), step; (step = bento_utf8_step(s, len, &cp));
         s += step, len -= step)
        n++;
    return n;
}

void chart_fit(const char *in, int width, char *out, size_t size)
{
    char clean[LABEL_MAX];
    bento_sanitize_line(in ? in : "", in ? strlen(in) : 0, clean, sizeof clean);
    size_t o = 0, len = strlen(clean), step;
    uint32_t cp;
    const char *s = clean;
    for (int n = 0; n < width && (step = bento_utf8_step(s, len, &cp)) && o + step < size; n++) {
        memcpy(out + o, s, step);
        o += step;
        s += step;
        len -= step;
    }
    out[o] = '\0';
}

void chart_number(double v, char *buf, size_t size)
{
    char digits[64];
    /* beyond a thousand million million digits say nothing and no axis
     * has room for them: the short scientific form instead */
    if (!isfinite(v) || fabs(v) >= 1e15) {
        snprintf(buf, size, "%.3g", v);
        return;
    }
    bool whole = fabs(v - (double)(long long)v) < 1e-9 || fabs(v) >= 1e15;
    snprintf(digits, sizeof digits, whole ? "%.0f" : "%.1f", fabs(v));
    char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits), o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; i < int_len && o + 2 < size; i++) {
        buf[o++] = digits[i];
        if ((int_len - i - 1) % 3 == 0 && i + 1 < int_len)
            buf[o++] = ',';
    }
    for (const char *p = dot; p && *p && o + 1 < size; p++)
        buf[o++] = *p;
    buf[o] = '\0';
}

void chart_bar(double value, double max, int width, bool ascii, char *buf, size_t size)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    long units = max > 0 && value > 0 ? (long)(value / max * width * 8 + 0.5) : 0;
    if (units > (long)width * 8)
        units = (long)width * 8;
    if (ascii)
        units = units / 8 * 8 + (units % 8 >= 4 ? 8 : 0);
    size_t o = 0;
    int used = 0;
    buf[0] = '\0';
    for (; units >= 8 && o + 4 < size; units -= 8, used++)
        o += (size_t)snprintf(buf + o, size - o, "%s", ascii ? "#" : "█");
    if (units > 0 && o + 4 < size) {
        o += (size_t)snprintf(buf + o, size - o, "%s", eighths[units]);
        used++;
    }
    for (; used < width && o + 1 < size; used++)
        buf[o++] = ' ';
    buf[o] = '\0';
}

/* A 3x5 font for the large counter: '#' is a filled cell. */
static const char *glyph_rows(char c)
{
    switch (c) {
    case '0':
        return "###"
               "# #"
               "# #"
               "# #"
               "###";
    case '1':
        return " # "
               "## "
               " # "
               " # "
               "###";
    case '2':
        return "###"
               "  #"
               "###"
               "#  "
               "###";
    case '3':
        return "###"
               "  #"
               "###"
               "  #"
               "###";
    case '4':
        return "# #"
               "# #"
               "###"
               "  #"
               "  #";
    case '5':
        return "###"
               "#  "
               "###"
               "  #"
               "###";
    case '6':
        return "###"
               "#  "
               "###"
               "# #"
               "###";
    case '7':
        return "###"
               "  #"
               "  #"
               "  #"
               "  #";
    case '8':
        return "###"
               "# #"
               "###"
               "# #"
               "###";
    case '9':
        return "###"
               "# #"
               "###"
               "  #"
               "###";
    case '-':
        return "   "
               "   "
               "###"
               "   "
               "   ";
    case ',':
        return "   "
               "   "
               "   "
               " # "
               "#  ";
    default:
        return "   "
               "   "
               "   "
               "   "
               " # "; /* '.' */
    }
}

/* Row `row` of text in the large font; false when it is wider than width. */
static bool big_row(const char *text, int row, bool ascii, int width, char *out, size_t size)
{
    size_t o = 0;
    int used = 0;
    for (const char *c = text; *c; c++) {
        const char *g = glyph_rows(*c) + row * 3;
        for (int i = 0; i < 4; i++, used++) {
            const char *cell = i < 3 && g[i] == '#' ? (ascii ? "#" : "█") : " ";
            if (o + strlen(cell) + 1 >= size)
                return false;
            o += (size_t)snprintf(out + o, size - o, "%s", cell);
        }
    }
    while (o > 0 && out[o - 1] == ' ')
        out[--o] = '\0';
    return used - 1 <= width;
}

static int draw_counter(double v, const struct chart_opts *o, struct chart_lines *out)
{
    char num[64], row[1024];
    chart_number(v, num, sizeof num);
    bool big = o->height >= 8 && big_row(num, 0, o->ascii, o->width, row, sizeof row);
    int rc = chart_push(out, "");
    for (int r = 0; big && r < 5 && rc == 0; r++) {
        big_row(num, r, o->ascii, o->width, row, sizeof row);
        rc = chart_push(out, row);
    }
    if (rc == 0 && big)
        rc = chart_push(out, "");
    return rc ? rc : chart_push(out, num);
}

static const char *style_words(enum bento_chart_style s)
{
    switch (s) {
    case BENTO_CHART_COUNTER: return "counter";
    case BENTO_CHART_AREA: return "area chart";
    case BENTO_CHART_LINE: return "line chart";
    default: return "column chart";
    }
}

/* Our own text, cut to the width like the server's. */
static int note(struct chart_lines *out, const struct chart_opts *o, const char *text)
{
    char line[LABEL_MAX];
    chart_fit(text, o->width, line, sizeof line);
    return chart_push(out, line);
}

static int title(const struct bento_report *r, const struct chart_opts *o, const char *kind,
                 struct chart_lines *out)
{
    char name[LABEL_MAX], line[LABEL_MAX + 64];
    chart_fit(r->name && *r->name ? r->name : "Report", o->width, name, sizeof name);
    snprintf(line, sizeof line, "%s (%s)", name, kind);
    if (chart_cells(line) > o->width)
        snprintf(line, sizeof line, "%s", name);
    return chart_push(out, line);
}

int chart_report(const struct bento_report *r, const struct chart_opts *o, struct chart_lines *out)
{
    struct chart_opts opts = *o;
    out->lines = NULL;
    out->count = 0;
    opts.width = opts.width < 20 ? 20 : opts.width > 400 ? 400 : opts.width;
    opts.height = opts.height < 6 ? 6 : opts.height > 200 ? 200 : opts.height;
    enum bento_chart_style style = r->style;
    int rc;
    if (r->has_points && r->point_count) {
        if (style == BENTO_CHART_COUNTER || style == BENTO_CHART_UNKNOWN)
            style = BENTO_CHART_COLUMN;
        rc = title(r, &opts, style_words(style), out);
        if (rc == 0 && r->style == BENTO_CHART_COUNTER)
            rc = note(out, &opts, "Points sent for a counter: drawn as columns");
        int used = (int)out->count;
        rc = rc ? rc : chart_plot(r, &opts, style, opts.height - used + 1, out);
    } else if (r->has_number) {
        rc = title(r, &opts, "counter", out);
        if (rc == 0 && style != BENTO_CHART_COUNTER && style != BENTO_CHART_UNKNOWN)
            rc = note(out, &opts,
                      style == BENTO_CHART_LINE
                          ? "One number sent for a line chart: shown as a counter"
                      : style == BENTO_CHART_AREA
                          ? "One number sent for an area chart: shown as a counter"
                          : "One number sent for a column chart: shown as a counter");
        rc = rc ? rc : draw_counter(r->number, &opts, out);
    } else {
        rc = title(r, &opts, style_words(style), out);
        rc = rc ? rc : note(out, &opts, "This report has no data to draw yet.");
    }
    if (rc)
        chart_lines_free(out);
    return rc;
}
