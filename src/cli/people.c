#include "cli/people.h"

#include <stdlib.h>
#include <string.h>

#include "bento/email.h"
#include "bento/request.h"
#include "bento/sanitize.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/people_confirm.h"
#include "cli/confirm.h"
#include "cli/output.h"
#include "cli/subopts.h"

enum { OPT_DRY_RUN = 300, OPT_VIA_EVENT };

int people_check_email(struct app *app, const char *text, char *out, size_t size)
{
    struct bento_error err;
    if (bento_validate_email(text, out, size, &err) == 0)
        return 0;
    return out_fail(app, &err);
}

static const struct option people_options[] = {
    {"email", required_argument, NULL, 'e'},
    {"file", required_argument, NULL, 'f'},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"via-event", no_argument, NULL, OPT_VIA_EVENT},
    {NULL, 0, NULL, 0},
};

static int option(struct app *app, int c, bool allow_via_event, struct people_opts *o)
{
    struct bento_error err;
    switch (c) {
    case 'e': return address_list_add(&o->people, optarg, 0) < 0 ? 1 : -1;
    case 'f':
        if (address_list_read_file(&o->people, optarg, &err) < 0)
            return out_fail(app, &err); /* 5 unreadable, 6 no email column */
        return -1;
    case OPT_DRY_RUN: o->dry_run = true; return -1;
    case OPT_VIA_EVENT:
        if (allow_via_event) {
            o->via_event = true;
            return -1;
        }
        return out_usage(app, "--via-event only applies to `subscribers tag`");
    case ':': return out_usage(app, "--email and --file need a value");
    default: return out_usage(app, "Unknown option for this command");
    }
}

int people_parse(struct app *app, int argc, char **argv, bool allow_via_event,
                 struct people_opts *o)
{
    memset(o, 0, sizeof *o);
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":e:f:", people_options)) != -1)
        rc = option(app, c, allow_via_event, o);
    for (int i = optind; rc < 0 && i < s.ac; i++) {
        if (o->positional_count == 8)
            rc = out_usage(app, "Too many arguments");
        else
            o->positional[o->positional_count++] = s.av[i];
    }
    cli_subopts_end(&s);
    return rc;
}

void people_free(struct people_opts *o)
{
    address_list_free(&o->people);
}

/* Human output lists each skipped address on stderr; --json keeps
 * stderr for the error envelope and puts them under data.skipped. */
static void report_rejects(struct app *app, const struct address_list *l)
{
    for (size_t i = 0; !app->json && i < l->reject_count; i++) {
        const struct address_reject *r = &l->rejects[i];
        if (r->row)
            fprintf(app->err, "skipped row %zu: %s (%s)\n", r->row, r->reason, r->value);
        else
            fprintf(app->err, "skipped \"%s\": %s\n", r->value, r->reason);
    }
}

static void add_rejects(cJSON *data, const struct address_list *l)
{
    cJSON *arr = cJSON_AddArrayToObject(data, "skipped");
    for (size_t i = 0; arr && i < l->reject_count; i++) {
        const struct address_reject *r = &l->rejects[i];
        cJSON *o = cJSON_CreateObject();
        if (r->row)
            cJSON_AddNumberToObject(o, "row", (double)r->row);
        cJSON_AddStringToObject(o, "value", r->value);
        cJSON_AddStringToObject(o, "reason", r->reason);
        cJSON_AddItemToArray(arr, o);
    }
}

/* Nothing left to send: one line naming the (first) bad address. */
static int reject_all(struct app *app, const struct address_list *l)
{
    const struct address_reject *r = &l->rejects[0];
    char where[48] = "";
    if (r->row)
        snprintf(where, sizeof where, " (row %zu)", r->row);
    struct bento_error err;
    if (l->reject_count == 1)
        bento_error_set(&err, BENTO_E_VALIDATION, "\"%s\"%s is not a plausible address: %s",
                        r->value, where, r->reason);
    else
        bento_error_set(&err, BENTO_E_VALIDATION,
                        "None of the %zu addresses is plausible, e.g. \"%s\"%s: %s; "
                        "nothing was sent",
                        l->reject_count, r->value, where, r->reason);
    return out_fail(app, &err);
}

static void print_dry_run(struct app *app, const char *action, const cJSON *commands, size_t people,
                          const struct address_list *l)
{
    int n = cJSON_GetArraySize(commands);
    int calls = (n + BENTO_CAP_COMMANDS - 1) / BENTO_CAP_COMMANDS;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddBoolToObject(data, "dryRun", 1);
        cJSON_AddStringToObject(data, "action", action);
        cJSON_AddNumberToObject(data, "wouldAffect", (double)people);
        cJSON_AddNumberToObject(data, "calls", calls);
        cJSON *preview = cJSON_AddArrayToObject(data, "preview");
        for (int i = 0; i < n && i < 5; i++)
            cJSON_AddItemToArray(preview, cJSON_Duplicate(cJSON_GetArrayItem(commands, i), 1));
        add_rejects(data, l);
        out_json_success(app, data, NULL);
        return;
    }
    fprintf(app->out, "Dry run: would %s for %zu %s in %d call%s to /fetch/commands.\n", action,
            people, people == 1 ? "person" : "people", calls, calls == 1 ? "" : "s");
    for (int i = 0; i < n && i < 5; i++) {
        char *line = cJSON_PrintUnformatted(cJSON_GetArrayItem(commands, i));
        fputs("  ", app->out);
        out_cell(app->out, line, 0);
        fputc('\n', app->out);
        cJSON_free(line);
    }
    if (n > 5)
        fprintf(app->out, "  ... and %d more\n", n - 5);
}

static int report_sent(struct app *app, const char *action, const struct bento_result *r,
                       size_t people, const struct address_list *l)
{
    const struct bento_batch_counts *c = &r->counts;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddStringToObject(data, "action", action);
        cJSON_AddNumberToObject(data, "people", (double)people);
        cJSON_AddNumberToObject(data, "queued", (double)c->results);
        cJSON_AddNumberToObject(data, "failed", (double)c->failed);
        add_rejects(data, l);
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddNumberToObject(meta, "calls", (double)c->parts_done);
        out_json_success(app, data, meta);
    } else {
        fprintf(app->out, "Queued %ld change%s (%s) for %zu %s in %zu call%s", c->results,
                c->results == 1 ? "" : "s", action, people, people == 1 ? "person" : "people",
                c->parts_done, c->parts_done == 1 ? "" : "s");
        if (c->failed)
            fprintf(app->out, "; Bento refused %ld", c->failed);
        fputs(". Bento applies them within a few minutes.\n", app->out);
    }
    return c->failed ? 4 : 0;
}

static int confirm_people(struct app *app, const char *action, size_t people, bool dangerous)
{
    char question[200];
    if (!app_people_confirm_question(action, people, dangerous, question, sizeof question))
        return 1;
    return cli_confirm(app, question);
}

int people_send(struct app *app, const char *action, cJSON *commands, size_t people, bool dangerous,
                const struct people_opts *o)
{
    int invalid = o->people.reject_count ? 6 : 0;
    if (people == 0) {
        cJSON_Delete(commands);
        if (!invalid)
            return out_usage(app, "Name the people with --email ADDR or --file FILE");
        if (o->people.reject_count > 1)
            report_rejects(app, &o->people);
        return reject_all(app, &o->people);
    }
    report_rejects(app, &o->people);
    if (o->dry_run) {
        print_dry_run(app, action, commands, people, &o->people);
        cJSON_Delete(commands);
        return invalid;
    }
    int ok = confirm_people(app, action, people, dangerous);
    if (ok <= 0) {
        cJSON_Delete(commands);
        if (ok == 0)
            fputs("Cancelled; nothing was sent.\n", app->err);
        return ok < 0 ? 2 : 1;
    }
    struct bento_request *req = bento_request_commands(commands);
    cJSON_Delete(commands);
    struct bento_result *r;
    int rc = cli_call(app, req, &r);
    if (rc)
        return rc;
    rc = report_sent(app, action, r, people, &o->people);
    bento_result_free(r);
    return rc ? rc : invalid;
}
