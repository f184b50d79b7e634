/* The word wrapper both front ends use: breaks at spaces, counts wide
 * characters as two columns, keeps option groups whole where it can and
 * cuts only a word wider than the line. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/wrap.h"

/* The lines of s wrapped at room, joined with '|'. */
static const char *lines_of(const char *s, int room, bool groups)
{
    static char out[512];
    size_t n = 0, next;
    out[0] = 0;
    do {
        size_t len = app_wrap_line(s, room, groups, &next);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", n ? "|" : "", (int)len, s);
        s += next;
    } while (*s);
    return out;
}

static void test_breaks_between_words(void **state)
{
    (void)state;
    assert_string_equal(lines_of("check the Activity pane or the inbox", 16, false),
                        "check the|Activity pane or|the inbox");
    assert_string_equal(lines_of("short", 16, false), "short");
    assert_string_equal(lines_of("", 16, false), "");
    assert_int_equal(app_wrap_count("check the Activity pane or the inbox", 16, false), 3);
    assert_int_equal(app_wrap_count("", 16, false), 1);
}

static void test_cuts_only_a_word_wider_than_the_line(void **state)
{
    (void)state;
    assert_string_equal(lines_of("see https://example.com/a/long/path now", 10, false),
                        "see|https://ex|ample.com/|a/long/pat|h now");
    assert_string_equal(lines_of("abc", 0, false), "a|b|c"); /* always moves on */
}

static void test_counts_display_columns(void **state)
{
    (void)state;
    /* é is two bytes and one column; 漢 is three bytes and two columns */
    assert_int_equal(app_text_width("é漢x", strlen("é漢x")), 4);
    assert_string_equal(lines_of("éééé éé", 6, false), "éééé|éé");
    assert_string_equal(lines_of("漢漢 漢漢", 5, false), "漢漢|漢漢");
    assert_string_equal(lines_of("漢漢漢", 5, false), "漢漢|漢"); /* never half a character */
}

static void test_keeps_option_groups(void **state)
{
    (void)state;
    assert_string_equal(lines_of("FILE [--rejects FILE] [--batch-size N]", 24, true),
                        "FILE [--rejects FILE]|[--batch-size N]");
    assert_string_equal(lines_of("FILE [--rejects FILE] [--batch-size N]", 13, true),
                        "FILE|[--rejects|FILE]|[--batch-size|N]");
    assert_string_equal(lines_of("a (b c d)", 7, false), "a (b c|d)");
    assert_string_equal(lines_of("a (b c d)", 7, true), "a|(b c d)");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breaks_between_words),
        cmocka_unit_test(test_cuts_only_a_word_wider_than_the_line),
        cmocka_unit_test(test_counts_display_columns),
        cmocka_unit_test(test_keeps_option_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
