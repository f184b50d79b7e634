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

/* The addresses of the commands the simulator received, in order, each
 * with the command's name and query: "add_tag:vip:a@x,...". */
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

/* A file of n people, person1@example.com.., with one bad row. */
static void people_file(struct screen *s, const char *name, int n, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", s->dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("email,first_name\n", fp);
    for (int i = 1; i <= n; i++)
        fprintf(fp, "Person%d@Example.com,P%d\n", i, i);
    fputs("not an address,X\n", fp);
    fclose(fp);
}

/* Three people from a file: tagged at once, exactly those three, with no
 * one selected in the pane; the bad row is left out. */
static void test_tag_from_file_of_three(void **state)
{
    struct screen *s = *state;
    char path[400], script[1200];
    people_file(s, "three.csv", 3, path, sizeof path);
    snprintf(script, sizeof script,
             ":subscribers tag vip -f %s<Enter>\n@wait-idle\n@dump shell_tag_three.txt\n", path);
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    screen_expect_text(s, "shell_tag_three",
                       "Queued 3 changes (add tag vip) for 3 people in 1 call.", 1);
    char *sent = commands_received(s);
    const char *want = "[{\"command\":\"add_tag\",\"email\":\"person1@example.com\","
                       "\"query\":\"vip\"},{\"command\":\"add_tag\",\"email\":"
                       "\"person2@example.com\",\"query\":\"vip\"},{\"command\":\"add_tag\","
                       "\"email\":\"person3@example.com\",\"query\":\"vip\"}]";
    if (strcmp(sent, want) != 0)
        fail_msg("the simulator received %s", sent);
    free(sent);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 1);
}

/* Twelve people: the command line's rule asks first; n sends nothing,
 * y sends the twelve. */
static void test_tag_from_file_of_twelve_asks(void **state)
{
    struct screen *s = *state;
    char path[400], script[1200];
    people_file(s, "twelve.csv", 12, path, sizeof path);
    snprintf(script, sizeof script,
             ":subscribers tag vip -f %s<Enter>\n@dump shell_tag_twelve_question.txt\nn\n"
             "@dump shell_tag_twelve_no.txt\n",
             path);
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    double took = reliability_now() - t0;
    screen_expect_golden(s, "shell_tag_twelve_question");
    screen_expect_text(s, "shell_tag_twelve_no", "Nothing sent.", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 0);
    reliability_record("Sending once", "console :subscribers tag -f with 12 people, answered n",
                       took, "Add tag vip for 12 people? (1 bad address skipped) [y/N]");
    snprintf(script, sizeof script, ":subscribers tag vip -f %s<Enter>\ny\n@wait-idle\n", path);
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    char *sent = commands_received(s);
    if (!strstr(sent, "person12@example.com") || strstr(sent, "not an address"))
        fail_msg("the simulator received %s", sent);
    free(sent);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 1);
}

/* Save profile `name` with a secret the screen must never show. */
static void save_profile(struct screen *s, const char *name)
{
    const char *const env[] = {"BENTO_SECRET_KEY=sk-never-shown-4242", NULL};
    const char *const words[] = {"profile", "add", name, NULL};
    struct runproc r;
    memset(&r, 0, sizeof r);
    assert_int_equal(runproc_console(s->sim.base_url, s->dir, env, words, &r), 0);
    if (r.status != 0)
        fail_msg("profile add %s: %s", name, r.err);
    runproc_free(&r);
}

/* :profile list opens a text view of the names, the current one marked;
 * no key is shown. */
static void test_profile_list_in_a_text_view(void **state)
{
    struct screen *s = *state;
    save_profile(s, "shop");
    save_profile(s, "work");
    assert_int_equal(
        screen_run(s, 12, 80, ":profile list<Enter>\n@dump shell_profile_list.txt\n<Esc>\n"), 0);
    screen_expect_golden(s, "shell_profile_list");
    screen_expect_text(s, "shell_profile_list", "sk-never-shown", 0);
    reliability_record("Secrets", "console :profile list with saved keys", -1,
                       "* work  (this console uses it)");
}

/* :tags list --csv FILE writes the command line's CSV to FILE. */
static void test_tags_csv_to_file(void **state)
{
    struct screen *s = *state;
    long status = 0;
    cJSON_Delete(simhttp_call(s->sim.base_url, "POST", "/fetch/tags",
                              "{\"tag\":{\"name\":\"vip, gold\"}}", &status));
    char path[400], script[1000];
    snprintf(path, sizeof path, "%s/tags.csv", s->dir);
    snprintf(script, sizeof script,
             ":tags list --csv %s<Enter>\n@wait-idle\n@dump shell_tags_csv.txt\n", path);
    assert_int_equal(screen_run(s, 12, 100, script), 0);
    char *csv = screen_read_file(path);
    assert_non_null(csv);
    int rows = -1; /* the header is no tag */
    for (const char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
        rows++;
    char want[200];
    snprintf(want, sizeof want, "Wrote %d tag%s to %.60s", rows, rows == 1 ? "" : "s", path);
    screen_expect_text(s, "shell_tags_csv", want, 1);
    if (strncmp(csv, "name,id,created_at,discarded_at\r\n", 33) != 0 ||
        !strstr(csv, "\r\n\"vip, gold\","))
        fail_msg("the file holds %s", csv);
    free(csv);
}

/* :fields list --csv FILE too, in the command line's columns. */
static void test_fields_csv_to_file(void **state)
{
    struct screen *s = *state;
    char path[400], script[1000];
    snprintf(path, sizeof path, "%s/fields.csv", s->dir);
    snprintf(script, sizeof script,
             ":fields list --csv %s<Enter>\n@wait-idle\n@dump shell_fields_csv.txt\n", path);
    assert_int_equal(screen_run(s, 12, 100, script), 0);
    char *csv = screen_read_file(path);
    assert_non_null(csv);
    if (strncmp(csv, "key,name,id,created_at\r\n", 24) != 0 || !strstr(csv, "\r\nfirst_name,"))
        fail_msg("the file holds %s", csv);
    free(csv);
    screen_expect_text(s, "shell_fields_csv", "Wrote ", 1);
}

/* :authors list and :stats site answer in a text view. */
static void test_authors_and_stats_in_text_views(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 12, 100,
                                ":authors list<Enter>\n@wait-idle\n@dump shell_authors.txt\n"
                                "<Esc>\n:stats site<Enter>\n@wait-idle\n@dump shell_stats.txt\n"),
                     0);
    screen_expect_text(s, "shell_authors", "Authors allowed to send email", 1);
    screen_expect_text(s, "shell_authors", "NAME", 1);
    screen_expect_text(s, "shell_stats", "Subscribed:", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/authors"), 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/stats/site"), 1);
}

/* Tab on the `:` line offers what ? help lists: no hidden command
 * (next-page), none that works only in a shell (profile add); typed
 * anyway, such a command says why in one line. */
static void test_completion_offers_only_console_commands(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 12, 100,
                                ":profile <Tab><Tab>\n@dump shell_complete_profile.txt\n<Esc>\n"
                                ":subscribers ne<Tab>\n@dump shell_complete_next.txt\n<Esc>\n"
                                ":profile add x<Enter>\n@dump shell_profile_add.txt\n"),
                     0);
    screen_expect_text(s, "shell_complete_profile", "3 matches: import list use", 1);
    screen_expect_text(s, "shell_complete_next", "next-page", 0);
    screen_expect_text(s, "shell_profile_add",
                       "! :profile add is not in the console: it reads the secret key", 1);
    reliability_record("Input", "console :profile add (needs the terminal)", -1,
                       ":profile add is not in the console: it reads the secret key hidden on "
                       "the terminal the console is drawing on; run bento-console profile add "
                       "NAME in a shell");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_tab_completes_from_cache, setup,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_tag_from_file_of_three, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_tag_from_file_of_twelve_asks, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_profile_list_in_a_text_view, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_tags_csv_to_file, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_fields_csv_to_file, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_authors_and_stats_in_text_views, setup,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_completion_offers_only_console_commands, setup,
                                        screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
