/* The versions of a template kept in the local history, in a text view:
 * j/k choose one, Enter previews it, d diffs it against the template on
 * Bento now, r restores it (a PATCH like an edit: the diff, y, and the
 * current version kept first). Esc in a preview or diff goes back to the
 * list. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_template_edit.h"
#include "tui/tui_template_internal.h"

#define LIST_HEAD 3 /* lines above the first version */

static const struct bento_template_version *selected(void)
{
    struct tmpl_state *st = tmpl_state();
    return st->sel < st->hist.count ? &st->hist.items[st->sel] : NULL;
}

static void version_line(struct tui *ui, size_t i)
{
    struct tmpl_state *st = tmpl_state();
    const struct bento_template_version *v = &st->hist.items[i];
    char when[32];
    subs_fmt_time(ui, v->saved_at, when, sizeof when);
    char *subject = bento_sanitize_dup(v->subject ? v->subject : "(no subject kept)");
    text_add(&ui->text, "%c %-7ld  %-16s  %8zu  %.200s", i == st->sel ? '>' : ' ', v->number, when,
             v->html ? strlen(v->html) : 0, subject ? subject : "");
    free(subject);
}

void tmpl_list_draw(struct tui *ui)
{
    struct tmpl_state *st = tmpl_state();
    text_open(ui, st->list_title);
    st->view_title[0] = '\0';
    if (!st->hist.count) {
        text_add(&ui->text,
                 "No versions of template %.64s are kept here yet: each change made from the "
                 "console or the command line keeps the one it replaces.",
                 st->id);
        return;
    }
    text_add(&ui->text, "Versions kept before each change, newest first:");
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "  %-7s  %-16s  %8s  %s", "VERSION", "SAVED", "BYTES", "SUBJECT");
    for (size_t i = 0; i < st->hist.count; i++)
        version_line(ui, i);
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "Enter previews the version marked >, d diffs it against the template on "
                        "Bento now, r restores it.");
    int body = tui_list_rows();
    size_t row = LIST_HEAD + st->sel;
    if (body > 0 && row >= (size_t)body)
        ui->text.top = row - (size_t)body + 1;
}

void tui_template_history(struct tui *ui, const char *template_id)
{
    struct tmpl_state *st = tmpl_state();
    char id[BENTO_VALUE_MAX];
    struct bento_error err;
    if (bento_validate_id(template_id ? template_id : "", id, sizeof id, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return;
    }
    if (st->stage != TS_NONE) {
        tui_flash(ui, true, "! A change to template %.64s is under way: finish it first.", st->id);
        return;
    }
    bento_template_history_free(&st->hist);
    if (bento_template_history_load(app_cache_name(ui->app), id, &st->hist, &err) < 0) {
        tui_report_error(ui, "Could not read the template history", &err, NULL);
        return;
    }
    snprintf(st->id, sizeof st->id, "%s", id);
    snprintf(st->list_title, sizeof st->list_title, "Template %.64s: kept versions", id);
    st->sel = 0;
    tmpl_list_draw(ui);
}

static void preview(struct tui *ui, const struct bento_template_version *v)
{
    struct tmpl_state *st = tmpl_state();
    char title[128];
    snprintf(title, sizeof title, "Template %.64s, version %ld (Esc: the list)", st->id, v->number);
    text_open(ui, title);
    snprintf(st->view_title, sizeof st->view_title, "%s", title);
    tui_preview_add(ui, v->subject ? v->subject : "", v->html ? v->html : "");
}

struct diff_ctx {
    uintptr_t gen;
    long number;
};

static void diffed(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct tmpl_state *st = tmpl_state();
    struct diff_ctx *d = ctx;
    const struct bento_template_version *v = bento_template_history_find(&st->hist, d->number);
    const struct bento_template *now = &r->content.tmpl;
    if (d->gen != st->gen || !v)
        return;
    if (r->err.kind != BENTO_OK || !now->found) {
        if (r->err.kind != BENTO_OK)
            tui_report_error(ui, "Could not read the template to diff against", &r->err, r);
        else
            tui_flash(ui, true, "! Template %.64s is no longer on Bento.", st->id);
        return;
    }
    char name[32];
    snprintf(name, sizeof name, "version %ld", v->number);
    char *diff = tmpl_diff(ui, name, v->subject, v->html, "on Bento now", now->subject, now->html);
    if (!diff)
        return;
    char title[128];
    snprintf(title, sizeof title, "Template %.64s: version %ld against now (Esc: the list)", st->id,
             v->number);
    text_open(ui, title);
    snprintf(st->view_title, sizeof st->view_title, "%s", title);
    if (*diff)
        tmpl_add_diff(ui, diff);
    else
        text_add(&ui->text, "Version %ld is the same as the template on Bento now.", v->number);
    free(diff);
}

static void diff_selected(struct tui *ui, const struct bento_template_version *v)
{
    struct tmpl_state *st = tmpl_state();
    struct diff_ctx *d = malloc(sizeof *d);
    if (!d) {
        tui_flash(ui, true, "! Out of memory.");
        return;
    }
    d->gen = st->gen;
    d->number = v->number;
    tui_post_owned(ui, bento_request_template_get(st->id), diffed, d, free);
}

/* Keys of the list and of the views opened from it; false for others. */
bool tui_template_key(struct tui *ui, int key)
{
    struct tmpl_state *st = tmpl_state();
    bool list = st->list_title[0] && !strcmp(ui->text.title, st->list_title);
    bool view = st->view_title[0] && !strcmp(ui->text.title, st->view_title);
    bool enter = key == '\n' || key == '\r' || key == KEY_ENTER;
    if (view && (key == 27 || key == 'q')) {
        tmpl_list_draw(ui);
        return true;
    }
    const struct bento_template_version *v = list ? selected() : NULL;
    if (!v)
        return false;
    if (key == 'j' || key == KEY_DOWN || key == 'k' || key == KEY_UP) {
        bool down = key == 'j' || key == KEY_DOWN;
        if (down && st->sel + 1 < st->hist.count)
            st->sel++;
        else if (!down && st->sel > 0)
            st->sel--;
        tmpl_list_draw(ui);
    } else if (enter) {
        preview(ui, v);
    } else if (key == 'd') {
        diff_selected(ui, v);
    } else if (key == 'r') {
        st->list_title[0] = '\0'; /* the review replaces the list */
        tmpl_begin(ui, st->id, v->number);
    } else {
        return false;
    }
    return true;
}
