/* The subscriber cache on disk: one JSON object, written atomically.
 * Subscribers are stored in the API's own shape and read back through
 * the same decoder as server replies, so the cache cannot hold what a
 * reply could not. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/decode.h"
#include "bento/subcache.h"
#include "fnv.h"
#include "profile_store.h"
#include "subcache_internal.h"

#define CACHE_VERSION 1

static const char *const kind_names[BENTO_CH__COUNT] = {
    "add_tag",   "add_tag_via_event", "remove_tag",   "set_field", "remove_field",
    "subscribe", "unsubscribe",       "change_email", "create",
};

static void add_str(cJSON *o, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(o, key, value);
    else
        cJSON_AddNullToObject(o, key);
}

cJSON *bento_subcache_sub_json(const struct bento_subscriber *s)
{
    cJSON *root = cJSON_CreateObject(), *data = cJSON_AddObjectToObject(root, "data");
    add_str(data, "id", s->id);
    cJSON *a = cJSON_AddObjectToObject(data, "attributes");
    add_str(a, "uuid", s->uuid);
    add_str(a, "email", s->email);
    cJSON_AddItemToObject(a, "fields",
                          s->fields ? cJSON_Duplicate(s->fields, 1) : cJSON_CreateNull());
    cJSON *tags = cJSON_AddArrayToObject(a, "cached_tag_ids");
    for (size_t i = 0; i < s->tag_id_count; i++)
        cJSON_AddItemToArray(tags, cJSON_CreateString(s->tag_ids[i]));
    add_str(a, "unsubscribed_at", s->unsubscribed_at);
    add_str(a, "navigation_url", s->navigation_url);
    return root;
}

static int sub_from_json(const cJSON *j, struct bento_subscriber *out)
{
    struct bento_error err;
    char *text = cJSON_PrintUnformatted(j);
    int rc = text ? bento_decode_subscriber(text, strlen(text), out, &err) : -1;
    cJSON_free(text);
    return rc;
}

int bento_subcache_sub_copy(const struct bento_subscriber *s, struct bento_subscriber *out)
{
    cJSON *j = bento_subcache_sub_json(s);
    int rc = j ? sub_from_json(j, out) : -1;
    cJSON_Delete(j);
    return rc;
}

/* ---- writing ----------------------------------------------------------- */

static cJSON *change_json(const struct bento_change *ch)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", kind_names[ch->kind]);
    if (ch->key)
        cJSON_AddStringToObject(o, "key", ch->key);
    if (ch->value)
        cJSON_AddStringToObject(o, "value", ch->value);
    cJSON_AddNumberToObject(o, "sent_at", (double)ch->sent_at);
    return o;
}

static cJSON *entry_json(const struct bento_cached_sub *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "email", e->email);
    cJSON_AddNumberToObject(o, "fetched_at", (double)e->fetched_at);
    cJSON_AddBoolToObject(o, "found", e->found);
    if (e->found)
        cJSON_AddItemToObject(o, "subscriber", bento_subcache_sub_json(&e->sub));
    cJSON *names = cJSON_AddArrayToObject(o, "tag_names");
    for (size_t i = 0; i < e->tag_name_count; i++)
        cJSON_AddItemToArray(names, cJSON_CreateString(e->tag_names[i]));
    cJSON *pending = cJSON_AddArrayToObject(o, "pending");
    for (size_t i = 0; i < e->pending_count; i++)
        cJSON_AddItemToArray(pending, change_json(&e->pending[i]));
    return o;
}

static double number_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *uuid_of(const cJSON *entry)
{
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(entry, "subscriber");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(sub, "data");
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(data, "attributes");
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attrs, "uuid"));
}

static bool same_person(const cJSON *entry, const char *email, const char *uuid)
{
    const char *theirs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "email"));
    const char *their_uuid = uuid_of(entry);
    return (theirs && email && !strcasecmp(theirs, email)) ||
           (their_uuid && uuid && !strcmp(their_uuid, uuid));
}

/* The saved entry for the same person as e (by address or uuid), taken
 * out of list; NULL when there is none. */
static cJSON *take_match(cJSON *list, const struct bento_cached_sub *e)
{
    cJSON *it;
    cJSON_ArrayForEach(it, list)
        if (same_person(it, e->email, e->found ? e->sub.uuid : NULL))
            return cJSON_DetachItemViaPointer(list, it);
    return NULL;
}

/* Changes the loser noted after the winner's lookup are still pending:
 * the winner's lookup cannot have seen them applied. */
static void carry_pending(cJSON *winner, const cJSON *loser)
{
    double since = number_of(winner, "fetched_at");
    cJSON *mine = cJSON_GetObjectItemCaseSensitive(winner, "pending");
    const cJSON *ch, *have;
    if (!cJSON_IsArray(mine))
        return;
    cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(loser, "pending")) {
        bool dup = false;
        cJSON_ArrayForEach(have, mine)
            dup = dup || cJSON_Compare(have, ch, true);
        if (!dup && number_of(ch, "sent_at") >= since)
            cJSON_AddItemToArray(mine, cJSON_Duplicate(ch, true));
    }
}

/* FNV-1a of an entry's text: tells whether the file's copy is still the
 * one this process loaded. */
static uint64_t entry_hash(const cJSON *o)
{
    char *text = cJSON_PrintUnformatted(o);
    uint64_t h = text ? bento_fnv(BENTO_FNV_OFFSET, text, strlen(text)) : 0;
    cJSON_free(text);
    return h ? h : 1;
}

/* The file's copy as loaded: this process's entry, as it stands. Changed
 * by another process since: the newest lookup wins (a tie goes to this
 * process), keeping the loser's later pending changes. */
static cJSON *merged_entry(const struct bento_cached_sub *e, cJSON *disk_list)
{
    cJSON *mine = entry_json(e), *theirs = take_match(disk_list, e);
    if (theirs && e->file_hash && entry_hash(theirs) == e->file_hash) {
        cJSON_Delete(theirs);
        return mine;
    }
    if (theirs && number_of(theirs, "fetched_at") > number_of(mine, "fetched_at")) {
        cJSON *swap = mine;
        mine = theirs;
        theirs = swap;
    }
    if (theirs)
        carry_pending(mine, theirs);
    cJSON_Delete(theirs);
    return mine;
}

static bool forgotten(const struct bento_subcache *c, const cJSON *entry)
{
    for (size_t i = 0; i < c->forgotten_count; i++)
        if (same_person(entry, c->forgotten[i], c->forgotten[i]))
            return true;
    return false;
}

/* Saved entries this process does not hold (another console's lookups),
 * after its own, up to the cap; those it forgot stay forgotten. */
static void append_others(struct bento_subcache *c, cJSON *list, cJSON *disk_list)
{
    cJSON *it;
    while (cJSON_GetArraySize(list) < BENTO_SUBCACHE_MAX &&
           (it = cJSON_DetachItemFromArray(disk_list, 0))) {
        const char *email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "email"));
        const char *uuid = uuid_of(it);
        if (!cJSON_IsObject(it) || !email || !*email || forgotten(c, it) ||
            bento_subcache_find(c, email) || (uuid && bento_subcache_find(c, uuid)))
            cJSON_Delete(it);
        else
            cJSON_AddItemToArray(list, it);
    }
}

static void clear_forgotten(struct bento_subcache *c)
{
    for (size_t i = 0; i < c->forgotten_count; i++)
        free(c->forgotten[i]);
    free(c->forgotten);
    c->forgotten = NULL;
    c->forgotten_count = 0;
}

/* Under the file's lock: read what is there now, merge, write. Another
 * console may have saved since this one loaded; merging by person keeps
 * its entries instead of overwriting them. */
int bento_subcache_save(struct bento_subcache *c, const char *path, struct bento_error *err)
{
    int lock = bento_pstore_lock(path, err);
    if (lock < 0)
        return -1;
    cJSON *disk = NULL;
    struct bento_error ignored;
    /* an unreadable file is replaced, as a failed load starts empty */
    bento_pstore_read(path, true, &disk, &ignored);
    cJSON *disk_list = cJSON_GetObjectItemCaseSensitive(disk, "subscribers");
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", CACHE_VERSION);
    cJSON *list = cJSON_AddArrayToObject(root, "subscribers");
    for (size_t i = 0; i < c->count; i++)
        cJSON_AddItemToArray(list, merged_entry(&c->items[i], disk_list));
    if (cJSON_IsArray(disk_list))
        append_others(c, list, disk_list);
    int rc = bento_pstore_write(path, root, err);
    if (rc == 0)
        clear_forgotten(c);
    bento_pstore_unlock(lock);
    cJSON_Delete(root);
    cJSON_Delete(disk);
    return rc;
}

/* ---- reading ----------------------------------------------------------- */

static char *opt_strdup(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? strdup(s) : NULL;
}

/* Unix seconds as saved; a value no int64_t holds (a hand edit) reads
 * as 0, since converting it would be undefined behaviour. */
static int64_t seconds_of(const cJSON *v)
{
    bool fits = cJSON_IsNumber(v) && v->valuedouble > -9.2e18 && v->valuedouble < 9.2e18;
    return fits ? (int64_t)v->valuedouble : 0;
}

static void read_changes(struct bento_cached_sub *e, const cJSON *arr)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "kind"));
        for (int k = 0; kind && k < BENTO_CH__COUNT; k++) {
            if (strcmp(kind, kind_names[k]) != 0)
                continue;
            const cJSON *at = cJSON_GetObjectItemCaseSensitive(it, "sent_at");
            char *key = opt_strdup(it, "key"), *value = opt_strdup(it, "value");
            bento_subcache_add_change(e, (enum bento_change_kind)k, key, value, seconds_of(at));
            free(key);
            free(value);
        }
    }
}

static void read_tag_names(struct bento_cached_sub *e, const cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    e->tag_names = n > 0 ? calloc((size_t)n, sizeof *e->tag_names) : NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
        if (e->tag_names && cJSON_IsString(it) &&
            (e->tag_names[e->tag_name_count] = strdup(it->valuestring)))
            e->tag_name_count++;
}

static void read_entry(struct bento_subcache *c, const cJSON *o)
{
    const char *email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "email"));
    if (!email || !*email || bento_subcache_find(c, email))
        return;
    struct bento_cached_sub *e = &c->items[c->count];
    memset(e, 0, sizeof *e);
    if (!(e->email = strdup(email)))
        return;
    c->count++;
    e->fetched_at = seconds_of(cJSON_GetObjectItemCaseSensitive(o, "fetched_at"));
    e->found = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "found"));
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(o, "subscriber");
    if (e->found && (!sub || sub_from_json(sub, &e->sub) < 0 || !e->sub.found))
        e->found = false;
    read_tag_names(e, cJSON_GetObjectItemCaseSensitive(o, "tag_names"));
    read_changes(e, cJSON_GetObjectItemCaseSensitive(o, "pending"));
    e->file_hash = entry_hash(o);
}

int bento_subcache_load(struct bento_subcache *c, const char *path, struct bento_error *err)
{
    cJSON *root = NULL;
    memset(c, 0, sizeof *c);
    if (bento_pstore_read(path, true, &root, err) < 0)
        return -1;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "subscribers");
    int n = cJSON_GetArraySize(list);
    if (n > BENTO_SUBCACHE_MAX)
        n = BENTO_SUBCACHE_MAX;
    c->items = n > 0 ? calloc((size_t)n, sizeof *c->items) : NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, list) {
        if (!c->items || c->count == (size_t)n)
            break;
        if (cJSON_IsObject(it))
            read_entry(c, it);
    }
    cJSON_Delete(root);
    return 0;
}
