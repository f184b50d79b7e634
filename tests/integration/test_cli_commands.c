/* The command-line commands against a real bento-sim: output, --json
 * envelopes, exit codes, and what the server received. */
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
};

static int setup_with(void **state, const char *const *sim_args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, sim_args) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, NULL);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

/* Run bento-console with the given words; extra_env may be NULL. */
static void run(struct fixture *f, struct runproc *r, const char *const *extra_env, ...)
{
    const char *words[32];
    int n = 0;
    va_list ap;
    va_start(ap, extra_env);
    for (const char *w; n < 31 && (w = va_arg(ap, const char *));)
        words[n++] = w;
    va_end(ap);
    words[n] = NULL;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, extra_env, words, r), 0);
    /* Whatever happened, the secret key never reaches the output. */
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static cJSON *parse_envelope(const char *text, int success)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")), success);
    return j;
}

static void test_tags_list_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "tags", "list", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = parse_envelope(r.out, 1);
    cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_GetArraySize(data) >= 20);
    cJSON *first = cJSON_GetArrayItem(data, 0);
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(first, "name")));
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(first, "id")));
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/tags"), 1);
}

/* `help COMMAND` gives the command line's usage and what the console's
 * `:` line accepts, which acts on the selected person. */
static void test_help_command_both_usages(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "help", "subscribers", "tag", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "bento-console subscribers tag TAG (-e EMAIL... | -f FILE)"));
    assert_non_null(strstr(r.out, "In the console: key t, or :subscribers tag [TAG]\n"));
    runproc_free(&r);
    run(f, &r, NULL, "help", "find", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "In the console: :find TEXT\n"));
    assert_non_null(strstr(r.out, "Only available in the console."));
    runproc_free(&r);
}

static void test_tags_list_human_and_filter(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "tags", "list", "vip", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "NAME"));
    assert_non_null(strstr(r.out, "vip"));
    assert_null(strstr(r.out, "newsletter"));
    runproc_free(&r);
}

static void test_tags_create_then_delete(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "tags", "create", "spring-sale", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = parse_envelope(r.out, 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "name")),
        "spring-sale");
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/fetch/tags"), 1);

    /* No terminal to confirm on and no --yes: refuse, send nothing. */
    run(f, &r, NULL, "tags", "delete", "spring-sale", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--yes"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "DELETE", "/fetch/tags/*"), 0);

    run(f, &r, NULL, "tags", "delete", "spring-sale", "--yes", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Deleted tag spring-sale"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "DELETE", "/fetch/tags/*"), 1);

    run(f, &r, NULL, "tags", "list", "spring-sale", "--json", NULL);
    j = parse_envelope(r.out, 1);
    cJSON *tag = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(tag, "discarded_at")));
    cJSON_Delete(j);
    runproc_free(&r);
}

/* Bento answers a create of an existing name and a delete of a discarded
 * tag as it answers a real change: the CLI says what really happened. */
static void test_tags_what_happened(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "tags", "create", "vip", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "already exists: nothing was created"));
    assert_null(strstr(r.out, "Created"));
    reliability_record("Output", "tags create of an existing tag", -1, r.out);
    runproc_free(&r);
    run(f, &r, NULL, "tags", "create", "vip", "--json", NULL);
    cJSON *j = parse_envelope(r.out, 1);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "created")));
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, NULL, "tags", "delete", "vip", "--yes", NULL);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    run(f, &r, NULL, "tags", "delete", "vip", "--yes", NULL);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "already deleted"));
    reliability_record("Output", "tags delete of a discarded tag", -1, r.err);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "DELETE", "/fetch/tags/*"), 1);

    run(f, &r, NULL, "tags", "create", "vip", NULL);
    assert_non_null(strstr(r.out, "already existed, discarded: it is active again"));
    runproc_free(&r);
    run(f, &r, NULL, "tags", "create", "brand-new", "--json", NULL);
    j = parse_envelope(r.out, 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "created")));
    cJSON_Delete(j);
    runproc_free(&r);
}

static void test_tags_delete_unknown(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "tags", "delete", "no-such-tag", "--yes", "--json", NULL);
    assert_int_equal(r.status, 4);
    cJSON *j = parse_envelope(r.err, 0);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "code")),
        "not_found");
    cJSON_Delete(j);
    runproc_free(&r);
}

static void test_fields(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "fields", "create", "loyalty_points", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = parse_envelope(r.out, 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "name")),
        "Loyalty Points");
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, NULL, "fields", "list", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "loyalty_points"));
    runproc_free(&r);

    run(f, &r, NULL, "fields", "create", "9 bad key", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/fetch/fields"), 1);
}

static void test_subscriber_lookup(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "subscribers", "get", "nobody-here@example.com", "--json", NULL);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "not_found"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/subscribers"), 1);
}

static void test_authors(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "authors", "list", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = parse_envelope(r.out, 1);
    cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
    assert_non_null(strchr(cJSON_GetStringValue(cJSON_GetObjectItem(first, "email")), '@'));
    cJSON_Delete(j);
    runproc_free(&r);
}

static void test_usage_errors(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "frobnicate", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "Unknown command"));
    runproc_free(&r);
    run(f, &r, NULL, "tags", "create", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "Usage: bento-console tags create NAME"));
    runproc_free(&r);
    run(f, &r, NULL, "--bogus", "tags", "list", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    run(f, &r, NULL, "--json", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    run(f, &r, NULL, "pane", "tags", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "only works inside the console"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
}

/* A group word lists its subcommands; a misspelt command names the
 * nearest; both are usage errors that send nothing. */
static void test_partial_and_misspelt(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "tags", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "tags: list, create, delete\n"));
    runproc_free(&r);
    double t0 = reliability_now();
    run(f, &r, NULL, "tags", "crate", "foo", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "Unknown command \"tags crate\": did you mean tags create?\n"));
    reliability_record("Input", "misspelt command", reliability_now() - t0,
                       "Unknown command \"tags crate\": did you mean tags create?");
    runproc_free(&r);
    run(f, &r, NULL, "help", "tagz", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "did you mean tags"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
}

/* `COMMAND --help` and `help COMMAND` print that command's usage and an
 * example; `help tags` covers the group. */
static void test_command_help(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "subscribers", "import", "--help", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Usage: bento-console subscribers import FILE.csv"));
    assert_non_null(strstr(r.out, "Example: bento-console subscribers import people.csv"));
    assert_null(strstr(r.out, "Options:")); /* not the global help */
    runproc_free(&r);
    run(f, &r, NULL, "help", "tags", "create", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Example: bento-console tags create vip\n"));
    runproc_free(&r);
    run(f, &r, NULL, "help", "tags", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "tags: list, create, delete\n"));
    assert_non_null(strstr(r.out, "  tags delete NAME\n"));
    runproc_free(&r);
    run(f, &r, NULL, "tags", "--help", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "  tags create NAME\n"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
}

static void test_help_lists_commands(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "--help", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "tags create NAME"));
    assert_non_null(strstr(r.out, "doctor"));
    runproc_free(&r);
}

static void test_tag_many_from_file(void **state)
{
    struct fixture *f = *state;
    char path[300];
    snprintf(path, sizeof path, "%s/people.csv", f->sim.dir);
    FILE *csv = fopen(path, "w");
    assert_non_null(csv);
    fputs("\xEF\xBB\xBF"
          "email,first_name\r\n",
          csv);
    for (int i = 0; i < 250; i++)
        fprintf(csv, "Person%03d@Example.com,P%d\r\n", i, i);
    fputs("not-an-email,X\r\n", csv);
    fclose(csv);
    struct runproc r;
    run(f, &r, NULL, "subscribers", "tag", "vip", "-f", path, "--dry-run", NULL);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.out, "250 people in 3 calls"));
    assert_non_null(strstr(r.err, "row 252"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);

    run(f, &r, NULL, "subscribers", "tag", "vip", "-f", path, "--yes", "--json", NULL);
    assert_int_equal(r.status, 6); /* sent the good rows, reported the bad one */
    cJSON *j = parse_envelope(r.out, 1);
    cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_int_equal(cJSON_GetObjectItem(data, "queued")->valueint, 250);
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/fetch/commands"), 3);
}

static void test_many_people_need_confirmation(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char addrs[12][32];
    for (int i = 0; i < 12; i++)
        snprintf(addrs[i], sizeof addrs[i], "a%d@example.com", i);
    run(f, &r, NULL, "subscribers", "untag", "vip", "-e", addrs[0], "-e", addrs[1], "-e", addrs[2],
        "-e", addrs[3], "-e", addrs[4], "-e", addrs[5], "-e", addrs[6], "-e", addrs[7], "-e",
        addrs[8], "-e", addrs[9], NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--yes"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
}

static void test_events_track(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, NULL, "events", "track", "--type", "$purchase", "--email", "buyer@example.com",
        "--details", "{\"value\":", NULL);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "--details is not a JSON object"));
    runproc_free(&r);
    run(f, &r, NULL, "events", "track", "--type", "signup", "--email", "no-at-sign", NULL);
    assert_int_equal(r.status, 6);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
    run(f, &r, NULL, "events", "track", "--type", "$purchase", "--email", "buyer@example.com",
        "--field", "plan=pro", "--details", "{\"value\":{\"amount\":999}}", NULL);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/batch/events"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tags_list_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_command_both_usages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_list_human_and_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_create_then_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_what_happened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_delete_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subscriber_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_authors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_and_misspelt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_help, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_lists_commands, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tag_many_from_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_people_need_confirmation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_track, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
