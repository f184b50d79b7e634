/* A tiny libcurl client for the simulator's own integration tests, so
 * they do not depend on the console's client library. */
#ifndef SIMHTTP_H
#define SIMHTTP_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct simhttp_opts {
    const char *ua;   /* NULL = "bento-sim-tests/1.0"; "" = no header */
    const char *user; /* NULL = demo publishable key */
    const char *pass; /* NULL = demo secret key */
    int no_auth;      /* send no Authorization header */
    int no_site;      /* do not append site_uuid to the query */
    long timeout_ms;  /* 0 = 10 s */
};

struct simhttp_resp {
    long status; /* 0 = transport error */
    int curl_code;
    char *body; /* NUL-terminated */
    size_t len;
    size_t cap;
    char ctype[128];
    char retry_after[32]; /* "" if absent */
    double seconds;
};

/* method: "GET", "POST", "DELETE"... path: after /api/v1, may contain a
 * query. body may be NULL. opts may be NULL. */
int simhttp(const char *base_url, const char *method, const char *path, const char *body,
            const struct simhttp_opts *opts, struct simhttp_resp *r);
void simhttp_free(struct simhttp_resp *r);
/* Parse the body; NULL if it is not JSON. */
cJSON *simhttp_json(const struct simhttp_resp *r);

/* One call with default options: *status gets the HTTP status, the
 * result is the parsed body (NULL if not JSON). */
cJSON *simhttp_call(const char *base_url, const char *method, const char *path, const char *body,
                    long *status);

#endif
