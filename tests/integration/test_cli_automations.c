/* `sequences list|add-email` and `workflows list|stats` against a real
 * bento-sim: what they print, what the simulator received (its
 * journal), values refused before anything is sent, a page the server
 * repeats, and Bento's 404 and 422 answers in one line. */
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

#define ADD_PATH "/fetch/sequences/*/emails/templates"
#define STATS_PATH "/fetch/workflows/*/stats"

struct fixture {
    struct simproc sim;
    char home[256];
    char html[300]; /* a body file */
};

static int setup_with(void **state, const char *const *sim_args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, sim_args) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    snprintf(f->html, sizeof f->html, "%s/day3.html", f->sim.dir);
    FILE *h = fopen(f->html, "w");
    if (!h)
        return -1;
    fputs("<p>Hi {{ visitor.first_name }}, day three.</p>", h);
    fclose(h);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, NULL);
}

static int setup_repeated_page(void **state)
{
    /* every page asked for is page 1 again */
    static const char *const args[] = {"--fault", "GET /fetch/sequences:page=1", NULL};
    return setup_with(state, args);
}

static int setup_hostile_422(void **state)
{
    static const char *const args[] = {"--fault", "POST " ADD_PATH ":hostile", NULL};
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

/* stderr is one line ending in a newline, with no escape byte. */
static void one_line(const char *err)
{
    const char *nl = strchr(err, '\n');
    assert_non_null(nl);
    assert_int_equal(nl[1], '\0');
    assert_null(strchr(err, '\x1b'));
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The last journal entry whose path matches, duplicated (caller frees). */
static cJSON *last_entry(struct fixture *f, const char *prefix)
{
    cJSON *journal = simproc_journal(&f->sim), *found = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, journal) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (path && !strncmp(path, prefix, strlen(prefix))) {
            cJSON_Delete(found);
            found = cJSON_Duplicate(e, 1);
        }
    }
    cJSON_Delete(journal);
    assert_non_null(found);
    return found;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(o, key);
    assert_true(cJSON_IsNumber(n));
    return n->valuedouble;
}

/* ---- sequences list ---- */

static void test_sequences_list(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"sequences", "list", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Sequence 2001  Onboarding  (sequence_onboarding)"));
    assert_non_null(strstr(r.out, "Sequence 2003  Win-back"));
    /* the emails in order, with delay, counts and rates */
    const char *first = strstr(r.out, "7001     Welcome aboard"), *second = strstr(r.out, "7002");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    assert_non_null(strstr(first, "5 minutes      212      96  40.0%  18.1%"));
    assert_non_null(strstr(r.out, "1 day   "));
    assert_non_null(strstr(r.out, "7 days           -       -      -      -"));
    runproc_free(&r);
    /* page 1 had three, page 2 none: the end of the list */
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/sequences"), 2);
}

static void test_sequences_list_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"--json", "sequences", "list", NULL});
    assert_int_equal(r.status, 0);
    cJSON *root = cJSON_Parse(r.out);
    assert_non_null(root);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "success")));
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_int_equal(cJSON_GetArraySize(data), 3);
    assert_int_equal((int)num(cJSON_GetObjectItem(root, "meta"), "count"), 3);
    const cJSON *seq = cJSON_GetArrayItem(data, 0);
    assert_string_equal(str(seq, "id"), "2001");
    assert_string_equal(str(seq, "prefix_id"), "sequence_onboarding");
    assert_string_equal(str(seq, "name"), "Onboarding");
    const cJSON *emails = cJSON_GetObjectItem(seq, "emails");
    assert_int_equal(cJSON_GetArraySize(emails), 5);
    const cJSON *e = cJSON_GetArrayItem(emails, 0);
    assert_string_equal(str(e, "id"), "7001");
    assert_string_equal(str(e, "subject"), "Welcome aboard");
    assert_string_equal(str(e, "delay_interval"), "minutes");
    assert_int_equal((int)num(e, "delay_interval_count"), 5);
    const cJSON *stats = cJSON_GetObjectItem(e, "stats");
    assert_int_equal((int)num(stats, "opened"), 212);
    assert_int_equal((int)num(stats, "clicked"), 96);
    assert_true(num(stats, "open_rate") > 39.9 && num(stats, "open_rate") < 40.1);
    /* an email not sent yet has no stats: null, not zeros */
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(emails, 4), "stats")));
    cJSON_Delete(root);
    runproc_free(&r);
}

/* A server that answers page 1 for every page: each sequence once, and
 * the paging stops at the page that brought nothing new. */
static void test_sequences_repeated_page(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"sequences", "list", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 0);
    assert_int_equal(count_of(r.out, "Sequence 2001 "), 1);
    assert_int_equal(count_of(r.out, "Sequence 2003 "), 1);
    assert_int_equal(count_of(r.out, "Welcome aboard"), 1);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/sequences"), 2);
    reliability_record("Output", "sequences list: the server repeats a page", took,
                       strstr(r.out, "Sequence 2001"));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "sequences", "list", NULL});
    cJSON *root = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "data")), 3);
    cJSON_Delete(root);
    runproc_free(&r);
}

/* ---- sequences add-email ---- */

static void test_add_email_once(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r,
        (const char *const[]){"sequences", "add-email", "2001", "--subject", "Day 3", "--html-file",
                              f->html, "--delay", "3 days", "--snippet", "Three days in",
                              "--editor-choice", "fancy", NULL});
    assert_int_equal(r.status, 0);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", ADD_PATH), 1);
    cJSON *e = last_entry(f, "/fetch/sequences/2001/emails/templates");
    const cJSON *et = cJSON_GetObjectItem(e, "email_template");
    assert_string_equal(str(et, "subject"), "Day 3");
    assert_string_equal(str(et, "html"), "<p>Hi {{ visitor.first_name }}, day three.</p>");
    assert_string_equal(str(et, "delay_interval"), "days");
    assert_int_equal((int)num(et, "delay_interval_count"), 3);
    assert_string_equal(str(et, "inbox_snippet"), "Three days in");
    assert_string_equal(str(et, "editor_choice"), "fancy");
    /* what was added was shown first, and the result names the new id */
    assert_non_null(strstr(r.err, "Adding to sequence 2001: \"Day 3\", 3 days after"));
    char added[80];
    snprintf(added, sizeof added, "Added email %d to sequence 2001\n", (int)num(e, "template_id"));
    assert_string_equal(r.out, added);
    cJSON_Delete(e);
    runproc_free(&r);
    /* it is the sequence's last email now */
    run(f, &r, (const char *const[]){"sequences", "list", NULL});
    const char *day3 = strstr(r.out, "Day 3");
    assert_non_null(day3);
    assert_true(day3 > strstr(r.out, "Tips from other founders"));
    assert_true(day3 < strstr(r.out, "Sequence 2002"));
    assert_non_null(strstr(day3, "3 days"));
    runproc_free(&r);
}

static void test_add_email_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r,
        (const char *const[]){"--json", "sequences", "add-email", "sequence_trial", "--subject",
                              "Last call", "--html", "<p>Hi</p>", "--delay", "1 Hour", NULL});
    assert_int_equal(r.status, 0);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", ADD_PATH), 1);
    cJSON *e = last_entry(f, "/fetch/sequences/sequence_trial/emails/templates");
    const cJSON *et = cJSON_GetObjectItem(e, "email_template");
    assert_string_equal(str(et, "delay_interval"), "hours");
    assert_int_equal((int)num(et, "delay_interval_count"), 1);
    assert_null(cJSON_GetObjectItem(et, "inbox_snippet"));
    cJSON *root = cJSON_Parse(r.out);
    assert_non_null(root);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    char id[32];
    snprintf(id, sizeof id, "%d", (int)num(e, "template_id"));
    assert_string_equal(str(data, "id"), id);
    assert_string_equal(str(data, "sequence_id"), "sequence_trial");
    assert_string_equal(str(data, "delay_interval"), "hours");
    assert_string_equal(r.err, ""); /* --json: nothing but the envelope */
    cJSON_Delete(root);
    cJSON_Delete(e);
    runproc_free(&r);
}

/* Values refused before anything is sent, each in one line. */
static void test_add_email_refused_before_sending(void **state)
{
    struct fixture *f = *state;
    static const char *const delays[] = {"3 weeks", "0 days",     "1000 days",   "days",
                                         "3",       "three days", "3 days later"};
    for (size_t i = 0; i < sizeof delays / sizeof delays[0]; i++) {
        struct runproc r;
        double t0 = reliability_now();
        run(f, &r,
            (const char *const[]){"sequences", "add-email", "2001", "--subject", "S", "--html",
                                  "<p>x</p>", "--delay", delays[i], NULL});
        double took = reliability_now() - t0;
        assert_int_equal(r.status, 6);
        one_line(r.err);
        assert_non_null(strstr(r.err, "Delay \""));
        assert_non_null(strstr(r.err, "like \"3 days\""));
        if (i == 0)
            reliability_record("Input", "sequence email delay \"3 weeks\"", took, r.err);
        runproc_free(&r);
    }
    struct runproc r;
    run(f, &r,
        (const char *const[]){"sequences", "add-email", "2001", "--subject", "S", "--html",
                              "<p>x</p>", "--editor-choice", "wysiwyg", NULL});
    assert_int_equal(r.status, 6);
    one_line(r.err);
    assert_non_null(strstr(r.err, "plain, fancy or raw"));
    runproc_free(&r);
    run(f, &r,
        (const char *const[]){"sequences", "add-email", "2001", "--subject", "S", "--html", " \n",
                              NULL});
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "The body is empty"));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"sequences", "add-email", "2001", "--subject", "S", NULL});
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", ADD_PATH), 0);
}

static void test_add_email_unknown_sequence(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r,
        (const char *const[]){"sequences", "add-email", "9999", "--subject", "S", "--html",
                              "<p>x</p>", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 4);
    const char *line = strstr(r.err, "error: Sequence 9999 not found (404)");
    assert_non_null(line);
    one_line(line);
    assert_non_null(strstr(line, "sequences list"));
    assert_int_equal(simproc_journal_count(&f->sim, "POST", ADD_PATH), 1);
    reliability_record("Sending once", "sequences add-email: unknown sequence (404)", took, line);
    runproc_free(&r);
}

/* A 422 with hostile text: one line, made safe, and not sent again. */
static void test_add_email_refused_by_bento(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r,
        (const char *const[]){"sequences", "add-email", "2001", "--subject", "S", "--html",
                              "<p>x</p>", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 6);
    const char *line = strstr(r.err, "error: ");
    assert_non_null(line);
    one_line(line);
    assert_non_null(strstr(line, "(422)"));
    assert_int_equal(simproc_journal_count(&f->sim, "POST", ADD_PATH), 1);
    reliability_record("Sending once", "sequences add-email: Bento answers 422", took, line);
    runproc_free(&r);
}

/* ---- workflows ---- */

static void test_workflows_list(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"workflows", "list", NULL});
    assert_int_equal(r.status, 0);
    const char *live = strstr(r.out, "Workflow 3001  Welcome Workflow  [live]");
    const char *draft = strstr(r.out, "Workflow 3002  Abandoned Checkout  [draft]");
    assert_non_null(live);
    assert_non_null(draft);
    assert_non_null(strstr(live, "7011     Welcome!"));
    assert_non_null(strstr(live, "150      75  40.0%  20.0%"));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "workflows", "list", NULL});
    cJSON *root = cJSON_Parse(r.out);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_int_equal(cJSON_GetArraySize(data), 2);
    assert_string_equal(str(cJSON_GetArrayItem(data, 0), "status"), "live");
    assert_string_equal(str(cJSON_GetArrayItem(data, 1), "status"), "draft");
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(data, 0), "emails"),
                                        0);
    assert_string_equal(str(e, "subject"), "Welcome!");
    assert_int_equal((int)num(cJSON_GetObjectItem(e, "stats"), "opened"), 150);
    cJSON_Delete(root);
    runproc_free(&r);
}

static void test_stats_days(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"workflows", "stats", "3001", "--days", "7", NULL});
    assert_int_equal(r.status, 0);
    cJSON *e = last_entry(f, "/fetch/workflows/3001/stats");
    assert_non_null(strstr(str(e, "query"), "days=7"));
    cJSON_Delete(e);
    assert_non_null(strstr(r.out, "Statistics of workflow 3001\n"));
    assert_non_null(strstr(r.out, "\n  days: 7\n"));
    assert_non_null(strstr(r.out, "\n    - id: 7011\n      subject: Welcome!\n      stats:\n"));
    assert_non_null(strstr(r.out, "        open_rate: "));
    runproc_free(&r);
    /* --json: the record as Bento sent it, every key */
    run(f, &r, (const char *const[]){"--json", "workflows", "stats", "3001", "--days", "90", NULL});
    cJSON *root = cJSON_Parse(r.out);
    const cJSON *attrs = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "data"), "attributes");
    assert_int_equal((int)num(attrs, "days"), 90);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(attrs, "email_templates"), 0);
    assert_true(num(cJSON_GetObjectItem(first, "stats"), "sent") > 0);
    cJSON_Delete(root);
    runproc_free(&r);
}

static void test_stats_dates(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r,
        (const char *const[]){"workflows", "stats", "3001", "--from", "2026-01-01", "--to",
                              "2026-01-31", NULL});
    assert_int_equal(r.status, 0);
    cJSON *e = last_entry(f, "/fetch/workflows/3001/stats");
    assert_non_null(strstr(str(e, "query"), "start_date=2026-01-01&end_date=2026-01-31"));
    cJSON_Delete(e);
    assert_non_null(strstr(r.out, "  start_date: 2026-01-01\n  end_date: 2026-01-31\n"));
    assert_non_null(strstr(r.out, "  days: 31\n"));
    runproc_free(&r);
}

/* One date alone, --days with dates, a bad day: refused before sending. */
static void test_stats_refused_before_sending(void **state)
{
    struct fixture *f = *state;
    const char *const *const cases[] = {
        (const char *const[]){"workflows", "stats", "3001", "--from", "2026-01-01", NULL},
        (const char *const[]){"workflows", "stats", "3001", "--to", "2026-01-31", NULL},
        (const char *const[]){"workflows", "stats", "3001", "--days", "7", "--from", "2026-01-01",
                              "--to", "2026-01-31", NULL},
        (const char *const[]){"workflows", "stats", "3001", "--from", "2026-13-01", "--to",
                              "2026-01-31", NULL},
        (const char *const[]){"workflows", "stats", "3001", "--days", "0", NULL},
        (const char *const[]){"workflows", "stats", "3001", "--days", "7d", NULL},
    };
    const int codes[] = {2, 2, 2, 6, 6, 6};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct runproc r;
        double t0 = reliability_now();
        run(f, &r, cases[i]);
        double took = reliability_now() - t0;
        assert_int_equal(r.status, codes[i]);
        assert_non_null(strstr(r.err, "error: "));
        if (i == 0) {
            assert_non_null(strstr(r.err, "Give --from and --to together, or neither"));
            reliability_record("Input", "workflows stats with --from and no --to", took, r.err);
        }
        runproc_free(&r);
    }
    assert_int_equal(simproc_journal_count(&f->sim, "GET", STATS_PATH), 0);
}

static void test_stats_invalid_range(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r,
        (const char *const[]){"workflows", "stats", "3001", "--from", "2026-02-01", "--to",
                              "2026-01-01", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 6);
    one_line(r.err);
    assert_non_null(strstr(r.err, "(422)"));
    assert_non_null(strstr(r.err, "Invalid date range"));
    assert_int_equal(simproc_journal_count(&f->sim, "GET", STATS_PATH), 1);
    reliability_record("Input", "workflows stats: Bento answers 422 Invalid date range", took,
                       r.err);
    runproc_free(&r);
    run(f, &r,
        (const char *const[]){"--json", "workflows", "stats", "3001", "--from", "2026-02-01",
                              "--to", "2026-01-01", NULL});
    assert_int_equal(r.status, 6);
    cJSON *root = cJSON_Parse(r.err);
    assert_non_null(root);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "success")));
    assert_string_equal(str(cJSON_GetObjectItem(root, "meta"), "detail"), "Invalid date range");
    cJSON_Delete(root);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"workflows", "stats", "9", NULL});
    assert_int_equal(r.status, 4);
    one_line(r.err);
    assert_non_null(strstr(r.err, "Workflow 9 not found (404)"));
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sequences_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequences_list_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequences_repeated_page, setup_repeated_page,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_add_email_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_email_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_email_refused_before_sending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_email_unknown_sequence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_email_refused_by_bento, setup_hostile_422,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_workflows_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_refused_before_sending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_invalid_range, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
