/* app_text_diff(): both texts go to 0600 files in a private temporary
 * directory, and diff runs as a child with a fixed, minimal environment
 * (no keys, C locale, the system's PATH) and none of our descriptors;
 * its output is read from a pipe. */
#define _GNU_SOURCE
#include "app/text_diff.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/child.h"

struct diff_files {
    char dir[512], a[560], b[560];
};

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return -1;
    size_t len = text ? strlen(text) : 0, off = 0;
    while (off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    return close(fd) == 0 && off == len ? 0 : -1;
}

static int make_files(struct diff_files *f, const char *old_text, const char *new_text)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/bento-diff-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->a, sizeof f->a, "%s/old", f->dir);
    snprintf(f->b, sizeof f->b, "%s/new", f->dir);
    return write_file(f->a, old_text) == 0 && write_file(f->b, new_text) == 0 ? 0 : -1;
}

static void remove_files(const struct diff_files *f)
{
    unlink(f->a);
    unlink(f->b);
    rmdir(f->dir);
}

static pid_t start_diff(const struct diff_files *f, const char *l1, const char *l2, int out_fd)
{
    app_child_cloexec_all();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0)
        _exit(2);
    char *const env[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", NULL};
    char *const argv[] = {"diff",     "-u",         "--label",    (char *)l1, "--label",
                          (char *)l2, (char *)f->a, (char *)f->b, NULL};
    execve("/usr/bin/diff", argv, env);
    execve("/bin/diff", argv, env);
    _exit(127);
}

static char *read_all(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (ssize_t n = 1; buf && n != 0;) {
        if (cap - len < 2) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown)
                break;
            buf = grown;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0)
            len += (size_t)n;
    }
    if (buf)
        buf[len] = '\0';
    return buf;
}

char *app_text_diff(const char *old_label, const char *old_text, const char *new_label,
                    const char *new_text, struct bento_error *err)
{
    struct diff_files f = {0};
    int pipefd[2] = {-1, -1}, status = -1;
    char *out = NULL;
    pid_t pid = -1;
    if (make_files(&f, old_text, new_text) == 0 && pipe2(pipefd, O_CLOEXEC) == 0)
        pid = start_diff(&f, old_label, new_label, pipefd[1]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
    if (pid > 0)
        out = read_all(pipefd[0]);
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    remove_files(&f);
    /* diff exits 0 when the same, 1 when they differ, 2 on trouble */
    if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) <= 1 && out)
        return out;
    free(out);
    bento_error_set(err, BENTO_E_IO,
                    "Cannot show the change: the system's diff did not run (%s); install "
                    "diffutils",
                    pid < 0 ? strerror(errno) : "exit status not 0 or 1");
    return NULL;
}

/* The version as diff sees it: the subject on a line, then the body. */
static char *version_text(const char *subject, const char *html)
{
    size_t n = strlen(subject ? subject : "") + strlen(html ? html : "") + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "Subject: %s\n\n%s", subject ? subject : "", html ? html : "");
    return s;
}

char *app_text_diff_template(const char *id, const char *old_name, const char *old_subject,
                             const char *old_html, const char *new_name, const char *new_subject,
                             const char *new_html, struct bento_error *err)
{
    char l1[160], l2[160];
    snprintf(l1, sizeof l1, "template %.64s (%.64s)", id, old_name);
    snprintf(l2, sizeof l2, "template %.64s (%.64s)", id, new_name);
    char *a = version_text(old_subject, old_html), *b = version_text(new_subject, new_html);
    char *d = NULL;
    if (a && b)
        d = app_text_diff(l1, a, l2, b, err);
    else
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory making the diff");
    free(a);
    free(b);
    return d;
}
