/* The console's own files against other processes and planted files:
 * two writers of one subscriber cache lose no entry, and a FIFO, a
 * symbolic link or another user's file at a store's path is refused
 * with one line naming it, without blocking and without touching it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "bento/draft.h"
#include "bento/pins.h"
#include "bento/profile.h"
#include "bento/sendlog.h"
#include "bento/subcache.h"
#include "app/tag_cache.h"
#include "reliability.h"

static char root[] = "/tmp/bento-hostile-XXXXXX";

static int setup(void **state)
{
    (void)state;
    char buf[400];
    assert_non_null(mkdtemp(root));
    setenv("HOME", root, 1);
    snprintf(buf, sizeof buf, "%s/config", root);
    setenv("XDG_CONFIG_HOME", buf, 1);
    snprintf(buf, sizeof buf, "%s/state", root);
    setenv("XDG_STATE_HOME", buf, 1);
    snprintf(buf, sizeof buf, "%s/cache", root);
    setenv("XDG_CACHE_HOME", buf, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static char *fresh_cache(const char *profile)
{
    char *path = bento_subcache_path(profile);
    assert_non_null(path);
    unlink(path);
    return path;
}

/* One writer: 60 lookups of its own people. reload: load before each
 * save (as the command line does); else load once and save after each
 * (as the console does, holding the cache all session). */
static void writer(const char *path, int who, bool reload)
{
    struct bento_subcache c = {0};
    struct bento_error err;
    if (!reload && bento_subcache_load(&c, path, &err) < 0)
        _exit(2);
    for (int i = 0; i < 60; i++) {
        char email[64];
        snprintf(email, sizeof email, "w%d-%02d@example.com", who, i);
        if (reload && bento_subcache_load(&c, path, &err) < 0)
            _exit(3);
        struct bento_cached_sub *e = bento_subcache_touch(&c, email);
        if (!e)
            _exit(4);
        e->fetched_at = 1700000000 + i;
        if (bento_subcache_save(&c, path, &err) < 0)
            _exit(5);
        if (reload)
            bento_subcache_free(&c);
    }
    bento_subcache_free(&c);
    _exit(0);
}

static void run_writers(const char *path, int n, bool reload)
{
    pid_t pids[4];
    for (int w = 0; w < n; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0)
            writer(path, w, reload || w == 0);
    }
    for (int w = 0; w < n; w++) {
        int status;
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
}

static void assert_all_kept(const char *path, int writers)
{
    struct bento_subcache c;
    struct bento_error err;
    assert_int_equal(bento_subcache_load(&c, path, &err), 0);
    assert_int_equal(c.count, (size_t)(60 * writers));
    for (int w = 0; w < writers; w++)
        for (int i = 0; i < 60; i++) {
            char email[64];
            snprintf(email, sizeof email, "w%d-%02d@example.com", w, i);
            assert_non_null(bento_subcache_find(&c, email));
        }
    bento_subcache_free(&c);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_two_writers_reloading(void **state)
{
    (void)state;
    char *path = fresh_cache("two");
    run_writers(path, 2, true);
    assert_all_kept(path, 2);
    free(path);
}

/* One writer holds its cache all along (the console), the other reloads. */
static void test_two_writers_one_holding(void **state)
{
    (void)state;
    char *path = fresh_cache("holding");
    run_writers(path, 2, false);
    assert_all_kept(path, 2);
    free(path);
}

static void test_four_writers(void **state)
{
    (void)state;
    char *path = fresh_cache("four");
    run_writers(path, 4, false);
    assert_all_kept(path, 4);
    free(path);
}

/* What one console removes stays removed although the file, written by
 * another, still holds it; the newer lookup of one person wins. */
static void test_merge_forgets_and_newest_wins(void **state)
{
    (void)state;
    char *path = fresh_cache("merge");
    struct bento_subcache a = {0}, b = {0}, back;
    struct bento_error err;
    bento_subcache_touch(&a, "gone@example.com");
    bento_subcache_touch(&a, "both@example.com")->fetched_at = 100;
    assert_int_equal(bento_subcache_save(&a, path, &err), 0);
    assert_int_equal(bento_subcache_load(&b, path, &err), 0);
    bento_subcache_find(&b, "both@example.com")->fetched_at = 200;
    bento_subcache_add_change(bento_subcache_find(&b, "both@example.com"), BENTO_CH_ADD_TAG, "vip",
                              NULL, 300);
    assert_int_equal(bento_subcache_save(&b, path, &err), 0);
    bento_subcache_remove(&a, bento_subcache_find(&a, "gone@example.com"));
    assert_int_equal(bento_subcache_save(&a, path, &err), 0);
    assert_int_equal(a.forgotten_count, 0);
    assert_int_equal(bento_subcache_load(&back, path, &err), 0);
    assert_int_equal(back.count, 1);
    struct bento_cached_sub *e = bento_subcache_find(&back, "both@example.com");
    assert_int_equal(e->fetched_at, 200);
    assert_int_equal(e->pending_count, 1);
    bento_subcache_free(&a);
    bento_subcache_free(&b);
    bento_subcache_free(&back);
    free(path);
}

/* Merging keeps the cap: this process's own people first. */
static void test_merge_keeps_the_cap(void **state)
{
    (void)state;
    char *path = fresh_cache("cap");
    struct bento_subcache a = {0}, b = {0}, back;
    struct bento_error err;
    for (int i = 0; i < 300; i++) {
        char email[64];
        snprintf(email, sizeof email, "a%03d@example.com", i);
        bento_subcache_touch(&a, email);
        snprintf(email, sizeof email, "b%03d@example.com", i);
        bento_subcache_touch(&b, email);
    }
    assert_int_equal(bento_subcache_save(&a, path, &err), 0);
    assert_int_equal(bento_subcache_save(&b, path, &err), 0);
    assert_int_equal(bento_subcache_load(&back, path, &err), 0);
    assert_int_equal(back.count, BENTO_SUBCACHE_MAX);
    assert_non_null(bento_subcache_find(&back, "b000@example.com"));
    assert_non_null(bento_subcache_find(&back, "a299@example.com"));
    bento_subcache_free(&a);
    bento_subcache_free(&b);
    bento_subcache_free(&back);
    free(path);
}

/* Two consoles' Reports panes on one profile: each pins its own, one
 * unpins one of the first's; the file ends with exactly the rest. */
static void test_pins_merge(void **state)
{
    (void)state;
    struct bento_pins a = {0}, b = {0}, back;
    struct bento_error err;
    assert_int_equal(bento_pins_add(&a, BENTO_PIN_SEGMENT, "s1", "One"), 0);
    assert_int_equal(bento_pins_add(&a, BENTO_PIN_REPORT, "r1", "Rep"), 0);
    assert_int_equal(bento_pins_save("merge", &a, &err), 0);
    assert_int_equal(bento_pins_load("merge", &b, &err), 0);
    assert_int_equal(bento_pins_add(&b, BENTO_PIN_SEGMENT, "s2", "Two"), 0);
    bento_pins_remove(&b, 0); /* s1 */
    assert_int_equal(bento_pins_save("merge", &b, &err), 0);
    assert_int_equal(bento_pins_add(&a, BENTO_PIN_SEGMENT, "s3", "Three"), 0);
    bento_pins_remove(&a, 1); /* r1 */
    assert_int_equal(bento_pins_save("merge", &a, &err), 0);
    assert_int_equal(bento_pins_load("merge", &back, &err), 0);
    /* a kept s1 in memory, so a's save pins it again: a's list wins for
     * what it holds */
    assert_int_equal(back.count, 3);
    const char *want[] = {"s1", "s3", "s2"};
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(back.items[i].id, want[i]);
    bento_pins_free(&a);
    bento_pins_free(&b);
    bento_pins_free(&back);
}

/* Sends from two consoles at once are all recorded (the record is what
 * stops an accidental second send). */
static void test_sendlog_two_writers(void **state)
{
    (void)state;
    char *path = bento_sendlog_path();
    unlink(path);
    pid_t pids[2];
    int64_t now = 1800000000;
    for (int w = 0; w < 2; w++) {
        if ((pids[w] = fork()) == 0) {
            for (int i = 0; i < 40; i++) {
                struct bento_send_record rec = {
                    .at_s = now, .outcome = BENTO_SEND_QUEUED, .recipients = 1};
                struct bento_error err;
                /* a key is hex of a fixed length */
                snprintf(rec.key, sizeof rec.key, "%0*d", (int)sizeof rec.key - 1, w * 100 + i);
                if (bento_sendlog_add(&rec, &err) < 0)
                    _exit(1);
            }
            _exit(0);
        }
    }
    for (int w = 0; w < 2; w++) {
        int st;
        assert_int_equal(waitpid(pids[w], &st, 0), pids[w]);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < 40; i++) {
            struct bento_send_record rec;
            struct bento_error err;
            char key[sizeof rec.key];
            snprintf(key, sizeof key, "%0*d", (int)sizeof key - 1, w * 100 + i);
            if (bento_sendlog_find(key, now, &rec, &err) != 1)
                fail_msg("send %s was not recorded", key);
        }
    free(path);
}

/* ---- planted files ------------------------------------------------------ */

enum store { ST_PROFILES, ST_SUBCACHE, ST_DRAFT, ST_PINS, ST_SENDLOG, ST__COUNT };

static const char *const store_names[ST__COUNT] = {
    "profiles.json", "subscriber cache", "draft", "pins", "send record",
};

static char *store_path(enum store s)
{
    char buf[400], *dir;
    switch (s) {
    case ST_PROFILES: return bento_profile_path();
    case ST_SUBCACHE: return bento_subcache_path("default");
    case ST_DRAFT:
        dir = bento_draft_dir();
        snprintf(buf, sizeof buf, "%s/d1.json", dir);
        free(dir);
        return strdup(buf);
    case ST_PINS:
        snprintf(buf, sizeof buf, "%s/state/bento-console/pins/default.json", root);
        return strdup(buf);
    default: return bento_sendlog_path();
    }
}

/* Read the store; 0 when it read (as empty or not), -1 with err. */
static int read_store(enum store s, struct bento_error *err)
{
    struct bento_profile p;
    struct bento_subcache c;
    struct bento_compose draft;
    struct bento_pins pins;
    struct bento_send_record rec;
    int rc;
    memset(&p, 0, sizeof p);
    bento_compose_init(&draft);
    switch (s) {
    case ST_PROFILES:
        rc = bento_profile_load("default", &p, err);
        if (rc == 0)
            bento_profile_wipe(&p);
        return rc;
    case ST_SUBCACHE: {
        char *path = store_path(s);
        rc = bento_subcache_load(&c, path, err);
        if (rc == 0)
            bento_subcache_free(&c);
        free(path);
        return rc;
    }
    case ST_DRAFT:
        rc = bento_draft_load("d1", &draft, err);
        bento_compose_free(&draft);
        return rc;
    case ST_PINS:
        rc = bento_pins_load("default", &pins, err);
        if (rc == 0)
            bento_pins_free(&pins);
        return rc;
    default: return bento_sendlog_find("k", 0, &rec, err) < 0 ? -1 : 0;
    }
}

static void make_parent(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p -m 700 \"$(dirname '%s')\"", path);
    assert_int_equal(system(cmd), 0);
}

/* Read in a child with an alarm, so a blocking open fails the test
 * instead of hanging it; the child reports the message through a pipe. */
static void read_guarded(enum store s, char *msg, size_t size, double *secs)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    double t0 = reliability_now();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct bento_error err = {0};
        alarm(2);
        int rc = read_store(s, &err);
        dprintf(fds[1], "%s", rc < 0 ? err.message : "(read)");
        _exit(0);
    }
    close(fds[1]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *secs = reliability_now() - t0;
    assert_true(WIFEXITED(status)); /* killed by SIGALRM: open() blocked */
    ssize_t n = read(fds[0], msg, size - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fds[0]);
}

static void test_fifo_at_each_store(void **state)
{
    (void)state;
    for (int s = 0; s < ST__COUNT; s++) {
        char *path = store_path((enum store)s), msg[400], what[100];
        double secs;
        make_parent(path);
        unlink(path);
        assert_int_equal(mkfifo(path, 0600), 0);
        read_guarded((enum store)s, msg, sizeof msg, &secs);
        assert_true(secs < 1.0);
        assert_non_null(strstr(msg, "not a regular file"));
        snprintf(what, sizeof what, "FIFO at the %s path", store_names[s]);
        reliability_record("Files", what, secs, msg);
        unlink(path);
        free(path);
    }
}

/* The tag cache only speeds up completion: a FIFO there reads as no
 * cache, at once. */
static void test_fifo_at_tag_cache(void **state)
{
    (void)state;
    char *path = app_tag_cache_path("default");
    make_parent(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(2);
        _exit(app_tag_cache_print(stdout, "default", "") == 0 ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    struct bento_tag_list tags = {0};
    assert_int_equal(app_tag_cache_save("default", &tags), -1);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    unlink(path);
    free(path);
}

static void test_symlink_at_each_store(void **state)
{
    (void)state;
    char target[400];
    snprintf(target, sizeof target, "%s/elsewhere.json", root);
    for (int s = 0; s < ST__COUNT; s++) {
        FILE *f = fopen(target, "w");
        fputs("{}", f);
        fclose(f);
        chmod(target, 0600);
        char *path = store_path((enum store)s), msg[400], what[100];
        double secs;
        make_parent(path);
        unlink(path);
        assert_int_equal(symlink(target, path), 0);
        read_guarded((enum store)s, msg, sizeof msg, &secs);
        assert_non_null(strstr(msg, "symbolic link"));
        snprintf(what, sizeof what, "symbolic link at the %s path", store_names[s]);
        reliability_record("Files", what, secs, msg);
        unlink(path);
        free(path);
    }
    unlink(target);
}

/* Another user's file: only root can make one (chown to nobody). */
static void test_other_owner_at_each_store(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    for (int s = 0; s < ST__COUNT; s++) {
        char *path = store_path((enum store)s), msg[400], what[100];
        double secs;
        make_parent(path);
        FILE *f = fopen(path, "w");
        fputs("{}", f);
        fclose(f);
        chmod(path, 0600);
        assert_int_equal(chown(path, 65534, 65534), 0);
        read_guarded((enum store)s, msg, sizeof msg, &secs);
        assert_non_null(strstr(msg, "another user"));
        snprintf(what, sizeof what, "another user's file at the %s path", store_names[s]);
        reliability_record("Files", what, secs, msg);
        unlink(path);
        free(path);
    }
}

/* Saving refuses a link, a FIFO or a link at the lock file, and leaves
 * each as it was. */
static void test_save_refuses_planted(void **state)
{
    (void)state;
    char *path = fresh_cache("planted"), lock[500], target[400];
    struct bento_subcache c = {0};
    struct bento_error err;
    struct stat st;
    bento_subcache_touch(&c, "ada@example.com");
    snprintf(target, sizeof target, "%s/target", root);
    FILE *f = fopen(target, "w");
    fputs("keep", f);
    fclose(f);

    make_parent(path);
    assert_int_equal(symlink(target, path), 0);
    assert_int_equal(bento_subcache_save(&c, path, &err), -1);
    assert_non_null(strstr(err.message, "symbolic link"));
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    unlink(path);

    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(bento_subcache_save(&c, path, &err), -1);
    assert_non_null(strstr(err.message, "not a regular file"));
    reliability_record("Files", "saving the subscriber cache over a FIFO", -1, err.message);
    unlink(path);

    snprintf(lock, sizeof lock, "%s.lock", path);
    unlink(lock);
    assert_int_equal(symlink(target, lock), 0);
    assert_int_equal(bento_subcache_save(&c, path, &err), -1);
    assert_non_null(strstr(err.message, "symbolic link"));
    reliability_record("Files", "subscriber cache lock file is a symbolic link", -1, err.message);
    unlink(lock);
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_size, 4);

    bento_subcache_free(&c);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_writers_reloading),
        cmocka_unit_test(test_two_writers_one_holding),
        cmocka_unit_test(test_four_writers),
        cmocka_unit_test(test_merge_forgets_and_newest_wins),
        cmocka_unit_test(test_merge_keeps_the_cap),
        cmocka_unit_test(test_pins_merge),
        cmocka_unit_test(test_sendlog_two_writers),
        cmocka_unit_test(test_fifo_at_each_store),
        cmocka_unit_test(test_fifo_at_tag_cache),
        cmocka_unit_test(test_symlink_at_each_store),
        cmocka_unit_test(test_other_owner_at_each_store),
        cmocka_unit_test(test_save_refuses_planted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
