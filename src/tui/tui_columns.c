/* Column layout shared by the list panes (see tui_columns.h). Widths come
 * from the rows on screen, so a list of short names is not spread over a
 * wide terminal and a long one is cut only when the space is really short. */
#include "tui/tui_columns.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "tui/tui.h"

#define MARK_W 1 /* the sort arrow */

static int capped(const struct tui_column *c)
{
    return c->cap && c->need > c->cap ? c->cap : c->need;
}

void tui_columns_reset(struct tui_column *c, size_t n, const struct tui_sort *s)
{
    for (size_t i = 0; i < n; i++) {
        c[i].need = tui_str_width(c[i].title) + (s && s->col == (int)i ? MARK_W : 0);
        if (c[i].natural > c[i].need)
            c[i].need = c[i].natural;
        c[i].x = c[i].width = 0;
    }
}

void tui_columns_measure(struct tui_column *c, const char *value)
{
    int w = value ? tui_str_width(value) : 0;
    if (w > c->need)
        c->need = w;
}

/* The shown column that goes first: the lowest keep below `below`, never
 * the main one. */
static struct tui_column *least_kept(struct tui_column *c, size_t n, int below)
{
    struct tui_column *v = NULL;
    for (size_t i = 0; i < n; i++)
        if (!c[i].main && c[i].width > 0 && c[i].keep < below && (!v || c[i].keep < v->keep))
            v = &c[i];
    return v;
}

/* Shrink text columns to their min, then drop them, least kept first,
 * until total fits; returns the new total. */
static int shed(struct tui_column *c, size_t n, int total, int avail, int below)
{
    struct tui_column *v;
    while (total > avail && (v = least_kept(c, n, below)) != NULL) {
        if (v->min && v->width > v->min) {
            int cut = total - avail < v->width - v->min ? total - avail : v->width - v->min;
            v->width -= cut;
            total -= cut;
            continue;
        }
        total -= v->width + 1;
        v->width = 0;
    }
    return total;
}

/* Space left over goes back to shrunk columns, most kept first. */
static void regrow(struct tui_column *c, size_t n, int spare)
{
    while (spare > 0) {
        struct tui_column *best = NULL;
        for (size_t i = 0; i < n; i++)
            if (c[i].width > 0 && c[i].width < capped(&c[i]) && (!best || c[i].keep > best->keep))
                best = &c[i];
        if (!best)
            return;
        int add = capped(best) - best->width;
        add = add < spare ? add : spare;
        best->width += add;
        spare -= add;
    }
}

/* First the columns kept less than the main one go to leave it whole;
 * then, with the main column at its min, the others by their keep; the
 * main column takes what is left up to its need, shrunk ones the rest. */
void tui_columns_layout(struct tui_column *c, size_t n, int x0, int avail)
{
    struct tui_column *m = NULL;
    int total = -1;
    for (size_t i = 0; i < n; i++) {
        c[i].width = capped(&c[i]);
        m = c[i].main ? &c[i] : m;
        total += c[i].width + 1;
    }
    if (m) {
        total = shed(c, n, total, avail, m->keep);
        if (m->min && m->width > m->min) {
            total -= m->width - m->min;
            m->width = m->min;
        }
    }
    total = shed(c, n, total, avail, INT_MAX);
    if (m) {
        int grow = capped(m) - m->width, spare = avail - total;
        grow = grow < spare ? grow : spare;
        if (grow < 0 && m->width + grow < 1)
            grow = 1 - m->width;
        m->width += grow;
        total += grow;
    }
    regrow(c, n, avail - total);
    for (size_t i = 0, x = (size_t)x0; i < n; i++) {
        c[i].x = (int)x;
        if (c[i].width > 0)
            x += (size_t)c[i].width + 1;
    }
}

void tui_fit_text(const char *text, int width, char *out, size_t size)
{
    size_t len = strlen(text), o = 0;
    if (size == 0)
        return;
    int full = tui_str_width(text), used = 0;
    int room = full <= width ? width : width - MARK_W; /* the ellipsis is one column */
    while (len > 0 && room > 0) {
        wchar_t wc;
        size_t k = tui_wc_step(text, len, &wc);
        int w = wcwidth(wc);
        w = w < 0 ? 1 : w;
        if (used + w > room || o + k + 4 > size)
            break;
        memcpy(out + o, text, k);
        o += k;
        used += w;
        text += k;
        len -= k;
    }
    if (full > width && width > 0 && o + 4 <= size) {
        memcpy(out + o, "\xe2\x80\xa6", 3); /* U+2026 */
        o += 3;
    }
    out[o] = 0;
}

void tui_columns_cell(int y, const struct tui_column *c, const char *text, int attr)
{
    char cut[1024];
    if (c->width <= 0)
        return;
    tui_fit_text(text ? text : "", c->width, cut, sizeof cut);
    int w = tui_str_width(cut);
    tui_draw_str(y, c->right ? c->x + c->width - w : c->x, c->width, cut, attr);
}

void tui_columns_header(int y, const struct tui_column *c, size_t n, const struct tui_sort *s,
                        int attr)
{
    for (size_t i = 0; i < n; i++) {
        char title[64];
        bool sorted = s && s->col == (int)i;
        if (c[i].width <= 0)
            continue;
        /* a cut title keeps its sort mark */
        tui_fit_text(c[i].title, sorted ? c[i].width - MARK_W : c[i].width, title,
                     sizeof title - 4);
        if (sorted)
            strcat(title, s->desc ? TUI_SORT_DOWN : TUI_SORT_UP);
        int w = tui_str_width(title);
        tui_draw_str(y, c[i].right ? c[i].x + c[i].width - w : c[i].x, c[i].width, title, attr);
    }
}

static int find_column(const struct tui_column *c, size_t n, const char *word)
{
    size_t len = strlen(word);
    for (size_t i = 0; len && i < n; i++)
        if (!strncasecmp(c[i].title, word, len))
            return (int)i;
    return -1;
}

int tui_sort_pick(struct tui *ui, struct tui_sort *s, const struct tui_column *c, size_t n,
                  const char *column, bool reverse, bool with_none)
{
    if (reverse) {
        if (s->col < 0)
            s->col = 0; /* the list's own order has no other direction */
        s->desc = !s->desc;
        return 0;
    }
    int col = column ? find_column(c, n, column) : s->col + 1;
    if (column && col < 0) {
        char names[200] = "";
        for (size_t i = 0; i < n; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     i == 0       ? ""
                     : i + 1 == n ? " or "
                                  : ", ",
                     c[i].title);
        tui_flash(ui, true, "! No column \"%.40s\" in this list: sort by %s.", column, names);
        return -1;
    }
    if (col >= (int)n)
        col = with_none ? -1 : 0;
    s->col = col;
    s->desc = col >= 0 && c[col].desc_first;
    return 0;
}
