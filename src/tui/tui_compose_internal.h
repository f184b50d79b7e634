/* The Compose pane's state, private to the tui_compose*.c files; the
 * rest of the console reaches the pane through tui.h's functions. */
#ifndef BENTO_TUI_COMPOSE_INTERNAL_H
#define BENTO_TUI_COMPOSE_INTERNAL_H

#include "tui/tui.h"
#include "tui/tui_bento_check.h"
#include "tui/tui_editor.h"

/* The Compose pane's rows, in Tab order. */
enum compose_row { CR_TO, CR_FROM, CR_SUBJECT, CR_BODY, CR_VARS, CR_TRANSACTIONAL, CR__COUNT };

/* What the Compose pane shows: the form, or one of its screens. */
enum compose_mode { CM_FORM, CM_PREVIEW, CM_REVIEW, CM_AUTHORS, CM_DRAFTS, CM_EDITOR };

struct compose_pane {
    struct bento_compose form;
    bool inited;
    enum compose_row focus;
    enum compose_mode mode;
    struct bento_findings findings;
    char **authors; /* author addresses, for the picker and checks */
    char **author_names;
    size_t author_count;
    bool authors_loaded, authors_running;
    char authors_error
        [BENTO_ERROR_MSG_MAX]; /* why the last authors call failed; "" when it did not */
    size_t pick;               /* selection in the picker or the drafts list */
    struct bento_draft_list drafts;
    char draft_id[BENTO_DRAFT_ID_MAX]; /* the named draft it came from */
    bool to_me;                        /* the review is for "send test to me" */
    bool per_recipient; /* each recipient's personalizations from their cached fields */
    bool ask_me;        /* the prompt asks for the user's own address */
    bool delete_asked;  /* the drafts list waits for y to delete */
    char rename_from[BENTO_DRAFT_ID_MAX]; /* the draft the name prompt renames; "": it saves */
    bool sending;
    char result[400]; /* the last send's outcome, shown inline */
    bool result_error;
    char from_error[200];                  /* Bento's refusal of the sender */
    char send_key[BENTO_SENDLOG_KEY_SIZE]; /* of the send in flight, for the record */
    size_t send_count;
    int repeat;                    /* review: 1 sent before, -1 record unreadable, 0 neither */
    struct bento_send_record last; /* the earlier send, when repeat is 1 */
    char repeat_error[BENTO_ERROR_MSG_MAX]; /* why the record is unreadable */
    char again[8];                          /* typed so far towards the word "again" */
    int64_t save_due_ms;                    /* when the text being typed is saved; 0: nothing due */
    bool saved_typing; /* the autosave holds text not yet taken into the form */
    char *typed_seen;  /* the open row's text as last seen */
    size_t preview_top;
    struct compose_editor ed;
    int cursor_y, cursor_x;       /* where the built-in editor's cursor is drawn */
    struct tui_bento_check bento; /* Bento's checks, after c */
};

const char *tui_compose_row_label(enum compose_row row);
/* The picker's rows: the authors, "Retry" after a failed call, then
 * "Another address...". */
size_t tui_compose_retry_row(const struct compose_pane *c);
size_t tui_compose_other_row(const struct compose_pane *c);

#endif
