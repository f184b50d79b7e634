/* Changing one email template from the console: a subject on a readline
 * prompt and the body in $EDITOR, the compose checks, a unified diff of
 * old and new, and the PATCH only after y; and the versions kept in the
 * local history (preview, diff against the current one, restore). The
 * Automations pane and the `:templates` commands open these. */
#ifndef TUI_TEMPLATE_EDIT_H
#define TUI_TEMPLATE_EDIT_H

#include <stdbool.h>

struct tui;

/* Fetch the template whole, then edit it as above. */
void tui_template_edit(struct tui *ui, const char *template_id);
/* List the kept versions of the template. */
void tui_template_history(struct tui *ui, const char *template_id);

/* The subject prompt (PR_TEMPLATE_SUBJECT), the y/N answer (CF_TEMPLATE),
 * the history list's keys (false for a key it does not use) and the end. */
const char *tui_template_subject_prompt(const struct tui *ui);
void tui_template_subject_done(struct tui *ui, const char *line);
void tui_template_subject_cancelled(struct tui *ui);
void tui_template_confirmed(struct tui *ui, bool yes);
bool tui_template_key(struct tui *ui, int key);
void tui_template_free(void);

#endif
