#include <stdbool.h>
#include <string.h>

#include "app/actions.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"

/* `help`, `help COMMAND`, and the generators behind docs/KEYS.md and the
 * man page (`help keys-markdown`, `help keys-roff`, `help commands-roff`). */
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
    if (argc == 1 && !strcmp(argv[0], "commands-roff")) {
        app_action_print_commands_roff(app->out);
        return 0;
    }
    if (argc == 0) {
        app_action_print_usage(app->out);
        return 0;
    }
    return cli_help_command(app, argc, argv);
}

/* Help for the words of one command, or for a group ("help tags"). */
int cli_help_command(struct app *app, int argc, char **argv)
{
    int used = 0;
    const struct action *a = app_action_find(argc, argv, &used);
    char line[512];
    if (a && used == argc && !(a->flags & ACTION_HIDDEN)) {
        app_action_print_command(app->out, a);
        return 0;
    }
    if (argc == 1 && app_action_group(argv[0], ACTION_CLI | ACTION_CONSOLE, line, sizeof line)) {
        fprintf(app->out, "%s\n", line);
        for (size_t i = 0; i < bento_action_count; i++) {
            const struct action *sub = &bento_actions[i];
            size_t len = strlen(argv[0]);
            if (!strncmp(sub->command, argv[0], len) && sub->command[len] == ' ' &&
                !(sub->flags & (ACTION_HIDDEN | ACTION_KEY_DOC)))
                fprintf(app->out, "  %s %s\n", sub->command, sub->args);
        }
        fprintf(app->out, "Run bento-console help %s COMMAND for one of them.\n", argv[0]);
        return 0;
    }
    app_action_unknown(argc, argv, ACTION_CLI | ACTION_CONSOLE, "run bento-console help", line,
                       sizeof line);
    return out_usage(app, "%s", line);
}
