#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "bento/email.h"

static void test_plausible(void **state)
{
    const char *ok[] = {"a@b.co", "jesse@example.com", "first.last+tag@mail.example.org",
                        "x_y-z@sub-domain.example.travel", "jos\xc3\xa9@exampl\xc3\xa9.fr"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_true(bento_email_plausible(ok[i], NULL));
}

static void expect_bad(const char *s, const char *reason)
{
    const char *why = NULL;
    assert_false(bento_email_plausible(s, &why));
    assert_non_null(why);
    if (reason)
        assert_string_equal(why, reason);
}

static void test_implausible(void **state)
{
    expect_bad("", "empty");
    expect_bad("plainaddress", "missing @");
    expect_bad("@example.com", "nothing before @");
    expect_bad("a@", "nothing after @");
    expect_bad("a@b@c.com", "more than one @");
    expect_bad("a b@example.com", NULL);
    expect_bad("a@localhost", "the domain has no dot");
    expect_bad("a@example.c", "the domain ending is too short");
    expect_bad("a@example.123", "the domain ending is not a name");
    expect_bad("a@-example.com", NULL);
    expect_bad("a@example..com", NULL);
    expect_bad(".a@example.com", "a misplaced dot before @");
    expect_bad("a\x1b[31m@example.com", NULL);
    assert_false(bento_email_plausible(NULL, NULL));
    char longlocal[80];
    memset(longlocal, 'a', 65);
    strcpy(longlocal + 65, "@example.com");
    expect_bad(longlocal, "the part before @ is longer than 64 characters");
}

static void test_normalize(void **state)
{
    char s[] = "  Jesse@Example.COM \n";
    assert_string_equal(bento_email_normalize(s), "jesse@example.com");
    char e[] = "   ";
    assert_string_equal(bento_email_normalize(e), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plausible),
        cmocka_unit_test(test_implausible),
        cmocka_unit_test(test_normalize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
