/* The `:` line: its words split as a shell would, found in the action
 * table and run with the rest as arguments. */
#include <stdio.h>

#include "app/actions.h"
#include "tui/tui.h"

void tui_run_command_line(struct tui *ui, const char *line)
{
    char **words = NULL;
    int n = app_action_split(line, &words), used = 0;
    if (n > 0 && !words[0])
        n = 0; /* app_action_split reports a blank line as one NULL word */
    if (n < 0) {
        tui_flash(ui, true, "! Unbalanced quote in \"%.100s\"", line);
        return;
    }
    const struct action *a = n ? app_action_find(n, words, &used) : NULL;
    if (n == 0) {
        /* an empty line does nothing */
    } else if (!a) {
        char msg[512];
        app_action_unknown(n, words, ACTION_CONSOLE, "press ? for the list", msg, sizeof msg);
        tui_flash(ui, true, "! %s", msg);
    } else if (!tui_handlers[a->id]) {
        tui_flash(ui, true, "! \"%s\" works in a shell: bento-console %s", a->command, a->command);
    } else if (!(a->flags & (ACTION_OPTIONS | ACTION_TUI_ARGS)) &&
               (n - used < a->min_args || n - used > a->max_args)) {
        tui_flash(ui, true, "! Usage: :%s %s", a->command, a->console_args);
    } else {
        tui_handlers[a->id](ui, n - used, words + used);
    }
    app_action_words_free(words, n);
}
