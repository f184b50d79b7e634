/* Escape sequences the terminal's terminfo did not name: curses hands
 * them over as Esc and loose bytes. Read the whole CSI (ESC [ params
 * intermediates final) or SS3 (ESC O x) sequence, map the common keys
 * whatever terminfo says, and swallow the rest, so `\e[4~` never turns
 * into Esc, `[`, `4`, `~`. */
#include <curses.h>

#include "tui/tui.h"

#define SEQ_MAX 64 /* a longer "sequence" is swallowed up to here */

/* ESC [ N ~ */
static int tilde_key(int n)
{
    switch (n) {
    case 1:
    case 7: return KEY_HOME;
    case 2: return KEY_IC;
    case 3: return KEY_DC;
    case 4:
    case 8: return KEY_END;
    case 5: return KEY_PPAGE;
    case 6: return KEY_NPAGE;
    default: return TUI_KEY_NONE;
    }
}

/* The final letter of ESC [ ... x or ESC O x; modifiers are dropped. */
static int letter_key(int c)
{
    switch (c) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    default: return TUI_KEY_NONE;
    }
}

static int csi(int (*next)(void *), void *ctx, int *replay)
{
    int first = -1, nparams = 0, len = 0;
    for (int c; (c = next(ctx)) >= 0; len++) {
        if (c > 0x7e || c < 0x20 || len == SEQ_MAX) {
            *replay = c; /* not part of any sequence: a key of its own */
            return TUI_KEY_NONE;
        }
        if (c <= 0x3f) { /* parameter or intermediate bytes */
            if (c >= '0' && c <= '9' && nparams == 0)
                first = (first < 0 ? 0 : first * 10) + (c - '0');
            if (c == ';' || c < 0x30 || c > '9')
                nparams++;
            continue;
        }
        if (c == '~')
            return nparams == 0 ? tilde_key(first) : TUI_KEY_NONE;
        if (c == 'Z')
            return first < 0 && nparams == 0 ? KEY_BTAB : TUI_KEY_NONE;
        if (c == 'M' && len == 0) /* X10 mouse report: three bytes follow */
            for (int i = 0; i < 3 && next(ctx) >= 0; i++)
                ;
        return letter_key(c);
    }
    return TUI_KEY_NONE; /* cut short: swallowed */
}

int tui_esc_decode(int (*next)(void *), void *ctx, int *replay)
{
    *replay = -1;
    int c = next(ctx);
    if (c == '[')
        return csi(next, ctx, replay);
    if (c == 'O') {
        int d = next(ctx);
        if (d < 0) {
            *replay = 'O'; /* Esc, then O typed */
            return 27;
        }
        return d >= 0x20 && d <= 0x7e ? letter_key(d) : (*replay = d, TUI_KEY_NONE);
    }
    *replay = c; /* Esc alone, or Esc and a key (Alt) */
    return 27;
}
