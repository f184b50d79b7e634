/* The API client against the real simulator: reads and writes, the
 * wake-fd poll loop with a slow request in flight, batch splitting, and
 * the errors a user meets first (keys, site_uuid, User-Agent, network). */
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

#include "bento/request.h"
#include "client_util.h"

static struct simproc sim;

static struct bento_client *start_client(struct bento_client_config *cfg)
{
    struct bento_error err;
    struct bento_client *c = bento_client_new(cfg, &err);
    if (!c)
        fail_msg("client: %s", err.message);
    return c;
}

static void start_sim(const char *const *args)
{
    assert_int_equal(simproc_start(&sim, args), 0);
}

static void test_tags_list_create_delete(void **state)
{
    struct bento_client_config cfg;
    start_sim(NULL);
    sim_config(&cfg, &sim);
    struct bento_client *c = start_client(&cfg);

    struct bento_result *r = bento_client_call(c, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_OK);
    assert_int_equal(r->http_status, 200);
    assert_true(r->tags.count > 0);
    assert_null(r->json); /* decoded into r->tags, not parsed twice */
    assert_int_equal(r->exchange_count, 1);
    assert_string_equal(r->exchanges[0].method, "GET");
    assert_non_null(strstr(r->exchanges[0].path, "/fetch/tags?site_uuid=" BENTO_SIM_DEMO_SITE));
    assert_int_equal(r->exchanges[0].attempt, 1);
    bento_result_free(r);

    r = bento_client_call(c, bento_request_tags_create("net-client-tag"));
    assert_int_equal(r->err.kind, BENTO_OK);
    assert_int_equal(r->tags.count, 1);
    assert_string_equal(r->tags.items[0].name, "net-client-tag");
    assert_non_null(r->exchanges[0].request_body);
    assert_non_null(strstr(r->exchanges[0].request_body, "net-client-tag"));
    char *id = strdup(r->tags.items[0].id);
    bento_result_free(r);

    r = bento_client_call(c, bento_request_tags_delete(id, "net-client-tag"));
    assert_int_equal(r->err.kind, BENTO_OK);
    bento_result_free(r);

    r = bento_client_call(c, bento_request_tags_list());
    int seen = 0;
    for (size_t i = 0; i < r->tags.count; i++) {
        if (r->tags.items[i].id && !strcmp(r->tags.items[i].id, id)) {
            seen = 1;
            assert_non_null(r->tags.items[i].discarded_at);
        }
    }
    assert_true(seen);
    bento_result_free(r);
    bento_client_free(c);

    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 2);
    assert_int_equal(simproc_journal_count(&sim, "POST", "/fetch/tags"), 1);
    char path[128];
    snprintf(path, sizeof path, "/fetch/tags/%s", id);
    assert_int_equal(simproc_journal_count(&sim, "DELETE", path), 1);
    /* every request carried the User-Agent and no credentials in the URL */
    cJSON *all = simproc_journal(&sim), *e;
    cJSON_ArrayForEach(e, all) {
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "ua")),
                            "bento-console-tests/1.0");
        const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
        assert_non_null(q);
        assert_null(strstr(q, BENTO_TEST_SECRET));
    }
    cJSON_Delete(all);
    free(id);
    simproc_stop(&sim);
}

/* A slow request must not hold up the caller's loop or other requests. */
static void test_poll_loop_with_slow_request(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:delay=3000", NULL};
    struct bento_client_config cfg;
    start_sim(args);
    sim_config(&cfg, &sim);
    struct bento_client *c = start_client(&cfg);

    uint64_t tags_id = bento_client_post(c, bento_request_tags_list());
    uint64_t fields_id = bento_client_post(c, bento_request_fields_list());
    assert_true(tags_id > 0 && fields_id > tags_id);

    uint64_t order[2] = {0, 0};
    int got = 0, turns = 0;
    int64_t deadline = now_ms() + 10000;
    while (got < 2 && now_ms() < deadline) {
        struct pollfd p = {.fd = bento_client_wake_fd(c), .events = POLLIN};
        poll(&p, 1, 20);
        turns++;
        struct bento_result *r;
        while ((r = bento_client_next(c))) {
            assert_int_equal(r->err.kind, BENTO_OK);
            if (r->id == fields_id)
                assert_true(r->fields.count > 0);
            order[got++] = r->id;
            bento_result_free(r);
        }
        if (got < 2) {
            /* nothing waiting: the wake fd must not stay readable */
            struct pollfd q = {.fd = bento_client_wake_fd(c), .events = POLLIN};
            assert_int_equal(poll(&q, 1, 0), 0);
        }
    }
    assert_int_equal(got, 2);
    assert_true(order[0] == fields_id);
    assert_true(order[1] == tags_id);
    assert_true(turns > 20);
    bento_client_free(c);
    simproc_stop(&sim);
}

static struct bento_result *call_with(struct bento_client_config *cfg, struct bento_request *req)
{
    struct bento_client *c = start_client(cfg);
    struct bento_result *r = bento_client_call(c, req);
    bento_client_free(c);
    return r;
}

static void test_wrong_secret_is_auth(void **state)
{
    struct bento_client_config cfg;
    start_sim(NULL);
    sim_config(&cfg, &sim);
    cfg.secret_key = "s0000000000000000000000000000000";
    struct bento_result *r = call_with(&cfg, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_AUTH);
    assert_int_equal(r->http_status, 401);
    assert_int_equal(r->exchange_count, 1); /* never retried */
    bento_result_free(r);

    sim_config(&cfg, &sim);
    cfg.site_uuid = "0000000000000000000000000000beef";
    r = call_with(&cfg, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_SITE_UUID);
    assert_non_null(strstr(r->err.message, "site_uuid"));
    bento_result_free(r);

    sim_config(&cfg, &sim);
    cfg.user_agent = "";
    r = call_with(&cfg, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_BLOCKED_UA);
    assert_int_equal(r->http_status, 403);
    bento_result_free(r);

    cJSON *j = journal_for(&sim, "GET", "/fetch/tags");
    assert_int_equal(cJSON_GetArraySize(j), 3);
    assert_int_equal(entry_int(j, 0, "status"), 401);
    assert_int_equal(entry_int(j, 1, "status"), 401);
    assert_int_equal(entry_int(j, 2, "status"), 403);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 2), "ua")));
    cJSON_Delete(j);
    simproc_stop(&sim);
}

static void test_batch_split_2500(void **state)
{
    struct bento_client_config cfg;
    start_sim(NULL);
    sim_config(&cfg, &sim);
    cJSON *records = cJSON_CreateArray();
    for (int i = 0; i < 2500; i++) {
        char email[64];
        snprintf(email, sizeof email, "split%04d@example.com", i);
        cJSON *rec = cJSON_CreateObject();
        cJSON_AddStringToObject(rec, "email", email);
        cJSON_AddItemToArray(records, rec);
    }
    struct bento_request *req = bento_request_batch_subscribers(records);
    cJSON_Delete(records);
    assert_int_equal(bento_request_parts(req), 3);
    struct bento_result *r = call_with(&cfg, req);
    assert_int_equal(r->err.kind, BENTO_OK);
    assert_int_equal(r->counts.parts_total, 3);
    assert_int_equal(r->counts.parts_done, 3);
    assert_int_equal(r->counts.records_sent, 2500);
    assert_int_equal(r->counts.results, 2500);
    assert_int_equal(r->counts.failed, 0);
    assert_int_equal(r->exchange_count, 3);
    bento_result_free(r);

    cJSON *j = journal_for(&sim, "POST", "/batch/subscribers");
    assert_int_equal(cJSON_GetArraySize(j), 3);
    assert_int_equal(entry_int(j, 0, "records"), 1000);
    assert_int_equal(entry_int(j, 1, "records"), 1000);
    assert_int_equal(entry_int(j, 2, "records"), 500);
    cJSON_Delete(j);
    simproc_stop(&sim);
}

static void test_connection_refused(void **state)
{
    /* A bound socket that never listens refuses connections, and no
     * other process can take its port meanwhile. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1", ntohs(addr.sin_port));

    struct bento_client_config cfg;
    bento_client_config_default(&cfg);
    cfg.base_url = url;
    cfg.publishable_key = "p";
    cfg.secret_key = "s";
    cfg.site_uuid = "x";
    cfg.max_retries = 1;
    struct bento_result *r = call_with(&cfg, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_CONNECT);
    assert_int_equal(r->http_status, 0);
    assert_int_equal(r->exchange_count, 2); /* nothing was sent: retried */
    assert_int_equal(r->exchanges[1].attempt, 2);
    assert_int_equal(r->exchanges[1].err.kind, BENTO_E_CONNECT);
    bento_result_free(r);
    close(fd);
}

static void test_unknown_host(void **state)
{
    struct bento_client_config cfg;
    bento_client_config_default(&cfg);
    cfg.base_url = "https://no-such-host.invalid/api/v1";
    cfg.publishable_key = "p";
    cfg.secret_key = "s";
    cfg.site_uuid = "x";
    cfg.max_retries = 0;
    struct bento_result *r = call_with(&cfg, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_DNS);
    assert_int_equal(bento_error_exit_code(r->err.kind), 4);
    assert_int_equal(r->exchange_count, 1);
    bento_result_free(r);
}

static void test_missing_credentials(void **state)
{
    struct bento_client_config cfg;
    struct bento_error err;
    bento_client_config_default(&cfg);
    cfg.publishable_key = "p";
    assert_null(bento_client_new(&cfg, &err));
    assert_int_equal(err.kind, BENTO_E_CONFIG);
    assert_int_equal(bento_client_post(NULL, bento_request_tags_list()), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tags_list_create_delete),
        cmocka_unit_test(test_poll_loop_with_slow_request),
        cmocka_unit_test(test_wrong_secret_is_auth),
        cmocka_unit_test(test_batch_split_2500),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_unknown_host),
        cmocka_unit_test(test_missing_credentials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
