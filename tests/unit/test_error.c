/* Error mapping: every status and body shape Bento is known to send,
 * libcurl codes, names and exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "bento/error.h"

static struct bento_error map(int status, const char *ct, const char *body)
{
    struct bento_error e;
    bento_error_clear(&e);
    bento_error_from_http(&e, status, ct, body, body ? strlen(body) : 0);
    assert_int_equal(e.http_status, status);
    assert_null(strchr(e.message, '\n'));
    assert_null(strchr(e.detail, '\n'));
    assert_null(strchr(e.detail, '\033'));
    assert_true(strlen(e.message) > 20);
    return e;
}

static void test_clear_and_set(void **state)
{
    struct bento_error e;
    bento_error_set(&e, BENTO_E_IO, "Cannot read %s: %d", "x.csv", 5);
    assert_int_equal(e.kind, BENTO_E_IO);
    assert_string_equal(e.message, "Cannot read x.csv: 5");
    assert_string_equal(e.detail, "");
    bento_error_set(&e, BENTO_E_USAGE, "two\nlines\033[31m");
    assert_null(strchr(e.message, '\n'));
    assert_null(strchr(e.message, '\033'));
    bento_error_clear(&e);
    assert_int_equal(e.kind, BENTO_OK);
    assert_string_equal(e.message, "");
}

static void test_400_and_422(void **state)
{
    struct bento_error e = map(400, "application/json", "{\"error\":\"Missing events key\"}");
    assert_int_equal(e.kind, BENTO_E_BAD_REQUEST);
    assert_string_equal(e.detail, "Missing events key");
    e = map(422, "application/json",
            "{\"errors\":[{\"field\":\"email\",\"message\":\"is invalid\"}]}");
    assert_int_equal(e.kind, BENTO_E_VALIDATION);
    assert_string_equal(e.detail, "email is invalid");
}

static void test_401_plain_text_is_auth(void **state)
{
    struct bento_error e = map(401, "text/plain; charset=utf-8", "HTTP Basic: Access denied.\n");
    assert_int_equal(e.kind, BENTO_E_AUTH);
    assert_string_equal(e.message, "Bento rejected the API keys (401). Check the publishable and "
                                   "secret keys in your profile.");
    assert_string_equal(e.detail, "HTTP Basic: Access denied.");
    e = map(401, NULL, "");
    assert_int_equal(e.kind, BENTO_E_AUTH);
    e = map(401, "text/html", "<html><title>Denied</title></html>");
    assert_int_equal(e.kind, BENTO_E_AUTH);
}

static void test_401_json_is_site_uuid(void **state)
{
    struct bento_error e = map(401, "application/json", "{\"error\":\"Unauthorized\"}");
    assert_int_equal(e.kind, BENTO_E_SITE_UUID);
    assert_non_null(strstr(e.message, "site_uuid"));
    assert_string_equal(e.detail, "Unauthorized");
    /* JSON recognised by sniffing when the header is missing */
    e = map(401, NULL, " {\"message\":\"Site not found\"}");
    assert_int_equal(e.kind, BENTO_E_SITE_UUID);
    assert_string_equal(e.detail, "Site not found");
}

static void test_403_html_is_blocked_ua(void **state)
{
    const char *page = "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title>"
                       "</head><body>blocked</body></html>";
    struct bento_error e = map(403, "text/html; charset=UTF-8", page);
    assert_int_equal(e.kind, BENTO_E_BLOCKED_UA);
    assert_non_null(strstr(e.message, "User-Agent"));
    assert_string_equal(e.detail, "Attention Required! | Cloudflare");
    /* sniffed without a Content-Type */
    e = map(403, NULL, "\n  <html><body>no title</body></html>");
    assert_int_equal(e.kind, BENTO_E_BLOCKED_UA);
    assert_string_equal(e.detail, "an HTML page");
    e = map(403, "application/json", "{\"error\":\"Forbidden\"}");
    assert_int_equal(e.kind, BENTO_E_FORBIDDEN);
    assert_string_equal(e.detail, "Forbidden");
}

static void test_simple_statuses(void **state)
{
    assert_int_equal(map(404, NULL, "").kind, BENTO_E_NOT_FOUND);
    assert_int_equal(map(429, NULL, "Too many").kind, BENTO_E_RATE_LIMITED);
    assert_int_equal(map(409, NULL, "").kind, BENTO_E_HTTP);
    assert_int_equal(map(302, NULL, "").kind, BENTO_E_HTTP);
    struct bento_error e = map(503, "text/plain", "upstream down");
    assert_int_equal(e.kind, BENTO_E_SERVER);
    assert_non_null(strstr(e.message, "status.bentonow.com"));
    assert_string_equal(e.detail, "upstream down");
    assert_int_equal(map(500, "application/json", "{\"error\":\"boom\"}").kind, BENTO_E_SERVER);
}

static void test_author_not_authorized(void **state)
{
    const char *body = "{\"error\":\"Author not authorized to send on this account\"}";
    struct bento_error e = map(500, "application/json", body);
    assert_int_equal(e.kind, BENTO_E_AUTHOR);
    assert_string_equal(e.message, "The From address is not an author on this account: add it "
                                   "under Emails -> Authors in Bento, or pick an existing author.");
    assert_string_equal(e.detail, "Author not authorized to send on this account");
    e = map(422, "application/json",
            "{\"errors\":[\"Author not authorized to send on this account\"]}");
    assert_int_equal(e.kind, BENTO_E_AUTHOR);
}

static void test_2xx_is_bad_response(void **state)
{
    struct bento_error e = map(200, "application/json", "{not json");
    assert_int_equal(e.kind, BENTO_E_BAD_RESPONSE);
    assert_string_equal(e.detail, "{not json");
    e = map(201, NULL, NULL);
    assert_int_equal(e.kind, BENTO_E_BAD_RESPONSE);
    assert_string_equal(e.detail, "");
}

static const char *text_of(const char *body)
{
    static char out[BENTO_ERROR_DETAIL_MAX];
    return bento_error_body_text(body, strlen(body), out, sizeof out);
}

static void test_body_shapes(void **state)
{
    /* message wins over error, error over errors */
    assert_string_equal(text_of("{\"message\":\"m\",\"error\":\"e\",\"errors\":[\"x\"]}"), "m");
    assert_string_equal(text_of("{\"error\":\"e\",\"errors\":[\"x\"]}"), "e");
    assert_string_equal(text_of("{\"errors\":\"just text\"}"), "just text");
    assert_string_equal(text_of("{\"errors\":[\"one\",\"two\"]}"), "one; two");
    assert_string_equal(
        text_of("{\"errors\":[{\"field\":\"email\",\"message\":\"is invalid\"},"
                "{\"detail\":\"too long\"},{\"field\":\"name\",\"title\":\"blank\"}]}"),
        "email is invalid; too long; name blank");
    assert_string_equal(text_of("{\"errors\":{\"delay_interval_count\":[\"must be a positive "
                                "integer\"],\"name\":[\"a\",\"b\"]}}"),
                        "delay_interval_count must be a positive integer; name a; name b");
    assert_string_equal(text_of("{\"error\":{\"message\":\"nested\"}}"), "nested");
    assert_string_equal(text_of("HTTP Basic: Access denied.\n"), "HTTP Basic: Access denied.");
    assert_string_equal(text_of("<html><head><title>\n 502 Bad Gateway\n</title></head></html>"),
                        "502 Bad Gateway");
    assert_string_equal(text_of("<html></html>"), "an HTML page");
    assert_string_equal(text_of("<title>   </title>"), "an HTML page");
    /* JSON without a message falls back to the text */
    assert_string_equal(text_of("{\"results\":1}"), "{\"results\":1}");
    assert_string_equal(text_of("[1,2]"), "[1,2]");
    assert_string_equal(text_of(""), "");
    /* hostile shapes do not crash */
    text_of("{\"errors\":[null,1,{},[[]],{\"field\":5,\"message\":7}]}");
    text_of("{\"errors\":{\"a\":null,\"b\":[1,null],\"c\":\"s\"}}");
    text_of("<title");
    text_of("<title>never closed");
}

static void test_body_text_sanitised_and_bounded(void **state)
{
    char out[32];
    const char *evil = "{\"error\":\"bad\\u001b[2Jthing\\nnext\\tline\"}";
    bento_error_body_text(evil, strlen(evil), out, sizeof out);
    assert_null(strchr(out, '\033'));
    assert_null(strchr(out, '\n'));
    assert_non_null(strstr(out, "bad"));
    const char *raw = "plain \033]0;title\007 text";
    bento_error_body_text(raw, strlen(raw), out, sizeof out);
    assert_null(strchr(out, '\033'));
    assert_null(strchr(out, '\007'));

    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bento_error_body_text(big, strlen(big), out, sizeof out);
    assert_true(strlen(out) < sizeof out);

    /* not NUL-terminated input: only len bytes are read */
    const char buf[] = {'a', 'b', 'c'};
    bento_error_body_text(buf, 2, out, sizeof out);
    assert_string_equal(out, "ab");
    bento_error_body_text(NULL, 5, out, sizeof out);
    assert_string_equal(out, "");

    struct bento_error e;
    const char *html = "<html><title>\033[31mred</title></html>";
    bento_error_from_http(&e, 403, NULL, html, strlen(html));
    assert_int_equal(e.kind, BENTO_E_BLOCKED_UA);
    assert_null(strchr(e.detail, '\033'));
    assert_non_null(strstr(e.detail, "red"));
}

static void test_curl_codes(void **state)
{
    struct {
        int code;
        enum bento_err_kind kind;
    } cases[] = {
        {CURLE_OPERATION_TIMEDOUT, BENTO_E_TIMEOUT}, {CURLE_COULDNT_RESOLVE_HOST, BENTO_E_DNS},
        {CURLE_COULDNT_RESOLVE_PROXY, BENTO_E_DNS},  {CURLE_COULDNT_CONNECT, BENTO_E_CONNECT},
        {CURLE_SSL_CONNECT_ERROR, BENTO_E_TLS},      {CURLE_PEER_FAILED_VERIFICATION, BENTO_E_TLS},
        {CURLE_SSL_CACERT_BADFILE, BENTO_E_TLS},     {CURLE_RECV_ERROR, BENTO_E_NETWORK},
        {CURLE_GOT_NOTHING, BENTO_E_NETWORK},        {CURLE_SEND_ERROR, BENTO_E_NETWORK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct bento_error e;
        bento_error_from_curl(&e, cases[i].code, NULL);
        assert_int_equal(e.kind, cases[i].kind);
        assert_int_equal(e.http_status, 0);
        assert_true(strlen(e.message) > 20);
        assert_string_equal(e.detail, curl_easy_strerror((CURLcode)cases[i].code));
    }
    struct bento_error e;
    bento_error_from_curl(&e, CURLE_COULDNT_CONNECT, "Failed to connect to 127.0.0.1 port 9\n");
    assert_string_equal(e.detail, "Failed to connect to 127.0.0.1 port 9");
    assert_non_null(strstr(e.message, "connect"));
    bento_error_from_curl(&e, CURLE_OPERATION_TIMEDOUT, "");
    assert_non_null(strstr(e.message, "timed out"));
}

static void test_names_and_exit_codes(void **state)
{
    assert_string_equal(bento_error_kind_name(BENTO_OK), "ok");
    assert_string_equal(bento_error_kind_name(BENTO_E_AUTH), "auth");
    assert_string_equal(bento_error_kind_name(BENTO_E_RATE_LIMITED), "rate_limited");
    assert_string_equal(bento_error_kind_name(BENTO_E_SERVER), "server");
    assert_string_equal(bento_error_kind_name(BENTO_E_NOT_FOUND), "not_found");
    assert_string_equal(bento_error_kind_name(BENTO_E__COUNT), "unknown");
    for (int k = 0; k < BENTO_E__COUNT; k++) {
        assert_non_null(bento_error_kind_name((enum bento_err_kind)k));
        assert_string_not_equal(bento_error_kind_name((enum bento_err_kind)k), "unknown");
    }
    assert_int_equal(bento_error_exit_code(BENTO_OK), 0);
    assert_int_equal(bento_error_exit_code(BENTO_E_USAGE), 2);
    assert_int_equal(bento_error_exit_code(BENTO_E_AUTH), 3);
    assert_int_equal(bento_error_exit_code(BENTO_E_SITE_UUID), 3);
    assert_int_equal(bento_error_exit_code(BENTO_E_BLOCKED_UA), 3);
    assert_int_equal(bento_error_exit_code(BENTO_E_CONFIG), 3);
    assert_int_equal(bento_error_exit_code(BENTO_E_RATE_LIMITED), 4);
    assert_int_equal(bento_error_exit_code(BENTO_E_NOT_FOUND), 4);
    assert_int_equal(bento_error_exit_code(BENTO_E_TIMEOUT), 4);
    assert_int_equal(bento_error_exit_code(BENTO_E_SERVER), 4);
    assert_int_equal(bento_error_exit_code(BENTO_E_CONNECT), 4);
    assert_int_equal(bento_error_exit_code(BENTO_E_OUTCOME_UNKNOWN), 4);
    assert_int_equal(bento_error_exit_code(BENTO_E_IO), 5);
    assert_int_equal(bento_error_exit_code(BENTO_E_VALIDATION), 6);
    assert_int_equal(bento_error_exit_code(BENTO_E_CANCELLED), 1);
    assert_int_equal(bento_error_exit_code(BENTO_E_NOMEM), 1);
}

/* Retries that ran out name their count and the last status; a request
 * that gave up at its deadline names the last status too. */
static void test_attempts_name_the_last_status(void **state)
{
    struct bento_error e = map(503, "text/html", "<html>down</html>");
    bento_error_attempts(&e, 4);
    assert_non_null(strstr(e.message, "status.bentonow.com (4 attempts, last: 503)."));
    struct bento_error one = map(500, NULL, "");
    char before[sizeof one.message];
    memcpy(before, one.message, sizeof before);
    bento_error_attempts(&one, 1);
    assert_string_equal(one.message, before);
    struct bento_error d;
    bento_error_deadline(&d, 2000, 3, &e);
    assert_non_null(strstr(d.message, "(3 attempts, last: 503)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clear_and_set),
        cmocka_unit_test(test_400_and_422),
        cmocka_unit_test(test_401_plain_text_is_auth),
        cmocka_unit_test(test_401_json_is_site_uuid),
        cmocka_unit_test(test_403_html_is_blocked_ua),
        cmocka_unit_test(test_simple_statuses),
        cmocka_unit_test(test_author_not_authorized),
        cmocka_unit_test(test_2xx_is_bad_response),
        cmocka_unit_test(test_body_shapes),
        cmocka_unit_test(test_body_text_sanitised_and_bounded),
        cmocka_unit_test(test_curl_codes),
        cmocka_unit_test(test_names_and_exit_codes),
        cmocka_unit_test(test_attempts_name_the_last_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
