/* /fetch/tags and /fetch/fields. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

void h_tags_list(struct sim_req *r, struct sim_reply *out)
{
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < r->st->ntags; i++)
        cJSON_AddItemToArray(data, store_tag_json(r->st, &r->st->tags[i]));
    reply_json(out, 200, json_data(data));
}

/* Trimmed copy of a wrapper's string member, or NULL when blank. */
static char *wrapped_string(const cJSON *body, const char *wrapper, const char *key)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(body, wrapper);
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, key));
    if (!v)
        return NULL;
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    return n ? strndup(v, n) : NULL;
}

void h_tags_create(struct sim_req *r, struct sim_reply *out)
{
    char *name = wrapped_string(r->body, "tag", "name");
    if (!name) {
        reply_field_error(out, 400, "name", "can't be blank");
        return;
    }
    cJSON_AddStringToObject(r->journal_extra, "name", name); /* as received */
    struct sim_tag *t = store_tag_find(r->st, name);
    int status = t ? 200 : 201;
    if (!t)
        t = store_tag_add(r->st, name, sim_now_ms());
    /* Creating a tag that was discarded brings it back (find_or_create
     * plus undiscard is the most plausible reading of the docs). */
    t->discarded_ms = 0;
    free(name);
    reply_json(out, status, json_data(store_tag_json(r->st, t)));
}

/* DELETE /fetch/tags/:id, or DELETE /fetch/tags with a name (docs
 * variant). Deleting discards: the tag stays listed with discarded_at set.
 * Deleting an already discarded tag keeps it discarded. */
void h_tags_delete(struct sim_req *r, struct sim_reply *out)
{
    struct sim_tag *t = NULL;
    if (r->id) {
        char *end;
        long id = strtol(r->id, &end, 10);
        if (*r->id && !*end)
            t = store_tag_by_id(r->st, id);
    } else {
        char *name = wrapped_string(r->body, "tag", "name");
        const char *q = sim_param(r, "name");
        if (!name && q && *q)
            name = strdup(q);
        if (!name) {
            reply_field_error(out, 400, "name", "can't be blank");
            return;
        }
        t = store_tag_find(r->st, name);
        free(name);
    }
    if (!t) {
        reply_error(out, 404, "Tag not found");
        return;
    }
    if (!t->discarded_ms)
        t->discarded_ms = sim_now_ms();
    char msg[512];
    snprintf(msg, sizeof msg, "Tag (%.400s) deleted successfully", t->name);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "message", msg);
    reply_json(out, 200, j);
}

void h_fields_list(struct sim_req *r, struct sim_reply *out)
{
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < r->st->nfields; i++)
        cJSON_AddItemToArray(data, store_field_json(&r->st->fields[i]));
    reply_json(out, 200, json_data(data));
}

void h_fields_create(struct sim_req *r, struct sim_reply *out)
{
    char *key = wrapped_string(r->body, "field", "key");
    if (!key) {
        reply_field_error(out, 400, "key", "can't be blank");
        return;
    }
    struct sim_field *f = store_field_find(r->st, key);
    int status = f ? 200 : 201;
    if (!f)
        f = store_field_add(r->st, key, sim_now_ms());
    free(key);
    reply_json(out, status, json_data(store_field_json(f)));
}
