/* Appending an email to a sequence from the Automations pane: a form
 * (subject, body in $VISUAL/$EDITOR or the built-in editor, inbox snippet, delay
 * like "3 days", editor choice), a review, and one POST after y. A
 * refusal is said on one line and the form is kept. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "bento/content.h"
#include "bento/sanitize.h"
#include "app/delay.h"
#include "tui/tui.h"
#include "tui/tui_automations_internal.h"

enum ap_row { AP_SUBJECT, AP_BODY, AP_SNIPPET, AP_DELAY, AP_EDITOR, AP__ROWS };

static const char *const ap_labels[AP__ROWS] = {"Subject", "Body", "Inbox snippet", "Delay",
                                                "Editor choice"};

struct au_append {
    char seq_id[128], seq_name[200];
    char *value[AP__ROWS]; /* owned, never NULL */
    int row;
    bool review;  /* the review is on screen: y sends */
    bool sending; /* the POST is in flight: nothing more is sent */
};

static void append_close(struct tui *ui)
{
    struct au_append *a = ui->au->append;
    if (!a)
        return;
    for (int i = 0; i < AP__ROWS; i++)
        free(a->value[i]);
    free(a);
    ui->au->append = NULL;
    ui->dirty = true;
}

void au_append_free(struct tui *ui)
{
    append_close(ui);
}

static int set_value(struct au_append *a, int row, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return -1;
    free(a->value[row]);
    a->value[row] = copy;
    return 0;
}

void tui_cmd_automations_append(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    struct au_flow *fl = NULL;
    if (ui->pane != TP_AUTOMATIONS || !au_selected(ui, &fl) || fl->kind != AU_SEQUENCE ||
        !fl->f.id) {
        tui_flash(ui, true, "! Select a sequence (or one of its emails) in Automations first.");
        return;
    }
    if (ui->au->append)
        return;
    struct au_append *a = calloc(1, sizeof *a);
    bool ok = a != NULL;
    for (int i = 0; ok && i < AP__ROWS; i++)
        ok = (a->value[i] = strdup("")) != NULL;
    ui->au->append = a;
    if (!ok) {
        append_close(ui);
        tui_flash(ui, true, "! Out of memory opening the form.");
        return;
    }
    snprintf(a->seq_id, sizeof a->seq_id, "%s", fl->f.id);
    const char *name = fl->f.name ? fl->f.name : fl->f.id;
    bento_sanitize_line(name, strlen(name), a->seq_name, sizeof a->seq_name);
    ui->dirty = true;
}

/* ---- editing a row ------------------------------------------------------ */

const char *tui_automations_prompt_text(const struct tui *ui)
{
    static char text[64];
    const struct au_append *a = ui->au->append;
    snprintf(text, sizeof text, "%s: ", a ? ap_labels[a->row] : "Value");
    return text;
}

void tui_automations_prompt_done(struct tui *ui, const char *line)
{
    struct au_append *a = ui->au->append;
    if (a && set_value(a, a->row, line) < 0)
        tui_flash(ui, true, "! Out of memory keeping the value.");
    ui->dirty = true;
}

static void body_done(struct tui *ui, const char *text, void *ctx)
{
    struct au_append *a = ui->au->append;
    (void)ctx;
    if (a && text && set_value(a, AP_BODY, text) < 0)
        tui_flash(ui, true, "! Out of memory keeping the body; it is unchanged.");
    ui->dirty = true;
}

/* The body in $VISUAL, $EDITOR or the built-in editor, as Compose edits it. */
static void edit_row(struct tui *ui, struct au_append *a)
{
    if (a->row == AP_BODY)
        tui_edit_text(ui,
                      " Body of the new email (built-in editor; Esc keeps it; set $EDITOR to use "
                      "your own)",
                      a->value[AP_BODY], body_done, NULL);
    else
        prompt_open(ui, PR_AUTOMATIONS, a->value[a->row]);
}

/* ---- the review and the POST -------------------------------------------- */

/* The email_template to send, or NULL (said in the status line). */
static cJSON *email_template(struct tui *ui, const struct au_append *a)
{
    struct app_delay d = {NULL, 0};
    struct bento_error err;
    if (!a->value[AP_SUBJECT][0] || !a->value[AP_BODY][0]) {
        tui_flash(ui, true, "! An email needs a subject and a body: Enter on the row sets it.");
        return NULL;
    }
    if (a->value[AP_DELAY][0] && app_delay_parse(a->value[AP_DELAY], &d, &err) < 0) {
        char safe[40];
        bento_sanitize_line(a->value[AP_DELAY], strlen(a->value[AP_DELAY]), safe, sizeof safe);
        tui_flash(ui, true, "! Delay \"%s\": give 1-999 minutes, hours, days or months.", safe);
        return NULL;
    }
    cJSON *et = cJSON_CreateObject();
    bool ok = et && cJSON_AddStringToObject(et, "subject", a->value[AP_SUBJECT]) &&
              cJSON_AddStringToObject(et, "html", a->value[AP_BODY]);
    if (ok && a->value[AP_SNIPPET][0])
        ok = cJSON_AddStringToObject(et, "inbox_snippet", a->value[AP_SNIPPET]) != NULL;
    if (ok && d.unit)
        ok = cJSON_AddStringToObject(et, "delay_interval", d.unit) &&
             cJSON_AddNumberToObject(et, "delay_interval_count", (double)d.count);
    if (ok && a->value[AP_EDITOR][0])
        ok = cJSON_AddStringToObject(et, "editor_choice", a->value[AP_EDITOR]) != NULL;
    if (!ok) {
        cJSON_Delete(et);
        tui_flash(ui, true, "! Out of memory building the email.");
        return NULL;
    }
    return et;
}

static void append_review(struct tui *ui, struct au_append *a)
{
    cJSON *et = email_template(ui, a);
    if (!et)
        return;
    cJSON_Delete(et);
    a->review = true;
    ui->dirty = true;
}

/* The new email, placed last in its sequence as Bento places it. */
static void add_to_sequence(struct tui *ui, const struct au_append *a, const char *id)
{
    struct automations_pane *p = ui->au;
    struct au_flow *fl = NULL;
    for (size_t i = 0; i < p->count; i++)
        if (p->flows[i].kind == AU_SEQUENCE && p->flows[i].f.id &&
            !strcmp(p->flows[i].f.id, a->seq_id))
            fl = &p->flows[i];
    struct bento_email_entry *grown = fl ? realloc(fl->f.emails,
                                                   (fl->f.email_count + 1) * sizeof *grown)
                                         : NULL;
    if (!grown)
        return; /* r shows it */
    fl->f.emails = grown;
    struct app_delay d = {NULL, -1};
    struct bento_error err;
    if (a->value[AP_DELAY][0])
        app_delay_parse(a->value[AP_DELAY], &d, &err);
    struct bento_email_entry *e = &grown[fl->f.email_count++];
    *e = (struct bento_email_entry){.id = strdup(id),
                                    .subject = strdup(a->value[AP_SUBJECT]),
                                    .delay_interval = d.unit ? strdup(d.unit) : NULL,
                                    .delay_count = d.unit ? d.count : -1};
    fl->folded = false;
    au_refilter(ui);
    au_select_email(ui, a->seq_id, id);
}

static void appended(struct tui *ui, struct bento_result *r, void *ctx)
{
    (void)ctx;
    struct au_append *a = ui->au->append;
    if (!a)
        return;
    a->sending = false;
    a->review = false;
    if (r->err.kind != BENTO_OK) {
        const char *why = r->err.detail[0] ? r->err.detail : r->err.message;
        if (r->err.http_status == 404)
            tui_flash(ui, true, "! Bento has no sequence %.60s (404): r reloads the list.",
                      a->seq_id);
        else
            tui_flash(ui, true, "! Bento refused the email (%d): %.120s; fix that row, then s.",
                      r->err.http_status, why);
        return;
    }
    const char *id = r->content.tmpl.id ? r->content.tmpl.id : "";
    add_to_sequence(ui, a, id);
    tui_flash(ui, false, "Email appended to %s (template %.40s)", a->seq_name, id);
    append_close(ui);
}

static void append_send(struct tui *ui, struct au_append *a)
{
    cJSON *et = email_template(ui, a);
    if (!et)
        return;
    struct bento_request *req = bento_request_sequence_add_email(a->seq_id, et);
    cJSON_Delete(et);
    if (tui_post(ui, req, appended, NULL))
        a->sending = true;
    ui->dirty = true;
}

/* ---- keys and drawing --------------------------------------------------- */

static bool review_key(struct tui *ui, struct au_append *a, int key)
{
    if (key == 'y')
        append_send(ui, a);
    else
        a->review = false;
    ui->dirty = true;
    return true;
}

bool au_append_key(struct tui *ui, int key)
{
    struct au_append *a = ui->au->append;
    if (a->sending)
        return true; /* one POST at most: wait for its answer */
    if (a->review)
        return review_key(ui, a, key);
    switch (key) {
    case 27:
    case 'q':
        append_close(ui);
        tui_flash(ui, false, "Nothing appended.");
        return true;
    case '\t':
    case 'j':
    case KEY_DOWN: a->row = (a->row + 1) % AP__ROWS; break;
    case KEY_BTAB:
    case 'k':
    case KEY_UP: a->row = (a->row + AP__ROWS - 1) % AP__ROWS; break;
    case '\n':
    case '\r':
    case KEY_ENTER: edit_row(ui, a); break;
    case 's': append_review(ui, a); break;
    default: return key == ':' || key == '?' || (key >= '1' && key <= '9') ? false : true;
    }
    ui->dirty = true;
    return true;
}

/* The hint line while the form is open: its keys, not the list's. */
const struct tui_hint *au_append_hints(struct tui *ui)
{
    static const struct tui_hint form[] = {{"j/k", "move"},  {"Enter", "edit"}, {"s", "review"},
                                           {"Esc", "leave"}, {"?", "help"},     {NULL, NULL}};
    static const struct tui_hint review[] = {
        {"y", "append it"}, {"other keys", "back"}, {NULL, NULL}};
    const struct au_append *a = ui->au->append;
    return !a ? NULL : a->review || a->sending ? review : form;
}

static void draw_value(int y, int x, const char *value, int attr)
{
    char safe[300];
    bento_sanitize_line(value, strlen(value), safe, sizeof safe);
    tui_draw_str(y, x, COLS - x - 1, safe[0] ? safe : "(empty)", attr);
}

static void draw_form(const struct au_append *a, int y0)
{
    for (int i = 0; i < AP__ROWS; i++) {
        int attr = i == a->row ? A_REVERSE : 0;
        tui_draw_str(y0 + 2 + i, 0, 2, i == a->row ? "> " : "  ", attr);
        tui_draw_str(y0 + 2 + i, 2, 16, ap_labels[i], attr | A_BOLD);
        draw_value(y0 + 2 + i, 18, a->value[i], attr);
    }
    tui_draw_str(y0 + 3 + AP__ROWS, 2, COLS - 4,
                 "Enter edits the row, s reviews, Esc leaves (delay like \"3 days\").", 0);
}

static void draw_review(const struct au_append *a, int y0)
{
    for (int i = 0; i < AP__ROWS; i++) {
        tui_draw_str(y0 + 2 + i, 2, 16, ap_labels[i], A_BOLD);
        draw_value(y0 + 2 + i, 18, a->value[i], 0);
    }
    tui_draw_str(y0 + 3 + AP__ROWS, 2, COLS - 4,
                 a->sending ? "Sending..." : "y appends it (sent once); any other key goes back.",
                 A_BOLD);
}

void au_append_draw(struct tui *ui, int y0, int rows)
{
    const struct au_append *a = ui->au->append;
    if (rows < AP__ROWS + 4)
        return;
    char title[260];
    snprintf(title, sizeof title, "%s an email to the sequence %s",
             a->review ? "Review: append" : "Append", a->seq_name);
    tui_draw_str(y0, 2, COLS - 4, title, A_BOLD | A_UNDERLINE);
    if (a->review)
        draw_review(a, y0);
    else
        draw_form(a, y0);
}
