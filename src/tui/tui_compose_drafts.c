/* Saved drafts: a list to open, duplicate, rename and delete, and the
 * commands that save the form under a name or start a new one. Opening a
 * draft never loses the form on screen: it is saved as a draft first. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

static bool form_empty(const struct bento_compose *f)
{
    return !f->to_count && !f->from && !f->subject && !f->html && !f->var_count;
}

static void reload(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    bento_draft_list_free(&c->drafts);
    memset(&c->drafts, 0, sizeof c->drafts);
    if (bento_draft_list(&c->drafts, &err) < 0)
        tui_flash(ui, true, "! Could not list the drafts: %s", err.message);
    if (c->pick >= c->drafts.count)
        c->pick = c->drafts.count ? c->drafts.count - 1 : 0;
}

void tui_compose_drafts_open(struct tui *ui)
{
    tui_compose_init(ui);
    ui->pane = TP_COMPOSE;
    ui->compose->pick = 0;
    ui->compose->delete_asked = false;
    reload(ui);
    ui->compose->mode = CM_DRAFTS;
}

/* Save the form under its name, or a new one; false on failure. */
bool tui_compose_save_named(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    if (!c->draft_id[0] && bento_draft_new_id(c->draft_id, sizeof c->draft_id, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return false;
    }
    if (bento_draft_save(c->draft_id, &c->form, &err) < 0) {
        tui_flash(ui, true, "! Could not save the draft: %s", err.message);
        return false;
    }
    return true;
}

void tui_compose_save_ask(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    char name[BENTO_DRAFT_ID_MAX];
    if (c->draft_id[0])
        snprintf(name, sizeof name, "%s", c->draft_id);
    else if (bento_draft_new_id(name, sizeof name, &err) < 0)
        name[0] = 0;
    c->rename_from[0] = 0;
    prompt_open(ui, PR_DRAFT_NAME, name);
}

const char *tui_compose_draft_name_text(const struct tui *ui)
{
    static char text[BENTO_DRAFT_ID_MAX + 32];
    const char *from = ui->compose->rename_from;
    if (!from[0])
        return "Save draft as: ";
    snprintf(text, sizeof text, "Rename draft %s to: ", from);
    return text;
}

/* Another draft's name is refused: saving over it would lose it. */
static bool save_as(struct tui *ui, const char *name)
{
    struct compose_pane *c = ui->compose;
    if (!bento_draft_id_valid(name) || !strcmp(name, BENTO_DRAFT_AUTOSAVE)) {
        tui_flash(ui, true, "! A draft name uses letters, digits, - and _ (not \"%s\").",
                  BENTO_DRAFT_AUTOSAVE);
        return false;
    }
    if (strcmp(name, c->draft_id) != 0 && bento_draft_exists(name)) {
        tui_flash(ui, true, "! A draft named '%s' exists: pick another name", name);
        return false;
    }
    char kept[BENTO_DRAFT_ID_MAX];
    snprintf(kept, sizeof kept, "%s", c->draft_id);
    snprintf(c->draft_id, sizeof c->draft_id, "%.63s", name);
    if (!tui_compose_save_named(ui)) {
        snprintf(c->draft_id, sizeof c->draft_id, "%s", kept);
        return false;
    }
    tui_flash(ui, false, "Saved as draft %s (D lists drafts).", name);
    return true;
}

static bool rename_to(struct tui *ui, const char *name)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    if (bento_draft_rename(c->rename_from, name, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return false;
    }
    if (!strcmp(c->draft_id, c->rename_from))
        snprintf(c->draft_id, sizeof c->draft_id, "%s", name);
    tui_flash(ui, false, "Renamed draft %s to %s.", c->rename_from, name);
    c->rename_from[0] = 0;
    reload(ui);
    return true;
}

/* The name prompt's answer: a refused name is asked again, as typed. */
void tui_compose_draft_name_done(struct tui *ui, const char *line)
{
    struct compose_pane *c = ui->compose;
    char name[BENTO_DRAFT_ID_MAX * 2];
    size_t skip = strspn(line, " \t"), n = strlen(line + skip);
    while (n > 0 && (line[skip + n - 1] == ' ' || line[skip + n - 1] == '\t'))
        n--;
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name - 1 ? n : sizeof name - 1),
             line + skip);
    bool ok = c->rename_from[0] ? rename_to(ui, name) : save_as(ui, name);
    if (!ok)
        prompt_open(ui, PR_DRAFT_NAME, name);
}

/* Keep what is on screen (when there is anything) before replacing it. */
static bool keep_current(struct tui *ui)
{
    if (form_empty(&ui->compose->form))
        return true;
    return tui_compose_save_named(ui);
}

void tui_compose_new(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    tui_compose_init(ui);
    if (!keep_current(ui))
        return;
    char kept[BENTO_DRAFT_ID_MAX];
    snprintf(kept, sizeof kept, "%s", form_empty(&c->form) ? "" : c->draft_id);
    bento_compose_free(&c->form);
    bento_compose_init(&c->form);
    c->draft_id[0] = 0;
    c->result[0] = c->from_error[0] = 0;
    c->focus = CR_TO;
    c->mode = CM_FORM;
    tui_compose_changed(ui);
    if (kept[0])
        tui_flash(ui, false, "New email. The previous one is kept as draft %s (D lists drafts).",
                  kept);
}

static void open_draft(struct tui *ui, const char *id)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    struct bento_compose loaded;
    bento_compose_init(&loaded);
    if (bento_draft_load(id, &loaded, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        bento_compose_free(&loaded);
        return;
    }
    if (strcmp(id, c->draft_id) != 0 && !keep_current(ui)) {
        bento_compose_free(&loaded);
        return;
    }
    bento_compose_free(&c->form);
    c->form = loaded;
    snprintf(c->draft_id, sizeof c->draft_id, "%s", strcmp(id, BENTO_DRAFT_AUTOSAVE) ? id : "");
    c->result[0] = c->from_error[0] = 0;
    c->mode = CM_FORM;
    tui_compose_changed(ui);
    tui_flash(ui, false, "Opened draft %s.", id);
}

static void delete_selected(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    const struct bento_draft_info *d = &c->drafts.items[c->pick];
    if (bento_draft_delete(d->id, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return;
    }
    tui_flash(ui, false, "Deleted draft %s.", d->id);
    if (!strcmp(d->id, c->draft_id))
        c->draft_id[0] = 0;
    reload(ui);
}

static void duplicate_selected(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    char id[BENTO_DRAFT_ID_MAX];
    if (bento_draft_duplicate(c->drafts.items[c->pick].id, id, sizeof id, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return;
    }
    tui_flash(ui, false, "Copied to draft %s.", id);
    reload(ui);
}

bool tui_compose_drafts_key(struct tui *ui, int key)
{
    struct compose_pane *c = ui->compose;
    bool asked = c->delete_asked;
    c->delete_asked = false;
    if (key == 27 || key == 'q') {
        c->mode = CM_FORM;
        return true;
    }
    if (!c->drafts.count)
        return false;
    if (asked) {
        if (key == 'y' || key == 'Y')
            delete_selected(ui);
        else
            tui_flash(ui, false, "Not deleted.");
        return true;
    }
    switch (key) {
    case 'j':
    case KEY_DOWN:
        if (c->pick + 1 < c->drafts.count)
            c->pick++;
        return true;
    case 'k':
    case KEY_UP:
        if (c->pick)
            c->pick--;
        return true;
    case '\n':
    case '\r':
    case KEY_ENTER: open_draft(ui, c->drafts.items[c->pick].id); return true;
    case 'c': duplicate_selected(ui); return true;
    case 'r':
        snprintf(c->rename_from, sizeof c->rename_from, "%s", c->drafts.items[c->pick].id);
        prompt_open(ui, PR_DRAFT_NAME, c->rename_from);
        return true;
    case 'd': c->delete_asked = true; return true;
    default: return false;
    }
}

void tui_compose_drafts_draw(struct tui *ui, int y0, int rows)
{
    struct compose_pane *c = ui->compose;
    tui_draw_str(y0, 0, COLS, " Drafts  (Enter opens, c copies, r renames, d deletes, Esc back)",
                 A_BOLD | A_UNDERLINE);
    if (!c->drafts.count)
        tui_draw_str(y0 + 2, 2, COLS - 4, "No drafts yet: w saves the email as one.", 0);
    for (size_t i = 0; i < c->drafts.count && (int)i + 1 < rows - 1; i++) {
        const struct bento_draft_info *d = &c->drafts.items[i];
        char when[40], line[400];
        subs_fmt_time(ui, d->saved_ms / 1000, when, sizeof when);
        snprintf(line, sizeof line, "%-20s %-16s %3zu to %s %s", d->id, when, d->recipients,
                 d->transactional ? "T" : " ",
                 d->broken ? "(unreadable: d deletes it)" : d->subject);
        bool on = i == c->pick;
        tui_draw_str(y0 + 1 + (int)i, 0, 2, on ? "> " : "  ", A_BOLD);
        tui_draw_str(y0 + 1 + (int)i, 2, COLS - 2, line, on ? A_REVERSE : 0);
    }
    if (c->delete_asked && c->pick < c->drafts.count) {
        char q[200];
        snprintf(q, sizeof q, "Delete draft %s? [y/N]", c->drafts.items[c->pick].id);
        tui_draw_str(y0 + rows - 1, 1, COLS - 2, q, A_BOLD | A_REVERSE);
    }
}
