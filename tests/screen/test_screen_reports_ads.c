/* The Reports pane's ads attribution view (a), driven by key scripts
 * against bento-sim: the totals and a bar per row, the dimension (d),
 * the period (P and `:reports period FROM TO`) and the revenue mode (m)
 * as Bento receives them, answers kept for the session, narrow and
 * ASCII screens, a 429 and a 422 that keep the view, hostile labels. */
#include <time.h>

#include "screen.h"

#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

/* The first ads call answers; the next are 429, as when the hour's
 * stats budget is spent. */
static int setup_budget_out(void **state)
{
    static const char *const args[] = {"--fault", "/stats/ads:status=429:retry_after=3600:after=1",
                                       NULL};
    return screen_setup_with(state, args);
}

static int setup_refused(void **state)
{
    static const char *const args[] = {"--fault", "/stats/ads:status=422:after=1", NULL};
    return screen_setup_with(state, args);
}

static int setup_hostile(void **state)
{
    static const char *const args[] = {"--seed", "hostile", NULL};
    return screen_setup_with(state, args);
}

/* The queries of /stats/ads in the journal, joined by '|'. */
static void queries(const struct screen *s, char *out, size_t size)
{
    cJSON *journal = simproc_journal(&s->sim), *e;
    out[0] = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
        if (p && !strcmp(p, "/stats/ads"))
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? "|" : "", q ? q : "");
    }
    cJSON_Delete(journal);
}

/* "start_date=...&end_date=..." for the last `days` days, as sent. */
static void period_query(long days, char *out, size_t size)
{
    time_t now = time(NULL), start = now - (time_t)days * 86400;
    struct tm tm;
    char from[16], to[16];
    strftime(to, sizeof to, "%Y-%m-%d", localtime_r(&now, &tm));
    strftime(from, sizeof from, "%Y-%m-%d", localtime_r(&start, &tm));
    snprintf(out, size, "start_date=%s&end_date=%s", from, to);
}

static void expect_query(const char *q, const char *part)
{
    if (!strstr(q, part))
        fail_msg("\"%s\" not in the ads queries \"%s\"", part, q);
}

/* a opens the view on the last 30 days by source; leaving and coming
 * back asks nothing. */
static void test_open(void **state)
{
    struct screen *s = *state;
    char q[2048], period[80];
    assert_int_equal(screen_run(s, 24, 80, "7\na\n@dump ads_open.txt\n<Esc>\na\n"), 0);
    screen_expect_golden(s, "ads_open");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/ads"), 1);
    queries(s, q, sizeof q);
    period_query(30, period, sizeof period);
    expect_query(q, "dimension=source");
    expect_query(q, "revenue_mode=all_revenue");
    expect_query(q, period);
}

/* d cycles the dimensions; back at source nothing is asked again. */
static void test_dimension(void **state)
{
    struct screen *s = *state;
    char q[2048];
    assert_int_equal(screen_run(s, 24, 80,
                                "7\na\nd\n@dump ads_campaign.txt\nd\nd\nd\nd\n"
                                "@dump ads_source_again.txt\n:reports dimension ad<Enter>\n"
                                "@dump ads_ad.txt\n:reports dimension nope<Enter>\n"
                                "@dump ads_dim_bad.txt\n"),
                     0);
    screen_expect_golden(s, "ads_campaign");
    screen_expect_text(s, "ads_source_again", "Ads by Source", 1);
    screen_expect_text(s, "ads_ad", "Founders video", 1);
    screen_expect_text(s, "ads_dim_bad", "\"nope\" is no dimension", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/ads"), 5);
    queries(s, q, sizeof q);
    expect_query(q, "dimension=campaign");
    expect_query(q, "dimension=medium");
    expect_query(q, "dimension=content");
    expect_query(q, "dimension=ad");
}

/* P goes 30 -> 90 days; dates are checked before anything is sent. */
static void test_period(void **state)
{
    struct screen *s = *state;
    char q[2048], period[80];
    assert_int_equal(
        screen_run(s, 24, 80,
                   "7\na\nP\n@dump ads_90.txt\n:reports period 2026-11-01 2026-11-15<Enter>\n"
                   "@dump ads_dates.txt\n:reports period 2026-11-15 2026-11-01<Enter>\n"
                   "@dump ads_backwards.txt\n:reports ads 2026-13-01 2026-12-01<Enter>\n"
                   "@dump ads_nodate.txt\nm\n@dump ads_first.txt\n"),
        0);
    screen_expect_text(s, "ads_90", "the last 90 days", 1);
    screen_expect_golden(s, "ads_dates");
    screen_expect_text(s, "ads_backwards", "The period ends before it starts", 1);
    screen_expect_text(s, "ads_nodate", "\"2026-13-01\" is no date", 1);
    screen_expect_text(s, "ads_first", "2026-11-01 to 2026-11-15; First revenue", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/ads"), 4);
    queries(s, q, sizeof q);
    period_query(90, period, sizeof period);
    expect_query(q, period);
    expect_query(q, "start_date=2026-11-01&end_date=2026-11-15");
    expect_query(q, "end_date=2026-11-15&revenue_mode=first_revenue");
    reliability_record("Input", "Reports pane: an ads period that ends before it starts", -1,
                       "! The period ends before it starts: give FROM on or before TO.");
}

/* The table fits the screen: at 60 columns customers and revenue go
 * first; a resize draws it again. */
static void test_sizes(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 60,
                                "7\na\n@dump ads_narrow.txt\n<Resize 36x120>\n"
                                "@dump ads_wide.txt\n"),
                     0);
    screen_expect_golden(s, "ads_narrow");
    screen_expect_golden(s, "ads_wide");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/ads"), 1);
}

static void test_ascii(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"LANG=C", "LC_ALL=C", NULL};
    assert_int_equal(screen_run_env(s, 24, 80, "7\na\n@dump ads_ascii.txt\n", env), 0);
    screen_expect_golden(s, "ads_ascii");
    char *dump = screen_dump(s, "ads_ascii");
    for (const char *c = dump; *c; c++)
        assert_true((unsigned char)*c < 0x80);
    free(dump);
}

/* A 429 on the next dimension: one line, and the source's figures stay. */
static void test_budget_out(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 80, "7\na\nd\n@dump ads_429.txt\n"), 0);
    double t = reliability_now() - t0;
    screen_expect_golden(s, "ads_429");
    screen_expect_text(s, "ads_429", "Ads by Source", 1);
    char *dump = screen_dump(s, "ads_429");
    const char *line = strstr(dump, "Could not read the ads figures");
    assert_non_null(line);
    char first[200];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(line, "\n"), line);
    reliability_record("Deadlines", "Reports pane: the stats budget spent (429) in the ads view", t,
                       first);
    free(dump);
}

static void test_refused(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "7\na\nP\n@dump ads_422.txt\n"), 0);
    screen_expect_golden(s, "ads_422");
    screen_expect_text(s, "ads_422", "the last 30 days", 1);
    reliability_record("Output", "Reports pane: Bento refuses the ads period (422)", -1,
                       "! Bento refused the ads query (422): ...; pick another period (P).");
}

/* A label of escape sequences and bad UTF-8 is drawn inert. */
static void test_hostile(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "7\na\n@dump ads_hostile.txt\n"), 0);
    screen_expect_golden(s, "ads_hostile");
    char *dump = screen_dump(s, "ads_hostile");
    assert_non_null(strstr(dump, "evil"));
    assert_null(strchr(dump, '\033'));
    assert_null(strchr(dump, '\a'));
    free(dump);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_dimension, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_period, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_sizes, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_ascii, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_budget_out, setup_budget_out, screen_teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup_refused, screen_teardown),
        cmocka_unit_test_setup_teardown(test_hostile, setup_hostile, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
