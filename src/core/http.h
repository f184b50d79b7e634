/* One HTTP exchange with the Bento API over libcurl: URL, auth, headers,
 * timeouts, and the captured answer. The client drives the easy handle
 * through a multi handle; bento_http_perform runs one synchronously.
 * Internal to the core. */
#ifndef BENTO_HTTP_H
#define BENTO_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curl/curl.h>

/* Largest response body kept; a bigger one fails the exchange. */
#define BENTO_HTTP_BODY_MAX ((size_t)64 << 20)
/* Largest answer parsed whole into a tree (not streamed): past it the
 * parse alone would outlast any deadline, so the transfer stops there. */
#define BENTO_HTTP_TREE_BODY_MAX ((size_t)16 << 20)

#define BENTO_HTTP_REFUSAL_MAX 256

/* What a streamed answer keeps of its body, for the record and errors. */
#define BENTO_HTTP_PREFIX_MAX ((size_t)64 * 1024)

/* Takes a 2xx answer's body as it arrives (see bento_http_stream_to). */
typedef void (*bento_http_sink_fn)(void *ctx, const char *data, size_t len);

/* Where and as whom to send. Strings are borrowed. */
struct bento_http_target {
    const char *base_url;
    const char *publishable_key;
    const char *secret_key;
    const char *site_uuid;
    const char *user_agent; /* NULL: BENTO_USER_AGENT; "": no header */
    long connect_timeout_ms;
};

struct bento_http_exchange {
    CURL *easy;
    struct curl_slist *headers;
    char *url;
    char *path_query; /* path and query as sent, for the record */
    const char *method;
    const char *request_body; /* borrowed; NULL for none */
    char *body;               /* response body, NUL-terminated */
    size_t len;
    size_t cap;
    size_t total;    /* body bytes received; len when not streamed */
    size_t body_max; /* 0: BENTO_HTTP_BODY_MAX */
    bool too_large;
    bento_http_sink_fn sink;
    void *sink_ctx;
    bool body_decided; /* the first body byte came: streamed or buffered */
    bool streamed;     /* body went to sink; body holds its first bytes */
    char content_type[128];
    char retry_after[64];
    char errbuf[CURL_ERROR_SIZE];
    char refusal[BENTO_HTTP_REFUSAL_MAX]; /* why the URL or peer may not get the keys */
    bool plain_http;                      /* http://: the peer must be loopback */
    long status;                          /* 0 when no HTTP answer */
    int curl_code;                        /* CURLE_OK on a complete answer */
    bool sent_anything;                   /* request bytes left this host */
    int64_t started_wall_ms;
    int64_t started_mono_ms;
    int64_t latency_ms;
};

/* Process-wide libcurl setup; safe to call any number of times. */
void bento_http_global_init(void);

/* Build the easy handle for one exchange. body is borrowed and must
 * outlive the exchange. Returns 0, or -1 when out of memory. */
int bento_http_begin(struct bento_http_exchange *x, const struct bento_http_target *t,
                     const char *method, const char *path, const char *query, const char *body,
                     long timeout_ms);

/* For a write that is not safe to repeat, after begin: a fresh
 * connection, closed after use. libcurl silently resends a request when a
 * reused connection dies before the first answer byte; on a connection
 * that was not reused it reports the failure instead. */
void bento_http_at_most_once(struct bento_http_exchange *x);

/* After begin: a 2xx answer's body goes to sink as it arrives, and body
 * keeps only its first BENTO_HTTP_PREFIX_MAX bytes; any other answer is
 * buffered whole as usual, for its error message. */
void bento_http_stream_to(struct bento_http_exchange *x, bento_http_sink_fn sink, void *ctx);

/* Record the outcome once libcurl finished the transfer. */
void bento_http_end(struct bento_http_exchange *x, CURLcode code);

/* begin + perform + end in the calling thread. */
int bento_http_perform(struct bento_http_exchange *x, const struct bento_http_target *t,
                       const char *method, const char *path, const char *query, const char *body,
                       long timeout_ms);

/* Free everything the exchange holds; safe on a zeroed struct. */
void bento_http_cleanup(struct bento_http_exchange *x);

int64_t bento_http_mono_ms(void);
int64_t bento_http_wall_ms(void);

#endif
