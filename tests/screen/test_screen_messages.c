/* Messages name the real cause, `e` shows the last message shown (not
 * only the last error) with the recent ones under it, and a result that
 * is not an error carries no "! ". */
#include "screen.h"

#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

/* A profile name that is not saved is named as such, with where to see
 * the saved ones, not reported as missing credentials. */
static void test_profile_use_unknown(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(
        screen_run(s, 12, 80, ":profile use staging<Enter>\n@dump messages_profile.txt\n"), 0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "messages_profile",
                       "! No profile named 'staging': see `bento-console profile list`", 1);
    screen_expect_text(s, "messages_profile", "Credentials missing", 0);
    screen_expect_golden(s, "messages_profile");
    reliability_record("Input", "console :profile use of a profile not saved", took,
                       "No profile named 'staging': see `bento-console profile list`");
}

/* `e` after a lookup that found nobody shows that message, and the
 * recent ones, newest first, with their times. */
static void test_e_shows_last_message(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 80,
                                ":profile use staging<Enter>\n2\nlnobody@example.com<Enter>\n"
                                "@dump messages_lookup.txt\ne\n@dump messages_e.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "messages_lookup", "! No subscriber nobody@example.com", 1);
    screen_expect_text(s, "messages_e", "No errors so far", 0);
    screen_expect_text(s, "messages_e", "! No subscriber nobody@example.com in this account.", 1);
    screen_expect_text(s, "messages_e", "hh:mm:ss  ! No profile named 'staging'", 1);
    screen_expect_golden(s, "messages_e");
    reliability_record("Output", "console e right after a lookup that found nobody", took,
                       "No subscriber nobody@example.com in this account.");
}

/* Reading recipients from a file is a result, not an error: no "! ",
 * and the lines that were not addresses are named. */
static void test_to_file_is_not_an_error(void **state)
{
    struct screen *s = *state;
    char path[400], script[1000];
    snprintf(path, sizeof path, "%s/recipients.txt", s->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("ada@example.com\ngrace@example.com\nnot an address\nlin@example.com\n", fp);
    fclose(fp);
    snprintf(script, sizeof script, ":compose to-file %s<Enter>\n@dump messages_to_file.txt\n",
             path);
    assert_int_equal(screen_run(s, 12, 200, script), 0);
    screen_expect_text(s, "messages_to_file", "! 3 recipients", 0);
    screen_expect_text(s, "messages_to_file", "3 recipients from", 1);
    screen_expect_text(s, "messages_to_file",
                       "recipients.txt; line 3 was not an address (left out)", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_profile_use_unknown, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_e_shows_last_message, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_to_file_is_not_an_error, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
