/* The subscriber, event and field commands against a real bento-sim:
 * what the simulator received and now holds, --json envelopes, bad
 * addresses that cost no request, and batches that survive a 429 or a
 * 5xx in the middle with nothing lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
};

static int start(void **state, const char *const *sim_args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, sim_args) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

static int setup_429(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", "--fault",
                                "POST /fetch/commands:status=429:retry_after=1:after=1:times=1",
                                NULL};
    return start(state, args);
}

static int setup_503(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", "--fault",
                                "POST /fetch/commands:status=503:after=1:times=1", NULL};
    return start(state, args);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

/* Run bento-console with the given words (NULL-terminated). */
static void run(struct fixture *f, struct runproc *r, ...)
{
    const char *words[40];
    int n = 0;
    va_list ap;
    va_start(ap, r);
    for (const char *w; n < 39 && (w = va_arg(ap, const char *));)
        words[n++] = w;
    va_end(ap);
    words[n] = NULL;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_null(strstr(r->out, BENTO_SIM_DEMO_SECRET));
    assert_null(strstr(r->err, BENTO_SIM_DEMO_SECRET));
}

static cJSON *envelope(const char *text, bool success)
{
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fail_msg("not one JSON document: %s", text);
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")), success);
    return j;
}

static const char *str_at(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static int int_at(const cJSON *o, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(o, key);
    if (!cJSON_IsNumber(n))
        fail_msg("\"%s\" is not a number", key);
    return n->valueint;
}

/* ---- the simulator's state ------------------------------------------ */

static cJSON *sim_get(struct fixture *f, const char *path)
{
    long status = 0;
    cJSON *j = simhttp_call(f->sim.base_url, "GET", path, NULL, &status);
    assert_int_equal(status, 200);
    assert_non_null(j);
    return j;
}

/* The person's attributes as the sim holds them, or NULL (owner freed by caller). */
static const cJSON *person(struct fixture *f, const char *email, cJSON **owner)
{
    char path[300];
    snprintf(path, sizeof path, "/fetch/subscribers?email=%s", email);
    *owner = sim_get(f, path);
    return cJSON_GetObjectItem(cJSON_GetObjectItem(*owner, "data"), "attributes");
}

/* The tag's id, or "" when the account has no such tag. */
static void tag_id(struct fixture *f, const char *name, char *out, size_t size)
{
    cJSON *list = sim_get(f, "/fetch/tags");
    const cJSON *t;
    out[0] = '\0';
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(list, "data"))
        if (!strcmp(str_at(cJSON_GetObjectItem(t, "attributes"), "name"), name))
            snprintf(out, size, "%s", str_at(t, "id"));
    cJSON_Delete(list);
}

static bool has_tag_id(const cJSON *attrs, const char *id)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(attrs, "cached_tag_ids"))
        if (*id && !strcmp(cJSON_GetStringValue(x), id))
            return true;
    return false;
}

/* ---- 250 people, three calls, a failure in the middle --------------- */

static void write_people(struct fixture *f, char *path, size_t size, int count)
{
    snprintf(path, size, "%s/people.txt", f->sim.dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    for (int i = 0; i < count; i++)
        fprintf(out, "Person%03d@Example.com\n", i);
    fclose(out);
}

/* The /fetch/commands entries of the journal, oldest first. */
static cJSON *command_calls(struct fixture *f)
{
    cJSON *all = simproc_journal(&f->sim);
    cJSON *calls = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, all)
        if (!strcmp(str_at(e, "path"), "/fetch/commands"))
            cJSON_AddItemToArray(calls, cJSON_Duplicate(e, 1));
    cJSON_Delete(all);
    return calls;
}

static bool same_emails(const cJSON *a, const cJSON *b)
{
    char *ta = cJSON_PrintUnformatted(cJSON_GetObjectItem(a, "emails"));
    char *tb = cJSON_PrintUnformatted(cJSON_GetObjectItem(b, "emails"));
    bool same = ta && tb && !strcmp(ta, tb);
    free(ta);
    free(tb);
    return same;
}

/* After the failed second call the client retried that same part, then
 * sent the third: 200, fail, 200, 200 with 100, 100, 100, 50 records. */
static void check_recovered(struct fixture *f, int fail_status)
{
    cJSON *calls = command_calls(f);
    assert_int_equal(cJSON_GetArraySize(calls), 4);
    static const int want_status[] = {200, 0, 200, 200};
    static const int want_records[] = {100, 100, 100, 50};
    int ok = 0;
    for (int i = 0; i < 4; i++) {
        const cJSON *e = cJSON_GetArrayItem(calls, i);
        int status = int_at(e, "status");
        assert_int_equal(status, want_status[i] ? want_status[i] : fail_status);
        assert_int_equal(int_at(e, "records"), want_records[i]);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "emails")), want_records[i]);
        ok += status == 200;
    }
    assert_int_equal(ok, 3);
    assert_non_null(str_at(cJSON_GetArrayItem(calls, 1), "fault"));
    assert_true(same_emails(cJSON_GetArrayItem(calls, 1), cJSON_GetArrayItem(calls, 2)));
    assert_false(same_emails(cJSON_GetArrayItem(calls, 0), cJSON_GetArrayItem(calls, 2)));
    cJSON_Delete(calls);
}

/* Every one of the count people holds the tag, and nobody else exists. */
static void check_everyone_tagged(struct fixture *f, int count, const char *tag)
{
    char id[32];
    tag_id(f, tag, id, sizeof id);
    assert_true(id[0] != '\0');
    for (int i = 0; i < count; i++) {
        char email[64];
        cJSON *owner;
        snprintf(email, sizeof email, "person%03d%%40example.com", i);
        const cJSON *a = person(f, email, &owner);
        if (!a || !has_tag_id(a, id))
            fail_msg("person%03d@example.com is missing the tag %s", i, tag);
        cJSON_Delete(owner);
    }
    cJSON *stats = sim_get(f, "/stats/site");
    assert_int_equal(int_at(stats, "user_count"), count);
    cJSON_Delete(stats);
}

static void tag_250_through_a_failure(void **state, int fail_status)
{
    struct fixture *f = *state;
    char path[300];
    write_people(f, path, sizeof path, 250);
    struct runproc r;
    run(f, &r, "subscribers", "tag", "vip", "-f", path, "--yes", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_int_equal(int_at(data, "people"), 250);
    assert_int_equal(int_at(data, "queued"), 250);
    assert_int_equal(int_at(data, "failed"), 0);
    assert_int_equal(int_at(cJSON_GetObjectItem(j, "meta"), "calls"), 3);
    cJSON_Delete(j);
    runproc_free(&r);
    check_recovered(f, fail_status);
    check_everyone_tagged(f, 250, "vip");
}

static void test_tag_250_recovers_from_429(void **state)
{
    tag_250_through_a_failure(state, 429);
}

static void test_tag_250_recovers_from_503(void **state)
{
    tag_250_through_a_failure(state, 503);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tag_250_recovers_from_429, setup_429, teardown),
        cmocka_unit_test_setup_teardown(test_tag_250_recovers_from_503, setup_503, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
