/* The built-in multi-line editor, for when neither $VISUAL nor $EDITOR is
 * set: the Compose pane's body and the broadcast draft form's use it. */
#ifndef BENTO_TUI_EDITOR_H
#define BENTO_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

struct compose_editor {
    char **lines;
    size_t count, cap;
    size_t row, col, top; /* col in bytes */
};

/* Replaces what e holds with text, one line per row. */
void tui_editor_load(struct compose_editor *e, const char *text);
/* The lines joined (allocated), or NULL when out of memory. */
char *tui_editor_text(const struct compose_editor *e);
void tui_editor_clear(struct compose_editor *e);
/* TUI_EDITOR_CLOSE for Esc or ^X (the text is kept), TUI_EDITOR_TYPED when
 * the key may have changed the text, else 0. Every key belongs to it. */
#define TUI_EDITOR_CLOSE 1
#define TUI_EDITOR_TYPED 2
int tui_editor_key(struct compose_editor *e, int key);
/* Under a title line at y0; where the cursor goes in *cy, *cx. */
void tui_editor_draw(struct compose_editor *e, const char *title, int y0, int rows, int *cy,
                     int *cx);

#endif
