/* Starting a program from bento-console (child.h). */
#define _GNU_SOURCE
#include "app/child.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The credentials: the secret key and the two values that go with it. */
static const char *const secret_env[] = {
    "BENTO_SECRET_KEY=", "BENTO_PUBLISHABLE_KEY=", "BENTO_SITE_UUID=", NULL};

static bool secret(const char *entry)
{
    for (size_t i = 0; secret_env[i]; i++)
        if (!strncmp(entry, secret_env[i], strlen(secret_env[i])))
            return true;
    return false;
}

char **app_child_env(void)
{
    size_t n = 0, kept = 0;
    while (environ && environ[n])
        n++;
    char **env = calloc(n + 1, sizeof *env);
    for (size_t i = 0; env && i < n; i++)
        if (!secret(environ[i]))
            env[kept++] = environ[i];
    return env;
}

/* Descriptors libraries open for us without O_CLOEXEC (libcurl's wake-up
 * socketpair, a terminal library's dup of /dev/null) are marked too, so
 * no exec from this process inherits them. */
void app_child_cloexec_all(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && atoi(e->d_name) > 2)
            fcntl(atoi(e->d_name), F_SETFD, FD_CLOEXEC);
    closedir(d);
}

pid_t app_child_spawn_sh(const char *cmd, const char *arg)
{
    char **env = app_child_env(); /* built before fork: the child only execs */
    if (!env)
        return -1;
    app_child_cloexec_all();
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        close_range(3, ~0U, 0); /* belt and braces over O_CLOEXEC */
        char *const argv[] = {"sh", "-c", (char *)cmd, "sh", (char *)arg, NULL};
        execve("/bin/sh", argv, env);
        _exit(127);
    }
    free(env);
    return pid;
}

int app_child_run_editor(const char *editor, const char *path)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "%s \"$1\"", editor);
    struct sigaction ign, old_int, old_quit;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    pid_t pid = app_child_spawn_sh(cmd, path);
    int status = -1;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    return pid < 0 ? -1 : status;
}
