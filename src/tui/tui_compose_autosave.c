/* Saving what is being typed in the Compose pane before it is part of
 * the form: the body in the built-in editor and a row open on readline.
 * The first change schedules a save a second later (later keys do not
 * postpone it), so a kill -9 loses at most the last second of typing,
 * and the poll loop sleeps until that save is due, not in short ticks. */
#include <stdio.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

#define SAVE_AFTER_MS 1000

/* The text of the form row open on readline, or NULL. */
static const char *typing_line(const struct tui *ui)
{
    if (!ui->prompt_active || ui->prompt_kind != PR_COMPOSE || ui->compose->ask_me)
        return NULL;
    return rl_line_buffer ? rl_line_buffer : "";
}

static void apply_line(struct compose_pane *c, struct bento_compose *out, const char *line)
{
    switch (c->focus) {
    case CR_TO: bento_compose_set_to_text(out, line); break;
    case CR_FROM: bento_compose_set_from(out, line); break;
    case CR_SUBJECT: bento_compose_set_subject(out, line); break;
    case CR_VARS: tui_compose_parse_vars(out, line); break; /* unchanged while unparsable */
    default: break;
    }
}

/* The form as it would be with the text in progress taken. */
static int with_typing(struct tui *ui, struct bento_compose *out, bool *typing)
{
    struct compose_pane *c = ui->compose;
    const char *line = typing_line(ui);
    bento_compose_init(out);
    *typing = false;
    if (bento_compose_copy(out, &c->form) < 0)
        return -1;
    if (c->mode == CM_EDITOR) {
        char *text = tui_compose_editor_text(ui);
        if (text)
            bento_compose_set_html(out, text);
        free(text);
        *typing = true;
    } else if (line) {
        apply_line(c, out, line);
        *typing = true;
    }
    return 0;
}

int tui_compose_autosave_now(struct tui *ui, struct bento_error *err)
{
    struct compose_pane *c = ui->compose;
    struct bento_compose out;
    bool typing;
    int rc = -1;
    if (with_typing(ui, &out, &typing) < 0)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
    else
        rc = bento_draft_autosave(&out, err);
    bento_compose_free(&out);
    c->save_due_ms = 0;
    c->saved_typing = rc == 0 && typing;
    return rc;
}

void tui_compose_typed(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    if (!c->save_due_ms)
        c->save_due_ms = tui_now_ms() + SAVE_AFTER_MS;
}

void tui_compose_typing_seen(struct tui *ui, const char *text)
{
    struct compose_pane *c = ui->compose;
    free(c->typed_seen);
    c->typed_seen = text ? strdup(text) : NULL;
}

/* Once a loop turn: notice a changed line; save when due, or at once
 * when an edit whose text was saved ended without being taken. */
void tui_compose_autosave_poll(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    const char *line = c->inited ? typing_line(ui) : NULL;
    if (line && (!c->typed_seen || strcmp(line, c->typed_seen) != 0)) {
        tui_compose_typing_seen(ui, line);
        tui_compose_typed(ui);
    } else if (!line && c->typed_seen) {
        tui_compose_typing_seen(ui, NULL);
    }
    if (c->saved_typing && !line && c->mode != CM_EDITOR && !c->save_due_ms)
        c->save_due_ms = tui_now_ms();
    if (c->save_due_ms && tui_now_ms() >= c->save_due_ms && tui_compose_autosave_now(ui, &err) < 0)
        tui_flash(ui, true, "! Could not save the draft: %s", err.message);
}

int tui_compose_autosave_timeout(const struct tui *ui)
{
    int64_t due = ui->compose->save_due_ms, left;
    if (!due)
        return -1;
    left = due - tui_now_ms();
    return left <= 0 ? 0 : (int)left;
}

bool tui_compose_autosave_pending(const struct tui *ui)
{
    return ui->compose->save_due_ms != 0;
}
