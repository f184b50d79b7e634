/* Compose drafts by name: w asks the name with the time filled in, a name
 * another draft has is refused, and the drafts list renames a draft
 * keeping its content. */
#include "screen.h"
#include "reliability.h"

#include <ctype.h>
#include <unistd.h>

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

static bool draft_file(struct screen *s, const char *id)
{
    char path[400];
    snprintf(path, sizeof path, "%s/state/bento-console/drafts/%s.json", s->dir, id);
    return access(path, F_OK) == 0;
}

/* "Save draft as: 20261202-004512": the prompt holds a time-made name. */
static void expect_time_default(struct screen *s, const char *dump)
{
    char *got = screen_dump(s, dump);
    const char *p = strstr(got, "Save draft as: ");
    if (!p)
        fail_msg("no name prompt in %s:\n%s", dump, got);
    p += strlen("Save draft as: ");
    for (int i = 0; i < 15; i++)
        if (i == 8 ? p[i] != '-' : !isdigit((unsigned char)p[i]))
            fail_msg("the default name is not the time: %.20s", p);
    free(got);
}

static void test_save_asks_name(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 18, 100,
                                "3\n<Tab>\n<Tab>\n<Enter>Spring sale<Enter>\nw\n"
                                "@dump drafts_name_prompt.txt\n<C-u>spring<Enter>\n"
                                "@dump drafts_name_saved.txt\n"
                                "N\n<Tab>\n<Tab>\n<Enter>Summer<Enter>\nw\n<C-u>spring<Enter>\n"
                                "@dump drafts_name_taken.txt\n<C-u>summer<Enter>\n"
                                "@dump drafts_name_other.txt\n"),
                     0);
    expect_time_default(s, "drafts_name_prompt");
    screen_expect_text(s, "drafts_name_saved", "Saved as draft spring", 1);
    screen_expect_text(s, "drafts_name_taken", "A draft named 'spring' exists: pick another name",
                       1);
    screen_expect_text(s, "drafts_name_taken", "Save draft as: spring", 1);
    screen_expect_text(s, "drafts_name_other", "Saved as draft summer", 1);
    assert_true(draft_file(s, "spring"));
    assert_true(draft_file(s, "summer"));
    reliability_record("Input", "saving a draft under another draft's name", -1,
                       "! A draft named 'spring' exists: pick another name");
}

/* In the list, r renames the selected draft: a taken name is refused
 * (both drafts kept), a free one moves the draft with its content. */
static void test_rename_from_list(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 18, 100,
                   "3\n<Tab>\n<Tab>\n<Enter>Spring sale<Enter>\n:compose save spring<Enter>\n"
                   "N\n<Tab>\n<Tab>\n<Enter>Summer<Enter>\n:compose save summer<Enter>\n"
                   "D\nj\nj\nr\n@dump drafts_rename_prompt.txt\n<C-u>summer<Enter>\n"
                   "@dump drafts_rename_taken.txt\n<C-u>launch<Enter>\n"
                   "@dump drafts_renamed.txt\n<Enter>\n@dump drafts_renamed_open.txt\n"),
        0);
    screen_expect_text(s, "drafts_rename_prompt", "Rename draft spring to: spring", 1);
    screen_expect_text(s, "drafts_rename_taken", "A draft named 'summer' exists: pick another name",
                       1);
    screen_expect_golden(s, "drafts_renamed");
    screen_expect_text(s, "drafts_renamed", "Renamed draft spring to launch.", 1);
    screen_expect_text(s, "drafts_renamed_open", "Opened draft launch.", 1);
    screen_expect_text(s, "drafts_renamed_open", "Spring sale", 1);
    assert_false(draft_file(s, "spring"));
    assert_true(draft_file(s, "launch"));
    assert_true(draft_file(s, "summer"));
    reliability_record("Input", "renaming a draft to another draft's name", -1,
                       "! A draft named 'summer' exists: pick another name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_asks_name, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_rename_from_list, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
