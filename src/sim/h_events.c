/* /batch/events: may create people, set fields, and act on the built-in
 * $tag, $remove_tag, $subscribe, $unsubscribe and $update_fields types.
 * Events apply at once; Bento processes them in a background job. */
#include <string.h>

#include "sim_internal.h"

#define MAX_EVENTS 1000

static bool flat_object(const cJSON *o)
{
    if (!o || cJSON_IsNull(o))
        return true;
    if (!cJSON_IsObject(o))
        return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
        if (cJSON_IsObject(it) || cJSON_IsArray(it))
            return false;
    return true;
}

static bool event_valid(const cJSON *ev)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "type"));
    const char *email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "email"));
    return cJSON_IsObject(ev) && type && *type && sim_email_valid(email) &&
           flat_object(cJSON_GetObjectItemCaseSensitive(ev, "fields"));
}

/* A repeated details.unique.key is accepted but not applied again. */
static bool seen_before(struct sim_store *st, const cJSON *details)
{
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(details, "unique"), "key");
    char buf[64];
    const char *k = cJSON_GetStringValue(key);
    if (!k && cJSON_IsNumber(key)) {
        snprintf(buf, sizeof buf, "%.17g", key->valuedouble);
        k = buf;
    }
    if (!k || !*k)
        return false;
    if (strmap_get(&st->event_keys, k, NULL))
        return true;
    strmap_put(&st->event_keys, k, 1);
    return false;
}

/* Returns false for a repeat that was not applied again. */
static bool apply_event(struct sim_store *st, const cJSON *ev, int64_t now)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "type"));
    const cJSON *details = cJSON_GetObjectItemCaseSensitive(ev, "details");
    if (seen_before(st, details))
        return false;
    struct sim_sub *s = store_sub_upsert(
        st, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "email")), NULL);
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(ev, "fields"))
        store_sub_set_field(st, s, f->string, f);
    const char *tag = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(details, "tag"));
    if (strcmp(type, "$tag") == 0 && tag && *tag)
        store_sub_tag_by_name(st, s, tag);
    else if (strcmp(type, "$remove_tag") == 0 && tag)
        store_sub_untag_by_name(st, s, tag);
    else if (strcmp(type, "$unsubscribe") == 0 && !s->unsubscribed_ms)
        s->unsubscribed_ms = now;
    else if (strcmp(type, "$subscribe") == 0)
        s->unsubscribed_ms = 0;
    s->updated_ms = now;
    /* A backfilled event ("date") counts from its own date. */
    int64_t at = now;
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "date"));
    if (date && !sim_parse_iso(date, &at))
        at = now;
    if (at > s->last_event_ms)
        s->last_event_ms = at;
    return true;
}

void h_batch_events(struct sim_req *r, struct sim_reply *out)
{
    const cJSON *arr = sim_batch_array(r, out, "events", MAX_EVENTS);
    if (!arr)
        return;
    int ok = 0, failed = 0, repeats = 0;
    int64_t now = sim_now_ms();
    const cJSON *ev;
    cJSON_ArrayForEach(ev, arr) {
        if (!event_valid(ev)) {
            failed++;
            continue;
        }
        if (!apply_event(r->st, ev, now))
            repeats++;
        ok++;
    }
    cJSON_AddNumberToObject(r->journal_extra, "results", ok);
    cJSON_AddNumberToObject(r->journal_extra, "repeats", repeats);
    cJSON_AddNumberToObject(r->journal_extra, "failed", failed);
    reply_counts(out, ok, failed);
}
