/* The copy-as-curl command of a request (tui_curl.c) and what the Activity
 * pane does with it: the terminal's clipboard (OSC 52) and a script file.
 * The keys are shell variables in it, never their values. */
#ifndef BENTO_TUI_CURL_H
#define BENTO_TUI_CURL_H

#include <stddef.h>

struct tui;

/* s in single quotes for a POSIX shell (caller frees). */
char *tui_shell_quote(const char *s);

/* The command, keys redacted; data is NULL or the request body's argument
 * as the shell reads it ("-d 'JSON'", "--data-binary @body.json"). */
char *tui_curl_line(const struct tui *ui, const char *method, const char *path, const char *data);

/* Put text on the terminal's clipboard (OSC 52, through tmux's DCS
 * passthrough inside tmux); -1 when the terminal could not be written. */
int tui_osc52_copy(const char *text);

/* Write the script `path` (0600, replacing a symlink rather than following
 * it) that runs the request, and its body (redacted, whole) in
 * `path`.json beside it (for a.sh, a.json). Returns 0, or -1 with a
 * one-line reason in `why`. body_path gets the body file's name. */
int tui_curl_write(const struct tui *ui, const char *path, const char *method, const char *urlpath,
                   const char *body, char *body_path, size_t body_size, char *why, size_t why_size);

#endif
