/* Shell completion against a running simulator: `tags list` leaves the
 * tag names completion offers, completion itself never sends a request
 * nor prints a key, and a tag name that would need sanitising (an
 * escape sequence from the server) is never offered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, NULL) < 0)
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

static void console(struct fixture *f, struct runproc *r, const char *const *words)
{
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_int_equal(r->status, 0);
}

static int journal_size(const struct fixture *f)
{
    cJSON *j = simproc_journal(&f->sim);
    int n = cJSON_GetArraySize(j);
    cJSON_Delete(j);
    return n;
}

/* Whether text holds line as one whole line. */
static int has_line(const char *text, const char *line)
{
    size_t len = strlen(line);
    for (const char *p = text; (p = strstr(p, line)); p++)
        if ((p == text || p[-1] == '\n') && p[len] == '\n')
            return 1;
    return 0;
}

static void test_tags_from_the_list_without_a_request(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    console(f, &r,
            (const char *const[]){"completion", "complete", "--", "subscribers", "tag", "", NULL});
    assert_string_equal(r.out, ""); /* nothing listed yet: nothing offered */
    runproc_free(&r);

    console(f, &r, (const char *const[]){"tags", "list", NULL});
    runproc_free(&r);
    int sent = journal_size(f);
    assert_true(sent >= 1);

    double t0 = reliability_now();
    console(f, &r,
            (const char *const[]){"completion", "complete", "--", "subscribers", "tag", "", NULL});
    assert_true(has_line(r.out, "vip"));
    assert_true(has_line(r.out, "affiliate"));
    assert_null(strstr(r.out, BENTO_TEST_SECRET));
    assert_int_equal(journal_size(f), sent); /* completion asked the server nothing */
    reliability_record("Secrets", "shell completion of tag names: no request, no key",
                       reliability_now() - t0, "(tag names from the local cache)");
    runproc_free(&r);

    console(f, &r,
            (const char *const[]){"completion", "complete", "--", "tags", "delete", "af", NULL});
    assert_string_equal(r.out, "affiliate\n");
    runproc_free(&r);
}

static void test_hostile_tag_name_never_offered(void **state)
{
    struct fixture *f = *state;
    long status = 0;
    cJSON *res = simhttp_call(f->sim.base_url, "POST", "/fetch/tags",
                              "{\"tag\":{\"name\":\"zz\\u001b]0;owned\\u0007\"}}", &status);
    assert_int_equal(status, 201);
    cJSON_Delete(res);
    struct runproc r;
    console(f, &r, (const char *const[]){"tags", "list", NULL});
    runproc_free(&r);
    console(
        f, &r,
        (const char *const[]){"completion", "complete", "--", "subscribers", "untag", "", NULL});
    assert_true(has_line(r.out, "vip"));
    assert_null(strchr(r.out, '\033'));
    assert_null(strstr(r.out, "owned"));
    reliability_record("Output", "tag name with an escape sequence, in shell completion", -1,
                       "(left out of the completion list)");
    runproc_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tags_from_the_list_without_a_request, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_tag_name_never_offered, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
