/* Acting on lists in the Subscribers pane: a key acts on the highlighted
 * row of whichever list is shown (the cache or search results), Space
 * marks rows, an action on marked people sends each change once with the
 * command line's question from 10 people on, and search pages show
 * Bento's total. Asserts on what the simulator received. */
#include "screen.h"

#include "reliability.h"

static int setup_search(void **state)
{
    const char *const args[] = {"--seed", "empty", "--subscribers", "130", "--search", NULL};
    return screen_setup_with(state, args);
}

/* The /fetch/commands calls the simulator received, and how many
 * commands named `email` across them. */
static int commands_for(struct screen *s, const char *email, int *calls)
{
    cJSON *j = simproc_journal(&s->sim);
    int n = 0;
    *calls = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (!path || strcmp(path, "/fetch/commands") != 0)
            continue;
        ++*calls;
        const cJSON *who;
        cJSON_ArrayForEach(who, cJSON_GetObjectItem(e, "emails"))
            n += email && !strcmp(cJSON_GetStringValue(who), email);
    }
    cJSON_Delete(j);
    return n;
}

static int records_sent(struct screen *s)
{
    cJSON *j = simproc_journal(&s->sim);
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (path && !strcmp(path, "/fetch/commands"))
            n += cJSON_GetObjectItem(e, "records")->valueint;
    }
    cJSON_Delete(j);
    return n;
}

static void person(char *buf, size_t size, int i)
{
    snprintf(buf, size, "subscriber%06d@example.test", i);
}

/* `t` on the second search result tags that person, from the results. */
static void test_tag_search_result(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\ns\n<Enter>\nj\nt\nvip<Enter>\n@dump marks_one_ask.txt\ny\n"
                                "@dump marks_one_sent.txt\n"),
                     0);
    screen_expect_text(s, "marks_one_ask", "Add tag \"vip\" to subscriber000002@example.test", 1);
    screen_expect_text(s, "marks_one_sent", "Sent: add tag vip", 1);
    screen_expect_text(s, "marks_one_sent", "search page 1", 1);
    char who[64];
    int calls;
    person(who, sizeof who, 2);
    assert_int_equal(commands_for(s, who, &calls), 1);
    assert_int_equal(calls, 1);
    assert_int_equal(records_sent(s), 1);
}

/* Three marked people: one question, one call, each of them once. */
static void test_mark_three_and_tag(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\ns\n<Enter>\n<Space>\nj\n<Space>\n<Space>\n"
                                "@dump marks_three.txt\nt\nvip<Enter>\n@dump marks_three_ask.txt\n"
                                "y\n@dump marks_three_sent.txt\n"),
                     0);
    screen_expect_golden(s, "marks_three");
    screen_expect_text(s, "marks_three_ask", "Add tag \"vip\" to 3 marked people", 1);
    screen_expect_text(s, "marks_three_sent", "3 queued, 0 refused", 1);
    screen_expect_text(s, "marks_three_sent", "3 marked", 0);
    int calls, want[] = {1, 3, 4}, not [] = {2, 5};
    char who[64];
    for (size_t i = 0; i < 3; i++) {
        person(who, sizeof who, want[i]);
        assert_int_equal(commands_for(s, who, &calls), 1);
    }
    for (size_t i = 0; i < 2; i++) {
        person(who, sizeof who, not [i]);
        assert_int_equal(commands_for(s, who, &calls), 0);
    }
    assert_int_equal(calls, 1);
    assert_int_equal(records_sent(s), 3);
}

/* Ten marked people get the command line's question; n sends nothing. */
static void test_mark_ten_asks(void **state)
{
    struct screen *s = *state;
    char script[600] = "2\ns\n<Enter>\n";
    for (int i = 0; i < 10; i++)
        strcat(script, "<Space>\n");
    strcat(script, "t\nvip<Enter>\n@dump marks_ten_ask.txt\nn\n@dump marks_ten_no.txt\n");
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "marks_ten_ask", "Add tag vip for 10 people?", 1);
    screen_expect_text(s, "marks_ten_no", "Nothing sent.", 1);
    screen_expect_text(s, "marks_ten_no", "10 marked", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/fetch/commands"), 0);
    reliability_record("Sending once", "ten marked people, answered n", took, "Nothing sent.");
}

/* Marks are kept by email: through a filter-free refresh of the search,
 * through turning pages; Esc clears them before leaving the results. */
static void test_marks_survive_refresh(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\ns\n<Enter>\n<Space>\n<Space>\nr\n]\n[\n"
                                "@dump marks_kept.txt\n<Esc>\n@dump marks_cleared.txt\n"
                                "<Esc>\n@dump marks_left.txt\n"),
                     0);
    screen_expect_text(s, "marks_kept", "2 marked", 1);
    screen_expect_text(s, "marks_kept", "*subscriber000001@example.test", 1);
    screen_expect_text(s, "marks_kept", "*subscriber000002@example.test", 1);
    screen_expect_text(s, "marks_cleared", "2 marked", 0);
    screen_expect_text(s, "marks_cleared", "search page 1", 1);
    screen_expect_text(s, "marks_left", "search page", 0);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/fetch/commands"), 0);
}

/* The search answer's meta.total is shown with the page. */
static void test_search_total(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100, "2\ns\n<Enter>\n@dump marks_total.txt\n"), 0);
    screen_expect_text(s, "marks_total", "search page 1: 100 of 130", 1);
    screen_expect_text(s, "marks_total", "Page 1: 100 of 130 people", 1);
}

/* Marks in the cache list survive the filter (Esc clears the filter
 * first), and an untag on them goes to both, once each. */
static void test_marks_in_cache_through_filter(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\ns\n<Enter>\n<Space>\n<Space>\nt\nvip<Enter>\ny\n<Esc>\n"
                                "@dump marks_cache.txt\n<Space>\n<Space>\n/000001<Enter>\n"
                                "@dump marks_filtered.txt\n<Esc>\n@dump marks_unfiltered.txt\n"
                                "u\nvip<Enter>\n@dump marks_untag_ask.txt\ny\n"
                                "@dump marks_untag_sent.txt\n"),
                     0);
    screen_expect_text(s, "marks_cache", "2 in cache", 1);
    screen_expect_text(s, "marks_cache", "subscribed      0 YYYY-MM-DD hh:mm 1 pending", 1);
    screen_expect_text(s, "marks_filtered", "2 marked, 1/2 /000001", 1);
    screen_expect_text(s, "marks_unfiltered", "2 marked, 2 in cache", 1);
    screen_expect_text(s, "marks_untag_ask", "Remove tag \"vip\" from 2 marked people?", 1);
    screen_expect_text(s, "marks_untag_sent", "Sent: remove tag vip for 2 people", 1);
    int calls;
    char who[64];
    for (int i = 1; i <= 2; i++) {
        person(who, sizeof who, i);
        assert_int_equal(commands_for(s, who, &calls), 2);
    }
    assert_int_equal(calls, 2);
    assert_int_equal(records_sent(s), 4);
}

static int setup_failing(void **state)
{
    const char *const args[] = {"--seed",
                                "empty",
                                "--subscribers",
                                "130",
                                "--search",
                                "--fault",
                                "/fetch/commands:status=400",
                                NULL};
    return screen_setup_with(state, args);
}

/* A refused call says so in one line and keeps the marks; a change of
 * address is one person's and says so instead of picking one. */
static void test_marks_refused(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 160,
                                "2\ns\n<Enter>\n<Space>\n<Space>\nE\n@dump marks_email.txt\n"
                                "t\nvip<Enter>\ny\n@dump marks_refused.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "marks_email", "An address changes for one person at a time", 1);
    screen_expect_text(s, "marks_refused", "! Could not add tag vip for 2 people", 1);
    screen_expect_text(s, "marks_refused", "2 marked", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/fetch/commands"), 1);
    char *dump = screen_dump(s, "marks_refused");
    char *line = strstr(dump, "! Could not");
    if (line)
        line[strcspn(line, "\n")] = 0;
    reliability_record("Sending once", "marked people, Bento refuses the call", took, line);
    free(dump);
}

/* At 80 columns the count of marks is what the title keeps. */
static void test_marks_at_80(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "2\ns\n<Enter>\n<Space>\n<Space>\n@dump marks_80.txt\n"),
                     0);
    screen_expect_golden(s, "marks_80");
}

static int setup_two_pages(void **state)
{
    const char *const args[] = {"--seed", "empty", "--subscribers", "200", "--search", NULL};
    return screen_setup_with(state, args);
}

/* With the total known, a full second page of 200 people is the last:
 * ] says so without asking for an empty third page. */
static void test_last_page_by_total(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100, "2\ns\n<Enter>\n]\n]\n@dump marks_last_page.txt\n"), 0);
    screen_expect_text(s, "marks_last_page", "This is the last page.", 1);
    screen_expect_text(s, "marks_last_page", "search page 2: 100 of 200", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/fetch/search"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tag_search_result, setup_search, screen_teardown),
        cmocka_unit_test_setup_teardown(test_mark_three_and_tag, setup_search, screen_teardown),
        cmocka_unit_test_setup_teardown(test_mark_ten_asks, setup_search, screen_teardown),
        cmocka_unit_test_setup_teardown(test_marks_survive_refresh, setup_search, screen_teardown),
        cmocka_unit_test_setup_teardown(test_search_total, setup_search, screen_teardown),
        cmocka_unit_test_setup_teardown(test_marks_in_cache_through_filter, setup_search,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_marks_refused, setup_failing, screen_teardown),
        cmocka_unit_test_setup_teardown(test_marks_at_80, setup_search, screen_teardown),
        cmocka_unit_test_setup_teardown(test_last_page_by_total, setup_two_pages, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
