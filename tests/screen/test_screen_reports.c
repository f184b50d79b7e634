/* The Reports pane (7), driven by key scripts against bento-sim: the
 * site's counts on open with when they were fetched and the stats
 * budget, kept for the session (r asks again), a 429 that keeps the
 * counts shown, and pinned segments and reports with their values. */
#include <sys/stat.h>

#include "screen.h"
#include "app/snippet.h"
#include "bento/sim.h"

#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

/* The first call to /stats/ answers; the next ones are 429 with a wait
 * longer than any deadline, as when the hour's budget is spent. */
static int setup_budget_out(void **state)
{
    static const char *const args[] = {"--fault", "/stats/*:status=429:retry_after=3600:after=1",
                                       NULL};
    return screen_setup_with(state, args);
}

/* Every report answer has data and chart_style swapped in kind. */
static int setup_swap(void **state)
{
    static const char *const args[] = {"--fault", "/stats/report:swap", NULL};
    return screen_setup_with(state, args);
}

#define PIN_302 "7\n:reports pin report 302 Signups<Enter>\n"

static void test_counts(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "7\n@dump rp_counts.txt\n"), 0);
    screen_expect_golden(s, "rp_counts");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/site"), 1);
}

static void test_wide(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 36, 120, "7\n@dump rp_wide.txt\n"), 0);
    screen_expect_golden(s, "rp_wide");
}

/* Leaving the pane and coming back asks nothing; r asks once more. */
static void test_cached_then_refresh(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "7\n1\n7\n@dump rp_cached.txt\nr\n@dump rp_again.txt\n"),
                     0);
    screen_expect_text(s, "rp_cached", "Site counts, fetched hh:mm:ss", 1);
    screen_expect_text(s, "rp_again", "Stats budget: 58 of 60 calls left this hour", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/site"), 2);
}

static void test_budget_out(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 80, "7\nr\n@dump rp_budget_out.txt\n"), 0);
    double t = reliability_now() - t0;
    screen_expect_golden(s, "rp_budget_out");
    screen_expect_text(s, "rp_budget_out", "refresh failed: kept", 1);
    char *dump = screen_dump(s, "rp_budget_out");
    const char *line = strstr(dump, "Could not refresh the site's counts");
    assert_non_null(line);
    char first[200];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(line, "\n"), line);
    reliability_record("Deadlines", "Reports pane: the stats budget spent (429) on a refresh", t,
                       first);
    free(dump);
}

/* The queries of the journal's GET path, joined by '|'. */
static void queries(const struct screen *s, const char *path, char *out, size_t size)
{
    cJSON *journal = simproc_journal(&s->sim), *e;
    out[0] = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
        if (p && !strcmp(p, path))
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? "|" : "", q ? q : "");
    }
    cJSON_Delete(journal);
}

/* p pins a segment and a report; each shows its value; they are kept
 * in a 0600 file and listed again (and asked again) on the next run. */
static void test_pin(void **state)
{
    struct screen *s = *state;
    char q[512], path[600];
    assert_int_equal(screen_run(s, 24, 80,
                                "7\np\nsegment 1202 Paying customers<Enter>\n"
                                ":reports pin report 301 Visitors<Enter>\n@dump rp_pinned.txt\n"),
                     0);
    screen_expect_golden(s, "rp_pinned");
    screen_expect_text(s, "rp_pinned", "412 people", 1);
    queries(s, "/stats/segment", q, sizeof q);
    assert_non_null(strstr(q, "segment_id=1202"));
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/segment"), 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/report"), 1);
    snprintf(path, sizeof path, "%s/state/bento-console/pins/default.json", s->dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(screen_run(s, 24, 80, "7\nj\nx\n@dump rp_unpinned.txt\n"), 0);
    screen_expect_text(s, "rp_unpinned", "Paying customers", 1);
    screen_expect_text(s, "rp_unpinned", "Visitors", 0);
    screen_expect_text(s, "rp_unpinned", "Unpinned 301.", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/segment"), 2);
}

/* An id with a control character is refused before anything is sent. */
static void test_pin_refused(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "7\np\nsegment<Enter>\n@dump rp_pin_bad.txt\n"), 0);
    screen_expect_text(s, "rp_pin_bad", "Pin what? Type segment ID NAME or report ID NAME.", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/segment"), 0);
    reliability_record("Input", "Reports pane: a pin without an id", -1,
                       "! Pin what? Type segment ID NAME or report ID NAME.");
}

/* Enter draws the report to the pane's size; t adds the table (kept to
 * rows of fixed dates: the golden must not hold yesterday's); a resize
 * draws the chart again. */
static void test_chart_sizes(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                PIN_302
                                "<Enter>\n@dump rp_chart_80.txt\nt\n@dump rp_chart_table.txt\nt\n"
                                "<Resize 36x120>\n@dump rp_chart_120.txt\n<Esc>\n"
                                "@dump rp_chart_back.txt\n"),
                     0);
    screen_expect_golden(s, "rp_chart_80");
    screen_expect_golden(s, "rp_chart_120");
    screen_expect_golden(s, "rp_chart_table");
    screen_expect_text(s, "rp_chart_back", "Site counts", 1);
}

static void test_chart_ascii(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"LANG=C", "LC_ALL=C", NULL};
    assert_int_equal(screen_run_env(s, 24, 80, PIN_302 "<Enter>\n@dump rp_chart_ascii.txt\n", env),
                     0);
    screen_expect_golden(s, "rp_chart_ascii");
    char *dump = screen_dump(s, "rp_chart_ascii");
    for (const char *c = dump; *c; c++)
        assert_true((unsigned char)*c < 0x80);
    free(dump);
}

/* A chart report whose data is a number: drawn as what it is. */
/* The OSC 52 payload: base64 of text (the copy must be the snippet whole). */
static char *base64_of(const char *text)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(text), o = 0;
    char *out = malloc(n / 3 * 4 + 8);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)text[i] << 16;
        v |= i + 1 < n ? (unsigned char)text[i + 1] << 8 : 0;
        v |= i + 2 < n ? (unsigned char)text[i + 2] : 0;
        out[o++] = abc[v >> 18 & 63], out[o++] = abc[v >> 12 & 63];
        out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? abc[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

/* s shows the Bento.js snippet for the demo site; c copies it whole. */
static void test_snippet(void **state)
{
    struct screen *s = *state;
    char out[400], env_out[440];
    snprintf(out, sizeof out, "%s/term.out", s->dir);
    snprintf(env_out, sizeof env_out, "BENTO_CONSOLE_TERM_OUT=%s", out);
    const char *env[] = {env_out, NULL};
    assert_int_equal(screen_run_env(s, 24, 100,
                                    "7\ns\n@dump rp_snippet.txt\n<Esc>\nc\n@dump rp_copied.txt\n",
                                    env),
                     0);
    screen_expect_text(s, "rp_snippet",
                       "<script src=\"https://app.bentonow.com/" BENTO_SIM_DEMO_SITE
                       ".js\" async defer></script>",
                       1);
    screen_expect_text(s, "rp_snippet", "bento.identify(", 1);
    screen_expect_text(s, "rp_copied", "Copied the Bento.js snippet", 1);
    char *term = screen_read_file(out), *want_text = app_snippet_text(BENTO_SIM_DEMO_SITE, true);
    char *want = base64_of(want_text), seq[16000];
    snprintf(seq, sizeof seq, "\033]52;c;%s\a", want);
    assert_non_null(term);
    assert_non_null(strstr(term, seq));
    assert_null(strstr(term, BENTO_TEST_SECRET));
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/experimental/*"), 0);
    free(term), free(want_text), free(want);
}

static void test_swap(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, PIN_302 "<Enter>\n@dump rp_swap.txt\n"), 0);
    screen_expect_golden(s, "rp_swap");
    reliability_record("Output", "Reports pane: a chart report whose data is a number", -1,
                       "drawn as a counter, with the renderer's line saying so");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counts, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_wide, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_cached_then_refresh, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_budget_out, setup_budget_out, screen_teardown),
        cmocka_unit_test_setup_teardown(test_pin, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_pin_refused, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_chart_sizes, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_chart_ascii, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_swap, setup_swap, screen_teardown),
        cmocka_unit_test_setup_teardown(test_snippet, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
