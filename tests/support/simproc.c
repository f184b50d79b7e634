/* Start the real bento-sim binary for a test; see simproc.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "simproc.h"

#define READY_TIMEOUT_MS 60000
#define READY_PREFIX "bento-sim listening on "

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void spawn(const char *journal, const char *const *extra, int outfd)
{
    const char *argv[96] = {BENTO_SIM_BIN, "--listen", "127.0.0.1:0",
                            "--journal",   journal,    "--quiet"};
    int n = 6;
    for (int i = 0; extra && extra[i] && n < 95; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    /* A test that dies on a failed assertion must not leave a sim behind. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    /* The suite's distinctive secret, through the environment as users are
     * told to pass it (tests/secrets/grep.sh looks for it afterwards); a
     * test that sets its own key keeps it. */
    setenv("BENTO_SIM_SECRET_KEY", BENTO_TEST_SECRET, 0);
    dup2(outfd, STDOUT_FILENO);
    execv(BENTO_SIM_BIN, (char *const *)argv);
    fprintf(stderr, "simproc: cannot run %s: %s\n", BENTO_SIM_BIN, strerror(errno));
    _exit(127);
}

/* Read the child's stdout until the listening line; returns the port. */
static int wait_ready(int fd, char *url, size_t urllen)
{
    char buf[512];
    size_t len = 0;
    int64_t deadline = now_ms() + READY_TIMEOUT_MS;
    while (len < sizeof buf - 1) {
        int left = (int)(deadline - now_ms());
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, left) <= 0)
            return -1;
        ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
        if (r <= 0)
            return -1;
        len += (size_t)r;
        buf[len] = '\0';
        char *nl = strchr(buf, '\n');
        if (!nl)
            continue;
        *nl = '\0';
        char *u = strstr(buf, READY_PREFIX);
        if (!u)
            return -1;
        u += strlen(READY_PREFIX);
        snprintf(url, urllen, "%s", u);
        char *colon = strrchr(u, ':');
        return colon ? atoi(colon + 1) : -1;
    }
    return -1;
}

/* The running sim's argument list as the system shows it, for the
 * suite-wide secret grep. */
static void keep_cmdline(const struct simproc *sp)
{
    char from[64], to[300], buf[4096];
    snprintf(from, sizeof from, "/proc/%d/cmdline", (int)sp->pid);
    snprintf(to, sizeof to, "%s/sim.cmdline", sp->dir);
    FILE *in = fopen(from, "r"), *out = in ? fopen(to, "w") : NULL;
    size_t n;
    while (out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (out)
        fclose(out);
    if (in)
        fclose(in);
}

/* BENTO_TEST_KEEP_TMP (set by ctest): leave what the test wrote for the
 * secret grep that runs last (tests/secrets/grep.sh). */
static bool keep_tmp(void)
{
    const char *v = getenv("BENTO_TEST_KEEP_TMP");
    return v && *v && strcmp(v, "0") != 0;
}

int simproc_start(struct simproc *sp, const char *const *extra_args)
{
    memset(sp, 0, sizeof *sp);
    sp->pid = -1;
    snprintf(sp->dir, sizeof sp->dir, "%s/bento-simproc-XXXXXX",
             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(sp->dir)) {
        fprintf(stderr, "simproc: mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    snprintf(sp->journal_path, sizeof sp->journal_path, "%s/journal.jsonl", sp->dir);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    fflush(NULL);
    sp->pid = fork();
    if (sp->pid == 0)
        spawn(sp->journal_path, extra_args, fds[1]);
    close(fds[1]);
    if (sp->pid < 0) {
        close(fds[0]);
        return -1;
    }
    sp->port = wait_ready(fds[0], sp->base_url, sizeof sp->base_url);
    close(fds[0]);
    keep_cmdline(sp);
    if (sp->port <= 0) {
        fprintf(stderr, "simproc: bento-sim did not start\n");
        simproc_stop(sp);
        return -1;
    }
    return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    remove(path);
    return 0;
}

void simproc_stop(struct simproc *sp)
{
    if (sp->pid > 0) {
        kill(sp->pid, SIGTERM);
        while (waitpid(sp->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        sp->pid = -1;
    }
    if (sp->dir[0]) {
        if (!keep_tmp())
            nftw(sp->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        sp->dir[0] = '\0';
    }
}

cJSON *simproc_journal(const struct simproc *sp)
{
    cJSON *arr = cJSON_CreateArray();
    FILE *f = fopen(sp->journal_path, "r");
    if (!f)
        return arr;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            break; /* a line still being written */
        cJSON *e = cJSON_Parse(line);
        if (e)
            cJSON_AddItemToArray(arr, e);
    }
    free(line);
    fclose(f);
    return arr;
}

int simproc_journal_count(const struct simproc *sp, const char *method, const char *path_glob)
{
    cJSON *arr = simproc_journal(sp);
    int count = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (!m || !p || (method && strcmp(method, m) != 0))
            continue;
        if (fnmatch(path_glob, p, 0) == 0)
            count++;
    }
    cJSON_Delete(arr);
    return count;
}

static bool journal_has(const struct simproc *sp, const char *key)
{
    cJSON *all = simproc_journal(sp), *e;
    bool found = false;
    cJSON_ArrayForEach(e, all)
        found = found || cJSON_GetObjectItem(e, key);
    cJSON_Delete(all);
    return found;
}

int simproc_journal_wait(const struct simproc *sp, const char *key, int timeout_ms)
{
    /* the journal is a file the simulator appends to: nothing to poll() on */
    for (int waited = 0; !journal_has(sp, key); waited += 5) {
        if (waited >= timeout_ms)
            return -1;
        struct timespec ts = {0, 5 * 1000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}
