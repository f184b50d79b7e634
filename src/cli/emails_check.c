/* The findings of the pre-send checks, as lines or JSON. Messages are
 * sanitised by the compose module; reject values by the address list. */
#include <stdio.h>

#include "app/app.h"
#include "cli/emails.h"
#include "cli/output.h"

static const char *severity(enum bento_severity s)
{
    return s == BENTO_SEV_ERROR ? "error" : "warning";
}

static cJSON *finding(const char *field, const char *sev, const char *code, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "field", field);
    cJSON_AddStringToObject(o, "severity", sev);
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "message", message);
    return o;
}

cJSON *emails_findings_json(const struct email_opts *o, const struct bento_findings *f,
                            bool warnings_only)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; !warnings_only && i < o->file.reject_count; i++) {
        const struct address_reject *r = &o->file.rejects[i];
        char msg[300];
        snprintf(msg, sizeof msg, "row %zu of the file: %s (%s)", r->row, r->reason, r->value);
        cJSON_AddItemToArray(arr, finding("to", "error", "to_invalid", msg));
    }
    for (size_t i = 0; i < f->count; i++) {
        const struct bento_finding *x = &f->items[i];
        if (!warnings_only || x->severity == BENTO_SEV_WARNING)
            cJSON_AddItemToArray(arr, finding(bento_compose_field_name(x->field),
                                              severity(x->severity), x->code, x->message));
    }
    return arr;
}

static void print_json_refusal(struct app *app, const struct email_opts *o,
                               const struct bento_findings *f, size_t errors)
{
    char msg[128];
    snprintf(msg, sizeof msg, "%zu problem%s stop%s this send", errors, errors == 1 ? "" : "s",
             errors == 1 ? "s" : "");
    cJSON *root = cJSON_CreateObject();
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON_AddStringToObject(root, "error", msg);
    cJSON_AddNullToObject(root, "data");
    cJSON_AddStringToObject(meta, "code", "validation");
    cJSON_AddItemToObject(meta, "findings", emails_findings_json(o, f, false));
    cJSON_AddItemToObject(root, "meta", meta);
    out_json_print(app->err, root);
    cJSON_Delete(root);
}

size_t emails_report_findings(struct app *app, const struct email_opts *o,
                              const struct bento_findings *f)
{
    size_t errors = f->errors + o->file.reject_count;
    if (app->json) {
        if (errors)
            print_json_refusal(app, o, f, errors);
        return errors;
    }
    for (size_t i = 0; i < o->file.reject_count; i++) {
        const struct address_reject *r = &o->file.rejects[i];
        fprintf(app->err, "error: to: row %zu of the file: %s (%s)\n", r->row, r->reason, r->value);
    }
    for (size_t i = 0; i < f->count; i++)
        fprintf(app->err, "%s: %s: %s\n", severity(f->items[i].severity),
                bento_compose_field_name(f->items[i].field), f->items[i].message);
    return errors;
}
