/* One personalization for several recipients: the checks and the review
 * warn that everyone gets the same values, and v in the review takes each
 * person's own from the subscriber cache (a recipient it does not know is
 * named as getting the shared values); the simulator's journal shows each
 * email with its own personalizations. */
#include "screen.h"
#include "reliability.h"
#include "simhttp.h"

#include <sys/stat.h>

static char editor_env[400];

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
    char path[360];
    snprintf(path, sizeof path, "%s/editor.sh", s->dir);
    FILE *fp = fopen(path, "w");
    if (!fp || status != 200)
        return -1;
    fputs("#!/bin/sh\n" RUNPROC_CHILD_SPY "echo '<p>Hello {{ first_name }}</p>' > \"$1\"\n", fp);
    fclose(fp);
    chmod(path, 0700);
    snprintf(editor_env, sizeof editor_env, "EDITOR=%s", path);
    return 0;
}

/* Every record /batch/emails accepted, by recipient: its first_name. */
static const char *sent_name(cJSON *journal, const char *to)
{
    const cJSON *e, *rec;
    cJSON_ArrayForEach(e, journal) {
        cJSON_ArrayForEach(rec, cJSON_GetObjectItem(e, "sent")) {
            const cJSON *t = cJSON_GetObjectItem(rec, "to");
            if (cJSON_IsString(t) && !strcmp(t->valuestring, to))
                return cJSON_GetStringValue(cJSON_GetObjectItem(
                    cJSON_GetObjectItem(rec, "personalizations"), "first_name"));
        }
    }
    return NULL;
}

static void test_per_recipient_values(void **state)
{
    struct screen *s = *state;
    const char *env[] = {editor_env, NULL};
    assert_int_equal(
        screen_run_env(s, 24, 110,
                       "2\nlada@example.com<Enter>\n<Esc>\nlgrace@example.com<Enter>\n<Esc>\n"
                       "3\n<Enter>ada@example.com, grace@example.com, bob@example.com<Enter>\n"
                       "<Tab>\n<Enter>\n<Enter>\n<Tab>\n<Enter>Hi {{ first_name }}<Enter>\n"
                       "<Tab>\n<Enter>\n<Tab>\n<Enter>first_name=Ada<Enter>\n"
                       "@dump compose_values_form.txt\ns\n@dump compose_values_shared.txt\n"
                       "v\n@dump compose_values_each.txt\ny\n@dump compose_values_sent.txt\n",
                       env),
        0);
    screen_expect_text(s, "compose_values_form",
                       "All 3 recipients get the same personalizations (first_name=Ada)", 1);
    screen_expect_golden(s, "compose_values_shared");
    screen_expect_text(s, "compose_values_shared", "the same for everyone", 1);
    screen_expect_golden(s, "compose_values_each");
    screen_expect_text(s, "compose_values_each", "grace@example.com: first_name=Grace", 1);
    screen_expect_text(s, "compose_values_each",
                       "bob@example.com: first_name=Ada (shared values: not in the subscriber "
                       "cache)",
                       1);
    screen_expect_text(s, "compose_values_sent", "Bento queued 3 emails", 1);
    cJSON *journal = simproc_journal(&s->sim);
    assert_string_equal(sent_name(journal, "ada@example.com"), "Ada");
    assert_string_equal(sent_name(journal, "grace@example.com"), "Grace");
    assert_string_equal(sent_name(journal, "bob@example.com"), "Ada");
    cJSON_Delete(journal);
    reliability_record("Input", "one personalization for several recipients", -1,
                       "All 3 recipients get the same personalizations (first_name=Ada): send one "
                       "each, or take each person's fields (v in the console's review)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_per_recipient_values, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
