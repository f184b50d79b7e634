/* bento-sim: the order of Bento's request checks and their error bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "simhttp.h"
#include "simproc.h"

static struct simproc sim;

static int setup(void **state)
{
    return simproc_start(&sim, NULL);
}

static int teardown(void **state)
{
    simproc_stop(&sim);
    return 0;
}

static void expect(const char *method, const char *path, const struct simhttp_opts *o, long status,
                   const char *ctype_prefix, const char *body_part)
{
    struct simhttp_resp r;
    simhttp(sim.base_url, method, path, NULL, o, &r);
    assert_int_equal(r.status, status);
    assert_true(strncmp(r.ctype, ctype_prefix, strlen(ctype_prefix)) == 0);
    if (body_part)
        assert_non_null(strstr(r.body, body_part));
    simhttp_free(&r);
}

static void test_generic_user_agents_get_html_403(void **state)
{
    const char *const blocked[] = {
        "",          "curl/8.5.0",     "python-requests/2.31", "Go-http-client/1.1", "libcurl/8.0",
        "Wget/1.21", "node-fetch/1.0", "axios/1.6.0",          "okhttp/4.12",        "Mozilla/5.0"};
    for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
        struct simhttp_opts o = {.ua = blocked[i]};
        expect("GET", "/fetch/tags", &o, 403, "text/html", "<html");
    }
    /* The block comes before authentication. */
    struct simhttp_opts noauth = {.ua = "curl/8", .no_auth = 1};
    expect("GET", "/fetch/tags", &noauth, 403, "text/html", NULL);
    struct simhttp_opts sdk = {.ua = "bento-node-" BENTO_SIM_DEMO_SITE};
    expect("GET", "/fetch/tags", &sdk, 200, "application/json", "\"data\"");
}

static void test_basic_auth_plain_text_401(void **state)
{
    struct simhttp_opts none = {.no_auth = 1};
    expect("GET", "/fetch/tags", &none, 401, "text/plain", "HTTP Basic: Access denied.");
    struct simhttp_opts wrong = {.pass = "sWRONG00000000000000000000000000"};
    expect("GET", "/fetch/tags", &wrong, 401, "text/plain", "HTTP Basic: Access denied.");
    struct simhttp_opts swapped = {.user = BENTO_TEST_SECRET, .pass = BENTO_SIM_DEMO_PUBLISHABLE};
    expect("GET", "/fetch/tags", &swapped, 401, "text/plain", NULL);
    /* Basic auth is checked before site_uuid. */
    struct simhttp_opts both = {.no_auth = 1, .no_site = 1};
    expect("GET", "/fetch/tags", &both, 401, "text/plain", NULL);
}

static void test_site_uuid_json_401(void **state)
{
    struct simhttp_opts nosite = {.no_site = 1};
    expect("GET", "/fetch/tags", &nosite, 401, "application/json", "{\"error\":\"Unauthorized\"}");
    expect("GET", "/fetch/tags?site_uuid=0000000000000000000000000000beef", &nosite, 401,
           "application/json", "Unauthorized");
    /* Rails merges JSON body params: site_uuid in the body works (NODE on POST). */
    struct simhttp_resp r;
    simhttp(sim.base_url, "POST", "/fetch/tags",
            "{\"site_uuid\":\"" BENTO_SIM_DEMO_SITE "\",\"tag\":{\"name\":\"body-site\"}}", &nosite,
            &r);
    assert_int_equal(r.status, 201);
    simhttp_free(&r);
    /* Experimental endpoints need no site_uuid. */
    expect("POST", "/experimental/validation?email=a%40example.com", &nosite, 200,
           "application/json", "\"valid\":true");
}

static void test_unknown_paths_and_methods_404(void **state)
{
    expect("GET", "/fetch/nothing", NULL, 404, "application/json", "{\"error\":\"Not found\"}");
    expect("PUT", "/fetch/tags", NULL, 404, "application/json", "Not found");
    expect("GET", "/batch/subscribers", NULL, 404, "application/json", "Not found");
    expect("DELETE", "/fetch/tags/1/extra", NULL, 404, "application/json", "Not found");
    struct simhttp_opts nosite = {.no_site = 1};
    expect("GET", "/../../etc/passwd", &nosite, 404, "application/json", NULL);
    /* The Rails format suffix routes like the bare path. */
    expect("GET", "/fetch/tags.json", NULL, 200, "application/json", "\"data\"");
}

static void test_invalid_json_400(void **state)
{
    struct simhttp_resp r;
    simhttp(sim.base_url, "POST", "/batch/subscribers", "{\"subscribers\": [", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(r.body, "{\"error\":\"Invalid JSON\"}");
    simhttp_free(&r);
}

static void test_journal_never_holds_the_secret(void **state)
{
    struct simhttp_resp r;
    simhttp(sim.base_url, "GET", "/fetch/authors", NULL, NULL, &r);
    simhttp_free(&r);
    FILE *f = fopen(sim.journal_path, "r");
    assert_non_null(f);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_true(n > 0);
    assert_null(strstr(buf, BENTO_TEST_SECRET));
    assert_null(strstr(buf, "Basic "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generic_user_agents_get_html_403),
        cmocka_unit_test(test_basic_auth_plain_text_401),
        cmocka_unit_test(test_site_uuid_json_401),
        cmocka_unit_test(test_unknown_paths_and_methods_404),
        cmocka_unit_test(test_invalid_json_400),
        cmocka_unit_test(test_journal_never_holds_the_secret),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
