/* Values typed on the command line reach Bento exactly, or not at all:
 * white space around a tag, key or date is trimmed before it is sent; an
 * empty value, a control character or a date that is not one is refused
 * with one line naming it, and the simulator's journal shows no request.
 * Address files are capped and must be regular files. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "reliability.h"
#include "cli_fixture.h"
#include "runproc.h"
#include "simproc.h"

/* words must be refused with exit code `code`, one line on stderr holding
 * `part`, nothing on stdout, and no request at all. */
static void expect_refused(struct cli_fixture *f, const char *area, const char *what,
                           const char *const *words, int code, const char *part)
{
    struct runproc r;
    double t0 = reliability_now();
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, &r), 0);
    double took = reliability_now() - t0;
    if (r.status != code || cli_text_lines(r.err) != 1 || !strstr(r.err, part) || *r.out)
        fail_msg("%s: exit %d, stdout \"%s\", stderr \"%s\"", what, r.status, r.out, r.err);
    assert_null(strchr(r.err, '\033'));
    assert_null(strchr(r.err, '\a'));
    assert_int_equal(simproc_journal_count(&f->sim, NULL, "*"), 0);
    reliability_record(area, what, took, r.err + (strncmp(r.err, "error: ", 7) ? 0 : 7));
    runproc_free(&r);
}

static void test_bad_values_send_nothing(void **state)
{
    struct cli_fixture *f = *state;
    const char *const tag_esc[] = {"tags", "create", "vip\033]0;TITLE\a", NULL};
    expect_refused(f, "Input", "tags create with an escape sequence", tag_esc, 6,
                   "Tag name \"vip\\e]0;TITLE\\x07\" holds a control character");
    const char *const tag_nl[] = {"tags", "create", "vip\nrm", NULL};
    expect_refused(f, "Input", "tags create with a newline", tag_nl, 6, "control character");
    const char *const tag_empty[] = {"subscribers", "tag", "", "-e", "ada@example.com", NULL};
    expect_refused(f, "Input", "subscribers tag ''", tag_empty, 6, "Tag name is empty");
    const char *const untag_blank[] = {"subscribers", "untag", "  ", "-e", "ada@example.com", NULL};
    expect_refused(f, "Input", "subscribers untag '  '", untag_blank, 6, "Tag name is empty");
    const char *const key_esc[] = {"subscribers", "set-field",       "k\033[2J", "v",
                                   "-e",          "ada@example.com", NULL};
    expect_refused(f, "Input", "subscribers set-field with an escape in the key", key_esc, 6,
                   "Field key \"k\\e[2J\" holds a control character");
    const char *const date_bad[] = {"events",          "track",  "--type",  "signup", "--email",
                                    "ada@example.com", "--date", "garbage", NULL};
    expect_refused(f, "Input", "events track --date garbage", date_bad, 6,
                   "Date \"garbage\" is not an ISO 8601 date");
    const char *const field_bad[] = {"events",          "track",   "--type", "signup", "--email",
                                     "ada@example.com", "--field", "\x7f=1", NULL};
    expect_refused(f, "Input", "events track --field with DEL in the key", field_bad, 6,
                   "Field key");
    const char *const del_esc[] = {"tags", "delete", "vip\033[2J", NULL};
    expect_refused(f, "Input", "tags delete with an escape sequence", del_esc, 6,
                   "Tag name \"vip\\e[2J\" holds a control character");
    const char *const key_create[] = {"fields", "create", "", NULL};
    expect_refused(f, "Input", "fields create ''", key_create, 6, "Field key is empty");
    const char *const get_empty[] = {"subscribers", "get", "", NULL};
    expect_refused(f, "Input", "subscribers get ''", get_empty, 6, "Id is empty");
    const char *const get_bad[] = {"subscribers", "get", "not\xff", NULL};
    expect_refused(f, "Input", "subscribers get with invalid UTF-8", get_bad, 6, "not valid UTF-8");
}

/* The last journal entry, printed (caller frees). */
static char *last_entry(struct cli_fixture *f)
{
    cJSON *all = simproc_journal(&f->sim);
    int n = cJSON_GetArraySize(all);
    assert_true(n > 0);
    char *text = cJSON_PrintUnformatted(cJSON_GetArrayItem(all, n - 1));
    cJSON_Delete(all);
    return text;
}

static void run_ok(struct cli_fixture *f, const char *const *words)
{
    struct runproc r;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, &r), 0);
    if (r.status != 0)
        fail_msg("%s %s: exit %d, stderr \"%s\"", words[0], words[1], r.status, r.err);
    runproc_free(&r);
}

static void expect_sent(struct cli_fixture *f, const char *const *words, const char *part)
{
    run_ok(f, words);
    char *text = last_entry(f);
    if (!strstr(text, part))
        fail_msg("the journal's last entry %s does not hold %s", text, part);
    free(text);
}

/* What is sent is the trimmed value. */
static void test_values_are_trimmed(void **state)
{
    struct cli_fixture *f = *state;
    const char *const create[] = {"tags", "create", " vip ", NULL};
    expect_sent(f, create, "\"name\":\"vip\"");
    const char *const tag[] = {"subscribers", "tag", "vip ", "-e", "ada@example.com", NULL};
    expect_sent(f, tag, "\"query\":\"vip\"");
    const char *const set[] = {"subscribers", "set-field",       "plan ", "pro",
                               "-e",          "ada@example.com", NULL};
    expect_sent(f, set, "\"key\":\"plan\"");
    const char *const track[] = {"events",          "track",  "--type",       " signup ", "--email",
                                 "ada@example.com", "--date", " 2026-03-01 ", NULL};
    run_ok(f, track);
}

static void test_address_file_not_regular(void **state)
{
    struct cli_fixture *f = *state;
    const char *const tag[] = {"subscribers", "tag", "vip", "-f", "/dev/zero", NULL};
    expect_refused(f, "Input", "subscribers tag -f /dev/zero", tag, 5,
                   "/dev/zero is not a regular file");
    const char *const send[] = {
        "emails",    "send", "--to-file", "/dev/zero",    "--from", "ada@example.com",
        "--subject", "Hi",   "--html",    "<p>Hello</p>", NULL};
    expect_refused(f, "Input", "emails send --to-file /dev/zero", send, 5,
                   "/dev/zero is not a regular file");
}

/* A sparse file past the cap: refused by its size before any of it is read. */
static void test_address_file_too_large(void **state)
{
    struct cli_fixture *f = *state;
    char path[300];
    snprintf(path, sizeof path, "%s/big.csv", f->sim.dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "email\n", 6), 6);
    assert_int_equal(ftruncate(fd, (off_t)200 * 1024 * 1024), 0);
    close(fd);
    const char *const tag[] = {"subscribers", "tag", "vip", "-f", path, NULL};
    expect_refused(f, "Input", "subscribers tag -f with a 200 MiB file", tag, 5,
                   "is larger than the 64 MiB an address file may hold");
    const char *const send[] = {
        "emails",    "send", "--to-file", path,           "--from", "ada@example.com",
        "--subject", "Hi",   "--html",    "<p>Hello</p>", NULL};
    expect_refused(f, "Input", "emails send --to-file with a 200 MiB file", send, 5,
                   "is larger than the 64 MiB an address file may hold");
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_values_send_nothing, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_values_are_trimmed, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_address_file_not_regular, cli_fixture_setup,
                                        cli_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_address_file_too_large, cli_fixture_setup,
                                        cli_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
