/* The command line: global options, then one subcommand through its
 * handler for the action's id. src/main.c chooses between it and the
 * console. */
#ifndef BENTO_CLI_CLI_H
#define BENTO_CLI_CLI_H

#include "app/actions.h"

struct app;

/* Returns the process exit code (see bento_error_exit_code). */
typedef int (*cli_handler)(struct app *app, int argc, char **argv);

/* Indexed by action id; NULL where the action is console only. */
extern const cli_handler cli_handlers[ACTION_ID_COUNT];

/* Parse the global options of argv into app, leaving the other words
 * (the command and its arguments) in words[0..*count). Returns -1 to go
 * on, else the exit code (--help, --version, a usage error). */
int cli_parse_options(struct app *app, int argc, char **argv, char **words, int *count);

/* Run the command words[0..count); returns the exit code. */
int cli_run(struct app *app, int count, char **words);

/* Before the console opens: refuse --json, load the profile. Returns -1
 * to go on, else the exit code. */
int cli_console_ready(struct app *app);

#endif
