/* Planted files in the console's own directories: a FIFO or a link where
 * the prompt history or the subscriber cache lives is reported in one
 * line at once (a blocking open would hang the console) and left as it
 * is. */
#include "screen.h"

#include <sys/stat.h>
#include <unistd.h>

#include "reliability.h"

static int setup(void **state)
{
    const char *const args[] = {"--seed", "empty", NULL};
    return screen_setup_with(state, args);
}

static void plant_fifo(struct screen *s, const char *rel, char *path, size_t size)
{
    char cmd[700];
    snprintf(path, size, "%s/%s", s->dir, rel);
    snprintf(cmd, sizeof cmd, "mkdir -p -m 700 \"$(dirname '%s')\"", path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(mkfifo(path, 0600), 0);
}

static void assert_still_fifo(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
}

static void test_fifo_at_prompt_history(void **state)
{
    struct screen *s = *state;
    char path[400];
    plant_fifo(s, "state/bento-console/history", path, sizeof path);
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 200, "@dump files_history.txt\n:tags<Enter>\n"), 0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "files_history", "prompt history not used", 1);
    reliability_record("Files", "FIFO at the prompt history path (console)", took,
                       "! ~/state/bento-console/history is a link, not a regular file or not "
                       "yours: prompt history not used; remove it");
    assert_still_fifo(path);
}

static void test_fifo_at_subscriber_cache(void **state)
{
    struct screen *s = *state;
    char path[400];
    plant_fifo(s, ".cache/bento-console/subscribers-default.json", path, sizeof path);
    assert_int_equal(screen_run(s, 24, 200, "2\n@dump files_cache.txt\n"), 0);
    screen_expect_text(s, "files_cache", "subscribers-default.json is not a regular file", 1);
    assert_still_fifo(path);
}

/* :tags list --csv FILE where FILE is a FIFO or a link: refused in one
 * line (an open would block, or write through the link), left as it is. */
static void test_csv_export_to_fifo_and_link(void **state)
{
    struct screen *s = *state;
    char fifo[400], link[400], target[400], script[1400];
    plant_fifo(s, "out/tags.csv", fifo, sizeof fifo);
    snprintf(target, sizeof target, "%s/out/precious.txt", s->dir);
    snprintf(link, sizeof link, "%s/out/link.csv", s->dir);
    FILE *fp = fopen(target, "w");
    assert_non_null(fp);
    fputs("keep me\n", fp);
    fclose(fp);
    assert_int_equal(symlink(target, link), 0);
    snprintf(script, sizeof script,
             ":tags list --csv %s<Enter>\n@dump files_csv_fifo.txt\n"
             ":tags list --csv %s<Enter>\n@dump files_csv_link.txt\n",
             fifo, link);
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 24, 200, script), 0);
    reliability_record("Files", "console CSV export onto a FIFO and onto a link",
                       reliability_now() - t0,
                       "! Not writing /tmp/.../out/link.csv: it is a symbolic link; not writing "
                       "through it; choose another file");
    screen_expect_text(s, "files_csv_fifo", "it is not a regular file; choose another file", 1);
    screen_expect_text(s, "files_csv_link", "it is a symbolic link; not writing through it", 1);
    assert_still_fifo(fifo);
    char *kept = screen_read_file(target);
    assert_string_equal(kept, "keep me\n");
    free(kept);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fifo_at_prompt_history, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_fifo_at_subscriber_cache, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_csv_export_to_fifo_and_link, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
