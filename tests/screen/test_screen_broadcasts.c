/* The Broadcasts pane (5), driven by key scripts against bento-sim: the
 * list on open, the status switcher, paging over a repeated page, sort,
 * filter, one broadcast through the preview, and hostile names. */
#include "screen.h"

#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

/* 68 sent broadcasts; the second list call answers page 1 again. */
static int setup_paging(void **state)
{
    static const char *const args[] = {"--broadcasts", "60", "--fault",
                                       "GET /fetch/broadcasts:page=1:after=1:times=1", NULL};
    return screen_setup_with(state, args);
}

/* 68 sent broadcasts; the call for page 2 fails once. */
static int setup_page2_fails(void **state)
{
    static const char *const args[] = {"--broadcasts", "60", "--fault",
                                       "GET /fetch/broadcasts:status=400:after=1:times=1", NULL};
    return screen_setup_with(state, args);
}

static int setup_hostile(void **state)
{
    static const char *const args[] = {"--seed", "hostile", NULL};
    return screen_setup_with(state, args);
}

/* Journal entries of GET /fetch/broadcasts whose query holds text. */
static int asked(const struct screen *s, const char *text)
{
    cJSON *journal = simproc_journal(&s->sim), *e;
    int n = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
        if (path && !strcmp(path, "/fetch/broadcasts") && strstr(q ? q : "", text))
            n++;
    }
    cJSON_Delete(journal);
    return n;
}

static void test_list_on_open(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "5\n@dump bc_list.txt\n"), 0);
    screen_expect_golden(s, "bc_list");
    assert_int_equal(asked(s, ""), 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/broadcasts"), 1);
}

static void test_wide(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 36, 120, "5\n@dump bc_wide.txt\n"), 0);
    screen_expect_golden(s, "bc_wide");
}

/* `s` steps through the statuses; "all" asks each in turn. */
static void test_status_switch(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "5\ns\n@dump bc_draft.txt\n:broadcasts status all<Enter>\n"
                                "@dump bc_all.txt\n"),
                     0);
    screen_expect_golden(s, "bc_draft");
    screen_expect_golden(s, "bc_all");
    assert_int_equal(asked(s, "status=draft"), 2);
    assert_int_equal(asked(s, "status=canceled"), 1);
    assert_int_equal(asked(s, "status=paused"), 1);
    screen_expect_text(s, "bc_all", "Duplicate Test Send", 1);
}

static void test_unknown_status(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 24, 80, "5\n:broadcasts status archived<Enter>\n@dump bc_bad.txt\n"), 0);
    screen_expect_text(s, "bc_bad", "No status \"archived\"", 1);
    reliability_record("Input", "Broadcasts pane: an unknown status", -1,
                       "! No status \"archived\": use sent, draft, scheduled, sending, paused, "
                       "canceled or all.");
}

/* Scrolling to the end loads the next page; the repeated page adds nothing. */
static void test_paging_repeated_page(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 100,
                                "5\n@dump bc_page1.txt\nG\n@dump bc_page2.txt\nG\n"
                                "@dump bc_page3.txt\n"),
                     0);
    screen_expect_text(s, "bc_page1", "sent: 25+ broadcasts", 1);
    screen_expect_text(s, "bc_page2", "sent: 50+ broadcasts", 1);
    screen_expect_golden(s, "bc_page3");
    screen_expect_text(s, "bc_page3", "sent: 68 broadcasts", 1);
    assert_int_equal(asked(s, "page=1"), 1);
    assert_int_equal(asked(s, "page=2"), 2);
    assert_int_equal(asked(s, "page=3"), 1);
    reliability_record("Output", "Broadcasts pane: scrolling over a repeated page", -1,
                       "68 broadcasts, none twice");
}

/* r asks again; the status, the filter and the selected broadcast stay. */
static void test_reload(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "5\ns\n/a<Enter>\nj\nj\n@dump bc_before_reload.txt\nr\n"
                                "@dump bc_reloaded.txt\n"),
                     0);
    screen_expect_golden(s, "bc_reloaded");
    char *before = screen_dump(s, "bc_before_reload"), *after = screen_dump(s, "bc_reloaded");
    const char *b = strstr(before, "\n> "), *a = strstr(after, "\n> ");
    assert_non_null(b);
    assert_non_null(a);
    assert_int_equal(strcspn(b + 1, "\n"), strcspn(a + 1, "\n"));
    assert_memory_equal(b, a, strcspn(b + 1, "\n"));
    free(before), free(after);
    screen_expect_text(s, "bc_reloaded", "draft: ", 1);
    screen_expect_text(s, "bc_reloaded", "draft: 3/3 /a", 1);
    assert_int_equal(asked(s, "status=draft"), 2);
}

/* Page 2 fails: one line, the 25 rows kept; the next scroll asks again. */
static void test_page_fails_then_recovers(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(
        screen_run(s, 24, 100, "5\nG\n@dump bc_page2_failed.txt\nk\n@dump bc_page2_again.txt\n"),
        0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, "bc_page2_failed");
    screen_expect_text(s, "bc_page2_failed", "! Page 2 of the broadcasts failed", 1);
    screen_expect_text(s, "bc_page2_failed", "sent: 25+ broadcasts", 1);
    screen_expect_text(s, "bc_page2_again", "sent: 50+ broadcasts", 1);
    assert_int_equal(asked(s, "page=1"), 1);
    assert_int_equal(asked(s, "page=2"), 2);
    char *failed = screen_dump(s, "bc_page2_failed");
    const char *line = strstr(failed, "! Page 2");
    char first[200] = "";
    if (line)
        snprintf(first, sizeof first, "%.*s", (int)strcspn(line, "\n"), line);
    free(failed);
    reliability_record("Output", "Broadcasts pane: a page fails while scrolling, then recovers",
                       took, first);
}

static void test_sort_filter(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "5\no\n@dump bc_by_name.txt\n:sort open<Enter>\n"
                                "@dump bc_by_open.txt\nO\n@dump bc_by_open_up.txt\n"
                                "/black<Enter>\n@dump bc_filter.txt\n"),
                     0);
    screen_expect_golden(s, "bc_by_name");
    screen_expect_golden(s, "bc_by_open");
    screen_expect_golden(s, "bc_by_open_up");
    screen_expect_golden(s, "bc_filter");
}

static void test_detail(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "5\n<Enter>\n@dump bc_detail.txt\n"), 0);
    screen_expect_golden(s, "bc_detail");
    screen_expect_text(s, "bc_detail", "Dashboard:", 1);
}

/* A draft's list entry has no subject or body: Enter reads its template. */
static void test_draft_detail(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 30, 80, "5\ns\n<Enter>\n@dump bc_draft_detail.txt\n"), 0);
    screen_expect_golden(s, "bc_draft_detail");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/emails/templates/*"), 1);
}

static void test_hostile(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 24, 80, "5\n@dump bc_hostile.txt\n<Enter>\n@dump bc_hostile_detail.txt\n"),
        0);
    screen_expect_golden(s, "bc_hostile");
    screen_expect_golden(s, "bc_hostile_detail");
    char *list = screen_dump(s, "bc_hostile"), *detail = screen_dump(s, "bc_hostile_detail");
    assert_null(strchr(list, '\x1b'));
    assert_null(strchr(detail, '\x1b'));
    free(list), free(detail);
    reliability_record("Output", "Broadcasts pane: escape sequences in a broadcast's name", -1,
                       "drawn as visible text");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_on_open, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_wide, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_status_switch, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_status, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_paging_repeated_page, setup_paging, screen_teardown),
        cmocka_unit_test_setup_teardown(test_sort_filter, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_reload, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_draft_detail, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_page_fails_then_recovers, setup_page2_fails,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_detail, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_hostile, setup_hostile, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
