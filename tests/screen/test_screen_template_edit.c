/* Editing a template from the console (`:templates edit`, `:templates
 * history`), driven by key scripts against bento-sim with an $EDITOR
 * script: the diff and y, n, no change, a change made on Bento meanwhile,
 * a refused PATCH, and the history's preview, diff and restore. Asserts
 * on the screens and on what the simulator received (its journal). */
#define _GNU_SOURCE
#include "screen.h"

#include <glob.h>
#include <sys/stat.h>

#include "bento/sim.h"
#include "reliability.h"
#include "simhttp.h"

#define TID "7001" /* the first email of the demo's Onboarding sequence */

static char editor_env[400];

/* An $EDITOR that changes "Start here" in the body; extra runs after. */
static int write_editor(struct screen *s, const char *extra)
{
    char path[360];
    snprintf(path, sizeof path, "%s/editor.sh", s->dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fprintf(fp,
            "#!/bin/sh\n" RUNPROC_CHILD_SPY
            "sed -i 's/Start here/Begin here/' \"$1\"\n%s\nexit 0\n",
            extra ? extra : "");
    fclose(fp);
    chmod(path, 0700);
    snprintf(editor_env, sizeof editor_env, "EDITOR=%s", path);
    return 0;
}

static int setup(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    return write_editor(*state, NULL);
}

/* The first PATCH goes through; the ones after it answer 500. */
static int setup_patch_500(void **state)
{
    static const char *const args[] = {"--fault",
                                       "PATCH /fetch/emails/templates/*:status=500:after=1", NULL};
    if (screen_setup_with(state, args) < 0)
        return -1;
    return write_editor(*state, NULL);
}

/* Someone changes the subject on Bento while the editor is open. */
static int setup_changed(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    struct screen *s = *state;
    char extra[1024];
    snprintf(extra, sizeof extra,
             "curl -s -o /dev/null -A tests/1 -u %s:%s -X PATCH -H 'Content-Type: "
             "application/json' -d '{\"email_template\":{\"subject\":\"Changed elsewhere\"}}' "
             "'%s/fetch/emails/templates/" TID "?site_uuid=%s'",
             BENTO_SIM_DEMO_PUBLISHABLE, BENTO_TEST_SECRET, s->sim.base_url, BENTO_SIM_DEMO_SITE);
    return write_editor(s, extra);
}

static int run(struct screen *s, const char *script)
{
    const char *const env[] = {editor_env, NULL};
    return screen_run_env(s, 30, 100, script, env);
}

/* The template as the simulator holds it: "subject" or "html". */
static char *server_field(struct screen *s, const char *key)
{
    long status = 0;
    cJSON *res = simhttp_call(s->sim.base_url, "GET", "/fetch/emails/templates/" TID, NULL,
                              &status);
    assert_int_equal(status, 200);
    const cJSON *attrs = cJSON_GetObjectItem(cJSON_GetObjectItem(res, "data"), "attributes");
    char *v = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(attrs, key)));
    cJSON_Delete(res);
    return v;
}

static int patches(struct screen *s)
{
    return simproc_journal_count(&s->sim, "PATCH", "/fetch/emails/templates/*");
}

/* The "changed" object of the last PATCH the simulator accepted. */
static cJSON *last_change(struct screen *s)
{
    cJSON *journal = simproc_journal(&s->sim), *changed = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, journal) {
        const cJSON *c = cJSON_GetObjectItem(e, "changed");
        if (c) {
            cJSON_Delete(changed);
            changed = cJSON_Duplicate(c, 1);
        }
    }
    cJSON_Delete(journal);
    return changed;
}

static const char *changed(const cJSON *c, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(c, key));
}

/* Versions kept in the local history, whatever the profile's name. */
static size_t kept_versions(struct screen *s)
{
    char pattern[500];
    glob_t g;
    snprintf(pattern, sizeof pattern, "%s/state/bento-console/templates/*/" TID "/*.json", s->dir);
    size_t n = glob(pattern, 0, NULL, &g) == 0 ? g.gl_pathc : 0;
    globfree(&g);
    return n;
}

/* The body the editor script makes of the original. */
static char *edited(const char *html)
{
    char *out = strdup(html), *at = strstr(out, "Start here");
    assert_non_null(at);
    memcpy(at, "Begin", 5);
    return out;
}

static const char EDIT[] = ":templates edit " TID "<Enter>\n<C-u>Welcome to Bento<Enter>\n";

static void test_edit_diff_yes(void **state)
{
    struct screen *s = *state;
    char *html = server_field(s, "html");
    char script[400];
    snprintf(script, sizeof script, "%s@dump te_diff.txt\ny\n@dump te_sent.txt\n", EDIT);
    assert_int_equal(run(s, script), 0);
    screen_expect_golden(s, "te_diff");
    screen_expect_text(s, "te_sent", "Updated template 7001; the version it replaced is kept", 1);
    assert_int_equal(patches(s), 1);
    cJSON *c = last_change(s);
    char *want = edited(html);
    assert_string_equal(changed(c, "subject"), "Welcome to Bento");
    assert_string_equal(changed(c, "html"), want);
    assert_int_equal(kept_versions(s), 1);
    cJSON_Delete(c);
    free(want);
    free(html);
}

/* Neither $VISUAL nor $EDITOR: the body in the built-in editor, then the
 * same diff and y; the PATCH carries what was typed. */
static void test_edit_builtin(void **state)
{
    struct screen *s = *state;
    const char *const env[] = {"EDITOR", "VISUAL", NULL};
    assert_int_equal(
        screen_run_env(s, 30, 100,
                       ":templates edit " TID "<Enter>\n<C-u>Welcome to Bento<Enter>\n"
                       "@dump te_builtin.txt\n<lt>p>New first line<lt>/p><Enter>\n<Esc>\n"
                       "@dump te_builtin_diff.txt\ny\n@wait-idle\n",
                       env),
        0);
    screen_expect_golden(s, "te_builtin");
    screen_expect_golden(s, "te_builtin_diff");
    screen_expect_text(s, "te_builtin_diff", "+<p>New first line</p>", 1);
    assert_int_equal(patches(s), 1);
    cJSON *c = last_change(s);
    const char *html = changed(c, "html");
    assert_non_null(html);
    assert_int_equal(strncmp(html, "<p>New first line</p>\n", 22), 0);
    assert_non_null(strstr(html, "Start here"));
    assert_string_equal(changed(c, "subject"), "Welcome to Bento");
    cJSON_Delete(c);
}

/* The same flow from the Automations pane: e on the Onboarding sequence's
 * first email edits template 7001, and h lists the version it kept. */
static void test_from_automations_pane(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, "6\nj\ne\n<C-u>Welcome to Bento<Enter>\n@dump te_au_diff.txt\ny\n"
                            "@dump te_au_sent.txt\nh\n@dump te_au_history.txt\n"),
                     0);
    screen_expect_text(s, "te_au_diff", "+Subject: Welcome to Bento", 1);
    screen_expect_text(s, "te_au_sent", "Updated template 7001", 1);
    screen_expect_text(s, "te_au_history", "Welcome aboard", 1);
    assert_int_equal(patches(s), 1);
    cJSON *c = last_change(s);
    assert_string_equal(changed(c, "subject"), "Welcome to Bento");
    cJSON_Delete(c);
    assert_int_equal(kept_versions(s), 1);
}

/* n sends nothing; the next edit reopens what was typed. */
static void test_edit_no_keeps_text(void **state)
{
    struct screen *s = *state;
    char script[400];
    snprintf(script, sizeof script,
             "%sn\n@dump te_no.txt\n:templates edit " TID "<Enter>\n@dump te_reopen.txt\n<Esc>\n",
             EDIT);
    assert_int_equal(run(s, script), 0);
    screen_expect_text(s, "te_no", "Not changed; nothing was sent", 1);
    screen_expect_text(s, "te_reopen", "Subject: Welcome to Bento", 1);
    assert_int_equal(patches(s), 0);
    assert_int_equal(kept_versions(s), 0);
}

/* The editor leaves the body as it was and the subject is kept. */
static void test_no_change_sends_nothing(void **state)
{
    struct screen *s = *state;
    write_editor(s, "sed -i 's/Begin here/Start here/' \"$1\"");
    assert_int_equal(run(s, ":templates edit " TID "<Enter>\n<Enter>\n@dump te_same.txt\n"), 0);
    screen_expect_text(s, "te_same", "Template 7001: no change, so nothing was sent.", 1);
    assert_int_equal(patches(s), 0);
    assert_int_equal(kept_versions(s), 0);
}

static void test_changed_on_bento_meanwhile(void **state)
{
    struct screen *s = *state;
    double t0 = reliability_now();
    assert_int_equal(run(s, ":templates edit " TID "<Enter>\n<Enter>\ny\n@dump te_changed.txt\n"
                            "n\n@dump te_changed_no.txt\n"),
                     0);
    reliability_record("Sending once", "console template edit: changed on Bento while editing",
                       reliability_now() - t0,
                       "! Template 7001 changed on Bento since it was opened: nothing was sent; "
                       "review its change.");
    screen_expect_golden(s, "te_changed");
    screen_expect_text(s, "te_changed_no", "Not changed; nothing was sent", 1);
    assert_int_equal(patches(s), 1); /* only the one made elsewhere */
    assert_int_equal(kept_versions(s), 0);
    char *subject = server_field(s, "subject");
    assert_string_equal(subject, "Changed elsewhere");
    free(subject);
}

/* The second change is refused: one line, and the history as it was. */
static void test_failed_patch(void **state)
{
    struct screen *s = *state;
    char script[600];
    snprintf(script, sizeof script,
             "%sy\n:templates edit " TID "<Enter>\n<C-u>Second try<Enter>\ny\n"
             "@dump te_failed.txt\n",
             EDIT);
    double t0 = reliability_now();
    assert_int_equal(run(s, script), 0);
    char *dump = screen_dump(s, "te_failed");
    char *line = strstr(dump, "! Template 7001 not changed");
    assert_non_null(line);
    line[strcspn(line, "\n")] = '\0';
    reliability_record("Sending once", "console template edit: the PATCH answers 500",
                       reliability_now() - t0, line);
    assert_non_null(strstr(line, "its history is as it was"));
    free(dump);
    assert_int_equal(patches(s), 2); /* the second sent once, not retried */
    assert_int_equal(kept_versions(s), 1);
}

/* Edit, then the history: preview, diff, and restore byte for byte. */
static void test_history_preview_diff_restore(void **state)
{
    struct screen *s = *state;
    char *subject = server_field(s, "subject"), *html = server_field(s, "html");
    char script[800];
    snprintf(script, sizeof script,
             "%sy\n:templates history " TID "<Enter>\n@dump th_list.txt\n<Enter>\n"
             "@dump th_preview.txt\n<Esc>\nd\n@dump th_diff.txt\n<Esc>\nr\n"
             "@dump th_restore.txt\ny\n@dump th_restored.txt\n",
             EDIT);
    assert_int_equal(run(s, script), 0);
    screen_expect_golden(s, "th_list");
    screen_expect_golden(s, "th_preview");
    screen_expect_golden(s, "th_diff");
    screen_expect_golden(s, "th_restore");
    screen_expect_text(s, "th_restored", "Updated template 7001", 1);
    assert_int_equal(patches(s), 2);
    cJSON *c = last_change(s);
    assert_string_equal(changed(c, "subject"), subject);
    assert_string_equal(changed(c, "html"), html);
    cJSON_Delete(c);
    char *now_s = server_field(s, "subject"), *now_h = server_field(s, "html");
    assert_string_equal(now_s, subject);
    assert_string_equal(now_h, html);
    assert_int_equal(kept_versions(s), 2);
    free(now_s), free(now_h), free(subject), free(html);
}

/* Tab completes the commands; ? lists them. */
static void test_complete_and_help(void **state)
{
    struct screen *s = *state;
    assert_int_equal(run(s, ":templates e<Tab>\n@dump te_tab.txt\n<Esc>\n?\n:find templates "
                            "history<Enter>\n@dump te_help.txt\n"),
                     0);
    screen_expect_text(s, "te_tab", ":templates edit", 1);
    screen_expect_text(s, "te_help", "templates history", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_edit_diff_yes, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_edit_builtin, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_from_automations_pane, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_edit_no_keeps_text, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_no_change_sends_nothing, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_changed_on_bento_meanwhile, setup_changed,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_failed_patch, setup_patch_500, screen_teardown),
        cmocka_unit_test_setup_teardown(test_history_preview_diff_restore, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_complete_and_help, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
