/* Shared by the stats and forms commands (cmd_stats.c, cmd_stats_ads.c,
 * cmd_forms.c): options, the call, and their failures in one line. */
#ifndef BENTO_CLI_STATS_CLI_H
#define BENTO_CLI_STATS_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "bento/client.h"

struct app;

/* What a stats command was given: its one id (when it takes one) and
 * the value of each long option, by the option's index in `options`. */
#define STATS_OPTS_MAX 8
struct stats_args {
    const char *id;
    const char *value[STATS_OPTS_MAX]; /* "" for a flag given */
};

/* Parses ID (want_id) and the options (each at most once). Returns -1
 * to go on, else the exit code (a usage error was reported). */
int stats_args_parse(struct app *app, int argc, char **argv, const struct option *options,
                     bool want_id, const char *usage, struct stats_args *out);

/* Runs req; on failure reports it, in Bento's words except for the stats
 * budget running out and an unknown `what` (e.g. "Report 12"), and
 * returns the exit code. On success *res is the result (caller frees). */
int stats_call(struct app *app, struct bento_request *req, const char *what, const char *hint,
               struct bento_result **res);

/* Charts in plain ASCII: a locale that is not UTF-8, NO_COLOR or --no-color. */
bool stats_ascii(const struct app *app);

/* $COLUMNS when it is a sensible width, else 80. */
int stats_columns(void);

#endif
