/* The action table's lookups and the `:` line's word splitting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "app/actions.h"

static void test_split(void **state)
{
    char **w;
    assert_int_equal(app_action_split("tags create \"big sale\" 'a b' c\\ d", &w), 5);
    assert_string_equal(w[2], "big sale");
    assert_string_equal(w[3], "a b");
    assert_string_equal(w[4], "c d");
    assert_null(w[5]);
    app_action_words_free(w, 5);
    assert_int_equal(app_action_split("   ", &w), 0);
    assert_non_null(w);
    assert_null(w[0]);
    app_action_words_free(w, 0);
    assert_int_equal(app_action_split("tags create \"open", &w), -1);
    assert_null(w);
}

static void test_find_longest_prefix(void **state)
{
    char *words[] = {"tags", "create", "vip"};
    int used = 0;
    const struct action *a = app_action_find(3, words, &used);
    assert_non_null(a);
    assert_string_equal(a->command, "tags create");
    assert_int_equal(used, 2);
    char *unknown[] = {"tags", "explode"};
    assert_null(app_action_find(2, unknown, &used));
}

static void test_keys_by_pane(void **state)
{
    const struct action *a = app_action_for_key("n", PANE_TAGS);
    assert_non_null(a);
    assert_string_equal(a->command, "tags create");
    assert_null(app_action_for_key("n", PANE_ACTIVITY));
    assert_non_null(app_action_for_key("q", PANE_ACTIVITY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_find_longest_prefix),
        cmocka_unit_test(test_keys_by_pane),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
