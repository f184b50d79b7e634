/* The Compose pane against bento-sim: filling the form (the body through
 * $EDITOR or the built-in editor), the preview with a missing variable,
 * the checks, the review, a send and what the simulator received, a
 * sender Bento refuses, a timeout or a reset whose outcome is unknown, the
 * word "again" for the same email twice, "send test to me", and drafts that survive a restart and a kill -9. */
#include "screen.h"
#include "reliability.h"

#include <sys/stat.h>

static char editor_env[400];

/* An $EDITOR that writes a fixed body, so the script need not type it. */
static int write_editor(struct screen *s, const char *body)
{
    char path[360];
    snprintf(path, sizeof path, "%s/editor.sh", s->dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fprintf(fp, "#!/bin/sh\n" RUNPROC_CHILD_SPY "cat > \"$1\" <<'BODY'\n%s\nBODY\n", body);
    fclose(fp);
    chmod(path, 0700);
    snprintf(editor_env, sizeof editor_env, "EDITOR=%s", path);
    return 0;
}

static const char *const BODY =
    "<p>Hi {{ name }},</p>\n<p>Your <a href=\"https://example.com/plan\">plan</a> renews "
    "on {{ date }}.</p>";

static int setup(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    return write_editor(*state, BODY);
}

static int setup_timeout(void **state)
{
    const char *const args[] = {"--fault", "POST /batch/emails:delay=4000", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state, BODY);
}

static int setup_reset(void **state)
{
    /* the connection drops before any answer, once */
    const char *const args[] = {"--fault", "POST /batch/emails:reset:times=1", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state, BODY);
}

static int setup_no_authors(void **state)
{
    const char *const args[] = {"--fault", "GET /fetch/authors:status=404", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state, BODY);
}

static int run(struct screen *s, int rows, const char *script)
{
    const char *env[] = {editor_env, NULL};
    return screen_run_env(s, rows, 100, script, env);
}

/* To, From (first author), Subject, Body (editor) and personalizations. */
#define FILL                                                                \
    "3\n<Enter>ada@example.com, bob@example.com<Enter>\n<Tab>\n<Enter>\n"   \
    "<Enter>\n<Tab>\n<Enter>Your plan, {{ name }}<Enter>\n<Tab>\n<Enter>\n" \
    "<Tab>\n<Enter>name=Ada \"date=1 May\"<Enter>\n"

/* The journal's record of what /batch/emails accepted. */
static cJSON *sent_emails(struct screen *s)
{
    cJSON *journal = simproc_journal(&s->sim), *out = cJSON_CreateArray(), *e;
    cJSON_ArrayForEach(e, journal) {
        const cJSON *sent = cJSON_GetObjectItem(e, "sent"), *rec;
        cJSON_ArrayForEach(rec, sent)
            cJSON_AddItemToArray(out, cJSON_Duplicate(rec, 1));
    }
    cJSON_Delete(journal);
    return out;
}

static void test_fill_preview_send(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 22,
                         "3\n@dump compose_empty.txt\n<Enter>ada@example.com, bob@example.com\n"
                         "@dump compose_editing_to.txt\n<Enter>\n<Tab>\n<Enter>\n"
                         "@dump compose_authors.txt\n<Enter>\n<Tab>\n<Enter>Your plan, {{ name }}"
                         "<Enter>\n<Tab>\n<Enter>\n<Tab>\n<Enter>name=Ada \"date=1 May\"<Enter>\n"
                         "@dump compose_filled.txt\np\n@dump compose_preview.txt\n<Esc>\ns\n"
                         "@dump compose_review.txt\ny\n@dump compose_sent.txt\n"),
                     0);
    screen_expect_golden(s, "compose_empty");
    screen_expect_golden(s, "compose_editing_to");
    screen_expect_golden(s, "compose_authors");
    screen_expect_golden(s, "compose_filled");
    screen_expect_golden(s, "compose_preview");
    screen_expect_golden(s, "compose_review");
    screen_expect_golden(s, "compose_sent");
    cJSON *sent = sent_emails(s);
    assert_int_equal(cJSON_GetArraySize(sent), 2);
    const cJSON *first = cJSON_GetArrayItem(sent, 0);
    assert_string_equal(cJSON_GetObjectItem(first, "to")->valuestring, "ada@example.com");
    assert_string_equal(cJSON_GetObjectItem(first, "from")->valuestring, "jesse@example.com");
    assert_string_equal(cJSON_GetObjectItem(first, "subject")->valuestring,
                        "Your plan, {{ name }}");
    assert_non_null(strstr(cJSON_GetObjectItem(first, "html_body")->valuestring, "{{ date }}"));
    const cJSON *p = cJSON_GetObjectItem(first, "personalizations");
    assert_string_equal(cJSON_GetObjectItem(p, "date")->valuestring, "1 May");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(first, "transactional")));
    cJSON_Delete(sent);
}

static void test_missing_variable_and_checks(void **state)
{
    struct screen *s = *state;
    assert_int_equal(write_editor(s, "<p>Hi {{ name }}, see <a href=\"https://bit.ly/x\">this"
                                     "</a> by {{ date }}.</p>"),
                     0);
    assert_int_equal(run(s, 22,
                         "3\n<Enter>bob@@example, ada@example.com<Enter>\n<Tab>\n<Enter>\n<Up>\n"
                         "<Enter>\nmallory@example.com<Enter>\n<Tab>\n<Enter>Sale 🎉<Enter>\n"
                         "<Tab>\n<Enter>\n<Tab>\n<Tab>\n<Enter>\n@dump compose_checks.txt\n"
                         "p\n@dump compose_preview_missing.txt\n<Esc>\ns\n"
                         "@dump compose_review_refused.txt\ny\n@dump compose_not_sent.txt\n"),
                     0);
    screen_expect_golden(s, "compose_checks");
    screen_expect_golden(s, "compose_preview_missing");
    screen_expect_golden(s, "compose_review_refused");
    screen_expect_text(s, "compose_not_sent", "Not sent.", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/emails"), 0);
}

static void test_sender_refused_by_bento(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        run(s, 18,
            "3\n<Enter>ada@example.com<Enter>\n<Tab>\n<Enter>\nj<Enter>mallory@example.com"
            "<Enter>\n<Tab>\n<Enter>Hi<Enter>\n<Tab>\n<Enter>\n<Tab>\n"
            "<Enter>name=Ada date=today<Enter>\ns\ny\n"
            "@dump compose_not_author.txt\n"),
        0);
    screen_expect_golden(s, "compose_not_author");
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/emails"), 1);
}

static void test_timeout_outcome_unknown(void **state)
{
    struct screen *s = *state;
    const char *env[] = {editor_env, NULL};
    const char *args[] = {"--timeout", "1", NULL};
    assert_int_equal(screen_run_full(s, 18, 100,
                                     FILL "s\ny\n@dump compose_unknown.txt\n4\n"
                                          "@dump compose_unknown_activity.txt\n",
                                     env, args),
                     0);
    screen_expect_golden(s, "compose_unknown");
    /* one attempt, never a second */
    char *act = screen_dump(s, "compose_unknown_activity");
    int count = 0;
    for (const char *p = strstr(act, "/batch/emails"); p; p = strstr(p + 1, "/batch/emails"))
        count++;
    free(act);
    assert_int_equal(count, 1);
}

static int email_calls(struct screen *s)
{
    return simproc_journal_count(&s->sim, "POST", "/batch/emails");
}

/* The author list is read first, on a connection libcurl keeps alive;
 * the send must not be resent on a fresh one when that connection dies. */
static void test_reset_outcome_unknown(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 18,
                         FILL "s\ny\n@dump compose_reset.txt\n"
                              "s\n@dump compose_review_unknown.txt\n"
                              "y\n@dump compose_unknown_not_again.txt\n"),
                     0);
    reliability_record("Sending once", "Compose: connection reset before Bento answered", -1,
                       "Outcome unknown: the connection dropped before Bento answered.");
    screen_expect_golden(s, "compose_reset");
    screen_expect_golden(s, "compose_review_unknown");
    screen_expect_text(s, "compose_unknown_not_again",
                       "Not sent: this email went to these people before", 1);
    assert_int_equal(email_calls(s), 1);
}

static void test_same_email_needs_again(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 20,
                         FILL "s\ny\n@dump compose_sent_once.txt\n"
                              "s\n@dump compose_review_sent_before.txt\n"
                              "y\n@dump compose_not_again.txt\n"
                              "s\nagx\n@dump compose_not_again_typo.txt\n"
                              "s\nagai<BS>in\n@dump compose_typing_again.txt\n"
                              "<Enter>\n@dump compose_sent_again.txt\n"),
                     0);
    screen_expect_text(s, "compose_sent_once", "Bento queued 2 emails", 1);
    screen_expect_golden(s, "compose_review_sent_before");
    screen_expect_text(s, "compose_not_again", "Not sent: this email went to these people before",
                       1);
    screen_expect_text(s, "compose_not_again_typo", "Not sent: this email went to these people", 1);
    screen_expect_text(s, "compose_typing_again", "Type again and Enter: again_", 1);
    screen_expect_text(s, "compose_sent_again", "Bento queued 2 emails", 1);
    assert_int_equal(email_calls(s), 2);
    /* the command line reads the same record */
    struct runproc r;
    char html[400];
    snprintf(html, sizeof html, "%s\n", BODY); /* as the editor wrote it */
    const char *const words[] = {"emails",
                                 "send",
                                 "--to",
                                 "ada@example.com,bob@example.com",
                                 "--from",
                                 "jesse@example.com",
                                 "--subject",
                                 "Your plan, {{ name }}",
                                 "--html",
                                 html,
                                 "--personalization",
                                 "name=Ada",
                                 "--personalization",
                                 "date=1 May",
                                 NULL};
    assert_int_equal(runproc_console(s->sim.base_url, s->dir, NULL, words, &r), 0);
    if (r.status != 6)
        fprintf(stderr, "emails send: %d\n%s%s", r.status, r.out, r.err);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "already sent to the same 2 recipients"));
    runproc_free(&r);
    assert_int_equal(email_calls(s), 2);
}

static void test_test_to_me(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, 18,
                         FILL "t\n@dump compose_ask_me.txt\nnot-me<Enter>\n"
                              "@dump compose_ask_me_bad.txt\n<C-u>Me@Example.com<Enter>\n"
                              "@dump compose_review_me.txt\ny\n@dump compose_sent_me.txt\n"),
                     0);
    screen_expect_text(s, "compose_ask_me", "Your own address, for test emails:", 1);
    screen_expect_text(s, "compose_ask_me_bad", "Your own address, for test emails: not-me", 1);
    screen_expect_golden(s, "compose_review_me");
    screen_expect_text(s, "compose_sent_me", "Bento queued 1 email (a test to you)", 1);
    cJSON *sent = sent_emails(s);
    assert_int_equal(cJSON_GetArraySize(sent), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(sent, 0), "to")->valuestring,
                        "me@example.com");
    cJSON_Delete(sent);
    /* remembered: the next run goes straight to the review */
    assert_int_equal(run(s, 18, "3\nt\n@dump compose_review_me_again.txt\n<Esc>\n"), 0);
    screen_expect_text(s, "compose_review_me_again", "Review: a test to you", 1);
}

static void test_draft_survives_kill(void **state)
{
    struct screen *s = *state;
    /* killed mid-edit: no clean exit, no chance to save on the way out */
    screen_run(s, 18, 100,
               "3\n<Enter>ada@example.com<Enter>\n<Tab>\n<Tab>\n"
               "<Enter>Kept after a crash<Enter>\n@kill\n");
    assert_int_equal(s->out.status, 128 + 9);
    assert_int_equal(run(s, 18, "3\n@dump compose_restored.txt\n"), 0);
    screen_expect_golden(s, "compose_restored");
    /* and after a clean exit, with one more change */
    assert_int_equal(run(s, 18, "3\n<Tab>\n<Tab>\n<Enter><C-u>Changed, then quit<Enter>\nq\n"), 0);
    assert_int_equal(run(s, 18, "3\n@dump compose_restored_again.txt\n"), 0);
    screen_expect_text(s, "compose_restored_again", "Subject       Changed, then quit", 1);
    screen_expect_text(s, "compose_restored_again", "To            ada@example.com", 1);
}

/* Killed while the body is still open in the built-in editor: the barrier
 * before @kill waits for the autosave of the text in progress. */
static void test_editor_text_survives_kill(void **state)
{
    struct screen *s = *state;
    screen_run(s, 16, 100,
               "3\n<Tab>\n<Tab>\n<Tab>\n<Enter>\n<lt>p>Typed, never closed"
               "<Enter>second line<lt>/p>\n@kill\n");
    assert_int_equal(s->out.status, 128 + 9);
    reliability_record("Input", "kill -9 while typing the body in the built-in editor", -1,
                       "Restored the email you were writing.");
    assert_int_equal(screen_run(s, 16, 100,
                                "3\n@dump compose_editor_killed.txt\n<Tab>\n<Tab>\n"
                                "<Tab>\n<Enter>\n@dump compose_editor_reopened.txt\n"
                                "<Esc>\n"),
                     0);
    screen_expect_golden(s, "compose_editor_killed");
    screen_expect_text(s, "compose_editor_reopened", " second line</p>", 1);
}

/* Killed while a row is open on readline; an edit given up with Esc is
 * not kept. */
static void test_row_text_survives_kill(void **state)
{
    struct screen *s = *state;
    screen_run(s, 18, 100, "3\n<Tab>\n<Tab>\n<Enter>Half a subj\n@kill\n");
    assert_int_equal(s->out.status, 128 + 9);
    reliability_record("Input", "kill -9 while a form row is being edited", -1,
                       "Restored the email you were writing.");
    assert_int_equal(run(s, 18,
                         "3\n@dump compose_row_killed.txt\n<Tab>\n<Tab>\n<Enter>\n"
                         "<End>, more to drop\n<Esc>\n@kill\n"),
                     128 + 9);
    screen_expect_golden(s, "compose_row_killed");
    assert_int_equal(run(s, 18, "3\n@dump compose_row_dropped.txt\n"), 0);
    screen_expect_text(s, "compose_row_dropped", "Subject       Half a subj\n", 1);
    screen_expect_text(s, "compose_row_dropped", "more to drop", 0);
}

static void test_drafts_list(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        run(s, 18,
            "3\n<Tab>\n<Tab>\n<Enter>First draft<Enter>\nw\n<Enter>\n@dump compose_saved.txt\n"
            "N\n@dump compose_new.txt\n<Tab>\n<Tab>\n<Enter>Second<Enter>\nD\n"
            "@dump compose_drafts.txt\nj\nc\n@dump compose_drafts_copied.txt\n"
            "d\n@dump compose_drafts_delete.txt\ny\n@dump compose_drafts_deleted.txt\n"
            "<Enter>\n@dump compose_opened.txt\n"),
        0);
    screen_expect_text(s, "compose_saved", "Saved as draft ", 1);
    screen_expect_text(s, "compose_new", "Subject", 1);
    screen_expect_text(s, "compose_new", "First draft", 0);
    screen_expect_text(s, "compose_drafts", "First draft", 1);
    screen_expect_text(s, "compose_drafts", "Second", 1);
    screen_expect_text(s, "compose_drafts_copied", "Copied to draft", 1);
    screen_expect_text(s, "compose_drafts_delete", "Delete draft", 1);
    screen_expect_text(s, "compose_drafts_deleted", "Deleted draft", 1);
    screen_expect_text(s, "compose_opened", "Opened draft", 1);
}

static void test_builtin_editor(void **state)
{
    struct screen *s = *state;
    /* no $EDITOR: the built-in one */
    assert_int_equal(screen_run(s, 16, 100,
                                "3\n<Tab>\n<Tab>\n<Tab>\n<Enter>\n<lt>p>Hello<Enter>world<lt>/p>\n"
                                "@dump compose_builtin.txt\n<Up><End><BS><BS>p!\n<Esc>\n"
                                "@dump compose_builtin_done.txt\n"),
                     0);
    screen_expect_golden(s, "compose_builtin");
    screen_expect_text(s, "compose_builtin_done", "2 lines, 18 bytes: <p>Help! world</p>", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fill_preview_send, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_missing_variable_and_checks, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_sender_refused_by_bento, setup_no_authors,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_timeout_outcome_unknown, setup_timeout,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_reset_outcome_unknown, setup_reset, screen_teardown),
        cmocka_unit_test_setup_teardown(test_same_email_needs_again, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_test_to_me, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_draft_survives_kill, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_editor_text_survives_kill, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_row_text_survives_kill, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_drafts_list, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_builtin_editor, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
