#include <stdbool.h>
#include <string.h>

#include "app/actions.h"

static int visible(const struct action *a)
{
    return !(a->flags & ACTION_HIDDEN);
}

void app_action_print_usage(FILE *out)
{
    fputs("Usage: bento-console [OPTIONS] [COMMAND [ARGS]]\n"
          "With no command, opens the full-screen console.\n\n"
          "Options:\n"
          "  --demo            run against a built-in simulated Bento account\n"
          "  --profile NAME    use this saved profile\n"
          "  --base-url URL    API base URL (default "
          "https://app.bentonow.com/api/v1)\n"
          "  --json            print one JSON object per command\n"
          "  --yes             do not ask for confirmation\n"
          "  --timeout SECS    give up on a request after SECS seconds, retries and\n"
          "                    429 waits included (default 60; batch writes 300)\n"
          "  --rate-limit N/MS requests per window for each API family, as the account\n"
          "                    allows (default 100/60000; or off)\n"
          "  --no-color        no colours (also NO_COLOR=1)\n"
          "  --no-mouse        ignore the mouse in the console\n"
          "  --version, --help\n\nCommands:\n",
          out);
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!(a->flags & ACTION_CLI) || !visible(a))
            continue;
        char left[64];
        snprintf(left, sizeof left, "%s %s", a->command, a->args);
        fprintf(out, "  %-28s %s\n", left, a->summary);
    }
    fputs("\nExit codes: 0 ok, 1 error, 2 usage, 3 auth, 4 API/rate limit/not found/"
          "timeout, 5 file, 6 validation.\n",
          out);
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
static void roff_text(FILE *out, const char *s)
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
        roff_text(out, a->key);
        fputc('\n', out);
        roff_text(out, a->summary);
        if (a->flags & ACTION_CONSOLE) {
            fputs(" (\\fB:", out);
            roff_text(out, a->command);
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
    [ACT_EMAILS_SEND] = "emails send --to ada@example.com --from news@example.com "
                        "--subject Hello --html-file hello.html",
    [ACT_EMAILS_TEST] = "emails test --from news@example.com --subject Hello "
                        "--html-file hello.html",
    [ACT_COMPOSE_TO_FILE] = "compose to-file people.txt",
    [ACT_PROFILE_USE] = "profile use staging",
    [ACT_PROFILE_ADD] = "profile add staging",
    [ACT_PROFILE_REMOVE] = "profile remove staging",
    [ACT_PROFILE_TEST_ADDRESS] = "profile test-address me@example.com",
    [ACT_HELP] = "help tags create",
    [ACT_FILTER] = "filter vip",
    [ACT_SORT] = "sort created",
    [ACT_FIND] = "find unsubscribe",
};

void app_action_print_command(FILE *out, const struct action *a)
{
    fprintf(out, "Usage: bento-console %s%s%s\n  %s\n", a->command, a->args[0] ? " " : "", a->args,
            a->summary);
    bool console = a->flags & ACTION_CONSOLE;
    const char *args = console ? a->console_args : "";
    if (a->key && console)
        fprintf(out, "  In the console: key %s, or :%s%s%s\n", a->key, a->command,
                args[0] ? " " : "", args);
    else if (console)
        fprintf(out, "  In the console: :%s%s%s\n", a->command, args[0] ? " " : "", args);
    if (!(a->flags & ACTION_CLI))
        fputs("  Only available in the console.\n", out);
    const char *ex = examples[a->id] ? examples[a->id] : a->args[0] ? NULL : a->command;
    if (ex)
        fprintf(out, "Example: %s%s\n", a->flags & ACTION_CLI ? "bento-console " : ":", ex);
}
