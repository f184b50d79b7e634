#include <string.h>

#include "bento/request.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/output.h"

static cJSON *subscriber_json(const struct bento_subscriber *s, const struct bento_tag_list *tags)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", s->id);
    out_json_add_str(o, "uuid", s->uuid);
    out_json_add_str(o, "email", s->email);
    cJSON_AddBoolToObject(o, "subscribed", s->unsubscribed_at == NULL);
    out_json_add_str(o, "unsubscribed_at", s->unsubscribed_at);
    cJSON_AddItemToObject(o, "fields",
                          s->fields ? cJSON_Duplicate(s->fields, 1) : cJSON_CreateObject());
    cJSON *names = cJSON_AddArrayToObject(o, "tags");
    cJSON *ids = cJSON_AddArrayToObject(o, "tag_ids");
    for (size_t i = 0; i < s->tag_id_count; i++) {
        cJSON_AddItemToArray(ids, cJSON_CreateString(s->tag_ids[i]));
        for (size_t j = 0; tags && j < tags->count; j++)
            if (tags->items[j].id && tags->items[j].name &&
                !strcmp(tags->items[j].id, s->tag_ids[i]))
                cJSON_AddItemToArray(names, cJSON_CreateString(tags->items[j].name));
    }
    out_json_add_str(o, "navigation_url", s->navigation_url);
    return o;
}

static void print_line(FILE *out, const char *label, const char *value)
{
    fprintf(out, "%-14s ", label);
    out_cell(out, value ? value : "-", 0);
    fputc('\n', out);
}

static void print_subscriber(FILE *out, cJSON *j)
{
    print_line(out, "Email", cJSON_GetStringValue(cJSON_GetObjectItem(j, "email")));
    print_line(out, "UUID", cJSON_GetStringValue(cJSON_GetObjectItem(j, "uuid")));
    const char *unsub = cJSON_GetStringValue(cJSON_GetObjectItem(j, "unsubscribed_at"));
    char status[96];
    snprintf(status, sizeof status, unsub ? "unsubscribed (%.60s)" : "subscribed", unsub);
    print_line(out, "Status", status);
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(j, "tags"))
        print_line(out, "Tag", item->valuestring);
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(j, "fields")) {
        char *text = cJSON_IsString(item) ? NULL : cJSON_PrintUnformatted(item);
        char label[64];
        snprintf(label, sizeof label, "%.50s", item->string);
        fprintf(out, "  ");
        print_line(out, label, text ? text : item->valuestring);
        cJSON_free(text);
    }
    print_line(out, "Dashboard", cJSON_GetStringValue(cJSON_GetObjectItem(j, "navigation_url")));
}

int cli_subscribers_get(struct app *app, int argc, char **argv)
{
    struct bento_result *r, *tags = NULL;
    int rc = cli_call(app, bento_request_subscriber_get(argv[0]), &r);
    if (rc)
        return rc;
    if (!r->subscriber.found) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_NOT_FOUND, "No subscriber %.200s in this account", argv[0]);
        bento_result_free(r);
        return out_fail(app, &err);
    }
    /* Tag ids mean nothing to people: resolve them, but a failed lookup
     * should not hide the subscriber. */
    tags = r->subscriber.tag_id_count ? bento_client_call(app->client, bento_request_tags_list())
                                      : NULL;
    cJSON *j = subscriber_json(&r->subscriber,
                               tags && tags->err.kind == BENTO_OK ? &tags->tags : NULL);
    if (app->json)
        out_json_success(app, j, NULL);
    else {
        print_subscriber(app->out, j);
        cJSON_Delete(j);
    }
    if (tags)
        bento_result_free(tags);
    bento_result_free(r);
    return 0;
}
