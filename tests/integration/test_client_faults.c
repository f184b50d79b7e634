/* The API client's retry, pacing, timeout, cancel and shutdown rules,
 * checked against what the simulator's journal says it received. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/request.h"
#include "client_util.h"
#include "reliability.h"

static struct simproc sim;

static void start(const char *const *args, struct bento_client_config *cfg)
{
    assert_int_equal(simproc_start(&sim, args), 0);
    sim_config(cfg, &sim);
}

static struct bento_client *client(const struct bento_client_config *cfg)
{
    struct bento_error err;
    struct bento_client *c = bento_client_new(cfg, &err);
    if (!c)
        fail_msg("client: %s", err.message);
    return c;
}

static void test_server_error_retried_then_reported(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:status=500", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    cfg.max_retries = 2;
    struct bento_client *c = client(&cfg);
    struct bento_result *r = bento_client_call(c, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_SERVER);
    assert_int_equal(r->http_status, 500);
    assert_non_null(strstr(r->err.message, "status.bentonow.com"));
    assert_int_equal(r->exchange_count, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(r->exchanges[i].attempt, (int)i + 1);
        assert_int_equal(r->exchanges[i].status, 500);
    }
    bento_result_free(r);
    bento_client_free(c);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 3);
    simproc_stop(&sim);
}

static void test_429_honours_retry_after(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:status=429:retry_after=1:times=1", NULL};
    struct bento_client_config cfg;
    struct bento_client_status st;
    start(args, &cfg);
    struct bento_client *c = client(&cfg);
    int64_t t0 = now_ms();
    struct bento_result *r = bento_client_call(c, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_OK);
    assert_true(now_ms() - t0 >= 900); /* waited for Retry-After */
    assert_int_equal(r->exchange_count, 2);
    assert_int_equal(r->exchanges[0].status, 429);
    assert_int_equal(r->exchanges[0].err.kind, BENTO_E_RATE_LIMITED);
    assert_int_equal(r->exchanges[1].status, 200);
    bento_result_free(r);
    bento_client_status(c, &st);
    assert_int_equal(st.responses_429, 1);
    assert_int_equal(st.requests_sent, 2);
    assert_int_equal(st.in_flight, 0);
    /* the family's effective limit was lowered (100 -> 90) */
    assert_int_equal(st.limit[BENTO_FAM_FETCH], 90);
    bento_client_free(c);

    cJSON *j = journal_for(&sim, "GET", "/fetch/tags");
    assert_int_equal(cJSON_GetArraySize(j), 2);
    assert_int_equal(entry_int(j, 0, "status"), 429);
    assert_int_equal(entry_int(j, 1, "status"), 200);
    cJSON_Delete(j);
    simproc_stop(&sim);
}

/* With our budget equal to the server's, a burst is paced and never
 * draws a 429. */
static void test_pacing_avoids_429(void **state)
{
    const char *const args[] = {"--rate-limit", "5/1000", NULL};
    struct bento_client_config cfg;
    struct bento_client_status st;
    start(args, &cfg);
    cfg.limits.fam[BENTO_FAM_FETCH] = (struct bento_family_limit){5, 1000};
    struct bento_client *c = client(&cfg);
    for (int i = 0; i < 12; i++)
        assert_true(bento_client_post(c, bento_request_tags_list()) > 0);
    bento_client_status(c, &st);
    /* a fast answer may already be queued; the budget lets at most 5 out */
    assert_true(st.in_flight >= 12 - 5 && st.in_flight <= 12);
    assert_int_equal(st.limit[BENTO_FAM_FETCH], 5);
    int done = 0, paced = 0;
    while (done < 12) {
        struct bento_result *r = wait_result(c, 10000);
        assert_non_null(r);
        assert_int_equal(r->err.kind, BENTO_OK);
        assert_int_equal(r->exchange_count, 1);
        bento_result_free(r);
        done++;
        bento_client_status(c, &st);
        if (st.pacing_ms > 0 || st.remaining[BENTO_FAM_FETCH] == 0)
            paced = 1;
    }
    assert_true(paced);
    bento_client_status(c, &st);
    assert_int_equal(st.responses_429, 0);
    assert_int_equal(st.in_flight, 0);
    bento_client_free(c);

    cJSON *j = journal_for(&sim, "GET", "/fetch/tags");
    assert_int_equal(cJSON_GetArraySize(j), 12);
    for (int i = 0; i < 12; i++)
        assert_int_equal(entry_int(j, i, "status"), 200);
    cJSON_Delete(j);
    simproc_stop(&sim);
}

static cJSON *one_email(void)
{
    cJSON *emails = cJSON_CreateArray(), *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "to", "someone@example.com");
    cJSON_AddStringToObject(e, "from", "owner@example.com");
    cJSON_AddStringToObject(e, "subject", "Hello");
    cJSON_AddStringToObject(e, "html_body", "<p>Hi</p>");
    cJSON_AddItemToArray(emails, e);
    return emails;
}

/* A timed-out email send is never repeated: it might have gone out. */
static void test_email_timeout_is_outcome_unknown(void **state)
{
    const char *const args[] = {"--fault", "/batch/emails:delay=2500", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    cfg.batch_timeout_ms = 500;
    cfg.max_retries = 4;
    struct bento_client *c = client(&cfg);
    cJSON *emails = one_email();
    struct bento_result *r = bento_client_call(c, bento_request_batch_emails(emails));
    cJSON_Delete(emails);
    assert_int_equal(r->err.kind, BENTO_E_OUTCOME_UNKNOWN);
    assert_non_null(strstr(r->err.message, "may or may not"));
    assert_int_equal(r->exchange_count, 1);
    assert_int_equal(r->counts.parts_done, 0);
    bento_result_free(r);
    bento_client_free(c);

    /* the sim journals the request once its delay is over */
    int64_t deadline = now_ms() + 6000;
    while (simproc_journal_count(&sim, "POST", "/batch/emails") < 1 && now_ms() < deadline) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(simproc_journal_count(&sim, "POST", "/batch/emails"), 1);
    simproc_stop(&sim);
}

/* A read whose connection drops is retried inside its deadline. */
static void test_read_reset_retried(void **state)
{
    const char *const args[] = {"--fault", "/fetch/fields:reset:times=1", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    cfg.timeout_ms = 5000;
    struct bento_client *c = client(&cfg);
    struct bento_result *r = bento_client_call(c, bento_request_fields_list());
    assert_int_equal(r->err.kind, BENTO_OK);
    assert_int_equal(r->exchange_count, 2);
    assert_int_equal(r->exchanges[0].err.kind, BENTO_E_NETWORK);
    assert_int_equal(r->exchanges[0].status, 0);
    bento_result_free(r);
    bento_client_free(c);
    simproc_stop(&sim);
}

/* One deadline for the whole request: a stalled read is not retried
 * after its attempt used up the time, however many retries are allowed. */
static void test_stall_ends_at_the_deadline(void **state)
{
    const char *const args[] = {"--fault", "/fetch/fields:stall", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    cfg.timeout_ms = 1500;
    cfg.max_retries = 4;
    struct bento_client *c = client(&cfg);
    double t0 = reliability_now();
    struct bento_result *r = bento_client_call(c, bento_request_fields_list());
    double took = reliability_now() - t0;
    reliability_record("Deadlines", "client: read stalls, 1.5 s deadline, 4 retries allowed", took,
                       r->err.message);
    assert_int_equal(r->err.kind, BENTO_E_TIMEOUT);
    assert_non_null(strstr(r->err.message, "within the 1.5 s allowed"));
    assert_int_equal(r->exchange_count, 1);
    assert_true(took >= 1.4 && took < 1.5 + 5.0); /* slack for a loaded machine */
    bento_result_free(r);
    bento_client_free(c);
    simproc_stop(&sim);
}

/* Backoff never waits past the deadline: resets on every attempt end
 * the request inside it, with one timeout. */
static void test_resets_end_inside_the_deadline(void **state)
{
    const char *const args[] = {"--fault", "/fetch/fields:reset", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    cfg.timeout_ms = 2000;
    cfg.max_retries = 50;
    struct bento_client *c = client(&cfg);
    double t0 = reliability_now();
    struct bento_result *r = bento_client_call(c, bento_request_fields_list());
    double took = reliability_now() - t0;
    assert_int_equal(r->err.kind, BENTO_E_TIMEOUT);
    assert_true(r->exchange_count >= 1);
    assert_true(took < 2.0 + 8.0); /* 50 backed-off retries would take minutes */
    bento_result_free(r);
    bento_client_free(c);
    simproc_stop(&sim);
}

/* A Retry-After that fits in the deadline is waited for; one that does
 * not ends the request at once, naming the time to try again. */
static void test_retry_after_past_deadline_ends_at_once(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:retry_after=600", NULL};
    struct bento_client_config cfg;
    struct bento_client_status st;
    start(args, &cfg);
    struct bento_client *c = client(&cfg);
    double t0 = reliability_now();
    struct bento_result *r = bento_client_call(c, bento_request_tags_list());
    double took = reliability_now() - t0;
    assert_int_equal(r->err.kind, BENTO_E_RATE_LIMITED);
    assert_non_null(strstr(r->err.message, "asks to wait 10 min"));
    assert_non_null(strstr(r->err.message, "try again at "));
    assert_int_equal(r->exchange_count, 1);
    assert_true(took < 10.0); /* not the 600 s asked for */
    bento_result_free(r);
    /* the family stays blocked for what Bento asked; the next call says so at once */
    bento_client_status(c, &st);
    assert_true(st.blocked_ms[BENTO_FAM_FETCH] > 590000);
    r = bento_client_call(c, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_RATE_LIMITED);
    assert_non_null(strstr(r->err.message, "try again at "));
    assert_int_equal(r->exchange_count, 0);
    bento_result_free(r);
    bento_client_free(c);
    assert_int_equal(simproc_journal_count(&sim, "GET", "/fetch/tags"), 1);
    simproc_stop(&sim);
}

/* A Retry-After that cannot be right is reported at once and blocks
 * nothing: the next call goes out straight away. */
static void test_absurd_retry_after_blocks_nothing(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:retry_after=1e20:times=1", NULL};
    struct bento_client_config cfg;
    struct bento_client_status st;
    start(args, &cfg);
    struct bento_client *c = client(&cfg);
    struct bento_result *r = bento_client_call(c, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_E_RATE_LIMITED);
    assert_non_null(strstr(r->err.message, "which cannot be right"));
    bento_result_free(r);
    bento_client_status(c, &st);
    assert_int_equal(st.blocked_ms[BENTO_FAM_FETCH], 0);
    int64_t t0 = now_ms();
    r = bento_client_call(c, bento_request_tags_list());
    assert_int_equal(r->err.kind, BENTO_OK);
    assert_true(now_ms() - t0 < 1000);
    bento_result_free(r);
    bento_client_free(c);
    simproc_stop(&sim);
}

static void test_cancel(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:delay=5000", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    cfg.max_parallel = 1;
    struct bento_client *c = client(&cfg);

    uint64_t slow = bento_client_post(c, bento_request_tags_list());
    uint64_t queued = bento_client_post(c, bento_request_tags_list());
    assert_int_equal(wait_sent(c, 1, 3000), 0);
    int64_t t0 = now_ms();
    /* queued behind the slow one (one transfer at a time) */
    assert_int_equal(bento_client_cancel(c, queued), 0);
    assert_int_equal(bento_client_cancel(c, slow), 0);
    assert_int_equal(bento_client_cancel(c, 9999), -1);
    int got = 0;
    for (int i = 0; i < 2; i++) {
        struct bento_result *r = wait_result(c, 3000);
        assert_non_null(r);
        assert_int_equal(r->err.kind, BENTO_E_CANCELLED);
        assert_true(r->id == slow || r->id == queued);
        got |= r->id == slow ? 1 : 2;
        if (r->id == slow)
            assert_int_equal(r->exchange_count, 1);
        bento_result_free(r);
    }
    assert_int_equal(got, 3);
    assert_true(now_ms() - t0 < 2000);

    /* the client still works afterwards */
    struct bento_result *r = bento_client_call(c, bento_request_fields_list());
    assert_int_equal(r->err.kind, BENTO_OK);
    bento_result_free(r);
    bento_client_free(c);
    simproc_stop(&sim);
}

static void test_shutdown_with_request_in_flight(void **state)
{
    const char *const args[] = {"--fault", "/fetch/tags:delay=30000", NULL};
    struct bento_client_config cfg;
    start(args, &cfg);
    struct bento_client *c = client(&cfg);
    assert_true(bento_client_post(c, bento_request_tags_list()) > 0);
    assert_int_equal(wait_sent(c, 1, 3000), 0);
    struct bento_result *r = bento_client_call(c, bento_request_fields_list());
    assert_int_equal(r->err.kind, BENTO_OK);
    bento_result_free(r);
    /* one result left uncollected, one request still queued */
    assert_true(bento_client_post(c, bento_request_fields_list()) > 0);
    struct pollfd p = {.fd = bento_client_wake_fd(c), .events = POLLIN};
    assert_int_equal(poll(&p, 1, 3000), 1);
    assert_true(bento_client_post(c, bento_request_fields_list()) > 0);
    int64_t t0 = now_ms();
    bento_client_free(c);
    assert_true(now_ms() - t0 < 1000);
    simproc_stop(&sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_error_retried_then_reported),
        cmocka_unit_test(test_429_honours_retry_after),
        cmocka_unit_test(test_pacing_avoids_429),
        cmocka_unit_test(test_email_timeout_is_outcome_unknown),
        cmocka_unit_test(test_read_reset_retried),
        cmocka_unit_test(test_stall_ends_at_the_deadline),
        cmocka_unit_test(test_resets_end_inside_the_deadline),
        cmocka_unit_test(test_retry_after_past_deadline_ends_at_once),
        cmocka_unit_test(test_absurd_retry_after_blocks_nothing),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_shutdown_with_request_in_flight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
