/* Shared by the commands that act on one or many subscribers through
 * /fetch/commands: option parsing, confirmation, dry runs, reporting. */
#ifndef BENTO_CLI_PEOPLE_H
#define BENTO_CLI_PEOPLE_H

#include <stdbool.h>
#include <cjson/cJSON.h>
#include "app/addresses.h"

struct app;

struct people_opts {
    struct address_list people;
    char *positional[8]; /* words that are not options */
    int positional_count;
    bool dry_run;
    bool via_event; /* tag: add_tag_via_event (runs automations) */
};

/* Normalise one address typed on the command line into out and check it
 * is plausible. Returns 0, or reports a one-line validation error and
 * returns its exit code (6); no request is made either way. */
int people_check_email(struct app *app, const char *text, char *out, size_t size);

/* Parse -e/--email (repeatable), -f/--file, --dry-run and, when
 * allow_via_event, --via-event. Returns -1 to go on, or an exit code. */
int people_parse(struct app *app, int argc, char **argv, bool allow_via_event,
                 struct people_opts *o);
void people_free(struct people_opts *o);

/* Confirm (always when dangerous, else from 10 people), show a dry run,
 * or send the commands (split by the core into calls of 100) and report.
 * Takes ownership of commands. Returns the exit code. */
int people_send(struct app *app, const char *action, cJSON *commands, size_t people, bool dangerous,
                const struct people_opts *o);

#endif
