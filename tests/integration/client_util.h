/* Shared by the client integration tests: a client pointed at a simproc
 * sim, waiting for results on the wake fd, and journal look-ups. Header
 * only (static functions) so each test executable stays self-contained. */
#ifndef CLIENT_UTIL_H
#define CLIENT_UTIL_H

#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "bento/client.h"
#include "bento/sim.h"
#include "simproc.h"

static inline int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Demo credentials against sp; short timeouts and few retries so a
 * failing test fails fast. */
static inline void sim_config(struct bento_client_config *cfg, const struct simproc *sp)
{
    bento_client_config_default(cfg);
    cfg->base_url = sp->base_url;
    cfg->publishable_key = BENTO_SIM_DEMO_PUBLISHABLE;
    cfg->secret_key = BENTO_TEST_SECRET;
    cfg->site_uuid = BENTO_SIM_DEMO_SITE;
    cfg->user_agent = "bento-console-tests/1.0";
    cfg->timeout_ms = 10000;
    cfg->max_retries = 2;
}

/* The next result, waiting on the wake fd up to timeout_ms; NULL on timeout. */
static inline struct bento_result *wait_result(struct bento_client *c, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        struct bento_result *r = bento_client_next(c);
        int64_t left = deadline - now_ms();
        if (r || left <= 0)
            return r;
        struct pollfd p = {.fd = bento_client_wake_fd(c), .events = POLLIN};
        poll(&p, 1, (int)left);
    }
}

/* Journal entries for method + exact path, oldest first (caller frees). */
static inline cJSON *journal_for(const struct simproc *sp, const char *method, const char *path)
{
    cJSON *all = simproc_journal(sp), *out = cJSON_CreateArray(), *e;
    cJSON_ArrayForEach(e, all) {
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (m && p && !strcmp(m, method) && !strcmp(p, path))
            cJSON_AddItemToArray(out, cJSON_Duplicate(e, 1));
    }
    cJSON_Delete(all);
    return out;
}

static inline int entry_int(const cJSON *array, int i, const char *key)
{
    return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(array, i), key));
}

/* Wait (polling the status snapshot) until the client has sent n attempts. */
static inline int wait_sent(struct bento_client *c, uint64_t n, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    struct bento_client_status st;
    for (;;) {
        bento_client_status(c, &st);
        if (st.requests_sent >= n)
            return 0;
        if (now_ms() > deadline)
            return -1;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

#endif
