/* The one check of where the keys may go: https anywhere, plain http only
 * to a loopback address. Names other than localhost are never trusted to
 * be local by their spelling ("127.attacker.example" is not loopback);
 * http.c checks the actual peer address again when it connects. */
#include "bento/url.h"
#include "bento/sanitize.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define ACCEPTED "use https://, or http:// only to this machine (127.0.0.1, [::1] or localhost)"

bool bento_url_addr_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return false;
}

/* localhost counts only when every address it resolves to is loopback. */
static bool localhost_is_loopback(const char *host)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    bool ok;

    if (getaddrinfo(host, NULL, &hints, &res) != 0)
        return false;
    ok = res != NULL;
    for (const struct addrinfo *a = res; a; a = a->ai_next)
        ok = ok && bento_url_addr_loopback(a->ai_addr);
    freeaddrinfo(res);
    return ok;
}

static bool host_is_loopback(const char *host)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    char bare[64];
    size_t n = strlen(host);

    if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof bare) {
        memcpy(bare, host + 1, n - 2);
        bare[n - 2] = '\0';
        return inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 &&
               bento_url_addr_loopback((const struct sockaddr *)&v6);
    }
    if (inet_pton(AF_INET, host, &v4.sin_addr) == 1)
        return bento_url_addr_loopback((const struct sockaddr *)&v4);
    return !strcasecmp(host, "localhost") && localhost_is_loopback(host);
}

void bento_url_shown(const char *url, char *out, size_t size)
{
    CURLU *u = curl_url();
    char *clean = NULL;

    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &clean, 0) == CURLUE_OK)
        url = clean;
    else if (strchr(url, '@'))
        url = "(a URL with a user name in it)"; /* unparsable: show nothing secret */
    bento_sanitize_line(url, strlen(url), out, size);
    curl_free(clean);
    curl_url_cleanup(u);
}

/* Whether the parsed URL holds a user name or a password. */
static bool has_credentials(CURLU *u)
{
    char *user = NULL, *pass = NULL;
    bool has = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
               curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK;
    curl_free(user);
    curl_free(pass);
    return has;
}

/* Scheme and host of url: 0; with a user name or password in it: 2;
 * only a scheme (file:///x): 1; neither: -1. */
static int split(const char *url, char **scheme, char **host)
{
    CURLU *u = curl_url();
    int rc = -1;

    *scheme = *host = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK)
        rc = curl_url_get(u, CURLUPART_HOST, host, 0) != CURLUE_OK ? 1 : has_credentials(u) ? 2 : 0;
    else if (strstr(url, "://") && url[strspn(url, "abcdefghijklmnopqrstuvwxyz")] == ':')
        rc = 1, *scheme = curl_easy_escape(NULL, url, (int)strcspn(url, ":"));
    curl_url_cleanup(u);
    return rc;
}

bool bento_url_is_plain_http(const char *url)
{
    char *scheme, *host;
    int parts = url ? split(url, &scheme, &host) : -1;
    bool plain = (parts == 0 || parts == 2) && !strcasecmp(scheme, "http");

    if (url) {
        curl_free(scheme);
        curl_free(host);
    }
    return plain;
}

int bento_url_check(const char *url, struct bento_error *err)
{
    char shown[120], *scheme, *host;
    int rc = -1;

    if (!url || !*url)
        return 0;
    bento_url_shown(url, shown, sizeof shown);
    int parts = split(url, &scheme, &host);
    if (parts < 0 || (parts > 0 && !scheme))
        bento_error_set(err, BENTO_E_CONFIG, "\"%s\" is not a valid base URL: " ACCEPTED, shown);
    else if (strcasecmp(scheme, "https") != 0 && strcasecmp(scheme, "http") != 0)
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s: %.20s:// is not accepted for the base URL: " ACCEPTED, shown, scheme);
    else if (parts == 1)
        bento_error_set(err, BENTO_E_CONFIG, "\"%s\" is not a valid base URL: " ACCEPTED, shown);
    else if (parts == 2)
        /* curl would send them as Basic auth in place of the keys */
        bento_error_set(err, BENTO_E_CONFIG,
                        "The base URL %s holds a user name or password: remove it (the keys "
                        "belong in the profile)",
                        shown);
    else if (!strcasecmp(scheme, "https"))
        rc = 0;
    else if (host_is_loopback(host))
        rc = 0;
    else
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s would send the keys in clear (plain http): " ACCEPTED, shown);
    curl_free(scheme);
    curl_free(host);
    return rc;
}
