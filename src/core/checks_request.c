/* Requests for Bento's experimental checks (checks.h). They change
 * nothing on Bento, so the client may repeat them. Bento documents the
 * parameters in the query and its SDKs send a JSON body; Rails merges
 * the two, so short values go in both. */
#include "bento/checks.h"
#include "bento/request.h"
#include "request_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

static bool empty(const char *s)
{
    return !s || !*s;
}

/* A raw request given its op. Takes query and body (either may be NULL). */
static struct bento_request *typed(enum bento_op op, const char *method, const char *path,
                                   char *query, char *body)
{
    struct bento_request *r = bento_request_raw(method, path, query, body);
    free(query);
    free(body);
    if (r)
        r->op = op;
    return r;
}

/* "name=<value URL-encoded>", or NULL. */
static char *query_pair(const char *name, const char *value)
{
    char *esc = curl_easy_escape(NULL, value, 0);
    char *q = NULL;
    if (esc) {
        size_t n = strlen(name) + strlen(esc) + 2;
        if ((q = malloc(n)))
            snprintf(q, n, "%s=%s", name, esc);
    }
    curl_free(esc);
    return q;
}

/* {"name": value} as text, or NULL. */
static char *body_pair(const char *name, const char *value)
{
    cJSON *o = cJSON_CreateObject();
    char *text = o && cJSON_AddStringToObject(o, name, value) ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

static struct bento_request *both(enum bento_op op, const char *path, const char *name,
                                  const char *value)
{
    if (empty(value))
        return NULL;
    char *q = query_pair(name, value), *b = body_pair(name, value);
    if (!q || !b) {
        free(q);
        free(b);
        return NULL;
    }
    return typed(op, "POST", path, q, b);
}

struct bento_request *bento_request_check_ruleset(const char *email, bool block_free,
                                                  bool wiggle_room)
{
    if (empty(email))
        return NULL;
    char *pair = query_pair("email", email);
    cJSON *o = cJSON_CreateObject();
    char *q = NULL, *b = NULL;
    if (pair && o && cJSON_AddStringToObject(o, "email", email) &&
        cJSON_AddBoolToObject(o, "block_free_providers", block_free) &&
        cJSON_AddBoolToObject(o, "wiggleroom", wiggle_room) &&
        cJSON_AddBoolToObject(o, "wiggle_room", wiggle_room) && (q = malloc(strlen(pair) + 96))) {
        const char *bf = block_free ? "true" : "false", *wr = wiggle_room ? "true" : "false";
        sprintf(q, "%s&block_free_providers=%s&wiggleroom=%s&wiggle_room=%s", pair, bf, wr, wr);
        b = cJSON_PrintUnformatted(o);
    }
    free(pair);
    cJSON_Delete(o);
    if (!q || !b) {
        free(q);
        free(b);
        return NULL;
    }
    return typed(BENTO_OP_CHECK_RULESET, "POST", "/experimental/jesses_ruleset", q, b);
}

/* The suffix-less path, as the reference prefers. */
struct bento_request *bento_request_check_blacklist(const char *query, bool is_ip)
{
    if (empty(query))
        return NULL;
    char *q = query_pair(is_ip ? "ip" : "domain", query);
    return q ? typed(BENTO_OP_CHECK_BLACKLIST, "GET", "/experimental/blacklist", q, NULL) : NULL;
}

struct bento_request *bento_request_check_moderation(const char *content)
{
    char *b = content ? body_pair("content", content) : NULL;
    return b ? typed(BENTO_OP_CHECK_MODERATION, "POST", "/experimental/content_moderation", NULL, b)
             : NULL;
}

struct bento_request *bento_request_check_gender(const char *name)
{
    return both(BENTO_OP_CHECK_GENDER, "/experimental/gender", "name", name);
}
