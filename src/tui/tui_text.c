#define _GNU_SOURCE /* vasprintf */
/* Scrollable read-only text views: help, details, errors, doctor. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "bento/sanitize.h"
#include "tui/tui.h"

#define TEXT_MAX_LINES 20000

void text_clear(struct text_view *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->lines[i]);
    free(t->lines);
    free(t->soft);
    memset(t, 0, sizeof *t);
}

void text_open(struct tui *ui, const char *title)
{
    text_clear(&ui->text);
    snprintf(ui->text.title, sizeof ui->text.title, "%s", title);
    ui->overlay = OV_TEXT;
    ui->dirty = true;
}

static void push(struct text_view *t, char *line)
{
    if (!line)
        return;
    if (t->count == TEXT_MAX_LINES || (t->count == t->cap && t->cap >= TEXT_MAX_LINES)) {
        free(line);
        return;
    }
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **grown = realloc(t->lines, cap * sizeof *grown);
        if (!grown) {
            free(line);
            return;
        }
        t->lines = grown;
        t->cap = cap;
    }
    t->lines[t->count++] = line;
}

void text_add(struct text_view *t, const char *fmt, ...)
{
    char *line = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&line, fmt, ap) < 0)
        line = NULL;
    va_end(ap);
    push(t, line);
}

/* Untrusted multi-line text: one sanitised line per input line. */
void text_add_block(struct text_view *t, const char *body, const char *indent)
{
    const char *p = body;
    while (*p) {
        size_t len = strcspn(p, "\n");
        size_t cap = len * 4 + 1;
        char *safe = malloc(cap);
        if (safe) {
            bento_sanitize(p, len, safe, cap);
            text_add(t, "%s%s", indent, safe);
            free(safe);
        }
        p += len + (p[len] == '\n');
    }
}

/* Cut the soft line into rows of exactly COLS columns (fewer only where
 * a wide character would not fit). */
static void soft_wrap(struct text_view *t)
{
    while (t->count > t->soft_at)
        free(t->lines[--t->count]);
    t->soft_cols = COLS;
    const char *s = t->soft;
    size_t len = strlen(s);
    while (len > 0) {
        size_t n = 0;
        int w = 0;
        while (n < len) {
            wchar_t wc;
            size_t k = tui_wc_step(s + n, len - n, &wc);
            int cw = wcwidth(wc);
            cw = cw < 0 ? 1 : cw;
            if (w + cw > COLS && n > 0)
                break;
            w += cw;
            n += k;
        }
        push(t, strndup(s, n));
        s += n;
        len -= n;
    }
}

void text_add_soft(struct text_view *t, const char *line)
{
    free(t->soft);
    t->soft = strdup(line);
    t->soft_at = t->count;
    if (t->soft)
        soft_wrap(t);
}

/* A diff's lines in colour; the -/+ marks say the same without it. */
static int diff_attr(const struct tui *ui, const char *line)
{
    if (!ui->text.diff || !ui->colors)
        return 0;
    if (!strncmp(line, "@@", 2))
        return (int)COLOR_PAIR(4);
    if (!strncmp(line, "---", 3) || !strncmp(line, "+++", 3))
        return A_BOLD;
    return line[0] == '-' ? (int)COLOR_PAIR(1) : line[0] == '+' ? (int)COLOR_PAIR(2) : 0;
}

void text_draw(struct tui *ui, int y0, int rows)
{
    struct text_view *t = &ui->text;
    if (ui->overlay == OV_HELP && t->wrapped_cols != COLS)
        help_rewrap(ui); /* the terminal was resized */
    if (t->soft && t->soft_cols != COLS)
        soft_wrap(t);
    char title[200];
    snprintf(title, sizeof title, " %s  (%zu line%s, Esc closes) ", t->title, t->count,
             t->count == 1 ? "" : "s");
    attron(A_BOLD | A_UNDERLINE);
    mvhline(y0, 0, ' ', COLS);
    attroff(A_BOLD | A_UNDERLINE);
    tui_draw_str(y0, 0, COLS, title, A_BOLD | A_UNDERLINE);
    int body = rows - 1;
    if (body > 0 && t->count > (size_t)body && t->top > t->count - (size_t)body)
        t->top = t->count - (size_t)body;
    for (int i = 0; i < body && t->top + (size_t)i < t->count; i++) {
        size_t at = t->top + (size_t)i;
        int x = t->soft && at >= t->soft_at ? 0 : 1;
        tui_draw_str(y0 + 1 + i, x, COLS - x, t->lines[at], diff_attr(ui, t->lines[at]));
    }
}

/* The next line from the one after the top that holds t->find, case
 * ignored, going round to the first line; it becomes the top. */
static void text_find(struct tui *ui)
{
    struct text_view *t = &ui->text;
    if (!t->find[0]) {
        tui_flash(ui, true, "! Nothing to find again: / searches this view.");
        return;
    }
    for (size_t i = 1; t->count && i <= t->count; i++) {
        size_t at = (t->top + i) % t->count;
        if (strcasestr(t->lines[at], t->find)) {
            t->top = at;
            return;
        }
    }
    tui_flash(ui, true, "! \"%.60s\" is not in this view.", t->find);
}

void tui_cmd_find(struct tui *ui, int argc, char **argv)
{
    struct text_view *t = &ui->text;
    if (!ui->overlay) {
        tui_flash(ui, true, "! :find searches an open help or detail view: press ? first.");
        return;
    }
    size_t used = 0;
    t->find[0] = '\0';
    for (int i = 0; i < argc && used + 1 < sizeof t->find; i++)
        used += (size_t)snprintf(t->find + used, sizeof t->find - used, "%s%s", i ? " " : "",
                                 argv[i]);
    text_find(ui);
}

/* Scrolling and closing; returns false for keys the view does not use. */
bool text_key(struct tui *ui, int key)
{
    struct text_view *t = &ui->text;
    int body = tui_list_rows();
    size_t max = t->count > (size_t)body ? t->count - (size_t)body : 0;
    switch (key) {
    case 27:
    case 'q':
    case '\n':
    case '\r':
    case KEY_ENTER: ui->overlay = OV_NONE; return true;
    case 'j':
    case KEY_DOWN: t->top = t->top < max ? t->top + 1 : max; return true;
    case 'k':
    case KEY_UP: t->top = t->top ? t->top - 1 : 0; return true;
    case KEY_NPAGE:
    case ' ': t->top = t->top + (size_t)body < max ? t->top + (size_t)body : max; return true;
    case KEY_PPAGE: t->top = t->top > (size_t)body ? t->top - (size_t)body : 0; return true;
    case '/': prompt_open(ui, PR_COMMAND, "find "); return true;
    case 'n': text_find(ui); return true;
    case 'g':
    case KEY_HOME: t->top = 0; return true;
    case 'G':
    case KEY_END: t->top = max; return true;
    default: return false;
    }
}
