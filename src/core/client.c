/* The asynchronous client: one worker thread owns a libcurl multi handle
 * and runs every transfer; callers post requests and take results from
 * a queue signalled through an eventfd.
 *
 * Locking: `mu` guards everything the caller side touches (inbox, cancel
 * list, results, pending registry, budget, counters). The active job list
 * and the multi handle belong to the worker alone. curl_multi_wakeup is
 * the only libcurl call made from other threads.
 *
 * This file is the caller's side (configuration, posting, cancelling,
 * taking results, the blocking call); the worker is client_worker.c. */
#include "bento/client.h"
#include "bento/decode.h"
#include "bento/profile.h"
#include "bento/version.h"
#include "client_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

/* ---- small helpers ------------------------------------------------------ */

static void wipe(char *s)
{
    if (s)
        explicit_bzero(s, strlen(s));
}

/* ---- configuration ------------------------------------------------------ */

void bento_client_config_default(struct bento_client_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->base_url = BENTO_DEFAULT_BASE_URL;
    bento_limits_default(&cfg->limits);
    cfg->connect_timeout_ms = 10000;
    cfg->timeout_ms = BENTO_DEADLINE_DEFAULT_MS;
    cfg->batch_timeout_ms = BENTO_BATCH_DEADLINE_DEFAULT_MS;
    cfg->max_retries = 4;
    cfg->max_parallel = 4;
}

static bool blank(const char *s)
{
    return !s || !*s;
}

static int copy_config(struct bento_client *c, const struct bento_client_config *cfg)
{
    c->base_url = strdup(blank(cfg->base_url) ? BENTO_DEFAULT_BASE_URL : cfg->base_url);
    c->publishable_key = strdup(cfg->publishable_key);
    c->secret_key = strdup(cfg->secret_key);
    c->site_uuid = strdup(cfg->site_uuid);
    c->user_agent = dup_or_null(cfg->user_agent);
    if (!c->base_url || !c->publishable_key || !c->secret_key || !c->site_uuid ||
        (cfg->user_agent && !c->user_agent))
        return -1;
    c->target = (struct bento_http_target){
        .base_url = c->base_url,
        .publishable_key = c->publishable_key,
        .secret_key = c->secret_key,
        .site_uuid = c->site_uuid,
        .user_agent = c->user_agent,
        .connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000};
    c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : BENTO_DEADLINE_DEFAULT_MS;
    c->batch_timeout_ms = cfg->batch_timeout_ms > 0 ? cfg->batch_timeout_ms
                                                    : BENTO_BATCH_DEADLINE_DEFAULT_MS;
    c->max_retries = cfg->max_retries > 0 ? cfg->max_retries : 0;
    c->max_parallel = cfg->max_parallel > 0 ? cfg->max_parallel : 1;
    return 0;
}

/* ---- the caller's side ------------------------------------------------------ */

static void client_destroy(struct bento_client *c)
{
    wipe(c->secret_key);
    free(c->base_url);
    free(c->publishable_key);
    free(c->secret_key);
    free(c->site_uuid);
    free(c->user_agent);
    free(c->cancels);
    free(c->pend);
    bento_budget_free(c->budget);
    if (c->multi)
        curl_multi_cleanup(c->multi);
    if (c->efd >= 0)
        close(c->efd);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cond);
    free(c);
}

static bool config_ok(const struct bento_client_config *cfg, struct bento_error *err)
{
    if (!cfg) {
        bento_error_set(err, BENTO_E_USAGE, "No client configuration was given.");
        return false;
    }
    if (blank(cfg->publishable_key) || blank(cfg->secret_key) || blank(cfg->site_uuid)) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "The publishable key, secret key and site_uuid are all needed: set them in "
                        "the profile.");
        return false;
    }
    return true;
}

struct bento_client *bento_client_new(const struct bento_client_config *cfg,
                                      struct bento_error *err)
{
    struct bento_error scratch;
    struct bento_client *c;

    if (!err)
        err = &scratch;
    bento_error_clear(err);
    if (!config_ok(cfg, err))
        return NULL;
    bento_http_global_init();
    c = calloc(1, sizeof *c);
    if (!c) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory starting the API client.");
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cond, NULL);
    c->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    c->next_id = 1;
    c->rng = (uint64_t)bento_http_wall_ms() * 6364136223846793005ULL ^ (uintptr_t)c;
    if (!c->rng)
        c->rng = 88172645463325252ULL;
    c->budget = bento_budget_new(&cfg->limits);
    for (int f = 0; c->budget && f < BENTO_FAM__COUNT; f++)
        bento_budget_set_spacing(c->budget, (enum bento_family)f, SLACK_MARGIN_MS);
    c->multi = curl_multi_init();
    if (c->efd < 0 || !c->budget || !c->multi || copy_config(c, cfg) < 0) {
        bento_error_set(err, BENTO_E_NOMEM, "Could not set up the API client (out of resources).");
        client_destroy(c);
        return NULL;
    }
    curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->max_parallel);
    if (pthread_create(&c->thread, NULL, client_worker_main, c) != 0) {
        bento_error_set(err, BENTO_E_NOMEM, "Could not start the API client's worker thread.");
        client_destroy(c);
        return NULL;
    }
    c->thread_started = true;
    return c;
}

int bento_client_wake_fd(const struct bento_client *c)
{
    return c ? c->efd : -1;
}

static struct job *job_new(struct bento_request *req)
{
    struct job *j = calloc(1, sizeof *j);
    struct result_box *box = calloc(1, sizeof *box);
    if (!j || !box) {
        free(j);
        free(box);
        return NULL;
    }
    j->slot = -1;
    j->req = req;
    j->box = box;
    j->posted_ms = bento_http_mono_ms();
    box->r.op = req->op;
    box->r.user = req->user;
    if (is_batch_op(req->op))
        box->r.counts.parts_total = req->part_count;
    return j;
}

static bool pend_add_locked(struct bento_client *c, uint64_t id, int64_t posted)
{
    if (c->pend_count == c->pend_cap) {
        size_t cap = c->pend_cap ? c->pend_cap * 2 : 16;
        struct pending *grown = realloc(c->pend, cap * sizeof *grown);
        if (!grown)
            return false;
        c->pend = grown;
        c->pend_cap = cap;
    }
    c->pend[c->pend_count++] = (struct pending){id, posted};
    return true;
}

uint64_t bento_client_post(struct bento_client *c, struct bento_request *req)
{
    struct job *j;
    uint64_t id = 0;

    if (!c || !req) {
        bento_request_free(req);
        return 0;
    }
    j = job_new(req);
    if (!j) {
        bento_request_free(req);
        return 0;
    }
    client_start_deadline(c, j);
    pthread_mutex_lock(&c->mu);
    if (!c->stop && pend_add_locked(c, c->next_id, j->posted_ms)) {
        id = j->id = j->box->r.id = c->next_id++;
        if (c->inbox_tail)
            c->inbox_tail->next = j;
        else
            c->inbox = j;
        c->inbox_tail = j;
    }
    pthread_mutex_unlock(&c->mu);
    if (!id) {
        client_job_free(j);
        return 0;
    }
    curl_multi_wakeup(c->multi);
    return id;
}

struct bento_result *bento_client_next(struct bento_client *c)
{
    struct result_box *box;
    if (!c)
        return NULL;
    pthread_mutex_lock(&c->mu);
    box = c->results;
    if (box) {
        c->results = box->next;
        if (!c->results)
            c->results_tail = NULL;
        box->next = NULL;
    }
    client_drain_wake_locked(c);
    pthread_mutex_unlock(&c->mu);
    return box ? &box->r : NULL;
}

/* Under mu: take a still-queued job out of the inbox. */
static struct job *inbox_take_locked(struct bento_client *c, uint64_t id)
{
    struct job *prev = NULL;
    for (struct job *j = c->inbox; j; prev = j, j = j->next) {
        if (j->id != id)
            continue;
        if (prev)
            prev->next = j->next;
        else
            c->inbox = j->next;
        if (c->inbox_tail == j)
            c->inbox_tail = prev;
        j->next = NULL;
        return j;
    }
    return NULL;
}

static int cancel_later_locked(struct bento_client *c, uint64_t id)
{
    if (c->cancel_count == c->cancel_cap) {
        size_t cap = c->cancel_cap ? c->cancel_cap * 2 : 8;
        uint64_t *grown = realloc(c->cancels, cap * sizeof *grown);
        if (!grown)
            return -1;
        c->cancels = grown;
        c->cancel_cap = cap;
    }
    c->cancels[c->cancel_count++] = id;
    return 0;
}

int bento_client_cancel(struct bento_client *c, uint64_t id)
{
    struct job *j;
    int rc = -1;

    if (!c || !id)
        return -1;
    pthread_mutex_lock(&c->mu);
    j = inbox_take_locked(c, id);
    if (j) {
        bento_error_set(&j->box->r.err, BENTO_E_CANCELLED, "Cancelled before it was sent.");
        client_deliver_locked(c, j->box);
        j->box = NULL;
        rc = 0;
    } else if (client_pend_has(c, id)) {
        rc = cancel_later_locked(c, id);
    }
    pthread_mutex_unlock(&c->mu);
    if (j)
        client_job_free(j);
    else if (rc == 0)
        curl_multi_wakeup(c->multi);
    return rc;
}

void bento_client_set_wait_hook(struct bento_client *c, bento_wait_fn fn, void *user)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->wait_fn = fn;
    c->wait_user = user;
    pthread_mutex_unlock(&c->mu);
}

/* Under mu: ms until a request of fam may be sent (a 429 block or pacing). */
static int64_t held_back_locked(struct bento_client *c, enum bento_family fam)
{
    int64_t now = bento_http_mono_ms();
    int64_t until = bento_budget_blocked_until(c->budget, fam, now);
    if (c->pacing_until > until)
        until = c->pacing_until;
    return until > now ? until - now : 0;
}

/* Under mu: wait for a result, telling the hook about held-back time. */
static void call_wait_locked(struct bento_client *c, enum bento_family fam)
{
    if (!c->wait_fn) {
        pthread_cond_wait(&c->cond, &c->mu);
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 250L * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    if (pthread_cond_timedwait(&c->cond, &c->mu, &ts) == 0)
        return;
    bento_wait_fn fn = c->wait_fn;
    void *user = c->wait_user;
    int64_t ms = held_back_locked(c, fam);
    pthread_mutex_unlock(&c->mu);
    fn(user, ms);
    pthread_mutex_lock(&c->mu);
}

struct bento_result *bento_client_call(struct bento_client *c, struct bento_request *req)
{
    enum bento_family fam = req ? req->family : BENTO_FAM_FETCH;
    uint64_t id = bento_client_post(c, req);
    struct result_box *box = NULL;

    if (!id)
        return NULL;
    pthread_mutex_lock(&c->mu);
    while (!box) {
        struct result_box *prev = NULL;
        for (box = c->results; box && box->r.id != id; prev = box, box = box->next)
            ;
        if (!box) {
            call_wait_locked(c, fam);
            continue;
        }
        if (prev)
            prev->next = box->next;
        else
            c->results = box->next;
        if (c->results_tail == box)
            c->results_tail = prev;
        box->next = NULL;
    }
    client_drain_wake_locked(c);
    bento_wait_fn fn = c->wait_fn;
    void *user = c->wait_user;
    pthread_mutex_unlock(&c->mu);
    if (fn)
        fn(user, 0);
    return &box->r;
}

void bento_client_status(struct bento_client *c, struct bento_client_status *out)
{
    memset(out, 0, sizeof *out);
    if (!c)
        return;
    int64_t now = bento_http_mono_ms();
    pthread_mutex_lock(&c->mu);
    for (int f = 0; f < BENTO_FAM__COUNT; f++) {
        struct bento_family_limit lim = bento_budget_limit_at(c->budget, (enum bento_family)f, now);
        int64_t until = bento_budget_blocked_until(c->budget, (enum bento_family)f, now);
        out->limit[f] = lim.limit;
        out->window_ms[f] = lim.window_ms;
        out->remaining[f] = bento_budget_remaining(c->budget, (enum bento_family)f, now);
        out->blocked_ms[f] = until ? until - now : 0;
    }
    out->pacing_ms = c->pacing_until > now ? c->pacing_until - now : 0;
    out->in_flight = c->pend_count;
    for (size_t i = 0; i < c->pend_count; i++)
        if (now - c->pend[i].posted_ms > out->oldest_ms)
            out->oldest_ms = now - c->pend[i].posted_ms;
    out->requests_sent = c->requests_sent;
    out->responses_429 = c->responses_429;
    pthread_mutex_unlock(&c->mu);
}

void bento_client_set_limit(struct bento_client *c, enum bento_family fam,
                            struct bento_family_limit lim)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    bento_budget_set_limit(c->budget, fam, lim);
    pthread_mutex_unlock(&c->mu);
    curl_multi_wakeup(c->multi);
}

void bento_client_free(struct bento_client *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->stop = true;
    pthread_mutex_unlock(&c->mu);
    if (c->thread_started) {
        curl_multi_wakeup(c->multi);
        pthread_join(c->thread, NULL);
    }
    while (c->inbox) {
        struct job *j = c->inbox;
        c->inbox = j->next;
        client_job_free(j);
    }
    while (c->results) {
        struct result_box *box = c->results;
        c->results = box->next;
        bento_result_free(&box->r);
    }
    client_destroy(c);
}
