/* Decoders for Bento's experimental checks (checks.h): every key
 * optional, the answer at the top level, under "data" (an object or a
 * one-element array), or as a bare array, as the sources disagree. */
#include "bento/checks.h"
#include "bento/decode.h"
#include "decode_json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>

/* true/false, 0/1 or their strings (and yes/no); -1 for anything else. */
static int lenient_bool(const cJSON *item)
{
    if (cJSON_IsBool(item))
        return cJSON_IsTrue(item);
    if (cJSON_IsNumber(item))
        return item->valuedouble != 0;
    const char *s = cJSON_GetStringValue(item);
    if (s && (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes")))
        return 1;
    if (s && (!strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no")))
        return 0;
    return -1;
}

/* Parse body; the object that holds the answer: the root, or root[0]
 * (a bare array), then its "data" (an object or data[0]) when the answer
 * is not at the top. NULL with err set when there is no such object. */
static const cJSON *answer(const char *body, size_t len, cJSON **root, struct bento_error *err)
{
    *root = cJSON_ParseWithLength(body, len);
    const cJSON *a = cJSON_IsArray(*root) ? cJSON_GetArrayItem(*root, 0) : *root;
    const cJSON *data = cJSON_IsObject(a) ? cJSON_GetObjectItemCaseSensitive(a, "data") : NULL;
    if (cJSON_IsArray(data))
        data = cJSON_GetArrayItem(data, 0);
    if (cJSON_IsObject(data) && cJSON_GetArraySize(a) == 1)
        a = data;
    if (cJSON_IsObject(a))
        return a;
    bento_error_set(err, BENTO_E_BAD_RESPONSE,
                    "Bento's answer was not the JSON object expected; try again, or report it");
    cJSON_Delete(*root);
    *root = NULL;
    return NULL;
}

static void oom(struct bento_error *err)
{
    bento_error_set(err, BENTO_E_NOMEM, "Out of memory while reading Bento's answer");
}

static int fill_hits(const cJSON *results, struct bento_blacklist *out)
{
    size_t n = cJSON_IsObject(results) ? (size_t)cJSON_GetArraySize(results) : 0;
    if (n == 0)
        return 0;
    if (!(out->hits = calloc(n, sizeof *out->hits)))
        return -1;
    const cJSON *el;
    cJSON_ArrayForEach(el, results) {
        struct bento_blacklist_hit *h = &out->hits[out->hit_count];
        if (!el->string || !(h->name = strdup(el->string)))
            continue;
        h->listed = lenient_bool(el);
        out->hit_count++;
    }
    return 0;
}

int bento_decode_blacklist(const char *body, size_t len, struct bento_blacklist *out,
                           struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root;
    const cJSON *a = answer(body, len, &root, err);
    if (!a)
        return -1;
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(a, "results");
    out->results_null = cJSON_IsNull(results);
    out->query = bento_json_strdup(cJSON_GetObjectItemCaseSensitive(a, "query"));
    out->description = bento_json_strdup(cJSON_GetObjectItemCaseSensitive(a, "description"));
    int rc = fill_hits(results, out);
    cJSON_Delete(root);
    if (rc) {
        struct bento_checks c = {.blacklist = *out};
        bento_checks_free(&c);
        memset(out, 0, sizeof *out);
        oom(err);
    }
    return rc;
}

size_t bento_blacklist_listed(const struct bento_blacklist *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->hit_count; i++)
        n += b->hits[i].listed == 1;
    return n;
}

size_t bento_blacklist_clean(const struct bento_blacklist *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->hit_count; i++)
        n += b->hits[i].listed == 0;
    return n;
}

int bento_decode_moderation(const char *body, size_t len, struct bento_moderation *out,
                            struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root;
    const cJSON *a = answer(body, len, &root, err);
    if (!a)
        return -1;
    char *text = cJSON_PrintUnformatted(a);
    int rc = text ? bento_decode_validation(text, strlen(text), &out->v, err) : -1;
    free(text);
    out->safe_content = bento_json_strdup(
        cJSON_GetObjectItemCaseSensitive(a, "safe_original_content"));
    cJSON_Delete(root);
    if (rc) {
        free(out->safe_content);
        memset(out, 0, sizeof *out);
        if (err->kind == BENTO_OK)
            oom(err);
    }
    return rc;
}

int bento_decode_gender(const char *body, size_t len, struct bento_gender *out,
                        struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    out->confidence = -1;
    cJSON *root;
    const cJSON *a = answer(body, len, &root, err);
    if (!a)
        return -1;
    const char *g = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "gender"));
    if (g && *g && strcasecmp(g, "unknown") != 0)
        out->gender = strdup(g);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(a, "confidence");
    double v = cJSON_IsNumber(c) ? c->valuedouble : -1;
    if (cJSON_IsString(c) && c->valuestring) {
        char *end;
        v = strtod(c->valuestring, &end);
        if (end == c->valuestring || *end)
            v = -1;
    }
    if (v > 1 && v <= 100) /* a percentage */
        v /= 100;
    out->confidence = v >= 0 && v <= 1 ? v : -1;
    cJSON_Delete(root);
    return 0;
}

void bento_checks_free(struct bento_checks *c)
{
    if (!c)
        return;
    free(c->blacklist.query);
    free(c->blacklist.description);
    for (size_t i = 0; i < c->blacklist.hit_count; i++)
        free(c->blacklist.hits[i].name);
    free(c->blacklist.hits);
    bento_validation_free(&c->moderation.v);
    free(c->moderation.safe_content);
    free(c->gender.gender);
    memset(c, 0, sizeof *c);
}
