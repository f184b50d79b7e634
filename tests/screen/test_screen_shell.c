/* The `:` line is the shell: the commands the command line has either
 * work in the console (output in a text view, files written where asked,
 * -f acting on the file's people) or are neither offered nor listed. And
 * Tab in the lookup prompt completes an address from the cache. */
#include "screen.h"

#include "reliability.h"
#include "simhttp.h"

static const char *const PEOPLE =
    "{\"subscribers\":[{\"email\":\"ada@example.com\",\"first_name\":\"Ada\"},"
    "{\"email\":\"grace@example.com\",\"first_name\":\"Grace\"}]}";

static int setup(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    struct screen *s = *state;
    long status = 0;
    cJSON_Delete(simhttp_call(s->sim.base_url, "POST", "/batch/subscribers", PEOPLE, &status));
    return status == 200 ? 0 : -1;
}

/* The query of the last subscriber lookup the simulator received. */
static char *last_lookup(struct screen *s)
{
    cJSON *all = simproc_journal(&s->sim);
    const cJSON *e;
    const char *query = NULL;
    cJSON_ArrayForEach(e, all)
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "path")), "/fetch/subscribers"))
            query = cJSON_GetStringValue(cJSON_GetObjectItem(e, "query"));
    char *copy = strdup(query ? query : "");
    cJSON_Delete(all);
    return copy;
}

/* Ada's uuid as the simulator has it. */
static void uuid_of_ada(struct screen *s, char *buf, size_t size)
{
    long status = 0;
    cJSON *r = simhttp_call(s->sim.base_url, "GET", "/fetch/subscribers?email=ada@example.com",
                            NULL, &status);
    const char *uuid = cJSON_GetStringValue(cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(r, "data"), "attributes"), "uuid"));
    snprintf(buf, size, "%s", uuid ? uuid : "?");
    cJSON_Delete(r);
}

/* Tab after "ada@ex" gives the cached address whole, once, with no
 * space after it: the lookup that goes out names exactly that person
 * (a cached person is looked up by uuid). */
static void test_lookup_tab_completes_from_cache(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\nlada@example.com<Enter>\nlgrace@example.com<Enter>\n"
                                "lada@ex<Tab>\n@dump shell_lookup_completed.txt\n<Enter>\n"
                                "@dump shell_lookup_done.txt\n"),
                     0);
    screen_expect_text(s, "shell_lookup_completed", "Look up (email or uuid): ada@example.com", 1);
    screen_expect_text(s, "shell_lookup_completed", "ada@example.com ", 0);
    screen_expect_text(s, "shell_lookup_done", "Email        ada@example.com", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/subscribers"), 3);
    char *query = last_lookup(s), uuid[80], want[120];
    uuid_of_ada(s, uuid, sizeof uuid);
    snprintf(want, sizeof want, "&uuid=%s", uuid);
    if (!strstr(query, want))
        fail_msg("the last lookup was %s, not %s", query, want);
    free(query);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_tab_completes_from_cache, setup,
                                        screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
