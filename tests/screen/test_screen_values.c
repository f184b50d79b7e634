/* What is typed or picked in the Subscribers pane reaches Bento exactly:
 * a word completed with Tab carries no trailing space into the value
 * (field key, tag, the person's tag, the import's file), and a value the
 * core refuses re-opens the prompt with the text kept. Asserted on what
 * the simulator received (its journal), not only on the screen. */
#include "screen.h"

#include "reliability.h"
#include "simhttp.h"

static const char *const ADA =
    "{\"subscribers\":[{\"email\":\"ada@example.com\",\"first_name\":\"Ada\",\"plan\":\"pro\","
    "\"tags\":\"customer,vip\"}]}";

static int setup(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    struct screen *s = *state;
    long status = 0;
    cJSON_Delete(simhttp_call(s->sim.base_url, "POST", "/batch/subscribers", ADA, &status));
    return status == 200 ? 0 : -1;
}

/* The commands the simulator received, in order, as one JSON text. */
static char *commands_received(struct screen *s)
{
    cJSON *all = simproc_journal(&s->sim), *cmds = cJSON_CreateArray();
    const cJSON *e, *c;
    cJSON_ArrayForEach(e, all)
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(e, "commands"))
            cJSON_AddItemToArray(cmds, cJSON_Duplicate(c, 1));
    cJSON_Delete(all);
    char *text = cJSON_PrintUnformatted(cmds);
    cJSON_Delete(cmds);
    return text;
}

static void test_tab_completion_sends_the_word(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 20, 100,
                                "1\n2\nlada@example.com<Enter>\n"
                                "f\npl<Tab>\n@dump values_field_completed.txt\n<Enter>\n"
                                "<C-u>enterprise<Enter>\n@dump values_field_confirm.txt\ny\n"
                                "t\nvi<Tab>\n@dump values_tag_completed.txt\n<Enter>\ny\n"
                                "u\ncust<Tab><Enter>\n@dump values_untag_confirm.txt\ny\n"
                                "@wait-idle\n"),
                     0);
    char *sent = commands_received(s);
    if (!strstr(sent, "{\"key\":\"plan\",\"value\":\"enterprise\"}") ||
        !strstr(sent, "\"command\":\"add_tag\",\"email\":\"ada@example.com\",\"query\":\"vip\"") ||
        !strstr(sent, "\"command\":\"remove_tag\",\"email\":\"ada@example.com\","
                      "\"query\":\"customer\"") ||
        strstr(sent, " \""))
        fail_msg("the simulator received %s", sent);
    free(sent);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 3);
    screen_expect_text(s, "values_field_completed", "key: plan", 1);
    screen_expect_text(s, "values_field_confirm", "Set plan = \"enterprise\" on", 1);
    screen_expect_text(s, "values_untag_confirm", "Remove tag \"customer\" from", 1);
}

/* On the `:` line the space after a completed word separates it from the
 * next word; the words sent do not carry it. */
static void test_command_line_completion(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 20, 100,
                                "2\nlada@example.com<Enter>\n"
                                ":subscribers set-field pl<Tab>gold<Enter>\n"
                                "@dump values_colon_confirm.txt\ny\n@wait-idle\n"),
                     0);
    char *sent = commands_received(s);
    if (!strstr(sent, "{\"key\":\"plan\",\"value\":\"gold\"}"))
        fail_msg("the simulator received %s", sent);
    free(sent);
    screen_expect_text(s, "values_colon_confirm", "Set plan = \"gold\" on", 1);
}

/* The import's file by Tab; its duplicate row is counted in the question. */
static void test_tab_completion_of_import_file(void **state)
{
    struct screen *s = *state;
    char path[400], prefix[400], script[1200];
    snprintf(path, sizeof path, "%s/people-to-import.csv", s->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("email,first_name\ngrace@example.com,Grace\n GRACE@example.com,Hopper\n", fp);
    fclose(fp);
    snprintf(prefix, sizeof prefix, "%s/people-to-imp", s->dir);
    snprintf(script, sizeof script,
             "2\nI\n%s<Tab><Enter>\n@dump values_import_confirm.txt\ny\n@wait-idle\n", prefix);
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    screen_expect_text(s, "values_import_confirm", "does not exist", 0);
    screen_expect_text(s, "values_import_confirm", "No such file", 0);
    screen_expect_text(s, "values_import_confirm", "1 bad row, 1 of them duplicate", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/subscribers"), 2);
}

/* A tag name with a control character: refused, nothing sent, the text
 * still in the prompt to correct. */
static void test_bad_value_keeps_text(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 100,
                                "2\nlada@example.com<Enter>\nt\nvip<C-v><C-g>x<Enter>\n"
                                "@dump values_tag_refused.txt\n<Esc>\n"),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "values_tag_refused",
                       "! Tag name \"vip\\x07x\" holds a control character: remove it", 1);
    screen_expect_text(s, "values_tag_refused", "Add tag to ada@example.com: vip^Gx", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 0);
    reliability_record("Input", "console tag prompt given a control character", took,
                       "Tag name \"vip\\x07x\" holds a control character: remove it");
}

/* :compose to-file reads addresses as the command line does: a device
 * is refused at once instead of being read forever. */
static void test_compose_to_file_device(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(
        screen_run(s, 16, 100, ":compose to-file /dev/zero<Enter>\n@dump values_to_file.txt\n"), 0);
    screen_expect_text(s, "values_to_file", "! /dev/zero is not a regular file", 1);
    reliability_record("Input", "console :compose to-file /dev/zero", reliability_now() - t0,
                       "/dev/zero is not a regular file: give a file of addresses (or - for "
                       "standard input)");
}

/* The Tags pane's new-tag prompt and the lookup prompt use the same
 * checks: a name of spaces or with a control character is refused before
 * anything is sent, and the prompt opens again with the text typed. */
static void test_tags_and_lookup_prompts_refuse(void **state)
{
    struct screen *s = *state;
    int before = simproc_journal_count(&s->sim, "POST", "/fetch/tags");
    assert_int_equal(screen_run(s, 16, 100,
                                "1\nn\n<Space><Space><Enter>\n@dump values_tag_spaces.txt\n<Esc>\n"
                                "n\nvip<C-v><C-g>x<Enter>\n@dump values_newtag_refused.txt\n"
                                "<C-u><Space>vip-2026<Space><Enter>\n@wait-idle\n"
                                "2\nlnot an address<Enter>\n@dump values_lookup_refused.txt\n"
                                "<Esc>\n"),
                     0);
    screen_expect_text(s, "values_tag_spaces", "! Tag name is empty", 1);
    screen_expect_text(s, "values_newtag_refused", "holds a control character", 1);
    screen_expect_text(s, "values_newtag_refused", "New tag name: vip^Gx", 1);
    screen_expect_text(s, "values_lookup_refused", "is not a plausible", 1);
    screen_expect_text(s, "values_lookup_refused", "Look up (email or uuid): not an address", 1);
    /* only the corrected name went out, trimmed */
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), before + 1);
    cJSON *all = simproc_journal(&s->sim);
    char *text = cJSON_PrintUnformatted(all);
    if (!strstr(text, "vip-2026") || strstr(text, " vip-2026") || strstr(text, "vip-2026 "))
        fail_msg("the simulator received %s", text);
    free(text);
    cJSON_Delete(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tab_completion_sends_the_word, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_command_line_completion, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_tab_completion_of_import_file, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_bad_value_keeps_text, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_compose_to_file_device, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_tags_and_lookup_prompts_refuse, setup,
                                        screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
