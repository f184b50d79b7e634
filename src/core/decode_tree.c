/* The tree decoders of lists (see decode_tree.h): the behaviour the
 * streaming decoder must reproduce record for record. */
#include "decode_tree.h"
#include "bento/decode.h"
#include "decode_json.h"
#include "decode_stream.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

typedef void (*fill_fn)(const cJSON *rec, void *item);

/* Decode the records under "data" into a calloc'd array of item_size
 * elements, each filled by fill. */
/* Records of another kind than want (another call's answer) are refused,
 * as the streaming decoder refuses them. */
static int decode_list(const char *body, size_t len, const char *want, size_t item_size,
                       fill_fn fill, void **items, size_t *count, struct bento_error *err)
{
    cJSON *root;
    const cJSON **recs;
    size_t n;

    *items = NULL;
    *count = 0;
    if (bento_json_open_records(body, len, &root, &recs, &n, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *foreign = bento_json_record_foreign(recs[i], want, NULL);
        if (foreign) {
            free(recs);
            cJSON_Delete(root);
            bento_json_wrong_kind(err, foreign, want, NULL);
            return -1;
        }
    }
    if (n > 0 && !(*items = calloc(n, item_size))) {
        free(recs);
        cJSON_Delete(root);
        bento_json_out_of_memory(err);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        fill(recs[i], (char *)*items + i * item_size);
    *count = n;
    free(recs);
    cJSON_Delete(root);
    return 0;
}

static char *record_id(const cJSON *rec)
{
    return bento_json_strdup(cJSON_GetObjectItemCaseSensitive(rec, "id"));
}

static void fill_tag(const cJSON *rec, void *item)
{
    struct bento_tag *t = item;
    t->id = record_id(rec);
    t->name = bento_json_attr(rec, "name");
    t->created_at = bento_json_attr(rec, "created_at");
    t->discarded_at = bento_json_attr(rec, "discarded_at");
}

int bento_decode_tags_tree(const char *body, size_t len, struct bento_tag_list *out,
                           struct bento_error *err)
{
    void *items;
    int rc = decode_list(body, len, "tags", sizeof *out->items, fill_tag, &items, &out->count, err);
    out->items = items;
    out->arena = NULL;
    return rc;
}

static void fill_field(const cJSON *rec, void *item)
{
    struct bento_field *f = item;
    f->id = record_id(rec);
    f->key = bento_json_attr(rec, "key");
    f->name = bento_json_attr(rec, "name");
    f->created_at = bento_json_attr(rec, "created_at");
    f->whitelisted = bento_json_tri_state(bento_json_attr_item(rec, "whitelisted"));
}

int bento_decode_fields_tree(const char *body, size_t len, struct bento_field_list *out,
                             struct bento_error *err)
{
    void *items;
    int rc = decode_list(body, len, "visitors-fields", sizeof *out->items, fill_field, &items,
                         &out->count, err);
    out->items = items;
    out->arena = NULL;
    return rc;
}

static void fill_author(const cJSON *rec, void *item)
{
    struct bento_author *a = item;
    a->id = record_id(rec);
    a->name = bento_json_attr(rec, "name");
    a->email = bento_json_attr(rec, "email");
}

int bento_decode_authors_tree(const char *body, size_t len, struct bento_author_list *out,
                              struct bento_error *err)
{
    void *items;
    int rc = decode_list(body, len, "authors", sizeof *out->items, fill_author, &items, &out->count,
                         err);
    out->items = items;
    out->arena = NULL;
    return rc;
}

/* ---- the comparison -------------------------------------------------- */

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int differ(char *why, size_t cap, size_t i, const char *field, const char *a, const char *b)
{
    snprintf(why, cap, "record %zu %s: tree \"%s\", stream \"%s\"", i, field, a ? a : "(null)",
             b ? b : "(null)");
    return 1;
}

#define SAME(i, f)                               \
    if (!same_str(a->items[i].f, b->items[i].f)) \
    return differ(why, cap, i, #f, a->items[i].f, b->items[i].f)

static int diff_tags(const struct bento_tag_list *a, const struct bento_tag_list *b, char *why,
                     size_t cap)
{
    for (size_t i = 0; i < a->count; i++) {
        SAME(i, id);
        SAME(i, name);
        SAME(i, created_at);
        SAME(i, discarded_at);
    }
    return 0;
}

static int diff_fields(const struct bento_field_list *a, const struct bento_field_list *b,
                       char *why, size_t cap)
{
    for (size_t i = 0; i < a->count; i++) {
        SAME(i, id);
        SAME(i, key);
        SAME(i, name);
        SAME(i, created_at);
        if (a->items[i].whitelisted != b->items[i].whitelisted)
            return differ(why, cap, i, "whitelisted", "", "");
    }
    return 0;
}

static int diff_authors(const struct bento_author_list *a, const struct bento_author_list *b,
                        char *why, size_t cap)
{
    for (size_t i = 0; i < a->count; i++) {
        SAME(i, id);
        SAME(i, name);
        SAME(i, email);
    }
    return 0;
}

static void feed(struct bento_list_stream *s, const char *body, size_t len, size_t chunk)
{
    size_t step = chunk ? chunk : len;
    for (size_t off = 0; off < len; off += step)
        bento_list_stream_feed(s, body + off, len - off < step ? len - off : step);
}

/* yajl, with no callbacks, takes the body as JSON (after a BOM). */
static bool strict_json(const char *body, size_t len)
{
    yajl_handle h = yajl_alloc(NULL, NULL, NULL);
    if (!h)
        return false;
    yajl_config(h, yajl_dont_validate_strings, 1);
    if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3))
        body += 3, len -= 3;
    bool ok = yajl_parse(h, (const unsigned char *)body, len) == yajl_status_ok &&
              yajl_complete_parse(h) == yajl_status_ok;
    yajl_free(h);
    return ok;
}

static bool hexdigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* \uD800-\uDFFF not part of a high-low pair. */
static bool half_surrogate(const char *b, size_t len)
{
    for (size_t i = 0; i + 6 <= len; i++) {
        if (b[i] != '\\' || b[i + 1] != 'u' || (b[i + 2] | 0x20) != 'd')
            continue;
        char c = (char)(b[i + 3] | 0x20);
        bool high = c == '8' || c == '9' || c == 'a' || c == 'b';
        bool low = c == 'c' || c == 'd' || c == 'e' || c == 'f';
        if (!high && !low)
            continue;
        if (low)
            return true;
        const char *n = b + i + 6;
        if (i + 12 > len || n[0] != '\\' || n[1] != 'u' || (n[2] | 0x20) != 'd')
            return true;
        char d = (char)(n[3] | 0x20);
        if (!(d == 'c' || d == 'd' || d == 'e' || d == 'f') || !hexdigit(n[4]) || !hexdigit(n[5]))
            return true;
        i += 11;
    }
    return false;
}

int bento_decode_diff(int kind, const char *body, size_t len, size_t chunk, char *why, size_t cap)
{
    union {
        struct bento_tag_list t;
        struct bento_field_list f;
        struct bento_author_list a;
    } old = {0}, now = {0};
    struct bento_error eo, en;
    struct bento_list_stream *s = bento_list_stream_new(kind);
    int ro, rn, d = 0;
    size_t co, cn;

    if (!s) {
        snprintf(why, cap, "out of memory");
        return 1;
    }
    bento_error_clear(&eo);
    bento_error_clear(&en);
    feed(s, body, len, chunk);
    switch (kind) {
    case BENTO_LIST_TAGS:
        ro = bento_decode_tags_tree(body, len, &old.t, &eo);
        rn = bento_list_stream_finish_tags(s, &now.t, &en);
        co = old.t.count, cn = now.t.count;
        if (co == cn)
            d = diff_tags(&old.t, &now.t, why, cap);
        bento_tag_list_free(&old.t);
        bento_tag_list_free(&now.t);
        break;
    case BENTO_LIST_FIELDS:
        ro = bento_decode_fields_tree(body, len, &old.f, &eo);
        rn = bento_list_stream_finish_fields(s, &now.f, &en);
        co = old.f.count, cn = now.f.count;
        if (co == cn)
            d = diff_fields(&old.f, &now.f, why, cap);
        bento_field_list_free(&old.f);
        bento_field_list_free(&now.f);
        break;
    default:
        ro = bento_decode_authors_tree(body, len, &old.a, &eo);
        rn = bento_list_stream_finish_authors(s, &now.a, &en);
        co = old.a.count, cn = now.a.count;
        if (co == cn)
            d = diff_authors(&old.a, &now.a, why, cap);
        bento_author_list_free(&old.a);
        bento_author_list_free(&now.a);
        break;
    }
    bento_list_stream_free(s);
    if (ro != 0 && rn != 0) {
        /* both refused: the wording may differ where the JSON is broken */
        if (eo.kind == en.kind)
            return 0;
        snprintf(why, cap, "tree error \"%s\", stream \"%s\"", eo.message, en.message);
        return 1;
    }
    if (ro != rn)
        snprintf(why, cap, "tree rc %d (%s), stream rc %d (%s)", ro, eo.message, rn, en.message);
    else if (co != cn)
        snprintf(why, cap, "tree %zu records, stream %zu", co, cn);
    else if (!d)
        return 0;
    if (ro == 0 && rn != 0)
        return strict_json(body, len) ? 1 : 2;
    if (ro != 0 && rn == 0)
        return half_surrogate(body, len) ? 2 : 1;
    return 1;
}
