/* The built-in body editor, for when neither $VISUAL nor $EDITOR is set:
 * a plain multi-line editor with arrows, Home/End, Enter, Backspace and
 * Delete. Esc (or Ctrl-X) keeps the text and returns to the form. The
 * text is autosaved while it is typed (tui_compose_autosave.c). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"
#include "tui/tui_editor.h"

void tui_editor_clear(struct compose_editor *e)
{
    for (size_t i = 0; i < e->count; i++)
        free(e->lines[i]);
    free(e->lines);
    memset(e, 0, sizeof *e);
}

static bool ed_insert_line(struct compose_editor *e, size_t at, char *line)
{
    if (!line)
        return false;
    if (e->count == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        char **grown = realloc(e->lines, cap * sizeof *grown);
        if (!grown) {
            free(line);
            return false;
        }
        e->lines = grown;
        e->cap = cap;
    }
    memmove(&e->lines[at + 1], &e->lines[at], (e->count - at) * sizeof *e->lines);
    e->lines[at] = line;
    e->count++;
    return true;
}

void tui_editor_load(struct compose_editor *e, const char *text)
{
    tui_editor_clear(e);
    for (const char *p = text ? text : "";;) {
        size_t n = strcspn(p, "\n");
        if (!ed_insert_line(e, e->count, strndup(p, n)))
            break;
        if (!p[n])
            break;
        p += n + 1;
    }
}

void tui_compose_editor_open(struct tui *ui)
{
    tui_editor_load(&ui->compose->ed, ui->compose->form.html);
    ui->compose->mode = CM_EDITOR;
}

char *tui_editor_text(const struct compose_editor *e)
{
    size_t len = 0;
    for (size_t i = 0; i < e->count; i++)
        len += strlen(e->lines[i]) + 1;
    char *text = malloc(len + 1), *o = text;
    for (size_t i = 0; text && i < e->count; i++) {
        size_t n = strlen(e->lines[i]);
        memcpy(o, e->lines[i], n);
        o += n;
        if (i + 1 < e->count)
            *o++ = '\n';
    }
    if (text)
        *o = 0;
    return text;
}

/* The lines joined (allocated), or NULL when out of memory. */
char *tui_compose_editor_text(const struct tui *ui)
{
    return tui_editor_text(&ui->compose->ed);
}

static void ed_close(struct tui *ui)
{
    struct compose_editor *e = &ui->compose->ed;
    char *text = tui_editor_text(e);
    if (text) {
        bento_compose_set_html(&ui->compose->form, text);
        free(text);
    }
    tui_editor_clear(e);
    ui->compose->mode = CM_FORM;
    tui_compose_changed(ui);
}

/* Step over whole UTF-8 characters. */
static size_t prev_char(const char *s, size_t col)
{
    while (col > 0 && ((unsigned char)s[--col] & 0xc0) == 0x80) {
    }
    return col;
}

static size_t next_char(const char *s, size_t col)
{
    if (!s[col])
        return col;
    col++;
    while (((unsigned char)s[col] & 0xc0) == 0x80)
        col++;
    return col;
}

static void ed_insert_byte(struct compose_editor *e, char ch)
{
    char *l = e->lines[e->row];
    size_t n = strlen(l);
    char *grown = realloc(l, n + 2);
    if (!grown)
        return;
    memmove(grown + e->col + 1, grown + e->col, n - e->col + 1);
    grown[e->col++] = ch;
    e->lines[e->row] = grown;
}

static void ed_newline(struct compose_editor *e)
{
    char *l = e->lines[e->row];
    if (ed_insert_line(e, e->row + 1, strdup(l + e->col))) {
        l[e->col] = 0;
        e->row++;
        e->col = 0;
    }
}

static void ed_backspace(struct compose_editor *e)
{
    char *l = e->lines[e->row];
    if (e->col > 0) {
        size_t from = prev_char(l, e->col);
        memmove(l + from, l + e->col, strlen(l + e->col) + 1);
        e->col = from;
        return;
    }
    if (e->row == 0)
        return;
    char *above = e->lines[e->row - 1];
    size_t an = strlen(above);
    char *joined = realloc(above, an + strlen(l) + 1);
    if (!joined)
        return;
    strcpy(joined + an, l);
    e->lines[e->row - 1] = joined;
    free(l);
    memmove(&e->lines[e->row], &e->lines[e->row + 1], (e->count - e->row - 1) * sizeof *l);
    e->count--;
    e->row--;
    e->col = an;
}

static void ed_delete(struct compose_editor *e)
{
    char *l = e->lines[e->row];
    if (l[e->col]) {
        size_t to = next_char(l, e->col);
        memmove(l + e->col, l + to, strlen(l + to) + 1);
    } else if (e->row + 1 < e->count) {
        e->row++;
        e->col = 0;
        ed_backspace(e);
    }
}

static void ed_move(struct compose_editor *e, int key)
{
    const char *l = e->lines[e->row];
    switch (key) {
    case KEY_LEFT: e->col = prev_char(l, e->col); break;
    case KEY_RIGHT: e->col = next_char(l, e->col); break;
    case KEY_HOME: e->col = 0; break;
    case KEY_END: e->col = strlen(l); break;
    case KEY_UP:
        if (e->row > 0)
            e->row--;
        break;
    case KEY_DOWN:
        if (e->row + 1 < e->count)
            e->row++;
        break;
    default: break;
    }
    size_t n = strlen(e->lines[e->row]);
    if (e->col > n)
        e->col = n;
    while (e->col > 0 && ((unsigned char)e->lines[e->row][e->col] & 0xc0) == 0x80)
        e->col--;
}

int tui_editor_key(struct compose_editor *e, int key)
{
    if (key == 27 || key == 24 /* ^X */)
        return TUI_EDITOR_CLOSE;
    if (key == '\n' || key == '\r' || key == KEY_ENTER)
        ed_newline(e);
    else if (key == KEY_BACKSPACE || key == 127 || key == 8)
        ed_backspace(e);
    else if (key == KEY_DC)
        ed_delete(e);
    else if (key >= KEY_MIN)
        ed_move(e, key);
    else if (key == '\t' || (key >= 32 && key < 256 && key != 127))
        ed_insert_byte(e, (char)key);
    if (key < KEY_MIN || key == KEY_BACKSPACE || key == KEY_DC || key == KEY_ENTER)
        return TUI_EDITOR_TYPED;
    return 0;
}

bool tui_compose_editor_key(struct tui *ui, int key)
{
    int done = tui_editor_key(&ui->compose->ed, key);
    if (done == TUI_EDITOR_CLOSE)
        ed_close(ui);
    else if (done == TUI_EDITOR_TYPED)
        tui_compose_typed(ui); /* saved a second later, not on every key */
    return true;               /* every other key belongs to the text */
}

void tui_editor_draw(struct compose_editor *e, const char *title, int y0, int rows, int *cy,
                     int *cx)
{
    int body = rows - 1;
    tui_draw_str(y0, 0, COLS, title, A_BOLD | A_UNDERLINE);
    if (e->row < e->top)
        e->top = e->row;
    if (body > 0 && e->row >= e->top + (size_t)body)
        e->top = e->row - (size_t)body + 1;
    for (int i = 0; i < body && e->top + (size_t)i < e->count; i++) {
        char shown[1024];
        bento_sanitize_line(e->lines[e->top + (size_t)i], strlen(e->lines[e->top + (size_t)i]),
                            shown, sizeof shown);
        tui_draw_str(y0 + 1 + i, 1, COLS - 1, shown, 0);
    }
    char before[1024];
    const char *l = e->lines[e->row];
    size_t n = e->col < sizeof before ? e->col : sizeof before - 1;
    memcpy(before, l, n);
    before[n] = 0;
    *cy = y0 + 1 + (int)(e->row - e->top);
    *cx = 1 + tui_str_width(before);
}

void tui_compose_editor_draw(struct tui *ui, int y0, int rows)
{
    tui_editor_draw(&ui->compose->ed,
                    " Body (built-in editor; Esc keeps it; set $EDITOR to use your own)", y0, rows,
                    &ui->compose->cursor_y, &ui->compose->cursor_x);
}
