/* The exported tree on disk (app/export_tree.h): every path is walked
 * from DIR one folder at a time with O_NOFOLLOW, so a link planted in
 * the tree can neither redirect a write nor be read through; each file
 * is written to a temporary file beside it and renamed over the old. */
#include "app/export_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/file_text.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static const char *const tops[] = {"sequences", "workflows", "broadcasts"};

static int fail(struct bento_error *err, const char *dir, const char *rel, const char *what, int e)
{
    const char *why = e == ELOOP || e == ENOTDIR ? "it is a link or not a folder (refused)"
                                                 : strerror(e);
    bento_error_set(err, e == ENOMEM ? BENTO_E_NOMEM : BENTO_E_IO, "Cannot %s %.200s/%.200s: %s",
                    what, dir, rel, why);
    return -1;
}

/* The folder holding rel (made when create), and *base its last part. */
static int open_parent(int root, const char *rel, bool create, const char **base)
{
    int fd = dup(root);
    const char *p = rel, *slash;
    char part[256];
    while (fd >= 0 && (slash = strchr(p, '/'))) {
        size_t n = (size_t)(slash - p);
        if (n == 0 || n >= sizeof part)
            return close(fd), errno = EINVAL, -1;
        memcpy(part, p, n);
        part[n] = '\0';
        if (create && mkdirat(fd, part, 0755) < 0 && errno != EEXIST)
            return close(fd), -1;
        int next = openat(fd, part, DIR_FLAGS);
        close(fd);
        fd = next;
        p = slash + 1;
    }
    *base = p;
    return fd;
}

/* A plain file of the tree, opened without waiting: a named pipe left
 * there would hold the open (and the command) forever. -1 with errno
 * set, or -2 when it is something other than a plain file. */
static int open_plain(int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -2;
    }
    return fd;
}

/* Whether the file there already holds exactly these bytes. */
static bool same_bytes(int dir, const char *base, const struct app_export_file *f)
{
    int fd = open_plain(dir, base);
    if (fd < 0)
        return false;
    struct bento_error err;
    size_t len = 0;
    char *old = app_file_text_fd(fd, base, f->len, &len, &err);
    bool same = old && len == f->len && !memcmp(old, f->data, len);
    free(old);
    return same;
}

static int write_one(int root, const struct app_export_file *f)
{
    const char *base;
    int dir = open_parent(root, f->rel, true, &base);
    if (dir < 0)
        return -1;
    if (same_bytes(dir, base, f))
        return close(dir), 0;
    char tmp[300];
    snprintf(tmp, sizeof tmp, ".%.200s.tmp-%ld", base, (long)getpid());
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    int rc = fd < 0 ? -1 : 0;
    for (size_t done = 0; rc == 0 && done < f->len;) {
        ssize_t n = write(fd, f->data + done, f->len - done);
        if (n < 0 && errno != EINTR)
            rc = -1;
        done += n > 0 ? (size_t)n : 0;
    }
    if (fd >= 0 && close(fd) < 0)
        rc = -1;
    if (rc == 0 && renameat(dir, tmp, dir, base) < 0) /* replaces a link, never follows it */
        rc = -1;
    int saved = errno;
    if (rc < 0 && fd >= 0)
        unlinkat(dir, tmp, 0);
    close(dir);
    errno = saved;
    return rc;
}

static bool ours(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 &&
           (!strcmp(name + n - 5, ".html") || !strcmp(name + n - 5, ".json"));
}

/* Calls each(ctx, folder fd, rel) for every regular file of ours two
 * levels under a top folder; links are left alone (write) or refused
 * (read, through each). */
typedef int (*each_file)(void *ctx, int dir, const char *name, const char *rel);

static int walk_folder(int top, const char *topname, const char *sub, bool tidy, each_file each,
                       void *ctx)
{
    int fd = openat(top, sub, DIR_FLAGS);
    if (fd < 0)
        return errno == ELOOP || errno == ENOTDIR ? 0 : -1;
    DIR *d = fdopendir(fd);
    if (!d)
        return close(fd), -1;
    struct dirent *e;
    int rc = 0;
    char rel[600];
    while (rc == 0 && (e = readdir(d))) {
        if (!ours(e->d_name))
            continue;
        snprintf(rel, sizeof rel, "%s/%s/%s", topname, sub, e->d_name);
        rc = each(ctx, dirfd(d), e->d_name, rel);
    }
    closedir(d);
    if (rc == 0 && tidy)
        unlinkat(top, sub, AT_REMOVEDIR); /* only when empty: keeps anything of the user's */
    return rc;
}

static int walk(int root, bool tidy, each_file each, void *ctx)
{
    for (size_t i = 0; i < sizeof tops / sizeof *tops; i++) {
        int fd = openat(root, tops[i], DIR_FLAGS);
        if (fd < 0 && errno == ENOENT)
            continue;
        if (fd < 0)
            return -1;
        DIR *d = fdopendir(fd);
        if (!d)
            return close(fd), -1;
        struct dirent *e;
        int rc = 0;
        while (rc == 0 && (e = readdir(d)))
            if (e->d_name[0] != '.')
                rc = walk_folder(dirfd(d), tops[i], e->d_name, tidy, each, ctx);
        closedir(d);
        if (rc)
            return rc;
    }
    return 0;
}

struct prune {
    const struct app_export_tree *t;
    size_t removed;
};

static int prune_one(void *ctx, int dir, const char *name, const char *rel)
{
    struct prune *p = ctx;
    struct stat st;
    if (app_export_find(p->t, rel) || fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
        !S_ISREG(st.st_mode))
        return 0;
    if (unlinkat(dir, name, 0) == 0)
        p->removed++;
    return 0;
}

int app_export_write(const char *dir, const struct app_export_tree *t, size_t *removed,
                     struct bento_error *err)
{
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return fail(err, dir, "", "make", errno);
    int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        return fail(err, dir, "", "open", errno);
    for (size_t i = 0; i < t->count; i++) {
        if (write_one(root, &t->items[i]) < 0) {
            int e = errno;
            close(root);
            return fail(err, dir, t->items[i].rel, "write", e);
        }
    }
    struct prune p = {t, 0};
    int rc = walk(root, true, prune_one, &p);
    int e = errno;
    close(root);
    *removed = p.removed;
    return rc < 0 ? fail(err, dir, "", "clean up old files in", e) : 0;
}

struct reading {
    struct app_export_tree *t;
    const char *dir;
    struct bento_error *err;
    bool failed;
};

/* One file, refused when it is a link: the tree holds plain files. */
static int read_one(void *ctx, int dir, const char *name, const char *rel)
{
    struct reading *r = ctx;
    int fd = open_plain(dir, name);
    if (fd == -2) {
        r->failed = true;
        bento_error_set(r->err, BENTO_E_IO,
                        "Cannot read %.200s/%.200s: it is not a plain file (refused)", r->dir, rel);
        return -1;
    }
    if (fd < 0) {
        r->failed = true;
        return fail(r->err, r->dir, rel, "read", errno);
    }
    size_t len = 0;
    char *text = app_file_text_fd(fd, rel, APP_FILE_TEXT_MAX, &len, r->err);
    int rc = text ? app_export_add(r->t, rel, text, len) : -1;
    if (text && rc < 0)
        bento_error_set(r->err, BENTO_E_NOMEM, "Out of memory reading %.200s", r->dir);
    free(text);
    r->failed = rc < 0;
    return rc;
}

int app_export_read(const char *dir, struct app_export_tree *t, struct bento_error *err)
{
    memset(t, 0, sizeof *t);
    int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        return fail(err, dir, "", "read", errno);
    struct reading r = {t, dir, err, false};
    static const char *const lists[] = {"tags.csv", "fields.csv"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 2; i++) {
        struct stat st;
        if (fstatat(root, lists[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            rc = read_one(&r, root, lists[i], lists[i]);
    }
    int e = 0;
    if (rc == 0) {
        rc = walk(root, false, read_one, &r);
        e = errno;
    }
    close(root);
    if (rc < 0 && !r.failed)
        fail(err, dir, "", "read", e);
    if (rc < 0)
        app_export_tree_free(t);
    else
        app_export_sort(t);
    return rc < 0 ? -1 : 0;
}
