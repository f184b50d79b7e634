/* What a request holds, shared by the constructors (request.c) and the
 * worker (client.c). Not part of the public API. */
#ifndef BENTO_REQUEST_INTERNAL_H
#define BENTO_REQUEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/ratelimit.h"
#include "bento/request.h"

struct bento_request {
    enum bento_op op;
    const char *method;   /* static string: "GET", "POST", "DELETE", ... */
    char *path;           /* relative to the base URL, e.g. "/fetch/tags/12" */
    char *query;          /* extra query without site_uuid, or NULL */
    char **bodies;        /* one JSON text per HTTP call; NULL entries = no body */
    size_t *body_records; /* records in each part (0 when not a batch) */
    size_t part_count;    /* >= 1 */
    enum bento_family family;
    bool is_batch_write;      /* uses the long batch timeout */
    bool retry_after_timeout; /* safe to repeat; false: at most once */
    void *user;
};

#endif
