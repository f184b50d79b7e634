/* The action table's ids and flags agree with the handlers each front
 * end registers: a row marked ACTION_CLI has a command-line handler and
 * one marked ACTION_CONSOLE a console handler, and no other row does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "app/actions.h"
#include "cli/cli.h"
#include "tui/tui_commands.h"

static void test_ids_in_order(void **state)
{
    assert_int_equal(bento_action_count, ACTION_ID_COUNT);
    for (size_t i = 0; i < bento_action_count; i++) {
        assert_int_equal(bento_actions[i].id, i);
        assert_ptr_equal(app_action(bento_actions[i].id), &bento_actions[i]);
    }
}

static void test_flags_match_handlers(void **state)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!!(a->flags & ACTION_CLI) != !!cli_handlers[a->id])
            fail_msg("%s: ACTION_CLI and the command-line handler disagree", a->command);
        if (!!(a->flags & ACTION_CONSOLE) != !!tui_handlers[a->id])
            fail_msg("%s: ACTION_CONSOLE and the console handler disagree", a->command);
        if ((a->flags & ACTION_CONSOLE) && !a->console_args)
            fail_msg("%s: a console action needs its console usage", a->command);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_in_order),
        cmocka_unit_test(test_flags_match_handlers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
