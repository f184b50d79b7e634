/* `e`: the last message shown, read whole (an error with where it
 * happened), and the recent ones under it, newest first. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/wrap.h"
#include "tui/tui.h"

/* Add text as lines of at most width columns, broken between words
 * (app/wrap.h); the lines after the first are indented two spaces. */
static void add_wrapped(struct text_view *t, const char *indent, const char *text, int width)
{
    int room = width - tui_str_width(indent);
    if (room < 20)
        room = 20;
    const char *p = text;
    while (*p) {
        size_t next, len = app_wrap_line(p, room, false, &next);
        text_add(t, "%s%.*s", indent, (int)len, p);
        p += next;
        indent = "  ";
        room = width - 2;
    }
}

static void last_error(struct tui *ui, int width)
{
    const struct bento_error *e = &ui->last_err;
    char line[600];
    snprintf(line, sizeof line, "! %s", e->message);
    add_wrapped(&ui->text, "", line, width);
    text_add(&ui->text, "Kind:    %s", bento_error_kind_name(e->kind));
    if (e->http_status)
        text_add(&ui->text, "HTTP:    %d", e->http_status);
    add_wrapped(&ui->text, "Where:   ", ui->last_err_ctx, width);
    if (e->detail[0]) {
        text_add(&ui->text, "Detail:");
        text_add_block(&ui->text, e->detail, "  ");
    }
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "Every attempt is in the Activity pane (4).");
}

static void recent_list(struct tui *ui, int width)
{
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "Recent messages, newest first:");
    const struct tui_recent *r;
    for (size_t i = 0; (r = tui_recent_at(ui, i)) != NULL; i++) {
        char when[16] = "hh:mm:ss";
        struct tm tm;
        if (!ui->fake_clock && localtime_r(&r->at, &tm))
            strftime(when, sizeof when, "%H:%M:%S", &tm);
        char line[600];
        snprintf(line, sizeof line, "%s  %s", when, r->text);
        add_wrapped(&ui->text, "", line, width);
    }
}

void tui_cmd_errors(struct tui *ui, int argc, char **argv)
{
    const struct tui_recent *last = tui_recent_at(ui, 0);
    if (!last) {
        tui_flash(ui, false, "No messages so far.");
        ui->recent_head = ui->recent_count = 0; /* this answer is not one */
        return;
    }
    int width = COLS - 2;
    text_open(ui, "Last message");
    if (last->err && ui->have_err)
        last_error(ui, width);
    else
        add_wrapped(&ui->text, "", last->text, width);
    recent_list(ui, width);
}
