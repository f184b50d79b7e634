/* workflows list
 * workflows stats ID [--days N | --from DATE --to DATE]
 * No source shows the statistics' shape (bento-api.md A.1): every key
 * of the answer is printed, whatever it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/content.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/flows.h"
#include "cli/output.h"
#include "cli/subopts.h"

#define DAYS_MAX 3650
#define PRINT_DEPTH 8 /* deeper values are summarised */

int cli_workflows_list(struct app *app, int argc, char **argv)
{
    (void)argv;
    if (argc > 0)
        return out_usage(app, "Usage: bento-console workflows list");
    struct cli_flows f;
    int rc = cli_flows_fetch(app, true, &f);
    if (rc)
        return rc;
    cli_flows_print(app, &f, true);
    cli_flows_free(&f);
    return 0;
}

enum { OPT_DAYS = 600, OPT_FROM, OPT_TO };

static const struct option stats_options[] = {
    {"days", required_argument, NULL, OPT_DAYS},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {NULL, 0, NULL, 0},
};

static const char stats_usage[] =
    "Usage: bento-console workflows stats ID [--days N | --from YYYY-MM-DD --to YYYY-MM-DD]";

struct stats_opts {
    const char *id, *days, *from, *to;
};

static int stats_option(struct app *app, int c, struct stats_opts *o)
{
    const char **slot = c == OPT_DAYS ? &o->days : c == OPT_FROM ? &o->from : &o->to;
    if (c != OPT_DAYS && c != OPT_FROM && c != OPT_TO)
        return out_usage(app, "%s", stats_usage);
    if (*slot)
        return out_usage(app, "Give each option once; %s", stats_usage);
    *slot = optarg;
    return -1;
}

static int stats_parse(struct app *app, int argc, char **argv, struct stats_opts *o)
{
    memset(o, 0, sizeof *o);
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":", stats_options)) != -1) {
        if (c == ':')
            rc = out_usage(app, "Option %.60s needs a value", s.av[optind - 1]);
        else if (c == '?')
            rc = out_usage(app, "Unknown option %.60s; %s", s.av[optind - 1], stats_usage);
        else
            rc = stats_option(app, c, o);
    }
    if (rc < 0 && optind < s.ac)
        o->id = s.av[optind++];
    if (rc < 0 && optind < s.ac)
        rc = out_usage(app, "Unexpected argument \"%.100s\"; %s", s.av[optind], stats_usage);
    cli_subopts_end(&s);
    if (rc < 0 && !o->id)
        rc = out_usage(app, "%s", stats_usage);
    if (rc < 0 && (!o->from != !o->to))
        rc = out_usage(app, "Give --from and --to together, or neither (default: the last 30 "
                            "days)");
    if (rc < 0 && o->days && o->from)
        rc = out_usage(app, "Give --days or --from and --to, not both");
    return rc;
}

/* The period checked before sending. */
struct period {
    char id[BENTO_VALUE_MAX], from[BENTO_VALUE_MAX], to[BENTO_VALUE_MAX];
    long days; /* 0: not given */
};

static int check_day(const char *text, char *out, size_t size, struct bento_error *err)
{
    if (bento_validate_date(text, out, size, err) < 0)
        return -1;
    if (strlen(out) == 10)
        return 0;
    bento_error_set(err, BENTO_E_VALIDATION,
                    "Date \"%.40s\" is not a day: write it like 2026-03-01", out);
    return -1;
}

static int check_period(const struct stats_opts *o, struct period *p, struct bento_error *err)
{
    memset(p, 0, sizeof *p);
    if (bento_validate_text("Workflow id", o->id, p->id, sizeof p->id, err) < 0)
        return -1;
    if (o->from && (check_day(o->from, p->from, sizeof p->from, err) < 0 ||
                    check_day(o->to, p->to, sizeof p->to, err) < 0))
        return -1;
    if (!o->days)
        return 0;
    char days[BENTO_VALUE_MAX], *end;
    if (bento_validate_text("Days", o->days, days, sizeof days, err) < 0)
        return -1;
    p->days = strtol(days, &end, 10);
    if (*days >= '0' && *days <= '9' && !*end && p->days >= 1 && p->days <= DAYS_MAX)
        return 0;
    bento_error_set(err, BENTO_E_VALIDATION, "--days \"%.20s\" is not a count of days from 1 to %d",
                    days, DAYS_MAX);
    return -1;
}

/* The statistics record as Bento sent it: "data" when there is one,
 * else the whole answer; from the decoded fields when the body kept in
 * the exchange was cut short. */
static cJSON *stats_record(const struct bento_result *r)
{
    const struct bento_exchange *x = r->exchange_count ? &r->exchanges[r->exchange_count - 1]
                                                       : NULL;
    cJSON *root = x && x->response_body ? cJSON_Parse(x->response_body) : NULL;
    cJSON *data = cJSON_DetachItemFromObjectCaseSensitive(root, "data");
    if (data && !cJSON_IsNull(data)) {
        cJSON_Delete(root);
        return data;
    }
    cJSON_Delete(data);
    if (cJSON_IsObject(root))
        return root;
    cJSON_Delete(root);
    const struct bento_workflow_stats *w = &r->content.wstats;
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "start_date", w->start_date);
    out_json_add_str(o, "end_date", w->end_date);
    if (w->days >= 0)
        cJSON_AddNumberToObject(o, "days", (double)w->days);
    cJSON *emails = cJSON_AddArrayToObject(o, "email_templates");
    for (size_t i = 0; i < w->email_count; i++)
        cJSON_AddItemToArray(emails, cli_flows_email_json(&w->emails[i]));
    return o;
}

static void print_value(FILE *out, const cJSON *v, int depth);

static void indent(FILE *out, int depth)
{
    fprintf(out, "%*s", depth * 2, "");
}

static void print_scalar(FILE *out, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        out_cell(out, v->valuestring, 0);
        return;
    }
    char *text = cJSON_IsArray(v) || cJSON_IsObject(v) ? NULL : cJSON_PrintUnformatted(v);
    fputs(text ? text : cJSON_IsArray(v) ? "[...]" : "{...}", out);
    free(text);
}

/* An object's members as "key: value", nested ones indented below; the
 * first on the current line when it follows a list's "- ". */
static void print_members(FILE *out, const cJSON *o, int depth, bool inline_first)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, o) {
        if (m != o->child || !inline_first)
            indent(out, depth);
        out_cell(out, m->string ? m->string : "?", 0);
        fputc(':', out);
        print_value(out, m, depth + 1);
    }
}

/* After "key:" (or "-"): a scalar on the same line, else the members
 * or items on the lines below. */
static void print_value(FILE *out, const cJSON *v, int depth)
{
    bool nested = (cJSON_IsObject(v) || cJSON_IsArray(v)) && v->child && depth < PRINT_DEPTH;
    if (!nested) {
        fputc(' ', out);
        print_scalar(out, v);
        fputc('\n', out);
        return;
    }
    if (cJSON_IsObject(v)) {
        fputc('\n', out);
        print_members(out, v, depth, false);
        return;
    }
    fputc('\n', out);
    const cJSON *it;
    cJSON_ArrayForEach(it, v) {
        indent(out, depth);
        if (cJSON_IsObject(it) && it->child && depth < PRINT_DEPTH) {
            fputs("- ", out);
            print_members(out, it, depth + 1, true);
        } else {
            fputc('-', out);
            print_value(out, it, depth + 1);
        }
    }
}

static void print_stats(struct app *app, const struct period *p, cJSON *rec)
{
    if (app->json) {
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddStringToObject(meta, "workflow_id", p->id);
        out_json_success(app, rec, meta);
        return;
    }
    fputs("Statistics of workflow ", app->out);
    out_cell(app->out, p->id, 0);
    fputc('\n', app->out);
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(rec, "attributes");
    if (cJSON_IsObject(attrs)) /* id and type repeat what was asked */
        print_members(app->out, attrs, 1, false);
    else if (cJSON_IsObject(rec))
        print_members(app->out, rec, 1, false);
    else
        print_value(app->out, rec, 1);
    cJSON_Delete(rec);
}

/* 404 and 422 name the workflow and the period, not an API path. */
static int stats_failed(struct app *app, const struct period *p, const struct bento_error *e)
{
    struct bento_error err = *e;
    if (err.kind == BENTO_E_NOT_FOUND)
        cli_flows_reword(&err,
                         "Workflow %.100s not found (404): take an id from `bento-console "
                         "workflows list`",
                         p->id);
    else if (err.http_status == 422)
        cli_flows_reword(&err,
                         "Bento refused the period of workflow %.100s (422): give --from on or "
                         "before --to, or --days N",
                         p->id);
    return out_fail(app, &err);
}

int cli_workflows_stats(struct app *app, int argc, char **argv)
{
    struct stats_opts o;
    int rc = stats_parse(app, argc, argv, &o);
    if (rc >= 0)
        return rc;
    struct period p;
    struct bento_error err;
    if (check_period(&o, &p, &err) < 0)
        return out_fail(app, &err);
    struct bento_request *req = bento_request_workflow_stats(
        p.id, p.days, p.from[0] ? p.from : NULL, p.to[0] ? p.to : NULL);
    struct bento_result *r;
    if ((rc = cli_flows_call(app, req, &r)))
        return rc;
    rc = r->err.kind == BENTO_OK ? 0 : stats_failed(app, &p, &r->err);
    if (!rc)
        print_stats(app, &p, stats_record(r));
    bento_result_free(r);
    return rc;
}
