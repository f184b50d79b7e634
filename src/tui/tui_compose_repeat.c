/* The same email to the same people again, from the Compose pane: the
 * review says when it was last sent (or that the outcome is unknown),
 * and sending it again takes the word "again" instead of y. Shares the
 * record of recent sends (sendlog.h) with `emails send`. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

static const char WORD[] = "again";

int tui_compose_send_key(const struct tui *ui, const struct bento_compose *out,
                         char key[BENTO_SENDLOG_KEY_SIZE])
{
    char account[512];
    app_import_account(ui->app, account, sizeof account);
    return bento_sendlog_key(account, out, key);
}

/* On entering the review: the record's entry for the outgoing form. */
void tui_compose_repeat_lookup(struct tui *ui, const struct bento_compose *out)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    bento_error_clear(&err);
    c->repeat = 0;
    c->again[0] = '\0';
    if (tui_compose_send_key(ui, out, c->send_key) < 0)
        return;
    c->repeat = bento_sendlog_find(c->send_key, (int64_t)time(NULL), &c->last, &err);
    if (c->repeat < 0)
        snprintf(c->repeat_error, sizeof c->repeat_error, "%s", err.message);
}

static void fmt_when(const struct tui *ui, int64_t at_s, char *out, size_t size)
{
    time_t t = (time_t)at_s;
    struct tm tm;
    if (ui->fake_clock || !localtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%d %H:%M", &tm))
        snprintf(out, size, "YYYY-MM-DD hh:mm");
}

void tui_compose_repeat_draw(struct tui *ui, int *y, int end)
{
    struct compose_pane *c = ui->compose;
    char text[400], when[32];
    if (!c->repeat || *y >= end)
        return;
    if (c->repeat < 0) {
        snprintf(text, sizeof text, "unknown: %s", c->repeat_error);
    } else {
        fmt_when(ui, c->last.at_s, when, sizeof when);
        snprintf(text, sizeof text,
                 c->last.outcome == BENTO_SEND_UNKNOWN
                     ? "%s to these %zu recipient%s: OUTCOME UNKNOWN, it may have been sent"
                     : "%s to these %zu recipient%s: Bento queued it",
                 when, c->last.recipients, c->last.recipients == 1 ? "" : "s");
    }
    tui_draw_str(*y, 2, 16, "Sent before", A_BOLD);
    tui_draw_str(*y, 18, COLS - 19, text, A_BOLD);
    (*y)++;
}

const char *tui_compose_repeat_prompt(const struct tui *ui)
{
    static char line[160];
    const struct compose_pane *c = ui->compose;
    if (!c->repeat)
        return NULL;
    snprintf(line, sizeof line,
             "Send the same email again? Type again and Enter: %s_  "
             "(any other key goes back)",
             c->again);
    return line;
}

/* A key of the review when the email was sent before: 1 sends, 0 keeps
 * the review open, -1 leaves it unsent. */
int tui_compose_repeat_key(struct tui *ui, int key)
{
    struct compose_pane *c = ui->compose;
    size_t n = strlen(c->again);
    ui->dirty = true;
    if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        if (n)
            c->again[n - 1] = '\0';
        return 0;
    }
    if ((key == '\n' || key == '\r' || key == KEY_ENTER) && !strcmp(c->again, WORD))
        return 1;
    if (key > 0 && key < 128 && n < sizeof WORD - 1 && (key | 0x20) == WORD[n]) {
        c->again[n] = (char)(key | 0x20);
        c->again[n + 1] = '\0';
        return 0;
    }
    return -1;
}

/* After the send: what Bento confirmed, or that nobody knows. */
void tui_compose_repeat_record(struct tui *ui, const struct bento_result *r)
{
    struct compose_pane *c = ui->compose;
    struct bento_send_record rec = {.at_s = (int64_t)time(NULL), .recipients = c->send_count};
    struct bento_error err;
    bento_error_clear(&err);
    if (r->err.kind == BENTO_E_OUTCOME_UNKNOWN)
        rec.outcome = BENTO_SEND_UNKNOWN;
    else if (r->counts.results > 0)
        rec.outcome = BENTO_SEND_QUEUED;
    else
        return;
    snprintf(rec.key, sizeof rec.key, "%s", c->send_key);
    if (bento_sendlog_add(&rec, &err) < 0)
        tui_flash(ui, true, "! The send was not recorded, so a repeat will not be noticed: %s",
                  err.message);
}
