/* Trust in the console: $EDITOR started from Compose gets neither the API
 * keys nor any descriptor of the console's (the live API connection among
 * them), and a hostile subscriber's field keys, values and tag names are
 * drawn escaped. */
#include "screen.h"

#include <sys/stat.h>
#include <unistd.h>

#include "bento/sim.h"
#include "reliability.h"

static int setup(void **state)
{
    return screen_setup_with(state, NULL);
}

static int setup_hostile(void **state)
{
    const char *const args[] = {"--seed", "hostile", NULL};
    return screen_setup_with(state, args);
}

/* An editor that records its environment and its open descriptors
 * (as `ls` sees them: ls itself holds one on /proc/self/fd). */
static void write_spy_editor(struct screen *s, char *env_var, size_t size)
{
    char path[360];
    snprintf(path, sizeof path, "%s/spy.sh", s->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp,
            "#!/bin/sh\n" RUNPROC_CHILD_SPY
            "env > '%s/child.env'\nls -l /proc/self/fd > '%s/child.fds'\n"
            "echo '<p>Hi</p>' > \"$1\"\n",
            s->dir, s->dir);
    fclose(fp);
    chmod(path, 0700);
    snprintf(env_var, size, "EDITOR=%s", path);
}

/* Every descriptor ls reported is 0, 1, 2 or its own one on /proc. */
static void assert_only_standard_fds(const char *listing)
{
    int count = 0;
    for (const char *line = listing; line && *line; line = strchr(line, '\n'), line += !!line) {
        const char *arrow = strstr(line, " -> ");
        const char *eol = strchr(line, '\n');
        if (!arrow || (eol && arrow > eol))
            continue;
        const char *num = arrow;
        while (num > line && num[-1] != ' ')
            num--;
        int fd = atoi(num);
        if (fd > 2 && strncmp(arrow + 4, "/proc/", 6) != 0)
            fail_msg("the editor inherited fd %d: %.*s", fd,
                     (int)(eol ? eol - line : (long)strlen(line)), line);
        count++;
    }
    assert_true(count >= 3);
}

static void test_editor_gets_no_keys_nor_descriptors(void **state)
{
    struct screen *s = *state;
    char editor[400];
    write_spy_editor(s, editor, sizeof editor);
    const char *env[] = {editor, NULL};
    /* Compose; To, From and Subject first (the authors call opens the
     * API connection), then Body through $EDITOR. */
    assert_int_equal(screen_run_env(s, 24, 100,
                                    "3\n<Enter>ada@example.com<Enter>\n<Tab>\n<Enter>\n<Enter>\n"
                                    "<Tab>\n<Enter>Hello<Enter>\n<Tab>\n<Enter>\n"
                                    "@dump trust_after_editor.txt\n",
                                    env),
                     0);
    screen_expect_text(s, "trust_after_editor", "Hi", 1);
    char path[400];
    snprintf(path, sizeof path, "%s/child.env", s->dir);
    char *child_env = screen_read_file(path);
    assert_non_null(child_env);
    assert_null(strstr(child_env, BENTO_TEST_SECRET));
    assert_null(strstr(child_env, "BENTO_SECRET_KEY="));
    assert_null(strstr(child_env, "BENTO_PUBLISHABLE_KEY="));
    assert_null(strstr(child_env, "BENTO_SITE_UUID="));
    assert_non_null(strstr(child_env, "HOME=")); /* the rest of the user's environment */
    free(child_env);
    snprintf(path, sizeof path, "%s/child.fds", s->dir);
    char *fds = screen_read_file(path);
    assert_non_null(fds);
    assert_only_standard_fds(fds);
    free(fds);
    reliability_record("Secrets", "$EDITOR started from Compose", -1,
                       "no BENTO_* keys in its environment, only descriptors 0-2");
}

static void test_hostile_subscriber_detail(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 20, 110, "2\nlhostile@example.com<Enter>\n@dump trust_hostile_detail.txt\n"),
        0);
    char *got = screen_dump(s, "trust_hostile_detail");
    for (const unsigned char *p = (const unsigned char *)got; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            fail_msg("raw byte 0x%02x on the subscriber detail", *p);
    free(got);
    screen_expect_text(s, "trust_hostile_detail", "evil\\e]0;pwned", 1);
    screen_expect_golden(s, "trust_hostile_detail");
    reliability_record("Output", "escape sequences on the console's subscriber detail", -1,
                       "drawn escaped: evil\\e]0;pwned\\x07\\e[2J...");
}

/* The console against a plain-http base URL off this machine: the
 * request is refused before any connection, and the status line says
 * why rather than blaming the credentials. */
static void test_plain_http_refused_in_console(void **state)
{
    struct screen *s = *state;
    const char *const args[] = {"--base-url", "http://192.0.2.1:9/api/v1", NULL};
    assert_int_equal(screen_run_full(s, 12, 120,
                                     "r\n@dump trust_plain_http.txt\ne\n"
                                     "@dump trust_plain_http_detail.txt\n",
                                     NULL, args),
                     0);
    screen_expect_text(s, "trust_plain_http", "The base URL may not carry the keys", 1);
    screen_expect_text(s, "trust_plain_http_detail", "would send the keys in clear", 1);
    screen_expect_text(s, "trust_plain_http_detail", "Kind:    config", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "*"), 0);
    reliability_record("Secrets", "console with a plain http base URL off this machine", -1,
                       "The base URL may not carry the keys (https, or http only to this "
                       "machine): run :doctor");
}

/* The credentials form saves nothing for a base URL that would carry the
 * keys in clear, and says so before any call. */
static void test_credentials_form_refuses_plain_http(void **state)
{
    struct screen *s = *state;
    static const char *const env[] = {"BENTO_PUBLISHABLE_KEY", "BENTO_SECRET_KEY",
                                      "BENTO_SITE_UUID", NULL};
    const char *const args[] = {"--base-url", "http://192.0.2.1:9/api/v1", NULL};
    assert_int_equal(screen_run_full(s, 16, 120,
                                     "pdemo0000000000000000000000000000<Tab>" BENTO_TEST_SECRET
                                     "<Tab>"
                                     "d3m05173000000000000000000000000<Tab><Tab><Enter>\n"
                                     "@dump trust_form_plain_http.txt\n",
                                     env, args),
                     0);
    screen_expect_text(s, "trust_form_plain_http", "would send the keys in clear", 1);
    char path[400];
    snprintf(path, sizeof path, "%s/config/bento-console/profiles.json", s->dir);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "*"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_editor_gets_no_keys_nor_descriptors, setup,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_hostile_subscriber_detail, setup_hostile,
                                        screen_teardown),
        cmocka_unit_test_setup_teardown(test_plain_http_refused_in_console, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_credentials_form_refuses_plain_http, setup,
                                        screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
