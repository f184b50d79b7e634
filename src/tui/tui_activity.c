#define _GNU_SOURCE /* strcasestr, asprintf */
/* The Activity pane: every HTTP attempt of the session, newest first,
 * with a detail view of bodies and a copy-as-curl line (keys redacted). */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/ratelimit.h"
#include "bento/sanitize.h"
#include "bento/version.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_curl.h"

/* One HTTP attempt, kept for the Activity pane. */
struct act_entry {
    char *method, *path, *req_body, *resp_body, *error;
    size_t req_len, resp_len; /* full sizes; the bodies kept may be cut */
    int status, attempt;
    int family;
    int64_t started_ms, latency_ms;
};

struct activity {
    struct act_entry *items; /* oldest first */
    size_t count, cap;
    size_t *view; /* filtered, newest first */
    size_t view_count;
    size_t sel, top;
    unsigned long added; /* entries ever added: the newest one's number */
};

static void activity_filter(struct activity *a, const char *filter);

#define ACT_MAX 5000
/* Bodies beyond this are kept cut: an import's calls carry 1000 records
 * each, and a long session should not hold them all. */
#define ACT_BODY_MAX (16u * 1024u)
/* ... except the request bodies of the newest entries, kept whole for
 * `w`, which writes them to a file. */
#define ACT_WHOLE_KEEP 16

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char *keep_body(const char *s, size_t *len, size_t max)
{
    *len = s ? strlen(s) : 0;
    if (!s)
        return NULL;
    return *len > max ? strndup(s, max) : strdup(s);
}

static bool body_whole(const struct act_entry *e)
{
    return e->req_body && strlen(e->req_body) == e->req_len;
}

/* Cut the request bodies that are no longer among the newest. */
static void cut_old_bodies(struct activity *a, size_t added)
{
    for (size_t i = a->count > ACT_WHOLE_KEEP + added ? a->count - ACT_WHOLE_KEEP - added : 0;
         i + ACT_WHOLE_KEEP < a->count; i++) {
        struct act_entry *e = &a->items[i];
        if (e->req_len > ACT_BODY_MAX && body_whole(e)) {
            char *cut = strndup(e->req_body, ACT_BODY_MAX);
            if (cut) {
                free(e->req_body);
                e->req_body = cut;
            }
        }
    }
}

static void entry_free(struct act_entry *e)
{
    free(e->method);
    free(e->path);
    free(e->req_body);
    free(e->resp_body);
    free(e->error);
}

static void activity_free(struct activity *a)
{
    for (size_t i = 0; i < a->count; i++)
        entry_free(&a->items[i]);
    free(a->items);
    free(a->view);
    memset(a, 0, sizeof *a);
}

static int grow(struct activity *a)
{
    if (a->count == ACT_MAX) {
        entry_free(&a->items[0]);
        memmove(a->items, a->items + 1, (a->count - 1) * sizeof *a->items);
        a->count--;
    }
    if (a->count < a->cap)
        return 0;
    size_t cap = a->cap ? a->cap * 2 : 64;
    struct act_entry *items = realloc(a->items, cap * sizeof *items);
    size_t *view = realloc(a->view, cap * sizeof *view);
    if (items)
        a->items = items;
    if (view)
        a->view = view;
    if (!items || !view)
        return -1;
    a->cap = cap;
    return 0;
}

void activity_add(struct tui *ui, const struct bento_result *r)
{
    struct activity *a = ui->act;
    for (size_t i = 0; i < r->exchange_count; i++) {
        const struct bento_exchange *x = &r->exchanges[i];
        if (grow(a) < 0)
            return;
        struct act_entry *e = &a->items[a->count++];
        memset(e, 0, sizeof *e);
        e->method = dup_or_null(x->method);
        e->path = dup_or_null(x->path);
        e->req_body = keep_body(x->request_body, &e->req_len, SIZE_MAX);
        e->resp_body = keep_body(x->response_body, &e->resp_len, ACT_BODY_MAX);
        e->error = x->err.kind != BENTO_OK ? strdup(x->err.message) : NULL;
        e->status = x->status;
        e->attempt = x->attempt;
        e->family = (int)x->family;
        e->started_ms = x->started_ms;
        e->latency_ms = x->latency_ms;
        a->added++;
    }
    cut_old_bodies(a, r->exchange_count);
    activity_filter(a, ui->filter[TP_ACTIVITY]);
    if (a->sel)
        a->sel += r->exchange_count; /* keep the same row selected */
    list_clamp(&a->sel, &a->top, a->view_count, tui_list_rows());
}

static bool entry_matches(const struct act_entry *e, const char *needle)
{
    char line[700];
    snprintf(line, sizeof line, "%s %s %d %s", e->method ? e->method : "", e->path ? e->path : "",
             e->status, e->error ? e->error : "");
    return strcasestr(line, needle) != NULL;
}

static void activity_filter(struct activity *a, const char *filter)
{
    bool invert = filter[0] == '!';
    const char *needle = invert ? filter + 1 : filter;
    size_t n = 0;
    for (size_t i = a->count; i-- > 0;)
        if (!needle[0] || entry_matches(&a->items[i], needle) != invert)
            a->view[n++] = i;
    a->view_count = n;
    list_clamp(&a->sel, &a->top, a->view_count, tui_list_rows());
}

static void fmt_time(const struct tui *ui, int64_t ms, char *buf, size_t size)
{
    if (ui->fake_clock) {
        snprintf(buf, size, "hh:mm:ss");
        return;
    }
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, size, "%H:%M:%S", &tm);
}

static int path_width(void)
{
    int w = (COLS - 40) * 2 / 3;
    return w < 16 ? 16 : w;
}

static void draw_entry(struct tui *ui, const struct act_entry *e, int y, bool selected)
{
    char when[16], lat[16], status[8], path[400], err[300];
    fmt_time(ui, e->started_ms, when, sizeof when);
    tui_fmt_ms(ui, e->latency_ms, lat, sizeof lat);
    snprintf(status, sizeof status, e->status ? "%d" : "-", e->status);
    bento_sanitize_line(e->path ? e->path : "", e->path ? strlen(e->path) : 0, path, sizeof path);
    snprintf(err, sizeof err, "%s%s", e->error ? "! " : "", e->error ? e->error : "");
    int pw = path_width(), attr = selected ? A_REVERSE : 0;
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    char head[64];
    snprintf(head, sizeof head, "%s %-8s %-6s", selected ? ">" : " ", when,
             e->method ? e->method : "?");
    tui_draw_str(y, 0, COLS, head, attr);
    int x = 18;
    tui_draw_str(y, x, pw, path, attr);
    x += pw + 1;
    char mid[64];
    snprintf(mid, sizeof mid, "%-6s %-7s %-6.6s", status, lat,
             bento_family_name((enum bento_family)e->family));
    tui_draw_str(y, x, COLS - x, mid, attr);
    x += 22;
    if (x < COLS)
        tui_draw_str(y, x, COLS - x, err, attr | (e->error ? A_BOLD : 0));
}

void activity_pane_draw(struct tui *ui, int y0, int rows)
{
    struct activity *a = ui->act;
    char title[300];
    snprintf(title, sizeof title, "  %-8s %-6s %-*s %-6s %-7s %-6s %s", "TIME", "METHOD",
             path_width(), "PATH", "STATUS", "LATENCY", "FAMILY", "ERROR");
    tui_draw_str(y0, 0, COLS, title, A_UNDERLINE | A_BOLD);
    if (a->view_count == 0) {
        tui_draw_str(
            y0 + 2, 2, COLS - 4,
            a->count ? "No request matches the filter (Esc clears it)." : "No requests yet.", 0);
        return;
    }
    int list = rows - 1;
    list_clamp(&a->sel, &a->top, a->view_count, list);
    for (int i = 0; i < list && a->top + (size_t)i < a->view_count; i++) {
        size_t pos = a->top + (size_t)i;
        draw_entry(ui, &a->items[a->view[pos]], y0 + 1 + i, pos == a->sel);
    }
}

/* The curl line shown and copied: a body of more than ACT_BODY_MAX is
 * named, not quoted (`w` writes it to a file). */
static char *entry_curl(const struct tui *ui, const struct act_entry *e)
{
    char *q = e->req_body && e->req_len <= ACT_BODY_MAX ? tui_shell_quote(e->req_body) : NULL;
    char *data = NULL;
    if (q && asprintf(&data, "-d %s", q) < 0)
        data = NULL;
    free(q);
    if (e->req_len > ACT_BODY_MAX)
        data = strdup("--data-binary @body.json");
    char *line = tui_curl_line(ui, e->method, e->path, data);
    free(data);
    char *safe = line ? bento_sanitize_dup(line) : NULL;
    free(line);
    return safe;
}

static void add_body(struct tui *ui, const char *label, const char *body, size_t full)
{
    text_add(&ui->text, "%s", label);
    if (!body || !*body) {
        text_add(&ui->text, "  (none)");
        return;
    }
    if (full > ACT_BODY_MAX)
        text_add(&ui->text, "  (%zu bytes; the first %u are kept here)", full, ACT_BODY_MAX);
    cJSON *json = full > ACT_BODY_MAX ? NULL : cJSON_Parse(body);
    char *pretty = json ? cJSON_Print(json) : NULL;
    cJSON_Delete(json);
    for (char *p = pretty; p && *p; p++)
        if (*p == '\t')
            *p = ' '; /* cJSON indents with tabs; raw tabs cannot occur in JSON text */
    char *shown = pretty ? pretty : strndup(body, ACT_BODY_MAX); /* kept whole for `w` */
    char *safe = shown ? tui_redact(ui, shown) : NULL;
    free(shown);
    text_add_block(&ui->text, safe ? safe : "", "  ");
    free(safe);
}

void activity_show_details(struct tui *ui)
{
    struct activity *a = ui->act;
    if (a->sel >= a->view_count)
        return;
    const struct act_entry *e = &a->items[a->view[a->sel]];
    char when[16], lat[16], path[600];
    fmt_time(ui, e->started_ms, when, sizeof when);
    tui_fmt_ms(ui, e->latency_ms, lat, sizeof lat);
    char *rp = tui_redact(ui, e->path ? e->path : "");
    bento_sanitize_line(rp ? rp : "", rp ? strlen(rp) : 0, path, sizeof path);
    free(rp);
    text_open(ui, "Request");
    text_add(&ui->text, "%s %s", e->method ? e->method : "?", path);
    text_add(&ui->text, "Status %d  latency %s  family %s  attempt %d  at %s", e->status, lat,
             bento_family_name((enum bento_family)e->family), e->attempt, when);
    if (e->error)
        text_add(&ui->text, "! Error: %s", e->error);
    text_add(&ui->text, "%s", "");
    add_body(ui, "Request body:", e->req_body, e->req_len);
    text_add(&ui->text, "%s", "");
    add_body(ui, "Response body:", e->resp_body, e->resp_len);
    text_add(&ui->text, "%s", "");
    text_add(&ui->text,
             e->req_len > ACT_BODY_MAX
                 ? "Copy as curl (export the key variables; w writes it with the body):"
                 : "Copy as curl (export the two key variables; c copies, w writes it):");
    char *curl = entry_curl(ui, e);
    text_add_soft(&ui->text, curl ? curl : "");
    free(curl);
}

/* The selected request, or NULL after saying there is none. */
static const struct act_entry *selected_entry(struct tui *ui)
{
    struct activity *a = ui->act;
    if (a->sel < a->view_count)
        return &a->items[a->view[a->sel]];
    tui_flash(ui, true, "! No request is selected: pick one in the Activity pane (4) first.");
    return NULL;
}

void tui_cmd_activity_copy(struct tui *ui, int argc, char **argv)
{
    const struct act_entry *e = selected_entry(ui);
    char *curl = e ? entry_curl(ui, e) : NULL;
    if (!e)
        return;
    if (!curl || tui_osc52_copy(curl) < 0)
        tui_flash(ui, true, "! Could not write the copy to the terminal: w writes it to a file.");
    else
        tui_flash(ui, false, "Copied the curl command (OSC 52: the terminal must allow it).");
    free(curl);
}

static void write_entry(struct tui *ui, const struct act_entry *e, const char *path)
{
    char body[1200], why[400];
    if (e->req_body && !body_whole(e)) {
        tui_flash(ui, true,
                  "! Only the last %d requests keep their whole body: send this one again.",
                  ACT_WHOLE_KEEP);
        return;
    }
    if (tui_curl_write(ui, path, e->method, e->path, e->req_body, body, sizeof body, why,
                       sizeof why) < 0)
        tui_flash(ui, true, "! %s", why);
    else if (body[0])
        tui_flash(ui, false, "Wrote %s (run it with sh) and its body %s.", path, body);
    else
        tui_flash(ui, false, "Wrote %s (run it with sh).", path);
}

void tui_cmd_activity_write(struct tui *ui, int argc, char **argv)
{
    const struct act_entry *e = selected_entry(ui);
    if (!e)
        return;
    if (argc > 0) {
        write_entry(ui, e, argv[0]);
        return;
    }
    struct activity *a = ui->act;
    char line[96];
    snprintf(line, sizeof line, "activity write bento-request-%lu.sh",
             a->added - (a->count - 1 - a->view[a->sel]));
    prompt_open(ui, PR_COMMAND, line);
}

static bool activity_move(struct tui *ui, int key)
{
    struct activity *a = ui->act;
    return list_move_key(&a->sel, &a->top, a->view_count, tui_list_rows(), key);
}

static void activity_click(struct tui *ui, size_t row)
{
    if (ui->act->top + row < ui->act->view_count)
        ui->act->sel = ui->act->top + row;
}

static void activity_filter_text(struct tui *ui, const char *text)
{
    activity_filter(ui->act, text);
}

static int activity_init(struct tui *ui)
{
    ui->act = calloc(1, sizeof *ui->act);
    return ui->act ? 0 : -1;
}

static void activity_pane_free(struct tui *ui)
{
    if (ui->act)
        activity_free(ui->act);
    free(ui->act);
    ui->act = NULL;
}

const struct tui_pane_ops tui_activity_pane = {
    .init = activity_init,
    .draw = activity_pane_draw,
    .move_key = activity_move,
    .click = activity_click,
    .filter = activity_filter_text,
    .open_selected = activity_show_details,
    .free = activity_pane_free,
};
