/* bento_event_new: the /batch/events object both front ends send. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/event.h"

static void expect_json(cJSON *e, const char *want)
{
    assert_non_null(e);
    char *got = cJSON_PrintUnformatted(e);
    assert_string_equal(got, want);
    free(got);
    cJSON_Delete(e);
}

static void test_type_and_email_only(void **state)
{
    (void)state;
    expect_json(bento_event_new("$signup", "a@b.co", NULL, NULL, NULL),
                "{\"type\":\"$signup\",\"email\":\"a@b.co\"}");
}

static void test_all_members_in_order(void **state)
{
    (void)state;
    cJSON *fields = cJSON_CreateObject();
    cJSON_AddStringToObject(fields, "plan", "pro");
    cJSON *details = cJSON_Parse("{\"n\":1}");
    expect_json(bento_event_new("paid", "a@b.co", "2026-01-02", fields, details),
                "{\"type\":\"paid\",\"email\":\"a@b.co\",\"date\":\"2026-01-02\","
                "\"fields\":{\"plan\":\"pro\"},\"details\":{\"n\":1}}");
    /* fields are copied: the caller still owns them */
    assert_string_equal(cJSON_GetObjectItem(fields, "plan")->valuestring, "pro");
    cJSON_Delete(fields);
}

static void test_empty_fields_left_out(void **state)
{
    (void)state;
    cJSON *fields = cJSON_CreateObject();
    expect_json(bento_event_new("t", "a@b.co", NULL, fields, NULL),
                "{\"type\":\"t\",\"email\":\"a@b.co\"}");
    cJSON_Delete(fields);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_and_email_only),
        cmocka_unit_test(test_all_members_in_order),
        cmocka_unit_test(test_empty_fields_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
