/* /fetch/subscribers, /batch/subscribers and /fetch/search. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define MAX_BATCH 1000
#define SEARCH_PAGE 100

void h_subscriber_get(struct sim_req *r, struct sim_reply *out)
{
    const char *email = sim_param(r, "email");
    const char *uuid = sim_param(r, "uuid");
    if ((!email || !*email) && (!uuid || !*uuid)) {
        reply_param_missing(out, "email");
        return;
    }
    struct sim_sub *s = email && *email ? store_sub_find(r->st, email)
                                        : store_sub_by_uuid(r->st, uuid);
    /* Not found is a 200 with null data, which every SDK expects. */
    reply_json(out, 200, json_data(s ? store_sub_json(s) : cJSON_CreateNull()));
}

static void for_each_csv(struct sim_store *st, struct sim_sub *s, const char *list, bool add)
{
    char *copy = strdup(list ? list : "");
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*t))
            t++;
        size_t n = strlen(t);
        while (n && isspace((unsigned char)t[n - 1]))
            t[--n] = '\0';
        if (!n)
            continue;
        if (add)
            store_sub_tag_by_name(st, s, t);
        else
            store_sub_untag_by_name(st, s, t);
    }
    free(copy);
}

static bool record_valid(const cJSON *rec)
{
    if (!cJSON_IsObject(rec))
        return false;
    if (!sim_email_valid(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "email"))))
        return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, rec) {
        /* Only flat values: a nested object or an array fails the record,
         * and so does a tag list that is not a comma-separated string. */
        if (cJSON_IsObject(it) || cJSON_IsArray(it))
            return false;
        bool taglist = strcmp(it->string, "tags") == 0 || strcmp(it->string, "remove_tags") == 0;
        if (taglist && !cJSON_IsString(it) && !cJSON_IsNull(it))
            return false;
    }
    return true;
}

bool sim_import_record(struct sim_store *st, const cJSON *rec, int64_t now, bool *created)
{
    if (!record_valid(rec))
        return false;
    struct sim_sub *s = store_sub_upsert(
        st, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "email")), created);
    const cJSON *it;
    cJSON_ArrayForEach(it, rec) {
        const char *k = it->string;
        if (strcmp(k, "email") == 0 || strcmp(k, "site_uuid") == 0)
            continue;
        if (strcmp(k, "tags") == 0)
            for_each_csv(st, s, cJSON_GetStringValue(it), true);
        else if (strcmp(k, "remove_tags") == 0)
            for_each_csv(st, s, cJSON_GetStringValue(it), false);
        else if (strcmp(k, "command") == 0 && cJSON_IsString(it)) {
            /* legacy per-record subscribe/unsubscribe (old docs) */
            if (strcmp(it->valuestring, "unsubscribe") == 0 && !s->unsubscribed_ms)
                s->unsubscribed_ms = now;
            else if (strcmp(it->valuestring, "subscribe") == 0)
                s->unsubscribed_ms = 0;
        } else
            store_sub_set_field(st, s, k, it);
    }
    s->updated_ms = now;
    return true;
}

void h_subscriber_create(struct sim_req *r, struct sim_reply *out)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(r->body, "subscriber");
    if (!cJSON_IsObject(w)) {
        reply_param_missing(out, "subscriber");
        return;
    }
    if (!sim_email_valid(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "email")))) {
        reply_field_error(out, 400, "email", "is invalid");
        return;
    }
    bool created = false;
    if (!sim_import_record(r->st, w, sim_now_ms(), &created)) {
        reply_error(out, 400, "Subscriber fields must be flat values");
        return;
    }
    struct sim_sub *s = store_sub_find(
        r->st, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "email")));
    reply_json(out, created ? 201 : 200, json_data(store_sub_json(s)));
}

const cJSON *sim_batch_array(struct sim_req *r, struct sim_reply *out, const char *key, int max)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->body, key);
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        reply_param_missing(out, key);
        return NULL;
    }
    if (cJSON_GetArraySize(arr) > max) {
        char msg[128];
        snprintf(msg, sizeof msg, "Too many %s: send at most %d per request", key, max);
        reply_error(out, 400, msg);
        return NULL;
    }
    return arr;
}

/* Imports upsert and apply at once; Bento queues them (up to minutes). */
void h_batch_subscribers(struct sim_req *r, struct sim_reply *out)
{
    const cJSON *arr = sim_batch_array(r, out, "subscribers", MAX_BATCH);
    if (!arr)
        return;
    int ok = 0, failed = 0;
    int64_t now = sim_now_ms();
    const cJSON *rec;
    cJSON_ArrayForEach(rec, arr) {
        if (sim_import_record(r->st, rec, now, NULL))
            ok++;
        else
            failed++;
    }
    cJSON_AddNumberToObject(r->journal_extra, "results", ok);
    cJSON_AddNumberToObject(r->journal_extra, "failed", failed);
    reply_counts(out, ok, failed);
}

/* ---- search (Enterprise) ------------------------------------------- */

static const cJSON *search_opt(struct sim_req *r, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(r->body, key);
}

static bool in_range(const cJSON *filter, int64_t t)
{
    int64_t lim;
    if (!cJSON_IsObject(filter))
        return true;
    const char *gt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(filter, "gt"));
    const char *lt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(filter, "lt"));
    if (gt && sim_parse_iso(gt, &lim) && !(t > lim))
        return false;
    if (lt && sim_parse_iso(lt, &lim) && !(t && t < lim))
        return false;
    return true;
}

static bool search_match(struct sim_req *r, const struct sim_sub *s)
{
    const cJSON *un = search_opt(r, "unsubscribed_at");
    if (cJSON_IsObject(un) && !s->unsubscribed_ms)
        return false;
    return in_range(search_opt(r, "created_at"), s->created_ms) &&
           in_range(search_opt(r, "updated_at"), s->updated_ms) &&
           in_range(search_opt(r, "last_event_at"), s->last_event_ms) &&
           in_range(un, s->unsubscribed_ms);
}

static long search_page(struct sim_req *r)
{
    const cJSON *p = search_opt(r, "page");
    long page = cJSON_IsNumber(p) ? (long)p->valuedouble : 1;
    const char *q = r->conn->arg(r->conn->ctx, "page");
    if (!cJSON_IsNumber(p) && q)
        page = strtol(q, NULL, 10);
    return page < 1 ? 1 : page > 1000000 ? 1000000 : page;
}

/* Without --search the sim behaves like a non-Enterprise account: a JSON
 * 403 (distinct from the HTML 403 of the User-Agent block). */
void h_search(struct sim_req *r, struct sim_reply *out)
{
    if (!r->sim->opt.search_enabled) {
        reply_error(out, 403, "Search is only available on Enterprise plans. Contact support.");
        return;
    }
    long page = search_page(r);
    long skip = (page - 1) * SEARCH_PAGE, taken = 0, total = 0;
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < r->st->nsubs; i++) {
        if (!search_match(r, &r->st->subs[i]))
            continue;
        total++;
        if (skip > 0) {
            skip--;
            continue;
        }
        if (taken < SEARCH_PAGE) {
            cJSON_AddItemToArray(data, store_sub_json(&r->st->subs[i]));
            taken++;
        }
    }
    cJSON *j = json_data(data);
    cJSON *meta = cJSON_AddObjectToObject(j, "meta");
    cJSON_AddNumberToObject(meta, "page", (double)page);
    /* Bento documents only page; a total, where it gives one, is shown */
    cJSON_AddNumberToObject(meta, "total", (double)total);
    reply_json(out, 200, j);
}
