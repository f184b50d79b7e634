/* The local subscriber cache: entries in most-recently-used order. The
 * file keeps each subscriber in the API's own shape so the same decoder
 * reads the server and the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/decode.h"
#include "bento/email.h"
#include "bento/subcache.h"
#include "profile_store.h"
#include "subcache_internal.h"

char *bento_subcache_path(const char *profile)
{
    char rest[200];
    snprintf(rest, sizeof rest, "bento-console/subscribers-%s.json",
             profile && *profile ? profile : "default");
    return bento_pstore_xdg_path("XDG_CACHE_HOME", ".cache", rest);
}

void bento_subcache_entry_free(struct bento_cached_sub *e)
{
    free(e->email);
    bento_subscriber_free(&e->sub);
    for (size_t i = 0; i < e->tag_name_count; i++)
        free(e->tag_names[i]);
    free(e->tag_names);
    for (size_t i = 0; i < e->pending_count; i++) {
        free(e->pending[i].key);
        free(e->pending[i].value);
    }
    free(e->pending);
    memset(e, 0, sizeof *e);
}

void bento_subcache_free(struct bento_subcache *c)
{
    for (size_t i = 0; i < c->count; i++)
        bento_subcache_entry_free(&c->items[i]);
    free(c->items);
    c->items = NULL;
    c->count = 0;
    for (size_t i = 0; i < c->forgotten_count; i++)
        free(c->forgotten[i]);
    free(c->forgotten);
    c->forgotten = NULL;
    c->forgotten_count = 0;
}

struct bento_cached_sub *bento_subcache_find(struct bento_subcache *c, const char *key)
{
    for (size_t i = 0; key && i < c->count; i++) {
        struct bento_cached_sub *e = &c->items[i];
        if ((e->email && !strcasecmp(e->email, key)) || (e->sub.uuid && !strcmp(e->sub.uuid, key)))
            return e;
    }
    return NULL;
}

/* Move item i to the front; returns the front. */
static struct bento_cached_sub *to_front(struct bento_subcache *c, size_t i)
{
    if (i > 0) {
        struct bento_cached_sub tmp = c->items[i];
        memmove(&c->items[1], &c->items[0], i * sizeof *c->items);
        c->items[0] = tmp;
    }
    return &c->items[0];
}

struct bento_cached_sub *bento_subcache_touch(struct bento_subcache *c, const char *email)
{
    struct bento_cached_sub *e = bento_subcache_find(c, email);
    if (e)
        return to_front(c, (size_t)(e - c->items));
    if (c->count == BENTO_SUBCACHE_MAX)
        bento_subcache_entry_free(&c->items[--c->count]);
    struct bento_cached_sub *grown = realloc(c->items, (c->count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    c->items = grown;
    struct bento_cached_sub fresh = {0};
    fresh.email = strdup(email);
    if (!fresh.email)
        return NULL;
    bento_email_normalize(fresh.email);
    c->items[c->count++] = fresh;
    return to_front(c, c->count - 1);
}

/* Remember a removed person so a merging save does not bring it back. */
static void forget(struct bento_subcache *c, const char *key)
{
    char **grown = key ? realloc(c->forgotten, (c->forgotten_count + 1) * sizeof *grown) : NULL;
    if (!grown)
        return;
    c->forgotten = grown;
    if ((grown[c->forgotten_count] = strdup(key)))
        c->forgotten_count++;
}

void bento_subcache_remove(struct bento_subcache *c, struct bento_cached_sub *e)
{
    size_t i = (size_t)(e - c->items);
    if (i >= c->count)
        return;
    forget(c, e->email);
    if (e->found)
        forget(c, e->sub.uuid);
    bento_subcache_entry_free(e);
    memmove(&c->items[i], &c->items[i + 1], (c->count - i - 1) * sizeof *c->items);
    c->count--;
}

struct bento_cached_sub *bento_subcache_rename(struct bento_subcache *c, struct bento_cached_sub *e,
                                               const char *new_email)
{
    char *norm = strdup(new_email);
    if (!norm)
        return NULL;
    bento_email_normalize(norm);
    struct bento_cached_sub *other = bento_subcache_find(c, norm);
    if (other && other != e) {
        size_t idx = (size_t)(e - c->items);
        bento_subcache_remove(c, other);
        if ((size_t)(other - c->items) < idx)
            e = &c->items[idx - 1];
    }
    free(e->email);
    e->email = norm;
    return e;
}

static void set_tag_names(struct bento_cached_sub *e, const char *const *names, size_t n)
{
    /* copy before freeing: names may be e->tag_names itself */
    char **list = n ? calloc(n, sizeof *list) : NULL;
    size_t count = 0;
    for (size_t i = 0; list && i < n; i++)
        if (names[i] && (list[count] = strdup(names[i])))
            count++;
    for (size_t i = 0; i < e->tag_name_count; i++)
        free(e->tag_names[i]);
    free(e->tag_names);
    e->tag_names = list;
    e->tag_name_count = count;
}

/* Drop the pending changes that s shows applied, naming them in applied. */
static void settle_pending(struct bento_cached_sub *e, cJSON *applied)
{
    size_t kept = 0;
    for (size_t i = 0; i < e->pending_count; i++) {
        struct bento_change *ch = &e->pending[i];
        if (!bento_change_applied(ch, &e->sub, (const char *const *)e->tag_names,
                                  e->tag_name_count)) {
            e->pending[kept++] = *ch;
            continue;
        }
        if (applied) {
            char what[300];
            bento_change_describe(ch, what, sizeof what);
            cJSON_AddItemToArray(applied, cJSON_CreateString(what));
        }
        free(ch->key);
        free(ch->value);
    }
    e->pending_count = kept;
}

void bento_subcache_record(struct bento_cached_sub *e, const struct bento_subscriber *s,
                           const char *const *tag_names, size_t tag_count, int64_t now,
                           cJSON *applied)
{
    /* s may be e->sub itself (re-resolving names): copy before freeing */
    bool found = s->found;
    struct bento_subscriber copy = {0};
    if (found && bento_subcache_sub_copy(s, &copy) < 0)
        return;
    bento_subscriber_free(&e->sub);
    e->sub = copy;
    e->found = found;
    e->fetched_at = now;
    set_tag_names(e, found ? tag_names : NULL, found ? tag_count : 0);
    if (found)
        settle_pending(e, applied);
}

int bento_subcache_add_change(struct bento_cached_sub *e, enum bento_change_kind kind,
                              const char *key, const char *value, int64_t now)
{
    struct bento_change *grown = realloc(e->pending, (e->pending_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    e->pending = grown;
    struct bento_change *ch = &e->pending[e->pending_count];
    ch->kind = kind;
    ch->key = key ? strdup(key) : NULL;
    ch->value = value ? strdup(value) : NULL;
    ch->sent_at = now;
    e->pending_count++;
    return 0;
}

bool bento_subcache_record_named(struct bento_cached_sub *e, const struct bento_subscriber *s,
                                 bento_tag_namer name_of, void *ctx, int64_t now, cJSON *applied)
{
    size_t n = s->tag_id_count;
    char **names = calloc(n + 1, sizeof *names);
    bool unknown = false;
    for (size_t i = 0; names && i < n; i++) {
        const char *name = name_of(s->tag_ids[i], ctx);
        unknown |= !name;
        if (name) {
            names[i] = strdup(name);
        } else if ((names[i] = malloc(strlen(s->tag_ids[i]) + 2))) {
            names[i][0] = '#';
            strcpy(names[i] + 1, s->tag_ids[i]);
        }
    }
    bento_subcache_record(e, s, (const char *const *)names, names ? n : 0, now, applied);
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    return unknown;
}

struct bento_cached_sub *bento_subcache_entry_for(struct bento_subcache *c,
                                                  const struct bento_subscriber *s,
                                                  const char *known_as)
{
    struct bento_cached_sub *e = s->uuid ? bento_subcache_find(c, s->uuid) : NULL;
    if (!e && known_as && *known_as)
        e = bento_subcache_find(c, known_as);
    if (e && s->email && strcasecmp(e->email, s->email) != 0)
        e = bento_subcache_rename(c, e, s->email);
    const char *email = e ? e->email : s->email ? s->email : known_as;
    return email ? bento_subcache_touch(c, email) : NULL;
}
