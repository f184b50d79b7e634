/* The Broadcasts pane's draft form, private to the tui_broadcasts*.c
 * files: the list's file routes keys and drawing to it while it is open. */
#ifndef BENTO_TUI_BROADCASTS_DRAFT_H
#define BENTO_TUI_BROADCASTS_DRAFT_H

#include <stdbool.h>

struct tui;
struct tui_hint;
struct bc_draft;

/* tui_broadcasts_draft.c */
void bc_draft_free(struct bc_draft *d);
bool bc_draft_shown(const struct tui *ui);
/* false lets the action table have the key. */
bool bc_draft_key(struct tui *ui, int key);
void bc_draft_draw(struct tui *ui, int y0, int rows);
/* The form's keys for the hint line, or NULL when it is closed. */
const struct tui_hint *bc_draft_hints(struct tui *ui);

/* tui_broadcasts.c: where the pane keeps the form (NULL until opened). */
struct bc_draft **bc_draft_slot(struct tui *ui);
/* The list asked again, keeping the status, the filter and the selection. */
void bc_list_reload(struct tui *ui);

#endif
