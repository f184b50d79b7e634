/* `emails send` and `emails test` against a real bento-sim, asserting on
 * what the simulator received (its journal): splitting into calls of 60,
 * the checks that refuse a send before any call, confirmation, partial
 * failures, and a timeout that is reported as an unknown outcome and
 * never retried. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
    char html[300]; /* a body file */
    char list[300]; /* 130 recipients, one a line */
};

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup_with(void **state, const char *const *sim_args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, sim_args) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    snprintf(f->html, sizeof f->html, "%s/body.html", f->sim.dir);
    snprintf(f->list, sizeof f->list, "%s/people.txt", f->sim.dir);
    write_text(f->html, "<p>Hi {{ name }},</p><p>Your <a href=\"{{ link }}\">invoice</a>.</p>");
    FILE *l = fopen(f->list, "w");
    for (int i = 0; l && i < 130; i++)
        fprintf(l, "person%03d@example.com\n", i);
    if (l)
        fclose(l);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, NULL);
}

static int setup_timeout(void **state)
{
    /* only the first send is slow: a retry would be answered at once */
    static const char *const args[] = {"--fault", "POST /batch/emails:delay=2500:times=1", NULL};
    return setup_with(state, args);
}

static int setup_second_call_fails(void **state)
{
    static const char *const args[] = {"--fault", "POST /batch/emails:status=503:after=1:times=1",
                                       NULL};
    return setup_with(state, args);
}

static int setup_reset(void **state)
{
    /* the connection drops before any answer, once */
    static const char *const args[] = {"--fault", "POST /batch/emails:reset:times=1", NULL};
    return setup_with(state, args);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

/* Run bento-console with words (NULL-terminated). */
static void run(struct fixture *f, struct runproc *r, const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static int sends(struct fixture *f)
{
    return simproc_journal_count(&f->sim, "POST", "/batch/emails");
}

/* The "sent" records of every /batch/emails call, in order. */
static cJSON *sent_records(struct fixture *f, int *calls)
{
    cJSON *journal = simproc_journal(&f->sim), *all = cJSON_CreateArray();
    const cJSON *e;
    *calls = 0;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (!path || strcmp(path, "/batch/emails") != 0)
            continue;
        (*calls)++;
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItem(e, "sent"))
            cJSON_AddItemToArray(all, cJSON_Duplicate(s, 1));
    }
    cJSON_Delete(journal);
    return all;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static void test_send_one(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"emails",
                                 "send",
                                 "--to",
                                 "Ann@Example.com",
                                 "--from",
                                 "jesse@example.com",
                                 "--subject",
                                 "Hi {{ name }}",
                                 "--html-file",
                                 f->html,
                                 "--personalization",
                                 "name=Ann",
                                 "--personalization",
                                 "link=https://example.com/inv/1",
                                 NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Bento queued 1 of 1 email in 1 call"));
    assert_string_equal(r.err, "");
    runproc_free(&r);
    int calls;
    cJSON *sent = sent_records(f, &calls);
    assert_int_equal(calls, 1);
    assert_int_equal(cJSON_GetArraySize(sent), 1);
    cJSON *e = cJSON_GetArrayItem(sent, 0);
    assert_string_equal(str(e, "to"), "ann@example.com");
    assert_string_equal(str(e, "from"), "jesse@example.com");
    assert_string_equal(str(e, "subject"), "Hi {{ name }}");
    assert_string_equal(str(e, "html_body"),
                        "<p>Hi {{ name }},</p><p>Your <a href=\"{{ link }}\">invoice</a>.</p>");
    cJSON *vars = cJSON_GetObjectItem(e, "personalizations");
    assert_string_equal(str(vars, "name"), "Ann");
    assert_string_equal(str(vars, "link"), "https://example.com/inv/1");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(e, "transactional")));
    cJSON_Delete(sent);
    /* the author list was read first */
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/authors"), 1);
}

/* One name for two people: the send goes ahead (a warning, not an
 * error) and says that both get the same values. */
static void test_shared_personalization_warns(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"emails",
                                 "send",
                                 "--to",
                                 "ann@example.com",
                                 "--to",
                                 "grace@example.com",
                                 "--from",
                                 "jesse@example.com",
                                 "--subject",
                                 "Hi {{ name }}",
                                 "--html",
                                 "<p>Hello {{ name }}</p>",
                                 "--personalization",
                                 "name=Ann",
                                 "--yes",
                                 NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    const char *want = "warning: personalizations: All 2 recipients get the same "
                       "personalizations (name=Ann)";
    if (!strstr(r.err, want))
        fail_msg("stderr lacks \"%s\":\n%s", want, r.err);
    reliability_record("Input", "emails send: one personalization for several recipients", -1,
                       strstr(r.err, "warning: personalizations"));
    runproc_free(&r);
    assert_int_equal(sends(f), 1);
}

static void test_130_recipients_in_3_calls(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[] = {
        "emails",    "send",          "--to-file", f->list,       "--from", "support@example.com",
        "--subject", "Spring update", "--html",    "<p>News</p>", NULL,     NULL};
    /* 10 or more people: no terminal to confirm on, so nothing is sent */
    run(f, &r, words);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "to 130 people"));
    assert_non_null(strstr(r.err, "--yes"));
    runproc_free(&r);
    assert_int_equal(sends(f), 0);

    words[10] = "--yes";
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Bento queued 130 of 130 emails in 3 calls"));
    runproc_free(&r);

    cJSON *journal = simproc_journal(&f->sim);
    int records[3], n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, journal) {
        if (!strcmp(str(e, "path"), "/batch/emails") && n < 3)
            records[n++] = cJSON_GetObjectItem(e, "records")->valueint;
    }
    cJSON_Delete(journal);
    assert_int_equal(n, 3);
    assert_int_equal(records[0], 60);
    assert_int_equal(records[1], 60);
    assert_int_equal(records[2], 10);
    int calls;
    cJSON *sent = sent_records(f, &calls);
    assert_int_equal(cJSON_GetArraySize(sent), 130);
    for (int i = 0; i < 130; i++) {
        char want[64];
        snprintf(want, sizeof want, "person%03d@example.com", i);
        assert_string_equal(str(cJSON_GetArrayItem(sent, i), "to"), want);
    }
    cJSON_Delete(sent);
}

static void test_dry_run_sends_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[] = {"emails",
                           "send",
                           "--to-file",
                           f->list,
                           "--from",
                           "jesse@example.com",
                           "--subject",
                           "Hello {{ name }}",
                           "--html-file",
                           f->html,
                           "--personalization",
                           "name=Ann",
                           "--personalization",
                           "link=https://example.com/i",
                           "--dry-run",
                           NULL,
                           NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "would send 130 emails in 3 calls"));
    assert_non_null(strstr(r.out, "person000@example.com"));
    assert_non_null(strstr(r.out, "and 125 more"));
    assert_non_null(strstr(r.out, "Subject:        Hello Ann"));
    assert_non_null(strstr(r.out, "Hi Ann,\n\nYour invoice [1].\n[1] https://example.com/i\n"));
    runproc_free(&r);

    words[15] = "--json";
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(data, "dryRun")));
    assert_int_equal(cJSON_GetObjectItem(data, "calls")->valueint, 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(data, "emails")), 130);
    assert_string_equal(str(cJSON_GetObjectItem(data, "preview"), "subject"), "Hello Ann");
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(sends(f), 0);
}

static void test_non_author_refused(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {
        "emails",    "send", "--to",   "ann@example.com", "--from", "stranger@example.com",
        "--subject", "Hi",   "--html", "<p>x</p>",        "--yes",  NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "error: from: stranger@example.com is not an author of this "
                                  "account (authors: jesse@example.com, support@example.com)"));
    runproc_free(&r);
    assert_int_equal(sends(f), 0);
}

static void test_empty_subject_and_more(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[] = {
        "emails",    "send", "--to",   "ann@example.com,bad@", "--from", "jesse@example.com",
        "--subject", "",     "--html", "<p>Hi {{ name }}</p>", NULL,     NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 6);
    assert_string_equal(r.err,
                        "error: to: \"bad@\" is not a plausible address: nothing after @\n"
                        "error: subject: The subject is empty\n"
                        "error: personalizations: {{ name }} in the body has no value: add the "
                        "personalization name=VALUE\n");
    runproc_free(&r);

    words[10] = "--json";
    run(f, &r, words);
    assert_int_equal(r.status, 6);
    cJSON *j = cJSON_Parse(r.err);
    assert_non_null(j);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")));
    assert_string_equal(str(j, "error"), "3 problems stop this send");
    cJSON *findings = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "findings");
    assert_int_equal(cJSON_GetArraySize(findings), 3);
    assert_string_equal(str(cJSON_GetArrayItem(findings, 1), "code"), "subject_missing");
    assert_string_equal(str(cJSON_GetArrayItem(findings, 1), "field"), "subject");
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(sends(f), 0);
}

static void test_transactional_and_warnings(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[] = {"emails",
                           "send",
                           "--to",
                           "ann@example.com",
                           "--from",
                           "jesse@example.com",
                           "--subject",
                           "Reset",
                           "--html",
                           "<a href=\"https://bit.ly/x\">reset</a>",
                           "--transactional",
                           NULL,
                           NULL};
    /* transactional asks even for one person */
    run(f, &r, words);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "transactional"));
    runproc_free(&r);
    assert_int_equal(sends(f), 0);

    words[11] = "--yes";
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "warning: html: The body links through bit.ly"));
    assert_non_null(strstr(r.err, "warning: transactional: Transactional: people who "
                                  "unsubscribed will receive it too"));
    runproc_free(&r);
    int calls;
    cJSON *sent = sent_records(f, &calls);
    assert_int_equal(calls, 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(sent, 0), "transactional")));
    cJSON_Delete(sent);

    const char *const json_words[] = {"emails",    "send",
                                      "--to",      "ann@example.com",
                                      "--from",    "jesse@example.com",
                                      "--subject", "Reset",
                                      "--html",    "<a href=\"https://bit.ly/x\">reset</a>",
                                      "--json",    "--again",
                                      NULL};
    run(f, &r, json_words);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "queued")->valueint, 1);
    cJSON *warnings = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "warnings");
    assert_int_equal(cJSON_GetArraySize(warnings), 1);
    assert_string_equal(str(cJSON_GetArrayItem(warnings, 0), "code"), "html_shortener");
    cJSON_Delete(j);
    runproc_free(&r);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_timeout_is_outcome_unknown(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {
        "emails",    "send", "--to",   "ann@example.com", "--from",    "jesse@example.com",
        "--subject", "Hi",   "--html", "<p>x</p>",        "--timeout", "1",
        NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "error: Outcome unknown: the call timed out after it was sent, "
                                  "so Bento may or may not have queued its 1 email."));
    assert_non_null(strstr(r.err, "not retried"));
    runproc_free(&r);
    /* The simulator journals the call when its delay ends; a retry would
     * not have been delayed and would already be there. */
    int64_t deadline = now_ms() + 8000;
    while (sends(f) < 1 && now_ms() < deadline) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(sends(f), 1);
}

/* The author list is read first, so without a connection of its own the
 * send would go on that kept-alive connection, which libcurl resends on
 * by itself when it dies before an answer. */
static void test_reset_is_outcome_unknown_and_sent_once(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {
        "emails",    "send", "--to",   "ann@example.com", "--from", "jesse@example.com",
        "--subject", "Hi",   "--html", "<p>x</p>",        NULL};
    double t0 = reliability_now();
    run(f, &r, words);
    reliability_record("Sending once", "connection reset before Bento answered an email send",
                       reliability_now() - t0, r.err + (strncmp(r.err, "error: ", 7) ? 0 : 7));
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "error: Outcome unknown: the call lost its connection after it "
                                  "was sent, so Bento may or may not have queued its 1 email."));
    assert_null(strstr(r.out, "queued 1 of 1"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/authors"), 1);
    assert_int_equal(sends(f), 1);
    /* remembered as possibly sent */
    run(f, &r, words);
    assert_int_equal(r.status, 6);
    assert_non_null(
        strstr(r.err, "error: This email was already sent to the same 1 recipient at "));
    assert_non_null(strstr(r.err, " and its outcome is unknown (Bento may have queued it); check, "
                                  "then add --again to send it again.\n"));
    runproc_free(&r);
    assert_int_equal(sends(f), 1);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 0777;
}

static void test_same_email_needs_again(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[] = {"emails",    "send",
                           "--to",      "ann@example.com, bob@example.com",
                           "--from",    "jesse@example.com",
                           "--subject", "Hi",
                           "--html",    "<p>x</p>",
                           NULL,        NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    char record[400];
    snprintf(record, sizeof record, "%s/state/bento-console/sent.json", f->home);
    assert_int_equal(mode_of(record), 0600);

    /* the same people in another order: the same email */
    words[3] = "Bob@example.com,ann@example.com";
    double t0 = reliability_now();
    run(f, &r, words);
    reliability_record("Sending once", "the same email to the same people again",
                       reliability_now() - t0, r.err + 7);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "error: This email was already sent to the same 2 recipients "
                                  "at "));
    assert_non_null(strstr(r.err, " UTC (Bento queued it); add --again to send it again.\n"));
    assert_int_equal((int)strlen(strchr(r.err, '\n')), 1); /* one line */
    runproc_free(&r);
    assert_int_equal(sends(f), 1);

    words[10] = "--json";
    run(f, &r, words);
    assert_int_equal(r.status, 6);
    assert_string_equal(r.out, "");
    cJSON *j = cJSON_Parse(r.err);
    assert_non_null(j);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")));
    assert_non_null(strstr(str(j, "error"), "add --again to send it again"));
    cJSON *meta = cJSON_GetObjectItem(j, "meta");
    assert_string_equal(str(meta, "code"), "already_sent");
    assert_string_equal(str(meta, "outcome"), "queued");
    assert_int_equal(cJSON_GetObjectItem(meta, "recipients")->valueint, 2);
    assert_non_null(str(meta, "sentAt"));
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(sends(f), 1);

    /* another subject is another email */
    const char *const other[] = {"emails",    "send",
                                 "--to",      "ann@example.com, bob@example.com",
                                 "--from",    "jesse@example.com",
                                 "--subject", "Hi again",
                                 "--html",    "<p>x</p>",
                                 NULL};
    run(f, &r, other);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    assert_int_equal(sends(f), 2);

    words[10] = "--again";
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Bento queued 2 of 2 emails"));
    runproc_free(&r);
    assert_int_equal(sends(f), 3);
}

static void test_unreadable_record_refuses(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[] = {
        "emails",    "send", "--to",   "ann@example.com", "--from", "jesse@example.com",
        "--subject", "Hi",   "--html", "<p>x</p>",        NULL,     NULL};
    char path[400];
    snprintf(path, sizeof path, "%s/state", f->home);
    mkdir(f->home, 0700);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/state/bento-console", f->home);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/state/bento-console/sent.json", f->home);
    write_text(path, "{\"sends\":[{\"key\":");
    chmod(path, 0600);
    run(f, &r, words);
    reliability_record("Sending once", "record of recent sends is cut short", -1, r.err + 7);
    assert_int_equal(r.status, 5);
    assert_non_null(strstr(r.err, "error: Cannot tell whether this email was sent already: "));
    assert_non_null(strstr(r.err, "sent.json is not valid JSON"));
    assert_non_null(strstr(r.err, "add --again to send anyway\n"));
    runproc_free(&r);
    assert_int_equal(sends(f), 0);
    words[10] = "--again";
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    assert_int_equal(sends(f), 1);
    assert_int_equal(mode_of(path), 0600);
}

static void test_second_call_fails(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {
        "emails",    "send", "--to-file", f->list,    "--from", "jesse@example.com",
        "--subject", "Hi",   "--html",    "<p>x</p>", "--yes",  NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "\n  Bento had queued 60 emails in 1 earlier call; 10 emails "
                                  "after the failed call were not sent.\n"));
    runproc_free(&r);
    /* a refused email call is not retried either */
    assert_int_equal(sends(f), 2);
    int calls;
    cJSON *sent = sent_records(f, &calls);
    assert_int_equal(cJSON_GetArraySize(sent), 60);
    cJSON_Delete(sent);
}

static void test_emails_test_to_me(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"emails",    "test",  "--from", "jesse@example.com",
                                 "--subject", "Draft", "--html", "<p>x</p>",
                                 NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "profile test-address"));
    runproc_free(&r);
    assert_int_equal(sends(f), 0);

    const char *const set[] = {"profile", "test-address", " Me@Example.com", NULL};
    run(f, &r, set);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "me@example.com"));
    runproc_free(&r);

    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "a test to your own address"));
    runproc_free(&r);
    int calls;
    cJSON *sent = sent_records(f, &calls);
    assert_int_equal(calls, 1);
    assert_string_equal(str(cJSON_GetArrayItem(sent, 0), "to"), "me@example.com");
    cJSON_Delete(sent);

    const char *const bad[] = {"emails", "test", "--to", "x@example.com", NULL};
    run(f, &r, bad);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_send_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_personalization_warns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_130_recipients_in_3_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_author_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_subject_and_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactional_and_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeout_is_outcome_unknown, setup_timeout, teardown),
        cmocka_unit_test_setup_teardown(test_reset_is_outcome_unknown_and_sent_once, setup_reset,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_same_email_needs_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_record_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_call_fails, setup_second_call_fails, teardown),
        cmocka_unit_test_setup_teardown(test_emails_test_to_me, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
