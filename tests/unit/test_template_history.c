/* The local template history: versions kept and read back byte for
 * byte, newest first, numbered after the newest, removed, and links and
 * bad names refused. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bento/template_history.h"
#include "reliability.h"

static char tmp[256], dir[400];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/bento-thist-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char st[300];
    snprintf(st, sizeof st, "%s/state", tmp);
    setenv("XDG_STATE_HOME", st, 1);
    setenv("HOME", tmp, 1);
    snprintf(dir, sizeof dir, "%s/state/bento-console/templates/work/42", tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void test_store_and_load_newest_first(void **state)
{
    (void)state;
    struct bento_error err;
    struct bento_template_history h = {0};
    long n1 = 0, n2 = 0;
    const char *body = "<p>caf\xc3\xa9\t\r\n{{ x }}</p>"; /* no final newline */
    assert_int_equal(bento_template_history_load("work", "42", &h, &err), 0);
    assert_int_equal(h.count, 0); /* no directory yet */
    assert_int_equal(bento_template_history_store("work", "42", "One", body, 100, &n1, &err), 0);
    assert_int_equal(bento_template_history_store("work", "42", "Two", NULL, 200, &n2, &err), 0);
    assert_int_equal(n1, 1);
    assert_int_equal(n2, 2);
    assert_int_equal(bento_template_history_load("work", "42", &h, &err), 0);
    assert_int_equal(h.count, 2);
    assert_int_equal(h.items[0].number, 2);
    assert_string_equal(h.items[0].subject, "Two");
    assert_null(h.items[0].html);
    assert_int_equal(h.items[1].saved_at, 100);
    assert_string_equal(h.items[1].html, body);
    assert_ptr_equal(bento_template_history_find(&h, 1), &h.items[1]);
    assert_null(bento_template_history_find(&h, 3));
    bento_template_history_free(&h);
}

static void test_files_are_private(void **state)
{
    (void)state;
    struct bento_error err;
    struct stat st;
    char file[500];
    assert_int_equal(bento_template_history_store("work", "42", "S", "H", 1, NULL, &err), 0);
    snprintf(file, sizeof file, "%s/000001.json", dir);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
}

static void test_remove_forgets_one(void **state)
{
    (void)state;
    struct bento_error err;
    struct bento_template_history h = {0};
    long n = 0;
    assert_int_equal(bento_template_history_store("work", "42", "A", "a", 1, NULL, &err), 0);
    assert_int_equal(bento_template_history_store("work", "42", "B", "b", 2, &n, &err), 0);
    assert_int_equal(bento_template_history_remove("work", "42", n, &err), 0);
    assert_int_equal(bento_template_history_load("work", "42", &h, &err), 0);
    assert_int_equal(h.count, 1);
    assert_string_equal(h.items[0].subject, "A");
    bento_template_history_free(&h);
    /* the next one takes the freed number again: numbers follow the newest kept */
    assert_int_equal(bento_template_history_store("work", "42", "C", "c", 3, &n, &err), 0);
    assert_int_equal(n, 2);
}

static void test_symlinked_directory_refused(void **state)
{
    (void)state;
    struct bento_error err;
    char parent[500], elsewhere[500];
    snprintf(parent, sizeof parent, "%s/state/bento-console/templates/work", tmp);
    snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", tmp);
    assert_int_equal(mkdir(elsewhere, 0700), 0);
    assert_int_equal(bento_template_history_store("work", "1", "S", "H", 1, NULL, &err), 0);
    assert_int_equal(symlink(elsewhere, dir), 0);
    assert_int_equal(bento_template_history_store("work", "42", "S", "H", 1, NULL, &err), -1);
    reliability_record("Secrets", "template history through a planted symbolic link", -1,
                       err.message);
    assert_non_null(strstr(err.message, "symbolic link"));
    char file[600];
    snprintf(file, sizeof file, "%s/000001.json", elsewhere);
    assert_int_not_equal(access(file, F_OK), 0); /* nothing written through it */
}

static void test_symlinked_version_skipped(void **state)
{
    (void)state;
    struct bento_error err;
    struct bento_template_history h = {0};
    char file[500], target[500];
    assert_int_equal(bento_template_history_store("work", "42", "Real", "r", 1, NULL, &err), 0);
    snprintf(target, sizeof target, "%s/000001.json", dir);
    snprintf(file, sizeof file, "%s/000005.json", dir);
    assert_int_equal(symlink(target, file), 0);
    assert_int_equal(bento_template_history_load("work", "42", &h, &err), 0);
    assert_int_equal(h.count, 1);
    assert_int_equal(h.items[0].number, 1);
    bento_template_history_free(&h);
}

static void test_bad_names_refused(void **state)
{
    (void)state;
    struct bento_error err;
    const char *bad[] = {"..", "../x", "a/b", "", ".hidden", "x y"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(bento_template_history_store("work", bad[i], "S", "H", 1, NULL, &err), -1);
        assert_int_equal(bento_template_history_store(bad[i], "42", "S", "H", 1, NULL, &err), -1);
    }
    reliability_record("Input", "template history for an id with a slash", -1, err.message);
}

/* Writers at once (consoles, the command line) never share a number: each
 * number is taken with O_EXCL, so every version kept is there afterwards. */
#define WRITERS 6
#define EACH 30
static void test_concurrent_writers_keep_every_version(void **state)
{
    (void)state;
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0) {
            char c;
            close(go[1]);
            int ok = read(go[0], &c, 1) == 0; /* all start when the pipe closes */
            for (int i = 0; ok && i < EACH; i++) {
                struct bento_error err;
                char subject[32];
                snprintf(subject, sizeof subject, "w%d-%d", w, i);
                ok = bento_template_history_store("work", "42", subject, "H", i, NULL, &err) == 0;
            }
            _exit(ok ? 0 : 1);
        }
    }
    close(go[0]);
    close(go[1]);
    for (int w = 0; w < WRITERS; w++) {
        int status = -1;
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    struct bento_error err;
    struct bento_template_history h = {0};
    assert_int_equal(bento_template_history_load("work", "42", &h, &err), 0);
    assert_int_equal(h.count, WRITERS * EACH);
    for (size_t i = 0; i < h.count; i++)
        assert_int_equal(h.items[i].number, (long)(h.count - i));
    bento_template_history_free(&h);
    reliability_record("Sending once", "template history: six writers keeping versions at once", -1,
                       "180 versions kept, no number twice");
}

/* Restoring sends only what the version has and what differs: a version
 * kept without a subject never sends an empty one. */
static void test_restore_sends_only_what_the_version_has(void **state)
{
    (void)state;
    const char *subject = "x", *html = "x";
    struct bento_template_version no_subject = {1, 0, NULL, "<p>old</p>"};
    bento_template_version_patch(&no_subject, "Now", "<p>new</p>", &subject, &html);
    assert_null(subject);
    assert_string_equal(html, "<p>old</p>");
    struct bento_template_version both = {2, 0, "Old", "<p>same</p>"};
    bento_template_version_patch(&both, "Now", "<p>same</p>", &subject, &html);
    assert_string_equal(subject, "Old");
    assert_null(html);
    struct bento_template_version empty = {3, 0, "", NULL};
    bento_template_version_patch(&empty, "Now", NULL, &subject, &html);
    assert_string_equal(subject, ""); /* kept as empty: that is what it was */
    assert_null(html);
    reliability_record("Input", "restoring a template version kept without a subject", -1,
                       "only its body is sent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store_and_load_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_are_private, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_forgets_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinked_directory_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinked_version_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_names_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers_keep_every_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_restore_sends_only_what_the_version_has, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
