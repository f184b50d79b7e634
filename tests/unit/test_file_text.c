/* The one whole-file reader of the commands (app/file_text.c): the text
 * as it is, and one message naming the file and the cause otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/file_text.h"
#include "reliability.h"

static char path[64];

static int make(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/bento-file-text-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int drop(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void put(const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_reads_bytes_as_they_are(void **state)
{
    (void)state;
    put("<p>a</p>\r\n\n", 11);
    struct bento_error err;
    size_t len = 0;
    char *s = app_file_text(path, 100, &len, &err);
    assert_non_null(s);
    assert_int_equal(len, 11);
    assert_memory_equal(s, "<p>a</p>\r\n\n", 12);
    free(s);
}

static void test_over_the_limit_names_file_and_limit(void **state)
{
    (void)state;
    size_t n = 3 * 1024 * 1024;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'x', n);
    put(big, n);
    free(big);
    struct bento_error err;
    double t0 = reliability_now();
    assert_null(app_file_text(path, 2 * 1024 * 1024, NULL, &err));
    assert_int_equal(err.kind, BENTO_E_IO);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "larger than the 2 MiB"));
    reliability_record("Input", "text file over its size limit", reliability_now() - t0,
                       err.message);
}

static void test_nul_byte_is_not_text(void **state)
{
    (void)state;
    put("<p>a\0b</p>", 10);
    struct bento_error err;
    assert_null(app_file_text(path, 100, NULL, &err));
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "NUL byte"));
    reliability_record("Input", "text file holding a NUL byte", -1, err.message);
}

static void test_missing_file_says_why(void **state)
{
    (void)state;
    struct bento_error err;
    assert_null(app_file_text("/nonexistent/bento/x.html", 100, NULL, &err));
    assert_non_null(strstr(err.message, "Cannot read /nonexistent/bento/x.html"));
    assert_non_null(strstr(err.message, "No such file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reads_bytes_as_they_are, make, drop),
        cmocka_unit_test_setup_teardown(test_over_the_limit_names_file_and_limit, make, drop),
        cmocka_unit_test_setup_teardown(test_nul_byte_is_not_text, make, drop),
        cmocka_unit_test_setup_teardown(test_missing_file_says_why, make, drop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
