/* `tags list --json` and `fields list --json` print their envelope row
 * by row: byte for byte what the cJSON tree prints, made safe as every
 * --json output is (DEL and C1 as \u escapes, invalid UTF-8 as U+FFFD),
 * for hostile names (quotes, backslashes, control bytes, emoji, invalid
 * UTF-8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "cli/json_stream.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
};

/* A name as the request body's JSON spells it, and as --json must print it. */
struct hostile {
    const char *sent;
    const char *printed;
};

#define FFFD "\xef\xbf\xbd" /* U+FFFD, for each byte that is not UTF-8 */

static const struct hostile hostile[] = {
    {"zq \\\"quoted\\\" \\\\back\\\\slash", "zq \\\"quoted\\\" \\\\back\\\\slash"},
    {"zq ctl \\u0001\\u001f\\b\\f\\r\\t\\n\\u007f end",
     "zq ctl \\u0001\\u001f\\b\\f\\r\\t\\n\\u007f end"},
    {"zq emoji \xf0\x9f\x8e\x89 caf\xc3\xa9 \\u2028 \\ud83d\\ude00 x",
     "zq emoji \xf0\x9f\x8e\x89 caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 x"},
    {"zq bad \xff\xfe \xc3 \xed\xa0\x80 utf8",
     "zq bad " FFFD FFFD " " FFFD " " FFFD FFFD FFFD " utf8"},
    {"zq </script> \\/ slash", "zq </script> / slash"},
};
#define NHOSTILE (sizeof hostile / sizeof *hostile)

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, NULL) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void console(struct fixture *f, struct runproc *r, const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_int_equal(r->status, 0);
}

/* Create the hostile tags; return the created records (id, created_at). */
static cJSON *create_hostile(struct fixture *f)
{
    cJSON *made = cJSON_CreateArray();
    for (size_t i = 0; i < NHOSTILE; i++) {
        char body[256];
        long status = 0;
        snprintf(body, sizeof body, "{\"tag\":{\"name\":\"%s\"}}", hostile[i].sent);
        cJSON *res = simhttp_call(f->sim.base_url, "POST", "/fetch/tags", body, &status);
        assert_int_equal(status, 201);
        cJSON *data = cJSON_DetachItemFromObject(res, "data");
        assert_non_null(data);
        cJSON_AddItemToArray(made, data);
        cJSON_Delete(res);
    }
    return made;
}

static void append(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    *buf = realloc(*buf, *len + (size_t)n + 1);
    assert_non_null(*buf);
    vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    *len += (size_t)n;
}

static const char *attr(const cJSON *rec, const char *key)
{
    const char *v = cJSON_GetStringValue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "attributes"), key));
    assert_non_null(v);
    return v;
}

/* The filtered list holds exactly the hostile tags, spelt as written by
 * hand above (not computed with cJSON). */
static void test_hostile_names_exact(void **state)
{
    struct fixture *f = *state;
    cJSON *made = create_hostile(f);
    long status = 0;
    cJSON *all = simhttp_call(f->sim.base_url, "GET", "/fetch/tags", NULL, &status);
    assert_int_equal(status, 200);
    int total = cJSON_GetArraySize(cJSON_GetObjectItem(all, "data"));

    char *want = NULL;
    size_t len = 0;
    append(&want, &len, "{\"success\":true,\"error\":null,\"data\":[");
    for (size_t i = 0; i < NHOSTILE; i++) {
        const cJSON *rec = cJSON_GetArrayItem(made, (int)i);
        append(&want, &len,
               "%s{\"id\":\"%s\",\"name\":\"%s\",\"created_at\":\"%s\","
               "\"discarded_at\":null}",
               i ? "," : "", cJSON_GetStringValue(cJSON_GetObjectItem(rec, "id")),
               hostile[i].printed, attr(rec, "created_at"));
    }
    append(&want, &len, "],\"meta\":{\"count\":%zu,\"total\":%d}}\n", NHOSTILE, total);

    struct runproc r;
    console(f, &r, (const char *const[]){"tags", "list", "--json", "zq", NULL});
    assert_int_equal(strlen(r.out), len);
    assert_memory_equal(r.out, want, len);
    runproc_free(&r);
    free(want);
    cJSON_Delete(all);
    cJSON_Delete(made);
}

/* root as every --json output prints it (json_stream_write_text). */
static char *safe_text(const cJSON *root)
{
    char *raw = cJSON_PrintUnformatted(root), *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(raw);
    assert_non_null(f);
    json_stream_write_text(f, raw);
    fclose(f);
    free(raw);
    return buf;
}

/* The whole list, one tag discarded (a name with no escapes, so it can
 * be given on the command line), against the tree the command used
 * to build from the same records. */
static void test_whole_list_as_cjson(void **state)
{
    struct fixture *f = *state;
    cJSON_Delete(create_hostile(f));
    struct runproc r;
    console(f, &r, (const char *const[]){"tags", "delete", hostile[4].printed, "--yes", NULL});
    runproc_free(&r);
    long status = 0;
    cJSON *all = simhttp_call(f->sim.base_url, "GET", "/fetch/tags", NULL, &status);
    assert_int_equal(status, 200);

    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 1);
    cJSON_AddNullToObject(root, "error");
    cJSON *data = cJSON_AddArrayToObject(root, "data");
    const cJSON *rec;
    int discarded = 0;
    cJSON_ArrayForEach(rec, cJSON_GetObjectItem(all, "data")) {
        const cJSON *a = cJSON_GetObjectItem(rec, "attributes");
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "id", cJSON_Duplicate(cJSON_GetObjectItem(rec, "id"), 1));
        const char *keys[] = {"name", "created_at", "discarded_at"};
        for (size_t k = 0; k < 3; k++)
            cJSON_AddItemToObject(o, keys[k], cJSON_Duplicate(cJSON_GetObjectItem(a, keys[k]), 1));
        discarded += cJSON_IsString(cJSON_GetObjectItem(a, "discarded_at"));
        cJSON_AddItemToArray(data, o);
    }
    assert_true(discarded >= 1);
    cJSON *meta = cJSON_AddObjectToObject(root, "meta");
    cJSON_AddNumberToObject(meta, "count", cJSON_GetArraySize(data));
    cJSON_AddNumberToObject(meta, "total", cJSON_GetArraySize(data));
    char *want = safe_text(root);

    console(f, &r, (const char *const[]){"tags", "list", "--json", NULL});
    size_t n = strlen(want);
    assert_int_equal(strlen(r.out), n + 1);
    assert_memory_equal(r.out, want, n);
    assert_int_equal(r.out[n], '\n');
    runproc_free(&r);
    free(want);
    cJSON_Delete(root);
    cJSON_Delete(all);
}

static void test_fields_list_as_cjson(void **state)
{
    struct fixture *f = *state;
    long status = 0;
    cJSON *all = simhttp_call(f->sim.base_url, "GET", "/fetch/fields", NULL, &status);
    assert_int_equal(status, 200);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 1);
    cJSON_AddNullToObject(root, "error");
    cJSON *data = cJSON_AddArrayToObject(root, "data");
    const cJSON *rec;
    cJSON_ArrayForEach(rec, cJSON_GetObjectItem(all, "data")) {
        const cJSON *a = cJSON_GetObjectItem(rec, "attributes");
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "id", cJSON_Duplicate(cJSON_GetObjectItem(rec, "id"), 1));
        const char *keys[] = {"key", "name", "created_at"};
        for (size_t k = 0; k < 3; k++)
            cJSON_AddItemToObject(o, keys[k], cJSON_Duplicate(cJSON_GetObjectItem(a, keys[k]), 1));
        cJSON_AddItemToArray(data, o);
    }
    assert_true(cJSON_GetArraySize(data) > 0);
    cJSON *meta = cJSON_AddObjectToObject(root, "meta");
    cJSON_AddNumberToObject(meta, "count", cJSON_GetArraySize(data));
    char *want = cJSON_PrintUnformatted(root);

    struct runproc r;
    console(f, &r, (const char *const[]){"fields", "list", "--json", NULL});
    size_t n = strlen(want);
    assert_int_equal(strlen(r.out), n + 1);
    assert_memory_equal(r.out, want, n);
    runproc_free(&r);
    free(want);
    cJSON_Delete(root);
    cJSON_Delete(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hostile_names_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_list_as_cjson, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_list_as_cjson, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
