/* bento_url_check: where the keys may go. https anywhere; plain http only
 * to a loopback address, decided by the address, never by how the name
 * starts; everything else refused with a message naming the URL without
 * its credentials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_credentials_never_shown),
        cmocka_unit_test(test_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
