#include "app/tag_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bento/model.h"
#include "bento/profile.h"
#include "bento/sanitize.h"

/* $XDG_CACHE_HOME (when absolute) or ~/.cache, then rest; allocated. */
static char *cache_file(const char *rest)
{
    const char *base = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    const char *tail = "";
    if (!base || base[0] != '/') {
        if (!home || home[0] != '/')
            return NULL;
        base = home;
        tail = "/.cache";
    }
    size_t size = strlen(base) + strlen(tail) + strlen(rest) + 2;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s%s/%s", base, tail, rest);
    return path;
}

char *app_tag_cache_path(const char *profile)
{
    if (!profile || !*profile)
        profile = "default";
    if (!bento_profile_name_valid(profile))
        return NULL;
    char rest[128];
    snprintf(rest, sizeof rest, "bento-console/tags-%s.txt", profile);
    return cache_file(rest);
}

/* A name a shell can show as it is: one that sanitising leaves alone
 * (no control characters, escapes or invalid UTF-8). A name that needs
 * changing is left out, since the changed text would name another tag. */
static bool plain_name(const char *s)
{
    char safe[1024];
    size_t len = s ? strlen(s) : 0;
    if (!len || len >= sizeof safe)
        return false;
    return bento_sanitize(s, len, safe, sizeof safe) == len && !memcmp(safe, s, len);
}

/* The directories of path, each made 0700 when missing ("~/.cache" too). */
static int make_dirs(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        int rc = mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
        *p = '/';
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Into a fresh temporary file (mkstemp: O_EXCL, 0600, so nothing planted
 * at a fixed name is followed), fsync'd before the rename. */
static int write_names(char *tmp, const struct bento_tag_list *tags)
{
    int fd = mkstemp(tmp);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return -1;
    }
    for (size_t i = 0; i < tags->count; i++) {
        const struct bento_tag *t = &tags->items[i];
        if (!t->discarded_at && plain_name(t->name)) {
            fwrite_unlocked(t->name, 1, strlen(t->name), f); /* this thread's alone */
            putc_unlocked('\n', f);
        }
    }
    int rc = fflush(f) == 0 && fsync(fd) == 0 ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

/* A link, another user's file or a FIFO there is left alone. */
static bool replaceable(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    return S_ISREG(st.st_mode) && st.st_uid == geteuid();
}

/* The whole list from Bento each time: two consoles saving at once each
 * write a complete file, and the rename keeps one of them whole. */
int app_tag_cache_save(const char *profile, const struct bento_tag_list *tags)
{
    char *path = app_tag_cache_path(profile);
    if (!path)
        return -1;
    size_t size = strlen(path) + 16;
    char *tmp = malloc(size);
    int rc = -1;
    if (tmp && make_dirs(path) == 0 && replaceable(path)) {
        snprintf(tmp, size, "%s.tmp-XXXXXX", path);
        if (write_names(tmp, tags) == 0) {
            rc = rename(tmp, path) == 0 ? 0 : -1;
            if (rc < 0)
                unlink(tmp);
        }
    }
    free(tmp);
    free(path);
    return rc;
}

/* The file, open for reading, when it is ours and young enough. */
static FILE *open_fresh(const char *path)
{
    /* O_NONBLOCK: a FIFO planted there would block open() itself */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        time(NULL) - st.st_mtime > APP_TAG_CACHE_MAX_AGE) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "r");
    if (!f)
        close(fd);
    return f;
}

int app_tag_cache_print(FILE *out, const char *profile, const char *prefix)
{
    char *path = app_tag_cache_path(profile);
    FILE *f = path ? open_fresh(path) : NULL;
    free(path);
    if (!f)
        return 0;
    char line[1024];
    size_t plen = strlen(prefix);
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (plain_name(line) && !strncmp(line, prefix, plen)) {
            fprintf(out, "%s\n", line);
            n++;
        }
    }
    fclose(f);
    return n;
}
