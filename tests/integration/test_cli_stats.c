/* `stats segment|report|ads` and `forms responses` against a real
 * bento-sim: what they print (text, --json, --csv, charts sized to
 * $COLUMNS, ASCII under LANG=C and NO_COLOR), what the simulator
 * received (its journal), values refused before anything is sent, the
 * stats budget running out, and a report whose data is a number where
 * a list was expected and the reverse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "bento/utf8.h"
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
    return setup_with(state, (const char *const[]){"--rate-limit", "off", NULL});
}

static int setup_swap(void **state)
{
    return setup_with(
        state, (const char *const[]){"--rate-limit", "off", "--fault", "/stats/report:swap", NULL});
}

static int setup_hostile(void **state)
{
    return setup_with(state,
                      (const char *const[]){"--rate-limit", "off", "--seed", "hostile", NULL});
}

/* One stats call an hour, as if the budget were nearly spent. */
static int setup_budget(void **state)
{
    return setup_with(state, (const char *const[]){"--rate-limit", "1/3600000", NULL});
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void run_env(struct fixture *f, struct runproc *r, const char *const *env,
                    const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, env, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static void run(struct fixture *f, struct runproc *r, const char *const *words)
{
    run_env(f, r, NULL, words);
}

/* stderr is one line ending in a newline, with no escape byte. */
static void one_line(const char *err)
{
    const char *nl = strchr(err, '\n');
    assert_non_null(nl);
    assert_int_equal(nl[1], '\0');
    assert_null(strchr(err, '\x1b'));
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

/* The query of the last journal entry on path (caller frees). */
static char *last_query(struct fixture *f, const char *path)
{
    cJSON *journal = simproc_journal(&f->sim);
    char *q = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, journal) {
        if (str(e, "path") && strcmp(str(e, "path"), path) == 0) {
            free(q);
            q = str(e, "query") ? strdup(str(e, "query")) : NULL;
        }
    }
    cJSON_Delete(journal);
    assert_non_null(q);
    return q;
}

static cJSON *success(const struct runproc *r)
{
    cJSON *root = cJSON_Parse(r->out);
    assert_non_null(root);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "success")));
    return root;
}

/* Every line at most `width` characters; ASCII only when ascii. */
static void fits(const char *text, int width, bool ascii)
{
    int cells = 0;
    uint32_t cp;
    for (size_t n = strlen(text), st; (st = bento_utf8_step(text, n, &cp)); text += st, n -= st) {
        if (ascii)
            assert_true(cp < 0x80);
        cells = *text == '\n' ? 0 : cells + 1;
        if (cells > width)
            fail_msg("a line is wider than %d", width);
    }
}

/* ---- stats segment ---- */

static void test_segment(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "segment", "1201", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "Segment 1201\nPeople:        1,840\nSubscribed:    1,795\n"
                               "Unsubscribed:  45\n");
    runproc_free(&r);
    char *q = last_query(f, "/stats/segment");
    assert_non_null(strstr(q, "segment_id=1201"));
    free(q);
    run(f, &r, (const char *const[]){"--json", "stats", "segment", "1202", NULL});
    cJSON *root = success(&r);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_int_equal((int)num(data, "user_count"), 412);
    assert_int_equal((int)num(data, "unsubscriber_count"), 14);
    assert_string_equal(str(cJSON_GetObjectItem(root, "meta"), "segment_id"), "1202");
    cJSON_Delete(root);
    runproc_free(&r);
}

static void test_unknown_ids(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"stats", "report", "999", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 4);
    assert_string_equal(r.out, "");
    one_line(r.err);
    assert_non_null(
        strstr(r.err, "Report 999 not found (404): take the id from the report's page"));
    reliability_record("Output", "stats report: an id Bento does not know", took, r.err);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "segment", "nope", NULL});
    assert_int_equal(r.status, 4);
    one_line(r.err);
    assert_non_null(strstr(r.err, "Segment nope not found (404)"));
    runproc_free(&r);
    /* an unknown form has no responses */
    run(f, &r, (const char *const[]){"forms", "responses", "no-such-form", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "Form no-such-form: 0 responses\n");
    runproc_free(&r);
}

/* Refused before anything is sent. */
static void test_values_refused(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "ads", "--dimension", "country", NULL});
    assert_int_equal(r.status, 6);
    one_line(r.err);
    assert_non_null(strstr(r.err, "--dimension \"country\" is not one of source,campaign"));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "ads", "--revenue-mode", "most", NULL});
    assert_int_equal(r.status, 6);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "30\x1b[2J", NULL});
    assert_int_equal(r.status, 6);
    one_line(r.err);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "--chart", NULL});
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "301", "--chart", "--csv", NULL});
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"forms", "responses", NULL});
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "/stats/*"), 0);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "/fetch/responses"), 0);
}

/* ---- stats report ---- */

static void test_report_counter(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "report", "301", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "Report 301: Visitors this month (counter)\nValue: 48,213\n");
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "stats", "report", "301", NULL});
    cJSON *root = success(&r);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_int_equal((int)num(data, "data"), 48213);
    assert_string_equal(str(data, "chart_style"), "counter");
    assert_string_equal(str(data, "type"), "Reporting::Reports::VisitorCountReport");
    cJSON_Delete(root);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "301", "--csv", NULL});
    assert_string_equal(r.out, "value\r\n48213\r\n");
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "301", "--chart", NULL});
    assert_non_null(strstr(r.out, "Visitors this month (counter)\n\n█ █ ███"));
    assert_non_null(strstr(r.out, "\n48,213\n"));
    runproc_free(&r);
}

static void test_report_table(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "report", "302", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Report 302: Signups by source (column_chart)\n"
                                  "x           Organic  Paid  Referral\n"
                                  "2026-01-05      438   123        59\n"));
    assert_non_null(strstr(r.out, "\n2026-12-01      698"));
    runproc_free(&r);
    char *q = last_query(f, "/stats/report");
    assert_non_null(strstr(q, "report_id=302"));
    free(q);
    run(f, &r, (const char *const[]){"stats", "report", "303", "--csv", NULL});
    assert_true(strncmp(r.out, "group,x,y\r\nSubscribed,2026-01-05,", 33) == 0);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "stats", "report", "304", NULL});
    cJSON *root = success(&r);
    const cJSON *points = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "data"), "data");
    assert_int_equal(cJSON_GetArraySize(points), 104);
    assert_string_equal(str(points->child, "g"), "Opens");
    assert_string_equal(str(points->child, "x"), "2026-01-05");
    cJSON_Delete(root);
    runproc_free(&r);
}

static void test_report_chart(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run_env(f, &r, (const char *const[]){"COLUMNS=60", NULL},
            (const char *const[]){"stats", "report", "302", "--chart", NULL});
    assert_int_equal(r.status, 0);
    fits(r.out, 60, false);
    assert_true(strncmp(r.out, "Signups by source (column chart)\n", 33) == 0);
    assert_non_null(strstr(r.out, "█ Organic  ▓ Paid  ▒ Referral\n"));
    assert_non_null(strstr(r.out, "┤"));
    runproc_free(&r);
    /* no COLUMNS: 80 */
    run_env(f, &r, (const char *const[]){"COLUMNS", NULL},
            (const char *const[]){"stats", "report", "304", "--chart", NULL});
    fits(r.out, 80, false);
    assert_non_null(strstr(r.out, "● Opens  ▲ Clicks\n"));
    runproc_free(&r);
    /* LANG=C and NO_COLOR: plain ASCII */
    run_env(f, &r, (const char *const[]){"LC_ALL=C", "LANG=C", NULL},
            (const char *const[]){"stats", "report", "303", "--chart", NULL});
    assert_int_equal(r.status, 0);
    fits(r.out, 80, true);
    assert_non_null(strstr(r.out, "# Subscribed  = Unsubscribed\n"));
    runproc_free(&r);
    run_env(f, &r, (const char *const[]){"NO_COLOR=1", NULL},
            (const char *const[]){"stats", "report", "304", "--chart", NULL});
    fits(r.out, 80, true);
    assert_non_null(strstr(r.out, "* Opens  + Clicks\n"));
    runproc_free(&r);
}

/* The server answers a number for a chart and points for a counter. */
static void test_report_swapped(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"stats", "report", "302", "--chart", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "One number sent for a column chart: shown as a counter\n"));
    assert_non_null(strstr(r.out, "\n7,316\n"));
    reliability_record("Output", "stats report: a number where a chart's points were expected",
                       took, strchr(r.out, '\n') + 1);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "302", NULL});
    assert_string_equal(r.out, "Report 302: Signups by source (column_chart)\nValue: 7,316\n");
    runproc_free(&r);
    t0 = reliability_now();
    run(f, &r, (const char *const[]){"stats", "report", "301", "--chart", NULL});
    took = reliability_now() - t0;
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Points sent for a counter: drawn as columns\n"));
    assert_non_null(strstr(r.out, "█ All\n"));
    reliability_record("Output", "stats report: points where a counter's number was expected", took,
                       strchr(r.out, '\n') + 1);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "stats", "report", "301", NULL});
    cJSON *root = success(&r);
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "data"), "data")));
    cJSON_Delete(root);
    runproc_free(&r);
}

/* Escape sequences in a report's name and groups are shown, not run. */
static void test_report_hostile(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "report", "399", "--chart", NULL});
    assert_int_equal(r.status, 0);
    assert_null(strchr(r.out, '\x1b'));
    assert_null(strchr(r.out, '\x07'));
    assert_non_null(strstr(r.out, "evil\\e]0;pwned"));
    reliability_record("Output", "stats report --chart: escape sequences in names and groups", -1,
                       r.out);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"stats", "report", "399", NULL});
    assert_null(strchr(r.out, '\x1b'));
    runproc_free(&r);
}

/* ---- stats ads ---- */

static void test_ads(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run_env(f, &r, (const char *const[]){"COLUMNS=80", NULL},
            (const char *const[]){"stats", "ads", NULL});
    assert_int_equal(r.status, 0);
    fits(r.out, 80, false);
    assert_non_null(strstr(r.out, "Ads attribution by Source (First touch, 30-day window); "
                                  "All revenue\nSignups      2,319\nCustomers    226 (9.7%)\n"
                                  "Revenue      USD 53,790.00 EUR 6,480.00\n"
                                  "Top source   (direct)\n"));
    /* the breakdown, a bar per row: the largest the longest */
    const char *direct = strstr(r.out, "\n(direct)  "), *twitter = strstr(r.out, "\nTwitter  ");
    assert_non_null(direct);
    assert_non_null(twitter);
    assert_non_null(strstr(direct, "1,204         88     USD 21,120.00  ███"));
    assert_non_null(strstr(twitter, "USD 270.00  ▉\n"));
    runproc_free(&r);
    char *q = last_query(f, "/stats/ads");
    assert_null(strstr(q, "dimension"));
    free(q);
    run(f, &r,
        (const char *const[]){"stats", "ads", "--dimension", "campaign", "--value", "spring_sale",
                              "--from", "last week", "--to", "now", "--revenue-mode",
                              "subscriptions", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Ads attribution by Campaign"));
    assert_non_null(strstr(r.out, "; Subscriptions\n"));
    assert_non_null(strstr(r.out, "Spring sale"));
    assert_null(strstr(r.out, "Black Friday  "));
    runproc_free(&r);
    q = last_query(f, "/stats/ads");
    assert_non_null(strstr(q, "dimension=campaign&value=spring_sale&start_date=last%20week&"
                              "end_date=now&revenue_mode=subscriptions"));
    free(q);
}

static void test_ads_csv_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "ads", "--dimension", "medium", "--csv", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(
        r.out, "key,label,signups,customers,customer_rate,revenue_cents,revenue_currency\r\n"
               "cpc,cpc,856,95,11.0,2280000,USD\r\n"
               "email,email,198,40,20.2,960000,USD\r\n"
               "social,social,405,34,8.3,771000,USD\r\n");
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "stats", "ads", "--dimension", "ad", NULL});
    cJSON *root = success(&r);
    const cJSON *data = cJSON_GetObjectItem(root, "data");
    assert_string_equal(str(data, "dimension"), "ad");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(data, "breakdown")), 3);
    assert_int_equal((int)num(cJSON_GetObjectItem(data, "totals"), "signups"), 856);
    assert_string_equal(str(cJSON_GetObjectItem(root, "meta"), "dimension"), "ad");
    cJSON_Delete(root);
    runproc_free(&r);
}

/* ---- forms responses ---- */

static void test_forms(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"forms", "responses", "newsletter-signup", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Form newsletter-signup: 3 responses\n\n"
                                  "2026-11-28 09:14  ada@example.com               London, GB\n"
                                  "  page       https://demo.example.com/blog/launch\n"
                                  "  name       Ada Lovelace\n"));
    runproc_free(&r);
    char *q = last_query(f, "/fetch/responses");
    assert_non_null(strstr(q, "id=newsletter-signup"));
    free(q);
    run(f, &r, (const char *const[]){"forms", "responses", "demo-request", "--csv", NULL});
    assert_true(strncmp(r.out, "id,date,email,url,ip,city,country,name,message\r\n8201,", 53) == 0);
    assert_non_null(strstr(r.out, ",Jean Bartik,Looking for a Mailchimp replacement.\r\n"));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "forms", "responses", "demo-request", NULL});
    cJSON *root = success(&r);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "data"), 0);
    assert_string_equal(str(first, "email"), "kay@example.com");
    assert_string_equal(str(cJSON_GetObjectItem(first, "fields"), "name"), "Kay McNulty");
    assert_int_equal((int)num(cJSON_GetObjectItem(root, "meta"), "count"), 2);
    cJSON_Delete(root);
    runproc_free(&r);
}

/* ---- the stats budget ---- */

static void test_budget(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"stats", "report", "301", NULL});
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"stats", "report", "302", "--chart", NULL});
    double took = reliability_now() - t0;
    assert_int_equal(r.status, 4); /* as other 429s */
    assert_string_equal(r.out, "");
    one_line(r.err);
    assert_non_null(strstr(r.err, "Bento's stats budget is used up (429; about 60 stats calls an "
                                  "hour): it refills at "));
    reliability_record("Deadlines", "stats report: the hourly stats budget is used up", took,
                       r.err);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"--json", "stats", "ads", NULL});
    assert_int_equal(r.status, 4);
    cJSON *root = cJSON_Parse(r.err);
    assert_non_null(root);
    assert_non_null(strstr(str(root, "error"), "stats budget is used up"));
    assert_string_equal(str(cJSON_GetObjectItem(root, "meta"), "code"), "rate_limited");
    cJSON_Delete(root);
    runproc_free(&r);
    /* form responses are a fetch: another family, not held back */
    run(f, &r, (const char *const[]){"forms", "responses", "demo-request", NULL});
    assert_int_equal(r.status, 0);
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_segment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_chart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_swapped, setup_swap, teardown),
        cmocka_unit_test_setup_teardown(test_report_hostile, setup_hostile, teardown),
        cmocka_unit_test_setup_teardown(test_ads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ads_csv_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_budget, setup_budget, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
