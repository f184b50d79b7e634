/* Filtering the Tags pane as the user types: a substring, case-insensitive
 * for ASCII; a leading '!' inverts. The views of the filters typed so far
 * are kept, each extending the one before ("c", "cu", "cus"), so typing on
 * looks only at the rows still in view and Backspace brings a view back
 * without looking at any: a keystroke over 100,000 tags costs what its
 * matches cost. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "tui/tui_tags_internal.h"

#define LEVELS_MAX 64

void tags_filter_forget(struct tags_model *m)
{
    for (size_t i = 0; i < m->level_count; i++) {
        free(m->levels[i].needle);
        free(m->levels[i].view);
    }
    free(m->levels);
    m->levels = NULL;
    m->level_count = 0;
}

static bool is_prefix(const char *pre, const char *s)
{
    return !strncmp(pre, s, strlen(pre));
}

/* Drop the saved views that do not lead to needle. */
static void pop_unrelated(struct tags_model *m, const char *needle)
{
    while (m->level_count && !is_prefix(m->levels[m->level_count - 1].needle, needle)) {
        struct tags_level *l = &m->levels[--m->level_count];
        free(l->needle);
        free(l->view);
    }
}

static void push_level(struct tags_model *m, char *needle)
{
    struct tags_level *grown = NULL;
    size_t *view = malloc((m->view_count ? m->view_count : 1) * sizeof *view);
    if (view && m->level_count < LEVELS_MAX)
        grown = realloc(m->levels, (m->level_count + 1) * sizeof *grown);
    if (!grown) {
        free(view);
        free(needle);
        return;
    }
    memcpy(view, m->view, m->view_count * sizeof *view);
    m->levels = grown;
    m->levels[m->level_count++] = (struct tags_level){needle, view, m->view_count};
}

/* Rows of `from` (n of them) that match, into m->view. */
static void scan(struct tags_model *m, const size_t *from, size_t n, const char *needle,
                 bool invert)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        size_t idx = from[i];
        bool hit = !needle[0] || strstr(m->rows[idx].lower, needle) != NULL;
        if (!needle[0] || hit != invert)
            m->view[out++] = idx; /* out <= i: writing behind the reader is safe */
    }
    m->view_count = out;
}

/* The plain (not inverted) filter needle, from the saved views. */
static void filter_plain(struct tags_model *m, char *needle)
{
    pop_unrelated(m, needle);
    struct tags_level *top = m->level_count ? &m->levels[m->level_count - 1] : NULL;
    if (top && !strcmp(top->needle, needle)) {
        memcpy(m->view, top->view, top->count * sizeof *m->view);
        m->view_count = top->count;
        free(needle);
        return;
    }
    if (top)
        scan(m, top->view, top->count, needle, false);
    else
        scan(m, m->order, m->count, needle, false);
    push_level(m, needle);
}

void tags_model_filter(struct tags_model *m, const char *filter)
{
    bool invert = filter[0] == '!';
    char *needle = tags_lowered(invert ? filter + 1 : filter);
    const char *sel_id = m->sel < m->view_count ? m->rows[m->view[m->sel]].id : NULL;
    if (!needle)
        return;
    if (invert || !needle[0]) {
        scan(m, m->order, m->count, needle, invert);
        free(needle);
    } else {
        filter_plain(m, needle);
    }
    size_t new_sel = 0;
    for (size_t i = 0; sel_id && i < m->view_count; i++)
        if (m->rows[m->view[i]].id == sel_id) {
            new_sel = i;
            break;
        }
    m->sel = new_sel;
    list_clamp(&m->sel, &m->top, m->view_count, tui_list_rows());
}
