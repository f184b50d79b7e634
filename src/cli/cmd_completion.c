/* `completion bash|zsh|fish` prints the script a shell sources; the
 * script runs `completion complete -- WORDS...` on each Tab, which prints
 * the candidates (src/app/completion.c). Neither reads a key nor calls
 * Bento: the row runs without a profile. */
#include <string.h>

#include "app/app.h"
#include "app/completion.h"
#include "cli/commands.h"
#include "cli/output.h"

int cli_completion(struct app *app, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[0], "complete") && !strcmp(argv[1], "--")) {
        app_complete(app->out, argc - 2, argv + 2);
        return 0;
    }
    const char *script = argc == 1 ? app_completion_script(argv[0]) : NULL;
    if (!script)
        return out_usage(app, "Usage: bento-console completion bash|zsh|fish (the shell to "
                              "complete for)");
    fputs(script, app->out);
    return 0;
}
