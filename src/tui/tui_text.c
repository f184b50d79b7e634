#define _GNU_SOURCE /* vasprintf */
/* Scrollable read-only text views: help, details, errors, doctor. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "app/actions.h"
#include "tui/tui.h"

#define TEXT_MAX_LINES 20000

void text_clear(struct text_view *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->lines[i]);
    free(t->lines);
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

void text_draw(struct tui *ui, int y0, int rows)
{
    struct text_view *t = &ui->text;
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
    for (int i = 0; i < body && t->top + (size_t)i < t->count; i++)
        tui_draw_str(y0 + 1 + i, 1, COLS - 1, t->lines[t->top + (size_t)i], 0);
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
    case KEY_ENTER:
        ui->overlay = OV_NONE;
        return true;
    case 'j':
    case KEY_DOWN:
        t->top = t->top < max ? t->top + 1 : max;
        return true;
    case 'k':
    case KEY_UP:
        t->top = t->top ? t->top - 1 : 0;
        return true;
    case KEY_NPAGE:
    case ' ':
        t->top = t->top + (size_t)body < max ? t->top + (size_t)body : max;
        return true;
    case KEY_PPAGE:
        t->top = t->top > (size_t)body ? t->top - (size_t)body : 0;
        return true;
    case 'g':
    case KEY_HOME:
        t->top = 0;
        return true;
    case 'G':
    case KEY_END:
        t->top = max;
        return true;
    default:
        return false;
    }
}

static const char *pane_names(unsigned panes)
{
    if (panes == PANE_ALL)
        return "all";
    if (panes == (PANE_TAGS | PANE_ACTIVITY))
        return "tags, activity";
    if (panes == PANE_TAGS)
        return "tags";
    return panes ? "some" : "";
}

/* Generated from the action table, like `bento-console help`. */
void help_open(struct tui *ui, const char *topic)
{
    text_open(ui, "Help: keys and : commands");
    ui->overlay = OV_HELP;
    struct text_view *t = &ui->text;
    text_add(t, "%-7s %-26s %-15s %s", "KEY", ":COMMAND", "WHERE", "WHAT");
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if ((a->flags & ACTION_HIDDEN) || (!(a->flags & ACTION_CONSOLE) && !a->key))
            continue;
        if (topic && strncmp(a->command, topic, strlen(topic)) != 0)
            continue;
        char cmd[80];
        if (a->flags & ACTION_CONSOLE)
            snprintf(cmd, sizeof cmd, ":%s%s%s", a->command, a->args[0] ? " " : "", a->args);
        else
            cmd[0] = 0;
        text_add(t, "%-7s %-26s %-15s %s", a->key ? a->key : "", cmd, pane_names(a->panes),
                 a->summary);
    }
    text_add(t, "%s", "");
    text_add(t, "Other commands work only in a shell: bento-console help lists them all.");
    text_add(t, "On the : line: Tab completes, Up/Down and Ctrl-R search history, Esc cancels.");
}
