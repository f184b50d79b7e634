/* Profile files: private reads (refusing files others can read, as ssh
 * does) and atomic writes (temp file, fsync, rename) so a crash never
 * leaves a half-written file with keys in it. */
#include "profile_store.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FILE_MAX (1024 * 1024)

static const char *home_dir(void)
{
    const char *home = getenv("HOME");
    if (home && *home)
        return home;
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

static char *join3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s/%s", a, b, c);
    return out;
}

char *bento_pstore_xdg_path(const char *env_var, const char *fallback, const char *rest)
{
    const char *base = getenv(env_var);
    /* the XDG spec says to ignore relative values */
    if (base && base[0] == '/') {
        size_t n = strlen(base) + strlen(rest) + 2;
        char *out = malloc(n);
        if (out)
            snprintf(out, n, "%s/%s", base, rest);
        return out;
    }
    const char *home = home_dir();
    return home ? join3(home, fallback, rest) : NULL;
}

void bento_pstore_tilde(const char *path, char *out, size_t size)
{
    const char *home = getenv("HOME");
    size_t n = home ? strlen(home) : 0;
    if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/')
        snprintf(out, size, "~%s", path + n);
    else
        snprintf(out, size, "%s", path);
}

static int check_private(const char *shown, const struct stat *st, struct bento_error *err)
{
    if (st->st_uid != getuid()) {
        bento_error_set(err, BENTO_E_CONFIG, "%s belongs to another user; refusing to use it",
                        shown);
        return -1;
    }
    if (st->st_mode & 077) {
        bento_error_set(err, BENTO_E_CONFIG, "%s is readable by other users; run: chmod 600 %s",
                        shown, shown);
        return -1;
    }
    return 0;
}

static char *read_all(int fd, size_t size)
{
    char *buf = malloc(size + 1);
    size_t got = 0;
    if (!buf)
        return NULL;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    buf[got] = '\0';
    return buf;
}

static int parse_text(const char *shown, char *text, cJSON **root, struct bento_error *err)
{
    *root = cJSON_Parse(text);
    explicit_bzero(text, strlen(text));
    if (!*root || !cJSON_IsObject(*root)) {
        bento_pstore_wipe_delete(*root);
        *root = NULL;
        bento_error_set(err, BENTO_E_CONFIG, "%s is not valid JSON; fix it or move it away", shown);
        return -1;
    }
    return 0;
}

int bento_pstore_open_own(const char *path, const char *shown, struct stat *st,
                          struct bento_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT)
        return -2;
    if (fd < 0 && errno == ELOOP) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s is a symbolic link; refusing to follow it: put the file itself there",
                        shown);
        return -1;
    }
    if (fd < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %s: %s", shown, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s is not a regular file; refusing to read it: move it away", shown);
    } else if (st->st_uid != getuid()) {
        bento_error_set(err, BENTO_E_CONFIG, "%s belongs to another user; refusing to use it",
                        shown);
    } else {
        return fd;
    }
    close(fd);
    return -1;
}

static int open_for_read(const char *path, const char *shown, bool private_file, struct stat *st,
                         struct bento_error *err)
{
    if (private_file)
        return bento_pstore_open_own(path, shown, st, err);
    /* O_NONBLOCK: a FIFO planted there would block open() itself */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return -2;
        bento_error_set(err, BENTO_E_IO, "Cannot read %s: %s", shown, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s is not a regular file; refusing to read it: move it away", shown);
        close(fd);
        return -1;
    }
    return fd;
}

int bento_pstore_read(const char *path, bool private_file, cJSON **root, struct bento_error *err)
{
    char shown[200];
    struct stat st;
    int rc = -1;
    char *text;

    *root = NULL;
    bento_pstore_tilde(path, shown, sizeof shown);
    int fd = open_for_read(path, shown, private_file, &st, err);
    if (fd < 0)
        return fd == -2 ? 0 : -1;
    if (private_file && check_private(shown, &st, err) != 0) {
        /* message set */
    } else if (st.st_size > FILE_MAX) {
        bento_error_set(err, BENTO_E_CONFIG, "%s is too large to be a profile file", shown);
    } else if (!(text = read_all(fd, (size_t)st.st_size))) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading %s", shown);
    } else {
        rc = parse_text(shown, text, root, err);
        free(text);
    }
    close(fd);
    return rc;
}

/* mkdir -p with 0700 for every directory it creates. */
static int make_dirs(char *dir)
{
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(dir, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* Write text to a fresh 0600 file next to path, then rename it over. */
static int replace_file(const char *path, const char *dir, const char *text)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    int fd, rc = -1, saved;

    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.tmp-XXXXXX", path);
    /* mkstemp opens with O_CREAT|O_EXCL and mode 0600 */
    fd = mkstemp(tmp);
    if (fd >= 0) {
        if (fchmod(fd, 0600) == 0 && bento_fd_write_all(fd, text, strlen(text)) == 0 &&
            bento_fd_write_all(fd, "\n", 1) == 0 && fsync(fd) == 0)
            rc = 0;
        if (close(fd) != 0)
            rc = -1;
        if (rc == 0 && rename(tmp, path) != 0)
            rc = -1;
        saved = errno;
        if (rc != 0)
            unlink(tmp);
        else
            bento_dir_sync(dir);
        errno = saved;
    }
    free(tmp);
    return rc;
}

/* Refuse to replace what is not ours: a link at path (the rename would
 * drop it silently, and a later reader might follow a new one), another
 * user's file, or a directory someone else controls. 0 or -1 with err. */
static int check_target(const char *path, const char *dir, const char *shown,
                        struct bento_error *err)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s is a symbolic link; refusing to overwrite it: remove the link", shown);
        return -1;
    }
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s is not a regular file; refusing to replace it: move it away", shown);
        return -1;
    }
    if (lstat(path, &st) == 0 && st.st_uid != getuid()) {
        bento_error_set(err, BENTO_E_CONFIG, "%s belongs to another user; refusing to replace it",
                        shown);
        return -1;
    }
    if (stat(dir, &st) == 0 && (st.st_uid != getuid() || (st.st_mode & 022))) {
        char where[200];
        bento_pstore_tilde(dir, where, sizeof where);
        bento_error_set(
            err, BENTO_E_CONFIG, "%s is %s; refusing to write %s there: run chmod 700 %s", where,
            st.st_uid != getuid() ? "owned by another user" : "writable by others", shown, where);
        return -1;
    }
    return 0;
}

int bento_pstore_write(const char *path, const cJSON *root, struct bento_error *err)
{
    char shown[200];
    char *dir_buf = strdup(path), *text = cJSON_Print(root);
    int rc = -1;

    bento_pstore_tilde(path, shown, sizeof shown);
    if (!dir_buf || !text) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory writing %s", shown);
    } else {
        char *dir = dirname(dir_buf);
        if (make_dirs(dir) != 0)
            bento_error_set(err, BENTO_E_IO, "Cannot create the directory for %s: %s", shown,
                            strerror(errno));
        else if (check_target(path, dir, shown, err) != 0)
            ; /* message set */
        else if (replace_file(path, dir, text) != 0)
            bento_error_set(err, BENTO_E_IO, "Cannot write %s: %s", shown, strerror(errno));
        else
            rc = 0;
    }
    if (text) {
        explicit_bzero(text, strlen(text));
        free(text);
    }
    free(dir_buf);
    return rc;
}

static void wipe_tree(cJSON *item)
{
    for (; item; item = item->next) {
        if (cJSON_IsString(item) && item->valuestring)
            explicit_bzero(item->valuestring, strlen(item->valuestring));
        wipe_tree(item->child);
    }
}

void bento_pstore_wipe_delete(cJSON *root)
{
    if (!root)
        return;
    wipe_tree(root);
    cJSON_Delete(root);
}

int bento_pstore_set_string(cJSON *obj, const char *key, const char *value)
{
    cJSON *old = cJSON_DetachItemFromObjectCaseSensitive(obj, key);
    bento_pstore_wipe_delete(old);
    if (!value || !*value)
        return 0;
    return cJSON_AddStringToObject(obj, key, value) ? 0 : -1;
}

int bento_pstore_make_dirs(char *dir)
{
    return make_dirs(dir);
}

/* Try the lock for up to LOCK_WAIT_MS: another console holds it only for
 * one load-merge-save, so a longer wait means it is stuck. */
#define LOCK_WAIT_MS 3000

static int take_lock(int fd)
{
    struct timespec pause = {0, 10 * 1000 * 1000};
    for (int waited = 0; waited < LOCK_WAIT_MS; waited += 10) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return 0;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return -1;
        nanosleep(&pause, NULL);
    }
    errno = EWOULDBLOCK;
    return -1;
}

/* Open (creating) the lock file and take the lock; -1 with err set. */
static int lock_file(const char *lock, const char *shown, struct bento_error *err)
{
    struct stat st;
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    if (fd < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot lock %s: %s", shown,
                        errno == ELOOP ? "its .lock file is a symbolic link; remove it"
                                       : strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid())
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot lock %s: its .lock file is not a regular file of yours; remove it",
                        shown);
    else if (take_lock(fd) != 0)
        bento_error_set(err, BENTO_E_IO,
                        "%s is locked by another bento-console for over %d s; close it and try "
                        "again",
                        shown, LOCK_WAIT_MS / 1000);
    else
        return fd;
    close(fd);
    return -1;
}

int bento_pstore_lock(const char *path, struct bento_error *err)
{
    char shown[200];
    size_t n = strlen(path) + 6;
    char *lock = malloc(n), *dir_buf = strdup(path);
    int fd = -1;

    bento_pstore_tilde(path, shown, sizeof shown);
    if (!lock || !dir_buf) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory locking %s", shown);
    } else if (make_dirs(dirname(dir_buf)) != 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot create the directory for %s: %s", shown,
                        strerror(errno));
    } else {
        snprintf(lock, n, "%s.lock", path);
        fd = lock_file(lock, shown, err);
    }
    free(lock);
    free(dir_buf);
    return fd;
}

void bento_pstore_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* closing the last descriptor releases the flock */
}
