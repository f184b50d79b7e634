/* The Compose pane: one email in a form of six rows, checked as it is
 * typed and saved continuously (the autosave draft), so nothing typed is
 * lost to a failed send, a crash or a kill. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

void tui_compose_changed(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    bento_findings_free(&c->findings);
    memset(&c->findings, 0, sizeof c->findings);
    bento_compose_check(&c->form, c->authors_loaded ? (const char *const *)c->authors : NULL,
                        c->author_count, &c->findings);
    tui_bento_check_seen(ui, &c->bento, &c->form);
    if (tui_compose_autosave_now(ui, &err) < 0)
        tui_flash(ui, true, "! Could not save the draft: %s", err.message);
    ui->dirty = true;
}

static bool form_empty(const struct bento_compose *f)
{
    return !f->to_count && !f->from && !f->subject && !f->html && !f->var_count &&
           !f->transactional;
}

/* First visit: restore the form being edited last time, if any. */
void tui_compose_init(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    if (c->inited)
        return;
    c->inited = true;
    bento_compose_init(&c->form);
    if (bento_draft_load(BENTO_DRAFT_AUTOSAVE, &c->form, &err) == 0) {
        if (!form_empty(&c->form))
            tui_flash(ui, false, "Restored the email you were writing.");
    } else if (err.kind != BENTO_E_NOT_FOUND) {
        tui_flash(ui, true, "! The saved draft could not be read (%s); starting empty.",
                  err.message);
    }
    bento_findings_free(&c->findings);
    memset(&c->findings, 0, sizeof c->findings);
    bento_compose_check(&c->form, NULL, 0, &c->findings);
    tui_compose_load_authors(ui);
}

static void free_authors(struct compose_pane *c)
{
    for (size_t i = 0; i < c->author_count; i++) {
        free(c->authors[i]);
        free(c->author_names[i]);
    }
    free(c->authors);
    free(c->author_names);
    c->authors = c->author_names = NULL;
    c->author_count = 0;
}

void tui_compose_free(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    bento_compose_free(&c->form);
    bento_findings_free(&c->findings);
    bento_draft_list_free(&c->drafts);
    free(c->typed_seen);
    free_authors(c);
    tui_bento_check_free(&c->bento);
    for (size_t i = 0; i < c->ed.count; i++)
        free(c->ed.lines[i]);
    free(c->ed.lines);
    memset(c, 0, sizeof *c);
}

void tui_compose_authors_get(struct tui *ui, struct tui_authors *out)
{
    struct compose_pane *c = ui->compose;
    if (!c->authors_error[0]) /* after a failure, Compose's picker retries (r) */
        tui_compose_load_authors(ui);
    out->emails = (const char *const *)c->authors;
    out->names = (const char *const *)c->author_names;
    out->count = c->author_count;
    out->loaded = c->authors_loaded;
    out->error = c->authors_error;
}

void tui_compose_authors_result(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct compose_pane *c = ui->compose;
    c->authors_running = false;
    if (r->err.kind != BENTO_OK) {
        snprintf(c->authors_error, sizeof c->authors_error, "%s", r->err.message);
        tui_report_error(ui, "Could not load the authors", &r->err, r);
        return;
    }
    c->authors_error[0] = 0;
    free_authors(c);
    size_t n = r->authors.count;
    c->authors = calloc(n + 1, sizeof *c->authors);
    c->author_names = calloc(n + 1, sizeof *c->author_names);
    for (size_t i = 0; c->authors && c->author_names && i < n; i++) {
        const struct bento_author *a = &r->authors.items[i];
        if (!a->email)
            continue;
        c->authors[c->author_count] = strdup(a->email);
        c->author_names[c->author_count++] = strdup(a->name ? a->name : "");
    }
    c->authors_loaded = true;
    if (c->inited)
        tui_compose_changed(ui);
}

static void move_focus(struct compose_pane *c, int delta)
{
    int f = ((int)c->focus + delta + CR__COUNT) % CR__COUNT;
    c->focus = (enum compose_row)f;
}

static bool compose_form_key(struct tui *ui, int key)
{
    struct compose_pane *c = ui->compose;
    switch (key) {
    case '\t':
    case 'j':
    case KEY_DOWN: move_focus(c, 1); return true;
    case KEY_BTAB:
    case 'k':
    case KEY_UP: move_focus(c, -1); return true;
    case '\n':
    case '\r':
    case KEY_ENTER: tui_compose_edit_row(ui); return true;
    case ' ':
        if (c->focus != CR_TRANSACTIONAL)
            return false;
        tui_compose_edit_row(ui);
        return true;
    case 27: return tui_bento_check_stop(ui, &c->bento); /* else Esc is the console's */
    default: return false;
    }
}

/* Keys of the pane's screens; false lets the action table have it. */
bool tui_compose_key(struct tui *ui, int key)
{
    struct compose_pane *c = ui->compose;
    tui_compose_init(ui);
    switch (c->mode) {
    case CM_FORM: return compose_form_key(ui, key);
    case CM_PREVIEW:
        if (key == 27 || key == 'q' || key == 'p') {
            c->mode = CM_FORM;
            return true;
        }
        if (key == 'j' || key == KEY_DOWN)
            c->preview_top++;
        else if ((key == 'k' || key == KEY_UP) && c->preview_top)
            c->preview_top--;
        return true;
    case CM_REVIEW: return tui_compose_review_key(ui, key);
    case CM_AUTHORS: return tui_compose_authors_key(ui, key);
    case CM_DRAFTS: return tui_compose_drafts_key(ui, key);
    case CM_EDITOR: return tui_compose_editor_key(ui, key);
    }
    return false;
}

static int compose_pane_new(struct tui *ui)
{
    ui->compose = calloc(1, sizeof *ui->compose);
    return ui->compose ? 0 : -1;
}

static void compose_pane_free(struct tui *ui)
{
    if (ui->compose)
        tui_compose_free(ui);
    free(ui->compose);
    ui->compose = NULL;
}

bool tui_compose_cursor(const struct tui *ui, int *y, int *x)
{
    if (ui->compose->mode != CM_EDITOR)
        return false;
    *y = ui->compose->cursor_y;
    *x = ui->compose->cursor_x;
    return true;
}

/* The built-in editor takes every key: its own hints, not the form's. */
static const struct tui_hint *compose_hints(struct tui *ui)
{
    return ui->compose && ui->compose->mode == CM_EDITOR ? tui_edit_hints() : NULL;
}

const struct tui_pane_ops tui_compose_pane = {
    .init = compose_pane_new,
    .open = tui_compose_init,
    .draw = tui_compose_pane_draw,
    .key = tui_compose_key,
    .hints = compose_hints,
    .free = compose_pane_free,
};
