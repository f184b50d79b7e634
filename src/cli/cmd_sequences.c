/* sequences list
 * sequences add-email SEQUENCE_ID --subject S (--html S | --html-file F)
 *   [--delay "N UNIT"] [--snippet TEXT] [--editor-choice CHOICE]
 * The new email is shown before it is sent, and sent at most once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/content.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/file_text.h"
#include "app/delay.h"
#include "cli/commands.h"
#include "cli/flows.h"
#include "cli/output.h"
#include "cli/subopts.h"

#define HTML_FILE_MAX (16 * 1024 * 1024)

int cli_sequences_list(struct app *app, int argc, char **argv)
{
    (void)argv;
    if (argc > 0)
        return out_usage(app, "Usage: bento-console sequences list");
    struct cli_flows f;
    int rc = cli_flows_fetch(app, false, &f);
    if (rc)
        return rc;
    cli_flows_print(app, &f, false);
    cli_flows_free(&f);
    return 0;
}

enum { OPT_SUBJECT = 500, OPT_HTML, OPT_HTML_FILE, OPT_DELAY, OPT_SNIPPET, OPT_EDITOR };

static const struct option add_options[] = {
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {"html", required_argument, NULL, OPT_HTML},
    {"html-file", required_argument, NULL, OPT_HTML_FILE},
    {"delay", required_argument, NULL, OPT_DELAY},
    {"snippet", required_argument, NULL, OPT_SNIPPET},
    {"editor-choice", required_argument, NULL, OPT_EDITOR},
    {NULL, 0, NULL, 0},
};

static const char add_usage[] =
    "Usage: bento-console sequences add-email SEQUENCE_ID --subject S (--html S | --html-file F) "
    "[--delay \"N UNIT\"] [--snippet TEXT] [--editor-choice plain|fancy|raw]";

struct add_opts {
    const char *sequence, *subject, *html, *html_file, *delay, *snippet, *editor;
};

static int take(struct app *app, const char **slot, const char *value, const char *what)
{
    if (*slot)
        return out_usage(app, "Give %s once; %s", what, add_usage);
    *slot = value;
    return -1;
}

static int add_option(struct app *app, int c, struct add_opts *o)
{
    switch (c) {
    case OPT_SUBJECT: return take(app, &o->subject, optarg, "--subject");
    case OPT_HTML:
        return o->html_file ? out_usage(app, "Give the body once: --html TEXT or --html-file FILE")
                            : take(app, &o->html, optarg, "--html");
    case OPT_HTML_FILE:
        return o->html ? out_usage(app, "Give the body once: --html TEXT or --html-file FILE")
                       : take(app, &o->html_file, optarg, "--html-file");
    case OPT_DELAY: return take(app, &o->delay, optarg, "--delay");
    case OPT_SNIPPET: return take(app, &o->snippet, optarg, "--snippet");
    case OPT_EDITOR: return take(app, &o->editor, optarg, "--editor-choice");
    default: return out_usage(app, "%s", add_usage);
    }
}

static int add_parse(struct app *app, int argc, char **argv, struct add_opts *o)
{
    memset(o, 0, sizeof *o);
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":", add_options)) != -1) {
        if (c == ':')
            rc = out_usage(app, "Option %.60s needs a value", s.av[optind - 1]);
        else if (c == '?')
            rc = out_usage(app, "Unknown option %.60s; %s", s.av[optind - 1], add_usage);
        else
            rc = add_option(app, c, o);
    }
    if (rc < 0 && optind < s.ac)
        o->sequence = s.av[optind++];
    if (rc < 0 && optind < s.ac)
        rc = out_usage(app, "Unexpected argument \"%.100s\"; %s", s.av[optind], add_usage);
    cli_subopts_end(&s);
    if (rc < 0 && (!o->sequence || !o->subject || (!o->html && !o->html_file)))
        rc = out_usage(app, "%s", add_usage);
    return rc;
}

/* The checked values, ready to send. */
struct new_email {
    char sequence[BENTO_VALUE_MAX], subject[BENTO_VALUE_MAX], snippet[BENTO_VALUE_MAX];
    char editor[BENTO_VALUE_MAX];
    char *html; /* owned */
    struct app_delay delay;
    bool has_delay;
};

static int check_editor(const char *text, char *out, size_t size, struct bento_error *err)
{
    if (bento_validate_text("Editor choice", text, out, size, err) < 0)
        return -1;
    if (!strcmp(out, "plain") || !strcmp(out, "fancy") || !strcmp(out, "raw"))
        return 0;
    bento_error_set(err, BENTO_E_VALIDATION,
                    "Editor choice \"%.40s\" is not one Bento knows: give plain, fancy or raw",
                    out);
    return -1;
}

static bool blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return !*s;
}

static int check_body(const struct add_opts *o, struct new_email *e, struct bento_error *err)
{
    e->html = o->html_file ? app_file_text(o->html_file, HTML_FILE_MAX, NULL, err)
                           : strdup(o->html);
    if (!e->html) {
        if (!o->html_file)
            bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the body");
        return -1;
    }
    if (!blank(e->html))
        return 0;
    bento_error_set(err, BENTO_E_VALIDATION,
                    "The body is empty: give the email's HTML with --html or --html-file");
    return -1;
}

/* Every value checked before anything is sent. 0 or -1 with err set. */
static int check(const struct add_opts *o, struct new_email *e, struct bento_error *err)
{
    memset(e, 0, sizeof *e);
    if (bento_validate_text("Sequence id", o->sequence, e->sequence, sizeof e->sequence, err) < 0 ||
        bento_validate_text("Subject", o->subject, e->subject, sizeof e->subject, err) < 0)
        return -1;
    if (o->delay && app_delay_parse(o->delay, &e->delay, err) < 0)
        return -1;
    e->has_delay = o->delay != NULL;
    if (o->snippet &&
        bento_validate_text("Inbox snippet", o->snippet, e->snippet, sizeof e->snippet, err) < 0)
        return -1;
    if (o->editor && check_editor(o->editor, e->editor, sizeof e->editor, err) < 0)
        return -1;
    return check_body(o, e, err);
}

static cJSON *email_template(const struct new_email *e)
{
    cJSON *et = cJSON_CreateObject();
    out_json_add_str(et, "subject", e->subject);
    out_json_add_str(et, "html", e->html);
    if (e->snippet[0])
        out_json_add_str(et, "inbox_snippet", e->snippet);
    if (e->has_delay) {
        out_json_add_str(et, "delay_interval", e->delay.unit);
        cJSON_AddNumberToObject(et, "delay_interval_count", (double)e->delay.count);
    }
    if (e->editor[0])
        out_json_add_str(et, "editor_choice", e->editor);
    return et;
}

/* What will be added, on stderr, before it is sent. */
static void show_new(struct app *app, const struct new_email *e)
{
    if (app->json)
        return;
    fputs("Adding to sequence ", app->err);
    out_cell(app->err, e->sequence, 0);
    fputs(": \"", app->err);
    out_cell(app->err, e->subject, 0);
    if (e->has_delay)
        fprintf(app->err, "\", %ld %s after the previous email", e->delay.count, e->delay.unit);
    else
        fputs("\", with Bento's default delay", app->err);
    fprintf(app->err, ", %zu bytes of HTML\n", strlen(e->html));
}

static void print_added(struct app *app, const struct new_email *e, const struct bento_template *t)
{
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        out_json_add_str(data, "id", t->id);
        out_json_add_str(data, "sequence_id", e->sequence);
        out_json_add_str(data, "subject", t->subject ? t->subject : e->subject);
        out_json_add_str(data, "delay_interval", e->has_delay ? e->delay.unit : NULL);
        if (e->has_delay)
            cJSON_AddNumberToObject(data, "delay_interval_count", (double)e->delay.count);
        else
            cJSON_AddNullToObject(data, "delay_interval_count");
        out_json_success(app, data, NULL);
        return;
    }
    fputs("Added email ", app->out);
    out_cell(app->out, t->id ? t->id : "(Bento gave no id)", 0);
    fputs(" to sequence ", app->out);
    out_cell(app->out, e->sequence, 0);
    fputc('\n', app->out);
}

/* A 404 here means the sequence: say which, and where to find ids. */
static int add_failed(struct app *app, const struct new_email *e, struct bento_result *r)
{
    struct bento_error err = r->err;
    if (err.kind == BENTO_E_NOT_FOUND)
        cli_flows_reword(&err,
                         "Sequence %.100s not found (404): take an id from `bento-console "
                         "sequences list`",
                         e->sequence);
    return out_fail(app, &err);
}

static int send_email(struct app *app, const struct new_email *e)
{
    cJSON *et = email_template(e);
    struct bento_request *req = et ? bento_request_sequence_add_email(e->sequence, et) : NULL;
    cJSON_Delete(et);
    struct bento_result *r;
    int rc = cli_flows_call(app, req, &r);
    if (rc)
        return rc;
    if (r->err.kind == BENTO_OK)
        print_added(app, e, &r->content.tmpl);
    else
        rc = add_failed(app, e, r);
    bento_result_free(r);
    return rc;
}

int cli_sequences_add_email(struct app *app, int argc, char **argv)
{
    struct add_opts o;
    int rc = add_parse(app, argc, argv, &o);
    if (rc >= 0)
        return rc;
    struct new_email e;
    struct bento_error err;
    if (check(&o, &e, &err) < 0)
        rc = out_fail(app, &err);
    else {
        show_new(app, &e);
        rc = send_email(app, &e);
    }
    free(e.html);
    return rc;
}
