/* The one table of user actions, as data: it drives the command-line
 * subcommands, the console's `:` commands and key bindings, the `?` help
 * overlay, `bento-console help` and the key list in docs/ and the man
 * page. The handlers live in each front end, indexed by the action id. */
#ifndef BENTO_APP_ACTIONS_H
#define BENTO_APP_ACTIONS_H

#include <stddef.h>
#include <stdio.h>

/* Panes of the console, as a bit mask for where a key works. */
/* Every pane of the console, declared once; the console's pane table
 * (src/tui/tui_pane.h) is this list. Columns: id, tab key, title, help
 * name, bit in the action table's masks, and the console's ops: a name
 * only the console defines, never expanded here or in the command line. */
#define BENTO_PANES(X)                                                                           \
    X(TP_TAGS, "1", "Tags", "tags", PANE_TAGS, tui_tags_pane)                                    \
    X(TP_SUBSCRIBERS, "2", "Subscribers", "subscribers", PANE_SUBSCRIBERS, tui_subs_pane)        \
    X(TP_COMPOSE, "3", "Compose", "compose", PANE_COMPOSE, tui_compose_pane)                     \
    X(TP_ACTIVITY, "4", "Activity", "activity", PANE_ACTIVITY, tui_activity_pane)                \
    X(TP_BROADCASTS, "5", "Broadcasts", "broadcasts", PANE_BROADCASTS, tui_broadcasts_pane)      \
    X(TP_AUTOMATIONS, "6", "Automations", "automations", PANE_AUTOMATIONS, tui_automations_pane) \
    X(TP_REPORTS, "7", "Reports", "reports", PANE_REPORTS, tui_reports_pane)

#define BENTO_PANE_INDEX(id, key, title, help, bit, ops) bit##_INDEX,
enum pane_index { BENTO_PANES(BENTO_PANE_INDEX) PANE__COUNT };
#undef BENTO_PANE_INDEX

/* Panes of the console, as a bit mask for where a key works. */
#define BENTO_PANE_BIT(id, key, title, help, bit, ops) bit = 1u << bit##_INDEX,
enum pane_bit { BENTO_PANES(BENTO_PANE_BIT) PANE_ALL = (1u << PANE__COUNT) - 1 };
#undef BENTO_PANE_BIT

/* The panes' titles in table order (for WHERE in help). */
extern const char *const app_pane_titles[PANE__COUNT];

/* One id per row of the table, in its order; the front ends index their
 * handler tables by it (src/cli/cli_handlers.c, src/tui/tui_handlers.c). */
enum action_id {
    ACT_DOCTOR,
    ACT_TAGS_LIST,
    ACT_TAGS_CREATE,
    ACT_TAGS_DELETE,
    ACT_FIELDS_LIST,
    ACT_FIELDS_CREATE,
    ACT_SUBSCRIBERS_GET,
    ACT_SUBSCRIBERS_REFRESH,
    ACT_SUBSCRIBERS_SEARCH,
    ACT_SUBSCRIBERS_NEXT_PAGE,
    ACT_SUBSCRIBERS_PREVIOUS_PAGE,
    ACT_SUBSCRIBERS_CREATE,
    ACT_SUBSCRIBERS_TAG,
    ACT_SUBSCRIBERS_TAG_VIA_EVENT,
    ACT_SUBSCRIBERS_UNTAG,
    ACT_SUBSCRIBERS_SUBSCRIBE,
    ACT_SUBSCRIBERS_UNSUBSCRIBE,
    ACT_SUBSCRIBERS_SET_FIELD,
    ACT_SUBSCRIBERS_UNSET_FIELD,
    ACT_SUBSCRIBERS_CHANGE_EMAIL,
    ACT_SUBSCRIBERS_VALIDATE,
    ACT_SUBSCRIBERS_CACHED,
    ACT_SUBSCRIBERS_FORGET,
    ACT_SUBSCRIBERS_IMPORT,
    ACT_EVENTS_TRACK,
    ACT_EVENTS_IMPORT,
    ACT_IMPORT,
    ACT_EMAILS_SEND,
    ACT_EMAILS_TEST,
    ACT_COMPOSE_EDIT,
    ACT_COMPOSE_PREVIEW,
    ACT_COMPOSE_SEND,
    ACT_COMPOSE_TEST,
    ACT_COMPOSE_DRAFTS,
    ACT_COMPOSE_SAVE,
    ACT_COMPOSE_NEW,
    ACT_COMPOSE_TO_FILE,
    ACT_TEMPLATES_GET,
    ACT_TEMPLATES_SET,
    ACT_TEMPLATES_EDIT,
    ACT_TEMPLATES_HISTORY,
    ACT_TEMPLATES_REVERT,
    ACT_AUTHORS_LIST,
    ACT_CHECK_EMAIL,
    ACT_CHECK_DOMAIN,
    ACT_CHECK_IP,
    ACT_CHECK_CONTENT,
    ACT_CHECK_NAME,
    ACT_SNIPPET,
    ACT_STATS_SITE,
    ACT_STATS_SEGMENT,
    ACT_STATS_REPORT,
    ACT_STATS_ADS,
    ACT_FORMS_RESPONSES,
    ACT_BROADCASTS_LIST,
    ACT_BROADCASTS_GET,
    ACT_BROADCASTS_CREATE,
    ACT_SEQUENCES_LIST,
    ACT_SEQUENCES_ADD_EMAIL,
    ACT_WORKFLOWS_LIST,
    ACT_WORKFLOWS_STATS,
    ACT_EXPORT,
    ACT_DIFF,
    ACT_APPLY,
    ACT_PROFILE_LIST,
    ACT_PROFILE_USE,
    ACT_PROFILE_ADD,
    ACT_PROFILE_REMOVE,
    ACT_PROFILE_IMPORT,
    ACT_PROFILE_TEST_ADDRESS,
    ACT_COMPLETION,
    ACT_HELP,
    ACT_PANE_TAGS,
    ACT_PANE_SUBSCRIBERS,
    ACT_PANE_COMPOSE,
    ACT_PANE_ACTIVITY,
    ACT_PANE_BROADCASTS,
    ACT_PANE_AUTOMATIONS,
    ACT_PANE_REPORTS,
    ACT_FILTER,
    ACT_SORT,
    ACT_SORT_REVERSE,
    ACT_OPEN,
    ACT_ACTIVITY_COPY,
    ACT_ACTIVITY_WRITE,
    ACT_BROADCASTS_STATUS,
    ACT_BROADCASTS_NEW,
    ACT_BROADCASTS_RELOAD,
    ACT_COMPOSE_BROADCAST,
    ACT_KEY_BROADCAST_CONFIRM,
    ACT_COMPOSE_BENTO_CHECK,
    ACT_KEY_BROADCAST_BENTO_CHECK,
    ACT_AUTOMATIONS_PERIOD,
    ACT_AUTOMATIONS_EDIT,
    ACT_AUTOMATIONS_HISTORY,
    ACT_AUTOMATIONS_APPEND,
    ACT_AUTOMATIONS_RELOAD,
    ACT_REPORTS_RELOAD,
    ACT_REPORTS_PIN,
    ACT_REPORTS_UNPIN,
    ACT_REPORTS_TABLE,
    ACT_REPORTS_ADS,
    ACT_REPORTS_SNIPPET,
    ACT_REPORTS_COPY_SNIPPET,
    ACT_REPORTS_DIMENSION,
    ACT_REPORTS_PERIOD,
    ACT_REPORTS_REVENUE,
    ACT_ERRORS,
    ACT_COMMAND,
    ACT_REDRAW,
    ACT_QUIT,
    ACT_Q,
    ACT_MOVE,
    ACT_BACK,
    ACT_KEY_COMPOSE_ROWS,
    ACT_KEY_COMPOSE_TOGGLE,
    ACT_KEY_PREVIEW_CLOSE,
    ACT_KEY_REVIEW_SEND,
    ACT_KEY_REVIEW_VALUES,
    ACT_KEY_DRAFT_COPY,
    ACT_KEY_DRAFT_DELETE,
    ACT_KEY_DRAFT_RENAME,
    ACT_KEY_FIELDS_NEW,
    ACT_KEY_SUBS_MARK,
    ACT_KEY_TEXT_SEARCH,
    ACT_FIND,
    ACT_KEY_TEXT_SCROLL,
    ACT_KEY_TEMPLATE_PREVIEW,
    ACT_KEY_TEMPLATE_DIFF,
    ACT_KEY_TEMPLATE_RESTORE,
    ACTION_ID_COUNT
};

#define ACTION_HIDDEN 1u
#define ACTION_OPTIONS 2u     /* the handler parses its own --options */
#define ACTION_TUI_ARGS 4u    /* the console handler checks its own words */
#define ACTION_CLI 8u         /* the command line has a handler */
#define ACTION_CONSOLE 16u    /* the console has a handler (`:` command, key) */
#define ACTION_NO_PROFILE 32u /* the command line runs it without a profile */
#define ACTION_KEY_DOC 64u    /* a key inside a view (help lists it; the hint line does not) */

struct action {
    enum action_id id;
    const char *command;      /* words, e.g. "tags create"; also the `:` command */
    const char *args;         /* command-line usage of the arguments, e.g. "NAME", or "" */
    const char *console_args; /* what the `:` command accepts; NULL: not in the console */
    const char *summary;      /* one line for help */
    const char *key;          /* console key as shown ("n", "Enter", "^L"), or NULL */
    unsigned panes;           /* where the key works */
    int min_args, max_args;
    unsigned flags; /* ACTION_* */
};

extern const struct action bento_actions[];
extern const size_t bento_action_count;

/* The row of an id. */
const struct action *app_action(enum action_id id);

/* Longest-prefix match of words against the table ("tags create vip"
 * matches "tags create" and leaves 1 argument). Returns NULL when no
 * command matches; *consumed is the number of words the command used. */
const struct action *app_action_find(int argc, char *const *argv, int *consumed);

/* The subcommands of a group word among actions with any of `flags`
 * ("tags" gives "tags: list, create, delete" in buf). Returns how many. */
int app_action_group(const char *word, unsigned flags, char *buf, size_t size);

/* The command nearest to the typed words by edit distance (within two
 * edits), among actions with any of `flags`; NULL when none is close. */
const struct action *app_action_suggest(int argc, char *const *argv, unsigned flags);

/* One line for words that name no command: a group's subcommands, the
 * nearest command, or `hint` (what to do instead). argc >= 1. */
void app_action_unknown(int argc, char *const *argv, unsigned flags, const char *hint, char *buf,
                        size_t size);

/* Every action whose key is `key` and that works in `pane`. */
const struct action *app_action_for_key(const char *key, unsigned pane);

/* Split a `:` command line into words, honouring "double" and 'single'
 * quotes and backslash escapes. Returns the word count or -1 on an
 * unterminated quote; *words is allocated (free with app_action_words_free). */
int app_action_split(const char *line, char ***words);
void app_action_words_free(char **words, int count);

/* The global options as help lists them: "--profile NAME", what it does. */
extern const char *const app_global_options[][2];
extern const size_t app_global_option_count;

/* Help as plain text (command line) and as Markdown / roff key tables. */
void app_action_print_usage(FILE *out);
/* One command's usage, where it works in the console, and an example. */
void app_action_print_command(FILE *out, const struct action *a);
void app_action_print_keys_markdown(FILE *out);
void app_action_print_keys_roff(FILE *out);

/* A command's worked example without the program name ("tags create
 * vip"), or NULL when it has none. */
const char *app_action_example(const struct action *a);
/* The man page's command reference: a section per family (the first
 * word: tags, subscribers, ...), each command's usage, summary, example. */
void app_action_print_commands_roff(FILE *out);
/* Text escaped for roff (a leading dot, backslashes, dashes). */
void app_roff_text(FILE *out, const char *s);

#endif
