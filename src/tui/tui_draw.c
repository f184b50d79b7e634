/* The frame: header, pane tabs, the pane (or an overlay), the status line
 * and the hint line, all drawn on stdscr and flushed with one doupdate. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bento/sanitize.h"
#include "bento/utf8.h"
#include "app/actions.h"
#include "app/app.h"
#include "app/wrap.h"
#include "tui/tui.h"

size_t tui_wc_step(const char *s, size_t n, wchar_t *wc)
{
    uint32_t cp;
    size_t k = bento_utf8_step(s, n, &cp);
    *wc = cp == BENTO_UTF8_INVALID ? L'?' : (wchar_t)cp;
    return k;
}

bool tui_too_small(void)
{
    return LINES < TUI_MIN_ROWS || COLS < TUI_MIN_COLS;
}

int tui_list_rows(void)
{
    int r = LINES - TUI_LIST_Y - TUI_FOOTER_ROWS;
    return r > 1 ? r : 1;
}

/* Draw UTF-8 text clipped to `width` columns; returns columns used.
 * Callers pass sanitised text; anything unprintable left becomes '?'. */
static int draw_clipped(int y, int x, int width, const char *s, int attr)
{
    wchar_t buf[512];
    int used = 0, n = 0;
    size_t len = strlen(s);
    while (len > 0 && n < 511) {
        wchar_t wc;
        size_t k = tui_wc_step(s, len, &wc);
        int w = wcwidth(wc);
        if (w < 0) {
            wc = L'?';
            w = 1;
        }
        if (used + w > width)
            break;
        buf[n++] = wc;
        used += w;
        s += k;
        len -= k;
    }
    buf[n] = 0;
    attron(attr);
    mvaddnwstr(y, x, buf, n);
    attroff(attr);
    return used;
}

void tui_draw_str(int y, int x, int width, const char *s, int attr)
{
    if (width > 0 && s)
        draw_clipped(y, x, width, s, attr);
}

int tui_draw_wrapped(int y, int x, int x2, int right, int rows, const char *s, const char *more,
                     int attr)
{
    int n = 0;
    while (n < rows && *s) {
        int col = n ? x2 : x, room = right - col;
        size_t next, len = app_wrap_line(s, room, false, &next);
        bool cut = more && n == rows - 1 && s[next];
        if (cut)
            len = app_wrap_line(s, room - tui_str_width(more) - 1, false, &next);
        if (y >= 0) {
            char line[700];
            snprintf(line, sizeof line, "%.*s%s%s", (int)len, s, cut ? " " : "", cut ? more : "");
            tui_draw_str(y + n, col, room, line, attr);
        }
        n++;
        s += next;
    }
    return n;
}

int tui_str_width(const char *s)
{
    int w = 0;
    size_t len = strlen(s);
    while (len > 0) {
        wchar_t wc;
        size_t k = tui_wc_step(s, len, &wc);
        int cw = wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        s += k;
        len -= k;
    }
    return w;
}

void tui_fmt_ms(const struct tui *ui, int64_t ms, char *buf, size_t size)
{
    if (ui->fake_clock)
        snprintf(buf, size, ms < 1000 ? "#ms" : "#s");
    else if (ms < 1000)
        snprintf(buf, size, "%lldms", (long long)ms);
    else
        snprintf(buf, size, "%.1fs", (double)ms / 1000.0);
}

static int bar_attr(const struct tui *ui)
{
    return ui->colors ? (int)COLOR_PAIR(3) : A_REVERSE;
}

static void draw_header(struct tui *ui)
{
    struct app *app = ui->app;
    char site[80], line[300];
    bento_sanitize_line(app->profile.site_uuid, strlen(app->profile.site_uuid), site, sizeof site);
    snprintf(line, sizeof line, " bento-console%s  profile: %s  site: %s",
             app->demo ? "  [DEMO]" : "", ui->profile_name, site[0] ? site : "(none)");
    attron(bar_attr(ui));
    mvhline(0, 0, ' ', COLS);
    attroff(bar_attr(ui));
    tui_draw_str(0, 0, COLS, line, bar_attr(ui) | A_BOLD);
}

/* Room kept right of the tabs for the pane's count. */
#define TAB_COUNT_ROOM 20

/* The pane the tabs were laid out for, as drawn last (clicks hit those). */
static int tabs_current = -1;

static int tab_full_width(int i)
{
    return (int)(strlen(tui_panes[i].key) + strlen(tui_panes[i].title)) + 3;
}

/* Narrow screens name only the current tab; the others show their keys. */
static bool tabs_narrow(void)
{
    int full = 0;
    for (int j = 0; j < TP__COUNT; j++)
        full += tab_full_width(j);
    return full + TAB_COUNT_ROOM > COLS;
}

static int tab_width(int i)
{
    return !tabs_narrow() || i == tabs_current ? tab_full_width(i)
                                               : (int)strlen(tui_panes[i].key) + 3;
}

/* Each tab as wide as its " KEY TITLE " (the current one in brackets). */
int tui_tab_x(int i)
{
    int x = 0;
    for (int j = 0; j < i && j < TP__COUNT; j++)
        x += tab_width(j);
    return x;
}

static void draw_tabs(struct tui *ui)
{
    tabs_current = (int)ui->pane;
    bool narrow = tabs_narrow();
    for (int i = 0; i < TP__COUNT; i++) {
        char tab[32];
        bool on = (int)ui->pane == i;
        if (on)
            snprintf(tab, sizeof tab, "[%s %s]", tui_panes[i].key, tui_panes[i].title);
        else if (narrow)
            snprintf(tab, sizeof tab, " %s ", tui_panes[i].key);
        else
            snprintf(tab, sizeof tab, " %s %s ", tui_panes[i].key, tui_panes[i].title);
        int x = tui_tab_x(i);
        tui_draw_str(TUI_TABS_Y, x, COLS - x, tab, on ? A_REVERSE | A_BOLD : 0);
    }
}

/* Short label for the hint line: the last word of the command. */
static const char *hint_label(const struct action *a)
{
    const char *sp = strrchr(a->command, ' ');
    return sp ? sp + 1 : a->command;
}

/* A key an earlier row of this pane takes (Automations' e) is not hinted. */
static bool hint_shown(const struct action *a, unsigned bit)
{
    return a->key && !(a->flags & (ACTION_HIDDEN | ACTION_KEY_DOC)) && (a->panes & bit) &&
           strncmp(a->command, "pane ", 5) != 0 && strcmp(a->key, "^L") != 0 &&
           (!(a->flags & ACTION_CONSOLE) || app_action_for_key(a->key, bit) == a);
}

static int hint_width(const char *key, const char *label)
{
    return tui_str_width(key) + 1 + tui_str_width(label) + 2;
}

#define HINTS_MAX 48

/* The pane's keys from the action table (or from the pane, while one of
 * its views or forms is open: its list ends with "? help" where ? is
 * help), into out; their count. */
static size_t hints_of(struct tui *ui, struct tui_hint *out)
{
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    const struct tui_hint *own = ui->edit ? tui_edit_hints() : ops->hints ? ops->hints(ui) : NULL;
    unsigned bit = tui_panes[ui->pane].bit;
    size_t n = 0;
    if (own) {
        for (; own[n].key && n < HINTS_MAX; n++)
            out[n] = own[n];
        return n;
    }
    for (size_t i = 0; i < bento_action_count && n < HINTS_MAX; i++)
        if (hint_shown(&bento_actions[i], bit))
            out[n++] = (struct tui_hint){bento_actions[i].key, hint_label(&bento_actions[i])};
    return n;
}

/* Whole hints only; when they do not all fit, "? help" keeps the end. */
static void draw_hints(struct tui *ui, int y)
{
    int x = 0, total = 0;
    struct tui_hint h[HINTS_MAX];
    if (ui->overlay && !ui->edit) {
        char line[80];
        snprintf(line, sizeof line, "Esc close  j/k/PgUp/PgDn scroll  ? help  1-%d panes",
                 TP__COUNT);
        tui_draw_str(y, 0, COLS, line, 0);
        return;
    }
    size_t n = hints_of(ui, h);
    for (size_t i = 0; i < n; i++)
        total += hint_width(h[i].key, h[i].label);
    bool squeeze = total - 2 > COLS;
    int room = squeeze ? COLS - 8 : COLS;
    for (size_t i = 0; i < n; i++) {
        if (squeeze && !strcmp(h[i].key, "?"))
            continue;
        if (x + hint_width(h[i].key, h[i].label) - 2 > room)
            break;
        x += draw_clipped(y, x, COLS - x, h[i].key, A_BOLD);
        x += draw_clipped(y, x, COLS - x, " ", 0);
        x += draw_clipped(y, x, COLS - x, h[i].label, 0);
        x += draw_clipped(y, x, COLS - x, "  ", 0);
    }
    if (squeeze) {
        x = COLS - 6;
        x += draw_clipped(y, x, COLS - x, "?", A_BOLD);
        draw_clipped(y, x, COLS - x, " help", 0);
    }
}

static void draw_too_small(void)
{
    char line[120];
    snprintf(line, sizeof line, "Terminal too small (%dx%d).", COLS, LINES);
    tui_draw_str(0, 0, COLS, line, A_BOLD);
    snprintf(line, sizeof line, "Need at least %dx%d.", TUI_MIN_COLS, TUI_MIN_ROWS);
    tui_draw_str(1, 0, COLS, line, 0);
    tui_draw_str(2, 0, COLS, "Enlarge it, or press q to quit.", 0);
}

static void draw_pane(struct tui *ui, int y0, int rows)
{
    if (ui->edit) {
        tui_edit_draw(ui, y0, rows);
        return;
    }
    if (ui->overlay) {
        text_draw(ui, y0, rows);
        return;
    }
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    if (ops->draw)
        ops->draw(ui, y0, rows);
}

/* The built-in editor, when shown, has its cursor at *y, *x. */
static bool editor_cursor(const struct tui *ui, int *y, int *x)
{
    if (ui->form || tui_too_small())
        return false;
    if (ui->edit)
        return tui_edit_cursor(ui, y, x);
    if (ui->overlay)
        return false;
    return (ui->pane == TP_COMPOSE && tui_compose_cursor(ui, y, x)) ||
           (ui->pane == TP_BROADCASTS && tui_broadcasts_cursor(ui, y, x));
}

void tui_draw(struct tui *ui)
{
    int cy, cx;
    ui->dirty = false;
    erase();
    if (ui->form) {
        form_draw(ui);
    } else if (tui_too_small()) {
        draw_too_small();
    } else {
        draw_header(ui);
        draw_tabs(ui);
        int asked = ui->confirm ? tui_confirm_rows(ui) - 1 : 0;
        int status_y = LINES - TUI_FOOTER_ROWS + 1 - tui_status_rows(ui) - asked;
        draw_pane(ui, TUI_PANE_Y, status_y - TUI_PANE_Y);
        tui_draw_status(ui, status_y);
        if (ui->confirm)
            confirm_draw(ui);
        else if (!ui->prompt_active)
            draw_hints(ui, LINES - 1);
    }
    if (ui->form) {
        /* form_draw placed the cursor */
    } else if (ui->prompt_active) {
        prompt_draw(ui);
    } else if (editor_cursor(ui, &cy, &cx)) {
        curs_set(1);
        move(cy, cx);
        wnoutrefresh(stdscr);
    } else {
        curs_set(0);
        wnoutrefresh(stdscr);
    }
    doupdate();
}
