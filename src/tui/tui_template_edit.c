/* Template editing in the console (see tui_template_edit.h): the
 * template read whole, the subject on a readline prompt, the body in
 * $VISUAL, $EDITOR or the built-in editor (tui_edit_text), the compose checks, a diff and y. Just before the
 * PATCH the template is read again: a change made on Bento meanwhile is
 * shown and asked about again. Every PATCH first keeps the version it
 * replaces in the local history; one Bento refused removes it again.
 * What was typed and not sent is reopened by the next edit. */
#include "tui/tui_template_edit.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bento/compose.h"
#include "bento/request.h"
#include "app/app.h"
#include "app/text_diff.h"
#include "tui/tui.h"
#include "tui/tui_template_internal.h"

static struct tmpl_state state;

struct tmpl_state *tmpl_state(void)
{
    return &state;
}

void tmpl_set(char **slot, const char *value)
{
    free(*slot);
    *slot = value ? strdup(value) : NULL;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Results of an older start, or after the state was reset, are ignored. */
static bool current(void *ctx)
{
    return (uintptr_t)ctx == state.gen;
}

static void *gen_ctx(void)
{
    return (void *)state.gen;
}

static void finish(void)
{
    state.stage = TS_NONE;
    state.gen++;
}

/* Keep what was typed so that the next edit of this template reopens it. */
static void keep_unsent(void)
{
    if (state.restore)
        return;
    snprintf(state.unsent_id, sizeof state.unsent_id, "%s", state.id);
    tmpl_set(&state.unsent_subject, state.new_subject);
    tmpl_set(&state.unsent_html, state.new_html);
}

static void forget_unsent(void)
{
    state.unsent_id[0] = '\0';
    tmpl_set(&state.unsent_subject, NULL);
    tmpl_set(&state.unsent_html, NULL);
}

char *tmpl_diff(struct tui *ui, const char *old_name, const char *os, const char *oh,
                const char *new_name, const char *ns, const char *nh)
{
    struct bento_error err;
    char *d = app_text_diff_template(state.id, old_name, os, oh, new_name, ns, nh, &err);
    if (!d)
        tui_report_error(ui, "Could not make the diff; nothing was sent", &err, NULL);
    return d;
}

void tmpl_add_diff(struct tui *ui, const char *diff)
{
    ui->text.diff = true;
    text_add_block(&ui->text, diff, ""); /* server text: sanitised line by line */
}

/* ---- the checks and the question ---------------------------------------- */

static bool relevant(const struct bento_finding *x)
{
    return x->field == BENTO_FIELD_SUBJECT || x->field == BENTO_FIELD_HTML;
}

/* The compose checks on the new version, listed in the open view; the
 * number of errors, or -1 when out of memory. */
static int add_findings(struct tui *ui)
{
    struct bento_compose c;
    struct bento_findings f = {0};
    int errors = 0;
    bento_compose_init(&c);
    bento_compose_set_subject(&c, state.new_subject ? state.new_subject : "");
    bento_compose_set_html(&c, state.new_html ? state.new_html : "");
    int rc = bento_compose_check(&c, NULL, 0, &f);
    for (size_t i = 0; rc == 0 && i < f.count; i++) {
        const struct bento_finding *x = &f.items[i];
        if (!relevant(x))
            continue;
        errors += x->severity == BENTO_SEV_ERROR;
        text_add(&ui->text, "%s: %s: %s", x->severity == BENTO_SEV_ERROR ? "error" : "warning",
                 bento_compose_field_name(x->field), x->message);
    }
    bento_findings_free(&f);
    bento_compose_free(&c);
    return rc ? -1 : errors;
}

static void question(struct tui *ui, bool again)
{
    char q[300];
    if (again)
        snprintf(q, sizeof q, "Overwrite the change made on Bento to template %.64s with yours?",
                 state.id);
    else if (state.restore)
        snprintf(q, sizeof q, "Restore version %ld of template %.64s on Bento?", state.restore,
                 state.id);
    else
        snprintf(q, sizeof q, "Change template %.64s on Bento?", state.id);
    state.stage = TS_CONFIRM;
    confirm_ask(ui, CF_TEMPLATE, q);
}

static void refused(struct tui *ui, int errors)
{
    tui_flash(ui, true,
              "! The new version has %d problem%s (listed): nothing was sent; :templates edit "
              "%.64s reopens your text.",
              errors, errors == 1 ? "" : "s", state.id);
    keep_unsent();
    finish();
}

/* The checks, then the diff of what is on Bento and what would be sent. */
static void review(struct tui *ui)
{
    char name[32] = "new";
    if (state.restore)
        snprintf(name, sizeof name, "version %ld", state.restore);
    char *diff = tmpl_diff(ui, "on Bento", state.base_subject, state.base_html, name,
                           state.new_subject, state.new_html);
    if (!diff) {
        keep_unsent();
        finish();
        return;
    }
    if (!*diff) {
        tui_flash(ui, false, "Template %.64s: no change, so nothing was sent.", state.id);
        forget_unsent();
        finish();
        free(diff);
        return;
    }
    char title[128];
    snprintf(title, sizeof title, "Template %.64s: %s", state.id,
             state.restore ? "what restoring changes" : "what will change");
    text_open(ui, title);
    int errors = add_findings(ui);
    if (ui->text.count)
        text_add(&ui->text, "%s", "");
    tmpl_add_diff(ui, diff);
    free(diff);
    if (errors != 0)
        refused(ui, errors < 0 ? 1 : errors);
    else
        question(ui, false);
}

/* ---- sending ------------------------------------------------------------ */

static void patched(struct tui *ui, struct bento_result *r, void *ctx)
{
    if (!current(ctx))
        return;
    if (r->err.kind == BENTO_OK) {
        tui_flash(ui, false,
                  "Updated template %.64s; the version it replaced is kept as %ld (:templates "
                  "history %.64s).",
                  state.id, state.kept, state.id);
        forget_unsent();
        finish();
        return;
    }
    /* refused: nothing changed, so its kept version goes; unknown: it stays */
    bool unknown = r->err.kind == BENTO_E_OUTCOME_UNKNOWN || r->err.kind == BENTO_E_CANCELLED;
    struct bento_error gone;
    if (!unknown)
        bento_template_history_remove(app_cache_name(ui->app), state.id, state.kept, &gone);
    char what[300];
    snprintf(what, sizeof what, "Template %.64s %s; :templates edit %.64s reopens your text",
             state.id,
             unknown ? "may have changed (the version it had is kept in its history)"
                     : "not changed, its history is as it was",
             state.id);
    tui_report_error(ui, what, &r->err, r);
    keep_unsent();
    finish();
}

static void send_patch(struct tui *ui)
{
    struct bento_error err;
    if (bento_template_history_store(app_cache_name(ui->app), state.id, state.base_subject,
                                     state.base_html, (long long)time(NULL), &state.kept,
                                     &err) < 0) {
        tui_report_error(ui, "Not sent: the current version could not be kept first", &err, NULL);
        keep_unsent();
        finish();
        return;
    }
    const char *s = same(state.new_subject, state.base_subject) ? NULL : state.new_subject;
    const char *h = same(state.new_html, state.base_html) ? NULL : state.new_html;
    state.stage = TS_SEND;
    if (!tui_post(ui, bento_request_template_update(state.id, s, h), patched, gen_ctx())) {
        bento_template_history_remove(app_cache_name(ui->app), state.id, state.kept, &err);
        keep_unsent();
        finish();
    }
}

/* Changed on Bento since it was shown: that change, then ours against it. */
static void changed_meanwhile(struct tui *ui, const struct bento_template *now)
{
    char *theirs = tmpl_diff(ui, "as shown", state.base_subject, state.base_html, "on Bento now",
                             now->subject, now->html);
    char *ours = tmpl_diff(ui, "on Bento now", now->subject, now->html, "yours", state.new_subject,
                           state.new_html);
    tmpl_set(&state.base_subject, now->subject);
    tmpl_set(&state.base_html, now->html);
    if (theirs && ours && *ours) {
        char title[128];
        snprintf(title, sizeof title, "Template %.64s changed on Bento", state.id);
        text_open(ui, title);
        text_add(&ui->text, "It changed on Bento since it was opened; that change first:");
        tmpl_add_diff(ui, theirs);
        text_add(&ui->text, "%s", "");
        text_add(&ui->text, "Your version against it:");
        tmpl_add_diff(ui, ours);
        tui_flash(ui, true,
                  "! Template %.64s changed on Bento since it was opened: nothing was sent; "
                  "review its change.",
                  state.id);
        question(ui, true);
    } else {
        if (ours && !*ours)
            tui_flash(ui, false, "Template %.64s on Bento now matches your version: nothing sent.",
                      state.id);
        if (!ours || *ours)
            keep_unsent();
        finish();
    }
    free(theirs);
    free(ours);
}

static void rechecked(struct tui *ui, struct bento_result *r, void *ctx)
{
    if (!current(ctx))
        return;
    const struct bento_template *now = &r->content.tmpl;
    if (r->err.kind != BENTO_OK || !now->found) {
        if (r->err.kind != BENTO_OK)
            tui_report_error(ui, "Could not read the template again before sending; nothing sent",
                             &r->err, r);
        else
            tui_flash(ui, true, "! Template %.64s is no longer on Bento: nothing was sent.",
                      state.id);
        keep_unsent();
        finish();
    } else if (same(now->subject, state.base_subject) && same(now->html, state.base_html)) {
        send_patch(ui);
    } else {
        changed_meanwhile(ui, now);
    }
}

void tui_template_confirmed(struct tui *ui, bool yes)
{
    if (state.stage != TS_CONFIRM)
        return;
    if (!yes) {
        if (state.restore)
            tui_flash(ui, false, "Not restored; nothing was sent.");
        else
            tui_flash(ui, false,
                      "Not changed; nothing was sent (:templates edit %.64s reopens your text).",
                      state.id);
        keep_unsent();
        finish();
        return;
    }
    state.stage = TS_RECHECK;
    if (!tui_post(ui, bento_request_template_get(state.id), rechecked, gen_ctx())) {
        keep_unsent();
        finish();
    }
}

/* ---- the subject and the body ------------------------------------------- */

/* The body edited (text NULL: the editor failed, said): on to the diff. */
static void body_done(struct tui *ui, const char *text, void *ctx)
{
    if (!current(ctx))
        return;
    if (!text) {
        tui_flash(ui, true,
                  "! The body was not edited (the editor failed): nothing was sent; :templates "
                  "edit %.64s reopens your text.",
                  state.id);
        keep_unsent();
        finish();
        return;
    }
    tmpl_set(&state.new_html, text);
    review(ui);
}

const char *tui_template_subject_prompt(const struct tui *ui)
{
    (void)ui;
    return "Subject: ";
}

void tui_template_subject_done(struct tui *ui, const char *line)
{
    tmpl_set(&state.new_subject, line);
    char title[160];
    snprintf(title, sizeof title,
             " Body of template %.64s (built-in editor; Esc keeps it; set $EDITOR to use your own)",
             state.id);
    tui_edit_text(ui, title, state.new_html, body_done, gen_ctx());
}

void tui_template_subject_cancelled(struct tui *ui)
{
    tui_flash(ui, false, "Cancelled; nothing was sent.");
    finish();
}

/* ---- the start ---------------------------------------------------------- */

static void fetched(struct tui *ui, struct bento_result *r, void *ctx)
{
    if (!current(ctx))
        return;
    const struct bento_template *t = &r->content.tmpl;
    if (r->err.kind != BENTO_OK || !t->found) {
        if (r->err.kind != BENTO_OK)
            tui_report_error(ui, "Could not read the template", &r->err, r);
        else
            tui_flash(ui, true,
                      "! No email template %.64s on this account: check the id (the "
                      "Automations pane lists them).",
                      state.id);
        finish();
        return;
    }
    tmpl_set(&state.base_subject, t->subject);
    tmpl_set(&state.base_html, t->html);
    const struct bento_template_version *v = state.restore ? bento_template_history_find(
                                                                 &state.hist, state.restore)
                                                           : NULL;
    if (state.restore && !v) {
        tui_flash(ui, true, "! Version %ld of template %.64s is no longer kept: nothing sent.",
                  state.restore, state.id);
        finish();
    } else if (state.restore) {
        const char *s, *h; /* only what the version has */
        bento_template_version_patch(v, t->subject, t->html, &s, &h);
        tmpl_set(&state.new_subject, s ? s : t->subject);
        tmpl_set(&state.new_html, h ? h : t->html);
        review(ui);
    } else {
        bool reopen = !strcmp(state.unsent_id, state.id);
        tmpl_set(&state.new_subject, reopen ? state.unsent_subject : t->subject);
        tmpl_set(&state.new_html, reopen ? state.unsent_html : t->html);
        prompt_open(ui, PR_TEMPLATE_SUBJECT, state.new_subject ? state.new_subject : "");
    }
}

void tmpl_begin(struct tui *ui, const char *id, long restore)
{
    if (state.stage == TS_SEND || state.stage == TS_RECHECK) {
        tui_flash(ui, true, "! A change to template %.64s is being sent: wait for its result.",
                  state.id);
        return;
    }
    char copy[BENTO_VALUE_MAX]; /* id may be state.id itself */
    snprintf(copy, sizeof copy, "%s", id);
    state.gen++;
    memcpy(state.id, copy, sizeof state.id);
    state.restore = restore;
    state.stage = TS_FETCH;
    if (!tui_post(ui, bento_request_template_get(id), fetched, gen_ctx()))
        finish();
}

/* The id as typed, checked; false (said) when it is not one. */
static bool id_ok(struct tui *ui, const char *word, char *out, size_t size)
{
    struct bento_error err;
    if (bento_validate_id(word ? word : "", out, size, &err) == 0)
        return true;
    tui_flash(ui, true, "! %s", err.message);
    return false;
}

void tui_template_edit(struct tui *ui, const char *template_id)
{
    char id[BENTO_VALUE_MAX];
    if (id_ok(ui, template_id, id, sizeof id))
        tmpl_begin(ui, id, 0);
}

void tui_cmd_templates_edit(struct tui *ui, int argc, char **argv)
{
    tui_template_edit(ui, argc > 0 ? argv[0] : NULL);
}

void tui_cmd_templates_history(struct tui *ui, int argc, char **argv)
{
    tui_template_history(ui, argc > 0 ? argv[0] : NULL);
}

void tui_template_free(void)
{
    tmpl_set(&state.base_subject, NULL);
    tmpl_set(&state.base_html, NULL);
    tmpl_set(&state.new_subject, NULL);
    tmpl_set(&state.new_html, NULL);
    forget_unsent();
    bento_template_history_free(&state.hist);
    finish();
}
