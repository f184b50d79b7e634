/* The list panes' column layout: widths from the values, what goes first
 * when space is short, cuts at a character with an ellipsis. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "tui/tui_columns.h"

enum { NAME, ID, DATE, STATUS, N };

static void columns(struct tui_column c[N], int name_need)
{
    const struct tui_column proto[N] = {
        [NAME] = {.title = "NAME", .min = 12, .keep = 2, .main = true},
        [ID] = {.title = "ID", .keep = 3},
        [DATE] = {.title = "CREATED", .natural = 10, .keep = 2},
        [STATUS] = {.title = "STATUS", .keep = 1},
    };
    memcpy(c, proto, sizeof proto);
    tui_columns_reset(c, N, NULL);
    char name[200];
    memset(name, 'n', (size_t)name_need);
    name[name_need] = 0;
    tui_columns_measure(&c[NAME], name);
    tui_columns_measure(&c[ID], "1013");
    tui_columns_measure(&c[STATUS], "discarded");
}

/* Short names on a wide screen: nothing stretches. */
static void test_wide_screen_keeps_columns_together(void **state)
{
    (void)state;
    struct tui_column c[N];
    columns(c, 17);
    tui_columns_layout(c, N, 2, 198);
    assert_int_equal(c[NAME].width, 17);
    assert_int_equal(c[ID].x, 2 + 17 + 1);
    assert_int_equal(c[DATE].width, 10);
    assert_int_equal(c[STATUS].width, 9);
}

/* Short of space: STATUS goes before NAME is cut, then NAME takes the
 * rest; the date keeps its width. */
static void test_narrow_screen_drops_the_least_kept(void **state)
{
    (void)state;
    struct tui_column c[N];
    columns(c, 90);
    tui_columns_layout(c, N, 2, 58);
    assert_int_equal(c[STATUS].width, 0);
    assert_int_equal(c[DATE].width, 10);
    assert_int_equal(c[ID].width, 4);
    assert_int_equal(c[NAME].width, 58 - 10 - 4 - 2);
    /* tighter still: the date goes too, then the id; NAME keeps its min */
    tui_columns_layout(c, N, 2, 20);
    assert_int_equal(c[DATE].width, 0);
    assert_int_equal(c[NAME].width, 15);
    tui_columns_layout(c, N, 2, 13);
    assert_int_equal(c[ID].width, 0);
    assert_int_equal(c[NAME].width, 13);
}

static void test_fit_cuts_at_a_character(void **state)
{
    (void)state;
    char out[64];
    tui_fit_text("affiliate", 9, out, sizeof out);
    assert_string_equal(out, "affiliate");
    tui_fit_text("affiliate", 5, out, sizeof out);
    assert_string_equal(out, "affi\xe2\x80\xa6");
    /* two columns a character: four columns hold one and the ellipsis */
    tui_fit_text("日本語", 4, out, sizeof out);
    assert_string_equal(out, "日\xe2\x80\xa6");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wide_screen_keeps_columns_together),
        cmocka_unit_test(test_narrow_screen_drops_the_least_kept),
        cmocka_unit_test(test_fit_cuts_at_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
