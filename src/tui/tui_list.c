/* Selection and scrolling shared by the list panes and text views. */
#include <curses.h>

#include "tui/tui.h"

void list_clamp(size_t *sel, size_t *top, size_t count, int rows)
{
    size_t r = rows > 0 ? (size_t)rows : 1;
    if (count == 0) {
        *sel = *top = 0;
        return;
    }
    if (*sel >= count)
        *sel = count - 1;
    if (*sel < *top)
        *top = *sel;
    if (*sel >= *top + r)
        *top = *sel - r + 1;
    if (*top + r > count)
        *top = count > r ? count - r : 0;
}

/* Handles movement keys; returns false for any other key. */
bool list_move_key(size_t *sel, size_t *top, size_t count, int rows, int key)
{
    size_t page = rows > 1 ? (size_t)rows - 1 : 1;
    switch (key) {
    case 'j':
    case KEY_DOWN:
        if (*sel + 1 < count)
            ++*sel;
        break;
    case 'k':
    case KEY_UP:
        if (*sel > 0)
            --*sel;
        break;
    case KEY_NPAGE:
    case 4: /* ^D */
        *sel += page;
        *top += page;
        break;
    case KEY_PPAGE:
    case 21: /* ^U */
        *sel = *sel > page ? *sel - page : 0;
        *top = *top > page ? *top - page : 0;
        break;
    case 'g':
    case KEY_HOME: *sel = *top = 0; break;
    case 'G':
    case KEY_END: *sel = count ? count - 1 : 0; break;
    default: return false;
    }
    list_clamp(sel, top, count, rows);
    return true;
}
