/* The streaming list decoder against the tree decoder it replaced
 * (src/core/decode_tree.c): the same records, the same errors, for every
 * lenient rule, for every input of the decoder fuzz corpora, and however
 * the body is cut into network reads. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/decode.h"
#include "core/decode_stream.h"
#include "core/decode_tree.h"

static const size_t chunks[] = {0, 1, 2, 3, 7, 64};
static const int kinds[] = {BENTO_LIST_TAGS, BENTO_LIST_FIELDS, BENTO_LIST_AUTHORS};

/* Every kind, every way of cutting: 0 (agree) or 2 (allowed), never 1. */
static int agree(const char *body, size_t len, const char *label)
{
    char why[512];
    int worst = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
            int d = bento_decode_diff(kinds[k], body, len, chunks[c], why, sizeof why);
            if (d == 1)
                fail_msg("%s (kind %d, reads of %zu): %s", label, kinds[k], chunks[c], why);
            worst = d > worst ? d : worst;
        }
    return worst;
}

/* Bodies for each rule of decode_json.c: both decoders must agree on
 * all of them, and none is an allowed divergence. */
static const char *const rules[] = {
    "{\"data\":[{\"id\":\"1\",\"attributes\":{\"name\":\"a\",\"created_at\":\"t\"}}]}",
    "{\"data\":[{\"id\":1,\"name\":\"top\",\"created_at\":null}]}",
    "{\"data\":{\"id\":9,\"attributes\":{\"name\":\"one\"}}}",
    "{\"data\":{}}",
    "{\"data\":null}",
    "{\"data\":[]}",
    "{}",
    "{\"data\":\"x\"}",
    "{\"data\":[1,\"s\",null,[{\"id\":1}],{},{\"\":0}]}",
    /* attributes wins unless absent or null; the record's key otherwise */
    "{\"data\":[{\"id\":1,\"name\":\"top\",\"attributes\":{\"name\":null}}]}",
    "{\"data\":[{\"attributes\":{\"name\":\"attr\"},\"name\":\"top\"}]}",
    "{\"data\":[{\"name\":\"top\",\"attributes\":\"not an object\"}]}",
    "{\"data\":[{\"name\":\"top\",\"attributes\":[{\"name\":\"no\"}]}]}",
    "{\"data\":[{\"attributes\":{\"name\":{\"deep\":1}},\"name\":\"top\"}]}",
    "{\"data\":[{\"attributes\":{\"name\":[1]},\"name\":\"top\"}]}",
    /* first of duplicates, at every level */
    "{\"data\":[{\"id\":1}],\"data\":[{\"id\":2}]}",
    "{\"data\":null,\"data\":[{\"id\":2}]}",
    "{\"data\":[{\"id\":1,\"id\":2,\"name\":null,\"name\":\"b\"}]}",
    "{\"data\":[{\"attributes\":5,\"attributes\":{\"name\":\"no\"},\"name\":\"yes\"}]}",
    "{\"data\":[{\"attributes\":{\"name\":\"a1\",\"name\":\"a2\"}}]}",
    /* ids and values as numbers, bools, odd strings */
    "{\"data\":[{\"id\":12345678901234567890,\"name\":1.5,\"created_at\":true}]}",
    "{\"data\":[{\"id\":-0,\"name\":1e999,\"created_at\":false,\"discarded_at\":2.5e-7}]}",
    "{\"data\":[{\"id\":1e21,\"name\":0.1,\"created_at\":-12.000}]}",
    "{\"data\":[{\"id\":\"a\\u0000b\",\"name\":\"\\\"q\\\\\\/\\b\\f\\n\\r\\t\"}]}",
    "{\"data\":[{\"id\\u0000x\":\"nul in key\",\"na\\u0000\":\"cut\"}]}",
    "{\"data\":[{\"name\":\"\\ud83d\\ude00 \xc3\xa9 \xff\xfe\"}]}",
    /* fields: key and whitelisted in every spelling */
    "{\"data\":[{\"id\":1,\"attributes\":{\"key\":\"k\",\"whitelisted\":true}},"
    "{\"id\":2,\"key\":\"k2\",\"whitelisted\":\"false\"},{\"id\":3,\"whitelisted\":\"1\"},"
    "{\"id\":4,\"whitelisted\":0},{\"id\":5,\"whitelisted\":2.5},{\"id\":6,\"whitelisted\":\"yes\"},"
    "{\"id\":7,\"attributes\":{\"whitelisted\":null},\"whitelisted\":\"0\"}]}",
    /* authors */
    "{\"data\":[{\"id\":1,\"attributes\":{\"name\":\"N\",\"email\":\"n@example.com\"}},"
    "{\"id\":2,\"email\":\"top@example.com\"}]}",
    /* whitespace, byte-order mark, and what may follow the object */
    "\xEF\xBB\xBF{\"data\":[{\"id\":1}]}",
    " \t\r\n{ \"data\" : [ { \"id\" : 1 } ] } \t\r\n",
    "{\"data\":[{\"id\":1}]} x",
    "{\"data\":[{\"id\":1}]}{}",
    "{\"data\":[{\"id\":1}]}\f",
    "{\"data\":[{\"id\":1}]}\v",
    "{\"data\":[{\"id\":1}]",
    "{\"data\":[{\"id\":1},]}",
    "[{\"id\":1}]",
    "\"text\"",
    "42",
    "null",
    "",
    " ",
    "\xEF\xBB\xBF",
    "\xEF\xBB",
    "<html>\x1b[2Jblocked</html>",
};

static void test_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        char label[32];
        snprintf(label, sizeof label, "rule %zu", i);
        assert_int_equal(agree(rules[i], strlen(rules[i]), label), 0);
    }
}

/* cJSON refuses more than 1000 nested containers; the stream must too. */
static void test_nesting_limit(void **state)
{
    (void)state;
    for (int depth = 999; depth <= 1001; depth++) {
        size_t n = 9 + 2 * (size_t)depth + 1;
        char *b = malloc(n + 1), *p = b;
        assert_non_null(b);
        p += sprintf(p, "{\"data\":");
        for (int i = 1; i < depth; i++)
            *p++ = '[';
        for (int i = 1; i < depth; i++)
            *p++ = ']';
        *p++ = '}';
        assert_int_equal(agree(b, (size_t)(p - b), "nesting"), 0);
        free(b);
    }
}

/* Where the JSON is broken the two may differ, as decode_stream.h says. */
static void test_allowed_divergence(void **state)
{
    (void)state;
    static const char *const broken[] = {
        "{\"data\":[{\"id\":1,\"name\":\"raw\ttab\"}]}",
        "{\x01\"data\":[{\"id\":1}]}",
        "{\"data\":[{\"id\":01}]}",
        "{\"data\":[{\"id\":1,\"name\":\"\\udc00\"}]}",
        "{\"data\":[{\"id\":1,\"name\":\"\\ud800x\"}]}",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++)
        assert_int_equal(agree(broken[i], strlen(broken[i]), broken[i]), 2);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL)
        *len = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    return buf;
}

/* Every seed of every JSON corpus: the decoders' own and the content
 * and check answers (other shapes, same parser). */
static void test_corpora(void **state)
{
    (void)state;
    char dirpath[512], path[1024];
    size_t files = 0;
    snprintf(dirpath, sizeof dirpath, "%s/fuzz/corpus", BENTO_SOURCE_DIR);
    DIR *top = opendir(dirpath);
    assert_non_null(top);
    for (struct dirent *e; (e = readdir(top));) {
        if (strncmp(e->d_name, "decode_", 7) && strncmp(e->d_name, "content_", 8) &&
            strncmp(e->d_name, "check_", 6) && strcmp(e->d_name, "error_body"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        DIR *d = opendir(path);
        assert_non_null(d);
        for (struct dirent *f; (f = readdir(d));) {
            size_t len = 0;
            if (f->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s/%s", dirpath, e->d_name, f->d_name);
            char *body = slurp(path, &len);
            assert_non_null(body);
            agree(body, len, path);
            free(body);
            files++;
        }
        closedir(d);
    }
    closedir(top);
    assert_true(files >= 20);
}

/* A list of 100,000 tags read 16 KiB at a time, as libcurl hands it over. */
static void test_big_list(void **state)
{
    (void)state;
    size_t cap = 100000 * 160 + 64, len = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    len += (size_t)sprintf(b, "{\"data\":[");
    for (int i = 0; i < 100000; i++)
        len += (size_t)sprintf(
            b + len,
            "%s{\"id\":\"%d\",\"type\":\"tags\",\"attributes\":{\"name\":\"tag-%d\","
            "\"created_at\":\"2025-01-01T00:00:00.000Z\",\"discarded_at\":null}}",
            i ? "," : "", 1000 + i, i);
    len += (size_t)sprintf(b + len, "]}");
    char why[256];
    assert_int_equal(bento_decode_diff(BENTO_LIST_TAGS, b, len, 16384, why, sizeof why), 0);

    struct bento_tag_list l;
    struct bento_error err;
    assert_int_equal(bento_decode_tags(b, len, &l, &err), 0);
    assert_int_equal(l.count, 100000);
    assert_non_null(l.arena);
    assert_string_equal(l.items[99999].name, "tag-99999");
    assert_string_equal(l.items[99999].id, "100999");
    assert_null(l.items[0].discarded_at);
    bento_tag_list_free(&l);
    assert_null(l.items);
    assert_null(l.arena);
    free(b);
}

/* A string longer than any arena chunk gets one of its own. */
static void test_long_string(void **state)
{
    (void)state;
    size_t n = (size_t)3 << 20;
    char *b = malloc(n + 64);
    assert_non_null(b);
    size_t len = (size_t)sprintf(b, "{\"data\":[{\"id\":1,\"name\":\"");
    memset(b + len, 'x', n);
    len += n;
    len += (size_t)sprintf(b + len, "\"}]}");
    struct bento_tag_list l;
    struct bento_error err;
    assert_int_equal(bento_decode_tags(b, len, &l, &err), 0);
    assert_int_equal(l.count, 1);
    assert_int_equal(strlen(l.items[0].name), n);
    bento_tag_list_free(&l);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_allowed_divergence),
        cmocka_unit_test(test_corpora),
        cmocka_unit_test(test_big_list),
        cmocka_unit_test(test_long_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
