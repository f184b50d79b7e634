/* The `?` overlay, generated from the action table like `bento-console
 * help`: the keys of the current pane first, then those that work
 * everywhere, then the other panes' keys and the `:` commands without a
 * key, each with the console's own usage. Lines are wrapped to the
 * screen between words, never cut. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_pane.h"

/* Columns of KEY, :COMMAND, WHERE and WHAT; from HELP_WIDE_COLS the
 * :COMMAND column is wider, so that most usages keep to one line. */
#define HELP_CMD_X 8
#define HELP_WHERE_X 35
#define HELP_WHERE_X_WIDE 56
#define HELP_WHERE_W 13
#define HELP_WIDE_COLS 110
/* Below this WHAT goes under the :COMMAND column, on lines of its own. */
#define HELP_NARROW_COLS 80

/* One output line being filled; its text view gets it when full. */
struct wrap {
    struct text_view *t;
    int width;   /* columns the text view shows */
    int where_x; /* where WHERE starts */
    int what_x;  /* where WHAT starts: after WHERE, or under :COMMAND */
    char line[1024];
    size_t len;
    int col;
};

static void wrap_flush(struct wrap *w)
{
    w->line[w->len] = '\0';
    text_add(w->t, "%s", w->line);
    w->len = 0;
    w->col = 0;
}

static void wrap_put(struct wrap *w, const char *s, int width)
{
    size_t n = strlen(s);
    if (w->len + n < sizeof w->line) {
        memcpy(w->line + w->len, s, n);
        w->len += n;
        w->col += width;
    }
}

static void wrap_word(struct wrap *w, int x, const char *word, size_t n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)n, word);
    int width = tui_str_width(buf);
    if (w->col > x && w->col + 1 + width > w->width)
        wrap_flush(w);
    if (w->col > x)
        wrap_put(w, " ", 1);
    while (w->col < x)
        wrap_put(w, " ", 1);
    wrap_put(w, buf, width);
}

/* A cell from column x: on this line when the line so far ends before
 * x, else from x on the next; its words go on at x when the line fills. */
static void wrap_cell(struct wrap *w, int x, const char *text)
{
    if (!text || !*text)
        return;
    if (w->col > 0 && w->col >= x)
        wrap_flush(w);
    for (const char *p = text; *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (n)
            wrap_word(w, x, p, n);
        p += n;
    }
}

/* WHERE: the titles of the panes in the table whose bits are set. */
static void pane_names(unsigned panes, char *buf, size_t size)
{
    buf[0] = '\0';
    if (panes == PANE_ALL) {
        snprintf(buf, size, "all");
        return;
    }
    for (size_t i = 0; i < TP__COUNT; i++) {
        size_t used = strlen(buf);
        if (panes & tui_panes[i].bit)
            snprintf(buf + used, size - used, "%s%s", used ? ", " : "", tui_panes[i].title);
    }
}

static void help_row(struct wrap *w, const struct action *a)
{
    char cmd[160] = "", where[64];
    if (a->flags & ACTION_CONSOLE)
        snprintf(cmd, sizeof cmd, ":%s%s%s", a->command, a->console_args[0] ? " " : "",
                 a->console_args);
    pane_names(a->key ? a->panes : 0, where, sizeof where);
    wrap_cell(w, 0, a->key);
    wrap_cell(w, HELP_CMD_X, cmd);
    wrap_cell(w, w->where_x, where);
    wrap_cell(w, w->what_x, a->summary);
    wrap_flush(w);
}

enum help_section { HS_PANE, HS_ALL, HS_OTHER, HS_COMMANDS, HS_NONE };

static enum help_section section_of(const struct action *a, unsigned bit)
{
    if (a->flags & ACTION_HIDDEN)
        return HS_NONE;
    if (!a->key)
        return (a->flags & ACTION_CONSOLE) ? HS_COMMANDS : HS_NONE;
    if (a->panes == PANE_ALL)
        return HS_ALL;
    return (a->panes & bit) ? HS_PANE : HS_OTHER;
}

static void help_section(struct wrap *w, enum help_section sec, const char *title, unsigned bit,
                         const char *topic)
{
    bool first = true;
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (section_of(a, bit) != sec)
            continue;
        if (topic && strncmp(a->command, topic, strlen(topic)) != 0)
            continue;
        if (first) {
            wrap_flush(w);
            wrap_cell(w, 0, title);
            wrap_flush(w);
            first = false;
        }
        help_row(w, a);
    }
}

void help_open(struct tui *ui, const char *topic)
{
    char title[64];
    snprintf(title, sizeof title, "In the %s pane:", tui_panes[ui->pane].title);
    text_open(ui, "Help: keys and : commands");
    ui->overlay = OV_HELP;
    /* drawn from column 1; the last one stays blank */
    struct wrap w = {.t = &ui->text,
                     .width = COLS - 2,
                     .where_x = COLS >= HELP_WIDE_COLS ? HELP_WHERE_X_WIDE : HELP_WHERE_X};
    w.what_x = COLS < HELP_NARROW_COLS ? HELP_CMD_X : w.where_x + HELP_WHERE_W;
    wrap_cell(&w, 0, "KEY");
    wrap_cell(&w, HELP_CMD_X, ":COMMAND");
    wrap_cell(&w, w.where_x, "WHERE");
    wrap_cell(&w, w.what_x, "WHAT");
    wrap_flush(&w);
    unsigned bit = tui_panes[ui->pane].bit;
    help_section(&w, HS_PANE, title, bit, topic);
    help_section(&w, HS_ALL, "Everywhere:", bit, topic);
    help_section(&w, HS_OTHER, "In the other panes:", bit, topic);
    help_section(&w, HS_COMMANDS, ": commands without a key:", bit, topic);
    wrap_flush(&w);
    wrap_cell(&w, 0, "Other commands work only in a shell: bento-console help lists them all.");
    wrap_flush(&w);
    wrap_cell(&w, 0,
              "On the : line: Tab completes, Up/Down and Ctrl-R search history, "
              "Esc cancels.");
    wrap_flush(&w);
    ui->text.wrapped_cols = COLS;
    snprintf(ui->text.topic, sizeof ui->text.topic, "%s", topic ? topic : "");
}

void help_rewrap(struct tui *ui)
{
    struct text_view *t = &ui->text;
    char topic[sizeof t->topic], find[sizeof t->find];
    snprintf(topic, sizeof topic, "%s", t->topic);
    snprintf(find, sizeof find, "%s", t->find);
    size_t top = t->top;
    help_open(ui, topic[0] ? topic : NULL);
    snprintf(t->find, sizeof t->find, "%s", find);
    t->top = top < t->count ? top : 0;
}
