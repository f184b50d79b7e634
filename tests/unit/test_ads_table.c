/* src/app/ads_table.c: what both front ends show of ads attribution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/ads_table.h"

static void test_money(void **state)
{
    char buf[64];
    (void)state;
    app_ads_money(buf, sizeof buf, "USD", 5379000);
    assert_string_equal(buf, "USD 53,790.00");
    app_ads_money(buf, sizeof buf, NULL, 4905);
    assert_string_equal(buf, "49.05");
    app_ads_money(buf, sizeof buf, "EUR", -50);
    assert_string_equal(buf, "EUR -0.50");
    app_ads_money(buf, sizeof buf, "EUR", -1250);
    assert_string_equal(buf, "EUR -12.50");
}

static void test_cycle(void **state)
{
    (void)state;
    assert_string_equal(app_ads_next(app_ads_dimensions, APP_ADS_DIMENSIONS, NULL), "source");
    assert_string_equal(app_ads_next(app_ads_dimensions, APP_ADS_DIMENSIONS, "source"), "campaign");
    assert_string_equal(app_ads_next(app_ads_dimensions, APP_ADS_DIMENSIONS, "ad"), "source");
    assert_string_equal(app_ads_next(app_ads_modes, APP_ADS_MODES, "nope"), "all_revenue");
    assert_true(app_ads_one_of(app_ads_modes, APP_ADS_MODES, "subscriptions"));
    assert_false(app_ads_one_of(app_ads_modes, APP_ADS_MODES, "Subscriptions"));
    assert_false(app_ads_one_of(app_ads_modes, APP_ADS_MODES, NULL));
}

static void test_rows(void **state)
{
    struct bento_ads_figures rows[3];
    (void)state;
    memset(rows, 0, sizeof rows);
    rows[0].label = "Google", rows[0].signups = 512;
    rows[1].key = "cpc", rows[1].label = "", rows[1].signups = 1204;
    rows[2].signups = -1;
    struct bento_ads_stats s = {.rows = rows, .row_count = 3};
    assert_string_equal(app_ads_row_label(&rows[0]), "Google");
    assert_string_equal(app_ads_row_label(&rows[1]), "cpc");
    assert_string_equal(app_ads_row_label(&rows[2]), "(none)");
    assert_int_equal(app_ads_max_signups(&s), 1204);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
