/* Starting a program from the console ($EDITOR): the app layer's
 * src/app/child.c, which the command line shares. */
#include "tui/tui.h"

#include "app/child.h"

char **tui_child_env(void)
{
    return app_child_env();
}

void tui_child_cloexec_all(void)
{
    app_child_cloexec_all();
}

pid_t tui_child_spawn_sh(const char *cmd, const char *arg)
{
    return app_child_spawn_sh(cmd, arg);
}
