/* Requests for broadcasts, sequences, workflows and email templates
 * (content.h). Writes that would be wrong twice (drafts, a sequence
 * email, a template change made over a newer one) are at most once. */
#include "bento/content.h"
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

/* A raw request given its typed op. Takes body (may be NULL). */
static struct bento_request *typed(enum bento_op op, const char *method, const char *path,
                                   const char *query, char *body, bool once)
{
    struct bento_request *r = path ? bento_request_raw(method, path, query, body) : NULL;
    free(body);
    if (r) {
        r->op = op;
        if (once)
            bento_request_set_at_most_once(r);
    }
    return r;
}

/* prefix + the URL-encoded id + suffix, or NULL. */
static char *id_path(const char *prefix, const char *id, const char *suffix)
{
    char *esc = empty(id) ? NULL : curl_easy_escape(NULL, id, 0);
    char *path = NULL;
    if (esc) {
        size_t n = strlen(prefix) + strlen(esc) + strlen(suffix) + 1;
        if ((path = malloc(n)))
            snprintf(path, n, "%s%s%s", prefix, esc, suffix);
    }
    curl_free(esc);
    return path;
}

/* {"<wrapper>": copy of item} as text, or NULL. */
static char *wrapped(const char *wrapper, const cJSON *item)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(item, true);
    char *text = NULL;
    if (root && copy && cJSON_AddItemToObject(root, wrapper, copy))
        text = cJSON_PrintUnformatted(root);
    else
        cJSON_Delete(copy);
    cJSON_Delete(root);
    return text;
}

struct bento_request *bento_request_broadcasts_list(const char *status, long page, long per_page)
{
    char query[256] = "";
    size_t n = 0;
    char *esc = empty(status) ? NULL : curl_easy_escape(NULL, status, 0);
    if (!empty(status) && (!esc || strlen(esc) > 100)) {
        curl_free(esc);
        return NULL;
    }
    if (esc)
        n += (size_t)snprintf(query + n, sizeof query - n, "status=%s&", esc);
    if (page > 0)
        n += (size_t)snprintf(query + n, sizeof query - n, "page=%ld&", page);
    if (per_page > 0)
        n += (size_t)snprintf(query + n, sizeof query - n, "per_page=%ld&", per_page);
    curl_free(esc);
    if (n)
        query[n - 1] = '\0'; /* the last '&' */
    return typed(BENTO_OP_BROADCASTS_LIST, "GET", "/fetch/broadcasts", query, NULL, false);
}

struct bento_request *bento_request_broadcasts_create(const cJSON *broadcasts)
{
    int n = cJSON_IsArray(broadcasts) ? cJSON_GetArraySize(broadcasts) : 0;
    if (n < 1 || n > BENTO_CAP_BROADCASTS)
        return NULL;
    char *body = wrapped("broadcasts", broadcasts);
    struct bento_request *r = body ? typed(BENTO_OP_BROADCASTS_CREATE, "POST", "/batch/broadcasts",
                                           NULL, body, true)
                                   : NULL;
    if (r)
        r->body_records[0] = (size_t)n;
    return r;
}

static struct bento_request *paged(enum bento_op op, const char *path, long page)
{
    char query[32] = "";
    if (page > 0)
        snprintf(query, sizeof query, "page=%ld", page);
    return typed(op, "GET", path, query, NULL, false);
}

struct bento_request *bento_request_sequences_list(long page)
{
    return paged(BENTO_OP_SEQUENCES_LIST, "/fetch/sequences", page);
}

struct bento_request *bento_request_workflows_list(long page)
{
    return paged(BENTO_OP_WORKFLOWS_LIST, "/fetch/workflows", page);
}

/* The id GET /fetch/sequences gave, verbatim and URL-encoded (3.7 #16). */
struct bento_request *bento_request_sequence_add_email(const char *sequence_id,
                                                       const cJSON *email_template)
{
    if (!cJSON_IsObject(email_template))
        return NULL;
    char *path = id_path("/fetch/sequences/", sequence_id, "/emails/templates");
    char *body = path ? wrapped("email_template", email_template) : NULL;
    struct bento_request *r = typed(BENTO_OP_SEQUENCE_ADD_EMAIL, "POST", path, NULL, body, true);
    free(path);
    return r;
}

struct bento_request *bento_request_template_get(const char *id)
{
    char *path = id_path("/fetch/emails/templates/", id, "");
    struct bento_request *r = typed(BENTO_OP_TEMPLATE_GET, "GET", path, NULL, NULL, false);
    free(path);
    return r;
}

struct bento_request *bento_request_template_update(const char *id, const char *subject,
                                                    const char *html)
{
    if (!subject && !html)
        return NULL;
    cJSON *et = cJSON_CreateObject();
    bool ok = et && (!subject || cJSON_AddStringToObject(et, "subject", subject)) &&
              (!html || cJSON_AddStringToObject(et, "html", html));
    char *body = ok ? wrapped("email_template", et) : NULL;
    cJSON_Delete(et);
    char *path = body ? id_path("/fetch/emails/templates/", id, "") : NULL;
    struct bento_request *r = typed(BENTO_OP_TEMPLATE_UPDATE, "PATCH", path, NULL, body, true);
    free(path);
    return r;
}

struct bento_request *bento_request_workflow_stats(const char *id, long days,
                                                   const char *start_date, const char *end_date)
{
    char query[300] = "";
    if (empty(start_date) != empty(end_date))
        return NULL; /* one date alone: Bento answers 422 Invalid date range */
    if (!empty(start_date)) {
        char *s = curl_easy_escape(NULL, start_date, 0), *e = curl_easy_escape(NULL, end_date, 0);
        if (s && e && strlen(s) + strlen(e) < 120)
            snprintf(query, sizeof query, "start_date=%s&end_date=%s", s, e);
        curl_free(s);
        curl_free(e);
        if (!query[0])
            return NULL;
    } else if (days > 0) {
        snprintf(query, sizeof query, "days=%ld", days);
    }
    char *path = id_path("/fetch/workflows/", id, "/stats");
    struct bento_request *r = typed(BENTO_OP_WORKFLOW_STATS, "GET", path, query, NULL, false);
    free(path);
    return r;
}
