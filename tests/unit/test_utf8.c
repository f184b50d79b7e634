/* bento_utf8_step: one character at a time, one byte for what is not
 * valid UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bento/utf8.h"

static size_t step(const char *s, uint32_t *cp)
{
    return bento_utf8_step(s, strlen(s), cp);
}

static void test_valid_lengths(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(step("a", &cp), 1);
    assert_int_equal(cp, 'a');
    assert_int_equal(step("\xc3\xa9", &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(step("\xe2\x82\xac", &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(step("\xf0\x9f\x98\x80", &cp), 4);
    assert_int_equal(cp, 0x1F600);
}

static void test_invalid_is_one_byte(void **state)
{
    (void)state;
    const char *bad[] = {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                         "\xff", "\xe2\x82", "\xc3("};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        uint32_t cp = 0;
        assert_int_equal(step(bad[i], &cp), 1);
        assert_true(cp == BENTO_UTF8_INVALID);
    }
}

static void test_cut_short_by_n(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(bento_utf8_step("\xe2\x82\xac", 2, &cp), 1);
    assert_true(cp == BENTO_UTF8_INVALID);
    assert_int_equal(bento_utf8_step("x", 0, &cp), 0);
}

static void test_walks_mixed_text(void **state)
{
    (void)state;
    const char *s = "a\xc3\xa9\xff\xe2\x82\xac";
    size_t len = strlen(s), chars = 0, bad = 0;
    while (len > 0) {
        uint32_t cp;
        size_t k = bento_utf8_step(s, len, &cp);
        bad += cp == BENTO_UTF8_INVALID;
        chars++;
        s += k;
        len -= k;
    }
    assert_int_equal(chars, 4);
    assert_int_equal(bad, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_lengths),
        cmocka_unit_test(test_invalid_is_one_byte),
        cmocka_unit_test(test_cut_short_by_n),
        cmocka_unit_test(test_walks_mixed_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
