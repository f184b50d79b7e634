/* Checking, previewing, confirming and sending one composed email. A
 * send is never repeated: after a timeout or a lost connection the
 * outcome is reported as unknown (the client does not retry it), and the
 * same email again needs --again (emails_repeat.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "cli/confirm.h"
#include "cli/emails.h"
#include "cli/output.h"

#define CONFIRM_FROM 10 /* recipients from which a send asks first */
#define SHOWN_TO 5      /* recipients listed by a dry run */

struct sending {
    cJSON *emails;        /* the records */
    size_t count;         /* recipients */
    size_t *part_records; /* emails per call */
    size_t calls;
    const struct bento_findings *findings;
    char key[BENTO_SENDLOG_KEY_SIZE]; /* in the record of recent sends */
};

/* ---- checks ---- */

/* Authors from /fetch/authors, then the compose checks. Returns -1 to go
 * on, or an exit code (findings printed). */
static int check(struct app *app, struct email_opts *o, struct bento_findings *f)
{
    struct bento_result *r;
    int rc = cli_call(app, bento_request_authors_list(), &r);
    if (rc)
        return rc;
    const char **authors = calloc(r->authors.count + 1, sizeof *authors);
    size_t n = 0;
    for (size_t i = 0; authors && i < r->authors.count; i++)
        if (r->authors.items[i].email)
            authors[n++] = r->authors.items[i].email;
    rc = authors && bento_compose_check(&o->form, authors, n, f) == 0 ? -1 : 1;
    free(authors);
    bento_result_free(r);
    if (rc < 0 && emails_report_findings(app, o, f) > 0)
        rc = 6;
    return rc;
}

/* ---- dry run ---- */

static void print_recipients(struct app *app, const struct sending *s)
{
    fputs("To:             ", app->out);
    for (size_t i = 0; i < s->count && i < SHOWN_TO; i++) {
        const char *to = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(s->emails, (int)i), "to"));
        fprintf(app->out, "%s", i ? ", " : "");
        out_cell(app->out, to, 0);
    }
    if (s->count > SHOWN_TO)
        fprintf(app->out, " and %zu more", s->count - SHOWN_TO);
    fputc('\n', app->out);
}

static void print_preview(struct app *app, const struct email_opts *o,
                          const struct bento_preview *p)
{
    fputs("From:           ", app->out);
    out_cell(app->out, o->form.from, 0);
    fputs("\nSubject:        ", app->out);
    fputs(p->subject, app->out);
    fprintf(app->out, "\nTransactional:  %s\n",
            o->form.transactional ? "yes (people who unsubscribed receive it too)" : "no");
    for (size_t i = 0; i < o->form.var_count; i++) {
        fprintf(app->out, "%s", i ? ", " : "Personalizations: ");
        out_cell(app->out, o->form.vars[i].key, 0);
        fputc('=', app->out);
        out_cell(app->out, o->form.vars[i].value, 0);
    }
    fprintf(app->out, "%s--- body as text ---\n%s", o->form.var_count ? "\n" : "", p->body.text);
    for (size_t i = 0; i < p->body.link_count; i++)
        fprintf(app->out, "[%zu] %s\n", i + 1, p->body.links[i]);
}

static cJSON *preview_json(const struct bento_preview *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "subject", p->subject);
    cJSON_AddStringToObject(o, "text", p->body.text);
    cJSON *links = cJSON_AddArrayToObject(o, "links");
    for (size_t i = 0; i < p->body.link_count; i++)
        cJSON_AddItemToArray(links, cJSON_CreateString(p->body.links[i]));
    return o;
}

static int dry_run(struct app *app, const struct email_opts *o, const struct sending *s)
{
    struct bento_preview p;
    if (bento_compose_preview(&o->form, &p) < 0)
        return 1;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddBoolToObject(data, "dryRun", 1);
        cJSON_AddNumberToObject(data, "recipients", (double)s->count);
        cJSON_AddNumberToObject(data, "calls", (double)s->calls);
        cJSON_AddItemToObject(data, "emails", cJSON_Duplicate(s->emails, 1));
        cJSON_AddItemToObject(data, "preview", preview_json(&p));
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddItemToObject(meta, "warnings", emails_findings_json(o, s->findings, true));
        out_json_success(app, data, meta);
    } else {
        fprintf(app->out,
                "Dry run: would send %zu email%s in %zu call%s to /batch/emails; "
                "nothing was sent.\n",
                s->count, s->count == 1 ? "" : "s", s->calls, s->calls == 1 ? "" : "s");
        print_recipients(app, s);
        print_preview(app, o, &p);
    }
    bento_preview_free(&p);
    return 0;
}

/* ---- confirm ---- */

static int confirm(struct app *app, const struct email_opts *o, const struct sending *s)
{
    if (o->test || (s->count < CONFIRM_FROM && !o->form.transactional))
        return 1;
    char subject[256], from[128], question[600];
    const char *subj = o->form.subject ? o->form.subject : "";
    bento_sanitize_line(subj, strlen(subj), subject, sizeof subject);
    bento_sanitize_line(o->form.from, strlen(o->form.from), from, sizeof from);
    snprintf(question, sizeof question, "Send \"%.80s\" from %s to %zu %s?%s", subject, from,
             s->count, s->count == 1 ? "person" : "people",
             o->form.transactional ? " It is transactional: people who unsubscribed receive it too."
                                   : "");
    return cli_confirm(app, question);
}

/* ---- send and report ---- */

/* Through the --json writer, so server text cannot make it invalid. */
static void print_envelope(FILE *out, cJSON *root)
{
    out_json_print(out, root);
    cJSON_Delete(root);
}

static int report_sent(struct app *app, const struct email_opts *o, const struct sending *s,
                       const struct bento_result *r)
{
    long queued = r->counts.results;
    int rc = queued < (long)s->count ? 4 : 0;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddNumberToObject(data, "queued", (double)queued);
        cJSON_AddNumberToObject(data, "recipients", (double)s->count);
        cJSON_AddNumberToObject(data, "calls", (double)r->counts.parts_done);
        cJSON_AddBoolToObject(data, "transactional", o->form.transactional);
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddItemToObject(meta, "warnings", emails_findings_json(o, s->findings, true));
        out_json_success(app, data, meta);
        return rc;
    }
    fprintf(app->out, "Bento queued %ld of %zu email%s in %zu call%s%s", queued, s->count,
            s->count == 1 ? "" : "s", r->counts.parts_done, r->counts.parts_done == 1 ? "" : "s",
            o->test ? " (a test to your own address)" : "");
    fputs(rc ? "; it did not accept the others.\n" : ". Bento delivers about 60 a minute.\n",
          app->out);
    return rc;
}

/* One line about the calls before the failed one and those never made. */
static void partial_line(struct app *app, const struct sending *s, const struct bento_result *r,
                         size_t failed_records)
{
    size_t done = r->counts.parts_done, unsent = s->count - r->counts.records_sent - failed_records;
    long queued = r->counts.results;
    if (app->json || (!done && !unsent))
        return;
    fputs("  ", app->err);
    if (done)
        fprintf(app->err, "Bento had queued %ld email%s in %zu earlier call%s%s", queued,
                queued == 1 ? "" : "s", done, done == 1 ? "" : "s", unsent ? "; " : ".\n");
    if (unsent)
        fprintf(app->err, "%zu email%s after the failed call %s not sent.\n", unsent,
                unsent == 1 ? "" : "s", unsent == 1 ? "was" : "were");
}

static int report_failed(struct app *app, const struct sending *s, const struct bento_result *r)
{
    size_t part = r->counts.parts_done;
    size_t failed = part < s->calls ? s->part_records[part] : 0;
    struct bento_error err = r->err;
    if (err.kind == BENTO_E_OUTCOME_UNKNOWN)
        snprintf(err.message, sizeof err.message,
                 "Outcome unknown: the call %s after it was sent, so Bento may or may not have "
                 "queued its %zu email%s. It was not retried (that could deliver twice); check "
                 "before sending again.",
                 strstr(r->err.message, "timed out") ? "timed out" : "lost its connection", failed,
                 failed == 1 ? "" : "s");
    if (!app->json) {
        int code = out_fail(app, &err);
        partial_line(app, s, r, failed);
        return code;
    }
    cJSON *root = cJSON_CreateObject(), *meta = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON_AddStringToObject(root, "error", err.message);
    cJSON_AddNullToObject(root, "data");
    cJSON_AddStringToObject(meta, "code", bento_error_kind_name(err.kind));
    if (err.http_status)
        cJSON_AddNumberToObject(meta, "status", err.http_status);
    if (err.detail[0])
        cJSON_AddStringToObject(meta, "detail", err.detail);
    cJSON_AddNumberToObject(meta, "queued", (double)r->counts.results);
    cJSON_AddNumberToObject(meta, err.kind == BENTO_E_OUTCOME_UNKNOWN ? "unknown" : "refused",
                            (double)failed);
    cJSON_AddNumberToObject(meta, "notSent", (double)(s->count - r->counts.records_sent - failed));
    cJSON_AddItemToObject(root, "meta", meta);
    print_envelope(app->err, root);
    return bento_error_exit_code(err.kind);
}

static int send(struct app *app, const struct email_opts *o, struct sending *s,
                struct bento_request *req)
{
    struct bento_result *r = bento_client_call(app->client, req);
    if (!r) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory waiting for the result");
        return out_fail(app, &err);
    }
    int rc = r->err.kind == BENTO_OK ? report_sent(app, o, s, r) : report_failed(app, s, r);
    if (r->err.kind == BENTO_E_OUTCOME_UNKNOWN)
        emails_record_send(app, s->key, BENTO_SEND_UNKNOWN, s->count);
    else if (r->counts.results > 0)
        emails_record_send(app, s->key, BENTO_SEND_QUEUED, s->count);
    bento_result_free(r);
    return rc;
}

static int go(struct app *app, const struct email_opts *o, struct sending *s,
              struct bento_request *req)
{
    for (size_t p = 0; p < s->calls; p++)
        s->part_records[p] = bento_request_part_records(req, p);
    if (o->dry_run) {
        bento_request_free(req);
        return dry_run(app, o, s);
    }
    int rc = emails_check_repeat(app, o, s->key);
    if (rc >= 0) {
        bento_request_free(req);
        return rc;
    }
    int ok = confirm(app, o, s);
    if (ok <= 0) {
        bento_request_free(req);
        if (ok == 0)
            fputs("Cancelled; nothing was sent.\n", app->err);
        return ok < 0 ? 2 : 1;
    }
    return send(app, o, s, req);
}

int emails_run(struct app *app, struct email_opts *o)
{
    struct bento_findings f = {0};
    int rc = check(app, o, &f);
    if (rc >= 0) {
        bento_findings_free(&f);
        return rc;
    }
    struct sending s = {.emails = bento_compose_emails(&o->form), .findings = &f};
    struct bento_request *req = s.emails ? bento_request_batch_emails(s.emails) : NULL;
    s.count = (size_t)cJSON_GetArraySize(s.emails);
    s.calls = bento_request_parts(req);
    s.part_records = calloc(s.calls + 1, sizeof *s.part_records);
    if (!req || !s.part_records) {
        bento_request_free(req);
        rc = 1;
    } else {
        rc = go(app, o, &s, req);
    }
    free(s.part_records);
    cJSON_Delete(s.emails);
    bento_findings_free(&f);
    return rc;
}
