/* Columns of the list panes sized from what they show, at 60 and 200
 * columns; sorting on any column and back, with the selection kept; and
 * the Activity pane's path, filter, count and sort. */
#include "screen.h"

#include "reliability.h"
#include "simhttp.h"

#define LONG_TAG \
    "spring-2026-announcement-for-every-subscriber-in-europe-and-north-america-who-opened-in-march"
#define WIDE_TAG "日本語のタグ名前がとても長い場合の表示テストです"
#define LONG_EMAIL "margaret.hamilton.apollo.guidance@software-engineering.example"

static int post(struct screen *s, const char *path, const char *body, long want)
{
    long status = 0;
    cJSON_Delete(simhttp_call(s->sim.base_url, "POST", path, body, &status));
    return status == want ? 0 : -1;
}

static int setup(void **state)
{
    const char *const args[] = {"--tags", "30", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    struct screen *s = *state;
    if (post(s, "/fetch/tags", "{\"tag\":{\"name\":\"" LONG_TAG "\"}}", 201) < 0 ||
        post(s, "/fetch/tags", "{\"tag\":{\"name\":\"" WIDE_TAG "\"}}", 201) < 0)
        return -1;
    return post(s, "/batch/subscribers",
                "{\"subscribers\":[{\"email\":\"ada@example.com\",\"tags\":\"customer,vip\"},"
                "{\"email\":\"" LONG_EMAIL "\",\"tags\":\"customer\"},"
                "{\"email\":\"bo@example.com\"}]}",
                200);
}

/* Short names leave ID and CREATED next to them at 200 columns; at 60 the
 * long names are cut with an ellipsis (a wide one at a character), and the
 * dates keep their width. */
static void test_tags_widths(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 12, 200, "@dump cols_tags_200.txt\n"), 0);
    screen_expect_golden(s, "cols_tags_200");
    assert_int_equal(screen_run(s, 12, 60,
                                "G\nk\n@dump cols_tags_60_end.txt\n"
                                "/spring\n<Enter>\n@dump cols_tags_60.txt\n"),
                     0);
    screen_expect_golden(s, "cols_tags_60_end");
    screen_expect_text(s, "cols_tags_60_end", "日本語のタグ名前がとても長い場合の表示テ…", 1);
    screen_expect_golden(s, "cols_tags_60");
    screen_expect_text(s, "cols_tags_60", "> spring-2026-announcement-for-every-subscr… 1071", 1);
}

/* o moves the sort to the next column, O reverses it; the header marks
 * the column with an arrow and the selected tag stays selected. */
static void test_tags_sort(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 12, 80,
                                "jjj\n@dump sort_name.txt\no\n@dump sort_id.txt\nO\n"
                                "@dump sort_id_desc.txt\n:sort created<Enter>\n"
                                "@dump sort_created.txt\n:sort size<Enter>\n@dump sort_bad.txt\n"),
                     0);
    screen_expect_golden(s, "sort_name");
    screen_expect_text(s, "sort_name", "> beta-tester", 1);
    screen_expect_golden(s, "sort_id");
    screen_expect_text(s, "sort_id", "ID↑", 1);
    screen_expect_text(s, "sort_id", "> beta-tester", 1);
    screen_expect_text(s, "sort_id", "Sorted by ID, ascending", 1);
    screen_expect_golden(s, "sort_id_desc");
    screen_expect_text(s, "sort_id_desc", "ID↓", 1);
    screen_expect_text(s, "sort_id_desc", "> beta-tester", 1);
    screen_expect_text(s, "sort_created", "CREATED↓", 1);
    screen_expect_text(s, "sort_created", "> beta-tester", 1);
    screen_expect_text(s, "sort_bad",
                       "No column \"size\" in this list: sort by NAME, ID, CREATED or STATUS.", 1);
    reliability_record("Input", "Tags: :sort on a column the list does not have", -1,
                       "! No column \"size\" in this list: sort by NAME, ID, CREATED or STATUS.");
}

static const char *const LOOKUPS = "2\nl\nbo@example.com<Enter>\n<Esc>\nl\n" LONG_EMAIL
                                   "<Enter>\n<Esc>\nl\nada@example.com<Enter>\n<Esc>\n";

/* At 60 columns the long email keeps all it can and PENDING and FETCHED
 * go first; at 200 everything is whole. */
static void test_subs_widths(void **state)
{
    struct screen *s = *state;
    char script[1000];
    snprintf(script, sizeof script,
             "%s@dump cols_subs_60.txt\n<Resize 12x200>\n"
             "@dump cols_subs_200.txt\n",
             LOOKUPS);
    assert_int_equal(screen_run(s, 12, 60, script), 0);
    screen_expect_golden(s, "cols_subs_60");
    screen_expect_golden(s, "cols_subs_200");
    screen_expect_text(s, "cols_subs_200", LONG_EMAIL, 1);
}

/* The cache lists the latest first; o sorts by email, again by status,
 * O reverses, and the selected person stays selected. */
static void test_subs_sort(void **state)
{
    struct screen *s = *state;
    char script[1000];
    snprintf(script, sizeof script,
             "%sj\n@dump subs_sort_cache.txt\no\n@dump subs_sort_email.txt\n"
             "O\n@dump subs_sort_email_desc.txt\n",
             LOOKUPS);
    assert_int_equal(screen_run(s, 12, 100, script), 0);
    screen_expect_golden(s, "subs_sort_cache");
    screen_expect_text(s, "subs_sort_cache", "> " LONG_EMAIL, 1);
    screen_expect_golden(s, "subs_sort_email");
    screen_expect_text(s, "subs_sort_email", "EMAIL↑", 1);
    screen_expect_text(s, "subs_sort_email", "> " LONG_EMAIL, 1);
    screen_expect_golden(s, "subs_sort_email_desc");
    screen_expect_text(s, "subs_sort_email_desc", "> " LONG_EMAIL, 1);
}

/* site_uuid is left out of PATH (the email stays); / finds requests by
 * their bodies (the create's request, the list's answer); the title
 * counts the requests and the filtered ones. */
static void test_activity_path_and_filter(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 14, 100,
                                "2\nl\nada@example.com<Enter>\n<Esc>\n1\nn\nzz-needle<Enter>\n"
                                "4\n@dump act_paths.txt\n/zz-needle\n<Enter>\n"
                                "@dump act_body_match.txt\n1\nr\n4\n@dump act_body_more.txt\n"),
                     0);
    screen_expect_golden(s, "act_paths");
    screen_expect_text(s, "act_paths", "/fetch/subscribers?email=ada%40example.com", 1);
    screen_expect_text(s, "act_paths", "site_uuid", 0);
    screen_expect_text(s, "act_paths", "4 requests", 1);
    screen_expect_golden(s, "act_body_match");
    screen_expect_text(s, "act_body_match", "2/4 /zz-needle", 1);
    screen_expect_text(s, "act_body_match", "POST   /fetch/tags", 1);
    screen_expect_text(s, "act_body_match", "GET    /fetch/tags", 1);
    /* a request made while the filter is on is filtered as it comes */
    screen_expect_text(s, "act_body_more", "3/5 /zz-needle", 1);
}

static int setup_slow(void **state)
{
    char stall[64];
    snprintf(stall, sizeof stall, "GET /fetch/subscribers*:delay=%d", screen_stall_ms(400));
    const char *const args[] = {"--fault", stall, NULL};
    return screen_setup_with(state, args);
}

/* The slow lookup goes first when sorted by latency, largest first, and
 * the selection follows the row it was on. */
static void test_activity_sort_latency(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 12, 100,
                                "2\nl\nada@example.com<Enter>\n<Esc>\n1\nr\n4\n"
                                "@dump act_by_time.txt\n:sort latency<Enter>\n"
                                "@dump act_by_latency.txt\nO\n@dump act_by_latency_up.txt\n"),
                     0);
    screen_expect_text(s, "act_by_time", "> hh:mm:ss GET    /fetch/tags", 1);
    /* not a golden: the two tag lists' latencies are too close to order */
    char *dump = screen_dump(s, "act_by_latency");
    const char *slow = strstr(dump, "/fetch/subscribers?email="),
               *tags = strstr(dump, "/fetch/tags");
    assert_true(slow && tags && slow < tags);
    free(dump);
    screen_expect_text(s, "act_by_latency", "LATENCY↓", 1);
    screen_expect_text(s, "act_by_latency", "  hh:mm:ss GET    /fetch/subscribers?email=", 1);
    screen_expect_text(s, "act_by_latency", "> hh:mm:ss GET    /fetch/tags", 1);
    screen_expect_text(s, "act_by_latency_up", "LATENCY↑", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tags_widths, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_tags_sort, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_subs_widths, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_subs_sort, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_activity_path_and_filter, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_activity_sort_latency, setup_slow, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
