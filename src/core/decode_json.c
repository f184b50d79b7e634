/* Lenient JSON access for the decoders: Bento's SDKs disagree on types
 * and shapes, so every lookup accepts each variant seen in the wild. */
#include "decode_json.h"
#include "bento/decode.h"
#include "bento/sanitize.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXCERPT_MAX 160

void bento_json_bad_response(struct bento_error *err, const char *what, const char *body,
                             size_t len)
{
    if (!err)
        return;
    bento_error_set(err, BENTO_E_BAD_RESPONSE, "Bento sent a response that %s", what);
    if (body)
        bento_sanitize_line(body, len < EXCERPT_MAX ? len : EXCERPT_MAX, err->detail,
                            sizeof err->detail);
}

/* The JSON:API types Bento's answers carry (bento-api.md, section 3),
 * and what a user calls them. */
static const struct {
    const char *type, *words;
} known_types[] = {
    {"tags", "tags"},
    {"visitors", "subscribers"},
    {"visitors-fields", "custom fields"},
    {"sequences", "sequences"},
    {"workflows", "workflows"},
    {"email_template", "email templates"},
    {"broadcasts", "broadcasts"},
    {"authors", "authors"},
};

/* The row of known_types for type, or -1. */
static int known_type(const char *type)
{
    for (size_t i = 0; i < sizeof known_types / sizeof *known_types; i++)
        if (!strcmp(type, known_types[i].type))
            return (int)i;
    return -1;
}

static const char *type_words(const char *type)
{
    int i = known_type(type);
    return i < 0 ? type : known_types[i].words;
}

const char *bento_json_foreign_type(const char *type, const char *want, const char *also)
{
    if (!type || (want && !strcmp(type, want)) || (also && !strcmp(type, also)))
        return NULL;
    int i = known_type(type);
    return i < 0 ? NULL : known_types[i].type;
}

const char *bento_json_record_foreign(const cJSON *rec, const char *want, const char *also)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "type"));
    return bento_json_foreign_type(type, want, also);
}

void bento_json_wrong_kind(struct bento_error *err, const char *found, const char *want,
                           const char *also)
{
    char what[160];
    snprintf(what, sizeof what, "lists %s where %s%s%s were asked for", type_words(found),
             type_words(want), also ? " or " : "", also ? type_words(also) : "");
    bento_json_bad_response(err, what, NULL, 0);
}

static bool only_space(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    return true;
}

cJSON *bento_json_parse_object(const char *body, size_t len, struct bento_error *err)
{
    if (!body || len == 0 || len == SIZE_MAX) {
        bento_json_bad_response(err, "is empty where JSON was expected", NULL, 0);
        return NULL;
    }
    /* A private NUL-terminated copy: the parser never reads past it, and
     * an embedded NUL ends the text early, which the tail check catches. */
    char *copy = malloc(len + 1);
    if (!copy) {
        bento_json_out_of_memory(err);
        return NULL;
    }
    memcpy(copy, body, len);
    copy[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, false);
    bool tail_ok = root && end && only_space(end, copy + len);
    free(copy);
    if (!root || !tail_ok) {
        cJSON_Delete(root);
        bento_json_bad_response(err, "is not valid JSON", body, len);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        bento_json_bad_response(err, "is not a JSON object", body, len);
        return NULL;
    }
    return root;
}

static bool nonempty_object(const cJSON *item)
{
    return cJSON_IsObject(item) && item->child != NULL;
}

int bento_json_records(const cJSON *root, const cJSON ***recs, size_t *count)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const cJSON *el;
    size_t n = 0;

    *recs = NULL;
    *count = 0;
    if (nonempty_object(data)) {
        *recs = malloc(sizeof **recs);
        if (!*recs)
            return -1;
        (*recs)[0] = data;
        *count = 1;
        return 0;
    }
    if (!cJSON_IsArray(data))
        return 0;
    cJSON_ArrayForEach(el, data)
        n += nonempty_object(el);
    if (n == 0)
        return 0;
    *recs = malloc(n * sizeof **recs);
    if (!*recs)
        return -1;
    cJSON_ArrayForEach(el, data)
        if (nonempty_object(el))
            (*recs)[(*count)++] = el;
    return 0;
}

const cJSON *bento_json_attr_item(const cJSON *rec, const char *key)
{
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(rec, "attributes");
    const cJSON *item = NULL;
    if (cJSON_IsObject(attrs))
        item = cJSON_GetObjectItemCaseSensitive(attrs, key);
    if (!item || cJSON_IsNull(item))
        item = cJSON_GetObjectItemCaseSensitive(rec, key);
    return item;
}

char *bento_json_attr(const cJSON *rec, const char *key)
{
    return bento_json_strdup(bento_json_attr_item(rec, key));
}

static long clamp_long(double v)
{
    if (isnan(v))
        return 0;
    if (v >= (double)LONG_MAX)
        return LONG_MAX;
    if (v <= (double)LONG_MIN)
        return LONG_MIN;
    return (long)v;
}

bool bento_json_long(const cJSON *item, long *out)
{
    if (cJSON_IsNumber(item)) {
        *out = clamp_long(item->valuedouble);
        return true;
    }
    if (cJSON_IsString(item) && item->valuestring && *item->valuestring) {
        char *end;
        errno = 0;
        long v = strtol(item->valuestring, &end, 10);
        if (*end != '\0')
            return false;
        *out = v; /* strtol already clamps on overflow */
        return true;
    }
    return false;
}

bool bento_json_number_text(double v, char *buf, size_t cap)
{
    if (!isfinite(v))
        return false;
    /* ids are integers: print them whole, never as 1.2e+06. Doubles
     * beyond 2^63 are all integral; below, compare with the truncation
     * (no libm: bento_core does not link it). */
    bool integral = (v > -9.2e18 && v < 9.2e18) ? v == (double)(long long)v : true;
    if (integral) {
        snprintf(buf, cap, "%.0f", v);
    } else {
        snprintf(buf, cap, "%.15g", v);
        if (strtod(buf, NULL) != v)
            snprintf(buf, cap, "%.17g", v);
    }
    return true;
}

static char *format_number(double v)
{
    char buf[BENTO_JSON_NUMBER_MAX];
    return bento_json_number_text(v, buf, sizeof buf) ? strdup(buf) : NULL;
}

char *bento_json_strdup(const cJSON *item)
{
    if (cJSON_IsString(item))
        return strdup(item->valuestring ? item->valuestring : "");
    if (cJSON_IsNumber(item))
        return format_number(item->valuedouble);
    if (cJSON_IsBool(item))
        return strdup(cJSON_IsTrue(item) ? "true" : "false");
    return NULL;
}

/* whitelisted is documented as bool or null, and as string by OAS. */
int bento_json_tri_state(const cJSON *item)
{
    if (cJSON_IsBool(item))
        return cJSON_IsTrue(item) ? 1 : 0;
    if (cJSON_IsNumber(item))
        return item->valuedouble != 0;
    if (cJSON_IsString(item) && item->valuestring)
        return bento_json_tri_text(item->valuestring);
    return -1;
}

int bento_json_tri_text(const char *s)
{
    if (!strcmp(s, "true") || !strcmp(s, "1"))
        return 1;
    if (!strcmp(s, "false") || !strcmp(s, "0"))
        return 0;
    return -1;
}

int bento_json_open_records(const char *body, size_t len, cJSON **root, const cJSON ***recs,
                            size_t *count, struct bento_error *err)
{
    *recs = NULL;
    *count = 0;
    *root = bento_json_parse_object(body, len, err);
    if (!*root)
        return -1;
    if (bento_json_records(*root, recs, count) != 0) {
        cJSON_Delete(*root);
        *root = NULL;
        bento_json_out_of_memory(err);
        return -1;
    }
    return 0;
}

void bento_json_out_of_memory(struct bento_error *err)
{
    if (err)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading Bento's response");
}
