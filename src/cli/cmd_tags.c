#define _GNU_SOURCE /* strcasestr */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/request.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/list_csv.h"
#include "app/tag_cache.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/csv_export.h"
#include "cli/json_stream.h"
#include "cli/output.h"

static cJSON *tag_json(const struct bento_tag *t)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", t->id);
    out_json_add_str(o, "name", t->name);
    out_json_add_str(o, "created_at", t->created_at);
    out_json_add_str(o, "discarded_at", t->discarded_at);
    return o;
}

static void stream_tag(struct json_stream *js, const struct bento_tag *t)
{
    json_stream_begin_object(js);
    json_stream_key(js, "id");
    json_stream_string(js, t->id);
    json_stream_key(js, "name");
    json_stream_string(js, t->name);
    json_stream_key(js, "created_at");
    json_stream_string(js, t->created_at);
    json_stream_key(js, "discarded_at");
    json_stream_string(js, t->discarded_at);
    json_stream_end_object(js);
}

static int tag_matches(const struct bento_tag *t, const char *filter)
{
    return !filter || (t->name && strcasestr(t->name, filter));
}

static void print_tags_table(struct app *app, const struct bento_tag_list *l, const char *filter)
{
    FILE *out = app->out;
    size_t shown = 0;
    fprintf(out, "%-40s %-10s %-10s %s\n", "NAME", "ID", "CREATED", "STATUS");
    for (size_t i = 0; i < l->count; i++) {
        const struct bento_tag *t = &l->items[i];
        if (!tag_matches(t, filter))
            continue;
        char day[11] = "";
        if (t->created_at)
            snprintf(day, sizeof day, "%.10s", t->created_at);
        out_cell(out, t->name, 40);
        fputc(' ', out);
        out_cell(out, t->id, 10);
        fputc(' ', out);
        out_cell(out, day, 10);
        fprintf(out, " %s\n", t->discarded_at ? "discarded" : "active");
        shown++;
    }
    fprintf(out, "%zu tag%s\n", shown, shown == 1 ? "" : "s");
}

/* Streamed row by row: the same bytes as tag_json() + out_json_success
 * would print, without building the tree (a large account has 100,000). */
static void print_tags_json(struct app *app, const struct bento_tag_list *l, const char *filter)
{
    struct json_stream js;
    size_t shown = 0;
    json_stream_envelope_begin(&js, app->out);
    for (size_t i = 0; i < l->count; i++) {
        if (tag_matches(&l->items[i], filter)) {
            stream_tag(&js, &l->items[i]);
            shown++;
        }
    }
    json_stream_envelope_meta(&js);
    json_stream_key(&js, "count");
    json_stream_size(&js, shown);
    json_stream_key(&js, "total");
    json_stream_size(&js, l->count);
    json_stream_finish(&js);
}

static void print_tags_csv(struct app *app, const struct bento_tag_list *l, const char *filter)
{
    csv_export_row(app, app_tag_csv_head, APP_TAG_CSV_COLS);
    for (size_t i = 0; i < l->count; i++) {
        const char *row[APP_TAG_CSV_COLS];
        app_tag_csv_values(&l->items[i], row);
        if (app_tag_csv_matches(&l->items[i], filter))
            csv_export_row(app, row, APP_TAG_CSV_COLS);
    }
}

int cli_tags_list(struct app *app, int argc, char **argv)
{
    const char *filter;
    bool csv;
    struct bento_result *r;
    int rc = csv_export_words(app, argc, argv, 1, &filter, &csv);
    if (rc >= 0)
        return rc;
    if ((rc = cli_call(app, bento_request_tags_list(), &r)))
        return rc;
    app_tag_cache_save(app->profile.name, &r->tags); /* for shell completion */
    if (csv) {
        print_tags_csv(app, &r->tags, filter);
    } else if (app->json) {
        print_tags_json(app, &r->tags, filter);
    } else {
        print_tags_table(app, &r->tags, filter);
    }
    bento_result_free(r);
    return 0;
}

/* Bento answers a create of an existing name as it answers a new one,
 * so the list read just before tells them apart. */
static void print_created(struct app *app, const struct bento_tag *t, const char *name,
                          const struct bento_tag *had)
{
    if (app->json) {
        cJSON *o = t ? tag_json(t) : cJSON_CreateObject();
        cJSON_AddBoolToObject(o, "created", !had);
        out_json_success(app, o, NULL);
        return;
    }
    fputs(had ? "Tag " : "Created tag ", app->out);
    out_cell(app->out, t && t->name ? t->name : name, 0);
    if (t && t->id) {
        fputs(" (id ", app->out);
        out_cell(app->out, t->id, 0);
        fputc(')', app->out);
    }
    if (had && had->discarded_at)
        fputs(t && !t->discarded_at ? " already existed, discarded: it is active again"
                                    : " already exists, discarded: nothing was created",
              app->out);
    else if (had)
        fputs(" already exists: nothing was created", app->out);
    fputc('\n', app->out);
}

static const struct bento_tag *find_exact(const struct bento_tag_list *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].name && !strcmp(l->items[i].name, name))
            return &l->items[i];
    return NULL;
}

int cli_tags_create(struct app *app, int argc, char **argv)
{
    if (argc < 1)
        return out_usage(app, "Usage: bento-console tags create NAME");
    char name[BENTO_VALUE_MAX];
    struct bento_error err;
    if (bento_validate_tag_name(argv[0], name, sizeof name, &err) < 0)
        return out_fail(app, &err);
    struct bento_result *list, *r;
    int rc = cli_call(app, bento_request_tags_list(), &list);
    if (rc)
        return rc;
    if ((rc = cli_call(app, bento_request_tags_create(name), &r))) {
        bento_result_free(list);
        return rc;
    }
    print_created(app, r->tags.count ? &r->tags.items[0] : NULL, name,
                  find_exact(&list->tags, name));
    bento_result_free(r);
    bento_result_free(list);
    return 0;
}

/* Find the active tag called name (exact, then case-insensitive). */
static const struct bento_tag *find_tag(const struct bento_tag_list *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].name && !strcmp(l->items[i].name, name) && l->items[i].id)
            return &l->items[i];
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].name && !strcasecmp(l->items[i].name, name) && l->items[i].id)
            return &l->items[i];
    return NULL;
}

static int delete_found(struct app *app, const struct bento_tag *t)
{
    char question[300];
    snprintf(question, sizeof question, "Delete tag \"%.200s\" (id %.40s)?", t->name, t->id);
    int ok = cli_confirm(app, question);
    if (ok < 0)
        return 2;
    if (ok == 0) {
        fputs("Cancelled; nothing was deleted.\n", app->err);
        return 1;
    }
    struct bento_result *r;
    int rc = cli_call(app, bento_request_tags_delete(t->id, t->name), &r);
    if (rc)
        return rc;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        out_json_add_str(data, "id", t->id);
        out_json_add_str(data, "name", t->name);
        cJSON_AddBoolToObject(data, "deleted", 1);
        out_json_success(app, data, NULL);
    } else {
        fputs("Deleted tag ", app->out);
        out_cell(app->out, t->name, 0);
        fputc('\n', app->out);
    }
    bento_result_free(r);
    return 0;
}

int cli_tags_delete(struct app *app, int argc, char **argv)
{
    if (argc < 1)
        return out_usage(app, "Usage: bento-console tags delete NAME");
    char name[BENTO_VALUE_MAX];
    struct bento_error bad;
    if (bento_validate_tag_name(argv[0], name, sizeof name, &bad) < 0)
        return out_fail(app, &bad);
    argv[0] = name;
    struct bento_result *list;
    int rc = cli_call(app, bento_request_tags_list(), &list);
    if (rc)
        return rc;
    const struct bento_tag *t = find_tag(&list->tags, argv[0]);
    if (!t) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_NOT_FOUND, "No tag named \"%.200s\" in this account",
                        argv[0]);
        rc = out_fail(app, &err);
    } else if (t->discarded_at) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_VALIDATION, "Tag \"%.200s\" is already deleted", t->name);
        rc = out_fail(app, &err);
    } else {
        rc = delete_found(app, t);
    }
    bento_result_free(list);
    return rc;
}
