/* One broadcast draft checked and put in the shape /batch/broadcasts
 * takes (bento-api.md 3.6 #14), from the options of `broadcasts create`
 * or from a line of its -f file: the same rules either way. */
#include "cli/broadcasts_draft.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bento/validate.h"

static const char *const draft_keys[] = {"name",
                                         "subject",
                                         "content",
                                         "html",
                                         "from",
                                         "from_name",
                                         "inclusive_tags",
                                         "exclusive_tags",
                                         "segment_id",
                                         "type",
                                         "batch_size_per_hour"};

static int text_key(cJSON *out, const char *key, const char *what, const cJSON *v, bool required,
                    struct bento_error *err)
{
    char buf[BENTO_VALUE_MAX * 4];
    if (!v || cJSON_IsNull(v)) {
        if (required)
            bento_error_set(err, BENTO_E_VALIDATION, "%s is missing", what);
        return required ? -1 : 0;
    }
    char num[32];
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    if (cJSON_IsNumber(v) && snprintf(num, sizeof num, "%.0f", v->valuedouble) > 0)
        s = num;
    if (!s) {
        bento_error_set(err, BENTO_E_VALIDATION, "%s must be text", what);
        return -1;
    }
    if (bento_validate_text(what, s, buf, sizeof buf, err) < 0)
        return -1;
    cJSON_AddStringToObject(out, key, buf);
    return 0;
}

/* A comma list or an array of tag names, as the comma string Bento reads. */
static int tags_key(cJSON *out, const char *key, const cJSON *v, struct bento_error *err)
{
    char list[4096] = "", one[BENTO_VALUE_MAX];
    size_t n = 0;
    const cJSON *e;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (cJSON_IsString(v)) {
        char copy[4096];
        snprintf(copy, sizeof copy, "%s", v->valuestring);
        char *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (bento_validate_tag_name(t, one, sizeof one, err) < 0)
                return -1;
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "", one);
        }
    } else if (cJSON_IsArray(v)) {
        cJSON_ArrayForEach(e, v) {
            if (bento_validate_tag_name(cJSON_GetStringValue(e), one, sizeof one, err) < 0)
                return -1;
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "", one);
        }
    }
    if (!n || n >= sizeof list) {
        bento_error_set(err, BENTO_E_VALIDATION, "%s needs tag names separated by commas", key);
        return -1;
    }
    cJSON_AddStringToObject(out, key, list);
    return 0;
}

static int from_key(cJSON *out, const cJSON *in, struct bento_error *err)
{
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(in, "from");
    const cJSON *email = cJSON_IsObject(from) ? cJSON_GetObjectItemCaseSensitive(from, "email")
                                              : from;
    const cJSON *name = cJSON_IsObject(from) ? cJSON_GetObjectItemCaseSensitive(from, "name")
                                             : cJSON_GetObjectItemCaseSensitive(in, "from_name");
    char addr[BENTO_VALUE_MAX];
    if (!cJSON_IsString(email)) {
        bento_error_set(err, BENTO_E_VALIDATION, "From address is missing");
        return -1;
    }
    if (bento_validate_email(email->valuestring, addr, sizeof addr, err) < 0)
        return -1;
    cJSON *f = cJSON_AddObjectToObject(out, "from");
    cJSON_AddStringToObject(f, "email", addr);
    return text_key(f, "name", "From name", name, false, err);
}

static int content_key(cJSON *out, const cJSON *in, struct bento_error *err)
{
    const cJSON *html = cJSON_GetObjectItemCaseSensitive(in, "content");
    if (!html)
        html = cJSON_GetObjectItemCaseSensitive(in, "html");
    const char *s = cJSON_GetStringValue(html);
    while (s && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
        s++;
    if (!s || !*s) {
        bento_error_set(err, BENTO_E_VALIDATION, "The body (HTML) is missing or empty");
        return -1;
    }
    cJSON_AddStringToObject(out, "content", html->valuestring);
    return 0;
}

static int type_key(cJSON *out, const cJSON *v, struct bento_error *err)
{
    static const char *const types[] = {"plain", "raw", "html", "markdown"};
    if (!v || cJSON_IsNull(v))
        return 0;
    for (size_t i = 0; cJSON_IsString(v) && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(v->valuestring, types[i])) {
            cJSON_AddStringToObject(out, "type", types[i]);
            return 0;
        }
    bento_error_set(err, BENTO_E_VALIDATION, "Type must be one of plain, raw, html or markdown");
    return -1;
}

/* Bento's bounds are not documented (a mock says 10..250000): Bento
 * judges them, so only a whole positive number is asked for here. */
static int per_hour_key(cJSON *out, const cJSON *v, struct bento_error *err)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 1e9 ||
        v->valuedouble != (double)(long)v->valuedouble) {
        bento_error_set(err, BENTO_E_VALIDATION, "Sends per hour must be a whole number from 1");
        return -1;
    }
    cJSON_AddNumberToObject(out, "batch_size_per_hour", v->valuedouble);
    return 0;
}

static int unknown_key(const cJSON *in, struct bento_error *err)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, in) {
        bool known = false;
        for (size_t i = 0; i < sizeof draft_keys / sizeof draft_keys[0]; i++)
            known = known || !strcmp(e->string, draft_keys[i]);
        if (!known) {
            bento_error_set(err, BENTO_E_VALIDATION, "Unknown key \"%.60s\"", e->string);
            return -1;
        }
    }
    return 0;
}

cJSON *broadcast_draft_check(const cJSON *in, struct bento_error *err)
{
    if (!cJSON_IsObject(in)) {
        bento_error_set(err, BENTO_E_VALIDATION, "A draft must be a JSON object");
        return NULL;
    }
    cJSON *out = cJSON_CreateObject();
#define KEY(k) cJSON_GetObjectItemCaseSensitive(in, k)
    if (unknown_key(in, err) < 0 || text_key(out, "name", "Name", KEY("name"), true, err) < 0 ||
        text_key(out, "subject", "Subject", KEY("subject"), true, err) < 0 ||
        content_key(out, in, err) < 0 || from_key(out, in, err) < 0 ||
        tags_key(out, "inclusive_tags", KEY("inclusive_tags"), err) < 0 ||
        tags_key(out, "exclusive_tags", KEY("exclusive_tags"), err) < 0 ||
        text_key(out, "segment_id", "Segment id", KEY("segment_id"), false, err) < 0 ||
        type_key(out, KEY("type"), err) < 0 ||
        per_hour_key(out, KEY("batch_size_per_hour"), err) < 0) {
        cJSON_Delete(out);
        return NULL;
    }
#undef KEY
    return out;
}
