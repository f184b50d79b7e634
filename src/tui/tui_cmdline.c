/* The `:` line: its words split as a shell would, found in the action
 * table and run with the rest as arguments. */
#include <stdio.h>

#include "app/actions.h"
#include "tui/tui.h"

/* Why a command of the command line does not run on the `:` line (it is
 * neither completed nor in ? help); others say where they work. */
static const char *const not_here[ACTION_ID_COUNT] = {
    [ACT_SUBSCRIBERS_CACHED] = "the Subscribers pane (2) lists the cache; for its CSV run "
                               "bento-console subscribers cached --csv in a shell",
    [ACT_EMAILS_SEND] = "the Compose pane (3) writes and sends email: s reviews it, y sends",
    [ACT_EMAILS_TEST] = "the Compose pane (3) sends the test: t there",
    [ACT_PROFILE_ADD] = "it reads the secret key hidden on the terminal the console is drawing "
                        "on; run bento-console profile add NAME in a shell",
    [ACT_PROFILE_REMOVE] = "it deletes keys the console may be using; run bento-console "
                           "profile remove NAME in a shell",
    [ACT_PROFILE_TEST_ADDRESS] = "the Compose pane's t asks for the test address and keeps it; "
                                 "bento-console profile test-address ADDR changes it",
};

static void refuse(struct tui *ui, const struct action *a)
{
    if (not_here[a->id])
        tui_flash(ui, true, "! :%s is not in the console: %s", a->command, not_here[a->id]);
    else
        tui_flash(ui, true, "! \"%s\" works in a shell: bento-console %s", a->command, a->command);
}

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
        refuse(ui, a);
    } else if (!(a->flags & (ACTION_OPTIONS | ACTION_TUI_ARGS)) &&
               (n - used < a->min_args || n - used > a->max_args)) {
        tui_flash(ui, true, "! Usage: :%s %s", a->command, a->console_args);
    } else {
        tui_handlers[a->id](ui, n - used, words + used);
    }
    app_action_words_free(words, n);
}
