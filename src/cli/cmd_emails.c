/* emails send --to ADDR... --from ADDR --subject S (--html-file F | --html S)
 *   [--personalization K=V]... [--transactional] [--dry-run] [--again]
 * emails test (the same without --to: sends to the profile's test address)
 * profile test-address [ADDR] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bento/email.h"
#include "bento/profile.h"
#include "app/app.h"
#include "app/file_text.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/emails.h"
#include "cli/output.h"
#include "cli/subopts.h"

#define HTML_FILE_MAX (16 * 1024 * 1024)

enum {
    OPT_TO = 400,
    OPT_TO_FILE,
    OPT_FROM,
    OPT_SUBJECT,
    OPT_HTML,
    OPT_HTML_FILE,
    OPT_VAR,
    OPT_TRANSACTIONAL,
    OPT_DRY_RUN,
    OPT_AGAIN
};

static const struct option email_options[] = {
    {"to", required_argument, NULL, OPT_TO},
    {"to-file", required_argument, NULL, OPT_TO_FILE},
    {"from", required_argument, NULL, OPT_FROM},
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {"html", required_argument, NULL, OPT_HTML},
    {"html-file", required_argument, NULL, OPT_HTML_FILE},
    {"personalization", required_argument, NULL, OPT_VAR},
    {"transactional", no_argument, NULL, OPT_TRANSACTIONAL},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"again", no_argument, NULL, OPT_AGAIN},
    {NULL, 0, NULL, 0},
};

static const char send_usage[] =
    "Usage: bento-console emails send (--to ADDR... | --to-file FILE) --from ADDR --subject S "
    "(--html-file F | --html S) [--personalization K=V]... [--transactional] [--dry-run] "
    "[--again]";

/* --to takes one address or a list separated by commas. */
static int add_recipients(struct bento_compose *form, const char *text)
{
    struct bento_compose one;
    bento_compose_init(&one);
    int rc = bento_compose_set_to_text(&one, text);
    for (size_t i = 0; rc == 0 && i < one.to_count; i++)
        rc = bento_compose_add_to(form, one.to[i]);
    bento_compose_free(&one);
    return rc;
}

static int set_html(struct app *app, struct email_opts *o, const char *html, bool *given)
{
    if (*given)
        return out_usage(app, "Give the body once: --html TEXT or --html-file FILE");
    *given = true;
    return bento_compose_set_html(&o->form, html) < 0 ? 1 : -1;
}

static int html_file(struct app *app, struct email_opts *o, const char *path, bool *given)
{
    struct bento_error err;
    char *html = app_file_text(path, HTML_FILE_MAX, NULL, &err);
    if (!html)
        return out_fail(app, &err);
    int rc = set_html(app, o, html, given);
    free(html);
    return rc;
}

static int option(struct app *app, int c, struct email_opts *o, bool *html_given)
{
    struct bento_error err;
    switch (c) {
    case OPT_TO:
        if (o->test)
            return out_usage(app, "emails test sends to your test address; use emails send --to");
        return add_recipients(&o->form, optarg) < 0 ? 1 : -1;
    case OPT_TO_FILE:
        if (o->test)
            return out_usage(app, "emails test sends to your test address only");
        return address_list_read_file(&o->file, optarg, &err) < 0 ? out_fail(app, &err) : -1;
    case OPT_FROM: return bento_compose_set_from(&o->form, optarg) < 0 ? 1 : -1;
    case OPT_SUBJECT: return bento_compose_set_subject(&o->form, optarg) < 0 ? 1 : -1;
    case OPT_HTML: return set_html(app, o, optarg, html_given);
    case OPT_HTML_FILE: return html_file(app, o, optarg, html_given);
    case OPT_VAR:
        switch (bento_compose_parse_var(&o->form, optarg)) {
        case 0: return -1;
        case -1: return out_usage(app, "--personalization takes KEY=VALUE, got \"%.100s\"", optarg);
        default: return 1;
        }
    case OPT_TRANSACTIONAL: o->form.transactional = true; return -1;
    case OPT_DRY_RUN: o->dry_run = true; return -1;
    case OPT_AGAIN: o->again = true; return -1;
    default: return out_usage(app, "%s", send_usage);
    }
}

int emails_parse(struct app *app, int argc, char **argv, bool test, struct email_opts *o)
{
    memset(o, 0, sizeof *o);
    bento_compose_init(&o->form);
    o->test = test;
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    bool html_given = false;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":", email_options)) != -1) {
        if (c == ':')
            rc = out_usage(app, "Option %.60s needs a value", s.av[optind - 1]);
        else if (c == '?')
            rc = out_usage(app, "Unknown option %.60s; %s", s.av[optind - 1], send_usage);
        else
            rc = option(app, c, o, &html_given);
    }
    if (rc < 0 && optind < s.ac)
        rc = out_usage(app, "Unexpected argument \"%.100s\"; %s", s.av[optind], send_usage);
    cli_subopts_end(&s);
    return rc;
}

void emails_free(struct email_opts *o)
{
    bento_compose_free(&o->form);
    address_list_free(&o->file);
}

int cli_emails_send(struct app *app, int argc, char **argv)
{
    struct email_opts o;
    int rc = emails_parse(app, argc, argv, false, &o);
    for (size_t i = 0; rc < 0 && i < o.file.count; i++)
        rc = bento_compose_add_to(&o.form, o.file.items[i]) < 0 ? 1 : -1;
    if (rc < 0)
        rc = emails_run(app, &o);
    emails_free(&o);
    return rc;
}

/* ---- the test address ---- */

/* Ask for the test address on the terminal and remember it. */
static int ask_test_address(struct app *app)
{
    char addr[BENTO_KEY_MAX];
    struct bento_error err;
    if (!isatty(STDIN_FILENO))
        return out_usage(app,
                         "No test address in profile %s: set one with "
                         "`bento-console profile test-address ADDR`",
                         app->profile.name);
    if (cli_read_line("Your own address, for test emails: ", addr, sizeof addr) < 0)
        return 1;
    if (bento_profile_set_test_address(app->profile_name, addr, &err) < 0)
        return out_fail(app, &err);
    snprintf(app->profile.email, sizeof app->profile.email, "%s", addr);
    bento_email_normalize(app->profile.email);
    fprintf(app->err, "Remembered %s as the test address of profile %s.\n", app->profile.email,
            app->profile.name);
    return -1;
}

int cli_emails_test(struct app *app, int argc, char **argv)
{
    struct email_opts o;
    int rc = emails_parse(app, argc, argv, true, &o);
    if (rc < 0 && !app->profile.email[0])
        rc = ask_test_address(app);
    if (rc < 0)
        rc = bento_compose_add_to(&o.form, app->profile.email) < 0 ? 1 : -1;
    if (rc < 0)
        rc = emails_run(app, &o);
    emails_free(&o);
    return rc;
}

int cli_profile_test_address(struct app *app, int argc, char **argv)
{
    struct bento_error err;
    struct bento_profile p;
    if (argc == 1 && bento_profile_set_test_address(app->profile_name, argv[0], &err) < 0)
        return out_fail(app, &err);
    if (bento_profile_load(app->profile_name, &p, &err) < 0)
        return out_fail(app, &err);
    bento_profile_wipe(&p);
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddStringToObject(data, "profile", p.name);
        out_json_add_str(data, "testAddress", p.email[0] ? p.email : NULL);
        out_json_success(app, data, NULL);
    } else if (p.email[0]) {
        fprintf(app->out, "Test address of profile %s: ", p.name);
        out_cell(app->out, p.email, 0);
        fputc('\n', app->out);
    } else {
        fprintf(app->out,
                "Profile %s has no test address; set one with "
                "`bento-console profile test-address ADDR`\n",
                p.name);
    }
    return 0;
}
