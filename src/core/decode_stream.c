/* Streaming list decoder (see decode_stream.h). A record's fields are
 * kept as the tree decoders read them (decode_json.c): the first "data"
 * of the answer, as one non-empty object or an array of them; per
 * record the first "id", and for each other field the first of
 * attributes.<key> (when the first "attributes" is an object) unless
 * absent or null, else the first <key> on the record. Everything else is
 * parsed for validity and dropped. */
#include "decode_stream.h"
#include "arena.h"
#include "decode_json.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define KEYS_MAX 4
#define NESTING_MAX 1000 /* cJSON's CJSON_NESTING_LIMIT: deeper fails there */
#define EXCERPT_MAX 160  /* what an error shows of the body */
#define STACK_MAX 4      /* root, data array, record, attributes */

enum jkind { J_ABSENT, J_NULL, J_STRING, J_NUMBER, J_TRUE, J_FALSE, J_OTHER };

/* One field as sent: strings are already in the arena. */
struct jslot {
    enum jkind kind;
    char *str;
    double num;
};

struct record {
    struct jslot id, type;
    struct jslot top[KEYS_MAX];  /* <key> on the record */
    struct jslot attr[KEYS_MAX]; /* attributes.<key> */
    bool has_key;                /* a record is a non-empty object */
    enum { A_NONE, A_OBJECT, A_OTHER } attrs;
};

struct bento_list_stream;

struct spec {
    const char *type; /* the records' JSON:API type */
    size_t item_size;
    size_t nkeys;
    const char *keys[KEYS_MAX];
    int (*emit)(struct bento_list_stream *s, void *item);
};

enum ctx { C_ROOT, C_DATA_ARRAY, C_RECORD, C_ATTRS };
enum target { T_NONE, T_DATA, T_ATTRS, T_SLOT }; /* what the next value is */
enum failure { F_NONE, F_JSON, F_NOMEM, F_KIND };

struct bento_list_stream {
    const struct spec *spec;
    yajl_handle h;
    struct bento_arena *arena;
    char *items;
    size_t count, cap;
    struct record rec;
    enum ctx stack[STACK_MAX];
    size_t top;
    size_t skip;  /* depth inside a value nobody keeps */
    size_t depth; /* every open container */
    enum target target;
    struct jslot *slot;
    bool root_seen, root_object, root_done, data_seen;
    enum failure failed;
    unsigned char head[3]; /* held back until a byte-order mark is ruled out */
    size_t head_len;
    bool head_done;
    char excerpt[EXCERPT_MAX];
    size_t excerpt_len;
    size_t total;
    const char *foreign; /* F_KIND: the type the records have */
};

/* ---- values ---------------------------------------------------------- */

static int fail(struct bento_list_stream *s, enum failure f)
{
    if (!s->failed)
        s->failed = f;
    return 0;
}

static enum target take_target(struct bento_list_stream *s, struct jslot **slot)
{
    enum target t = s->target;
    *slot = s->slot;
    s->target = T_NONE;
    s->slot = NULL;
    return t;
}

static int scalar(struct bento_list_stream *s, enum jkind kind, const char *str, size_t len,
                  double num)
{
    struct jslot *slot;
    if (s->skip)
        return 1;
    if (!s->root_seen) {
        s->root_seen = true; /* a scalar answer: not an object */
        return 1;
    }
    if (take_target(s, &slot) != T_SLOT)
        return 1;
    slot->kind = kind;
    slot->num = num;
    /* cJSON's strings end at an escaped NUL; so do ours */
    if (kind == J_STRING && !(slot->str = bento_arena_strndup(s->arena, str, strnlen(str, len))))
        return fail(s, F_NOMEM);
    return 1;
}

static int on_null(void *u)
{
    return scalar(u, J_NULL, NULL, 0, 0);
}

static int on_boolean(void *u, int b)
{
    return scalar(u, b ? J_TRUE : J_FALSE, NULL, 0, 0);
}

/* As cJSON reads it: strtod with the locale's decimal point. */
static double number_value(const char *t, size_t l)
{
    char small[64];
    char *buf = l < sizeof small ? small : malloc(l + 1);
    if (!buf)
        return 0;
    memcpy(buf, t, l);
    buf[l] = '\0';
    char point = localeconv()->decimal_point[0];
    for (char *p = buf; point != '.' && *p; p++)
        if (*p == '.')
            *p = point;
    double v = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return v;
}

static int on_number(void *u, const char *t, size_t l)
{
    struct bento_list_stream *s = u;
    bool kept = !s->skip && s->target == T_SLOT;
    return scalar(s, J_NUMBER, NULL, 0, kept ? number_value(t, l) : 0);
}

static int on_string(void *u, const unsigned char *t, size_t l)
{
    return scalar(u, J_STRING, (const char *)t, l, 0);
}

/* ---- records ----------------------------------------------------------- */

static const struct jslot *resolve(const struct record *r, size_t k)
{
    return r->attrs == A_OBJECT && r->attr[k].kind > J_NULL ? &r->attr[k] : &r->top[k];
}

/* A field as text, as bento_json_strdup gives it; -1 out of memory. */
static int text(struct bento_list_stream *s, const struct jslot *v, char **out)
{
    char buf[BENTO_JSON_NUMBER_MAX];
    const char *t = NULL;

    *out = NULL;
    switch (v->kind) {
    case J_STRING: *out = v->str; return 0;
    case J_NUMBER: t = bento_json_number_text(v->num, buf, sizeof buf) ? buf : NULL; break;
    case J_TRUE: t = "true"; break;
    case J_FALSE: t = "false"; break;
    default: break;
    }
    if (!t)
        return 0;
    *out = bento_arena_strndup(s->arena, t, strlen(t));
    return *out ? 0 : -1;
}

static int tri(const struct jslot *v)
{
    switch (v->kind) {
    case J_TRUE: return 1;
    case J_FALSE: return 0;
    case J_NUMBER: return v->num != 0;
    case J_STRING: return bento_json_tri_text(v->str);
    default: return -1;
    }
}

static int emit_tag(struct bento_list_stream *s, void *item)
{
    struct bento_tag *t = item;
    const struct record *r = &s->rec;
    return text(s, &r->id, &t->id) || text(s, resolve(r, 0), &t->name) ||
                   text(s, resolve(r, 1), &t->created_at) ||
                   text(s, resolve(r, 2), &t->discarded_at)
               ? -1
               : 0;
}

static int emit_field(struct bento_list_stream *s, void *item)
{
    struct bento_field *f = item;
    const struct record *r = &s->rec;
    f->whitelisted = tri(resolve(r, 3));
    return text(s, &r->id, &f->id) || text(s, resolve(r, 0), &f->key) ||
                   text(s, resolve(r, 1), &f->name) || text(s, resolve(r, 2), &f->created_at)
               ? -1
               : 0;
}

static int emit_author(struct bento_list_stream *s, void *item)
{
    struct bento_author *a = item;
    const struct record *r = &s->rec;
    return text(s, &r->id, &a->id) || text(s, resolve(r, 0), &a->name) ||
                   text(s, resolve(r, 1), &a->email)
               ? -1
               : 0;
}

static const struct spec specs[] = {
    [BENTO_LIST_TAGS] =
        {"tags", sizeof(struct bento_tag), 3, {"name", "created_at", "discarded_at"}, emit_tag},
    [BENTO_LIST_FIELDS] = {"visitors-fields",
                           sizeof(struct bento_field),
                           4,
                           {"key", "name", "created_at", "whitelisted"},
                           emit_field},
    [BENTO_LIST_AUTHORS] =
        {"authors", sizeof(struct bento_author), 2, {"name", "email"}, emit_author},
};

static int emit(struct bento_list_stream *s)
{
    size_t size = s->spec->item_size;
    const char *type = s->rec.type.kind == J_STRING ? s->rec.type.str : NULL;
    if ((s->foreign = bento_json_foreign_type(type, s->spec->type, NULL)))
        return fail(s, F_KIND); /* another call's answer: stop reading it */
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char *grown = cap < SIZE_MAX / size ? realloc(s->items, cap * size) : NULL;
        if (!grown)
            return fail(s, F_NOMEM);
        s->items = grown;
        s->cap = cap;
    }
    void *item = s->items + s->count * size;
    memset(item, 0, size);
    if (s->spec->emit(s, item) != 0)
        return fail(s, F_NOMEM);
    s->count++;
    return 1;
}

/* ---- containers and keys ------------------------------------------------- */

static void push(struct bento_list_stream *s, enum ctx c)
{
    s->stack[s->top++] = c;
    if (c == C_RECORD)
        memset(&s->rec, 0, sizeof s->rec);
}

static int open_container(struct bento_list_stream *s, bool map)
{
    struct jslot *slot;
    if (++s->depth > NESTING_MAX)
        return fail(s, F_JSON);
    if (s->skip) {
        s->skip++;
        return 1;
    }
    if (!s->root_seen) {
        s->root_seen = true;
        s->root_object = map;
        if (map)
            push(s, C_ROOT);
        else
            s->skip = 1;
        return 1;
    }
    enum target t = take_target(s, &slot);
    enum ctx c = s->top ? s->stack[s->top - 1] : C_ROOT;
    if (c == C_ROOT && t == T_DATA) {
        push(s, map ? C_RECORD : C_DATA_ARRAY);
    } else if (c == C_DATA_ARRAY && map) {
        push(s, C_RECORD);
    } else if (c == C_RECORD && t == T_ATTRS && map) {
        s->rec.attrs = A_OBJECT;
        push(s, C_ATTRS);
    } else {
        if (t == T_SLOT)
            slot->kind = J_OTHER; /* an object or array: present, not text */
        s->skip = 1;
    }
    return 1;
}

static int close_container(struct bento_list_stream *s)
{
    s->depth--;
    if (s->skip) {
        s->skip--;
        return 1;
    }
    if (!s->top)
        return 1;
    enum ctx c = s->stack[--s->top];
    if (c == C_RECORD && s->rec.has_key)
        return emit(s);
    if (c == C_ROOT) {
        s->root_done = true;
        return 0; /* stop: what follows is checked by the tail rule */
    }
    return 1;
}

static int on_start_map(void *u)
{
    return open_container(u, true);
}

static int on_start_array(void *u)
{
    return open_container(u, false);
}

static int on_end(void *u)
{
    return close_container(u);
}

static bool key_is(const unsigned char *k, size_t len, const char *name)
{
    return strlen(name) == len && !memcmp(k, name, len);
}

static struct jslot *field_slot(struct bento_list_stream *s, struct jslot *slots,
                                const unsigned char *k, size_t len)
{
    for (size_t i = 0; i < s->spec->nkeys; i++)
        if (key_is(k, len, s->spec->keys[i]))
            return &slots[i];
    return NULL;
}

/* Only the first of duplicate keys counts, as cJSON looks keys up. */
static void want(struct bento_list_stream *s, struct jslot *slot)
{
    if (slot && slot->kind == J_ABSENT) {
        s->target = T_SLOT;
        s->slot = slot;
    }
}

static int on_map_key(void *u, const unsigned char *k, size_t len)
{
    struct bento_list_stream *s = u;
    if (s->skip || !s->top)
        return 1;
    len = strnlen((const char *)k, len); /* cJSON's keys end at an escaped NUL */
    s->target = T_NONE;
    switch (s->stack[s->top - 1]) {
    case C_ROOT:
        if (key_is(k, len, "data")) {
            if (!s->data_seen)
                s->target = T_DATA;
            s->data_seen = true;
        }
        break;
    case C_RECORD:
        s->rec.has_key = true;
        if (key_is(k, len, "id")) {
            want(s, &s->rec.id);
        } else if (key_is(k, len, "type")) {
            want(s, &s->rec.type);
        } else if (key_is(k, len, "attributes")) {
            if (s->rec.attrs == A_NONE) {
                s->rec.attrs = A_OTHER; /* until its value proves an object */
                s->target = T_ATTRS;
            }
        } else {
            want(s, field_slot(s, s->rec.top, k, len));
        }
        break;
    case C_ATTRS: want(s, field_slot(s, s->rec.attr, k, len)); break;
    case C_DATA_ARRAY: break;
    }
    return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

/* ---- feeding ------------------------------------------------------------- */

struct bento_list_stream *bento_list_stream_new(enum bento_list_kind kind)
{
    struct bento_list_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->spec = &specs[kind];
    s->arena = bento_arena_new();
    s->h = yajl_alloc(&callbacks, NULL, s);
    if (!s->arena || !s->h) {
        bento_list_stream_free(s);
        return NULL;
    }
    /* cJSON does not check UTF-8 either; sanitising happens at display */
    yajl_config(s->h, yajl_dont_validate_strings, 1);
    return s;
}

/* After the answer's object only the whitespace cJSON's check allows. */
static void tail(struct bento_list_stream *s, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') {
            fail(s, F_JSON);
            return;
        }
}

static void parse(struct bento_list_stream *s, const unsigned char *p, size_t n)
{
    if (s->failed || !n)
        return;
    if (s->root_done) {
        tail(s, p, n);
        return;
    }
    yajl_status st = yajl_parse(s->h, p, n);
    if (st == yajl_status_ok)
        return;
    if (st == yajl_status_client_canceled && s->root_done && !s->failed) {
        size_t used = yajl_get_bytes_consumed(s->h);
        tail(s, p + used, used < n ? n - used : 0);
        return;
    }
    fail(s, F_JSON);
}

/* cJSON skips a UTF-8 byte-order mark at the start; so do we. */
static void flush_head(struct bento_list_stream *s)
{
    s->head_done = true;
    if (s->head_len != 3 || memcmp(s->head, "\xEF\xBB\xBF", 3) != 0)
        parse(s, s->head, s->head_len);
}

void bento_list_stream_feed(struct bento_list_stream *s, const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t keep = EXCERPT_MAX - s->excerpt_len;

    if (!n)
        return;
    s->total += n;
    if (keep > n)
        keep = n;
    memcpy(s->excerpt + s->excerpt_len, p, keep);
    s->excerpt_len += keep;
    if (s->failed)
        return;
    while (n && !s->head_done && s->head_len < sizeof s->head) {
        s->head[s->head_len++] = *u++;
        n--;
    }
    if (!s->head_done) {
        if (s->head_len < sizeof s->head)
            return;
        flush_head(s);
    }
    parse(s, u, n);
}

static int finish(struct bento_list_stream *s, void **items, size_t *count,
                  struct bento_arena **arena, struct bento_error *err)
{
    *items = NULL;
    *count = 0;
    *arena = NULL;
    if (!s->head_done)
        flush_head(s);
    if (!s->failed && !s->root_done) {
        yajl_status st = yajl_complete_parse(s->h);
        if (st != yajl_status_ok && !(st == yajl_status_client_canceled && s->root_done))
            fail(s, F_JSON);
    }
    if (s->total == 0) {
        bento_json_bad_response(err, "is empty where JSON was expected", NULL, 0);
        return -1;
    }
    if (s->failed == F_NOMEM) {
        bento_json_out_of_memory(err);
        return -1;
    }
    if (s->failed == F_KIND) {
        bento_json_wrong_kind(err, s->foreign, s->spec->type, NULL);
        return -1;
    }
    if (s->failed || !s->root_object) {
        bento_json_bad_response(err, s->failed ? "is not valid JSON" : "is not a JSON object",
                                s->excerpt, s->excerpt_len);
        return -1;
    }
    if (s->count) {
        *items = s->items;
        *count = s->count;
        *arena = s->arena;
        s->items = NULL;
        s->arena = NULL;
        s->count = s->cap = 0;
    }
    return 0;
}

int bento_list_stream_finish_tags(struct bento_list_stream *s, struct bento_tag_list *out,
                                  struct bento_error *err)
{
    void *items;
    int rc = finish(s, &items, &out->count, &out->arena, err);
    out->items = items;
    return rc;
}

int bento_list_stream_finish_fields(struct bento_list_stream *s, struct bento_field_list *out,
                                    struct bento_error *err)
{
    void *items;
    int rc = finish(s, &items, &out->count, &out->arena, err);
    out->items = items;
    return rc;
}

int bento_list_stream_finish_authors(struct bento_list_stream *s, struct bento_author_list *out,
                                     struct bento_error *err)
{
    void *items;
    int rc = finish(s, &items, &out->count, &out->arena, err);
    out->items = items;
    return rc;
}

void bento_list_stream_free(struct bento_list_stream *s)
{
    if (!s)
        return;
    if (s->h)
        yajl_free(s->h);
    bento_arena_free(s->arena);
    free(s->items);
    free(s);
}
