/* Raw terminal input: escape sequences terminfo does not name (TERM
 * inside tmux) become one key or none, never loose keystrokes; a double
 * click opens a row. */
#include "screen.h"

#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

/* Home and End in a prompt, in the `~`, letter and SS3 forms, move the
 * cursor: End (`\e[4~`) no longer cancels the prompt and switches to
 * pane 4, nor Home (`\e[1~`) the `:` line. */
static void test_home_end_in_prompt(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 80,
                                ":bc<Esc>[1~a<Esc>[4~d<Esc>[Hx<Esc>[Fy<Esc>OHz<Esc>OFw\n"
                                "@dump esc_prompt.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "esc_prompt", ":zxabcdyw", 1);
    screen_expect_text(s, "esc_prompt", "[1 Tags]", 1);
    reliability_record("Input", "End (\\e[4~) and Home (\\e[1~) in a prompt, terminfo not matching",
                       took, "the cursor moves; the prompt stays open");
}

/* Sequences the console does not know are swallowed whole: nothing of
 * `\e[99~` or `\e[1;5Z` reaches the prompt or the pane keys. */
static void test_unknown_sequences_swallowed(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "2<Esc>[1;5Z<Esc>[99~<Esc>[?1;2c\n@dump esc_pane.txt\n"
                                ":ab<Esc>[99~<Esc>[1;5Zc<Esc>[3;5~<Esc>[200~d\n"
                                "@dump esc_unknown.txt\n"),
                     0);
    screen_expect_text(s, "esc_pane", "[2 Subscribers]", 1);
    screen_expect_text(s, "esc_unknown", ":abcd", 1);
    screen_expect_text(s, "esc_unknown", "[2 Subscribers]", 1);
    reliability_record("Input", "unknown escape sequences (\\e[99~, \\e[1;5Z)", -1,
                       "swallowed whole; no keystrokes left behind");
}

/* Two clicks on one row (one script line: the mouse interval) open it,
 * as Enter does, in every list pane; clicks on two lines only select. */
static void test_double_click_opens_row(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "<Click 4 5>\n<Click 4 5>\n@dump click_twice_apart.txt\n"
                                "<Click 5 5><Click 5 5>\n@dump click_double_tags.txt\n<Esc>\n"
                                "4\n<Click 3 5><Click 3 5>\n@dump click_double_activity.txt\n"),
                     0);
    screen_expect_text(s, "click_twice_apart", "Esc closes", 0);
    screen_expect_text(s, "click_double_tags", "Esc closes", 1);
    screen_expect_text(s, "click_double_activity", "Esc closes", 1);
    screen_expect_text(s, "click_double_activity", "GET /fetch/tags", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_home_end_in_prompt, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_sequences_swallowed, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_double_click_opens_row, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
