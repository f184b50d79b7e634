/* Broadcasts, sequences, workflows and email templates: the request
 * constructors (paths, queries, bodies, at-most-once writes) and the
 * lenient decoders (attributes or top level, ids as string or number,
 * camelCase template entries, missing and null keys, bad bodies). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/content.h"
#include "bento/request.h"
#include "core/request_internal.h"

#define DECODE(fn, text, out, err) fn((text), strlen(text), (out), (err))

static void test_list_requests(void **state)
{
    struct bento_request *r = bento_request_broadcasts_list(NULL, 0, 0);
    assert_non_null(r);
    assert_int_equal(r->op, BENTO_OP_BROADCASTS_LIST);
    assert_string_equal(r->method, "GET");
    assert_string_equal(r->path, "/fetch/broadcasts");
    assert_null(r->query);
    assert_false(bento_request_at_most_once(r));
    bento_request_free(r);
    r = bento_request_broadcasts_list("draft", 2, 100);
    assert_string_equal(r->query, "status=draft&page=2&per_page=100");
    bento_request_free(r);
    r = bento_request_broadcasts_list("a b&c", 0, 0);
    assert_string_equal(r->query, "status=a%20b%26c");
    bento_request_free(r);
    r = bento_request_sequences_list(3);
    assert_string_equal(r->path, "/fetch/sequences");
    assert_string_equal(r->query, "page=3");
    bento_request_free(r);
    r = bento_request_workflows_list(0);
    assert_int_equal(r->op, BENTO_OP_WORKFLOWS_LIST);
    assert_null(r->query);
    bento_request_free(r);
    assert_string_equal(bento_op_name(BENTO_OP_WORKFLOW_STATS), "workflow_stats");
}

static void test_template_requests(void **state)
{
    struct bento_request *r = bento_request_template_get("7001");
    assert_string_equal(r->path, "/fetch/emails/templates/7001");
    bento_request_free(r);
    assert_null(bento_request_template_get(""));
    assert_null(bento_request_template_update("7001", NULL, NULL));
    r = bento_request_template_update("7001", "Only the subject", NULL);
    assert_string_equal(r->method, "PATCH");
    assert_string_equal(r->bodies[0], "{\"email_template\":{\"subject\":\"Only the subject\"}}");
    assert_true(bento_request_at_most_once(r));
    bento_request_free(r);
    r = bento_request_template_update("7/1", "s", "<p>\"h\"</p>");
    assert_string_equal(r->path, "/fetch/emails/templates/7%2F1");
    assert_string_equal(r->bodies[0],
                        "{\"email_template\":{\"subject\":\"s\",\"html\":\"<p>\\\"h\\\"</p>\"}}");
    bento_request_free(r);
}

static void test_write_requests(void **state)
{
    cJSON *et = cJSON_Parse("{\"subject\":\"Day 3\",\"html\":\"<p>x</p>\",\"delay_interval\":"
                            "\"days\",\"delay_interval_count\":3}");
    struct bento_request *r = bento_request_sequence_add_email("sequence_abc 1", et);
    assert_string_equal(r->path, "/fetch/sequences/sequence_abc%201/emails/templates");
    assert_string_equal(r->bodies[0],
                        "{\"email_template\":{\"subject\":\"Day 3\",\"html\":\"<p>x</p>\","
                        "\"delay_interval\":\"days\",\"delay_interval_count\":3}}");
    assert_true(bento_request_at_most_once(r));
    bento_request_free(r);
    assert_null(bento_request_sequence_add_email("", et));
    cJSON_Delete(et);

    cJSON *arr = cJSON_CreateArray();
    assert_null(bento_request_broadcasts_create(arr));
    for (int i = 0; i < BENTO_CAP_BROADCASTS; i++)
        cJSON_AddItemToArray(arr, cJSON_Parse("{\"name\":\"n\"}"));
    r = bento_request_broadcasts_create(arr);
    assert_non_null(r);
    assert_string_equal(r->path, "/batch/broadcasts");
    assert_int_equal(bento_request_part_records(r, 0), BENTO_CAP_BROADCASTS);
    assert_true(bento_request_at_most_once(r));
    assert_non_null(strstr(r->bodies[0], "{\"broadcasts\":[{\"name\":\"n\"}"));
    bento_request_free(r);
    cJSON_AddItemToArray(arr, cJSON_Parse("{\"name\":\"one too many\"}"));
    assert_null(bento_request_broadcasts_create(arr));
    cJSON_Delete(arr);
}

static void test_workflow_stats_request(void **state)
{
    struct bento_request *r = bento_request_workflow_stats("3001", 0, NULL, NULL);
    assert_string_equal(r->path, "/fetch/workflows/3001/stats");
    assert_null(r->query);
    bento_request_free(r);
    r = bento_request_workflow_stats("3001", 7, NULL, NULL);
    assert_string_equal(r->query, "days=7");
    bento_request_free(r);
    r = bento_request_workflow_stats("3001", 7, "2026-01-01", "2026-01-31");
    assert_string_equal(r->query, "start_date=2026-01-01&end_date=2026-01-31");
    bento_request_free(r);
    assert_null(bento_request_workflow_stats("3001", 0, "2026-01-01", NULL));
    assert_null(bento_request_workflow_stats("3001", 0, NULL, "2026-01-01"));
    assert_null(bento_request_workflow_stats(NULL, 7, NULL, NULL));
}

static void test_decode_broadcasts(void **state)
{
    struct bento_broadcast_list l;
    struct bento_error err;
    const char *body =
        "{\"data\":[{\"id\":\"42\",\"type\":\"broadcasts\",\"attributes\":{\"name\":\"Sale\","
        "\"share_url\":\"https://s\",\"template\":{\"subject\":\"Hi\",\"to\":\"{{ visitor.email "
        "}}\",\"html\":\"<p>x</p>\"},\"created_at\":\"2024-06-01T00:00:00Z\","
        "\"sent_final_batch_at\":null,\"send_at\":null,\"stats\":{\"open_rate\":41.2,"
        "\"recipients\":\"250\",\"total_opens\":103,\"total_clicks\":null,\"click_rate\":\"3.5%\"}}},"
        "{\"id\":43,\"name\":\"Top level\",\"template\":{\"template_id\":99},\"stats\":null},"
        "{}, 7, null]}";
    assert_int_equal(DECODE(bento_decode_broadcasts, body, &l, &err), 0);
    assert_int_equal(l.count, 2);
    struct bento_broadcast *b = &l.items[0];
    assert_string_equal(b->id, "42");
    assert_string_equal(b->name, "Sale");
    assert_string_equal(b->subject, "Hi");
    assert_string_equal(b->html, "<p>x</p>");
    assert_null(b->sent_at);
    assert_int_equal(b->stats.sent, 250);
    assert_int_equal(b->stats.opened, 103);
    assert_int_equal(b->stats.clicked, -1);
    assert_true(b->stats.open_rate > 41.1 && b->stats.open_rate < 41.3);
    assert_true(b->stats.click_rate > 3.4 && b->stats.click_rate < 3.6);
    b = &l.items[1];
    assert_string_equal(b->id, "43");
    assert_string_equal(b->name, "Top level");
    assert_string_equal(b->template_id, "99");
    assert_null(b->subject);
    assert_int_equal(b->stats.sent, -1);
    assert_true(b->stats.open_rate < 0);
    struct bento_content c = {.broadcasts = l};
    bento_content_free(&c);
    /* GO and RUST's {"broadcasts": [...]}; empty and null data. */
    assert_int_equal(DECODE(bento_decode_broadcasts, "{\"broadcasts\":[{\"id\":1}]}", &l, &err), 0);
    assert_int_equal(l.count, 1);
    c.broadcasts = l;
    bento_content_free(&c);
    assert_int_equal(DECODE(bento_decode_broadcasts, "{\"data\":null}", &l, &err), 0);
    assert_int_equal(l.count, 0);
    assert_int_equal(DECODE(bento_decode_broadcasts, "<html>", &l, &err), -1);
    assert_int_equal(err.kind, BENTO_E_BAD_RESPONSE);
    assert_int_equal(DECODE(bento_decode_broadcasts, "{\"data\":[]} x", &l, &err), -1);
    assert_null(l.items);
}

static void test_decode_flows(void **state)
{
    struct bento_flow_list l;
    struct bento_error err;
    const char *body =
        "{\"data\":[{\"id\":\"seq-1\",\"type\":\"sequences\",\"attributes\":{\"name\":\"Onboarding\","
        "\"prefix_id\":\"sequence_abc\",\"email_templates\":[{\"id\":1,\"subject\":\"Welcome\","
        "\"stats\":{\"opened\":100,\"clicked\":50}},{\"id\":3,\"subject\":\"We miss you\","
        "\"stats\":null,\"delay_interval\":\"hours\",\"delay_interval_count\":-12},"
        "{\"attributes\":{\"id\":\"5\",\"subject\":\"Camel\",\"delayInterval\":"
        "\"days\",\"delayIntervalCount\":\"3\",\"inboxSnippet\":\"s\"}}]}},"
        "{\"attributes\":{\"prefix_id\":\"sequence_only_prefix\",\"name\":\"No id\","
        "\"email_templates\":{}}},"
        "{\"id\":\"wf-1\",\"name\":\"Flow\",\"status\":\"live\",\"emailTemplates\":[7]}]}";
    assert_int_equal(DECODE(bento_decode_flows, body, &l, &err), 0);
    assert_int_equal(l.count, 3);
    struct bento_flow *f = &l.items[0];
    assert_string_equal(f->id, "seq-1");
    assert_string_equal(f->prefix_id, "sequence_abc");
    assert_int_equal(f->email_count, 3);
    assert_string_equal(f->emails[0].id, "1");
    assert_true(f->emails[0].has_stats);
    assert_int_equal(f->emails[0].stats.opened, 100);
    assert_int_equal(f->emails[0].stats.clicked, 50);
    assert_false(f->emails[1].has_stats);
    /* a negative delay (found by fuzz/content_flows) reads as none */
    assert_int_equal(f->emails[1].delay_count, -1);
    assert_string_equal(f->emails[2].id, "5");
    assert_string_equal(f->emails[2].delay_interval, "days");
    assert_int_equal(f->emails[2].delay_count, 3);
    assert_string_equal(f->emails[2].inbox_snippet, "s");
    /* No id: the prefix_id is the one to append emails with. */
    assert_string_equal(l.items[1].id, "sequence_only_prefix");
    assert_int_equal(l.items[1].email_count, 0);
    assert_string_equal(l.items[2].status, "live");
    assert_int_equal(l.items[2].email_count, 0);
    struct bento_content c = {.flows = l};
    bento_content_free(&c);
}

static void test_decode_template(void **state)
{
    struct bento_template t;
    struct bento_error err;
    assert_int_equal(DECODE(bento_decode_template,
                            "{\"data\":{\"id\":7001,\"type\":\"email_template\",\"attributes\":"
                            "{\"name\":\"n\",\"subject\":\"S\",\"html\":\"<p>\\u00e9</p>\","
                            "\"created_at\":null,\"stats\":{\"open_rate\":12.5}}}}",
                            &t, &err),
                     0);
    assert_true(t.found);
    assert_string_equal(t.id, "7001");
    assert_string_equal(t.html, "<p>\xc3\xa9</p>");
    assert_null(t.created_at);
    assert_true(t.has_stats);
    assert_int_equal(t.stats.opened, -1);
    struct bento_content c = {.tmpl = t};
    bento_content_free(&c);
    assert_int_equal(DECODE(bento_decode_template, "{\"data\":null}", &t, &err), 0);
    assert_false(t.found);
    assert_int_equal(DECODE(bento_decode_template, "{\"id\":\"9\",\"subject\":\"flat\"}", &t, &err),
                     0);
    assert_true(t.found);
    assert_string_equal(t.subject, "flat");
    c.tmpl = t;
    bento_content_free(&c);
    assert_int_equal(DECODE(bento_decode_template, "[1]", &t, &err), -1);
}

static void test_decode_broadcast_batch(void **state)
{
    struct bento_broadcast_batch b;
    struct bento_error err;
    assert_int_equal(
        DECODE(bento_decode_broadcast_batch,
               "{\"results\":1,\"failed\":1,\"broadcasts\":[{\"id\":42,\"template_id\":99,\"name\":"
               "\"Created draft\",\"dashboard_url\":\"https://app.bentonow.com/account/emails/"
               "broadcasts/42/edit\"},\"junk\"],\"failures\":[{\"index\":1,\"name\":null,\"error\":"
               "\"batch_size_per_hour must be between 10 and 250000\"}]}",
               &b, &err),
        0);
    assert_int_equal(b.results, 1);
    assert_int_equal(b.failed, 1);
    assert_int_equal(b.created_count, 1);
    assert_string_equal(b.created[0].id, "42");
    assert_string_equal(b.created[0].template_id, "99");
    assert_int_equal(b.failure_count, 1);
    assert_int_equal(b.failures[0].index, 1);
    assert_null(b.failures[0].name);
    assert_string_equal(b.failures[0].error, "batch_size_per_hour must be between 10 and 250000");
    struct bento_content c = {.batch = b};
    bento_content_free(&c);
    /* OAS and DOTNET: only {"results": N}. */
    assert_int_equal(DECODE(bento_decode_broadcast_batch, "{\"result\":\"3\"}", &b, &err), 0);
    assert_int_equal(b.results, 3);
    assert_int_equal(b.failed, -1);
    assert_int_equal(b.created_count, 0);
}

static void test_decode_workflow_stats(void **state)
{
    struct bento_workflow_stats w;
    struct bento_error err;
    assert_int_equal(
        DECODE(bento_decode_workflow_stats,
               "{\"data\":{\"id\":\"3001\",\"attributes\":{\"start_date\":\"2026-01-01\","
               "\"end_date\":\"2026-01-07\",\"days\":7,\"email_templates\":[{\"id\":1,"
               "\"subject\":\"Hi\",\"stats\":{\"sent\":50,\"opened\":20,\"clicked\":5,"
               "\"open_rate\":40,\"click_rate\":10}}]}}}",
               &w, &err),
        0);
    assert_string_equal(w.start_date, "2026-01-01");
    assert_int_equal(w.days, 7);
    assert_int_equal(w.email_count, 1);
    assert_int_equal(w.emails[0].stats.sent, 50);
    struct bento_content c = {.wstats = w};
    bento_content_free(&c);
    /* Any other shape: what is there, nothing more. */
    assert_int_equal(DECODE(bento_decode_workflow_stats, "{\"opened\":3}", &w, &err), 0);
    assert_int_equal(w.days, -1);
    assert_int_equal(w.email_count, 0);
    assert_null(w.start_date);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_requests),         cmocka_unit_test(test_template_requests),
        cmocka_unit_test(test_write_requests),        cmocka_unit_test(test_workflow_stats_request),
        cmocka_unit_test(test_decode_broadcasts),     cmocka_unit_test(test_decode_flows),
        cmocka_unit_test(test_decode_template),       cmocka_unit_test(test_decode_broadcast_batch),
        cmocka_unit_test(test_decode_workflow_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
