/* Paging through GET /fetch/sequences and /fetch/workflows, and the
 * listing both commands print. Bento does not document the page size,
 * and pages can repeat: stop on an empty page, one shorter than the
 * longest seen, or one that brings no new id. */
#include "cli/flows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "app/app.h"
#include "cli/output.h"

#define PAGES_MAX 1000 /* a server that never ends its list */

static bool seen(const struct cli_flows *f, const char *id)
{
    for (size_t i = 0; id && i < f->count; i++)
        if (f->items[i]->id && !strcmp(f->items[i]->id, id))
            return true;
    return false;
}

/* Keep r and its new flows; returns how many were new, or -1. */
static long add_page(struct cli_flows *f, struct bento_result *r)
{
    const struct bento_flow_list *l = &r->content.flows;
    struct bento_result **pages = realloc(f->pages, (f->npages + 1) * sizeof *pages);
    if (!pages)
        return -1;
    f->pages = pages;
    f->pages[f->npages++] = r;
    const struct bento_flow **items = realloc(f->items, (f->count + l->count + 1) * sizeof *items);
    if (!items)
        return -1;
    f->items = items;
    long added = 0;
    for (size_t i = 0; i < l->count; i++) {
        if (!seen(f, l->items[i].id)) {
            f->items[f->count++] = &l->items[i];
            added++;
        }
    }
    return added;
}

int cli_flows_fetch(struct app *app, bool workflows, struct cli_flows *out)
{
    memset(out, 0, sizeof *out);
    size_t longest = 0;
    for (long page = 1; page <= PAGES_MAX; page++) {
        struct bento_result *r;
        int rc = cli_call(app,
                          workflows ? bento_request_workflows_list(page)
                                    : bento_request_sequences_list(page),
                          &r);
        if (rc) {
            cli_flows_free(out);
            return rc;
        }
        size_t n = r->content.flows.count;
        long added = add_page(out, r);
        if (added < 0) {
            cli_flows_free(out);
            struct bento_error err;
            bento_error_set(&err, BENTO_E_NOMEM, "Out of memory reading the list");
            return out_fail(app, &err);
        }
        if (n == 0 || n < longest || added == 0)
            break;
        longest = n > longest ? n : longest;
    }
    return 0;
}

int cli_flows_call(struct app *app, struct bento_request *req, struct bento_result **res)
{
    struct bento_error err;
    *res = NULL;
    if (!req) {
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory building the request");
        return out_fail(app, &err);
    }
    if (app_connect(app, &err) < 0) {
        bento_request_free(req);
        return out_fail(app, &err);
    }
    if (!(*res = bento_client_call(app->client, req))) {
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory waiting for the result");
        return out_fail(app, &err);
    }
    return 0;
}

void cli_flows_reword(struct bento_error *err, const char *fmt, ...)
{
    struct bento_error was = *err;
    char msg[BENTO_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bento_error_set(err, was.kind, "%s", msg);
    err->http_status = was.http_status;
    memcpy(err->detail, was.detail, sizeof err->detail);
}

void cli_flows_free(struct cli_flows *f)
{
    for (size_t i = 0; i < f->npages; i++)
        bento_result_free(f->pages[i]);
    free(f->pages);
    free(f->items);
    memset(f, 0, sizeof *f);
}

void cli_flows_count(char *buf, size_t size, long v)
{
    if (v < 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%ld", v);
}

void cli_flows_rate(char *buf, size_t size, double v)
{
    if (v < 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", v);
}

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

cJSON *cli_flows_email_json(const struct bento_email_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", e->id);
    out_json_add_str(o, "subject", e->subject);
    out_json_add_str(o, "name", e->name);
    out_json_add_str(o, "inbox_snippet", e->inbox_snippet);
    out_json_add_str(o, "delay_interval", e->delay_interval);
    add_count(o, "delay_interval_count", e->delay_count);
    if (!e->has_stats) {
        cJSON_AddNullToObject(o, "stats");
        return o;
    }
    cJSON *s = cJSON_AddObjectToObject(o, "stats");
    add_count(s, "sent", e->stats.sent);
    add_count(s, "opened", e->stats.opened);
    add_count(s, "clicked", e->stats.clicked);
    add_rate(s, "open_rate", e->stats.open_rate);
    add_rate(s, "click_rate", e->stats.click_rate);
    return o;
}

static cJSON *flow_json(const struct bento_flow *f, bool workflows)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", f->id);
    if (!workflows)
        out_json_add_str(o, "prefix_id", f->prefix_id);
    out_json_add_str(o, "name", f->name);
    if (workflows)
        out_json_add_str(o, "status", f->status);
    out_json_add_str(o, "created_at", f->created_at);
    cJSON *emails = cJSON_AddArrayToObject(o, "emails");
    for (size_t i = 0; i < f->email_count; i++)
        cJSON_AddItemToArray(emails, cli_flows_email_json(&f->emails[i]));
    return o;
}

/* "3 days", "1 day", or "-" when Bento gave no delay. */
static void delay_text(char *buf, size_t size, const struct bento_email_entry *e)
{
    const char *u = e->delay_interval;
    if (!u || e->delay_count < 0) {
        snprintf(buf, size, "-");
        return;
    }
    size_t n = strlen(u);
    bool one = e->delay_count == 1 && n > 1 && u[n - 1] == 's';
    snprintf(buf, size, "%ld %.*s", e->delay_count, (int)(one ? n - 1 : n > 20 ? 20 : n), u);
}

static void print_email(FILE *out, size_t pos, const struct bento_email_entry *e)
{
    char delay[40], opened[24], clicked[24], orate[24], crate[24];
    delay_text(delay, sizeof delay, e);
    const struct bento_content_stats *s = &e->stats;
    cli_flows_count(opened, sizeof opened, e->has_stats ? s->opened : -1);
    cli_flows_count(clicked, sizeof clicked, e->has_stats ? s->clicked : -1);
    cli_flows_rate(orate, sizeof orate, e->has_stats ? s->open_rate : -1);
    cli_flows_rate(crate, sizeof crate, e->has_stats ? s->click_rate : -1);
    fprintf(out, "  %3zu  ", pos);
    out_cell(out, e->id ? e->id : "-", 8);
    fputc(' ', out);
    out_cell(out, e->subject ? e->subject : "-", 32);
    fputc(' ', out);
    out_cell(out, delay, 10); /* its unit is the server's text */
    fprintf(out, " %7s %7s %6s %6s\n", opened, clicked, orate, crate);
}

static void print_flow(FILE *out, const struct bento_flow *f, bool workflows)
{
    fputs(workflows ? "Workflow " : "Sequence ", out);
    out_cell(out, f->id ? f->id : "-", 0);
    fputs("  ", out);
    out_cell(out, f->name ? f->name : "(no name)", 0);
    if (workflows) {
        fputs("  [", out);
        out_cell(out, f->status ? f->status : "status unknown", 0);
        fputc(']', out);
    } else if (f->prefix_id) {
        fputs("  (", out);
        out_cell(out, f->prefix_id, 0);
        fputc(')', out);
    }
    fprintf(out, "\n  %3s  %-8s %-32s %-10s %7s %7s %6s %6s\n", "#", "ID", "SUBJECT", "DELAY",
            "OPENED", "CLICKED", "OPEN", "CLICK");
    for (size_t i = 0; i < f->email_count; i++)
        print_email(out, i + 1, &f->emails[i]);
    if (!f->email_count)
        fputs("  (no emails)\n", out);
}

void cli_flows_print(struct app *app, const struct cli_flows *f, bool workflows)
{
    if (app->json) {
        cJSON *data = cJSON_CreateArray();
        for (size_t i = 0; i < f->count; i++)
            cJSON_AddItemToArray(data, flow_json(f->items[i], workflows));
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddNumberToObject(meta, "count", (double)f->count);
        cJSON_AddNumberToObject(meta, "pages", (double)f->npages);
        out_json_success(app, data, meta);
        return;
    }
    for (size_t i = 0; i < f->count; i++) {
        if (i)
            fputc('\n', app->out);
        print_flow(app->out, f->items[i], workflows);
    }
    if (!f->count)
        fprintf(app->out, "No %s.\n", workflows ? "workflows" : "sequences");
}
