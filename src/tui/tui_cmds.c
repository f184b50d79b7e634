/* Console handlers named in the action table. With no arguments (a key)
 * they prompt for what they need; from the `:` line they take words. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/profile.h"
#include "bento/sanitize.h"
#include "bento/validate.h"
#include "app/app.h"
#include "tui/tui.h"

void tui_set_filter(struct tui *ui, enum tui_pane pane, const char *text)
{
    snprintf(ui->filter[pane], sizeof ui->filter[pane], "%s", text);
    if (tui_panes[pane].ops->filter)
        tui_panes[pane].ops->filter(ui, ui->filter[pane]);
    ui->dirty = true;
}

/* Panes with no filter of their own filter Tags. */
enum tui_pane tui_filter_pane(const struct tui *ui)
{
    return tui_pane_ops(ui)->filter ? ui->pane : TP_TAGS;
}

void tui_cmd_quit(struct tui *ui, int argc, char **argv)
{
    if (ui->outstanding > 0) {
        char msg[120];
        snprintf(msg, sizeof msg, "%zu request%s still in flight. Quit anyway?", ui->outstanding,
                 ui->outstanding == 1 ? " is" : "s are");
        confirm_ask(ui, CF_QUIT, msg);
        return;
    }
    tui_quit(ui);
}

void tui_cmd_help(struct tui *ui, int argc, char **argv)
{
    if (ui->overlay == OV_HELP && argc == 0) {
        ui->overlay = OV_NONE;
        return;
    }
    char topic[100] = "";
    for (int i = 0; i < argc; i++)
        snprintf(topic + strlen(topic), sizeof topic - strlen(topic), "%s%s", i ? " " : "",
                 argv[i]);
    help_open(ui, argc ? topic : NULL);
}

void tui_cmd_doctor(struct tui *ui, int argc, char **argv)
{
    tui_doctor_start(ui);
}

void tui_cmd_pane_tags(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_TAGS);
}

void tui_cmd_pane_subscribers(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_SUBSCRIBERS);
}

void tui_cmd_pane_compose(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_COMPOSE);
}

void tui_cmd_pane_activity(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_ACTIVITY);
}

void tui_cmd_pane_broadcasts(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_BROADCASTS);
}

void tui_cmd_tags_refresh(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_TAGS);
    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-') {
            tui_tags_export(ui, argc, argv);
            return;
        }
    if (argc > 1) {
        tui_flash(ui, true, "! Usage: :tags list [FILTER] [--csv FILE]");
        return;
    }
    if (argc == 1)
        tui_set_filter(ui, TP_TAGS, argv[0]);
    if (ui->tags_list_running)
        tui_flash(ui, false, "A refresh is already running.");
    else
        tui_refresh_tags(ui);
}

int tui_create_tag(struct tui *ui, const char *name)
{
    char clean[BENTO_VALUE_MAX];
    struct bento_error err;
    if (bento_validate_tag_name(name, clean, sizeof clean, &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return -1;
    }
    tui_post_owned(ui, bento_request_tags_create(clean), tui_tag_created, strdup(clean), free);
    return 0;
}

void tui_cmd_tags_create(struct tui *ui, int argc, char **argv)
{
    if (argc == 0)
        prompt_open(ui, PR_TAG_NAME, "");
    else
        tui_create_tag(ui, argv[0]);
}

void tui_cmd_fields_create(struct tui *ui, int argc, char **argv)
{
    if (argc == 0) {
        tui_flash(ui, true, "! Usage: :fields create KEY");
        return;
    }
    tui_post(ui, bento_request_fields_create(argv[0]), tui_field_created, NULL);
}

void tui_cmd_profile_use(struct tui *ui, int argc, char **argv)
{
    struct bento_error err;
    if (argc == 0) {
        tui_flash(ui, true, "! Usage: :profile use NAME");
        return;
    }
    if (ui->app->demo) {
        tui_flash(ui, true, "! The demo account has no profiles: restart without --demo.");
        return;
    }
    if (bento_profile_use(argv[0], &err) < 0) {
        if (strncmp(err.message, "No profile named", 16) == 0)
            tui_flash(ui, true, "! No profile named '%.60s': see `bento-console profile list`",
                      argv[0]);
        else
            tui_report_error(ui, "Could not switch profiles", &err, NULL);
        return;
    }
    snprintf(ui->profile_name, sizeof ui->profile_name, "%s", argv[0]);
    ui->app->profile_name = ui->profile_name;
    tui_calls_drop(ui); /* the old client takes their results with it */
    ui->tags_list_running = ui->refresh_again = false;
    tui_tags_forget(ui);
    if (app_load_profile(ui->app, &err) < 0 || app_reconnect(ui->app, &err) < 0) {
        tui_report_error(ui, "Could not use that profile", &err, NULL);
        return;
    }
    tui_flash(ui, false, "Now using profile %s", ui->profile_name);
    tui_refresh_tags(ui);
}

void tui_cmd_filter(struct tui *ui, int argc, char **argv)
{
    enum tui_pane pane = tui_filter_pane(ui);
    if (argc) {
        tui_show_pane(ui, pane);
        tui_set_filter(ui, pane, argv[0]);
    } else {
        prompt_open(ui, PR_FILTER, ui->filter[pane]);
    }
}

static void sort_pane(struct tui *ui, const char *column, bool reverse)
{
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    if (ops->sort)
        ops->sort(ui, column, reverse);
    else
        tui_flash(ui, true,
                  "! Nothing to sort here: lists sort in Tags, Subscribers and Activity.");
}

void tui_cmd_sort(struct tui *ui, int argc, char **argv)
{
    sort_pane(ui, argc ? argv[0] : NULL, false);
}

void tui_cmd_sort_reverse(struct tui *ui, int argc, char **argv)
{
    sort_pane(ui, NULL, true);
}

void tui_cmd_open(struct tui *ui, int argc, char **argv)
{
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    if (ops->open_selected)
        ops->open_selected(ui);
}

void tui_cmd_command_line(struct tui *ui, int argc, char **argv)
{
    prompt_open(ui, PR_COMMAND, "");
}

void tui_cmd_redraw(struct tui *ui, int argc, char **argv)
{
    clearok(curscr, TRUE);
    ui->dirty = true;
}
