#define _GNU_SOURCE /* strcasestr */
/* The Broadcasts pane: the account's broadcasts of one status (or all),
 * loaded a page at a time as the list is scrolled, de-duplicated by id,
 * and one broadcast's email through the compose preview. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/content.h"
#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_broadcasts_draft.h"
#include "tui/tui_columns.h"
#include "tui/tui_idset.h"

#define BC_PAGE 25 /* Bento's page size: a shorter page is the last */
#define BC_DASHBOARD "https://app.bentonow.com/account/emails/broadcasts/"

/* Bento's default first; "all" asks each of the others in turn, since
 * records carry no status of their own. */
static const char *const bc_statuses[] = {"sent",   "draft",    "scheduled", "sending",
                                          "paused", "canceled", "all"};
#define BC_ALL 6

enum bc_column { BC_NAME, BC_SUBJECT, BC_STATUS, BC_DATE, BC_SENT, BC_OPEN, BC_CLICK, BC__COUNT };

/* NAME takes what is left; when space is short CLICK goes first, then
 * RECIPIENTS and SUBJECT, before NAME is cut; STATUS, DATE and OPEN stay. */
static const struct tui_column bc_columns[BC__COUNT] = {
    [BC_NAME] = {.title = "NAME", .min = 12, .cap = 48, .keep = 3, .main = true},
    [BC_SUBJECT] = {.title = "SUBJECT", .min = 12, .cap = 48, .keep = 2},
    [BC_STATUS] = {.title = "STATUS", .keep = 6},
    [BC_DATE] = {.title = "DATE", .natural = 10, .keep = 5, .desc_first = true},
    [BC_SENT] = {.title = "RECIPIENTS", .keep = 1, .right = true, .desc_first = true},
    [BC_OPEN] = {.title = "OPEN", .keep = 4, .right = true, .desc_first = true},
    [BC_CLICK] = {.title = "CLICK", .keep = 0, .right = true, .desc_first = true},
};

struct bc_row {
    struct bento_broadcast b; /* owned */
    const char *status;       /* the status it was listed under */
};

struct broadcasts_pane {
    struct bc_row *items;
    size_t count, cap;
    struct tui_idset ids; /* of items, for de-duplicating pages */
    size_t *view, view_count;
    size_t sel, top;
    struct tui_sort sort;
    int status; /* index in bc_statuses */
    int asking; /* the status being paged (differs from status under "all") */
    long page;  /* the next page to ask */
    bool done, loading, asked_again, opened;
    bool failed;            /* the last page failed: asked again on a scroll or r */
    char *keep_id;          /* r: the broadcast to select again once it is listed */
    unsigned gen;           /* a switch of status drops the answers still coming */
    struct bc_draft *draft; /* the draft form (tui_broadcasts_draft.c) */
};

static void bc_free_broadcast(struct bento_broadcast *b)
{
    free(b->id), free(b->name), free(b->subject), free(b->html), free(b->to);
    free(b->template_id), free(b->share_url);
    free(b->created_at), free(b->send_at), free(b->sent_at);
}

static void bc_clear(struct broadcasts_pane *p)
{
    free(p->keep_id);
    p->keep_id = NULL;
    for (size_t i = 0; i < p->count; i++)
        bc_free_broadcast(&p->items[i].b);
    tui_idset_clear(&p->ids);
    free(p->items), free(p->view);
    p->items = NULL, p->view = NULL;
    p->count = p->cap = p->view_count = p->sel = p->top = 0;
}

static const char *bc_date(const struct bc_row *r)
{
    const char *d = !strcmp(r->status, "sent")        ? r->b.sent_at
                    : !strcmp(r->status, "scheduled") ? r->b.send_at
                                                      : NULL;
    return d ? d : r->b.created_at ? r->b.created_at : "";
}

struct bc_cells {
    char name[200], subject[200], date[16], sent[24], open[16], click[16];
    const char *cell[BC__COUNT];
};

static void bc_rate(double rate, char *out, size_t size)
{
    if (rate < 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%.1f%%", rate <= 1.0 ? rate * 100.0 : rate);
}

static void cells_of(const struct bc_row *r, struct bc_cells *t)
{
    const char *name = r->b.name ? r->b.name : "", *subj = r->b.subject ? r->b.subject : "";
    bento_sanitize_line(name, strlen(name), t->name, sizeof t->name);
    bento_sanitize_line(subj, strlen(subj), t->subject, sizeof t->subject);
    snprintf(t->date, sizeof t->date, "%.10s", bc_date(r));
    bento_sanitize_line(t->date, strlen(t->date), t->date, sizeof t->date);
    if (r->b.stats.sent < 0)
        snprintf(t->sent, sizeof t->sent, "-");
    else
        snprintf(t->sent, sizeof t->sent, "%ld", r->b.stats.sent);
    bc_rate(r->b.stats.open_rate, t->open, sizeof t->open);
    bc_rate(r->b.stats.click_rate, t->click, sizeof t->click);
    const char *cell[BC__COUNT] = {t->name, t->subject, r->status, t->date,
                                   t->sent, t->open,    t->click};
    memcpy(t->cell, cell, sizeof cell);
}

/* ---- the view: filter and sort ----------------------------------------- */

static const struct broadcasts_pane *sorting; /* qsort has no context */

static int cmp_num(double x, double y)
{
    return (x > y) - (x < y);
}

static int cmp_rows(const struct bc_row *x, const struct bc_row *y, int col)
{
    struct bc_cells a, b;
    switch (col) {
    case BC_SENT: return cmp_num((double)x->b.stats.sent, (double)y->b.stats.sent);
    case BC_OPEN: return cmp_num(x->b.stats.open_rate, y->b.stats.open_rate);
    case BC_CLICK: return cmp_num(x->b.stats.click_rate, y->b.stats.click_rate);
    case BC_DATE: return strcmp(bc_date(x), bc_date(y));
    default: cells_of(x, &a), cells_of(y, &b); return strcasecmp(a.cell[col], b.cell[col]);
    }
}

static int cmp_view(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int c = cmp_rows(&sorting->items[a], &sorting->items[b], sorting->sort.col);
    if (sorting->sort.desc)
        c = -c;
    return c ? c : (a > b) - (a < b); /* stable: the server's order */
}

static bool bc_matches(const struct bc_row *r, const char *filter)
{
    bool invert = filter[0] == '!';
    const char *needle = filter + invert;
    if (!needle[0])
        return true;
    struct bc_cells t;
    cells_of(r, &t);
    bool hit = false;
    for (int i = 0; i < BC__COUNT && !hit; i++)
        hit = strcasestr(t.cell[i], needle) != NULL;
    return hit != invert;
}

static void bc_refilter(struct broadcasts_pane *p, const char *filter)
{
    p->view_count = 0;
    for (size_t i = 0; i < p->count; i++)
        if (bc_matches(&p->items[i], filter))
            p->view[p->view_count++] = i;
    if (p->sort.col >= 0) {
        sorting = p;
        qsort(p->view, p->view_count, sizeof *p->view, cmp_view);
    }
    list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
}

/* ---- loading ------------------------------------------------------------ */

static void bc_listed(struct tui *ui, struct bento_result *r, void *ctx);

static void bc_ask(struct tui *ui)
{
    struct broadcasts_pane *p = ui->bc;
    if (p->loading || p->done)
        return;
    struct bento_request *req = bento_request_broadcasts_list(bc_statuses[p->asking], p->page, 0);
    if (tui_post(ui, req, bc_listed, (void *)(uintptr_t)p->gen))
        p->loading = true;
}

/* Near the end of what is loaded (or short of a screen): the next page. */
static void bc_maybe_more(struct tui *ui)
{
    struct broadcasts_pane *p = ui->bc;
    if (p->sel + (size_t)tui_list_rows() >= p->view_count)
        bc_ask(ui);
}

/* Takes the page's broadcasts (those not listed yet); how many, or -1. */
static long bc_take(struct broadcasts_pane *p, struct bento_broadcast_list *l)
{
    long fresh = 0;
    if (p->count + l->count > p->cap) {
        size_t cap = p->count + l->count + 64;
        struct bc_row *items = realloc(p->items, cap * sizeof *items);
        size_t *view = items ? realloc(p->view, cap * sizeof *view) : NULL;
        if (items)
            p->items = items;
        if (!view)
            return -1;
        p->view = view, p->cap = cap;
    }
    bool added = true;
    for (size_t i = 0; i < l->count; i++) {
        if (!added || tui_idset_has(&p->ids, l->items[i].id)) {
            bc_free_broadcast(&l->items[i]);
            continue;
        }
        added = tui_idset_add(&p->ids, l->items[i].id);
        p->items[p->count++] = (struct bc_row){l->items[i], bc_statuses[p->asking]};
        fresh++;
    }
    free(l->items);
    l->items = NULL, l->count = 0;
    return added ? fresh : -1;
}

/* What the page says of the next: a short page ends the status; a page
 * of nothing new is asked once more (pages can repeat), then ends it. */
static void bc_advance(struct broadcasts_pane *p, size_t got, long fresh)
{
    bool end = got < BC_PAGE || (fresh == 0 && p->asked_again);
    if (!end && fresh == 0) {
        p->asked_again = true;
        return;
    }
    p->asked_again = false;
    p->page++;
    if (!end)
        return;
    if (p->status == BC_ALL && p->asking + 1 < BC_ALL)
        p->asking++, p->page = 1;
    else
        p->done = true;
}

/* The rows loaded stay; the same page is asked on the next scroll or r. */
static void bc_page_failed(struct tui *ui, struct bento_result *r)
{
    struct broadcasts_pane *p = ui->bc;
    char what[120];
    p->failed = true;
    free(p->keep_id);
    p->keep_id = NULL;
    if (p->page > 1)
        snprintf(what, sizeof what,
                 "Page %ld of the broadcasts failed (scroll or r asks again; %zu rows kept)",
                 p->page, p->count);
    else
        snprintf(what, sizeof what, "Could not load the broadcasts (r asks again)");
    tui_report_error(ui, what, &r->err, r);
}

/* After r: select the row selected before, once listed; true when found. */
static bool bc_reselect(struct broadcasts_pane *p)
{
    for (size_t i = 0; i < p->view_count; i++)
        if (p->items[p->view[i]].b.id && !strcmp(p->items[p->view[i]].b.id, p->keep_id)) {
            p->sel = i;
            list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
            free(p->keep_id);
            p->keep_id = NULL;
            return true;
        }
    return false;
}

static void bc_listed(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct broadcasts_pane *p = ui->bc;
    if ((uintptr_t)ctx != p->gen)
        return;
    p->loading = false;
    if (r->err.kind != BENTO_OK) {
        bc_page_failed(ui, r);
        return;
    }
    p->failed = false;
    size_t got = r->content.broadcasts.count;
    long fresh = bc_take(p, &r->content.broadcasts);
    if (fresh < 0) {
        p->done = true;
        tui_flash(ui, true, "! Out of memory listing the broadcasts: close other panes' lists.");
        return;
    }
    bc_advance(p, got, fresh);
    bc_refilter(p, ui->filter[TP_BROADCASTS]);
    if (p->keep_id && !bc_reselect(p) && !p->done)
        bc_ask(ui); /* the row selected before r is further down */
    else
        bc_maybe_more(ui);
}

static void bc_reload(struct tui *ui)
{
    struct broadcasts_pane *p = ui->bc;
    bc_clear(p);
    p->gen++;
    p->asking = p->status == BC_ALL ? 0 : p->status;
    p->page = 1;
    p->done = p->loading = p->asked_again = p->failed = false;
    p->opened = true;
    bc_ask(ui);
}

void bc_list_reload(struct tui *ui)
{
    struct broadcasts_pane *p = ui->bc;
    const char *id = p->sel < p->view_count ? p->items[p->view[p->sel]].b.id : NULL;
    char *keep = id ? strdup(id) : NULL;
    bc_reload(ui);
    free(p->keep_id);
    p->keep_id = keep;
}

/* r: the list asked again; the status, the filter and the selection stay. */
void tui_cmd_broadcasts_reload(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_BROADCASTS);
    if (ui->bc->loading && !ui->bc->failed) {
        tui_flash(ui, false, "The broadcasts are loading already.");
        return;
    }
    bc_list_reload(ui);
    tui_flash(ui, false, "Reloading the %s broadcasts...", bc_statuses[ui->bc->status]);
}

struct bc_draft **bc_draft_slot(struct tui *ui)
{
    return &ui->bc->draft;
}

/* ---- drawing ------------------------------------------------------------ */

static void layout(struct tui *ui, struct tui_column *c, int list)
{
    struct broadcasts_pane *p = ui->bc;
    memcpy(c, bc_columns, sizeof bc_columns);
    tui_columns_reset(c, BC__COUNT, &p->sort);
    for (int i = 0; i < list && p->top + (size_t)i < p->view_count; i++) {
        struct bc_cells t;
        cells_of(&p->items[p->view[p->top + (size_t)i]], &t);
        for (int k = 0; k < BC__COUNT; k++)
            tui_columns_measure(&c[k], t.cell[k]);
    }
    tui_columns_layout(c, BC__COUNT, 2, COLS - 2);
}

/* The status, the count (and the filter) on the tab row. */
static void draw_count(struct tui *ui, int y)
{
    struct broadcasts_pane *p = ui->bc;
    const char *f = ui->filter[TP_BROADCASTS];
    char count[160], safe[200];
    int n = snprintf(count, sizeof count, "%s: ", bc_statuses[p->status]);
    if (f[0])
        snprintf(count + n, sizeof count - (size_t)n, "%zu/%zu /%.40s ", p->view_count, p->count,
                 f);
    else
        snprintf(count + n, sizeof count - (size_t)n, "%zu%s broadcast%s ", p->count,
                 p->done ? "" : "+", p->count == 1 ? "" : "s");
    bento_sanitize_line(count, strlen(count), safe, sizeof safe);
    int w = tui_str_width(safe);
    if (COLS - w >= tui_tab_x(TP__COUNT))
        tui_draw_str(y - 1, COLS - w, w, safe, 0);
}

static void draw_row(const struct bc_row *r, int y, const struct tui_column *c, bool selected)
{
    struct bc_cells t;
    int attr = selected ? A_REVERSE : 0;
    cells_of(r, &t);
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    tui_draw_str(y, 0, 2, selected ? "> " : "  ", attr);
    for (int i = 0; i < BC__COUNT; i++)
        tui_columns_cell(y, &c[i], t.cell[i], attr);
}

static void bc_draw(struct tui *ui, int y0, int rows)
{
    struct broadcasts_pane *p = ui->bc;
    struct tui_column c[BC__COUNT];
    int list = rows - 1;
    if (bc_draft_shown(ui)) {
        bc_draft_draw(ui, y0, rows);
        return;
    }
    list_clamp(&p->sel, &p->top, p->view_count, list);
    layout(ui, c, list);
    tui_columns_header(y0, c, BC__COUNT, &p->sort, A_UNDERLINE | A_BOLD);
    draw_count(ui, y0);
    if (p->view_count == 0) {
        const char *why = p->loading  ? "Loading the broadcasts..."
                          : p->failed ? "The broadcasts could not be loaded (r asks again)."
                          : p->count  ? "No broadcast matches the filter (Esc clears it)."
                                      : "No broadcasts with this status (s shows the next).";
        tui_draw_str(y0 + 2, 2, COLS - 4, why, 0);
        return;
    }
    for (int i = 0; i < list && p->top + (size_t)i < p->view_count; i++) {
        size_t pos = p->top + (size_t)i;
        draw_row(&p->items[p->view[pos]], y0 + 1 + i, c, pos == p->sel);
    }
}

/* ---- one broadcast ------------------------------------------------------ */

static void add_line(struct tui *ui, const char *label, const char *value)
{
    char safe[600];
    const char *v = value ? value : "-";
    bento_sanitize_line(v, strlen(v), safe, sizeof safe);
    text_add(&ui->text, "%-12s %s", label, safe);
}

static void add_stats(struct tui *ui, const struct bento_broadcast *b)
{
    char open[16], click[16];
    if (b->stats.sent < 0 && b->stats.opened < 0 && b->stats.clicked < 0) {
        text_add(&ui->text, "%-12s %s", "Stats:", "none yet (not sent)");
        return;
    }
    bc_rate(b->stats.open_rate, open, sizeof open);
    bc_rate(b->stats.click_rate, click, sizeof click);
    text_add(&ui->text, "%-12s %ld recipients, %ld opens (%s), %ld clicks (%s)",
             "Stats:", b->stats.sent, b->stats.opened, open, b->stats.clicked, click);
}

/* The broadcast's lines, then its email (subject and html may come from
 * its template rather than the list). */
static void bc_show(struct tui *ui, const struct bc_row *r, const char *subject, const char *html)
{
    const struct bento_broadcast *b = &r->b;
    char id[64];
    bento_sanitize_line(b->id ? b->id : "", b->id ? strlen(b->id) : 0, id, sizeof id);
    text_open(ui, "Broadcast");
    add_line(ui, "Name:", b->name);
    add_line(ui, "Status:", r->status);
    add_line(ui, "Created:", b->created_at);
    add_line(ui, "Send at:", b->send_at);
    add_line(ui, "Sent at:", b->sent_at);
    add_line(ui, "To:", b->to);
    add_stats(ui, b);
    add_line(ui, "Share URL:", b->share_url);
    text_add(&ui->text, "%-12s %s%s", "Dashboard:", BC_DASHBOARD, id);
    text_add(&ui->text, "%s", "");
    tui_preview_add(ui, subject, html);
}

static const struct bc_row *bc_find(const struct broadcasts_pane *p, const char *id)
{
    for (size_t i = 0; id && i < p->count; i++)
        if (p->items[i].b.id && !strcmp(p->items[i].b.id, id))
            return &p->items[i];
    return NULL;
}

/* A draft's list entry names only its template: its email comes from it. */
static void bc_template_got(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct bc_row *row = bc_find(ui->bc, ctx);
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not read the broadcast's email", &r->err, r);
        return;
    }
    if (!row)
        return; /* the list was loaded again meanwhile */
    const struct bento_template *t = &r->content.tmpl;
    bc_show(ui, row, t->subject ? t->subject : row->b.subject, t->html ? t->html : row->b.html);
}

static void bc_open_selected(struct tui *ui)
{
    struct broadcasts_pane *p = ui->bc;
    if (p->sel >= p->view_count)
        return;
    const struct bc_row *r = &p->items[p->view[p->sel]];
    char *id = r->b.id ? strdup(r->b.id) : NULL;
    if ((r->b.subject && r->b.html) || !r->b.template_id || !id) {
        free(id);
        bc_show(ui, r, r->b.subject, r->b.html);
        return;
    }
    struct bento_request *req = bento_request_template_get(r->b.template_id);
    if (!req || !tui_post_owned(ui, req, bc_template_got, id, free))
        bc_show(ui, r, r->b.subject, r->b.html);
}

/* ---- keys, commands and ops -------------------------------------------- */

static int bc_status_index(const char *text)
{
    if (!strcmp(text, "cancelled"))
        text = "canceled";
    for (int i = 0; i <= BC_ALL; i++)
        if (!strcmp(text, bc_statuses[i]))
            return i;
    return -1;
}

void tui_cmd_broadcasts_status(struct tui *ui, int argc, char **argv)
{
    struct broadcasts_pane *p = ui->bc;
    int next = argc > 0 ? bc_status_index(argv[0]) : (p->status + 1) % (BC_ALL + 1);
    if (next < 0) {
        char safe[64];
        bento_sanitize_line(argv[0], strlen(argv[0]), safe, sizeof safe);
        tui_flash(ui, true,
                  "! No status \"%s\": use sent, draft, scheduled, sending, paused, "
                  "canceled or all.",
                  safe);
        return;
    }
    tui_show_pane(ui, TP_BROADCASTS);
    p->status = next;
    bc_reload(ui);
    tui_flash(ui, false, "Broadcasts: %s", bc_statuses[next]);
}

static void bc_open(struct tui *ui)
{
    if (!ui->bc->opened)
        bc_reload(ui);
}

static bool bc_move(struct tui *ui, int key)
{
    struct broadcasts_pane *p = ui->bc;
    bool moved = list_move_key(&p->sel, &p->top, p->view_count, tui_list_rows(), key);
    if (moved)
        bc_maybe_more(ui);
    return moved;
}

static void bc_click(struct tui *ui, size_t row)
{
    if (ui->bc->top + row < ui->bc->view_count)
        ui->bc->sel = ui->bc->top + row;
}

/* `o`, `O`, `:sort COLUMN`: the selected broadcast stays selected. */
static void bc_sort(struct tui *ui, const char *column, bool reverse)
{
    struct broadcasts_pane *p = ui->bc;
    if (tui_sort_pick(ui, &p->sort, bc_columns, BC__COUNT, column, reverse, true) < 0)
        return;
    size_t keep = p->sel < p->view_count ? p->view[p->sel] : SIZE_MAX;
    bc_refilter(p, ui->filter[TP_BROADCASTS]);
    for (size_t i = 0; keep != SIZE_MAX && i < p->view_count; i++)
        if (p->view[i] == keep)
            p->sel = i;
    list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
    if (p->sort.col < 0)
        tui_flash(ui, false, "Sorted as Bento lists them");
    else
        tui_flash(ui, false, "Sorted by %s, %s", bc_columns[p->sort.col].title,
                  p->sort.desc ? "descending" : "ascending");
}

static void bc_filter(struct tui *ui, const char *text)
{
    bc_refilter(ui->bc, text);
}

static int bc_init(struct tui *ui)
{
    ui->bc = calloc(1, sizeof *ui->bc);
    if (ui->bc)
        ui->bc->sort = (struct tui_sort){-1, false};
    return ui->bc ? 0 : -1;
}

static void bc_pane_free(struct tui *ui)
{
    if (ui->bc) {
        bc_clear(ui->bc);
        bc_draft_free(ui->bc->draft);
    }
    free(ui->bc);
    ui->bc = NULL;
}

const struct tui_pane_ops tui_broadcasts_pane = {
    .init = bc_init,
    .open = bc_open,
    .draw = bc_draw,
    .key = bc_draft_key,
    .move_key = bc_move,
    .click = bc_click,
    .filter = bc_filter,
    .open_selected = bc_open_selected,
    .sort = bc_sort,
    .hints = bc_draft_hints,
    .free = bc_pane_free,
};
