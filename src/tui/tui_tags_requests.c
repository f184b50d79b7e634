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
        tags_model_set(ui->tags, &r->tags);
        tags_model_filter(ui->tags, ui->filter[TP_TAGS]);
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

static void tag_changed(struct tui *ui, struct bento_result *r, bool created)
{
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, created ? "Could not create the tag" : "Could not delete the tag",
                         &r->err, r);
        return;
    }
    if (created && r->tags.count && r->tags.items[0].name) {
        char name[200];
        bento_sanitize_line(r->tags.items[0].name, strlen(r->tags.items[0].name), name,
                            sizeof name);
        tui_flash(ui, false, "Created tag \"%s\"", name);
        snprintf(ui->select_name, sizeof ui->select_name, "%s", r->tags.items[0].name);
    } else {
        tui_flash(ui, false, created ? "Tag created" : "Tag deleted");
    }
    refresh_after_change(ui);
}

void tui_tag_created(struct tui *ui, struct bento_result *r, void *ctx)
{
    tag_changed(ui, r, true);
}

void tui_tag_deleted(struct tui *ui, struct bento_result *r, void *ctx)
{
    tag_changed(ui, r, false);
}
