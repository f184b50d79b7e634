#include <stdbool.h>
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
        app_action_print_keys_markdown(app->out);
        return 0;
    }
    if (argc == 1 && !strcmp(argv[0], "keys-roff")) {
        app_action_print_keys_roff(app->out);
        return 0;
    }
    if (argc == 0) {
        app_action_print_usage(app->out);
        return 0;
    }
    int used = 0;
    const struct action *a = app_action_find(argc, argv, &used);
    if (!a || used != argc)
        return out_usage(app, "No command called \"%.100s\"", argv[0]);
    fprintf(app->out, "bento-console %s%s%s\n  %s\n", a->command, a->args[0] ? " " : "", a->args,
            a->summary);
    bool console = a->flags & ACTION_CONSOLE;
    const char *args = console ? a->console_args : "";
    if (a->key && console)
        fprintf(app->out, "  In the console: key %s, or :%s%s%s\n", a->key, a->command,
                args[0] ? " " : "", args);
    else if (console)
        fprintf(app->out, "  In the console: :%s%s%s\n", a->command, args[0] ? " " : "", args);
    if (!(a->flags & ACTION_CLI))
        fputs("  Only available in the console.\n", app->out);
    return 0;
}
