/* Completion data read from the action table's usage text, and the
 * answers for a few lines (no profile file, no tag cache: only what the
 * table says). */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/actions.h"
#include "app/completion.h"
#include "app/completion_spec.h"

static const struct action *row(const char *command)
{
    for (size_t i = 0; i < bento_action_count; i++)
        if (!strcmp(bento_actions[i].command, command))
            return &bento_actions[i];
    fail_msg("no row %s", command);
    return NULL;
}

static void test_flags_and_arguments_of_a_row(void **state)
{
    struct comp_spec s;
    comp_spec_of_action(&s, row("subscribers tag"));
    const struct comp_flag *e = comp_spec_flag(&s, "-e"), *f = comp_spec_flag(&s, "-f");
    assert_true(e && e->takes_value && e->kind == CK_NONE);
    assert_true(f && f->takes_value && f->kind == CK_FILE);
    assert_string_equal(f->meta, "FILE");
    const struct comp_flag *via = comp_spec_flag(&s, "--via-event");
    assert_true(via && !via->takes_value);
    assert_int_equal(s.nargs, 1);
    assert_int_equal(s.args[0].kind, CK_TAG);

    comp_spec_of_action(&s, row("subscribers import"));
    assert_true(comp_spec_flag(&s, "--resume") && comp_spec_flag(&s, "--restart"));
    assert_int_equal(comp_spec_flag(&s, "--rejects")->kind, CK_FILE);
    assert_int_equal(s.args[0].kind, CK_FILE);

    comp_spec_of_action(&s, row("sequences add-email"));
    assert_true(comp_spec_flag(&s, "--delay")->takes_value); /* "N UNIT" is one value */
    assert_int_equal(s.nargs, 1);

    comp_spec_of_action(&s, row("completion"));
    assert_int_equal(s.args[0].kind, CK_CHOICE);
    assert_string_equal(s.args[0].choices, "bash zsh fish");
}

static void test_global_options(void **state)
{
    struct comp_spec s;
    comp_spec_global(&s);
    assert_int_equal(comp_spec_flag(&s, "--profile")->kind, CK_PROFILE);
    assert_true(comp_spec_flag(&s, "--timeout=5")->takes_value);
    assert_false(comp_spec_flag(&s, "--demo")->takes_value);
    assert_non_null(comp_spec_flag(&s, "--version"));
}

static char *complete(int argc, char **argv)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    app_complete(out, argc, argv);
    fclose(out);
    return text;
}

static void test_answers(void **state)
{
    setenv("XDG_CONFIG_HOME", "/nonexistent/bento-test", 1);
    setenv("XDG_CACHE_HOME", "/nonexistent/bento-test", 1);
    char *text = complete(2, (char *[]){"completion", ""});
    assert_string_equal(text, "bash\nzsh\nfish\n");
    free(text);
    text = complete(3, (char *[]){"--json", "tags", "cr"});
    assert_string_equal(text, "create\n");
    free(text);
    text = complete(4, (char *[]){"subscribers", "untag", "-f", "x"});
    assert_string_equal(text, APP_COMPLETE_FILES "\n");
    free(text);
    text = complete(3, (char *[]){"tags", "delete", ""}); /* no cache: nothing */
    assert_string_equal(text, "");
    free(text);
    text = complete(3, (char *[]){"tags", "list", "--c"});
    assert_string_equal(text, "--csv\n");
    free(text);
    text = complete(1, (char *[]){"--no-"});
    assert_string_equal(text, "--no-color\n--no-mouse\n");
    free(text);
    text = complete(0, NULL);
    assert_string_equal(text, "");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags_and_arguments_of_a_row),
        cmocka_unit_test(test_global_options),
        cmocka_unit_test(test_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
