/* export DIR, diff DIR and apply DIR against bento-sim: the tree on disk,
 * what the user sees, and what the simulator received (its journal). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
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
#define BODY "sequences/onboarding-2001/01-welcome-aboard.html"
#define META "sequences/onboarding-2001/01-welcome-aboard.json"

struct fixture {
    struct simproc sim;
    char home[256], tree[300];
};

static int start(void **state, const char *fault)
{
    struct fixture *f = calloc(1, sizeof *f);
    /* export, diff and apply each read every template: several trees'
     * worth of calls in one test, more than the default window allows */
    const char *const args[] = {"--rate-limit", "1000/60000", fault ? "--fault" : NULL, fault,
                                NULL};
    if (!f || simproc_start(&f->sim, args) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    snprintf(f->tree, sizeof f->tree, "%s/tree", f->sim.dir);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return start(state, NULL);
}

/* The first template PATCH goes through, the next ones fail. */
static int setup_second_patch_500(void **state)
{
    return start(state, "PATCH /fetch/emails/templates/*:status=500:after=1");
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void run(struct fixture *f, struct runproc *r, const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

/* Run and check the exit code, then forget the output. */
static void run_ok(struct fixture *f, const char *const *words, int status)
{
    struct runproc r;
    run(f, &r, words);
    if (r.status != status)
        fprintf(stderr, "exit %d\nout: %s\nerr: %s\n", r.status, r.out, r.err);
    assert_int_equal(r.status, status);
    runproc_free(&r);
}

static void export_to(struct fixture *f, const char *dir)
{
    run_ok(f, (const char *const[]){"export", dir, NULL}, 0);
}

static char *slurp(const char *dir, const char *rel, size_t *len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, fp) : 0;
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void put(const char *dir, const char *rel, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The body with "Start here" made "Start right here": one line changed. */
static char *edit_body(struct fixture *f)
{
    char *html = slurp(f->tree, BODY, NULL);
    assert_non_null(html);
    char *at = strstr(html, "<p>Start here</p>");
    assert_non_null(at);
    char *edited = NULL;
    assert_true(asprintf(&edited, "%.*s<p>Start right here</p>%s", (int)(at - html), html,
                         at + strlen("<p>Start here</p>")) > 0);
    put(f->tree, BODY, edited);
    free(html);
    return edited;
}

static int patches(struct fixture *f)
{
    return simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/*");
}

/* The "changed" object of the last template PATCH (caller frees). */
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

static char *server_html_of(struct fixture *f, const char *id)
{
    long status = 0;
    char path[80];
    snprintf(path, sizeof path, "/fetch/emails/templates/%s", id);
    cJSON *res = simhttp_call(f->sim.base_url, "GET", path, NULL, &status);
    assert_int_equal(status, 200);
    const cJSON *a = cJSON_GetObjectItem(cJSON_GetObjectItem(res, "data"), "attributes");
    char *html = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(a, "html")));
    cJSON_Delete(res);
    return html;
}

static char *server_html(struct fixture *f)
{
    return server_html_of(f, TID);
}

static void test_edit_diff_apply_diff(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    export_to(f, f->tree);
    char *edited = edit_body(f);
    run(f, &r, (const char *const[]){"diff", f->tree, NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "--- template " TID " (on Bento)\n+++ " BODY "\n"));
    assert_non_null(strstr(r.out, "\n-<p>Start here</p>\n+<p>Start right here</p>\n"));
    size_t minus = 0, plus = 0;
    for (const char *p = r.out; (p = strchr(p, '\n')) && p[1]; p++) {
        minus += p[1] == '-' && strncmp(p + 1, "---", 3);
        plus += p[1] == '+' && strncmp(p + 1, "+++", 3);
    }
    assert_int_equal(minus, 1); /* exactly that change, nothing else */
    assert_int_equal(plus, 1);
    runproc_free(&r);
    run(f, &r, (const char *const[]){"apply", f->tree, "--yes", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Updated template " TID));
    runproc_free(&r);
    assert_int_equal(patches(f), 1);
    cJSON *changed = last_change(f);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(changed, "html")), edited);
    assert_null(cJSON_GetObjectItem(changed, "subject")); /* only what changed */
    cJSON_Delete(changed);
    run(f, &r, (const char *const[]){"diff", f->tree, NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    runproc_free(&r);
    free(edited);
}

static void test_revert_after_apply_restores_bytes(void **state)
{
    struct fixture *f = *state;
    char *before = server_html(f);
    export_to(f, f->tree);
    free(edit_body(f));
    run_ok(f, (const char *const[]){"apply", f->tree, "--yes", NULL}, 0);
    char *applied = server_html(f);
    assert_string_not_equal(applied, before);
    run_ok(f, (const char *const[]){"templates", "revert", TID, "--yes", NULL}, 0);
    char *after = server_html(f);
    assert_string_equal(after, before);
    free(before);
    free(applied);
    free(after);
}

static void test_dry_run_and_no_terminal_send_nothing(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    export_to(f, f->tree);
    free(edit_body(f));
    run(f, &r, (const char *const[]){"apply", f->tree, "--dry-run", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "+<p>Start right here</p>"));
    assert_non_null(strstr(r.err, "Dry run: nothing was sent"));
    runproc_free(&r);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"apply", f->tree, NULL});
    reliability_record("Sending once", "apply with no terminal and no --yes",
                       reliability_now() - t0, r.err);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--yes"));
    runproc_free(&r);
    assert_int_equal(patches(f), 0);
}

/* Changed on Bento after the export, and in the tree too. */
static void test_conflict_skipped_then_forced(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    export_to(f, f->tree);
    char *edited = edit_body(f);
    long status = 0;
    cJSON *res = simhttp_call(f->sim.base_url, "PATCH", "/fetch/emails/templates/" TID,
                              "{\"email_template\":{\"subject\":\"Changed on Bento\"}}", &status);
    assert_int_equal(status, 200);
    cJSON_Delete(res);
    int before = patches(f);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"apply", f->tree, "--yes", NULL});
    reliability_record("Sending once", "apply of a template changed on Bento and in the tree",
                       reliability_now() - t0, strstr(r.out, "Conflicts"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Conflicts, skipped"));
    assert_non_null(strstr(r.out, "template " TID "  " BODY));
    assert_non_null(strstr(r.err, "Nothing to apply"));
    runproc_free(&r);
    assert_int_equal(patches(f), before);
    run(f, &r, (const char *const[]){"diff", f->tree, "--json", NULL});
    assert_int_equal(r.status, 1);
    cJSON *env = cJSON_Parse(r.out);
    const cJSON *t0j = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(env, "data"), "templates"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(t0j, "id")), TID);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(t0j, "state")), "conflict");
    cJSON_Delete(env);
    runproc_free(&r);
    run_ok(f, (const char *const[]){"apply", f->tree, "--yes", "--force", NULL}, 0);
    assert_int_equal(patches(f), before + 1);
    cJSON *changed = last_change(f);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(changed, "html")), edited);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(changed, "subject")),
                        "Welcome aboard");
    cJSON_Delete(changed);
    free(edited);
}

/* Every file under cmp_root has the same bytes under cmp_other. */
static const char *cmp_root, *cmp_other;
static int cmp_failures, cmp_files;

static int same_in_other(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type != FTW_F)
        return 0;
    const char *rel = path + strlen(cmp_root) + 1;
    size_t la = 0, lb = 0;
    char *a = slurp(cmp_root, rel, &la), *b = slurp(cmp_other, rel, &lb);
    if (!a || !b || la != lb || memcmp(a, b, la)) {
        fprintf(stderr, "differs: %s\n", rel);
        cmp_failures++;
    }
    cmp_files++;
    free(a);
    free(b);
    return 0;
}

static void compare_trees(const char *a, const char *b)
{
    cmp_root = a;
    cmp_other = b;
    assert_int_equal(nftw(a, same_in_other, 16, FTW_PHYS), 0);
}

static void test_export_twice_is_byte_identical(void **state)
{
    struct fixture *f = *state;
    char second[320];
    snprintf(second, sizeof second, "%s/tree2", f->sim.dir);
    export_to(f, f->tree);
    export_to(f, second);
    cmp_failures = cmp_files = 0;
    compare_trees(f->tree, second);
    compare_trees(second, f->tree);
    assert_int_equal(cmp_failures, 0);
    assert_true(cmp_files > 40); /* tags, fields, 14 emails and 15 broadcasts, both ways */
    size_t len = 0;
    char *meta = slurp(f->tree, META, &len);
    assert_non_null(meta);
    assert_true(len > 0 && meta[len - 1] == '\n');
    assert_non_null(strstr(meta, "\"id\":\t\"" TID "\""));
    assert_non_null(strstr(meta, "\"hash\":\t\"fnv1a64:"));
    free(meta);
}

/* A re-export removes email files it no longer has, and nothing else. */
static void test_reexport_removes_only_its_own(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    export_to(f, f->tree);
    put(f->tree, "sequences/onboarding-2001/09-gone.html", "<p>old</p>");
    put(f->tree, "sequences/onboarding-2001/09-gone.json", "{\"id\":\"7999\"}\n");
    put(f->tree, "sequences/onboarding-2001/NOTES.txt", "mine\n");
    put(f->tree, "README.md", "mine\n");
    run(f, &r, (const char *const[]){"export", f->tree, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "(2 old files removed)"));
    runproc_free(&r);
    char path[700];
    snprintf(path, sizeof path, "%s/sequences/onboarding-2001/09-gone.html", f->tree);
    assert_int_equal(access(path, F_OK), -1);
    char *kept = slurp(f->tree, "sequences/onboarding-2001/NOTES.txt", NULL);
    assert_non_null(kept);
    free(kept);
    kept = slurp(f->tree, "README.md", NULL);
    assert_non_null(kept);
    free(kept);
}

/* A link inside DIR is neither written through nor read through. */
static void test_link_in_tree_is_refused(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char outside[400], link[400];
    snprintf(outside, sizeof outside, "%s/outside", f->sim.dir);
    snprintf(link, sizeof link, "%s/sequences", f->tree);
    assert_int_equal(mkdir(f->tree, 0755), 0);
    assert_int_equal(mkdir(outside, 0755), 0);
    assert_int_equal(symlink(outside, link), 0);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"export", f->tree, NULL});
    reliability_record("Output", "export into a tree holding a link", reliability_now() - t0,
                       r.err);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "it is a link or not a folder (refused)"));
    runproc_free(&r);
    char probe[500];
    snprintf(probe, sizeof probe, "%s/onboarding-2001", outside);
    assert_int_equal(access(probe, F_OK), -1); /* nothing written through the link */
}

/* A named pipe where an email's body was neither holds diff up (it would
 * wait for a writer forever) nor export, which puts a plain file back. */
static void test_pipe_in_tree_is_refused(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char path[700];
    struct stat st;
    export_to(f, f->tree);
    snprintf(path, sizeof path, "%s/%s", f->tree, BODY);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkfifo(path, 0600), 0);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"diff", f->tree, NULL});
    reliability_record("Input", "diff of a tree holding a named pipe", reliability_now() - t0,
                       r.err);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, BODY ": it is not a plain file (refused)"));
    assert_null(strchr(strchr(r.err, '\n') + 1, '\n')); /* one line */
    runproc_free(&r);
    export_to(f, f->tree);
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
}

/* Export, then edit the first three emails of the Onboarding sequence. */
static void export_edit_three(struct fixture *f)
{
    export_to(f, f->tree);
    free(edit_body(f));
    put(f->tree, "sequences/onboarding-2001/02-set-up-your-first-form.html", "<p>Two</p>\n");
    put(f->tree, "sequences/onboarding-2001/03-import-your-list.html", "<p>Three</p>\n");
}

/* A failure stops the apply in one line naming the template and what was
 * applied before it; nothing after it is sent. */
static void test_failure_stops_and_names_what_was_applied(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    export_edit_three(f);
    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"apply", f->tree, "--yes", NULL});
    reliability_record("Sending once", "apply whose second PATCH fails with 500",
                       reliability_now() - t0, r.err);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.out, "Updated template 7001"));
    assert_non_null(strstr(r.err, "Stopped at template 7002 "
                                  "(sequences/onboarding-2001/02-set-up-your-first-form.html)"));
    assert_non_null(strstr(r.err, "applied before it: 7001 (templates revert ID undoes each)"));
    assert_null(strchr(strchr(r.err, '\n') + 1, '\n')); /* one line */
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/7003"), 0);
    assert_int_equal(simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/7002"), 1);
}

/* The second template PATCH is held 3 s: the apply is killed meanwhile. */
static int setup_second_patch_delayed(void **state)
{
    return start(state, "PATCH /fetch/emails/templates/*:delay=3000:after=1:times=1");
}

/* kill -9 while the second of three PATCHes is out: the next apply says
 * which templates are already on Bento, sends only the third, and every
 * replaced version is in the history (revert still undoes the first). */
static void test_kill_9_mid_apply_then_rerun(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    export_edit_three(f);
    pid_t pid = runproc_console_spawn(f->sim.base_url, f->home,
                                      (const char *const[]){"apply", f->tree, "--yes", NULL});
    assert_true(pid > 0);
    assert_int_equal(simproc_journal_wait(&f->sim, "delaying", 20000), 0);
    assert_int_equal(runproc_kill9(pid), 0);
    /* the simulator still applies the call it had taken, as Bento would */
    assert_int_equal(simproc_journal_wait(&f->sim, "fault", 20000), 0);

    double t0 = reliability_now();
    run(f, &r, (const char *const[]){"apply", f->tree, "--yes", NULL});
    reliability_record("Sending once", "apply after a kill -9 during its second PATCH",
                       reliability_now() - t0, strstr(r.out, "Already on Bento"));
    assert_int_equal(r.status, 0);
    const char *at = strstr(r.out, "Already on Bento, nothing to send");
    assert_non_null(at);
    char done[1000] = ""; /* the indented lines under that heading */
    for (const char *p = strchr(at, '\n') + 1; !strncmp(p, "  ", 2); p += strcspn(p, "\n") + 1) {
        size_t line = strcspn(p, "\n") + 1;
        if (strlen(done) + line < sizeof done)
            strncat(done, p, line);
    }
    assert_non_null(strstr(done, "template 7001  " BODY));
    assert_non_null(strstr(done, "template 7002  sequences/onboarding-2001/02-"));
    assert_null(strstr(done, "template 7003"));
    assert_non_null(strstr(r.out, "Updated template 7003"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/7001"), 1);
    assert_int_equal(simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/7002"), 1);
    assert_int_equal(simproc_journal_count(&f->sim, "PATCH", "/fetch/emails/templates/7003"), 1);

    /* a third apply has nothing to send and sends nothing */
    run(f, &r, (const char *const[]){"apply", f->tree, "--yes", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "Nothing to apply"));
    runproc_free(&r);
    assert_int_equal(patches(f), 3);

    /* the version the killed call replaced was kept before it was sent */
    char *before = server_html_of(f, "7002");
    assert_string_equal(before, "<p>Two</p>\n");
    run_ok(f, (const char *const[]){"templates", "revert", "7002", "--yes", NULL}, 0);
    char *after = server_html_of(f, "7002");
    assert_string_not_equal(before, after);
    free(before);
    free(after);
}

/* The shared reader refuses a body holding a NUL byte instead of sending
 * what comes before it. */
static void test_nul_byte_body_is_refused(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    char path[400];
    snprintf(path, sizeof path, "%s/nul.html", f->sim.dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite("<p>a</p>\0<p>b</p>", 1, 17, fp);
    fclose(fp);
    run(f, &r,
        (const char *const[]){"sequences", "add-email", "2001", "--subject", "Hi", "--html-file",
                              path, NULL});
    reliability_record("Input", "sequences add-email --html-file holding a NUL byte", -1, r.err);
    assert_int_equal(r.status, 5);
    assert_non_null(strstr(r.err, "NUL byte"));
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/fetch/sequences/*"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_edit_diff_apply_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revert_after_apply_restores_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_and_no_terminal_send_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_skipped_then_forced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_twice_is_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reexport_removes_only_its_own, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_in_tree_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipe_in_tree_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_stops_and_names_what_was_applied,
                                        setup_second_patch_500, teardown),
        cmocka_unit_test_setup_teardown(test_kill_9_mid_apply_then_rerun,
                                        setup_second_patch_delayed, teardown),
        cmocka_unit_test_setup_teardown(test_nul_byte_body_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
