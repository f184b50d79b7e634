/* Layout and the other panes: resize, Activity with redacted details,
 * the help overlay and the credentials form. */
#include "screen.h"

#include <sys/stat.h>

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

static void test_resize(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 100,
                                "<Resize 10x40>\n@dump tiny.txt\nj\n<Resize 16x80>\n"
                                "@dump restored.txt\n"),
                     0);
    screen_expect_golden(s, "tiny");
    screen_expect_golden(s, "restored");
}

static void test_help_overlay(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 30, 100, "?\n@dump help.txt\n?\n@dump help_closed.txt\n"), 0);
    screen_expect_golden(s, "help");
    screen_expect_text(s, "help_closed", "> affiliate", 1);
}

/* Activity lists each request, newest first; the detail view shows the
 * bodies and a curl line with the keys replaced by variables. */
static void test_activity_redacts(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 30, 100,
                                ":tags create vip2<Enter>\n4\n@dump activity.txt\nj<Enter>\n"
                                "@dump activity_detail.txt\nG\n@dump activity_curl.txt\n"),
                     0);
    screen_expect_golden(s, "activity");
    screen_expect_text(s, "activity_detail", "POST /fetch/tags", 1);
    screen_expect_text(s, "activity_detail", "\"name\": \"vip2\"", 1);
    screen_expect_text(s, "activity_curl", "$BENTO_PUBLISHABLE_KEY:$BENTO_SECRET_KEY", 1);
    screen_expect_text(s, "activity_curl", "sdemo0000", 0);
    screen_expect_text(s, "activity_detail", "sdemo0000", 0);
}

/* No keys: the form asks for them (the secret masked), checks them live
 * and saves the profile 0600. */
static void test_credentials_form(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                      "BENTO_SITE_UUID", NULL};
    assert_int_equal(
        screen_run_env(s, 16, 80,
                       "@dump form.txt\npdemo0000000000000000000000000000<Tab>swrong<Tab>"
                       "d3m05173000000000000000000000000<Tab><Enter>\n@dump form_rejected.txt\n"
                       "<Up><Up><C-u>sdemo0000000000000000000000000000<Tab><Tab><Enter>\n"
                       "@dump form_saved.txt\n",
                       env),
        0);
    screen_expect_golden(s, "form");
    screen_expect_text(s, "form_rejected", "! Bento rejected the keys", 1);
    screen_expect_text(s, "form_rejected", "swrong", 0);
    screen_expect_text(s, "form_saved", "Saved profile default", 1);
    screen_expect_text(s, "form_saved", "> affiliate", 1);
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", s->dir);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_resize, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_help_overlay, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_activity_redacts, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_credentials_form, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
