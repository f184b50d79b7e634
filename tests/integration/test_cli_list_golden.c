/* `tags list --json`, `fields list --json` and `authors list --json`
 * print byte for byte what they printed before the lists were decoded as
 * they arrive: tests/integration/golden/ holds the output of the
 * tree-decoding build (3f5f750) on the demo seed with 500 generated tags
 * (an answer of several network reads) and on the hostile seed, and the
 * demo's when the simulator sends the body one byte at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runproc.h"
#include "simproc.h"

static char *read_golden(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/integration/golden/%s", BENTO_SOURCE_DIR, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, fp);
    buf[*len] = '\0';
    fclose(fp);
    return buf;
}

static const char *const all_lists[] = {"tags", "fields", "authors", NULL};

static void expect_lists(const char *const *sim_args, const char *seed, const char *const *lists)
{
    struct simproc sim;
    char home[256], golden[64];

    assert_int_equal(simproc_start(&sim, sim_args), 0);
    snprintf(home, sizeof home, "%s/home", sim.dir);
    for (size_t i = 0; lists[i]; i++) {
        const char *const words[] = {lists[i], "list", "--json", NULL};
        struct runproc r;
        size_t len;
        snprintf(golden, sizeof golden, "%s_list_%s.json", lists[i], seed);
        char *want = read_golden(golden, &len);
        assert_int_equal(runproc_console(sim.base_url, home, NULL, words, &r), 0);
        assert_int_equal(r.status, 0);
        if (strlen(r.out) != len || memcmp(r.out, want, len) != 0)
            fail_msg("%s list --json differs from %s:\n%s", lists[i], golden, r.out);
        free(want);
        runproc_free(&r);
    }
    simproc_stop(&sim);
}

static void demo_lists_unchanged(void **state)
{
    (void)state;
    const char *const args[] = {"--seed", "demo", "--tags", "500", NULL};
    expect_lists(args, "demo", all_lists);
}

static void hostile_lists_unchanged(void **state)
{
    (void)state;
    const char *const args[] = {"--seed", "hostile", NULL};
    expect_lists(args, "hostile", all_lists);
}

/* One byte per read: every token split at every place. On the demo seed
 * (961 and 182 bytes): the hostile lists, 47 KB at a millisecond a byte,
 * would outlast the deadline on a loaded machine; test_decode_stream feeds
 * the hostile corpora one byte at a time. */
static void trickled_lists_unchanged(void **state)
{
    (void)state;
    static const char *const lists[] = {"fields", "authors", NULL};
    const char *const args[] = {"--seed",  "demo",
                                "--tags",  "500",
                                "--fault", "/fetch/fields:trickle=1",
                                "--fault", "/fetch/authors:trickle=1",
                                NULL};
    expect_lists(args, "demo", lists);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_lists_unchanged),
        cmocka_unit_test(hostile_lists_unchanged),
        cmocka_unit_test(trickled_lists_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
