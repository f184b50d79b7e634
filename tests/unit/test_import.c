/* The import engine without a network: the CSV and JSONL readers, the
 * checks, the mapping of records to what Bento takes, the validation pass
 * and the resume journal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "reliability.h"

#include "bento/client.h"
#include "bento/import.h"
#include "bento/request.h"
#include "core/import_internal.h"
#include "core/request_internal.h"

static char dir[] = "/tmp/bento-test-import-XXXXXX";

static int setup(void **state)
{
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A file in the test directory holding len bytes of text. */
static const char *file_with(const char *name, const char *text, size_t len)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

static FILE *stream_of(const char *text, size_t len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    rewind(f);
    return f;
}

static void expect_fields(const struct import_row *row, size_t n, ...)
{
    va_list ap;
    assert_int_equal(row->nfields, n);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(row->field[i], va_arg(ap, const char *));
    va_end(ap);
}

/* ---- CSV reader ----------------------------------------------------------- */

static void test_csv_rfc4180(void **state)
{
    static const char text[] = "\xEF\xBB\xBF"
                               "email,note\r\n"
                               "a@x.io,\"one, two\"\r\n"
                               "\r\n"
                               "b@x.io,\"line\r\nbreak \"\"quoted\"\"\"\r\n"
                               "c@x.io,last";
    FILE *f = stream_of(text, sizeof text - 1);
    struct import_csv *r = import_csv_new(f, 0);
    struct import_row row;
    struct bento_error err;

    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 2, "email", "note");
    assert_int_equal(row.line, 1);
    uint64_t after_header = row.end;
    assert_int_equal(after_header, 3 + strlen("email,note\r\n"));

    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 2, "a@x.io", "one, two");
    assert_int_equal(row.line, 2);
    assert_int_equal(row.end_line, 3);

    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 2, "b@x.io", "line\r\nbreak \"quoted\"");
    assert_int_equal(row.line, 4);
    assert_int_equal(row.end_line, 6);
    uint64_t third = row.end;

    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 2, "c@x.io", "last");
    assert_int_equal(row.line, 6);
    assert_int_equal(row.end, sizeof text - 1);
    assert_int_equal(import_csv_next(r, &row, &err), 0);

    /* Continuing from a record boundary reads the same records. */
    assert_int_equal(import_csv_seek(r, third, 6), 0);
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 2, "c@x.io", "last");
    assert_int_equal(row.line, 6);
    import_csv_free(r);
    fclose(f);
}

static void test_csv_lone_cr_and_blank_lines(void **state)
{
    static const char text[] = "email\r\r  \na@x.io\rb@x.io\n";
    FILE *f = stream_of(text, sizeof text - 1);
    struct import_csv *r = import_csv_new(f, 0);
    struct import_row row;
    struct bento_error err;
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 1, "a@x.io");
    assert_int_equal(row.line, 4);
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    expect_fields(&row, 1, "b@x.io");
    assert_int_equal(row.line, 5);
    assert_int_equal(import_csv_next(r, &row, &err), 0);
    import_csv_free(r);
    fclose(f);
}

static int read_all(const char *text, size_t len, size_t field_max, struct bento_error *err)
{
    FILE *f = stream_of(text, len);
    struct import_csv *r = import_csv_new(f, field_max);
    struct import_row row;
    int rc;
    while ((rc = import_csv_next(r, &row, err)) > 0)
        ;
    import_csv_free(r);
    fclose(f);
    return rc;
}

static void test_csv_unterminated_quote(void **state)
{
    static const char text[] = "email,name\na@x.io,ok\nb@x.io,\"never\nends\n";
    struct bento_error err;
    assert_int_equal(read_all(text, sizeof text - 1, 0, &err), -1);
    assert_int_equal(err.kind, BENTO_E_IO);
    assert_non_null(strstr(err.message, "line 3, field 2"));
    assert_non_null(strstr(err.message, "closing quote is missing"));
}

static void test_csv_stray_quote(void **state)
{
    static const char text[] = "email,name\na@x.io,ab\"c\n";
    struct bento_error err;
    assert_int_equal(read_all(text, sizeof text - 1, 0, &err), -1);
    assert_non_null(strstr(err.message, "line 2, field 2: a stray quote"));
}

static void test_csv_field_limit(void **state)
{
    size_t n = 5000;
    char *text = malloc(n + 32);
    int len = snprintf(text, n + 32, "email,big\na@x.io,\"");
    memset(text + len, 'x', n);
    size_t total = (size_t)len + n;
    struct bento_error err;
    assert_int_equal(read_all(text, total, 1000, &err), -1);
    assert_non_null(strstr(err.message, "line 2, field 2: a field is larger than the size limit"));
    free(text);
}

static void test_csv_bad_bytes(void **state)
{
    static const char text[] = "email,name\na@x.io,Jos\xE9\nb@x.io,ok\n";
    FILE *f = stream_of(text, sizeof text - 1);
    struct import_csv *r = import_csv_new(f, 0);
    struct import_row row;
    struct bento_error err;
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    assert_non_null(row.problem);
    assert_non_null(strstr(row.problem, "not UTF-8 text (byte 0xE9)"));
    assert_int_equal(row.problem_field, 1);
    assert_int_equal(import_csv_next(r, &row, &err), 1);
    assert_null(row.problem);
    import_csv_free(r);
    fclose(f);
}

static void test_csv_utf16_refused(void **state)
{
    static const char text[] = "\xFF\xFE"
                               "e\0m\0";
    struct bento_error err;
    assert_int_equal(read_all(text, sizeof text - 1, 0, &err), -1);
    assert_non_null(strstr(err.message, "UTF-16"));
}

/* ---- JSONL reader --------------------------------------------------------- */

static void test_jsonl_lines(void **state)
{
    static const char text[] = "{\"a\":1}\r\n\n   \n{\"b\":2}\n"
                               "{\"c\":\"xxxxxxxxxx\"}\n{\"d\":4}";
    FILE *f = stream_of(text, sizeof text - 1);
    struct import_jsonl *r = import_jsonl_new(f, 12);
    struct import_row row;
    struct bento_error err;
    assert_int_equal(import_jsonl_next(r, &row, &err), 1);
    assert_string_equal(row.text, "{\"a\":1}");
    assert_int_equal(row.line, 1);
    assert_int_equal(import_jsonl_next(r, &row, &err), 1);
    assert_string_equal(row.text, "{\"b\":2}");
    assert_int_equal(row.line, 4);
    assert_int_equal(import_jsonl_next(r, &row, &err), 1);
    assert_non_null(row.problem); /* longer than 12 bytes */
    assert_int_equal(row.line, 5);
    assert_int_equal(import_jsonl_next(r, &row, &err), 1);
    assert_string_equal(row.text, "{\"d\":4}");
    assert_int_equal(row.line, 6);
    assert_int_equal(row.end, sizeof text - 1);
    assert_int_equal(import_jsonl_next(r, &row, &err), 0);
    import_jsonl_free(r);
    fclose(f);
}

/* ---- checks ----------------------------------------------------------------- */

static void test_checks(void **state)
{
    assert_int_equal(import_utf8_invalid_at("plain", 5), -1);
    assert_int_equal(import_utf8_invalid_at("caf\xC3\xA9", 5), -1);
    assert_int_equal(import_utf8_invalid_at("caf\xE9", 4), 3);
    assert_int_equal(import_utf8_invalid_at("\xC0\xAF", 2), 0);          /* overlong */
    assert_int_equal(import_utf8_invalid_at("a\xED\xA0\x80", 4), 1);     /* surrogate */
    assert_int_equal(import_utf8_invalid_at("\xF0\x9F\x98\x80", 4), -1); /* emoji */
    assert_int_equal(import_utf8_invalid_at("\xF0\x9F\x98", 3), 0);      /* cut short */

    assert_true(import_date_valid("2024-02-29"));
    assert_true(import_date_valid("2024-05-01T09:30:00Z"));
    assert_true(import_date_valid("2024-05-01T09:30:00.123+02:00"));
    assert_true(import_date_valid("2024-05-01 09:30"));
    assert_false(import_date_valid("2023-02-29"));
    assert_false(import_date_valid("01/05/2024"));
    assert_false(import_date_valid("2024-05-01T25:00"));
    assert_false(import_date_valid("2024-05-01Tnoon"));

    char *t = import_tag_list(" vip; lead ,, customer;");
    assert_string_equal(t, "vip,lead,customer");
    free(t);
    t = import_tag_list(" ; ");
    assert_string_equal(t, "");
    free(t);
}

/* ---- mapping ---------------------------------------------------------------- */

static struct import_row row_of(size_t line, size_t n, const char **fields)
{
    static size_t lens[32];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(fields[i]);
    return (struct import_row){
        .line = line, .nfields = n, .field = (char **)fields, .len = lens, .problem_field = -1};
}

static void header(struct import_header *h, enum bento_import_kind kind, size_t n,
                   const char **names)
{
    struct bento_error err;
    struct import_row r = row_of(1, n, names);
    assert_int_equal(import_header_parse(h, kind, &r, &err), 0);
}

static void header_fails(enum bento_import_kind kind, size_t n, const char **names,
                         const char *expect)
{
    struct import_header h;
    struct bento_error err;
    struct import_row r = row_of(1, n, names);
    assert_int_equal(import_header_parse(&h, kind, &r, &err), -1);
    assert_int_equal(err.kind, BENTO_E_VALIDATION);
    assert_non_null(strstr(err.message, expect));
    import_header_free(&h);
}

static void test_headers(void **state)
{
    const char *no_email[] = {"name", "plan"};
    header_fails(BENTO_IMPORT_SUBSCRIBERS, 2, no_email, "No \"email\" column");
    const char *twice[] = {"email", "plan", " Plan "};
    header_fails(BENTO_IMPORT_SUBSCRIBERS, 3, twice, "\"Plan\" appears twice");
    const char *shadow[] = {"email", "fields.Email"};
    header_fails(BENTO_IMPORT_SUBSCRIBERS, 2, shadow, "\"fields.Email\" appears twice");
    const char *blank[] = {"email", ""};
    header_fails(BENTO_IMPORT_SUBSCRIBERS, 2, blank, "Column 2 of the header row has no name");
    const char *odd[] = {"type", "email", "plan"};
    header_fails(BENTO_IMPORT_EVENTS, 3, odd, "Unknown column \"plan\"");
    const char *untyped[] = {"email", "date"};
    header_fails(BENTO_IMPORT_EVENTS, 2, untyped, "No \"type\" column");
}

/* A header row of n columns: email, then c1..c(n-1), the last named
 * `last` when given. */
static int wide_header(size_t n, const char *last, struct bento_error *err)
{
    char **names = calloc(n, sizeof *names);
    size_t *lens = calloc(n, sizeof *lens);
    assert_non_null(names);
    assert_non_null(lens);
    for (size_t i = 0; i < n; i++) {
        char text[32];
        snprintf(text, sizeof text, i ? "c%zu" : "email", i);
        names[i] = strdup(i == n - 1 && last ? last : text);
        lens[i] = strlen(names[i]);
    }
    struct import_row r = {
        .line = 1, .nfields = n, .field = names, .len = lens, .problem_field = -1};
    struct import_header h;
    int rc = import_header_parse(&h, BENTO_IMPORT_SUBSCRIBERS, &r, err);
    import_header_free(&h);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(lens);
    return rc;
}

/* 100,000 columns: the repeated-name check must not compare every pair
 * (it took 23 s when it did). */
static void test_header_100000_columns(void **state)
{
    struct bento_error err;
    assert_int_equal(wide_header(100000, NULL, &err), 0);
    assert_int_equal(wide_header(100000, "C77", &err), -1);
    assert_non_null(strstr(err.message, "\"C77\" appears twice"));
    assert_int_equal(wide_header(3, "k\033[2J", &err), -1);
    assert_non_null(strstr(err.message, "Column 3 of the header row: Field key \"k\\e[2J\""));
}

static char *mapped(const struct import_header *h, size_t n, const char **fields,
                    struct import_problem *why)
{
    struct import_row r = row_of(7, n, fields);
    cJSON *out = NULL;
    int rc = h->kind == BENTO_IMPORT_EVENTS ? import_map_event_csv(h, &r, "f1d", &out, why)
                                            : import_map_subscriber(h, &r, &out, why);
    if (rc != 0) {
        assert_int_equal(rc, 1);
        assert_null(out);
        return NULL;
    }
    char *text = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    return text;
}

static void test_map_subscriber(void **state)
{
    const char *names[] = {"Email",       "first_name", "last_name",  "tags",
                           "remove_tags", "plan",       "fields.city"};
    struct import_header h;
    struct import_problem why;
    header(&h, BENTO_IMPORT_SUBSCRIBERS, 7, names);

    const char *ok[] = {" Ann@Example.COM ", "Ann", "", "vip; lead", "old", "pro", "Oslo"};
    char *text = mapped(&h, 7, ok, &why);
    assert_string_equal(text, "{\"email\":\"ann@example.com\",\"first_name\":\"Ann\","
                              "\"tags\":\"vip,lead\",\"remove_tags\":\"old\",\"plan\":\"pro\","
                              "\"city\":\"Oslo\"}");
    free(text);

    /* a tag is checked as the command line checks one */
    const char *bad_tag[] = {"ann@x.io", "", "", "vip;k\033[2J", "", "", ""};
    assert_null(mapped(&h, 7, bad_tag, &why));
    assert_string_equal(why.column, "tags");
    assert_string_equal(why.reason, "Tag name \"k\\e[2J\" holds a control character: remove it");

    const char *bad_email[] = {"ann@", "", "", "", "", "", ""};
    assert_null(mapped(&h, 7, bad_email, &why));
    assert_string_equal(why.column, "Email");
    assert_non_null(strstr(why.reason, "\"ann@\" is not a plausible address"));

    const char *no_email[] = {"", "Ann", "", "", "", "", ""};
    assert_null(mapped(&h, 7, no_email, &why));
    assert_string_equal(why.reason, "no email address");

    const char *short_row[] = {"a@x.io", "Ann"};
    assert_null(mapped(&h, 2, short_row, &why));
    assert_string_equal(why.reason, "2 fields where the header has 7");
    import_header_free(&h);
}

static void test_map_event_csv(void **state)
{
    const char *names[] = {"type", "email", "date", "fields.plan", "details"};
    struct import_header h;
    struct import_problem why;
    header(&h, BENTO_IMPORT_EVENTS, 5, names);

    const char *ok[] = {"$purchase", "a@x.io", "2024-05-01", "pro",
                        "{\"value\":{\"amount\":990,\"currency\":\"USD\"}}"};
    char *text = mapped(&h, 5, ok, &why);
    assert_string_equal(text, "{\"type\":\"$purchase\",\"email\":\"a@x.io\","
                              "\"date\":\"2024-05-01\",\"fields\":{\"plan\":\"pro\"},"
                              "\"details\":{\"value\":{\"amount\":990,\"currency\":\"USD\"},"
                              "\"unique\":{\"key\":\"import-f1d-7\"}}}");
    free(text);

    const char *own_key[] = {"$purchase", "a@x.io", "", "", "{\"unique\":{\"key\":\"order-9\"}}"};
    text = mapped(&h, 5, own_key, &why);
    assert_non_null(strstr(text, "\"unique\":{\"key\":\"order-9\"}"));
    assert_null(strstr(text, "import-f1d"));
    free(text);

    const char *bad_json[] = {"$x", "a@x.io", "", "", "{\"value\": }"};
    assert_null(mapped(&h, 5, bad_json, &why));
    assert_string_equal(why.column, "details");
    assert_non_null(strstr(why.reason, "not valid JSON"));

    const char *array[] = {"$x", "a@x.io", "", "", "[1]"};
    assert_null(mapped(&h, 5, array, &why));
    assert_non_null(strstr(why.reason, "not a JSON object"));

    const char *bad_date[] = {"$x", "a@x.io", "yesterday", "", ""};
    assert_null(mapped(&h, 5, bad_date, &why));
    assert_string_equal(why.column, "date");

    const char *untyped[] = {"", "a@x.io", "", "", ""};
    assert_null(mapped(&h, 5, untyped, &why));
    assert_string_equal(why.reason, "no event type");
    import_header_free(&h);
}

static char *mapped_json(const char *line, struct import_problem *why)
{
    struct import_row r = {.line = 3, .text = line, .text_len = strlen(line), .problem_field = -1};
    cJSON *out = NULL;
    if (import_map_event_json(&r, "f1d", &out, why) != 0)
        return NULL;
    char *text = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    return text;
}

static void test_map_event_json(void **state)
{
    struct import_problem why;
    char *text = mapped_json("{\"email\":\"A@X.io\",\"type\":\"signup\",\"fields\":{\"n\":1},"
                             "\"details\":{\"k\":[1,2]}}",
                             &why);
    assert_string_equal(text, "{\"type\":\"signup\",\"email\":\"a@x.io\",\"fields\":{\"n\":1},"
                              "\"details\":{\"k\":[1,2],\"unique\":{\"key\":\"import-f1d-3\"}}}");
    free(text);
    assert_null(mapped_json("{\"type\":\"x\",\"email\":\"a@x.io\"", &why));
    assert_non_null(strstr(why.reason, "not valid JSON"));
    assert_null(mapped_json("{\"type\":\"x\",\"email\":\"a@x.io\",\"extra\":1}", &why));
    assert_string_equal(why.column, "extra");
    assert_null(mapped_json("{\"type\":\"x\",\"email\":\"a@x.io\",\"fields\":{\"a\":{}}}", &why));
    assert_string_equal(why.column, "fields");
    assert_null(
        mapped_json("{\"type\":\"x\",\"email\":\"a@x.io\",\"details\":{\"unique\":1}}", &why));
    assert_non_null(strstr(why.reason, "details.unique"));
    assert_null(mapped_json("[]", &why));
    assert_null(mapped_json("{\"type\":\"x\",\"email\":\"caf\xE9@x.io\"}", &why));
    assert_non_null(strstr(why.reason, "not UTF-8"));
}

/* ---- the validation pass ------------------------------------------------------ */

static struct bento_import *opened(const char *path, enum bento_import_kind kind, size_t batch,
                                   struct bento_error *err)
{
    struct bento_import_options o = {
        .kind = kind, .path = path, .state_dir = dir, .account = "site", .batch_size = batch};
    return bento_import_open(&o, err);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_check_plan_and_rejects(void **state)
{
    static const char text[] = "email,first_name\n"
                               "a@x.io,Ann\n"
                               "nobody,Bob\n"
                               "c@x.io,\"Cy, Jr\"\n"
                               "d@x.io,Di\n"
                               "e@x.io\n";
    const char *path = file_with("people.csv", text, sizeof text - 1);
    struct bento_error err;
    const struct bento_import_plan *p;
    struct bento_import *im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 2, &err);
    assert_non_null(im);
    assert_int_equal(bento_import_check(im, true, &p, &err), 0);
    assert_int_equal(p->rows, 5);
    assert_int_equal(p->good, 3);
    assert_int_equal(p->bad, 2);
    assert_int_equal(p->to_send, 3);
    assert_int_equal(p->calls, 2);
    assert_int_equal(p->listed_count, 2);
    assert_int_equal(p->listed[0].line, 3);
    assert_string_equal(p->listed[0].column, "email");
    assert_int_equal(p->listed[1].line, 6);
    assert_non_null(p->rejects_path);
    assert_non_null(strstr(p->rejects_path, "/people.rejects.csv"));
    char *cj = cJSON_PrintUnformatted(p->sample);
    assert_string_equal(cj, "{\"email\":\"a@x.io\",\"first_name\":\"Ann\"}");
    free(cj);
    assert_string_equal(slurp(p->rejects_path),
                        "line,column,reason,email,first_name\r\n"
                        "3,email,\"\"\"nobody\"\" is not a plausible address: missing @\","
                        "nobody,Bob\r\n"
                        "6,,1 field where the header has 2,e@x.io\r\n");
    bento_import_free(im);

    /* All good now: the stale reject file goes. */
    static const char fixed[] = "email\na@x.io\n";
    path = file_with("people.csv", fixed, sizeof fixed - 1);
    im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 0, &err);
    assert_int_equal(bento_import_check(im, true, &p, &err), 0);
    assert_null(p->rejects_path);
    char rej[420];
    snprintf(rej, sizeof rej, "%s/people.rejects.csv", dir);
    assert_int_equal(access(rej, F_OK), -1);
    bento_import_free(im);
}

static void test_check_file_errors(void **state)
{
    struct bento_error err;
    const char *path = file_with("empty.csv", "", 0);
    assert_null(opened(path, BENTO_IMPORT_SUBSCRIBERS, 0, &err));
    assert_int_equal(err.kind, BENTO_E_VALIDATION);
    assert_non_null(strstr(err.message, "is empty"));

    path = file_with("header.csv", "email\n", 6);
    struct bento_import *im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 0, &err);
    assert_non_null(im);
    assert_int_equal(bento_import_check(im, true, NULL, &err), -1);
    assert_non_null(strstr(err.message, "no rows to import"));
    bento_import_free(im);

    path = file_with("names.csv", "name\nAnn\n", 9);
    assert_null(opened(path, BENTO_IMPORT_SUBSCRIBERS, 0, &err));
    assert_non_null(strstr(err.message, "No \"email\" column"));

    static const char quote[] = "email\na@x.io\n\"b@x.io\n";
    path = file_with("quote.csv", quote, sizeof quote - 1);
    im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 0, &err);
    assert_int_equal(bento_import_check(im, true, NULL, &err), -1);
    assert_int_equal(err.kind, BENTO_E_IO);
    assert_non_null(strstr(err.message, "line 3, field 1"));
    bento_import_free(im);
}

static void test_check_jsonl_and_body_cap(void **state)
{
    static const char text[] = "{\"type\":\"a\",\"email\":\"a@x.io\"}\n"
                               "not json\n"
                               "{\"type\":\"b\",\"email\":\"b@x.io\"}\n";
    const char *path = file_with("events.jsonl", text, sizeof text - 1);
    struct bento_error err;
    const struct bento_import_plan *p;
    struct bento_import *im = opened(path, BENTO_IMPORT_EVENTS, 0, &err);
    assert_non_null(im);
    assert_int_equal(bento_import_check(im, false, &p, &err), 0);
    assert_true(p->jsonl);
    assert_int_equal(p->good, 2);
    assert_int_equal(p->bad, 1);
    assert_int_equal(p->listed[0].line, 2);
    assert_null(p->rejects_path); /* not asked to write one */
    assert_int_equal(p->calls, 1);
    /* A call closes early when its body would pass the size cap. */
    assert_true(import_fits(im, 1, 10, 100));
    assert_false(import_fits(im, 1, BENTO_IMPORT_BODY_MAX - 50, 100));
    assert_true(import_fits(im, 0, 0, BENTO_IMPORT_BODY_MAX * 2));
    assert_false(import_fits(im, 1000, 10, 10));
    bento_import_free(im);
}

/* ---- the journal ------------------------------------------------------------- */

static void test_journal_resume(void **state)
{
    static const char text[] = "email\na@x.io\nb@x.io\n";
    const char *path = file_with("j.csv", text, sizeof text - 1);
    struct import_identity id, other;
    struct import_resume r;
    struct bento_error err;
    assert_int_equal(import_identity_make(&id, BENTO_IMPORT_SUBSCRIBERS, path, "site", &err), 0);
    assert_int_equal(import_identity_make(&other, BENTO_IMPORT_EVENTS, path, "site", &err), 0);
    assert_string_not_equal(id.key, other.key);
    assert_string_equal(id.file_id, other.file_id);

    struct import_journal *j = import_journal_begin(dir, &id, BENTO_IMPORT_SUBSCRIBERS, true, &err);
    assert_non_null(j);
    /* A second run of the same import waits its turn. */
    assert_null(import_journal_begin(dir, &id, BENTO_IMPORT_SUBSCRIBERS, false, &err));
    assert_non_null(strstr(err.message, "Another bento-console is importing this file"));
    struct import_ack a = {
        .offset = 13, .line = 3, .rows = 1, .sent = 1, .accepted = 1, .calls = 1, .batches = 1};
    assert_int_equal(import_journal_ack(j, &a, false, &err), 0);
    import_journal_close(j);

    assert_int_equal(import_journal_read(dir, &id, &r, &err), 0);
    assert_true(r.found);
    assert_false(r.done);
    assert_int_equal(r.offset, 13);
    assert_int_equal(r.line, 3);
    assert_int_equal(r.sent, 1);
    assert_true(r.started[0] != '\0');
    assert_int_equal(import_journal_read(dir, &other, &r, &err), 0);
    assert_false(r.found);

    /* A torn last line (killed mid-write) is ignored. */
    char jpath[400];
    snprintf(jpath, sizeof jpath, "%s/%s.jsonl", dir, id.key);
    FILE *f = fopen(jpath, "a");
    fputs("{\"offset\":20,\"line\":4,\"ro", f);
    fclose(f);
    assert_int_equal(import_journal_read(dir, &id, &r, &err), 0);
    assert_int_equal(r.offset, 13);

    import_identity_free(&id);
    import_identity_free(&other);
}

/* A journal edited by hand (or by anything else): numbers no offset or
 * count can be are not read as one, and a line holding one is skipped. */
static void test_journal_out_of_range(void **state)
{
    static const char text[] = "email\na@x.io\nb@x.io\n";
    const char *path = file_with("range.csv", text, sizeof text - 1);
    struct import_identity id;
    struct import_resume r;
    struct bento_error err;
    assert_int_equal(import_identity_make(&id, BENTO_IMPORT_SUBSCRIBERS, path, "site", &err), 0);
    struct import_journal *j = import_journal_begin(dir, &id, BENTO_IMPORT_SUBSCRIBERS, true, &err);
    assert_non_null(j);
    struct import_ack a = {.offset = 13, .line = 3, .rows = 1, .sent = 1, .batches = 1};
    assert_int_equal(import_journal_ack(j, &a, false, &err), 0);
    import_journal_close(j);

    char jpath[400];
    snprintf(jpath, sizeof jpath, "%s/%s.jsonl", dir, id.key);
    FILE *f = fopen(jpath, "a");
    fputs("{\"offset\":-5,\"line\":4,\"rows\":2}\n"
          "{\"offset\":1e300,\"line\":4,\"rows\":2}\n",
          f);
    fclose(f);
    assert_int_equal(import_journal_read(dir, &id, &r, &err), 0);
    assert_true(r.found);
    assert_int_equal(r.offset, 13);
    assert_int_equal(r.line, 3);

    /* counts out of range read as 0 */
    f = fopen(jpath, "a");
    fputs("{\"offset\":20,\"line\":1e300,\"rows\":-1,\"sent\":2}\n", f);
    fclose(f);
    assert_int_equal(import_journal_read(dir, &id, &r, &err), 0);
    assert_int_equal(r.offset, 20);
    assert_int_equal(r.line, 0);
    assert_int_equal(r.rows, 0);
    assert_int_equal(r.sent, 2);

    /* a header whose size no file has names another file */
    f = fopen(jpath, "w");
    fprintf(f, "{\"v\":1,\"path\":\"%s\",\"size\":-1}\n{\"offset\":13}\n", id.path);
    fclose(f);
    assert_int_equal(import_journal_read(dir, &id, &r, &err), 0);
    assert_false(r.found);
    import_identity_free(&id);
}

/* ---- step by step: calls, acknowledgements, partial failures, resume -------- */

static void acknowledge(struct bento_import *im, long results, long failed)
{
    struct bento_result r = {.counts = {.results = results, .failed = failed}};
    struct bento_error err;
    assert_int_equal(bento_import_acknowledge(im, &r, &err), 0);
}

static size_t records_in(struct bento_request *req)
{
    cJSON *j = cJSON_Parse(req->bodies[0]);
    size_t n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(j, "subscribers"));
    assert_int_equal(n, req->body_records[0]);
    cJSON_Delete(j);
    bento_request_free(req);
    return n;
}

static void test_steps_and_resume(void **state)
{
    static const char text[] = "email\na@x.io\nb@x.io\nbad\nc@x.io\nd@x.io\ne@x.io\n";
    const char *path = file_with("steps.csv", text, sizeof text - 1);
    struct bento_error err;
    struct bento_import_progress p;
    size_t n;
    struct bento_import *im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 2, &err);
    assert_int_equal(bento_import_check(im, true, NULL, &err), 0);

    /* two calls may be prepared ahead; a third must wait */
    assert_int_equal(records_in(bento_import_next_request(im, &err)), 2); /* lines 2-3 */
    assert_int_equal(records_in(bento_import_next_request(im, &err)), 2); /* lines 5-6 */
    assert_null(bento_import_next_request(im, &err));
    assert_int_equal(err.kind, BENTO_E_USAGE);
    acknowledge(im, 2, 0);
    acknowledge(im, 1, 1); /* Bento refused one of lines 5-6 */
    bento_import_progress(im, &p);
    assert_int_equal(p.rows_sent, 4);
    assert_int_equal(p.accepted, 3);
    assert_int_equal(p.failed, 1);
    assert_int_equal(p.next_line, 7);
    const size_t *lines = bento_import_failed_lines(im, &n);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0], 5);
    assert_int_equal(lines[1], 6);
    /* the process dies here, with line 7 sent but not acknowledged */
    struct bento_request *lost = bento_import_next_request(im, &err);
    assert_non_null(lost);
    bento_request_free(lost);
    bento_import_free(im);

    const struct bento_import_plan *plan;
    im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 2, &err);
    assert_int_equal(bento_import_check(im, true, &plan, &err), 0);
    assert_true(plan->resuming);
    assert_int_equal(plan->resume_line, 7);
    assert_int_equal(plan->resume_rows, 4);
    assert_int_equal(plan->to_send, 1);
    assert_int_equal(plan->calls, 1);
    struct bento_request *req = bento_import_next_request(im, &err);
    assert_non_null(req);
    assert_non_null(strstr(req->bodies[0], "e@x.io"));
    assert_null(strstr(req->bodies[0], "d@x.io"));
    bento_request_free(req);
    acknowledge(im, 1, 0);
    assert_null(bento_import_next_request(im, &err));
    assert_int_equal(err.kind, BENTO_OK);
    bento_import_free(im);

    im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 2, &err);
    assert_int_equal(bento_import_check(im, true, &plan, &err), 0);
    assert_true(plan->done_before);
    assert_int_equal(plan->to_send, 0);
    bento_import_free(im);

    struct bento_import_options o = {.kind = BENTO_IMPORT_SUBSCRIBERS,
                                     .path = path,
                                     .state_dir = dir,
                                     .account = "site",
                                     .restart = true};
    im = bento_import_open(&o, &err);
    assert_int_equal(bento_import_check(im, true, &plan, &err), 0);
    assert_false(plan->done_before);
    assert_int_equal(plan->to_send, 5);
    bento_import_free(im);
}

/* ---- the prepared call --------------------------------------------------------------- */

/* The same address twice (trimmed, lowercased): the first row is kept,
 * the second goes to the reject file as a duplicate, and only the first
 * is sent. */
static void test_duplicate_rows(void **state)
{
    static const char text[] = "email,last_name\n"
                               " ADA@example.com ,Lovelace\n"
                               "bob@example.com,Smith\n"
                               "ada@example.com,Byron\n"
                               "Ada@Example.com,King\n";
    const char *path = file_with("dupes.csv", text, sizeof text - 1);
    struct bento_error err;
    const struct bento_import_plan *p;
    struct bento_import *im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 0, &err);
    assert_non_null(im);
    assert_int_equal(bento_import_check(im, true, &p, &err), 0);
    assert_int_equal(p->rows, 4);
    assert_int_equal(p->good, 2);
    assert_int_equal(p->bad, 2);
    assert_int_equal(p->duplicates, 2);
    assert_int_equal(p->to_send, 2);
    assert_int_equal(p->listed[0].line, 4);
    assert_string_equal(p->listed[0].reason, "duplicate of line 2, which is kept");
    assert_int_equal(p->listed[1].line, 5);
    assert_string_equal(slurp(p->rejects_path),
                        "line,column,reason,email,last_name\r\n"
                        "4,email,\"duplicate of line 2, which is kept\",ada@example.com,Byron\r\n"
                        "5,email,\"duplicate of line 2, which is kept\",Ada@Example.com,King\r\n");
    reliability_record("Input", "import with the same address on three rows", -1,
                       p->listed[0].reason);
    struct bento_request *r = bento_import_next_request(im, &err);
    assert_non_null(r);
    assert_string_equal(r->bodies[0],
                        "{\"subscribers\":[{\"email\":\"ada@example.com\",\"last_name\":"
                        "\"Lovelace\"},{\"email\":\"bob@example.com\",\"last_name\":\"Smith\"}]}");
    bento_request_free(r);
    bento_import_free(im);
}

/* Events repeat by their unique key; events without one never do. */
static void test_duplicate_events(void **state)
{
    static const char text[] =
        "{\"type\":\"buy\",\"email\":\"a@x.io\",\"details\":{\"unique\":{\"key\":\"o-1\"}}}\n"
        "{\"type\":\"buy\",\"email\":\"a@x.io\"}\n"
        "{\"type\":\"buy\",\"email\":\"a@x.io\"}\n"
        "{\"type\":\"buy\",\"email\":\"b@x.io\",\"details\":{\"unique\":{\"key\":\"o-1\"}}}\n";
    const char *path = file_with("events.jsonl", text, sizeof text - 1);
    struct bento_error err;
    const struct bento_import_plan *p;
    struct bento_import *im = opened(path, BENTO_IMPORT_EVENTS, 0, &err);
    assert_non_null(im);
    assert_int_equal(bento_import_check(im, false, &p, &err), 0);
    assert_int_equal(p->good, 3);
    assert_int_equal(p->duplicates, 1);
    assert_int_equal(p->listed[0].line, 4);
    assert_string_equal(p->listed[0].column, "details");
    assert_string_equal(p->listed[0].reason, "duplicate of line 1, which is kept");
    bento_import_free(im);
}

static void test_prepared_request(void **state)
{
    char *body = strdup("{\"events\":[{\"type\":\"a\",\"email\":\"a@x.io\"}]}");
    struct bento_request *r = bento_request_batch_prepared(BENTO_OP_BATCH_EVENTS, body, 1);
    assert_non_null(r);
    assert_string_equal(r->path, "/batch/events");
    assert_string_equal(r->method, "POST");
    assert_int_equal(r->part_count, 1);
    assert_ptr_equal(r->bodies[0], body);
    assert_int_equal(r->body_records[0], 1);
    assert_true(r->is_batch_write);
    assert_true(r->retry_after_timeout);
    assert_int_equal(r->family, BENTO_FAM_BATCH);
    bento_request_free(r);
    /* Only the two import endpoints, and the body is taken either way. */
    assert_null(bento_request_batch_prepared(BENTO_OP_BATCH_EMAILS, strdup("{}"), 1));
    assert_null(bento_request_batch_prepared(BENTO_OP_BATCH_SUBSCRIBERS, strdup("{}"), 0));
}

/* A journal whose offset is not where a record starts (edited by hand)
 * would make the send begin mid-record: the import starts over instead.
 * One at a record's start resumes there, with the file's line number. */
static void test_resume_offset_checked(void **state)
{
    static const char text[] = "email,first_name\n" /* 17 bytes */
                               "a@x.io,Ann\n"       /* ends at 28 */
                               "b@x.io,\"Bo, B\"\n" /* ends at 43 */
                               "c@x.io,Cy\n";
    const char *path = file_with("mid.csv", text, sizeof text - 1);
    struct import_identity id;
    struct bento_error err;
    assert_int_equal(import_identity_make(&id, BENTO_IMPORT_SUBSCRIBERS, path, "site", &err), 0);
    const uint64_t offsets[] = {36, 28};
    for (size_t i = 0; i < 2; i++) {
        struct import_journal *j = import_journal_begin(dir, &id, BENTO_IMPORT_SUBSCRIBERS, true,
                                                        &err);
        assert_non_null(j);
        struct import_ack a = {.offset = offsets[i], .line = 9, .rows = 1, .sent = 1, .batches = 1};
        assert_int_equal(import_journal_ack(j, &a, false, &err), 0);
        import_journal_close(j);

        const struct bento_import_plan *plan;
        struct bento_import *im = opened(path, BENTO_IMPORT_SUBSCRIBERS, 10, &err);
        assert_non_null(im);
        assert_int_equal(bento_import_check(im, false, &plan, &err), 0);
        struct bento_request *req = bento_import_next_request(im, &err);
        assert_non_null(req);
        if (i == 0) { /* inside "b@x.io,..." */
            assert_false(plan->resuming);
            assert_int_equal(plan->to_send, 3);
            assert_non_null(strstr(req->bodies[0], "a@x.io"));
        } else { /* where "b@x.io" starts */
            assert_true(plan->resuming);
            assert_int_equal(plan->resume_line, 3);
            assert_int_equal(plan->to_send, 2);
            assert_null(strstr(req->bodies[0], "a@x.io"));
        }
        assert_int_equal(records_in(req), plan->to_send);
        bento_import_free(im);
    }
    import_identity_free(&id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_rfc4180),
        cmocka_unit_test(test_csv_lone_cr_and_blank_lines),
        cmocka_unit_test(test_csv_unterminated_quote),
        cmocka_unit_test(test_csv_stray_quote),
        cmocka_unit_test(test_csv_field_limit),
        cmocka_unit_test(test_csv_bad_bytes),
        cmocka_unit_test(test_csv_utf16_refused),
        cmocka_unit_test(test_jsonl_lines),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_header_100000_columns),
        cmocka_unit_test(test_duplicate_rows),
        cmocka_unit_test(test_duplicate_events),
        cmocka_unit_test(test_map_subscriber),
        cmocka_unit_test(test_map_event_csv),
        cmocka_unit_test(test_map_event_json),
        cmocka_unit_test(test_check_plan_and_rejects),
        cmocka_unit_test(test_check_file_errors),
        cmocka_unit_test(test_check_jsonl_and_body_cap),
        cmocka_unit_test(test_journal_resume),
        cmocka_unit_test(test_journal_out_of_range),
        cmocka_unit_test(test_prepared_request),
        cmocka_unit_test(test_steps_and_resume),
        cmocka_unit_test(test_resume_offset_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
