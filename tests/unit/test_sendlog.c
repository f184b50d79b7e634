/* The record of recent sends: what the key covers, the window, a file
 * that cannot be trusted, and its mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ftw.h>
#include <sys/stat.h>

#include "bento/sendlog.h"
#include "reliability.h"

static char tmp[256], file[400];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    remove(path);
    return 0;
}

static int setup(void **state)
{
    snprintf(tmp, sizeof tmp, "/tmp/bento-sendlog-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char dir[300];
    snprintf(dir, sizeof dir, "%s/state", tmp);
    setenv("XDG_STATE_HOME", dir, 1);
    setenv("HOME", tmp, 1);
    snprintf(file, sizeof file, "%s/state/bento-console/sent.json", tmp);
    return 0;
}

static int teardown(void **state)
{
    nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void form(struct bento_compose *c, const char *to, const char *subject, const char *html)
{
    bento_compose_init(c);
    bento_compose_set_to_text(c, to);
    bento_compose_set_from(c, "jesse@example.com");
    bento_compose_set_subject(c, subject);
    bento_compose_set_html(c, html);
}

static void key_of(const char *to, const char *subject, const char *html, char *key)
{
    struct bento_compose c;
    form(&c, to, subject, html);
    assert_int_equal(bento_sendlog_key("site@https://app", &c, key), 0);
    bento_compose_free(&c);
}

static void test_key_covers_content_not_order(void **state)
{
    char a[BENTO_SENDLOG_KEY_SIZE], b[BENTO_SENDLOG_KEY_SIZE];
    key_of("ann@example.com, bob@example.com", "Hi", "<p>x</p>", a);
    assert_int_equal(strlen(a), 16);
    key_of(" Bob@Example.com,ann@example.com", "Hi", "<p>x</p>", b);
    assert_string_equal(a, b); /* same people, other order and case */
    key_of("ann@example.com", "Hi", "<p>x</p>", b);
    assert_string_not_equal(a, b);
    key_of("ann@example.com, bob@example.com", "Hi!", "<p>x</p>", b);
    assert_string_not_equal(a, b);
    key_of("ann@example.com, bob@example.com", "Hi", "<p>y</p>", b);
    assert_string_not_equal(a, b);
    /* fields do not run into each other */
    key_of("ann@example.com", "Hi<p>", "x</p>", a);
    key_of("ann@example.com", "Hi", "<p>x</p>", b);
    assert_string_not_equal(a, b);

    struct bento_compose c;
    form(&c, "ann@example.com", "Hi", "<p>x</p>");
    bento_compose_set_var(&c, "name", "Ann");
    assert_int_equal(bento_sendlog_key("site@https://app", &c, a), 0);
    bento_compose_set_from(&c, "support@example.com"); /* the sender is not content */
    assert_int_equal(bento_sendlog_key("site@https://app", &c, b), 0);
    assert_string_equal(a, b);
    bento_compose_set_var(&c, "name", "Bob");
    assert_int_equal(bento_sendlog_key("site@https://app", &c, b), 0);
    assert_string_not_equal(a, b);
    /* another account (the demo, another profile) is another email */
    bento_compose_set_var(&c, "name", "Ann");
    assert_int_equal(bento_sendlog_key("demo@http://127.0.0.1:4000", &c, b), 0);
    assert_string_not_equal(a, b);
    bento_compose_free(&c);
}

static struct bento_send_record record(const char *key, int64_t at, enum bento_send_outcome o)
{
    struct bento_send_record r = {.at_s = at, .outcome = o, .recipients = 2};
    snprintf(r.key, sizeof r.key, "%s", key);
    return r;
}

static void test_window_and_newest(void **state)
{
    struct bento_error err;
    struct bento_send_record got;
    const int64_t t0 = 1800000000;
    assert_int_equal(bento_sendlog_find("0123456789abcdef", t0, &got, &err), 0); /* no file */
    struct bento_send_record r = record("0123456789abcdef", t0, BENTO_SEND_QUEUED);
    assert_int_equal(bento_sendlog_add(&r, &err), 0);
    r = record("0123456789abcdef", t0 + 60, BENTO_SEND_UNKNOWN);
    assert_int_equal(bento_sendlog_add(&r, &err), 0);
    r = record("fedcba9876543210", t0 + 90, BENTO_SEND_QUEUED);
    assert_int_equal(bento_sendlog_add(&r, &err), 0);

    assert_int_equal(bento_sendlog_find("0123456789abcdef", t0 + 120, &got, &err), 1);
    assert_int_equal(got.at_s, t0 + 60); /* the newest */
    assert_int_equal(got.outcome, BENTO_SEND_UNKNOWN);
    assert_int_equal(got.recipients, 2);
    assert_int_equal(bento_sendlog_find("0000000000000000", t0 + 120, &got, &err), 0);
    /* just inside, then just outside the window */
    assert_int_equal(
        bento_sendlog_find("0123456789abcdef", t0 + 60 + BENTO_SENDLOG_WINDOW_S, &got, &err), 1);
    assert_int_equal(
        bento_sendlog_find("0123456789abcdef", t0 + 61 + BENTO_SENDLOG_WINDOW_S, &got, &err), 0);
    /* a later add drops what is out of the window */
    r = record("fedcba9876543210", t0 + 100 + BENTO_SENDLOG_WINDOW_S, BENTO_SEND_QUEUED);
    assert_int_equal(bento_sendlog_add(&r, &err), 0);
    assert_int_equal(bento_sendlog_find("0123456789abcdef", t0 + 60, &got, &err), 0);
    assert_int_equal(bento_sendlog_find("fedcba9876543210", t0 + 100, &got, &err), 1);
}

static void test_private_file(void **state)
{
    struct bento_error err;
    struct bento_send_record got, r = record("0123456789abcdef", 1800000000, BENTO_SEND_QUEUED);
    struct stat st;
    assert_int_equal(bento_sendlog_add(&r, &err), 0);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* no address in clear */
    FILE *fp = fopen(file, "r");
    char text[2048] = "";
    assert_non_null(fp);
    size_t n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    assert_null(strstr(text, "@"));
    /* opened up to others: not trusted, and the next add makes it private */
    chmod(file, 0644);
    assert_int_equal(bento_sendlog_find(r.key, r.at_s, &got, &err), -1);
    assert_int_equal(bento_sendlog_add(&r, &err), 0);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void write_file(const char *text)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/state", tmp);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/state/bento-console", tmp);
    mkdir(dir, 0700);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    chmod(file, 0600);
}

static void test_corrupt_file_refused(void **state)
{
    static const char *const bad[] = {
        "{\"sends\":[{\"key\":\"0123456789abcdef\",\"at\":1800000000,\"outc", /* cut */
        "[1,2,3]",
        "{\"sends\":{}}",
        "{\"sends\":[{\"key\":\"short\",\"at\":1,\"outcome\":\"queued\",\"recipients\":1}]}",
        "{\"sends\":[{\"key\":\"0123456789abcdef\",\"at\":\"x\",\"outcome\":\"queued\","
        "\"recipients\":1}]}",
        "{\"sends\":[{\"key\":\"0123456789abcdef\",\"at\":1,\"outcome\":\"maybe\","
        "\"recipients\":1}]}",
        "{\"sends\":[{\"key\":\"0123456789abcdef\",\"at\":1e300,\"outcome\":\"queued\","
        "\"recipients\":-4}]}",
    };
    struct bento_error err;
    struct bento_send_record got;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(bad[i]);
        assert_int_equal(bento_sendlog_find("0123456789abcdef", 1800000000, &got, &err), -1);
        assert_int_equal(err.kind, BENTO_E_IO);
        assert_non_null(strstr(err.message, "sent.json"));
    }
    reliability_record("Sending once", "record of recent sends is corrupt", -1, err.message);
    /* a send is still recorded: the file is replaced by a good one */
    struct bento_send_record r = record("0123456789abcdef", 1800000000, BENTO_SEND_UNKNOWN);
    assert_int_equal(bento_sendlog_add(&r, &err), 0);
    assert_int_equal(bento_sendlog_find("0123456789abcdef", 1800000000, &got, &err), 1);
    assert_int_equal(got.outcome, BENTO_SEND_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_key_covers_content_not_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_and_newest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_private_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_file_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
