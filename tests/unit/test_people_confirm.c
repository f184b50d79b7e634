/* The rule both front ends follow before changing many people: from 10
 * people, or always for a dangerous change, with the count in words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/people_confirm.h"

static void test_below_threshold_asks_nothing(void **state)
{
    (void)state;
    assert_false(app_people_confirm_needed(9, false));
}

static void test_threshold_names_the_count(void **state)
{
    (void)state;
    char q[200];
    assert_true(app_people_confirm_needed(APP_PEOPLE_CONFIRM_AT, false));
    app_people_question(q, sizeof q, "add tag vip", APP_PEOPLE_CONFIRM_AT);
    assert_string_equal(q, "Add tag vip for 10 people?");
}

static void test_dangerous_always_asks(void **state)
{
    (void)state;
    char q[200];
    assert_true(app_people_confirm_needed(1, true));
    app_people_question(q, sizeof q, "unsubscribe", 1);
    assert_string_equal(q, "Unsubscribe for 1 person?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_below_threshold_asks_nothing),
        cmocka_unit_test(test_threshold_names_the_count),
        cmocka_unit_test(test_dangerous_always_asks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
