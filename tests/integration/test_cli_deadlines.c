/* Every failure on the command line ends in bounded time: one deadline
 * per request (--timeout), whatever retries and 429 waits happen inside,
 * and a Retry-After that cannot be waited for ends the run at once. Each
 * case is timed from start to the message and recorded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

static struct simproc sim;
static char home[256];

struct run {
    struct runproc r;
    double seconds;
};

/* Start a sim with one fault, run the words, time it. */
static void run_fault(struct run *out, const char *fault, const char *const *words)
{
    const char *const args[] = {"--fault", fault, NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    snprintf(home, sizeof home, "%s/home", sim.dir);
    double t0 = reliability_now();
    assert_int_equal(runproc_console(sim.base_url, home, NULL, words, &out->r), 0);
    out->seconds = reliability_now() - t0;
    assert_null(strstr(out->r.err, BENTO_TEST_SECRET));
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void done(struct run *run)
{
    runproc_free(&run->r);
    simproc_stop(&sim);
}

static const char *const tags_list[] = {"tags", "list", NULL};

/* What a run may take beyond its deadline: the console's start-up, much
 * slower under valgrind. The bounds below prove that nothing waits for the
 * Retry-After or for the default 60 s deadline (the retries used to take
 * 155 s); how fast it is belongs in a benchmark, not here. */
#define SLACK_S slack_s()

/* 10 s, or 40 under valgrind on a loaded machine: still well inside the
 * 60 s deadline the bounds are about. */
static double slack_s(void)
{
    return getenv("BENTO_TEST_VALGRIND") ? 40.0 : 10.0;
}

/* A 429 whose Retry-After cannot be right ends the run at once. */
static void absurd_retry_after(const char *fault, const char *what, const char *quoted)
{
    struct run run;
    run_fault(&run, fault, tags_list);
    reliability_record("Deadlines", what, run.seconds, run.r.err);
    assert_int_equal(run.r.status, 4);
    assert_non_null(strstr(run.r.err, "Rate limited by Bento (429)"));
    assert_non_null(strstr(run.r.err, quoted));
    assert_int_equal(lines(run.r.err), 1);
    if (run.seconds >= SLACK_S)
        fail_msg("took %.1f s", run.seconds); /* the default deadline is 60 s */
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 1);
    done(&run);
}

static void test_retry_after_ten_years(void **state)
{
    absurd_retry_after("/fetch/tags:retry_after=315360000", "429, Retry-After: 315360000",
                       "more than a day (Retry-After \"315360000\")");
}

static void test_retry_after_1e20(void **state)
{
    absurd_retry_after("/fetch/tags:retry_after=1e20", "429, Retry-After: 1e20",
                       "more than a day (Retry-After \"1e20\")");
}

static void test_retry_after_negative(void **state)
{
    absurd_retry_after("/fetch/tags:retry_after=-5", "429, Retry-After: -5",
                       "unreadable Retry-After \"-5\"");
}

static void test_retry_after_date_2099(void **state)
{
    absurd_retry_after("/fetch/tags:retry_after=Thu, 01 Jan 2099 00%3A00%3A00 GMT",
                       "429, Retry-After: an HTTP date in 2099",
                       "(Retry-After \"Thu, 01 Jan 2099 00:00:00 GMT\")");
}

/* A believable wait longer than the deadline: when to try again. */
static void test_retry_after_past_deadline(void **state)
{
    struct run run;
    const char *const words[] = {"--timeout", "3", "tags", "list", NULL};
    run_fault(&run, "/fetch/tags:retry_after=600", words);
    reliability_record("Deadlines", "429, Retry-After: 600 with --timeout 3", run.seconds,
                       run.r.err);
    assert_int_equal(run.r.status, 4);
    assert_non_null(strstr(run.r.err, "asks to wait 10 min, longer than this request may take; "
                                      "try again at "));
    assert_int_equal(lines(run.r.err), 1);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 1);
    assert_true(run.seconds < 3.0 + SLACK_S);
    done(&run);
}

/* The transport cases with --timeout 3: about 3 s, not minutes. Resets
 * are retried with a random backoff, so the retries may run out before the
 * deadline does: then the line names the failed connection instead. */
static void transport_case(const char *fault, const char *what, double at_least)
{
    struct run run;
    const char *const words[] = {"--timeout", "3", "tags", "list", NULL};
    run_fault(&run, fault, words);
    reliability_record("Deadlines", what, run.seconds, run.r.err);
    assert_int_equal(run.r.status, 4);
    bool ran_out = at_least == 0 && strstr(run.r.err, "The connection to Bento failed mid-request");
    if (!ran_out) {
        assert_non_null(strstr(run.r.err, "No answer from Bento within the 3 s allowed"));
        assert_non_null(strstr(run.r.err, "--timeout"));
    }
    if (lines(run.r.err) != 1)
        print_message("stderr was:\n%s\n", run.r.err);
    assert_int_equal(lines(run.r.err), 1);
    assert_true(run.seconds >= at_least);
    assert_true(run.seconds < 3.0 + SLACK_S);
    done(&run);
}

static void test_stall(void **state)
{
    transport_case("/fetch/tags:stall", "read stalls, --timeout 3", 2.9);
}

static void test_trickle(void **state)
{
    transport_case("/fetch/tags:trickle=1000", "answer at one byte a second, --timeout 3", 2.9);
}

/* Resets on every attempt: retried, and all of it inside the deadline. */
static void test_reset_every_attempt(void **state)
{
    transport_case("/fetch/tags:reset", "connection reset on every attempt, --timeout 3", 0);
    struct run run;
    const char *const words[] = {"--timeout", "3", "tags", "list", NULL};
    run_fault(&run, "/fetch/tags:reset", words);
    int attempts = simproc_journal_count(&sim, "GET", "/fetch/tags");
    assert_true(attempts >= 2);
    cJSON *j = simproc_journal(&sim);
    double first = cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "at_ms"));
    double last = cJSON_GetNumberValue(
        cJSON_GetObjectItem(cJSON_GetArrayItem(j, cJSON_GetArraySize(j) - 1), "at_ms"));
    assert_true(last - first < 3000);
    cJSON_Delete(j);
    done(&run);
}

/* With time to spare the retries run out first: one line still, the
 * transport's own words at its end (they are not Bento's). */
static void test_reset_retries_run_out(void **state)
{
    struct run run;
    const char *const words[] = {"--timeout", "120", "tags", "list", NULL};
    run_fault(&run, "/fetch/tags:reset", words);
    reliability_record("Deadlines", "connection reset on every attempt, --timeout 120", run.seconds,
                       run.r.err);
    assert_int_equal(run.r.status, 4);
    assert_non_null(strstr(run.r.err, "The connection to Bento failed mid-request"));
    assert_null(strstr(run.r.err, "Bento said"));
    assert_int_equal(lines(run.r.err), 1);
    assert_true(simproc_journal_count(&sim, "GET", "/fetch/tags") >= 2);
    done(&run);
}

/* A short 429 wait is waited for; stderr is not a terminal here, so no
 * countdown is drawn on it. */
static void test_short_wait_no_countdown_off_terminal(void **state)
{
    struct run run;
    const char *const words[] = {"--timeout", "10", "tags", "list", NULL};
    run_fault(&run, "/fetch/tags:retry_after=3:times=1", words);
    assert_int_equal(run.r.status, 0);
    assert_string_equal(run.r.err, "");
    assert_true(run.seconds >= 2.9);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 2);
    done(&run);
}

/* Run bento-console with words on a pseudo-terminal (stdout and stderr
 * both); returns what it printed (caller frees) and sets *status. */
static char *run_on_terminal(const char *const *words, int *status)
{
    const char *const *env = runproc_console_env(sim.base_url, home);
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    assert_true(pid >= 0);
    if (pid == 0) {
        const char *argv[16] = {BENTO_CONSOLE_BIN};
        for (; *env; env++) {
            const char *eq = strchr(*env, '=');
            if (eq)
                putenv((char *)*env);
            else
                unsetenv(*env);
        }
        for (int i = 0; words[i] && i < 14; i++)
            argv[i + 1] = words[i];
        execv(BENTO_CONSOLE_BIN, (char *const *)argv);
        _exit(127);
    }
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    for (ssize_t n; out && (n = read(master, out + len, cap - len - 1)) > 0;) {
        len += (size_t)n;
        if (cap - len < 1024 && !(out = realloc(out, cap *= 2)))
            break;
    }
    assert_non_null(out);
    out[len] = '\0';
    close(master);
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    return out;
}

/* On a terminal the same wait shows a countdown, wiped once it is over. */
static void test_countdown_on_a_terminal(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:retry_after=4:times=1", NULL};
    const char *const words[] = {"--timeout", "10", "tags", "list", NULL};
    int status;
    assert_int_equal(simproc_start(&sim, args), 0);
    snprintf(home, sizeof home, "%s/home", sim.dir);
    char *out = run_on_terminal(words, &status);
    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "\rWaiting 4 s for Bento's rate limit (Ctrl-C stops)..."));
    assert_non_null(strstr(out, "\rWaiting 3 s for Bento's rate limit"));
    const char *wiped = strstr(out, "\r\033[K");
    assert_non_null(wiped);
    assert_non_null(strstr(wiped, "40 tags"));
    free(out);
    simproc_stop(&sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after_ten_years),
        cmocka_unit_test(test_retry_after_1e20),
        cmocka_unit_test(test_retry_after_negative),
        cmocka_unit_test(test_retry_after_date_2099),
        cmocka_unit_test(test_retry_after_past_deadline),
        cmocka_unit_test(test_stall),
        cmocka_unit_test(test_trickle),
        cmocka_unit_test(test_reset_every_attempt),
        cmocka_unit_test(test_reset_retries_run_out),
        cmocka_unit_test(test_short_wait_no_countdown_off_terminal),
        cmocka_unit_test(test_countdown_on_a_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
