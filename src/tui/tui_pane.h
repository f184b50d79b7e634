/* The pane table: every pane of the console (declared once, in app/actions.h), with the
 * operations the frame, the keys and the commands call on it (NULL where
 * a pane has none). Adding a pane is one row of BENTO_PANES and its file's ops. */
#ifndef BENTO_TUI_PANE_H
#define BENTO_TUI_PANE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/actions.h"

struct tui;

/* The panes as the app layer declares them (BENTO_PANES, app/actions.h):
 * id, tab key, title, help name, bit in the action table, ops. */
#define TUI_PANES(X) BENTO_PANES(X)

#define TUI_PANE_ENUM(id, key, title, help, bit, ops) id,
enum tui_pane { TUI_PANES(TUI_PANE_ENUM) TP__COUNT };
#undef TUI_PANE_ENUM

/* One key of the hint line: "s review". */
struct tui_hint {
    const char *key, *label;
};

struct tui_pane_ops {
    int (*init)(struct tui *ui);  /* allocate its state; -1: no memory */
    void (*open)(struct tui *ui); /* on switching to it */
    void (*draw)(struct tui *ui, int y0, int rows);
    bool (*key)(struct tui *ui, int key);             /* its own keys, before list movement */
    bool (*move_key)(struct tui *ui, int key);        /* list movement */
    void (*click)(struct tui *ui, size_t row);        /* a click on the row'th list row */
    bool (*back)(struct tui *ui);                     /* Esc: false when nothing to leave */
    void (*filter)(struct tui *ui, const char *text); /* `/`: apply the filter text */
    void (*open_selected)(struct tui *ui);            /* Enter */
    /* `o` (column NULL: the next column), `O` (reverse), `:sort COLUMN` */
    void (*sort)(struct tui *ui, const char *column, bool reverse);
    /* The hint line's keys while a view or form of the pane is open
     * (ending with {NULL, NULL}); NULL: the pane's rows of the action table. */
    const struct tui_hint *(*hints)(struct tui *ui);
    void (*free)(struct tui *ui);
};

struct tui_pane_info {
    enum tui_pane id;
    const char *key, *title, *help;
    unsigned bit; /* enum pane_bit */
    const struct tui_pane_ops *ops;
};

#define TUI_PANE_EXTERN(id, key, title, help, bit, ops) extern const struct tui_pane_ops ops;
TUI_PANES(TUI_PANE_EXTERN)
#undef TUI_PANE_EXTERN

extern const struct tui_pane_info tui_panes[TP__COUNT];

/* The current pane's ops. */
const struct tui_pane_ops *tui_pane_ops(const struct tui *ui);
/* Switch to a pane: close any overlay and open the pane. */
void tui_show_pane(struct tui *ui, enum tui_pane pane);
/* Every pane's init, in table order; -1 (nothing left allocated) when
 * one fails. */
int tui_panes_init(struct tui *ui);
void tui_panes_free(struct tui *ui);

#endif
