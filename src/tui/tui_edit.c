/* The one way the console edits a body: `$VISUAL` or `$EDITOR` when set
 * (through src/app/child.c: no API keys in its environment, none of our
 * descriptors, the terminal handed over), else the built-in editor
 * (tui_compose_editor.c's lines), shown in the pane's place until Esc
 * or ^X. Compose and the broadcast draft form keep the built-in editor
 * inside their own forms; the template edit and the Automations append
 * form use the built-in one from here. */
#define _GNU_SOURCE /* mkstemps */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/child.h"
#include "app/file_text.h"
#include "tui/tui.h"
#include "tui/tui_editor.h"

struct tui_edit {
    struct compose_editor ed;
    char title[200];
    tui_edit_done_fn *done;
    void *ctx;
    int cursor_y, cursor_x;
};

int tui_run_editor(const char *editor, const char *path)
{
    def_prog_mode();
    endwin();
    int status = app_child_run_editor(editor, path);
    reset_prog_mode();
    clearok(curscr, TRUE);
    return status;
}

static bool write_body_file(const char *html, char *path, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/bento-body-XXXXXX.html", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(path, 5); /* 0600; closed before the editor starts */
    if (fd < 0)
        return false;
    size_t len = html ? strlen(html) : 0;
    bool ok = len == 0 || write(fd, html, len) == (ssize_t)len;
    close(fd);
    if (!ok)
        unlink(path);
    return ok;
}

static const char *user_editor(void)
{
    const char *editor = getenv("VISUAL");
    if (!editor || !*editor)
        editor = getenv("EDITOR");
    return editor && *editor ? editor : NULL;
}

int tui_edit_in_editor(struct tui *ui, const char *text, char **out)
{
    const char *editor = user_editor();
    struct bento_error err;
    char path[512];
    *out = NULL;
    if (!editor)
        return 0;
    if (!write_body_file(text, path, sizeof path)) {
        tui_flash(ui, true, "! Could not write a temporary file for the editor.");
        return -1;
    }
    int status = tui_run_editor(editor, path);
    if (status == 0)
        *out = app_file_text(path, APP_FILE_TEXT_MAX, NULL, &err);
    unlink(path);
    ui->dirty = true;
    if (!*out) {
        tui_flash(ui, true, "! The editor (%.60s) exited with an error; the body is unchanged.",
                  editor);
        return -1;
    }
    return 1;
}

void tui_edit_text(struct tui *ui, const char *title, const char *text, tui_edit_done_fn *done,
                   void *ctx)
{
    char *edited = NULL;
    int r = tui_edit_in_editor(ui, text, &edited);
    if (r != 0) {
        done(ui, edited, ctx);
        free(edited);
        return;
    }
    struct tui_edit *e = calloc(1, sizeof *e);
    if (!e) {
        tui_flash(ui, true, "! Out of memory opening the editor; the body is unchanged.");
        done(ui, NULL, ctx);
        return;
    }
    tui_editor_load(&e->ed, text ? text : "");
    snprintf(e->title, sizeof e->title, "%s", title);
    e->done = done, e->ctx = ctx;
    ui->edit = e;
    ui->dirty = true;
}

bool tui_edit_key(struct tui *ui, int key)
{
    struct tui_edit *e = ui->edit;
    if (!e)
        return false;
    if (tui_editor_key(&e->ed, key) != TUI_EDITOR_CLOSE)
        return true;
    char *text = tui_editor_text(&e->ed);
    ui->edit = NULL; /* done may open another */
    if (!text)
        tui_flash(ui, true, "! Out of memory keeping the body; it is unchanged.");
    e->done(ui, text, e->ctx);
    free(text);
    tui_editor_clear(&e->ed);
    free(e);
    ui->dirty = true;
    return true;
}

void tui_edit_draw(struct tui *ui, int y0, int rows)
{
    struct tui_edit *e = ui->edit;
    tui_editor_draw(&e->ed, e->title, y0, rows, &e->cursor_y, &e->cursor_x);
}

bool tui_edit_cursor(const struct tui *ui, int *y, int *x)
{
    if (!ui->edit)
        return false;
    *y = ui->edit->cursor_y, *x = ui->edit->cursor_x;
    return true;
}

const struct tui_hint *tui_edit_hints(void)
{
    static const struct tui_hint hints[] = {
        {"Esc", "keep"}, {"^X", "keep"}, {"arrows", "move"}, {"Enter", "new line"}, {NULL, NULL},
    };
    return hints;
}

void tui_edit_free(struct tui *ui)
{
    if (!ui->edit)
        return;
    tui_editor_clear(&ui->edit->ed);
    free(ui->edit);
    ui->edit = NULL;
}
