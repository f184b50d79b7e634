/* Typed errors: every failure the core can report, with a one-line
 * message a marketer understands and the detail an operator needs. */
#ifndef BENTO_ERROR_H
#define BENTO_ERROR_H

#include <stddef.h>
#include <stdint.h>

enum bento_err_kind {
    BENTO_OK = 0,
    BENTO_E_CONFIG,       /* missing or bad credentials/profile/flags */
    BENTO_E_USAGE,        /* caller passed something invalid */
    BENTO_E_VALIDATION,   /* client-side check failed, or HTTP 422 */
    BENTO_E_BAD_REQUEST,  /* HTTP 400 */
    BENTO_E_AUTH,         /* HTTP 401: keys rejected */
    BENTO_E_SITE_UUID,    /* HTTP 401 that points at site_uuid */
    BENTO_E_BLOCKED_UA,   /* 403 with an HTML page (edge block, User-Agent) */
    BENTO_E_FORBIDDEN,    /* other 403 */
    BENTO_E_NOT_FOUND,    /* 404, or a lookup that found nobody */
    BENTO_E_RATE_LIMITED, /* 429 after retries ran out */
    BENTO_E_AUTHOR,       /* "Author not authorized to send on this account" */
    BENTO_E_SERVER,       /* 5xx */
    BENTO_E_HTTP,         /* any other non-2xx status */
    BENTO_E_BAD_RESPONSE, /* 2xx with a body that is not the JSON expected */
    BENTO_E_TIMEOUT,
    BENTO_E_OUTCOME_UNKNOWN, /* timeout on a write that is never retried */
    BENTO_E_DNS,
    BENTO_E_CONNECT,
    BENTO_E_TLS,
    BENTO_E_NETWORK, /* other transport failure */
    BENTO_E_CANCELLED,
    BENTO_E_NOMEM,
    BENTO_E_IO, /* local file problem */
    BENTO_E__COUNT
};

#define BENTO_ERROR_MSG_MAX 256
#define BENTO_ERROR_DETAIL_MAX 1024

struct bento_error {
    enum bento_err_kind kind;
    int http_status;                     /* 0 when no HTTP answer */
    char message[BENTO_ERROR_MSG_MAX];   /* one line: what failed, what to do */
    char detail[BENTO_ERROR_DETAIL_MAX]; /* sanitised server text, may be "" */
};

/* Reset to BENTO_OK with empty strings. */
void bento_error_clear(struct bento_error *err);

/* Set kind and a printf-style one-line message; detail is cleared. */
void bento_error_set(struct bento_error *err, enum bento_err_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Map a finished HTTP exchange with a non-2xx status (or a 2xx whose body
 * failed to parse, when status is 2xx) to a typed error. content_type may
 * be NULL; body need not be NUL-terminated. Never crashes on any input. */
void bento_error_from_http(struct bento_error *err, int status, const char *content_type,
                           const char *body, size_t len);

/* Map a libcurl CURLcode (passed as int so this header needs no curl.h). */
void bento_error_from_curl(struct bento_error *err, int curl_code, const char *curl_errbuf);

/* Extract the server's own message from an error body: tries "message",
 * "error", "errors" (string, array of strings, array of {field,message},
 * object of arrays), then plain text. Writes a sanitised single line into
 * out (always NUL-terminated). Returns out. */
char *bento_error_body_text(const char *body, size_t len, char *out, size_t out_size);

/* A 429 whose Retry-After does not fit in what is left of the request's
 * deadline: says how long Bento asks to wait and when (local clock) to try
 * again. wait_ms -1: unreadable header; over a day: not believable.
 * header is the Retry-After text as received. */
void bento_error_retry_later(struct bento_error *err, int64_t wait_ms, int64_t now_wall_ms,
                             const char *header);

/* The request's deadline of allowed_ms passed (or the next attempt could
 * not fit in it) after attempts tries (0: it never left the rate-limit
 * queue); last, when given, is the last attempt's error, named briefly. */
void bento_error_deadline(struct bento_error *err, int64_t allowed_ms, int attempts,
                          const struct bento_error *last);

/* The request gave up after attempts tries, each answered: the message
 * gets "(N attempts, last: STATUS)" before its final full stop. Nothing
 * for fewer than two. */
void bento_error_attempts(struct bento_error *err, int attempts);

/* Short stable name, e.g. "auth", "rate_limited" (for --json). */
const char *bento_error_kind_name(enum bento_err_kind kind);

/* Process exit code for the command line: 0 ok, 1 general, 2 usage,
 * 3 auth, 4 API/rate limit/not found/timeout, 5 file, 6 validation. */
int bento_error_exit_code(enum bento_err_kind kind);

#endif
