/* Decoders: every shape the reference documents, each conflict variant,
 * and bodies meant to break a parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/decode.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* ---- tags ------------------------------------------------------------ */

static void test_tags_list(void **state)
{
    (void)state;
    struct bento_tag_list l;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_tags(
            S("{\"data\":[{\"id\":\"1234\",\"type\":\"tags\",\"attributes\":{\"name\":\"example_tag\","
              "\"created_at\":\"2024-08-06T05:44:04.444Z\",\"discarded_at\":null,\"site_id\":123}},"
              "{\"id\":77,\"type\":\"tags\",\"attributes\":{\"name\":\"old\",\"discarded_at\":\"2024-09-01T00:00:00Z\"}}]}"),
            &l, &err),
        0);
    assert_int_equal(l.count, 2);
    assert_string_equal(l.items[0].id, "1234");
    assert_string_equal(l.items[0].name, "example_tag");
    assert_string_equal(l.items[0].created_at, "2024-08-06T05:44:04.444Z");
    assert_null(l.items[0].discarded_at);
    assert_string_equal(l.items[1].id, "77");
    assert_null(l.items[1].created_at);
    assert_string_equal(l.items[1].discarded_at, "2024-09-01T00:00:00Z");
    bento_tag_list_free(&l);
    assert_int_equal(l.count, 0);
    assert_null(l.items);
}

static void test_tag_create_object_or_array(void **state)
{
    (void)state;
    struct bento_tag_list l;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_tags(S("{\"data\":{\"id\":\"9\",\"attributes\":{\"name\":\"vip\"}}}"), &l,
                          &err),
        0);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].name, "vip");
    bento_tag_list_free(&l);
    assert_int_equal(
        bento_decode_tags(S("{\"data\":[{\"id\":9,\"attributes\":{\"name\":\"vip\"}}]}"), &l, &err),
        0);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].id, "9");
    bento_tag_list_free(&l);
}

static void test_empty_data_variants(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "{\"data\":null}",
        "{\"data\":{}}",
        "{}",
        "{\"data\":[]}",
        "{\"data\":\"x\"}",
        "{\"data\":[1,\"a\",null,[],{}]}",
        "{\"message\":\"Tag (VIP) deleted successfully\"}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct bento_tag_list l;
        struct bento_error err = {0};
        assert_int_equal(bento_decode_tags(bodies[i], strlen(bodies[i]), &l, &err), 0);
        assert_int_equal(l.count, 0);
        bento_tag_list_free(&l);
    }
}

/* ---- fields ---------------------------------------------------------- */

static void test_fields(void **state)
{
    (void)state;
    struct bento_field_list l;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_fields(
            S("{\"data\":[{\"id\":\"1234\",\"type\":\"visitors-fields\",\"attributes\":{\"name\":\"Last Name\","
              "\"key\":\"last_name\",\"whitelisted\":null,\"created_at\":\"2024-01-01T00:00:00Z\"}},"
              "{\"id\":2,\"attributes\":{\"key\":\"a\",\"whitelisted\":true}},"
              "{\"id\":3,\"attributes\":{\"key\":\"b\",\"whitelisted\":\"false\"}},"
              "{\"id\":4,\"attributes\":{\"key\":\"c\"}}]}"),
            &l, &err),
        0);
    assert_int_equal(l.count, 4);
    assert_string_equal(l.items[0].key, "last_name");
    assert_string_equal(l.items[0].name, "Last Name");
    assert_int_equal(l.items[0].whitelisted, -1);
    assert_int_equal(l.items[1].whitelisted, 1);
    assert_int_equal(l.items[2].whitelisted, 0);
    assert_int_equal(l.items[3].whitelisted, -1);
    assert_null(l.items[3].name);
    bento_field_list_free(&l);

    assert_int_equal(
        bento_decode_fields(
            S("{\"data\":{\"id\":\"5\",\"attributes\":{\"key\":\"loyalty_points\"}}}"), &l, &err),
        0);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].id, "5");
    bento_field_list_free(&l);
}

/* ---- subscriber ------------------------------------------------------ */

static void test_subscriber_found(void **state)
{
    (void)state;
    struct bento_subscriber s;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_subscriber(
            S("{\"data\":{\"id\":\"12345\",\"type\":\"visitors\",\"attributes\":{\"uuid\":\"f0c3\","
              "\"email\":\"user@example.com\",\"fields\":{\"first_name\":\"Ada\",\"plan\":\"pro\"},"
              "\"cached_tag_ids\":[\"101\",202,null,{}],\"unsubscribed_at\":null,"
              "\"navigation_url\":\"https://app.bentonow.com/x\"}}}"),
            &s, &err),
        0);
    assert_true(s.found);
    assert_string_equal(s.id, "12345");
    assert_string_equal(s.uuid, "f0c3");
    assert_string_equal(s.email, "user@example.com");
    assert_null(s.unsubscribed_at);
    assert_string_equal(s.navigation_url, "https://app.bentonow.com/x");
    assert_non_null(s.fields);
    assert_string_equal(cJSON_GetObjectItem(s.fields, "plan")->valuestring, "pro");
    assert_int_equal(s.tag_id_count, 2);
    assert_string_equal(s.tag_ids[0], "101");
    assert_string_equal(s.tag_ids[1], "202");
    bento_subscriber_free(&s);
    assert_false(s.found);
}

static void test_subscriber_nulls_and_array(void **state)
{
    (void)state;
    struct bento_subscriber s;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_subscriber(
            S("{\"data\":[{\"id\":7,\"attributes\":{\"email\":\"a@b.c\",\"fields\":null,"
              "\"cached_tag_ids\":null,\"unsubscribed_at\":\"2024-01-01T00:00:00Z\"}}]}"),
            &s, &err),
        0);
    assert_true(s.found);
    assert_string_equal(s.id, "7");
    assert_null(s.fields);
    assert_int_equal(s.tag_id_count, 0);
    assert_string_equal(s.unsubscribed_at, "2024-01-01T00:00:00Z");
    bento_subscriber_free(&s);
}

static void test_subscriber_not_found(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "{\"data\":null}",
        "{}",
        "{\"data\":{}}",
        "{\"data\":[]}",
        "{\"data\":{\"type\":\"visitors\",\"attributes\":{\"email\":\"x@y.z\"}}}",
        "{\"data\":{\"id\":\"\",\"attributes\":{}}}",
        "{\"data\":{\"id\":null}}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct bento_subscriber s;
        struct bento_error err = {0};
        assert_int_equal(bento_decode_subscriber(bodies[i], strlen(bodies[i]), &s, &err), 0);
        assert_false(s.found);
        assert_null(s.email);
        bento_subscriber_free(&s);
    }
}

/* ---- authors, counters, stats ----------------------------------------- */

static void test_authors(void **state)
{
    (void)state;
    struct bento_author_list l;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_authors(
            S("{\"data\":[{\"id\":\"1\",\"type\":\"authors\",\"attributes\":{\"name\":\"Jesse\","
              "\"email\":\"jesse@example.com\"}},{\"id\":2,\"attributes\":{}}]}"),
            &l, &err),
        0);
    assert_int_equal(l.count, 2);
    assert_string_equal(l.items[0].name, "Jesse");
    assert_string_equal(l.items[0].email, "jesse@example.com");
    assert_null(l.items[1].email);
    bento_author_list_free(&l);
}

static void test_batch_counts_variants(void **state)
{
    (void)state;
    struct bento_batch_counts c = {0};
    struct bento_error err = {0};
    assert_int_equal(bento_decode_batch_counts(S("{\"results\":2,\"failed\":1}"), &c, &err), 0);
    assert_int_equal(bento_decode_batch_counts(S("{\"result\":5}"), &c, &err), 0);
    assert_int_equal(bento_decode_batch_counts(S("{\"results\":\"3\",\"failed\":null}"), &c, &err),
                     0);
    assert_int_equal(bento_decode_batch_counts(S("{}"), &c, &err), 0);
    assert_int_equal(c.results, 10);
    assert_int_equal(c.failed, 1);
    /* the broadcasts variant carries extra keys */
    assert_int_equal(
        bento_decode_batch_counts(S("{\"results\":1,\"failed\":1,\"broadcasts\":[{\"id\":42}],"
                                    "\"failures\":[{\"index\":1}]}"),
                                  &c, &err),
        0);
    assert_int_equal(c.results, 11);
    assert_int_equal(c.failed, 2);
}

static void test_batch_counts_huge_numbers(void **state)
{
    (void)state;
    struct bento_batch_counts c = {0};
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_batch_counts(S("{\"results\":1e400,\"failed\":-1e400}"), &c, &err), 0);
    assert_true(c.results > 0);
    assert_int_equal(bento_decode_batch_counts(S("{\"results\":1e300}"), &c, &err), 0);
    assert_true(c.results > 0); /* saturated, not wrapped */
}

static void test_site_stats(void **state)
{
    (void)state;
    struct bento_site_stats st;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_site_stats(
            S("{\"user_count\":10000,\"subscriber_count\":8500,\"unsubscriber_count\":1500}"), &st,
            &err),
        0);
    assert_int_equal(st.user_count, 10000);
    assert_int_equal(st.subscriber_count, 8500);
    assert_int_equal(st.unsubscriber_count, 1500);
    assert_int_equal(bento_decode_site_stats(S("{\"subscriber_count\":3}"), &st, &err), 0);
    assert_int_equal(st.user_count, -1);
    assert_int_equal(st.subscriber_count, 3);
    assert_int_equal(bento_decode_site_stats(S("{\"data\":{\"user_count\":4}}"), &st, &err), 0);
    assert_int_equal(st.user_count, 4);
    /* found by fuzz/stats_segment: a negative count is read as absent */
    assert_int_equal(
        bento_decode_site_stats(S("{\"user_count\":10,\"unsubscriber_count\":-500}"), &st, &err),
        0);
    assert_int_equal(st.user_count, 10);
    assert_int_equal(st.unsubscriber_count, -1);
}

/* ---- ids ------------------------------------------------------------- */

static void test_json_strdup(void **state)
{
    (void)state;
    cJSON *j = cJSON_Parse("[\"12\",1234567,1e6,12.5,true,null,{},[],1e400,-3]");
    static const char *const want[] = {"12", "1234567", "1000000", "12.5", "true",
                                       NULL, NULL,      NULL,      NULL,   "-3"};
    for (int i = 0; i < 10; i++) {
        char *s = bento_json_strdup(cJSON_GetArrayItem(j, i));
        if (want[i])
            assert_string_equal(s, want[i]);
        else
            assert_null(s);
        free(s);
    }
    assert_null(bento_json_strdup(NULL));
    cJSON_Delete(j);
}

/* ---- hostile bodies ---------------------------------------------------- */

static void expect_bad(const char *body, size_t len)
{
    struct bento_tag_list l;
    struct bento_field_list f;
    struct bento_subscriber s;
    struct bento_author_list a;
    struct bento_batch_counts c = {0};
    struct bento_site_stats st;
    struct bento_error err = {0};

    assert_int_equal(bento_decode_tags(body, len, &l, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    assert_int_equal(l.count, 0);
    assert_int_equal(bento_decode_fields(body, len, &f, &err), -1);
    assert_int_equal(bento_decode_subscriber(body, len, &s, &err), -1);
    assert_false(s.found);
    assert_int_equal(bento_decode_authors(body, len, &a, &err), -1);
    assert_int_equal(bento_decode_batch_counts(body, len, &c, &err), -1);
    assert_int_equal(c.results, 0);
    assert_int_equal(bento_decode_site_stats(body, len, &st, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    assert_non_null(strstr(err.message, "Bento sent a response that"));
}

static void test_not_json(void **state)
{
    (void)state;
    struct bento_tag_list l;
    struct bento_error err = {0};
    assert_int_equal(bento_decode_tags(S("<html>\x1b[2Jblocked</html>"), &l, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    assert_string_equal(err.message, "Bento sent a response that is not valid JSON");
    assert_null(strchr(err.detail, '\x1b')); /* excerpt is sanitised */
    assert_non_null(strstr(err.detail, "blocked"));

    expect_bad(S("<html>blocked</html>"));
    expect_bad(S(""));
    expect_bad(NULL, 0);
    expect_bad(S("{\"data\":[{\"id\":\"1\"")); /* truncated */
    expect_bad(S("{\"data\":[]} trailing"));
    expect_bad(S("{\"data\":\"abc"));
    expect_bad(S("HTTP Basic: Access denied.\n"));
    expect_bad(S("{\"a\":1}\0{\"b\":2}")); /* NUL outside a string */
    expect_bad(S("\0"));
}

static void test_top_level_not_object(void **state)
{
    (void)state;
    expect_bad(S("[]"));
    expect_bad(S("[{\"id\":\"1\"}]"));
    expect_bad(S("null"));
    expect_bad(S("42"));
    expect_bad(S("\"data\""));
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *body = malloc(depth * 2 + 16);
    size_t n = 0;
    n += (size_t)sprintf(body, "{\"data\":");
    for (size_t i = 0; i < depth; i++)
        body[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        body[n++] = ']';
    body[n++] = '}';
    expect_bad(body, n);
    free(body);
}

static void test_wrong_types_everywhere(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "{\"data\":[{\"id\":[],\"attributes\":[]}]}",
        "{\"data\":[{\"id\":{},\"attributes\":\"x\",\"name\":5}]}",
        "{\"data\":{\"id\":true,\"attributes\":{\"name\":{},\"email\":[1],\"fields\":\"x\","
        "\"cached_tag_ids\":\"101,202\",\"uuid\":1.5,\"whitelisted\":[]}}}",
        "{\"data\":true}",
        "{\"data\":1e999}",
        "{\"results\":[],\"failed\":{},\"result\":\"x\"}",
        "{\"user_count\":\"many\",\"subscriber_count\":[],\"unsubscriber_count\":null}",
        "{\"data\":{\"id\":\"1\",\"attributes\":{\"name\":\"a\\u0000b\"}}}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        const char *b = bodies[i];
        size_t len = strlen(b);
        struct bento_tag_list l;
        struct bento_field_list f;
        struct bento_subscriber s;
        struct bento_author_list a;
        struct bento_batch_counts c = {0};
        struct bento_site_stats st;
        struct bento_error err = {0};
        assert_int_equal(bento_decode_tags(b, len, &l, &err), 0);
        assert_int_equal(bento_decode_fields(b, len, &f, &err), 0);
        assert_int_equal(bento_decode_subscriber(b, len, &s, &err), 0);
        assert_int_equal(bento_decode_authors(b, len, &a, &err), 0);
        assert_int_equal(bento_decode_batch_counts(b, len, &c, &err), 0);
        assert_int_equal(bento_decode_site_stats(b, len, &st, &err), 0);
        bento_tag_list_free(&l);
        bento_field_list_free(&f);
        bento_subscriber_free(&s);
        bento_author_list_free(&a);
    }
}

static void test_nul_inside_string_and_not_terminated(void **state)
{
    (void)state;
    /* a raw NUL inside a string, and a buffer with no terminator after len */
    static const char body[] = "{\"data\":{\"id\":\"1\",\"attributes\":{\"name\":\"a\0b\"}}}XXXX";
    struct bento_tag_list l;
    struct bento_error err = {0};
    int rc = bento_decode_tags(body, sizeof body - 1 - 4, &l, &err);
    if (rc == 0) {
        assert_int_equal(l.count, 1);
        assert_string_equal(l.items[0].name, "a");
    } else {
        assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    }
    bento_tag_list_free(&l);

    char exact[] = {'{', '}'};
    struct bento_batch_counts c = {0};
    assert_int_equal(bento_decode_batch_counts(exact, sizeof exact, &c, &err), 0);
}

static void test_megabyte_string(void **state)
{
    (void)state;
    size_t big = 1u << 20;
    char *body = malloc(big + 128);
    size_t n = (size_t)sprintf(body, "{\"data\":[{\"id\":\"1\",\"attributes\":{\"name\":\"");
    memset(body + n, 'x', big);
    n += big;
    n += (size_t)sprintf(body + n, "\"}}]}");
    struct bento_tag_list l;
    struct bento_error err = {0};
    assert_int_equal(bento_decode_tags(body, n, &l, &err), 0);
    assert_int_equal(l.count, 1);
    assert_int_equal(strlen(l.items[0].name), big);
    bento_tag_list_free(&l);
    /* and cut off in the middle of it */
    expect_bad(body, n - 100);
    free(body);
}

/* ---- /experimental/validation -------------------------------------- */

static enum bento_verdict verdict_of(const char *body, size_t len)
{
    struct bento_validation v;
    struct bento_error err = {0};
    assert_int_equal(bento_decode_validation(body, len, &v, &err), 0);
    enum bento_verdict out = v.verdict;
    bento_validation_free(&v);
    return out;
}

static void test_validation_variants(void **state)
{
    (void)state;
    assert_int_equal(verdict_of(S("{\"valid\":true}")), BENTO_VERDICT_VALID);
    assert_int_equal(verdict_of(S("{\"valid\":false}")), BENTO_VERDICT_INVALID);
    assert_int_equal(verdict_of(S("{\"valid\":\"false\"}")), BENTO_VERDICT_INVALID);
    assert_int_equal(verdict_of(S("{\"valid\":1}")), BENTO_VERDICT_VALID);
    assert_int_equal(verdict_of(S("{\"data\":{\"valid\":false}}")), BENTO_VERDICT_INVALID);
    assert_int_equal(verdict_of(S("{\"data\":{\"attributes\":{\"valid\":true}}}")),
                     BENTO_VERDICT_VALID);
    /* No verdict: {} (how Bento answers a disabled check), null, junk. */
    assert_int_equal(verdict_of(S("{}")), BENTO_VERDICT_NONE);
    assert_int_equal(verdict_of(S("{\"data\":null}")), BENTO_VERDICT_NONE);
    assert_int_equal(verdict_of(S("{\"valid\":null}")), BENTO_VERDICT_NONE);
    assert_int_equal(verdict_of(S("{\"valid\":\"maybe\"}")), BENTO_VERDICT_NONE);
    assert_int_equal(verdict_of(S("{\"valid\":[true]}")), BENTO_VERDICT_NONE);

    struct bento_validation v;
    struct bento_error err = {0};
    assert_int_equal(
        bento_decode_validation(
            S("{\"valid\":false,\"reasons\":[\"Free provider\",7,null,\"Role address\"]}"), &v,
            &err),
        0);
    assert_int_equal(v.verdict, BENTO_VERDICT_INVALID);
    assert_int_equal(v.reason_count, 2);
    assert_string_equal(v.reasons[0], "Free provider");
    assert_string_equal(v.reasons[1], "Role address");
    bento_validation_free(&v);
    assert_int_equal(v.reason_count, 0);
    assert_null(v.reasons);
    assert_int_equal(
        bento_decode_validation(S("{\"valid\":false,\"reasons\":\"Blocked\"}"), &v, &err), 0);
    assert_int_equal(v.reason_count, 1);
    assert_string_equal(v.reasons[0], "Blocked");
    bento_validation_free(&v);

    assert_int_equal(bento_decode_validation(S("[true]"), &v, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    assert_int_equal(v.verdict, BENTO_VERDICT_NONE);
    assert_int_equal(bento_decode_validation(S("<html>"), &v, &err), -1);
    assert_int_equal(v.reason_count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tags_list),
        cmocka_unit_test(test_tag_create_object_or_array),
        cmocka_unit_test(test_empty_data_variants),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_subscriber_found),
        cmocka_unit_test(test_subscriber_nulls_and_array),
        cmocka_unit_test(test_subscriber_not_found),
        cmocka_unit_test(test_authors),
        cmocka_unit_test(test_batch_counts_variants),
        cmocka_unit_test(test_batch_counts_huge_numbers),
        cmocka_unit_test(test_site_stats),
        cmocka_unit_test(test_validation_variants),
        cmocka_unit_test(test_json_strdup),
        cmocka_unit_test(test_not_json),
        cmocka_unit_test(test_top_level_not_object),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_wrong_types_everywhere),
        cmocka_unit_test(test_nul_inside_string_and_not_terminated),
        cmocka_unit_test(test_megabyte_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
