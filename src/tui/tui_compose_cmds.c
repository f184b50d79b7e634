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
    ui->compose->rename_from[0] = 0; /* a cancelled rename must not linger */
    if (argc == 1)
        tui_compose_draft_name_done(ui, argv[0]);
    else
        tui_compose_save_ask(ui);
}

/* b: the email on screen as a Bento broadcast draft, through the form. */
void tui_cmd_compose_broadcast(struct tui *ui, int argc, char **argv)
{
    const struct bento_compose *f = &ui->compose->form;
    tui_compose_init(ui);
    tui_broadcasts_draft_open(ui, f->from ? f->from : "", f->subject ? f->subject : "",
                              f->html ? f->html : "");
}

/* c: Bento's blacklists and moderation on the email on screen. */
void tui_cmd_compose_bento_check(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    tui_compose_init(ui);
    ui->compose->mode = CM_FORM;
    tui_bento_check_start(ui, &ui->compose->bento, &ui->compose->form);
}

void tui_cmd_compose_new(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
    tui_compose_new(ui);
}

/* "; lines 2, 7 and 9 were not addresses (left out)", the first few. */
static void rejected_rows(const struct address_list *l, char *buf, size_t size)
{
    size_t n = l->reject_count, shown = n < 5 ? n : 5, used = 0;
    buf[0] = 0;
    if (n == 0)
        return;
    used += (size_t)snprintf(buf, size, "; line%s ", n == 1 ? "" : "s");
    for (size_t i = 0; i < shown && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%zu",
                                 i == 0 ? "" : (i + 1 == n ? " and " : ", "), l->rejects[i].row);
    if (used < size)
        snprintf(buf + used, size - used, "%s %s (left out)", n > shown ? " and others" : "",
                 n == 1 ? "was not an address" : "were not addresses");
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
    char left_out[120];
    rejected_rows(&l, left_out, sizeof left_out);
    tui_flash(ui, false, "%zu recipient%s from %.100s%s", l.count, l.count == 1 ? "" : "s", argv[0],
              left_out);
    address_list_free(&l);
}
