/* Sending from the Compose pane: a review screen that lists what will
 * go out and its warnings, and sends only after `y` (the word "again"
 * for an email sent before, tui_compose_repeat.c); the outcome shown
 * inline. A send is
 * never retried after a timeout (the core makes /batch/emails so), and
 * the user is told the outcome is unknown rather than guessing. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

void tui_compose_load_authors(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    if (c->authors_running || c->authors_loaded || !ui->app->client)
        return;
    if (tui_post(ui, bento_request_authors_list(), tui_compose_authors_result, NULL))
        c->authors_running = true;
}

/* The form as it will be sent: for a test, the same email to the user. */
static int outgoing(struct tui *ui, struct bento_compose *out)
{
    struct compose_pane *c = ui->compose;
    bento_compose_init(out);
    if (bento_compose_copy(out, &c->form) < 0)
        return -1;
    if (c->to_me) {
        bento_compose_clear_to(out);
        bento_compose_add_to(out, ui->app->profile.email);
    }
    return 0;
}

static const cJSON *cached_fields(const char *email, void *user)
{
    return subs_cached_fields(user, email);
}

/* The records to send: with v in the review, each person's own values. */
static cJSON *outgoing_emails(struct tui *ui, const struct bento_compose *out)
{
    struct compose_pane *c = ui->compose;
    if (c->per_recipient && !c->to_me)
        return bento_compose_emails_each(out, cached_fields, ui);
    return bento_compose_emails(out);
}

/* Several recipients and personalizations: v chooses whose values. */
static bool values_differ(const struct bento_compose *out)
{
    char **to = NULL;
    size_t n = 0;
    bento_compose_recipients(out, &to, &n);
    bento_compose_recipients_free(to, n);
    return n > 1 && out->var_count > 0;
}

static size_t review_errors(struct tui *ui, struct bento_findings *f)
{
    struct compose_pane *c = ui->compose;
    struct bento_compose out;
    memset(f, 0, sizeof *f);
    if (outgoing(ui, &out) == 0)
        bento_compose_check(&out, c->authors_loaded ? (const char *const *)c->authors : NULL,
                            c->author_count, f);
    bento_compose_free(&out);
    return f->errors;
}

void tui_compose_review(struct tui *ui, bool to_me)
{
    struct compose_pane *c = ui->compose;
    tui_compose_init(ui);
    ui->pane = TP_COMPOSE;
    if (c->sending) {
        tui_flash(ui, false, "A send is already in flight.");
        return;
    }
    if (to_me && !ui->app->profile.email[0]) {
        c->ask_me = true;
        prompt_open(ui, PR_COMPOSE, "");
        return;
    }
    c->to_me = to_me;
    c->mode = CM_REVIEW;
    struct bento_compose out;
    if (outgoing(ui, &out) == 0)
        tui_compose_repeat_lookup(ui, &out);
    bento_compose_free(&out);
    ui->dirty = true;
}

static void line(int *y, int end, int indent, const char *label, const char *value, int attr)
{
    if (*y >= end)
        return;
    char text[600];
    bento_sanitize_line(value ? value : "", value ? strlen(value) : 0, text, sizeof text);
    tui_draw_str(*y, indent, 16, label, A_BOLD);
    tui_draw_str(*y, indent + 16, COLS - indent - 17, text, attr);
    (*y)++;
}

static void draw_recipients(struct bento_compose *out, int *y, int end)
{
    char **to = NULL, label[40];
    size_t n = 0;
    bento_compose_recipients(out, &to, &n);
    snprintf(label, sizeof label, "To (%zu)", n);
    size_t shown = 0;
    for (; shown < n && *y < end - 6 && shown < 8; shown++)
        line(y, end, 2, shown ? "" : label, to[shown], 0);
    if (shown < n) {
        char more[64];
        snprintf(more, sizeof more, "... and %zu more", n - shown);
        line(y, end, 2, "", more, A_DIM);
    }
    if (!n)
        line(y, end, 2, label, "nobody", A_BOLD);
    bento_compose_recipients_free(to, n);
}

/* "name=Ada plan=pro": the values one record carries. */
static void record_values(const cJSON *record, char *out, size_t size)
{
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(record, "personalizations");
    size_t used = 0;
    out[0] = 0;
    for (const cJSON *v = vars ? vars->child : NULL; v && used < size; v = v->next) {
        int w = snprintf(out + used, size - used, "%s%s=%s", used ? " " : "", v->string,
                         cJSON_IsString(v) ? v->valuestring : "");
        used += w > 0 ? (size_t)w : 0;
    }
}

/* Each recipient with the values they get, or one line saying they all
 * get the same. */
static void draw_values(struct tui *ui, const struct bento_compose *out, int *y, int end)
{
    if (!values_differ(out))
        return;
    if (!ui->compose->per_recipient) {
        line(y, end, 2, "Values",
             "the same for everyone (v: each person's own, from the subscriber cache)", A_BOLD);
        return;
    }
    cJSON *emails = outgoing_emails(ui, out);
    int n = cJSON_GetArraySize(emails), shown = 0;
    for (const cJSON *e = emails ? emails->child : NULL; e && *y < end - 6 && shown < 6;
         e = e->next, shown++) {
        const char *to = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "to"));
        char vals[300], text[500];
        record_values(e, vals, sizeof vals);
        snprintf(text, sizeof text, "%s: %s%s", to ? to : "", vals,
                 to && subs_cached_fields(ui, to)
                     ? ""
                     : " (shared values: not in the subscriber cache)");
        line(y, end, 2, shown ? "" : "Values (v)", text, 0);
    }
    if (shown < n) {
        char more[64];
        snprintf(more, sizeof more, "... and %d more", n - shown);
        line(y, end, 2, "", more, A_DIM);
    }
    cJSON_Delete(emails);
}

/* The errors that stop the send, then the warnings that do not (not the
 * shared values one once v took each person's own). */
static void draw_findings(const struct bento_findings *f, bool per_recipient, int *y, int end)
{
    for (int pass = 0; pass < 2; pass++) {
        enum bento_severity want = pass ? BENTO_SEV_WARNING : BENTO_SEV_ERROR;
        int shown = 0;
        for (size_t i = 0; i < f->count && *y < end; i++)
            if (f->items[i].severity == want &&
                !(per_recipient && !strcmp(f->items[i].code, "variable_shared")))
                line(y, end, 2,
                     shown++ ? ""
                     : pass  ? "Warnings:"
                             : "Cannot send:",
                     f->items[i].message, pass ? 0 : A_BOLD);
    }
}

void tui_compose_review_draw(struct tui *ui, int y0, int rows)
{
    struct compose_pane *c = ui->compose;
    struct bento_compose out;
    struct bento_findings f;
    int y = y0, end = y0 + rows;
    size_t errors = review_errors(ui, &f);
    tui_draw_str(y++, 0, COLS, c->to_me ? " Review: a test to you" : " Review before sending",
                 A_BOLD | A_UNDERLINE);
    if (outgoing(ui, &out) == 0) {
        draw_recipients(&out, &y, end);
        line(&y, end, 2, "From", out.from ? out.from : "(none)", 0);
        char *subject = bento_compose_substitute(&out, out.subject ? out.subject : "");
        line(&y, end, 2, "Subject", subject, 0);
        free(subject);
        if (!c->to_me)
            draw_values(ui, &out, &y, end);
        line(&y, end, 2, "Transactional",
             out.transactional ? "YES: unsubscribed people will receive it" : "no",
             out.transactional ? A_BOLD : 0);
    }
    bento_compose_free(&out);
    tui_compose_repeat_draw(ui, &y, end);
    y++;
    draw_findings(&f, c->per_recipient && !c->to_me, &y, end - 1);
    bento_findings_free(&f);
    const char *ask = tui_compose_repeat_prompt(ui);
    if (y < end)
        tui_draw_str(end - 1, 1, COLS - 2,
                     errors ? "Fix the errors first: any key goes back to the form."
                     : ask  ? ask
                            : "Send now? [y/N]  (y sends; any other key goes back)",
                     A_BOLD | A_REVERSE);
}

static void send_now(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    struct bento_compose out;
    if (outgoing(ui, &out) < 0) {
        bento_compose_free(&out);
        return;
    }
    cJSON *emails = outgoing_emails(ui, &out);
    size_t n = (size_t)cJSON_GetArraySize(emails);
    int keyed = tui_compose_send_key(ui, &out, c->send_key);
    bento_compose_free(&out);
    if (emails && keyed == 0 &&
        tui_post(ui, bento_request_batch_emails(emails), tui_compose_send_result, NULL)) {
        c->sending = true;
        c->send_count = n;
        snprintf(c->result, sizeof c->result, "Sending %zu email%s...", n, n == 1 ? "" : "s");
        c->result_error = false;
    }
    cJSON_Delete(emails);
}

bool tui_compose_review_key(struct tui *ui, int key)
{
    struct compose_pane *c = ui->compose;
    struct bento_findings f;
    size_t errors = review_errors(ui, &f);
    bento_findings_free(&f);
    if (key == 'v' && !c->to_me && values_differ(&c->form)) {
        c->per_recipient = !c->per_recipient;
        return true;
    }
    int repeat = errors || !c->repeat ? -1 : tui_compose_repeat_key(ui, key);
    if (repeat == 0)
        return true;
    c->mode = CM_FORM;
    if (repeat == 1 || ((key == 'y' || key == 'Y') && !errors && !c->repeat))
        send_now(ui);
    else if (c->repeat && !errors)
        tui_flash(ui, false,
                  "Not sent: this email went to these people before; type again "
                  "and Enter in the review to send it again.");
    else
        tui_flash(ui, false, "Not sent.");
    return true;
}

void tui_compose_send_result(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct compose_pane *c = ui->compose;
    c->sending = false;
    tui_compose_repeat_record(ui, r);
    c->result_error = r->err.kind != BENTO_OK;
    if (r->err.kind == BENTO_OK) {
        long n = r->counts.results;
        snprintf(c->result, sizeof c->result,
                 "Bento queued %ld email%s%s. Delivery is throttled: allow a few minutes.", n,
                 n == 1 ? "" : "s", c->to_me ? " (a test to you)" : "");
        tui_flash(ui, false, "Sent: %ld queued.", n);
        return;
    }
    if (r->err.kind == BENTO_E_AUTHOR)
        snprintf(c->from_error, sizeof c->from_error, "Bento refused: not an author here");
    if (r->err.kind == BENTO_E_OUTCOME_UNKNOWN)
        snprintf(c->result, sizeof c->result,
                 "! Outcome unknown: %s. Not retried (that could send twice); check the "
                 "Activity pane (4) or the inbox before sending again.",
                 strstr(r->err.message, "timed out")
                     ? "no answer in time"
                     : "the connection dropped before Bento answered");
    else
        snprintf(c->result, sizeof c->result, "! Not sent: %s", r->err.message);
    tui_report_error(ui, "The email was not confirmed", &r->err, r);
}
