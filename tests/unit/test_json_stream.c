/* The streaming --json writer prints exactly what cJSON_PrintUnformatted
 * prints for the same document once made safe by json_stream_write_text:
 * escaping of quotes, backslashes, every control byte, DEL, C1, non-ASCII
 * and invalid UTF-8 (U+FFFD), nulls, nesting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "cli/json_stream.h"

static const char *const hostile[] = {
    "",
    "plain",
    "say \"hi\"",
    "back\\slash\\",
    "\"\\\"\\",
    "tab\there\nnew\rret\bbs\fff",
    "\x01\x02\x1e\x1f end",
    "del \x7f here",
    "slash / and </script>",
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\x89 emoji",
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb zwj",
    "bad \xff\xfe utf8 \xc3",
    "overlong \xc0\xaf and surrogate \xed\xa0\x80",
    "\xe2\x80\xa8 line sep \xe2\x80\xa9",
    "{\"json\":[1,2]}",
};

/* What f printed into a memory stream, NUL-terminated (caller frees). */
static char *captured(FILE *f, char **buf)
{
    assert_int_equal(fclose(f), 0);
    return *buf;
}

/* What every --json output prints for root: cJSON's text, made safe. */
static char *cjson_text(cJSON *root)
{
    char *t = cJSON_PrintUnformatted(root), *buf = NULL;
    size_t len = 0;
    assert_non_null(t);
    cJSON_Delete(root);
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    json_stream_write_text(f, t);
    free(t);
    return captured(f, &buf);
}

/* DEL and C1 as \u escapes; invalid UTF-8 as U+FFFD; the rest as is. */
static void test_write_text_makes_json_safe(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"\"del \x7f c1 \xc2\x9b"
         "31m nel \xc2\x85\"",
         "\"del \\u007f c1 \\u009b31m nel \\u0085\""},
        {"\"bad \xff\xfe end \xc3\"", "\"bad \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd\""},
        {"\"overlong \xc0\xaf surrogate \xed\xa0\x80\"",
         "\"overlong \xef\xbf\xbd\xef\xbf\xbd surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
        {"\"caf\xc3\xa9 \xc2\xa0 \xf0\x9f\x8e\x89\"", "\"caf\xc3\xa9 \xc2\xa0 \xf0\x9f\x8e\x89\""},
        {"\"rlo \xe2\x80\xae lri \xe2\x81\xa6 alm \xd8\x9c rlm \xe2\x80\x8f\"",
         "\"rlo \\u202e lri \\u2066 alm \\u061c rlm \\u200f\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        json_stream_write_text(f, cases[i].in);
        char *got = captured(f, &buf);
        assert_string_equal(got, cases[i].out);
        cJSON *back = cJSON_Parse(got);
        assert_non_null(back);
        cJSON_Delete(back);
        free(got);
    }
}

static void test_every_byte_escapes_as_cjson(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        char s[4] = {'a', (char)c, 'z', 0};
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        json_stream_write_quoted(f, s);
        char *mine = captured(f, &buf);
        char *ref = cjson_text(cJSON_CreateString(s));
        if (strcmp(mine, ref) != 0)
            fail_msg("byte 0x%02x: stream %s, cJSON %s", c, mine, ref);
        free(mine);
        free(ref);
    }
}

static void test_hostile_strings_as_cjson(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        json_stream_write_quoted(f, hostile[i]);
        char *mine = captured(f, &buf);
        char *ref = cjson_text(cJSON_CreateString(hostile[i]));
        assert_string_equal(mine, ref);
        free(mine);
        free(ref);
    }
}

/* The tags list envelope with every hostile string as a name, a NULL
 * field among them, compared with the tree the command used to build. */
static void test_envelope_as_cjson(void **state)
{
    (void)state;
    size_t n = sizeof hostile / sizeof *hostile;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct json_stream js;
    json_stream_envelope_begin(&js, f);
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        const char *when = i % 3 ? hostile[i] : NULL;
        json_stream_begin_object(&js);
        json_stream_key(&js, "name");
        json_stream_string(&js, hostile[i]);
        json_stream_key(&js, "discarded_at");
        json_stream_string(&js, when);
        json_stream_end_object(&js);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", hostile[i]);
        if (when)
            cJSON_AddStringToObject(o, "discarded_at", when);
        else
            cJSON_AddNullToObject(o, "discarded_at");
        cJSON_AddItemToArray(data, o);
    }
    json_stream_envelope_meta(&js);
    json_stream_key(&js, "count");
    json_stream_size(&js, n);
    json_stream_key(&js, "total");
    json_stream_size(&js, 100040);
    json_stream_finish(&js);
    char *mine = captured(f, &buf);

    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 1);
    cJSON_AddNullToObject(root, "error");
    cJSON_AddItemToObject(root, "data", data);
    cJSON *meta = cJSON_AddObjectToObject(root, "meta");
    cJSON_AddNumberToObject(meta, "count", (double)n);
    cJSON_AddNumberToObject(meta, "total", 100040);
    char *ref = cjson_text(root);
    size_t rl = strlen(ref);
    assert_int_equal(strlen(mine), rl + 1);
    assert_memory_equal(mine, ref, rl);
    assert_int_equal(mine[rl], '\n');
    free(mine);
    free(ref);
}

static void test_empty_list_and_nesting(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct json_stream js;
    json_stream_envelope_begin(&js, f);
    json_stream_envelope_meta(&js);
    json_stream_key(&js, "count");
    json_stream_size(&js, 0);
    json_stream_key(&js, "list");
    json_stream_begin_array(&js);
    json_stream_bool(&js, false);
    json_stream_begin_array(&js);
    json_stream_end_array(&js);
    json_stream_begin_object(&js);
    json_stream_end_object(&js);
    json_stream_null(&js);
    json_stream_end_array(&js);
    json_stream_finish(&js);
    char *mine = captured(f, &buf);
    assert_string_equal(mine, "{\"success\":true,\"error\":null,\"data\":[],"
                              "\"meta\":{\"count\":0,\"list\":[false,[],{},null]}}\n");
    free(mine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte_escapes_as_cjson),
        cmocka_unit_test(test_hostile_strings_as_cjson),
        cmocka_unit_test(test_envelope_as_cjson),
        cmocka_unit_test(test_empty_list_and_nesting),
        cmocka_unit_test(test_write_text_makes_json_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
