/* Importing from the console: the file is checked, the plan confirmed,
 * the calls sent while the user moves to other panes (progress in the
 * status line), a cancelled import resumed by running it again, and a
 * broken or binary file refused with one line. */
#include "screen.h"

#include "simhttp.h"

static char csv[400], broken[400], png[400];

static int write_files(struct screen *s)
{
    snprintf(csv, sizeof csv, "%s/people.csv", s->dir);
    snprintf(broken, sizeof broken, "%s/broken.csv", s->dir);
    FILE *fp = fopen(csv, "w");
    if (!fp)
        return -1;
    fputs("email,first_name,plan,tags\n", fp);
    for (int i = 0; i < 2500; i++)
        fprintf(fp, "p%04d@example.com,P%d,pro,\"a;b\"\n", i, i);
    fputs("not-an-address,x,y,z\n", fp);
    fclose(fp);
    fp = fopen(broken, "w");
    if (!fp)
        return -1;
    fputs("email,first_name\n\"ada@example.com,Ada\n", fp);
    fclose(fp);
    snprintf(png, sizeof png, "%s/photo.csv", s->dir);
    fp = fopen(png, "wb");
    if (!fp)
        return -1;
    fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 1, 16, fp);
    fclose(fp);
    return 0;
}

/* The first two calls (the client sends them side by side) stall, so the
 * script can act while they are out: were the second to answer at once,
 * its reply could beat a slow console's cancel and let the third go. */
static int setup(void **state)
{
    char stall[80];
    snprintf(stall, sizeof stall, "POST /batch/subscribers:delay=%d:times=2", screen_stall_ms(800));
    const char *const args[] = {"--seed", "empty", "--fault", stall, NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_files(*state);
}

static long user_count(struct screen *s)
{
    long status = 0;
    cJSON *j = simhttp_call(s->sim.base_url, "GET", "/stats/site", NULL, &status);
    const cJSON *n = cJSON_GetObjectItem(j, "user_count");
    long count = cJSON_IsNumber(n) ? (long)n->valuedouble : -1;
    cJSON_Delete(j);
    return count;
}

static void test_import_while_working(void **state)
{
    struct screen *s = *state;
    char script[2000];
    snprintf(script, sizeof script,
             "2\nI\n%s<Enter>\n@dump import_confirm.txt\ny\n"
             "@wait-text import 0/2500\n@nowait\n1\n@nowait\n@dump import_in_tags.txt\n"
             "@wait-idle\n@dump import_done.txt\n4\n<Enter>\n@dump import_call.txt\n",
             csv);
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    screen_expect_text(s, "import_confirm", "? Import 2500 rows in 3 calls? 1 bad row left out", 1);
    screen_expect_text(s, "import_in_tags", "[1 Tags]", 1);
    screen_expect_text(s, "import_in_tags", "import 0/2500", 1);
    screen_expect_text(s, "import_done",
                       "Import done: 2500 sent, 2500 accepted, 0 failed, "
                       "1 rejected, 3 calls, 0 429s",
                       1);
    /* the Activity pane keeps the start of each big body, not all of it */
    screen_expect_text(s, "import_call", "POST /batch/subscribers", 1);
    screen_expect_text(s, "import_call", "bytes; the first 16384 are kept here)", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/subscribers"), 3);
    assert_int_equal(user_count(s), 2500);
}

static void test_cancel_then_resume(void **state)
{
    struct screen *s = *state;
    char script[2000];
    snprintf(script, sizeof script,
             ":subscribers import %s<Enter>\ny\n@wait-text import 0/2500\n@nowait\n"
             ":import cancel<Enter>\n@wait-idle\n@dump import_stopped.txt\n"
             ":import subscribers %s<Enter>\n@dump import_resume.txt\ny\n"
             "@dump import_resumed.txt\n",
             csv, csv);
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    /* the two calls out when it was cancelled finish; nothing after them goes */
    screen_expect_text(s, "import_stopped", "Import stopped after line 2001", 1);
    screen_expect_text(s, "import_resume", "Resume: import the remaining 500 rows in 1 call", 1);
    screen_expect_text(s, "import_resumed", "Import done: 500 sent", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/subscribers"), 3);
    assert_int_equal(user_count(s), 2500);
}

static void test_broken_file(void **state)
{
    struct screen *s = *state;
    char script[1000];
    snprintf(script, sizeof script, ":import subscribers %s<Enter>\n@dump import_broken.txt\n",
             broken);
    assert_int_equal(screen_run(s, 16, 100, script), 0);
    screen_expect_text(s, "import_broken", "! The file cannot be imported", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/subscribers"), 0);
}

/* A picture saved as .csv: refused by its first bytes, naming the file,
 * before a row is read. */
static void test_binary_file(void **state)
{
    struct screen *s = *state;
    char script[1000];
    snprintf(script, sizeof script, ":import subscribers %s<Enter>\n@dump import_binary.txt\n",
             png);
    /* wide enough that the message, which names the whole temporary path,
     * is not wrapped inside the words the test looks for */
    assert_int_equal(screen_run(s, 16, 240, script), 0);
    screen_expect_text(s, "import_binary", "photo.csv is not a text file", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/subscribers"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_while_working, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_cancel_then_resume, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_broken_file, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_binary_file, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
