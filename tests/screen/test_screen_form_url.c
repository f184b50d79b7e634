/* The credentials form shows the base URL the keys will go to and saves
 * it in the profile, so a profile made against a local server keeps
 * pointing there once the variables and --base-url are gone. */
#include "screen.h"

#include <sys/stat.h>
#include <unistd.h>

#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

static char *profile_text(struct screen *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", s->dir);
    return screen_read_file(path);
}

/* Without keys the form opens with the base URL filled in (here the
 * simulator's, from --base-url); saving keeps it, and a second start with
 * neither --base-url nor BENTO_API_BASE_URL talks to the same server. */
static void test_form_saves_base_url(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                      "BENTO_SITE_UUID", NULL};
    assert_int_equal(screen_run_env(s, 16, 100,
                                    "@dump form_url.txt\n"
                                    "pdemo0000000000000000000000000000<Tab>" BENTO_TEST_SECRET
                                    "<Tab>"
                                    "d3m05173000000000000000000000000<Tab><Tab><Enter>\n"
                                    "@wait-text Saved profile\n@dump form_url_saved.txt\n",
                                    env),
                     0);
    char shown[400];
    snprintf(shown, sizeof shown, "Base URL         %s", s->sim.base_url);
    screen_expect_text(s, "form_url", shown, 1);
    screen_expect_text(s, "form_url_saved", "Saved profile default", 1);
    char *saved = profile_text(s);
    assert_non_null(saved);
    char want[400];
    snprintf(want, sizeof want, "\"base_url\":\t\"%s\"", s->sim.base_url);
    if (!strstr(saved, want))
        fail_msg("profile lacks %s:\n%s", want, saved);
    free(saved);

    int before = simproc_journal_count(&s->sim, NULL, "/fetch/tags");
    s->profile_url = true;
    assert_int_equal(screen_run_env(s, 16, 100, "@dump form_url_restart.txt\n", env), 0);
    screen_expect_text(s, "form_url_restart", "No complete credentials", 0);
    assert_true(simproc_journal_count(&s->sim, NULL, "/fetch/tags") > before);
}

/* With nothing to go on, the form offers Bento's own URL. */
static void test_form_default_base_url(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                      "BENTO_SITE_UUID", NULL};
    s->profile_url = true;
    assert_int_equal(screen_run_env(s, 16, 80, "@dump form_url_default.txt\n", env), 0);
    screen_expect_golden(s, "form_url_default");
    screen_expect_text(s, "form_url_default", "Base URL         https://app.bentonow.com/api/v1",
                       1);
}

/* A base URL typed into the form that would carry the keys in clear is
 * refused before any call, and nothing is saved. */
static void test_form_typed_plain_http_refused(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                      "BENTO_SITE_UUID", NULL};
    double t0 = reliability_now();
    assert_int_equal(screen_run_env(s, 16, 120,
                                    "pdemo0000000000000000000000000000<Tab>" BENTO_TEST_SECRET
                                    "<Tab>"
                                    "d3m05173000000000000000000000000<Tab>"
                                    "<C-u>http://192.0.2.1:9/api/v1<Tab><Enter>\n"
                                    "@dump form_url_refused.txt\n",
                                    env),
                     0);
    double took = reliability_now() - t0;
    screen_expect_text(s, "form_url_refused", "would send the keys in clear", 1);
    char *saved = profile_text(s);
    assert_null(saved);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "*"), 0);
    reliability_record("Secrets", "plain http base URL typed into the credentials form", took,
                       "http://192.0.2.1:9/api/v1 would send the keys in clear (plain http): ...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_form_saves_base_url, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_form_default_base_url, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_form_typed_plain_http_refused, setup, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
