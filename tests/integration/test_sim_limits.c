/* bento-sim: rate limits, batch caps, the author rule and body limits. */
#include <poll.h>
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

/* {"WRAPPER":[PRE0POST,PRE1POST,...]}: n records told apart by a number. */
static char *repeat_json(const char *wrapper, const char *pre, const char *post, int n)
{
    size_t cap = (size_t)n * 256 + 64;
    char *b = malloc(cap);
    size_t o = (size_t)snprintf(b, cap, "{\"%s\":[", wrapper);
    for (int i = 0; i < n; i++) {
        if (i)
            b[o++] = ',';
        o += (size_t)snprintf(b + o, cap - o, "%s%d%s", pre, i, post);
    }
    snprintf(b + o, cap - o, "]}");
    return b;
}

static long post(struct simproc *sp, const char *path, const char *body, char **out)
{
    struct simhttp_resp r;
    simhttp(sp->base_url, "POST", path, body, NULL, &r);
    if (out)
        *out = strdup(r.body);
    simhttp_free(&r);
    return r.status;
}

static void test_rate_limit_429_and_recovery(void **state)
{
    struct simproc sp;
    const char *const args[] = {"--rate-limit", "3/500", NULL};
    assert_int_equal(simproc_start(&sp, args), 0);
    struct simhttp_resp r;
    for (int i = 0; i < 3; i++) {
        simhttp(sp.base_url, "GET", "/fetch/tags", NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        simhttp_free(&r);
    }
    /* A rate-limited write changes nothing. */
    simhttp(sp.base_url, "POST", "/fetch/tags", "{\"tag\":{\"name\":\"limited\"}}", NULL, &r);
    assert_int_equal(r.status, 429);
    assert_string_equal(r.body, "{\"error\":\"Too many requests\"}");
    assert_string_equal(r.retry_after, "1");
    simhttp_free(&r);
    /* Families are separate budgets. */
    simhttp(sp.base_url, "POST", "/batch/events",
            "{\"events\":[{\"type\":\"x\",\"email\":\"a@example.com\"}]}", NULL, &r);
    assert_int_equal(r.status, 200);
    simhttp_free(&r);
    /* Wait out the window (poll as a sleep with a bound), then recover. */
    poll(NULL, 0, 600);
    simhttp(sp.base_url, "GET", "/fetch/tags", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "\"limited\""));
    simhttp_free(&r);
    cJSON *j = simproc_journal(&sp);
    int limited = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, j)
        limited += cJSON_IsTrue(cJSON_GetObjectItem(e, "rate_limited"));
    assert_int_equal(limited, 1);
    cJSON_Delete(j);
    simproc_stop(&sp);
}

static void test_rate_limit_off_and_stats_default(void **state)
{
    struct simproc sp;
    const char *const args[] = {"--rate-limit", "off", NULL};
    assert_int_equal(simproc_start(&sp, args), 0);
    for (int i = 0; i < 120; i++) {
        long st;
        cJSON *j = simhttp_call(sp.base_url, "GET", "/fetch/authors", NULL, &st);
        cJSON_Delete(j);
        assert_int_equal(st, 200);
    }
    simproc_stop(&sp);
    /* By default stats allow 60 an hour. */
    assert_int_equal(simproc_start(&sp, NULL), 0);
    long st = 0;
    for (int i = 0; i < 61; i++)
        cJSON_Delete(simhttp_call(sp.base_url, "GET", "/stats/site", NULL, &st));
    assert_int_equal(st, 429);
    struct simhttp_resp r;
    simhttp(sp.base_url, "GET", "/stats/site", NULL, NULL, &r);
    assert_true(atoi(r.retry_after) > 3000);
    simhttp_free(&r);
    simproc_stop(&sp);
}

static void test_batch_caps(void **state)
{
    struct simproc sp;
    assert_int_equal(simproc_start(&sp, NULL), 0);
    char *out = NULL;
    char *b = repeat_json("subscribers", "{\"email\":\"u", "@example.com\"}", 1001);
    assert_int_equal(post(&sp, "/batch/subscribers", b, &out), 400);
    assert_non_null(strstr(out, "\"error\""));
    free(out);
    free(b);
    b = repeat_json("subscribers", "{\"email\":\"u", "@example.com\"}", 1000);
    assert_int_equal(post(&sp, "/batch/subscribers", b, &out), 200);
    assert_string_equal(out, "{\"results\":1000,\"failed\":0}");
    free(out);
    free(b);
    b = repeat_json("events", "{\"type\":\"t\",\"email\":\"u", "@example.com\"}", 1001);
    assert_int_equal(post(&sp, "/batch/events", b, NULL), 400);
    free(b);
    b = repeat_json("emails", "{\"to\":\"u",
                    "@example.com\",\"from\":\"jesse@example.com\","
                    "\"subject\":\"s\",\"html_body\":\"<p>x</p>\"}",
                    61);
    assert_int_equal(post(&sp, "/batch/emails", b, &out), 400);
    assert_non_null(strstr(out, "\"error\""));
    free(out);
    free(b);
    b = repeat_json("command", "{\"command\":\"add_tag\",\"email\":\"u",
                    "@example.com\",\"query\":\"x\"}", 101);
    assert_int_equal(post(&sp, "/fetch/commands", b, NULL), 400);
    free(b);
    b = repeat_json("command", "{\"command\":\"add_tag\",\"email\":\"u",
                    "@example.com\",\"query\":\"x\"}", 100);
    assert_int_equal(post(&sp, "/fetch/commands", b, &out), 200);
    assert_string_equal(out, "{\"results\":100,\"failed\":0}");
    free(out);
    free(b);
    /* Empty or missing wrappers are Rails' ParameterMissing 400. */
    assert_int_equal(post(&sp, "/batch/subscribers", "{\"subscribers\":[]}", &out), 400);
    assert_string_equal(out, "{\"error\":\"param is missing or the value is empty: subscribers\"}");
    free(out);
    assert_int_equal(post(&sp, "/batch/events", "{\"event\":[]}", NULL), 400);
    assert_int_equal(post(&sp, "/batch/emails", "{}", NULL), 400);
    assert_int_equal(simproc_journal_count(&sp, "POST", "/batch/*"), 7);
    simproc_stop(&sp);
}

static void test_author_not_authorized(void **state)
{
    struct simproc sp;
    assert_int_equal(simproc_start(&sp, NULL), 0);
    char *out = NULL;
    assert_int_equal(
        post(&sp, "/batch/emails",
             "{\"emails\":[{\"to\":\"a@example.com\",\"from\":\"someone@elsewhere.test\","
             "\"subject\":\"Hi\",\"html_body\":\"<p>Hi</p>\"}]}",
             &out),
        500);
    assert_string_equal(out, "{\"error\":\"Author not authorized to send on this account\"}");
    free(out);
    /* Authors match case-insensitively. */
    assert_int_equal(post(&sp, "/batch/emails",
                          "{\"emails\":[{\"to\":\"a@example.com\",\"from\":\"Support@Example.com\","
                          "\"subject\":\"Hi\",\"html_body\":\"<p>Hi</p>\"}]}",
                          &out),
                     200);
    assert_string_equal(out, "{\"results\":1}");
    free(out);
    /* A missing required field is a 400 naming it. */
    assert_int_equal(
        post(
            &sp, "/batch/emails",
            "{\"emails\":[{\"to\":\"a@example.com\",\"from\":\"jesse@example.com\",\"subject\":\"Hi\"}]}",
            &out),
        400);
    assert_non_null(strstr(out, "html_body"));
    free(out);
    simproc_stop(&sp);
}

/* Blank fields and nested personalizations are refused with a 400; an
 * invalid recipient is left out of the count and listed as skipped. */
static void test_emails_blank_and_nested(void **state)
{
    struct simproc sp;
    assert_int_equal(simproc_start(&sp, NULL), 0);
    char *out = NULL;
    assert_int_equal(
        post(
            &sp, "/batch/emails",
            "{\"emails\":[{\"to\":\"a@example.com\",\"from\":\"jesse@example.com\",\"subject\":\"  \","
            "\"html_body\":\"<p>x</p>\"}]}",
            &out),
        400);
    assert_non_null(strstr(out, "subject"));
    free(out);
    assert_int_equal(
        post(
            &sp, "/batch/emails",
            "{\"emails\":[{\"to\":\"a@example.com\",\"from\":\"jesse@example.com\",\"subject\":\"S\","
            "\"html_body\":\"<p>x</p>\",\"personalizations\":{\"user\":{\"name\":\"x\"}}}]}",
            &out),
        400);
    assert_non_null(strstr(out, "personalizations"));
    free(out);
    assert_int_equal(
        post(
            &sp, "/batch/emails",
            "{\"emails\":[{\"to\":\"a@example.com\",\"from\":\"jesse@example.com\",\"subject\":\"S\","
            "\"html_body\":\"x\",\"personalizations\":{\"n\":1,\"ok\":true}},"
            "{\"to\":\"not-an-address\",\"from\":\"jesse@example.com\",\"subject\":\"S\","
            "\"html_body\":\"x\"}]}",
            &out),
        200);
    assert_string_equal(out, "{\"results\":1}");
    free(out);
    cJSON *j = simproc_journal(&sp);
    cJSON *last = cJSON_GetArrayItem(j, cJSON_GetArraySize(j) - 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(last, "sent")), 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(last, "skipped"), 0)),
        "not-an-address");
    /* refused calls send nothing */
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "sent"));
    cJSON_Delete(j);
    simproc_stop(&sp);
}

static void test_hostile_input(void **state)
{
    struct simproc sp;
    assert_int_equal(simproc_start(&sp, NULL), 0);
    size_t big = 17u * 1024 * 1024;
    char *b = malloc(big + 1);
    memset(b, ' ', big);
    b[big] = '\0';
    b[0] = '{';
    struct simhttp_resp r;
    simhttp(sp.base_url, "POST", "/batch/subscribers", b, NULL, &r);
    assert_int_equal(r.status, 413);
    simhttp_free(&r);
    free(b);
    const char *const bodies[] = {
        "[]",
        "null",
        "\"str\"",
        "{\"subscribers\":{}}",
        "{\"subscribers\":[1,null,[],\"x\"]}",
        "{\"subscribers\":[{\"email\":\"a@example.com\",\"nested\":{\"x\":1}},{\"email\":\"bad\"}]}",
        "{\"events\":[{\"type\":\"$tag\",\"email\":\"a@example.com\",\"details\":{\"tag\":5}}]}",
        "{\"command\":[{\"command\":\"add_field\",\"email\":\"a@example.com\",\"query\":\"k\"}]}",
    };
    const char *const paths[] = {"/batch/subscribers", "/batch/events", "/fetch/commands",
                                 "/batch/emails",      "/fetch/tags",   "/fetch/fields",
                                 "/fetch/subscribers", "/fetch/search"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
            simhttp(sp.base_url, "POST", paths[p], bodies[i], NULL, &r);
            assert_true(r.status >= 200 && r.status < 500);
            simhttp_free(&r);
        }
    }
    char *out = NULL;
    assert_int_equal(post(&sp, "/batch/subscribers", bodies[5], &out), 200);
    assert_string_equal(out, "{\"results\":0,\"failed\":2}");
    free(out);
    simproc_stop(&sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_limit_429_and_recovery),
        cmocka_unit_test(test_rate_limit_off_and_stats_default),
        cmocka_unit_test(test_batch_caps),
        cmocka_unit_test(test_author_not_authorized),
        cmocka_unit_test(test_emails_blank_and_nested),
        cmocka_unit_test(test_hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
