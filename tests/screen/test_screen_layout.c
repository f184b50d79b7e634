/* Layout and the other panes: resize, Activity with redacted details,
 * the help overlay and the credentials form. */
#include "screen.h"

#include <sys/stat.h>

#include "reliability.h"

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

/* Help lines are wrapped between words: none of the view's rows (below
 * the tabs and title, above the status and hint lines) reaches the last
 * column, where the screen would cut it. */
static void expect_help_fits(struct screen *s, const char *name, int rows, int cols)
{
    char *text = screen_dump(s, name);
    int row = 0;
    for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL, row++) {
        end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        while (len && line[len - 1] == ' ')
            len--;
        if (row >= 3 && row < rows - 2 && len >= (size_t)cols)
            fail_msg("%s row %d is cut at column %d: %.*s", name, row, cols, (int)len, line);
    }
    free(text);
}

/* `?` lists the current pane's keys first with the console's own usage,
 * wrapped to 80 and 120 columns; `?` again closes it. */
static void test_help_overlay(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 40, 80,
                                "?\n@dump help_80.txt\nG\n@dump help_80_end.txt\n"
                                "?\n@dump help_closed.txt\n"),
                     0);
    screen_expect_golden(s, "help_80");
    screen_expect_golden(s, "help_80_end");
    expect_help_fits(s, "help_80", 40, 80);
    expect_help_fits(s, "help_80_end", 40, 80);
    screen_expect_text(s, "help_closed", "> affiliate", 1);
    assert_int_equal(screen_run(s, 40, 120,
                                "2\n?\n@dump help_120.txt\nG\n"
                                "@dump help_120_end.txt\n"),
                     0);
    screen_expect_golden(s, "help_120");
    screen_expect_golden(s, "help_120_end");
    expect_help_fits(s, "help_120", 40, 120);
    expect_help_fits(s, "help_120_end", 40, 120);
    screen_expect_text(s, "help_120", ":subscribers tag [TAG]", 1);
    screen_expect_text(s, "help_120", "-e EMAIL", 0);
    reliability_record("Output", "help wrapped at 80 and 120 columns", -1,
                       "In the Subscribers pane:");
}

/* Help open while the terminal narrows is wrapped again, at its place. */
static void test_help_rewraps(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 30, 100, "?\nj\n<Resize 30x60>\n@dump help_60.txt\n"), 0);
    expect_help_fits(s, "help_60", 30, 60);
    screen_expect_golden(s, "help_60");
    reliability_record("Output", "help open while the terminal narrows to 60 columns", -1,
                       "In the Tags pane:");
}

/* `/` in help searches it (the view scrolls to the match); n finds the
 * next one; a miss says so. */
static void test_help_search(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 30, 80,
                                "?\n/drafts<Enter>\n@dump help_found.txt\nn\n"
                                "@dump help_found_next.txt\n/zzqx<Enter>\n"
                                "@dump help_not_found.txt\n"),
                     0);
    screen_expect_golden(s, "help_found");
    screen_expect_text(s, "help_found_next",
                       "c                                  Compose      In the drafts list: copy",
                       1);
    screen_expect_text(s, "help_not_found", "\"zzqx\" is not in this view.", 1);
    reliability_record("Input", "search for text not in the help view", -1,
                       "! \"zzqx\" is not in this view.");
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
        screen_run_env(
            s, 16, 80,
            "@dump form.txt\npdemo0000000000000000000000000000<Tab>swrong<Tab>"
            "d3m05173000000000000000000000000<Tab><Tab><Enter>\n@dump form_rejected.txt\n"
            "<Up><Up><Up><C-u>sdemo0000000000000000000000000000<Tab><Tab><Tab>"
            "<Enter>\n"
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
        cmocka_unit_test_setup_teardown(test_help_search, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_help_rewraps, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_activity_redacts, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_credentials_form, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
