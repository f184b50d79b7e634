/* The same email to the same people twice: `emails send` and `emails
 * test` consult the record of recent sends (sendlog.h) before sending and
 * add to it after, so an identical send within the window needs --again. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "cli/emails.h"
#include "cli/output.h"

/* Through the --json writer, so server text cannot make it invalid. */
static void print_envelope(FILE *out, cJSON *root)
{
    out_json_print(out, root);
    cJSON_Delete(root);
}

/* Local time for people, ISO 8601 for --json. */
static void fmt_time(int64_t at_s, bool iso, char *out, size_t size)
{
    time_t t = (time_t)at_s;
    struct tm tm;
    if (!localtime_r(&t, &tm) || !(iso ? strftime(out, size, "%Y-%m-%dT%H:%M:%S%z", &tm)
                                       : strftime(out, size, "%Y-%m-%d %H:%M %Z", &tm)))
        snprintf(out, size, "%lld", (long long)at_s);
}

static int refuse(struct app *app, const struct bento_send_record *rec)
{
    char when[64], iso[32], msg[400];
    fmt_time(rec->at_s, false, when, sizeof when);
    fmt_time(rec->at_s, true, iso, sizeof iso);
    snprintf(
        msg, sizeof msg,
        rec->outcome == BENTO_SEND_UNKNOWN
            ? "This email was already sent to the same %zu recipient%s at %s and its outcome "
              "is unknown (Bento may have queued it); check, then add --again to send it again."
            : "This email was already sent to the same %zu recipient%s at %s (Bento queued "
              "it); add --again to send it again.",
        rec->recipients, rec->recipients == 1 ? "" : "s", when);
    if (!app->json) {
        fprintf(app->err, "error: %s\n", msg);
        return 6;
    }
    cJSON *root = cJSON_CreateObject(), *meta = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON_AddStringToObject(root, "error", msg);
    cJSON_AddNullToObject(root, "data");
    cJSON_AddStringToObject(meta, "code", "already_sent");
    cJSON_AddStringToObject(meta, "sentAt", iso);
    cJSON_AddStringToObject(meta, "outcome", bento_send_outcome_name(rec->outcome));
    cJSON_AddNumberToObject(meta, "recipients", (double)rec->recipients);
    cJSON_AddItemToObject(root, "meta", meta);
    print_envelope(app->err, root);
    return 6;
}

int emails_check_repeat(struct app *app, const struct email_opts *o,
                        char key[BENTO_SENDLOG_KEY_SIZE])
{
    struct bento_send_record rec;
    struct bento_error err;
    bento_error_clear(&err);
    char account[512];
    app_import_account(app, account, sizeof account);
    if (bento_sendlog_key(account, &o->form, key) < 0)
        return 1;
    if (o->again)
        return -1;
    switch (bento_sendlog_find(key, (int64_t)time(NULL), &rec, &err)) {
    case 0: return -1;
    case 1: return refuse(app, &rec);
    default: {
        char why[sizeof err.message];
        memcpy(why, err.message, sizeof why);
        snprintf(err.message, sizeof err.message,
                 "Cannot tell whether this email was sent "
                 "already: %.170s; or add --again to send anyway",
                 why);
        return out_fail(app, &err);
    }
    }
}

void emails_record_send(struct app *app, const char *key, enum bento_send_outcome outcome,
                        size_t recipients)
{
    struct bento_send_record rec = {
        .at_s = (int64_t)time(NULL), .outcome = outcome, .recipients = recipients};
    struct bento_error err;
    bento_error_clear(&err);
    snprintf(rec.key, sizeof rec.key, "%s", key);
    if (bento_sendlog_add(&rec, &err) < 0 && !app->json)
        fprintf(app->err,
                "warning: the send was not recorded, so a repeat will not be "
                "noticed: %s\n",
                err.message);
}
