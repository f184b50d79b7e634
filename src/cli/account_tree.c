/* Reading the account into the tree `export` writes: the tags and fields
 * CSV, every sequence's and workflow's emails with their bodies (the
 * lists carry no body, so each template is read whole), and the
 * broadcasts of every status. */
#define _GNU_SOURCE /* open_memstream */
#include "cli/account_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/csvout.h"
#include "app/app.h"
#include "app/list_csv.h"
#include "cli/broadcasts.h"
#include "cli/flows.h"
#include "cli/output.h"
#include "cli/templates.h"

static int out_of_memory(struct app *app)
{
    struct bento_error err;
    bento_error_set(&err, BENTO_E_NOMEM, "Out of memory building the tree");
    return out_fail(app, &err);
}

static void csv_row(FILE *f, const char *const *values, int n)
{
    for (int i = 0; i < n; i++)
        bento_csv_str(f, values[i], i == 0);
    bento_csv_end(f);
}

static int by_first(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x ? x : "", y ? y : "");
}

/* rows: n records of cols values, sorted by the first so the file does
 * not change when Bento lists them in another order. */
static int add_csv(struct app_export_tree *t, const char *rel, const char *const *head,
                   const char **rows, size_t n, int cols)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return -1;
    qsort(rows, n, (size_t)cols * sizeof *rows, by_first);
    csv_row(f, head, cols);
    for (size_t i = 0; i < n; i++)
        csv_row(f, rows + i * (size_t)cols, cols);
    int rc = fclose(f) == 0 ? app_export_add(t, rel, buf, len) : -1;
    free(buf);
    return rc;
}

static int add_lists(struct app *app, struct app_export_tree *t)
{
    struct bento_result *tags = NULL, *fields = NULL;
    int rc = cli_call(app, bento_request_tags_list(), &tags);
    if (!rc)
        rc = cli_call(app, bento_request_fields_list(), &fields);
    size_t nt = tags ? tags->tags.count : 0, nf = fields ? fields->fields.count : 0;
    const char **rows = rc ? NULL : calloc((nt + nf) * 4 + 1, sizeof *rows);
    if (!rc && !rows)
        rc = out_of_memory(app);
    for (size_t i = 0; !rc && i < nt; i++)
        app_tag_csv_values(&tags->tags.items[i], rows + i * APP_TAG_CSV_COLS);
    for (size_t i = 0; !rc && i < nf; i++)
        app_field_csv_values(&fields->fields.items[i], rows + (nt + i) * APP_FIELD_CSV_COLS);
    if (!rc && (add_csv(t, "tags.csv", app_tag_csv_head, rows, nt, APP_TAG_CSV_COLS) < 0 ||
                add_csv(t, "fields.csv", app_field_csv_head, rows + nt * APP_TAG_CSV_COLS, nf,
                        APP_FIELD_CSV_COLS) < 0))
        rc = out_of_memory(app);
    free(rows);
    bento_result_free(tags);
    bento_result_free(fields);
    return rc;
}

static int add_flow(struct app *app, struct app_export_tree *t, const char *kind,
                    const struct bento_flow *fl)
{
    char folder[300];
    app_export_flow_folder(folder, sizeof folder, kind, fl->name, fl->id);
    for (size_t i = 0; i < fl->email_count; i++) {
        const struct bento_email_entry *e = &fl->emails[i];
        struct bento_result *r;
        int rc = e->id ? templates_fetch(app, e->id, &r) : 0;
        if (rc || !e->id)
            return rc;
        const struct bento_template *tp = &r->content.tmpl;
        struct app_export_email em = {
            e->id, e->name, tp->subject, tp->html, e->delay_interval, e->delay_count, i + 1};
        rc = app_export_add_email(t, folder, &em) < 0 ? out_of_memory(app) : 0;
        bento_result_free(r);
        if (rc)
            return rc;
    }
    return 0;
}

static int add_flows(struct app *app, struct app_export_tree *t, bool workflows)
{
    struct cli_flows f;
    int rc = cli_flows_fetch(app, workflows, &f);
    for (size_t i = 0; !rc && i < f.count; i++)
        rc = add_flow(app, t, workflows ? "workflows" : "sequences", f.items[i]);
    cli_flows_free(&f);
    return rc;
}

/* A draft names its template only: its subject and body are read whole. */
static int add_broadcast(struct app *app, struct app_export_tree *t, const char *status,
                         const struct bento_broadcast *b)
{
    struct bento_result *r = NULL;
    struct app_export_broadcast eb = {b->id, b->name, status, b->subject, b->html, b->template_id};
    if (!b->html && b->template_id) {
        int rc = templates_fetch(app, b->template_id, &r);
        if (rc)
            return rc;
        eb.subject = r->content.tmpl.subject;
        eb.html = r->content.tmpl.html;
    }
    int rc = app_export_add_broadcast(t, &eb) < 0 ? out_of_memory(app) : 0;
    bento_result_free(r);
    return rc;
}

static int add_broadcasts(struct app *app, struct app_export_tree *t)
{
    static const char *const statuses[] = {"draft",  "scheduled", "sending",
                                           "paused", "sent",      "canceled"};
    for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++) {
        struct broadcast_set set;
        int rc = broadcasts_fetch(app, statuses[s], 0, &set);
        for (size_t i = 0; !rc && i < set.count; i++)
            rc = add_broadcast(app, t, statuses[s], set.items[i]);
        broadcasts_free(&set);
        if (rc)
            return rc;
    }
    return 0;
}

int account_tree_fetch(struct app *app, struct app_export_tree *t)
{
    memset(t, 0, sizeof *t);
    int rc = add_lists(app, t);
    if (!rc)
        rc = add_flows(app, t, false);
    if (!rc)
        rc = add_flows(app, t, true);
    if (!rc)
        rc = add_broadcasts(app, t);
    if (rc)
        app_export_tree_free(t);
    else
        app_export_sort(t);
    return rc;
}
