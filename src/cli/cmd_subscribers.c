/* subscribers get EMAIL|UUID: one person with fields, tag names and the
 * dashboard link Bento returns. */
#include <string.h>

#include "bento/request.h"
#include "bento/sanitize.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "app/subcache_note.h"
#include "cli/people.h"

static const char *tag_name(const struct bento_tag_list *tags, const char *id)
{
    for (size_t j = 0; tags && j < tags->count; j++)
        if (tags->items[j].id && tags->items[j].name && !strcmp(tags->items[j].id, id))
            return tags->items[j].name;
    return NULL;
}

/* tags: names resolved through the tag list; an id the list does not
 * hold (or a failed lookup) stays in unresolved_tag_ids, never dropped. */
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
    cJSON *unresolved = cJSON_AddArrayToObject(o, "unresolved_tag_ids");
    for (size_t i = 0; i < s->tag_id_count; i++) {
        const char *name = tag_name(tags, s->tag_ids[i]);
        cJSON_AddItemToArray(ids, cJSON_CreateString(s->tag_ids[i]));
        cJSON_AddItemToArray(name ? names : unresolved,
                             cJSON_CreateString(name ? name : s->tag_ids[i]));
    }
    out_json_add_str(o, "navigation_url", s->navigation_url);
    return o;
}

/* Both sides can be server text (a custom field's key is a label). */
static void print_line(FILE *out, const char *label, const char *value)
{
    char shown[128];
    bento_sanitize_line(label, strlen(label), shown, sizeof shown);
    fprintf(out, "%-14s ", shown);
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
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(j, "unresolved_tag_ids")) {
        char text[96];
        snprintf(text, sizeof text, "id %.40s (name unknown)", item->valuestring);
        print_line(out, "Tag", text);
    }
    if (!cJSON_GetArraySize(cJSON_GetObjectItem(j, "fields")))
        print_line(out, "Fields", "none");
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(j, "fields")) {
        char *text = cJSON_IsString(item) ? NULL : cJSON_PrintUnformatted(item);
        fprintf(out, "  ");
        print_line(out, item->string, text ? text : item->valuestring);
        cJSON_free(text);
    }
    const char *link = cJSON_GetStringValue(cJSON_GetObjectItem(j, "navigation_url"));
    if (link && *link)
        print_line(out, "Dashboard", link);
}

int cli_subscribers_get(struct app *app, int argc, char **argv)
{
    char email[256];
    const char *who = email;
    struct bento_error err;
    /* Text with an @ is an address (checked first, costing no call);
     * anything else is looked up as a uuid. */
    if (strchr(argv[0], '@')) {
        int rc = people_check_email(app, argv[0], email, sizeof email);
        if (rc)
            return rc;
    } else if (bento_validate_id(argv[0], email, sizeof email, &err) < 0) {
        return out_fail(app, &err);
    }
    struct bento_result *r, *tags = NULL;
    int rc = cli_call(app, bento_request_subscriber_get(who), &r);
    if (rc)
        return rc;
    if (!r->subscriber.found) {
        char shown[200];
        bento_sanitize_line(who, strlen(who), shown, sizeof shown);
        bento_error_set(&err, BENTO_E_NOT_FOUND, "No subscriber %s in this account", shown);
        bento_result_free(r);
        return out_fail(app, &err);
    }
    /* Tag ids mean nothing to people: resolve them, but a failed lookup
     * should not hide the subscriber. */
    tags = r->subscriber.tag_id_count ? bento_client_call(app->client, bento_request_tags_list())
                                      : NULL;
    const struct bento_tag_list *names = tags && tags->err.kind == BENTO_OK ? &tags->tags : NULL;
    cJSON *j = subscriber_json(&r->subscriber, names);
    app_subcache_note(app, &r->subscriber, names);
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
