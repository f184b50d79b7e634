/* The subscriber cache: most-recently-used order, pending changes that
 * settle only when a lookup shows them, round trip through the file, and
 * the commands each change sends. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bento/decode.h"
#include "bento/subcache.h"

static void decode(const char *json, struct bento_subscriber *s)
{
    struct bento_error err;
    assert_int_equal(bento_decode_subscriber(json, strlen(json), s, &err), 0);
}

static const char *const ADA =
    "{\"data\":{\"id\":\"7\",\"attributes\":{\"uuid\":\"u-7\",\"email\":\"ada@example.com\","
    "\"fields\":{\"plan\":\"pro\",\"age\":36},\"cached_tag_ids\":[\"1\"],"
    "\"unsubscribed_at\":null}}}";

static void test_touch_orders_most_recent_first(void **state)
{
    (void)state;
    struct bento_subcache c = {0};
    assert_non_null(bento_subcache_touch(&c, "A@Example.com "));
    assert_non_null(bento_subcache_touch(&c, "b@example.com"));
    assert_string_equal(c.items[0].email, "b@example.com");
    assert_non_null(bento_subcache_touch(&c, "a@example.com"));
    assert_int_equal(c.count, 2);
    assert_string_equal(c.items[0].email, "a@example.com");
    bento_subcache_free(&c);
}

static void test_pending_settles_only_when_seen(void **state)
{
    (void)state;
    struct bento_subcache c = {0};
    struct bento_cached_sub *e = bento_subcache_touch(&c, "ada@example.com");
    bento_subcache_add_change(e, BENTO_CH_ADD_TAG, "vip", NULL, 100);
    bento_subcache_add_change(e, BENTO_CH_SET_FIELD, "age", "36", 100);
    bento_subcache_add_change(e, BENTO_CH_UNSUBSCRIBE, NULL, NULL, 100);
    struct bento_subscriber s = {0};
    decode(ADA, &s);
    const char *names[] = {"VIP"};
    cJSON *applied = cJSON_CreateArray();
    bento_subcache_record(e, &s, names, 1, 200, applied);
    /* the tag and the numeric field are there; the person is still subscribed */
    assert_int_equal(cJSON_GetArraySize(applied), 2);
    assert_string_equal(cJSON_GetArrayItem(applied, 0)->valuestring, "add tag vip");
    assert_int_equal(e->pending_count, 1);
    assert_int_equal(e->pending[0].kind, BENTO_CH_UNSUBSCRIBE);
    assert_int_equal(e->fetched_at, 200);
    assert_true(e->found);
    assert_string_equal(e->sub.uuid, "u-7");
    cJSON_Delete(applied);
    bento_subscriber_free(&s);
    bento_subcache_free(&c);
}

static void test_not_found_keeps_pending(void **state)
{
    (void)state;
    struct bento_subcache c = {0};
    struct bento_cached_sub *e = bento_subcache_touch(&c, "new@example.com");
    bento_subcache_add_change(e, BENTO_CH_CREATE, NULL, NULL, 1);
    struct bento_subscriber none = {0};
    bento_subcache_record(e, &none, NULL, 0, 5, NULL);
    assert_false(e->found);
    assert_int_equal(e->pending_count, 1);
    bento_subcache_free(&c);
}

static void test_file_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/bento-subcache-XXXXXX", path[300];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/sub/cache.json", dir);
    struct bento_subcache c = {0}, back = {0};
    struct bento_error err;
    struct bento_cached_sub *e = bento_subcache_touch(&c, "ada@example.com");
    struct bento_subscriber s = {0};
    decode(ADA, &s);
    const char *names[] = {"vip"};
    bento_subcache_record(e, &s, names, 1, 1700000000, NULL);
    bento_subcache_add_change(e, BENTO_CH_REMOVE_FIELD, "plan", NULL, 1700000001);
    bento_subcache_touch(&c, "gone@example.com");
    assert_int_equal(bento_subcache_save(&c, path, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(bento_subcache_load(&back, path, &err), 0);
    assert_int_equal(back.count, 2);
    struct bento_cached_sub *b = bento_subcache_find(&back, "u-7");
    assert_non_null(b);
    assert_string_equal(b->email, "ada@example.com");
    assert_int_equal(b->fetched_at, 1700000000);
    assert_int_equal(b->tag_name_count, 1);
    assert_string_equal(b->tag_names[0], "vip");
    assert_int_equal(b->pending_count, 1);
    assert_string_equal(b->pending[0].key, "plan");
    assert_string_equal(cJSON_GetObjectItem(b->sub.fields, "plan")->valuestring, "pro");
    assert_false(bento_subcache_find(&back, "gone@example.com")->found);
    bento_subscriber_free(&s);
    bento_subcache_free(&c);
    bento_subcache_free(&back);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_missing_and_corrupt_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/bento-subcache-XXXXXX", path[300];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/none.json", dir);
    struct bento_subcache c;
    struct bento_error err;
    assert_int_equal(bento_subcache_load(&c, path, &err), 0);
    assert_int_equal(c.count, 0);
    FILE *f = fopen(path, "w");
    fputs("{not json", f);
    fclose(f);
    chmod(path, 0600);
    assert_int_equal(bento_subcache_load(&c, path, &err), -1);
    assert_int_equal(c.count, 0);
    unlink(path);
    rmdir(dir);
}

/* A hand-edited file: times no int64_t holds read as 0 (converting
 * them is undefined behaviour). */
static void test_times_out_of_range(void **state)
{
    (void)state;
    char dir[] = "/tmp/bento-subcache-XXXXXX", path[300];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/odd.json", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"version\":1,\"subscribers\":[{\"email\":\"a@x.io\",\"fetched_at\":1e300,"
          "\"pending\":[{\"kind\":\"subscribe\",\"sent_at\":-1e300},"
          "{\"kind\":\"unsubscribe\",\"sent_at\":1700000000}]}]}",
          f);
    fclose(f);
    chmod(path, 0600);
    struct bento_subcache c;
    struct bento_error err;
    assert_int_equal(bento_subcache_load(&c, path, &err), 0);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.items[0].fetched_at, 0);
    assert_int_equal(c.items[0].pending_count, 2);
    assert_int_equal(c.items[0].pending[0].sent_at, 0);
    assert_int_equal(c.items[0].pending[1].sent_at, 1700000000);
    bento_subcache_free(&c);
    unlink(path);
    rmdir(dir);
}

/* Recording an entry again with its own subscriber and tag names (as a
 * refresh of names may) keeps them. */
static void test_record_with_own_names(void **state)
{
    (void)state;
    struct bento_subcache c = {0};
    struct bento_cached_sub *e = bento_subcache_touch(&c, "ada@example.com");
    struct bento_subscriber s = {0};
    decode(ADA, &s);
    const char *names[] = {"VIP"};
    bento_subcache_record(e, &s, names, 1, 100, NULL);
    bento_subscriber_free(&s);
    bento_subcache_record(e, &e->sub, (const char *const *)e->tag_names, e->tag_name_count, 200,
                          NULL);
    assert_int_equal(e->tag_name_count, 1);
    assert_string_equal(e->tag_names[0], "VIP");
    assert_string_equal(e->sub.email, "ada@example.com");
    bento_subcache_free(&c);
}

static void test_rename_replaces_other_entry(void **state)
{
    (void)state;
    struct bento_subcache c = {0};
    bento_subcache_touch(&c, "new@example.com");
    struct bento_cached_sub *e = bento_subcache_touch(&c, "old@example.com");
    e = bento_subcache_rename(&c, e, "New@Example.com");
    assert_non_null(e);
    assert_int_equal(c.count, 1);
    assert_string_equal(e->email, "new@example.com");
    bento_subcache_free(&c);
}

static void test_change_commands(void **state)
{
    (void)state;
    cJSON *cmd = bento_change_command(BENTO_CH_SET_FIELD, "a@b.co", "plan", "pro");
    char *text = cJSON_PrintUnformatted(cmd);
    assert_string_equal(text, "{\"command\":\"add_field\",\"email\":\"a@b.co\","
                              "\"query\":{\"key\":\"plan\",\"value\":\"pro\"}}");
    cJSON_free(text);
    cJSON_Delete(cmd);
    cmd = bento_change_command(BENTO_CH_ADD_TAG_VIA_EVENT, "a@b.co", "vip", NULL);
    assert_string_equal(cJSON_GetObjectItem(cmd, "command")->valuestring, "add_tag_via_event");
    assert_string_equal(cJSON_GetObjectItem(cmd, "query")->valuestring, "vip");
    cJSON_Delete(cmd);
    cmd = bento_change_command(BENTO_CH_UNSUBSCRIBE, "a@b.co", NULL, NULL);
    assert_null(cJSON_GetObjectItem(cmd, "query"));
    cJSON_Delete(cmd);
    assert_null(bento_change_command(BENTO_CH_CREATE, "a@b.co", NULL, NULL));
}

static void test_describe(void **state)
{
    (void)state;
    char buf[100];
    struct bento_change ch = {BENTO_CH_CHANGE_EMAIL, "x@y.io", NULL, 0};
    bento_change_describe(&ch, buf, sizeof buf);
    assert_string_equal(buf, "change email to x@y.io");
    ch = (struct bento_change){BENTO_CH_SET_FIELD, "plan", "pro", 0};
    bento_change_describe(&ch, buf, sizeof buf);
    assert_string_equal(buf, "set plan = pro");
}

static const char *only_tag_1(const char *id, void *ctx)
{
    (void)ctx;
    return !strcmp(id, "1") ? "vip" : NULL;
}

/* A person reported under a new address is found by uuid and renamed;
 * tag ids without a name are kept as "#id". */
static void test_entry_for_and_named_tags(void **state)
{
    (void)state;
    struct bento_subcache c = {0};
    struct bento_subscriber s = {0};
    decode(ADA, &s);
    struct bento_cached_sub *e = bento_subcache_entry_for(&c, &s, NULL);
    assert_non_null(e);
    free(s.tag_ids[0]);
    s.tag_ids[0] = strdup("2");
    assert_true(bento_subcache_record_named(e, &s, only_tag_1, NULL, 1, NULL));
    assert_string_equal(e->tag_names[0], "#2");
    free(s.email);
    s.email = strdup("ada.new@example.com");
    bento_subcache_touch(&c, "other@example.com");
    e = bento_subcache_entry_for(&c, &s, "ada@example.com");
    assert_int_equal(c.count, 2);
    assert_string_equal(e->email, "ada.new@example.com");
    assert_ptr_equal(e, &c.items[0]);
    free(s.tag_ids[0]);
    s.tag_ids[0] = strdup("1");
    assert_false(bento_subcache_record_named(e, &s, only_tag_1, NULL, 2, NULL));
    assert_string_equal(e->tag_names[0], "vip");
    bento_subscriber_free(&s);
    bento_subcache_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_touch_orders_most_recent_first),
        cmocka_unit_test(test_pending_settles_only_when_seen),
        cmocka_unit_test(test_not_found_keeps_pending),
        cmocka_unit_test(test_file_round_trip),
        cmocka_unit_test(test_missing_and_corrupt_files),
        cmocka_unit_test(test_times_out_of_range),
        cmocka_unit_test(test_record_with_own_names),
        cmocka_unit_test(test_rename_replaces_other_entry),
        cmocka_unit_test(test_change_commands),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_entry_for_and_named_tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
