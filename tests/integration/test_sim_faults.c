/* bento-sim: --fault actions, the journal, concurrency and the flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "bento/sim.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

static struct simproc sim;

static void start(const char *const *args)
{
    assert_int_equal(simproc_start(&sim, args), 0);
}

static struct simhttp_resp get(const char *method, const char *path)
{
    struct simhttp_resp r;
    simhttp(sim.base_url, method, path, method[0] == 'P' ? "{\"tag\":{\"name\":\"t\"}}" : NULL,
            NULL, &r);
    return r;
}

static cJSON *last_entry(cJSON **all)
{
    *all = simproc_journal(&sim);
    return cJSON_GetArrayItem(*all, cJSON_GetArraySize(*all) - 1);
}

static void test_status_faults(void **state)
{
    const char *const args[] = {
        "--fault", "/fetch/tags:status=500",    "--fault", "/fetch/fields:status=401",
        "--fault", "/fetch/authors:status=403", "--fault", "POST /fetch/subscribers:status=503",
        NULL};
    start(args);
    struct simhttp_resp r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 500);
    assert_string_equal(r.body, "{\"error\":\"Simulated failure\"}");
    simhttp_free(&r);
    r = get("GET", "/fetch/fields");
    assert_int_equal(r.status, 401);
    assert_string_equal(r.body, "HTTP Basic: Access denied.");
    simhttp_free(&r);
    r = get("GET", "/fetch/authors");
    assert_int_equal(r.status, 403);
    assert_true(strncmp(r.ctype, "text/html", 9) == 0);
    simhttp_free(&r);
    /* The method prefix limits the rule. */
    r = get("GET", "/fetch/subscribers?email=a%40example.com");
    assert_int_equal(r.status, 200);
    simhttp_free(&r);
    cJSON *all;
    cJSON *e = last_entry(&all);
    assert_null(cJSON_GetObjectItem(e, "fault"));
    cJSON_Delete(all);
    r = get("GET", "/fetch/tags");
    simhttp_free(&r);
    e = last_entry(&all);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "fault")),
                        "/fetch/tags:status=500");
    assert_int_equal(cJSON_GetObjectItem(e, "status")->valueint, 500);
    cJSON_Delete(all);
    simproc_stop(&sim);
}

static void test_retry_after_times_after(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:status=429:retry_after=2:times=1",
                                "--fault", "/batch/*:status=502:after=1", NULL};
    start(args);
    struct simhttp_resp r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 429);
    assert_string_equal(r.retry_after, "2");
    simhttp_free(&r);
    r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 200);
    simhttp_free(&r);
    const char *ev = "{\"events\":[{\"type\":\"x\",\"email\":\"a@example.com\"}]}";
    simhttp(sim.base_url, "POST", "/batch/events", ev, NULL, &r);
    assert_int_equal(r.status, 200);
    simhttp_free(&r);
    simhttp(sim.base_url, "POST", "/batch/events", ev, NULL, &r);
    assert_int_equal(r.status, 502);
    simhttp_free(&r);
    simproc_stop(&sim);
}

static void test_reset_truncate_html(void **state)
{
    const char *const args[] = {
        "--fault", "/fetch/tags:reset",   "--fault", "/fetch/fields:truncate",
        "--fault", "/fetch/authors:html", NULL};
    start(args);
    struct simhttp_resp r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 0);
    assert_int_equal(r.curl_code, CURLE_GOT_NOTHING);
    simhttp_free(&r);
    cJSON *all;
    cJSON *e = last_entry(&all);
    assert_int_equal(cJSON_GetObjectItem(e, "status")->valueint, 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "fault")), "/fetch/tags:reset");
    cJSON_Delete(all);
    r = get("GET", "/fetch/fields");
    assert_int_equal(r.status, 200);
    assert_true(r.len > 10);
    assert_int_equal(r.body[0], '{');
    cJSON *j = simhttp_json(&r);
    assert_null(j);
    simhttp_free(&r);
    r = get("GET", "/fetch/authors");
    assert_int_equal(r.status, 200);
    assert_true(strncmp(r.ctype, "text/html", 9) == 0);
    assert_non_null(strstr(r.body, "<html"));
    simhttp_free(&r);
    simproc_stop(&sim);
}

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    return s * n;
}

static CURL *easy(const char *url)
{
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "bento-sim-tests/1.0");
    curl_easy_setopt(c, CURLOPT_USERNAME, BENTO_SIM_DEMO_PUBLISHABLE);
    curl_easy_setopt(c, CURLOPT_PASSWORD, BENTO_TEST_SECRET);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    return c;
}

/* A delayed answer on one path must not hold up another connection. */
static void test_delay_does_not_block_others(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:delay=3000", NULL};
    start(args);
    char slow_url[256], fast_url[256];
    snprintf(slow_url, sizeof slow_url, "%s/fetch/tags?site_uuid=%s", sim.base_url,
             BENTO_SIM_DEMO_SITE);
    snprintf(fast_url, sizeof fast_url, "%s/fetch/authors?site_uuid=%s", sim.base_url,
             BENTO_SIM_DEMO_SITE);
    CURLM *m = curl_multi_init();
    CURL *slow = easy(slow_url), *fast = easy(fast_url);
    curl_multi_add_handle(m, slow);
    /* Give the slow request a head start: wait until it has connected. */
    int running = 1;
    for (curl_off_t conn = 0; conn == 0 && running;) {
        curl_multi_perform(m, &running);
        curl_multi_poll(m, NULL, 0, 20, NULL);
        curl_easy_getinfo(slow, CURLINFO_CONNECT_TIME_T, &conn);
    }
    curl_multi_add_handle(m, fast);
    CURL *first = NULL;
    while (!first) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while (!first && (msg = curl_multi_info_read(m, &left)))
            if (msg->msg == CURLMSG_DONE)
                first = msg->easy_handle;
        if (!first)
            curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    assert_ptr_equal(first, fast);
    long code = 0;
    curl_easy_getinfo(fast, CURLINFO_RESPONSE_CODE, &code);
    assert_int_equal(code, 200);
    /* Only the fast request is in the journal so far. */
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/authors"), 1);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 0);
    curl_multi_remove_handle(m, slow);
    curl_multi_remove_handle(m, fast);
    curl_easy_cleanup(slow);
    curl_easy_cleanup(fast);
    curl_multi_cleanup(m);
    simproc_stop(&sim); /* wakes the delayed request at once */
}

static void test_journal_fields(void **state)
{
    start(NULL);
    struct simhttp_resp r;
    simhttp(sim.base_url, "POST", "/batch/subscribers",
            "{\"subscribers\":[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"}]}", NULL,
            &r);
    simhttp_free(&r);
    cJSON *all;
    cJSON *e = last_entry(&all);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "method")), "POST");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "path")), "/batch/subscribers");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "query")),
                        "site_uuid=" BENTO_SIM_DEMO_SITE);
    assert_int_equal(cJSON_GetObjectItem(e, "status")->valueint, 200);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "family")), "batch");
    assert_int_equal(cJSON_GetObjectItem(e, "records")->valueint, 2);
    cJSON *emails = cJSON_GetObjectItem(e, "emails");
    assert_int_equal(cJSON_GetArraySize(emails), 2);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(emails, 1)), "b@example.com");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(e, "rate_limited")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "ua")), "bento-sim-tests/1.0");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(e, "ms")));
    cJSON_Delete(all);
    r = get("GET", "/fetch/tags");
    simhttp_free(&r);
    e = last_entry(&all);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "records")));
    cJSON_Delete(all);
    simproc_stop(&sim);
}

static void run_sim(struct runproc *r, const char *const *args)
{
    const char *argv[16] = {BENTO_SIM_BIN};
    int n = 1;
    for (int i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    assert_int_equal(runproc(argv, NULL, NULL, r), 0);
}

static void test_bad_flags_exit_2(void **state)
{
    struct runproc r;
    const char *const bogus[] = {"--bogus", NULL};
    run_sim(&r, bogus);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "Usage: bento-sim"));
    runproc_free(&r);
    const char *const badrule[] = {"--fault", "/fetch/tags:explode", NULL};
    run_sim(&r, badrule);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "explode"));
    runproc_free(&r);
    const char *const badrate[] = {"--rate-limit", "fast", NULL};
    run_sim(&r, badrate);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    const char *const help[] = {"--help", NULL};
    run_sim(&r, help);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "BENTO_SIM_SECRET_KEY"));
    runproc_free(&r);
}

static void test_large_account_and_env_keys(void **state)
{
    setenv("BENTO_SIM_SECRET_KEY", "sother00000000000000000000000000", 1);
    const char *const args[] = {"--tags", "100000", "--subscribers", "100000", "--seed",
                                "empty",  NULL};
    start(args); /* how fast it starts is a benchmark's business, not a test's */
    unsetenv("BENTO_SIM_SECRET_KEY");
    struct simhttp_resp r;
    simhttp(sim.base_url, "GET", "/fetch/tags", NULL, NULL, &r);
    assert_int_equal(r.status, 401); /* the demo secret is no longer accepted */
    simhttp_free(&r);
    /* 9.5 MB under a sanitizer on a busy machine: more than the default 10 s */
    struct simhttp_opts o = {.pass = "sother00000000000000000000000000", .timeout_ms = 120000};
    simhttp(sim.base_url, "GET", "/fetch/tags", NULL, &o, &r);
    assert_int_equal(r.status, 200);
    cJSON *j = simhttp_json(&r);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 100000);
    cJSON_Delete(j);
    simhttp_free(&r);
    simproc_stop(&sim);
}

/* Each body=NAME answers with the documented shape at its own status. */
static void test_body_shapes(void **state)
{
    static const struct {
        const char *rule;
        long status;
        const char *body; /* exact, or NULL: see ctype */
        const char *ctype;
    } cases[] = {
        {"/fetch/tags:body=error", 400, "{\"error\":\"Simulated failure\"}", "application/json"},
        {"/fetch/tags:body=message", 400, "{\"message\":\"Simulated failure\"}", NULL},
        {"/fetch/tags:body=errors-string", 400, "{\"errors\":\"Simulated failure\"}", NULL},
        {"/fetch/tags:body=errors-strings", 400,
         "{\"errors\":[\"Email is invalid\",\"Name can't be blank\"]}", NULL},
        {"/fetch/tags:body=errors-array", 400,
         "{\"errors\":[{\"field\":\"email\",\"message\":\"is invalid\"}]}", NULL},
        {"/fetch/tags:body=errors-detail", 400,
         "{\"errors\":[{\"field\":\"email\",\"detail\":\"is invalid\"}]}", NULL},
        {"/fetch/tags:body=errors-title", 400, "{\"errors\":[{\"title\":\"Email is invalid\"}]}",
         NULL},
        {"/fetch/tags:body=errors-hash", 422,
         "{\"errors\":{\"delay_interval_count\":[\"must be a positive integer\"]}}", NULL},
        {"/fetch/tags:status=400:body=errors-hash", 400, NULL, "application/json"},
        {"/fetch/tags:body=text", 401, "HTTP Basic: Access denied.", "text/plain"},
        {"/fetch/tags:body=author", 500,
         "{\"error\":\"Author not authorized to send on this account\"}", NULL},
        {"/fetch/tags:body=gateway", 502, NULL, "text/html"},
        {"/fetch/tags:status=503:body=gateway", 503, NULL, "text/html"},
        {"/fetch/tags:body=empty", 200, "", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const args[] = {"--fault", cases[i].rule, NULL};
        start(args);
        struct simhttp_resp r = get("GET", "/fetch/tags");
        assert_int_equal(r.status, cases[i].status);
        if (cases[i].body)
            assert_string_equal(r.body, cases[i].body);
        if (cases[i].ctype)
            assert_true(strncmp(r.ctype, cases[i].ctype, strlen(cases[i].ctype)) == 0);
        if (cases[i].status == 502 || cases[i].status == 503) {
            char title[64];
            snprintf(title, sizeof title, "<title>%ld ", cases[i].status);
            assert_non_null(strstr(r.body, title));
        }
        simhttp_free(&r);
        simproc_stop(&sim);
    }
}

static const cJSON *first_tag(const cJSON *j)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
}

/* The transforms change the normal answer and keep its status. */
static void test_body_transforms(void **state)
{
    const char *const args[] = {"--fault", "GET /fetch/tags:body=idnum:times=1",
                                "--fault", "GET /fetch/tags:body=idstr:after=1:times=1",
                                "--fault", "GET /fetch/tags:body=nullkeys:after=2:times=1",
                                "--fault", "GET /fetch/tags:body=nokeys:after=3:times=1",
                                "--fault", "GET /fetch/tags:body=badutf8:after=4:times=1",
                                NULL};
    start(args);
    long status;
    cJSON *j = simhttp_call(sim.base_url, "GET", "/fetch/tags", NULL, &status);
    assert_int_equal(status, 200);
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(first_tag(j), "id")));
    cJSON_Delete(j);
    j = simhttp_call(sim.base_url, "GET", "/fetch/tags", NULL, &status);
    assert_true(cJSON_IsString(cJSON_GetObjectItem(first_tag(j), "id")));
    cJSON_Delete(j);
    j = simhttp_call(sim.base_url, "GET", "/fetch/tags", NULL, &status);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(first_tag(j), "id")));
    const cJSON *attrs = cJSON_GetObjectItem(first_tag(j), "attributes");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(attrs, "name")));
    cJSON_Delete(j);
    j = simhttp_call(sim.base_url, "GET", "/fetch/tags", NULL, &status);
    assert_null(cJSON_GetObjectItem(first_tag(j), "id"));
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(first_tag(j), "attributes")));
    cJSON_Delete(j);
    struct simhttp_resp r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\xff\xfe"));
    simhttp_free(&r);
    simproc_stop(&sim);
}

/* deep is 100,000 nested arrays; huge is 50 MB of valid JSON, streamed. */
static void test_body_deep_huge(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:body=deep", "--fault",
                                "/fetch/fields:body=huge", NULL};
    start(args);
    struct simhttp_resp r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, 200000);
    assert_int_equal(r.body[0], '[');
    assert_int_equal(r.body[99999], '[');
    assert_int_equal(r.body[100000], ']');
    simhttp_free(&r);
    struct simhttp_opts o = {.timeout_ms = 120000};
    simhttp(sim.base_url, "GET", "/fetch/fields", NULL, &o, &r);
    assert_int_equal(r.status, 200);
    assert_true(r.len > 49000000 && r.len <= 50000000);
    assert_true(strncmp(r.body, "{\"data\":[{\"id\":\"000000000\"", 26) == 0);
    assert_string_equal(r.body + r.len - 3, "}]}");
    if (!getenv("BENTO_TEST_VALGRIND")) { /* minutes under memcheck */
        cJSON *j = simhttp_json(&r);
        assert_non_null(j);
        assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")) > 300000);
        cJSON_Delete(j);
    }
    simhttp_free(&r);
    simproc_stop(&sim);
}

/* A negative Retry-After is sent as text, on a 429. */
static void test_retry_after_negative_text(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:retry_after=-5", NULL};
    start(args);
    struct simhttp_resp r = get("GET", "/fetch/tags");
    assert_int_equal(r.status, 429);
    assert_string_equal(r.retry_after, "-5");
    simhttp_free(&r);
    simproc_stop(&sim);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_faults),
        cmocka_unit_test(test_retry_after_times_after),
        cmocka_unit_test(test_reset_truncate_html),
        cmocka_unit_test(test_delay_does_not_block_others),
        cmocka_unit_test(test_journal_fields),
        cmocka_unit_test(test_bad_flags_exit_2),
        cmocka_unit_test(test_large_account_and_env_keys),
        cmocka_unit_test(test_body_shapes),
        cmocka_unit_test(test_body_transforms),
        cmocka_unit_test(test_body_deep_huge),
        cmocka_unit_test(test_retry_after_negative_text),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
