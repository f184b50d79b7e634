/* The one table of user actions. It drives the command-line subcommands,
 * the console's `:` commands and key bindings, the `?` help overlay,
 * `bento-console help` and the key list in docs/ and the man page. */
#ifndef BENTO_CLI_ACTIONS_H
#define BENTO_CLI_ACTIONS_H

#include <stddef.h>
#include <stdio.h>

struct app;
struct tui;

/* Panes of the console, as a bit mask for where a key works. */
enum pane_bit {
    PANE_TAGS = 1u << 0,
    PANE_SUBSCRIBERS = 1u << 1,
    PANE_COMPOSE = 1u << 2,
    PANE_ACTIVITY = 1u << 3,
    PANE_ALL = 0xfu
};

#define ACTION_HIDDEN 1u
#define ACTION_OPTIONS 2u   /* the handler parses its own --options */
#define ACTION_TUI_ARGS 4u  /* the console handler checks its own words */

struct action {
    const char *command;   /* words, e.g. "tags create"; also the `:` command */
    const char *args;      /* usage of the arguments, e.g. "NAME", or "" */
    const char *summary;   /* one line for help */
    const char *key;       /* console key as shown ("n", "Enter", "^L"), or NULL */
    unsigned panes;        /* where the key works */
    int min_args, max_args;
    unsigned flags;        /* ACTION_HIDDEN, ACTION_OPTIONS */
    /* Command line: returns the process exit code. NULL: console only. */
    int (*run_cli)(struct app *app, int argc, char **argv);
    /* Console: NULL means command line only. */
    void (*run_tui)(struct tui *ui, int argc, char **argv);
};

extern const struct action bento_actions[];
extern const size_t bento_action_count;

/* Longest-prefix match of words against the table ("tags create vip"
 * matches "tags create" and leaves 1 argument). Returns NULL when no
 * command matches; *consumed is the number of words the command used. */
const struct action *action_find(int argc, char *const *argv, int *consumed);

/* Every action whose key is `key` and that works in `pane`. */
const struct action *action_for_key(const char *key, unsigned pane);

/* Split a `:` command line into words, honouring "double" and 'single'
 * quotes and backslash escapes. Returns the word count or -1 on an
 * unterminated quote; *words is allocated (free with action_words_free). */
int action_split(const char *line, char ***words);
void action_words_free(char **words, int count);

/* Help as plain text (command line) and as Markdown / roff key tables. */
void action_print_usage(FILE *out);
void action_print_keys_markdown(FILE *out);
void action_print_keys_roff(FILE *out);

#endif
