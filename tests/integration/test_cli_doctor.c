/* `doctor` names the exact cause of each failure, and request failures
 * map to the official CLI's exit codes. Each test starts its own sim
 * with the faults it needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "runproc.h"
#include "simproc.h"

static struct simproc sim;
static char home[256];

static void start(const char *const *sim_args)
{
    assert_int_equal(simproc_start(&sim, sim_args), 0);
    snprintf(home, sizeof home, "%s/home", sim.dir);
}

/* Run with the standard env plus overrides (NULL-terminated list). */
static void run_env(struct runproc *r, const char *const *overrides, const char *const *words)
{
    assert_int_equal(runproc_console(sim.base_url, home, overrides, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static const char *const doctor[] = {"doctor", NULL};

static void test_doctor_ok(void **state)
{
    struct runproc r;
    start(NULL);
    run_env(&r, NULL, doctor);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "accepted the keys and the site_uuid"));
    assert_non_null(strstr(r.out, "hidden"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/authors"), 1);
    simproc_stop(&sim);
}

static void test_doctor_missing_keys(void **state)
{
    struct runproc r;
    const char *const env[] = {"BENTO_SECRET_KEY", "BENTO_SITE_UUID", NULL};
    start(NULL);
    run_env(&r, env, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "Missing secret key"));
    assert_non_null(strstr(r.out, "site_uuid"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&sim, NULL, "*"), 0);
    simproc_stop(&sim);
}

static void test_doctor_same_key_twice(void **state)
{
    struct runproc r;
    const char *const env[] = {"BENTO_SECRET_KEY=" BENTO_SIM_DEMO_PUBLISHABLE, NULL};
    start(NULL);
    run_env(&r, env, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "publishable key is also set as the secret key"));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_doctor_publishable_as_secret(void **state)
{
    struct runproc r;
    const char *const env[] = {"BENTO_SECRET_KEY=p0000000000000000000000000000000", NULL};
    start(NULL);
    run_env(&r, env, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "rejected the keys"));
    assert_non_null(strstr(r.out, "secret key looks like a publishable key"));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_doctor_wrong_site(void **state)
{
    struct runproc r;
    const char *const env[] = {"BENTO_SITE_UUID=0000000000000000000000000000beef", NULL};
    start(NULL);
    run_env(&r, env, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "site_uuid was refused"));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_doctor_user_agent_block(void **state)
{
    struct runproc r;
    const char *const args[] = {"--fault", "/fetch/authors:status=403", NULL};
    start(args);
    run_env(&r, NULL, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "User-Agent"));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_doctor_unreachable(void **state)
{
    struct runproc r;
    /* A bound socket that never listens: connections to it are refused,
     * and no other process can take the port meanwhile. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    int port = ntohs(addr.sin_port);
    char url[128];
    snprintf(url, sizeof url, "BENTO_API_BASE_URL=http://127.0.0.1:%d/api/v1", port);
    const char *const env[] = {url, NULL};
    start(NULL);
    run_env(&r, env, doctor);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.out, "connect"));
    runproc_free(&r);
    simproc_stop(&sim);
    close(fd);
}

static void test_doctor_plain_http_refused(void **state)
{
    struct runproc r;
    const char *const env[] = {"BENTO_API_BASE_URL=http://app.bentonow.com/api/v1", NULL};
    start(NULL);
    run_env(&r, env, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "use https"));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_server_error_exit_code(void **state)
{
    struct runproc r;
    const char *const args[] = {"--fault", "/fetch/tags:status=500", NULL};
    const char *const words[] = {"tags", "list", "--json", NULL};
    start(args);
    run_env(&r, NULL, words);
    assert_int_equal(r.status, 4);
    cJSON *j = cJSON_Parse(r.err);
    assert_non_null(j);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "code")),
        "server");
    cJSON_Delete(j);
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_timeout_exit_code(void **state)
{
    struct runproc r;
    const char *const args[] = {"--fault", "/fetch/tags:delay=3000", NULL};
    const char *const words[] = {"--timeout", "0.5", "tags", "list", NULL};
    start(args);
    run_env(&r, NULL, words);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "No answer from Bento within the 0.5 s allowed"));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_rate_limited_then_recovers(void **state)
{
    struct runproc r;
    const char *const args[] = {"--fault", "/fetch/tags:status=429:retry_after=1:times=1", NULL};
    const char *const words[] = {"tags", "list", "--json", NULL};
    start(args);
    run_env(&r, NULL, words);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 2);
    simproc_stop(&sim);
}

static void test_demo_mode(void **state)
{
    struct runproc r;
    const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY", "BENTO_SITE_UUID",
                               "BENTO_API_BASE_URL", NULL};
    const char *const words[] = {"--demo", "tags", "list", "--json", NULL};
    start(NULL);
    run_env(&r, env, words);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"success\":true"));
    runproc_free(&r);
    simproc_stop(&sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doctor_ok),
        cmocka_unit_test(test_doctor_missing_keys),
        cmocka_unit_test(test_doctor_same_key_twice),
        cmocka_unit_test(test_doctor_publishable_as_secret),
        cmocka_unit_test(test_doctor_wrong_site),
        cmocka_unit_test(test_doctor_user_agent_block),
        cmocka_unit_test(test_doctor_unreachable),
        cmocka_unit_test(test_doctor_plain_http_refused),
        cmocka_unit_test(test_server_error_exit_code),
        cmocka_unit_test(test_timeout_exit_code),
        cmocka_unit_test(test_rate_limited_then_recovers),
        cmocka_unit_test(test_demo_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
