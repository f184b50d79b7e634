/* Bento's checks from Compose and the broadcast draft form (`c`) against
 * bento-sim: a From at a listed domain and links to two more domains (one
 * twice) give exactly one blacklist call per distinct domain and one
 * moderation call with the subject as typed, none before `c`; a 500 on
 * one call is one line and the other findings stay; a change to the email
 * clears the findings; Esc stops the calls still to come. */
#include "screen.h"
#include "reliability.h"

#include <sys/stat.h>

static char editor_env[400];

static const char *const BODY = "<p>Hi, your <a href=\"https://example.com/plan\">plan</a> and "
                                "<a href=\"https://links.spamtracker.com/c?id=1\">offer</a>; "
                                "<a href=\"https://example.com/help\">help</a>.</p>";

#define SUBJECT "Your plan, {{ name }}"

static int write_editor(struct screen *s)
{
    char path[360];
    snprintf(path, sizeof path, "%s/editor.sh", s->dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fprintf(fp, "#!/bin/sh\n" RUNPROC_CHILD_SPY "cat > \"$1\" <<'BODY'\n%s\nBODY\n", BODY);
    fclose(fp);
    chmod(path, 0700);
    snprintf(editor_env, sizeof editor_env, "EDITOR=%s", path);
    return 0;
}

static int setup(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    return write_editor(*state);
}

/* Content moderation answers 500. */
static int setup_fault(void **state)
{
    const char *const args[] = {"--fault", "POST /experimental/content_moderation:status=500",
                                NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state);
}

/* The first blacklist call takes a while, so Esc meets it in flight. */
static int setup_slow(void **state)
{
    char stall[80];
    snprintf(stall, sizeof stall, "GET /experimental/blacklist:delay=%d:times=1",
             screen_stall_ms(3000));
    const char *const args[] = {"--fault", stall, NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state);
}

static int run(struct screen *s, const char *script)
{
    const char *env[] = {editor_env, NULL};
    return screen_run_env(s, 30, 100, script, env);
}

/* To, From typed (Another address...), Subject, Body (the editor). */
#define FILL                                                                      \
    "3\n<Enter>ada@example.com<Enter>\n<Tab>\n<Enter>\n<Up>\n<Enter>\n"           \
    "news@dbltest.com<Enter>\n<Tab>\n<Enter>" SUBJECT "<Enter>\n<Tab>\n<Enter>\n" \
    "@dump bento_check_before.txt\n"

/* The blacklist queries in the order received, joined by spaces. */
static void blacklist_queries(struct screen *s, char *out, size_t size)
{
    cJSON *journal = simproc_journal(&s->sim);
    const cJSON *e;
    out[0] = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
        q = q ? strstr(q, "domain=") : NULL; /* after the site_uuid */
        if (path && q && !strcmp(path, "/experimental/blacklist"))
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "", q);
    }
    cJSON_Delete(journal);
}

/* The texts content moderation received, joined by "|". */
static void moderated(struct screen *s, char *out, size_t size)
{
    cJSON *journal = simproc_journal(&s->sim);
    const cJSON *e;
    out[0] = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const char *c = cJSON_GetStringValue(cJSON_GetObjectItem(e, "content"));
        if (path && !strcmp(path, "/experimental/content_moderation"))
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? "|" : "",
                     c ? c : "(none)");
    }
    cJSON_Delete(journal);
}

static void expect_calls(struct screen *s, const char *queries, const char *texts)
{
    char got[1000];
    blacklist_queries(s, got, sizeof got);
    assert_string_equal(got, queries);
    moderated(s, got, sizeof got);
    assert_string_equal(got, texts);
}

#define THREE "domain=dbltest.com domain=example.com domain=links.spamtracker.com"

static void test_compose(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, FILL "c\n@dump bento_check_compose.txt\n"), 0);
    screen_expect_text(s, "bento_check_before", "Bento:", 0);
    screen_expect_golden(s, "bento_check_compose");
    expect_calls(s, THREE, SUBJECT);
    reliability_record("Sending once", "Compose: Bento's checks on three domains, one twice", -1,
                       "one blacklist call per distinct domain, one moderation call");
}

/* Nothing goes to the experimental endpoints until c is pressed. */
static void test_nothing_before_c(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, FILL "p\n<Esc>\nb\n@dump bento_check_no_c.txt\n"), 0);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/experimental/*"), 0);
}

static void test_one_call_fails(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(run(s, FILL "c\n@dump bento_check_failed.txt\n"), 0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, "bento_check_failed");
    char got[1000];
    blacklist_queries(s, got, sizeof got);
    assert_string_equal(got, THREE);
    assert_true(simproc_journal_count(&s->sim, NULL, "/experimental/content_moderation") >= 1);
    reliability_record("Output", "Compose: Bento's content moderation answers 500", took,
                       "! subject: content moderation failed: ...");
}

/* A change to the subject clears the findings of the email before. */
static void test_change_clears(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, FILL "c\n<Up>\n<Enter><C-u>Another subject<Enter>\n"
                                 "@dump bento_check_cleared.txt\n"),
                     0);
    screen_expect_text(s, "bento_check_cleared", "Another subject", 1);
    screen_expect_text(s, "bento_check_cleared", "Bento:", 0);
    expect_calls(s, THREE, SUBJECT);
}

/* Esc while the first call is in flight: no other call is made. */
static void test_esc_stops(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, FILL "@nowait\nc\n@wait-text checking 1 of 4\n<Esc>\n"
                                 "@dump bento_check_stopped.txt\n"),
                     0);
    screen_expect_text(s, "bento_check_stopped", "stopped, 4 calls not made", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/experimental/content_moderation"), 0);
    assert_true(simproc_journal_count(&s->sim, NULL, "/experimental/blacklist") <= 1);
    reliability_record("Deadlines", "Compose: Esc while Bento's checks run", -1,
                       "Bento: 0 domains clean; stopped, 4 calls not made");
}

/* The same from the broadcast draft form (Compose's b fills it). */
static void test_draft_form(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, FILL "b\nc\n@dump bento_check_draft.txt\n"), 0);
    screen_expect_golden(s, "bento_check_draft");
    expect_calls(s, THREE, SUBJECT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_compose, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_nothing_before_c, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_one_call_fails, setup_fault, screen_teardown),
        cmocka_unit_test_setup_teardown(test_change_clears, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_esc_stops, setup_slow, screen_teardown),
        cmocka_unit_test_setup_teardown(test_draft_form, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
