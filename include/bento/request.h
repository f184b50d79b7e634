/* Typed API requests. Build one with a bento_request_* constructor, then
 * hand it to the client (client.h), which takes ownership. Batch
 * constructors split their records into calls of at most Bento's cap
 * (subscribers 1000, events 1000, emails 60 and 768 KiB, commands 100);
 * the client sends the parts in order and sums their counters. */
#ifndef BENTO_REQUEST_H
#define BENTO_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

enum bento_op {
    BENTO_OP_RAW = 0,
    BENTO_OP_TAGS_LIST,
    BENTO_OP_TAGS_CREATE,
    BENTO_OP_TAGS_DELETE,
    BENTO_OP_FIELDS_LIST,
    BENTO_OP_FIELDS_CREATE,
    BENTO_OP_SUBSCRIBER_GET,
    BENTO_OP_SUBSCRIBER_CREATE,
    BENTO_OP_BATCH_SUBSCRIBERS,
    BENTO_OP_BATCH_EVENTS,
    BENTO_OP_BATCH_EMAILS,
    BENTO_OP_COMMANDS,
    BENTO_OP_AUTHORS_LIST,
    BENTO_OP_STATS_SITE,
    BENTO_OP_EMAIL_VALIDATE,
    /* content.h */
    BENTO_OP_BROADCASTS_LIST,
    BENTO_OP_BROADCASTS_CREATE,
    BENTO_OP_SEQUENCES_LIST,
    BENTO_OP_SEQUENCE_ADD_EMAIL,
    BENTO_OP_TEMPLATE_GET,
    BENTO_OP_TEMPLATE_UPDATE,
    BENTO_OP_WORKFLOWS_LIST,
    BENTO_OP_WORKFLOW_STATS,
    /* checks.h */
    BENTO_OP_CHECK_RULESET,
    BENTO_OP_CHECK_BLACKLIST,
    BENTO_OP_CHECK_MODERATION,
    BENTO_OP_CHECK_GENDER,
    BENTO_OP__COUNT
};

#define BENTO_CAP_SUBSCRIBERS 1000
#define BENTO_CAP_EVENTS 1000
#define BENTO_CAP_EMAILS 60
#define BENTO_CAP_COMMANDS 100
/* Bento documents no request size limit; its integrations keep batch
 * bodies under 1 MB, so a /batch/emails call carries at most this much
 * JSON (fewer than 60 emails when bodies are large). */
#define BENTO_EMAILS_CALL_BYTES (768u * 1024u)

struct bento_request;

/* All constructors return NULL only when out of memory or when a
 * required argument is NULL/empty. Strings are copied. */
struct bento_request *bento_request_tags_list(void);
struct bento_request *bento_request_tags_create(const char *name);
/* DELETE /fetch/tags/:id with body {"tag":{"name":name}}. */
struct bento_request *bento_request_tags_delete(const char *id, const char *name);
struct bento_request *bento_request_fields_list(void);
struct bento_request *bento_request_fields_create(const char *key);
/* Looks up by email when the text contains '@', else by uuid. */
struct bento_request *bento_request_subscriber_get(const char *email_or_uuid);
struct bento_request *bento_request_subscriber_create(const char *email);
/* records: a JSON array; it is copied, the caller keeps its own. */
struct bento_request *bento_request_batch_subscribers(const cJSON *records);
struct bento_request *bento_request_batch_events(const cJSON *events);
/* One /batch/subscribers or /batch/events call whose body the caller
 * built itself ({"subscribers":[...]} with `records` records, at most the
 * cap): for imports that stream records into the body. Takes body (a
 * malloc'd string) even on failure. */
struct bento_request *bento_request_batch_prepared(enum bento_op op, char *body, size_t records);
/* At most once (see bento_request_set_at_most_once): a retry could
 * deliver twice. */
struct bento_request *bento_request_batch_emails(const cJSON *emails);
/* commands: array of {"command","email","query"} (see bento_command). */
struct bento_request *bento_request_commands(const cJSON *commands);
struct bento_request *bento_request_authors_list(void);
struct bento_request *bento_request_stats_site(void);
/* POST /experimental/validation: Bento's heuristic verdict on one
 * address (email in the query, as OAS documents, and in the JSON body,
 * as the Node SDK sends it). */
struct bento_request *bento_request_email_validate(const char *email);
/* Any call: path relative to the base URL ("/fetch/tags"), query without
 * site_uuid (may be NULL, already URL-encoded), body JSON text or NULL. */
struct bento_request *bento_request_raw(const char *method, const char *path, const char *query,
                                        const char *body);

/* One /fetch/commands entry. query may be NULL (subscribe/unsubscribe);
 * it is taken over by the returned object. */
cJSON *bento_command(const char *name, const char *email, cJSON *query);

/* Marks a write that is not safe to repeat (an email, a broadcast, a
 * template change): it goes on a connection of its own that libcurl
 * cannot silently resend it on, the client never retries it, and a
 * timeout or lost connection after it left reports
 * BENTO_E_OUTCOME_UNKNOWN. */
void bento_request_set_at_most_once(struct bento_request *r);
bool bento_request_at_most_once(const struct bento_request *r);

/* Opaque pointer handed back untouched in the result. */
void bento_request_set_user(struct bento_request *r, void *user);
enum bento_op bento_request_op(const struct bento_request *r);
/* Number of HTTP calls the request will make (its split parts). */
size_t bento_request_parts(const struct bento_request *r);
/* Records carried by part `part` of a batch (0 when not a batch). */
size_t bento_request_part_records(const struct bento_request *r, size_t part);
void bento_request_free(struct bento_request *r);

const char *bento_op_name(enum bento_op op);

#endif
