/* Columns of the list panes: widths from the values on screen, what goes
 * first when space is short, the sort mark in the header, and cells cut
 * with an ellipsis at a character boundary (display-width aware). */
#ifndef BENTO_TUI_COLUMNS_H
#define BENTO_TUI_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

struct tui;

struct tui_column {
    const char *title; /* header text; `:sort WORD` matches its start */
    int natural;       /* a fixed format (a date) is this wide, whatever the rows */
    int min;           /* a text column shrinks to this before it goes; 0: fixed format */
    int cap;           /* never wider than this; 0: no cap */
    int keep;          /* when space is short the lowest goes first; those below the
                        * main column's keep go before it is cut */
    bool main;         /* the main text column: takes what is left, up to what it needs */
    bool right;        /* numbers, aligned right */
    bool desc_first;   /* sorting on it starts newest or largest first */
    int need;          /* widest value measured (and the title), in columns */
    int x, width;      /* placed by tui_columns_layout(); width 0: not shown */
};

/* Which column a list is sorted on; col -1 is the list's own order. */
struct tui_sort {
    int col;
    bool desc;
};

#define TUI_SORT_UP "\xe2\x86\x91"   /* U+2191, ascending */
#define TUI_SORT_DOWN "\xe2\x86\x93" /* U+2193, descending */

/* Start measuring: every column needs at least its title (and the mark). */
void tui_columns_reset(struct tui_column *c, size_t n, const struct tui_sort *s);
void tui_columns_measure(struct tui_column *c, const char *value);
/* Place the columns from x0 within avail columns, one blank between. */
void tui_columns_layout(struct tui_column *c, size_t n, int x0, int avail);
void tui_columns_header(int y, const struct tui_column *c, size_t n, const struct tui_sort *s,
                        int attr);
/* Draw a cell in its column, cut with an ellipsis when it does not fit. */
void tui_columns_cell(int y, const struct tui_column *c, const char *text, int attr);
/* text cut to width display columns, ending with an ellipsis when cut. */
void tui_fit_text(const char *text, int width, char *out, size_t size);

/* Next sort column (column NULL), the named one, or (reverse) the other
 * direction; with_none lets the cycle pass through the list's own order.
 * -1 (said in the status line) when no column has that name. */
int tui_sort_pick(struct tui *ui, struct tui_sort *s, const struct tui_column *c, size_t n,
                  const char *column, bool reverse, bool with_none);

#endif
