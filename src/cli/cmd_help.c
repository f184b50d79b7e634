#include <string.h>

#include "app/actions.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"

/* `help`, `help COMMAND`, and the generators behind docs/KEYS.md and the
 * man page (`help keys-markdown`, `help keys-roff`). */
int cli_help(struct app *app, int argc, char **argv)
{
    if (argc == 1 && !strcmp(argv[0], "keys-markdown")) {
        action_print_keys_markdown(app->out);
        return 0;
    }
    if (argc == 1 && !strcmp(argv[0], "keys-roff")) {
        action_print_keys_roff(app->out);
        return 0;
    }
    if (argc == 0) {
        action_print_usage(app->out);
        return 0;
    }
    int used = 0;
    const struct action *a = action_find(argc, argv, &used);
    if (!a || used != argc)
        return out_usage(app, "No command called \"%.100s\"", argv[0]);
    fprintf(app->out, "bento-console %s %s\n  %s\n", a->command, a->args, a->summary);
    if (a->key)
        fprintf(app->out, "  In the console: key %s, or :%s\n", a->key, a->command);
    if (!(a->flags & ACTION_CLI))
        fputs("  Only available in the console.\n", app->out);
    return 0;
}
