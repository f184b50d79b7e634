/* check email|domain|ip|content|name and snippet against bento-sim: what
 * the user sees (stdout, stderr, exit code) and what the sim received
 * (its journal), for every documented answer shape, several values and
 * -f files, values refused before sending, pacing by the experimental
 * budget without a 429, and the Bento.js snippet without any request. */
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
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[300];
};

static int start(void **state, const char *const *args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, args) != 0) {
        free(f);
        return -1;
    }
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
    return start(state, args);
}

/* The sim allows 2 experimental calls per 1.5 s and answers a third
 * with 429: only a client that paces gets through without one. */
static int setup_paced(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "2/1500", NULL};
    return start(state, args);
}

static int setup_hostile(void **state)
{
    const char *const args[] = {
        "--seed", "empty",   "--rate-limit",
        "off",    "--fault", "GET /experimental/blacklist:status=422:hostile",
        NULL};
    return start(state, args);
}

/* Every provider's answer null: none of them said clean. */
static int setup_null_providers(void **state)
{
    const char *const args[] = {"--seed", "empty",   "--rate-limit",
                                "off",    "--fault", "GET /experimental/blacklist:body=nullkeys",
                                NULL};
    return start(state, args);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void run_env(struct fixture *f, struct runproc *r, const char *const *env, va_list ap)
{
    const char *words[40];
    int n = 0;
    for (const char *w; n < 39 && (w = va_arg(ap, const char *));)
        words[n++] = w;
    words[n] = NULL;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, env, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static void run(struct fixture *f, struct runproc *r, ...)
{
    va_list ap;
    va_start(ap, r);
    run_env(f, r, NULL, ap);
    va_end(ap);
}

static cJSON *envelope(const char *text, bool success)
{
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fail_msg("not one JSON document: %s", text);
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")), success);
    return j;
}

static const cJSON *at(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int calls(struct fixture *f, const char *path)
{
    return simproc_journal_count(&f->sim, NULL, path);
}

/* The query of the n-th journal line for path (0-based). */
static char *query_of(struct fixture *f, const char *path, int n)
{
    cJSON *all = simproc_journal(&f->sim);
    const cJSON *e;
    char *q = NULL;
    cJSON_ArrayForEach(e, all) {
        const char *p = cJSON_GetStringValue(at(e, "path"));
        if (p && !strcmp(p, path) && n-- == 0) {
            const char *text = cJSON_GetStringValue(at(e, "query"));
            q = strdup(text ? text : "");
            break;
        }
    }
    cJSON_Delete(all);
    if (!q)
        fail_msg("no call %d to %s", n, path);
    return q;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_domain_text(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, "check", "domain", "Example.COM", "dbltest.com", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "example.com: clean on all 6 lists\n"));
    assert_non_null(strstr(r.out, "dbltest.com: listed on 1 of 6 lists\n"
                                  "  just_registered    clean\n"
                                  "  spamhaus           listed\n"));
    assert_string_equal(r.err, "");
    reliability_record("Checks", "check domain: a listed domain among clean ones (exit 1)",
                       reliability_now() - t0, "dbltest.com: listed on 1 of 6 lists");
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/blacklist"), 2);
    char *q = query_of(f, "/experimental/blacklist", 0);
    assert_non_null(strstr(q, "domain=example.com"));
    free(q);

    run(f, &r, "check", "domain", "example.com", NULL);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
}

/* A provider with no readable answer counts neither as clean nor as listed. */
static void test_domain_unreadable_providers(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "check", "domain", "example.com", NULL);
    assert_int_equal(r.status, 4);
    assert_string_equal(r.out, "example.com: no answer from Bento's blacklist check\n");
    assert_null(strstr(r.out, "clean"));
    runproc_free(&r);
}

/* DOCS-old's data array and its null results read like the documented shape. */
static void test_domain_older_shapes_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "check", "domain", "legacy.spam.example.com", "quiet.example.com", "--json", NULL);
    assert_int_equal(r.status, 1);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = at(j, "data");
    assert_int_equal(cJSON_GetArraySize(d), 2);
    const cJSON *legacy = cJSON_GetArrayItem(d, 0);
    assert_string_equal(cJSON_GetStringValue(at(legacy, "domain")), "legacy.spam.example.com");
    assert_true(cJSON_IsTrue(at(legacy, "listed")));
    assert_true(cJSON_IsTrue(at(at(legacy, "lists"), "nordspam")));
    assert_true(cJSON_IsFalse(at(at(legacy, "lists"), "sorbs")));
    const cJSON *quiet = cJSON_GetArrayItem(d, 1);
    assert_true(cJSON_IsFalse(at(quiet, "listed")));
    assert_int_equal(cJSON_GetArraySize(at(quiet, "lists")), 0);
    assert_int_equal(at(at(j, "meta"), "listed")->valueint, 1);
    assert_int_equal(at(at(j, "meta"), "checked")->valueint, 2);
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, "check", "domain", "quiet.example.com", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out,
                        "quiet.example.com: clean (Bento reported no results, which means none "
                        "listed)\n");
    runproc_free(&r);
}

static void test_ip(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "check", "ip", "127.0.0.2", "2001:db8::1", "--json", NULL);
    assert_int_equal(r.status, 1);
    cJSON *j = envelope(r.out, true);
    const cJSON *first = cJSON_GetArrayItem(at(j, "data"), 0);
    assert_string_equal(cJSON_GetStringValue(at(first, "ip")), "127.0.0.2");
    assert_true(cJSON_IsTrue(at(at(first, "lists"), "abusix")));
    assert_true(cJSON_IsFalse(at(cJSON_GetArrayItem(at(j, "data"), 1), "listed")));
    cJSON_Delete(j);
    runproc_free(&r);
    char *q = query_of(f, "/experimental/blacklist", 1);
    assert_non_null(strstr(q, "&ip=2001%3Adb8%3A%3A1"));
    free(q);

    /* Refused before anything is sent. */
    double t0 = reliability_now();
    run(f, &r, "check", "ip", "10.0.0.1", "300.1.2.3", NULL);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "IP address \"300.1.2.3\" is not an IPv4 or IPv6 address"));
    assert_string_equal(r.out, "");
    reliability_record("Input", "check ip: an address that is not one", reliability_now() - t0,
                       r.err);
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/blacklist"), 2);
}

static void test_email_validation_and_ruleset(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "check", "email", "ada@example.com", "ada@mail.invalid", NULL);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "ada@example.com: valid (Bento's validation)\n"
                               "ada@mail.invalid: not valid (Bento's validation)\n");
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/validation"), 2);

    run(f, &r, "check", "email", "info+news@company.com", "--ruleset", NULL);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "info+news@company.com: not valid (Jesse's ruleset)\n"
                               "  reason: Role-based address\n"
                               "  reason: Plus-addressed email\n");
    runproc_free(&r);

    run(f, &r, "check", "email", "info+news@company.com", "ada@gmail.com", "--ruleset",
        "--wiggle-room", "--block-free", "--json", NULL);
    assert_int_equal(r.status, 1);
    cJSON *j = envelope(r.out, true);
    const cJSON *first = cJSON_GetArrayItem(at(j, "data"), 0);
    assert_string_equal(cJSON_GetStringValue(at(first, "check")), "ruleset");
    assert_true(cJSON_IsTrue(at(first, "valid")));
    const cJSON *second = cJSON_GetArrayItem(at(j, "data"), 1);
    assert_true(cJSON_IsFalse(at(second, "valid")));
    assert_string_equal(cJSON_GetArrayItem(at(second, "reasons"), 0)->valuestring,
                        "Free email provider");
    assert_int_equal(at(at(j, "meta"), "invalid")->valueint, 1);
    cJSON_Delete(j);
    runproc_free(&r);
    char *q = query_of(f, "/experimental/jesses_ruleset", 1);
    assert_non_null(strstr(q, "block_free_providers=true&wiggleroom=true"));
    free(q);

    run(f, &r, "check", "email", "ada@company.com", "--ruleset", NULL);
    assert_int_equal(r.status, 0);
    runproc_free(&r);

    run(f, &r, "check", "email", "ada@example.com", "--block-free", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--block-free and --wiggle-room go with --ruleset"));
    runproc_free(&r);
    run(f, &r, "check", "domain", "example.com", "--ruleset", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/jesses_ruleset"), 4);
}

static void test_content(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "check", "content", "Hello there", "<b>FREE MONEY</b> at https://x.example", NULL);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "\"Hello there\": clean\n"
                               "\"<b>FREE MONEY</b> at https://x.example\": flagged\n"
                               "  reason: Link spam\n"
                               "  reason: HTML is not allowed\n"
                               "  reason: Spam phrases\n"
                               "  safe version: \"&lt;b&gt;FREE MONEY&lt;/b&gt; at "
                               "https://x.example\"\n");
    runproc_free(&r);

    run(f, &r, "check", "content", "Visit www.example.com", "--json", NULL);
    assert_int_equal(r.status, 1);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetArrayItem(at(j, "data"), 0);
    assert_true(cJSON_IsFalse(at(d, "valid")));
    assert_string_equal(cJSON_GetArrayItem(at(d, "reasons"), 0)->valuestring, "Link spam");
    assert_string_equal(cJSON_GetStringValue(at(d, "safe_original_content")),
                        "Visit www.example.com");
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, "check", "content", "   ", NULL);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "The text to check is empty"));
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/content_moderation"), 3);
}

static void test_name(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "check", "name", "Mary Smith", "Zorblax", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "Mary Smith: female (a guess, 99% confidence)\n"
                               "Zorblax: no guess (Bento does not know the name)\n");
    runproc_free(&r);
    run(f, &r, "check", "name", "Alex", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetArrayItem(at(j, "data"), 0);
    assert_string_equal(cJSON_GetStringValue(at(d, "gender")), "male");
    assert_true(cJSON_IsTrue(at(d, "guess")));
    assert_true(at(d, "confidence")->valuedouble > 0.6);
    cJSON_Delete(j);
    runproc_free(&r);
}

static void test_file_of_values(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char path[400];
    snprintf(path, sizeof path, "%s/domains.txt", f->sim.dir);
    write_file(path, "example.com\r\n\n  new-shop.example.com  \ndbltest.com\n");
    run(f, &r, "check", "domain", "-f", path, NULL);
    assert_int_equal(r.status, 1);
    const char *a = strstr(r.out, "example.com: clean");
    const char *b = strstr(r.out, "new-shop.example.com: listed on 1 of 6 lists");
    const char *c = strstr(r.out, "dbltest.com: listed");
    assert_true(a && b && c && a < b && b < c);
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/blacklist"), 3);
    char *q = query_of(f, "/experimental/blacklist", 1);
    assert_non_null(strstr(q, "&domain=new-shop.example.com"));
    free(q);

    /* One bad line: nothing is sent, and the line is named. */
    write_file(path, "example.com\nhttps://example.org/x\n");
    double t0 = reliability_now();
    run(f, &r, "check", "domain", "-f", path, NULL);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "domains.txt line 2: Domain \"https://example.org/x\" holds a "
                                  "protocol"));
    reliability_record("Input", "check domain -f: a URL where a domain belongs",
                       reliability_now() - t0, strstr(r.err, "line 2"));
    runproc_free(&r);
    assert_int_equal(calls(f, "/experimental/blacklist"), 3);

    snprintf(path, sizeof path, "%s/names.txt", f->sim.dir);
    write_file(path, "Jane\nJohn Doe\n");
    run(f, &r, "check", "name", "-f", path, "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    assert_int_equal(cJSON_GetArraySize(at(j, "data")), 2);
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, "check", "name", "-f", "/nonexistent/names.txt", NULL);
    assert_int_equal(r.status, 5);
    assert_non_null(strstr(r.err, "Cannot read /nonexistent/names.txt"));
    runproc_free(&r);
}

/* Five values against a server that allows two per window: the client
 * waits for its budget, so no call meets a 429, and the third call comes
 * a window after the first. */
static void test_paced_by_budget(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, "--rate-limit", "2/1500", "check", "domain", "a.example.com", "b.example.com",
        "c.example.com", "d.example.com", "e.example.com", NULL);
    assert_int_equal(r.status, 0);
    reliability_record("Rate limits", "check domain: five values, two allowed per window",
                       reliability_now() - t0, "every call paced by the budget, no 429");
    runproc_free(&r);
    cJSON *all = simproc_journal(&f->sim);
    const cJSON *e;
    double at_ms[8];
    int n = 0;
    cJSON_ArrayForEach(e, all) {
        assert_int_equal(at(e, "status")->valueint, 200);
        assert_false(cJSON_IsTrue(at(e, "rate_limited")));
        if (n < 8)
            at_ms[n++] = at(e, "at_ms")->valuedouble;
    }
    cJSON_Delete(all);
    assert_int_equal(n, 5);
    assert_true(at_ms[2] - at_ms[0] >= 1500);
    assert_true(at_ms[4] - at_ms[2] >= 1500);
}

/* A hostile error text from Bento reaches the terminal sanitised. */
static void test_hostile_error(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, "check", "domain", "example.com", NULL);
    assert_int_not_equal(r.status, 0);
    assert_null(strchr(r.err, '\033'));
    assert_non_null(strstr(r.err, "error: "));
    reliability_record("Output", "check domain: an error text of escape sequences",
                       reliability_now() - t0, r.err);
    runproc_free(&r);
}

static void test_snippet(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "snippet", NULL);
    assert_int_equal(r.status, 0);
    char tag[200];
    snprintf(tag, sizeof tag,
             "<script src=\"https://app.bentonow.com/%s.js\" async defer></script>\n",
             BENTO_SIM_DEMO_SITE);
    assert_non_null(strstr(r.out, tag));
    assert_true(strncmp(r.out, "<!-- ", 5) == 0);
    assert_non_null(strstr(r.out, "Unverified path"));
    assert_non_null(strstr(r.out, "window.addEventListener(\"bento:ready\""));
    assert_non_null(strstr(r.out, "bento.view();"));
    assert_null(strstr(r.out, "bento.identify"));
    runproc_free(&r);

    run(f, &r, "snippet", "--identify", NULL);
    assert_int_equal(r.status, 0);
    const char *id = strstr(r.out, "bento.identify(\"visitor@example.com\");");
    assert_true(id && id < strstr(r.out, "bento.view();"));
    runproc_free(&r);

    run(f, &r, "snippet", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = at(j, "data");
    assert_string_equal(cJSON_GetStringValue(at(d, "site_uuid")), BENTO_SIM_DEMO_SITE);
    assert_true(cJSON_IsFalse(at(d, "path_verified")));
    assert_non_null(strstr(cJSON_GetStringValue(at(d, "html")), tag));
    cJSON_Delete(j);
    runproc_free(&r);

    const char *const nosite[] = {"BENTO_SITE_UUID=", NULL};
    const char *const words[] = {"snippet", NULL};
    assert_int_equal(runproc_console(f->sim.base_url, f->home, nosite, words, &r), 0);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "No site_uuid"));
    runproc_free(&r);

    run(f, &r, "snippet", "extra", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    /* No network: the sim heard nothing. */
    assert_int_equal(calls(f, "*"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_domain_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain_unreadable_providers, setup_null_providers,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_domain_older_shapes_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_email_validation_and_ruleset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_of_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paced_by_budget, setup_paced, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_error, setup_hostile, teardown),
        cmocka_unit_test_setup_teardown(test_snippet, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
