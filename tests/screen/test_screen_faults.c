/* The console under faults: a stalled request, a 429 and a 401. */
#include <unistd.h>

#include "screen.h"
#include "reliability.h"

static int setup_stall(void **state)
{
    char stall[64];
    snprintf(stall, sizeof stall, "/fetch/tags:delay=%d", screen_stall_ms(4000));
    const char *const args[] = {"--fault", stall, NULL};
    return screen_setup_with(state, args);
}

static int setup_429(void **state)
{
    static const char *const args[] = {"--fault", "/fetch/tags:status=429:retry_after=2:times=1",
                                       NULL};
    return screen_setup_with(state, args);
}

static int setup_long429(void **state)
{
    static const char *const args[] = {"--fault", "/fetch/tags:retry_after=40:times=1", NULL};
    return screen_setup_with(state, args);
}

static int setup_past_deadline429(void **state)
{
    static const char *const args[] = {"--fault", "/fetch/tags:retry_after=600:times=1", NULL};
    return screen_setup_with(state, args);
}

static int setup_plain(void **state)
{
    return screen_setup_with(state, NULL);
}

/* While /fetch/tags hangs for 4 s, keys still switch panes and open help;
 * @expect-busy proves the request was still in flight afterwards. */
static void test_keys_during_stall(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 80,
                                "@wait-text 1 request\n@dump stall_tags.txt\n"
                                "@nowait\n2\n@nowait\n@dump stall_subscribers.txt\n"
                                "@nowait\n4?\n@nowait\n@dump stall_help.txt\n"
                                "@nowait\n@expect-busy\n@nowait\n<Esc>1\n"
                                "@nowait\n@expect-busy\n@dump stall_done.txt\n"),
                     0);
    /* the budget may or may not have moved yet, so these check text */
    screen_expect_text(s, "stall_tags", "Loading tags...", 1);
    screen_expect_text(s, "stall_tags", "* 1 request #s", 1);
    screen_expect_text(s, "stall_subscribers", "[2 Subscribers]", 1);
    screen_expect_text(s, "stall_subscribers", "No subscribers here yet.", 1);
    screen_expect_text(s, "stall_subscribers", "* 1 request #s", 1);
    screen_expect_text(s, "stall_help", "[4 Activity]", 1);
    screen_expect_text(s, "stall_help", "Help: keys and : commands", 1);
    screen_expect_text(s, "stall_help", "* 1 request #s", 1);
    screen_expect_text(s, "stall_done", "> affiliate", 1);
    screen_expect_text(s, "stall_done", "request", 0);
}

/* A barrier that does not open within BENTO_CONSOLE_SCRIPT_WAIT_MS (the
 * valgrind build lengthens the 20 s default) fails the run, saying why:
 * under the default the stalled load would end and the script go on. */
static void test_idle_limit(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_CONSOLE_SCRIPT_WAIT_MS=300", NULL};
    assert_int_equal(screen_run_env(s, 16, 80, "@wait-idle\n@dump never.txt\n", env), 3);
    assert_non_null(strstr(s->out.err, "script line 1: timed out waiting for idle"));
    char path[400];
    snprintf(path, sizeof path, "%s/never.txt", s->dir);
    assert_int_equal(access(path, F_OK), -1);
}

/* The 429 shows a live countdown, then the client retries by itself. */
static void test_429_countdown(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 80,
                                "@wait-text [429]\n@dump wait429.txt\n@dump recovered429.txt\n"
                                "4\n@dump activity429.txt\n"),
                     0);
    screen_expect_text(s, "wait429", "[429] fetch rate limited, retrying in #s", 1);
    screen_expect_golden(s, "recovered429");
    screen_expect_golden(s, "activity429");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/tags"), 2);
}

/* A 429 asking for 40 s (inside the 60 s deadline): the status line
 * names the time it ends, Esc cancels the waiting request, and the
 * console goes on answering keys while the family stays blocked. */
static void test_long_429_esc_cancels(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 80,
                                "@wait-text (Esc cancels)\n@dump long429.txt\n"
                                "@nowait\n<Esc>\n@dump long429_cancelled.txt\n"
                                "4\n@dump long429_usable.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "long429", "[429] fetch rate limited until hh:mm:ss (Esc cancels)", 1);
    screen_expect_golden(s, "long429_cancelled");
    screen_expect_text(s, "long429_cancelled", "[429] fetch rate limited until hh:mm:ss", 1);
    screen_expect_text(s, "long429_cancelled", "(Esc cancels)", 0);
    screen_expect_golden(s, "long429_usable");
    reliability_record("Deadlines", "console: 429 asks 40 s, Esc cancels the wait", -1,
                       "Cancelled 1 request");
    assert_true(took < 20.0);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/tags"), 1);
}

/* A 429 asking for longer than the deadline ends the load at once; the
 * status line keeps the time Bento lets calls through again. */
static void test_429_past_deadline(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 130, "@dump past429.txt\ne\n@dump past429_detail.txt\n"), 0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, "past429");
    screen_expect_text(s, "past429", "[429] fetch rate limited until hh:mm:ss", 1);
    screen_expect_text(s, "past429", "Rate limited by Bento (429)", 1);
    screen_expect_text(s, "past429_detail", "asks to wait 10 min", 1);
    screen_expect_text(s, "past429_detail", "try again at", 1);
    reliability_record("Deadlines", "console: 429 asks 10 min, past the deadline", took,
                       "Rate limited by Bento (429): it asks to wait 10 min, longer than this "
                       "request may take; try again at HH:MM.");
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/tags"), 1);
}

/* A wrong secret: one readable line with the credentials hint, never a
 * modal; `e` shows the detail and :doctor explains. */
static void test_401_hint(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_SECRET_KEY=swrong00000000000000000000000000000", NULL};
    assert_int_equal(screen_run_env(s, 16, 100,
                                    "@dump auth401.txt\ne\n@dump auth401_detail.txt\n<Esc>\n"
                                    ":doctor<Enter>\n@dump auth401_doctor.txt\n",
                                    env),
                     0);
    screen_expect_golden(s, "auth401");
    screen_expect_text(s, "auth401", "! Could not load the tags:", 1);
    screen_expect_text(s, "auth401", "Check the credentials", 1);
    screen_expect_golden(s, "auth401_detail");
    screen_expect_text(s, "auth401_doctor", "[FAIL] api", 1);
    screen_expect_text(s, "auth401_doctor", "swrong", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_keys_during_stall, setup_stall, screen_teardown),
        cmocka_unit_test_setup_teardown(test_idle_limit, setup_stall, screen_teardown),
        cmocka_unit_test_setup_teardown(test_429_countdown, setup_429, screen_teardown),
        cmocka_unit_test_setup_teardown(test_401_hint, setup_plain, screen_teardown),
        cmocka_unit_test_setup_teardown(test_long_429_esc_cancels, setup_long429, screen_teardown),
        cmocka_unit_test_setup_teardown(test_429_past_deadline, setup_past_deadline429,
                                        screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
