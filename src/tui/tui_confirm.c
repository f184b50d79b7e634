/* y/N questions on the hint line; anything but y answers No. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "tui/tui.h"

void confirm_ask(struct tui *ui, enum tui_confirm what, const char *msg)
{
    ui->confirm = what;
    snprintf(ui->confirm_msg, sizeof ui->confirm_msg, "%s", msg);
    ui->dirty = true;
}

static void forget(struct tui *ui)
{
    ui->confirm = CF_NONE;
    free(ui->confirm_id);
    free(ui->confirm_name);
    ui->confirm_id = ui->confirm_name = NULL;
}

void confirm_key(struct tui *ui, int key)
{
    enum tui_confirm what = ui->confirm;
    bool yes = key == 'y' || key == 'Y';
    if (what == CF_DELETE && yes && ui->confirm_id)
        tui_post_owned(ui, bento_request_tags_delete(ui->confirm_id, ui->confirm_name),
                       tui_tag_deleted, strdup(ui->confirm_name), free);
    else if (what == CF_DELETE)
        tui_flash(ui, false, "Not deleted.");
    if (what == CF_QUIT && yes)
        tui_quit(ui);
    if (what == CF_SUBS)
        subs_confirmed(ui, yes);
    if (what == CF_IMPORT)
        tui_import_confirmed(ui, yes);
    if (what == CF_PEOPLE && yes && ui->confirm_id)
        tui_people_send(ui, ui->confirm_id, ui->confirm_name);
    else if (what == CF_PEOPLE)
        tui_flash(ui, false, "Nothing sent.");
    forget(ui);
}

void confirm_draw(struct tui *ui)
{
    char line[400];
    snprintf(line, sizeof line, "? %s [y/N] ", ui->confirm_msg);
    move(LINES - 1, 0);
    clrtoeol();
    tui_draw_str(LINES - 1, 0, COLS, line, A_BOLD);
}
