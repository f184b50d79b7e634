/* bento-sim: the subscriber behaviours the console relies on, each as
 * the reference describes it: /fetch/search off unless --search (then
 * paged, with date filters), events that create the people they name,
 * imports that upsert by email, and email validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

static int start(const char *const *args)
{
    return simproc_start(&sim, args);
}

static int setup(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
    return start(args);
}

/* 250 generated people, subscriber000001@example.test created at
 * 2026-02-10T09:00:00Z and each next one a second later. */
static int setup_search(void **state)
{
    const char *const args[] = {"--seed",       "empty", "--subscribers", "250",
                                "--rate-limit", "off",   "--search",      NULL};
    return start(args);
}

static int teardown(void **state)
{
    simproc_stop(&sim);
    return 0;
}

static cJSON *call(const char *method, const char *path, const char *body, long want)
{
    long status = 0;
    cJSON *j = simhttp_call(sim.base_url, method, path, body, &status);
    if (status != want)
        fail_msg("%s %s: status %ld, want %ld", method, path, status, want);
    assert_non_null(j);
    return j;
}

static bool valid_of(const char *path, const char *body)
{
    cJSON *j = call("POST", path, body, 200);
    const cJSON *v = cJSON_GetObjectItem(j, "valid");
    assert_true(cJSON_IsBool(v));
    assert_int_equal(cJSON_GetArraySize(j), 1);
    bool valid = cJSON_IsTrue(v);
    cJSON_Delete(j);
    return valid;
}

static int num(const cJSON *o, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(o, key);
    if (!cJSON_IsNumber(n))
        fail_msg("\"%s\" is not a number", key);
    return n->valueint;
}

static const char *attr(const cJSON *rec, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "attributes"), key));
}

static cJSON *person(const char *email_escaped)
{
    char path[200];
    snprintf(path, sizeof path, "/fetch/subscribers?email=%s", email_escaped);
    cJSON *j = call("GET", path, NULL, 200);
    cJSON *data = cJSON_DetachItemFromObject(j, "data");
    cJSON_Delete(j);
    return data;
}

static int user_count(void)
{
    cJSON *j = call("GET", "/stats/site", NULL, 200);
    int n = num(j, "user_count");
    cJSON_Delete(j);
    return n;
}

/* ---- /fetch/search ---------------------------------------------------- */

/* Without --search the account is not on Enterprise: a JSON 403 that
 * names the plan, never the HTML page of an edge block. */
static void test_search_off_by_default(void **state)
{
    static const char *const methods[] = {"GET", "POST"};
    for (int i = 0; i < 2; i++) {
        struct simhttp_resp r;
        assert_int_equal(
            simhttp(sim.base_url, methods[i], "/fetch/search", "{\"page\":1}", NULL, &r), 0);
        assert_int_equal(r.status, 403);
        assert_non_null(strstr(r.ctype, "application/json"));
        cJSON *j = simhttp_json(&r);
        assert_non_null(j);
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(j, "error"));
        assert_non_null(msg);
        assert_non_null(strstr(msg, "Enterprise"));
        assert_null(cJSON_GetObjectItem(j, "data"));
        cJSON_Delete(j);
        simhttp_free(&r);
    }
}

/* One page of search results; *count gets its size. Caller frees. */
static cJSON *search(const char *method, const char *path, const char *body, int *count)
{
    cJSON *j = call(method, path, body, 200);
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_IsArray(data));
    *count = cJSON_GetArraySize(data);
    return j;
}

static int search_count(const char *filter)
{
    int total = 0, n;
    for (int page = 1; page < 10; page++) {
        char body[400];
        snprintf(body, sizeof body, "{\"page\":%d,%s}", page, filter);
        cJSON_Delete(search("POST", "/fetch/search", body, &n));
        total += n;
        if (n < 100)
            return total;
    }
    fail_msg("search did not end");
    return -1;
}

static void test_search_pages(void **state)
{
    int n;
    cJSON *seen = cJSON_CreateObject();
    static const int sizes[] = {100, 100, 50, 0};
    for (int page = 1; page <= 4; page++) {
        char body[32];
        snprintf(body, sizeof body, "{\"page\":%d}", page);
        cJSON *j = search("GET", "/fetch/search", body, &n);
        assert_int_equal(n, sizes[page - 1]);
        assert_int_equal(num(cJSON_GetObjectItem(j, "meta"), "page"), page);
        assert_int_equal(num(cJSON_GetObjectItem(j, "meta"), "total"), 250); /* all pages */
        const cJSON *rec;
        cJSON_ArrayForEach(rec, cJSON_GetObjectItem(j, "data")) {
            assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "type")), "visitors");
            assert_non_null(attr(rec, "uuid"));
            assert_non_null(attr(rec, "navigation_url"));
            assert_true(cJSON_IsArray(
                cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "attributes"), "cached_tag_ids")));
            const char *email = attr(rec, "email");
            assert_null(cJSON_GetObjectItem(seen, email)); /* no one twice */
            cJSON_AddTrueToObject(seen, email);
        }
        cJSON_Delete(j);
    }
    assert_int_equal(cJSON_GetArraySize(seen), 250);
    cJSON_Delete(seen);
    /* No page means page 1; the page may also come in the query. */
    cJSON *j = search("GET", "/fetch/search", NULL, &n);
    assert_int_equal(n, 100);
    assert_string_equal(attr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0), "email"),
                        "subscriber000001@example.test");
    cJSON_Delete(j);
    j = search("GET", "/fetch/search?page=3", NULL, &n);
    assert_int_equal(n, 50);
    assert_string_equal(attr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0), "email"),
                        "subscriber000201@example.test");
    cJSON_Delete(j);
}

static void test_search_created_filter(void **state)
{
    int n;
    /* After 09:00:49.5: people 51..250, over two pages. */
    const char *after = "\"created_at\":{\"gt\":\"2026-02-10T09:00:49.500Z\"}";
    assert_int_equal(search_count(after), 200);
    cJSON *j = search("POST", "/fetch/search",
                      "{\"page\":1,\"created_at\":{\"gt\":"
                      "\"2026-02-10T09:00:49.500Z\"}}",
                      &n);
    assert_int_equal(num(cJSON_GetObjectItem(j, "meta"), "total"), 200); /* the matches */
    assert_string_equal(attr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0), "email"),
                        "subscriber000051@example.test");
    cJSON_Delete(j);
    assert_int_equal(search_count("\"created_at\":{\"lt\":\"2026-02-10T09:00:10.500Z\"}"), 11);
    assert_int_equal(search_count("\"created_at\":{\"gt\":\"2026-02-10T09:00:04.500Z\","
                                  "\"lt\":\"2026-02-10T09:00:10.500Z\"}"),
                     6);
    assert_int_equal(search_count("\"created_at\":{\"lt\":\"2026-02-10\"}"), 0);
}

/* Writes move updated_at; events set last_event_at (a backfilled one
 * from its own date). People without events never match that filter. */
static void test_search_updated_and_last_event(void **state)
{
    const char *since = "2026-02-10T10:00:00Z"; /* after every generated date */
    char filter[200];
    snprintf(filter, sizeof filter, "\"updated_at\":{\"gt\":\"%s\"}", since);
    assert_int_equal(search_count(filter), 0);
    cJSON_Delete(call(
        "POST", "/fetch/commands",
        "{\"command\":[{\"command\":\"add_tag\",\"email\":\"subscriber000002@example.test\",\"query\":\"vip\"},"
        "{\"command\":\"add_field\",\"email\":\"subscriber000100@example.test\","
        "\"query\":{\"key\":\"plan\",\"value\":\"pro\"}}]}",
        200));
    assert_int_equal(search_count(filter), 2);

    snprintf(filter, sizeof filter, "\"last_event_at\":{\"gt\":\"%s\"}", since);
    assert_int_equal(search_count(filter), 0);
    cJSON_Delete(
        call("POST", "/batch/events",
             "{\"events\":[{\"type\":\"login\",\"email\":\"subscriber000003@example.test\"},"
             "{\"type\":\"$backfilled\",\"email\":\"subscriber000004@example.test\","
             "\"date\":\"2026-02-11T00:00:00Z\"}]}",
             200));
    assert_int_equal(search_count(filter), 2);
    assert_int_equal(search_count("\"last_event_at\":{\"lt\":\"2026-02-12T00:00:00Z\"}"), 1);
    snprintf(filter, sizeof filter,
             "\"updated_at\":{\"gt\":\"%s\"},\"last_event_at\":{\"gt\":\"%s\"}", since, since);
    assert_int_equal(search_count(filter), 2);
}

/* ---- events and imports ---------------------------------------------- */

static void test_events_create_unknown_people(void **state)
{
    assert_int_equal(user_count(), 0);
    cJSON *j = call("POST", "/batch/events",
                    "{\"events\":[{\"type\":\"signup\",\"email\":\"New.Person@Example.com\","
                    "\"fields\":{\"first_name\":\"Nia\"}},"
                    "{\"type\":\"login\",\"email\":\"new.person@example.com\"},"
                    "{\"type\":\"$purchase\",\"email\":\"other@example.com\","
                    "\"details\":{\"value\":{\"currency\":\"USD\",\"amount\":100}}}]}",
                    200);
    assert_int_equal(num(j, "results"), 3);
    assert_int_equal(num(j, "failed"), 0);
    cJSON_Delete(j);
    /* Two people: the address matches whatever its case. */
    assert_int_equal(user_count(), 2);
    cJSON *p = person("NEW.PERSON%40example.com");
    assert_non_null(attr(p, "uuid"));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(p, "attributes"), "fields"), "first_name")),
        "Nia");
    assert_true(
        cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "attributes"), "unsubscribed_at")));
    cJSON_Delete(p);
    p = person("other%40example.com");
    assert_non_null(attr(p, "uuid"));
    cJSON_Delete(p);
    /* An event that fails validation creates nobody. */
    j = call("POST", "/batch/events",
             "{\"events\":[{\"type\":\"x\",\"email\":\"not-an-address\"}]}", 200);
    assert_int_equal(num(j, "failed"), 1);
    cJSON_Delete(j);
    assert_int_equal(user_count(), 2);
}

static const char *field(const cJSON *p, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(p, "attributes"), "fields"), key));
}

static void test_imports_upsert_by_email(void **state)
{
    cJSON *j = call(
        "POST", "/batch/subscribers",
        "{\"subscribers\":[{\"email\":\"Up@Example.com\",\"first_name\":\"Una\",\"plan\":\"free\"}]}",
        200);
    assert_int_equal(num(j, "results"), 1);
    cJSON_Delete(j);
    cJSON *p = person("up%40example.com");
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", attr(p, "uuid"));
    cJSON_Delete(p);

    /* The same person twice more, in other cases, within one batch. */
    j = call(
        "POST", "/batch/subscribers",
        "{\"subscribers\":[{\"email\":\"up@example.com\",\"plan\":\"pro\",\"last_name\":\"Park\"},"
        "{\"email\":\"UP@EXAMPLE.COM\",\"city\":\"Oslo\"},"
        "{\"email\":\"up@example.com\",\"nested\":{\"no\":1}}]}",
        200);
    assert_int_equal(num(j, "results"), 2);
    assert_int_equal(num(j, "failed"), 1);
    cJSON_Delete(j);
    assert_int_equal(user_count(), 1);
    p = person("Up%40example.com");
    assert_string_equal(attr(p, "uuid"), uuid);
    assert_string_equal(field(p, "first_name"), "Una");
    assert_string_equal(field(p, "last_name"), "Park");
    assert_string_equal(field(p, "plan"), "pro");
    assert_string_equal(field(p, "city"), "Oslo");
    assert_null(field(p, "nested"));
    cJSON_Delete(p);
    /* Creating someone who exists finds them (200, not 201). */
    j = call("POST", "/fetch/subscribers", "{\"subscriber\":{\"email\":\"uP@example.com\"}}", 200);
    assert_string_equal(attr(cJSON_GetObjectItem(j, "data"), "uuid"), uuid);
    cJSON_Delete(j);
    assert_int_equal(user_count(), 1);
}

/* ---- /experimental/validation -------------------------------------- */

static void test_validation(void **state)
{
    /* The address may come in the JSON body or in the query. */
    assert_true(valid_of("/experimental/validation", "{\"email\":\"ada@example.com\"}"));
    assert_true(valid_of("/experimental/validation?email=ada%40example.com", NULL));
    assert_true(valid_of("/experimental/validation",
                         "{\"email\":\"ada@example.com\",\"name\":\"Ada\",\"ip\":\"1.1.1.1\","
                         "\"user_agent\":\"Mozilla/5.0\"}"));
    assert_false(valid_of("/experimental/validation", "{\"email\":\"not an email\"}"));
    /* Reserved top-level domains never receive mail. */
    assert_false(valid_of("/experimental/validation", "{\"email\":\"ada@mail.invalid\"}"));
    assert_false(valid_of("/experimental/validation", "{\"email\":\"ada@host.TEST\"}"));
    /* email is required: Rails' ParameterMissing. */
    cJSON *j = call("POST", "/experimental/validation", "{\"name\":\"Ada\"}", 400);
    assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(j, "error")), "email"));
    cJSON_Delete(j);
    cJSON_Delete(call("POST", "/experimental/validation", "{\"email\":\"\"}", 400));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_search_off_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_pages, setup_search, teardown),
        cmocka_unit_test_setup_teardown(test_search_created_filter, setup_search, teardown),
        cmocka_unit_test_setup_teardown(test_search_updated_and_last_event, setup_search, teardown),
        cmocka_unit_test_setup_teardown(test_events_create_unknown_people, setup, teardown),
        cmocka_unit_test_setup_teardown(test_imports_upsert_by_email, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
