/* The official Node SDK's broadcast, sequence, email template and
 * workflow calls work against bento-sim as against Bento: runs
 * bench/node/content_calls.mjs (which checks each answer) and checks in
 * the sim's journal that every call arrived and succeeded. Skipped, with
 * the reason, when node or bench/node_modules (npm ci in bench/) is
 * missing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "runproc.h"
#include "simproc.h"

static bool find_node(char *buf, size_t len)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(buf, len, "%.*s/node", (int)n, path);
        if (n && access(buf, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

static const struct {
    const char *method, *path;
    int status;
} calls[] = {
    {"GET", "/fetch/broadcasts", 200},
    {"POST", "/batch/broadcasts", 200},
    {"GET", "/fetch/sequences", 200},
    {"POST", "/fetch/sequences/2001/emails/templates", 201},
    {"GET", "/fetch/emails/templates/*", 200},
    {"PATCH", "/fetch/emails/templates/*", 200},
    {"GET", "/fetch/workflows", 200},
};

static void check_journal(const struct simproc *sp)
{
    cJSON *j = simproc_journal(sp);
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        bool hit = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, j) {
            const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
            const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
            const char *ua = cJSON_GetStringValue(cJSON_GetObjectItem(e, "ua"));
            size_t stem = strcspn(calls[i].path, "*");
            if (!m || !p || strcmp(m, calls[i].method) || strncmp(p, calls[i].path, stem) ||
                (!calls[i].path[stem] && p[stem]))
                continue;
            assert_int_equal(cJSON_GetObjectItem(e, "status")->valueint, calls[i].status);
            assert_non_null(ua);
            assert_int_equal(strncmp(ua, "bento-node-", 11), 0);
            hit = true;
        }
        if (!hit)
            fail_msg("the SDK did not call %s %s", calls[i].method, calls[i].path);
    }
    cJSON_Delete(j);
}

static void test_node_sdk_content_calls(void **state)
{
    char node[512], sdk[600], script[600];
    snprintf(sdk, sizeof sdk, "%s/bench/node_modules/@bentonow/bento-node-sdk/package.json",
             BENTO_SOURCE_DIR);
    snprintf(script, sizeof script, "%s/bench/node/content_calls.mjs", BENTO_SOURCE_DIR);
    if (!find_node(node, sizeof node)) {
        fprintf(stderr, "skipped: node is not installed\n");
        skip();
    }
    if (access(sdk, R_OK) != 0) {
        fprintf(stderr, "skipped: the Node SDK is not installed: run (cd bench && npm ci)\n");
        skip();
    }
    struct simproc sp;
    const char *const args[] = {"--rate-limit", "off", NULL};
    assert_int_equal(simproc_start(&sp, args), 0);
    char base[200];
    snprintf(base, sizeof base, "BENTO_API_BASE_URL=%s", sp.base_url);
    const char *const env[] = {"BENTO_PUBLISHABLE_KEY=" BENTO_SIM_DEMO_PUBLISHABLE,
                               "BENTO_SECRET_KEY=" BENTO_TEST_SECRET,
                               "BENTO_SITE_UUID=" BENTO_SIM_DEMO_SITE, base, NULL};
    const char *const argv[] = {node, script, NULL};
    struct runproc r;
    assert_int_equal(runproc(argv, env, NULL, &r), 0);
    if (r.status != 0)
        fail_msg("node exited %d: %s", r.status, r.err);
    assert_non_null(strstr(r.out, "\"success\":true"));
    runproc_free(&r);
    check_journal(&sp);
    simproc_stop(&sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_node_sdk_content_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
