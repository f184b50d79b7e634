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
