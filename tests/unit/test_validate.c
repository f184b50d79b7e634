/* The value checks shared by the command line, the console and imports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "bento/validate.h"
#include "reliability.h"

typedef int (*check_fn)(const char *, char *, size_t, struct bento_error *);

static void expect_ok(check_fn fn, const char *in, const char *want)
{
    char out[BENTO_VALUE_MAX];
    struct bento_error err;
    bento_error_clear(&err);
    assert_int_equal(fn(in, out, sizeof out, &err), 0);
    assert_string_equal(out, want);
    assert_int_equal(err.kind, BENTO_OK);
}

/* Refused with a one-line message holding `part`. */
static void expect_bad(check_fn fn, const char *in, const char *part)
{
    char out[BENTO_VALUE_MAX] = "untouched";
    struct bento_error err;
    bento_error_clear(&err);
    assert_int_equal(fn(in, out, sizeof out, &err), -1);
    assert_int_equal(err.kind, BENTO_E_VALIDATION);
    if (!strstr(err.message, part))
        fail_msg("\"%s\" does not hold \"%s\"", err.message, part);
    assert_null(strchr(err.message, '\n'));
    assert_null(strchr(err.message, '\033'));
    assert_string_equal(out, "untouched");
    reliability_record("Input", in[0] ? "value with a bad character" : "empty value", -1,
                       err.message);
}

static void test_tag_name(void **state)
{
    (void)state;
    expect_ok(bento_validate_tag_name, "vip", "vip");
    expect_ok(bento_validate_tag_name, "  vip \t", "vip");
    expect_ok(bento_validate_tag_name, "vip ", "vip"); /* readline's completion space */
    expect_ok(bento_validate_tag_name, "caf\xc3\xa9 club", "caf\xc3\xa9 club");
    expect_bad(bento_validate_tag_name, "", "Tag name is empty");
    expect_bad(bento_validate_tag_name, "   ", "Tag name is empty");
    expect_bad(bento_validate_tag_name, "vip\033]0;TITLE\a", "Tag name \"vip\\e]0;TITLE");
    expect_bad(bento_validate_tag_name, "vip\033]0;TITLE\a", "control character");
    expect_bad(bento_validate_tag_name, "a\nb", "control character");
    expect_bad(bento_validate_tag_name, "a\x7f", "control character");
    expect_bad(bento_validate_tag_name,
               "a\xc2\x9b"
               "31m",
               "control character"); /* C1 CSI */
    expect_bad(bento_validate_tag_name, "a\xff", "not valid UTF-8");
    expect_bad(bento_validate_tag_name, "a\xc0\xaf", "not valid UTF-8"); /* overlong */
    expect_bad(bento_validate_tag_name, "a,b", "comma");
}

static void test_too_long(void **state)
{
    (void)state;
    char big[400];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_bad(bento_validate_tag_name, big, "longer than 255 bytes");
    char out[8];
    struct bento_error err;
    assert_int_equal(bento_validate_field_key("abcdefgh", out, sizeof out, &err), -1);
    assert_non_null(strstr(err.message, "longer than 7 bytes"));
    assert_int_equal(bento_validate_field_key("abcdefg", out, sizeof out, &err), 0);
}

static void test_field_key(void **state)
{
    (void)state;
    expect_ok(bento_validate_field_key, " plan ", "plan");
    expect_ok(bento_validate_field_key, "Company Name", "Company Name");
    expect_bad(bento_validate_field_key, "k\033[2J", "Field key \"k\\e[2J\"");
    expect_bad(bento_validate_field_key, "", "Field key is empty");
}

static void test_email(void **state)
{
    (void)state;
    expect_ok(bento_validate_email, " ADA@Example.com ", "ada@example.com");
    expect_bad(bento_validate_email, "ada", "not a plausible address: missing @");
    expect_bad(bento_validate_email, "", "Email address is empty");
    expect_bad(bento_validate_email, "a\033@example.com", "control character");
}

static void test_date(void **state)
{
    (void)state;
    expect_ok(bento_validate_date, "2026-03-01", "2026-03-01");
    expect_ok(bento_validate_date, " 2026-03-01T09:30:00Z ", "2026-03-01T09:30:00Z");
    expect_bad(bento_validate_date, "garbage", "Date \"garbage\" is not an ISO 8601 date");
    expect_bad(bento_validate_date, "2026-02-30", "not an ISO 8601 date");
    expect_bad(bento_validate_date, "", "Date is empty");
}

static void test_id(void **state)
{
    (void)state;
    expect_ok(bento_validate_id, "12345", "12345");
    expect_ok(bento_validate_id, " 0123456789abcdef0123456789ABCDEF ",
              "0123456789abcdef0123456789ABCDEF");
    expect_ok(bento_validate_id, "f0c3e1b2-1111-2222-3333-444455556666",
              "f0c3e1b2-1111-2222-3333-444455556666");
    expect_bad(bento_validate_id, "", "Id is empty");
    expect_bad(bento_validate_id, "nobody", "not a uuid or a numeric id");
}

static void test_text_and_null_out(void **state)
{
    (void)state;
    struct bento_error err;
    assert_int_equal(bento_validate_text("Event type", " $purchase ", NULL, 0, &err), 0);
    assert_int_equal(bento_validate_text("Event type", "$p\tx", NULL, 0, &err), -1);
    assert_string_equal(err.message, "Event type \"$p\\tx\" holds a control character: remove it");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag_name),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_field_key),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_id),
        cmocka_unit_test(test_text_and_null_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
