/* The change of one template (templates set, edit, revert): the compose
 * checks on the new version, a diff of old and new, the question, then
 * the version it replaces kept in the local history and one PATCH. The
 * template is read again just before sending, so a change made on Bento
 * meanwhile is shown instead of overwritten. A PATCH Bento refused
 * removes the version kept for it; one whose outcome is unknown keeps it,
 * so no version can be lost. */
#define _GNU_SOURCE /* strndup */
#define _GNU_SOURCE /* strndup */
#include "cli/templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bento/client.h"
#include "bento/compose.h"
#include "bento/template_history.h"
#include "app/app.h"
#include "app/text_diff.h"
#include "cli/confirm.h"
#include "cli/output.h"

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Findings on the subject and body only: a template has no To or From. */
static bool relevant(const struct bento_finding *x)
{
    return x->field == BENTO_FIELD_SUBJECT || x->field == BENTO_FIELD_HTML;
}

static int check_new(struct app *app, const char *subject, const char *html)
{
    struct bento_compose c;
    struct bento_findings f = {0};
    size_t errors = 0;
    bento_compose_init(&c);
    bento_compose_set_subject(&c, subject ? subject : "");
    bento_compose_set_html(&c, html ? html : "");
    int rc = bento_compose_check(&c, NULL, 0, &f);
    for (size_t i = 0; rc == 0 && i < f.count; i++) {
        const struct bento_finding *x = &f.items[i];
        if (!relevant(x))
            continue;
        errors += x->severity == BENTO_SEV_ERROR;
        fprintf(app->err, "%s: %s: %s\n", x->severity == BENTO_SEV_ERROR ? "error" : "warning",
                bento_compose_field_name(x->field), x->message);
    }
    bento_findings_free(&f);
    bento_compose_free(&c);
    if (rc == 0 && !errors)
        return 0;
    struct bento_error err;
    bento_error_set(&err, rc ? BENTO_E_NOMEM : BENTO_E_VALIDATION,
                    rc ? "Out of memory checking the template"
                       : "The new version has %zu problem%s (above): nothing was sent",
                    errors, errors == 1 ? "" : "s");
    return out_fail(app, &err);
}

/* The version as diff sees it: the subject on a line, then the body. */
static char *version_text(const char *subject, const char *html)
{
    size_t n = strlen(subject ? subject : "") + strlen(html ? html : "") + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "Subject: %s\n\n%s", subject ? subject : "", html ? html : "");
    return s;
}

static char *diff_versions(const char *id, const char *old_name, const char *os, const char *oh,
                           const char *new_name, const char *ns, const char *nh,
                           struct bento_error *err)
{
    char l1[160], l2[160];
    snprintf(l1, sizeof l1, "template %s (%s)", id, old_name);
    snprintf(l2, sizeof l2, "template %s (%s)", id, new_name);
    char *a = version_text(os, oh), *b = version_text(ns, nh), *d = NULL;
    if (a && b)
        d = app_text_diff(l1, a, l2, b, err);
    else
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory making the diff");
    free(a);
    free(b);
    return d;
}

/* -/+ marks carry the meaning; colour only helps, on a terminal. */
static void print_diff(struct app *app, FILE *out, const char *diff)
{
    bool colour = !app->no_color && isatty(fileno(out));
    for (const char *p = diff; *p;) {
        size_t n = strcspn(p, "\n");
        const char *on = !colour                ? NULL
                         : !strncmp(p, "@@", 2) ? "\033[36m"
                         : *p == '-'            ? "\033[31m"
                         : *p == '+'            ? "\033[32m"
                                                : NULL;
        char *line = strndup(p, n); /* server text: made safe by out_cell */
        fputs(on ? on : "", out);
        out_cell(out, line ? line : "", 0);
        fprintf(out, "%s\n", on ? "\033[0m" : "");
        free(line);
        p += n + (p[n] == '\n');
    }
}

/* 0 to go on, else the exit code (the user said no, or no terminal). */
static int ask(struct app *app, const struct template_change *ch)
{
    char question[300];
    snprintf(question, sizeof question, "%s template %.64s on Bento?", ch->what, ch->id);
    int ok = cli_confirm(app, question);
    if (ok < 0)
        return 2;
    if (ok == 0) {
        fputs("Cancelled; nothing was sent.\n", app->err);
        return 1;
    }
    return 0;
}

/* Read it again: a change made on Bento since the diff is shown, not
 * overwritten. 0 when it is as it was. */
static int still_same(struct app *app, const struct bento_template *cur, const char *id)
{
    struct bento_result *r;
    int rc = templates_fetch(app, id, &r);
    if (rc)
        return rc;
    const struct bento_template *now = &r->content.tmpl;
    if (same(now->subject, cur->subject) && same(now->html, cur->html)) {
        bento_result_free(r);
        return 0;
    }
    struct bento_error err;
    char *d = diff_versions(id, "as shown", cur->subject, cur->html, "on Bento now", now->subject,
                            now->html, &err);
    if (d)
        print_diff(app, app->err, d);
    free(d);
    bento_result_free(r);
    bento_error_set(&err, BENTO_E_VALIDATION,
                    "Template %.64s changed on Bento since it was read%s: nothing was sent; run "
                    "the command again to review the change against the new version",
                    id, d ? " (its diff is above)" : "");
    return out_fail(app, &err);
}

static int keep_current(struct app *app, const struct bento_template *cur, const char *id,
                        long *number)
{
    struct bento_error err;
    if (bento_template_history_store(app_cache_name(app), id, cur->subject, cur->html,
                                     (long long)time(NULL), number, &err) == 0)
        return 0;
    struct bento_error why;
    bento_error_set(&why, err.kind, "Not sent: the current version could not be kept first: %s",
                    err.message);
    return out_fail(app, &why);
}

/* A refused PATCH changed nothing, so its kept version goes; one whose
 * outcome is unknown may have changed the template, so it stays. */
static int patch_failed(struct app *app, const char *id, long number,
                        const struct bento_error *cause)
{
    struct bento_error err, gone;
    bool unknown = cause->kind == BENTO_E_OUTCOME_UNKNOWN;
    if (!unknown)
        bento_template_history_remove(app_cache_name(app), id, number, &gone);
    bento_error_set(&err, cause->kind, "%s (template %.64s: %s)", cause->message, id,
                    unknown ? "the version it had is kept in its history in case it changed"
                            : "not changed; its history is as it was");
    return out_fail(app, &err);
}

static void report_sent(struct app *app, const struct template_change *ch, long number,
                        const char *diff)
{
    if (app->json) {
        cJSON *o = cJSON_CreateObject();
        out_json_add_str(o, "id", ch->id);
        cJSON_AddNumberToObject(o, "kept_version", (double)number);
        out_json_add_str(o, "diff", diff);
        out_json_success(app, o, NULL);
        return;
    }
    fprintf(app->out,
            "Updated template %s; the version it replaced is kept as %ld "
            "(templates revert %s %ld)\n",
            ch->id, number, ch->id, number);
}

static int send_change(struct app *app, const struct bento_template *cur,
                       const struct template_change *ch, const char *subject, const char *html,
                       const char *diff)
{
    long number = 0;
    int rc = still_same(app, cur, ch->id);
    if (rc || (rc = keep_current(app, cur, ch->id, &number)))
        return rc;
    struct bento_error err;
    struct bento_request *req = bento_request_template_update(
        ch->id, same(subject, cur->subject) ? NULL : subject, same(html, cur->html) ? NULL : html);
    if (!req || app_connect(app, &err) < 0) {
        if (!req)
            bento_error_set(&err, BENTO_E_NOMEM, "Out of memory building the request");
        bento_request_free(req);
        return patch_failed(app, ch->id, number, &err);
    }
    struct bento_result *r = bento_client_call(app->client, req);
    if (!r)
        bento_error_set(&err, BENTO_E_OUTCOME_UNKNOWN, "Out of memory waiting for the result");
    if (!r || r->err.kind != BENTO_OK) {
        rc = patch_failed(app, ch->id, number, r ? &r->err : &err);
        bento_result_free(r);
        return rc;
    }
    bento_result_free(r);
    report_sent(app, ch, number, diff);
    return 0;
}

static int nothing_to_do(struct app *app, const struct template_change *ch, const char *diff,
                         bool dry)
{
    if (app->json) {
        cJSON *o = cJSON_CreateObject();
        out_json_add_str(o, "id", ch->id);
        cJSON_AddBoolToObject(o, "sent", 0);
        cJSON_AddBoolToObject(o, "dry_run", dry);
        out_json_add_str(o, "diff", diff);
        out_json_success(app, o, NULL);
    } else {
        fprintf(app->err, "%s\n",
                dry ? "Dry run: nothing was sent"
                    : "The new version is the same as the one on Bento: nothing to send");
    }
    return 0;
}

int templates_change(struct app *app, const struct bento_template *cur,
                     const struct template_change *ch)
{
    const char *subject = ch->subject ? ch->subject : cur->subject;
    const char *html = ch->html ? ch->html : cur->html;
    int rc = check_new(app, subject, html);
    if (rc)
        return rc;
    struct bento_error err;
    char *diff = diff_versions(ch->id, "on Bento", cur->subject, cur->html, "new", subject, html,
                               &err);
    if (!diff)
        return out_fail(app, &err);
    if (!*diff || ch->dry_run) {
        if (*diff && !app->json)
            print_diff(app, app->out, diff);
        rc = nothing_to_do(app, ch, diff, ch->dry_run && *diff);
    } else {
        /* with --json stdout is the envelope: the diff is asked over on stderr */
        print_diff(app, app->json ? app->err : app->out, diff);
        rc = ask(app, ch);
        if (!rc)
            rc = send_change(app, cur, ch, subject, html, diff);
    }
    free(diff);
    return rc;
}

int templates_fetch(struct app *app, const char *id, struct bento_result **out)
{
    int rc = cli_call(app, bento_request_template_get(id), out);
    if (rc || (*out)->content.tmpl.found)
        return rc;
    bento_result_free(*out);
    *out = NULL;
    struct bento_error err;
    bento_error_set(&err, BENTO_E_NOT_FOUND,
                    "No email template %.64s on this account: check the id (sequences list and "
                    "workflows list show them)",
                    id);
    return out_fail(app, &err);
}
