/* Request constructors: method, path, query and the JSON bodies Bento
 * expects, with batches split into parts of at most Bento's caps.
 *
 * Retries: the client may resend a request after a timeout or a lost
 * connection unless it is marked at most once. That is safe for
 * everything but /batch/emails:
 *  - reads are side-effect free;
 *  - subscriber imports, tag/field creates and /fetch/commands set state
 *    (upsert, add/remove a tag, set a field, (un)subscribe), so applying
 *    one twice leaves the account as applying it once;
 *  - events carrying details.unique.key are de-duplicated by Bento, which
 *    is how callers that need exactly-once (purchases) must send them;
 *    other events are activity records where a rare duplicate is
 *    preferable to a silent loss. No extra key is added here.
 * An email sent twice reaches a person twice, so emails are never
 * resent once the outcome is unknown, not even by libcurl (http.c). */
#include "request_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

static struct bento_request *req_new(enum bento_op op, const char *method, const char *path,
                                     size_t parts)
{
    struct bento_request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->op = op;
    r->method = method;
    r->path = strdup(path);
    r->part_count = parts;
    r->bodies = calloc(parts, sizeof *r->bodies);
    r->body_records = calloc(parts, sizeof *r->body_records);
    if (!r->path || !r->bodies || !r->body_records) {
        bento_request_free(r);
        return NULL;
    }
    r->family = bento_family_for_path(path);
    r->retry_after_timeout = true;
    return r;
}

void bento_request_set_at_most_once(struct bento_request *r)
{
    if (r)
        r->retry_after_timeout = false;
}

bool bento_request_at_most_once(const struct bento_request *r)
{
    return r && !r->retry_after_timeout;
}

void bento_request_free(struct bento_request *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->bodies && i < r->part_count; i++)
        free(r->bodies[i]);
    free(r->bodies);
    free(r->body_records);
    free(r->path);
    free(r->query);
    free(r);
}

static bool empty(const char *s)
{
    return !s || !*s;
}

/* {"<wrapper>":{"<key>":value}} as compact text, or NULL. */
static char *wrapped_text(const char *wrapper, const char *key, const char *value)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *inner = cJSON_AddObjectToObject(root, wrapper);
    char *text = NULL;
    if (inner && (!value || cJSON_AddStringToObject(inner, key, value)))
        text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

static struct bento_request *single_write(enum bento_op op, const char *method, const char *path,
                                          const char *wrapper, const char *key, const char *value)
{
    struct bento_request *r = req_new(op, method, path, 1);
    if (!r)
        return NULL;
    r->bodies[0] = wrapped_text(wrapper, key, value);
    if (!r->bodies[0]) {
        bento_request_free(r);
        return NULL;
    }
    return r;
}

struct bento_request *bento_request_tags_list(void)
{
    return req_new(BENTO_OP_TAGS_LIST, "GET", "/fetch/tags", 1);
}

struct bento_request *bento_request_tags_create(const char *name)
{
    if (empty(name))
        return NULL;
    return single_write(BENTO_OP_TAGS_CREATE, "POST", "/fetch/tags", "tag", "name", name);
}

/* Path of one record: prefix + the URL-encoded id. */
static char *id_path(const char *prefix, const char *id)
{
    char *esc = curl_easy_escape(NULL, id, 0);
    char *path = NULL;
    if (esc) {
        size_t n = strlen(prefix) + strlen(esc) + 1;
        path = malloc(n);
        if (path) {
            strcpy(path, prefix);
            strcat(path, esc);
        }
    }
    curl_free(esc);
    return path;
}

struct bento_request *bento_request_tags_delete(const char *id, const char *name)
{
    struct bento_request *r;
    char *path;

    if (empty(id))
        return NULL;
    path = id_path("/fetch/tags/", id);
    if (!path)
        return NULL;
    /* The id is what Bento acts on; the name is sent as the SDKs do and
     * left out when the caller does not know it. */
    r = single_write(BENTO_OP_TAGS_DELETE, "DELETE", path, "tag", "name",
                     empty(name) ? NULL : name);
    free(path);
    return r;
}

struct bento_request *bento_request_fields_list(void)
{
    return req_new(BENTO_OP_FIELDS_LIST, "GET", "/fetch/fields", 1);
}

struct bento_request *bento_request_fields_create(const char *key)
{
    if (empty(key))
        return NULL;
    return single_write(BENTO_OP_FIELDS_CREATE, "POST", "/fetch/fields", "field", "key", key);
}

struct bento_request *bento_request_subscriber_get(const char *email_or_uuid)
{
    struct bento_request *r;
    const char *param;
    char *esc;

    if (empty(email_or_uuid))
        return NULL;
    r = req_new(BENTO_OP_SUBSCRIBER_GET, "GET", "/fetch/subscribers", 1);
    esc = curl_easy_escape(NULL, email_or_uuid, 0);
    if (!r || !esc) {
        curl_free(esc);
        bento_request_free(r);
        return NULL;
    }
    param = strchr(email_or_uuid, '@') ? "email=" : "uuid=";
    r->query = malloc(strlen(param) + strlen(esc) + 1);
    if (r->query) {
        strcpy(r->query, param);
        strcat(r->query, esc);
    }
    curl_free(esc);
    if (!r->query) {
        bento_request_free(r);
        return NULL;
    }
    return r;
}

struct bento_request *bento_request_subscriber_create(const char *email)
{
    if (empty(email))
        return NULL;
    return single_write(BENTO_OP_SUBSCRIBER_CREATE, "POST", "/fetch/subscribers", "subscriber",
                        "email", email);
}

/* {"<wrapper>":[count records starting at *cursor]}; advances *cursor. */
static char *part_text(const char *wrapper, const cJSON **cursor, size_t count)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, wrapper);
    char *text = NULL;
    size_t i;

    for (i = 0; arr && i < count && *cursor; i++, *cursor = (*cursor)->next) {
        cJSON *copy = cJSON_Duplicate(*cursor, 1);
        if (!copy || !cJSON_AddItemToArray(arr, copy)) {
            cJSON_Delete(copy);
            break;
        }
    }
    if (arr && i == count)
        text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

/* A request of nparts calls carrying counts[p] records each. */
static struct bento_request *batch_parts(enum bento_op op, const char *path, const char *wrapper,
                                         const cJSON *records, const size_t *counts, size_t nparts)
{
    struct bento_request *r = req_new(op, "POST", path, nparts);
    const cJSON *cursor = records->child;

    if (!r)
        return NULL;
    for (size_t p = 0; p < nparts; p++) {
        r->bodies[p] = part_text(wrapper, &cursor, counts[p]);
        r->body_records[p] = counts[p];
        if (!r->bodies[p]) {
            bento_request_free(r);
            return NULL;
        }
    }
    return r;
}

static struct bento_request *batch(enum bento_op op, const char *path, const char *wrapper,
                                   const cJSON *records, size_t cap)
{
    struct bento_request *r;
    size_t total, parts, *counts;

    if (!cJSON_IsArray(records) || cJSON_GetArraySize(records) <= 0)
        return NULL;
    total = (size_t)cJSON_GetArraySize(records);
    parts = (total + cap - 1) / cap;
    if (!(counts = malloc(parts * sizeof *counts)))
        return NULL;
    for (size_t p = 0; p < parts; p++)
        counts[p] = total - p * cap < cap ? total - p * cap : cap;
    r = batch_parts(op, path, wrapper, records, counts, parts);
    free(counts);
    return r;
}

/* Records per call: at most cap, and only as many as fit in max_bytes of
 * JSON (a record larger than that goes alone). NULL when out of memory. */
static size_t *parts_by_size(const cJSON *records, size_t cap, size_t max_bytes, size_t *nparts)
{
    size_t total = (size_t)cJSON_GetArraySize(records), n = 0, bytes = 0;
    size_t *counts = calloc(total, sizeof *counts);

    for (const cJSON *it = records->child; counts && it; it = it->next) {
        char *text = cJSON_PrintUnformatted(it);
        size_t len = text ? strlen(text) + 1 : 0;
        free(text);
        if (!len) {
            free(counts);
            return NULL;
        }
        if (counts[n] > 0 && (counts[n] == cap || bytes + len > max_bytes)) {
            n++;
            bytes = 0;
        }
        counts[n]++;
        bytes += len;
    }
    *nparts = n + 1;
    return counts;
}

struct bento_request *bento_request_batch_subscribers(const cJSON *records)
{
    struct bento_request *r = batch(BENTO_OP_BATCH_SUBSCRIBERS, "/batch/subscribers", "subscribers",
                                    records, BENTO_CAP_SUBSCRIBERS);
    if (r)
        r->is_batch_write = true;
    return r;
}

struct bento_request *bento_request_batch_events(const cJSON *events)
{
    struct bento_request *r = batch(BENTO_OP_BATCH_EVENTS, "/batch/events", "events", events,
                                    BENTO_CAP_EVENTS);
    if (r)
        r->is_batch_write = true;
    return r;
}

struct bento_request *bento_request_batch_prepared(enum bento_op op, char *body, size_t records)
{
    const char *path = op == BENTO_OP_BATCH_SUBSCRIBERS ? "/batch/subscribers"
                       : op == BENTO_OP_BATCH_EVENTS    ? "/batch/events"
                                                        : NULL;
    struct bento_request *r = path && body && records ? req_new(op, "POST", path, 1) : NULL;
    if (!r) {
        free(body);
        return NULL;
    }
    r->bodies[0] = body;
    r->body_records[0] = records;
    r->is_batch_write = true;
    return r;
}

/* Every email carries its own copy of the body, so big bodies also
 * limit how many go in one call. */
struct bento_request *bento_request_batch_emails(const cJSON *emails)
{
    struct bento_request *r = NULL;
    size_t nparts = 0, *counts = NULL;

    if (cJSON_IsArray(emails) && cJSON_GetArraySize(emails) > 0 &&
        (counts = parts_by_size(emails, BENTO_CAP_EMAILS, BENTO_EMAILS_CALL_BYTES, &nparts)))
        r = batch_parts(BENTO_OP_BATCH_EMAILS, "/batch/emails", "emails", emails, counts, nparts);
    free(counts);
    if (r) {
        r->is_batch_write = true;
        bento_request_set_at_most_once(r);
    }
    return r;
}

/* Bento documents the array form; one Node SDK release sent an object. */
struct bento_request *bento_request_commands(const cJSON *commands)
{
    return batch(BENTO_OP_COMMANDS, "/fetch/commands", "command", commands, BENTO_CAP_COMMANDS);
}

struct bento_request *bento_request_authors_list(void)
{
    return req_new(BENTO_OP_AUTHORS_LIST, "GET", "/fetch/authors", 1);
}

struct bento_request *bento_request_stats_site(void)
{
    return req_new(BENTO_OP_STATS_SITE, "GET", "/stats/site", 1);
}

/* Bento documents the parameters in the query and its Node SDK sends a
 * JSON body; Rails merges the two, so both carry the address. */
struct bento_request *bento_request_email_validate(const char *email)
{
    if (empty(email))
        return NULL;
    struct bento_request *r = req_new(BENTO_OP_EMAIL_VALIDATE, "POST", "/experimental/validation",
                                      1);
    char *esc = curl_easy_escape(NULL, email, 0);
    cJSON *body = cJSON_CreateObject();
    if (r && esc && body && cJSON_AddStringToObject(body, "email", email) &&
        (r->query = malloc(strlen("email=") + strlen(esc) + 1))) {
        strcpy(r->query, "email=");
        strcat(r->query, esc);
        r->bodies[0] = cJSON_PrintUnformatted(body);
    }
    curl_free(esc);
    cJSON_Delete(body);
    if (r && (!r->query || !r->bodies[0])) {
        bento_request_free(r);
        return NULL;
    }
    return r;
}

/* The static spelling of an HTTP method, or NULL for an unknown one. */
static const char *static_method(const char *method)
{
    static const char *const known[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    for (size_t i = 0; method && i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(method, known[i]) == 0)
            return known[i];
    return NULL;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A raw call gets the same timeout and retry rules as the typed one. */
static void raw_policy(struct bento_request *r)
{
    bool write = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
    if (write && has_prefix(r->path, "/batch/"))
        r->is_batch_write = true;
    if (write && has_prefix(r->path, "/batch/emails"))
        bento_request_set_at_most_once(r);
}

static char *with_slash(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 2);
    if (!out)
        return NULL;
    out[0] = '/';
    memcpy(out + 1, path, n + 1);
    return out;
}

struct bento_request *bento_request_raw(const char *method, const char *path, const char *query,
                                        const char *body)
{
    const char *m = static_method(method);
    struct bento_request *r;
    char *full;

    if (!m || empty(path))
        return NULL;
    full = path[0] == '/' ? strdup(path) : with_slash(path);
    if (!full)
        return NULL;
    r = req_new(BENTO_OP_RAW, m, full, 1);
    free(full);
    if (!r)
        return NULL;
    if ((!empty(query) && !(r->query = strdup(query))) ||
        (body && !(r->bodies[0] = strdup(body)))) {
        bento_request_free(r);
        return NULL;
    }
    raw_policy(r);
    return r;
}

cJSON *bento_command(const char *name, const char *email, cJSON *query)
{
    cJSON *cmd;

    if (empty(name) || empty(email) || !(cmd = cJSON_CreateObject())) {
        cJSON_Delete(query);
        return NULL;
    }
    if (!cJSON_AddStringToObject(cmd, "command", name) ||
        !cJSON_AddStringToObject(cmd, "email", email)) {
        cJSON_Delete(query);
        cJSON_Delete(cmd);
        return NULL;
    }
    if (query && !cJSON_AddItemToObject(cmd, "query", query)) {
        cJSON_Delete(query);
        cJSON_Delete(cmd);
        return NULL;
    }
    return cmd;
}

void bento_request_set_user(struct bento_request *r, void *user)
{
    if (r)
        r->user = user;
}

enum bento_op bento_request_op(const struct bento_request *r)
{
    return r ? r->op : BENTO_OP_RAW;
}

size_t bento_request_parts(const struct bento_request *r)
{
    return r ? r->part_count : 0;
}

size_t bento_request_part_records(const struct bento_request *r, size_t part)
{
    return r && part < r->part_count ? r->body_records[part] : 0;
}

const char *bento_op_name(enum bento_op op)
{
    static const char *const names[BENTO_OP__COUNT] = {
        [BENTO_OP_RAW] = "raw",
        [BENTO_OP_TAGS_LIST] = "tags_list",
        [BENTO_OP_TAGS_CREATE] = "tags_create",
        [BENTO_OP_TAGS_DELETE] = "tags_delete",
        [BENTO_OP_FIELDS_LIST] = "fields_list",
        [BENTO_OP_FIELDS_CREATE] = "fields_create",
        [BENTO_OP_SUBSCRIBER_GET] = "subscriber_get",
        [BENTO_OP_SUBSCRIBER_CREATE] = "subscriber_create",
        [BENTO_OP_BATCH_SUBSCRIBERS] = "batch_subscribers",
        [BENTO_OP_BATCH_EVENTS] = "batch_events",
        [BENTO_OP_BATCH_EMAILS] = "batch_emails",
        [BENTO_OP_COMMANDS] = "commands",
        [BENTO_OP_AUTHORS_LIST] = "authors_list",
        [BENTO_OP_STATS_SITE] = "stats_site",
        [BENTO_OP_EMAIL_VALIDATE] = "email_validate",
        [BENTO_OP_BROADCASTS_LIST] = "broadcasts_list",
        [BENTO_OP_BROADCASTS_CREATE] = "broadcasts_create",
        [BENTO_OP_SEQUENCES_LIST] = "sequences_list",
        [BENTO_OP_SEQUENCE_ADD_EMAIL] = "sequence_add_email",
        [BENTO_OP_TEMPLATE_GET] = "template_get",
        [BENTO_OP_TEMPLATE_UPDATE] = "template_update",
        [BENTO_OP_WORKFLOWS_LIST] = "workflows_list",
        [BENTO_OP_WORKFLOW_STATS] = "workflow_stats",
        [BENTO_OP_CHECK_RULESET] = "check_ruleset",
        [BENTO_OP_CHECK_BLACKLIST] = "check_blacklist",
        [BENTO_OP_CHECK_MODERATION] = "check_moderation",
        [BENTO_OP_CHECK_GENDER] = "check_gender",
    };
    if ((int)op < 0 || op >= BENTO_OP__COUNT || !names[op])
        return "unknown";
    return names[op];
}
