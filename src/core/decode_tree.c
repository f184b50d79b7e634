/* The tree decoders of lists (see decode_tree.h): the behaviour the
 * streaming decoder must reproduce record for record. */
#include "decode_tree.h"
#include "bento/decode.h"
#include "decode_json.h"

#include <stdlib.h>

typedef void (*fill_fn)(const cJSON *rec, void *item);

/* Decode the records under "data" into a calloc'd array of item_size
 * elements, each filled by fill. */
static int decode_list(const char *body, size_t len, size_t item_size, fill_fn fill, void **items,
                       size_t *count, struct bento_error *err)
{
    cJSON *root;
    const cJSON **recs;
    size_t n;

    *items = NULL;
    *count = 0;
    if (bento_json_open_records(body, len, &root, &recs, &n, err) != 0)
        return -1;
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
    int rc = decode_list(body, len, sizeof *out->items, fill_tag, &items, &out->count, err);
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
    int rc = decode_list(body, len, sizeof *out->items, fill_field, &items, &out->count, err);
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
    int rc = decode_list(body, len, sizeof *out->items, fill_author, &items, &out->count, err);
    out->items = items;
    out->arena = NULL;
    return rc;
}
