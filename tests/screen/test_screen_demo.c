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
    const char *const env[] = {tmp, "EDITOR", "VISUAL", NULL}; /* the built-in editor */
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

/* README.md's "First five minutes", key for key. */
static void test_readme_walkthrough(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        run_demo(s, 24, 100,
                 "2\n@dump tour_list.txt\ns\ncreated>2025-12-01<Enter>\n<Enter>\n"
                 "@dump tour_person.txt\n<Esc>\n<Esc>\n"
                 "t\nwebinar-2026<Enter>\n@dump tour_tag_ask.txt\ny\n@dump tour_tagged.txt\n"
                 "r\n@dump tour_refreshed.txt\n<Esc>\n"
                 "3\n<Enter>ada@example.com<Enter>\n<Tab>\n<Enter>\n<Enter>\n"
                 "<Tab>\n<Enter>Hello from the demo<Enter>\n<Tab>\n<Enter>\nWelcome aboard.<Esc>\n"
                 "t\n@dump tour_test_review.txt\ny\n@dump tour_test_sent.txt\n"
                 "2\nl\nnobody@example.com<Enter>\n@dump tour_error.txt\ne\n@dump tour_e.txt\n"
                 "<Esc>\n4\n<Enter>\n@dump tour_activity.txt\n"),
        0);
    screen_expect_golden(s, "tour_list");
    screen_expect_golden(s, "tour_person");
    screen_expect_golden(s, "tour_tag_ask");
    screen_expect_golden(s, "tour_tagged");
    screen_expect_golden(s, "tour_refreshed");
    screen_expect_golden(s, "tour_test_review");
    screen_expect_golden(s, "tour_test_sent");
    screen_expect_golden(s, "tour_error");
    screen_expect_golden(s, "tour_e");
    screen_expect_text(s, "tour_activity", "curl", 1);
    /* the walk-through the test follows is the README's first screenful */
    char path[600];
    snprintf(path, sizeof path, "%s/README.md", BENTO_SOURCE_DIR);
    char *readme = screen_read_file(path);
    assert_non_null(readme);
    char *p = readme;
    for (int line = 0; line < 40 && p; line++)
        p = strchr(p + 1, '\n');
    if (p)
        *p = 0;
    static const char *const steps[] = {"Press `2`",
                                        "Press `s`, type `created>2025-12-01`",
                                        "press `t`, type\n   `webinar-2026`",
                                        "`r` looks",
                                        "Press `3`",
                                        "Press `t`, then `y`",
                                        "`l`, type `nobody@example.com`",
                                        "`e` shows",
                                        "`x` (or Delete)",
                                        NULL};
    for (int i = 0; steps[i]; i++) {
        if (!strstr(readme, steps[i]))
            fprintf(stderr, "README.md's first 40 lines lack \"%s\"\n", steps[i]);
        assert_non_null(strstr(readme, steps[i]));
    }
    free(readme);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_opens_on_people, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_search_finds_people, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_x_removes_after_question, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_readme_walkthrough, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
