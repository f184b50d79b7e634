/* The client's worker thread: it owns the libcurl multi handle and the
 * active jobs, runs every attempt, and delivers results to the caller's
 * queue. See client.c for the locking. */
#include "client_internal.h"
#include "bento/decode.h"
#include "bento/profile.h"
#include "bento/version.h"
#include "decode_stream.h"

#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

/* ---- small helpers ------------------------------------------------------ */

static double next_random(struct bento_client *c)
{
    /* xorshift64*: good enough for jitter */
    c->rng ^= c->rng >> 12;
    c->rng ^= c->rng << 25;
    c->rng ^= c->rng >> 27;
    return (double)((c->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* ---- results ------------------------------------------------------------- */

static void exchange_free(struct bento_exchange *e)
{
    free(e->method);
    free(e->path);
    free(e->request_body);
    free(e->response_body);
}

void bento_result_free(struct bento_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->exchange_count; i++)
        exchange_free(&r->exchanges[i]);
    free(r->exchanges);
    bento_tag_list_free(&r->tags);
    bento_field_list_free(&r->fields);
    bento_subscriber_free(&r->subscriber);
    bento_author_list_free(&r->authors);
    bento_validation_free(&r->validation);
    bento_content_free(&r->content);
    bento_checks_free(&r->checks);
    cJSON_Delete(r->json);
    free((struct result_box *)r);
}

static void pend_remove(struct bento_client *c, uint64_t id)
{
    for (size_t i = 0; i < c->pend_count; i++) {
        if (c->pend[i].id == id) {
            c->pend[i] = c->pend[--c->pend_count];
            return;
        }
    }
}

bool client_pend_has(const struct bento_client *c, uint64_t id)
{
    for (size_t i = 0; i < c->pend_count; i++)
        if (c->pend[i].id == id)
            return true;
    return false;
}

/* Under mu: queue a finished result and make the wake fd readable. */
void client_deliver_locked(struct bento_client *c, struct result_box *box)
{
    uint64_t one = 1;
    box->next = NULL;
    if (c->results_tail)
        c->results_tail->next = box;
    else
        c->results = box;
    c->results_tail = box;
    pend_remove(c, box->r.id);
    if (write(c->efd, &one, sizeof one) < 0) {
        /* only fails when the counter is saturated: still readable */
    }
    pthread_cond_broadcast(&c->cond);
}

void client_drain_wake_locked(struct bento_client *c)
{
    uint64_t v;
    if (!c->results && read(c->efd, &v, sizeof v) < 0) {
        /* EAGAIN: nothing to drain */
    }
}

/* ---- jobs ---------------------------------------------------------------- */

void client_job_free(struct job *j)
{
    bento_http_cleanup(&j->x);
    bento_list_stream_free(j->stream);
    bento_request_free(j->req);
    if (j->box)
        bento_result_free(&j->box->r);
    free(j);
}

static void unlink_active(struct bento_client *c, struct job *j)
{
    for (struct job **p = &c->active; *p; p = &(*p)->next) {
        if (*p == j) {
            *p = j->next;
            return;
        }
    }
}

static void finish(struct bento_client *c, struct job *j, const struct bento_error *err)
{
    struct bento_result *r = &j->box->r;
    r->err = *err;
    unlink_active(c, j);
    pthread_mutex_lock(&c->mu);
    client_deliver_locked(c, j->box);
    pthread_mutex_unlock(&c->mu);
    j->box = NULL;
    client_job_free(j);
}

static void finish_kind(struct bento_client *c, struct job *j, enum bento_err_kind kind,
                        const char *msg)
{
    struct bento_error err;
    bento_error_set(&err, kind, "%s", msg);
    err.http_status = (int)j->x.status;
    finish(c, j, &err);
}

static char *dup_trunc(const char *s, size_t len)
{
    if (!s)
        return NULL;
    return strndup(s, len < EXCHANGE_BODY_MAX ? len : EXCHANGE_BODY_MAX);
}

static void record_exchange(struct job *j, const struct bento_error *err)
{
    struct bento_result *r = &j->box->r;
    struct bento_exchange *grown = realloc(r->exchanges, (r->exchange_count + 1) * sizeof *grown);
    const struct bento_http_exchange *x = &j->x;
    r->http_status = (int)x->status;
    if (!grown)
        return;
    r->exchanges = grown;
    grown[r->exchange_count++] = (struct bento_exchange){
        .method = strdup(x->method),
        .path = dup_or_null(x->path_query),
        .family = j->req->family,
        .attempt = j->attempt,
        .status = (int)x->status,
        .started_ms = x->started_wall_ms,
        .latency_ms = x->latency_ms,
        .request_body = x->request_body ? dup_trunc(x->request_body, strlen(x->request_body))
                                        : NULL,
        .response_body = x->len ? dup_trunc(x->body, x->len) : NULL,
        .err = *err,
    };
}

/* ---- decoding ------------------------------------------------------------ */

/* Lists are decoded as they arrive (decode_stream.h), never held whole. */
static bool list_kind(enum bento_op op, enum bento_list_kind *kind)
{
    switch (op) {
    case BENTO_OP_TAGS_LIST: *kind = BENTO_LIST_TAGS; return true;
    case BENTO_OP_FIELDS_LIST: *kind = BENTO_LIST_FIELDS; return true;
    case BENTO_OP_AUTHORS_LIST: *kind = BENTO_LIST_AUTHORS; return true;
    default: return false;
    }
}

static void feed_stream(void *ctx, const char *data, size_t len)
{
    bento_list_stream_feed(ctx, data, len);
}

/* A fresh decoder for each attempt; false when out of memory. */
static bool start_stream(struct job *j)
{
    enum bento_list_kind kind;
    bento_list_stream_free(j->stream);
    j->stream = NULL;
    if (!list_kind(j->box->r.op, &kind)) {
        /* a raw call's answer is only kept, not parsed into a tree */
        if (j->box->r.op != BENTO_OP_RAW)
            j->x.body_max = BENTO_HTTP_TREE_BODY_MAX;
        return true;
    }
    if (!(j->stream = bento_list_stream_new(kind)))
        return false;
    bento_http_stream_to(&j->x, feed_stream, j->stream);
    return true;
}

static int decode_streamed(struct job *j, struct bento_error *err)
{
    struct bento_result *r = &j->box->r;
    switch (r->op) {
    case BENTO_OP_TAGS_LIST: return bento_list_stream_finish_tags(j->stream, &r->tags, err);
    case BENTO_OP_FIELDS_LIST: return bento_list_stream_finish_fields(j->stream, &r->fields, err);
    default: return bento_list_stream_finish_authors(j->stream, &r->authors, err);
    }
}

static int decode_final(struct job *j, struct bento_error *err)
{
    struct bento_result *r = &j->box->r;
    const char *b = j->x.body;
    size_t n = j->x.len;

    if (j->x.streamed && j->stream)
        return decode_streamed(j, err);
    switch (r->op) {
    case BENTO_OP_TAGS_LIST:
    case BENTO_OP_TAGS_CREATE: return bento_decode_tags(b, n, &r->tags, err);
    case BENTO_OP_TAGS_DELETE:
        /* Bento has answered deletes with an empty body. */
        return n ? bento_decode_tags(b, n, &r->tags, err) : 0;
    case BENTO_OP_FIELDS_LIST:
    case BENTO_OP_FIELDS_CREATE: return bento_decode_fields(b, n, &r->fields, err);
    case BENTO_OP_SUBSCRIBER_GET:
    case BENTO_OP_SUBSCRIBER_CREATE: return bento_decode_subscriber(b, n, &r->subscriber, err);
    case BENTO_OP_AUTHORS_LIST: return bento_decode_authors(b, n, &r->authors, err);
    case BENTO_OP_STATS_SITE: return bento_decode_site_stats(b, n, &r->stats, err);
    case BENTO_OP_EMAIL_VALIDATE: return bento_decode_validation(b, n, &r->validation, err);
    case BENTO_OP_BROADCASTS_LIST:
        return bento_decode_broadcasts(b, n, &r->content.broadcasts, err);
    case BENTO_OP_BROADCASTS_CREATE:
        return bento_decode_broadcast_batch(b, n, &r->content.batch, err);
    case BENTO_OP_SEQUENCES_LIST:
    case BENTO_OP_WORKFLOWS_LIST: return bento_decode_flows(b, n, &r->content.flows, err);
    case BENTO_OP_SEQUENCE_ADD_EMAIL:
    case BENTO_OP_TEMPLATE_GET:
    case BENTO_OP_TEMPLATE_UPDATE: return bento_decode_template(b, n, &r->content.tmpl, err);
    case BENTO_OP_WORKFLOW_STATS: return bento_decode_workflow_stats(b, n, &r->content.wstats, err);
    case BENTO_OP_CHECK_RULESET: return bento_decode_validation(b, n, &r->validation, err);
    case BENTO_OP_CHECK_BLACKLIST: return bento_decode_blacklist(b, n, &r->checks.blacklist, err);
    case BENTO_OP_CHECK_MODERATION:
        return bento_decode_moderation(b, n, &r->checks.moderation, err);
    case BENTO_OP_CHECK_GENDER: return bento_decode_gender(b, n, &r->checks.gender, err);
    default:
        /* raw, batch writes, commands: the caller reads the JSON itself
         * (typed answers are not parsed twice: a big tag list is costly) */
        r->json = n ? cJSON_ParseWithLength(b, n) : NULL;
        return 0; /* batch counts are summed per part */
    }
}

/* A 2xx body that did not decode: keep the decoder's reason when it gave one. */
static void bad_body(struct job *j, struct bento_error *err)
{
    if (err->kind == BENTO_OK)
        bento_error_from_http(err, (int)j->x.status, j->x.content_type, j->x.body, j->x.len);
    err->http_status = (int)j->x.status;
}

/* ---- the outcome of one attempt ---------------------------------------- */

static void retry_later(struct job *j, int64_t wait_ms)
{
    bento_http_cleanup(&j->x);
    j->not_before = bento_http_mono_ms() + wait_ms;
}

/* Start a part's deadline: every attempt, backoff and 429 wait of the
 * part fits in it. */
void client_start_deadline(const struct bento_client *c, struct job *j)
{
    j->started_ms = bento_http_mono_ms();
    j->deadline = j->started_ms + (j->req->is_batch_write ? c->batch_timeout_ms : c->timeout_ms);
}

/* The deadline passed, or the next attempt could not start before it. */
static void deadline_passed(struct bento_client *c, struct job *j, const struct bento_error *last)
{
    struct bento_error err;
    bento_error_deadline(&err, j->deadline - j->started_ms, j->attempt, last);
    finish(c, j, &err);
}

/* Retry after wait_ms, unless that would pass the deadline. */
static void retry_within(struct bento_client *c, struct job *j, int64_t wait_ms,
                         const struct bento_error *last)
{
    if (bento_http_mono_ms() + wait_ms >= j->deadline)
        deadline_passed(c, j, last);
    else
        retry_later(j, wait_ms);
}

static bool retries_left(const struct bento_client *c, const struct job *j)
{
    return j->attempt <= c->max_retries;
}

static void part_succeeded(struct bento_client *c, struct job *j)
{
    struct bento_result *r = &j->box->r;
    struct bento_error err;

    bento_error_clear(&err);
    record_exchange(j, &err);
    if (is_batch_op(r->op)) {
        r->counts.parts_done++;
        r->counts.records_sent += j->req->body_records[j->part];
        if (bento_decode_batch_counts(j->x.body, j->x.len, &r->counts, &err) < 0) {
            bad_body(j, &err);
            finish(c, j, &err);
            return;
        }
    }
    if (j->part + 1 < j->req->part_count) {
        j->part++;
        j->attempt = 0;
        client_start_deadline(c, j);
        retry_later(j, 0);
        return;
    }
    if (decode_final(j, &err) < 0) {
        bad_body(j, &err);
        finish(c, j, &err);
        return;
    }
    bento_error_clear(&err);
    err.http_status = (int)j->x.status;
    finish(c, j, &err);
}

/* A Retry-After past the deadline ends the request at once, saying when
 * to try again; one that cannot be right does too, and blocks nothing. */
static void got_429(struct bento_client *c, struct job *j, struct bento_error *err)
{
    int64_t wall = bento_http_wall_ms(), now = bento_http_mono_ms(), wait;
    enum bento_retry_after ra = bento_retry_after_parse(j->x.retry_after, wall / 1000, &wait);
    if (ra == BENTO_RA_NONE)
        wait = bento_backoff_ms(j->attempt, next_random(c));
    pthread_mutex_lock(&c->mu);
    c->responses_429++;
    bento_budget_on_429(c->budget, j->req->family, now, ra == BENTO_RA_IMPLAUSIBLE ? 0 : wait);
    pthread_mutex_unlock(&c->mu);
    record_exchange(j, err);
    if (ra == BENTO_RA_IMPLAUSIBLE || (ra == BENTO_RA_WAIT && now + wait >= j->deadline)) {
        bento_error_retry_later(err, wait, wall, j->x.retry_after);
        finish(c, j, err);
    } else if (!retries_left(c, j)) {
        bento_error_attempts(err, j->attempt);
        finish(c, j, err);
    } else {
        retry_within(c, j, wait, err);
    }
}

static bool retryable_transport(enum bento_err_kind k)
{
    return k == BENTO_E_TIMEOUT || k == BENTO_E_DNS || k == BENTO_E_CONNECT || k == BENTO_E_NETWORK;
}

static void transport_failed(struct bento_client *c, struct job *j)
{
    struct bento_error err;
    bool sent = j->x.sent_anything;

    if (j->x.too_large)
        bento_error_set(&err, BENTO_E_BAD_RESPONSE,
                        "Bento's answer was larger than the %zu MiB this request may return "
                        "and was dropped: narrow the request; if it persists, ask Bento support.",
                        (j->x.body_max ? j->x.body_max : BENTO_HTTP_BODY_MAX) >> 20);
    else
        bento_error_from_curl(&err, j->x.curl_code, j->x.errbuf);
    if (sent && !j->req->retry_after_timeout &&
        (err.kind == BENTO_E_TIMEOUT || err.kind == BENTO_E_NETWORK)) {
        char detail[BENTO_ERROR_DETAIL_MAX];
        memcpy(detail, err.detail, sizeof detail);
        bento_error_set(&err, BENTO_E_OUTCOME_UNKNOWN,
                        "The send %s; Bento may or may not have queued it. Check the Activity pane "
                        "before sending again.",
                        err.kind == BENTO_E_TIMEOUT ? "timed out" : "lost its connection");
        memcpy(err.detail, detail, sizeof detail);
        record_exchange(j, &err);
        finish(c, j, &err);
        return;
    }
    record_exchange(j, &err);
    if (retryable_transport(err.kind) && (!sent || j->req->retry_after_timeout) &&
        bento_http_mono_ms() >= j->deadline)
        deadline_passed(c, j, &err);
    else if (retryable_transport(err.kind) && retries_left(c, j) &&
             (!sent || j->req->retry_after_timeout))
        retry_within(c, j, bento_backoff_ms(j->attempt, next_random(c)), &err);
    else {
        if (retryable_transport(err.kind))
            bento_error_attempts(&err, j->attempt);
        finish(c, j, &err);
    }
}

static void attempt_done(struct bento_client *c, struct job *j)
{
    struct bento_error err;
    long status = j->x.status;

    if (j->x.curl_code != CURLE_OK) {
        transport_failed(c, j);
        return;
    }
    if (status >= 200 && status < 300) {
        part_succeeded(c, j);
        return;
    }
    bento_error_from_http(&err, (int)status, j->x.content_type, j->x.body, j->x.len);
    if (status == 429) {
        got_429(c, j, &err);
        return;
    }
    record_exchange(j, &err);
    if (err.kind == BENTO_E_SERVER && j->req->retry_after_timeout && retries_left(c, j)) {
        retry_within(c, j, bento_backoff_ms(j->attempt, next_random(c)), &err);
    } else {
        if (err.kind == BENTO_E_SERVER)
            bento_error_attempts(&err, j->attempt);
        finish(c, j, &err);
    }
}

/* ---- the worker ------------------------------------------------------------ */

/* The attempt's call is over (answered, failed or cancelled): its
 * rate-limit slot frees a window from now. */
static void release_slot(struct bento_client *c, struct job *j)
{
    if (j->slot < 0)
        return;
    pthread_mutex_lock(&c->mu);
    bento_budget_release(c->budget, j->req->family, j->slot, bento_http_mono_ms());
    pthread_mutex_unlock(&c->mu);
    j->slot = -1;
}

static void start_transfer(struct bento_client *c, struct job *j)
{
    struct bento_request *req = j->req;
    int64_t left = j->deadline - bento_http_mono_ms();
    long timeout = left > 1 ? (long)left : 1; /* what is left of the deadline */

    j->start_now = false;
    if (left <= 0) {
        release_slot(c, j);
        deadline_passed(c, j, NULL);
        return;
    }
    if (bento_http_begin(&j->x, &c->target, req->method, req->path, req->query,
                         req->bodies[j->part], timeout) < 0) {
        release_slot(c, j);
        finish_kind(c, j, BENTO_E_NOMEM, "Out of memory preparing the request.");
        return;
    }
    if (!start_stream(j)) {
        release_slot(c, j);
        finish_kind(c, j, BENTO_E_NOMEM, "Out of memory preparing the request.");
        return;
    }
    if (!req->retry_after_timeout)
        bento_http_at_most_once(&j->x);
    j->attempt++;
    if (curl_multi_add_handle(c->multi, j->x.easy) != CURLM_OK) {
        release_slot(c, j);
        finish_kind(c, j, BENTO_E_NOMEM, "Could not start the transfer (libcurl refused it).");
        return;
    }
    j->running = true;
    c->running++;
}

/* Under mu: mark jobs that may send now; returns ms to the next deadline
 * of one that may not, or -1. */
static int64_t pick_ready_locked(struct bento_client *c, int64_t now)
{
    int64_t next = -1;
    size_t slots = c->running < (size_t)c->max_parallel ? (size_t)c->max_parallel - c->running : 0;

    c->pacing_until = 0;
    for (struct job *j = c->active; j; j = j->next) {
        if (j->running)
            continue;
        if (j->not_before <= now && slots) {
            enum bento_family fam = j->req->family;
            int64_t wait = bento_budget_take_slot(c->budget, fam, now, &j->slot);
            if (!wait) {
                j->start_now = true;
                slots--;
                c->requests_sent++;
                continue;
            }
            if (now + wait >= j->deadline) {
                j->expired = true; /* waiting is pointless: say so now */
                continue;
            }
            j->not_before = now + wait;
            if (!c->pacing_until || j->not_before < c->pacing_until)
                c->pacing_until = j->not_before;
        }
        if (j->not_before > now && (next < 0 || j->not_before - now < next))
            next = j->not_before - now;
    }
    return next;
}

/* A request that would wait past its deadline: for a 429 another call
 * got, say when Bento lets calls through again. */
static void expire(struct bento_client *c, struct job *j)
{
    struct bento_error err;
    int64_t now = bento_http_mono_ms();
    pthread_mutex_lock(&c->mu);
    int64_t until = bento_budget_blocked_until(c->budget, j->req->family, now);
    pthread_mutex_unlock(&c->mu);
    if (until)
        bento_error_retry_later(&err, until - now, bento_http_wall_ms(), NULL);
    else
        bento_error_deadline(&err, j->deadline - j->started_ms, j->attempt, NULL);
    finish(c, j, &err);
}

static void start_marked(struct bento_client *c)
{
    struct job *j = c->active, *next;
    for (; j; j = next) {
        next = j->next; /* start_transfer may finish and free j */
        if (j->expired)
            expire(c, j);
        else if (j->start_now)
            start_transfer(c, j);
    }
}

static struct job *job_for_easy(struct bento_client *c, CURL *easy)
{
    for (struct job *j = c->active; j; j = j->next)
        if (j->running && j->x.easy == easy)
            return j;
    return NULL;
}

static int collect_done(struct bento_client *c)
{
    CURLMsg *msg;
    int left, handled = 0;
    while ((msg = curl_multi_info_read(c->multi, &left))) {
        CURL *easy = msg->easy_handle;
        CURLcode code = msg->data.result;
        struct job *j;
        if (msg->msg != CURLMSG_DONE || !(j = job_for_easy(c, easy)))
            continue;
        curl_multi_remove_handle(c->multi, easy);
        j->running = false;
        c->running--;
        bento_http_end(&j->x, code);
        release_slot(c, j);
        attempt_done(c, j);
        handled++;
    }
    return handled;
}

static void stop_transfer(struct bento_client *c, struct job *j)
{
    if (!j->running)
        return;
    curl_multi_remove_handle(c->multi, j->x.easy);
    j->running = false;
    c->running--;
    release_slot(c, j);
}

static void cancel_job(struct bento_client *c, struct job *j)
{
    bool was_running = j->running;
    struct bento_error err;

    stop_transfer(c, j);
    if (was_running) {
        bento_error_set(&err, BENTO_E_CANCELLED,
                        "Cancelled while the request was on its way; Bento may still have received "
                        "it. Check before sending again.");
        j->x.latency_ms = bento_http_mono_ms() - j->x.started_mono_ms;
        record_exchange(j, &err);
    } else {
        bento_error_set(&err, BENTO_E_CANCELLED, "Cancelled before it was sent.");
    }
    finish(c, j, &err);
}

static void apply_cancels(struct bento_client *c, const uint64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (struct job *j = c->active; j; j = j->next) {
            if (j->id == ids[i]) {
                cancel_job(c, j);
                break;
            }
        }
    }
}

/* Move posted jobs to the active list and take pending cancels. */
static bool adopt_locked(struct bento_client *c, uint64_t **cancels, size_t *ncancel)
{
    struct job **tail = &c->active;
    while (*tail)
        tail = &(*tail)->next;
    *tail = c->inbox;
    c->inbox = c->inbox_tail = NULL;
    *cancels = c->cancels;
    *ncancel = c->cancel_count;
    c->cancels = NULL;
    c->cancel_count = c->cancel_cap = 0;
    return c->stop;
}

static void abort_all(struct bento_client *c)
{
    while (c->active) {
        struct job *j = c->active;
        stop_transfer(c, j);
        c->active = j->next;
        client_job_free(j);
    }
}

void *client_worker_main(void *arg)
{
    struct bento_client *c = arg;
    for (;;) {
        uint64_t *cancels;
        size_t ncancel;
        int64_t wait, now;
        int still;

        pthread_mutex_lock(&c->mu);
        bool stop = adopt_locked(c, &cancels, &ncancel);
        pthread_mutex_unlock(&c->mu);
        if (stop) {
            free(cancels);
            break;
        }
        apply_cancels(c, cancels, ncancel);
        free(cancels);

        now = bento_http_mono_ms();
        pthread_mutex_lock(&c->mu);
        wait = pick_ready_locked(c, now);
        pthread_mutex_unlock(&c->mu);
        start_marked(c);

        curl_multi_perform(c->multi, &still);
        if (collect_done(c) > 0)
            continue; /* finished parts may start the next right away */
        if (wait < 0 || wait > POLL_MAX_MS)
            wait = POLL_MAX_MS;
        curl_multi_poll(c->multi, NULL, 0, (int)wait, NULL);
    }
    abort_all(c);
    return NULL;
}
