/* The Automations pane (6), driven by key scripts against bento-sim: the
 * sequences and workflows with their emails, fold and unfold, sort and
 * filter, an email's preview, a workflow's period, and appending an
 * email to a sequence. */
#include "screen.h"

#include <sys/stat.h>

#include "reliability.h"

static char editor_env[400];

/* An $EDITOR that writes a fixed body, so the script need not type it. */
static int write_editor(struct screen *s, const char *body)
{
    char path[360];
    snprintf(path, sizeof path, "%s/editor.sh", s->dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fprintf(fp, "#!/bin/sh\n" RUNPROC_CHILD_SPY "printf '%%s' '%s' > \"$1\"\n", body);
    fclose(fp);
    chmod(path, 0700);
    snprintf(editor_env, sizeof editor_env, "EDITOR=%s", path);
    return 0;
}

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

/* Journal entries of GET path whose query holds text. */
static int asked(const struct screen *s, const char *path, const char *text)
{
    cJSON *journal = simproc_journal(&s->sim), *e;
    int n = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
        if (p && !strcmp(p, path) && strstr(q ? q : "", text))
            n++;
    }
    cJSON_Delete(journal);
    return n;
}

static void test_list_on_open(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "6\n@dump au_list.txt\n"), 0);
    screen_expect_golden(s, "au_list");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/sequences"), 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/workflows"), 1);
}

/* p on a workflow: the last 7, then 30 days. */
static void test_period(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "6\n/Welcome Workflow<Enter>\np\n@dump au_period7.txt\np\n"
                                "@dump au_period30.txt\n"),
                     0);
    screen_expect_golden(s, "au_period7");
    screen_expect_text(s, "au_period30", "(last 30 days)", 1);
    assert_int_equal(asked(s, "/fetch/workflows/3001/stats", "days=7"), 1);
    assert_int_equal(asked(s, "/fetch/workflows/3001/stats", "days=30"), 1);
}

/* Enter on a flow folds its emails, and again unfolds them. */
static void test_fold(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "6\n<Enter>\n@dump au_folded.txt\n<Enter>\n"
                                "@dump au_unfolded.txt\n"),
                     0);
    screen_expect_golden(s, "au_folded");
    screen_expect_text(s, "au_folded", "1. Welcome aboard", 0);
    screen_expect_text(s, "au_folded", "+ Onboarding", 1);
    screen_expect_text(s, "au_unfolded", "1. Welcome aboard", 1);
    screen_expect_text(s, "au_unfolded", "- Onboarding", 1);
}

/* A filter keeps the flows that match, and the emails that match with
 * their flow; sorting by name orders the flows, emails stay in order. */
static void test_filter_sort(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80,
                                "6\no\n@dump au_by_name.txt\n/trial ends<Enter>\n"
                                "@dump au_filter.txt\n"),
                     0);
    screen_expect_golden(s, "au_filter");
    screen_expect_text(s, "au_filter", "Trial Nurture", 1);
    screen_expect_text(s, "au_filter", "3. Your trial ends tomorrow", 1);
    screen_expect_text(s, "au_filter", "Halfway", 0);
    screen_expect_text(s, "au_filter", "Onboarding", 0);
    screen_expect_golden(s, "au_by_name");
}

/* Enter on an email fetches its template whole into the preview. */
static void test_email_preview(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "6\nj\n<Enter>\n@dump au_email.txt\n"), 0);
    screen_expect_golden(s, "au_email");
    screen_expect_text(s, "au_email", "Welcome aboard", 1);
    screen_expect_text(s, "au_email", "Delay:       5 minutes", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/emails/templates/*"), 1);
}

/* Dates: a malformed one is refused here, a reversed range by Bento. */
static void test_period_dates(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 80,
                                "6\n/Welcome Workflow<Enter>\n"
                                ":automations period 2026-02-30x 2026-03-01<Enter>\n"
                                "@dump au_bad_date.txt\n"
                                ":automations period 2026-03-01 2026-02-01<Enter>\n"
                                "@dump au_bad_range.txt\n"
                                ":automations period 2026-02-01 2026-03-01<Enter>\n"
                                "@dump au_dates.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "au_bad_date", "is no date: give the period as YYYY-MM-DD", 1);
    screen_expect_golden(s, "au_bad_range");
    screen_expect_text(s, "au_bad_range",
                       "! Bento: Invalid date range (422): give FROM on or before TO.", 1);
    screen_expect_text(s, "au_dates", "(2026-02-01 to 2026-03-01)", 1);
    assert_int_equal(asked(s, "/fetch/workflows/3001/stats", "start_date=2026-03-01"), 1);
    assert_int_equal(asked(s, "/fetch/workflows/3001/stats", "start_date=2026-02-01"), 1);
    assert_int_equal(asked(s, "/fetch/workflows/3001/stats", "2026-02-30x"), 0);
    reliability_record("Input", "Automations pane: a period date that is no date", -1,
                       "! \"2026-02-30x\" is no date: give the period as YYYY-MM-DD YYYY-MM-DD.");
    reliability_record("Input", "Automations pane: a period that ends before it starts", took,
                       "! Bento: Invalid date range (422): give FROM on or before TO.");
}

/* e and h act on an email; on a sequence's row they say so. */
static void test_template_keys_need_email(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "6\ne\n@dump au_e_flow.txt\n"), 0);
    screen_expect_text(s, "au_e_flow", "Select an email in Automations first", 1);
    screen_expect_text(s, "au_e_flow", "Messages", 0);
}

/* The journal's POSTs that append an email, as one JSON array text. */
static char *posts(const struct screen *s, int *count)
{
    cJSON *journal = simproc_journal(&s->sim), *e, *out = cJSON_CreateArray();
    *count = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (m && p && !strcmp(m, "POST") && strstr(p, "/emails/templates")) {
            cJSON_AddItemToArray(out, cJSON_Duplicate(cJSON_GetObjectItem(e, "email_template"), 1));
            ++*count;
        }
    }
    char *text = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    cJSON_Delete(journal);
    return text;
}

#define APPEND_BODY "<p>Day three: {{ visitor.first_name }}</p>"

/* a on the Win-back sequence: the form, the review, y; one POST with what
 * was typed, and the email shows last in that sequence. */
/* The POST answers after a while, so the second y surely finds it in
 * flight whatever the machine's load. */
static int setup_slow_append(void **state)
{
    char stall[80];
    snprintf(stall, sizeof stall, "POST /fetch/sequences/*/emails/templates:delay=%d",
             screen_stall_ms(1500));
    const char *const args[] = {"--fault", stall, NULL};
    return screen_setup_with(state, args);
}

static void test_append(void **state)
{
    struct screen *s = *state;
    assert_int_equal(write_editor(s, APPEND_BODY), 0);
    const char *const env[] = {editor_env, "VISUAL", NULL};
    assert_int_equal(
        screen_run_env(s, 24, 80,
                       "6\n/Win-back<Enter>\na\n<Enter>\nCome back, on us<Enter>\n"
                       "j\n<Enter>\nj\n<Enter>\nA gift inside<Enter>\nj\n<Enter>\n"
                       "3 days<Enter>\n@dump au_append_form.txt\ns\n"
                       "@dump au_append_review.txt\ny\n@nowait\ny\n@dump au_appended.txt\n",
                       env),
        0);
    screen_expect_golden(s, "au_append_form");
    screen_expect_golden(s, "au_append_review");
    screen_expect_golden(s, "au_appended");
    screen_expect_text(s, "au_appended", "3. Come back, on us", 1);
    int n;
    char *sent = posts(s, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(sent, "\"subject\":\"Come back, on us\""));
    assert_non_null(strstr(sent, "\"html\":\"<p>Day three: {{ visitor.first_name }}</p>\""));
    assert_non_null(strstr(sent, "\"inbox_snippet\":\"A gift inside\""));
    assert_non_null(strstr(sent, "\"delay_interval\":\"days\",\"delay_interval_count\":3"));
    free(sent);
    assert_int_equal(
        simproc_journal_count(&s->sim, "POST", "/fetch/sequences/2003/emails/templates"), 1);
    reliability_record("Sending once", "Automations pane: y pressed twice on an appended email", -1,
                       "one POST");
}

/* Neither $VISUAL nor $EDITOR: Enter on Body opens the built-in editor;
 * Esc keeps what was typed, and the POST carries it. */
static void test_append_builtin(void **state)
{
    struct screen *s = *state;
    const char *const env[] = {"EDITOR", "VISUAL", NULL};
    assert_int_equal(screen_run_env(s, 24, 80,
                                    "6\n/Win-back<Enter>\na\n<Enter>\nCome back<Enter>\nj\n"
                                    "<Enter>\n<lt>p>Hi {{ visitor.first_name }}<lt>/p>\n"
                                    "@dump au_builtin.txt\n<Esc>\n@dump au_builtin_done.txt\ns\n"
                                    "y\n@wait-idle\n",
                                    env),
                     0);
    screen_expect_golden(s, "au_builtin");
    screen_expect_text(s, "au_builtin_done", "<p>Hi {{ visitor.first_name }}</p>", 1);
    int n;
    char *sent = posts(s, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(sent, "\"html\":\"<p>Hi {{ visitor.first_name }}</p>\""));
    free(sent);
}

/* A delay Bento would refuse is refused here, in one line, the form kept. */
static void test_append_bad_delay(void **state)
{
    struct screen *s = *state;
    assert_int_equal(write_editor(s, APPEND_BODY), 0);
    const char *const env[] = {editor_env, "VISUAL", NULL};
    assert_int_equal(screen_run_env(s, 24, 80,
                                    "6\na\n<Enter>\nHello<Enter>\nj\n<Enter>\nj\nj\n<Enter>\n"
                                    "3 fortnights<Enter>\ns\n@dump au_bad_delay.txt\n",
                                    env),
                     0);
    screen_expect_golden(s, "au_bad_delay");
    screen_expect_text(s, "au_bad_delay", "3 fortnights", 1);
    int n;
    free(posts(s, &n));
    assert_int_equal(n, 0);
    reliability_record("Input", "Automations pane: an email's delay of \"3 fortnights\"", -1,
                       "refused before sending, the form kept");
}

static int setup_404(void **state)
{
    static const char *const args[] = {"--fault", "POST /fetch/sequences/*:status=404", NULL};
    return screen_setup_with(state, args);
}

/* Bento's 404 and 422 (a body of blanks, which Bento judges) are said in one line; the form stays for a retry. */
static void append_refused(void **state, const char *body, const char *golden, const char *what)
{
    struct screen *s = *state;
    assert_int_equal(write_editor(s, body), 0);
    const char *const env[] = {editor_env, "VISUAL", NULL};
    char script[300];
    snprintf(script, sizeof script, "6\na\n<Enter>\nHello<Enter>\nj\n<Enter>\ns\ny\n@dump %s.txt\n",
             golden);
    double t0 = reliability_now();
    assert_int_equal(screen_run_env(s, 24, 80, script, env), 0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, golden);
    screen_expect_text(s, golden, "Append an email to the sequence Onboarding", 1);
    char *dump = screen_dump(s, golden);
    char *bang = strstr(dump, "! Bento");
    assert_non_null(bang);
    char line[200];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(bang, "\n"), bang);
    reliability_record("Sending once", what, took, line);
    free(dump);
}

static void test_append_404(void **state)
{
    append_refused(state, APPEND_BODY, "au_append_404",
                   "Automations pane: 404 on appending to a sequence");
}

static void test_append_422(void **state)
{
    append_refused(state, "   ", "au_append_422", "Automations pane: 422 on appending an email");
}

static int setup_empty(void **state)
{
    static const char *const args[] = {"--seed", "empty", NULL};
    return screen_setup_with(state, args);
}

static void test_empty(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "6\n@dump au_empty.txt\n"), 0);
    screen_expect_golden(s, "au_empty");
    screen_expect_text(s, "au_empty", "No sequences or workflows on this account", 1);
}

/* ? in the pane lists its keys first. */
static void test_help(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 80, "6\n?\n@dump au_help.txt\n"), 0);
    screen_expect_golden(s, "au_help");
    screen_expect_text(s, "au_help", ":automations period [FROM TO]", 1);
}

static void test_wide(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 36, 120, "6\n@dump au_wide.txt\n"), 0);
    screen_expect_golden(s, "au_wide");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_on_open, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_wide, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_empty, setup_empty, screen_teardown),
        cmocka_unit_test_setup_teardown(test_help, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_period, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_fold, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_filter_sort, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_email_preview, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_period_dates, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_template_keys_need_email, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_append, setup_slow_append, screen_teardown),
        cmocka_unit_test_setup_teardown(test_append_bad_delay, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_append_builtin, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_append_404, setup_404, screen_teardown),
        cmocka_unit_test_setup_teardown(test_append_422, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
