/* templates get|set|edit|history|revert against bento-sim: what the user
 * sees, what the simulator received (its journal), and the local history
 * under XDG_STATE_HOME. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

#define TID "7001" /* the first email of the demo's Onboarding sequence */

struct fixture {
    struct simproc sim;
    char home[256];
};

static int start(void **state, const char *const *args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, args) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return start(state, NULL);
}

static int setup_patch_500(void **state)
{
    static const char *const args[] = {"--fault",
                                       "PATCH /fetch/emails/templates/*:status=500:after=1", NULL};
    return start(state, args);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void run_env(struct fixture *f, struct runproc *r, const char *const *env,
                    const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, env, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static void run(struct fixture *f, struct runproc *r, const char *const *words)
{
    run_env(f, r, NULL, words);
}

/* The template as the simulator holds it: its {"data":...} (caller frees). */
static cJSON *server_template(struct fixture *f)
{
    long status = 0;
    cJSON *res = simhttp_call(f->sim.base_url, "GET", "/fetch/emails/templates/" TID, NULL,
                              &status);
    assert_int_equal(status, 200);
    assert_non_null(res);
    return res;
}

static const char *attr(const cJSON *res, const char *key)
{
    const cJSON *data = cJSON_GetObjectItem(res, "data");
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(data, "attributes"), key));
}

static int patches(struct fixture *f)
{
    return simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/*");
}

/* The "changed" object of the last PATCH the simulator accepted. */
static cJSON *last_change(struct fixture *f)
{
    cJSON *journal = simproc_journal(&f->sim), *changed = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, journal) {
        const cJSON *c = cJSON_GetObjectItem(e, "changed");
        if (c) {
            cJSON_Delete(changed);
            changed = cJSON_Duplicate(c, 1);
        }
    }
    cJSON_Delete(journal);
    return changed;
}

static void history_dir(struct fixture *f, char *out, size_t size)
{
    snprintf(out, size, "%s/state/bento-console/templates/default/" TID, f->home);
}

static size_t kept_versions(struct fixture *f)
{
    char dir[400];
    history_dir(f, dir, sizeof dir);
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_get_and_html_byte_for_byte(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    cJSON *t = server_template(f);
    run(f, &r, (const char *const[]){"templates", "get", TID, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, attr(t, "subject")));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"templates", "get", TID, "--html", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, attr(t, "html"));
    runproc_free(&r);
    run(f, &r, (const char *const[]){"templates", "get", TID, "--json", NULL});
    assert_int_equal(r.status, 0);
    cJSON *env = cJSON_Parse(r.out);
    const cJSON *data = cJSON_GetObjectItem(env, "data");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(data, "html")), attr(t, "html"));
    cJSON_Delete(env);
    runproc_free(&r);
    cJSON_Delete(t);
}

/* On a terminal the body's escape sequences are shown, not obeyed; piped it
 * stays byte for byte (the test above). script(1) gives the command a pty. */
static void test_get_html_on_terminal_is_sanitised(void **state)
{
    struct fixture *f = *state;
    long status = 0;
    cJSON *res = simhttp_call(
        f->sim.base_url, "PATCH", "/fetch/emails/templates/" TID,
        "{\"email_template\":{\"html\":\"<p>\\u001b]0;pwned\\u0007hi\\u009b2J</p>\\nline 2\"}}",
        &status);
    assert_int_equal(status, 200);
    cJSON_Delete(res);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s templates get " TID " --html", BENTO_CONSOLE_BIN);
    struct runproc r;
    const char *const argv[] = {"/usr/bin/script", "-qec", cmd, "/dev/null", NULL};
    assert_int_equal(runproc(argv, runproc_console_env(f->sim.base_url, f->home), NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_null(strchr(r.out, '\x1b'));
    assert_null(strstr(r.out, "\xc2\x9b"));
    assert_non_null(strstr(r.out, "<p>\\e]0;pwned\\x07hi\\x9b2J</p>"));
    assert_non_null(strstr(r.out, "line 2"));
    runproc_free(&r);
}

static void test_get_missing_is_one_line(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"templates", "get", "999999", NULL});
    reliability_record("Input", "templates get of a template that does not exist",
                       reliability_now() - t0, r.err);
    assert_int_not_equal(r.status, 0);
    assert_int_equal(lines(r.err), 1);
    runproc_free(&r);
}

static void test_set_dry_run_sends_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r,
        (const char *const[]){"templates", "set", TID, "--subject", "Welcome, friend", "--dry-run",
                              NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "-Subject: Welcome aboard\n"));
    assert_non_null(strstr(r.out, "+Subject: Welcome, friend\n"));
    assert_null(strstr(r.out, "\033[")); /* not a terminal: no colour */
    assert_non_null(strstr(r.err, "Dry run"));
    assert_int_equal(patches(f), 0);
    assert_int_equal(kept_versions(f), 0);
    runproc_free(&r);
}

static void test_set_without_terminal_needs_yes(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"templates", "set", TID, "--subject", "Hello", NULL});
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "+Subject: Hello\n")); /* shown, then refused */
    assert_non_null(strstr(r.err, "--yes"));
    assert_int_equal(patches(f), 0);
    runproc_free(&r);
}

static void test_set_subject_only_sends_subject(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r,
        (const char *const[]){"templates", "set", TID, "--subject", "Welcome, friend", "--yes",
                              NULL});
    assert_int_equal(r.status, 0);
    assert_int_equal(patches(f), 1);
    cJSON *c = last_change(f);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "subject")), "Welcome, friend");
    assert_null(cJSON_GetObjectItem(c, "html"));
    cJSON_Delete(c);
    runproc_free(&r);
}

static void test_history_lists_kept_version_0600(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"templates", "history", TID, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "No versions"));
    runproc_free(&r);
    run(f, &r,
        (const char *const[]){"templates", "set", TID, "--subject", "Second", "--yes", NULL});
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"templates", "history", TID, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Welcome aboard")); /* the version replaced */
    assert_int_equal(lines(r.out), 2);                /* header and one version */
    runproc_free(&r);
    char dir[400], file[500];
    struct stat st;
    history_dir(f, dir, sizeof dir);
    snprintf(file, sizeof file, "%s/000001.json", dir);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
}

static void write_text(const char *path, const char *text, int mode)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    chmod(path, (mode_t)mode);
}

/* set then revert leaves the template byte for byte as it was on the
 * simulator's side, for a body with tabs, CR, non-ASCII and no final
 * newline. */
static void test_set_then_revert_round_trip(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char html[300];
    cJSON *before = server_template(f);
    snprintf(html, sizeof html, "%s/new.html", f->sim.dir);
    write_text(html, "<p>Caf\xc3\xa9\tnew\r\nbody</p>", 0600);
    run(f, &r,
        (const char *const[]){"templates", "set", TID, "--subject", "Neu \xe2\x80\x94 hi",
                              "--html-file", html, "--yes", NULL});
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    cJSON *mid = server_template(f);
    assert_string_equal(attr(mid, "html"), "<p>Caf\xc3\xa9\tnew\r\nbody</p>");
    cJSON_Delete(mid);
    run(f, &r, (const char *const[]){"templates", "revert", TID, "--yes", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "+Subject: Welcome aboard\n"));
    runproc_free(&r);
    cJSON *after = server_template(f);
    assert_string_equal(attr(after, "subject"), attr(before, "subject"));
    assert_string_equal(attr(after, "html"), attr(before, "html"));
    assert_int_equal(patches(f), 2);
    cJSON_Delete(after);
    cJSON_Delete(before);
}

static void test_failed_patch_leaves_history(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char file[500], dir[400], before[2048] = "", after[2048] = "";
    run(f, &r, (const char *const[]){"templates", "set", TID, "--subject", "One", "--yes", NULL});
    assert_int_equal(r.status, 0); /* the fault starts after the first PATCH */
    runproc_free(&r);
    history_dir(f, dir, sizeof dir);
    snprintf(file, sizeof file, "%s/000001.json", dir);
    FILE *fp = fopen(file, "r");
    assert_non_null(fp);
    assert_true(fread(before, 1, sizeof before - 1, fp) > 0);
    fclose(fp);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"templates", "set", TID, "--subject", "Two", "--yes", NULL});
    reliability_record("Sending once", "templates set: the PATCH answers 500",
                       reliability_now() - t0, r.err);
    assert_int_not_equal(r.status, 0);
    assert_int_equal(lines(r.err), 1);
    assert_non_null(strstr(r.err, "history is as it was"));
    assert_int_equal(patches(f), 2); /* sent once, not retried */
    assert_int_equal(kept_versions(f), 1);
    fp = fopen(file, "r");
    assert_non_null(fp);
    assert_true(fread(after, 1, sizeof after - 1, fp) > 0);
    fclose(fp);
    assert_string_equal(before, after);
    runproc_free(&r);
}

/* An editor script in the sim's directory; "EXTRA" lines run after the
 * edit (with DIR the directory, FILE the body's file). */
static void editor_script(struct fixture *f, char *path, size_t size, const char *extra)
{
    char text[2048];
    snprintf(path, size, "%s/editor.sh", f->sim.dir);
    snprintf(text, sizeof text,
             "#!/bin/sh\n" RUNPROC_CHILD_SPY ""
             "DIR='%s'\n"
             "sed -i 's/Start here/Begin here/' \"$1\"\n"
             "stat -c %%a \"$1\" > \"$DIR/mode\"\n"
             "env | grep -q '^BENTO_\\(SECRET\\|PUBLISHABLE\\)_KEY=' && echo leak > \"$DIR/leak\"\n"
             "%s\n"
             "exit 0\n",
             f->sim.dir, extra ? extra : "");
    write_text(path, text, 0700);
}

static void test_edit_with_editor_script(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char script[300], editor[320], file[400], mode[8] = "";
    editor_script(f, script, sizeof script, NULL);
    snprintf(editor, sizeof editor, "EDITOR=%s", script);
    const char *const env[] = {editor, "VISUAL", NULL};
    run_env(f, &r, env, (const char *const[]){"templates", "edit", TID, "--yes", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "-<p>Start here</p>\n"));
    assert_non_null(strstr(r.out, "+<p>Begin here</p>\n"));
    cJSON *c = last_change(f);
    assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(c, "html")), "Begin here"));
    assert_null(cJSON_GetObjectItem(c, "subject"));
    cJSON_Delete(c);
    snprintf(file, sizeof file, "%s/leak", f->sim.dir);
    assert_int_not_equal(access(file, F_OK), 0); /* the editor never saw the keys */
    snprintf(file, sizeof file, "%s/mode", f->sim.dir);
    FILE *fp = fopen(file, "r");
    assert_non_null(fp);
    assert_non_null(fgets(mode, sizeof mode, fp));
    fclose(fp);
    assert_string_equal(mode, "600\n");
    assert_int_equal(kept_versions(f), 1);
    runproc_free(&r);
}

/* Someone changes the template on Bento while the editor is open: it is
 * said, shown, and not overwritten. */
static void test_edit_changed_on_bento_meanwhile(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char script[300], editor[320], extra[1024];
    snprintf(extra, sizeof extra,
             "curl -s -o /dev/null -A tests/1 -u %s:%s -X PATCH -H 'Content-Type: "
             "application/json' -d '{\"email_template\":{\"subject\":\"Changed elsewhere\"}}' "
             "'%s/fetch/emails/templates/" TID "?site_uuid=%s'",
             BENTO_SIM_DEMO_PUBLISHABLE, BENTO_TEST_SECRET, f->sim.base_url, BENTO_SIM_DEMO_SITE);
    editor_script(f, script, sizeof script, extra);
    snprintf(editor, sizeof editor, "EDITOR=%s", script);
    const char *const env[] = {editor, "VISUAL", NULL};
    double t0 = reliability_now();
    run_env(f, &r, env, (const char *const[]){"templates", "edit", TID, "--yes", NULL});
    const char *msg = strstr(r.err, "error: "); /* after the diff it shows */
    reliability_record("Sending once", "templates edit: changed on Bento while editing",
                       reliability_now() - t0, msg ? msg : r.err);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "changed on Bento since it was read"));
    assert_non_null(strstr(r.err, "+Subject: Changed elsewhere\n"));
    assert_int_equal(patches(f), 1); /* only the other one */
    assert_int_equal(kept_versions(f), 0);
    cJSON *t = server_template(f);
    assert_string_equal(attr(t, "subject"), "Changed elsewhere");
    cJSON_Delete(t);
    runproc_free(&r);
}

static void test_set_dry_run_json(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r,
        (const char *const[]){"templates", "set", TID, "--subject", "Hi", "--dry-run", "--json",
                              NULL});
    assert_int_equal(r.status, 0);
    cJSON *env = cJSON_Parse(r.out);
    assert_non_null(env);
    const cJSON *data = cJSON_GetObjectItem(env, "data");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(data, "dry_run")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(data, "sent")));
    assert_non_null(
        strstr(cJSON_GetStringValue(cJSON_GetObjectItem(data, "diff")), "\n+Subject: Hi\n"));
    cJSON_Delete(env);
    assert_int_equal(patches(f), 0);
    runproc_free(&r);
}

static void test_revert_unknown_version_is_one_line(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, (const char *const[]){"templates", "revert", TID, "--yes", NULL});
    reliability_record("Input", "templates revert with no version kept", -1, r.err);
    assert_int_not_equal(r.status, 0);
    assert_int_equal(lines(r.err), 1);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"templates", "set", TID, "--subject", "X", "--yes", NULL});
    runproc_free(&r);
    run(f, &r, (const char *const[]){"templates", "revert", TID, "9", "--yes", NULL});
    assert_int_not_equal(r.status, 0);
    assert_int_equal(lines(r.err), 1);
    assert_non_null(strstr(r.err, "templates history"));
    assert_int_equal(patches(f), 1);
    runproc_free(&r);
}

/* A version kept without a subject (an older file, another writer)
 * restores its body only: the subject is not sent, so it is not emptied. */
static void test_revert_version_without_subject(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char dir[400], file[500];
    history_dir(f, dir, sizeof dir);
    char *copy = strdup(dir);
    for (char *p = copy + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(copy, 0700);
            *p = '/';
        }
    mkdir(copy, 0700);
    free(copy);
    snprintf(file, sizeof file, "%s/000001.json", dir);
    write_text(file, "{\"saved_at\": 1, \"html\": \"<p>Old body</p>\"}", 0600);
    run(f, &r, (const char *const[]){"templates", "revert", TID, "1", "--yes", NULL});
    assert_int_equal(r.status, 0);
    cJSON *c = last_change(f);
    assert_null(cJSON_GetObjectItem(c, "subject"));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "html")), "<p>Old body</p>");
    cJSON_Delete(c);
    cJSON *t = server_template(f);
    assert_string_equal(attr(t, "subject"), "Welcome aboard");
    cJSON_Delete(t);
    reliability_record("Input", "templates revert: a version kept without a subject", -1,
                       "only its body is sent; the subject stays");
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_get_and_html_byte_for_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_html_on_terminal_is_sanitised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_missing_is_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_dry_run_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_without_terminal_needs_yes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_dry_run_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revert_unknown_version_is_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_subject_only_sends_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_lists_kept_version_0600, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_then_revert_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revert_version_without_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_patch_leaves_history, setup_patch_500,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_edit_with_editor_script, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_changed_on_bento_meanwhile, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
