/* The reject file holds personal data: it is created 0600 whatever the
 * umask, never written through a planted symbolic link, and appears whole
 * or not at all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bento/import.h"
#include "reliability.h"

static char dir[] = "/tmp/bento-test-rejects-XXXXXX";
static char input[300], rejects[300], victim[300];

static const char csv[] = "email,first_name\n"
                          "ada@example.com,Ada\n"
                          "not-an-address,Bob\n";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    if (!mkdtemp(dir))
        return -1;
    snprintf(input, sizeof input, "%s/people.csv", dir);
    snprintf(rejects, sizeof rejects, "%s/people.rejects.csv", dir);
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    write_file(input, csv);
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int check(struct bento_error *err)
{
    struct bento_import_options o = {.kind = BENTO_IMPORT_SUBSCRIBERS,
                                     .path = input,
                                     .state_dir = dir,
                                     .account = "site",
                                     .restart = true};
    struct bento_import *im = bento_import_open(&o, err);
    assert_non_null(im);
    const struct bento_import_plan *plan = NULL;
    int rc = bento_import_check(im, true, &plan, err);
    bento_import_free(im);
    return rc;
}

/* Files in dir other than the input, the reject file and the victim. */
static int strays(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "people.csv") ||
            !strcmp(e->d_name, "people.rejects.csv") || !strcmp(e->d_name, "victim.txt") ||
            !strncmp(e->d_name, "imports", 7))
            continue;
        n++;
    }
    closedir(d);
    return n;
}

static void test_mode_0600_under_umask_000(void **state)
{
    struct bento_error err;
    unlink(rejects);
    mode_t old = umask(0);
    int rc = check(&err);
    umask(old);
    assert_int_equal(rc, 0);
    struct stat st;
    assert_int_equal(lstat(rejects, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(strays(), 0);
}

static void test_planted_symlink_is_not_followed(void **state)
{
    struct bento_error err;
    unlink(rejects);
    write_file(victim, "precious\n");
    assert_int_equal(symlink(victim, rejects), 0);
    assert_int_equal(check(&err), -1);
    assert_int_equal(err.kind, BENTO_E_IO);
    assert_non_null(strstr(err.message, "symbolic link"));
    reliability_record("Files", "reject file's name is a planted symbolic link", -1, err.message);
    FILE *f = fopen(victim, "r");
    char buf[32] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "precious\n");
    struct stat st;
    assert_int_equal(lstat(rejects, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(strays(), 0);
    unlink(rejects);
}

static void test_replaces_an_old_file_whole(void **state)
{
    struct bento_error err;
    write_file(rejects, "line,column,reason\n99,email,old\n");
    assert_int_equal(check(&err), 0);
    FILE *f = fopen(rejects, "r");
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_null(strstr(buf, "99,email,old"));
    assert_non_null(strstr(buf, "not-an-address"));
    assert_int_equal(strays(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_0600_under_umask_000),
        cmocka_unit_test(test_planted_symlink_is_not_followed),
        cmocka_unit_test(test_replaces_an_old_file_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
