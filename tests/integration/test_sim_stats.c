/* bento-sim: segment, report and ads statistics and form responses over
 * real HTTP (bento-api.md 3.8 #21, 3.9 #24-#26): the shapes of the
 * reference, the required ids, unknown ids, the stats family's budget
 * and the swap fault that answers a report's data in the other shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "simhttp.h"
#include "simproc.h"

static struct simproc sim;

static int start_with(const char *const *args)
{
    return simproc_start(&sim, args);
}

static int setup(void **state)
{
    return start_with((const char *const[]){"--rate-limit", "off", NULL});
}

static int setup_swap(void **state)
{
    return start_with(
        (const char *const[]){"--rate-limit", "off", "--fault", "/stats/report:swap", NULL});
}

static int teardown(void **state)
{
    simproc_stop(&sim);
    return 0;
}

static cJSON *call(const char *path, long want)
{
    long status = 0;
    cJSON *j = simhttp_call(sim.base_url, "GET", path, NULL, &status);
    if (status != want)
        fail_msg("GET %s: status %ld, want %ld", path, status, want);
    assert_non_null(j);
    return j;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(o, key);
    if (!cJSON_IsNumber(n))
        fail_msg("%s is not a number", key);
    return n->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static void test_segment(void **state)
{
    cJSON *j = call("/stats/segment?segment_id=1201", 200);
    assert_int_equal((int)num(j, "user_count"), 1840);
    assert_int_equal((int)num(j, "subscriber_count"), 1795);
    assert_int_equal((int)num(j, "unsubscriber_count"), 45);
    cJSON_Delete(j);
    j = call("/stats/segment?segment_id=nope", 404);
    assert_string_equal(str(j, "error"), "Segment not found");
    cJSON_Delete(j);
    j = call("/stats/segment", 400);
    assert_non_null(strstr(str(j, "error"), "segment_id"));
    cJSON_Delete(j);
}

/* Every chart point is {g, x, y}; each group has the same x values. */
static void check_chart(const char *id, const char *style, int groups, int points)
{
    char path[64];
    snprintf(path, sizeof path, "/stats/report?report_id=%s", id);
    cJSON *j = call(path, 200);
    assert_string_equal(str(j, "chart_style"), style);
    assert_non_null(str(j, "report_name"));
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_IsArray(data));
    assert_int_equal(cJSON_GetArraySize(data), groups * points);
    const cJSON *p, *first = data->child;
    int in_first = 0;
    cJSON_ArrayForEach(p, data) {
        assert_non_null(str(p, "g"));
        assert_int_equal(strlen(str(p, "x")), 10);
        assert_true(num(p, "y") > 0);
        in_first += strcmp(str(p, "g"), str(first, "g")) == 0;
    }
    assert_int_equal(in_first, points);
    assert_string_equal(str(first, "x"), "2026-01-05");
    cJSON_Delete(j);
}

static void test_reports(void **state)
{
    cJSON *j = call("/stats/report?report_id=301", 200);
    assert_int_equal((int)num(j, "data"), 48213);
    assert_string_equal(str(j, "chart_style"), "counter");
    assert_string_equal(str(j, "report_type"), "Reporting::Reports::VisitorCountReport");
    assert_string_equal(str(j, "report_name"), "Visitors this month");
    cJSON_Delete(j);
    check_chart("302", "column_chart", 3, 12);
    check_chart("303", "area_chart", 2, 52);
    check_chart("304", "line_chart", 2, 52);
    j = call("/stats/report?report_id=999", 404);
    assert_string_equal(str(j, "error"), "Report not found");
    cJSON_Delete(j);
    /* the hostile report only exists with --seed hostile */
    cJSON_Delete(call("/stats/report?report_id=399", 404));
    cJSON_Delete(call("/stats/report", 400));
}

static void test_report_swap(void **state)
{
    cJSON *j = call("/stats/report?report_id=301", 200);
    assert_string_equal(str(j, "chart_style"), "counter");
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(j, "data")));
    cJSON_Delete(j);
    j = call("/stats/report?report_id=302", 200);
    assert_string_equal(str(j, "chart_style"), "column_chart");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(j, "data")));
    cJSON_Delete(j);
}

static void test_ads(void **state)
{
    cJSON *j = call("/stats/ads", 200);
    assert_string_equal(str(j, "dimension"), "source");
    assert_string_equal(str(j, "dimensionLabel"), "Source");
    const cJSON *t = cJSON_GetObjectItem(j, "totals");
    assert_int_equal((int)num(t, "signups"), 2319);
    assert_int_equal((int)num(t, "customers"), 226);
    assert_int_equal((int)num(cJSON_GetObjectItem(t, "revenueByCurrency"), "EUR"), 648000);
    assert_string_equal(str(t, "topSource"), "(direct)");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "breakdown")), 5);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "chartData")), 14);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "attribution"), "windowDays"));
    assert_string_equal(str(cJSON_GetObjectItem(j, "revenueMode"), "mode"), "all_revenue");
    cJSON_Delete(j);
    j = call("/stats/ads?dimension=campaign&value=spring_sale&revenue_mode=subscriptions"
             "&start_date=last%20week&end_date=now",
             200);
    const cJSON *rows = cJSON_GetObjectItem(j, "breakdown");
    assert_int_equal(cJSON_GetArraySize(rows), 1);
    assert_string_equal(str(rows->child, "label"), "Spring sale");
    assert_int_equal((int)num(rows->child, "revenueCents"), 1248000 * 4 / 10);
    cJSON_Delete(j);
    j = call("/stats/ads?dimension=country", 422);
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "errors"), 0);
    assert_string_equal(str(e, "field"), "dimension");
    cJSON_Delete(j);
    cJSON_Delete(call("/stats/ads?revenue_mode=most", 422));
}

static void test_form_responses(void **state)
{
    cJSON *j = call("/fetch/responses?id=newsletter-signup", 200);
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_int_equal(cJSON_GetArraySize(data), 3);
    const cJSON *a = cJSON_GetObjectItem(data->child, "attributes");
    assert_non_null(str(a, "uuid"));
    const cJSON *d = cJSON_GetObjectItem(a, "data");
    assert_string_equal(str(cJSON_GetObjectItem(d, "identity"), "email"), "ada@example.com");
    assert_string_equal(str(cJSON_GetObjectItem(d, "page"), "path"), "/blog/launch");
    assert_string_equal(str(cJSON_GetObjectItem(d, "fields"), "name"), "Ada Lovelace");
    cJSON_Delete(j);
    j = call("/fetch/responses?id=demo-request", 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 2);
    cJSON_Delete(j);
    j = call("/fetch/responses?id=no-such-form", 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")), 0);
    cJSON_Delete(j);
    cJSON_Delete(call("/fetch/responses", 400));
}

/* Same auth and family as every path: stats share the 60-an-hour
 * budget; form responses are a fetch. */
static void test_auth_and_budget(void **state)
{
    struct simproc sp;
    assert_int_equal(simproc_start(&sp, NULL), 0);
    struct simhttp_opts bad = {.pass = "wrong"};
    struct simhttp_resp r;
    simhttp(sp.base_url, "GET", "/stats/report?report_id=301", NULL, &bad, &r);
    assert_int_equal(r.status, 401);
    simhttp_free(&r);
    static const char *const paths[] = {"/stats/site", "/stats/segment?segment_id=1201",
                                        "/stats/report?report_id=302", "/stats/ads"};
    long st = 0;
    for (int i = 0; i < 60; i++)
        cJSON_Delete(simhttp_call(sp.base_url, "GET", paths[i % 4], NULL, &st));
    assert_int_equal(st, 200);
    simhttp(sp.base_url, "GET", "/stats/ads", NULL, NULL, &r);
    assert_int_equal(r.status, 429);
    assert_true(atoi(r.retry_after) > 3000);
    simhttp_free(&r);
    cJSON_Delete(simhttp_call(sp.base_url, "GET", "/fetch/responses?id=demo-request", NULL, &st));
    assert_int_equal(st, 200);
    assert_int_equal(simproc_journal_count(&sp, "GET", "/stats/*"), 62);
    simproc_stop(&sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_segment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_swap, setup_swap, teardown),
        cmocka_unit_test_setup_teardown(test_ads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_form_responses, setup, teardown),
        cmocka_unit_test(test_auth_and_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
