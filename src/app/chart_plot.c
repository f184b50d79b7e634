/* The grid of a column, area or line chart (chart_internal.h). Points
 * are gathered into at most CHART_MAX_SERIES series over the sorted x
 * values; each plot column shows one x (or, for columns, the sum of a
 * run of them when there are more x values than slots). */
#include "app/chart_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_MAX 256

static const char *const fill_utf8[CHART_MAX_SERIES] = {"█", "▓", "▒", "░", "▚", "▞"};
static const char *const fill_ascii[CHART_MAX_SERIES] = {"#", "=", "+", ":", "%", "@"};
static const char *const dot_utf8[CHART_MAX_SERIES] = {"●", "▲", "■", "◆", "○", "△"};
static const char *const dot_ascii[CHART_MAX_SERIES] = {"*", "+", "o", "x", "#", "@"};

struct series {
    const char *names[CHART_MAX_SERIES]; /* borrowed; NULL: unnamed */
    size_t ng, left_out;
    const char **xs; /* sorted, distinct; borrowed */
    size_t nx;
    double *v; /* ng * nx, NAN where a series has no point */
};

static const char *x_of(const struct bento_report_point *p)
{
    return p->x ? p->x : "";
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int group_index(struct series *s, const char *g)
{
    for (size_t i = 0; i < s->ng; i++)
        if (same(s->names[i], g))
            return (int)i;
    if (s->ng == CHART_MAX_SERIES)
        return -1;
    s->names[s->ng] = g;
    return (int)s->ng++;
}

static int gather(const struct bento_report *r, struct series *s)
{
    memset(s, 0, sizeof *s);
    s->xs = malloc(r->point_count * sizeof *s->xs);
    if (!s->xs)
        return -1;
    for (size_t i = 0; i < r->point_count; i++)
        s->xs[i] = x_of(&r->points[i]);
    qsort(s->xs, r->point_count, sizeof *s->xs, by_text);
    for (size_t i = 0; i < r->point_count; i++)
        if (s->nx == 0 || strcmp(s->xs[s->nx - 1], s->xs[i]) != 0)
            s->xs[s->nx++] = s->xs[i];
    s->v = malloc(CHART_MAX_SERIES * s->nx * sizeof *s->v);
    if (!s->v)
        return -1;
    for (size_t i = 0; i < CHART_MAX_SERIES * s->nx; i++)
        s->v[i] = NAN;
    const char **seen = calloc(r->point_count, sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; seen && i < r->point_count; i++) {
        const struct bento_report_point *p = &r->points[i];
        int g = group_index(s, p->group);
        if (g < 0) {
            bool known = false;
            for (size_t k = 0; k < nseen && !known; k++)
                known = same(seen[k], p->group);
            if (!known)
                seen[nseen++] = p->group;
            continue;
        }
        const char *x = x_of(p);
        const char **at = bsearch(&x, s->xs, s->nx, sizeof *s->xs, by_text);
        double *cell = &s->v[(size_t)g * s->nx + (size_t)(at - s->xs)];
        *cell = isnan(*cell) ? p->y : *cell + p->y;
    }
    s->left_out = nseen;
    free(seen);
    return 0;
}

/* What one plot column shows: per series a value (NAN: none), and the
 * x index it starts at. */
struct layout {
    int width, lw; /* plot columns; y label width */
    double *col;   /* ng * width */
    int *col_x;    /* width; -1 for a gap */
    double ymax, step;
    int nticks;
};

static double nice_step(double raw)
{
    if (raw <= 0)
        return 1;
    double p = 1; /* the power of ten at or below raw, from 1 up: counts */
    while (p * 10 <= raw && p < 1e300)
        p *= 10;
    double f = raw / p;
    static const double steps[] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    size_t i = 0;
    while (i + 1 < sizeof steps / sizeof steps[0] && f > steps[i])
        i++;
    double step = steps[i] * p;
    return step < 1 ? 1 : step; /* counts: whole labels */
}

/* Slots of one x (or a run of k x values, summed) side by side, each
 * with a bar per series and a gap, spread over the width. */
static void columns_bucketed(const struct series *s, struct layout *L)
{
    int ng = (int)s->ng, slots = L->width / (ng + 1);
    size_t k = slots > 0 ? (s->nx + (size_t)slots - 1) / (size_t)slots : s->nx;
    if (k == 0)
        k = 1;
    int used = (int)((s->nx + k - 1) / k), sw = used ? L->width / used : L->width;
    int bar = (sw - 1) / ng > 0 ? (sw - 1) / ng : 1;
    for (size_t x0 = 0, slot = 0; x0 < s->nx; x0 += k, slot++) {
        for (int g = 0; g < ng; g++) {
            double sum = NAN;
            for (size_t x = x0; x < x0 + k && x < s->nx; x++) {
                double v = s->v[(size_t)g * s->nx + x];
                if (!isnan(v))
                    sum = isnan(sum) ? v : sum + v;
            }
            for (int j = 0; j < bar; j++) {
                int c = (int)slot * sw + g * bar + j;
                if (c >= L->width)
                    break;
                L->col[(size_t)g * (size_t)L->width + (size_t)c] = sum;
                L->col_x[c] = g == 0 && j == 0 ? (int)x0 : -1;
            }
        }
    }
}

static void columns_sampled(const struct series *s, struct layout *L)
{
    for (int c = 0; c < L->width; c++) {
        size_t x = s->nx > 1 && L->width > 1
                       ? (size_t)((double)c * (double)(s->nx - 1) / (L->width - 1) + 0.5)
                       : 0;
        if (s->nx <= 1 && c > 0)
            break;
        for (size_t g = 0; g < s->ng; g++)
            L->col[g * (size_t)L->width + (size_t)c] = s->v[g * s->nx + x];
        bool first = c == 0 || L->col_x[c - 1] != (int)x;
        L->col_x[c] = first ? (int)x : -1;
    }
}

/* Fills the columns for a plot `width` wide and scales the y axis. */
static int lay_out(const struct series *s, enum bento_chart_style style, int width, int height,
                   struct layout *L)
{
    L->width = width < 1 ? 1 : width;
    L->col = malloc(s->ng * (size_t)L->width * sizeof *L->col);
    L->col_x = malloc((size_t)L->width * sizeof *L->col_x);
    if (!L->col || !L->col_x)
        return -1;
    for (size_t i = 0; i < s->ng * (size_t)L->width; i++)
        L->col[i] = NAN;
    for (int c = 0; c < L->width; c++)
        L->col_x[c] = -1;
    if (style == BENTO_CHART_COLUMN)
        columns_bucketed(s, L);
    else
        columns_sampled(s, L);
    double max = 0;
    for (size_t i = 0; i < s->ng * (size_t)L->width; i++)
        if (!isnan(L->col[i]) && L->col[i] > max)
            max = L->col[i];
    L->nticks = height >= 8 ? 4 : height >= 4 ? 2 : 1;
    L->step = nice_step(max / L->nticks);
    L->ymax = L->step * L->nticks;
    /* the widest tick label, not the top one: in the short form a lower
     * tick can be the longer ("7.5e+299" under "1e+300") */
    char label[64];
    L->lw = 1;
    for (int k = 0; k <= L->nticks; k++) {
        chart_number(L->step * k, label, sizeof label);
        int n = chart_cells(label);
        L->lw = n > L->lw ? n : L->lw;
    }
    return 0;
}

static void layout_free(struct layout *L)
{
    free(L->col);
    free(L->col_x);
    L->col = NULL;
    L->col_x = NULL;
}

static const char *glyph(const struct chart_opts *o, enum bento_chart_style style, size_t g)
{
    if (style == BENTO_CHART_LINE)
        return (o->ascii ? dot_ascii : dot_utf8)[g];
    return (o->ascii ? fill_ascii : fill_utf8)[g];
}

/* Cells of value v, 0..H. Values below zero are drawn as zero. */
static int cells_of(double v, const struct layout *L, int H)
{
    int h = v > 0 ? (int)(v / L->ymax * H + 0.5) : 0;
    return h > H ? H : h;
}

static void fill(const char **grid, int W, int H, int c, int h, const char *g)
{
    for (int r = H - h; r < H; r++)
        grid[r * W + c] = g;
}

static void draw(const struct series *s, const struct layout *L, const struct chart_opts *o,
                 enum bento_chart_style style, int H, const char **grid)
{
    int W = L->width;
    for (int c = 0; c < W; c++) {
        size_t order[CHART_MAX_SERIES];
        for (size_t g = 0; g < s->ng; g++)
            order[g] = g;
        for (size_t i = 1; style == BENTO_CHART_AREA && i < s->ng; i++) /* tallest first */
            for (size_t j = i; j > 0 && !(L->col[order[j] * (size_t)W + (size_t)c] <=
                                          L->col[order[j - 1] * (size_t)W + (size_t)c]);
                 j--) {
                size_t t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        for (size_t i = 0; i < s->ng; i++) {
            size_t g = order[i];
            double v = L->col[g * (size_t)W + (size_t)c];
            if (isnan(v))
                continue;
            int h = cells_of(v, L, H);
            if (style == BENTO_CHART_LINE)
                grid[(h == 0 ? H - 1 : H - h) * W + c] = glyph(o, style, g);
            else
                fill(grid, W, H, c, h, glyph(o, style, g));
        }
    }
}

/* Appends text to line at cell `at` (padding with spaces from *used). */
static void put(char *line, size_t size, int *used, int at, const char *text)
{
    size_t n = strlen(line);
    for (; *used < at && n + 1 < size; (*used)++)
        line[n++] = ' ';
    line[n] = '\0';
    if (n + strlen(text) < size) {
        strcat(line, text);
        *used += chart_cells(text);
    }
}

static int rows(const struct layout *L, const struct chart_opts *o, int H, const char **grid,
                struct chart_lines *out)
{
    size_t size = (size_t)(L->lw + 2 + L->width) * 4 + 1;
    char *line = malloc(size), label[64];
    int rc = line ? 0 : -1;
    for (int r = 0; rc == 0 && r <= H; r++) {
        line[0] = '\0';
        int used = 0, tick = -1;
        for (int k = 0; k <= L->nticks; k++)
            if (H - cells_of(L->step * k, L, H) == r)
                tick = k;
        if (tick >= 0) {
            chart_number(L->step * tick, label, sizeof label);
            put(line, size, &used, L->lw - chart_cells(label), label);
        }
        if (r == H) {
            put(line, size, &used, L->lw, o->ascii ? "+" : "└");
            for (int c = 0; c < L->width; c++)
                put(line, size, &used, used, o->ascii ? "-" : "─");
        } else {
            put(line, size, &used, L->lw,
                tick >= 0 ? (o->ascii ? "+" : "┤") : (o->ascii ? "|" : "│"));
            for (int c = 0; c < L->width; c++)
                put(line, size, &used, used, grid[r * L->width + c] ? grid[r * L->width + c] : " ");
        }
        size_t n = strlen(line);
        while (n > 0 && line[n - 1] == ' ')
            line[--n] = '\0';
        rc = chart_push(out, line);
    }
    free(line);
    return rc;
}

/* x labels at the columns they start, each whole or not at all, never
 * touching the one before. */
static int x_labels(const struct series *s, const struct layout *L, struct chart_lines *out)
{
    size_t size = (size_t)(L->lw + 2 + L->width) * 4 + 1;
    char *line = calloc(1, size), label[LABEL_MAX];
    if (!line)
        return -1;
    int used = 0, next = 0;
    for (int c = 0; c < L->width; c++) {
        if (L->col_x[c] < 0 || c < next)
            continue;
        chart_fit(s->xs[L->col_x[c]], L->width, label, sizeof label);
        int n = chart_cells(label);
        if (c + n > L->width)
            continue;
        put(line, size, &used, L->lw + 1 + c, label);
        next = c + n + 1;
    }
    int rc = chart_push(out, line);
    free(line);
    return rc;
}

static int legend(const struct series *s, const struct chart_opts *o, enum bento_chart_style style,
                  struct chart_lines *out)
{
    char line[1024] = "", item[LABEL_MAX + 16], name[LABEL_MAX];
    int used = 0, rc = 0;
    for (size_t g = 0; rc == 0 && g <= s->ng; g++) {
        if (g == s->ng && !s->left_out)
            break;
        if (g == s->ng)
            snprintf(item, sizeof item, "(%zu more group%s not shown)", s->left_out,
                     s->left_out == 1 ? "" : "s");
        else {
            chart_fit(s->names[g] ? s->names[g] : "(no group)", 30, name, sizeof name);
            snprintf(item, sizeof item, "%s %s", glyph(o, style, g), name);
        }
        if (chart_cells(item) > o->width) /* a narrow drawing: the item cut */
            chart_fit(item, o->width, item, sizeof item);
        int n = chart_cells(item);
        if (used && used + 2 + n > o->width) {
            rc = chart_push(out, line);
            line[0] = '\0';
            used = 0;
        }
        put(line, sizeof line, &used, used ? used + 2 : 0, item);
    }
    return rc ? rc : line[0] ? chart_push(out, line) : 0;
}

static int plot_lines(const struct series *s, const struct chart_opts *o,
                      enum bento_chart_style style, int H, struct chart_lines *out)
{
    struct layout L = {0};
    int rc = 0, lw = 1;
    for (int tries = 0; rc == 0 && tries < 3; tries++) {
        layout_free(&L);
        rc = lay_out(s, style, o->width - lw - 1, H, &L);
        if (rc || L.lw == lw)
            break;
        lw = L.lw;
    }
    const char **grid = rc ? NULL : calloc((size_t)H * (size_t)L.width, sizeof *grid);
    if (!grid)
        rc = -1;
    if (rc == 0) {
        L.lw = lw > L.lw ? lw : L.lw;
        draw(s, &L, o, style, H, grid);
        rc = rows(&L, o, H, grid, out);
    }
    rc = rc ? rc : x_labels(s, &L, out);
    free(grid);
    layout_free(&L);
    return rc;
}

int chart_plot(const struct bento_report *r, const struct chart_opts *o,
               enum bento_chart_style style, int height, struct chart_lines *out)
{
    struct series s;
    struct chart_lines leg = {0};
    int rc = gather(r, &s);
    rc = rc ? rc : legend(&s, o, style, &leg);
    int H = height - 3 - (int)leg.count; /* the title, the x axis, its labels */
    if (H < 2)
        H = 2;
    rc = rc ? rc : plot_lines(&s, o, style, H, out);
    for (size_t i = 0; rc == 0 && i < leg.count; i++)
        rc = chart_push(out, leg.lines[i]);
    chart_lines_free(&leg);
    free(s.xs);
    free(s.v);
    return rc;
}
