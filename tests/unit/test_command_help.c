/* `bento-console COMMAND --help`: every command the command line runs
 * prints its usage and one example, and the options it takes. */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/actions.h"

static char *help_of(const struct action *a)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    app_action_print_command(out, a);
    fclose(out);
    return text;
}

static void test_every_command_has_an_example(void **state)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!(a->flags & ACTION_CLI) || (a->flags & ACTION_HIDDEN))
            continue;
        char *text = help_of(a);
        char want[160];
        snprintf(want, sizeof want, "Example: bento-console %s", a->command);
        if (!strstr(text, want))
            fail_msg("help %s has no example (add one to examples[] in "
                     "src/app/action_help.c):\n%s",
                     a->command, text);
        snprintf(want, sizeof want, "Usage: bento-console %s", a->command);
        assert_non_null(strstr(text, want));
        free(text);
    }
}

/* The flags the summary names ("also --to-file F") are listed too. */
static void test_options_listed(void **state)
{
    int used = 0;
    char *words[] = {"emails", "send"};
    char *text = help_of(app_action_find(2, words, &used));
    assert_non_null(strstr(text, "Command options: --to ADDR, --from ADDR"));
    assert_non_null(strstr(text, "--to-file F"));
    assert_non_null(strstr(text, "--transactional"));
    free(text);
    char *tag[] = {"subscribers", "tag"};
    text = help_of(app_action_find(2, tag, &used));
    assert_non_null(strstr(text, "Command options: -e EMAIL, -f FILE, --via-event;"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_has_an_example),
        cmocka_unit_test(test_options_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
