/* bento-sim: writes change what later reads return. */
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
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
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

static cJSON *attrs_of(const char *email, cJSON **owner)
{
    char path[256];
    snprintf(path, sizeof path, "/fetch/subscribers?email=%s", email);
    *owner = call("GET", path, NULL, 200);
    return cJSON_GetObjectItem(cJSON_GetObjectItem(*owner, "data"), "attributes");
}

static const cJSON *find_tag(const cJSON *list, const char *name)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(list, "data")) {
        const cJSON *a = cJSON_GetObjectItem(t, "attributes");
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(a, "name")), name) == 0)
            return t;
    }
    return NULL;
}

static char *tag_id(const char *name)
{
    cJSON *list = call("GET", "/fetch/tags", NULL, 200);
    const cJSON *t = find_tag(list, name);
    char *id = t ? strdup(cJSON_GetStringValue(cJSON_GetObjectItem(t, "id"))) : NULL;
    cJSON_Delete(list);
    return id;
}

static bool has_tag(const cJSON *attrs, const char *id)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(attrs, "cached_tag_ids"))
        if (id && strcmp(cJSON_GetStringValue(x), id) == 0)
            return true;
    return false;
}

static void test_empty_seed(void **state)
{
    cJSON *j = call("GET", "/fetch/tags", NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 0);
    cJSON_Delete(j);
    j = call("GET", "/stats/site", NULL, 200);
    assert_int_equal(cJSON_GetObjectItem(j, "user_count")->valueint, 0);
    cJSON_Delete(j);
}

static void test_tag_created_listed_then_discarded(void **state)
{
    cJSON_Delete(call("POST", "/fetch/tags", "{\"tag\":{\"name\":\"spring-sale\"}}", 201));
    char *id = tag_id("spring-sale");
    assert_non_null(id);
    char path[64];
    snprintf(path, sizeof path, "/fetch/tags/%s", id);
    cJSON_Delete(call("DELETE", path, "{\"tag\":{\"name\":\"spring-sale\"}}", 200));
    cJSON *list = call("GET", "/fetch/tags", NULL, 200);
    const cJSON *t = find_tag(list, "spring-sale");
    assert_non_null(t);
    assert_non_null(cJSON_GetStringValue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(t, "attributes"), "discarded_at")));
    cJSON_Delete(list);
    free(id);
}

static void test_import_upserts(void **state)
{
    cJSON *j = call(
        "POST", "/batch/subscribers",
        "{\"subscribers\":[{\"email\":\"Up@Example.com\",\"first_name\":\"Una\",\"tags\":\"lead, trial\"}]}",
        200);
    cJSON_Delete(j);
    j = call(
        "POST", "/batch/subscribers",
        "{\"subscribers\":[{\"email\":\"up@example.com\",\"last_name\":\"Park\",\"remove_tags\":\"lead\",\"tags\":\"customer\"}]}",
        200);
    cJSON_Delete(j);
    cJSON *owner;
    cJSON *a = attrs_of("UP%40example.com", &owner);
    cJSON *fields = cJSON_GetObjectItem(a, "fields");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(fields, "first_name")), "Una");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(fields, "last_name")), "Park");
    char *lead = tag_id("lead"), *trial = tag_id("trial"), *cust = tag_id("customer");
    assert_false(has_tag(a, lead));
    assert_true(has_tag(a, trial));
    assert_true(has_tag(a, cust));
    free(lead);
    free(trial);
    free(cust);
    cJSON_Delete(owner);
    j = call("GET", "/stats/site", NULL, 200);
    assert_int_equal(cJSON_GetObjectItem(j, "user_count")->valueint, 1);
    cJSON_Delete(j);
    /* New field keys become defined fields. */
    j = call("GET", "/fetch/fields", NULL, 200);
    char *text = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(text, "\"key\":\"last_name\""));
    free(text);
    cJSON_Delete(j);
}

static void test_commands_change_state(void **state)
{
    cJSON *j = call(
        "POST", "/fetch/commands",
        "{\"command\":["
        "{\"command\":\"add_tag\",\"email\":\"c@example.com\",\"query\":\"vip\"},"
        "{\"command\":\"add_field\",\"email\":\"c@example.com\",\"query\":{\"key\":\"plan\",\"value\":\"pro\"}},"
        "{\"command\":\"unsubscribe\",\"email\":\"c@example.com\"},"
        "{\"command\":\"fly\",\"email\":\"c@example.com\"},"
        "{\"command\":\"add_field\",\"email\":\"c@example.com\",\"query\":\"plan\"}]}",
        200);
    assert_int_equal(cJSON_GetObjectItem(j, "results")->valueint, 3);
    assert_int_equal(cJSON_GetObjectItem(j, "failed")->valueint, 2);
    cJSON_Delete(j);
    cJSON *owner;
    cJSON *a = attrs_of("c%40example.com", &owner);
    char *vip = tag_id("vip");
    assert_true(has_tag(a, vip));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "fields"), "plan")), "pro");
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(a, "unsubscribed_at")));
    cJSON_Delete(owner);
    j = call(
        "POST", "/fetch/commands",
        "{\"command\":["
        "{\"command\":\"remove_tag\",\"email\":\"c@example.com\",\"query\":\"vip\"},"
        "{\"command\":\"remove_field\",\"email\":\"c@example.com\",\"query\":\"plan\"},"
        "{\"command\":\"subscribe\",\"email\":\"c@example.com\"},"
        "{\"command\":\"change_email\",\"email\":\"c@example.com\",\"query\":\"c2@example.com\"}]}",
        200);
    assert_int_equal(cJSON_GetObjectItem(j, "results")->valueint, 4);
    cJSON_Delete(j);
    a = attrs_of("c%40example.com", &owner);
    assert_null(a);
    cJSON_Delete(owner);
    a = attrs_of("c2%40example.com", &owner);
    assert_false(has_tag(a, vip));
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "fields"), "plan"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "unsubscribed_at")));
    cJSON_Delete(owner);
    free(vip);
}

static void test_events_act_and_dedupe(void **state)
{
    const char *ev =
        "{\"events\":[{\"type\":\"$tag\",\"email\":\"e@example.com\",\"details\":{\"tag\":\"webinar\","
        "\"unique\":{\"key\":\"k1\"}}}]}";
    cJSON_Delete(call("POST", "/batch/events", ev, 200));
    cJSON_Delete(call(
        "POST", "/batch/events",
        "{\"events\":[{\"type\":\"$remove_tag\",\"email\":\"e@example.com\",\"details\":{\"tag\":\"webinar\"}},"
        "{\"type\":\"$unsubscribe\",\"email\":\"e@example.com\"},"
        "{\"type\":\"$update_fields\",\"email\":\"e@example.com\",\"fields\":{\"city\":\"Oslo\"}},"
        "{\"type\":\"x\"},{\"email\":\"e@example.com\"}]}",
        200));
    /* The same unique key again: accepted, not applied (the tag stays off). */
    cJSON *j = call("POST", "/batch/events", ev, 200);
    assert_int_equal(cJSON_GetObjectItem(j, "results")->valueint, 1);
    cJSON_Delete(j);
    cJSON *owner;
    cJSON *a = attrs_of("e%40example.com", &owner);
    char *web = tag_id("webinar");
    assert_non_null(web);
    assert_false(has_tag(a, web));
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(a, "unsubscribed_at")));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "fields"), "city")),
        "Oslo");
    cJSON_Delete(owner);
    free(web);
    j = call("POST", "/batch/events",
             "{\"events\":[{\"type\":\"x\"},{\"email\":\"e@example.com\"}]}", 200);
    assert_int_equal(cJSON_GetObjectItem(j, "failed")->valueint, 2);
    cJSON_Delete(j);
}

static void test_emails_recorded_in_journal(void **state)
{
    cJSON_Delete(call(
        "POST", "/batch/emails",
        "{\"emails\":[{\"to\":\"r@example.com\",\"from\":\"jesse@example.com\",\"subject\":\"Hello\","
        "\"html_body\":\"<p>Hi {{ name }}</p>\",\"personalizations\":{\"name\":\"R\"},\"transactional\":true}]}",
        200));
    cJSON *jr = simproc_journal(&sim);
    cJSON *last = cJSON_GetArrayItem(jr, cJSON_GetArraySize(jr) - 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(last, "path")), "/batch/emails");
    assert_int_equal(cJSON_GetObjectItem(last, "records")->valueint, 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(last, "emails"), 0)),
        "r@example.com");
    cJSON *sent = cJSON_GetArrayItem(cJSON_GetObjectItem(last, "sent"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(sent, "subject")), "Hello");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(sent, "transactional")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
                            cJSON_GetObjectItem(sent, "personalizations"), "name")),
                        "R");
    cJSON_Delete(jr);
    /* Unknown recipients become people. */
    cJSON *owner;
    assert_non_null(attrs_of("r%40example.com", &owner));
    cJSON_Delete(owner);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_seed),
        cmocka_unit_test(test_tag_created_listed_then_discarded),
        cmocka_unit_test(test_import_upserts),
        cmocka_unit_test(test_commands_change_state),
        cmocka_unit_test(test_events_act_and_dedupe),
        cmocka_unit_test(test_emails_recorded_in_journal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
