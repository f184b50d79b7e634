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
#include "tui/tui_columns.h"
#include "tui/tui_curl.h"

/* One HTTP attempt, kept for the Activity pane. */
struct act_entry {
    char *method, *path, *req_body, *resp_body, *error;
    size_t req_len, resp_len; /* full sizes; the bodies kept may be cut */
    int status, attempt;
    int family;
    int64_t started_ms, latency_ms;
    unsigned long seq; /* the order they came in, to find a row again */
};

/* The columns, in the order drawn. */
enum act_column {
    AC_TIME,
    AC_METHOD,
    AC_PATH,
    AC_STATUS,
    AC_LATENCY,
    AC_FAMILY,
    AC_ERROR,
    AC__COUNT
};

struct activity {
    struct act_entry *items; /* oldest first */
    size_t count, cap;
    size_t *view; /* filtered, in sort order */
    size_t view_count;
    size_t sel, top;
    unsigned long next_seq; /* the next entry's seq: request N of the session has N - 1 */
    struct tui_sort sort;   /* newest first unless sorted otherwise */
};

/* PATH takes what is left; when space is short FAMILY goes before PATH is
 * cut, then ERROR shrinks and goes, then LATENCY, METHOD, TIME, STATUS. */
static const struct tui_column act_columns[AC__COUNT] = {
    [AC_TIME] = {.title = "TIME", .natural = 8, .keep = 6, .desc_first = true},
    [AC_METHOD] = {.title = "METHOD", .keep = 5},
    [AC_PATH] = {.title = "PATH", .min = 16, .cap = 80, .keep = 2, .main = true},
    [AC_STATUS] = {.title = "STATUS", .keep = 7},
    [AC_LATENCY] = {.title = "LATENCY", .keep = 4, .right = true, .desc_first = true},
    [AC_FAMILY] = {.title = "FAMILY", .keep = 1},
    [AC_ERROR] = {.title = "ERROR", .min = 12, .keep = 3},
};

static void activity_filter(struct activity *a, const char *filter);
static void view_add(struct activity *a, const char *filter, size_t first);

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

static size_t find_seq(const struct activity *a, unsigned long seq)
{
    for (size_t i = 0; i < a->view_count; i++)
        if (a->items[a->view[i]].seq == seq)
            return i;
    return 0;
}

static bool by_newest(const struct activity *a)
{
    return a->sort.col == AC_TIME && a->sort.desc;
}

void activity_add(struct tui *ui, const struct bento_result *r)
{
    struct activity *a = ui->act;
    bool follow = a->sel > 0 || !by_newest(a); /* else the newest stays selected */
    unsigned long keep = a->sel < a->view_count ? a->items[a->view[a->sel]].seq : 0;
    size_t first = a->count;
    bool shifted = false; /* the oldest went: the view's indices are off */
    for (size_t i = 0; i < r->exchange_count; i++) {
        const struct bento_exchange *x = &r->exchanges[i];
        shifted |= a->count == ACT_MAX;
        if (grow(a) < 0)
            break;
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
        e->seq = a->next_seq++;
    }
    cut_old_bodies(a, r->exchange_count);
    if (shifted)
        activity_filter(a, ui->filter[TP_ACTIVITY]);
    else
        view_add(a, ui->filter[TP_ACTIVITY], first);
    if (follow)
        a->sel = find_seq(a, keep); /* keep the same row selected */
    list_clamp(&a->sel, &a->top, a->view_count, tui_list_rows());
}

static bool has(const char *field, const char *needle)
{
    return field && strcasestr(field, needle) != NULL;
}

/* `/` looks at what the detail view shows: method, path, status, error
 * and both bodies. */
static bool entry_matches(const struct act_entry *e, const char *needle)
{
    char status[16];
    snprintf(status, sizeof status, "%d", e->status);
    return has(e->method, needle) || has(e->path, needle) || has(status, needle) ||
           has(e->error, needle) || has(e->req_body, needle) || has(e->resp_body, needle);
}

static const struct activity *sort_act;

static int cmp_num(int64_t x, int64_t y)
{
    return x < y ? -1 : x > y;
}

static int cmp_str(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "");
}

static int cmp_column(const struct act_entry *x, const struct act_entry *y, int col)
{
    switch (col) {
    case AC_METHOD: return cmp_str(x->method, y->method);
    case AC_PATH: return cmp_str(x->path, y->path);
    case AC_STATUS: return cmp_num(x->status, y->status);
    case AC_LATENCY: return cmp_num(x->latency_ms, y->latency_ms);
    case AC_FAMILY: return cmp_num(x->family, y->family);
    case AC_ERROR: return cmp_str(x->error, y->error);
    default: return 0;
    }
}

/* The sort column, then the order they came in (newest first when the
 * column is reversed too, so ties read the same way as the column). */
static int cmp_entries(const void *pa, const void *pb)
{
    const struct act_entry *x = &sort_act->items[*(const size_t *)pa];
    const struct act_entry *y = &sort_act->items[*(const size_t *)pb];
    int c = cmp_column(x, y, sort_act->sort.col);
    c = c ? c : cmp_num((int64_t)x->seq, (int64_t)y->seq);
    return sort_act->sort.desc ? -c : c;
}

static bool passes(const struct act_entry *e, const char *filter)
{
    bool invert = filter[0] == '!';
    const char *needle = invert ? filter + 1 : filter;
    return !needle[0] || entry_matches(e, needle) != invert;
}

static void sort_view(struct activity *a)
{
    if (by_newest(a))
        return; /* the view is built newest first */
    sort_act = a;
    qsort(a->view, a->view_count, sizeof *a->view, cmp_entries);
    sort_act = NULL;
}

static void activity_filter(struct activity *a, const char *filter)
{
    size_t n = 0;
    for (size_t i = a->count; i-- > 0;)
        if (passes(&a->items[i], filter))
            a->view[n++] = i;
    a->view_count = n;
    sort_view(a);
    list_clamp(&a->sel, &a->top, a->view_count, tui_list_rows());
}

/* Entries from first on are new: only they are filtered (the bodies make
 * filtering all of them slow), and go in front of the view. */
static void view_add(struct activity *a, const char *filter, size_t first)
{
    size_t n = 0;
    for (size_t i = first; i < a->count; i++)
        n += passes(&a->items[i], filter);
    memmove(a->view + n, a->view, a->view_count * sizeof *a->view);
    for (size_t i = a->count, k = 0; i-- > first;)
        if (k < n && passes(&a->items[i], filter))
            a->view[k++] = i;
    a->view_count += n;
    sort_view(a);
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

/* The path without site_uuid, which every call carries; the other query
 * parameters stay. */
static void shown_path(const char *path, char *out, size_t size)
{
    const char *q = strchr(path, '?');
    size_t o = 0;
    snprintf(out, size, "%.*s", q ? (int)(q - path) : (int)strlen(path), path);
    o = strlen(out);
    int kept = 0;
    for (const char *p = q; p && *p;) {
        const char *start = p + 1, *end = strchr(start, '&');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        if (len && strncmp(start, "site_uuid=", 10) != 0 && o < size)
            o += (size_t)snprintf(out + o, size - o, "%c%.*s", kept++ ? '&' : '?', (int)len, start);
        p = end;
    }
    if (o >= size)
        out[size - 1] = 0;
}

struct act_cells {
    char when[16], method[16], path[400], status[8], lat[16], family[16], err[300];
    const char *cell[AC__COUNT];
};

static void cells_of(struct tui *ui, const struct act_entry *e, struct act_cells *t)
{
    char path[400];
    fmt_time(ui, e->started_ms, t->when, sizeof t->when);
    snprintf(t->method, sizeof t->method, "%s", e->method ? e->method : "?");
    shown_path(e->path ? e->path : "", path, sizeof path);
    bento_sanitize_line(path, strlen(path), t->path, sizeof t->path);
    snprintf(t->status, sizeof t->status, e->status ? "%d" : "-", e->status);
    tui_fmt_ms(ui, e->latency_ms, t->lat, sizeof t->lat);
    snprintf(t->family, sizeof t->family, "%s", bento_family_name((enum bento_family)e->family));
    snprintf(t->err, sizeof t->err, "%s%s", e->error ? "! " : "", e->error ? e->error : "");
    const char *cell[AC__COUNT] = {t->when, t->method, t->path, t->status,
                                   t->lat,  t->family, t->err};
    memcpy(t->cell, cell, sizeof cell);
}

static void draw_entry(struct tui *ui, const struct act_entry *e, int y, const struct tui_column *c,
                       bool selected)
{
    struct act_cells t;
    int attr = selected ? A_REVERSE : 0;
    cells_of(ui, e, &t);
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    tui_draw_str(y, 0, 2, selected ? "> " : "  ", attr);
    for (int i = 0; i < AC__COUNT; i++)
        tui_columns_cell(y, &c[i], t.cell[i], attr | (i == AC_ERROR && e->error ? A_BOLD : 0));
}

/* Widths from the rows on screen. */
static void layout(struct tui *ui, struct tui_column *c, int list)
{
    struct activity *a = ui->act;
    memcpy(c, act_columns, sizeof act_columns);
    tui_columns_reset(c, AC__COUNT, &a->sort);
    for (int i = 0; i < list && a->top + (size_t)i < a->view_count; i++) {
        struct act_cells t;
        cells_of(ui, &a->items[a->view[a->top + (size_t)i]], &t);
        for (int k = 0; k < AC__COUNT; k++)
            tui_columns_measure(&c[k], t.cell[k]);
    }
    tui_columns_layout(c, AC__COUNT, 2, COLS - 2);
}

/* The count (and the filter) on the tab row, as the other lists have it. */
static void draw_count(struct tui *ui, int y)
{
    struct activity *a = ui->act;
    const char *f = ui->filter[TP_ACTIVITY];
    char count[96], safe[200];
    if (f[0])
        snprintf(count, sizeof count, "%zu/%zu /%.40s ", a->view_count, a->count, f);
    else
        snprintf(count, sizeof count, "%zu request%s ", a->count, a->count == 1 ? "" : "s");
    bento_sanitize_line(count, strlen(count), safe, sizeof safe);
    int w = tui_str_width(safe);
    if (COLS - w >= tui_tab_x(TP__COUNT))
        tui_draw_str(y - 1, COLS - w, w, safe, 0);
}

void activity_pane_draw(struct tui *ui, int y0, int rows)
{
    struct activity *a = ui->act;
    struct tui_column c[AC__COUNT];
    int list = rows - 1;
    list_clamp(&a->sel, &a->top, a->view_count, list);
    layout(ui, c, list);
    tui_columns_header(y0, c, AC__COUNT, &a->sort, A_UNDERLINE | A_BOLD);
    draw_count(ui, y0);
    if (a->view_count == 0) {
        tui_draw_str(
            y0 + 2, 2, COLS - 4,
            a->count ? "No request matches the filter (Esc clears it)." : "No requests yet.", 0);
        return;
    }
    for (int i = 0; i < list && a->top + (size_t)i < a->view_count; i++) {
        size_t pos = a->top + (size_t)i;
        draw_entry(ui, &a->items[a->view[pos]], y0 + 1 + i, c, pos == a->sel);
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
             a->items[a->view[a->sel]].seq + 1);
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

/* `o`, `O`, `:sort COLUMN`: the selected request stays selected. */
static void activity_sort(struct tui *ui, const char *column, bool reverse)
{
    struct activity *a = ui->act;
    if (tui_sort_pick(ui, &a->sort, act_columns, AC__COUNT, column, reverse, false) < 0)
        return;
    bool any = a->sel < a->view_count;
    unsigned long keep = any ? a->items[a->view[a->sel]].seq : 0;
    activity_filter(a, ui->filter[TP_ACTIVITY]);
    if (any)
        a->sel = find_seq(a, keep);
    list_clamp(&a->sel, &a->top, a->view_count, tui_list_rows());
    tui_flash(ui, false, "Sorted by %s, %s", act_columns[a->sort.col].title,
              a->sort.desc ? "descending" : "ascending");
}

static void activity_filter_text(struct tui *ui, const char *text)
{
    activity_filter(ui->act, text);
}

static int activity_init(struct tui *ui)
{
    ui->act = calloc(1, sizeof *ui->act);
    if (ui->act)
        ui->act->sort = (struct tui_sort){AC_TIME, true};
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
    .sort = activity_sort,
    .free = activity_pane_free,
};
