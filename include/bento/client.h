/* The asynchronous API client. One worker thread owns libcurl and does
 * all network I/O; callers post requests and collect results from a
 * queue. The wake-up descriptor becomes readable whenever a result is
 * waiting, so a poll() loop can wait on keys and results together.
 * All functions are safe to call from any one caller thread; the
 * status snapshot is safe from any thread. */
#ifndef BENTO_CLIENT_H
#define BENTO_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "bento/checks.h"
#include "bento/content.h"
#include "bento/error.h"
#include "bento/model.h"
#include "bento/ratelimit.h"
#include "bento/request.h"

#define BENTO_DEADLINE_DEFAULT_MS 60000L
#define BENTO_BATCH_DEADLINE_DEFAULT_MS 300000L

struct bento_client_config {
    const char *base_url; /* e.g. "https://app.bentonow.com/api/v1" */
    const char *publishable_key;
    const char *secret_key;
    const char *site_uuid;
    const char *user_agent; /* NULL: "bento-console/<version>" */
    struct bento_limits limits;
    long connect_timeout_ms; /* default 10000 */
    /* The deadline of one request (of each part of a batch), from when it
     * is posted: every attempt, backoff and 429 wait happens inside it,
     * each attempt gets what is left, and when it passes the result is
     * one BENTO_E_TIMEOUT (or BENTO_E_OUTCOME_UNKNOWN for a write that is
     * never repeated). A Retry-After longer than what is left ends the
     * request at once with BENTO_E_RATE_LIMITED. */
    long timeout_ms;       /* reads and commands, default 60 s */
    long batch_timeout_ms; /* batch writes, default 300 s */
    int max_retries;       /* default 4; 429, 5xx, network */
    int max_parallel;      /* transfers at once, default 4 */
};

/* One HTTP attempt, for the Activity view. Bodies are kept (truncated to
 * 64 KiB); the Authorization header is never recorded. */
struct bento_exchange {
    char *method;
    char *path; /* path and query as sent, e.g. /fetch/tags?site_uuid=.. */
    enum bento_family family;
    int attempt;        /* 1 for the first try */
    int status;         /* 0 when no HTTP answer */
    int64_t started_ms; /* wall clock, ms since the epoch */
    int64_t latency_ms;
    char *request_body; /* NULL for none */
    char *response_body;
    struct bento_error err; /* kind BENTO_OK on success */
};

struct bento_result {
    uint64_t id;
    enum bento_op op;
    void *user;
    struct bento_error err; /* kind BENTO_OK on success */
    int http_status;        /* of the last exchange */
    /* Filled according to op; the rest stay zeroed. */
    struct bento_tag_list tags;         /* TAGS_LIST; TAGS_CREATE: the new tag */
    struct bento_field_list fields;     /* FIELDS_LIST; FIELDS_CREATE */
    struct bento_subscriber subscriber; /* SUBSCRIBER_GET / _CREATE */
    struct bento_author_list authors;   /* AUTHORS_LIST */
    struct bento_batch_counts counts;   /* BATCH_*, COMMANDS */
    struct bento_site_stats stats;      /* STATS_SITE */
    struct bento_validation validation; /* EMAIL_VALIDATE */
    struct bento_content content;       /* the content.h ops */
    struct bento_checks checks;         /* the checks.h ops (CHECK_RULESET: validation) */
    cJSON *json;                        /* the last body when it is JSON, for the ops
                                       * without a decoded record above (raw,
                                       * batch writes, commands); else NULL */
    struct bento_exchange *exchanges;   /* every attempt, oldest first */
    size_t exchange_count;
};

struct bento_client_status {
    int remaining[BENTO_FAM__COUNT]; /* budget left in the window */
    int limit[BENTO_FAM__COUNT];     /* 0 = unlimited */
    int64_t window_ms[BENTO_FAM__COUNT];
    int64_t blocked_ms[BENTO_FAM__COUNT]; /* ms left of a 429 wait, else 0 */
    int64_t pacing_ms;                    /* ms until the next paced send, else 0 */
    size_t in_flight;                     /* posted and not yet delivered */
    int64_t oldest_ms;                    /* age of the oldest of those */
    uint64_t requests_sent;               /* HTTP attempts so far */
    uint64_t responses_429;
};

void bento_client_config_default(struct bento_client_config *cfg);

struct bento_client *bento_client_new(const struct bento_client_config *cfg,
                                      struct bento_error *err);

/* Readable while at least one result waits in the queue. */
int bento_client_wake_fd(const struct bento_client *c);

/* Queue a request; the client owns it from now on. Returns its id (> 0),
 * or 0 when req is NULL or the client is shutting down. */
uint64_t bento_client_post(struct bento_client *c, struct bento_request *req);

/* Next finished result, or NULL when none is waiting. Never blocks. */
struct bento_result *bento_client_next(struct bento_client *c);

/* Cancel a queued or running request; its result still arrives, with
 * BENTO_E_CANCELLED. Returns 0 if found. */
int bento_client_cancel(struct bento_client *c, uint64_t id);

/* Post and wait for that request's result (for the command line; never
 * from a UI loop). Other results stay in the queue. */
struct bento_result *bento_client_call(struct bento_client *c, struct bento_request *req);

/* While bento_client_call waits it calls fn about four times a second
 * with the ms its request is held back (a 429 wait or pacing), 0 when it
 * is not, and once with 0 when the result is in. From the caller's
 * thread; fn NULL removes the hook. */
typedef void (*bento_wait_fn)(void *user, int64_t held_ms);
void bento_client_set_wait_hook(struct bento_client *c, bento_wait_fn fn, void *user);

void bento_client_status(struct bento_client *c, struct bento_client_status *out);
void bento_client_set_limit(struct bento_client *c, enum bento_family fam,
                            struct bento_family_limit lim);

/* Cancels everything in flight, joins the worker, frees what is left. */
void bento_client_free(struct bento_client *c);

void bento_result_free(struct bento_result *r);

#endif
