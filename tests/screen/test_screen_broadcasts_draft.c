/* The Broadcasts pane's draft form against bento-sim: a draft filled in
 * and created (exactly one POST /batch/broadcasts with what was typed),
 * the review left with n or Esc (nothing sent), an author Bento refuses
 * (one line, the form kept), and Compose's "save as broadcast draft". */
#include "screen.h"
#include "reliability.h"

#include <sys/stat.h>

static char editor_env[400];

static const char *const BODY = "<p>Hi {{ visitor.first_name }}, spring is here.</p>";

/* An $EDITOR that writes BODY (and a newline, as editors do). */
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

/* No author list: the console cannot check From, Bento does. */
static int setup_no_authors(void **state)
{
    const char *const args[] = {"--fault", "GET /fetch/authors:status=404", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state);
}

static int run(struct screen *s, int cols, const char *script)
{
    const char *env[] = {editor_env, NULL};
    return screen_run_env(s, 24, cols, script, env);
}

/* Every broadcast the simulator received in POST /batch/broadcasts calls
 * (accepted ones under "drafts"), and how many calls there were. */
static cJSON *received(struct screen *s, int *calls)
{
    cJSON *journal = simproc_journal(&s->sim), *out = cJSON_CreateArray(), *e, *d;
    *calls = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (!path || strcmp(path, "/batch/broadcasts"))
            continue;
        (*calls)++;
        cJSON_ArrayForEach(d, cJSON_GetObjectItem(e, "drafts"))
            cJSON_AddItemToArray(out, cJSON_Duplicate(d, 1));
    }
    cJSON_Delete(journal);
    return out;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

/* Name, From (first author), Subject, Body ($EDITOR), tags (one by Tab),
 * Type twice (html, then plain), per hour. */
#define FILL                                                                              \
    "5\nn\n<Enter>Spring sale<Enter>\n<Tab>\n<Enter>\n<Enter>\n<Tab>\n"                   \
    "<Enter>Spring is here<Enter>\n<Tab>\n<Enter>\n<Tab>\n<Enter>vip, cust<Tab><Enter>\n" \
    "<Tab>\n<Enter>newsletter<Enter>\n<Tab>\n<Tab>\n<Enter>\n<Enter>\n<Tab>\n<Enter>500<Enter>\n"

static void test_create(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 100,
                         FILL "@dump bcd_filled.txt\ns\n@dump bcd_review.txt\nyy\n"
                              "@dump bcd_created.txt\n"),
                     0);
    screen_expect_golden(s, "bcd_filled");
    screen_expect_golden(s, "bcd_review");
    screen_expect_text(s, "bcd_created", "Draft \"Spring sale\" created; Bento creates drafts only",
                       1);
    screen_expect_text(s, "bcd_created", "https://app.bentonow.com/account/emails/broadcasts/", 1);
    int calls;
    cJSON *got = received(s, &calls);
    assert_int_equal(calls, 1);
    assert_int_equal(cJSON_GetArraySize(got), 1);
    const cJSON *b = cJSON_GetArrayItem(got, 0), *from = cJSON_GetObjectItem(b, "from");
    char body[200];
    snprintf(body, sizeof body, "%s\n", BODY);
    assert_string_equal(str(b, "name"), "Spring sale");
    assert_string_equal(str(b, "subject"), "Spring is here");
    assert_string_equal(str(b, "content"), body);
    assert_string_equal(str(from, "email"), "jesse@example.com");
    assert_string_equal(str(from, "name"), "Jesse Hanley");
    assert_string_equal(str(b, "inclusive_tags"), "vip,customer");
    assert_string_equal(str(b, "exclusive_tags"), "newsletter");
    assert_string_equal(str(b, "type"), "plain");
    assert_int_equal(cJSON_GetObjectItem(b, "batch_size_per_hour")->valueint, 500);
    assert_null(cJSON_GetObjectItem(b, "segment_id"));
    cJSON_Delete(got);
    reliability_record("Sending once", "Broadcasts pane: y pressed twice at the draft review", -1,
                       "one POST /batch/broadcasts");
}

/* The connection drops after the POST went out: Bento may have made the
 * draft, so the console says the outcome is unknown, sends nothing more,
 * and keeps the form as typed. */
static int setup_reset(void **state)
{
    const char *const args[] = {"--fault", "POST /batch/broadcasts:reset", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state);
}

static void test_outcome_unknown(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(run(s, 100, FILL "s\nyy\n@dump bcd_unknown.txt\n"), 0);
    screen_expect_text(s, "bcd_unknown", "Outcome unknown", 1);
    screen_expect_text(s, "bcd_unknown", "not created", 0);
    screen_expect_text(s, "bcd_unknown", "Spring sale", 1); /* the form, as typed */
    int calls;
    cJSON *got = received(s, &calls);
    assert_int_equal(calls, 1);
    cJSON_Delete(got);
    reliability_record("Sending once", "Broadcasts pane: the draft's POST loses its connection",
                       reliability_now() - t0,
                       "Outcome unknown: the connection dropped before Bento answered, so the "
                       "draft may exist. Not retried");
}

/* n and Esc at the review go back to the form; nothing is sent. */
static void test_review_left(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 80,
                         "5\nn\n<Enter>Quiet<Enter>\n<Tab>\n<Enter>\n<Enter>\n<Tab>\n"
                         "<Enter>Hello<Enter>\n<Tab>\n<Enter>\ns\nn\n@dump bcd_back_n.txt\ns\n"
                         "<Esc>\n@dump bcd_back_esc.txt\n"),
                     0);
    screen_expect_text(s, "bcd_back_n", "Nothing sent; the form is as you left it.", 1);
    screen_expect_text(s, "bcd_back_esc", "> Body", 1);
    screen_expect_text(s, "bcd_back_esc", "Quiet", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/broadcasts"), 0);
}

/* Bento refuses a From that is no author: one line, everything kept. */
static void test_author_refused(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(run(s, 100,
                         "5\nn\n<Enter>Refused<Enter>\n<Tab>\n<Enter>\n<Enter>nobody@example.com"
                         "<Enter>\n<Tab>\n<Enter>Hi<Enter>\n<Tab>\n<Enter>\ns\ny\n"
                         "@dump bcd_refused.txt\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, "bcd_refused");
    screen_expect_text(s, "bcd_refused",
                       "Bento refused the draft: Author not authorized to send on this account", 1);
    screen_expect_text(s, "bcd_refused", "nobody@example.com", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/broadcasts"), 1);
    reliability_record("Input", "Broadcasts pane: a draft whose From is no author", took,
                       "! Bento refused the draft: Author not authorized to send on this account "
                       "(fix it and review again).");
}

/* Compose's b: the form prefilled with its From, subject and body. */
static void test_from_compose(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 100,
                         "3\n<Tab>\n<Enter>\n<Enter>\n<Tab>\n<Enter>From Compose<Enter>\n<Tab>\n"
                         "<Enter>\nb\n@dump bcd_from_compose.txt\ns\n@dump bcd_fc_review.txt\ny\n"
                         "@dump bcd_fc_sent.txt\n"),
                     0);
    screen_expect_golden(s, "bcd_from_compose");
    screen_expect_text(s, "bcd_fc_review", "Review:", 1);
    screen_expect_text(s, "bcd_fc_sent", "Draft \"From Compose\" created", 1);
    int calls;
    cJSON *got = received(s, &calls);
    assert_int_equal(calls, 1);
    const cJSON *b = cJSON_GetArrayItem(got, 0);
    assert_non_null(b);
    assert_string_equal(str(b, "name"), "From Compose");
    assert_string_equal(str(b, "subject"), "From Compose");
    assert_string_equal(str(cJSON_GetObjectItem(b, "from"), "email"), "jesse@example.com");
    cJSON_Delete(got);
}

/* No $EDITOR: the built-in editor; a segment id instead of tags. */
static void test_builtin_editor_segment(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 24, 100,
                                "5\nn\n<Enter>Segment<Enter>\n<Tab>\n<Enter>\n<Enter>\n<Tab>\n"
                                "<Enter>For the segment<Enter>\n<Tab>\n<Enter>\n"
                                "<lt>p>Hello<Enter>world<lt>/p>\n@dump bcd_builtin.txt\n<Esc>\n"
                                "<Tab>\n<Tab>\n<Tab>\n<Enter>seg_42<Enter>\ns\ny\n"
                                "@dump bcd_segment_sent.txt\n"),
                     0);
    screen_expect_golden(s, "bcd_builtin");
    screen_expect_text(s, "bcd_segment_sent", "Draft \"Segment\" created", 1);
    int calls;
    cJSON *got = received(s, &calls);
    assert_int_equal(calls, 1);
    const cJSON *b = cJSON_GetArrayItem(got, 0);
    assert_non_null(b);
    assert_string_equal(str(b, "content"), "<p>Hello\nworld</p>");
    assert_string_equal(str(b, "segment_id"), "seg_42");
    assert_null(cJSON_GetObjectItem(b, "inclusive_tags"));
    assert_null(cJSON_GetObjectItem(b, "type"));
    cJSON_Delete(got);
}

/* What cannot be sent is said before the review, in one line. */
static void test_refused_before_review(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 100,
                         "5\nn\ns\n@dump bcd_no_name.txt\n<Enter>Pace<Enter>\n<Tab>\n<Enter>\n"
                         "<Enter>\n<Tab>\n<Enter>Hi<Enter>\n<Tab>\n<Enter>\n<Tab>\n<Tab>\n<Tab>\n"
                         "<Tab>\n<Tab>\n<Enter>ten<Enter>\ns\n@dump bcd_bad_pace.txt\n"),
                     0);
    screen_expect_text(s, "bcd_no_name", "! The draft needs a name (the Name row).", 1);
    screen_expect_text(s, "bcd_bad_pace", "! Per hour must be a whole number of sends from 1", 1);
    screen_expect_text(s, "bcd_bad_pace", "> Per hour", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/broadcasts"), 0);
    reliability_record("Input", "Broadcasts pane: a draft with no name", -1,
                       "! The draft needs a name (the Name row).");
    reliability_record("Input", "Broadcasts pane: sends per hour that is not a number", -1,
                       "! Per hour must be a whole number of sends from 1 (Bento takes 10 to "
                       "250000).");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_outcome_unknown, setup_reset, screen_teardown),
        cmocka_unit_test_setup_teardown(test_review_left, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_author_refused, setup_no_authors, screen_teardown),
        cmocka_unit_test_setup_teardown(test_from_compose, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_builtin_editor_segment, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_refused_before_review, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
