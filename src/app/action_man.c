/* The man page's command reference, from the action table: one section
 * per command family, in the table's order, so the page cannot drift
 * from the commands (scripts/gen-docs writes it, test_docs checks it). */
#include <stdbool.h>
#include <string.h>

#include "app/actions.h"

static bool documented(const struct action *a)
{
    return (a->flags & ACTION_CLI) && !(a->flags & (ACTION_HIDDEN | ACTION_KEY_DOC));
}

/* Whether an earlier documented row has the same first word. */
static bool family_seen(size_t row, const char *family, size_t len)
{
    for (size_t i = 0; i < row; i++) {
        const struct action *a = &bento_actions[i];
        if (documented(a) && strcspn(a->command, " ") == len && !strncmp(a->command, family, len))
            return true;
    }
    return false;
}

static void print_entry(FILE *out, const struct action *a)
{
    fputs(".TP\n\\fB", out);
    app_roff_text(out, a->command);
    fputs("\\fR", out);
    if (a->args[0]) {
        fputc(' ', out);
        app_roff_text(out, a->args);
    }
    fputc('\n', out);
    app_roff_text(out, a->summary);
    fputc('\n', out);
    const char *ex = app_action_example(a);
    if (ex) {
        fputs(".br\nExample: \\fBbento\\-console ", out);
        app_roff_text(out, ex);
        fputs("\\fR\n", out);
    }
}

void app_action_print_commands_roff(FILE *out)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        size_t len = strcspn(a->command, " ");
        if (!documented(a) || family_seen(i, a->command, len))
            continue;
        fprintf(out, ".SS %.*s\n", (int)len, a->command);
        for (size_t j = i; j < bento_action_count; j++) {
            const struct action *b = &bento_actions[j];
            if (documented(b) && strcspn(b->command, " ") == len &&
                !strncmp(b->command, a->command, len))
                print_entry(out, b);
        }
    }
}
