/* y/N questions on the hint line; anything but y answers No. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "tui/tui.h"
#include "tui/tui_template_edit.h"

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
    if (what == CF_SUBS_FORGET)
        subs_forget_confirmed(ui, yes);
    if (what == CF_PEOPLE && yes && ui->confirm_id)
        tui_people_send(ui, ui->confirm_id, ui->confirm_name);
    else if (what == CF_PEOPLE)
        tui_flash(ui, false, "Nothing sent.");
    if (what == CF_TEMPLATE)
        tui_template_confirmed(ui, yes);
    forget(ui);
}

static void question(const struct tui *ui, char *line, size_t size)
{
    snprintf(line, size, "? %s [y/N] ", ui->confirm_msg);
}

int tui_confirm_rows(const struct tui *ui)
{
    char line[400];
    question(ui, line, sizeof line);
    return tui_draw_wrapped(-1, 0, 2, COLS, TUI_STATUS_MAX_ROWS, line, NULL, 0);
}

void confirm_draw(struct tui *ui)
{
    char line[400];
    question(ui, line, sizeof line);
    int rows = tui_confirm_rows(ui);
    for (int y = LINES - rows; y < LINES; y++) {
        move(y, 0);
        clrtoeol();
    }
    tui_draw_wrapped(LINES - rows, 0, 2, COLS, rows, line, NULL, A_BOLD);
}
