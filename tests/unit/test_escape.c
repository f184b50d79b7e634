/* Escape sequences read after an Esc (tui_escape.c): the common keys in
 * each of their forms, the rest swallowed whole, a lone Esc kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "tui/tui.h"

struct bytes {
    const char *s;
    size_t pos;
};

static int next_byte(void *ctx)
{
    struct bytes *b = ctx;
    return b->s[b->pos] ? (unsigned char)b->s[b->pos++] : -1;
}

/* Decode what follows the Esc in seq; *left is how many bytes were not read. */
static int decode(const char *seq, int *replay, size_t *left)
{
    struct bytes b = {seq, 0};
    int key = tui_esc_decode(next_byte, &b, replay);
    *left = strlen(seq) - b.pos;
    return key;
}

static void expect(const char *seq, int want_key, int want_replay)
{
    int replay;
    size_t left;
    int key = decode(seq, &replay, &left);
    if (key != want_key || replay != want_replay || left != 0)
        fail_msg("ESC%s: key %d replay %d left %zu, want %d %d 0", seq, key, replay, left, want_key,
                 want_replay);
}

static void test_known_keys(void **state)
{
    (void)state;
    expect("[1~", KEY_HOME, -1);
    expect("[7~", KEY_HOME, -1);
    expect("[H", KEY_HOME, -1);
    expect("OH", KEY_HOME, -1);
    expect("[4~", KEY_END, -1);
    expect("[8~", KEY_END, -1);
    expect("[F", KEY_END, -1);
    expect("OF", KEY_END, -1);
    expect("[5~", KEY_PPAGE, -1);
    expect("[6~", KEY_NPAGE, -1);
    expect("[2~", KEY_IC, -1);
    expect("[3~", KEY_DC, -1);
    expect("[A", KEY_UP, -1);
    expect("OB", KEY_DOWN, -1);
    expect("[1;5C", KEY_RIGHT, -1); /* modifiers dropped */
    expect("[D", KEY_LEFT, -1);
    expect("[Z", KEY_BTAB, -1);
}

static void test_unknown_swallowed(void **state)
{
    (void)state;
    expect("[99~", TUI_KEY_NONE, -1);
    expect("[1;5Z", TUI_KEY_NONE, -1);
    expect("[3;5~", TUI_KEY_NONE, -1);
    expect("[200~", TUI_KEY_NONE, -1);
    expect("[?1;2c", TUI_KEY_NONE, -1);
    expect("[<0;10;5M", TUI_KEY_NONE, -1); /* SGR mouse report */
    expect("[M !!", TUI_KEY_NONE, -1);     /* X10 mouse report */
    expect("OP", TUI_KEY_NONE, -1);        /* F1 */
    expect("[12", TUI_KEY_NONE, -1);       /* cut short */
}

static void test_esc_alone_or_with_a_key(void **state)
{
    (void)state;
    expect("", 27, -1);
    expect("q", 27, 'q');
    expect("O", 27, 'O');
    expect("\033", 27, 27);
    expect("[1\n", TUI_KEY_NONE, '\n'); /* a control byte ends it and is a key */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_keys),
        cmocka_unit_test(test_unknown_swallowed),
        cmocka_unit_test(test_esc_alone_or_with_a_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
