/* The console's files and inputs against a real bento-sim: two command
 * lines caching lookups at once keep every entry; a FIFO at the profile
 * path is refused at once; malformed input (a binary "CSV", an address
 * without @, a site_uuid of the wrong shape, a base URL with a password
 * in it) is refused with one line and sends nothing; a BOM and CRLF are
 * accepted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "cli_fixture.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

static void run_words(struct cli_fixture *f, const char *base_url, const char *const *env,
                      const char *const *words, struct runproc *r)
{
    assert_int_equal(runproc_console(base_url ? base_url : f->sim.base_url, f->home, env, words, r),
                     0);
    assert_null(strstr(r->out, BENTO_SIM_DEMO_SECRET));
    assert_null(strstr(r->err, BENTO_SIM_DEMO_SECRET));
}

/* Refused: the exit code, one line on stderr holding part, nothing on
 * stdout and nothing at the server. */
static void expect_refused(struct cli_fixture *f, const char *what, const char *base_url,
                           const char *const *env, const char *const *words, int code,
                           const char *part)
{
    struct runproc r;
    double t0 = reliability_now();
    run_words(f, base_url, env, words, &r);
    double took = reliability_now() - t0;
    if (r.status != code || cli_text_lines(r.err) != 1 || !strstr(r.err, part) || *r.out)
        fail_msg("%s: exit %d, stdout \"%s\", stderr \"%s\"", what, r.status, r.out, r.err);
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
    reliability_record("Files", what, took, r.err + (strncmp(r.err, "error: ", 7) ? 0 : 7));
    runproc_free(&r);
}

static const char *write_file(struct cli_fixture *f, const char *name, const char *text, size_t len)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", f->sim.dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    fclose(fp);
    return path;
}

/* ---- two writers of one cache ------------------------------------------- */

static void lookups(struct cli_fixture *f, int who)
{
    for (int i = 0; i < 60; i++) {
        char email[64];
        snprintf(email, sizeof email, "w%d-%02d@example.com", who, i);
        const char *const words[] = {"subscribers", "get", email, NULL};
        struct runproc r;
        if (runproc_console(f->sim.base_url, f->home, NULL, words, &r) < 0 || r.status != 0)
            _exit(1);
        runproc_free(&r);
    }
    _exit(0);
}

/* Each `subscribers get` loads, adds and saves the cache; two shells
 * doing it at once used to overwrite each other's entries. */
static void test_two_clis_keep_every_lookup(void **state)
{
    struct cli_fixture *f = *state;
    cJSON *body = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(body, "subscribers");
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < 60; i++) {
            char email[64];
            snprintf(email, sizeof email, "w%d-%02d@example.com", w, i);
            cJSON *s = cJSON_CreateObject();
            cJSON_AddStringToObject(s, "email", email);
            cJSON_AddItemToArray(list, s);
        }
    char *text = cJSON_PrintUnformatted(body);
    long status;
    cJSON_Delete(simhttp_call(f->sim.base_url, "POST", "/batch/subscribers", text, &status));
    assert_int_equal(status, 200);
    free(text);
    cJSON_Delete(body);

    pid_t pids[2];
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0)
            lookups(f, w);
    }
    for (int w = 0; w < 2; w++) {
        int st;
        assert_int_equal(waitpid(pids[w], &st, 0), pids[w]);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    struct runproc r;
    const char *const cached[] = {"--json", "subscribers", "cached", NULL};
    run_words(f, NULL, NULL, cached, &r);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    if (cJSON_IsObject(data))
        data = cJSON_GetObjectItem(data, "subscribers");
    assert_int_equal(cJSON_GetArraySize(data), 120);
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < 60; i++) {
            char email[64];
            snprintf(email, sizeof email, "\"w%d-%02d@example.com\"", w, i);
            assert_non_null(strstr(r.out, email));
        }
    cJSON_Delete(j);
    runproc_free(&r);
}

/* ---- planted files -------------------------------------------------------- */

static void test_fifo_at_profile_path(void **state)
{
    struct cli_fixture *f = *state;
    char path[400];
    snprintf(path, sizeof path, "%s/config/bento-console", f->home);
    char cmd[500];
    snprintf(cmd, sizeof cmd, "mkdir -p -m 700 '%s'", path);
    assert_int_equal(system(cmd), 0);
    strcat(path, "/profiles.json");
    assert_int_equal(mkfifo(path, 0600), 0);
    const char *const words[] = {"tags", "list", NULL};
    struct runproc r;
    double t0 = reliability_now();
    run_words(f, NULL, NULL, words, &r);
    double took = reliability_now() - t0;
    if (r.status == 0 || cli_text_lines(r.err) != 1 || !strstr(r.err, "profiles.json") ||
        !strstr(r.err, "not a regular file"))
        fail_msg("FIFO at profiles.json: exit %d, stderr \"%s\"", r.status, r.err);
    assert_true(took < 5.0); /* a blocked open() would hang until the test's timeout */
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
    reliability_record("Files", "FIFO at the profile path (command line)", took,
                       r.err + (strncmp(r.err, "error: ", 7) ? 0 : 7));
    runproc_free(&r);
    unlink(path);
}

/* ---- malformed input ------------------------------------------------------ */

static void test_binary_csv_refused(void **state)
{
    struct cli_fixture *f = *state;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const char *path = write_file(f, "people.csv", png, sizeof png - 1);
    const char *const words[] = {"subscribers", "import", path, "--yes", NULL};
    expect_refused(f, "import of a PNG named .csv", NULL, NULL, words, 5,
                   "people.csv is not a text file (it starts like a PNG image)");
    static const char gz[] = "\x1f\x8b\x08\0\0\0\0\0";
    path = write_file(f, "people2.csv", gz, sizeof gz - 1);
    const char *const words2[] = {"subscribers", "import", path, "--yes", NULL};
    expect_refused(f, "import of a gzip file named .csv", NULL, NULL, words2, 5,
                   "people2.csv is not a text file (it starts like a gzip archive)");
}

/* A BOM is stripped and CRLF line ends accepted: the server gets the
 * bare column name and value. */
static void test_bom_and_crlf_accepted(void **state)
{
    struct cli_fixture *f = *state;
    static const char text[] = "\xEF\xBB\xBF"
                               "email,plan\r\nbom@example.com,pro\r\n";
    const char *path = write_file(f, "bom.csv", text, sizeof text - 1);
    const char *const words[] = {"subscribers", "import", path, "--yes", NULL};
    struct runproc r;
    run_words(f, NULL, NULL, words, &r);
    if (r.status != 0)
        fail_msg("BOM and CRLF: exit %d, stderr %s", r.status, r.err);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/batch/subscribers"), 1);
    long status;
    cJSON *got = simhttp_call(f->sim.base_url, "GET", "/fetch/subscribers?email=bom@example.com",
                              NULL, &status);
    assert_int_equal(status, 200);
    const cJSON *attrs = cJSON_GetObjectItem(cJSON_GetObjectItem(got, "data"), "attributes");
    const cJSON *fields = cJSON_GetObjectItem(attrs, "fields");
    char *shown = cJSON_PrintUnformatted(fields);
    /* "plan", not "\ufeffplan"; "pro", not "pro\r" */
    if (!cJSON_GetObjectItem(fields, "plan") ||
        strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(fields, "plan")), "pro"))
        fail_msg("fields after a BOM and CRLF file: %s", shown);
    free(shown);
    cJSON_Delete(got);
}

static void test_address_without_at(void **state)
{
    struct cli_fixture *f = *state;
    const char *const words[] = {"subscribers", "tag", "vip", "-e", "ada.example.com", NULL};
    expect_refused(f, "subscribers tag -e with an address without @", NULL, NULL, words, 6,
                   "ada.example.com");
}

static void test_site_uuid_shape(void **state)
{
    struct cli_fixture *f = *state;
    const char *const env[] = {"BENTO_SITE_UUID=https://app.bentonow.com/abc", NULL};
    const char *const add[] = {"profile", "add", "work", NULL};
    expect_refused(f, "profile add with a URL for the site_uuid", NULL, env, add, 6,
                   "is not a site_uuid");
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", f->home);
    assert_int_equal(stat(path, &st), -1); /* nothing saved */
    const char *const doctor[] = {"doctor", NULL};
    struct runproc r;
    run_words(f, NULL, env, doctor, &r);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.out[0] ? r.out : r.err, "is not a site_uuid"));
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
    runproc_free(&r);
}

static void test_base_url_with_credentials(void **state)
{
    struct cli_fixture *f = *state;
    char url[200];
    snprintf(url, sizeof url, "https://user:hunter2@127.0.0.1:%d/api/v1", f->sim.port);
    const char *const words[] = {"tags", "list", NULL};
    expect_refused(f, "base URL with a user name and password", url, NULL, words, 3,
                   "holds a user name or password");
    struct runproc r;
    run_words(f, url, NULL, words, &r);
    assert_null(strstr(r.err, "hunter2"));
    assert_null(strstr(r.err, "user:"));
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_two_clis_keep_every_lookup, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fifo_at_profile_path, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_binary_csv_refused, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_bom_and_crlf_accepted, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_address_without_at, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_site_uuid_shape, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_base_url_with_credentials, cli_fixture_setup,
                                        cli_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
