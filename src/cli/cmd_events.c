/* events track --type T --email E [--field k=v]... [--details JSON] [--date D] */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/email.h"
#include "bento/event.h"
#include "bento/request.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"

struct event_opts {
    const char *type, *email, *details, *date;
    cJSON *fields;
    char type_buf[BENTO_VALUE_MAX], date_buf[BENTO_VALUE_MAX];
};

static const struct option event_options[] = {
    {"type", required_argument, NULL, 't'},  {"email", required_argument, NULL, 'e'},
    {"field", required_argument, NULL, 'F'}, {"details", required_argument, NULL, 'd'},
    {"date", required_argument, NULL, 'D'},  {NULL, 0, NULL, 0},
};

__attribute__((format(printf, 2, 3))) static int validation(struct app *app, const char *fmt, ...)
{
    struct bento_error err;
    char msg[BENTO_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bento_error_set(&err, BENTO_E_VALIDATION, "%s", msg);
    return out_fail(app, &err);
}

static int add_field(struct app *app, struct event_opts *o, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return out_usage(app, "--field takes KEY=VALUE, got \"%.100s\"", kv);
    char *typed = strndup(kv, (size_t)(eq - kv)), key[BENTO_VALUE_MAX];
    struct bento_error err;
    int rc = bento_validate_field_key(typed, key, sizeof key, &err);
    free(typed);
    if (rc < 0)
        return out_fail(app, &err);
    cJSON_DeleteItemFromObject(o->fields, key);
    cJSON_AddStringToObject(o->fields, key, eq + 1);
    return -1;
}

static int parse(struct app *app, int argc, char **argv, struct event_opts *o)
{
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":t:e:F:d:D:", event_options)) != -1) {
        switch (c) {
        case 't': o->type = optarg; break;
        case 'e': o->email = optarg; break;
        case 'd': o->details = optarg; break;
        case 'D': o->date = optarg; break;
        case 'F': rc = add_field(app, o, optarg); break;
        default:
            rc = out_usage(app, "Usage: bento-console events track --type TYPE "
                                "--email EMAIL [--field K=V]... [--details JSON]");
        }
    }
    if (rc < 0 && optind < s.ac)
        rc = out_usage(app, "Unexpected argument \"%.100s\"", s.av[optind]);
    cli_subopts_end(&s);
    if (rc < 0 && (!o->type || !*o->type || !o->email))
        rc = out_usage(app, "events track needs --type and --email");
    return rc;
}

/* The type, address and date as they will be sent (trimmed, checked). */
static int check_values(struct app *app, struct event_opts *o, char *email)
{
    struct bento_error err;
    if (bento_validate_text("Event type", o->type, o->type_buf, sizeof o->type_buf, &err) < 0 ||
        bento_validate_email(o->email, email, 256, &err) < 0 ||
        (o->date && bento_validate_date(o->date, o->date_buf, sizeof o->date_buf, &err) < 0))
        return out_fail(app, &err);
    o->type = o->type_buf;
    if (o->date)
        o->date = o->date_buf;
    return 0;
}

/* Build the event, checking the values and the details JSON. */
static int build(struct app *app, struct event_opts *o, char *email, cJSON **event)
{
    int rc = check_values(app, o, email);
    if (rc)
        return rc;
    cJSON *details = NULL;
    if (o->details) {
        const char *end = NULL;
        details = cJSON_ParseWithOpts(o->details, &end, 1);
        if (!details || !cJSON_IsObject(details)) {
            long at = end ? (long)(end - o->details) + 1 : 1L;
            cJSON_Delete(details);
            return validation(app, "--details is not a JSON object (problem near character %ld)",
                              at);
        }
    }
    *event = bento_event_new(o->type, email, o->date, o->fields, details);
    return 0;
}

int cli_events_track(struct app *app, int argc, char **argv)
{
    struct event_opts o = {.fields = cJSON_CreateObject()};
    char email[256];
    cJSON *event = NULL;
    int rc = parse(app, argc, argv, &o);
    rc = rc >= 0 ? rc : build(app, &o, email, &event);
    cJSON_Delete(o.fields);
    if (rc)
        return rc;
    cJSON *events = cJSON_CreateArray();
    cJSON_AddItemToArray(events, event);
    struct bento_request *req = bento_request_batch_events(events);
    cJSON_Delete(events);
    struct bento_result *r;
    if ((rc = cli_call(app, req, &r)))
        return rc;
    rc = r->counts.failed ? 4 : 0;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddStringToObject(data, "type", o.type);
        cJSON_AddStringToObject(data, "email", email);
        cJSON_AddNumberToObject(data, "accepted", (double)r->counts.results);
        cJSON_AddNumberToObject(data, "failed", (double)r->counts.failed);
        out_json_success(app, data, NULL);
    } else if (rc) {
        fputs("error: Bento refused the event\n", app->err);
    } else {
        fputs("Tracked ", app->out);
        out_cell(app->out, o.type, 0);
        fprintf(app->out, " for %s (Bento processes events within a few minutes)\n", email);
    }
    bento_result_free(r);
    return rc;
}
