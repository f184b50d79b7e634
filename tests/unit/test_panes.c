/* The pane table: one row per pane, in tab order, each with its action
 * table bit and the ops every pane needs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app/actions.h"
#include "tui/tui.h"

static void test_rows_in_tab_order(void **state)
{
    (void)state;
    unsigned all = 0;
    for (int i = 0; i < TP__COUNT; i++) {
        const struct tui_pane_info *p = &tui_panes[i];
        char key[4];
        snprintf(key, sizeof key, "%d", i + 1);
        assert_int_equal(p->id, i);
        assert_string_equal(p->key, key);
        assert_true(p->title && p->title[0] && p->help && p->help[0]);
        assert_int_equal(p->bit, 1u << i); /* as app_action_for_key expects */
        all |= p->bit;
    }
    assert_int_equal(all, PANE_ALL);
}

static void test_every_pane_draws_and_frees(void **state)
{
    (void)state;
    for (int i = 0; i < TP__COUNT; i++) {
        const struct tui_pane_ops *ops = tui_panes[i].ops;
        assert_non_null(ops);
        assert_non_null(ops->draw);
        assert_non_null(ops->free);
        /* a pane that filters clears its filter on Esc, so it must draw a list */
        if (ops->filter)
            assert_non_null(ops->move_key);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_in_tab_order),
        cmocka_unit_test(test_every_pane_draws_and_frees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
