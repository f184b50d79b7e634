/* bento-sim: broadcasts, sequences, email templates and workflows over
 * real HTTP, as bento-api.md 3.6, 3.7 and its addendum describe them:
 * paging and the status filter, drafts created one by one with failures
 * reported per broadcast, sequence emails with their 404 and 422s,
 * template PATCHes kept byte for byte, workflow statistics periods, and
 * the same auth, rate-limit families and fault rules as every path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "simhttp.h"
#include "simproc.h"

static struct simproc sim;

static int setup(void **state)
{
    const char *const args[] = {"--rate-limit", "off", NULL};
    return simproc_start(&sim, args);
}

/* The demo account's 8 sent broadcasts plus 60 generated ones. */
static int setup_many(void **state)
{
    const char *const args[] = {"--rate-limit", "off", "--broadcasts", "60", NULL};
    return simproc_start(&sim, args);
}

static int teardown(void **state)
{
    simproc_stop(&sim);
    return 0;
}

static cJSON *call(const char *method, const char *path, const char *body, long want)
{
    long status = 0;
    cJSON *j = simhttp_call(sim.base_url, method, path, body, &status);
    if (status != want)
        fail_msg("%s %s: status %ld, want %ld", method, path, status, want);
    assert_non_null(j);
    return j;
}

static const cJSON *attrs(const cJSON *rec)
{
    return cJSON_GetObjectItem(rec, "attributes");
}

static const char *str_at(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

/* The ids of a list answer's records, joined with spaces. */
static void ids_of(const cJSON *j, char *buf, size_t len)
{
    buf[0] = '\0';
    const cJSON *rec;
    cJSON_ArrayForEach(rec, cJSON_GetObjectItem(j, "data")) {
        size_t n = strlen(buf);
        snprintf(buf + n, len - n, "%s%s", n ? " " : "", str_at(rec, "id"));
    }
}

static int data_count(const cJSON *j)
{
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_IsArray(d));
    return cJSON_GetArraySize(d);
}

static int list_count(const char *path)
{
    cJSON *j = call("GET", path, NULL, 200);
    int n = data_count(j);
    cJSON_Delete(j);
    return n;
}

static void test_broadcast_paging(void **state)
{
    assert_int_equal(list_count("/fetch/broadcasts"), 25);
    assert_int_equal(list_count("/fetch/broadcasts?page=2"), 25);
    assert_int_equal(list_count("/fetch/broadcasts?page=3"), 18);
    assert_int_equal(list_count("/fetch/broadcasts?page=4"), 0);
    assert_int_equal(list_count("/fetch/broadcasts?per_page=100"), 68);
    assert_int_equal(list_count("/fetch/broadcasts?per_page=10&page=7"), 8);
    /* The same page twice is the same ids in the same order, pages do
     * not overlap, and the newest comes first. */
    char a[4096], b[4096], c[4096];
    cJSON *p1 = call("GET", "/fetch/broadcasts?per_page=30", NULL, 200);
    cJSON *p1again = call("GET", "/fetch/broadcasts?page=1&per_page=30", NULL, 200);
    cJSON *p2 = call("GET", "/fetch/broadcasts?page=2&per_page=30", NULL, 200);
    ids_of(p1, a, sizeof a);
    ids_of(p1again, b, sizeof b);
    ids_of(p2, c, sizeof c);
    assert_string_equal(a, b);
    const cJSON *d1 = cJSON_GetObjectItem(p1, "data"), *d2 = cJSON_GetObjectItem(p2, "data");
    long last1 = strtol(str_at(cJSON_GetArrayItem(d1, 29), "id"), NULL, 10);
    long first2 = strtol(str_at(cJSON_GetArrayItem(d2, 0), "id"), NULL, 10);
    assert_true(strtol(str_at(cJSON_GetArrayItem(d1, 0), "id"), NULL, 10) > last1);
    assert_true(last1 > first2);
    cJSON_Delete(p1);
    cJSON_Delete(p1again);
    cJSON_Delete(p2);
}

static void test_broadcast_status_filter(void **state)
{
    assert_int_equal(list_count("/fetch/broadcasts"), 8);
    assert_int_equal(list_count("/fetch/broadcasts?status=sent"), 8);
    assert_int_equal(list_count("/fetch/broadcasts?status=draft"), 3);
    assert_int_equal(list_count("/fetch/broadcasts?status=scheduled"), 1);
    assert_int_equal(list_count("/fetch/broadcasts?status=sending"), 1);
    assert_int_equal(list_count("/fetch/broadcasts?status=paused"), 1);
    assert_int_equal(list_count("/fetch/broadcasts?status=canceled"), 1);
    assert_int_equal(list_count("/fetch/broadcasts?status=cancelled"), 1);
    /* Unknown values fall back to sent. */
    char sent[1024], odd[1024];
    cJSON *s = call("GET", "/fetch/broadcasts", NULL, 200);
    cJSON *o = call("GET", "/fetch/broadcasts?status=archived", NULL, 200);
    ids_of(s, sent, sizeof sent);
    ids_of(o, odd, sizeof odd);
    assert_string_equal(sent, odd);
    /* A sent one carries its template and stats; a draft only its
     * template_id (3.6 #13). */
    const cJSON *a = attrs(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "data"), 0));
    const cJSON *tpl = cJSON_GetObjectItem(a, "template");
    assert_non_null(strstr(str_at(tpl, "html"), "{{ visitor.first_name"));
    assert_non_null(str_at(tpl, "subject"));
    const cJSON *stats = cJSON_GetObjectItem(a, "stats");
    assert_true(cJSON_GetObjectItem(stats, "recipients")->valueint > 0);
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(stats, "open_rate")));
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(stats, "click_rate")));
    assert_non_null(str_at(a, "sent_final_batch_at"));
    cJSON_Delete(s);
    cJSON_Delete(o);
    cJSON *d = call("GET", "/fetch/broadcasts?status=draft", NULL, 200);
    tpl = cJSON_GetObjectItem(attrs(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "data"), 0)),
                              "template");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(tpl, "template_id")));
    assert_null(cJSON_GetObjectItem(tpl, "html"));
    cJSON_Delete(d);
}

static const char one_draft[] = "{\"broadcasts\":[{\"name\":\"Pushes the page\",\"subject\":\"S\","
                                "\"content\":\"<p>x</p>\",\"type\":\"html\","
                                "\"from\":{\"email\":\"jesse@example.com\"}}]}";

/* A draft created between two page requests moves the last record of
 * page 1 to the top of page 2: the repeat clients de-duplicate. */
static void test_broadcast_page_repeats_after_create(void **state)
{
    cJSON *p1 = call("GET", "/fetch/broadcasts?status=draft&per_page=2", NULL, 200);
    const char *last1 = str_at(cJSON_GetArrayItem(cJSON_GetObjectItem(p1, "data"), 1), "id");
    cJSON_Delete(call("POST", "/batch/broadcasts", one_draft, 200));
    cJSON *p2 = call("GET", "/fetch/broadcasts?status=draft&per_page=2&page=2", NULL, 200);
    const char *first2 = str_at(cJSON_GetArrayItem(cJSON_GetObjectItem(p2, "data"), 0), "id");
    assert_string_equal(last1, first2);
    cJSON_Delete(p1);
    cJSON_Delete(p2);
}

static void test_broadcast_create_one_refused(void **state)
{
    const char *body =
        "{\"broadcasts\":["
        "{\"name\":\"Spring\",\"subject\":\"Hello {{ visitor.first_name }}\",\"content\":\"<p>a</p>\","
        "\"type\":\"plain\",\"from\":{\"email\":\"jesse@example.com\",\"name\":\"Jesse\"},"
        "\"inclusive_tags\":\"lead,vip\",\"exclusive_tags\":\"churn-risk\",\"batch_size_per_hour\":1000},"
        "{\"name\":\"Not ours\",\"subject\":\"S\",\"content\":\"<p>b</p>\","
        "\"from\":{\"email\":\"stranger@example.org\"}},"
        "{\"name\":\"Summer\",\"subject\":\"S2\",\"content\":\"<p>c</p>\","
        "\"from\":{\"email\":\"Support@Example.com\"},\"segment_id\":\"seg_1\"}]}";
    cJSON *j = call("POST", "/batch/broadcasts", body, 200);
    assert_int_equal(cJSON_GetObjectItem(j, "results")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(j, "failed")->valueint, 1);
    const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "failures"), 0);
    assert_int_equal(cJSON_GetObjectItem(f, "index")->valueint, 1);
    assert_string_equal(str_at(f, "name"), "Not ours");
    assert_string_equal(str_at(f, "error"), "Author not authorized to send on this account");
    const cJSON *made = cJSON_GetObjectItem(j, "broadcasts");
    assert_int_equal(cJSON_GetArraySize(made), 2);
    const cJSON *b = cJSON_GetArrayItem(made, 0);
    assert_string_equal(str_at(b, "name"), "Spring");
    int id = cJSON_GetObjectItem(b, "id")->valueint;
    int tid = cJSON_GetObjectItem(b, "template_id")->valueint;
    char url[128], path[64];
    snprintf(url, sizeof url, "https://app.bentonow.com/account/emails/broadcasts/%d/edit", id);
    assert_string_equal(str_at(b, "dashboard_url"), url);
    /* Created broadcasts are drafts, and their template can be read. */
    assert_int_equal(list_count("/fetch/broadcasts?status=draft"), 5);
    snprintf(path, sizeof path, "/fetch/emails/templates/%d", tid);
    cJSON *t = call("GET", path, NULL, 200);
    const cJSON *ta = attrs(cJSON_GetObjectItem(t, "data"));
    assert_string_equal(str_at(ta, "subject"), "Hello {{ visitor.first_name }}");
    assert_string_equal(str_at(ta, "html"), "<p>a</p>");
    cJSON_Delete(t);
    cJSON_Delete(j);
    /* The journal keeps the accepted broadcasts as received. */
    cJSON *jr = simproc_journal(&sim);
    const cJSON *e, *hit = NULL;
    cJSON_ArrayForEach(e, jr)
        if (!strcmp(str_at(e, "path"), "/batch/broadcasts"))
            hit = e;
    assert_non_null(hit);
    assert_int_equal(cJSON_GetObjectItem(hit, "records")->valueint, 3);
    const cJSON *drafts = cJSON_GetObjectItem(hit, "drafts");
    assert_int_equal(cJSON_GetArraySize(drafts), 2);
    assert_string_equal(str_at(cJSON_GetArrayItem(drafts, 0), "inclusive_tags"), "lead,vip");
    assert_string_equal(str_at(cJSON_GetArrayItem(drafts, 1), "segment_id"), "seg_1");
    cJSON_Delete(jr);
}

static void test_broadcast_create_limits(void **state)
{
    cJSON *j = call("POST", "/batch/broadcasts", "{\"broadcasts\":[]}", 400);
    assert_string_equal(str_at(j, "error"), "param is missing or the value is empty: broadcasts");
    cJSON_Delete(j);
    size_t cap = 101 * 160 + 64;
    char *body = malloc(cap);
    assert_non_null(body);
    for (int n = 100; n <= 101; n++) {
        size_t len = (size_t)snprintf(body, cap, "{\"broadcasts\":[");
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(body + len, cap - len,
                                    "%s{\"name\":\"b%d\",\"subject\":\"s\",\"content\":\"c\","
                                    "\"from\":{\"email\":\"jesse@example.com\"}}",
                                    i ? "," : "", i);
        snprintf(body + len, cap - len, "]}");
        j = call("POST", "/batch/broadcasts", body, n == 100 ? 200 : 400);
        if (n == 100)
            assert_int_equal(cJSON_GetObjectItem(j, "results")->valueint, 100);
        else
            assert_string_equal(str_at(j, "error"),
                                "Too many broadcasts: send at most 100 per request");
        cJSON_Delete(j);
    }
    free(body);
    /* A bad sending pace fails that broadcast only (Node SDK's fixture). */
    j = call("POST", "/batch/broadcasts",
             "{\"broadcasts\":[{\"name\":\"Slow\",\"subject\":\"s\",\"content\":\"c\","
             "\"from\":{\"email\":\"jesse@example.com\"},\"batch_size_per_hour\":5}]}",
             200);
    assert_int_equal(cJSON_GetObjectItem(j, "failed")->valueint, 1);
    assert_string_equal(str_at(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "failures"), 0), "error"),
                        "batch_size_per_hour must be between 10 and 250000");
    cJSON_Delete(j);
}

static void test_sequences_list(void **state)
{
    cJSON *j = call("GET", "/fetch/sequences", NULL, 200);
    assert_int_equal(data_count(j), 3);
    const cJSON *seq;
    cJSON_ArrayForEach(seq, cJSON_GetObjectItem(j, "data")) {
        const cJSON *emails = cJSON_GetObjectItem(attrs(seq), "email_templates");
        int n = cJSON_GetArraySize(emails);
        assert_true(n >= 2 && n <= 5);
        const cJSON *em = cJSON_GetArrayItem(emails, 0);
        assert_true(cJSON_IsNumber(cJSON_GetObjectItem(em, "id")));
        assert_non_null(str_at(em, "subject"));
        assert_non_null(str_at(em, "delay_interval"));
        assert_non_null(cJSON_GetObjectItem(em, "stats"));
        assert_non_null(str_at(attrs(seq), "prefix_id"));
    }
    cJSON_Delete(j);
    assert_int_equal(list_count("/fetch/sequences?page=2"), 0);
}

static void test_sequence_add_email(void **state)
{
    const char *ok = "{\"email_template\":{\"subject\":\"Day 3\",\"html\":\"<p>Hi {{ "
                     "visitor.first_name }}</p>\",\"inbox_snippet\":\"Three days in\","
                     "\"delay_interval\":\"days\",\"delay_interval_count\":3,"
                     "\"editor_choice\":\"plain\",\"cc\":\"a@example.com\"}}";
    cJSON *j = call("POST", "/fetch/sequences/999/emails/templates", ok, 404);
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "{\"error\":\"Sequence not found\"}");
    free(text);
    cJSON_Delete(j);
    /* A bad delay, then a missing subject: 422 with errors per field. */
    j = call("POST", "/fetch/sequences/2002/emails/templates",
             "{\"email_template\":{\"subject\":\"s\",\"html\":\"h\",\"delay_interval\":\"weeks\","
             "\"delay_interval_count\":0}}",
             422);
    const cJSON *errs = cJSON_GetObjectItem(j, "errors");
    assert_non_null(cJSON_GetObjectItem(errs, "delay_interval"));
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItem(errs, "delay_interval_count"), 0)->valuestring,
        "must be a positive integer");
    assert_null(cJSON_GetObjectItem(errs, "subject"));
    cJSON_Delete(j);
    j = call("POST", "/fetch/sequences/2002/emails/templates",
             "{\"email_template\":{\"html\":\"h\",\"delay_interval\":\"days\","
             "\"delay_interval_count\":1000}}",
             422);
    errs = cJSON_GetObjectItem(j, "errors");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(errs, "subject"), 0)->valuestring,
                        "can't be blank");
    assert_non_null(cJSON_GetObjectItem(errs, "delay_interval_count"));
    cJSON_Delete(j);
    /* Both ids name the sequence: the id listed and the prefix_id. */
    cJSON_Delete(call("POST", "/fetch/sequences/2002/emails/templates", ok, 201));
    j = call("POST", "/fetch/sequences/sequence_trial/emails/templates", ok, 201);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "type"), "email_template");
    assert_string_equal(str_at(attrs(d), "subject"), "Day 3");
    long id = strtol(str_at(d, "id"), NULL, 10);
    cJSON_Delete(j);
    j = call("GET", "/fetch/sequences", NULL, 200);
    const cJSON *emails = cJSON_GetObjectItem(
        attrs(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 1)), "email_templates");
    assert_int_equal(cJSON_GetArraySize(emails), 5);
    const cJSON *last = cJSON_GetArrayItem(emails, 4);
    assert_int_equal((long)cJSON_GetObjectItem(last, "id")->valuedouble, id);
    assert_int_equal(cJSON_GetObjectItem(last, "delay_interval_count")->valueint, 3);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(last, "stats")));
    cJSON_Delete(j);
}

static cJSON *template_attrs(long id, cJSON **owner)
{
    char path[64];
    snprintf(path, sizeof path, "/fetch/emails/templates/%ld", id);
    *owner = call("GET", path, NULL, 200);
    return (cJSON *)attrs(cJSON_GetObjectItem(*owner, "data"));
}

/* Subject and html exactly as sent, in JSON with every kind of escape. */
static const char tricky_subject[] =
    "Caf\xc3\xa9 \"quotes\" \\ tab\t {{ visitor.first_name }} \xf0\x9f\x8e\x89";
static const char tricky_html[] =
    "<p>line 1</p>\r\n<p>\xe2\x80\x94 {% if visitor.vip %}VIP{% endif %}"
    "</p>\n<a href=\"{{ visitor.unsubscribe_url }}\">x</a>\x01";

static void test_template_patch(void **state)
{
    long id = 7001; /* Onboarding's first email */
    cJSON *own;
    cJSON *a = template_attrs(id, &own);
    char *html0 = strdup(str_at(a, "html"));
    assert_non_null(str_at(a, "name"));
    assert_non_null(str_at(a, "created_at"));
    cJSON_Delete(own);
    /* Only a subject: html stays. */
    cJSON_Delete(call("PATCH", "/fetch/emails/templates/7001",
                      "{\"email_template\":{\"subject\":\"New subject\",\"name\":\"ignored\"}}",
                      200));
    a = template_attrs(id, &own);
    assert_string_equal(str_at(a, "subject"), "New subject");
    assert_string_equal(str_at(a, "html"), html0);
    assert_string_not_equal(str_at(a, "name"), "ignored");
    cJSON_Delete(own);
    /* Neither, or no wrapper: refused, nothing changes. */
    cJSON *j = call("PATCH", "/fetch/emails/templates/7001", "{\"email_template\":{}}", 422);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "errors"), "email_template"));
    cJSON_Delete(j);
    cJSON_Delete(call("PATCH", "/fetch/emails/templates/7001",
                      "{\"email_template\":{\"editor_choice\":\"raw\"}}", 422));
    cJSON_Delete(call("PATCH", "/fetch/emails/templates/7001", "{\"subject\":\"x\"}", 400));
    cJSON_Delete(call("PATCH", "/fetch/emails/templates/999999",
                      "{\"email_template\":{\"subject\":\"x\"}}", 404));
    /* GET after PATCH answers exactly what was sent. */
    cJSON *body = cJSON_CreateObject();
    cJSON *et = cJSON_AddObjectToObject(body, "email_template");
    cJSON_AddStringToObject(et, "subject", tricky_subject);
    cJSON_AddStringToObject(et, "html", tricky_html);
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    j = call("PATCH", "/fetch/emails/templates/7001", text, 200);
    assert_string_equal(str_at(attrs(cJSON_GetObjectItem(j, "data")), "html"), tricky_html);
    cJSON_Delete(j);
    free(text);
    a = template_attrs(id, &own);
    assert_string_equal(str_at(a, "subject"), tricky_subject);
    assert_string_equal(str_at(a, "html"), tricky_html);
    cJSON_Delete(own);
    /* The journal names what each accepted PATCH changed, as received. */
    cJSON *jr = simproc_journal(&sim);
    const cJSON *e, *first = NULL, *last = NULL;
    cJSON_ArrayForEach(e, jr) {
        if (strcmp(str_at(e, "method"), "PATCH") ||
            cJSON_GetObjectItem(e, "status")->valueint != 200)
            continue;
        if (!first)
            first = e;
        last = e;
    }
    const cJSON *c1 = cJSON_GetObjectItem(first, "changed");
    assert_string_equal(str_at(c1, "subject"), "New subject");
    assert_null(cJSON_GetObjectItem(c1, "html"));
    assert_string_equal(str_at(cJSON_GetObjectItem(last, "changed"), "html"), tricky_html);
    assert_int_equal(cJSON_GetObjectItem(last, "template_id")->valueint, 7001);
    cJSON_Delete(jr);
    free(html0);
}

static void test_workflows(void **state)
{
    cJSON *j = call("GET", "/fetch/workflows", NULL, 200);
    assert_int_equal(data_count(j), 2);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(attrs(cJSON_GetArrayItem(d, 0)), "status"), "live");
    assert_string_equal(str_at(attrs(cJSON_GetArrayItem(d, 1)), "status"), "draft");
    assert_int_equal(
        cJSON_GetArraySize(cJSON_GetObjectItem(attrs(cJSON_GetArrayItem(d, 0)), "email_templates")),
        2);
    cJSON_Delete(j);
    j = call("GET", "/fetch/workflows/3001/stats", NULL, 200);
    assert_int_equal(cJSON_GetObjectItem(attrs(cJSON_GetObjectItem(j, "data")), "days")->valueint,
                     30);
    cJSON_Delete(j);
    j = call("GET", "/fetch/workflows/3001/stats?days=7", NULL, 200);
    const cJSON *a = attrs(cJSON_GetObjectItem(j, "data"));
    assert_int_equal(cJSON_GetObjectItem(a, "days")->valueint, 7);
    const cJSON *st = cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(a, "email_templates"), 0), "stats");
    assert_true(cJSON_GetObjectItem(st, "opened")->valueint > 0);
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(st, "open_rate")));
    cJSON_Delete(j);
    j = call("GET", "/fetch/workflows/3001/stats?start_date=2026-01-01&end_date=2026-03-31", NULL,
             200);
    a = attrs(cJSON_GetObjectItem(j, "data"));
    assert_string_equal(str_at(a, "start_date"), "2026-01-01");
    assert_string_equal(str_at(a, "end_date"), "2026-03-31");
    assert_int_equal(cJSON_GetObjectItem(a, "days")->valueint, 90);
    cJSON_Delete(j);
    static const char *const bad[] = {
        "/fetch/workflows/3001/stats?start_date=2026-01-01",
        "/fetch/workflows/3001/stats?end_date=2026-01-01",
        "/fetch/workflows/3001/stats?start_date=2026-02-01&end_date=2026-01-01",
        "/fetch/workflows/3001/stats?start_date=yesterday&end_date=2026-01-01",
        "/fetch/workflows/3001/stats?days=0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = call("GET", bad[i], NULL, 422);
        assert_string_equal(str_at(j, "error"), "Invalid date range");
        cJSON_Delete(j);
    }
    cJSON_Delete(call("GET", "/fetch/workflows/nope/stats", NULL, 404));
}

static long status_of(const char *method, const char *path, const char *body,
                      const struct simhttp_opts *o)
{
    struct simhttp_resp r;
    simhttp(sim.base_url, method, path, body, o, &r);
    simhttp_free(&r);
    return r.status;
}

static void test_auth_and_rate_families(void **state)
{
    const char *const args[] = {"--rate-limit", "2/60000", NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    struct simhttp_opts no_auth = {.no_auth = 1}, no_site = {.no_site = 1},
                        bad_key = {.pass = "sWRONG"};
    static const char *const paths[] = {"/fetch/broadcasts", "/fetch/sequences", "/fetch/workflows",
                                        "/fetch/emails/templates/7001",
                                        "/fetch/workflows/3001/stats"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        assert_int_equal(status_of("GET", paths[i], NULL, &no_auth), 401);
        assert_int_equal(status_of("GET", paths[i], NULL, &bad_key), 401);
        assert_int_equal(status_of("GET", paths[i], NULL, &no_site), 401);
    }
    assert_int_equal(status_of("PATCH", "/fetch/emails/templates/7001",
                               "{\"email_template\":{\"subject\":\"x\"}}", &no_auth),
                     401);
    /* Two fetches, then the fetch family is spent; batch is not. */
    assert_int_equal(status_of("GET", "/fetch/sequences", NULL, NULL), 200);
    assert_int_equal(status_of("GET", "/fetch/workflows", NULL, NULL), 200);
    assert_int_equal(status_of("PATCH", "/fetch/emails/templates/7001",
                               "{\"email_template\":{\"subject\":\"x\"}}", NULL),
                     429);
    assert_int_equal(status_of("POST", "/batch/broadcasts", one_draft, NULL), 200);
    cJSON *jr = simproc_journal(&sim);
    const cJSON *e;
    int fetch = 0, batch = 0;
    cJSON_ArrayForEach(e, jr) {
        if (cJSON_GetObjectItem(e, "status")->valueint == 401)
            continue;
        fetch += !strcmp(str_at(e, "family"), "fetch");
        batch += !strcmp(str_at(e, "family"), "batch");
    }
    assert_int_equal(fetch, 3);
    assert_int_equal(batch, 1);
    cJSON_Delete(jr);
    simproc_stop(&sim);
}

static void test_fault_rules(void **state)
{
    const char *const args[] = {"--rate-limit",
                                "off",
                                "--fault",
                                "GET /fetch/broadcasts:status=503:times=1",
                                "--fault",
                                "PATCH /fetch/emails/templates/*:status=500",
                                NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    assert_int_equal(status_of("GET", "/fetch/broadcasts", NULL, NULL), 503);
    assert_int_equal(status_of("GET", "/fetch/broadcasts", NULL, NULL), 200);
    assert_int_equal(status_of("PATCH", "/fetch/emails/templates/7001",
                               "{\"email_template\":{\"subject\":\"lost\"}}", NULL),
                     500);
    cJSON *own;
    assert_string_equal(str_at(template_attrs(7001, &own), "subject"), "Welcome aboard");
    cJSON_Delete(own);
    cJSON *jr = simproc_journal(&sim);
    const cJSON *e;
    int faulted = 0;
    cJSON_ArrayForEach(e, jr)
        faulted += str_at(e, "fault") != NULL;
    assert_int_equal(faulted, 2);
    cJSON_Delete(jr);
    simproc_stop(&sim);
}

/* page=N makes a list repeat a page, as Bento's may: the second request
 * (for page 2) gets page 1 again, the third the real page 2. */
static void test_fault_repeats_a_page(void **state)
{
    const char *const args[] = {"--rate-limit",
                                "off",
                                "--broadcasts",
                                "60",
                                "--fault",
                                "GET /fetch/broadcasts:page=1:after=1:times=1",
                                NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    char p1[4096], again[4096], p2[4096];
    cJSON *a = call("GET", "/fetch/broadcasts", NULL, 200);
    cJSON *b = call("GET", "/fetch/broadcasts?page=2", NULL, 200);
    cJSON *c = call("GET", "/fetch/broadcasts?page=2", NULL, 200);
    ids_of(a, p1, sizeof p1);
    ids_of(b, again, sizeof again);
    ids_of(c, p2, sizeof p2);
    assert_string_equal(p1, again);
    assert_string_not_equal(p1, p2);
    assert_int_equal(data_count(c), 25);
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
    simproc_stop(&sim);
}

static bool has_escape(const char *s)
{
    return s && strchr(s, '\x1b');
}

static void test_hostile_seed(void **state)
{
    const char *const args[] = {"--rate-limit", "off", "--seed", "hostile", NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    cJSON *j = call("GET", "/fetch/broadcasts", NULL, 200);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
    assert_true(has_escape(str_at(attrs(first), "name")));
    assert_true(has_escape(str_at(cJSON_GetObjectItem(attrs(first), "template"), "subject")));
    cJSON_Delete(j);
    j = call("GET", "/fetch/workflows", NULL, 200);
    const cJSON *wf = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 2);
    assert_true(has_escape(str_at(attrs(wf), "name")));
    const cJSON *em = cJSON_GetArrayItem(cJSON_GetObjectItem(attrs(wf), "email_templates"), 0);
    assert_true(has_escape(str_at(em, "subject")));
    cJSON_Delete(j);
    simproc_stop(&sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_broadcast_paging, setup_many, teardown),
        cmocka_unit_test_setup_teardown(test_broadcast_status_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broadcast_page_repeats_after_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broadcast_create_one_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broadcast_create_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequences_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence_add_email, setup, teardown),
        cmocka_unit_test_setup_teardown(test_template_patch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workflows, setup, teardown),
        cmocka_unit_test(test_auth_and_rate_families),
        cmocka_unit_test(test_fault_rules),
        cmocka_unit_test(test_fault_repeats_a_page),
        cmocka_unit_test(test_hostile_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
