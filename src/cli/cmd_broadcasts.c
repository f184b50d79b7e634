/* broadcasts list [--status STATUS] [--page N | --all]
 * broadcasts get ID
 * A table or the --json envelope; `get` looks through the lists of
 * every status, since Bento has no endpoint for one broadcast. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/content.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/broadcasts.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"

#define DASHBOARD "https://app.bentonow.com/account/emails/broadcasts/"

static const char list_usage[] =
    "Usage: bento-console broadcasts list [--status STATUS] [--page N | --all]";

static void add_count(cJSON *o, const char *key, long v)
{
    if (v >= 0)
        cJSON_AddNumberToObject(o, key, (double)v);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_rate(cJSON *o, const char *key, double v)
{
    if (v >= 0)
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *broadcast_json(const struct bento_broadcast *b, const char *status, bool whole)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", b->id);
    out_json_add_str(o, "name", b->name);
    out_json_add_str(o, "subject", b->subject);
    out_json_add_str(o, "status", status);
    out_json_add_str(o, "created_at", b->created_at);
    out_json_add_str(o, "send_at", b->send_at);
    out_json_add_str(o, "sent_at", b->sent_at);
    add_count(o, "recipients", b->stats.sent);
    add_count(o, "opens", b->stats.opened);
    add_count(o, "clicks", b->stats.clicked);
    add_rate(o, "open_rate", b->stats.open_rate);
    add_rate(o, "click_rate", b->stats.click_rate);
    out_json_add_str(o, "template_id", b->template_id);
    out_json_add_str(o, "share_url", b->share_url);
    if (whole)
        out_json_add_str(o, "html", b->html);
    return o;
}

/* The day of an ISO 8601 time, or "-". */
static void day_cell(FILE *out, const char *when)
{
    char day[11] = "-";
    if (when && *when)
        snprintf(day, sizeof day, "%.10s", when);
    out_cell(out, day, 10);
    fputc(' ', out);
}

static void number_cells(FILE *out, const struct bento_content_stats *s)
{
    if (s->sent >= 0)
        fprintf(out, "%10ld ", s->sent);
    else
        fprintf(out, "%10s ", "-");
    if (s->open_rate >= 0)
        fprintf(out, "%6.1f%% ", s->open_rate);
    else
        fprintf(out, "%7s ", "-");
    if (s->click_rate >= 0)
        fprintf(out, "%6.1f%%\n", s->click_rate);
    else
        fprintf(out, "%7s\n", "-");
}

static void print_table(struct app *app, const struct broadcast_set *s, const char *status)
{
    FILE *out = app->out;
    fprintf(out, "%-8s %-28s %-28s %-9s %-10s %-10s %-10s %10s %7s %7s\n", "ID", "NAME", "SUBJECT",
            "STATUS", "CREATED", "SEND AT", "SENT AT", "RECIPIENTS", "OPENS", "CLICKS");
    for (size_t i = 0; i < s->count; i++) {
        const struct bento_broadcast *b = s->items[i];
        out_cell(out, b->id, 8);
        fputc(' ', out);
        out_cell(out, b->name, 28);
        fputc(' ', out);
        out_cell(out, b->subject ? b->subject : "-", 28);
        fputc(' ', out);
        out_cell(out, status, 9);
        fputc(' ', out);
        day_cell(out, b->created_at);
        day_cell(out, b->send_at);
        day_cell(out, b->sent_at);
        number_cells(out, &b->stats);
    }
    fprintf(out, "%zu %s broadcast%s\n", s->count, status, s->count == 1 ? "" : "s");
}

static void print_list(struct app *app, const struct broadcast_set *s, const char *status,
                       long page)
{
    if (!app->json) {
        print_table(app, s, status);
        return;
    }
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < s->count; i++)
        cJSON_AddItemToArray(data, broadcast_json(s->items[i], status, false));
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddStringToObject(meta, "status", status);
    if (page > 0)
        cJSON_AddNumberToObject(meta, "page", (double)page);
    else
        cJSON_AddNullToObject(meta, "page");
    cJSON_AddNumberToObject(meta, "pages", (double)s->npages);
    cJSON_AddNumberToObject(meta, "count", (double)s->count);
    out_json_success(app, data, meta);
}

enum { OPT_STATUS = 500, OPT_PAGE, OPT_ALL };

static const struct option list_options[] = {
    {"status", required_argument, NULL, OPT_STATUS},
    {"page", required_argument, NULL, OPT_PAGE},
    {"all", no_argument, NULL, OPT_ALL},
    {NULL, 0, NULL, 0},
};

static int list_option(struct app *app, int c, const char **status, long *page, bool *all)
{
    char *end;
    switch (c) {
    case OPT_STATUS:
        if (!(*status = broadcasts_status(optarg)))
            return out_usage(app, "Unknown broadcast status \"%.40s\": use one of %s", optarg,
                             broadcasts_statuses);
        return -1;
    case OPT_PAGE:
        *page = strtol(optarg, &end, 10);
        if (*end || end == optarg || *page < 1 || *page > 1000000)
            return out_usage(app, "--page takes a page number from 1, got \"%.40s\"", optarg);
        return -1;
    case OPT_ALL: *all = true; return -1;
    default: return out_usage(app, "%s", list_usage);
    }
}

int cli_broadcasts_list(struct app *app, int argc, char **argv)
{
    const char *status = "sent";
    long page = 0;
    bool all = false;
    struct subopts so;
    if (cli_subopts_begin(&so, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&so, "", list_options)) != -1)
        rc = list_option(app, c, &status, &page, &all);
    if (rc < 0 && so.av[optind])
        rc = out_usage(app, "%s", list_usage);
    cli_subopts_end(&so);
    if (rc >= 0)
        return rc;
    if (all && page)
        return out_usage(app, "Give --page N or --all, not both");
    struct broadcast_set s;
    if (!(rc = broadcasts_fetch(app, status, all ? 0 : page ? page : 1, &s)))
        print_list(app, &s, status, all ? 0 : page ? page : 1);
    broadcasts_free(&s);
    return rc;
}

static void print_line(FILE *out, const char *label, const char *value)
{
    fprintf(out, "%-12s ", label);
    out_cell(out, value && *value ? value : "-", 0);
    fputc('\n', out);
}

static void print_one(struct app *app, const struct bento_broadcast *b, const char *status)
{
    if (app->json) {
        out_json_success(app, broadcast_json(b, status, true), NULL);
        return;
    }
    FILE *out = app->out;
    print_line(out, "Name:", b->name);
    print_line(out, "Id:", b->id);
    print_line(out, "Status:", status);
    print_line(out, "Subject:", b->subject);
    print_line(out, "Created:", b->created_at);
    print_line(out, "Send at:", b->send_at);
    print_line(out, "Sent at:", b->sent_at);
    fputs("Stats:       ", out);
    number_cells(out, &b->stats);
    print_line(out, "Share URL:", b->share_url);
    fprintf(out, "%-12s " DASHBOARD "%s/edit\n", "Dashboard:", b->id);
    if (b->html)
        fprintf(out, "Body:        %zu bytes of HTML (--json shows it)\n", strlen(b->html));
}

int cli_broadcasts_get(struct app *app, int argc, char **argv)
{
    static const char *const order[] = {"sent",    "draft",  "scheduled",
                                        "sending", "paused", "canceled"};
    char id[BENTO_VALUE_MAX];
    struct bento_error err;
    if (argc != 1)
        return out_usage(app, "Usage: bento-console broadcasts get ID");
    if (bento_validate_text("Broadcast id", argv[0], id, sizeof id, &err) < 0)
        return out_fail(app, &err);
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        struct broadcast_set s;
        int rc = broadcasts_fetch(app, order[k], 0, &s);
        for (size_t i = 0; !rc && i < s.count; i++) {
            if (s.items[i]->id && !strcmp(s.items[i]->id, id)) {
                print_one(app, s.items[i], order[k]);
                broadcasts_free(&s);
                return 0;
            }
        }
        broadcasts_free(&s);
        if (rc)
            return rc;
    }
    bento_error_set(&err, BENTO_E_NOT_FOUND,
                    "No broadcast with id %s in this account (every status looked through); "
                    "run broadcasts list --all --status STATUS to see the ids",
                    id);
    return out_fail(app, &err);
}
