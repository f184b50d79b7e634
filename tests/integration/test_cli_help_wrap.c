/* Command-line help wraps at the terminal's width ($COLUMNS when the
 * output is not a terminal): every line fits, and the words of a usage
 * line are the same words, in the same order, as printed on one wide
 * line, so no option was cut in two. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, NULL) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

/* The output of bento-console WORDS with COLUMNS=cols (caller frees). */
static char *help_at(struct fixture *f, const char *cols, const char *const *words)
{
    char var[32];
    snprintf(var, sizeof var, "COLUMNS=%s", cols);
    const char *const env[] = {var, NULL};
    struct runproc r;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, env, words, &r), 0);
    assert_int_equal(r.status, 0);
    char *out = strdup(r.out);
    runproc_free(&r);
    assert_non_null(out);
    return out;
}

/* Fails naming the first line wider than cols. */
static void expect_lines_fit(const char *text, int cols)
{
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        if (len > (size_t)cols)
            fail_msg("line of %zu columns (over %d): %.*s", len, cols, (int)len, line);
        line += len + (line[len] == '\n');
    }
}

/* The words of text, one space between them (indents and line breaks
 * are only layout). */
static void words_of(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < size;) {
        p += strspn(p, " \n");
        size_t len = strcspn(p, " \n");
        if (len && n + len + 2 < size) {
            memcpy(out + n, p, len);
            n += len;
            out[n++] = ' ';
        }
        p += len;
    }
    out[n] = 0;
}

static void expect_wrapped(struct fixture *f, const char *const *words, int cols)
{
    char col[16];
    snprintf(col, sizeof col, "%d", cols);
    char *wide = help_at(f, "1000", words), *narrow = help_at(f, col, words);
    expect_lines_fit(narrow, cols);
    static char want[32768], got[32768];
    words_of(wide, want, sizeof want);
    words_of(narrow, got, sizeof got);
    if (strcmp(want, got) != 0)
        fail_msg("wrapping at %d columns changed the words:\n%s\n---\n%s", cols, wide, narrow);
    free(wide);
    free(narrow);
}

static void test_command_usage_at_60(void **state)
{
    const char *const words[] = {"subscribers", "import", "--help", NULL};
    expect_wrapped(*state, words, 60);
    char *text = help_at(*state, "60", words);
    assert_non_null(strstr(text, "[--resume|--restart]"));
    assert_non_null(strstr(text, "[--rejects FILE]")); /* a group kept whole */
    reliability_record("Output", "subscribers import --help at 60 columns", -1, strtok(text, "\n"));
    free(text);
}

static void test_global_help_at_60_and_80(void **state)
{
    const char *const help[] = {"--help", NULL};
    expect_wrapped(*state, help, 60);
    expect_wrapped(*state, help, 80);
    const char *const send[] = {"help", "emails", "send", NULL};
    expect_wrapped(*state, send, 60);
    const char *const track[] = {"events", "track", "--help", NULL};
    expect_wrapped(*state, track, 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_command_usage_at_60, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_help_at_60_and_80, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
