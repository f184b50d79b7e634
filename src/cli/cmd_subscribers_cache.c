/* `subscribers cached`: the people the console keeps in its local cache
 * (looked up or changed), as a table, JSON, or a CSV that
 * `subscribers import` reads back (email, tags, then every custom field). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/subcache.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/csv_export.h"
#include "cli/output.h"
#include "app/subcache_note.h"

static char *tags_joined(const struct bento_cached_sub *e)
{
    size_t len = 1;
    for (size_t i = 0; i < e->tag_name_count; i++)
        len += strlen(e->tag_names[i]) + 1;
    char *out = calloc(1, len);
    for (size_t i = 0; out && i < e->tag_name_count; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, e->tag_names[i]);
    }
    return out;
}

/* Every field key of every cached person, first seen first. */
static cJSON *field_keys(const struct bento_subcache *c)
{
    cJSON *keys = cJSON_CreateObject();
    for (size_t i = 0; i < c->count; i++) {
        const cJSON *f;
        cJSON_ArrayForEach(f, c->items[i].sub.fields)
            if (!cJSON_GetObjectItemCaseSensitive(keys, f->string))
                cJSON_AddTrueToObject(keys, f->string);
    }
    return keys;
}

static char *field_text(const struct bento_cached_sub *e, const char *key)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(e->sub.fields, key);
    if (!f || cJSON_IsNull(f))
        return NULL;
    return cJSON_IsString(f) ? strdup(f->valuestring) : cJSON_PrintUnformatted(f);
}

static void print_csv(struct app *app, const struct bento_subcache *c)
{
    cJSON *keys = field_keys(c);
    int n = 2 + cJSON_GetArraySize(keys);
    const char **row = calloc((size_t)n, sizeof *row);
    char **owned = calloc((size_t)n, sizeof *owned);
    const cJSON *k;
    int col = 2;
    row[0] = "email";
    row[1] = "tags";
    cJSON_ArrayForEach(k, keys)
        row[col++] = k->string;
    csv_export_row(app, row, n);
    for (size_t i = 0; i < c->count; i++) {
        const struct bento_cached_sub *e = &c->items[i];
        if (!e->found)
            continue; /* nothing Bento confirmed to export */
        row[0] = e->email;
        row[1] = owned[1] = tags_joined(e);
        col = 2;
        cJSON_ArrayForEach(k, keys)
            row[col] = owned[col] = field_text(e, k->string), col++;
        csv_export_row(app, row, n);
        for (int j = 0; j < n; j++) {
            free(owned[j]);
            owned[j] = NULL;
        }
    }
    free(row);
    free(owned);
    cJSON_Delete(keys);
}

static const char *status_of(const struct bento_cached_sub *e)
{
    if (!e->fetched_at)
        return "not looked up";
    if (!e->found)
        return "not found";
    return e->sub.unsubscribed_at ? "unsubscribed" : "subscribed";
}

static void fmt_time(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !gmtime_r(&tt, &tm))
        snprintf(buf, size, "-");
    else
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cJSON *entry_json(const struct bento_cached_sub *e)
{
    char when[40];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "email", e->email);
    out_json_add_str(o, "uuid", e->found ? e->sub.uuid : NULL);
    cJSON_AddStringToObject(o, "status", status_of(e));
    fmt_time(e->fetched_at, when, sizeof when);
    out_json_add_str(o, "fetched_at", e->fetched_at > 0 ? when : NULL);
    cJSON *tags = cJSON_AddArrayToObject(o, "tags");
    for (size_t i = 0; i < e->tag_name_count; i++)
        cJSON_AddItemToArray(tags, cJSON_CreateString(e->tag_names[i]));
    cJSON_AddItemToObject(o, "fields",
                          e->found && e->sub.fields ? cJSON_Duplicate(e->sub.fields, 1)
                                                    : cJSON_CreateObject());
    cJSON *pending = cJSON_AddArrayToObject(o, "pending");
    for (size_t i = 0; i < e->pending_count; i++) {
        char what[400];
        bento_change_describe(&e->pending[i], what, sizeof what);
        cJSON_AddItemToArray(pending, cJSON_CreateString(what));
    }
    return o;
}

static void print_table(struct app *app, const struct bento_subcache *c)
{
    fprintf(app->out, "%-40s %-13s %4s %-20s %s\n", "EMAIL", "STATUS", "TAGS", "FETCHED",
            "PENDING");
    for (size_t i = 0; i < c->count; i++) {
        const struct bento_cached_sub *e = &c->items[i];
        char when[40];
        fmt_time(e->fetched_at, when, sizeof when);
        out_cell(app->out, e->email, 40);
        fprintf(app->out, " %-13s %4zu %-20s %zu\n", status_of(e), e->tag_name_count, when,
                e->pending_count);
    }
}

int cli_subscribers_cached(struct app *app, int argc, char **argv)
{
    const char *none;
    bool csv;
    int rc = csv_export_words(app, argc, argv, 0, &none, &csv);
    if (rc >= 0)
        return rc;
    struct bento_subcache c;
    struct bento_error err;
    char *path = app_subcache_path(app);
    if (!path) {
        bento_error_set(&err, BENTO_E_IO, "Cannot find the home directory for the cache");
        return out_fail(app, &err);
    }
    rc = bento_subcache_load(&c, path, &err);
    free(path);
    if (rc < 0)
        return out_fail(app, &err);
    if (csv) {
        print_csv(app, &c);
    } else if (app->json) {
        cJSON *list = cJSON_CreateArray();
        for (size_t i = 0; i < c.count; i++)
            cJSON_AddItemToArray(list, entry_json(&c.items[i]));
        out_json_success(app, list, NULL);
    } else {
        print_table(app, &c);
    }
    bento_subcache_free(&c);
    return 0;
}
