/* In-memory account state: tags, fields, people. Callers hold sim->lock. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define GROW(arr, n, cap)                                   \
    do {                                                    \
        if ((n) == (cap)) {                                 \
            size_t nc_ = (cap) ? (cap)*2 : 64;              \
            void *p_ = realloc((arr), nc_ * sizeof *(arr)); \
            if (!p_)                                        \
                abort();                                    \
            (arr) = p_;                                     \
            (cap) = nc_;                                    \
        }                                                   \
    } while (0)

void store_init(struct sim_store *st)
{
    memset(st, 0, sizeof *st);
    strmap_init(&st->tag_by_name);
    strmap_init(&st->field_by_key);
    strmap_init(&st->sub_by_email);
    strmap_init(&st->sub_by_uuid);
    strmap_init(&st->event_keys);
    st->sent_emails = cJSON_CreateArray();
    content_init(&st->content);
    st->next_tag_id = 1001;
    st->next_field_id = 501;
    st->next_sub_id = 100001;
    st->site_id = 4242;
}

void store_free(struct sim_store *st)
{
    for (size_t i = 0; i < st->ntags; i++)
        free(st->tags[i].name);
    for (size_t i = 0; i < st->nfields; i++) {
        free(st->fields[i].key);
        free(st->fields[i].name);
    }
    for (size_t i = 0; i < st->nsubs; i++) {
        free(st->subs[i].email);
        cJSON_Delete(st->subs[i].fields);
        free(st->subs[i].tag_ids);
    }
    free(st->tags);
    free(st->fields);
    free(st->subs);
    strmap_free(&st->tag_by_name);
    strmap_free(&st->field_by_key);
    strmap_free(&st->sub_by_email);
    strmap_free(&st->sub_by_uuid);
    strmap_free(&st->event_keys);
    cJSON_Delete(st->sent_emails);
    content_free(&st->content);
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

/* ---- tags ---------------------------------------------------------- */

struct sim_tag *store_tag_find(struct sim_store *st, const char *name)
{
    size_t i;
    return strmap_get(&st->tag_by_name, name, &i) ? &st->tags[i] : NULL;
}

struct sim_tag *store_tag_by_id(struct sim_store *st, long id)
{
    /* Ids are handed out in order, so a binary search finds them. */
    size_t lo = 0, hi = st->ntags;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->tags[mid].id == id)
            return &st->tags[mid];
        if (st->tags[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

struct sim_tag *store_tag_add(struct sim_store *st, const char *name, int64_t created_ms)
{
    struct sim_tag *t = store_tag_find(st, name);
    if (t)
        return t;
    GROW(st->tags, st->ntags, st->tagcap);
    t = &st->tags[st->ntags];
    t->id = st->next_tag_id++;
    t->name = xstrdup(name);
    t->created_ms = created_ms;
    t->discarded_ms = 0;
    strmap_put(&st->tag_by_name, name, st->ntags);
    st->ntags++;
    return t;
}

static void add_id(cJSON *obj, long id)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", id);
    cJSON_AddStringToObject(obj, "id", buf);
}

static void add_time(cJSON *obj, const char *key, int64_t ms)
{
    char buf[32];
    if (!ms) {
        cJSON_AddNullToObject(obj, key);
        return;
    }
    sim_iso(ms, buf);
    cJSON_AddStringToObject(obj, key, buf);
}

cJSON *store_tag_json(const struct sim_store *st, const struct sim_tag *t)
{
    cJSON *o = cJSON_CreateObject();
    add_id(o, t->id);
    cJSON_AddStringToObject(o, "type", "tags");
    cJSON *a = cJSON_AddObjectToObject(o, "attributes");
    cJSON_AddStringToObject(a, "name", t->name);
    add_time(a, "created_at", t->created_ms);
    add_time(a, "discarded_at", t->discarded_ms);
    cJSON_AddNumberToObject(a, "site_id", st->site_id);
    return o;
}

/* ---- fields -------------------------------------------------------- */

/* Rails' titleize: split camelCase ("AKey" -> "A Key") and separators,
 * lower-case everything, capitalise each word. */
char *sim_field_name(const char *key)
{
    size_t n = strlen(key);
    char *out = malloc(n * 2 + 1);
    if (!out)
        abort();
    size_t o = 0;
    bool word_start = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c == '_' || c == '-' || c == ' ') {
            word_start = true;
            continue;
        }
        unsigned char prev = i ? (unsigned char)key[i - 1] : 0;
        unsigned char next = (unsigned char)key[i + 1];
        if (isupper(c) && (islower(prev) || isdigit(prev) || (isupper(prev) && islower(next))))
            word_start = true;
        if (word_start && o > 0)
            out[o++] = ' ';
        out[o++] = word_start ? (char)toupper(c) : (char)tolower(c);
        word_start = false;
    }
    out[o] = '\0';
    return out;
}

struct sim_field *store_field_find(struct sim_store *st, const char *key)
{
    size_t i;
    return strmap_get(&st->field_by_key, key, &i) ? &st->fields[i] : NULL;
}

struct sim_field *store_field_add(struct sim_store *st, const char *key, int64_t created_ms)
{
    struct sim_field *f = store_field_find(st, key);
    if (f)
        return f;
    GROW(st->fields, st->nfields, st->fieldcap);
    f = &st->fields[st->nfields];
    f->id = st->next_field_id++;
    f->key = xstrdup(key);
    f->name = sim_field_name(key);
    f->created_ms = created_ms;
    strmap_put(&st->field_by_key, key, st->nfields);
    st->nfields++;
    return f;
}

cJSON *store_field_json(const struct sim_field *f)
{
    cJSON *o = cJSON_CreateObject();
    add_id(o, f->id);
    cJSON_AddStringToObject(o, "type", "visitors-fields");
    cJSON *a = cJSON_AddObjectToObject(o, "attributes");
    cJSON_AddStringToObject(a, "name", f->name);
    cJSON_AddStringToObject(a, "key", f->key);
    cJSON_AddNullToObject(a, "whitelisted");
    add_time(a, "created_at", f->created_ms);
    return o;
}

/* ---- people -------------------------------------------------------- */

static char *lower_dup(const char *s)
{
    char *d = xstrdup(s);
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

bool sim_email_valid(const char *e)
{
    if (!e)
        return false;
    size_t n = strlen(e);
    const char *at = strchr(e, '@');
    if (n < 3 || n > 254 || !at || at == e || strchr(at + 1, '@'))
        return false;
    for (const char *p = e; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';')
            return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] != '\0' && !strstr(at, "..");
}

struct sim_sub *store_sub_find(struct sim_store *st, const char *email)
{
    char *k = lower_dup(email);
    size_t i;
    bool found = strmap_get(&st->sub_by_email, k, &i);
    free(k);
    return found ? &st->subs[i] : NULL;
}

struct sim_sub *store_sub_by_uuid(struct sim_store *st, const char *uuid)
{
    size_t i;
    return strmap_get(&st->sub_by_uuid, uuid, &i) ? &st->subs[i] : NULL;
}

static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct sim_sub *store_sub_add(struct sim_store *st, const char *email, int64_t created_ms)
{
    GROW(st->subs, st->nsubs, st->subcap);
    struct sim_sub *s = &st->subs[st->nsubs];
    memset(s, 0, sizeof *s);
    s->id = st->next_sub_id++;
    /* Deterministic 32-hex uuid, so seeded accounts look the same every run. */
    snprintf(s->uuid, sizeof s->uuid, "%016llx%016llx", (unsigned long long)mix64((uint64_t)s->id),
             (unsigned long long)mix64((uint64_t)s->id * 31 + 7));
    s->email = xstrdup(email);
    s->fields = cJSON_CreateObject();
    s->created_ms = s->updated_ms = created_ms;
    char *k = lower_dup(email);
    strmap_put(&st->sub_by_email, k, st->nsubs);
    free(k);
    strmap_put(&st->sub_by_uuid, s->uuid, st->nsubs);
    st->nsubs++;
    return s;
}

struct sim_sub *store_sub_upsert(struct sim_store *st, const char *email, bool *created)
{
    struct sim_sub *s = store_sub_find(st, email);
    if (created)
        *created = !s;
    return s ? s : store_sub_add(st, email, sim_now_ms());
}

bool store_sub_change_email(struct sim_store *st, struct sim_sub *s, const char *email)
{
    struct sim_sub *other = store_sub_find(st, email);
    if (other && other != s)
        return false;
    char *oldk = lower_dup(s->email), *newk = lower_dup(email);
    size_t idx = (size_t)(s - st->subs);
    strmap_del(&st->sub_by_email, oldk);
    strmap_put(&st->sub_by_email, newk, idx);
    free(oldk);
    free(newk);
    free(s->email);
    s->email = xstrdup(email);
    return true;
}

void sub_add_tag(struct sim_sub *s, long tag_id)
{
    for (size_t i = 0; i < s->ntags; i++)
        if (s->tag_ids[i] == tag_id)
            return;
    GROW(s->tag_ids, s->ntags, s->tagcap);
    s->tag_ids[s->ntags++] = tag_id;
}

void sub_remove_tag(struct sim_sub *s, long tag_id)
{
    for (size_t i = 0; i < s->ntags; i++) {
        if (s->tag_ids[i] == tag_id) {
            memmove(&s->tag_ids[i], &s->tag_ids[i + 1], (s->ntags - i - 1) * sizeof *s->tag_ids);
            s->ntags--;
            return;
        }
    }
}

void store_sub_tag_by_name(struct sim_store *st, struct sim_sub *s, const char *name)
{
    struct sim_tag *t = store_tag_add(st, name, sim_now_ms());
    t->discarded_ms = 0; /* tagging someone brings a discarded tag back */
    sub_add_tag(s, t->id);
}

void store_sub_untag_by_name(struct sim_store *st, struct sim_sub *s, const char *name)
{
    struct sim_tag *t = store_tag_find(st, name);
    if (t)
        sub_remove_tag(s, t->id);
}

void store_sub_set_field(struct sim_store *st, struct sim_sub *s, const char *key,
                         const cJSON *value)
{
    /* Bento defines a custom field the first time a key is written. */
    store_field_add(st, key, sim_now_ms());
    cJSON *copy = cJSON_Duplicate(value, 1);
    if (cJSON_GetObjectItemCaseSensitive(s->fields, key))
        cJSON_ReplaceItemInObjectCaseSensitive(s->fields, key, copy);
    else
        cJSON_AddItemToObject(s->fields, key, copy);
}

cJSON *store_sub_json(const struct sim_sub *s)
{
    cJSON *o = cJSON_CreateObject();
    add_id(o, s->id);
    cJSON_AddStringToObject(o, "type", "visitors");
    cJSON *a = cJSON_AddObjectToObject(o, "attributes");
    cJSON_AddStringToObject(a, "uuid", s->uuid);
    cJSON_AddStringToObject(a, "email", s->email);
    cJSON_AddItemToObject(a, "fields", cJSON_Duplicate(s->fields, 1));
    cJSON *tags = cJSON_AddArrayToObject(a, "cached_tag_ids");
    for (size_t i = 0; i < s->ntags; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", s->tag_ids[i]);
        cJSON_AddItemToArray(tags, cJSON_CreateString(buf));
    }
    add_time(a, "unsubscribed_at", s->unsubscribed_ms);
    char url[96];
    snprintf(url, sizeof url, "https://app.bentonow.com/visitors/%s", s->uuid);
    cJSON_AddStringToObject(a, "navigation_url", url);
    return o;
}
