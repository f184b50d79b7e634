/* The Tags pane's model, private to the tui_tags*.c files (and its unit
 * test); the rest of the console asks through tui.h's functions. */
#ifndef BENTO_TUI_TAGS_INTERNAL_H
#define BENTO_TUI_TAGS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bento/model.h"
#include "tui/tui_columns.h"

/* A tag as drawn: sanitised once when the list arrives, into the model's
 * one text buffer (tui_tags_rows.c). */
struct tag_row {
    const char *id, *name, *created; /* sanitised display text */
    const char *discarded;           /* "discarded" or "" */
    const char *raw_name;            /* as the server sent it: name, unless that differs */
    const char *lower;               /* ASCII-lowercased raw name: raw_name when the same */
};

/* The columns, in the order drawn. */
enum tags_column { TC_NAME, TC_ID, TC_CREATED, TC_STATUS, TC__COUNT };

struct tags_model {
    struct tag_row *rows;
    char *text; /* every string of the rows */
    size_t count;
    size_t *order; /* rows in sort order */
    size_t *view;  /* the filtered subset of order, what is drawn */
    size_t view_count;
    size_t sel, top;      /* positions in view */
    struct tui_sort sort; /* column of enum tags_column; zeroed: by name, A to Z */
    bool loaded;
    /* Views of the filters typed so far, each extending the one before
     * ("c", "cu", "cus"): typing on narrows the last, Backspace restores. */
    struct tags_level *levels;
    size_t level_count;
};

struct tags_level {
    char *needle; /* lowered filter text */
    size_t *view;
    size_t count;
};

void tags_model_set(struct tags_model *m, struct bento_tag_list *list);
void tags_model_free(struct tags_model *m);
/* Fill m->rows (list->count of them, allocated) and m->text. */
int tags_rows_build(struct tags_model *m, const struct bento_tag_list *list);
void tags_model_filter(struct tags_model *m, const char *filter);
void tags_filter_forget(struct tags_model *m);
void tags_model_sort(struct tags_model *m, struct tui_sort sort);
const struct tag_row *tags_model_selected(const struct tags_model *m);
const struct tag_row *tags_model_find(const struct tags_model *m, const char *name);
void tags_model_select(struct tags_model *m, const char *name);

#endif
