/* The demo account: every address the README, the console's help and the
 * man page mention exists in it, and a demo run leaves the user's own
 * cache and state files as they were (the demo has its own, removed when
 * it ends). Both run the real `bento-console --demo`. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ftw.h>
#include <sys/stat.h>

#include "runproc.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bento-test-demo-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The demo on the command line (or, with script, the console) with HOME,
 * the XDG directories and TMPDIR under dir. */
static void demo(struct runproc *r, const char *const *words, const char *script)
{
    char home[300], config[300], state[300], tmp[300], script_var[320];
    snprintf(home, sizeof home, "HOME=%s/home", dir);
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/home/.config", dir);
    snprintf(state, sizeof state, "XDG_STATE_HOME=%s/home/.local/state", dir);
    snprintf(tmp, sizeof tmp, "TMPDIR=%s/tmp", dir);
    snprintf(script_var, sizeof script_var, "BENTO_CONSOLE_SCRIPT=%s/script.txt", dir);
    mkdir(tmp + 7, 0700);
    const char *env[] = {
        home,       config,        state, tmp, "XDG_CACHE_HOME", "BENTO_SECRET_KEY", "TERM=xterm",
        "LINES=24", "COLUMNS=100", NULL,  NULL};
    if (script) {
        char path[300];
        snprintf(path, sizeof path, "%s/script.txt", dir);
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(script, fp);
        fclose(fp);
        env[9] = script_var;
    }
    const char *argv[16] = {BENTO_CONSOLE_BIN, "--demo"};
    int n = 2;
    for (; words && *words && n < 15; words++)
        argv[n++] = *words;
    argv[n] = NULL;
    memset(r, 0, sizeof *r);
    assert_int_equal(runproc(argv, env, NULL, r), 0);
}

/* Addresses that must not exist: the new address of the change-email
 * example, the person of the sim's hostile seed (not the demo's), and the
 * README's example of a lookup that finds nobody. */
static const char *const not_in_demo[] = {"ada@example.org", "hostile@example.com",
                                          "nobody@example.com", NULL};

static bool listed(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

/* Every distinct address in the file, appended to found[]. */
static void addresses_in(const char *rel, char found[][128], int *count, int max)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", BENTO_SOURCE_DIR, rel);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    static const char word[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-";
    char line[4096];
    while (fgets(line, sizeof line, fp)) {
        for (char *at = strchr(line, '@'); at; at = strchr(at + 1, '@')) {
            char *b = at;
            while (b > line && strchr(word, b[-1]) && b[-1])
                b--;
            size_t tail = strspn(at + 1, "abcdefghijklmnopqrstuvwxyz0123456789.-");
            while (tail && at[tail] == '.')
                tail--; /* a sentence's full stop */
            if (b == at || !memchr(at + 1, '.', tail))
                continue;
            char a[128];
            snprintf(a, sizeof a, "%.*s", (int)(at + 1 + tail - b), b);
            bool seen = false;
            for (int i = 0; i < *count; i++)
                seen |= !strcmp(found[i], a);
            if (!seen && *count < max)
                snprintf(found[(*count)++], 128, "%s", a);
        }
    }
    fclose(fp);
}

static void test_every_documented_address_exists(void **state)
{
    (void)state;
    static const char *const files[] = {"README.md", "src/app/action_help.c", "src/tui/tui_help.c",
                                        "docs/bento-console.1", NULL};
    char found[64][128];
    int count = 0;
    for (int i = 0; files[i]; i++)
        addresses_in(files[i], found, &count, 64);
    assert_true(count >= 3);
    struct runproc r;
    const char *const authors[] = {"authors", "list", NULL};
    demo(&r, authors, NULL);
    assert_int_equal(r.status, 0);
    char *author_list = strdup(r.out);
    runproc_free(&r);
    int known = 0;
    for (int i = 0; i < count; i++) {
        if (strstr(author_list, found[i]) || listed(not_in_demo, found[i]))
            continue;
        const char *const get[] = {"subscribers", "get", found[i], NULL};
        demo(&r, get, NULL);
        if (r.status != 0)
            fprintf(stderr, "%s is in the docs but not in the demo account: %s", found[i], r.err);
        assert_int_equal(r.status, 0);
        runproc_free(&r);
        known++;
    }
    free(author_list);
    assert_true(known >= 1);
}

/* Every file under root with its contents, one "path\ncontents\n" each. */
static char *snapshot;
static size_t snap_len;

static int snap_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F)
        return 0;
    FILE *fp = fopen(path, "r");
    size_t need = strlen(path) + (size_t)st->st_size + 3;
    char *grown = realloc(snapshot, snap_len + need + 1);
    if (!fp || !grown) {
        if (fp)
            fclose(fp);
        return -1;
    }
    snapshot = grown;
    snap_len += (size_t)sprintf(snapshot + snap_len, "%s\n", path);
    snap_len += fread(snapshot + snap_len, 1, (size_t)st->st_size, fp);
    snapshot[snap_len++] = '\n';
    snapshot[snap_len] = 0;
    fclose(fp);
    return 0;
}

static char *tree(const char *sub)
{
    char root[300];
    snprintf(root, sizeof root, "%s/%s", dir, sub);
    snapshot = strdup("");
    snap_len = 0;
    nftw(root, snap_one, 16, FTW_PHYS);
    return snapshot;
}

static void write_file(const char *rel, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *p = strchr(path + strlen(dir) + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = 0;
        mkdir(path, 0700);
        *p = '/';
    }
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_real_cache_untouched(void **state)
{
    (void)state;
    write_file("home/.cache/bento-console/subscribers-default.json", "{\"subscribers\":[]}\n");
    write_file("home/.cache/bento-console/subscribers-demo.json", "{\"subscribers\":[]}\n");
    write_file("home/.local/state/bento-console/sent.json", "[]\n");
    char *before = tree("home");
    struct runproc r;
    const char *const ada[] = {"subscribers", "get", "ada@example.com", NULL};
    const char *const nobody[] = {"subscribers", "get", "nobody@example.com", NULL};
    demo(&r, ada, NULL); /* found or not, it must not reach the real cache */
    runproc_free(&r);
    demo(&r, nobody, NULL);
    assert_int_not_equal(r.status, 0);
    runproc_free(&r);
    /* the console: the pane fills its cache, a lookup, a draft typed */
    demo(&r, NULL, "2\nlnobody@example.com<Enter>\n3\n<Enter>ada@example.com<Enter>\n");
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    char *after = tree("home");
    if (strcmp(before, after))
        fprintf(stderr, "before the demo:\n%s\nafter:\n%s\n", before, after);
    assert_string_equal(before, after);
    char *left = tree("tmp");
    assert_string_equal(left, ""); /* the demo's own directory is gone */
    free(before);
    free(after);
    free(left);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_documented_address_exists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_cache_untouched, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
