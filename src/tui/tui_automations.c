#define _GNU_SOURCE /* strcasestr */
/* The Automations pane: the account's sequences and workflows, every
 * page of each loaded and de-duplicated by id, and under each its emails
 * in order (Enter folds them); sort and filter act on the sequences and
 * workflows, and an email matching the filter shows its flow with it. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/content.h"
#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_automations_internal.h"
#include "tui/tui_columns.h"

#define AU_PAGE 25 /* Bento's page size: a shorter page is the last */

enum au_column {
    AU_NAME,
    AU_TYPE,
    AU_STATUS,
    AU_DELAY,
    AU_OPENED,
    AU_CLICKED,
    AU_OPEN,
    AU_CLICK,
    AU__COUNT
};

/* NAME takes what is left; when space is short the counts go first,
 * then STATUS and DELAY, before NAME is cut. */
static const struct tui_column au_columns[AU__COUNT] = {
    [AU_NAME] = {.title = "NAME", .min = 16, .cap = 60, .keep = 4, .main = true},
    [AU_TYPE] = {.title = "TYPE", .keep = 7},
    [AU_STATUS] = {.title = "STATUS", .keep = 3},
    [AU_DELAY] = {.title = "DELAY", .keep = 5},
    [AU_OPENED] = {.title = "OPENED", .keep = 2, .right = true, .desc_first = true},
    [AU_CLICKED] = {.title = "CLICKED", .keep = 1, .right = true, .desc_first = true},
    [AU_OPEN] = {.title = "OPEN", .keep = 6, .right = true, .desc_first = true},
    [AU_CLICK] = {.title = "CLICK", .keep = 0, .right = true, .desc_first = true},
};

static const char *const au_kind_names[AU__KINDS] = {"sequence", "workflow"};

static void free_entry(struct bento_email_entry *e)
{
    free(e->id), free(e->subject), free(e->name), free(e->inbox_snippet);
    free(e->delay_interval);
}

static void free_flow(struct au_flow *fl)
{
    for (size_t i = 0; i < fl->f.email_count; i++)
        free_entry(&fl->f.emails[i]);
    free(fl->f.emails), free(fl->f.id), free(fl->f.prefix_id), free(fl->f.name);
    free(fl->f.status), free(fl->f.created_at);
    au_stats_free(fl);
}

static void au_clear(struct automations_pane *p)
{
    for (size_t i = 0; i < p->count; i++)
        free_flow(&p->flows[i]);
    for (int k = 0; k < AU__KINDS; k++)
        tui_idset_clear(&p->pager[k].ids);
    free(p->flows), free(p->view);
    p->flows = NULL, p->view = NULL;
    p->count = p->cap = p->view_count = p->view_cap = p->sel = p->top = 0;
}

/* ---- cells -------------------------------------------------------------- */

void au_rate(double rate, char *out, size_t size)
{
    if (rate < 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%.1f%%", rate <= 1.0 ? rate * 100.0 : rate);
}

void au_delay(const struct bento_email_entry *e, char *out, size_t size)
{
    if (!e->delay_interval || e->delay_count < 0) {
        snprintf(out, size, "-");
        return;
    }
    char unit[24];
    bento_sanitize_line(e->delay_interval, strlen(e->delay_interval), unit, sizeof unit);
    size_t n = strlen(unit);
    if (e->delay_count == 1 && n > 1 && unit[n - 1] == 's')
        unit[n - 1] = '\0'; /* "1 day" */
    snprintf(out, size, "%ld %s", e->delay_count, unit);
}

const struct bento_content_stats *au_email_stats(const struct au_flow *fl,
                                                 const struct bento_email_entry *e)
{
    for (size_t i = 0; fl->has_ws && e->id && i < fl->ws.email_count; i++)
        if (fl->ws.emails[i].id && !strcmp(fl->ws.emails[i].id, e->id))
            return fl->ws.emails[i].has_stats ? &fl->ws.emails[i].stats : NULL;
    return e->has_stats ? &e->stats : NULL;
}

/* Template stats name no recipients; the open rate tells how many. */
static long sent_of(const struct bento_content_stats *e)
{
    if (e->sent >= 0)
        return e->sent;
    double rate = e->open_rate > 1.0 ? e->open_rate / 100.0 : e->open_rate;
    return rate > 0 && e->opened > 0 ? (long)((double)e->opened / rate + 0.5) : 0;
}

/* A flow's row counts what its emails count (over the period, if any). */
static struct bento_content_stats flow_stats(const struct au_flow *fl)
{
    struct bento_content_stats s = {0, 0, 0, -1, -1};
    bool any = false;
    for (size_t i = 0; i < fl->f.email_count; i++) {
        const struct bento_content_stats *e = au_email_stats(fl, &fl->f.emails[i]);
        if (!e)
            continue;
        any = true;
        s.sent += sent_of(e);
        s.opened += e->opened > 0 ? e->opened : 0;
        s.clicked += e->clicked > 0 ? e->clicked : 0;
    }
    if (!any)
        return (struct bento_content_stats){-1, -1, -1, -1, -1};
    if (s.sent > 0)
        s.open_rate = (double)s.opened / (double)s.sent,
        s.click_rate = (double)s.clicked / (double)s.sent;
    return s;
}

struct au_cells {
    char name[240], status[24], delay[32], opened[24], clicked[24], open[16], click[16];
    const char *cell[AU__COUNT];
};

static void count_cell(long n, char *out, size_t size)
{
    if (n < 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%ld", n);
}

static void stats_cells(const struct bento_content_stats *s, struct au_cells *t)
{
    static const struct bento_content_stats none = {-1, -1, -1, -1, -1};
    if (!s)
        s = &none;
    count_cell(s->opened, t->opened, sizeof t->opened);
    count_cell(s->clicked, t->clicked, sizeof t->clicked);
    au_rate(s->open_rate, t->open, sizeof t->open);
    au_rate(s->click_rate, t->click, sizeof t->click);
}

static void flow_name(const struct au_flow *fl, char *out, size_t size)
{
    char safe[200], period[48] = "";
    const char *name = fl->f.name ? fl->f.name : fl->f.id ? fl->f.id : "";
    bento_sanitize_line(name, strlen(name), safe, sizeof safe);
    if (fl->has_ws && fl->days > 0)
        snprintf(period, sizeof period, " (last %ld days)", fl->days);
    else if (fl->has_ws)
        snprintf(period, sizeof period, " (%s to %s)", fl->from, fl->to);
    snprintf(out, size, "%s %s%s", fl->folded ? "+" : "-", safe, period);
}

static void cells_of(const struct au_flow *fl, long email, struct au_cells *t)
{
    t->status[0] = t->delay[0] = '\0';
    const char *type = "";
    if (email < 0) {
        struct bento_content_stats s = flow_stats(fl);
        flow_name(fl, t->name, sizeof t->name);
        type = au_kind_names[fl->kind];
        const char *st = fl->f.status ? fl->f.status : "";
        bento_sanitize_line(st, strlen(st), t->status, sizeof t->status);
        stats_cells(&s, t);
    } else {
        const struct bento_email_entry *e = &fl->f.emails[email];
        const char *subj = e->subject ? e->subject : e->name ? e->name : "";
        char safe[200];
        bento_sanitize_line(subj, strlen(subj), safe, sizeof safe);
        snprintf(t->name, sizeof t->name, "    %ld. %s", email + 1, safe);
        au_delay(e, t->delay, sizeof t->delay);
        stats_cells(au_email_stats(fl, e), t);
    }
    const char *cell[AU__COUNT] = {t->name,   type,       t->status, t->delay,
                                   t->opened, t->clicked, t->open,   t->click};
    memcpy(t->cell, cell, sizeof cell);
}

/* ---- the view: filter and sort ------------------------------------------ */

static const struct automations_pane *sorting; /* qsort has no context */

static int cmp_num(double x, double y)
{
    return (x > y) - (x < y);
}

static int cmp_flows(const struct au_flow *x, const struct au_flow *y, int col)
{
    struct bento_content_stats a = flow_stats(x), b = flow_stats(y);
    struct au_cells ca, cb;
    switch (col) {
    case AU_OPENED: return cmp_num((double)a.opened, (double)b.opened);
    case AU_CLICKED: return cmp_num((double)a.clicked, (double)b.clicked);
    case AU_OPEN: return cmp_num(a.open_rate, b.open_rate);
    case AU_CLICK: return cmp_num(a.click_rate, b.click_rate);
    case AU_NAME: {
        const char *nx = x->f.name ? x->f.name : "", *ny = y->f.name ? y->f.name : "";
        return strcasecmp(nx, ny);
    }
    default:
        cells_of(x, -1, &ca), cells_of(y, -1, &cb);
        return strcasecmp(ca.cell[col], cb.cell[col]);
    }
}

/* Sequences before workflows, each in the sort's order, else the server's. */
static int cmp_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct au_flow *x = &sorting->flows[a], *y = &sorting->flows[b];
    int c = (int)x->kind - (int)y->kind;
    if (!c && sorting->sort.col >= 0) {
        c = cmp_flows(x, y, sorting->sort.col);
        if (sorting->sort.desc)
            c = -c;
    }
    return c ? c : (a > b) - (a < b);
}

static bool row_matches(const struct au_flow *fl, long email, const char *needle)
{
    struct au_cells t;
    cells_of(fl, email, &t);
    for (int i = 0; i < AU__COUNT; i++)
        if (strcasestr(t.cell[i], needle))
            return true;
    return false;
}

static int view_push(struct automations_pane *p, size_t flow, long email)
{
    if (p->view_count == p->view_cap) {
        size_t cap = p->view_cap ? p->view_cap * 2 : 64;
        struct au_row *v = realloc(p->view, cap * sizeof *v);
        if (!v)
            return -1;
        p->view = v, p->view_cap = cap;
    }
    p->view[p->view_count++] = (struct au_row){flow, email};
    return 0;
}

/* One flow and the emails that show under it. */
static int view_flow(struct automations_pane *p, size_t i, const char *filter)
{
    const struct au_flow *fl = &p->flows[i];
    bool invert = filter[0] == '!';
    const char *needle = filter + invert;
    bool flow_hit = !needle[0] || row_matches(fl, -1, needle) != invert;
    bool any = flow_hit;
    for (size_t k = 0; !any && k < fl->f.email_count; k++)
        any = row_matches(fl, (long)k, needle) != invert;
    if (!any)
        return 0;
    if (view_push(p, i, -1) < 0)
        return -1;
    for (size_t k = 0; k < fl->f.email_count; k++) {
        bool hit = needle[0] && row_matches(fl, (long)k, needle) != invert;
        if ((!fl->folded && (flow_hit || hit)) || (fl->folded && hit && needle[0]))
            if (view_push(p, i, (long)k) < 0)
                return -1;
    }
    return 0;
}

void au_refilter(struct tui *ui)
{
    struct automations_pane *p = ui->au;
    const char *filter = ui->filter[TP_AUTOMATIONS];
    size_t *order = malloc((p->count ? p->count : 1) * sizeof *order);
    p->view_count = 0;
    if (!order) {
        tui_flash(ui, true, "! Out of memory listing the automations: close other panes' lists.");
        return;
    }
    for (size_t i = 0; i < p->count; i++)
        order[i] = i;
    sorting = p;
    qsort(order, p->count, sizeof *order, cmp_order);
    for (size_t i = 0; i < p->count; i++)
        if (view_flow(p, order[i], filter) < 0) {
            tui_flash(ui, true,
                      "! Out of memory listing the automations: close other panes' lists.");
            break;
        }
    free(order);
    list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
}

const struct au_row *au_selected(struct tui *ui, struct au_flow **flow)
{
    struct automations_pane *p = ui->au;
    if (p->sel >= p->view_count)
        return NULL;
    const struct au_row *r = &p->view[p->sel];
    if (flow)
        *flow = &p->flows[r->flow];
    return r;
}

void au_select_email(struct tui *ui, const char *flow_id, const char *email_id)
{
    struct automations_pane *p = ui->au;
    for (size_t i = 0; i < p->view_count; i++) {
        const struct au_flow *fl = &p->flows[p->view[i].flow];
        long e = p->view[i].email;
        if (e >= 0 && fl->f.id && !strcmp(fl->f.id, flow_id) && fl->f.emails[e].id &&
            !strcmp(fl->f.emails[e].id, email_id))
            p->sel = i;
    }
    list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
}

/* ---- loading ------------------------------------------------------------ */

static void au_listed(struct tui *ui, struct bento_result *r, void *ctx);

static void au_ask(struct tui *ui, enum au_kind kind)
{
    struct automations_pane *p = ui->au;
    struct au_pager *pg = &p->pager[kind];
    if (pg->loading || pg->done)
        return;
    struct bento_request *req = kind == AU_SEQUENCE ? bento_request_sequences_list(pg->page)
                                                    : bento_request_workflows_list(pg->page);
    if (tui_post(ui, req, au_listed, (void *)(uintptr_t)(p->gen * AU__KINDS + kind)))
        pg->loading = true;
}

static void free_bento_flow(struct bento_flow *f)
{
    struct au_flow tmp = {.f = *f};
    free_flow(&tmp);
}

/* Takes the page's flows (those not listed yet); how many, or -1. */
static long au_take(struct automations_pane *p, enum au_kind kind, struct bento_flow_list *l)
{
    long fresh = 0;
    if (p->count + l->count > p->cap) {
        size_t cap = p->count + l->count + 16;
        struct au_flow *flows = realloc(p->flows, cap * sizeof *flows);
        if (!flows)
            return -1;
        p->flows = flows, p->cap = cap;
    }
    struct tui_idset *ids = &p->pager[kind].ids;
    bool added = true;
    for (size_t i = 0; i < l->count; i++) {
        if (!added || tui_idset_has(ids, l->items[i].id)) {
            free_bento_flow(&l->items[i]);
            continue;
        }
        added = tui_idset_add(ids, l->items[i].id);
        p->flows[p->count++] = (struct au_flow){.f = l->items[i], .kind = kind, .days = -1};
        fresh++;
    }
    free(l->items);
    l->items = NULL, l->count = 0;
    return added ? fresh : -1;
}

/* A short page ends the kind; a page of nothing new is asked once more
 * (pages can repeat), then ends it. */
static void au_advance(struct au_pager *pg, size_t got, long fresh)
{
    bool end = got < AU_PAGE || (fresh == 0 && pg->asked_again);
    if (!end && fresh == 0) {
        pg->asked_again = true;
        return;
    }
    pg->asked_again = false;
    pg->page++;
    pg->done = end;
}

static void au_listed(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct automations_pane *p = ui->au;
    uintptr_t tag = (uintptr_t)ctx;
    if (tag / AU__KINDS != p->gen)
        return;
    enum au_kind kind = (enum au_kind)(tag % AU__KINDS);
    struct au_pager *pg = &p->pager[kind];
    pg->loading = false;
    if (r->err.kind != BENTO_OK) {
        pg->done = pg->failed = true;
        tui_report_error(ui,
                         kind == AU_SEQUENCE ? "Could not load the sequences"
                                             : "Could not load the workflows",
                         &r->err, r);
        return;
    }
    size_t got = r->content.flows.count;
    long fresh = au_take(p, kind, &r->content.flows);
    if (fresh < 0) {
        pg->done = true;
        tui_flash(ui, true, "! Out of memory listing the automations: close other panes' lists.");
        return;
    }
    au_advance(pg, got, fresh);
    au_refilter(ui);
    au_ask(ui, kind);
}

void au_reload(struct tui *ui)
{
    struct automations_pane *p = ui->au;
    au_clear(p);
    p->gen++;
    for (int k = 0; k < AU__KINDS; k++)
        p->pager[k] = (struct au_pager){.page = 1}; /* au_clear emptied the id sets */
    p->opened = true;
    au_ask(ui, AU_SEQUENCE);
    au_ask(ui, AU_WORKFLOW);
}

/* ---- drawing ------------------------------------------------------------ */

static void layout(struct tui *ui, struct tui_column *c, int list)
{
    struct automations_pane *p = ui->au;
    memcpy(c, au_columns, sizeof au_columns);
    tui_columns_reset(c, AU__COUNT, &p->sort);
    for (int i = 0; i < list && p->top + (size_t)i < p->view_count; i++) {
        const struct au_row *r = &p->view[p->top + (size_t)i];
        struct au_cells t;
        cells_of(&p->flows[r->flow], r->email, &t);
        for (int k = 0; k < AU__COUNT; k++)
            tui_columns_measure(&c[k], t.cell[k]);
    }
    tui_columns_layout(c, AU__COUNT, 2, COLS - 2);
}

static bool au_loading(const struct automations_pane *p)
{
    return p->pager[AU_SEQUENCE].loading || p->pager[AU_WORKFLOW].loading;
}

/* The counts (and the filter) on the tab row. */
static void draw_count(struct tui *ui, int y)
{
    struct automations_pane *p = ui->au;
    const char *f = ui->filter[TP_AUTOMATIONS];
    size_t n[AU__KINDS] = {0, 0};
    for (size_t i = 0; i < p->count; i++)
        n[p->flows[i].kind]++;
    char count[160], safe[200];
    bool more = !p->pager[AU_SEQUENCE].done || !p->pager[AU_WORKFLOW].done;
    if (f[0])
        snprintf(count, sizeof count, "%zu rows /%.40s ", p->view_count, f);
    else
        snprintf(count, sizeof count, "%zu sequence%s, %zu workflow%s%s ", n[0],
                 n[0] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s", more ? "+" : "");
    bento_sanitize_line(count, strlen(count), safe, sizeof safe);
    int w = tui_str_width(safe);
    if (COLS - w >= tui_tab_x(TP__COUNT))
        tui_draw_str(y - 1, COLS - w, w, safe, 0);
}

static void draw_row(const struct au_flow *fl, long email, int y, const struct tui_column *c,
                     bool selected)
{
    struct au_cells t;
    int attr = (selected ? A_REVERSE : 0) | (email < 0 ? A_BOLD : 0);
    cells_of(fl, email, &t);
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    tui_draw_str(y, 0, 2, selected ? "> " : "  ", attr);
    for (int i = 0; i < AU__COUNT; i++)
        tui_columns_cell(y, &c[i], t.cell[i], attr);
}

static void au_draw(struct tui *ui, int y0, int rows)
{
    struct automations_pane *p = ui->au;
    if (p->append) {
        au_append_draw(ui, y0, rows);
        return;
    }
    struct tui_column c[AU__COUNT];
    int list = rows - 1;
    list_clamp(&p->sel, &p->top, p->view_count, list);
    layout(ui, c, list);
    tui_columns_header(y0, c, AU__COUNT, &p->sort, A_UNDERLINE | A_BOLD);
    draw_count(ui, y0);
    if (p->view_count == 0) {
        bool failed = p->pager[AU_SEQUENCE].failed || p->pager[AU_WORKFLOW].failed;
        const char *why = au_loading(p) ? "Loading the sequences and workflows..."
                          : p->count    ? "Nothing matches the filter (Esc clears it)."
                          : failed
                              ? "The sequences or workflows could not be loaded (r asks again)."
                              : "No sequences or workflows on this account (r reloads).";
        tui_draw_str(y0 + 2, 2, COLS - 4, why, 0);
        return;
    }
    for (int i = 0; i < list && p->top + (size_t)i < p->view_count; i++) {
        size_t pos = p->top + (size_t)i;
        const struct au_row *r = &p->view[pos];
        draw_row(&p->flows[r->flow], r->email, y0 + 1 + i, c, pos == p->sel);
    }
}

/* ---- keys and ops ------------------------------------------------------- */

/* Enter: fold or unfold a flow's emails; on an email, its preview. */
static void au_open_selected(struct tui *ui)
{
    struct au_flow *fl;
    const struct au_row *r = au_selected(ui, &fl);
    if (!r)
        return;
    if (r->email >= 0) {
        au_open_email(ui, fl, &fl->f.emails[r->email]);
        return;
    }
    struct automations_pane *p = ui->au;
    size_t keep = r->flow;
    fl->folded = !fl->folded;
    au_refilter(ui);
    for (size_t i = 0; i < p->view_count; i++)
        if (p->view[i].flow == keep && p->view[i].email < 0)
            p->sel = i;
    list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
}

static void au_open(struct tui *ui)
{
    if (!ui->au->opened)
        au_reload(ui);
}

static bool au_key(struct tui *ui, int key)
{
    return ui->au->append && au_append_key(ui, key);
}

static bool au_move(struct tui *ui, int key)
{
    struct automations_pane *p = ui->au;
    return list_move_key(&p->sel, &p->top, p->view_count, tui_list_rows(), key);
}

static void au_click(struct tui *ui, size_t row)
{
    if (ui->au->top + row < ui->au->view_count)
        ui->au->sel = ui->au->top + row;
}

/* `o`, `O`, `:sort COLUMN`: the selected row stays selected. */
static void au_sort(struct tui *ui, const char *column, bool reverse)
{
    struct automations_pane *p = ui->au;
    if (tui_sort_pick(ui, &p->sort, au_columns, AU__COUNT, column, reverse, true) < 0)
        return;
    struct au_row keep = p->sel < p->view_count ? p->view[p->sel] : (struct au_row){SIZE_MAX, -1};
    au_refilter(ui);
    for (size_t i = 0; i < p->view_count; i++)
        if (p->view[i].flow == keep.flow && p->view[i].email == keep.email)
            p->sel = i;
    list_clamp(&p->sel, &p->top, p->view_count, tui_list_rows());
    if (p->sort.col < 0)
        tui_flash(ui, false, "Sorted as Bento lists them");
    else
        tui_flash(ui, false, "Sorted by %s, %s", au_columns[p->sort.col].title,
                  p->sort.desc ? "descending" : "ascending");
}

static void au_filter(struct tui *ui, const char *text)
{
    (void)text;
    au_refilter(ui);
}

static int au_init(struct tui *ui)
{
    ui->au = calloc(1, sizeof *ui->au);
    if (ui->au)
        ui->au->sort = (struct tui_sort){-1, false};
    return ui->au ? 0 : -1;
}

static void au_pane_free(struct tui *ui)
{
    if (!ui->au)
        return;
    au_append_free(ui);
    au_clear(ui->au);
    free(ui->au);
    ui->au = NULL;
}

void tui_cmd_automations_reload(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_AUTOMATIONS);
    au_reload(ui);
}

const struct tui_pane_ops tui_automations_pane = {
    .init = au_init,
    .open = au_open,
    .draw = au_draw,
    .key = au_key,
    .move_key = au_move,
    .click = au_click,
    .filter = au_filter,
    .open_selected = au_open_selected,
    .sort = au_sort,
    .hints = au_append_hints,
    .free = au_pane_free,
};

void tui_cmd_pane_automations(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_AUTOMATIONS);
}
