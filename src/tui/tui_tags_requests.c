/* The Tags pane's requests: the list, and refreshing it after a change. */
#include <stdio.h>
#include <string.h>

#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_tags_internal.h"

static void tags_listed(struct tui *ui, struct bento_result *r, void *ctx);

void tui_refresh_tags(struct tui *ui)
{
    if (ui->tags_list_running)
        return;
    if (tui_post(ui, bento_request_tags_list(), tags_listed, NULL))
        ui->tags_list_running = true;
}

static void tags_listed(struct tui *ui, struct bento_result *r, void *ctx)
{
    ui->tags_list_running = false;
    if (r->err.kind != BENTO_OK)
        tui_report_error(ui, "Could not load the tags", &r->err, r);
    else {
        /* Keep the place: the row that takes it, or the last. */
        size_t sel = ui->tags->sel, top = ui->tags->top;
        tags_model_set(ui->tags, &r->tags);
        tags_model_filter(ui->tags, ui->filter[TP_TAGS]);
        if (ui->tags->view_count) {
            ui->tags->sel = sel < ui->tags->view_count ? sel : ui->tags->view_count - 1;
            ui->tags->top = top <= ui->tags->sel ? top : ui->tags->sel;
        }
        subs_resolve_all(ui);
        if (ui->select_name[0] && !ui->refresh_again) {
            tags_model_select(ui->tags, ui->select_name);
            ui->select_name[0] = 0;
        }
    }
    if (ui->refresh_again) {
        ui->refresh_again = false;
        tui_refresh_tags(ui);
    }
}

/* After a change: refresh now, or right after the refresh in flight. */
static void refresh_after_change(struct tui *ui)
{
    if (ui->tags_list_running)
        ui->refresh_again = true;
    else
        tui_refresh_tags(ui);
}

/* What the list held before the change: Bento answers a create of an
 * existing name and a delete of a discarded tag as it answers a real one,
 * so the list the console holds tells them apart. */
static void say_created(struct tui *ui, struct bento_result *r, const char *asked)
{
    const char *name = r->tags.count && r->tags.items[0].name ? r->tags.items[0].name : asked;
    const struct tag_row *had = tags_model_find(ui->tags, name);
    char safe[200];
    bento_sanitize_line(name, strlen(name), safe, sizeof safe);
    if (had && had->discarded[0])
        tui_flash(ui, false, "Tag \"%s\" already existed (discarded): nothing new was created",
                  safe);
    else if (had)
        tui_flash(ui, false, "Tag \"%s\" already exists: nothing was created", safe);
    else
        tui_flash(ui, false, "Created tag \"%s\"", safe);
    snprintf(ui->select_name, sizeof ui->select_name, "%s", name);
}

static void say_deleted(struct tui *ui, const char *name)
{
    const struct tag_row *had = tags_model_find(ui->tags, name);
    char safe[200];
    bento_sanitize_line(name, strlen(name), safe, sizeof safe);
    if (had && had->discarded[0])
        tui_flash(ui, false, "Tag \"%s\" was already discarded: nothing changed", safe);
    else
        tui_flash(ui, false, "Tag \"%s\" deleted", safe);
}

static void tag_changed(struct tui *ui, struct bento_result *r, bool created, const char *name)
{
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, created ? "Could not create the tag" : "Could not delete the tag",
                         &r->err, r);
        return;
    }
    if (created)
        say_created(ui, r, name ? name : "");
    else
        say_deleted(ui, name ? name : "");
    refresh_after_change(ui);
}

void tui_tag_created(struct tui *ui, struct bento_result *r, void *ctx)
{
    tag_changed(ui, r, true, ctx);
}

void tui_tag_deleted(struct tui *ui, struct bento_result *r, void *ctx)
{
    tag_changed(ui, r, false, ctx);
}
