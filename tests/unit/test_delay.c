/* Sequence email delays as typed ("3 days") and what Bento is sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "app/delay.h"

static void accepts(const char *text, const char *unit, long count)
{
    struct app_delay d = {NULL, 0};
    struct bento_error err;
    assert_int_equal(app_delay_parse(text, &d, &err), 0);
    assert_string_equal(d.unit, unit);
    assert_int_equal(d.count, count);
}

static void refuses(const char *text)
{
    struct app_delay d = {NULL, 0};
    struct bento_error err;
    assert_int_equal(app_delay_parse(text, &d, &err), -1);
    assert_int_equal(err.kind, BENTO_E_VALIDATION);
    assert_non_null(strstr(err.message, "Delay"));
    assert_null(d.unit);
}

static void test_plural_and_singular(void **state)
{
    (void)state;
    accepts("3 days", "days", 3);
    accepts("1 day", "days", 1);
    accepts("1 hour", "hours", 1);
    accepts("  45 Minutes ", "minutes", 45);
    accepts("2 months", "months", 2);
    accepts("999 month", "months", 999);
    accepts("7days", "days", 7);
}

static void test_refused(void **state)
{
    (void)state;
    refuses("");
    refuses("days");
    refuses("0 days");
    refuses("1000 days");
    refuses("-1 days");
    refuses("3 weeks");
    refuses("3 dayss");
    refuses("3 day later");
    refuses("3");
    refuses("3 d");
    refuses("99999999999999999999 days");
    refuses("3 days\x1b[2J");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plural_and_singular),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
