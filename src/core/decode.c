/* Decoders: Bento response bodies -> model records. See decode.h for
 * the shapes accepted; decode_json.c holds the lenient lookups and
 * decode_stream.c the lists, decoded as they arrive. */
#include "bento/decode.h"
#include "decode_json.h"
#include "decode_stream.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(struct bento_error *err)
{
    bento_json_out_of_memory(err);
}

static int open_records(const char *body, size_t len, cJSON **root, const cJSON ***recs,
                        size_t *count, struct bento_error *err)
{
    return bento_json_open_records(body, len, root, recs, count, err);
}

static char *record_id(const cJSON *rec)
{
    return bento_json_strdup(cJSON_GetObjectItemCaseSensitive(rec, "id"));
}

/* The lists go through the streaming decoder, here in one piece. */
int bento_decode_tags(const char *body, size_t len, struct bento_tag_list *out,
                      struct bento_error *err)
{
    struct bento_list_stream *s = bento_list_stream_new(BENTO_LIST_TAGS);
    memset(out, 0, sizeof *out);
    if (!s) {
        out_of_memory(err);
        return -1;
    }
    bento_list_stream_feed(s, body, len);
    int rc = bento_list_stream_finish_tags(s, out, err);
    bento_list_stream_free(s);
    return rc;
}

int bento_decode_fields(const char *body, size_t len, struct bento_field_list *out,
                        struct bento_error *err)
{
    struct bento_list_stream *s = bento_list_stream_new(BENTO_LIST_FIELDS);
    memset(out, 0, sizeof *out);
    if (!s) {
        out_of_memory(err);
        return -1;
    }
    bento_list_stream_feed(s, body, len);
    int rc = bento_list_stream_finish_fields(s, out, err);
    bento_list_stream_free(s);
    return rc;
}

static int copy_tag_ids(const cJSON *ids, struct bento_subscriber *s)
{
    const cJSON *el;
    size_t n = (size_t)cJSON_GetArraySize(ids);

    if (!cJSON_IsArray(ids) || n == 0)
        return 0;
    s->tag_ids = calloc(n, sizeof *s->tag_ids);
    if (!s->tag_ids)
        return -1;
    cJSON_ArrayForEach(el, ids) {
        char *id = (cJSON_IsString(el) || cJSON_IsNumber(el)) ? bento_json_strdup(el) : NULL;
        if (id && *id)
            s->tag_ids[s->tag_id_count++] = id;
        else
            free(id);
    }
    return 0;
}

static int fill_subscriber(const cJSON *rec, struct bento_subscriber *s)
{
    const cJSON *fields = bento_json_attr_item(rec, "fields");

    s->uuid = bento_json_attr(rec, "uuid");
    s->email = bento_json_attr(rec, "email");
    s->unsubscribed_at = bento_json_attr(rec, "unsubscribed_at");
    s->navigation_url = bento_json_attr(rec, "navigation_url");
    if (cJSON_IsObject(fields) && !(s->fields = cJSON_Duplicate(fields, 1)))
        return -1;
    return copy_tag_ids(bento_json_attr_item(rec, "cached_tag_ids"), s);
}

int bento_decode_subscriber(const char *body, size_t len, struct bento_subscriber *out,
                            struct bento_error *err)
{
    cJSON *root;
    const cJSON **recs;
    size_t n;
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (open_records(body, len, &root, &recs, &n, err) != 0)
        return -1;
    const char *foreign = n > 0 ? bento_json_record_foreign(recs[0], "visitors", NULL) : NULL;
    if (foreign) {
        bento_json_wrong_kind(err, foreign, "visitors", NULL);
        free(recs);
        cJSON_Delete(root);
        return -1;
    }
    /* Bento answers 200 with no usable record when nobody matches. */
    char *id = n > 0 ? record_id(recs[0]) : NULL;
    if (id && *id) {
        out->found = true;
        out->id = id;
        if (fill_subscriber(recs[0], out) != 0) {
            bento_subscriber_free(out);
            out_of_memory(err);
            rc = -1;
        }
    } else {
        free(id);
    }
    free(recs);
    cJSON_Delete(root);
    return rc;
}

int bento_decode_authors(const char *body, size_t len, struct bento_author_list *out,
                         struct bento_error *err)
{
    struct bento_list_stream *s = bento_list_stream_new(BENTO_LIST_AUTHORS);
    memset(out, 0, sizeof *out);
    if (!s) {
        out_of_memory(err);
        return -1;
    }
    bento_list_stream_feed(s, body, len);
    int rc = bento_list_stream_finish_authors(s, out, err);
    bento_list_stream_free(s);
    return rc;
}

static long add_clamped(long a, long b)
{
    long r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? LONG_MAX : LONG_MIN;
    return r;
}

int bento_decode_batch_counts(const char *body, size_t len, struct bento_batch_counts *out,
                              struct bento_error *err)
{
    cJSON *root = bento_json_parse_object(body, len, err);
    long results = 0, failed = 0;

    if (!root)
        return -1;
    /* OAS and the .NET SDK say "result"; everything else "results". */
    if (!bento_json_long(cJSON_GetObjectItemCaseSensitive(root, "results"), &results))
        bento_json_long(cJSON_GetObjectItemCaseSensitive(root, "result"), &results);
    bento_json_long(cJSON_GetObjectItemCaseSensitive(root, "failed"), &failed);
    out->results = add_clamped(out->results, results);
    out->failed = add_clamped(out->failed, failed);
    cJSON_Delete(root);
    return 0;
}

/* A count, or -1 when absent; a negative one is no count either. */
static long stat_count(const cJSON *obj, const char *key)
{
    long v;
    return bento_json_long(cJSON_GetObjectItemCaseSensitive(obj, key), &v) && v >= 0 ? v : -1;
}

int bento_decode_site_stats(const char *body, size_t len, struct bento_site_stats *out,
                            struct bento_error *err)
{
    cJSON *root = bento_json_parse_object(body, len, err);
    const cJSON *src;

    out->user_count = out->subscriber_count = out->unsubscriber_count = -1;
    if (!root)
        return -1;
    /* The counters sit at the top level; accept a "data" wrapper too. */
    src = root;
    if (!cJSON_GetObjectItemCaseSensitive(root, "user_count") &&
        !cJSON_GetObjectItemCaseSensitive(root, "subscriber_count") &&
        cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "data")))
        src = cJSON_GetObjectItemCaseSensitive(root, "data");
    out->user_count = stat_count(src, "user_count");
    out->subscriber_count = stat_count(src, "subscriber_count");
    out->unsubscriber_count = stat_count(src, "unsubscriber_count");
    cJSON_Delete(root);
    return 0;
}

static int copy_reasons(const cJSON *item, struct bento_validation *v)
{
    const cJSON *el;
    size_t n = cJSON_IsArray(item) ? (size_t)cJSON_GetArraySize(item)
                                   : (size_t)(cJSON_IsString(item) != 0);

    if (n == 0)
        return 0;
    if (!(v->reasons = calloc(n, sizeof *v->reasons)))
        return -1;
    if (cJSON_IsString(item)) {
        v->reasons[0] = bento_json_strdup(item);
        v->reason_count = v->reasons[0] != NULL;
        return v->reason_count ? 0 : -1;
    }
    cJSON_ArrayForEach(el, item) {
        char *text = cJSON_IsString(el) ? bento_json_strdup(el) : NULL;
        if (text)
            v->reasons[v->reason_count++] = text;
    }
    return 0;
}

int bento_decode_validation(const char *body, size_t len, struct bento_validation *out,
                            struct bento_error *err)
{
    cJSON *root;
    const cJSON **recs;
    size_t n;

    memset(out, 0, sizeof *out);
    if (open_records(body, len, &root, &recs, &n, err) != 0)
        return -1;
    /* Documented at the top level; a "data" wrapper is read as well. */
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "valid") || n == 0 ? root : recs[0];
    int valid = bento_json_tri_state(bento_json_attr_item(src, "valid"));
    out->verdict = valid < 0 ? BENTO_VERDICT_NONE
                   : valid   ? BENTO_VERDICT_VALID
                             : BENTO_VERDICT_INVALID;
    int rc = copy_reasons(bento_json_attr_item(src, "reasons"), out);
    if (rc != 0) {
        bento_validation_free(out);
        out_of_memory(err);
    }
    free(recs);
    cJSON_Delete(root);
    return rc;
}
