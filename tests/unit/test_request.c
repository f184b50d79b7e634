/* Request constructors: paths, queries, wrapped bodies, batch splitting
 * and retry flags, checked through the struct the client reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/request.h"
#include "core/request_internal.h"

/* Parse part i of r's bodies (caller deletes). */
static cJSON *body_json(const struct bento_request *r, size_t i)
{
    assert_true(i < r->part_count);
    assert_non_null(r->bodies[i]);
    cJSON *j = cJSON_Parse(r->bodies[i]);
    assert_non_null(j);
    return j;
}

static const char *str_at(const cJSON *j, const char *outer, const char *inner)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(j, outer);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, inner);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static cJSON *records(size_t n, const char *key)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        char email[64];
        snprintf(email, sizeof email, "user%zu@example.com", i);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, key, email);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void test_reads(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_tags_list();
    assert_non_null(r);
    assert_string_equal(r->method, "GET");
    assert_string_equal(r->path, "/fetch/tags");
    assert_null(r->query);
    assert_int_equal(r->part_count, 1);
    assert_null(r->bodies[0]);
    assert_int_equal(r->family, BENTO_FAM_FETCH);
    assert_false(r->is_batch_write);
    assert_true(r->retry_after_timeout);
    assert_int_equal(bento_request_op(r), BENTO_OP_TAGS_LIST);
    bento_request_free(r);

    r = bento_request_stats_site();
    assert_string_equal(r->path, "/stats/site");
    assert_int_equal(r->family, BENTO_FAM_STATS);
    bento_request_free(r);

    r = bento_request_authors_list();
    assert_string_equal(r->path, "/fetch/authors");
    bento_request_free(r);

    r = bento_request_fields_list();
    assert_string_equal(r->path, "/fetch/fields");
    bento_request_free(r);
}

static void test_single_writes_wrap_records(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_tags_create("vip \"customer\"");
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->path, "/fetch/tags");
    cJSON *j = body_json(r, 0);
    assert_string_equal(str_at(j, "tag", "name"), "vip \"customer\"");
    cJSON_Delete(j);
    assert_true(r->retry_after_timeout);
    bento_request_free(r);

    r = bento_request_fields_create("loyalty_points");
    j = body_json(r, 0);
    assert_string_equal(str_at(j, "field", "key"), "loyalty_points");
    cJSON_Delete(j);
    bento_request_free(r);

    r = bento_request_subscriber_create("new@example.com");
    assert_string_equal(r->path, "/fetch/subscribers");
    j = body_json(r, 0);
    assert_string_equal(str_at(j, "subscriber", "email"), "new@example.com");
    cJSON_Delete(j);
    bento_request_free(r);
}

static void test_tags_delete(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_tags_delete("12/3 x", "VIP");
    assert_string_equal(r->method, "DELETE");
    assert_string_equal(r->path, "/fetch/tags/12%2F3%20x");
    assert_int_equal(r->family, BENTO_FAM_FETCH);
    cJSON *j = body_json(r, 0);
    assert_string_equal(str_at(j, "tag", "name"), "VIP");
    cJSON_Delete(j);
    bento_request_free(r);
}

static void test_subscriber_get_query(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_subscriber_get("ada+news@example.com");
    assert_string_equal(r->method, "GET");
    assert_string_equal(r->path, "/fetch/subscribers");
    assert_string_equal(r->query, "email=ada%2Bnews%40example.com");
    bento_request_free(r);

    r = bento_request_subscriber_get("f0c3-11ee");
    assert_string_equal(r->query, "uuid=f0c3-11ee");
    bento_request_free(r);
}

static void test_required_arguments(void **state)
{
    (void)state;
    cJSON *empty = cJSON_CreateArray();
    cJSON *obj = cJSON_CreateObject();
    assert_null(bento_request_tags_create(NULL));
    assert_null(bento_request_tags_create(""));
    assert_null(bento_request_tags_delete(NULL, "x"));
    assert_null(bento_request_fields_create(""));
    assert_null(bento_request_subscriber_get(""));
    assert_null(bento_request_subscriber_create(NULL));
    assert_null(bento_request_batch_subscribers(NULL));
    assert_null(bento_request_batch_subscribers(empty));
    assert_null(bento_request_batch_events(obj));
    assert_null(bento_request_commands(empty));
    assert_null(bento_request_raw("BREW", "/fetch/tags", NULL, NULL));
    assert_null(bento_request_raw("GET", "", NULL, NULL));
    cJSON_Delete(empty);
    cJSON_Delete(obj);
    bento_request_free(NULL);
}

static void check_parts(struct bento_request *r, const char *wrapper, const size_t *sizes,
                        size_t parts, const char *key)
{
    size_t seen = 0;
    assert_int_equal(bento_request_parts(r), parts);
    for (size_t p = 0; p < parts; p++) {
        cJSON *j = body_json(r, p);
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, wrapper);
        assert_true(cJSON_IsArray(arr));
        assert_int_equal(cJSON_GetArraySize(arr), sizes[p]);
        assert_int_equal(r->body_records[p], sizes[p]);
        /* order is kept across parts */
        char want[64];
        snprintf(want, sizeof want, "user%zu@example.com", seen);
        const cJSON *first = cJSON_GetObjectItemCaseSensitive(arr->child, key);
        assert_string_equal(first->valuestring, want);
        seen += sizes[p];
        cJSON_Delete(j);
    }
}

static void test_batch_subscribers_split(void **state)
{
    (void)state;
    cJSON *recs = records(2500, "email");
    struct bento_request *r = bento_request_batch_subscribers(recs);
    static const size_t sizes[] = {1000, 1000, 500};
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->path, "/batch/subscribers");
    assert_int_equal(r->family, BENTO_FAM_BATCH);
    assert_true(r->is_batch_write);
    assert_true(r->retry_after_timeout);
    check_parts(r, "subscribers", sizes, 3, "email");
    assert_int_equal(cJSON_GetArraySize(recs), 2500); /* caller's copy untouched */
    bento_request_free(r);

    cJSON_Delete(recs);
    recs = records(1000, "email");
    r = bento_request_batch_subscribers(recs);
    assert_int_equal(bento_request_parts(r), 1);
    bento_request_free(r);
    cJSON_Delete(recs);
}

static void test_batch_events(void **state)
{
    (void)state;
    cJSON *recs = records(1001, "email");
    struct bento_request *r = bento_request_batch_events(recs);
    static const size_t sizes[] = {1000, 1};
    assert_string_equal(r->path, "/batch/events");
    assert_true(r->is_batch_write);
    assert_true(r->retry_after_timeout);
    check_parts(r, "events", sizes, 2, "email");
    /* no unique key is invented for events */
    assert_null(strstr(r->bodies[0], "unique"));
    bento_request_free(r);
    cJSON_Delete(recs);
}

/* Every email carries its own body: big ones make smaller calls, and
 * one email over the byte cap still goes, alone. */
static void test_batch_emails_split_by_size(void **state)
{
    (void)state;
    size_t body = 200 * 1024;
    char *html = malloc(body + 1);
    memset(html, 'x', body);
    html[body] = '\0';
    cJSON *recs = records(7, "to");
    for (cJSON *e = recs->child; e; e = e->next)
        cJSON_AddStringToObject(e, "html_body", html);
    cJSON_AddStringToObject(cJSON_GetArrayItem(recs, 4), "text_body", html);
    cJSON_ReplaceItemInObject(cJSON_GetArrayItem(recs, 4), "html_body", cJSON_CreateString(html));
    struct bento_request *r = bento_request_batch_emails(recs);
    /* 3 x 200 KiB fit in 768 KiB, a 4th does not; the 400 KiB one (#4)
     * shares a call with one other */
    static const size_t sizes[] = {3, 2, 2};
    check_parts(r, "emails", sizes, 3, "to");
    for (size_t p = 0; p < bento_request_parts(r); p++)
        assert_true(strlen(r->bodies[p]) <= BENTO_EMAILS_CALL_BYTES || sizes[p] == 1);
    bento_request_free(r);
    cJSON_Delete(recs);

    char *huge = malloc(BENTO_EMAILS_CALL_BYTES + 2);
    memset(huge, 'y', BENTO_EMAILS_CALL_BYTES + 1);
    huge[BENTO_EMAILS_CALL_BYTES + 1] = '\0';
    recs = records(2, "to");
    cJSON_AddStringToObject(recs->child, "html_body", huge);
    r = bento_request_batch_emails(recs);
    static const size_t alone[] = {1, 1};
    check_parts(r, "emails", alone, 2, "to");
    bento_request_free(r);
    cJSON_Delete(recs);
    free(huge);
    free(html);
}

static void test_batch_emails_never_retried(void **state)
{
    (void)state;
    cJSON *recs = records(61, "to");
    struct bento_request *r = bento_request_batch_emails(recs);
    static const size_t sizes[] = {60, 1};
    assert_string_equal(r->path, "/batch/emails");
    assert_int_equal(bento_request_op(r), BENTO_OP_BATCH_EMAILS);
    assert_true(r->is_batch_write);
    assert_false(r->retry_after_timeout);
    assert_true(bento_request_at_most_once(r));
    check_parts(r, "emails", sizes, 2, "to");
    bento_request_free(r);
    cJSON_Delete(recs);
}

/* Any request can be marked (broadcasts, template changes): the mark is
 * what the client and the transfer act on. */
static void test_at_most_once_is_a_property(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_raw("POST", "/fetch/broadcasts", NULL, "{}");
    assert_false(bento_request_at_most_once(r));
    bento_request_set_at_most_once(r);
    assert_true(bento_request_at_most_once(r));
    assert_false(r->retry_after_timeout);
    bento_request_free(r);
    assert_false(bento_request_at_most_once(NULL));
}

static void test_commands_split(void **state)
{
    (void)state;
    cJSON *cmds = cJSON_CreateArray();
    for (int i = 0; i < 250; i++) {
        char email[64];
        snprintf(email, sizeof email, "user%d@example.com", i);
        cJSON_AddItemToArray(cmds, bento_command("add_tag", email, cJSON_CreateString("vip")));
    }
    struct bento_request *r = bento_request_commands(cmds);
    static const size_t sizes[] = {100, 100, 50};
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->path, "/fetch/commands");
    assert_int_equal(r->family, BENTO_FAM_FETCH);
    assert_false(r->is_batch_write);
    assert_true(r->retry_after_timeout);
    check_parts(r, "command", sizes, 3, "email");
    cJSON *j = body_json(r, 2);
    const cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "command"), 0);
    assert_string_equal(cJSON_GetObjectItem(c0, "command")->valuestring, "add_tag");
    assert_string_equal(cJSON_GetObjectItem(c0, "query")->valuestring, "vip");
    cJSON_Delete(j);
    bento_request_free(r);
    cJSON_Delete(cmds);
}

static void test_command_object(void **state)
{
    (void)state;
    cJSON *c = bento_command("subscribe", "a@b.c", NULL);
    char *text = cJSON_PrintUnformatted(c);
    assert_string_equal(text, "{\"command\":\"subscribe\",\"email\":\"a@b.c\"}");
    free(text);
    cJSON_Delete(c);

    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "key", "plan");
    cJSON_AddStringToObject(q, "value", "pro");
    c = bento_command("add_field", "a@b.c", q);
    text = cJSON_PrintUnformatted(c);
    assert_string_equal(text, "{\"command\":\"add_field\",\"email\":\"a@b.c\","
                              "\"query\":{\"key\":\"plan\",\"value\":\"pro\"}}");
    free(text);
    cJSON_Delete(c);

    /* the query is consumed even when the command is refused */
    assert_null(bento_command("add_tag", NULL, cJSON_CreateString("x")));
}

static void test_raw(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_raw("post", "batch/emails", "a=1", "{\"emails\":[]}");
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->path, "/batch/emails");
    assert_string_equal(r->query, "a=1");
    assert_string_equal(r->bodies[0], "{\"emails\":[]}");
    assert_int_equal(r->family, BENTO_FAM_BATCH);
    assert_true(r->is_batch_write);
    assert_false(r->retry_after_timeout);
    assert_int_equal(bento_request_op(r), BENTO_OP_RAW);
    bento_request_free(r);

    r = bento_request_raw("GET", "/experimental/blacklist", NULL, NULL);
    assert_int_equal(r->family, BENTO_FAM_EXPERIMENTAL);
    assert_null(r->query);
    assert_null(r->bodies[0]);
    assert_true(r->retry_after_timeout);
    bento_request_free(r);
}

static void test_email_validate(void **state)
{
    (void)state;
    struct bento_request *r = bento_request_email_validate("a+b@example.com");
    assert_non_null(r);
    assert_int_equal(bento_request_op(r), BENTO_OP_EMAIL_VALIDATE);
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->path, "/experimental/validation");
    assert_string_equal(r->query, "email=a%2Bb%40example.com");
    assert_int_equal(r->family, BENTO_FAM_EXPERIMENTAL);
    assert_int_equal(r->part_count, 1);
    assert_false(r->is_batch_write);
    assert_true(r->retry_after_timeout);
    cJSON *j = body_json(r, 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "email")), "a+b@example.com");
    assert_int_equal(cJSON_GetArraySize(j), 1);
    cJSON_Delete(j);
    bento_request_free(r);
    assert_null(bento_request_email_validate(NULL));
    assert_null(bento_request_email_validate(""));
    assert_string_equal(bento_op_name(BENTO_OP_EMAIL_VALIDATE), "email_validate");
}

static void test_user_and_names(void **state)
{
    (void)state;
    int token;
    struct bento_request *r = bento_request_tags_list();
    bento_request_set_user(r, &token);
    assert_ptr_equal(r->user, &token);
    bento_request_free(r);
    assert_string_equal(bento_op_name(BENTO_OP_TAGS_LIST), "tags_list");
    assert_string_equal(bento_op_name(BENTO_OP_BATCH_EMAILS), "batch_emails");
    assert_string_equal(bento_op_name(BENTO_OP_RAW), "raw");
    for (int op = 0; op < BENTO_OP__COUNT; op++)
        assert_string_not_equal(bento_op_name((enum bento_op)op), "unknown");
    assert_string_equal(bento_op_name(BENTO_OP__COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads),
        cmocka_unit_test(test_single_writes_wrap_records),
        cmocka_unit_test(test_tags_delete),
        cmocka_unit_test(test_subscriber_get_query),
        cmocka_unit_test(test_required_arguments),
        cmocka_unit_test(test_batch_subscribers_split),
        cmocka_unit_test(test_batch_events),
        cmocka_unit_test(test_batch_emails_never_retried),
        cmocka_unit_test(test_at_most_once_is_a_property),
        cmocka_unit_test(test_batch_emails_split_by_size),
        cmocka_unit_test(test_commands_split),
        cmocka_unit_test(test_command_object),
        cmocka_unit_test(test_raw),
        cmocka_unit_test(test_email_validate),
        cmocka_unit_test(test_user_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
