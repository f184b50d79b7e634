/* The From row when the authors call fails: the picker says why the list
 * could not be loaded and offers a retry, keeping a typed address as the
 * fallback; a retry that succeeds fills the picker in. */
#include "screen.h"
#include "reliability.h"

static int setup_fail_once(void **state)
{
    const char *const args[] = {"--fault", "GET /fetch/authors:status=404:times=1", NULL};
    return screen_setup_with(state, args);
}

static int setup_fail_always(void **state)
{
    const char *const args[] = {"--fault", "GET /fetch/authors:status=404", NULL};
    return screen_setup_with(state, args);
}

static void test_authors_retry(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 110,
                                "3\n<Tab>\n<Enter>\n@dump compose_authors_failed.txt\n"
                                "r\n@dump compose_authors_retried.txt\n<Enter>\n"
                                "@dump compose_authors_picked.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, "compose_authors_failed");
    screen_expect_text(s, "compose_authors_failed", "the authors could not be loaded", 1);
    screen_expect_text(s, "compose_authors_failed", "Retry loading the authors", 1);
    screen_expect_text(s, "compose_authors_failed", "Another address...", 1);
    screen_expect_golden(s, "compose_authors_retried");
    screen_expect_text(s, "compose_authors_retried", "pick an author of this account", 1);
    screen_expect_text(s, "compose_authors_picked", "From          jesse@", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/authors"), 2);
    char *failed = screen_dump(s, "compose_authors_failed");
    char *line = strstr(failed, " From: ");
    char first[200] = "";
    if (line)
        snprintf(first, sizeof first, "%.*s", (int)strcspn(line + 1, "\n"), line + 1);
    free(failed);
    reliability_record("Input", "authors call fails when From is opened, then a retry", took,
                       first);
}

/* With the authors still failing, the fallback types an address. */
static void test_authors_fallback(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 110,
                                "3\n<Tab>\n<Enter>\n<Enter>\n@dump compose_authors_again.txt\n"
                                "<Down><Enter>jesse@example.com<Enter>\n"
                                "@dump compose_authors_typed.txt\n"),
                     0);
    screen_expect_text(s, "compose_authors_again", "the authors could not be loaded", 1);
    screen_expect_text(s, "compose_authors_typed", "From          jesse@example.com", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/authors"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_authors_retry, setup_fail_once, screen_teardown),
        cmocka_unit_test_setup_teardown(test_authors_fallback, setup_fail_always, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
