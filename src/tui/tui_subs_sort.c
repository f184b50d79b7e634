/* The Subscribers pane's columns and their sort. The cache lists people
 * most recently looked up or changed first; a sort orders the filtered
 * view of it, and the selected person stays selected. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

/* EMAIL takes what is left; when space is short PENDING and FETCHED go
 * before EMAIL is cut, then TAGS and STATUS. */
const struct tui_column subs_columns[SC__COUNT] = {
    [SC_EMAIL] = {.title = "EMAIL", .min = 16, .cap = 80, .keep = 3, .main = true},
    [SC_STATUS] = {.title = "STATUS", .natural = 12, .keep = 5},
    [SC_TAGS] = {.title = "TAGS", .keep = 4, .right = true, .desc_first = true},
    [SC_FETCHED] = {.title = "FETCHED", .natural = 16, .keep = 2, .desc_first = true},
    [SC_PENDING] = {.title = "PENDING", .keep = 1, .desc_first = true},
};

const char *subs_status_text(const struct bento_cached_sub *e)
{
    if (!e->fetched_at)
        return "-";
    if (!e->found)
        return "not found";
    return e->sub.unsubscribed_at ? "unsubscribed" : "subscribed";
}

static const struct subs_pane *sort_pane;

static int cmp_num(int64_t x, int64_t y)
{
    return x < y ? -1 : x > y;
}

static int cmp_column(const struct bento_cached_sub *x, const struct bento_cached_sub *y, int col)
{
    switch (col) {
    case SC_EMAIL: return strcmp(x->email, y->email);
    case SC_STATUS: return strcmp(subs_status_text(x), subs_status_text(y));
    case SC_TAGS: return cmp_num((int64_t)x->tag_name_count, (int64_t)y->tag_name_count);
    case SC_FETCHED: return cmp_num(x->fetched_at, y->fetched_at);
    case SC_PENDING: return cmp_num((int64_t)x->pending_count, (int64_t)y->pending_count);
    default: return 0;
    }
}

/* Ties keep the cache's order, whichever the direction. */
static int cmp_entries(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct bento_cached_sub *items = sort_pane->cache.items;
    int c = cmp_column(&items[a], &items[b], sort_pane->sort.col);
    if (c)
        return sort_pane->sort.desc ? -c : c;
    return cmp_num((int64_t)a, (int64_t)b);
}

void subs_sort_view(struct subs_pane *p)
{
    if (p->sort.col < 0 || p->view_count < 2)
        return;
    sort_pane = p;
    qsort(p->view, p->view_count, sizeof *p->view, cmp_entries);
    sort_pane = NULL;
}

/* The view position of cache entry i (0 when it is filtered out). */
size_t subs_view_pos(struct tui *ui, size_t i)
{
    struct subs_pane *p = ui->subs;
    subs_filter(ui);
    for (size_t pos = 0; pos < p->view_count; pos++)
        if (p->view[pos] == i)
            return pos;
    return 0;
}

/* `o`, `O`, `:sort COLUMN`; the cycle passes through the cache's order. */
void subs_sort(struct tui *ui, const char *column, bool reverse)
{
    struct subs_pane *p = ui->subs;
    if (p->search_mode) {
        tui_flash(ui, true, "! Search results keep Bento's order: Esc goes back to the cache.");
        return;
    }
    struct bento_cached_sub *e = subs_selected(ui);
    size_t keep = e ? (size_t)(e - p->cache.items) : 0;
    if (tui_sort_pick(ui, &p->sort, subs_columns, SC__COUNT, column, reverse, true) < 0)
        return;
    if (e)
        p->sel = subs_view_pos(ui, keep);
    if (p->sort.col < 0)
        tui_flash(ui, false, "In the cache's order: the latest looked up or changed first");
    else
        tui_flash(ui, false, "Sorted by %s, %s", subs_columns[p->sort.col].title,
                  p->sort.desc ? "descending" : "ascending");
}
