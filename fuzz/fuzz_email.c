/* An address as typed through bento_email_normalize and
 * bento_email_plausible. Checked: a verdict and its reason agree; an
 * address judged plausible has the shape the header promises; and
 * normalising is idempotent. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bento/email.h"
#include "fuzz_util.h"

static void check_plausible_shape(const char *s)
{
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    FUZZ_CHECK(len > 0 && len <= 254, "a plausible address is 1-254 bytes");
    FUZZ_CHECK(at && !strchr(at + 1, '@'), "a plausible address has one @");
    FUZZ_CHECK(at > s && at - s <= 64, "its local part is 1-64 bytes");
    for (const char *p = s; *p; p++)
        FUZZ_CHECK((unsigned char)*p > ' ' && *p != 0x7f, "it has no space or control");
    const char *dot = strrchr(at, '.');
    FUZZ_CHECK(dot && strlen(dot + 1) >= 2, "its domain ends in a name of two or more");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_str(data, size);
    const char *why = NULL;
    bool ok = bento_email_plausible(s, &why);
    FUZZ_CHECK(ok == (why == NULL), "a verdict comes with a reason exactly when it is no");
    FUZZ_CHECK(bento_email_plausible(s, NULL) == ok, "the reason pointer changes nothing");
    if (ok)
        check_plausible_shape(s);

    char *once = strdup(s);
    FUZZ_CHECK(once != NULL, "out of memory in the harness");
    FUZZ_CHECK(bento_email_normalize(once) == once, "normalize returns its argument");
    size_t n = strlen(once);
    FUZZ_CHECK(n <= strlen(s), "normalising never lengthens");
    FUZZ_CHECK(n == 0 || (!isspace((unsigned char)once[0]) && !isspace((unsigned char)once[n - 1])),
               "a normalised address is trimmed");
    for (const char *p = once; *p; p++)
        FUZZ_CHECK(!isupper((unsigned char)*p), "a normalised address is lower case");
    char *twice = strdup(once);
    FUZZ_CHECK(twice != NULL, "out of memory in the harness");
    bento_email_normalize(twice);
    FUZZ_CHECK(strcmp(once, twice) == 0, "normalising twice changes nothing");
    if (bento_email_plausible(once, NULL))
        check_plausible_shape(once);
    free(twice);
    free(once);
    free(s);
    return 0;
}
