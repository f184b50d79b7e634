/* A file the console keeps, as found on disk (another version, a crash or
 * a hand edit may have left anything there), through the code that reads
 * it, chosen at build time with -DFUZZ_FILE_<NAME>: the profile file, the
 * official Bento CLI's config on import, a Compose draft, a kept template
 * version. Checked: a file that does not load says why on one safe line;
 * what loads sanitises to safe text; nothing crashes, leaks or reads past
 * the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bento/compose.h"
#include "bento/draft.h"
#include "bento/profile.h"
#include "bento/sanitize.h"
#include "bento/template_history.h"
#include "fuzz_util.h"

static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising only fails for memory");
    fuzz_check_terminal_str(safe, NULL, "what a file holds sanitises to safe text");
    free(safe);
}

static void refused(const struct bento_error *err)
{
    FUZZ_CHECK(err->message[0] != '\0', "a file that does not load says why");
    fuzz_check_terminal_str(err->message, NULL, "the error is one safe line");
}

static void make_dir(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), rel);
    for (char *p = path + strlen(fuzz_tmpdir()) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0700);
            *p = '/';
        }
    mkdir(path, 0700);
}

static void set_dir(const char *var, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), rel);
    setenv(var, path, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    set_dir("HOME", "");
    set_dir("XDG_CONFIG_HOME", "config");
    set_dir("XDG_STATE_HOME", "state");
    set_dir("XDG_DATA_HOME", "data");
    set_dir("BENTO_CONFIG_PATH", "official.json");
    static const char *const keys[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                       "BENTO_SITE_UUID", "BENTO_API_BASE_URL", "BENTO_RATE_LIMIT"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        unsetenv(keys[i]);
    make_dir("config/bento-console");
    make_dir("state/bento-console/drafts");
    make_dir("state/bento-console/templates/fuzz/t1");
    return 0;
}

__attribute__((unused)) static void load_profiles(void)
{
    char **names = NULL, *current = NULL;
    size_t count = 0;
    struct bento_error err;
    bento_error_clear(&err);
    if (bento_profile_list(&names, &count, &current, &err) != 0) {
        refused(&err);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        struct bento_profile p;
        show(names[i]);
        if (bento_profile_load(names[i], &p, &err) == 0) {
            show(p.name), show(p.email), show(p.base_url), show(p.site_uuid);
            bento_profile_wipe(&p);
        } else {
            refused(&err);
        }
    }
    bento_profile_list_free(names, count, current);
}

#if defined(FUZZ_FILE_PROFILE)
static void run(const uint8_t *data, size_t size)
{
    free(fuzz_write_file("config/bento-console/profiles.json", data, size));
    load_profiles();
}
#elif defined(FUZZ_FILE_OFFICIAL)
static void run(const uint8_t *data, size_t size)
{
    char *ours = fuzz_write_file("config/bento-console/profiles.json", (const uint8_t *)"{}", 2);
    free(fuzz_write_file("official.json", data, size));
    struct bento_error err;
    bento_error_clear(&err);
    int n = bento_profile_import_official(&err);
    FUZZ_CHECK(n >= -1, "an import counts what it took or fails");
    if (n < 0)
        refused(&err);
    load_profiles();
    unlink(ours);
    free(ours);
}
#elif defined(FUZZ_FILE_DRAFT)
static void run(const uint8_t *data, size_t size)
{
    free(fuzz_write_file("state/bento-console/drafts/fuzz.json", data, size));
    struct bento_compose c;
    struct bento_error err;
    bento_compose_init(&c);
    bento_error_clear(&err);
    if (bento_draft_load("fuzz", &c, &err) == 0) {
        show(c.from), show(c.subject), show(c.html);
        for (size_t i = 0; i < c.to_count; i++)
            show(c.to[i]);
    } else {
        refused(&err);
    }
    bento_compose_free(&c);
    struct bento_draft_list l;
    memset(&l, 0, sizeof l);
    if (bento_draft_list(&l, &err) == 0)
        bento_draft_list_free(&l);
}
#elif defined(FUZZ_FILE_HISTORY)
static void run(const uint8_t *data, size_t size)
{
    free(fuzz_write_file("state/bento-console/templates/fuzz/t1/1.json", data, size));
    struct bento_template_history h;
    struct bento_error err;
    memset(&h, 0, sizeof h);
    bento_error_clear(&err);
    if (bento_template_history_load("fuzz", "t1", &h, &err) == 0) {
        FUZZ_CHECK(h.count <= 1, "one file is at most one version");
        for (size_t i = 0; i < h.count; i++)
            show(h.items[i].subject), show(h.items[i].html);
    } else {
        refused(&err);
    }
    bento_template_history_free(&h);
}
#else
#error "define FUZZ_FILE_<NAME>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size);
    return 0;
}
