/* Help on the command line, from the action table: the global usage,
 * one command's usage with an example, and the key tables of
 * docs/KEYS.md and the man page. Usage lines are wrapped at the
 * terminal's width between option groups, never inside a word. */
#include <stdbool.h>
#include <string.h>

#include "app/actions.h"
#include "app/completion_spec.h"
#include "app/wrap.h"

static int visible(const struct action *a)
{
    return !(a->flags & ACTION_HIDDEN);
}

/* The global options, each with what it does (wrapped under DESC_COL). */
const char *const app_global_options[][2] = {
    {"--demo", "run against a built-in simulated Bento account"},
    {"--profile NAME", "use this saved profile"},
    {"--base-url URL", "API base URL (default https://app.bentonow.com/api/v1)"},
    {"--json", "print one JSON object per command"},
    {"--yes", "do not ask for confirmation"},
    {"--timeout SECS", "give up on a request after SECS seconds, retries and 429 waits "
                       "included (default 60; batch writes 300)"},
    {"--rate-limit N/MS", "requests per window for each API family, as the account allows "
                          "(default 100/60000; or off)"},
    {"--no-color", "no colours (also NO_COLOR=1)"},
    {"--no-mouse", "ignore the mouse in the console"},
    {"--version, --help", ""},
};
const size_t app_global_option_count = sizeof app_global_options / sizeof app_global_options[0];

/* "  LEFT   description": the description starts at column col, or on
 * the next line when LEFT (wrapped between option groups) reaches it. */
static void print_entry(FILE *out, const char *left, const char *desc, int col, int width)
{
    fputs("  ", out);
    int lw = app_text_width(left, strlen(left));
    if (!desc[0]) {
        app_wrap_print(out, left, 2, 6, width, true);
        return;
    }
    if (2 + lw < col) {
        fprintf(out, "%s%*s", left, col - 2 - lw, "");
    } else {
        app_wrap_print(out, left, 2, 6, width, true);
        fprintf(out, "%*s", col, "");
    }
    app_wrap_print(out, desc, col, col, width, false);
}

void app_action_print_usage(FILE *out)
{
    int width = app_wrap_width(out);
    fputs("Usage: bento-console [OPTIONS] [COMMAND [ARGS]]\n"
          "With no command, opens the full-screen console.\n\nOptions:\n",
          out);
    for (size_t i = 0; i < app_global_option_count; i++)
        print_entry(out, app_global_options[i][0], app_global_options[i][1], 20, width);
    fputs("\nCommands:\n", out);
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!(a->flags & ACTION_CLI) || !visible(a))
            continue;
        char left[512];
        snprintf(left, sizeof left, "%s %s", a->command, a->args);
        print_entry(out, left, a->summary, 31, width);
    }
    fputc('\n', out);
    app_wrap_print(out,
                   "Exit codes: 0 ok, 1 error, 2 usage, 3 auth, 4 API/rate limit/not found/"
                   "timeout, 5 file, 6 validation.",
                   0, 2, width, false);
}

static void pane_names(unsigned panes, char *buf, size_t size)
{
    buf[0] = '\0';
    if (panes == PANE_ALL) {
        snprintf(buf, size, "all");
        return;
    }
    for (int i = 0; i < PANE__COUNT; i++) {
        if (!(panes & (1u << i)))
            continue;
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", used ? ", " : "", app_pane_titles[i]);
    }
}

/* A | inside a table cell ends it, even between backquotes. */
static void md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
}

void app_action_print_keys_markdown(FILE *out)
{
    fputs("| Key | Where | `:` command | What it does |\n"
          "|---|---|---|---|\n",
          out);
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!a->key || !visible(a))
            continue;
        char where[64];
        pane_names(a->panes, where, sizeof where);
        bool cmd = a->flags & ACTION_CONSOLE;
        fprintf(out, "| `%s` | %s | %s%s", a->key, where, cmd ? "`:" : "", cmd ? a->command : "—");
        if (cmd && a->console_args[0]) {
            fputc(' ', out);
            md_cell(out, a->console_args);
        }
        fprintf(out, "%s | %s |\n", cmd ? "`" : "", a->summary);
    }
}

/* roff needs a leading dot or backslash escaped. */
void app_roff_text(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

void app_action_print_keys_roff(FILE *out)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!a->key || !visible(a))
            continue;
        fputs(".TP\n.B ", out);
        app_roff_text(out, a->key);
        fputc('\n', out);
        app_roff_text(out, a->summary);
        if (a->flags & ACTION_CONSOLE) {
            fputs(" (\\fB:", out);
            app_roff_text(out, a->command);
            fputs("\\fR)", out);
        }
        fputc('\n', out);
    }
}

/* A worked example for each command that takes arguments, by action id. */
static const char *const examples[ACTION_ID_COUNT] = {
    [ACT_TAGS_LIST] = "tags list vi --csv",
    [ACT_TAGS_CREATE] = "tags create vip",
    [ACT_TAGS_DELETE] = "tags delete vip",
    [ACT_FIELDS_LIST] = "fields list --csv",
    [ACT_FIELDS_CREATE] = "fields create first_name",
    [ACT_SUBSCRIBERS_GET] = "subscribers get ada@example.com",
    [ACT_SUBSCRIBERS_SEARCH] = "subscribers search created>2024-01-01",
    [ACT_SUBSCRIBERS_CREATE] = "subscribers create ada@example.com",
    [ACT_SUBSCRIBERS_TAG] = "subscribers tag vip -e ada@example.com",
    [ACT_SUBSCRIBERS_TAG_VIA_EVENT] = "subscribers tag-via-event vip",
    [ACT_SUBSCRIBERS_UNTAG] = "subscribers untag vip -f people.csv",
    [ACT_SUBSCRIBERS_SUBSCRIBE] = "subscribers subscribe -e ada@example.com",
    [ACT_SUBSCRIBERS_UNSUBSCRIBE] = "subscribers unsubscribe -f people.csv",
    [ACT_SUBSCRIBERS_SET_FIELD] = "subscribers set-field first_name Ada -e ada@example.com",
    [ACT_SUBSCRIBERS_UNSET_FIELD] = "subscribers unset-field first_name -e ada@example.com",
    [ACT_SUBSCRIBERS_CHANGE_EMAIL] = "subscribers change-email ada@example.com ada@example.org",
    [ACT_SUBSCRIBERS_VALIDATE] = "subscribers validate ada@example.com",
    [ACT_SUBSCRIBERS_CACHED] = "subscribers cached --csv",
    [ACT_SUBSCRIBERS_IMPORT] = "subscribers import people.csv --dry-run",
    [ACT_EVENTS_TRACK] = "events track --type signup --email ada@example.com",
    [ACT_EVENTS_IMPORT] = "events import events.jsonl --dry-run",
    [ACT_IMPORT] = "import subscribers people.csv",
    [ACT_EMAILS_SEND] = "emails send --to ada@example.com --from jesse@example.com "
                        "--subject Hello --html-file hello.html",
    [ACT_EMAILS_TEST] = "emails test --from jesse@example.com --subject Hello "
                        "--html-file hello.html",
    [ACT_COMPOSE_TO_FILE] = "compose to-file people.txt",
    [ACT_TEMPLATES_GET] = "templates get 7001 --html > welcome.html",
    [ACT_TEMPLATES_SET] = "templates set 7001 --subject 'Welcome aboard' --dry-run",
    [ACT_TEMPLATES_EDIT] = "templates edit 7001",
    [ACT_TEMPLATES_HISTORY] = "templates history 7001",
    [ACT_TEMPLATES_REVERT] = "templates revert 7001",
    [ACT_BROADCASTS_LIST] = "broadcasts list --status draft",
    [ACT_BROADCASTS_GET] = "broadcasts get 5001",
    [ACT_BROADCASTS_CREATE] = "broadcasts create --name Launch --subject Hello --html-file "
                              "launch.html --from jesse@example.com",
    [ACT_SEQUENCES_ADD_EMAIL] =
        "sequences add-email 2001 --subject \"Day 3\" --html-file day3.html "
        "--delay \"3 days\"",
    [ACT_WORKFLOWS_STATS] = "workflows stats 3001 --days 7",
    [ACT_CHECK_EMAIL] = "check email ada@example.com --ruleset --block-free",
    [ACT_CHECK_DOMAIN] = "check domain example.com -f domains.txt",
    [ACT_CHECK_IP] = "check ip 192.0.2.1",
    [ACT_CHECK_CONTENT] = "check content 'Win a prize at https://example.com'",
    [ACT_CHECK_NAME] = "check name 'Ada Lovelace'",
    [ACT_SNIPPET] = "snippet --identify",
    [ACT_STATS_SEGMENT] = "stats segment 1201",
    [ACT_STATS_REPORT] = "stats report 303 --chart",
    [ACT_STATS_ADS] = "stats ads --dimension campaign --from 2026-11-01 --to 2026-11-30",
    [ACT_FORMS_RESPONSES] = "forms responses newsletter-signup --csv",
    [ACT_EXPORT] = "export content/",
    [ACT_DIFF] = "diff content/",
    [ACT_APPLY] = "apply content/ --dry-run",
    [ACT_PROFILE_USE] = "profile use staging",
    [ACT_PROFILE_ADD] = "profile add staging",
    [ACT_PROFILE_REMOVE] = "profile remove staging",
    [ACT_PROFILE_TEST_ADDRESS] = "profile test-address me@example.com",
    [ACT_COMPLETION] = "completion bash > ~/.local/share/bash-completion/completions/bento-console",
    [ACT_HELP] = "help tags create",
    [ACT_FILTER] = "filter vip",
    [ACT_SORT] = "sort created",
    [ACT_FIND] = "find unsubscribe",
};

const char *app_action_example(const struct action *a)
{
    return examples[a->id] ? examples[a->id] : a->args[0] ? NULL : a->command;
}

/* "Usage: bento-console COMMAND ARGS", the arguments wrapped between
 * option groups under the first of them. */
static void print_command_usage(FILE *out, const struct action *a, int width)
{
    char head[128];
    snprintf(head, sizeof head, "Usage: bento-console %s%s", a->command, a->args[0] ? " " : "");
    fputs(head, out);
    int col = app_text_width(head, strlen(head));
    app_wrap_print(out, a->args, col, col < width / 2 ? col : 4, width, true);
}

/* An indented line wrapped at width, its continuation indented more. */
static void print_note(FILE *out, const char *text, int width, bool groups)
{
    fputs("  ", out);
    app_wrap_print(out, text, 2, 4, width, groups);
}

/* "Command options: -e EMAIL, -f FILE, --via-event", from the usage and
 * the summary (the "also --html S" there), when the command has any. */
static void print_options(FILE *out, const struct action *a, int width)
{
    struct comp_spec s;
    comp_spec_of_action(&s, a);
    char line[1024] = "Command options:";
    size_t used = strlen(line);
    int shown = 0;
    for (int i = 0; i < s.nflags && used < sizeof line; i++) {
        const struct comp_flag *f = &s.flags[i];
        if (strcmp(f->name, "--help"))
            used += (size_t)snprintf(line + used, sizeof line - used, "%s %s%s%s",
                                     shown++ ? "," : "", f->name, f->meta[0] ? " " : "", f->meta);
    }
    if (shown && used < sizeof line)
        snprintf(line + used, sizeof line - used, "; global ones: see bento-console --help");
    if (shown)
        print_note(out, line, width, true);
}

void app_action_print_command(FILE *out, const struct action *a)
{
    int width = app_wrap_width(out);
    print_command_usage(out, a, width);
    print_note(out, a->summary, width, false);
    bool console = a->flags & ACTION_CONSOLE;
    const char *args = console ? a->console_args : "";
    char line[600];
    if (a->key && console)
        snprintf(line, sizeof line, "In the console: key %s, or :%s%s%s", a->key, a->command,
                 args[0] ? " " : "", args);
    else
        snprintf(line, sizeof line, "In the console: :%s%s%s", a->command, args[0] ? " " : "",
                 args);
    if (console)
        print_note(out, line, width, true);
    if (!(a->flags & ACTION_CLI))
        fputs("  Only available in the console.\n", out);
    else
        print_options(out, a, width);
    const char *ex = app_action_example(a);
    if (ex) {
        fputs("Example: ", out);
        snprintf(line, sizeof line, "%s%s", a->flags & ACTION_CLI ? "bento-console " : ":", ex);
        app_wrap_print(out, line, 9, 4, width, false);
    }
}
