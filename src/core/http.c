/* One HTTP exchange over libcurl. Credentials go through libcurl's Basic
 * auth options, never into the URL, so no URL we print or record holds a
 * key. TLS verification stays on. */
#include "http.h"
#include "arena.h"
#include "bento/url.h"
#include "bento/version.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void bento_http_global_init(void)
{
    pthread_once(&global_once, global_init_once);
}

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t bento_http_mono_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

int64_t bento_http_wall_ms(void)
{
    return clock_ms(CLOCK_REALTIME);
}

static bool keep_bytes(struct bento_http_exchange *x, const char *data, size_t add)
{
    if (x->len + add + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 4096;
        while (cap < x->len + add + 1)
            cap *= 2;
        char *grown = realloc(x->body, cap);
        if (!grown)
            return false;
        x->body = grown;
        x->cap = cap;
    }
    memcpy(x->body + x->len, data, add);
    x->len += add;
    x->body[x->len] = '\0';
    return true;
}

/* The status is known by the first body byte: only a success streams. */
static void decide_body(struct bento_http_exchange *x)
{
    long status = 0;
    x->body_decided = true;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
    x->streamed = x->sink && status >= 200 && status < 300;
}

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
    struct bento_http_exchange *x = userp;
    size_t add = size * n;
    size_t max = x->body_max ? x->body_max : BENTO_HTTP_BODY_MAX;

    if (add > max - x->total) {
        x->too_large = true;
        return 0;
    }
    if (!x->body_decided)
        decide_body(x);
    x->total += add;
    if (!x->streamed)
        return keep_bytes(x, data, add) ? add : 0;
    x->sink(x->sink_ctx, data, add);
    size_t keep = BENTO_HTTP_PREFIX_MAX - x->len;
    if (keep > add)
        keep = add;
    return !keep || keep_bytes(x, data, keep) ? add : 0;
}

/* Keeps Retry-After of the final response (a 100 Continue resets it). */
static size_t on_header(char *line, size_t size, size_t n, void *userp)
{
    struct bento_http_exchange *x = userp;
    size_t len = size * n;
    static const char name[] = "retry-after:";

    if (len >= 5 && !strncmp(line, "HTTP/", 5)) {
        x->retry_after[0] = '\0';
    } else if (len > sizeof name - 1 && !strncasecmp(line, name, sizeof name - 1)) {
        const char *v = line + sizeof name - 1;
        size_t vlen = len - (sizeof name - 1);
        while (vlen && (*v == ' ' || *v == '\t'))
            v++, vlen--;
        while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
            vlen--;
        if (vlen >= sizeof x->retry_after)
            vlen = sizeof x->retry_after - 1;
        memcpy(x->retry_after, v, vlen);
        x->retry_after[vlen] = '\0';
    }
    return len;
}

/* path?site_uuid=<escaped>[&query] */
static char *build_path_query(const char *path, const char *site_uuid, const char *query)
{
    char *esc = curl_easy_escape(NULL, site_uuid ? site_uuid : "", 0);
    char *out = NULL;
    size_t n;

    if (!esc)
        return NULL;
    n = strlen(path) + strlen(esc) + (query ? strlen(query) : 0) + 16;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s?site_uuid=%s%s%s", path[0] == '/' ? "" : "/", path, esc,
                 query && *query ? "&" : "", query && *query ? query : "");
    curl_free(esc);
    return out;
}

static char *build_url(const char *base, const char *path_query)
{
    size_t blen = strlen(base);
    char *url;
    while (blen && base[blen - 1] == '/')
        blen--;
    url = malloc(blen + strlen(path_query) + 1);
    if (url) {
        memcpy(url, base, blen);
        strcpy(url + blen, path_query);
    }
    return url;
}

static int add_header(struct bento_http_exchange *x, const char *h)
{
    struct curl_slist *l = curl_slist_append(x->headers, h);
    if (!l)
        return -1;
    x->headers = l;
    return 0;
}

static int build_headers(struct bento_http_exchange *x, const struct bento_http_target *t)
{
    const char *ua = t->user_agent ? t->user_agent : BENTO_USER_AGENT;
    char line[300];

    if (add_header(x, "Accept: application/json") < 0 || add_header(x, "Expect:") < 0)
        return -1;
    if (x->request_body && add_header(x, "Content-Type: application/json") < 0)
        return -1;
    if (!*ua)
        return add_header(x, "User-Agent:"); /* removes the header altogether */
    snprintf(line, sizeof line, "User-Agent: %.280s", ua);
    return add_header(x, line);
}

static void set_method(CURL *h, const char *method, const char *body)
{
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    } else if (!strcmp(method, "GET")) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (!strcmp(method, "HEAD")) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
}

/* Every socket libcurl opens for us is close-on-exec (a child such as
 * $EDITOR must not hold the API connection), and a plain-http exchange
 * connects only to a loopback peer: the address actually dialled is
 * checked, so no name or DNS answer can send the keys in clear. */
static curl_socket_t open_socket(void *userp, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct bento_http_exchange *x = userp;
    (void)purpose;
    if (x->refusal[0])
        return CURL_SOCKET_BAD;
    if (x->plain_http && !bento_url_addr_loopback(&a->addr)) {
        char shown[120];
        bento_url_shown(x->url, shown, sizeof shown);
        shown[strcspn(shown, "?")] = '\0'; /* the base URL and path, not the query */
        snprintf(x->refusal, sizeof x->refusal,
                 "%s resolved to an address off this machine; plain http would send the keys "
                 "in clear: use https://",
                 shown);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* Only https leaves the machine; a refused URL (see bento_url_check)
 * never reaches the network: no protocol is left for it and no socket
 * opens. Redirects are not followed, and would be https only. */
static void set_guard(struct bento_http_exchange *x, const char *base_url)
{
    CURL *h = x->easy;
    struct bento_error err;

    if (bento_url_check(base_url, &err) != 0)
        snprintf(x->refusal, sizeof x->refusal, "%s", err.message);
    x->plain_http = !x->refusal[0] && bento_url_is_plain_http(base_url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, x->plain_http ? "http" : "https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    if (x->plain_http)
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*"); /* loopback means direct */
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x);
}

static void set_transport(struct bento_http_exchange *x, const struct bento_http_target *t,
                          long timeout_ms)
{
    CURL *h = x->easy;
    curl_easy_setopt(h, CURLOPT_URL, x->url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, t->publishable_key ? t->publishable_key : "");
    curl_easy_setopt(h, CURLOPT_PASSWORD, t->secret_key ? t->secret_key : "");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     t->connect_timeout_ms > 0 ? t->connect_timeout_ms : 10000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(h, CURLOPT_PRIVATE, x);
}

int bento_http_begin(struct bento_http_exchange *x, const struct bento_http_target *t,
                     const char *method, const char *path, const char *query, const char *body,
                     long timeout_ms)
{
    bento_http_global_init();
    memset(x, 0, sizeof *x);
    x->method = method;
    x->request_body = body;
    x->path_query = build_path_query(path ? path : "/", t->site_uuid, query);
    x->url = x->path_query ? build_url(t->base_url ? t->base_url : "", x->path_query) : NULL;
    x->easy = curl_easy_init();
    if (!x->url || !x->easy || build_headers(x, t) < 0) {
        bento_http_cleanup(x);
        return -1;
    }
    set_transport(x, t, timeout_ms);
    set_guard(x, t->base_url);
    set_method(x->easy, method, body);
    x->started_wall_ms = bento_http_wall_ms();
    x->started_mono_ms = bento_http_mono_ms();
    return 0;
}

void bento_http_stream_to(struct bento_http_exchange *x, bento_http_sink_fn sink, void *ctx)
{
    x->sink = sink;
    x->sink_ctx = ctx;
}

void bento_http_at_most_once(struct bento_http_exchange *x)
{
    curl_easy_setopt(x->easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(x->easy, CURLOPT_FORBID_REUSE, 1L);
}

void bento_http_end(struct bento_http_exchange *x, CURLcode code)
{
    long status = 0, sent = 0;
    char *ct = NULL;

    x->latency_ms = bento_http_mono_ms() - x->started_mono_ms;
    x->curl_code = code;
    if (x->refusal[0] && code != CURLE_OK) { /* our refusal, not libcurl's words */
        x->curl_code = CURLE_URL_MALFORMAT;
        snprintf(x->errbuf, sizeof x->errbuf, "%s", x->refusal);
    }
    if (x->too_large && code == CURLE_WRITE_ERROR)
        x->curl_code = CURLE_FILESIZE_EXCEEDED;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &sent);
    curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
    x->status = code == CURLE_OK ? status : 0;
    x->sent_anything = sent > 0 && code != CURLE_COULDNT_CONNECT &&
                       code != CURLE_COULDNT_RESOLVE_HOST && code != CURLE_COULDNT_RESOLVE_PROXY;
    if (ct) {
        strncpy(x->content_type, ct, sizeof x->content_type - 1);
        x->content_type[sizeof x->content_type - 1] = '\0';
    }
    if (!x->body) {
        x->body = calloc(1, 1);
        x->cap = x->body ? 1 : 0;
    }
}

int bento_http_perform(struct bento_http_exchange *x, const struct bento_http_target *t,
                       const char *method, const char *path, const char *query, const char *body,
                       long timeout_ms)
{
    if (bento_http_begin(x, t, method, path, query, body, timeout_ms) < 0)
        return -1;
    bento_http_end(x, curl_easy_perform(x->easy));
    return 0;
}

void bento_http_cleanup(struct bento_http_exchange *x)
{
    if (!x)
        return;
    size_t held = x->cap;
    if (x->easy)
        curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->headers);
    free(x->url);
    free(x->path_query);
    free(x->body);
    memset(x, 0, sizeof *x);
    bento_mem_trim(held); /* a big answer's buffer: give its pages back */
}
