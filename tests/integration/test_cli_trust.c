/* Trust: the keys go only over https or to loopback, a bad base URL is
 * refused at once, server text never reaches the terminal raw, and every
 * --json output is one valid JSON document. Each case runs the real
 * bento-console against bento-sim (or against an address it must refuse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

static struct simproc sim;
static char home[256];

static void start(const char *const *sim_args)
{
    assert_int_equal(simproc_start(&sim, sim_args), 0);
    snprintf(home, sizeof home, "%s/home", sim.dir);
}

static void run_at(struct runproc *r, const char *base_url, const char *const *env,
                   const char *const *words)
{
    assert_int_equal(runproc_console(base_url, home, env, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

/* ---- checks on output -------------------------------------------------- */

/* Strict UTF-8 (no overlongs, surrogates, or past U+10FFFF). */
static int valid_utf8(const unsigned char *p)
{
    while (*p) {
        int n = *p < 0x80                 ? 1
                : *p >= 0xc2 && *p < 0xe0 ? 2
                : *p >= 0xe0 && *p < 0xf0 ? 3
                : *p >= 0xf0 && *p < 0xf5 ? 4
                                          : 0;
        if (!n)
            return 0;
        unsigned v = n == 1 ? *p : *p & (0x7f >> n);
        for (int i = 1; i < n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            v = v << 6 | (p[i] & 0x3f);
        }
        if ((n == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
            (n == 4 && (v < 0x10000 || v > 0x10ffff)))
            return 0;
        p += n;
    }
    return 1;
}

/* Nothing a terminal acts on: ESC, BEL, other C0 but \n and \t, DEL, and
 * C1 controls, raw (0x80-0x9f) or UTF-8 encoded (C2 80-9F). */
static void assert_terminal_safe(const char *what, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        int bad = (*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f ||
                  (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
        if (bad)
            fail_msg("%s: raw byte 0x%02x at offset %zu", what, *p,
                     (size_t)(p - (const unsigned char *)text));
    }
}

/* One JSON document (and a newline): valid UTF-8, parsed by cJSON. */
static cJSON *assert_json(const char *what, const char *text)
{
    if (!valid_utf8((const unsigned char *)text))
        fail_msg("%s: --json output is not valid UTF-8", what);
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fail_msg("%s: --json output does not parse: %.200s", what, text);
    assert_true(cJSON_IsObject(j));
    assert_non_null(cJSON_GetObjectItem(j, "success"));
    return j;
}

/* ---- 1. where the keys may go ------------------------------------------ */

static const char *const clear_msg = "would send the keys in clear";

/* A plain-http base URL to an address off this machine (TEST-NET, so no
 * network is needed): every command refuses before connecting. A connect
 * attempt would fail with a connect or timeout error instead. */
static void test_plain_http_off_machine_refused(void **state)
{
    (void)state;
    const char *const cmds[][5] = {{"tags", "list", NULL},
                                   {"stats", "site", NULL},
                                   {"subscribers", "get", "a@example.com", NULL},
                                   {"--json", "tags", "list", NULL}};
    start(NULL);
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        struct runproc r;
        double t0 = reliability_now();
        run_at(&r, "http://192.0.2.1:9/api/v1", NULL, cmds[i]);
        double took = reliability_now() - t0;
        assert_int_equal(r.status, 3);
        assert_non_null(strstr(r.err, clear_msg));
        assert_non_null(strstr(r.err, "http://192.0.2.1:9/api/v1"));
        assert_null(strstr(r.err, "mid-request"));
        assert_null(strstr(r.err, "Could not connect"));
        if (!strcmp(cmds[i][0], "--json"))
            cJSON_Delete(assert_json("plain http --json", r.err));
        if (i == 0)
            reliability_record("Secrets", "plain http base URL off this machine", took,
                               strstr(r.err, "http://"));
        runproc_free(&r);
    }
    simproc_stop(&sim);
}

/* A name that does not look local but resolves to the sim's address (this
 * machine's host name, when /etc/hosts maps it to 127.0.0.1): refused by
 * the URL check, so the sim's journal proves nothing (no Authorization)
 * was sent. */
static void test_plain_http_name_not_trusted(void **state)
{
    (void)state;
    char host[256], url[400];
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res = NULL;
    if (gethostname(host, sizeof host) != 0 || !strcmp(host, "localhost") ||
        getaddrinfo(host, NULL, &hints, &res) != 0) {
        skip();
    }
    int to_sim = ((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr.s_addr ==
                 htonl(INADDR_LOOPBACK);
    freeaddrinfo(res);
    if (!to_sim)
        skip();
    start(NULL);
    snprintf(url, sizeof url, "http://%s:%d/api/v1", host, sim.port);
    struct runproc r;
    const char *const words[] = {"tags", "list", NULL};
    run_at(&r, url, NULL, words);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, clear_msg));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&sim, NULL, "*"), 0);
    simproc_stop(&sim);
}

static void test_profile_add_refuses_plain_http(void **state)
{
    (void)state;
    start(NULL);
    struct runproc r;
    const char *const add[] = {
        "--base-url", "http://evil.example.com/api/v1", "profile", "add", "evil", NULL};
    double t0 = reliability_now();
    run_at(&r, sim.base_url, NULL, add);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, clear_msg));
    reliability_record("Secrets", "profile add with a plain http base URL", reliability_now() - t0,
                       strstr(r.err, "http://"));
    runproc_free(&r);
    const char *const list[] = {"profile", "list", NULL};
    run_at(&r, sim.base_url, NULL, list);
    assert_null(strstr(r.out, "evil"));
    runproc_free(&r);
    /* the sim itself (loopback http) is fine to save */
    const char *const ok[] = {"--base-url", sim.base_url, "profile", "add", "local", NULL};
    run_at(&r, sim.base_url, NULL, ok);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    /* a profile written by hand (or by an older version) is not made current */
    char path[400];
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", home);
    int fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    dprintf(fd, "{\"current\":\"local\",\"profiles\":{\"local\":{},\"evil\":{"
                "\"publishable_key\":\"p\",\"secret_key\":\"s\",\"site_uuid\":\"x\","
                "\"base_url\":\"http://evil.example.com/api/v1\"}}}\n");
    close(fd);
    const char *const use[] = {"profile", "use", "evil", NULL};
    run_at(&r, sim.base_url, NULL, use);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, clear_msg));
    runproc_free(&r);
    simproc_stop(&sim);
}

static void test_doctor_loopback_is_not_a_prefix(void **state)
{
    (void)state;
    start(NULL);
    struct runproc r;
    const char *const doctor[] = {"doctor", NULL};
    run_at(&r, "http://127.attacker.example/api/v1", NULL, doctor);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, "[FAIL] base url"));
    assert_non_null(strstr(r.out, clear_msg));
    reliability_record("Secrets", "doctor with http://127.attacker.example", -1,
                       strstr(r.out, "http://"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&sim, NULL, "*"), 0);
    simproc_stop(&sim);
}

/* Not http(s), or not a URL: refused at once as an invalid URL, never
 * retried as a network failure; a password in the URL is not shown. */
static void test_bad_base_urls_refused_at_once(void **state)
{
    (void)state;
    static const struct {
        const char *url, *shown, *says;
    } cases[] = {
        {"ftp://user:hunter2@example.com/api/v1", "ftp://example.com/api/v1",
         "ftp:// is not accepted"},
        {"file:///etc/passwd", "file:///etc/passwd", "file:// is not accepted"},
        {"not a url", "\"not a url\"", "is not a valid base URL"},
    };
    start(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct runproc r;
        const char *const words[] = {"tags", "list", NULL};
        double t0 = reliability_now();
        run_at(&r, cases[i].url, NULL, words);
        double took = reliability_now() - t0;
        assert_int_equal(r.status, 3);
        assert_non_null(strstr(r.err, cases[i].shown));
        assert_non_null(strstr(r.err, cases[i].says));
        assert_non_null(strstr(r.err, "use https://"));
        assert_null(strstr(r.err, "hunter2"));
        assert_null(strstr(r.err, "mid-request"));
        assert_null(strstr(r.err, "Bento said"));
        char what[80];
        snprintf(what, sizeof what, "base URL %s", cases[i].shown);
        reliability_record("Input", what, took, strstr(r.err, "error: ") ? r.err + 7 : r.err);
        runproc_free(&r);
    }
    simproc_stop(&sim);
}

/* ---- 3. server text never reaches the terminal raw ----------------------- */

static void run_safe(const char *const *words, int want_status, bool json)
{
    struct runproc r;
    run_at(&r, sim.base_url, NULL, words);
    char what[120];
    snprintf(what, sizeof what, "%s %s %s", words[0], words[1], words[2] ? words[2] : "");
    if (r.status != want_status)
        fail_msg("%s: exit %d, wanted %d; stderr %s", what, r.status, want_status, r.err);
    assert_terminal_safe(what, r.out);
    assert_terminal_safe(what, r.err);
    if (json)
        cJSON_Delete(assert_json(what, want_status ? r.err : r.out));
    else
        assert_non_null(strstr(r.out[0] ? r.out : r.err, "evil"));
    runproc_free(&r);
}

static void test_hostile_server_text(void **state)
{
    (void)state;
    const char *const args[] = {"--seed", "hostile", "--fault", "/fetch/search:hostile:status=422",
                                NULL};
    static const char *const cmds[][4] = {
        {"tags", "list", NULL},
        {"fields", "list", NULL},
        {"authors", "list", NULL},
        {"subscribers", "get", "hostile@example.com", NULL},
    };
    start(args);
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        const char *human[5] = {cmds[i][0], cmds[i][1], cmds[i][2], NULL};
        const char *json[6] = {"--json", cmds[i][0], cmds[i][1], cmds[i][2], NULL};
        run_safe(human, 0, false);
        run_safe(json, 0, true);
    }
    reliability_record("Output", "escape sequences in tag names, field keys and values, authors",
                       -1, "shown escaped (\\e]0;...) in human output; \\u escapes in --json");
    simproc_stop(&sim);
}

/* An error message full of escape sequences, in human and --json mode. */
static void test_hostile_error_message(void **state)
{
    (void)state;
    const char *const args[] = {"--fault", "/fetch/tags:hostile:status=422", NULL};
    start(args);
    for (int json = 0; json < 2; json++) {
        struct runproc r;
        const char *const human[] = {"tags", "list", NULL};
        const char *const as_json[] = {"--json", "tags", "list", NULL};
        run_at(&r, sim.base_url, NULL, json ? as_json : human);
        assert_int_not_equal(r.status, 0);
        assert_non_null(strstr(r.err, "evil"));
        assert_terminal_safe("hostile error", r.err);
        assert_terminal_safe("hostile error", r.out);
        if (json)
            cJSON_Delete(assert_json("hostile error --json", r.err));
        else
            reliability_record("Output", "escape sequences in an error message", -1, r.err);
        runproc_free(&r);
    }
    simproc_stop(&sim);
}

/* ---- 4. --json is always one valid envelope -------------------------------- */

static void assert_not_found_envelope(const char *err)
{
    cJSON *j = assert_json("subscribers get nobody", err);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")));
    const cJSON *meta = cJSON_GetObjectItem(j, "meta");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(meta, "code")), "not_found");
    /* no HTTP status belongs to "nobody found": none is printed */
    assert_null(cJSON_GetObjectItem(meta, "status"));
    cJSON_Delete(j);
}

static void test_json_not_found_is_deterministic(void **state)
{
    (void)state;
    start(NULL);
    const char *const words[] = {"--json", "subscribers", "get", "nobody@example.com", NULL};
    struct runproc r;
    run_at(&r, sim.base_url, NULL, words);
    assert_int_equal(r.status, 4);
    assert_string_equal(r.out, "");
    assert_not_found_envelope(r.err);
    runproc_free(&r);
#if defined(__SANITIZE_ADDRESS__)
    const bool memcheck = false; /* valgrind cannot run a binary built with ASan */
#else
    const bool memcheck = access("/usr/bin/valgrind", X_OK) == 0;
#endif
    if (memcheck) {
        /* memcheck sees the uninitialised status the envelope once printed */
        const char *argv[] = {"/usr/bin/valgrind",
                              "-q",
                              "--error-exitcode=99",
                              BENTO_CONSOLE_BIN,
                              "--json",
                              "subscribers",
                              "get",
                              "nobody@example.com",
                              NULL};
        char hdir[300];
        snprintf(hdir, sizeof hdir, "%s", home);
        assert_int_equal(runproc(argv, runproc_console_env(sim.base_url, hdir), NULL, &r), 0);
        assert_int_equal(r.status, 4);
        const char *env = strstr(r.err, "{\"success\"");
        assert_non_null(env);
        assert_not_found_envelope(env);
        runproc_free(&r);
    }
    simproc_stop(&sim);
}

static void test_json_refusal_without_terminal(void **state)
{
    (void)state;
    start(NULL);
    const char *const words[] = {"--json", "tags", "delete", "customer", NULL};
    struct runproc r;
    run_at(&r, sim.base_url, NULL, words);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.out, "");
    cJSON *j = assert_json("tags delete without a terminal", r.err);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")));
    assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(j, "error")), "--yes"));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "code")), "usage");
    reliability_record("Output", "--json tags delete without a terminal", -1,
                       cJSON_GetStringValue(cJSON_GetObjectItem(j, "error")));
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&sim, "POST", "/fetch/commands"), 0);
    simproc_stop(&sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_http_off_machine_refused),
        cmocka_unit_test(test_plain_http_name_not_trusted),
        cmocka_unit_test(test_profile_add_refuses_plain_http),
        cmocka_unit_test(test_doctor_loopback_is_not_a_prefix),
        cmocka_unit_test(test_bad_base_urls_refused_at_once),
        cmocka_unit_test(test_hostile_server_text),
        cmocka_unit_test(test_hostile_error_message),
        cmocka_unit_test(test_json_not_found_is_deterministic),
        cmocka_unit_test(test_json_refusal_without_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
