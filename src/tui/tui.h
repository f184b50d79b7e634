/* The console's private state and the functions its files share. Only
 * the UI thread touches any of this, curses or readline. */
#ifndef BENTO_TUI_H
#define BENTO_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

#include "bento/client.h"
#include "bento/error.h"
#include "bento/compose.h"
#include "bento/draft.h"
#include "bento/sendlog.h"
#include "bento/import.h"
#include "bento/subcache.h"
#include "tui/tui_commands.h"
#include "tui/tui_pane.h"

struct app;
struct tui_script;
struct tui_form;
struct tui_edit;
struct tui_import;
struct activity;
struct broadcasts_pane;
struct automations_pane;
struct reports_pane;
struct tags_model;
struct compose_pane;
struct subs_pane;
struct subs_ticket;
struct doctor_report;

enum tui_overlay { OV_NONE, OV_HELP, OV_TEXT };

enum tui_confirm {
    CF_NONE,
    CF_DELETE,
    CF_QUIT,
    CF_SUBS,
    CF_IMPORT,
    CF_SUBS_FORGET,
    CF_PEOPLE,
    CF_TEMPLATE
};

enum tui_prompt_kind {
    PR_COMMAND,
    PR_FILTER,
    PR_TAG_NAME,
    PR_LOOKUP,
    PR_ASK,
    PR_COMPOSE,
    PR_DRAFT_NAME,
    PR_TEMPLATE_SUBJECT,
    PR_BROADCAST,
    PR_AUTOMATIONS,
    PR_REPORTS,
    PR__COUNT
};

/* What Tab offers in a PR_ASK prompt. */
enum tui_complete { AC_NONE, AC_TAGS, AC_PERSON_TAGS, AC_FIELDS, AC_PERSON_FIELDS, AC_FILES };

/* Takes a request's result on the UI thread, with the context it was
 * posted with. */
typedef void tui_result_fn(struct tui *ui, struct bento_result *r, void *ctx);
struct tui_call;

/* Minimum terminal size for the full layout. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 12
#define TUI_FLASH_MS 5000
/* Messages `e` lists. */
#define TUI_RECENT 10

/* The frame's layout: header and tab bar on top, the pane below them (a
 * list pane's first row under its column titles), status and hint lines
 * at the bottom. */
#define TUI_TABS_Y 1
#define TUI_PANE_Y 2
#define TUI_LIST_Y 3
#define TUI_FOOTER_ROWS 2
/* A message that does not fit the status line wraps onto this many rows
 * at most, taken from the pane; past that it ends with "e: more". */
#define TUI_STATUS_MAX_ROWS 4

/* A scrollable read-only text view (help, details, errors, doctor). */
struct text_view {
    char title[128];
    char **lines;
    size_t count, cap, top;
    char find[128];   /* what :find (/) looks for; n finds it again */
    int wrapped_cols; /* help: the width it was wrapped to (0: not wrapped) */
    char topic[64];   /* help: the topic it shows, "" for all */
    char *soft;       /* one logical line ending the view, soft-wrapped from */
    size_t soft_at;   /* this line on, full width, so a copy joins it whole */
    int soft_cols;    /* the width it was wrapped to */
    bool diff;        /* colour -, + and @@ lines (a template's diff) */
};

/* What the Subscribers pane can do to a person (or create one). */
enum subs_action {
    SA_TAG,
    SA_TAG_EVENT,
    SA_UNTAG,
    SA_SET_FIELD,
    SA_UNSET_FIELD,
    SA_SUBSCRIBE,
    SA_UNSUBSCRIBE,
    SA_CHANGE_EMAIL,
    SA_CREATE,
    SA_EVENT,
    SA_SEARCH,
    SA_IMPORT
};

struct tui {
    struct app *app;
    bool running, script_mode, fake_clock, colors, mouse, dirty;
    int exit_code;
    enum tui_pane pane;
    enum tui_overlay overlay;
    struct text_view text;
    enum tui_confirm confirm;
    char confirm_msg[300];
    char *confirm_id, *confirm_name;
    /* One-line message in the status line; errors start with "! ". */
    char flash[512];
    bool flash_error;
    int64_t flash_until;
    struct bento_error last_err;
    char last_err_ctx[600];
    bool have_err;
    /* The messages shown, newest at recent[(recent_head + TUI_RECENT - 1)
     * % TUI_RECENT], for `e`; err marks the one last_err explains. */
    struct tui_recent {
        char text[512];
        time_t at;
        bool err;
    } recent[TUI_RECENT];
    size_t recent_head, recent_count;
    /* requests */
    size_t outstanding;
    struct tui_call *calls; /* the requests in flight, newest first */
    bool tags_list_running;
    bool session_pending; /* the client is made after the first frame (tui_main.c) */
    bool refresh_again;
    char select_name[256];        /* select this tag once the list arrives */
    struct doctor_report *doctor; /* :doctor waiting for its probe */
    /* panes */
    struct tags_model *tags;      /* private to tui_tags*.c */
    struct activity *act;         /* private to tui_activity.c */
    struct broadcasts_pane *bc;   /* private to tui_broadcasts.c */
    struct automations_pane *au;  /* private to tui_automations*.c */
    struct reports_pane *rp;      /* private to tui_reports.c */
    struct subs_pane *subs;       /* private to tui_subs*.c */
    struct compose_pane *compose; /* private to tui_compose*.c */
    struct tui_import *import;    /* a running import, or NULL */
    struct tui_edit *edit;        /* the built-in editor of tui_edit_text(), or NULL */
    char filter[TP__COUNT][256];
    /* the prompt */
    bool prompt_active;
    enum tui_prompt_kind prompt_kind;
    char prompt_saved[256];
    /* credentials form and its probe client */
    struct tui_form *form;
    /* signals */
    int sig_pipe[2];
    struct tui_script *script;
    char profile_name[64];
    unsigned spin;
};

/* tui_main.c */
int64_t tui_now_ms(void);
void tui_quit(struct tui *ui);
/* The terminal's descriptor (in test mode the virtual screen's output). */
int tui_term_fd(void);
void tui_handle_key(struct tui *ui, int key);
void tui_resize(struct tui *ui, int rows, int cols);
bool tui_idle(const struct tui *ui);

/* tui_escape.c: after an Esc, read the rest of a CSI or SS3 sequence
 * with next() (the next byte at hand, -1 when none) and return its key,
 * TUI_KEY_NONE for one swallowed, or 27 for a lone Esc; *replay is a key
 * read that belongs to no sequence (-1 when none). */
#define TUI_KEY_NONE (-2)
int tui_esc_decode(int (*next)(void *), void *ctx, int *replay);

/* tui_draw.c */
void tui_draw(struct tui *ui);
bool tui_too_small(void);
void tui_draw_str(int y, int x, int width, const char *s, int attr);
/* s wrapped between words (app/wrap.h): its first line from column x,
 * the others from x2, none reaching column right, on at most rows rows
 * from y (y < 0: only counts). When s needs more rows, the last one ends
 * with `more` (unless NULL). Returns the rows drawn. */
int tui_draw_wrapped(int y, int x, int x2, int right, int rows, const char *s, const char *more,
                     int attr);
int tui_str_width(const char *s);
/* One character of UTF-8 text (bento_utf8_step), '?' for a bad byte. */
size_t tui_wc_step(const char *s, size_t n, wchar_t *wc);
int tui_list_rows(void);
void tui_fmt_ms(const struct tui *ui, int64_t ms, char *buf, size_t size);

/* tui_status.c */
void tui_flash(struct tui *ui, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tui_flash_clear(struct tui *ui);
/* The recent message i (0: the newest), or NULL past the last. */
const struct tui_recent *tui_recent_at(const struct tui *ui, size_t i);
void tui_report_error(struct tui *ui, const char *what, const struct bento_error *err,
                      const struct bento_result *r);
/* The rows the status line takes: more than one while a long message
 * wraps, up to TUI_STATUS_MAX_ROWS (fewer on a short screen). */
int tui_status_rows(struct tui *ui);
/* Draws the status line from row y down, on tui_status_rows() rows. */
void tui_draw_status(struct tui *ui, int y);
bool tui_animating(const struct tui *ui);

/* tui_tags.c */
/* s with ASCII letters lowercased (allocated), as filters compare. */
char *tags_lowered(const char *s);
void tags_pane_draw(struct tui *ui, int y0, int rows);
/* tui_tags_cmds.c: another profile's tags are not these. */
void tui_tags_forget(struct tui *ui);
void tags_show_details(struct tui *ui);
/* What other panes ask of the tag list: a tag's name (as the server
 * sent it) by id, or the i'th in list order; NULL when there is none. */
const char *tui_tag_name_of_id(const struct tui *ui, const char *id);
const char *tui_tag_name_at(const struct tui *ui, size_t i);

/* tui_list.c: selection and scrolling shared by the list panes */
bool list_move_key(size_t *sel, size_t *top, size_t count, int rows, int key);
void list_clamp(size_t *sel, size_t *top, size_t count, int rows);

/* tui_draw.c: where the i'th tab starts on the tab row; tui_tab_x(TP__COUNT)
 * is where the tabs end (a pane's count goes right of it). */
int tui_tab_x(int i);

/* tui_activity.c */
void activity_add(struct tui *ui, const struct bento_result *r);
void activity_pane_draw(struct tui *ui, int y0, int rows);
void activity_show_details(struct tui *ui);

/* tui_text.c */
void text_clear(struct text_view *t);
void text_open(struct tui *ui, const char *title);
void text_add(struct text_view *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void text_add_block(struct text_view *t, const char *body, const char *indent);
/* The view's last line, wrapped at the screen's width with nothing added
 * (a command to copy); nothing may be added after it. */
void text_add_soft(struct text_view *t, const char *line);
void text_draw(struct tui *ui, int y0, int rows);
bool text_key(struct tui *ui, int key);
void help_open(struct tui *ui, const char *topic);

/* tui_preview.c: subject, text and numbered links of an email, Liquid as
 * written, added to the open text view. */
void tui_preview_add(struct tui *ui, const char *subject, const char *html);
/* Wrap the open help again to the screen's width, keeping its place. */
void help_rewrap(struct tui *ui);

/* tui_requests.c */
/* Post a request whose result goes to on_result(ui, r, ctx); Esc cancels
 * it. Returns its id, or 0 (said in the status line). */
uint64_t tui_post(struct tui *ui, struct bento_request *req, tui_result_fn *on_result, void *ctx);
/* The same, and ctx_free(ctx) once the result was taken (or never came). */
uint64_t tui_post_owned(struct tui *ui, struct bento_request *req, tui_result_fn *on_result,
                        void *ctx, void (*ctx_free)(void *ctx));
/* For requests with a stop of their own (an import's batches): Esc
 * leaves them alone. */
uint64_t tui_post_no_esc(struct tui *ui, struct bento_request *req, tui_result_fn *on_result,
                         void *ctx);
/* Forget every request in flight, their results never to come (the
 * client was replaced, or the console ends). */
void tui_calls_drop(struct tui *ui);
tui_result_fn tui_tag_created, tui_tag_deleted, tui_field_created;
void tui_refresh_tags(struct tui *ui);
void tui_drain_results(struct tui *ui);
/* Esc: cancel the requests in flight or waiting on a 429 (not an import,
 * which has its own stop). Returns how many were cancelled. */
size_t tui_cancel_requests(struct tui *ui);
char *tui_redact(const struct tui *ui, const char *text);
void tui_doctor_start(struct tui *ui);
void tui_doctor_show(struct tui *ui);

/* tui_prompt.c (GNU readline, callback interface) */
void prompt_init(struct tui *ui);
void prompt_shutdown(struct tui *ui);
void prompt_open(struct tui *ui, enum tui_prompt_kind kind, const char *initial);
void prompt_key(struct tui *ui, int key);
void prompt_draw(struct tui *ui);
/* tui_complete.c */
void prompt_complete_init(struct tui *ui);
void prompt_complete_free(void);
/* Offer word[0..len) on this Tab. */
void prompt_cand_add(const char *word, size_t len);

/* tui_cmdline.c */
void tui_run_command_line(struct tui *ui, const char *line);

/* tui_form.c: the credentials form */
bool form_needed(const struct tui *ui);
void form_open(struct tui *ui);
void form_free(struct tui *ui);
void form_key(struct tui *ui, int key);
void form_draw(struct tui *ui);
int form_wake_fd(const struct tui *ui);
void form_poll(struct tui *ui);
bool form_busy(const struct tui *ui);

/* tui_cmds.c */
void tui_set_filter(struct tui *ui, enum tui_pane pane, const char *text);
/* The pane a `/` filter applies to from the current one. */
enum tui_pane tui_filter_pane(const struct tui *ui);
/* -1 when the name is refused (said in the status line), else 0. */
int tui_create_tag(struct tui *ui, const char *name);

/* tui_subs.c, tui_subs_draw.c, tui_subs_ask.c, tui_subs_results.c,
 * tui_subs_search.c: the Subscribers pane */
void subs_open_cache(struct tui *ui);
void subs_save(struct tui *ui);
struct bento_cached_sub *subs_selected(struct tui *ui);
bool subs_move_key(struct tui *ui, int key);
bool subs_back(struct tui *ui);
void subs_pane_draw(struct tui *ui, int y0, int rows);
void subs_filter(struct tui *ui);
void subs_select_first(struct tui *ui);
void subs_begin(struct tui *ui, enum subs_action action, int argc, char **argv);
/* tui_subs_many.c: a change given -e/-f acts on the people they name;
 * false when the action takes no -e/-f (words untouched). */
bool tui_people_begin(struct tui *ui, enum subs_action action, int argc, char **argv);
/* Send commands (a JSON array) once confirmed; action names them. */
void tui_people_send(struct tui *ui, const char *commands_json, const char *action);
void subs_ask_done(struct tui *ui, const char *line);
const char *subs_ask_prompt(const struct tui *ui);
enum tui_complete subs_complete(struct tui *ui, bool lookup);
void subs_complete_fields(struct tui *ui);
void subs_validate(struct tui *ui, const char *email);
/* -1 when the text is no address or uuid (said in the status line). */
int subs_lookup(struct tui *ui, const char *key);
struct subs_ticket *subs_ticket_new(const char *email, const char *key, int kind,
                                    const char *value);
void subs_ticket_free(void *ticket);
tui_result_fn subs_looked_up, subs_created, subs_command_sent, subs_event_tracked, subs_validated,
    subs_fields_listed;
void subs_resolve_all(struct tui *ui);
void subs_record_found(struct tui *ui, struct bento_cached_sub *e, const struct bento_subscriber *s,
                       cJSON *applied);
void subs_open_selected(struct tui *ui);
void subs_forget_confirmed(struct tui *ui, bool yes);
void subs_confirmed(struct tui *ui, bool yes);
void subs_load_fields(struct tui *ui);
/* The search body for a query ("created>2025-01-01 updated<2025-06-01"),
 * or NULL with *why set. */
cJSON *subs_search_body(const char *query, long page, const char **why);
void subs_search_start(struct tui *ui, const char *query);
void subs_search_result(struct tui *ui, struct bento_result *r, void *ctx);
void subs_search_page(struct tui *ui, int delta);
void subs_fields_show(struct tui *ui);
bool subs_fields_shown(const struct tui *ui);
const char *subs_tag_name(const struct tui *ui, const char *id);
void subs_fmt_time(const struct tui *ui, int64_t unix_s, char *buf, size_t size);

/* A person's custom fields as the subscriber cache last saw them (an
 * object), or NULL when the cache does not know them. */
const cJSON *subs_cached_fields(struct tui *ui, const char *email);

/* tui_compose*.c: the Compose pane */
void tui_compose_init(struct tui *ui);
void tui_compose_free(struct tui *ui);
void tui_compose_changed(struct tui *ui);
bool tui_compose_key(struct tui *ui, int key);
void tui_compose_pane_draw(struct tui *ui, int y0, int rows);
/* Where the built-in editor's cursor goes, when the editor is shown. */
bool tui_compose_cursor(const struct tui *ui, int *y, int *x);
void tui_compose_edit_row(struct tui *ui);
void tui_compose_prompt_done(struct tui *ui, const char *line);
void tui_compose_prompt_cancelled(struct tui *ui);
const char *tui_compose_prompt_text(const struct tui *ui);
int tui_compose_prompt_row(const struct tui *ui);
void tui_compose_edit_body(struct tui *ui);
/* tui_edit.c: `editor path` through the shell (app_child_run_editor),
 * the terminal handed over; the exit status, or -1 when it did not start. */
int tui_run_editor(const char *editor, const char *path);
/* A body edited: text is the new one (NULL: unchanged, the reason said). */
typedef void tui_edit_done_fn(struct tui *ui, const char *text, void *ctx);
/* text in $VISUAL or $EDITOR when set (done is called before this
 * returns), else in the built-in editor under title, in the pane's place
 * (done is called when Esc or ^X closes it; every key is its own). */
void tui_edit_text(struct tui *ui, const char *title, const char *text, tui_edit_done_fn *done,
                   void *ctx);
bool tui_edit_key(struct tui *ui, int key);
void tui_edit_draw(struct tui *ui, int y0, int rows);
bool tui_edit_cursor(const struct tui *ui, int *y, int *x);
const struct tui_hint *tui_edit_hints(void);
void tui_edit_free(struct tui *ui);
/* tui_reports.c: the pin prompt */
const char *tui_reports_prompt_text(const struct tui *ui);
void tui_reports_prompt_done(struct tui *ui, const char *line);
/* tui_automations_append.c: the append form's prompt */
const char *tui_automations_prompt_text(const struct tui *ui);
void tui_automations_prompt_done(struct tui *ui, const char *line);
/* tui_child.c: run `sh -c cmd sh arg` with no credentials in its
 * environment and no descriptor above 2; returns the pid or -1. */
pid_t tui_child_spawn_sh(const char *cmd, const char *arg);
char **tui_child_env(void);
void tui_child_cloexec_all(void);
void tui_compose_editor_open(struct tui *ui);
void tui_compose_vars_text(const struct bento_compose *f, char *out, size_t size);
bool tui_compose_editor_key(struct tui *ui, int key);
void tui_compose_editor_draw(struct tui *ui, int y0, int rows);
void tui_compose_load_authors(struct tui *ui);
void tui_compose_authors_result(struct tui *ui, struct bento_result *r, void *ctx);
void tui_compose_review(struct tui *ui, bool to_me);
void tui_compose_send_result(struct tui *ui, struct bento_result *r, void *ctx);
bool tui_compose_review_key(struct tui *ui, int key);
void tui_compose_drafts_open(struct tui *ui);
bool tui_compose_save_named(struct tui *ui);
/* w: ask the draft's name (its own, else the time), then save it. */
void tui_compose_save_ask(struct tui *ui);
const char *tui_compose_draft_name_text(const struct tui *ui);
void tui_compose_draft_name_done(struct tui *ui, const char *line);
void tui_compose_new(struct tui *ui);
void tui_compose_review_draw(struct tui *ui, int y0, int rows);
char *tui_compose_editor_text(const struct tui *ui);
bool tui_compose_parse_vars(struct bento_compose *f, const char *line);
int tui_compose_autosave_now(struct tui *ui, struct bento_error *err);
void tui_compose_typed(struct tui *ui);
void tui_compose_typing_seen(struct tui *ui, const char *text);
void tui_compose_autosave_poll(struct tui *ui);
int tui_compose_autosave_timeout(const struct tui *ui);
bool tui_compose_autosave_pending(const struct tui *ui);
void tui_compose_repeat_lookup(struct tui *ui, const struct bento_compose *out);
/* The send record's key of out for this account (bento_sendlog_key). */
int tui_compose_send_key(const struct tui *ui, const struct bento_compose *out,
                         char key[BENTO_SENDLOG_KEY_SIZE]);
void tui_compose_repeat_draw(struct tui *ui, int *y, int end);
const char *tui_compose_repeat_prompt(const struct tui *ui);
int tui_compose_repeat_key(struct tui *ui, int key);
void tui_compose_repeat_record(struct tui *ui, const struct bento_result *r);
bool tui_compose_drafts_key(struct tui *ui, int key);
void tui_compose_drafts_draw(struct tui *ui, int y0, int rows);
bool tui_compose_authors_key(struct tui *ui, int key);
void tui_compose_test_address_done(struct tui *ui, const char *line);

/* The account's authors as the Compose pane loaded them (asked for when
 * not yet); the arrays belong to the pane. */
struct tui_authors {
    const char *const *emails, *const *names;
    size_t count;
    bool loaded;
    const char *error; /* why the last call failed, "" when it did not */
};
void tui_compose_authors_get(struct tui *ui, struct tui_authors *out);
/* tui_edit.c: $VISUAL or $EDITOR on text: 1 with *out the new text
 * (caller frees), 0 when neither is set (the caller opens its built-in
 * editor), -1 when it failed (said in the status line). */
int tui_edit_in_editor(struct tui *ui, const char *text, char **out);

/* tui_broadcasts*.c: the Broadcasts pane and its draft form */
/* The draft form, prefilled from Compose when from, subject or html is
 * not NULL (what else was typed is kept). */
void tui_broadcasts_draft_open(struct tui *ui, const char *from, const char *subject,
                               const char *html);
const char *tui_broadcasts_prompt_text(const struct tui *ui);
void tui_broadcasts_prompt_done(struct tui *ui, const char *line);
/* The prompt asks for tag names (Tab completes them, after commas). */
bool tui_broadcasts_prompt_tags(const struct tui *ui);
bool tui_broadcasts_cursor(const struct tui *ui, int *y, int *x);

/* tui_import.c: imports running beside everything else */
void tui_import_start(struct tui *ui, enum bento_import_kind kind, const char *path, bool strict,
                      bool restart);
void tui_import_poll(struct tui *ui);
int tui_import_wake_fd(const struct tui *ui);
bool tui_import_busy(const struct tui *ui);
void tui_import_confirmed(struct tui *ui, bool yes);
void tui_import_result(struct tui *ui, struct bento_result *r, void *ctx);
void tui_import_cancel(struct tui *ui);
void tui_import_status_text(struct tui *ui, char *buf, size_t size);
void tui_import_free(struct tui *ui);

/* tui_list_export.c: :tags list [FILTER] --csv FILE, :fields list --csv FILE */
void tui_tags_export(struct tui *ui, int argc, char **argv);
void tui_fields_export(struct tui *ui, int argc, char **argv);

/* tui_confirm.c */
void confirm_ask(struct tui *ui, enum tui_confirm what, const char *msg);
void confirm_key(struct tui *ui, int key);
void confirm_draw(struct tui *ui);
/* The rows the question takes at the bottom (a long one wraps). */
int tui_confirm_rows(const struct tui *ui);

#endif
