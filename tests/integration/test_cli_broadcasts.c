/* `broadcasts list|get|create` against a real bento-sim, asserting on
 * what the user sees and on what the simulator received (its journal):
 * paging over a repeated page, a status refused before any call, drafts
 * checked whole before the first call, calls of at most 100, and drafts
 * Bento refuses reported by index, line and name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
    char file[300]; /* a JSONL file of drafts */
};

static int setup_with(void **state, const char *const *sim_args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, sim_args) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    snprintf(f->file, sizeof f->file, "%s/drafts.jsonl", f->sim.dir);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, NULL);
}

static int setup_repeated_page(void **state)
{
    /* 48 sent broadcasts; the second list call answers page 1 again */
    static const char *const args[] = {"--broadcasts", "40", "--fault",
                                       "GET /fetch/broadcasts:page=1:after=1:times=1", NULL};
    return setup_with(state, args);
}

static int setup_many(void **state)
{
    static const char *const args[] = {"--broadcasts", "40", NULL};
    return setup_with(state, args);
}

static int setup_no_authors(void **state)
{
    static const char *const args[] = {"--fault", "GET /fetch/authors:status=500", NULL};
    return setup_with(state, args);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void run(struct fixture *f, struct runproc *r, const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static int lists(struct fixture *f)
{
    return simproc_journal_count(&f->sim, "GET", "/fetch/broadcasts");
}

static int creates(struct fixture *f)
{
    return simproc_journal_count(&f->sim, "POST", "/batch/broadcasts");
}

/* The journal entries of /batch/broadcasts, in order (caller frees). */
static cJSON *create_calls(struct fixture *f)
{
    cJSON *journal = simproc_journal(&f->sim), *calls = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (path && !strcmp(path, "/batch/broadcasts"))
            cJSON_AddItemToArray(calls, cJSON_Duplicate(e, 1));
    }
    cJSON_Delete(journal);
    return calls;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static void write_drafts(struct fixture *f, const char *const *lines)
{
    FILE *out = fopen(f->file, "w");
    assert_non_null(out);
    for (; *lines; lines++)
        fprintf(out, "%s\n", *lines);
    fclose(out);
}

static void test_list_defaults_to_sent(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"broadcasts", "list", NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "RECIPIENTS"));
    assert_non_null(strstr(r.out, "January Newsletter"));
    assert_non_null(strstr(r.out, "What's new in January"));
    assert_non_null(strstr(r.out, " 284 "));
    assert_non_null(strstr(r.out, "46.1%"));
    assert_non_null(strstr(r.out, "8 sent broadcasts"));
    assert_null(strstr(r.out, "February Newsletter")); /* a draft */
    runproc_free(&r);
    assert_int_equal(lists(f), 1);
}

static void test_list_per_status(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const drafts[] = {"broadcasts", "list", "--status", "draft", NULL};
    run(f, &r, drafts);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "February Newsletter"));
    assert_non_null(strstr(r.out, "3 draft broadcasts"));
    runproc_free(&r);
    /* the British spelling is accepted and sent as Bento spells it */
    const char *const cancelled[] = {"broadcasts", "list", "--status", "cancelled", NULL};
    run(f, &r, cancelled);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Duplicate Test Send"));
    assert_non_null(strstr(r.out, "1 canceled broadcast\n"));
    runproc_free(&r);
    cJSON *journal = simproc_journal(&f->sim);
    assert_non_null(strstr(str(cJSON_GetArrayItem(journal, 0), "query"), "status=draft"));
    assert_non_null(strstr(str(cJSON_GetArrayItem(journal, 1), "query"), "status=canceled"));
    cJSON_Delete(journal);
}

static void test_unknown_status_sends_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"broadcasts", "list", "--status", "archived", NULL};
    double t0 = reliability_now();
    run(f, &r, words);
    double t = reliability_now() - t0;
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "Unknown broadcast status \"archived\": use one of sent, draft"));
    reliability_record("Input", "broadcasts list with an unknown status", t, r.err);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
}

static void test_all_over_a_repeated_page(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"--json", "broadcasts", "list", "--all", NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    cJSON *root = cJSON_Parse(r.out);
    assert_non_null(root);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_int_equal(cJSON_GetArraySize(data), 48); /* nothing twice, nothing missed */
    for (int i = 0; i < 48; i++)
        for (int k = i + 1; k < 48; k++)
            assert_string_not_equal(str(cJSON_GetArrayItem(data, i), "id"),
                                    str(cJSON_GetArrayItem(data, k), "id"));
    const cJSON *meta = cJSON_GetObjectItem(root, "meta");
    assert_int_equal(cJSON_GetObjectItem(meta, "count")->valueint, 48);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(meta, "page")));
    cJSON_Delete(root);
    runproc_free(&r);
    /* pages 1, 1 again (the repeat), 2 asked once more, then 2 (short) */
    assert_int_equal(lists(f), 3);
    reliability_record("Output", "broadcasts list --all over a repeated page", -1,
                       "48 of 48 broadcasts, none twice");
}

static void test_page_n(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"broadcasts", "list", "--page", "2", NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "23 sent broadcasts"));
    runproc_free(&r);
    cJSON *journal = simproc_journal(&f->sim);
    assert_non_null(strstr(str(cJSON_GetArrayItem(journal, 0), "query"), "page=2"));
    cJSON_Delete(journal);
    const char *const both[] = {"broadcasts", "list", "--page", "2", "--all", NULL};
    run(f, &r, both);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(lists(f), 1);
}

/* The id of the first broadcast of a status, from list --json. */
static char *first_id(struct fixture *f, const char *status)
{
    struct runproc r;
    const char *const words[] = {"--json", "broadcasts", "list", "--status", status, NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    cJSON *root = cJSON_Parse(r.out);
    runproc_free(&r);
    char *id = strdup(str(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "data"), 0), "id"));
    cJSON_Delete(root);
    return id;
}

static void test_get_found_and_not_found(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char *id = first_id(f, "scheduled");
    const char *const words[] = {"broadcasts", "get", id, NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Summer Sale Teaser"));
    assert_non_null(strstr(r.out, "Status:      scheduled"));
    assert_non_null(strstr(r.out, "/account/emails/broadcasts/"));
    runproc_free(&r);
    const char *const json[] = {"--json", "broadcasts", "get", id, NULL};
    run(f, &r, json);
    assert_int_equal(r.status, 0);
    cJSON *root = cJSON_Parse(r.out);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_string_equal(str(data, "id"), id);
    assert_string_equal(str(data, "status"), "scheduled");
    assert_string_equal(str(data, "subject"), "Something big is coming");
    assert_non_null(str(data, "html"));
    cJSON_Delete(root);
    runproc_free(&r);
    free(id);

    const char *const missing[] = {"broadcasts", "get", "99999", NULL};
    double t0 = reliability_now();
    run(f, &r, missing);
    double t = reliability_now() - t0;
    assert_int_equal(r.status, 4);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "No broadcast with id 99999 in this account"));
    assert_null(strchr(strchr(r.err, '\n') + 1, '\n')); /* one line */
    reliability_record("Input", "broadcasts get of an id Bento does not have", t, r.err);
    runproc_free(&r);
}

static const char *const create_words[] = {"broadcasts",
                                           "create",
                                           "--name",
                                           "Spring Launch",
                                           "--subject",
                                           "It's here",
                                           "--html",
                                           "<p>Hello {{ visitor.first_name }}</p>",
                                           "--from",
                                           "Jesse@Example.com",
                                           "--from-name",
                                           "Jesse",
                                           "--include-tags",
                                           "vip, customers",
                                           "--exclude-tags",
                                           "churned",
                                           "--type",
                                           "html",
                                           "--per-hour",
                                           "500",
                                           NULL,
                                           NULL};

static void test_create_dry_run_sends_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[sizeof create_words / sizeof create_words[0]];
    memcpy(words, create_words, sizeof words);
    words[20] = "--dry-run";
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Dry run: would create 1 broadcast draft in 1 call"));
    assert_non_null(strstr(r.out, "Spring Launch: subject \"It's here\", from jesse@example.com; "
                                  "to tags vip,customers; not tags churned; type html; 500 per "
                                  "hour"));
    runproc_free(&r);
    assert_int_equal(creates(f), 0);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/authors"), 1);
}

static void test_create_sends_once(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, create_words);
    assert_int_equal(r.status, 0);
    /* what will be created is shown before the result */
    const char *shown = strstr(r.out, "Creating 1 broadcast draft in 1 call:\n  1. Spring Launch");
    const char *result = strstr(r.out, "Bento created 1 of 1 broadcast draft in 1 call. Bento "
                                       "creates drafts only: review and send it in the dashboard");
    assert_non_null(shown);
    assert_non_null(result);
    assert_true(shown < result);
    assert_non_null(strstr(r.out, "https://app.bentonow.com/account/emails/broadcasts/"));
    runproc_free(&r);
    cJSON *calls = create_calls(f);
    assert_int_equal(cJSON_GetArraySize(calls), 1);
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(calls, 0), "drafts"),
                                        0);
    assert_string_equal(str(d, "name"), "Spring Launch");
    assert_string_equal(str(d, "content"), "<p>Hello {{ visitor.first_name }}</p>");
    assert_string_equal(str(cJSON_GetObjectItem(d, "from"), "email"), "jesse@example.com");
    assert_string_equal(str(cJSON_GetObjectItem(d, "from"), "name"), "Jesse");
    assert_string_equal(str(d, "inclusive_tags"), "vip,customers");
    assert_string_equal(str(d, "exclusive_tags"), "churned");
    assert_int_equal(cJSON_GetObjectItem(d, "batch_size_per_hour")->valueint, 500);
    cJSON_Delete(calls);
    /* the draft is there to review */
    const char *const drafts[] = {"broadcasts", "list", "--status", "draft", NULL};
    run(f, &r, drafts);
    assert_non_null(strstr(r.out, "Spring Launch"));
    runproc_free(&r);
}

static void test_create_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *words[sizeof create_words / sizeof create_words[0] + 1];
    words[0] = "--json";
    memcpy(words + 1, create_words, sizeof create_words);
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    cJSON *root = cJSON_Parse(r.out);
    assert_non_null(root);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "success")));
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_int_equal(cJSON_GetObjectItem(data, "results")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(data, "failed")->valueint, 0);
    assert_int_equal(cJSON_GetObjectItem(data, "calls")->valueint, 1);
    const cJSON *made = cJSON_GetArrayItem(cJSON_GetObjectItem(data, "created"), 0);
    assert_string_equal(str(made, "name"), "Spring Launch");
    assert_non_null(strstr(str(made, "dashboard_url"), "/edit"));
    assert_non_null(str(made, "id"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(data, "failures")), 0);
    assert_non_null(strstr(str(cJSON_GetObjectItem(root, "meta"), "note"), "drafts only"));
    cJSON_Delete(root);
    runproc_free(&r);
    /* a dry run's shape */
    words[21] = "--dry-run";
    run(f, &r, words);
    root = cJSON_Parse(r.out);
    data = cJSON_GetObjectItem(root, "data");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(data, "dryRun")));
    assert_int_equal(cJSON_GetObjectItem(data, "drafts")->valueint, 1);
    assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(data, "broadcasts"), 0), "name"),
                        "Spring Launch");
    cJSON_Delete(root);
    runproc_free(&r);
    assert_int_equal(creates(f), 1);
}

static const char *const three_drafts[] = {
    "{\"name\":\"One\",\"subject\":\"S1\",\"content\":\"<p>1</p>\",\"from\":{\"email\":"
    "\"jesse@example.com\"}}",
    "",
    "{\"name\":\"Two\",\"subject\":\"S2\",\"html\":\"<p>2</p>\",\"from\":\"nobody@example.com\"}",
    "{\"name\":\"Three\",\"subject\":\"S3\",\"content\":\"<p>3</p>\",\"from\":\"jesse@example.com\","
    "\"inclusive_tags\":[\"vip\"]}",
    NULL};

static void test_file_author_refused_sends_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    write_drafts(f, three_drafts);
    const char *const words[] = {"broadcasts", "create", "-f", f->file, NULL};
    double t0 = reliability_now();
    run(f, &r, words);
    double t = reliability_now() - t0;
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "error: line 3 (Two): nobody@example.com is not an author"));
    assert_non_null(strstr(r.err, "1 of 3 drafts refused; nothing was sent"));
    reliability_record("Sending once", "broadcasts create -f with one non-author among three", t,
                       strstr(r.err, "error: line 3"));
    runproc_free(&r);
    assert_int_equal(creates(f), 0);
}

static void test_file_bento_refuses_one(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    write_drafts(f, three_drafts);
    const char *const words[] = {"broadcasts", "create", "-f", f->file, NULL};
    double t0 = reliability_now();
    run(f, &r, words);
    double t = reliability_now() - t0;
    assert_int_equal(r.status, 6); /* a partial failure */
    assert_non_null(strstr(r.err, "warning: could not read the authors"));
    assert_non_null(strstr(r.err, "error: draft 2 (line 3) \"Two\" was refused: Author not "
                                  "authorized to send on this account"));
    assert_non_null(strstr(r.out, "Bento created 2 of 3 broadcast drafts in 1 call."));
    reliability_record("Sending once", "broadcasts create -f, Bento refuses one of three", t,
                       strstr(r.err, "error: draft 2"));
    runproc_free(&r);
    cJSON *calls = create_calls(f);
    assert_int_equal(cJSON_GetArraySize(calls), 1);
    const cJSON *call = cJSON_GetArrayItem(calls, 0);
    assert_int_equal(cJSON_GetObjectItem(call, "results")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(call, "failed")->valueint, 1);
    cJSON_Delete(calls);

    const char *const json[] = {"--json", "broadcasts", "create", "-f", f->file, NULL};
    run(f, &r, json);
    assert_int_equal(r.status, 6);
    cJSON *root = cJSON_Parse(r.out);
    const cJSON *fail = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(root, "data"), "failures"), 0);
    assert_int_equal(cJSON_GetObjectItem(fail, "index")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(fail, "line")->valueint, 3);
    assert_string_equal(str(fail, "name"), "Two");
    cJSON_Delete(root);
    runproc_free(&r);
}

static void test_file_bad_line_sends_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const lines[] = {three_drafts[0], "{\"name\":\"Bad\",\"subject\":\"S\"}", "[1,2",
                                 NULL};
    write_drafts(f, lines);
    const char *const words[] = {"--json", "broadcasts", "create", "-f", f->file, NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 6);
    cJSON *root = cJSON_Parse(r.err);
    assert_non_null(root);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(root, "success")));
    const cJSON *problems = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "meta"), "problems");
    assert_int_equal(cJSON_GetArraySize(problems), 2);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(problems, 0), "line")->valueint, 2);
    assert_string_equal(str(cJSON_GetArrayItem(problems, 0), "name"), "Bad");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(problems, 1), "line")->valueint, 3);
    cJSON_Delete(root);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
}

static void test_101_drafts_in_two_calls(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    FILE *out = fopen(f->file, "w");
    assert_non_null(out);
    for (int i = 0; i < 101; i++)
        fprintf(out,
                "{\"name\":\"Draft %d\",\"subject\":\"S\",\"content\":\"<p>x</p>\","
                "\"from\":\"jesse@example.com\"}\n",
                i);
    fclose(out);
    const char *const words[] = {"broadcasts", "create", "-f", f->file, NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Creating 101 broadcast drafts in 2 calls:"));
    assert_non_null(strstr(r.out, "Bento created 101 of 101 broadcast drafts in 2 calls."));
    runproc_free(&r);
    cJSON *calls = create_calls(f);
    assert_int_equal(cJSON_GetArraySize(calls), 2);
    assert_int_equal(
        cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(calls, 0), "drafts")), 100);
    const cJSON *last = cJSON_GetArrayItem(calls, 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(last, "drafts")), 1);
    assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(last, "drafts"), 0), "name"),
                        "Draft 100");
    cJSON_Delete(calls);
}

static void test_list_json_shape(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    const char *const words[] = {"--json", "broadcasts", "list", NULL};
    run(f, &r, words);
    assert_int_equal(r.status, 0);
    cJSON *root = cJSON_Parse(r.out);
    const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "data"), 0);
    static const char *const keys[] = {
        "id",         "name",  "subject", "status",    "created_at", "send_at",     "sent_at",
        "recipients", "opens", "clicks",  "open_rate", "click_rate", "template_id", "share_url"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(cJSON_GetObjectItem(b, keys[i]));
    assert_string_equal(str(b, "status"), "sent");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(b, "open_rate")));
    const cJSON *meta = cJSON_GetObjectItem(root, "meta");
    assert_string_equal(str(meta, "status"), "sent");
    assert_int_equal(cJSON_GetObjectItem(meta, "page")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(meta, "count")->valueint, 8);
    cJSON_Delete(root);
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_defaults_to_sent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_per_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_status_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_over_a_repeated_page, setup_repeated_page,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_page_n, setup_many, teardown),
        cmocka_unit_test_setup_teardown(test_get_found_and_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_dry_run_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_sends_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_author_refused_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_bento_refuses_one, setup_no_authors, teardown),
        cmocka_unit_test_setup_teardown(test_file_bad_line_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_101_drafts_in_two_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_json_shape, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
