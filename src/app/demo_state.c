/* The demo's state directory. Every per-user file the console writes is
 * found through XDG_CACHE_HOME or XDG_STATE_HOME when they are set, so
 * pointing both at a fresh directory keeps the demo's people, drafts and
 * sends apart from the user's, and gone when the demo ends. */
#include "app/demo_state.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int set_xdg(const char *var, const char *dir, const char *sub)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    if (mkdir(path, 0700) < 0)
        return -1;
    return setenv(var, path, 1);
}

char *app_demo_state_open(struct bento_error *err)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || tmp[0] != '/')
        tmp = "/tmp";
    size_t n = strlen(tmp) + sizeof "/bento-console-demo-XXXXXX";
    char *dir = malloc(n);
    if (!dir) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
        return NULL;
    }
    snprintf(dir, n, "%s/bento-console-demo-XXXXXX", tmp);
    if (!mkdtemp(dir) || set_xdg("XDG_CACHE_HOME", dir, "cache") < 0 ||
        set_xdg("XDG_STATE_HOME", dir, "state") < 0) {
        bento_error_set(err, BENTO_E_IO,
                        "Could not make the demo's own state directory in %.200s: %s (set TMPDIR "
                        "to a writable directory)",
                        tmp, strerror(errno));
        app_demo_state_remove(dir);
        free(dir);
        return NULL;
    }
    return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void app_demo_state_remove(const char *dir)
{
    if (dir && strstr(dir, "/bento-console-demo-"))
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
