#include "runproc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bento/sim.h"

struct buf {
    char *data;
    size_t len;
};

static int append(struct buf *b, const char *src, size_t n)
{
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return -1;
    memcpy(grown + b->len, src, n);
    b->len += n;
    grown[b->len] = '\0';
    b->data = grown;
    return 0;
}

/* Valgrind's words before the program: memcheck, a log file per process
 * in $BENTO_TEST_VALGRIND (read by scripts/test), the suite's suppressions
 * ($BENTO_TEST_VALGRIND_SUPP, tests/valgrind.supp), exit 99 on any error. */
static size_t valgrind_words(const char **out, char *logopt, size_t logcap, char *suppopt,
                             size_t suppcap)
{
    const char *dir = getenv("BENTO_TEST_VALGRIND");
    const char *bin = getenv("BENTO_TEST_VALGRIND_BIN");
    const char *supp = getenv("BENTO_TEST_VALGRIND_SUPP");
    if (!dir || !*dir || !bin || !*bin)
        return 0;
    snprintf(logopt, logcap, "--log-file=%s/console.%%p.log", dir);
    size_t n = 0;
    out[n++] = bin;
    out[n++] = "--quiet";
    out[n++] = "--error-exitcode=99";
    out[n++] = "--leak-check=full";
    if (supp && *supp) {
        snprintf(suppopt, suppcap, "--suppressions=%s", supp);
        out[n++] = suppopt;
    }
    out[n++] = "--errors-for-leak-kinds=definite,indirect";
    out[n++] = "--show-leak-kinds=definite,indirect";
    out[n++] = logopt;
    return n;
}

void runproc_exec(const char *const *argv)
{
    const char *words[64];
    char logopt[400], suppopt[1100];
    size_t n = 0;
    if (!strcmp(argv[0], BENTO_CONSOLE_BIN))
        n = valgrind_words(words, logopt, sizeof logopt, suppopt, sizeof suppopt);
    for (size_t i = 0; argv[i] && n < 63; i++)
        words[n++] = argv[i];
    words[n] = NULL;
    execv(words[0], (char *const *)words);
}

static void child(const char *const *argv, const char *const *env, int in, int out, int err)
{
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (size_t i = 0; env && env[i]; i++) {
        if (strchr(env[i], '='))
            putenv((char *)env[i]);
        else
            unsetenv(env[i]); /* a bare name removes the variable */
    }
    runproc_exec(argv);
    _exit(127);
}

/* Drain both pipes until the child closes them. */
static void collect(int out_fd, int err_fd, struct buf *out, struct buf *err)
{
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    struct buf *bufs[2] = {out, err};
    int open_fds = 2;
    char chunk[8192];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !fds[i].revents)
                continue;
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            if (n > 0) {
                append(bufs[i], chunk, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
}

static void feed(int fd, const char *input)
{
    size_t len = input ? strlen(input) : 0;
    while (len > 0) {
        ssize_t n = write(fd, input, len);
        if (n <= 0)
            break;
        input += n;
        len -= (size_t)n;
    }
    close(fd);
}

int runproc(const char *const *argv, const char *const *env, const char *input, struct runproc *r)
{
    int in[2], out[2], err[2];
    memset(r, 0, sizeof *r);
    if (pipe(in) || pipe(out) || pipe(err))
        return -1;
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(in[1]);
        close(out[0]);
        close(err[0]);
        child(argv, env, in[0], out[1], err[1]);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    feed(in[1], input);
    struct buf o = {0}, e = {0};
    append(&o, "", 0);
    append(&e, "", 0);
    collect(out[0], err[0], &o, &e);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r->out = o.data;
    r->err = e.data;
    return 0;
}

void runproc_free(struct runproc *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

const char *const *runproc_console_env(const char *base_url, const char *dir)
{
    static char vars[8][600];
    static const char *env[9];
    snprintf(vars[0], sizeof vars[0], "BENTO_API_BASE_URL=%s", base_url);
    snprintf(vars[1], sizeof vars[1], "BENTO_PUBLISHABLE_KEY=%s", BENTO_SIM_DEMO_PUBLISHABLE);
    snprintf(vars[2], sizeof vars[2], "BENTO_SECRET_KEY=%s", BENTO_TEST_SECRET);
    snprintf(vars[3], sizeof vars[3], "BENTO_SITE_UUID=%s", BENTO_SIM_DEMO_SITE);
    snprintf(vars[4], sizeof vars[4], "HOME=%s", dir);
    snprintf(vars[5], sizeof vars[5], "XDG_CONFIG_HOME=%s/config", dir);
    snprintf(vars[6], sizeof vars[6], "XDG_STATE_HOME=%s/state", dir);
    snprintf(vars[7], sizeof vars[7], "XDG_DATA_HOME=%s/data", dir);
    for (int i = 0; i < 8; i++)
        env[i] = vars[i];
    env[8] = NULL;
    return env;
}

int runproc_console(const char *base_url, const char *dir, const char *const *extra_env,
                    const char *const *words, struct runproc *r)
{
    const char *argv[40] = {BENTO_CONSOLE_BIN};
    int n = 1;
    for (; words && words[n - 1] && n < 39; n++)
        argv[n] = words[n - 1];
    argv[n] = NULL;
    const char *env[40];
    const char *const *base = runproc_console_env(base_url, dir);
    int e = 0;
    for (; base[e]; e++)
        env[e] = base[e];
    for (int i = 0; extra_env && extra_env[i] && e < 39; i++)
        env[e++] = extra_env[i];
    env[e] = NULL;
    return runproc(argv, env, NULL, r);
}

int runproc_console_spawn(const char *base_url, const char *dir, const char *const *words)
{
    const char *const *env = runproc_console_env(base_url, dir);
    const char *argv[32] = {BENTO_CONSOLE_BIN};
    int n = 1;
    for (; words[n - 1] && n < 31; n++)
        argv[n] = words[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    for (int i = 0; env[i]; i++)
        putenv((char *)env[i]);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    runproc_exec(argv);
    _exit(127);
}

int runproc_kill9(int pid)
{
    int status;
    if (kill(pid, SIGKILL) != 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : -1;
}
