/* The Tags pane. Display strings are sanitised once when a list arrives
 * (tui_tags_rows.c); sorting builds an order array, filtering an index array over it, and
 * drawing touches only the visible rows, so 100,000 tags stay quick. */
#include <ctype.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_tags_internal.h"

char *tags_lowered(const char *s)
{
    char *out = strdup(s ? s : "");
    for (char *p = out; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

void tags_model_free(struct tags_model *m)
{
    free(m->rows);
    free(m->text);
    free(m->order);
    free(m->view);
    tags_filter_forget(m);
    m->rows = NULL;
    m->text = NULL;
    m->order = m->view = NULL;
    m->count = m->view_count = m->sel = m->top = 0;
}

static const struct tags_model *sort_model;

/* Ids are numbers in text: shorter is smaller. */
static int cmp_ids(const char *x, const char *y)
{
    size_t a = strlen(x), b = strlen(y);
    return a != b ? (a < b ? -1 : 1) : strcmp(x, y);
}

static int cmp_column(const struct tag_row *x, const struct tag_row *y, int col)
{
    switch (col) {
    case TC_ID: return cmp_ids(x->id, y->id);
    case TC_CREATED: return strcmp(x->created, y->created);
    case TC_STATUS: return strcmp(x->discarded, y->discarded);
    default: return 0;
    }
}

/* The sort column first, then the name, A to Z, to keep ties in order. */
static int cmp_rows(const void *a, const void *b)
{
    const struct tag_row *x = &sort_model->rows[*(const size_t *)a];
    const struct tag_row *y = &sort_model->rows[*(const size_t *)b];
    int sign = sort_model->sort.desc ? -1 : 1;
    int c = cmp_column(x, y, sort_model->sort.col);
    if (c)
        return sign * c;
    c = strcmp(x->lower, y->lower);
    c = c ? c : strcmp(x->raw_name, y->raw_name);
    return sort_model->sort.col == TC_NAME ? sign * c : c;
}

void tags_model_sort(struct tags_model *m, struct tui_sort sort)
{
    m->sort = sort;
    tags_filter_forget(m); /* the saved views are out of order now */
    sort_model = m;
    if (m->count)
        qsort(m->order, m->count, sizeof *m->order, cmp_rows);
    sort_model = NULL;
}

void tags_model_set(struct tags_model *m, struct bento_tag_list *list)
{
    struct tui_sort sort = m->sort;
    tags_model_free(m);
    m->sort = sort;
    m->loaded = true;
    size_t n = list->count;
    m->rows = calloc(n ? n : 1, sizeof *m->rows);
    m->order = calloc(n ? n : 1, sizeof *m->order);
    m->view = calloc(n ? n : 1, sizeof *m->view);
    if (!m->rows || !m->order || !m->view) {
        tags_model_free(m);
        return;
    }
    if (tags_rows_build(m, list) < 0) {
        tags_model_free(m);
        return;
    }
    m->count = n;
    for (size_t i = 0; i < n; i++)
        m->order[i] = i;
    tags_model_sort(m, sort);
}

const struct tag_row *tags_model_selected(const struct tags_model *m)
{
    return m->sel < m->view_count ? &m->rows[m->view[m->sel]] : NULL;
}

const struct tag_row *tags_model_find(const struct tags_model *m, const char *name)
{
    for (size_t i = 0; i < m->count; i++)
        if (!strcmp(m->rows[i].raw_name, name))
            return &m->rows[i];
    return NULL;
}

void tags_model_select(struct tags_model *m, const char *name)
{
    for (size_t i = 0; i < m->view_count; i++)
        if (!strcmp(m->rows[m->view[i]].raw_name, name)) {
            m->sel = i;
            list_clamp(&m->sel, &m->top, m->view_count, tui_list_rows());
            return;
        }
}

/* NAME takes what is left; when space is short STATUS goes before NAME is
 * cut, then the date, then the id. */
static const struct tui_column tags_columns[TC__COUNT] = {
    [TC_NAME] = {.title = "NAME", .min = 12, .keep = 2, .main = true},
    [TC_ID] = {.title = "ID", .cap = 40, .keep = 3},
    [TC_CREATED] = {.title = "CREATED", .natural = 10, .keep = 2, .desc_first = true},
    [TC_STATUS] = {.title = "STATUS", .keep = 1},
};

/* Counts and the filter go on the tab row, right of the tabs. */
static void draw_count(struct tui *ui, int y)
{
    char count[96], safe[200];
    const struct tags_model *m = ui->tags;
    const char *f = ui->filter[TP_TAGS];
    if (f[0])
        snprintf(count, sizeof count, "%zu/%zu /%.40s ", m->view_count, m->count, f);
    else
        snprintf(count, sizeof count, "%zu tags ", m->count);
    bento_sanitize_line(count, strlen(count), safe, sizeof safe);
    int w = tui_str_width(safe);
    if (COLS - w >= tui_tab_x(TP__COUNT))
        tui_draw_str(y - 1, COLS - w, w, safe, 0);
}

/* A value the answer lacked shows as "-", as the other panes show it, so
 * a row is never blank. */
static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static void cells_of(const struct tag_row *r, const char *cell[TC__COUNT])
{
    cell[TC_NAME] = or_dash(r->name);
    cell[TC_ID] = or_dash(r->id);
    cell[TC_CREATED] = or_dash(r->created);
    cell[TC_STATUS] = r->discarded;
}

static void draw_row(const struct tag_row *r, int y, const struct tui_column *c, bool selected)
{
    int attr = selected ? A_REVERSE : 0;
    const char *cell[TC__COUNT];
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    tui_draw_str(y, 0, 2, selected ? "> " : "  ", attr);
    cells_of(r, cell);
    for (int i = 0; i < TC__COUNT; i++)
        tui_columns_cell(y, &c[i], cell[i], attr | (i == TC_NAME && r->discarded[0] ? A_DIM : 0));
}

/* Widths from the rows on screen. */
static void layout(const struct tags_model *m, struct tui_column *c, int list)
{
    memcpy(c, tags_columns, sizeof tags_columns);
    tui_columns_reset(c, TC__COUNT, &m->sort);
    for (int i = 0; i < list && m->top + (size_t)i < m->view_count; i++) {
        const char *cell[TC__COUNT];
        cells_of(&m->rows[m->view[m->top + (size_t)i]], cell);
        for (int k = 0; k < TC__COUNT; k++)
            tui_columns_measure(&c[k], cell[k]);
    }
    tui_columns_layout(c, TC__COUNT, 2, COLS - 2);
}

void tags_pane_draw(struct tui *ui, int y0, int rows)
{
    struct tags_model *m = ui->tags;
    struct tui_column c[TC__COUNT];
    int list = rows - 1;
    list_clamp(&m->sel, &m->top, m->view_count, list);
    layout(m, c, list);
    tui_columns_header(y0, c, TC__COUNT, &m->sort, A_UNDERLINE | A_BOLD);
    draw_count(ui, y0);
    if (!m->loaded) {
        tui_draw_str(y0 + 2, 2, COLS - 4,
                     ui->tags_list_running || ui->session_pending ? "Loading tags..."
                                                                  : "No tags loaded: press r.",
                     0);
        return;
    }
    if (m->view_count == 0) {
        tui_draw_str(y0 + 2, 2, COLS - 4,
                     m->count ? "No tag matches the filter (Esc clears it)."
                              : "This account has no tags yet: press n to create one.",
                     0);
        return;
    }
    for (int i = 0; i < list && m->top + (size_t)i < m->view_count; i++) {
        size_t pos = m->top + (size_t)i;
        draw_row(&m->rows[m->view[pos]], y0 + 1 + i, c, pos == m->sel);
    }
}

void tags_show_details(struct tui *ui)
{
    const struct tag_row *r = tags_model_selected(ui->tags);
    if (!r)
        return;
    text_open(ui, "Tag");
    text_add(&ui->text, "Name:      %s", or_dash(r->name));
    text_add(&ui->text, "ID:        %s", or_dash(r->id));
    text_add(&ui->text, "Created:   %s", or_dash(r->created));
    text_add(&ui->text, "Status:    %s", r->discarded[0] ? "discarded" : "active");
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "Delete it with d, or :tags delete NAME.");
}

const char *tui_tag_name_of_id(const struct tui *ui, const char *id)
{
    for (size_t i = 0; id && i < ui->tags->count; i++)
        if (ui->tags->rows[i].id && !strcmp(ui->tags->rows[i].id, id))
            return ui->tags->rows[i].raw_name;
    return NULL;
}

const char *tui_tag_name_at(const struct tui *ui, size_t i)
{
    return i < ui->tags->count ? ui->tags->rows[i].raw_name : NULL;
}

static bool tags_move(struct tui *ui, int key)
{
    return list_move_key(&ui->tags->sel, &ui->tags->top, ui->tags->view_count, tui_list_rows(),
                         key);
}

static void tags_click(struct tui *ui, size_t row)
{
    if (ui->tags->top + row < ui->tags->view_count)
        ui->tags->sel = ui->tags->top + row;
}

static void tags_filter(struct tui *ui, const char *text)
{
    tags_model_filter(ui->tags, text);
}

/* `o`, `O`, `:sort COLUMN`: the selected tag stays selected. */
static void tags_sort(struct tui *ui, const char *column, bool reverse)
{
    struct tags_model *m = ui->tags;
    struct tui_sort sort = m->sort;
    if (tui_sort_pick(ui, &sort, tags_columns, TC__COUNT, column, reverse, false) < 0)
        return;
    const struct tag_row *r = tags_model_selected(m);
    char *keep = r ? strdup(r->raw_name) : NULL;
    tags_model_sort(m, sort);
    tags_model_filter(m, ui->filter[TP_TAGS]);
    if (keep)
        tags_model_select(m, keep);
    free(keep);
    tui_flash(ui, false, "Sorted by %s, %s", tags_columns[sort.col].title,
              sort.desc ? "descending" : "ascending");
}

static int tags_new(struct tui *ui)
{
    ui->tags = calloc(1, sizeof *ui->tags);
    return ui->tags ? 0 : -1;
}

static void tags_free(struct tui *ui)
{
    if (ui->tags)
        tags_model_free(ui->tags);
    free(ui->tags);
    ui->tags = NULL;
}

const struct tui_pane_ops tui_tags_pane = {
    .init = tags_new,
    .draw = tags_pane_draw,
    .move_key = tags_move,
    .click = tags_click,
    .filter = tags_filter,
    .open_selected = tags_show_details,
    .sort = tags_sort,
    .free = tags_free,
};
