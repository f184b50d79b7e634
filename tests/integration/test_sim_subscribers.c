/* bento-sim: the subscriber behaviours the console relies on, each as
 * the reference describes it: email validation, and more below. */
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

static int start(const char *const *args)
{
    return simproc_start(&sim, args);
}

static int setup(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
    return start(args);
}

static int teardown(void **state)
{
    simproc_stop(&sim);
    return 0;
}

static cJSON *call(const char *method, const char *path, const char *body, long want)
{
    long status = 0;
    cJSON *j = simhttp_call(sim.base_url, method, path, body, &status);
    if (status != want)
        fail_msg("%s %s: status %ld, want %ld", method, path, status, want);
    assert_non_null(j);
    return j;
}

static bool valid_of(const char *path, const char *body)
{
    cJSON *j = call("POST", path, body, 200);
    const cJSON *v = cJSON_GetObjectItem(j, "valid");
    assert_true(cJSON_IsBool(v));
    assert_int_equal(cJSON_GetArraySize(j), 1);
    bool valid = cJSON_IsTrue(v);
    cJSON_Delete(j);
    return valid;
}

/* ---- /experimental/validation -------------------------------------- */

static void test_validation(void **state)
{
    /* The address may come in the JSON body or in the query. */
    assert_true(valid_of("/experimental/validation", "{\"email\":\"ada@example.com\"}"));
    assert_true(valid_of("/experimental/validation?email=ada%40example.com", NULL));
    assert_true(valid_of("/experimental/validation",
                         "{\"email\":\"ada@example.com\",\"name\":\"Ada\",\"ip\":\"1.1.1.1\","
                         "\"user_agent\":\"Mozilla/5.0\"}"));
    assert_false(valid_of("/experimental/validation", "{\"email\":\"not an email\"}"));
    /* Reserved top-level domains never receive mail. */
    assert_false(valid_of("/experimental/validation", "{\"email\":\"ada@mail.invalid\"}"));
    assert_false(valid_of("/experimental/validation", "{\"email\":\"ada@host.TEST\"}"));
    /* email is required: Rails' ParameterMissing. */
    cJSON *j = call("POST", "/experimental/validation", "{\"name\":\"Ada\"}", 400);
    assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(j, "error")), "email"));
    cJSON_Delete(j);
    cJSON_Delete(call("POST", "/experimental/validation", "{\"email\":\"\"}", 400));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
