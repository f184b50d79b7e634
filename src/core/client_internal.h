/* Shared by client.c (the caller's side) and client_worker.c (the
 * worker thread): the client's state and the few calls between them.
 * Not public API. Locking is described in client.c. */
#ifndef BENTO_CLIENT_INTERNAL_H
#define BENTO_CLIENT_INTERNAL_H

#include "bento/client.h"
#include "http.h"
#include "request_internal.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define EXCHANGE_BODY_MAX ((size_t)64 * 1024)
#define POLL_MAX_MS 1000
#define SLACK_MARGIN_MS 2 /* added to every window: clock granularity */

/* A result with the queue link the caller never sees; r comes first so
 * a struct bento_result pointer is also the box pointer. */
struct result_box {
    struct bento_result r;
    struct result_box *next;
};

struct job {
    uint64_t id;
    struct bento_request *req;
    struct result_box *box;
    size_t part;        /* part being sent */
    int attempt;        /* attempts made on this part */
    int64_t posted_ms;  /* monotonic */
    int64_t started_ms; /* monotonic; when this part's deadline began */
    int64_t deadline;   /* monotonic; the part fails when it passes */
    int64_t not_before; /* monotonic; backoff or pacing */
    bool running;
    bool start_now;
    bool expired; /* its rate-limit wait would pass the deadline */
    long slot;    /* rate-limit slot of the attempt, or -1 */
    struct bento_http_exchange x;
    struct bento_list_stream *stream; /* a list's decoder, fed as it arrives */
    struct job *next;
};

struct pending {
    uint64_t id;
    int64_t posted_ms;
};

struct bento_client {
    char *base_url, *publishable_key, *secret_key, *site_uuid, *user_agent;
    struct bento_http_target target;
    long timeout_ms, batch_timeout_ms;
    int max_retries, max_parallel;

    pthread_mutex_t mu;
    pthread_cond_t cond;
    int efd;
    bool stop;
    uint64_t next_id;
    struct job *inbox, *inbox_tail;
    uint64_t *cancels;
    size_t cancel_count, cancel_cap;
    struct result_box *results, *results_tail;
    struct pending *pend;
    size_t pend_count, pend_cap;
    struct bento_budget *budget;
    int64_t pacing_until;
    uint64_t requests_sent, responses_429;
    bento_wait_fn wait_fn;
    void *wait_user;

    /* worker only */
    CURLM *multi;
    pthread_t thread;
    bool thread_started;
    struct job *active;
    size_t running;
    uint64_t rng;
};

static inline char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static inline bool is_batch_op(enum bento_op op)
{
    return op == BENTO_OP_BATCH_SUBSCRIBERS || op == BENTO_OP_BATCH_EVENTS ||
           op == BENTO_OP_BATCH_EMAILS || op == BENTO_OP_COMMANDS;
}

/* client_worker.c */
void *client_worker_main(void *arg);
void client_job_free(struct job *j);
void client_deliver_locked(struct bento_client *c, struct result_box *box);
void client_drain_wake_locked(struct bento_client *c);
bool client_pend_has(const struct bento_client *c, uint64_t id);
void client_start_deadline(const struct bento_client *c, struct job *j);

#endif
