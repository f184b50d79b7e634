/* bento-sim: every documented shape of the experimental checks
 * (bento-api.md 3.10): the blacklist's results object, its older
 * {"data": [ {...} ]} wrapping and null results; moderation's reasons and
 * safe_original_content; gender guesses and nulls; Jesse's ruleset with
 * block_free_providers and wiggleroom. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "simhttp.h"
#include "simproc.h"

static struct simproc sim;

static int setup(void **state)
{
    (void)state;
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
    return simproc_start(&sim, args);
}

static int teardown(void **state)
{
    (void)state;
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

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* The reasons as one "a|b" string, for short assertions. */
static void joined(const cJSON *j, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    const cJSON *r;
    cJSON_ArrayForEach(r, get(j, "reasons")) {
        n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "|" : "", r->valuestring);
    }
}

static void test_blacklist_results(void **state)
{
    (void)state;
    cJSON *j = call("GET", "/experimental/blacklist?domain=example.com", NULL, 200);
    assert_string_equal(cJSON_GetStringValue(get(j, "query")), "example.com");
    const cJSON *res = get(j, "results");
    assert_true(cJSON_IsObject(res));
    assert_int_equal(cJSON_GetArraySize(res), 6);
    assert_true(cJSON_IsFalse(get(res, "spamhaus")));
    cJSON_Delete(j);

    j = call("GET", "/experimental/blacklist.json?ip=127.0.0.2", NULL, 200);
    res = get(j, "results");
    assert_true(cJSON_IsTrue(get(res, "spamhaus")) && cJSON_IsTrue(get(res, "abusix")));
    cJSON_Delete(j);

    j = call("GET", "/experimental/blacklist?domain=dbltest.com", NULL, 200);
    res = get(j, "results");
    assert_true(cJSON_IsTrue(get(res, "spamhaus")));
    assert_true(cJSON_IsFalse(get(res, "sorbs")));
    cJSON_Delete(j);

    /* ELIXIR's POST with a body, and the docs' older ip_address. */
    j = call("POST", "/experimental/blacklist", "{\"domain\":\"new-spam.example.com\"}", 200);
    res = get(j, "results");
    assert_true(cJSON_IsTrue(get(res, "just_registered")) && cJSON_IsTrue(get(res, "nordspam")));
    cJSON_Delete(j);
    j = call("GET", "/experimental/blacklist?ip_address=10.0.0.1", NULL, 200);
    assert_string_equal(cJSON_GetStringValue(get(j, "query")), "10.0.0.1");
    cJSON_Delete(j);
    cJSON_Delete(call("GET", "/experimental/blacklist", NULL, 400));
    cJSON_Delete(call("GET", "/experimental/blacklist?domain=https://example.com", NULL, 400));
}

static void test_blacklist_older_shapes(void **state)
{
    (void)state;
    cJSON *j = call("GET", "/experimental/blacklist?domain=legacy.spam.example.com", NULL, 200);
    const cJSON *data = get(j, "data");
    assert_true(cJSON_IsArray(data));
    assert_int_equal(cJSON_GetArraySize(data), 1);
    const cJSON *res = get(cJSON_GetArrayItem(data, 0), "results");
    assert_true(cJSON_IsTrue(get(res, "spfbl")));
    cJSON_Delete(j);

    j = call("GET", "/experimental/blacklist?domain=quiet.example.com", NULL, 200);
    assert_true(cJSON_IsNull(get(j, "results")));
    cJSON_Delete(j);
}

static void test_moderation(void **state)
{
    (void)state;
    char reasons[256];
    cJSON *j = call("POST", "/experimental/content_moderation",
                    "{\"content\":\"<b>FREE MONEY</b> at https://x.example\"}", 200);
    assert_true(cJSON_IsFalse(get(j, "valid")));
    joined(j, reasons, sizeof reasons);
    assert_string_equal(reasons, "Link spam|HTML is not allowed|Spam phrases");
    assert_string_equal(cJSON_GetStringValue(get(j, "safe_original_content")),
                        "&lt;b&gt;FREE MONEY&lt;/b&gt; at https://x.example");
    cJSON_Delete(j);

    j = call("POST", "/experimental/content_moderation", "{\"content\":\"  \"}", 200);
    joined(j, reasons, sizeof reasons);
    assert_string_equal(reasons, "Content is required");
    assert_null(get(j, "safe_original_content"));
    cJSON_Delete(j);

    j = call("POST", "/experimental/content_moderation?content=Hello%20there", NULL, 200);
    assert_true(cJSON_IsTrue(get(j, "valid")));
    assert_int_equal(cJSON_GetArraySize(get(j, "reasons")), 0);
    cJSON_Delete(j);
}

static void test_gender(void **state)
{
    (void)state;
    cJSON *j = call("POST", "/experimental/gender", "{\"name\":\"Mary Smith\"}", 200);
    assert_string_equal(cJSON_GetStringValue(get(j, "gender")), "female");
    assert_true(get(j, "confidence")->valuedouble > 0.9);
    cJSON_Delete(j);
    j = call("POST", "/experimental/gender?name=Zorblax", NULL, 200);
    assert_true(cJSON_IsNull(get(j, "gender")) && cJSON_IsNull(get(j, "confidence")));
    cJSON_Delete(j);
    cJSON_Delete(call("POST", "/experimental/gender", "{}", 400));
}

static void ruleset(const char *body, bool valid, const char *want)
{
    char reasons[256];
    cJSON *j = call("POST", "/experimental/jesses_ruleset", body, 200);
    assert_int_equal(cJSON_IsTrue(get(j, "valid")), valid);
    joined(j, reasons, sizeof reasons);
    assert_string_equal(reasons, want);
    cJSON_Delete(j);
}

static void test_jesses_ruleset(void **state)
{
    (void)state;
    ruleset("{\"email\":\"ada@company.com\"}", true, "");
    ruleset("{\"email\":\"ada@gmail.com\"}", true, "");
    ruleset("{\"email\":\"ada@gmail.com\",\"block_free_providers\":true}", false,
            "Free email provider");
    ruleset("{\"email\":\"info+x@company.com\"}", false, "Role-based address|Plus-addressed email");
    ruleset("{\"email\":\"info+x@company.com\",\"wiggleroom\":true}", true, "");
    ruleset("{\"email\":\"sales@company.com\",\"wiggle_room\":1}", true, "");
    ruleset("{\"email\":\"not an email\"}", false, "Email address is not valid");
    /* The query spelling of the booleans. */
    long status = 0;
    cJSON *j = simhttp_call(sim.base_url, "POST",
                            "/experimental/jesses_ruleset?email=a%40yahoo.com&"
                            "block_free_providers=true",
                            NULL, &status);
    assert_int_equal(status, 200);
    assert_true(cJSON_IsFalse(get(j, "valid")));
    cJSON_Delete(j);
    cJSON_Delete(call("POST", "/experimental/jesses_ruleset", "{}", 400));
    assert_int_equal(simproc_journal_count(&sim, "POST", "/experimental/jesses_ruleset"), 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_blacklist_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blacklist_older_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moderation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gender, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jesses_ruleset, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
