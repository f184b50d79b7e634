/* See simhttp.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "bento/sim.h"
#include "simhttp.h"

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    struct simhttp_resp *r = ud;
    size_t add = sz * n;
    if (r->len + add + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + add + 1)
            cap *= 2;
        char *b = realloc(r->body, cap);
        if (!b)
            return 0;
        r->body = b;
        r->cap = cap;
    }
    char *b = r->body;
    memcpy(b + r->len, p, add);
    r->len += add;
    b[r->len] = '\0';
    return add;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    struct simhttp_resp *r = ud;
    size_t len = sz * n;
    const char *name = "Retry-After:";
    size_t nl = strlen(name);
    if (len > nl && strncasecmp(p, name, nl) == 0) {
        size_t v = nl;
        while (v < len && p[v] == ' ')
            v++;
        size_t end = len;
        while (end > v && (p[end - 1] == '\r' || p[end - 1] == '\n'))
            end--;
        size_t cp = end - v < sizeof r->retry_after - 1 ? end - v : sizeof r->retry_after - 1;
        memcpy(r->retry_after, p + v, cp);
        r->retry_after[cp] = '\0';
    }
    return len;
}

static char *build_url(const char *base, const char *path, int no_site)
{
    size_t n = strlen(base) + strlen(path) + 64;
    char *url = malloc(n);
    if (!url)
        return NULL;
    if (no_site)
        snprintf(url, n, "%s%s", base, path);
    else
        snprintf(url, n, "%s%s%ssite_uuid=%s", base, path, strchr(path, '?') ? "&" : "?",
                 BENTO_SIM_DEMO_SITE);
    return url;
}

int simhttp(const char *base_url, const char *method, const char *path, const char *body,
            const struct simhttp_opts *opts, struct simhttp_resp *r)
{
    static const struct simhttp_opts none = {0};
    if (!opts)
        opts = &none;
    memset(r, 0, sizeof *r);
    r->body = calloc(1, 1);
    r->cap = 1;
    CURL *c = curl_easy_init();
    char *url = build_url(base_url, path, opts->no_site);
    if (!c || !url || !r->body) {
        curl_easy_cleanup(c);
        free(url);
        return -1;
    }
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "Accept: application/json");
    if (opts->ua && !*opts->ua)
        h = curl_slist_append(h, "User-Agent:");
    else
        curl_easy_setopt(c, CURLOPT_USERAGENT, opts->ua ? opts->ua : "bento-sim-tests/1.0");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    if (!opts->no_auth) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, opts->user ? opts->user : BENTO_SIM_DEMO_PUBLISHABLE);
        curl_easy_setopt(c, CURLOPT_PASSWORD, opts->pass ? opts->pass : BENTO_TEST_SECRET);
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, opts->timeout_ms ? opts->timeout_ms : 10000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    r->curl_code = (int)curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct)
        snprintf(r->ctype, sizeof r->ctype, "%s", ct);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->seconds);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(url);
    return r->curl_code == 0 ? 0 : -1;
}

void simhttp_free(struct simhttp_resp *r)
{
    free(r->body);
    r->body = NULL;
}

cJSON *simhttp_json(const struct simhttp_resp *r)
{
    return r->body ? cJSON_Parse(r->body) : NULL;
}

cJSON *simhttp_call(const char *base_url, const char *method, const char *path, const char *body,
                    long *status)
{
    struct simhttp_resp r;
    simhttp(base_url, method, path, body, NULL, &r);
    *status = r.status;
    cJSON *j = simhttp_json(&r);
    simhttp_free(&r);
    return j;
}
