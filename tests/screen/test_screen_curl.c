#define _GNU_SOURCE /* asprintf */
/* The Activity pane's copy-as-curl command: one logical line that a copy
 * from the terminal takes whole, the clipboard (OSC 52, read back from
 * what the terminal received) and a script written with the request's
 * whole body; every one of them runs against the simulator and never
 * holds the secret key. */
#include "screen.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"

#define COLS_RUN 80
#define ROWS_RUN 40

static int setup(void **state)
{
    const char *const args[] = {"--seed", "empty", NULL};
    return screen_setup_with(state, args);
}

/* The rows from the one starting "curl " to the last row of the view,
 * each padded back to the screen's width (the dump cuts trailing blanks). */
static char *joined_curl_rows(const char *dump)
{
    const char *p = strstr(dump, "\ncurl ");
    assert_non_null(p);
    char *out = calloc(1, strlen(p) * 2 + COLS_RUN * ROWS_RUN);
    const char *row = p + 1;
    for (int n = 0; row && *row; n++) {
        const char *end = strchr(row, '\n');
        size_t len = end ? (size_t)(end - row) : strlen(row);
        /* the status line follows the view: it starts with blanks */
        if (len == 0 || row[0] == ' ')
            break;
        if (n > 0 && strlen(out) % COLS_RUN)
            fail_msg("row %d of the curl line is not full width", n);
        strncat(out, row, len);
        if (len < COLS_RUN)
            memset(out + strlen(out), ' ', COLS_RUN - len);
        row = end ? end + 1 : NULL;
    }
    size_t n = strlen(out);
    while (n && out[n - 1] == ' ')
        out[--n] = 0;
    return out;
}

static int b64(int c)
{
    const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *at = c ? strchr(abc, c) : NULL;
    return at ? (int)(at - abc) : -1;
}

/* The text of the first OSC 52 sequence in what the terminal received. */
static char *osc52_text(const char *term)
{
    const char *p = strstr(term, "\033]52;c;");
    assert_non_null(p);
    p += 7;
    char *out = calloc(1, strlen(p)), *o = out;
    unsigned acc = 0;
    int bits = 0;
    for (; *p && *p != '\a'; p++) {
        int v = b64(*p);
        if (v < 0)
            continue;
        acc = acc << 6 | (unsigned)v;
        if ((bits += 6) >= 8) {
            bits -= 8;
            *o++ = (char)(acc >> bits & 0xff);
        }
    }
    assert_int_equal(*p, '\a');
    return out;
}

/* Run a shell command line with the demo keys exported; its status. */
static int run_with_keys(const char *cmd)
{
    setenv("BENTO_PUBLISHABLE_KEY", BENTO_SIM_DEMO_PUBLISHABLE, 1);
    setenv("BENTO_SECRET_KEY", BENTO_TEST_SECRET, 1);
    char *line = NULL;
    assert_true(asprintf(&line, "%s >/dev/null", cmd) > 0);
    int rc = system(line);
    free(line);
    return rc;
}

static void test_curl_line_and_clipboard(void **state)
{
    struct screen *s = *state;
    char out[400], env_out[440];
    snprintf(out, sizeof out, "%s/term.out", s->dir);
    snprintf(env_out, sizeof env_out, "BENTO_CONSOLE_TERM_OUT=%s", out);
    const char *env[] = {env_out, NULL};
    assert_int_equal(screen_run_env(s, ROWS_RUN, COLS_RUN,
                                    ":tags create vip-application-json-long-name<Enter>\n4\n"
                                    "j<Enter>\n@dump curl_view.txt\nc\n@dump curl_copied.txt\n",
                                    env),
                     0);
    char *view = screen_dump(s, "curl_view");
    char *line = joined_curl_rows(view);
    char *term = screen_read_file(out);
    assert_non_null(term);
    char *clip = osc52_text(term);
    assert_string_equal(line, clip); /* a copy from the screen is the command */
    assert_non_null(strstr(clip, "-H 'Content-Type: application/json'"));
    assert_non_null(strstr(clip, "$BENTO_PUBLISHABLE_KEY:$BENTO_SECRET_KEY"));
    assert_null(strstr(clip, BENTO_TEST_SECRET));
    assert_null(strstr(term, BENTO_TEST_SECRET));
    screen_expect_text(s, "curl_copied", "Copied the curl command (OSC 52", 1);
    /* the copied command works */
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), 1);
    assert_int_equal(run_with_keys(clip), 0);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/tags"), 2);
    reliability_record("Secrets", "copy as curl to the clipboard (OSC 52)", -1,
                       "keys as $BENTO_PUBLISHABLE_KEY:$BENTO_SECRET_KEY");
    free(view);
    free(line);
    free(term);
    free(clip);
}

/* Inside tmux the sequence goes through its DCS passthrough, Esc doubled. */
static void test_clipboard_through_tmux(void **state)
{
    struct screen *s = *state;
    char out[400], env_out[440];
    snprintf(out, sizeof out, "%s/term.out", s->dir);
    snprintf(env_out, sizeof env_out, "BENTO_CONSOLE_TERM_OUT=%s", out);
    const char *env[] = {env_out, "TMUX=/tmp/tmux-0/default,1,0", NULL};
    assert_int_equal(screen_run_env(s, ROWS_RUN, COLS_RUN, ":tags create vip<Enter>\n4\nc\n", env),
                     0);
    char *term = screen_read_file(out);
    assert_non_null(term);
    const char *p = strstr(term, "\033Ptmux;\033\033]52;c;");
    assert_non_null(p);
    assert_non_null(strstr(p, "\a\033\\"));
    free(term);
}

static size_t file_size(const char *path, unsigned *mode)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    *mode = st.st_mode & 0777;
    return (size_t)st.st_size;
}

/* An import call's body is larger than the 16 KiB the detail view shows:
 * `w` writes the script and the whole body (0600), replacing a symlink
 * where the user named one, and the script sends the same call again. */
static void test_write_whole_body(void **state)
{
    struct screen *s = *state;
    char csv[400], script[2400], sh[400], json[400], target[400];
    snprintf(csv, sizeof csv, "%s/people.csv", s->dir);
    snprintf(sh, sizeof sh, "%s/req.sh", s->dir);
    snprintf(json, sizeof json, "%s/req.json", s->dir);
    snprintf(target, sizeof target, "%s/target", s->dir);
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("email,first_name,plan\n", fp);
    for (int i = 0; i < 400; i++)
        fprintf(fp, "person%04d@example.com,Person %d,pro\n", i, i);
    fclose(fp);
    fp = fopen(target, "w");
    assert_non_null(fp);
    fputs("untouched\n", fp);
    fclose(fp);
    assert_int_equal(symlink(target, sh), 0);
    snprintf(script, sizeof script,
             "2\nI\n%s<Enter>\ny\n@wait-idle\n4\n<Enter>\n@dump big_detail.txt\n"
             "w\n@dump big_prompt.txt\n<C-u>activity write %s<Enter>\n@dump big_written.txt\n",
             csv, sh);
    double t0 = reliability_now();
    assert_int_equal(screen_run(s, ROWS_RUN, COLS_RUN, script), 0);
    double took = reliability_now() - t0;
    char *detail = screen_dump(s, "big_detail");
    const char *cut = strstr(detail, "bytes; the first 16384 are kept here");
    assert_non_null(cut);
    while (cut > detail && cut[-1] != '(')
        cut--;
    size_t sent = strtoul(cut, NULL, 10);
    assert_true(sent > 16384);
    screen_expect_text(s, "big_prompt", ":activity write bento-request-", 1);
    screen_expect_text(s, "big_written", "Wrote ", 1);
    unsigned mode = 0;
    assert_int_equal(file_size(json, &mode), sent);
    assert_int_equal(mode, 0600);
    file_size(sh, &mode);
    assert_int_equal(mode, 0600);
    char *kept = screen_read_file(target);
    assert_string_equal(kept, "untouched\n");
    char *body = screen_read_file(json), *text = screen_read_file(sh);
    assert_null(strstr(text, BENTO_TEST_SECRET));
    assert_null(strstr(body, BENTO_TEST_SECRET));
    cJSON *j = cJSON_Parse(body);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "subscribers")), 400);
    cJSON_Delete(j);
    /* the script sends the same call again, from any directory */
    char cmd[500];
    snprintf(cmd, sizeof cmd, "cd / && sh %s", sh);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/subscribers"), 1);
    assert_int_equal(run_with_keys(cmd), 0);
    cJSON *journal = simproc_journal(&s->sim);
    int n = cJSON_GetArraySize(journal);
    cJSON *first = NULL, *last = cJSON_GetArrayItem(journal, n - 1);
    for (int i = 0; i < n && !first; i++)
        if (!strcmp(
                cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(journal, i), "path")),
                "/batch/subscribers"))
            first = cJSON_GetArrayItem(journal, i);
    assert_non_null(first);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(last, "path")),
                        "/batch/subscribers");
    assert_true(cJSON_Compare(cJSON_GetObjectItem(first, "emails"),
                              cJSON_GetObjectItem(last, "emails"), 1));
    cJSON_Delete(journal);
    reliability_record("Output", "curl script of a call with a body over 16 KiB", took,
                       "Wrote req.sh (run it with sh) and its body req.json.");
    free(detail);
    free(kept);
    free(body);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_curl_line_and_clipboard, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_clipboard_through_tmux, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_write_whole_body, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
