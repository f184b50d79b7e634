/* Bento's experimental checks: the request constructors (paths, query
 * and body spellings) and the lenient decoders, one fixture per shape the
 * reference lists: the blacklist's results object, DOCS-old's data array,
 * DOTNET's bare array, null results; moderation's reasons and
 * safe_original_content; gender nulls and string confidences; booleans
 * as strings or numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/checks.h"
#include "bento/decode.h"
#include "bento/request.h"
#include "core/request_internal.h"

#define DECODE(fn, text, out, err) fn((text), strlen(text), (out), (err))

static void test_requests(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_check_ruleset("a+b@x.com", true, false);
    assert_int_equal(r->op, BENTO_OP_CHECK_RULESET);
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->path, "/experimental/jesses_ruleset");
    assert_string_equal(r->query, "email=a%2Bb%40x.com&block_free_providers=true&wiggleroom=false&"
                                  "wiggle_room=false");
    assert_string_equal(r->bodies[0], "{\"email\":\"a+b@x.com\",\"block_free_providers\":true,"
                                      "\"wiggleroom\":false,\"wiggle_room\":false}");
    assert_false(bento_request_at_most_once(r));
    bento_request_free(r);
    r = bento_request_check_blacklist("example.com", false);
    assert_string_equal(r->method, "GET");
    assert_string_equal(r->path, "/experimental/blacklist");
    assert_string_equal(r->query, "domain=example.com");
    assert_null(r->bodies[0]);
    bento_request_free(r);
    r = bento_request_check_blacklist("1.2.3.4", true);
    assert_string_equal(r->query, "ip=1.2.3.4");
    bento_request_free(r);
    r = bento_request_check_moderation("Hi \"you\"");
    assert_null(r->query);
    assert_string_equal(r->bodies[0], "{\"content\":\"Hi \\\"you\\\"\"}");
    bento_request_free(r);
    r = bento_request_check_gender("Mary Ann");
    assert_string_equal(r->query, "name=Mary%20Ann");
    assert_string_equal(r->bodies[0], "{\"name\":\"Mary Ann\"}");
    assert_int_equal(r->op, BENTO_OP_CHECK_GENDER);
    bento_request_free(r);
    assert_null(bento_request_check_gender(""));
    assert_null(bento_request_check_blacklist(NULL, false));
    assert_null(bento_request_check_ruleset("", false, false));
    assert_string_equal(bento_op_name(BENTO_OP_CHECK_BLACKLIST), "check_blacklist");
}

static const struct bento_blacklist_hit *hit(const struct bento_blacklist *b, const char *name)
{
    for (size_t i = 0; i < b->hit_count; i++)
        if (!strcmp(b->hits[i].name, name))
            return &b->hits[i];
    fail_msg("no provider %s", name);
    return NULL;
}

static void blacklist(const char *text, struct bento_checks *c)
{
    struct bento_error err = {0};
    assert_int_equal(DECODE(bento_decode_blacklist, text, &c->blacklist, &err), 0);
}

static void test_blacklist_shapes(void **state)
{
    (void)state;
    struct bento_checks c = {0};
    blacklist("{\"query\":\"example.com\",\"description\":\"d\",\"results\":{\"just_registered\":"
              "false,\"spamhaus\":true,\"nordspam\":false,\"spfbl\":false,\"sorbs\":false,"
              "\"abusix\":false}}",
              &c);
    assert_string_equal(c.blacklist.query, "example.com");
    assert_string_equal(c.blacklist.description, "d");
    assert_int_equal(c.blacklist.hit_count, 6);
    assert_int_equal(hit(&c.blacklist, "spamhaus")->listed, 1);
    assert_int_equal(hit(&c.blacklist, "sorbs")->listed, 0);
    assert_int_equal(bento_blacklist_listed(&c.blacklist), 1);
    assert_false(c.blacklist.results_null);
    bento_checks_free(&c);

    /* DOCS-old: wrapped in data: [ {...} ]; booleans as strings and numbers. */
    blacklist("{\"data\":[{\"query\":\"x.io\",\"results\":{\"spamhaus\":\"true\",\"sorbs\":0,"
              "\"abusix\":1,\"spfbl\":null}}]}",
              &c);
    assert_string_equal(c.blacklist.query, "x.io");
    assert_null(c.blacklist.description);
    assert_int_equal(hit(&c.blacklist, "spamhaus")->listed, 1);
    assert_int_equal(hit(&c.blacklist, "sorbs")->listed, 0);
    assert_int_equal(hit(&c.blacklist, "abusix")->listed, 1);
    assert_int_equal(hit(&c.blacklist, "spfbl")->listed, -1);
    assert_int_equal(bento_blacklist_listed(&c.blacklist), 2);
    bento_checks_free(&c);

    /* DOTNET reads a bare array and takes element 0. */
    blacklist("[{\"query\":\"y.io\",\"results\":{\"nordspam\":false}}]", &c);
    assert_string_equal(c.blacklist.query, "y.io");
    assert_int_equal(hit(&c.blacklist, "nordspam")->listed, 0);
    bento_checks_free(&c);

    /* data as one object, and null results (all clean, says DOCS-old). */
    blacklist("{\"data\":{\"query\":\"z.io\",\"results\":null}}", &c);
    assert_string_equal(c.blacklist.query, "z.io");
    assert_true(c.blacklist.results_null);
    assert_int_equal(c.blacklist.hit_count, 0);
    bento_checks_free(&c);

    /* {} is no answer at all: no hits, and not the null that means clean. */
    blacklist("{}", &c);
    assert_false(c.blacklist.results_null);
    assert_int_equal(c.blacklist.hit_count, 0);
    bento_checks_free(&c);
}

static void test_bad_bodies(void **state)
{
    (void)state;
    struct bento_checks c = {0};
    struct bento_error err = {0};
    assert_int_equal(DECODE(bento_decode_blacklist, "<html>", &c.blacklist, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    assert_int_equal(DECODE(bento_decode_blacklist, "[]", &c.blacklist, &err), -1);
    assert_int_equal(DECODE(bento_decode_moderation, "\"ok\"", &c.moderation, &err), -1);
    assert_int_equal(DECODE(bento_decode_gender, "null", &c.gender, &err), -1);
    assert_null(c.gender.gender);
    bento_checks_free(&c);
}

static void test_moderation(void **state)
{
    (void)state;
    struct bento_checks c = {0};
    struct bento_error err = {0};
    assert_int_equal(DECODE(bento_decode_moderation,
                            "{\"valid\":false,\"reasons\":[\"Link spam\",\"HTML\"],"
                            "\"safe_original_content\":\"&lt;b&gt;\"}",
                            &c.moderation, &err),
                     0);
    assert_int_equal(c.moderation.v.verdict, BENTO_VERDICT_INVALID);
    assert_int_equal(c.moderation.v.reason_count, 2);
    assert_string_equal(c.moderation.v.reasons[1], "HTML");
    assert_string_equal(c.moderation.safe_content, "&lt;b&gt;");
    bento_checks_free(&c);
    /* Blank content: reasons only; a verdict as a string; data wrapper. */
    assert_int_equal(DECODE(bento_decode_moderation,
                            "{\"data\":{\"valid\":\"false\",\"reasons\":\"Content is required\"}}",
                            &c.moderation, &err),
                     0);
    assert_int_equal(c.moderation.v.verdict, BENTO_VERDICT_INVALID);
    assert_string_equal(c.moderation.v.reasons[0], "Content is required");
    assert_null(c.moderation.safe_content);
    bento_checks_free(&c);
    assert_int_equal(DECODE(bento_decode_moderation, "{\"valid\":1}", &c.moderation, &err), 0);
    assert_int_equal(c.moderation.v.verdict, BENTO_VERDICT_VALID);
    assert_int_equal(c.moderation.v.reason_count, 0);
    bento_checks_free(&c);
    assert_int_equal(DECODE(bento_decode_moderation, "{}", &c.moderation, &err), 0);
    assert_int_equal(c.moderation.v.verdict, BENTO_VERDICT_NONE);
    bento_checks_free(&c);
}

static void test_ruleset_decodes_as_validation(void **state)
{
    (void)state;
    struct bento_validation v = {0};
    struct bento_error err = {0};
    assert_int_equal(DECODE(bento_decode_validation,
                            "{\"valid\":false,\"reasons\":[\"Free email provider\"]}", &v, &err),
                     0);
    assert_int_equal(v.verdict, BENTO_VERDICT_INVALID);
    assert_string_equal(v.reasons[0], "Free email provider");
    bento_validation_free(&v);
}

static void gender(const char *text, const char *want, double conf)
{
    struct bento_gender g;
    struct bento_error err = {0};
    assert_int_equal(DECODE(bento_decode_gender, text, &g, &err), 0);
    if (want)
        assert_string_equal(g.gender, want);
    else
        assert_null(g.gender);
    assert_true(g.confidence > conf - 1e-9 && g.confidence < conf + 1e-9);
    free(g.gender);
}

static void test_gender(void **state)
{
    (void)state;
    gender("{\"gender\":\"female\",\"confidence\":0.95}", "female", 0.95);
    gender("{\"gender\":null,\"confidence\":null}", NULL, -1);
    gender("{}", NULL, -1);
    gender("{\"gender\":\"male\",\"confidence\":\"0.8\"}", "male", 0.8);
    gender("{\"data\":{\"gender\":\"male\",\"confidence\":87}}", "male", 0.87);
    gender("{\"gender\":\"unknown\",\"confidence\":\"high\"}", NULL, -1);
    gender("{\"gender\":\"female\",\"confidence\":-3}", "female", -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_blacklist_shapes),
        cmocka_unit_test(test_bad_bodies),
        cmocka_unit_test(test_moderation),
        cmocka_unit_test(test_ruleset_decodes_as_validation),
        cmocka_unit_test(test_gender),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
