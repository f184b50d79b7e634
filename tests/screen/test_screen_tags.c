/* The Tags pane and the `:` line, driven by key scripts against bento-sim. */
#include "screen.h"

#include <sys/stat.h>

#include "reliability.h"
#include "simhttp.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

static void test_listing(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 100,
                                "@dump list.txt\nj\n@dump list_down.txt\n:sort created<Enter>\n"
                                "@dump by_date.txt\n"),
                     0);
    screen_expect_golden(s, "list");
    screen_expect_golden(s, "list_down");
    screen_expect_golden(s, "by_date");
}

/* Every keystroke refilters; a leading ! inverts; Esc on the prompt
 * restores the previous filter. */
static void test_filter(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 16, 80,
                   "/c\n@dump filter_c.txt\nus\n@dump filter_cus.txt\n<Enter>\n"
                   "@dump filter_done.txt\n/<C-u>!c<Enter>\n@dump filter_inverted.txt\n"
                   "/xyz\n<Esc>\n@dump filter_cancelled.txt\n<Esc>\n"
                   "@dump filter_cleared.txt\n"),
        0);
    screen_expect_golden(s, "filter_c");
    screen_expect_golden(s, "filter_cus");
    screen_expect_golden(s, "filter_done");
    screen_expect_golden(s, "filter_inverted");
    screen_expect_text(s, "filter_cancelled", "/!c", 1);
    screen_expect_text(s, "filter_cleared", "40 tags", 1);
}

static void test_create_delete(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 80,
                                "n\n@dump create_prompt.txt\nzz-new<Enter>\n@dump created.txt\n"
                                "G\nd\n@dump confirm.txt\n<Enter>\n@dump kept.txt\n"
                                "d\ny\n@dump deleted.txt\n"),
                     0);
    screen_expect_golden(s, "create_prompt");
    screen_expect_text(s, "created", "Created tag \"zz-new\"", 1);
    screen_expect_text(s, "created", "> zz-new", 1);
    screen_expect_golden(s, "confirm");
    screen_expect_text(s, "kept", "Not deleted.", 1);
    screen_expect_text(s, "kept", "zz-new", 1);
    screen_expect_text(s, "deleted", "Tag \"zz-new\" deleted", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), 1);
    assert_int_equal(simproc_journal_count(&s->sim, "DELETE", "/fetch/tags/*"), 1);
}

/* After a delete the selection stays on its row (Bento discards, so the
 * row stays listed); a second delete and a create of an existing name say
 * that nothing changed; a name of spaces is refused before sending. */
static void test_what_happened(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 80,
                                "jjjj\nd\ny\n@dump del_place.txt\nd\ny\n@dump del_again.txt\n"
                                "n\naffiliate<Enter>\n@dump create_again.txt\n"
                                "n\n   <Enter>\n@dump create_spaces.txt\n"),
                     0);
    screen_expect_text(s, "del_place", "> black-friday-2025", 1);
    screen_expect_text(s, "del_place", "Tag \"black-friday-2025\" deleted", 1);
    screen_expect_text(s, "del_again", "> black-friday-2025", 1);
    screen_expect_text(s, "del_again", "was already discarded: nothing changed", 1);
    reliability_record("Output", "Tags: deleting a tag that is already discarded", -1,
                       "Tag \"black-friday-2025\" was already discarded: nothing changed");
    screen_expect_text(s, "create_again", "Tag \"affiliate\" already exists: nothing was created",
                       1);
    screen_expect_text(s, "create_again", "> affiliate", 1);
    reliability_record("Output", "Tags: creating a tag that already exists", -1,
                       "Tag \"affiliate\" already exists: nothing was created");
    screen_expect_text(s, "create_spaces", "! ", 1);
    reliability_record("Input", "Tags: a tag name of spaces", -1, "refused before sending");
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), 1);
    assert_int_equal(simproc_journal_count(&s->sim, "DELETE", "/fetch/tags/*"), 2);
}

/* A name with an escape sequence is drawn escaped, never sent raw. */
static void test_escaped_name(void **state)
{
    struct screen *s = *state;
    long status = 0;
    cJSON *j = simhttp_call(s->sim.base_url, "POST", "/fetch/tags",
                            "{\"tag\":{\"name\":\"aaa\\u001b[31mred\\u0007\"}}", &status);
    cJSON_Delete(j);
    assert_true(status >= 200 && status < 300);
    assert_int_equal(
        screen_run(s, 16, 80, "@dump escaped.txt\n<Enter>\n@dump escaped_detail.txt\n"), 0);
    screen_expect_golden(s, "escaped");
    screen_expect_text(s, "escaped", "aaa\\e[31mred\\x07", 1);
    screen_expect_text(s, "escaped", "\033", 0);
    screen_expect_text(s, "escaped_detail", "\033", 0);
}

/* `:tags create x` runs the same action as the key; `:q` quits, so the
 * line after it never runs; the history is kept for the next run. */
static void test_command_line(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 80,
                                ":ta<Tab>\n@dump complete1.txt\nc<Tab>x\n@dump complete2.txt\n"
                                "<Enter>\n@dump colon_created.txt\n:<C-r>crea\n"
                                "@dump isearch.txt\n<Esc>\n:bogus<Enter>\n@dump unknown.txt\n"
                                ":q<Enter>\n@dump never.txt\n"),
                     0);
    screen_expect_text(s, "complete1", ":tags", 1);
    screen_expect_text(s, "complete2", ":tags create x", 1);
    screen_expect_text(s, "colon_created", "Created tag \"x\"", 1);
    screen_expect_text(s, "isearch", "(reverse-i-search)`crea': tags create x", 1);
    screen_expect_text(s, "unknown", "! Unknown command \"bogus\"", 1);
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/never.txt", s->dir);
    assert_int_equal(stat(path, &st), -1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), 1);
    snprintf(path, sizeof path, "%s/state/bento-console/history", s->dir);
    char *hist = screen_read_file(path);
    assert_non_null(hist);
    assert_non_null(strstr(hist, "tags create x"));
    free(hist);
    /* a second run finds it with Up */
    assert_int_equal(screen_run(s, 16, 80, ":<Up>\n@dump history_up.txt\n<Esc>\n"), 0);
    screen_expect_text(s, "history_up", ":q", 1);
}

/* A partial `:` command lists its subcommands and a misspelt one names
 * the nearest; neither sends anything. */
static void test_command_line_partial(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 80,
                                ":tags<Enter>\n@dump colon_group.txt\n:tags crate foo<Enter>\n"
                                "@dump colon_misspelt.txt\n"),
                     0);
    screen_expect_text(s, "colon_group", "! tags: list, create, delete", 1);
    screen_expect_text(s, "colon_misspelt",
                       "! Unknown command \"tags crate\": did you mean tags create?", 1);
    reliability_record("Input", "misspelt `:` command", reliability_now() - t0,
                       "Unknown command \"tags crate\": did you mean tags create?");
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_listing, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_filter, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_create_delete, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_what_happened, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_escaped_name, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_command_line, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_command_line_partial, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
