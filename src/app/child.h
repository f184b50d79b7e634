/* Starting another program ($EDITOR, diff): it gets the user's
 * environment, but not the API keys nor any descriptor of ours (the live
 * API connection, wake-up fds, open files). The command line and the
 * console share these. */
#ifndef BENTO_APP_CHILD_H
#define BENTO_APP_CHILD_H

#include <sys/types.h>

/* environ without the credentials (a borrowed copy: free only the array). */
char **app_child_env(void);

/* Mark every descriptor above 2 close-on-exec. */
void app_child_cloexec_all(void);

/* fork and run `sh -c cmd sh arg` with app_child_env(); the pid, or -1. */
pid_t app_child_spawn_sh(const char *cmd, const char *arg);

/* Run `editor path` through the shell (so "code -w" works) and wait for
 * it, Ctrl-C belonging to the editor meanwhile. Its wait status, or -1. */
int app_child_run_editor(const char *editor, const char *path);

#endif
