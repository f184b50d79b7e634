/* Test hook: with BENTO_CONSOLE_SCRIPT=FILE the console draws on a
 * virtual screen and reads its keys from FILE, one line at a time, each
 * line after an idle barrier (see tests/screen/README.md). */
#ifndef BENTO_TUI_SCRIPT_H
#define BENTO_TUI_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

struct tui;
struct tui_script;

/* A script key that resizes the virtual screen: rows and columns packed
 * above every curses key code. */
#define TUI_KEY_RESIZE_FLAG 0x40000000
#define TUI_KEY_RESIZE(rows, cols) (TUI_KEY_RESIZE_FLAG | ((rows) << 12) | (cols))

/* A script key that clicks the first button at a row and column; two on
 * one script line are a double click (script_click_ms()). */
#define TUI_KEY_CLICK_FLAG 0x20000000
#define TUI_KEY_CLICK(row, col) (TUI_KEY_CLICK_FLAG | ((row) << 12) | (col))

enum script_state { SS_KEYS, SS_WAIT, SS_END, SS_FAIL };

struct tui_script *script_open(const char *path);
void script_free(struct tui_script *s);

/* Next queued key, or -1 when the current line is used up. */
int script_next_key(struct tui_script *s);

/* The time a scripted click happens at: the same for every key of one
 * line, far apart for keys of different lines. */
int64_t script_click_ms(const struct tui_script *s);

/* Run directives and queue the next line of keys once the barrier allows. */
enum script_state script_step(struct tui *ui, struct tui_script *s);

/* True while the script waits for something with a deadline, so the loop
 * polls with a short timeout. */
int script_poll_timeout(const struct tui_script *s);

/* Parse one line of key notation into codes; returns the count or -1. */
int script_parse_keys(const char *line, int *keys, int max);

/* Write the virtual screen as text, one line per row, trailing blanks cut. */
int script_dump(const char *path);
/* The screen as one allocated string (rows joined by '\n'). */
char *script_screen_text(void);

#endif
