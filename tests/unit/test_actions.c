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

static void test_suggest_nearest(void **state)
{
    char *crate[] = {"tags", "crate", "foo"};
    const struct action *a = app_action_suggest(3, crate, ACTION_CLI);
    assert_non_null(a);
    assert_string_equal(a->command, "tags create");
    char *subs[] = {"subscriber", "get"};
    a = app_action_suggest(2, subs, ACTION_CLI);
    assert_non_null(a);
    assert_string_equal(a->command, "subscribers get");
    char *docter[] = {"docter"};
    a = app_action_suggest(1, docter, ACTION_CLI);
    assert_non_null(a);
    assert_string_equal(a->command, "doctor");
    char *far[] = {"frobnicate"};
    assert_null(app_action_suggest(1, far, ACTION_CLI));
    char *q[] = {"x"}; /* one letter from "q", but too short to guess */
    assert_null(app_action_suggest(1, q, ACTION_CONSOLE));
}

static void test_group_and_unknown(void **state)
{
    char buf[256];
    assert_int_equal(app_action_group("tags", ACTION_CLI, buf, sizeof buf), 3);
    assert_string_equal(buf, "tags: list, create, delete");
    assert_int_equal(app_action_group("tag", ACTION_CLI, buf, sizeof buf), 0);
    char *tags[] = {"tags"};
    app_action_unknown(1, tags, ACTION_CONSOLE, "press ?", buf, sizeof buf);
    assert_string_equal(buf, "tags: list, create, delete");
    char *crate[] = {"tags", "crate", "foo"};
    app_action_unknown(3, crate, ACTION_CONSOLE, "press ?", buf, sizeof buf);
    assert_string_equal(buf, "Unknown command \"tags crate\": did you mean tags create?");
    char *explode[] = {"tags", "explode"};
    app_action_unknown(2, explode, ACTION_CLI, "press ?", buf, sizeof buf);
    assert_string_equal(buf, "Unknown command \"tags explode\"; tags: list, create, delete");
    char *bogus[] = {"bogus"};
    app_action_unknown(1, bogus, ACTION_CLI, "press ?", buf, sizeof buf);
    assert_string_equal(buf, "Unknown command \"bogus\": press ?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_find_longest_prefix),
        cmocka_unit_test(test_keys_by_pane),
        cmocka_unit_test(test_suggest_nearest),
        cmocka_unit_test(test_group_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
