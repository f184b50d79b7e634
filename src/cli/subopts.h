/* getopt over a subcommand's own words ("--to a@b --html-file f"): the
 * one place that shifts them behind a program name, as getopt wants, and
 * resets its state, so each subcommand parses as if it were a program. */
#ifndef BENTO_CLI_SUBOPTS_H
#define BENTO_CLI_SUBOPTS_H

#include <getopt.h>

struct subopts {
    char **av; /* "bento-console", then the words; NULL-terminated */
    int ac;    /* words + 1; av[optind] is the first word getopt left */
};

/* Returns 0, or 1 (the exit code) when out of memory. Silent: callers
 * report ':' and '?' themselves. */
int cli_subopts_begin(struct subopts *s, int argc, char **argv);

/* The next option, as getopt_long returns it (-1 at the end). */
int cli_subopts_next(struct subopts *s, const char *shortopts, const struct option *longopts);

void cli_subopts_end(struct subopts *s);

#endif
