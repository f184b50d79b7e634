/* bento-console: a terminal admin console for the Bento email platform.
 * Copyright the bento-console authors; GPL-3.0-or-later (see COPYING).
 *
 * Chooses the front end: a command runs on the command line (src/cli/),
 * no command opens the full-screen console (src/tui/). */
#include <locale.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/process_guard.h"
#include "cli/cli.h"
#include "tui/tui_commands.h"

int main(int argc, char **argv)
{
    struct app app;
    app_process_guard(); /* before any key is read */
    app_init(&app);
    setlocale(LC_ALL, "");
    char **words = calloc((size_t)argc + 1, sizeof *words);
    int count = 0;
    int rc = words ? cli_parse_options(&app, argc, argv, words, &count) : 1;
    if (rc < 0 && count > 0)
        rc = cli_run(&app, count, words);
    else if (rc < 0 && (rc = cli_console_ready(&app)) < 0)
        rc = tui_run(&app);
    free(words);
    app_free(&app);
    return rc;
}
