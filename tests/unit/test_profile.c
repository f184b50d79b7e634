/* Profiles: round trip, file modes, refusal of unsafe files, environment
 * overrides, corrupt files and import from the official CLI. Each test
 * runs in its own temporary XDG_CONFIG_HOME / XDG_DATA_HOME. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bento/profile.h"

static char tmpdir[256];

static void rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    (void)state;
    char cfg[300], data[300];
    snprintf(tmpdir, sizeof tmpdir, "%s/bento-profile-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(cfg, sizeof cfg, "%s/config", tmpdir);
    snprintf(data, sizeof data, "%s/data", tmpdir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", data, 1);
    unsetenv("BENTO_CONFIG_PATH");
    unsetenv("BENTO_PUBLISHABLE_KEY");
    unsetenv("BENTO_SECRET_KEY");
    unsetenv("BENTO_SITE_UUID");
    unsetenv("BENTO_API_BASE_URL");
    unsetenv("BENTO_RATE_LIMIT");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(tmpdir);
    return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    char cmd[512];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    assert_int_equal(system(cmd), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void make_profile(struct bento_profile *p, const char *name, const char *suffix)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->publishable_key, sizeof p->publishable_key, "p%s", suffix);
    snprintf(p->secret_key, sizeof p->secret_key, "s%s", suffix);
    snprintf(p->site_uuid, sizeof p->site_uuid, "site%s", suffix);
    p->source_publishable = p->source_secret = p->source_site = "";
}

static void test_path_honours_xdg(void **state)
{
    (void)state;
    char *path = bento_profile_path(), want[400];
    snprintf(want, sizeof want, "%s/config/bento-console/profiles.json", tmpdir);
    assert_string_equal(path, want);
    free(path);

    char home[300];
    snprintf(home, sizeof home, "%s", getenv("HOME") ? getenv("HOME") : "");
    setenv("HOME", "/home/ada", 1);
    unsetenv("XDG_CONFIG_HOME");
    path = bento_profile_path();
    assert_string_equal(path, "/home/ada/.config/bento-console/profiles.json");
    free(path);
    setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
    path = bento_profile_path();
    assert_string_equal(path, "/home/ada/.config/bento-console/profiles.json");
    free(path);
    setenv("HOME", home, 1);
}

static void test_missing_file_is_not_an_error(void **state)
{
    (void)state;
    struct bento_profile p;
    struct bento_error err = {0};
    char buf[128];
    assert_int_equal(bento_profile_load(NULL, &p, &err), 0);
    assert_string_equal(p.name, "default");
    assert_string_equal(p.source_secret, "");
    assert_string_equal(bento_profile_missing(&p, buf, sizeof buf),
                        "publishable key, secret key, site_uuid");
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    char buf[128];
    struct stat st;

    make_profile(&p, "work", "111");
    snprintf(p.email, sizeof p.email, "me@example.com");
    snprintf(p.base_url, sizeof p.base_url, "http://127.0.0.1:9/api/v1");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);

    char *path = bento_profile_path();
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/config/bento-console", tmpdir);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    free(path);

    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "work");
    assert_string_equal(q.publishable_key, "p111");
    assert_string_equal(q.secret_key, "s111");
    assert_string_equal(q.site_uuid, "site111");
    assert_string_equal(q.email, "me@example.com");
    assert_string_equal(q.base_url, "http://127.0.0.1:9/api/v1");
    assert_string_equal(q.source_secret, "profile");
    assert_string_equal(bento_profile_missing(&q, buf, sizeof buf), "");

    /* a second profile does not steal "current" unless asked */
    make_profile(&p, "other", "222");
    assert_int_equal(bento_profile_save(&p, false, &err), 0);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "work");
    assert_int_equal(bento_profile_load("other", &q, &err), 0);
    assert_string_equal(q.secret_key, "s222");

    /* replace keeps one entry per name */
    make_profile(&p, "other", "333");
    assert_int_equal(bento_profile_save(&p, false, &err), 0);
    char **names, *current;
    size_t count;
    assert_int_equal(bento_profile_list(&names, &count, &current, &err), 0);
    assert_int_equal(count, 2);
    assert_string_equal(current, "work");
    bento_profile_list_free(names, count, current);
    assert_int_equal(bento_profile_load("other", &q, &err), 0);
    assert_string_equal(q.secret_key, "s333");
    bento_profile_wipe(&q);
    assert_string_equal(q.secret_key, "");
    assert_string_equal(q.publishable_key, "");
}

/* The remembered test address: added to a file written before it
 * existed, kept when the keys are saved again, never touching the keys. */
static void test_test_address(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    char *path = bento_profile_path();
    write_file(path,
               "{\"current\":\"work\",\"profiles\":{\"work\":{\"publishable_key\":\"pk\","
               "\"secret_key\":\"sk\",\"site_uuid\":\"su\",\"extra\":1},\"other\":{}}}",
               0600);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.email, "");

    assert_int_equal(bento_profile_set_test_address(NULL, "  Me@Example.COM ", &err), 0);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "work");
    assert_string_equal(q.email, "me@example.com");
    assert_string_equal(q.secret_key, "sk");
    assert_string_equal(q.site_uuid, "su");
    assert_int_equal(bento_profile_load("other", &q, &err), 0);
    assert_string_equal(q.email, "");

    /* an implausible address is refused and changes nothing */
    assert_int_equal(bento_profile_set_test_address("work", "me@", &err), -1);
    assert_int_equal(err.kind, BENTO_E_VALIDATION);
    assert_int_equal(bento_profile_load("work", &q, &err), 0);
    assert_string_equal(q.email, "me@example.com");

    /* saving the keys again (profile add) keeps the address */
    make_profile(&p, "work", "2");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);
    assert_int_equal(bento_profile_load("work", &q, &err), 0);
    assert_string_equal(q.secret_key, "s2");
    assert_string_equal(q.email, "me@example.com");

    assert_int_equal(bento_profile_set_test_address("work", NULL, &err), 0);
    assert_int_equal(bento_profile_load("work", &q, &err), 0);
    assert_string_equal(q.email, "");
    assert_int_equal(bento_profile_set_test_address("bad name", "a@b.co", &err), -1);
    assert_int_equal(err.kind, BENTO_E_USAGE);

    /* with no file yet (keys from the environment), the default profile
     * is created holding only the address */
    rm_rf(tmpdir);
    assert_int_equal(bento_profile_set_test_address(NULL, "solo@example.com", &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "default");
    assert_string_equal(q.email, "solo@example.com");
    assert_string_equal(q.secret_key, "");
    free(path);
}

static void test_use_and_remove(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    make_profile(&p, "a", "1");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);
    make_profile(&p, "b", "2");
    assert_int_equal(bento_profile_save(&p, false, &err), 0);
    assert_int_equal(bento_profile_use("b", &err), 0);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "b");
    assert_int_equal(bento_profile_use("nope", &err), -1);
    assert_int_equal(err.kind, BENTO_E_CONFIG);
    assert_non_null(strstr(err.message, "nope"));

    assert_int_equal(bento_profile_remove("b", &err), 0);
    assert_int_equal(bento_profile_load("b", &q, &err), -1);
    char **names, *current;
    size_t count;
    assert_int_equal(bento_profile_list(&names, &count, &current, &err), 0);
    assert_int_equal(count, 1);
    assert_string_equal(names[0], "a");
    assert_null(current);
    bento_profile_list_free(names, count, current);
}

static void test_unsafe_mode_refused(void **state)
{
    (void)state;
    char path[400];
    struct bento_profile p;
    struct bento_error err = {0};
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", tmpdir);
    write_file(path, "{\"profiles\":{\"default\":{\"secret_key\":\"s\"}}}", 0644);
    assert_int_equal(bento_profile_load(NULL, &p, &err), -1);
    assert_int_equal(err.kind, BENTO_E_CONFIG);
    assert_non_null(strstr(err.message, "readable by other users"));
    assert_non_null(strstr(err.message, "chmod 600"));
    assert_non_null(strstr(err.message, "profiles.json"));
    assert_string_equal(p.secret_key, "");

    /* saving over it is refused too, and leaves the mode alone */
    make_profile(&p, "default", "9");
    assert_int_equal(bento_profile_save(&p, true, &err), -1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);

    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(bento_profile_load(NULL, &p, &err), 0);
    assert_string_equal(p.secret_key, "s");
}

static void test_env_overrides(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    make_profile(&p, "default", "file");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);

    setenv("BENTO_SECRET_KEY", "senv", 1);
    setenv("BENTO_API_BASE_URL", "http://localhost:1/api/v1", 1);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.secret_key, "senv");
    assert_string_equal(q.source_secret, "env");
    assert_string_equal(q.publishable_key, "pfile");
    assert_string_equal(q.source_publishable, "profile");
    assert_string_equal(q.base_url, "http://localhost:1/api/v1");

    /* saving what was loaded never writes the environment's values */
    assert_int_equal(bento_profile_save(&q, true, &err), 0);
    unsetenv("BENTO_SECRET_KEY");
    unsetenv("BENTO_API_BASE_URL");
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.secret_key, "sfile");
    assert_string_equal(q.base_url, "");

    /* environment alone, no file at all */
    teardown(state);
    setup(state);
    setenv("BENTO_PUBLISHABLE_KEY", "pe", 1);
    setenv("BENTO_SECRET_KEY", "se", 1);
    setenv("BENTO_SITE_UUID", "ue", 1);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.site_uuid, "ue");
    assert_string_equal(q.source_site, "env");
    unsetenv("BENTO_PUBLISHABLE_KEY");
    unsetenv("BENTO_SECRET_KEY");
    unsetenv("BENTO_SITE_UUID");
}

/* The account's rate limit: kept in the profile, overridden by the
 * environment, and never written from it. */
static void test_rate_limit(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    make_profile(&p, "default", "file");
    snprintf(p.rate_limit, sizeof p.rate_limit, "60/60000");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.rate_limit, "60/60000");

    setenv("BENTO_RATE_LIMIT", "10/1000", 1);
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.rate_limit, "10/1000");
    assert_int_equal(bento_profile_save(&q, true, &err), 0);
    unsetenv("BENTO_RATE_LIMIT");
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.rate_limit, "60/60000");
}

static void test_corrupt_file(void **state)
{
    (void)state;
    char path[400];
    struct bento_profile p;
    struct bento_error err = {0};
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", tmpdir);
    write_file(path, "{\"profiles\":{\"default\":{\"secret_key\":\"s", 0600);
    assert_int_equal(bento_profile_load(NULL, &p, &err), -1);
    assert_int_equal(err.kind, BENTO_E_CONFIG);
    assert_non_null(strstr(err.message, "profiles.json"));
    assert_non_null(strstr(err.message, "not valid JSON"));

    write_file(path, "[1,2]", 0600);
    assert_int_equal(bento_profile_load(NULL, &p, &err), -1);
    assert_non_null(strstr(err.message, "profiles.json"));

    /* wrong types inside are tolerated */
    write_file(path, "{\"current\":5,\"profiles\":{\"default\":{\"secret_key\":7}}}", 0600);
    assert_int_equal(bento_profile_load(NULL, &p, &err), 0);
    assert_string_equal(p.secret_key, "");
}

static void test_invalid_names(void **state)
{
    (void)state;
    char long_name[80];
    memset(long_name, 'a', 64);
    long_name[64] = '\0';
    assert_true(bento_profile_name_valid("default"));
    assert_true(bento_profile_name_valid("Work_2-b"));
    assert_false(bento_profile_name_valid(long_name));
    long_name[63] = '\0';
    assert_true(bento_profile_name_valid(long_name));
    assert_false(bento_profile_name_valid(""));
    assert_false(bento_profile_name_valid(NULL));
    assert_false(bento_profile_name_valid("a b"));
    assert_false(bento_profile_name_valid("../x"));
    assert_false(bento_profile_name_valid("caf\xc3\xa9"));

    struct bento_profile p;
    struct bento_error err = {0};
    make_profile(&p, "bad name", "1");
    assert_int_equal(bento_profile_save(&p, true, &err), -1);
    assert_int_equal(err.kind, BENTO_E_USAGE);
    assert_int_equal(bento_profile_load("../etc", &p, &err), -1);
    assert_int_equal(err.kind, BENTO_E_USAGE);
}

static const char official[] =
    "{\"version\":1,\"current\":\"prod\",\"profiles\":{"
    "\"prod\":{\"publishableKey\":\"pprod\",\"secretKey\":\"sprod\",\"siteUuid\":\"uprod\","
    "\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"},"
    "\"mine\":{\"publishableKey\":\"ptheirs\",\"secretKey\":\"stheirs\",\"siteUuid\":\"utheirs\"},"
    "\"legacy\":{\"apiKey\":\"k\",\"siteId\":\"s\"},"
    "\"bad name\":{\"publishableKey\":\"p\",\"secretKey\":\"s\",\"siteUuid\":\"u\"},"
    "\"odd\":[1,2]}}";

static void test_import_official(void **state)
{
    (void)state;
    char path[400];
    struct bento_profile p, q;
    struct bento_error err = {0};

    make_profile(&p, "mine", "ours");
    assert_int_equal(bento_profile_save(&p, false, &err), 0);

    snprintf(path, sizeof path, "%s/data/bento/config.json", tmpdir);
    write_file(path, official, 0600);
    assert_int_equal(bento_profile_import_official(&err), 1);

    assert_int_equal(bento_profile_load("prod", &q, &err), 0);
    assert_string_equal(q.publishable_key, "pprod");
    assert_string_equal(q.secret_key, "sprod");
    assert_string_equal(q.site_uuid, "uprod");
    /* ours is kept */
    assert_int_equal(bento_profile_load("mine", &q, &err), 0);
    assert_string_equal(q.secret_key, "sours");
    /* the current profile stays ours */
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "mine");

    struct stat st;
    char *ours = bento_profile_path();
    assert_int_equal(stat(ours, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    free(ours);

    /* a second import finds nothing new */
    assert_int_equal(bento_profile_import_official(&err), 0);
}

static void test_import_explicit_path_and_missing(void **state)
{
    (void)state;
    char path[400];
    struct bento_profile q;
    struct bento_error err = {0};

    snprintf(path, sizeof path, "%s/elsewhere.json", tmpdir);
    setenv("BENTO_CONFIG_PATH", path, 1);
    assert_int_equal(bento_profile_import_official(&err), -1);
    assert_int_equal(err.kind, BENTO_E_CONFIG);
    assert_non_null(strstr(err.message, "elsewhere.json"));

    write_file(path, official, 0600);
    assert_int_equal(bento_profile_import_official(&err), 2);
    /* with no current of our own, theirs is adopted */
    assert_int_equal(bento_profile_load(NULL, &q, &err), 0);
    assert_string_equal(q.name, "prod");

    write_file(path, "{\"profiles\":", 0600);
    assert_int_equal(bento_profile_import_official(&err), -1);
    assert_non_null(strstr(err.message, "not valid JSON"));
    unsetenv("BENTO_CONFIG_PATH");
}

/* A link planted at the profile's path is neither followed nor replaced:
 * it could point at a file someone else chose. */
static void test_symlink_refused(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    make_profile(&p, "work", "111");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);
    char *path = bento_profile_path(), real[400];
    snprintf(real, sizeof real, "%s/elsewhere.json", tmpdir);
    assert_int_equal(rename(path, real), 0);
    assert_int_equal(symlink(real, path), 0);

    assert_int_equal(bento_profile_load(NULL, &q, &err), -1);
    assert_non_null(strstr(err.message, "is a symbolic link; refusing to follow it"));

    make_profile(&p, "home", "222");
    assert_int_equal(bento_profile_save(&p, true, &err), -1);
    assert_non_null(strstr(err.message, "is a symbolic link; refusing to"));
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* the link is left as it was */
    FILE *f = fopen(real, "r");
    char text[2000] = "";
    assert_non_null(f);
    fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_null(strstr(text, "s222")); /* and what it points at too */
    free(path);
}

/* Another user's file, or a directory others can write to, is refused
 * (as ssh refuses such keys). Changing a file's owner needs root. */
static void test_foreign_file_and_open_directory_refused(void **state)
{
    (void)state;
    struct bento_profile p, q;
    struct bento_error err = {0};
    make_profile(&p, "work", "111");
    assert_int_equal(bento_profile_save(&p, true, &err), 0);
    char *path = bento_profile_path(), dir[400];
    snprintf(dir, sizeof dir, "%s/config/bento-console", tmpdir);

    assert_int_equal(chmod(dir, 0777), 0);
    make_profile(&p, "home", "222");
    assert_int_equal(bento_profile_save(&p, true, &err), -1);
    assert_non_null(strstr(err.message, "is writable by others; refusing to write"));
    assert_non_null(strstr(err.message, "chmod 700"));
    assert_int_equal(chmod(dir, 0700), 0);

    if (getuid() == 0 && chown(path, 65534, 65534) == 0) {
        assert_int_equal(bento_profile_load(NULL, &q, &err), -1);
        assert_non_null(strstr(err.message, "belongs to another user"));
        assert_int_equal(bento_profile_save(&p, true, &err), -1);
        assert_non_null(strstr(err.message, "belongs to another user"));
    }
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_path_honours_xdg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_is_not_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_load_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_test_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_use_and_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsafe_mode_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_file_and_open_directory_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_env_overrides, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_official, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_explicit_path_and_missing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
