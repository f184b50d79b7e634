/* Terminal-safe text: escapes, UTF-8 handling, truncation, one-line form. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/sanitize.h"
#include "bento/utf8.h"
#include "sim/sim_hostile.h"

static char out[256];

static const char *san(const char *in, size_t len)
{
    bento_sanitize(in, len, out, sizeof out);
    return out;
}

static const char *line(const char *in)
{
    bento_sanitize_line(in, strlen(in), out, sizeof out);
    return out;
}

static void test_plain_ascii_passes(void **state)
{
    (void)state;
    assert_string_equal(san("hello, world\\", 13), "hello, world\\");
}

static void test_controls_escaped(void **state)
{
    (void)state;
    assert_string_equal(san("a\x1b[31mred", 9), "a\\e[31mred");
    assert_string_equal(san("a\nb\tc\rd", 7), "a\\nb\\tc\\x0dd");
    assert_string_equal(san("\x7f\x01", 2), "\\x7f\\x01");
    assert_string_equal(san("x\0y", 3), "x\\x00y");
}

static void test_c1_controls_escaped(void **state)
{
    (void)state;
    /* U+009B is the one-byte CSI some terminals obey */
    assert_string_equal(san("a\xc2\x9b"
                            "2J",
                            5),
                        "a\\x9b2J");
    assert_string_equal(san("\xc2\x85", 2), "\\x85");
}

/* UTF-8 for cp into buf[5]; returns its length. */
static size_t encode(uint32_t cp, char *buf)
{
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    if (n == 1)
        buf[0] = (char)cp;
    else if (n == 2)
        buf[0] = (char)(0xC0 | cp >> 6), buf[1] = (char)(0x80 | (cp & 0x3F));
    else
        buf[0] = (char)(0xE0 | cp >> 12), buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        buf[2] = (char)(0x80 | (cp & 0x3F));
    buf[n] = '\0';
    return n;
}

/* What must never reach a terminal as it is: every C0 control, DEL, every
 * C1 control and every bidi control. */
static bool must_escape(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || bento_utf8_is_bidi_control(cp);
}

static void test_every_control_and_bidi_escaped(void **state)
{
    (void)state;
    static const uint32_t bidi[] = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C,
                                    0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
    for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++)
        assert_true(bento_utf8_is_bidi_control(bidi[i]));
    for (uint32_t cp = 0; cp < 0x2100; cp++) {
        char in[8], got[64];
        size_t n = encode(cp, in);
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        bento_sanitize(in, n, got, sizeof got);
        if (!must_escape(cp)) {
            if (strcmp(got, in) != 0)
                fail_msg("U+%04X changed to %s", (unsigned)cp, got);
            continue;
        }
        /* an escape is plain printable ASCII starting with a backslash */
        if (got[0] != '\\')
            fail_msg("U+%04X not escaped", (unsigned)cp);
        for (const char *c = got; *c; c++)
            if (*c < 0x20 || *c >= 0x7F)
                fail_msg("U+%04X left byte 0x%02x", (unsigned)cp, (unsigned char)*c);
    }
}

static void test_bidi_override_shown(void **state)
{
    (void)state;
    /* "exe.txt" dressed as "txt.exe" by a right-to-left override */
    assert_string_equal(san("invoice\xe2\x80\xaetxt.exe", 17), "invoice\\u202etxt.exe");
    assert_string_equal(line("a \xe2\x81\xa6"
                             "b\xe2\x81\xa9"),
                        "a \\u2066b\\u2069");
}

static void test_utf8_passes(void **state)
{
    (void)state;
    const char *s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8d\xb1 \xc2\xa0";
    assert_string_equal(san(s, strlen(s)), s);
}

static void test_invalid_utf8_escaped(void **state)
{
    (void)state;
    assert_string_equal(san("\xff"
                            "a",
                            2),
                        "\\xffa");
    /* truncated sequence, overlong NUL, surrogate, above U+10FFFF */
    assert_string_equal(san("\xe2\x82", 2), "\\xe2\\x82");
    assert_string_equal(san("\xc0\x80", 2), "\\xc0\\x80");
    assert_string_equal(san("\xed\xa0\x80", 3), "\\xed\\xa0\\x80");
    assert_string_equal(san("\xf4\x90\x80\x80", 4), "\\xf4\\x90\\x80\\x80");
    /* a stray continuation byte does not eat the next character */
    assert_string_equal(san("\x80\xc3\xa9", 3), "\\x80\xc3\xa9");
}

static void test_truncation_never_splits(void **state)
{
    (void)state;
    char small[5];
    /* "ab" + 3-byte euro: 5 bytes do not fit in 4 */
    size_t n = bento_sanitize("ab\xe2\x82\xac", 5, small, sizeof small);
    assert_int_equal(n, 2);
    assert_string_equal(small, "ab");
    /* an escape is never cut either */
    n = bento_sanitize("abc\x1b", 4, small, sizeof small);
    assert_int_equal(n, 3);
    assert_string_equal(small, "abc");
    n = bento_sanitize("abcd", 4, small, sizeof small);
    assert_int_equal(n, 4);
    assert_string_equal(small, "abcd");
}

static void test_zero_and_null(void **state)
{
    (void)state;
    char one[1] = {'x'};
    assert_int_equal(bento_sanitize("abc", 3, one, 1), 0);
    assert_string_equal(one, "");
    assert_int_equal(bento_sanitize("abc", 3, NULL, 0), 0);
    assert_int_equal(bento_sanitize(NULL, 0, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_dup(void **state)
{
    (void)state;
    char *s = bento_sanitize_dup("\xff\xff\xff\x1b");
    assert_non_null(s);
    assert_string_equal(s, "\\xff\\xff\\xff\\e");
    free(s);
    s = bento_sanitize_dup(NULL);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_line_collapses_whitespace(void **state)
{
    (void)state;
    assert_string_equal(line("  one\n\n two\t\tthree  \r\n"), "one two three");
    assert_string_equal(line("a\x1b"
                             "b  \xff"),
                        "a\\eb \\xff");
    assert_string_equal(line(" \n\t "), "");
}

static void test_line_truncation_drops_dangling_space(void **state)
{
    (void)state;
    char small[6];
    bento_sanitize_line("abcd \xe2\x82\xac", 8, small, sizeof small);
    assert_string_equal(small, "abcd");
}

/* Each entry of the simulator's hostile catalogue, whole and in the
 * one-line form: nothing a terminal acts on is left, and only the line
 * form is free of newlines. */
static void test_hostile_catalogue_escaped(void **state)
{
    (void)state;
    for (size_t i = 0; i < SIM_HOSTILE_COUNT; i++) {
        const char *in = sim_hostile_texts[i];
        for (int line = 0; line < 2; line++) {
            char *o = malloc(8 * strlen(in) + 1);
            assert_non_null(o);
            size_t n = line ? bento_sanitize_line(in, strlen(in), o, 8 * strlen(in) + 1)
                            : bento_sanitize(in, strlen(in), o, 8 * strlen(in) + 1);
            assert_int_equal(n, strlen(o));
            for (size_t k = 0; k < n;) {
                uint32_t cp;
                size_t step = bento_utf8_step(o + k, n - k, &cp);
                bool bad = cp == BENTO_UTF8_INVALID || (cp < 0x20 && (line || cp != '\n')) ||
                           cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
                           bento_utf8_is_bidi_control(cp);
                if (bad)
                    fail_msg("entry %zu (%s form): U+%04X left at %zu", i, line ? "line" : "whole",
                             (unsigned)cp, k);
                k += step;
            }
            free(o);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_ascii_passes),
        cmocka_unit_test(test_controls_escaped),
        cmocka_unit_test(test_c1_controls_escaped),
        cmocka_unit_test(test_every_control_and_bidi_escaped),
        cmocka_unit_test(test_bidi_override_shown),
        cmocka_unit_test(test_utf8_passes),
        cmocka_unit_test(test_invalid_utf8_escaped),
        cmocka_unit_test(test_truncation_never_splits),
        cmocka_unit_test(test_zero_and_null),
        cmocka_unit_test(test_dup),
        cmocka_unit_test(test_line_collapses_whitespace),
        cmocka_unit_test(test_line_truncation_drops_dangling_space),
        cmocka_unit_test(test_hostile_catalogue_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
