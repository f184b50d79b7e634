/* Layout and the other panes: resize, Activity with redacted details,
 * the help overlay, the credentials form, long messages wrapped, and
 * every main pane at 60x12, 80x24, 120x36 and 200x60 (size_* goldens). */
#include "screen.h"

#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "simhttp.h"

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
    screen_expect_text(s, "activity_curl", BENTO_TEST_SECRET, 0);
    screen_expect_text(s, "activity_detail", BENTO_TEST_SECRET, 0);
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
            "<Up><Up><Up><C-u>" BENTO_TEST_SECRET "<Tab><Tab><Tab>"
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

/* The dump's text with line breaks and runs of spaces made one space. */
static char *dump_words(struct screen *s, const char *name)
{
    char *text = screen_dump(s, name), *w = text;
    for (const char *r = text; *r; r++) {
        char c = *r == '\n' ? ' ' : *r;
        if (c != ' ' || (w > text && w[-1] != ' '))
            *w++ = c;
    }
    *w = 0;
    return text;
}

/* The dump shows message whole: every word of it, in order, none cut
 * at the edge of the screen. */
static void expect_whole(struct screen *s, const char *name, const char *message)
{
    char *words = dump_words(s, name);
    if (!strstr(words, message))
        fail_msg("%s does not show \"%s\" whole:\n%s", name, message, screen_dump(s, name));
    free(words);
}

/* A message longer than the status line wraps between words onto the
 * rows it needs, at 60 and at 80 columns; the pane gives up those rows. */
static void test_long_message_wraps(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_SECRET_KEY=swrong00000000000000000000000000000", NULL};
    const char *msg = "! Could not load the tags: Bento rejected the keys (401). Check the "
                      "credentials: run :doctor (e: details)";
    double t0 = reliability_now();
    assert_int_equal(screen_run_env(s, 16, 60, "@dump wrapped_60.txt\n", env), 0);
    double took = reliability_now() - t0;
    expect_whole(s, "wrapped_60", msg);
    screen_expect_golden(s, "wrapped_60");
    assert_int_equal(screen_run_env(s, 16, 80, "@dump wrapped_80.txt\n", env), 0);
    expect_whole(s, "wrapped_80", msg);
    screen_expect_golden(s, "wrapped_80");
    reliability_record("Output", "a 104-character error at 60 and 80 columns", took,
                       "! Could not load the tags: Bento rejected the keys (401).");
}

/* A message longer than the rows a small screen gives it ends with
 * "e: more"; `e` shows it whole. */
static void test_too_long_says_more(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 12, 60,
                                ":subscribers frobnicate<Enter>\n@dump more_60.txt\n"
                                "e\n@dump more_60_e.txt\n"),
                     0);
    screen_expect_golden(s, "more_60");
    screen_expect_text(s, "more_60", "e: more", 1);
    expect_whole(s, "more_60_e", "Unknown command \"subscribers frobnicate\"");
    reliability_record("Output", "a message longer than 3 rows at 60x12", -1,
                       "Unknown command \"subscribers frobnicate\"; ... e: more");
}

/* The credentials form's hint for a refused site_uuid wraps under the
 * fields instead of stopping at the edge. */
static void test_credentials_hint_wraps(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                      "BENTO_SITE_UUID", NULL};
    assert_int_equal(
        screen_run_env(
            s, 16, 80,
            "pdemo0000000000000000000000000000<Tab>" BENTO_TEST_SECRET
            "<Tab>00000000000000000000000000000000<Tab><Tab><Enter>\n@dump form_site.txt\n",
            env),
        0);
    expect_whole(s, "form_site",
                 "! The keys were accepted but the site_uuid was refused (401): check the "
                 "site_uuid under Settings, and that this user belongs to that site's team.");
    screen_expect_golden(s, "form_site");
    reliability_record("Output", "refused site_uuid in the credentials form at 80 columns", -1,
                       "! The keys were accepted but the site_uuid was refused (401)");
}

/* Compose's checks at 80 columns wrap under their line: the list of
 * authors in the From check is read whole. */
static void test_compose_checks_wrap(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 22, 80,
                                "3\n<Enter>bob@@example, ada@example.com<Enter>\n<Tab>\n<Enter>\n"
                                "<Up>\n<Enter>\nmallory@example.com<Enter>\n<Tab>\n"
                                "<Enter>Sale 🎉<Enter>\n@dump checks_80.txt\n"),
                     0);
    expect_whole(s, "checks_80",
                 "! from: mallory@example.com is not an author of this account (authors: "
                 "jesse@example.com, support@example.com)");
    screen_expect_golden(s, "checks_80");
    reliability_record("Output", "Compose checks at 80 columns", -1,
                       "! from: mallory@example.com is not an author of this account");
}

/* Every main pane at the four sizes the layout is checked at, with a
 * long message at the end; one loop, so BENTO_UPDATE_GOLDEN=1 with this
 * test regenerates all size_* goldens. */
static void test_sizes(void **state)
{
    static const int sizes[][2] = {{12, 60}, {24, 80}, {36, 120}, {60, 200}};
    static const char *const panes[] = {"tags",     "subscribers", "compose", "import",
                                        "activity", "help",        "message"};
    struct screen *s = *state;
    long status = 0;
    cJSON_Delete(simhttp_call(s->sim.base_url, "POST", "/batch/subscribers",
                              "{\"subscribers\":[{\"email\":\"ada@example.com\","
                              "\"first_name\":\"Ada\",\"tags\":\"customer,vip\"}]}",
                              &status));
    assert_int_equal(status, 200);
    /* the console runs where the file is, so the dumps show no temporary path */
    char cwd[400], csv[400];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(s->dir), 0);
    snprintf(csv, sizeof csv, "people.csv");
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("email,first_name\nada@example.com,Ada\ngrace@example.com,Grace\nnot-an-address,X\n", fp);
    fclose(fp);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char script[2000], tag[32];
        snprintf(tag, sizeof tag, "size_%dx%d", sizes[i][1], sizes[i][0]);
        snprintf(script, sizeof script,
                 "@dump %1$s_tags.txt\n2\nl\nada@example.com<Enter>\n@dump %1$s_subscribers.txt\n"
                 "3\n@dump %1$s_compose.txt\n2\nI\n%2$s<Enter>\n@dump %1$s_import.txt\nn\n"
                 "4\n@dump %1$s_activity.txt\n1\n?\n@dump %1$s_help.txt\n<Esc>\n"
                 ":subscribers frobnicate<Enter>\n@dump %1$s_message.txt\n",
                 tag, csv);
        assert_int_equal(screen_run(s, sizes[i][0], sizes[i][1], script), 0);
        for (size_t p = 0; p < sizeof panes / sizeof panes[0]; p++) {
            char name[64];
            snprintf(name, sizeof name, "%s_%s", tag, panes[p]);
            screen_expect_golden(s, name);
        }
        char import[64];
        snprintf(import, sizeof import, "%s_import", tag);
        expect_whole(s, import,
                     "? Import 2 rows in 1 call? 1 bad row left out (see people.rejects.csv). "
                     "[y/N]");
    }
    assert_int_equal(chdir(cwd), 0);
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
        cmocka_unit_test_setup_teardown(test_long_message_wraps, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_too_long_says_more, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_credentials_hint_wraps, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_compose_checks_wrap, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_sizes, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
