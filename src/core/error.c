/* Typed errors: HTTP statuses, server bodies and libcurl codes mapped to
 * one kind with a one-line message that says what failed and what to do.
 *
 * 401 is split by the body's shape. Rails answers a failed Basic-auth
 * check with its plain-text default ("HTTP Basic: Access denied."), so a
 * plain-text, HTML or empty 401 means the keys themselves were refused.
 * A 401 with a JSON body ({"error":"Unauthorized"} and friends) comes
 * from Bento's own controllers after the keys were accepted, which in
 * practice means a missing or foreign site_uuid. Real Bento does not
 * document this split; the simulator follows it, and both messages name
 * the other possibility so a user is never sent down one wrong path. */
#include "bento/error.h"
#include "bento/ratelimit.h"
#include "bento/sanitize.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>

void bento_error_clear(struct bento_error *err)
{
    if (!err)
        return;
    err->kind = BENTO_OK;
    err->http_status = 0;
    err->message[0] = '\0';
    err->detail[0] = '\0';
}

void bento_error_set(struct bento_error *err, enum bento_err_kind kind, const char *fmt, ...)
{
    va_list ap;
    char raw[BENTO_ERROR_MSG_MAX];

    if (!err)
        return;
    err->kind = kind;
    err->http_status = 0;
    err->detail[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    bento_sanitize_line(raw, strlen(raw), err->message, sizeof err->message);
}

/* ---- server text ------------------------------------------------------ */

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

static int looks_html(const char *content_type, const char *body, size_t len)
{
    const char *p = body ? skip_space(body, body + len) : NULL;
    if (content_type && strstr(content_type, "html"))
        return 1;
    return p && p < body + len && *p == '<';
}

/* Case-insensitive search in a buffer that need not be NUL-terminated. */
static const char *find_ci(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; hay && n <= len && i <= len - n; i++)
        if (!strncasecmp(hay + i, needle, n))
            return hay + i;
    return NULL;
}

static void put_line(const char *text, size_t len, char *out, size_t out_size)
{
    bento_sanitize_line(text, len, out, out_size);
}

/* The <title> of an HTML page, or a placeholder. */
static void html_text(const char *body, size_t len, char *out, size_t out_size)
{
    const char *end = body + len;
    const char *t = find_ci(body, len, "<title");
    const char *start = t ? memchr(t, '>', (size_t)(end - t)) : NULL;
    const char *stop = start ? find_ci(start, (size_t)(end - start), "</title") : NULL;

    out[0] = '\0';
    if (start && stop && stop > start + 1)
        put_line(start + 1, (size_t)(stop - start - 1), out, out_size);
    if (!out[0] || strspn(out, " ") == strlen(out))
        put_line("an HTML page", 12, out, out_size);
}

struct joiner {
    char buf[BENTO_ERROR_DETAIL_MAX];
    size_t len;
};

static void join_add(struct joiner *j, const char *field, const char *msg)
{
    int n;
    size_t room = sizeof j->buf - j->len;
    if (!msg || room < 2)
        return;
    n = snprintf(j->buf + j->len, room, "%s%s%s%s", j->len ? "; " : "", field ? field : "",
                 field ? " " : "", msg);
    if (n > 0)
        j->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* {field, message|detail|title} */
static void join_object(struct joiner *j, const cJSON *o)
{
    const char *keys[] = {"message", "detail", "title", "error"};
    const char *field = cJSON_GetStringValue(cJSON_GetObjectItem(o, "field"));
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(o, keys[i]));
        if (m) {
            join_add(j, field, m);
            return;
        }
    }
}

static void join_errors(struct joiner *j, const cJSON *errors)
{
    const cJSON *it;
    if (cJSON_IsString(errors)) {
        join_add(j, NULL, errors->valuestring);
    } else if (cJSON_IsArray(errors)) {
        cJSON_ArrayForEach(it, errors) {
            if (cJSON_IsString(it))
                join_add(j, NULL, it->valuestring);
            else if (cJSON_IsObject(it))
                join_object(j, it);
        }
    } else if (cJSON_IsObject(errors)) {
        /* Rails: {"field": ["message", ...]} */
        cJSON_ArrayForEach(it, errors) {
            const cJSON *m;
            if (cJSON_IsString(it))
                join_add(j, it->string, it->valuestring);
            else if (cJSON_IsArray(it))
                cJSON_ArrayForEach(m, it) {
                    if (cJSON_IsString(m))
                        join_add(j, it->string, m->valuestring);
                }
        }
    }
}

/* Server text from a parsed JSON body; 0 when it held none. */
static int json_text(const cJSON *root, char *out, size_t out_size)
{
    struct joiner j = {.len = 0};
    const char *msg;

    j.buf[0] = '\0';
    if (!cJSON_IsObject(root))
        return 0;
    msg = cJSON_GetStringValue(cJSON_GetObjectItem(root, "message"));
    if (!msg)
        msg = cJSON_GetStringValue(cJSON_GetObjectItem(root, "error"));
    if (!msg) {
        const cJSON *e = cJSON_GetObjectItem(root, "error");
        if (cJSON_IsObject(e))
            return json_text(e, out, out_size);
        join_errors(&j, cJSON_GetObjectItem(root, "errors"));
        msg = j.len ? j.buf : NULL;
    }
    if (!msg)
        return 0;
    put_line(msg, strlen(msg), out, out_size);
    return 1;
}

char *bento_error_body_text(const char *body, size_t len, char *out, size_t out_size)
{
    cJSON *root;

    if (!out || !out_size)
        return out;
    out[0] = '\0';
    if (!body || !len)
        return out;
    root = cJSON_ParseWithLength(body, len);
    if (root && json_text(root, out, out_size)) {
        cJSON_Delete(root);
        return out;
    }
    cJSON_Delete(root);
    if (looks_html(NULL, body, len))
        html_text(body, len, out, out_size);
    else
        put_line(body, len, out, out_size);
    return out;
}

/* ---- HTTP status ------------------------------------------------------- */

static int is_json_body(const char *content_type, const char *body, size_t len)
{
    cJSON *root;
    int ok;
    if (content_type && strstr(content_type, "json") && len)
        return 1;
    if (!body || !len)
        return 0;
    root = cJSON_ParseWithLength(body, len);
    ok = cJSON_IsObject(root) || cJSON_IsArray(root);
    cJSON_Delete(root);
    return ok;
}

static int mentions_author(const char *body, size_t len)
{
    return find_ci(body, len, "Author not authorized") != NULL;
}

static void from_4xx(struct bento_error *err, int status, const char *content_type,
                     const char *body, size_t len)
{
    switch (status) {
    case 400:
        bento_error_set(
            err, BENTO_E_BAD_REQUEST,
            "Bento rejected the request as malformed (400): check the input against the "
            "expected fields.");
        break;
    case 401:
        if (is_json_body(content_type, body, len))
            bento_error_set(err, BENTO_E_SITE_UUID,
                            "Bento refused the request (401): check the site_uuid, and that these "
                            "keys can reach that site.");
        else
            bento_error_set(err, BENTO_E_AUTH,
                            "Bento rejected the API keys (401). Check the publishable and secret "
                            "keys in your profile.");
        break;
    case 403:
        if (looks_html(content_type, body, len))
            bento_error_set(
                err, BENTO_E_BLOCKED_UA,
                "Blocked before reaching Bento (403 HTML page): the request was stopped "
                "at the edge, usually for a missing or generic User-Agent.");
        else
            bento_error_set(
                err, BENTO_E_FORBIDDEN,
                "Bento refused access (403): check that these keys may use this site and "
                "that a real User-Agent is sent.");
        break;
    case 404:
        bento_error_set(err, BENTO_E_NOT_FOUND,
                        "Not found (404): the record does not exist, or this API path is wrong for "
                        "the base URL.");
        break;
    case 422:
        bento_error_set(err, BENTO_E_VALIDATION,
                        "Bento refused the data (422): fix the values it names and try again.");
        break;
    case 429:
        bento_error_set(err, BENTO_E_RATE_LIMITED,
                        "Rate limited by Bento (429): wait a minute before trying again, or send "
                        "fewer requests.");
        break;
    default:
        bento_error_set(err, BENTO_E_HTTP,
                        "Bento answered with HTTP %d: check the request, or try again later.",
                        status);
        break;
    }
}

void bento_error_from_http(struct bento_error *err, int status, const char *content_type,
                           const char *body, size_t len)
{
    if (!err)
        return;
    if (!body)
        len = 0;
    if ((status == 500 || status == 422) && mentions_author(body, len))
        bento_error_set(err, BENTO_E_AUTHOR,
                        "The From address is not an author on this account: add it under Emails -> "
                        "Authors in Bento, or pick an existing author.");
    else if (status >= 200 && status < 300)
        bento_error_set(
            err, BENTO_E_BAD_RESPONSE,
            "Bento answered %d with a body that is not the JSON expected: try again, and "
            "check the base URL if it persists.",
            status);
    else if (status >= 500 && status < 600)
        bento_error_set(err, BENTO_E_SERVER,
                        "Bento had a server error (%d): try again later, and check "
                        "https://status.bentonow.com.",
                        status);
    else if (status >= 400 && status < 500)
        from_4xx(err, status, content_type, body, len);
    else
        bento_error_set(err, BENTO_E_HTTP,
                        "Bento answered with unexpected HTTP status %d: check the base URL.",
                        status);
    err->http_status = status;
    bento_error_body_text(body, len, err->detail, sizeof err->detail);
}

/* ---- transport --------------------------------------------------------- */

static enum bento_err_kind curl_kind(int code)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return BENTO_E_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return BENTO_E_DNS;
    case CURLE_COULDNT_CONNECT: return BENTO_E_CONNECT;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return BENTO_E_CONFIG; /* the base URL: retrying cannot help */
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED: return BENTO_E_TLS;
    default: return BENTO_E_NETWORK;
    }
}

void bento_error_from_curl(struct bento_error *err, int curl_code, const char *curl_errbuf)
{
    const char *text;

    if (!err)
        return;
    switch (curl_kind(curl_code)) {
    case BENTO_E_TIMEOUT:
        bento_error_set(
            err, BENTO_E_TIMEOUT,
            "The request timed out before Bento answered: try again, or allow more time "
            "with --timeout.");
        break;
    case BENTO_E_DNS:
        bento_error_set(err, BENTO_E_DNS,
                        "Could not look up the API host name (DNS): check the base URL and the "
                        "network.");
        break;
    case BENTO_E_CONNECT:
        bento_error_set(
            err, BENTO_E_CONNECT,
            "Could not connect to the API server: check the network, a proxy or firewall, "
            "and the base URL.");
        break;
    case BENTO_E_TLS:
        bento_error_set(
            err, BENTO_E_TLS,
            "The secure (TLS) connection failed: check the system clock, CA certificates "
            "and any proxy that intercepts https.");
        break;
    case BENTO_E_CONFIG:
        /* the core's URL check wrote the one-line reason (see url.c) */
        if (curl_errbuf && *curl_errbuf && curl_code == CURLE_URL_MALFORMAT) {
            bento_error_set(err, BENTO_E_CONFIG, "%.255s", curl_errbuf);
        } else {
            bento_error_set(err, BENTO_E_CONFIG,
                            "The base URL is not one libcurl can use: use https://, or http:// "
                            "only to this machine.");
        }
        err->http_status = 0;
        return; /* the message says it all; no detail */
    default:
        bento_error_set(err, BENTO_E_NETWORK,
                        "The connection to Bento failed mid-request: check the network and try "
                        "again.");
        break;
    }
    err->http_status = 0;
    text = curl_errbuf && *curl_errbuf ? curl_errbuf : curl_easy_strerror((CURLcode)curl_code);
    bento_sanitize_line(text, strlen(text), err->detail, sizeof err->detail);
}

/* ---- deadlines ------------------------------------------------------------ */

/* "40 s", "2.5 s", "12 min", "5 h", "3650 days" */
static void fmt_wait(int64_t ms, char *buf, size_t size)
{
    int64_t s = (ms + 999) / 1000;
    if (ms < 10000 && ms % 1000)
        snprintf(buf, size, "%.1f s", (double)ms / 1000.0);
    else if (s < 120)
        snprintf(buf, size, "%lld s", (long long)s);
    else if (s < 120 * 60)
        snprintf(buf, size, "%lld min", (long long)((s + 59) / 60));
    else if (s < 48 * 3600)
        snprintf(buf, size, "%lld h", (long long)((s + 3599) / 3600));
    else
        snprintf(buf, size, "%lld days", (long long)(s / 86400));
}

/* Local time of wall_ms rounded up to the minute: "21:47", or
 * "2027-01-02 21:47" when it is not today. */
static void fmt_clock(int64_t wall_ms, int64_t now_wall_ms, char *buf, size_t size)
{
    time_t at = (time_t)((wall_ms + 59999) / 60000 * 60), now = (time_t)(now_wall_ms / 1000);
    struct tm t, today;
    localtime_r(&at, &t);
    localtime_r(&now, &today);
    if (t.tm_year == today.tm_year && t.tm_yday == today.tm_yday)
        strftime(buf, size, "%H:%M", &t);
    else
        strftime(buf, size, "%Y-%m-%d %H:%M", &t);
}

void bento_error_retry_later(struct bento_error *err, int64_t wait_ms, int64_t now_wall_ms,
                             const char *header)
{
    char wait[32], at[32], shown[48];
    if (!err)
        return;
    bento_sanitize_line(header ? header : "", header ? strlen(header) : 0, shown, sizeof shown);
    if (wait_ms < 0) {
        bento_error_set(err, BENTO_E_RATE_LIMITED,
                        "Rate limited by Bento (429) with an unreadable Retry-After \"%s\": wait "
                        "a minute and try again; if it persists, ask Bento support.",
                        shown);
    } else if (wait_ms > BENTO_RETRY_AFTER_MAX_MS) {
        bento_error_set(err, BENTO_E_RATE_LIMITED,
                        "Rate limited by Bento (429), asked to wait more than a day "
                        "(Retry-After \"%s\"), which cannot be right: wait a minute and try "
                        "again; if it persists, ask Bento support.",
                        shown);
    } else {
        fmt_wait(wait_ms, wait, sizeof wait);
        fmt_clock(now_wall_ms + wait_ms, now_wall_ms, at, sizeof at);
        bento_error_set(err, BENTO_E_RATE_LIMITED,
                        "Rate limited by Bento (429): it asks to wait %s, longer than this request "
                        "may take; try again at %s.",
                        wait, at);
    }
    err->http_status = 429;
}

/* A few words on why the last attempt failed: its HTTP status when it
 * had one. */
static const char *last_reason(const struct bento_error *last, char *buf, size_t size)
{
    if (last && last->http_status >= 100 && last->http_status <= 999) {
        snprintf(buf, size, "%d", last->http_status);
        return buf;
    }
    switch (last ? last->kind : BENTO_OK) {
    case BENTO_E_TIMEOUT: return "no reply in time";
    case BENTO_E_NETWORK: return "the connection failed";
    case BENTO_E_CONNECT: return "could not connect";
    case BENTO_E_DNS: return "the host name was not found";
    case BENTO_E_SERVER: return "a server error";
    case BENTO_E_RATE_LIMITED: return "rate limited (429)";
    default: return NULL;
    }
}

void bento_error_deadline(struct bento_error *err, int64_t allowed_ms, int attempts,
                          const struct bento_error *last)
{
    char wait[32], status[8];
    const char *why = last_reason(last, status, sizeof status);
    if (!err)
        return;
    fmt_wait(allowed_ms, wait, sizeof wait);
    if (attempts <= 0)
        bento_error_set(
            err, BENTO_E_TIMEOUT,
            "The request waited the %s allowed for the rate limit and was not sent: try "
            "again later, or allow more time with --timeout.",
            wait);
    else
        bento_error_set(err, BENTO_E_TIMEOUT,
                        "No answer from Bento within the %s allowed (%d attempt%s%s%s): try again "
                        "later, or allow more time with --timeout.",
                        wait, attempts, attempts == 1 ? "" : "s", why ? ", last: " : "",
                        why ? why : "");
}

void bento_error_attempts(struct bento_error *err, int attempts)
{
    char status[8], note[64];
    const char *why = err ? last_reason(err, status, sizeof status) : NULL;
    if (!err || attempts < 2)
        return;
    snprintf(note, sizeof note, " (%d attempts%s%s)", attempts, why ? ", last: " : "",
             why ? why : "");
    size_t n = strlen(err->message), k = strlen(note);
    bool stop = n && err->message[n - 1] == '.';
    if (stop)
        n--;
    if (n + k + stop >= sizeof err->message)
        return; /* no room: the message as it is */
    memcpy(err->message + n, note, k);
    if (stop)
        err->message[n + k++] = '.';
    err->message[n + k] = '\0';
}

/* ---- names and exit codes ---------------------------------------------- */

static const char *const kind_names[BENTO_E__COUNT] = {
    [BENTO_OK] = "ok",
    [BENTO_E_CONFIG] = "config",
    [BENTO_E_USAGE] = "usage",
    [BENTO_E_VALIDATION] = "validation",
    [BENTO_E_BAD_REQUEST] = "bad_request",
    [BENTO_E_AUTH] = "auth",
    [BENTO_E_SITE_UUID] = "site_uuid",
    [BENTO_E_BLOCKED_UA] = "blocked_user_agent",
    [BENTO_E_FORBIDDEN] = "forbidden",
    [BENTO_E_NOT_FOUND] = "not_found",
    [BENTO_E_RATE_LIMITED] = "rate_limited",
    [BENTO_E_AUTHOR] = "author",
    [BENTO_E_SERVER] = "server",
    [BENTO_E_HTTP] = "http",
    [BENTO_E_BAD_RESPONSE] = "bad_response",
    [BENTO_E_TIMEOUT] = "timeout",
    [BENTO_E_OUTCOME_UNKNOWN] = "outcome_unknown",
    [BENTO_E_DNS] = "dns",
    [BENTO_E_CONNECT] = "connect",
    [BENTO_E_TLS] = "tls",
    [BENTO_E_NETWORK] = "network",
    [BENTO_E_CANCELLED] = "cancelled",
    [BENTO_E_NOMEM] = "nomem",
    [BENTO_E_IO] = "io",
};

const char *bento_error_kind_name(enum bento_err_kind kind)
{
    if ((int)kind < 0 || kind >= BENTO_E__COUNT)
        return "unknown";
    return kind_names[kind];
}

/* The official CLI's codes: 3 auth (required or failed), 4 API, rate
 * limit, not found, timeout, 5 file, 6 validation. */
int bento_error_exit_code(enum bento_err_kind kind)
{
    switch (kind) {
    case BENTO_OK: return 0;
    case BENTO_E_USAGE: return 2;
    case BENTO_E_CONFIG:
    case BENTO_E_AUTH:
    case BENTO_E_SITE_UUID:
    case BENTO_E_BLOCKED_UA:
    case BENTO_E_FORBIDDEN: return 3;
    case BENTO_E_BAD_REQUEST:
    case BENTO_E_NOT_FOUND:
    case BENTO_E_RATE_LIMITED:
    case BENTO_E_SERVER:
    case BENTO_E_HTTP:
    case BENTO_E_BAD_RESPONSE:
    case BENTO_E_TIMEOUT:
    case BENTO_E_OUTCOME_UNKNOWN:
    case BENTO_E_DNS:
    case BENTO_E_CONNECT:
    case BENTO_E_TLS:
    case BENTO_E_NETWORK: return 4;
    case BENTO_E_IO: return 5;
    case BENTO_E_VALIDATION:
    case BENTO_E_AUTHOR: return 6;
    default: return 1;
    }
}
