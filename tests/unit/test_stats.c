/* Decoders of stats.h on every shape the reference lists: segment
 * counts, a report's data as a number or a list whatever its chart
 * style says, the DOTNET report_data wrapper, Chartkick series, ads
 * attribution in camelCase and snake_case, and form responses; and the
 * requests' paths and queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bento/request.h"
#include "bento/stats.h"
#include "core/request_internal.h"

static void report(const char *json, struct bento_report *r)
{
    struct bento_error err;
    assert_int_equal(bento_stats_decode_report_text(json, strlen(json), r, &err), 0);
}

static void test_counter(void **state)
{
    struct bento_report r;
    report("{\"data\": 42, \"chart_style\": \"counter\", \"report_type\": "
           "\"Reporting::Reports::VisitorCountReport\", \"report_name\": \"API Report\"}",
           &r);
    assert_int_equal(r.style, BENTO_CHART_COUNTER);
    assert_true(r.has_number);
    assert_false(r.has_points);
    assert_true(r.number == 42);
    assert_string_equal(r.name, "API Report");
    assert_string_equal(r.type, "Reporting::Reports::VisitorCountReport");
    bento_report_free(&r);
    /* a numeric string, wrapped as DOTNET does */
    report("{\"report_data\": {\"data\": \"17.5\", \"chart_style\": \"counter\"}}", &r);
    assert_true(r.has_number);
    assert_true(r.number == 17.5);
    bento_report_free(&r);
}

static void test_chart_points(void **state)
{
    struct bento_report r;
    report("{\"data\": [{\"g\": \"Paid\", \"x\": \"2026-01-05\", \"y\": 3},"
           " {\"g\": 7, \"x\": \"2026-01-06\", \"y\": \"4\"},"
           " {\"x\": \"2026-01-07\", \"y\": null}, {\"g\": \"Paid\", \"y\": 5}, 12],"
           " \"chart_style\": \"line_chart\"}",
           &r);
    assert_int_equal(r.style, BENTO_CHART_LINE);
    assert_true(r.has_points);
    assert_false(r.has_number);
    assert_int_equal(r.point_count, 3); /* null y and a bare number are left out */
    assert_string_equal(r.points[0].group, "Paid");
    assert_string_equal(r.points[0].x, "2026-01-05");
    assert_string_equal(r.points[1].group, "7");
    assert_true(r.points[1].y == 4);
    assert_null(r.points[2].x);
    bento_report_free(&r);
}

/* The style says one thing, data another: both are kept. */
static void test_mismatch(void **state)
{
    struct bento_report r;
    report("{\"data\": 9, \"chart_style\": \"column_chart\"}", &r);
    assert_int_equal(r.style, BENTO_CHART_COLUMN);
    assert_true(r.has_number);
    bento_report_free(&r);
    report("{\"data\": [{\"g\":\"a\",\"x\":\"1\",\"y\":1}], \"chart_style\": \"counter\"}", &r);
    assert_int_equal(r.style, BENTO_CHART_COUNTER);
    assert_true(r.has_points);
    assert_int_equal(r.point_count, 1);
    bento_report_free(&r);
    report("{\"data\": [], \"chart_style\": \"area_chart\"}", &r);
    assert_true(r.has_points);
    assert_int_equal(r.point_count, 0);
    bento_report_free(&r);
    report("{\"chart_style\": \"pie_chart\"}", &r);
    assert_int_equal(r.style, BENTO_CHART_UNKNOWN);
    assert_string_equal(r.style_text, "pie_chart");
    assert_false(r.has_number || r.has_points);
    bento_report_free(&r);
}

static void test_chartkick(void **state)
{
    struct bento_report r;
    report("{\"data\": [{\"name\": \"Opens\", \"data\": {\"2026-01\": 5, \"2026-02\": 6}},"
           " {\"name\": \"Clicks\", \"data\": [[\"2026-01\", 1], [\"2026-02\", 2]]}]}",
           &r);
    assert_int_equal(r.point_count, 4);
    assert_string_equal(r.points[1].group, "Opens");
    assert_string_equal(r.points[1].x, "2026-02");
    assert_string_equal(r.points[3].group, "Clicks");
    assert_true(r.points[3].y == 2);
    bento_report_free(&r);
    report("{\"data\": {\"2026-01\": 5, \"2026-02\": 6}}", &r);
    assert_int_equal(r.point_count, 2);
    assert_null(r.points[0].group);
    bento_report_free(&r);
}

static void test_not_json(void **state)
{
    struct bento_report r;
    struct bento_error err;
    assert_int_equal(bento_stats_decode_report_text("<html>", 6, &r, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    struct bento_ads_stats a;
    assert_int_equal(bento_stats_decode_ads_text("[1]", 3, &a, &err), -1);
    struct bento_form_responses f;
    assert_int_equal(bento_stats_decode_responses_text("nope", 4, &f, &err), -1);
}

static void test_segment(void **state)
{
    struct bento_site_stats s;
    struct bento_error err;
    cJSON *j = cJSON_Parse("{\"user_count\": 10, \"subscriber_count\": \"8\"}");
    assert_int_equal(bento_stats_decode_segment(j, &s, &err), 0);
    assert_int_equal(s.user_count, 10);
    assert_int_equal(s.subscriber_count, 8);
    assert_int_equal(s.unsubscriber_count, -1);
    cJSON_Delete(j);
}

static const char ads_camel[] =
    "{\"dimension\":\"source\",\"dimensionLabel\":\"Source\",\"attribution\":{\"mode\":\"first_"
    "touch\",\"modeLabel\":\"First touch\",\"windowDays\":30},\"revenueMode\":{\"mode\":\"all_"
    "revenue\",\"label\":\"All revenue\"},\"totals\":{\"signups\":100,\"customers\":\"9\","
    "\"revenueCents\":5000,\"revenueCurrency\":\"USD\",\"revenueByCurrency\":{\"USD\":5000,"
    "\"EUR\":120},\"revenueVisitorCount\":700,\"customerRate\":9.0,\"topSource\":\"google\"},"
    "\"chartData\":[{\"x\":\"2026-01-01\"}],\"breakdown\":[{\"key\":\"google\",\"label\":"
    "\"Google\",\"signups\":60,\"customers\":5,\"revenueCents\":3000},{\"label\":\"(direct)\","
    "\"signups\":40}],\"revenueTruncated\":true}";

static void test_ads(void **state)
{
    struct bento_ads_stats a;
    struct bento_error err;
    assert_int_equal(bento_stats_decode_ads_text(ads_camel, strlen(ads_camel), &a, &err), 0);
    assert_string_equal(a.dimension, "source");
    assert_string_equal(a.attribution_label, "First touch");
    assert_int_equal(a.window_days, 30);
    assert_string_equal(a.revenue_mode, "all_revenue");
    assert_int_equal(a.totals.signups, 100);
    assert_int_equal(a.totals.customers, 9);
    assert_int_equal(a.totals.currency_count, 2);
    assert_string_equal(a.totals.by_currency[1].currency, "EUR");
    assert_int_equal(a.totals.by_currency[1].cents, 120);
    assert_string_equal(a.totals.top_source, "google");
    assert_int_equal(a.row_count, 2);
    assert_int_equal(a.rows[1].customers, -1);
    assert_null(a.rows[1].key);
    assert_int_equal(a.chart_points, 1);
    assert_true(a.revenue_truncated);
    bento_ads_stats_free(&a);
    /* snake_case, under "data", with a revenue mode given as a string */
    static const char snake[] = "{\"data\":{\"revenue_mode\":\"subscriptions\",\"totals\":{"
                                "\"revenue_cents\":7},\"breakdown\":[]}}";
    assert_int_equal(bento_stats_decode_ads_text(snake, strlen(snake), &a, &err), 0);
    assert_string_equal(a.revenue_mode, "subscriptions");
    assert_int_equal(a.totals.revenue_cents, 7);
    assert_int_equal(a.totals.signups, -1);
    assert_int_equal(a.row_count, 0);
    bento_ads_stats_free(&a);
    assert_int_equal(bento_stats_decode_ads_text("{}", 2, &a, &err), 0);
    assert_int_equal(a.window_days, -1);
    bento_ads_stats_free(&a);
}

static void test_responses(void **state)
{
    static const char node[] =
        "{\"data\":[{\"id\":8101,\"type\":\"form_responses\",\"attributes\":{\"uuid\":\"u1\","
        "\"data\":{\"date\":\"2026-11-28\",\"fields\":{\"name\":\"Ada\",\"age\":36,\"tags\":["
        "\"a\"],\"none\":null},\"identity\":{\"email\":\"ada@example.com\"},\"ip\":\"1.2.3.4\","
        "\"location\":{\"city\":\"London\",\"country\":\"GB\"},\"page\":{\"url\":\"https://x/\"}"
        "}}},{\"id\":\"8102\",\"attributes\":{\"email\":\"b@example.com\"}}]}";
    struct bento_form_responses f;
    struct bento_error err;
    assert_int_equal(bento_stats_decode_responses_text(node, strlen(node), &f, &err), 0);
    assert_int_equal(f.count, 2);
    assert_string_equal(f.items[0].id, "8101");
    assert_string_equal(f.items[0].uuid, "u1");
    assert_string_equal(f.items[0].email, "ada@example.com");
    assert_string_equal(f.items[0].city, "London");
    assert_string_equal(f.items[0].url, "https://x/");
    assert_int_equal(f.items[0].field_count, 3);
    assert_string_equal(f.items[0].fields[1].value, "36");
    assert_string_equal(f.items[0].fields[2].value, "[\"a\"]");
    assert_string_equal(f.items[1].email, "b@example.com");
    bento_form_responses_free(&f);
    assert_int_equal(bento_stats_decode_responses_text("{\"data\":null}", 13, &f, &err), 0);
    assert_int_equal(f.count, 0);
    assert_int_equal(bento_stats_decode_responses_text("[{\"id\":1}]", 10, &f, &err), 0);
    assert_int_equal(f.count, 1);
    bento_form_responses_free(&f);
}

static void test_requests(void **state)
{
    struct bento_request *r = bento_request_stats_report("30 1");
    assert_non_null(r);
    assert_string_equal(r->path, "/stats/report");
    assert_string_equal(r->query, "report_id=30%201");
    assert_int_equal(r->family, BENTO_FAM_STATS);
    bento_request_free(r);
    assert_null(bento_request_stats_segment(""));
    assert_null(bento_request_form_responses(NULL));
    r = bento_request_form_responses("demo-request");
    assert_string_equal(r->path, "/fetch/responses");
    assert_string_equal(r->query, "id=demo-request");
    bento_request_free(r);
    struct bento_ads_query q = {.dimension = "campaign", .start_date = "last week", .end_date = ""};
    r = bento_request_stats_ads(&q);
    assert_string_equal(r->query, "dimension=campaign&start_date=last%20week");
    assert_int_equal(r->family, BENTO_FAM_STATS);
    bento_request_free(r);
    r = bento_request_stats_ads(NULL);
    assert_null(r->query);
    bento_request_free(r);
    assert_string_equal(bento_chart_style_name(BENTO_CHART_AREA), "area_chart");
    assert_null(bento_chart_style_name(BENTO_CHART_UNKNOWN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter),  cmocka_unit_test(test_chart_points),
        cmocka_unit_test(test_mismatch), cmocka_unit_test(test_chartkick),
        cmocka_unit_test(test_not_json), cmocka_unit_test(test_segment),
        cmocka_unit_test(test_ads),      cmocka_unit_test(test_responses),
        cmocka_unit_test(test_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
