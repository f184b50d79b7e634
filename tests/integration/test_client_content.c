/* The core's typed content calls against the real simulator: broadcasts
 * by status and page, drafts with one refused, sequences and workflows
 * with their emails, a sequence email appended, a template PATCHed and
 * read back byte for byte, workflow statistics, and a PATCH that is not
 * repeated after a server error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/content.h"
#include "bento/request.h"
#include "client_util.h"

static struct simproc sim;
static struct bento_client *client;

static int setup(void **state)
{
    const char *const args[] = {"--rate-limit", "off", NULL};
    if (simproc_start(&sim, args) != 0)
        return -1;
    struct bento_client_config cfg;
    struct bento_error err;
    sim_config(&cfg, &sim);
    client = bento_client_new(&cfg, &err);
    return client ? 0 : -1;
}

static int teardown(void **state)
{
    bento_client_free(client);
    simproc_stop(&sim);
    return 0;
}

static struct bento_result *ok_call(struct bento_request *req)
{
    assert_non_null(req);
    struct bento_result *r = bento_client_call(client, req);
    if (r->err.kind != BENTO_OK)
        fail_msg("%s: %s", bento_op_name(r->op), r->err.message);
    return r;
}

static void test_broadcasts(void **state)
{
    struct bento_result *r = ok_call(bento_request_broadcasts_list(NULL, 0, 0));
    assert_int_equal(r->content.broadcasts.count, 8);
    const struct bento_broadcast *b = &r->content.broadcasts.items[0];
    assert_non_null(b->subject);
    assert_non_null(strstr(b->html, "{{ visitor.first_name"));
    assert_true(b->stats.sent > 0 && b->stats.open_rate > 0);
    bento_result_free(r);
    r = ok_call(bento_request_broadcasts_list("draft", 2, 2));
    assert_int_equal(r->content.broadcasts.count, 1);
    assert_non_null(r->content.broadcasts.items[0].template_id);
    assert_null(r->content.broadcasts.items[0].subject);
    bento_result_free(r);
    cJSON *arr = cJSON_Parse("[{\"name\":\"A\",\"subject\":\"S\",\"content\":\"<p>a</p>\","
                             "\"from\":{\"email\":\"jesse@example.com\"}},"
                             "{\"name\":\"B\",\"subject\":\"S\",\"content\":\"<p>b</p>\","
                             "\"from\":{\"email\":\"nobody@example.org\"}}]");
    r = ok_call(bento_request_broadcasts_create(arr));
    cJSON_Delete(arr);
    const struct bento_broadcast_batch *bb = &r->content.batch;
    assert_int_equal(bb->results, 1);
    assert_int_equal(bb->failed, 1);
    assert_int_equal(bb->created_count, 1);
    assert_non_null(strstr(bb->created[0].dashboard_url, "/edit"));
    assert_int_equal(bb->failures[0].index, 1);
    assert_string_equal(bb->failures[0].name, "B");
    bento_result_free(r);
}

static void test_flows_and_templates(void **state)
{
    struct bento_result *r = ok_call(bento_request_sequences_list(0));
    assert_int_equal(r->content.flows.count, 3);
    const struct bento_flow *f = &r->content.flows.items[0];
    char *seq = strdup(f->id);
    assert_string_equal(f->prefix_id, "sequence_onboarding");
    assert_int_equal(f->email_count, 5);
    assert_int_equal(f->emails[0].delay_count, 5);
    assert_string_equal(f->emails[0].delay_interval, "minutes");
    assert_true(f->emails[0].has_stats);
    assert_false(f->emails[4].has_stats);
    bento_result_free(r);

    cJSON *et = cJSON_Parse("{\"subject\":\"Appended\",\"html\":\"<p>{{ visitor.first_name "
                            "}}</p>\",\"delay_interval\":\"days\",\"delay_interval_count\":2}");
    r = ok_call(bento_request_sequence_add_email(seq, et));
    cJSON_Delete(et);
    assert_true(r->content.tmpl.found);
    assert_string_equal(r->content.tmpl.subject, "Appended");
    char *id = strdup(r->content.tmpl.id);
    bento_result_free(r);

    static const char subject[] = "Caf\xc3\xa9 \"q\" \\ {{ visitor.first_name }}";
    static const char html[] =
        "<p>\xe2\x80\x94</p>\r\n\t<a href=\"{{ visitor.unsubscribe_url }}\">";
    bento_result_free(ok_call(bento_request_template_update(id, subject, html)));
    bento_result_free(ok_call(bento_request_template_update(id, "Second", NULL)));
    r = ok_call(bento_request_template_get(id));
    assert_string_equal(r->content.tmpl.subject, "Second");
    assert_string_equal(r->content.tmpl.html, html);
    bento_result_free(r);

    r = ok_call(bento_request_workflows_list(0));
    assert_int_equal(r->content.flows.count, 2);
    assert_string_equal(r->content.flows.items[1].status, "draft");
    char *wf = strdup(r->content.flows.items[0].id);
    bento_result_free(r);
    r = ok_call(bento_request_workflow_stats(wf, 7, NULL, NULL));
    assert_int_equal(r->content.wstats.days, 7);
    assert_int_equal(r->content.wstats.email_count, 2);
    assert_true(r->content.wstats.emails[0].stats.opened > 0);
    bento_result_free(r);
    r = bento_client_call(client, bento_request_workflow_stats(wf, 0, "2026-02-01", "2026-01-01"));
    assert_int_equal(r->http_status, 422);
    assert_int_not_equal(r->err.kind, BENTO_OK);
    bento_result_free(r);
    free(wf);
    free(seq);
    free(id);
}

/* A template change is sent once: a 500 is reported, not retried. */
static void test_patch_not_repeated(void **state)
{
    simproc_stop(&sim);
    bento_client_free(client);
    const char *const args[] = {"--rate-limit", "off", "--fault",
                                "PATCH /fetch/emails/templates/*:status=500:times=1", NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    struct bento_client_config cfg;
    struct bento_error err;
    sim_config(&cfg, &sim);
    client = bento_client_new(&cfg, &err);
    assert_non_null(client);
    struct bento_result *r = bento_client_call(client,
                                               bento_request_template_update("7001", "Once", NULL));
    assert_int_equal(r->http_status, 500);
    assert_int_equal(r->exchange_count, 1);
    bento_result_free(r);
    assert_int_equal(simproc_journal_count(&sim, "PATCH", "/fetch/emails/templates/*"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_broadcasts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flows_and_templates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patch_not_repeated, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
