/* The status line: requests in flight, 429 countdowns, one-line messages
 * that clear themselves, and the rate-limit budget of every family. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bento/ratelimit.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "tui/tui.h"

/* Keep the message just shown for `e`; a repeat of the newest (a
 * progress line redrawn) is not kept twice. */
static void remember(struct tui *ui)
{
    const struct tui_recent *top = tui_recent_at(ui, 0);
    if (!ui->flash[0] || (top && strcmp(top->text, ui->flash) == 0))
        return;
    struct tui_recent *r = &ui->recent[ui->recent_head];
    snprintf(r->text, sizeof r->text, "%s", ui->flash);
    r->at = time(NULL);
    r->err = false;
    ui->recent_head = (ui->recent_head + 1) % TUI_RECENT;
    if (ui->recent_count < TUI_RECENT)
        ui->recent_count++;
}

const struct tui_recent *tui_recent_at(const struct tui *ui, size_t i)
{
    if (i >= ui->recent_count)
        return NULL;
    return &ui->recent[(ui->recent_head + TUI_RECENT - 1 - i) % TUI_RECENT];
}

void tui_flash(struct tui *ui, bool error, const char *fmt, ...)
{
    char raw[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    bento_sanitize_line(raw, strlen(raw), ui->flash, sizeof ui->flash);
    remember(ui);
    ui->flash_error = error;
    ui->flash_until = tui_now_ms() + TUI_FLASH_MS;
    ui->dirty = true;
}

void tui_flash_clear(struct tui *ui)
{
    ui->flash[0] = 0;
    ui->flash_until = 0;
    ui->dirty = true;
}

/* Short status-line text for errors whose full message is long; the
 * full message stays available through `e`. */
static const char *short_message(const struct bento_error *err, bool blocked)
{
    switch (err->kind) {
    case BENTO_E_AUTH: return "Bento rejected the keys (401). Check the credentials: run :doctor";
    case BENTO_E_SITE_UUID:
        return "Bento refused the site_uuid (401). Check the credentials: run :doctor";
    case BENTO_E_CONFIG:
        /* the core's URL check (bento/url.h) ends its message so */
        if (strstr(err->message, "use https://"))
            return "The base URL may not carry the keys (https, or http only to this machine): "
                   "run :doctor";
        if (strncmp(err->message, "Missing ", 8) == 0 ||
            strncmp(err->message, "The publishable key", 19) == 0)
            return "Credentials missing. Check the credentials: run :doctor";
        return err->message; /* a bad profile name, file or setting says which */
    case BENTO_E_RATE_LIMITED:
        /* a Retry-After that cannot be right blocks nothing: its own words say what to do */
        return blocked ? "Rate limited by Bento (429). The status line says until when"
                       : err->message;
    default: return err->message;
    }
}

static void error_context(struct tui *ui, const char *what, const struct bento_result *r)
{
    ui->last_err_ctx[0] = 0;
    if (!r || r->exchange_count == 0) {
        snprintf(ui->last_err_ctx, sizeof ui->last_err_ctx, "%s", what);
        return;
    }
    const struct bento_exchange *x = &r->exchanges[r->exchange_count - 1];
    char path[300];
    bento_sanitize_line(x->path ? x->path : "", x->path ? strlen(x->path) : 0, path, sizeof path);
    snprintf(ui->last_err_ctx, sizeof ui->last_err_ctx, "%s: %s %s -> HTTP %d after %zu attempt%s",
             what, x->method ? x->method : "?", path, x->status, r->exchange_count,
             r->exchange_count == 1 ? "" : "s");
}

/* Whether the status line shows a 429 wait of some family. */
static bool any_blocked(struct tui *ui)
{
    struct bento_client_status st;
    memset(&st, 0, sizeof st);
    if (ui->app->client)
        bento_client_status(ui->app->client, &st);
    for (int f = 0; f < BENTO_FAM__COUNT; f++)
        if (st.blocked_ms[f] > 0)
            return true;
    return false;
}

void tui_report_error(struct tui *ui, const char *what, const struct bento_error *err,
                      const struct bento_result *r)
{
    bool blocked = err->kind == BENTO_E_RATE_LIMITED && any_blocked(ui);
    ui->last_err = *err;
    ui->have_err = true;
    error_context(ui, what, r);
    tui_flash(ui, true, "! %s: %s (e: details)", what, short_message(err, blocked));
    struct tui_recent *top = (struct tui_recent *)tui_recent_at(ui, 0);
    if (top)
        top->err = true;
}

bool tui_animating(const struct tui *ui)
{
    return ui->outstanding > 0 || form_busy(ui);
}

/* Longer 429 waits show the clock time they end, not a countdown. */
#define TUI_429_CLOCK_MS 10000

/* "[429] fetch rate limited, retrying in 2s" for a short wait; a longer
 * one names the local time it ends ("until 21:47:12"), and whether Esc
 * stops the requests waiting on it. */
static void blocked_text(struct tui *ui, int f, int64_t ms, char *buf, size_t size)
{
    const char *fam = bento_family_name((enum bento_family)f);
    char t[32];
    if (ms < TUI_429_CLOCK_MS) {
        tui_fmt_ms(ui, ms < 1000 ? 1000 : ms, t, sizeof t);
        if (!ui->fake_clock)
            snprintf(t, sizeof t, "%llds", (long long)(ms + 999) / 1000);
        snprintf(buf, size, "[429] %s rate limited, %s %s ", fam,
                 ui->outstanding ? "retrying in" : "wait", t);
        return;
    }
    time_t at = time(NULL) + (time_t)((ms + 999) / 1000);
    struct tm tm;
    localtime_r(&at, &tm);
    if (ui->fake_clock)
        snprintf(t, sizeof t, "hh:mm:ss");
    else
        strftime(t, sizeof t, "%H:%M:%S", &tm);
    snprintf(buf, size, "[429] %s rate limited until %s%s ", fam, t,
             ui->outstanding ? " (Esc cancels)" : "");
}

/* The 429 part (blocked_text) or the spinner part. */
static void activity_text(struct tui *ui, const struct bento_client_status *st, char *buf,
                          size_t size)
{
    static const char spinner[] = "|/-\\";
    char t[32];
    tui_import_status_text(ui, buf, size);
    size_t used = strlen(buf);
    buf += used;
    size -= used;
    for (int f = 0; f < BENTO_FAM__COUNT; f++) {
        if (st->blocked_ms[f] > 0) {
            blocked_text(ui, f, st->blocked_ms[f], buf, size);
            return;
        }
    }
    if (ui->outstanding == 0)
        return;
    char glyph = ui->fake_clock ? '*' : spinner[ui->spin % 4];
    int n = snprintf(buf, size, "%c %zu request%s", glyph, ui->outstanding,
                     ui->outstanding == 1 ? "" : "s");
    if (n > 0 && (size_t)n < size && (ui->fake_clock || st->oldest_ms > 1000)) {
        tui_fmt_ms(ui, ui->fake_clock ? 1000 : st->oldest_ms, t, sizeof t);
        snprintf(buf + n, size - (size_t)n, " %s", t);
    }
    size_t len = strlen(buf);
    if (len + 2 < size)
        memcpy(buf + len, "  ", 3);
}

static int budget_text(const struct bento_client_status *st, char *buf, size_t size, int fams)
{
    size_t len = 0;
    buf[0] = 0;
    for (int f = 0; f < fams && len < size; f++) {
        const char *name = bento_family_name((enum bento_family)f);
        int n = st->limit[f] > 0 ? snprintf(buf + len, size - len, "%s%s %d/%d", len ? " " : "",
                                            name, st->remaining[f], st->limit[f])
                                 : snprintf(buf + len, size - len, "%s%s -", len ? " " : "", name);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return (int)(len < size ? len : size - 1);
}

/* Rows a long message may take at this size: a short screen keeps most
 * of its rows for the pane. */
static int status_cap(void)
{
    int cap = (LINES - TUI_PANE_Y - TUI_FOOTER_ROWS) / 3 + 1;
    return cap < TUI_STATUS_MAX_ROWS ? cap : TUI_STATUS_MAX_ROWS;
}

/* The message's first row starts after the activity text; the rows it
 * wraps onto line up under it, unless that leaves them too narrow. */
static int wrap_x(int act_w)
{
    return act_w <= COLS / 3 ? act_w : 0;
}

static void status_text(struct tui *ui, struct bento_client_status *st, char *act, size_t size)
{
    memset(st, 0, sizeof *st);
    if (ui->app->client)
        bento_client_status(ui->app->client, st);
    activity_text(ui, st, act, size);
}

int tui_status_rows(struct tui *ui)
{
    if (!ui->flash[0])
        return 1;
    struct bento_client_status st;
    char act[160];
    status_text(ui, &st, act, sizeof act);
    int x = tui_str_width(act);
    if (x >= COLS)
        return 1;
    return tui_draw_wrapped(-1, x, wrap_x(x), COLS, status_cap(), ui->flash, "e: more", 0);
}

/* The budget of as many families as fit right of column x. */
static void draw_budget(const struct bento_client_status *st, int y, int x)
{
    char budget[200];
    for (int fams = BENTO_FAM__COUNT; fams > 0; fams--) {
        int w = budget_text(st, budget, sizeof budget, fams);
        if (x + 2 + w <= COLS) {
            tui_draw_str(y, COLS - w, w, budget, 0);
            return;
        }
    }
}

void tui_draw_status(struct tui *ui, int y)
{
    struct bento_client_status st;
    char act[160];
    status_text(ui, &st, act, sizeof act);
    int x = 0;
    bool waiting = strncmp(act, "[429]", 5) == 0;
    x += tui_str_width(act);
    tui_draw_str(y, 0, COLS, act, waiting && ui->colors ? (int)COLOR_PAIR(4) | A_BOLD : A_BOLD);
    if (ui->flash[0] && x < COLS) {
        int attr = ui->flash_error ? (ui->colors ? (int)COLOR_PAIR(1) | A_BOLD : A_BOLD) : 0;
        int rows = tui_status_rows(ui);
        if (rows > 1) { /* wrapped: the message has the rows to itself */
            tui_draw_wrapped(y, x, wrap_x(x), COLS, rows, ui->flash, "e: more", attr);
            return;
        }
        tui_draw_str(y, x, COLS - x, ui->flash, attr);
        x += tui_str_width(ui->flash);
    } else if (ui->prompt_active && x < COLS) {
        const char *hint = "Enter run  Tab complete  Up/Down/^R history  Esc cancel";
        tui_draw_str(y, x, COLS - x, hint, 0);
        x += tui_str_width(hint);
    }
    if (ui->app->client)
        draw_budget(&st, y, x);
}
