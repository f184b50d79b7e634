/* The key tables in docs/ and the man page's command reference are
 * generated from the action table; this fails when someone changes keys
 * or commands without running scripts/gen-docs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "runproc.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void check_generated(const char *what, const char *doc)
{
    const char *argv[] = {BENTO_CONSOLE_BIN, "help", what, NULL};
    struct runproc r;
    assert_int_equal(runproc(argv, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_true(strlen(r.out) > 100);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", BENTO_SOURCE_DIR, doc);
    char *text = slurp(path);
    if (!strstr(text, r.out))
        fail_msg("%s is out of date: run scripts/gen-docs", doc);
    free(text);
    runproc_free(&r);
}

static void test_keys_markdown_current(void **state)
{
    check_generated("keys-markdown", "docs/KEYS.md");
}

static void test_man_page_keys_current(void **state)
{
    check_generated("keys-roff", "docs/bento-console.1");
}

/* The command reference: a section per command family. */
static void test_man_page_commands_current(void **state)
{
    check_generated("commands-roff", "docs/bento-console.1");
}

static void test_man_page_renders(void **state)
{
    if (access("/usr/bin/groff", X_OK) != 0)
        skip();
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "groff -man -Tutf8 -ww -z %s/docs/bento-console.1 2>&1 | grep -q . && exit 1; exit 0",
             BENTO_SOURCE_DIR);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_markdown_current),
        cmocka_unit_test(test_man_page_keys_current),
        cmocka_unit_test(test_man_page_commands_current),
        cmocka_unit_test(test_man_page_renders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
