/* bento-sim against the reference's request/response examples, sent the
 * way the official SDKs send them (site_uuid in the query as GO does, or
 * in the JSON body on POST as NODE does). */
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
    const char *const args[] = {"--search", NULL};
    return simproc_start(&sim, args);
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
    assert_int_equal(status, want);
    assert_non_null(j);
    return j;
}

/* NODE style: POST with site_uuid in the body, no query. */
static cJSON *call_node(const char *path, const char *wrapped, long want)
{
    char body[4096];
    snprintf(body, sizeof body, "{\"site_uuid\":\"%s\",%s}", BENTO_SIM_DEMO_SITE, wrapped);
    struct simhttp_opts o = {.no_site = 1, .ua = "bento-node-" BENTO_SIM_DEMO_SITE};
    struct simhttp_resp r;
    simhttp(sim.base_url, "POST", path, body, &o, &r);
    assert_int_equal(r.status, want);
    cJSON *j = simhttp_json(&r);
    simhttp_free(&r);
    assert_non_null(j);
    return j;
}

static const char *attr(const cJSON *rec, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "attributes"), key));
}

static double num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(j, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void test_tags_list_shape(void **state)
{
    cJSON *j = call("GET", "/fetch/tags", NULL, 200);
    cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_GetArraySize(data) >= 30);
    cJSON *t = cJSON_GetArrayItem(data, 0);
    assert_true(cJSON_IsString(cJSON_GetObjectItem(t, "id")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(t, "type")), "tags");
    const char *created = attr(t, "created_at");
    assert_non_null(created);
    /* 2024-08-06T05:44:04.444Z */
    assert_int_equal(strlen(created), 24);
    assert_int_equal(created[19], '.');
    assert_int_equal(created[23], 'Z');
    cJSON *a = cJSON_GetObjectItem(t, "attributes");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "discarded_at")));
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(a, "site_id")));
    int discarded = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, data)
        discarded += attr(it, "discarded_at") != NULL;
    assert_true(discarded >= 1);
    cJSON_Delete(j);
}

static void test_tag_create_node_style(void **state)
{
    cJSON *j = call_node("/fetch/tags", "\"tag\":{\"name\":\"vip_customer\"}", 201);
    cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_IsObject(d));
    assert_string_equal(attr(d, "name"), "vip_customer");
    char id[32];
    snprintf(id, sizeof id, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(d, "id")));
    cJSON_Delete(j);
    /* The same name again returns the existing tag. */
    j = call("POST", "/fetch/tags", "{\"tag\":{\"name\":\"vip_customer\"}}", 200);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "id")), id);
    cJSON_Delete(j);
    j = call("POST", "/fetch/tags", "{\"name\":\"no-wrapper\"}", 400);
    cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "errors"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "field")), "name");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "message")), "can't be blank");
    cJSON_Delete(j);
}

static void test_tag_delete_by_id(void **state)
{
    cJSON *j = call("POST", "/fetch/tags", "{\"tag\":{\"name\":\"VIP\"}}", 201);
    char path[64];
    snprintf(path, sizeof path, "/fetch/tags/%s",
             cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "id")));
    cJSON_Delete(j);
    j = call("DELETE", path, "{\"tag\":{\"name\":\"VIP\"}}", 200);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "message")),
                        "Tag (VIP) deleted successfully");
    cJSON_Delete(j);
    j = call("DELETE", "/fetch/tags/99999999", "{\"tag\":{\"name\":\"x\"}}", 404);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "error")), "Tag not found");
    cJSON_Delete(j);
    /* Docs variant: DELETE /fetch/tags?name= */
    j = call("DELETE", "/fetch/tags?name=vip_customer", NULL, 200);
    assert_non_null(
        strstr(cJSON_GetStringValue(cJSON_GetObjectItem(j, "message")), "vip_customer"));
    cJSON_Delete(j);
}

static void test_fields(void **state)
{
    cJSON *j = call("GET", "/fetch/fields", NULL, 200);
    cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(f, "type")), "visitors-fields");
    assert_true(
        cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(f, "attributes"), "whitelisted")));
    assert_non_null(attr(f, "key"));
    cJSON_Delete(j);
    const char *keys[] = {"this_is_a_key", "thisIsAKey", "this-is-a-key"};
    for (int i = 0; i < 3; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"field\":{\"key\":\"%s\"}}", keys[i]);
        j = call("POST", "/fetch/fields", body, 201);
        assert_string_equal(attr(cJSON_GetObjectItem(j, "data"), "name"), "This Is A Key");
        assert_string_equal(attr(cJSON_GetObjectItem(j, "data"), "key"), keys[i]);
        cJSON_Delete(j);
    }
}

static void test_subscriber_lookup_and_create(void **state)
{
    cJSON *j = call("GET", "/fetch/subscribers?email=nobody%40example.com", NULL, 200);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "data")));
    cJSON_Delete(j);
    j = call_node("/fetch/subscribers", "\"subscriber\":{\"email\":\"new@example.com\"}", 201);
    cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "type")), "visitors");
    assert_string_equal(attr(d, "email"), "new@example.com");
    cJSON *a = cJSON_GetObjectItem(d, "attributes");
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(a, "cached_tag_ids")));
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(a, "fields")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "unsubscribed_at")));
    assert_non_null(attr(d, "navigation_url"));
    char path[128];
    snprintf(path, sizeof path, "/fetch/subscribers?uuid=%s", attr(d, "uuid"));
    cJSON_Delete(j);
    j = call("GET", path, NULL, 200);
    assert_string_equal(attr(cJSON_GetObjectItem(j, "data"), "email"), "new@example.com");
    cJSON_Delete(j);
    j = call("POST", "/fetch/subscribers", "{\"subscriber\":{\"email\":\"NEW@example.com\"}}", 200);
    cJSON_Delete(j);
}

static void test_batch_subscribers_example(void **state)
{
    cJSON *j = call_node(
        "/batch/subscribers",
        "\"subscribers\": ["
        "{ \"email\": \"jesse@example.com\", \"first_name\": \"Jesse\", \"tags\": \"customer,mql\","
        " \"remove_tags\": \"lead\", \"company\": \"Acme\" },"
        "{ \"email\": \"alice@example.com\", \"plan\": \"pro\" } ]",
        200);
    assert_int_equal(num(j, "results"), 2);
    assert_int_equal(num(j, "failed"), 0);
    cJSON_Delete(j);
}

static void test_batch_events_example(void **state)
{
    cJSON *j = call(
        "POST", "/batch/events",
        "{ \"events\": ["
        "{ \"type\": \"$completed_onboarding\", \"email\": \"user@example.com\" },"
        "{ \"type\": \"$purchase\", \"email\": \"customer@example.com\","
        "  \"fields\": { \"first_name\": \"John\" },"
        "  \"details\": { \"unique\": { \"key\": \"order_123\" },"
        "    \"value\": { \"currency\": \"USD\", \"amount\": 9999 },"
        "    \"cart\": { \"items\": [ { \"product_sku\": \"PROD-001\", \"product_name\": \"Premium Widget\","
        "      \"quantity\": 1, \"product_price\": 9999, \"product_id\": \"123\" } ],"
        "      \"abandoned_checkout_url\": \"https://example.com/cart\" } } },"
        "{ \"type\": \"$backfilled\", \"email\": \"user@example.com\", \"date\": \"2023-01-01T00:00:00Z\" }"
        "] }",
        200);
    assert_int_equal(num(j, "results"), 3);
    assert_int_equal(num(j, "failed"), 0);
    cJSON_Delete(j);
    j = call("GET", "/fetch/subscribers?email=customer%40example.com", NULL, 200);
    cJSON *fields = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "attributes"), "fields");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(fields, "first_name")), "John");
    cJSON_Delete(j);
}

static void test_batch_emails_example(void **state)
{
    cJSON *j = call_node(
        "/batch/emails",
        "\"emails\": [ {"
        "\"to\": \"recipient@example.com\", \"from\": \"jesse@example.com\","
        "\"subject\": \"Reset your password\","
        "\"html_body\": \"<p>Hi {{ name }}, reset here: {{ link }}</p>\","
        "\"transactional\": true,"
        "\"personalizations\": { \"name\": \"John\", \"link\": \"https://example.com/reset?t=abc\" }"
        "} ]",
        200);
    assert_int_equal(num(j, "results"), 1);
    cJSON_Delete(j);
}

static void test_commands_array_and_single(void **state)
{
    cJSON *j = call(
        "POST", "/fetch/commands",
        "{\"command\": ["
        "{\"command\":\"add_tag\",\"email\":\"cmd@example.com\",\"query\":\"vip\"},"
        "{\"command\":\"add_field\",\"email\":\"cmd@example.com\",\"query\":{\"key\":\"plan\",\"value\":\"pro\"}},"
        "{\"command\":\"subscribe\",\"email\":\"cmd@example.com\"}]}",
        200);
    assert_int_equal(num(j, "results"), 3);
    assert_int_equal(num(j, "failed"), 0);
    cJSON_Delete(j);
    j = call_node(
        "/fetch/commands",
        "\"command\": {\"command\":\"remove_tag\",\"email\":\"cmd@example.com\",\"query\":\"vip\"}",
        200);
    assert_int_equal(num(j, "results"), 1);
    assert_int_equal(num(j, "failed"), 0);
    cJSON_Delete(j);
}

static void test_authors_stats_validation(void **state)
{
    cJSON *j = call("GET", "/fetch/authors", NULL, 200);
    cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "type")), "authors");
    assert_non_null(strchr(attr(a, "email"), '@'));
    assert_non_null(attr(a, "name"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 2);
    cJSON_Delete(j);
    j = call("GET", "/stats/site", NULL, 200);
    assert_true(num(j, "user_count") >= 300);
    assert_int_equal(num(j, "user_count"),
                     num(j, "subscriber_count") + num(j, "unsubscriber_count"));
    assert_true(num(j, "unsubscriber_count") > 0);
    cJSON_Delete(j);
    j = call("POST", "/experimental/validation", "{\"email\":\"not an email\"}", 200);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "valid")));
    cJSON_Delete(j);
    j = call("GET", "/experimental/geolocation?ip=1.1.1.1", NULL, 200);
    assert_int_equal(cJSON_GetArraySize(j), 0);
    cJSON_Delete(j);
}

static void test_search_pages(void **state)
{
    cJSON *j = call("GET", "/fetch/search", "{\"page\":1}", 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 100);
    assert_int_equal(num(cJSON_GetObjectItem(j, "meta"), "page"), 1);
    cJSON_Delete(j);
    /* DOTNET sends POST; a window keeps only older people. */
    j = call(
        "POST", "/fetch/search",
        "{\"page\":1,\"created_at\":{\"gt\":\"2025-01-01T00:00:00Z\",\"lt\":\"2025-02-01T00:00:00Z\"}}",
        200);
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(j, "data"));
    assert_true(n > 0 && n < 100);
    cJSON_Delete(j);
    j = call("GET", "/fetch/search", "{\"page\":50}", 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 0);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tags_list_shape),
        cmocka_unit_test(test_tag_create_node_style),
        cmocka_unit_test(test_tag_delete_by_id),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_subscriber_lookup_and_create),
        cmocka_unit_test(test_batch_subscribers_example),
        cmocka_unit_test(test_batch_events_example),
        cmocka_unit_test(test_batch_emails_example),
        cmocka_unit_test(test_commands_array_and_single),
        cmocka_unit_test(test_authors_stats_validation),
        cmocka_unit_test(test_search_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
