/* Console handlers of the Compose pane named in the action table. */
#include <stdlib.h>
#include <string.h>

#include "app/addresses.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

void tui_cmd_compose_preview(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    ui->compose->mode = ui->compose->mode == CM_PREVIEW ? CM_FORM : CM_PREVIEW;
    ui->compose->preview_top = 0;
}

void tui_cmd_compose_send(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    tui_compose_review(ui, false);
}

void tui_cmd_compose_test(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    tui_compose_review(ui, true);
}

void tui_cmd_compose_drafts(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    tui_compose_drafts_open(ui);
}

void tui_cmd_compose_save(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    if (tui_compose_save_named(ui))
        tui_flash(ui, false, "Saved as draft %s (D lists drafts).", ui->compose->draft_id);
}

void tui_cmd_compose_new(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    tui_compose_new(ui);
}

/* Recipients from a file: one address a line, or a CSV with an email
 * column; bad lines are counted, not sent. */
void tui_cmd_compose_to_file(struct tui *ui, int argc, char **argv)
{
    struct address_list l = {0};
    struct bento_error err;
    tui_show_pane(ui, TP_COMPOSE);
    if (argc != 1) {
        tui_flash(ui, true, "! Usage: :compose to-file FILE");
        return;
    }
    if (address_list_read_file(&l, argv[0], &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        address_list_free(&l);
        return;
    }
    bento_compose_clear_to(&ui->compose->form);
    for (size_t i = 0; i < l.count; i++)
        bento_compose_add_to(&ui->compose->form, l.items[i]);
    tui_compose_changed(ui);
    tui_flash(ui, l.reject_count > 0, "%s%zu recipient%s from %.100s%s", l.reject_count ? "! " : "",
              l.count, l.count == 1 ? "" : "s", argv[0],
              l.reject_count ? "; some lines were not addresses and were left out" : "");
    address_list_free(&l);
}
