#ifndef BENTO_CLI_CONFIRM_H
#define BENTO_CLI_CONFIRM_H

struct app;

/* Ask a yes/no question on the terminal; the default is No. With --yes
 * (or BENTO_AUTO_CONFIRM=1/true/yes/on) answers yes without asking.
 * Returns 1 for yes, 0 for no, and -1 when there is no terminal to ask
 * on (a message telling the user to pass --yes has been printed). */
int cli_confirm(struct app *app, const char *question);

/* Read a line from the terminal with echo off (for secrets). Returns 0,
 * or -1 without a terminal. buf is NUL-terminated, newline stripped. */
int cli_read_secret(const char *prompt, char *buf, int size);

/* Read a visible line from stdin. Returns 0, or -1 at end of input. */
int cli_read_line(const char *prompt, char *buf, int size);

#endif
