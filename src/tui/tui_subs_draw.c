/* Drawing the Subscribers pane: the list (the local cache, or a page of
 * search results) and the detail view of one person. Every string from
 * the server or the cache is sanitised here, just before drawing. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

#define LABEL_W 12

static void safe(const char *in, char *out, size_t size)
{
    bento_sanitize_line(in ? in : "", in ? strlen(in) : 0, out, size);
}

static void draw_count(struct tui *ui, int y, const char *text)
{
    int w = tui_str_width(text);
    if (COLS - w >= tui_tab_x(TP__COUNT))
        tui_draw_str(y, COLS - w, w, text, 0);
}

static void draw_title(struct tui *ui, int y, const struct tui_column *c)
{
    char count[120];
    struct subs_pane *p = ui->subs;
    tui_columns_header(y, c, SC__COUNT, p->search_mode ? NULL : &p->sort, A_UNDERLINE | A_BOLD);
    char marks[40], of[40] = "";
    subs_marks_label(p, marks, sizeof marks);
    if (p->search_total >= 0)
        snprintf(of, sizeof of, " of %ld", p->search_total);
    if (p->search_mode)
        snprintf(count, sizeof count, "%ssearch page %ld: %zu%s ", marks, p->search_page,
                 p->result_count, of);
    else if (ui->filter[TP_SUBSCRIBERS][0])
        snprintf(count, sizeof count, "%s%zu/%zu /%.40s ", marks, p->view_count, p->cache.count,
                 ui->filter[TP_SUBSCRIBERS]);
    else
        snprintf(count, sizeof count, "%s%zu in cache ", marks, p->cache.count);
    char shown[200];
    safe(count, shown, sizeof shown);
    if (marks[0] && COLS - tui_str_width(shown) < tui_tab_x(TP__COUNT))
        snprintf(shown, sizeof shown, "%zu marked ", p->mark_count); /* they matter most */
    draw_count(ui, y - 1, shown);
}

/* One row's cells, sanitised. */
struct sub_cells {
    char email[300], status[16], tags[16], when[40], pend[32];
    const char *cell[SC__COUNT];
    const char *raw_email; /* as held, to look up its mark */
};

static void cells_of(struct tui *ui, size_t pos, struct sub_cells *t)
{
    struct subs_pane *p = ui->subs;
    const char *email, *status;
    size_t tags, pending = 0;
    int64_t fetched = -1; /* a search result: not in the cache */
    if (p->search_mode) {
        const struct bento_subscriber *s = &p->results[pos];
        email = s->email;
        status = s->unsubscribed_at ? "unsubscribed" : "subscribed";
        tags = s->tag_id_count;
    } else {
        const struct bento_cached_sub *e = &p->cache.items[p->view[pos]];
        email = e->email;
        status = subs_status_text(e);
        tags = e->tag_name_count;
        fetched = e->fetched_at;
        pending = e->pending_count;
    }
    t->raw_email = email;
    safe(email, t->email, sizeof t->email);
    snprintf(t->status, sizeof t->status, "%s", status);
    snprintf(t->tags, sizeof t->tags, "%zu", tags);
    t->when[0] = 0;
    if (fetched >= 0)
        subs_fmt_time(ui, fetched, t->when, sizeof t->when);
    t->pend[0] = 0;
    if (pending)
        snprintf(t->pend, sizeof t->pend, "%zu pending", pending);
    const char *cell[SC__COUNT] = {t->email, t->status, t->tags, t->when, t->pend};
    memcpy(t->cell, cell, sizeof cell);
}

static void draw_row(struct tui *ui, int y, size_t pos, const struct tui_column *c, bool selected)
{
    int attr = selected ? A_REVERSE : 0;
    struct sub_cells t;
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    cells_of(ui, pos, &t);
    /* the mark is a character, not a colour */
    bool marked = subs_is_marked(ui->subs, t.raw_email);
    tui_draw_str(y, 0, 2, selected ? (marked ? ">*" : "> ") : (marked ? " *" : "  "), attr);
    for (int i = 0; i < SC__COUNT; i++)
        tui_columns_cell(y, &c[i], t.cell[i], attr | (i == SC_PENDING && t.pend[0] ? A_BOLD : 0));
}

/* Widths from the rows on screen. */
static void layout(struct tui *ui, struct tui_column *c, size_t count, int list)
{
    struct subs_pane *p = ui->subs;
    memcpy(c, subs_columns, sizeof subs_columns);
    tui_columns_reset(c, SC__COUNT, p->search_mode ? NULL : &p->sort);
    for (int i = 0; i < list && p->top + (size_t)i < count; i++) {
        struct sub_cells t;
        cells_of(ui, p->top + (size_t)i, &t);
        for (int k = 0; k < SC__COUNT; k++)
            tui_columns_measure(&c[k], t.cell[k]);
    }
    tui_columns_layout(c, SC__COUNT, 2, COLS - 2);
}

static void draw_empty(struct tui *ui, int y0)
{
    tui_draw_str(y0 + 2, 2, COLS - 4, "No subscribers here yet.", A_BOLD);
    tui_draw_str(y0 + 4, 2, COLS - 4,
                 "Bento cannot list everyone: press l to look a person up by email or uuid,", 0);
    tui_draw_str(y0 + 5, 2, COLS - 4,
                 "n to create one, or s to search (accounts with /fetch/search).", 0);
    tui_draw_str(y0 + 6, 2, COLS - 4,
                 "People you look up or change are kept here for the next time.", 0);
}

static void draw_list(struct tui *ui, int y0, int rows)
{
    struct subs_pane *p = ui->subs;
    struct tui_column c[SC__COUNT];
    int list = rows - 1;
    subs_filter(ui);
    size_t count = p->search_mode ? p->result_count : p->view_count;
    list_clamp(&p->sel, &p->top, count, list);
    layout(ui, c, count, list);
    draw_title(ui, y0, c);
    if (count == 0) {
        if (p->search_mode)
            tui_draw_str(y0 + 2, 2, COLS - 4, "No subscriber matches this search.", 0);
        else if (p->cache.count)
            tui_draw_str(y0 + 2, 2, COLS - 4, "Nobody here matches the filter (Esc clears it).", 0);
        else
            draw_empty(ui, y0);
        return;
    }
    for (int i = 0; i < list && p->top + (size_t)i < count; i++) {
        size_t pos = p->top + (size_t)i;
        draw_row(ui, y0 + 1 + i, pos, c, pos == p->sel);
    }
}

/* ---- detail -------------------------------------------------------------- */

struct lines {
    struct tui *ui;
    int y, end;
    size_t skip;
    bool count_only; /* a first pass that only counts lines */
    int label_w;     /* fits the longest field key, within reason */
};

static int label_width(const struct bento_cached_sub *e)
{
    int w = LABEL_W;
    const cJSON *f;
    cJSON_ArrayForEach(f, e->sub.fields) {
        int k = (int)strlen(f->string) + 2;
        if (k > w)
            w = k > 28 ? 28 : k;
    }
    return w;
}

static void line_out_at(struct lines *l, int indent, const char *label, const char *value, int attr)
{
    if (l->skip) {
        l->skip--;
        return;
    }
    if (l->y >= l->end)
        return;
    if (l->count_only) {
        l->y++;
        return;
    }
    char text[600];
    safe(value, text, sizeof text);
    tui_draw_str(l->y, 2 + indent, l->label_w - indent, label, indent ? 0 : A_BOLD);
    tui_draw_str(l->y, 2 + l->label_w + 1, COLS - l->label_w - 4, text, attr);
    l->y++;
}

static void line_out(struct lines *l, const char *label, const char *value, int attr)
{
    line_out_at(l, 0, label, value, attr);
}

/* An ISO timestamp as "2025-01-31 10:00 UTC"; under the fake clock the
 * time is a placeholder, as elsewhere. */
static void fmt_iso(const struct tui *ui, const char *iso, char *buf, size_t size)
{
    size_t n = strlen(iso);
    if (n < 16 || iso[10] != 'T') {
        snprintf(buf, size, "%s", iso);
        return;
    }
    snprintf(buf, size, "%.10s %.5s%s", iso, ui->fake_clock ? "hh:mm" : iso + 11,
             iso[n - 1] == 'Z' ? " UTC" : "");
}

static void detail_status(struct lines *l, const struct bento_cached_sub *e)
{
    char text[200], when[40];
    if (!e->fetched_at) {
        line_out(l, "Status", "not looked up yet (press r)", A_DIM);
        return;
    }
    if (!e->found) {
        line_out(l, "Status", "not found in this account at the last lookup", A_BOLD);
        return;
    }
    if (e->sub.unsubscribed_at) {
        fmt_iso(l->ui, e->sub.unsubscribed_at, when, sizeof when);
        snprintf(text, sizeof text, "unsubscribed since %s", when);
    } else {
        snprintf(text, sizeof text, "subscribed");
    }
    line_out(l, "Status", text, 0);
    subs_fmt_time(l->ui, e->fetched_at, when, sizeof when);
    snprintf(text, sizeof text, "%s (r refreshes)", when);
    line_out(l, "Fetched", text, 0);
}

static void detail_tags(struct lines *l, const struct bento_cached_sub *e)
{
    char label[32], text[600] = "";
    snprintf(label, sizeof label, "Tags (%zu)", e->tag_name_count);
    for (size_t i = 0; i < e->tag_name_count; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? ", " : "",
                 e->tag_names[i]);
    line_out(l, label, e->tag_name_count ? text : "none", e->tag_name_count ? 0 : A_DIM);
}

static void detail_fields(struct lines *l, const struct bento_cached_sub *e)
{
    char label[64];
    snprintf(label, sizeof label, "Fields (%d)", cJSON_GetArraySize(e->sub.fields));
    line_out(l, label, cJSON_GetArraySize(e->sub.fields) ? "" : "none", A_DIM);
    const cJSON *f;
    cJSON_ArrayForEach(f, e->sub.fields) {
        char *text = cJSON_IsString(f) ? NULL : cJSON_PrintUnformatted(f);
        char shown[64];
        safe(f->string, shown, sizeof shown);
        line_out_at(l, 2, shown, text ? text : f->valuestring, 0);
        cJSON_free(text);
    }
}

static void detail_pending(struct lines *l, const struct bento_cached_sub *e)
{
    if (!e->pending_count)
        return;
    line_out(l, "Pending", "sent, not yet shown by Bento (it applies changes within minutes)",
             A_BOLD);
    for (size_t i = 0; i < e->pending_count; i++) {
        char what[400];
        bento_change_describe(&e->pending[i], what, sizeof what);
        line_out_at(l, 2, "~", what, 0);
    }
}

static void detail_lines(struct tui *ui, struct bento_cached_sub *e, struct lines *lp)
{
    struct subs_pane *p = ui->subs;
    struct lines l = *lp;
    line_out(&l, "Email", e->email, A_BOLD);
    if (e->found)
        line_out(&l, "UUID", e->sub.uuid ? e->sub.uuid : "-", 0);
    detail_status(&l, e);
    if (!strcmp(p->validation_email, e->email))
        line_out(&l, "Validation", p->validation, 0);
    if (e->found && e->sub.navigation_url)
        line_out(&l, "Dashboard", e->sub.navigation_url, A_UNDERLINE);
    if (e->found) {
        detail_tags(&l, e);
        detail_fields(&l, e);
    }
    detail_pending(&l, e);
    *lp = l;
}

static void draw_detail(struct tui *ui, int y0, int rows)
{
    struct subs_pane *p = ui->subs;
    struct bento_cached_sub *e = subs_selected(ui);
    if (!e) {
        p->detail = false;
        draw_list(ui, y0, rows);
        return;
    }
    struct lines count = {ui, 0, 1 << 20, 0, true, label_width(e)};
    detail_lines(ui, e, &count);
    size_t total = (size_t)count.y, max_top = total > (size_t)rows ? total - (size_t)rows : 0;
    if (p->detail_top > max_top)
        p->detail_top = max_top;
    struct lines l = {ui, y0, y0 + rows, p->detail_top, false, count.label_w};
    detail_lines(ui, e, &l);
}

void subs_pane_draw(struct tui *ui, int y0, int rows)
{
    subs_open_cache(ui);
    if (ui->subs->detail)
        draw_detail(ui, y0, rows);
    else
        draw_list(ui, y0, rows);
}

#define FIELDS_TITLE "Custom fields"

bool subs_fields_shown(const struct tui *ui)
{
    return ui->overlay == OV_TEXT && !strcmp(ui->text.title, FIELDS_TITLE);
}

void subs_fields_show(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    size_t top = subs_fields_shown(ui) ? ui->text.top : 0;
    text_open(ui, FIELDS_TITLE);
    ui->text.top = top;
    text_add(&ui->text, "%zu custom field%s in this account:", p->field_count,
             p->field_count == 1 ? "" : "s");
    text_add(&ui->text, "%s", "");
    for (size_t i = 0; i < p->field_count; i++) {
        char key[300];
        safe(p->field_keys[i], key, sizeof key);
        text_add(&ui->text, "  %s", key);
    }
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "n adds one (:fields create KEY). Keys complete with Tab wherever a");
    text_add(&ui->text, "field is asked for (f sets a field on the selected person).");
}
