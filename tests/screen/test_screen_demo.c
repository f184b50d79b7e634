/* `bento-console --demo` as a newcomer meets it: the Subscribers pane opens
 * on the demo's people, `s` finds people (search is on in the demo), and
 * `x` removes a person from the list after a question. The demo runs its
 * own simulator; the sim these tests start is not used. */
#include "screen.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

static int run_demo(struct screen *s, int rows, int cols, const char *script)
{
    char tmp[340];
    snprintf(tmp, sizeof tmp, "TMPDIR=%s", s->dir);
    const char *const env[] = {tmp, NULL};
    const char *const args[] = {"--demo", NULL};
    return screen_run_full(s, rows, cols, script, env, args);
}

static void test_opens_on_people(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run_demo(s, 24, 100, "2\n@dump demo_open.txt\n4\n@dump demo_activity.txt\n"),
                     0);
    screen_expect_golden(s, "demo_open");
    screen_expect_text(s, "demo_open", "No subscribers here yet", 0);
    screen_expect_text(s, "demo_activity", "/fetch/subscribers", 1);
}

static void test_search_finds_people(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run_demo(s, 24, 100,
                              "2\ns\n@dump demo_search_prompt.txt\ncreated>2025-12-01<Enter>\n"
                              "@dump demo_search.txt\n"),
                     0);
    screen_expect_golden(s, "demo_search");
    screen_expect_text(s, "demo_search", "not available", 0);
    screen_expect_text(s, "demo_search", "grace@example.com", 1);
}

static void test_x_removes_after_question(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        run_demo(s, 24, 100,
                 "2\n<Down>\nx\n@dump demo_forget_ask.txt\nn\n@dump demo_forget_kept.txt\n"
                 "x\ny\n@dump demo_forget_done.txt\n<Del>\ny\n"
                 "@dump demo_forget_del.txt\n"),
        0);
    screen_expect_golden(s, "demo_forget_ask");
    screen_expect_text(s, "demo_forget_kept", "grace@example.com", 1);
    screen_expect_golden(s, "demo_forget_done");
    /* Delete does the same; the selection stays on the row */
    screen_expect_text(s, "demo_forget_del", "  katherine@example.net", 0);
    screen_expect_text(s, "demo_forget_del", "> linus@example.org", 1);
    screen_expect_text(s, "demo_forget_del", "Removed katherine@example.net", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_opens_on_people, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_search_finds_people, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_x_removes_after_question, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
