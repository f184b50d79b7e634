/* bento_url_check: where the keys may go. https anywhere; plain http only
 * to a loopback address, decided by the address, never by how the name
 * starts; everything else refused with a message naming the URL without
 * its credentials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "bento/url.h"

static void test_accepted(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "",
        "https://app.bentonow.com/api/v1",
        "https://192.0.2.1/api/v1",
        "http://127.0.0.1:8080/api/v1",
        "http://127.9.9.9/",
        "http://[::1]:9/api/v1",
        "HTTP://127.0.0.1/",
        "http://[::ffff:127.0.0.1]:80/",
        "http://localhost:1/api/v1",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        struct bento_error err;
        if (bento_url_check(ok[i], &err) != 0)
            fail_msg("%s refused: %s", ok[i], err.message);
    }
    assert_int_equal(bento_url_check(NULL, NULL), 0);
}

static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *url, *says;
    } bad[] = {
        {"http://api.example.com/api/v1", "would send the keys in clear"},
        {"http://192.0.2.1/api/v1", "would send the keys in clear"},
        {"http://127.attacker.example/api/v1", "would send the keys in clear"},
        {"http://127.0.0.1.attacker.example/", "would send the keys in clear"},
        {"http://[::2]/", "would send the keys in clear"},
        {"http://10.0.0.1/", "would send the keys in clear"},
        {"ftp://example.com/api/v1", "ftp:// is not accepted"},
        {"file:///etc/passwd", "file:// is not accepted"},
        {"not a url", "is not a valid base URL"},
        {"app.bentonow.com/api/v1", "is not a valid base URL"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct bento_error err;
        if (bento_url_check(bad[i].url, &err) == 0)
            fail_msg("%s accepted", bad[i].url);
        assert_int_equal(err.kind, BENTO_E_CONFIG);
        if (!strstr(err.message, bad[i].says) || !strstr(err.message, "use https://"))
            fail_msg("%s: %s", bad[i].url, err.message);
    }
}

static void test_credentials_never_shown(void **state)
{
    (void)state;
    struct bento_error err;
    assert_int_equal(bento_url_check("http://user:hunter2@192.0.2.1/api/v1", &err), -1);
    assert_null(strstr(err.message, "hunter2"));
    assert_non_null(strstr(err.message, "http://192.0.2.1/api/v1"));
    assert_int_equal(bento_url_check("https://user:hunter2@app.bentonow.com/api/v1", &err), -1);
    assert_null(strstr(err.message, "hunter2"));
    assert_non_null(strstr(err.message, "https://app.bentonow.com/api/v1"));
    assert_non_null(strstr(err.message, "holds a user name or password"));
    assert_int_equal(bento_url_check("https://user@127.0.0.1/", &err), -1);
    assert_non_null(strstr(err.message, "holds a user name or password"));
    assert_int_equal(bento_url_check("https://u:hunter2@[::1", &err), -1);
    assert_null(strstr(err.message, "hunter2"));
    char shown[64];
    bento_url_shown("ftp://a:hunter2@example.com/x", shown, sizeof shown);
    assert_string_equal(shown, "ftp://example.com/x");
}

static void test_addresses(void **state)
{
    (void)state;
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    inet_pton(AF_INET, "127.0.0.53", &v4.sin_addr);
    assert_true(bento_url_addr_loopback((struct sockaddr *)&v4));
    inet_pton(AF_INET, "128.0.0.1", &v4.sin_addr);
    assert_false(bento_url_addr_loopback((struct sockaddr *)&v4));
    inet_pton(AF_INET6, "::1", &v6.sin6_addr);
    assert_true(bento_url_addr_loopback((struct sockaddr *)&v6));
    inet_pton(AF_INET6, "::ffff:192.0.2.1", &v6.sin6_addr);
    assert_false(bento_url_addr_loopback((struct sockaddr *)&v6));
    assert_true(bento_url_is_plain_http("http://127.0.0.1/"));
    assert_false(bento_url_is_plain_http("https://127.0.0.1/"));
}

/* Lines of `grep -rEn pattern src/` (allocated, "" when none). */
static char *grep_src(const char *pattern)
{
    char cmd[600], *out = calloc(1, 8192);
    snprintf(cmd, sizeof cmd, "grep -rEn '%s' '%s/src' 2>/dev/null", pattern, BENTO_SOURCE_DIR);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, 8191, p);
    out[n] = '\0';
    pclose(p);
    return out;
}

/* TLS verification is set once, on, with no option, environment variable
 * or profile setting that reaches it; nothing swaps the CA store either. */
static void test_tls_verification_cannot_be_turned_off(void **state)
{
    (void)state;
    char *lines = grep_src("SSL_VERIFY(PEER|HOST)");
    assert_non_null(strstr(lines, "CURLOPT_SSL_VERIFYPEER, 1L)"));
    assert_non_null(strstr(lines, "CURLOPT_SSL_VERIFYHOST, 2L)"));
    for (char *l = strtok(lines, "\n"); l; l = strtok(NULL, "\n"))
        if (!strstr(l, "src/core/http.c:") || (!strstr(l, ", 1L)") && !strstr(l, ", 2L)")))
            fail_msg("TLS verification set elsewhere or otherwise: %s", l);
    free(lines);
    char *other = grep_src(
        "CURLSSLOPT_|PROXY_SSL_VERIFY|CURLOPT_CAINFO|CURLOPT_CAPATH|[Ii]nsecure");
    if (*other)
        fail_msg("TLS settings beyond verification: %s", other);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_credentials_never_shown),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_tls_verification_cannot_be_turned_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
